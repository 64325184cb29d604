// Content words (content_words.h): document frequencies, the rare-word
// candidate index, the overlap, and what the engine does with them on real text.
#include "wiretrace/content_words.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "wiretrace/engine.h"
#include "test_articles.h"

namespace wiretrace {
namespace {


// Word hashes are uniform 32-bit values in the engine; spread the test's small
// numbers over the range so that every shard of the counter is exercised.
uint32_t W(uint32_t i) { return i * 0x9E3779B1u; }

std::vector<uint32_t> Set(std::initializer_list<uint32_t> words) {
  std::vector<uint32_t> s;
  for (uint32_t w : words) s.push_back(W(w));
  std::sort(s.begin(), s.end());
  return s;
}

TEST(ContentWordsTest, FrequenciesDecideWhatIsKeptAndCounted) {
  // Word 1 is in every document (a function word), 2..4 in two, 9 in one.
  std::vector<std::vector<uint32_t>> sets = {Set({1, 2, 3, 9}), Set({1, 2, 3, 4}), Set({1, 4}), Set({1}), Set({1})};
  ContentWordOptions options;
  options.max_documents = 2;  // a word in 3 or more of the 5 is not a content word
  ContentWords words(options);
  words.Build(absl::MakeSpan(sets));
  // Document 0: content words 2, 3 (shared) and 9 (its own: counted, not kept).
  EXPECT_EQ(words.ContentCount(0), 3u);
  EXPECT_EQ(std::vector<uint32_t>(words.Words(0).begin(), words.Words(0).end()), Set({2, 3}));
  EXPECT_EQ(words.ContentCount(1), 3u);  // 2, 3, 4
  EXPECT_EQ(words.ContentCount(3), 0u);
  const Overlap o = words.Compare(0, 1);
  EXPECT_EQ(o.shared, 2u);
  EXPECT_EQ(o.size_a, 3u);
  EXPECT_EQ(o.size_b, 3u);
  EXPECT_EQ(words.Compare(3, 4).shared, 0u);  // only the function word in common
}

// With a window (dedupe's earlier nights): a word's frequency is its count
// tonight plus the window's; the share limit counts both; a word in one
// document only stays in its set (a later night may share it); the last
// documents (pages of the window, already counted) are judged, not counted.
TEST(ContentWordsTest, AWindowOfEarlierNightsJudgesRarityAndIsNotCountedTwice) {
  // Tonight: documents 0..3 are new, 4 is a page of the window.
  std::vector<std::vector<uint32_t>> sets = {Set({2, 5, 7, 9}), Set({2, 5, 8}), Set({1}), Set({1}), Set({7, 8})};
  auto window = std::make_shared<WindowFrequencies>();
  window->own_documents = 4;
  window->earlier.documents = 96;  // 100 documents in all: the share limit (0.05) allows 5
  // Word 5 is in 4 of the window's documents (6 in all: common); 7 in one
  // (2 in all, with document 0; document 4, counted there, adds nothing).
  window->earlier.counts = {uint64_t{W(5)} << 32 | 4, uint64_t{W(7)} << 32 | 1};
  std::sort(window->earlier.counts.begin(), window->earlier.counts.end());
  ContentWordOptions options;
  options.window = window;
  ContentWords words(options);
  // Word 100 was dropped before counting as common (CommonWords): the store
  // must know it as such.
  const std::vector<uint32_t> dropped = {W(100)};
  words.Build(absl::MakeSpan(sets), {}, dropped);
  // Document 0: 2 (shared tonight), 7 (with the window), 9 (its own, kept for
  // later nights); 5 is common over the window.
  EXPECT_EQ(std::vector<uint32_t>(words.Words(0).begin(), words.Words(0).end()), Set({2, 7, 9}));
  EXPECT_EQ(words.ContentCount(0), 3u);
  // Tonight's own counts, for the store: documents 0..3 only.
  const WordFrequencies& own = words.OwnFrequencies();
  EXPECT_EQ(own.documents, 4u);
  std::vector<uint64_t> expected = {uint64_t{W(1)} << 32 | 2, uint64_t{W(2)} << 32 | 2, uint64_t{W(5)} << 32 | 2,
                                    uint64_t{W(7)} << 32 | 1, uint64_t{W(8)} << 32 | 1, uint64_t{W(9)} << 32 | 1,
                                    uint64_t{W(100)} << 32 | (options.max_documents + 1)};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(own.counts, expected);
  // Added to the window, counts saturate past what any decision needs.
  WordFrequencies sum = window->earlier;
  sum.Add(own, 5);
  EXPECT_EQ(sum.documents, 100u);
  EXPECT_EQ(sum.counts.size(), 7u);
  EXPECT_NE(std::find(sum.counts.begin(), sum.counts.end(), uint64_t{W(5)} << 32 | 5), sum.counts.end());
  EXPECT_NE(std::find(sum.counts.begin(), sum.counts.end(), uint64_t{W(7)} << 32 | 2), sum.counts.end());
  // Without a window, the same sets judge over themselves alone: 9 is dropped.
  std::vector<std::vector<uint32_t>> alone = {Set({2, 5, 7, 9}), Set({2, 5, 8}), Set({1}), Set({1})};
  ContentWords plain{ContentWordOptions()};
  plain.Build(absl::MakeSpan(alone));
  EXPECT_EQ(std::vector<uint32_t>(plain.Words(0).begin(), plain.Words(0).end()), Set({2, 5}));
  EXPECT_TRUE(plain.OwnFrequencies().counts.empty());
}

TEST(ContentWordsTest, CandidatesShareARareWord) {
  std::vector<std::vector<uint32_t>> sets = {Set({10, 11, 12}), Set({10, 20, 21}), Set({30, 31}), Set({30, 40}),
                                             Set({50})};
  ContentWords words(ContentWordOptions{});
  words.Build(absl::MakeSpan(sets));
  const std::vector<DocPair> pairs = words.CandidatePairs();
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0], (DocPair{0, 1}));
  EXPECT_EQ(pairs[1], (DocPair{2, 3}));
}

TEST(ContentWordsTest, OnlyTheRarestWordsAreOffered) {
  // Documents 0 and 1 share word 5, which is in four documents; each has
  // rarer words of its own that it shares with someone else.
  std::vector<std::vector<uint32_t>> sets = {Set({5, 100}), Set({5, 101}), Set({5, 100}), Set({5, 101})};
  ContentWordOptions options;
  options.max_document_share = 1.0;  // so that word 5 is a content word here
  options.rare_words = 1;
  ContentWords words(options);
  words.Build(absl::MakeSpan(sets));
  EXPECT_EQ(words.CandidatePairs(), (std::vector<DocPair>{{0, 2}, {1, 3}}));
  options.rare_words = 2;
  ContentWords more(options);
  more.Build(absl::MakeSpan(sets));
  EXPECT_EQ(more.CandidatePairs().size(), 6u);  // word 5 now links all four
}

TEST(ContentWordsTest, AWordOfferedByTooManyDocumentsLinksNone) {
  std::vector<std::vector<uint32_t>> sets(12, Set({7}));
  ContentWordOptions options;
  options.max_documents = 64;
  options.max_document_share = 1.0;
  options.max_posting = 8;
  ContentWords words(options);
  words.Build(absl::MakeSpan(sets));
  EXPECT_TRUE(words.CandidatePairs().empty());
  options.max_posting = 12;
  ContentWords all(options);
  all.Build(absl::MakeSpan(sets));
  EXPECT_EQ(all.CandidatePairs().size(), 66u);
}

TEST(ContentWordsTest, RulesNeedComparableSizesAndEnoughSharedWords) {
  ContentWordOptions options;  // containment 0.32, min_shared 7, size ratio 8
  EXPECT_TRUE(options.Accepts({7, 14, 40}));
  EXPECT_FALSE(options.Accepts({6, 10, 40}));    // too few shared words
  EXPECT_FALSE(options.Accepts({7, 14, 113}));   // a digest 8 times longer
  EXPECT_FALSE(options.Accepts({7, 28, 40}));    // 0.25 of the smaller
  EXPECT_TRUE(options.Anchored({7, 14, 40}));    // half of A is in B
  EXPECT_FALSE(options.Anchored({7, 56, 14}));   // A is long: an eighth of it
  Timestamp a{1700000000, Timestamp::Precision::kDateTime};
  Timestamp b{1700000000 + 2 * 86400, Timestamp::Precision::kDate};
  Timestamp c{1700000000 + 30 * 86400, Timestamp::Precision::kDate};
  EXPECT_TRUE(options.WithinWindow(a, b));
  EXPECT_FALSE(options.WithinWindow(a, c));
  EXPECT_FALSE(options.WithinWindow(a, Timestamp{}));  // undated: words cannot tell a follow-up
  EXPECT_FALSE(options.WithinWindow(Timestamp{}, Timestamp{}));
  options.max_days = 0;
  EXPECT_TRUE(options.WithinWindow(a, c));
  EXPECT_TRUE(options.WithinWindow(Timestamp{}, Timestamp{}));
  EXPECT_TRUE(ContentWordOptions{}.Validate().ok());
  options.max_size_ratio = 0.5;
  EXPECT_FALSE(options.Validate().ok());
  options.max_size_ratio = 8;
  options.min_aligned = 1.5;
  EXPECT_FALSE(options.Validate().ok());
}

TEST(ContentWordsTest, EvidenceCountsTheSharedWordsInTheSameOrder) {
  // Five words in each of four documents: a copy keeps their order, a
  // retelling in reverse keeps one, a shuffle keeps three (1 3 5 or 1 2 4...).
  const std::vector<uint32_t> story = {W(1), W(2), W(3), W(4), W(5)};
  std::vector<std::vector<uint32_t>> sequences = {
      story, story, {W(5), W(4), W(3), W(2), W(1)}, {W(1), W(3), W(2), W(5), W(4), W(1)}};
  std::vector<std::vector<uint32_t>> sets = sequences;
  for (auto& s : sets) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }
  ContentWordOptions options;
  options.max_document_share = 1.0;  // four documents: every word may count
  ContentWords words(options);
  words.Build(absl::MakeSpan(sets), absl::MakeSpan(sequences));
  EXPECT_EQ(words.Evidence(0, 1).aligned, 5u);
  EXPECT_EQ(words.Evidence(0, 2).aligned, 1u);
  EXPECT_EQ(words.Evidence(0, 3).aligned, 3u);  // a repeat counts at its first occurrence
  EXPECT_EQ(words.Evidence(3, 0).aligned, 3u);
  EXPECT_TRUE(sequences[0].empty());  // Build is done with them
  // The rule: a fifth of the smaller document's content words in order.
  const Overlap o = words.Compare(0, 2);
  EXPECT_EQ(o.shared, 5u);
  EXPECT_TRUE(options.Retells(o, {1}));   // 1 of 5: a fifth
  EXPECT_FALSE(options.Retells(o, {0}));
  // Without sequences there is no order to speak of.
  ContentWords unordered(options);
  unordered.Build(absl::MakeSpan(sets));
  EXPECT_EQ(unordered.Evidence(0, 1).aligned, 0u);
}

// The usage example at the top of content_words.h, line for line, so that it
// keeps matching the real signatures: a copy and its source are a candidate
// pair and an edge; an unrelated document is neither.
TEST(ContentWordsTest, TheHeaderExampleRuns) {
  const std::vector<uint32_t> story = {W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8)};
  std::vector<std::vector<uint32_t>> sequences = {story, story, {W(9), W(10), W(11)}, {W(9), W(10), W(12)}};
  std::vector<std::vector<uint32_t>> word_sets = sequences;
  for (auto& s : word_sets) std::sort(s.begin(), s.end());
  ContentWordOptions options;
  options.max_document_share = 1.0;  // four documents: every word may count
  options.min_shared = 2;
  const uint32_t a = 0;
  const uint32_t b = 1;

  wiretrace::ContentWords words(options);
  words.Build(absl::MakeSpan(word_sets), absl::MakeSpan(sequences));  // sets sorted, unique; reduced in place
  std::vector<DocPair> pairs = words.CandidatePairs();   // sorted (a, b), a < b
  Overlap o = words.Compare(a, b);                       // sizes are content-word counts
  bool edge = options.Accepts(o) && options.Retells(o, words.Evidence(a, b));

  EXPECT_TRUE(edge);
  EXPECT_EQ(o.shared, 8u);
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), DocPair{a, b}), pairs.end());
  EXPECT_EQ(std::find(pairs.begin(), pairs.end(), DocPair{0, 2}), pairs.end());
  EXPECT_FALSE(options.Accepts(words.Compare(0, 2)));
}

TEST(ContentWordsTest, CommonWordsAreThoseInMoreDocumentsThanAContentWordMayBe) {
  // Word 1 is in 70 of the sample's documents (repeated within each), word 2
  // in 64, word 3 in 40 (twice each), word 0 in all: only 1 and 0 can never
  // be content words.
  std::vector<std::vector<uint32_t>> docs(80);
  for (size_t d = 0; d < docs.size(); ++d) {
    docs[d] = {0, 0, static_cast<uint32_t>(1000 + d)};
    if (d < 70) docs[d].insert(docs[d].end(), {W(1), W(1)});
    if (d < 64) docs[d].push_back(W(2));
    if (d < 40) docs[d].insert(docs[d].end(), {W(3), W(3)});  // 80 times, but in 40 documents
  }
  std::vector<const std::vector<uint32_t>*> sample;
  for (const auto& d : docs) sample.push_back(&d);
  CommonWords common;
  common.Learn(sample, 64);
  EXPECT_TRUE(common.Contains(W(1)));
  EXPECT_TRUE(common.Contains(0));
  EXPECT_FALSE(common.Contains(W(2)));
  EXPECT_FALSE(common.Contains(W(3)));
  EXPECT_FALSE(common.Contains(1000));
  std::vector<uint32_t> words = {W(2), W(1), 1005, 0, W(2)};
  common.Remove(&words);
  EXPECT_EQ(words, (std::vector<uint32_t>{W(2), 1005, W(2)}));
}

// --- The engine on real text --------------------------------------------

using test::kAgencyRewrite;
using test::kAgencyStory;
using test::kSameDayStories;
using Doc = test::TestArticle;

std::vector<Doc> Corpus(const std::string& rewrite_date) {
  std::vector<Doc> docs = {{"agency", "Wire Agency", "2024-06-03T09:00:00Z", kAgencyStory},
                           {"paper", "Daily Paper", rewrite_date, kAgencyRewrite}};
  for (size_t i = 0; i < kSameDayStories.size(); ++i) {
    docs.push_back({"other-" + std::to_string(i), "Outlet " + std::to_string(i),
                    "2024-06-03T1" + std::to_string(i % 10) + ":00:00Z", kSameDayStories[i]});
  }
  return docs;
}

const DocumentResult& Find(const ClusterRun& run, const std::string& id) {
  for (const DocumentResult& d : run.documents) {
    if (d.id == id) return d;
  }
  ADD_FAILURE() << id;
  return run.documents.front();
}

TEST(ContentWordsEngineTest, RewriteJoinsItsSourceByItsRareWords) {
  const std::string path = test::WriteArticles(Corpus("2024-06-04"));
  EngineOptions options;
  options.threads = 2;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Find(*run, "paper").cluster, Find(*run, "agency").cluster);
  EXPECT_LT(Find(*run, "paper").containment, 0.3);  // shingles alone would not anchor it
  for (size_t i = 0; i < kSameDayStories.size(); ++i) {
    EXPECT_EQ(Find(*run, "other-" + std::to_string(i)).cluster_size, 1u) << i;
  }
  EXPECT_GE(run->summary.word_candidate_pairs, 1u);

  options.words.enabled = false;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_NE(Find(*run, "paper").cluster, Find(*run, "agency").cluster);
}

// The rewrite, published `rewrite_date`, stays apart from the agency story
// by the day window (ContentWordOptions::max_days) and joins it with the
// window off (max_days 0, which links undated documents too).
void ExpectJoinedOnlyWithoutAWindow(const std::string& rewrite_date) {
  const std::string path = test::WriteArticles(Corpus(rewrite_date));
  EngineOptions options;
  options.threads = 1;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_NE(Find(*run, "paper").cluster, Find(*run, "agency").cluster);
  options.words.max_days = 0;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Find(*run, "paper").cluster, Find(*run, "agency").cluster);
}

TEST(ContentWordsEngineTest, AFollowUpWeeksLaterIsNotACopy) { ExpectJoinedOnlyWithoutAWindow("2024-07-15"); }

// Without a date the rewrite and a follow-up look alike to content words,
// so an undated rewrite joins its source only with the window off.
TEST(ContentWordsEngineTest, AnUndatedRewriteIsJoinedOnlyWithoutAWindow) { ExpectJoinedOnlyWithoutAWindow(""); }

std::vector<std::string> SplitWords(const char* text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += w + " ";
  return text;
}

// Whether the engine puts documents a and b in one cluster.
bool Together(const std::string& path, const EngineOptions& options, const std::string& a, const std::string& b) {
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() && Find(*run, a).cluster == Find(*run, b).cluster;
}

TEST(ContentWordsEngineTest, ADigestHoldingEveryWordDoesNotAbsorbShortItems) {
  // A long page that holds the rewrite's words in no order, among those of
  // many other items: a short item's rare words are in it by bulk, not by copying.
  std::vector<Doc> docs = Corpus("2024-06-04");
  std::vector<std::string> bag = SplitWords(kAgencyRewrite);
  std::mt19937 rng(5);
  for (int i = 0; i < 3000; ++i) bag.push_back("item" + std::to_string(rng() % 5000));
  std::shuffle(bag.begin(), bag.end(), rng);
  docs[1] = {"digest", "Digest", "2024-06-03T08:00:00Z", JoinWords(bag)};
  const std::string path = test::WriteArticles(docs);
  EngineOptions options;
  options.threads = 2;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Find(*run, "agency").cluster_size, 1u);
  // Either rule alone keeps it out: the size ratio, and the order (the
  // digest's words are shuffled).
  options.words.max_size_ratio = 1000;
  EXPECT_FALSE(Together(path, options, "agency", "digest"));
  options.words.min_aligned = 0;
  EXPECT_TRUE(Together(path, options, "agency", "digest"));
}

TEST(ContentWordsEngineTest, AnOutletsOwnStoryInOtherWordsIsAFollowUp) {
  // The rewrite's words, but both pages are one outlet's: its resend or
  // update would keep its text; other words on the same names are its
  // follow-up.
  // Two pages without a `source` count as one outlet's, as for boilerplate.
  for (const char* source : {"Daily Wire", ""}) {
    std::vector<Doc> docs = Corpus("2024-06-04");
    docs[0].source = source;
    docs[1].source = source;
    const std::string path = test::WriteArticles(docs);
    EngineOptions options;
    options.threads = 2;
    EXPECT_FALSE(Together(path, options, "agency", "paper")) << source;
    options.words.same_source = true;
    EXPECT_TRUE(Together(path, options, "agency", "paper")) << source;
  }
}

TEST(ContentWordsEngineTest, TheSameNamesInAnotherOrderAreNotARewrite) {
  // The rewrite told back to front: every name and figure, none of the
  // story's order.
  std::vector<Doc> docs = Corpus("2024-06-04");
  std::vector<std::string> words = SplitWords(kAgencyRewrite);
  std::reverse(words.begin(), words.end());
  docs[1].text = JoinWords(words);
  const std::string path = test::WriteArticles(docs);
  EngineOptions options;
  options.threads = 2;
  EXPECT_FALSE(Together(path, options, "agency", "paper"));
  options.words.min_aligned = 0;
  EXPECT_TRUE(Together(path, options, "agency", "paper"));
}

TEST(ContentWordsEngineTest, SameResultForAnyThreadCount) {
  const std::string path = test::WriteArticles(Corpus("2024-06-04"));
  std::vector<uint32_t> first;
  for (int threads : {1, 2, 4}) {
    EngineOptions options;
    options.threads = threads;
    absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
    ASSERT_TRUE(run.ok()) << run.status();
    std::vector<uint32_t> clusters;
    for (const DocumentResult& d : run->documents) clusters.push_back(d.cluster);
    if (first.empty()) first = clusters;
    EXPECT_EQ(clusters, first) << threads;
  }
}

}  // namespace
}  // namespace wiretrace
