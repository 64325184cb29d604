// The distributed path's messages, shard plan and buckets (src/mpi/pack.h,
// shard.h, buckets.h, words.h): every field survives pack and unpack, the
// units of a file read every line exactly once with the right line numbers,
// the owners' buckets make LshIndex's pairs, the words' owners make
// ContentWords' reduced sets and pairs, and components clustered apart make
// AssignClusters' clusters. No MPI needed.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <string>

#include "cli_test_util.h"
#include "gtest/gtest.h"
#include "lsh_test_util.h"
#include "wiretrace/lsh.h"
#include "absl/container/flat_hash_map.h"
#include "internal/boilerplate.h"
#include "mpi/buckets.h"
#include "mpi/pack.h"
#include "mpi/shard.h"
#include "mpi/sides.h"
#include "mpi/words.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/content_words.h"

namespace wiretrace::mpi {
namespace {

internal::DocState SampleDoc() {
  internal::DocState doc;
  doc.id = "a-1";
  doc.id_is_number = true;
  doc.published = {1645776000, Timestamp::Precision::kDateTime};
  doc.length = 1234;
  doc.shingles = {9, 3, 7};
  doc.words = {5, 5, 1};
  doc.figure_tokens = {{2, 99}, {4, 100}};
  doc.page.lines = {{11, 12, 0}, {13, 0, 5}};
  doc.page.dated_leads = {{0, 77}};
  doc.page.labelled_headlines = {{1, 88}};
  doc.page.title = 42;
  doc.page.lookback = 3;
  doc.file = 2;
  doc.problems_before = 4;
  doc.line = 1ull << 40;
  return doc;
}

TEST(MpiPackTest, DocumentRoundTrips) {
  std::string bytes;
  ByteWriter w(&bytes);
  PackDocument(SampleDoc(), "Reuters", &w);
  ByteReader r(bytes);
  std::string source;
  const internal::DocState got = UnpackDocument(&r, &source);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.done());
  const internal::DocState want = SampleDoc();
  EXPECT_EQ(source, "Reuters");
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.id_is_number, want.id_is_number);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.length, want.length);
  // The sets stay on the rank that read it (later_stages.h).
  EXPECT_TRUE(got.shingles.empty());
  EXPECT_TRUE(got.words.empty());
  EXPECT_TRUE(got.figure_tokens.empty());
  // Nor its page lines: their counts are summed by their owners.
  EXPECT_TRUE(got.page.lines.empty());
  EXPECT_EQ(got.page.title, 0u);
  EXPECT_EQ(got.file, 2u);
  EXPECT_EQ(got.problems_before, 4u);
  EXPECT_EQ(got.line, 1ull << 40);
}

TEST(MpiPackTest, DocPlanRoundTrips) {
  std::string bytes;
  ByteWriter w(&bytes);
  PackDocPlan(DocPlan{false, 9, 9, 1}, &w);  // a duplicate: nothing else travels
  PackDocPlan(DocPlan{true, 7, 3, 5}, &w);
  ByteReader r(bytes);
  const DocPlan dropped = UnpackDocPlan(&r);
  const DocPlan kept = UnpackDocPlan(&r);
  ASSERT_TRUE(r.ok() && r.done());
  EXPECT_FALSE(dropped.kept);
  EXPECT_EQ(dropped.source, 0u);
  EXPECT_TRUE(kept.kept);
  EXPECT_EQ(kept.global, 7u);
  EXPECT_EQ(kept.rank_order, 3u);
  EXPECT_EQ(kept.source, 5u);
}

TEST(MpiPackTest, SourcesRoundTrip) {
  std::string bytes;
  PackSources({"", "Reuters", "AP"}, {4, 2, 9}, &bytes);
  std::vector<std::string> names;
  std::vector<uint32_t> documents;
  ASSERT_TRUE(UnpackSources(bytes, &names, &documents));
  EXPECT_EQ(names, (std::vector<std::string>{"", "Reuters", "AP"}));
  EXPECT_EQ(documents, (std::vector<uint32_t>{4, 2, 9}));
}

// A model given every outlet's documents and only the lines over their
// threshold (what the owners send to all) answers as the model that counted
// every page.
TEST(MpiPackTest, ModelFromOwnedCountsAnswersAsTheCountingModel) {
  const BoilerplateOptions options;
  internal::BoilerplateModel counted(options, false);
  std::mt19937 rng(3);
  std::vector<std::pair<uint32_t, uint32_t>> lines;
  absl::flat_hash_map<uint64_t, uint32_t> counts;
  for (int d = 0; d < 400; ++d) {
    const uint32_t source = counted.SourceIndex(d % 5 == 0 ? "" : "outlet" + std::to_string(d % 3));
    std::vector<uint32_t> hashes;
    for (int l = 0; l < 12; ++l) hashes.push_back(static_cast<uint32_t>(rng() % 40));
    counted.CountDocument(source, hashes, {});
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (const uint32_t h : hashes) {
      if (counts[uint64_t{source} << 32 | h]++ == 0) lines.push_back({source, h});
    }
  }
  counted.Finish();
  internal::BoilerplateModel owned(options, false);
  for (uint32_t s = 1; s < counted.SourceCount(); ++s) owned.SourceIndex(counted.SourceName(s));
  owned.SetSourceDocuments(counted.SourceDocuments());
  for (const auto& [key, n] : counts) {
    const uint32_t source = static_cast<uint32_t>(key >> 32);
    if (n >= owned.Threshold(counted.SourceDocuments()[source])) {
      owned.AddLineCount(source, static_cast<uint32_t>(key), n);
    }
  }
  owned.Finish();
  EXPECT_EQ(owned.CountBoilerplate(), counted.CountBoilerplate());
  EXPECT_GT(counted.CountBoilerplate(), 0u);
  for (const auto& [source, hash] : lines) {
    EXPECT_EQ(owned.IsBoilerplate(source, hash), counted.IsBoilerplate(source, hash)) << source << " " << hash;
  }
}

TEST(MpiPackTest, WordListsRoundTrip) {
  const std::vector<std::vector<uint32_t>> lists = {{1, 2, 3}, {}, {7}};
  std::string bytes;
  PackWordLists(lists, &bytes);
  std::vector<std::vector<uint32_t>> got;
  ASSERT_TRUE(UnpackWordLists(bytes, &got));
  EXPECT_EQ(got, lists);
  EXPECT_FALSE(UnpackWordLists(std::string_view(bytes).substr(0, bytes.size() - 1), &got));
}

// The owners' buckets over any number of ranks make LshIndex's pairs
// exactly, oversized buckets and pairs linked only in a later band included
// (the case of lsh_test.cc's OversizedBucketsLinkTheirHeadsOnlyAndNoPairIsLost).
TEST(MpiBucketsTest, OwnersBucketsMakeTheIndexsPairs) {
  const int k = 32;
  const LshParams params{8, 4};
  std::mt19937 rng(5);
  const int n = 600;
  std::vector<uint32_t> order;
  std::vector<std::vector<uint32_t>> sigs = test::CrowdedSignatures(n, k, &rng, &order);
  std::fill(sigs[17].begin(), sigs[17].end(), kEmptySlot);  // an empty set: in no bucket
  for (const uint32_t max_bucket : {2u, 7u, 1000u}) {
    LshIndex index(params, k, max_bucket);
    for (const uint32_t d : order) index.Add(d, sigs[d].data());
    std::vector<uint64_t> want;
    for (const DocPair& p : index.CandidatePairs()) want.push_back(uint64_t{p.a} << 32 | p.b);
    for (const int ranks : {1, 3, 4}) {
      std::vector<std::vector<BandEntry>> owned(ranks);
      std::vector<uint32_t> keys(params.bands);
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t d = order[i];
        if (!LshIndex::BandKeys(params, k, sigs[d].data(), keys.data())) continue;
        for (uint32_t band = 0; band < keys.size(); ++band) {
          owned[BucketOwner(band, keys[band], ranks)].push_back({band, keys[band], i, d});
        }
      }
      std::vector<uint64_t> got;
      for (std::vector<BandEntry>& entries : owned) {
        std::shuffle(entries.begin(), entries.end(), rng);  // arrival order does not matter
        const std::vector<uint64_t> pairs = BucketPairs(std::move(entries), max_bucket);
        got.insert(got.end(), pairs.begin(), pairs.end());
      }
      std::sort(got.begin(), got.end());
      got.erase(std::unique(got.begin(), got.end()), got.end());
      EXPECT_EQ(got, want) << "max_bucket " << max_bucket << ", " << ranks << " ranks";
    }
  }
}

// Rank 0 fetches the shingles of exactly the documents in a candidate pair,
// each once and from the rank that holds it, at any number of ranks.
// Word sets of `n` documents over a Zipf-like vocabulary, in stories of a
// few documents that share their rarer words (so that there are pairs),
// each with its words in text order.
void MakeWordSets(uint32_t n, std::vector<std::vector<uint32_t>>* sets, std::vector<std::vector<uint32_t>>* sequences) {
  std::mt19937 rng(17);
  sets->assign(n, {});
  sequences->assign(n, {});
  std::vector<uint32_t> story;
  for (uint32_t d = 0; d < n; ++d) {
    if (d % 4 == 0) {  // a new story: its own rare words
      story.clear();
      for (int i = 0; i < 30; ++i) story.push_back(0x10000000u + static_cast<uint32_t>(rng() % 200000) * 7919u);
    }
    std::vector<uint32_t>& seq = (*sequences)[d];
    for (int i = 0; i < 120; ++i) {
      const uint32_t r = static_cast<uint32_t>(rng() % 1000);
      // Common words (in most documents), topic words (in some), the story's.
      seq.push_back(r < 500 ? r % 40 : r < 800 ? 1000 + r % 500 : story[rng() % story.size()]);
    }
    (*sets)[d] = seq;
    std::sort((*sets)[d].begin(), (*sets)[d].end());
    (*sets)[d].erase(std::unique((*sets)[d].begin(), (*sets)[d].end()), (*sets)[d].end());
  }
}

// Counts at the words' owners, sets reduced where they are held, postings
// paired at their owners: the same reduced sets, counts, first positions
// and candidate pairs as one ContentWords::Build over every document, at
// any number of ranks and any cut of the documents among them.
TEST(MpiWordsTest, OwnersMakeTheIndexsSetsAndPairs) {
  ContentWordOptions options;
  options.max_document_share = 0.03;  // over 400 documents: a word in at most 12
  const uint32_t n = 400;
  std::vector<std::vector<uint32_t>> sets, sequences;
  MakeWordSets(n, &sets, &sequences);
  std::vector<std::vector<uint32_t>> one_sets = sets, one_sequences = sequences;
  ContentWords one(options);
  tbb::task_arena arena(2);
  arena.execute([&] { one.Build(absl::MakeSpan(one_sets), absl::MakeSpan(one_sequences)); });
  const std::vector<DocPair> want = one.CandidatePairs();
  ASSERT_GT(want.size(), 100u);
  for (const int size : {1, 3, 4}) {
    // Rank r holds every document d with d * 7 % size == r: interleaved, as
    // no plan cuts them, so that nothing depends on contiguous blocks.
    std::vector<std::vector<uint32_t>> global(size);
    std::vector<std::vector<std::vector<uint32_t>>> held(size), held_sequences(size);
    for (uint32_t d = 0; d < n; ++d) {
      const int r = static_cast<int>(d * 7 % size);
      global[r].push_back(d);
      held[r].push_back(sets[d]);
      held_sequences[r].push_back(sequences[d]);
    }
    std::vector<std::vector<std::vector<uint64_t>>> sent(size);  // [rank][owner]
    for (int r = 0; r < size; ++r) sent[r] = CountWordsByOwner(held[r], size);
    std::vector<std::vector<std::vector<uint32_t>>> totals(size, std::vector<std::vector<uint32_t>>(size));
    for (int owner = 0; owner < size; ++owner) {
      std::vector<std::vector<uint64_t>> requests(size);
      for (int r = 0; r < size; ++r) requests[r] = sent[r][owner];
      const std::vector<std::vector<uint32_t>> replies = SumAtOwner(requests);
      for (int r = 0; r < size; ++r) totals[r][owner] = replies[r];
    }
    std::vector<std::unique_ptr<ContentWords>> local;
    std::vector<std::vector<uint64_t>> owned(size);
    for (int r = 0; r < size; ++r) {
      local.push_back(std::make_unique<ContentWords>(options));
      arena.execute([&] {
        const std::vector<uint32_t> frequency = Frequencies(held[r], sent[r], totals[r]);
        local[r]->Reduce(absl::MakeSpan(held[r]), frequency, n, absl::MakeSpan(held_sequences[r]));
      });
      const std::vector<std::vector<uint64_t>> postings = PostingsByOwner(local[r]->Postings(), global[r], size);
      for (int owner = 0; owner < size; ++owner) {
        owned[owner].insert(owned[owner].end(), postings[owner].begin(), postings[owner].end());
      }
    }
    std::vector<uint64_t> packed;
    for (int owner = 0; owner < size; ++owner) {
      std::sort(owned[owner].begin(), owned[owner].end());
      for (const DocPair& p : ContentWords::PairsOfPostings(owned[owner], options.max_posting)) {
        packed.push_back(uint64_t{p.a} << 32 | p.b);
      }
    }
    EXPECT_EQ(SortedUniquePairs(std::move(packed)), want) << size << " ranks";
    for (int r = 0; r < size; ++r) {
      for (uint32_t i = 0; i < global[r].size(); ++i) {
        const uint32_t d = global[r][i];
        ASSERT_TRUE(local[r]->Words(i) == one.Words(d)) << "document " << d << " at " << size << " ranks";
        ASSERT_EQ(local[r]->ContentCount(i), one.ContentCount(d)) << "document " << d;
        ASSERT_TRUE(local[r]->FirstPositions(i) == one.FirstPositions(d)) << "document " << d;
      }
    }
  }
}

TEST(MpiSidesTest, SideRoundTripsWithItsShinglesInOrderOrAsTheSet) {
  const std::vector<uint32_t> sequence = {9, 3, 9, 7}, set = {3, 7, 9}, words = {4, 8}, first = {1, 0}, figures = {5};
  PairSide side;
  side.shingles = set;
  side.shingle_sequence = sequence;
  side.words = words;
  side.word_positions = first;
  side.content_words = 6;
  side.figures = figures;
  side.source = 3;
  side.published = {1645776000, Timestamp::Precision::kDate};
  std::string bytes;
  ByteWriter w(&bytes);
  PackSide(side, &w);
  side.shingle_sequence = {};  // the passage test off: the set travels
  PackSide(side, &w);
  ByteReader r(bytes);
  const SideData ordered = UnpackSide(&r);
  const SideData unordered = UnpackSide(&r);
  ASSERT_TRUE(r.ok() && r.done());
  EXPECT_EQ(ordered.shingles, set);  // sorted by the receiver
  EXPECT_EQ(ordered.sequence, sequence);
  EXPECT_EQ(unordered.shingles, set);
  EXPECT_TRUE(unordered.sequence.empty());
  for (const SideData* got : {&ordered, &unordered}) {
    EXPECT_EQ(got->words, words);
    EXPECT_EQ(got->first_positions, first);
    EXPECT_EQ(got->content_words, 6u);
    EXPECT_EQ(got->figures, figures);
    EXPECT_EQ(got->source, 3u);
    EXPECT_EQ(got->published, side.published);
  }
}

// Each component of a random edge graph clustered alone, with an anchor
// that refuses some pairs (so that components split into several
// clusters): the roots of AssignClusters over the whole graph.
TEST(MpiSidesTest, ComponentsClusteredApartMakeTheWholeGraphsClusters) {
  std::mt19937 rng(5);
  const uint32_t n = 600;
  std::vector<Edge> edges;
  for (uint32_t i = 0; i < 280; ++i) {
    const uint32_t a = static_cast<uint32_t>(rng() % n), b = static_cast<uint32_t>(rng() % n);
    if (a == b) continue;
    Edge e;
    e.a = std::min(a, b);
    e.b = std::max(a, b);
    e.overlap = {static_cast<uint32_t>(rng() % 50), 60, 70};
    e.words = {static_cast<uint32_t>(rng() % 9), 10, 12};
    edges.push_back(e);
  }
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<uint32_t> rank_of(n);
  for (uint32_t i = 0; i < n; ++i) rank_of[order[i]] = i;
  auto anchored = [](uint32_t doc, uint32_t root) { return (doc * 31 + root * 17) % 5 != 0; };
  auto through = [](uint32_t doc, uint32_t member, float share) { return share >= 0.4f && (doc + member) % 3 != 0; };
  const std::vector<uint32_t> want = AssignClusters(n, order, edges, anchored, through);
  const std::vector<std::vector<uint32_t>> components = EdgeComponents(n, edges, rank_of);
  std::vector<uint32_t> got(n);
  std::iota(got.begin(), got.end(), 0u);
  std::vector<int> component_of(n, -1);
  size_t members = 0;
  for (size_t c = 0; c < components.size(); ++c) {
    ASSERT_GE(components[c].size(), 2u);
    for (size_t i = 1; i < components[c].size(); ++i) {
      ASSERT_LT(rank_of[components[c][i - 1]], rank_of[components[c][i]]);  // representative order
    }
    if (c > 0) {
      ASSERT_LT(rank_of[components[c - 1][0]], rank_of[components[c][0]]);
    }
    for (const uint32_t d : components[c]) component_of[d] = static_cast<int>(c);
    members += components[c].size();
  }
  std::vector<std::vector<Edge>> by_component(components.size());
  for (const Edge& e : edges) {
    ASSERT_EQ(component_of[e.a], component_of[e.b]);
    by_component[component_of[e.a]].push_back(e);
  }
  size_t split = 0;
  for (size_t c = 0; c < components.size(); ++c) {
    const std::vector<uint32_t> root = ClusterComponent(components[c], by_component[c], anchored, through);
    std::vector<uint32_t> roots;
    for (size_t i = 0; i < root.size(); ++i) {
      got[components[c][i]] = root[i];
      roots.push_back(root[i]);
    }
    std::sort(roots.begin(), roots.end());
    split += std::unique(roots.begin(), roots.end()) - roots.begin() > 1;
  }
  EXPECT_EQ(got, want);
  EXPECT_GT(members, n / 3);
  EXPECT_GT(split, 0u);  // the anchor did cut some components
  EXPECT_GT(components.size(), 20u);
}

TEST(MpiSidesTest, ComponentsAreDealtLargestFirstToTheLeastLoadedRank) {
  const std::vector<std::vector<uint32_t>> components = {{0, 1}, {2, 3, 4, 5, 6}, {7, 8}, {9, 10, 11, 12},
                                                         {13, 14, 15}, {16, 17}};
  // 5 -> rank 0, 4 -> 1, 3 -> 2, then the 2s in input order to the lightest:
  // the first to rank 3 (0), the second to rank 3 again (2, below rank 2's
  // 3), the third to rank 2 (3, below rank 3's 4).
  EXPECT_EQ(DealComponents(components, 4), (std::vector<int>{3, 0, 3, 1, 2, 2}));
  EXPECT_EQ(DealComponents(components, 1), std::vector<int>(6, 0));
}

TEST(MpiBucketsTest, PairedDocumentsAreAskedOfTheirHoldersOnce) {
  std::mt19937 rng(11);
  const uint32_t n = 500;
  std::vector<DocPair> pairs;
  for (int i = 0; i < 300; ++i) {
    const uint32_t a = static_cast<uint32_t>(rng() % (n - 1));
    pairs.push_back({a, a + 1 + static_cast<uint32_t>(rng() % (n - 1 - a))});
  }
  std::vector<uint8_t> paired(n, 0);
  for (const DocPair& p : pairs) paired[p.a] = paired[p.b] = 1;
  for (const int ranks : {1, 3, 4}) {
    std::vector<int> holder(n);
    for (int& h : holder) h = static_cast<int>(rng() % ranks);
    const std::vector<std::vector<uint32_t>> wanted = PairedDocumentsByHolder(pairs, holder, ranks);
    ASSERT_EQ(wanted.size(), static_cast<size_t>(ranks));
    std::vector<int> asked(n, 0);
    for (int r = 0; r < ranks; ++r) {
      EXPECT_TRUE(std::is_sorted(wanted[r].begin(), wanted[r].end()));
      for (const uint32_t d : wanted[r]) {
        ++asked[d];
        EXPECT_EQ(holder[d], r) << d;
      }
    }
    for (uint32_t d = 0; d < n; ++d) EXPECT_EQ(asked[d], paired[d]) << d << " at " << ranks << " ranks";
  }
}

TEST(MpiPackTest, ProblemKeepsEveryFlag) {
  for (int flags = 0; flags < 8; ++flags) {
    InputProblem p{"f.jsonl", 7, "bad", (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0};
    std::string bytes;
    ByteWriter w(&bytes);
    PackProblem(p, &w);
    ByteReader r(bytes);
    const InputProblem got = UnpackProblem(&r);
    ASSERT_TRUE(r.ok() && r.done());
    EXPECT_EQ(got.file, p.file);
    EXPECT_EQ(got.line, p.line);
    EXPECT_EQ(got.message, p.message);
    EXPECT_EQ(got.record_skipped, p.record_skipped);
    EXPECT_EQ(got.input_failure, p.input_failure);
    EXPECT_EQ(got.schema, p.schema);
  }
}

TEST(MpiPackTest, UnitsFollowEachOtherInOneBuffer) {
  std::string bytes;
  for (uint32_t u = 0; u < 3; ++u) {
    UnitResult unit;
    unit.unit = u;
    unit.newlines = 10 + u;
    unit.bytes_read = 100 + u;
    unit.files = {"x.jsonl"};
    unit.problems = {{"x.jsonl", u + 1, "warn", false}};
    unit.docs = {SampleDoc(), SampleDoc()};
    unit.sources = {"", "AP"};
    PackUnit(unit, &bytes);
  }
  ByteReader r(bytes);
  for (uint32_t u = 0; u < 3; ++u) {
    UnitResult unit;
    ASSERT_TRUE(UnpackUnit(&r, &unit));
    EXPECT_EQ(unit.unit, u);
    EXPECT_EQ(unit.newlines, 10 + u);
    EXPECT_EQ(unit.bytes_read, 100 + u);
    EXPECT_EQ(unit.files, std::vector<std::string>{"x.jsonl"});
    ASSERT_EQ(unit.problems.size(), 1u);
    EXPECT_EQ(unit.problems[0].line, u + 1);
    ASSERT_EQ(unit.docs.size(), 2u);
    EXPECT_EQ(unit.sources[1], "AP");
  }
  EXPECT_TRUE(r.done());
}

TEST(MpiPackTest, TruncatedMessageIsNotOk) {
  std::string bytes;
  ByteWriter w(&bytes);
  PackDocument(SampleDoc(), "Reuters", &w);
  for (size_t cut : {size_t{0}, size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    ByteReader r(std::string_view(bytes).substr(0, cut));
    std::string source;
    UnpackDocument(&r, &source);
    EXPECT_FALSE(r.ok()) << cut;
  }
}

TEST(MpiPackTest, PlanRoundTrips) {
  const std::vector<ShardUnit> units = {{"a.jsonl", 0, 0, 0, 10, true}, {"b.gz", 1, 3, 0, 99, false}};
  std::string bytes;
  PackPlan(units, &bytes);
  std::vector<ShardUnit> got;
  ASSERT_TRUE(UnpackPlan(bytes, &got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].path, "b.gz");
  EXPECT_EQ(got[1].rank, 3);
  EXPECT_EQ(got[1].end, 99u);
  EXPECT_FALSE(got[1].split);
  EXPECT_TRUE(got[0].split);
}

// A fresh directory per test (cli_test_util.h) and files written into it.
class ShardTest : public test::BinaryTest {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
};

TEST_F(ShardTest, UnitsReadEveryLineOnceAtAnyCut) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "{\"id\":" + std::to_string(i) + ",\"text\":\"" + std::string(i % 7, 'x') + "\"}\n";
  text += "\n{\"id\":\"last\"}";  // a blank line and no final newline
  const std::string path = Write("a.jsonl", text);
  ASSERT_TRUE(IsSplittable(path));
  for (int ranks : {1, 2, 3, 4, 7}) {
    for (uint64_t max_unit : {uint64_t{1}, uint64_t{13}, uint64_t{1} << 20}) {
      const std::vector<ShardUnit> units = PlanShards({path}, ranks, max_unit);
      std::string joined;
      uint64_t lines = 0;
      int last_rank = 0;
      for (const ShardUnit& u : units) {
        EXPECT_GE(u.rank, last_rank);  // ranks take consecutive shares
        last_rank = u.rank;
        uint64_t newlines = 0;
        absl::StatusOr<std::string> bytes = ReadAlignedRange(path, u.begin, u.end, &newlines);
        ASSERT_TRUE(bytes.ok());
        joined += *bytes;
        lines += newlines;
      }
      EXPECT_EQ(joined, text) << ranks << " " << max_unit;
      EXPECT_EQ(lines, 51u);
      EXPECT_LT(last_rank, ranks);
    }
  }
}

TEST_F(ShardTest, OnlyPlainJsonLinesAreSplit) {
  EXPECT_TRUE(IsSplittable(Write("b.jsonl", "\xEF\xBB\xBF  {\"id\":1}\n")));
  EXPECT_FALSE(IsSplittable(Write("c.jsonl.gz", "\x1f\x8b\x08\x00junk")));
  EXPECT_FALSE(IsSplittable(Write("d.jsonl", std::string("\x28\xb5\x2f\xfd", 4) + "junk")));
  EXPECT_FALSE(IsSplittable(Write("e.csv", "{id,text\n")));
  EXPECT_FALSE(IsSplittable(Write("f.jsonl", "[{\"id\":1}]\n")));
  EXPECT_FALSE(IsSplittable((dir_ / "missing.jsonl").string()));
  EXPECT_FALSE(IsSplittable("-"));
  const std::vector<ShardUnit> units = PlanShards({"-", (dir_ / "missing.jsonl").string()}, 4, 1 << 20);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].rank, 0);
  EXPECT_FALSE(units[1].split);
}

}  // namespace
}  // namespace wiretrace::mpi
