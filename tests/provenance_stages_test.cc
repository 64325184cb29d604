// Unit tests of provenance's stages (src/internal/provenance_*.h), which were
// testable only through ComputeProvenance before they had files of their own:
// content sets, orientation by time, order by evidence, the choice of the
// primary parent, document views and passage alignment.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "internal/provenance_content.h"
#include "internal/provenance_passages.h"
#include "internal/provenance_tokens.h"
#include "internal/provenance_worker.h"
#include "wiretrace/shingle.h"
#include "wiretrace/wiretrace.h"

namespace wiretrace::internal {
namespace {

Timestamp At(int64_t seconds, Timestamp::Precision p) { return Timestamp{seconds, p}; }

constexpr int64_t kDay = 86400;
constexpr auto kDate = Timestamp::Precision::kDate;
constexpr auto kTime = Timestamp::Precision::kDateTime;

TEST(TimeSignalTest, DateTimesCompareExactly) {
  bool date_only = true;
  EXPECT_EQ(TimeSignal(At(100, kTime), At(200, kTime), &date_only), 1);
  EXPECT_FALSE(date_only);
  EXPECT_EQ(TimeSignal(At(200, kTime), At(100, kTime), &date_only), -1);
  EXPECT_EQ(TimeSignal(At(100, kTime), At(100, kTime), &date_only), 0);
}

TEST(TimeSignalTest, UnknownSaysNothing) {
  bool date_only = true;
  EXPECT_EQ(TimeSignal(Timestamp{}, At(100, kTime), &date_only), 0);
  EXPECT_FALSE(date_only);
  EXPECT_EQ(TimeSignal(At(100, kDate), Timestamp{}, &date_only), 0);
}

TEST(TimeSignalTest, DatesCompareByDay) {
  bool date_only = false;
  EXPECT_EQ(TimeSignal(At(10 * kDay, kDate), At(11 * kDay, kDate), &date_only), 1);
  EXPECT_TRUE(date_only);
  EXPECT_EQ(TimeSignal(At(10 * kDay, kDate), At(10 * kDay, kDate), &date_only), 0);
}

TEST(TimeSignalTest, ADateCoversItsDayWidenedForTimeZones) {
  bool date_only = false;
  const Timestamp date = At(10 * kDay, kDate);
  // Within the day, or within 12 hours of either end: no order.
  EXPECT_EQ(TimeSignal(date, At(10 * kDay + 3600, kTime), &date_only), 0);
  EXPECT_TRUE(date_only);
  EXPECT_EQ(TimeSignal(date, At(10 * kDay - 11 * 3600, kTime), &date_only), 0);
  EXPECT_EQ(TimeSignal(date, At(11 * kDay + 11 * 3600, kTime), &date_only), 0);
  // Beyond that: ordered, either way round.
  EXPECT_EQ(TimeSignal(date, At(11 * kDay + 12 * 3600, kTime), &date_only), 1);
  EXPECT_EQ(TimeSignal(date, At(10 * kDay - 12 * 3600 - 1, kTime), &date_only), -1);
  EXPECT_EQ(TimeSignal(At(10 * kDay - 12 * 3600 - 1, kTime), date, &date_only), 1);
}

std::vector<int8_t> Edges(size_t n, std::vector<std::tuple<size_t, size_t, int>> edges) {
  std::vector<int8_t> m(n * n, 0);
  for (auto [i, j, s] : edges) m[i * n + j] = static_cast<int8_t>(s);
  return m;
}

TEST(PlaceByEvidenceTest, NoEvidenceKeepsTheBaseOrder) {
  EXPECT_EQ(PlaceByEvidence(4, Edges(4, {})), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(PlaceByEvidence(0, {}).empty());
}

TEST(PlaceByEvidenceTest, FollowsTheEvidence) {
  // 2 before 1 before 0, firmly.
  EXPECT_EQ(PlaceByEvidence(3, Edges(3, {{2, 1, kFirm}, {1, 0, kFirm}, {2, 0, kFirm}})),
            (std::vector<size_t>{2, 1, 0}));
}

TEST(PlaceByEvidenceTest, TheMemberBeforeMostOthersGoesFirst) {
  // Nothing comes before 1 or 2; 2 comes before two others, 1 before one.
  // Then 0 and 1 are free: 1's score (+1) beats 0's (-1, one came before it).
  EXPECT_EQ(PlaceByEvidence(4, Edges(4, {{2, 0, kByText}, {2, 3, kByText}, {1, 3, kByText}})),
            (std::vector<size_t>{2, 1, 0, 3}));
}

TEST(PlaceByEvidenceTest, ACycleGivesUpTheWeakestEvidence) {
  // 0 -> 1 firmly, 1 -> 2 firmly, 2 -> 0 by text only: the text edge yields.
  EXPECT_EQ(PlaceByEvidence(3, Edges(3, {{0, 1, kFirm}, {1, 2, kFirm}, {2, 0, kByText}})),
            (std::vector<size_t>{0, 1, 2}));
  // A cycle of firm evidence (bad dates) still places everyone once.
  std::vector<size_t> order = PlaceByEvidence(3, Edges(3, {{0, 1, kFirm}, {1, 2, kFirm}, {2, 0, kFirm}}));
  std::sort(order.begin(), order.end());
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2}));
}

TEST(ContentSetsTest, CountsTheClustersHoldingEachShingle) {
  const std::vector<uint32_t> a = {1, 2, 3, 0x80000000u}, b = {2, 3, 9}, c = {3, 0x80000000u, 0xF0000000u};
  const std::vector<ClusterShingles> clusters = {{a, 0}, {b, 1}, {c, 2}};
  const std::vector<MultiClusterEntry> multi = ShinglesOfSeveralClusters(clusters);
  ASSERT_EQ(multi.size(), 3u);
  EXPECT_EQ(multi[0].shingle, 2u);
  EXPECT_EQ(multi[0].clusters, 2u);
  EXPECT_EQ(multi[0].pair, 0u ^ 1u);
  EXPECT_EQ(multi[1].shingle, 3u);
  EXPECT_EQ(multi[1].clusters, 3u);
  EXPECT_EQ(multi[2].shingle, 0x80000000u);
  EXPECT_EQ(multi[2].pair, 0u ^ 2u);
}

TEST(ContentSetsTest, DropsTemplateTextAndFindsTheOtherClusterHoldingAText) {
  // Documents 0, 1 (cluster A) copy one story; 2, 3 (cluster B) another that
  // took most of A's text; 4 and 5 are singletons. Shingle 100 is in every
  // cluster: template text.
  ClusterRun run;
  std::vector<uint32_t> story = {10, 11, 12, 13, 14, 15, 16, 17, 100};
  run.shingle_sets = {story, story, {10, 11, 12, 13, 14, 15, 50, 51, 100}, {10, 11, 12, 13, 14, 15, 50, 100},
                      {100, 200}, {100, 300}};
  const std::vector<std::vector<uint32_t>> clusters = {{0, 1}, {2, 3}, {4}, {5}};
  const std::vector<std::vector<uint32_t>> neighbours(6);
  ProvenanceOptions options;
  std::vector<std::vector<uint32_t>> sets, other;
  ContentSets(run, clusters, neighbours, options, &sets, &other);
  ASSERT_EQ(sets.size(), 6u);
  EXPECT_EQ(sets[0], (std::vector<uint32_t>{10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_EQ(sets[3], (std::vector<uint32_t>{10, 11, 12, 13, 14, 15, 50}));
  EXPECT_EQ(other[0], (std::vector<uint32_t>{1}));  // cluster B holds A's text
  EXPECT_EQ(other[2], (std::vector<uint32_t>{0}));
  // Singletons nobody reads get no content set.
  EXPECT_TRUE(sets[4].empty());
  EXPECT_TRUE(sets[5].empty());
}

using Candidate = ProvenanceWorker::Candidate;

TEST(PickPrimaryTest, TheBestScoreWinsOutsideANearTie) {
  const std::vector<Candidate> candidates = {{10, 0.5, 0}, {11, 0.9, 1}, {12, 0.6, 2}};
  EXPECT_EQ(ProvenanceWorker::PickPrimary(candidates, {0.40, 0.80, 0.50}, 0.02), 1u);
}

TEST(PickPrimaryTest, ANearTieGoesToTheCandidateClosestToTheRoot) {
  // Rank 2 scores a little more than rank 0: within the near tie, the
  // earlier copy is the parent (a later copy holding no more is no evidence).
  const std::vector<Candidate> candidates = {{10, 0.8, 2}, {11, 0.8, 0}};
  EXPECT_EQ(ProvenanceWorker::PickPrimary(candidates, {0.81, 0.80}, 0.02), 1u);
  EXPECT_EQ(ProvenanceWorker::PickPrimary(candidates, {0.90, 0.80}, 0.02), 0u);
}

TEST(PickPrimaryTest, TheOwnClusterComesFirst) {
  // Another cluster's document (position -1) scores best, but the child has
  // a candidate in its own cluster: a composite belongs where most of it
  // came from, and its primary parent is there.
  const std::vector<Candidate> candidates = {{20, 0.9, -1}, {10, 0.4, 3}};
  EXPECT_EQ(ProvenanceWorker::PickPrimary(candidates, {0.95, 0.30}, 0.02), 1u);
  // With none inside, the best of the others.
  const std::vector<Candidate> outside = {{20, 0.9, -1}, {21, 0.5, -1}};
  EXPECT_EQ(ProvenanceWorker::PickPrimary(outside, {0.40, 0.90}, 0.02), 1u);
}

Article MakeArticle(std::string title, std::string text) {
  Article a;
  a.id = "x";
  a.title = std::move(title);
  a.text = std::move(text);
  return a;
}

TEST(DocumentViewsTest, PositionsMarkContentShinglesAndIndexSkipsTheTitle) {
  EngineOptions engine;
  const Article a = MakeArticle("Quiet title words here", "one two three four five six seven eight nine ten");
  Tokenized t;
  TokenizeArticle(a, engine, DatelineAgencies::Builtin(), &t);
  EXPECT_EQ(t.title_tokens, 4u);
  EXPECT_EQ(t.tokens.size(), 14u);
  std::vector<uint32_t> set = t.shingles;
  MakeShingleSet(&set);
  set.erase(set.begin());  // one shingle is not content
  Positions where;
  MakePositions(t, set, &where);
  EXPECT_TRUE(std::is_sorted(where.by_hash.begin(), where.by_hash.end()));
  EXPECT_EQ(std::count(where.content.begin(), where.content.end(), 1), static_cast<long>(t.shingles.size() - 1));
  ParentIndex index;
  IndexParent(t, where, &index);
  for (const auto& [hash, token] : index) {
    EXPECT_GE(token, t.title_tokens);
    EXPECT_TRUE(where.content[token]);
  }
}

// Provenance reads the shingles the engine made, through the engine's own
// first step, with the run's agency table: a trailing credit of an agency
// that only --agencies names ("— Zorblat Wire") is cut for both, so the member's tokens and its
// shingle set agree. (Provenance once cut with the built-in table only.)
TEST(DocumentViewsTest, MembersAreTokenizedAsTheEngineTokenizedThem) {
  EngineOptions engine;
  engine.keep_articles = true;
  engine.boilerplate.enabled = false;  // the whole set, to compare with
  ASSERT_TRUE(engine.agencies.AddTsv("Zorblat Wire\tZorblat Wire\n").ok());
  const std::string text =
      "The harbour board voted on Tuesday to close the old grain pier after divers found the pilings had "
      "rotted through, and the ferry will move to the east quay from next month — Zorblat Wire";
  const absl::StatusOr<ClusterRun> run =
      Cluster({Input::Lines("<test>", "{\"id\":\"a\",\"title\":\"Pier closes\",\"text\":\"" + text + "\"}\n")},
              engine);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->shingle_sets.size(), 1u);
  const DatelineAgencies agencies(engine.agencies);
  Tokenized t;
  TokenizeArticle(run->articles[0], engine, agencies, &t);
  std::vector<uint32_t> set = t.shingles;
  MakeShingleSet(&set);
  EXPECT_EQ(set, run->shingle_sets[0]);
  const Token& last = t.tokens.back();
  EXPECT_EQ(run->articles[0].text.substr(last.begin, last.end - last.begin), "month");
  // With the built-in table the credit is story text, and the sets differ.
  TokenizeArticle(run->articles[0], engine, DatelineAgencies::Builtin(), &t);
  set = t.shingles;
  MakeShingleSet(&set);
  EXPECT_NE(set, run->shingle_sets[0]);
}

TEST(DocumentViewsTest, TitleShinglesAreTheWindowsStartingInTheTitle) {
  EngineOptions engine;
  std::string text;
  for (int i = 0; i < 600; ++i) text += "word" + std::to_string(i) + " ";  // past the 2 KB head
  const Article a = MakeArticle("A title of six words", text);
  Tokenized t;
  TokenizeArticle(a, engine, DatelineAgencies::Builtin(), &t);
  EXPECT_TRUE(SameAsHead(a, t, engine, DatelineAgencies::Builtin()));
  std::vector<uint32_t> want(t.shingles.begin(), t.shingles.begin() + t.title_tokens);
  MakeShingleSet(&want);
  EXPECT_EQ(TitleShingles(a, t, engine, DatelineAgencies::Builtin()), want);
  EXPECT_EQ(HeadTitleShingles(a, engine), want);
  // The head ends at a space, on a whole code point.
  const std::string_view head = Head(text);
  EXPECT_LE(head.size(), 2048u);
  EXPECT_EQ(text[head.size()], ' ');
  EXPECT_EQ(Head("short text"), "short text");
  std::string cyrillic;
  while (cyrillic.size() < 3000) cyrillic += "\xD0\xB4";  // no spaces: cut inside a run of two-byte letters
  EXPECT_EQ(Head(cyrillic).size() % 2, 0u);
}

TEST(AlignPassagesTest, FindsTheCopiedRunInBytesAndCodePoints) {
  EngineOptions engine;
  const Article parent = MakeArticle("", "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu.");
  const Article child = MakeArticle("", "Новое: gamma delta epsilon zeta eta theta iota, и всё.");
  Tokenized c, p;
  TokenizeArticle(child, engine, DatelineAgencies::Builtin(), &c);
  TokenizeArticle(parent, engine, DatelineAgencies::Builtin(), &p);
  std::vector<uint32_t> cs = c.shingles, ps = p.shingles;
  MakeShingleSet(&cs);
  MakeShingleSet(&ps);
  Positions cp, pp;
  MakePositions(c, cs, &cp);
  MakePositions(p, ps, &pp);
  ParentIndex index;
  IndexParent(p, pp, &index);
  const std::vector<Passage> passages = AlignPassages(child, c, cp, parent, p, index);
  ASSERT_EQ(passages.size(), 1u);
  const Passage& ps0 = passages[0];
  EXPECT_EQ(child.text.substr(ps0.child_begin_byte, ps0.child_end_byte - ps0.child_begin_byte),
            "gamma delta epsilon zeta eta theta iota");
  EXPECT_EQ(parent.text.substr(ps0.parent_begin_byte, ps0.parent_end_byte - ps0.parent_begin_byte),
            "gamma delta epsilon zeta eta theta iota");
  EXPECT_EQ(ps0.child_begin, 7u);  // "Новое: " is seven code points, thirteen bytes
  EXPECT_EQ(ps0.child_begin_byte, 12u);
  EXPECT_EQ(ps0.parent_begin, ps0.parent_begin_byte);  // ASCII
  // FindPassages, the public entry point, is the same alignment.
  const std::vector<Passage> same = FindPassages(child, cs, parent, ps, engine);
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].child_begin_byte, ps0.child_begin_byte);
  EXPECT_EQ(same[0].parent_end, ps0.parent_end);
}

}  // namespace
}  // namespace wiretrace::internal
