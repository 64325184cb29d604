#include "wiretrace/lsh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "lsh_test_util.h"
#include "wiretrace/minhash.h"

namespace wiretrace {
namespace {

TEST(LshTest, ChoosesCurveWhoseKneeSitsNearTheThreshold) {
  for (double t : {0.3, 0.5, 0.7}) {
    const LshParams p = ChooseLshParams(t, 128, 0.8);
    EXPECT_LE(p.bands * p.rows, 128);
    // Recall-weighted: pairs a little above the threshold are nearly always
    // candidates, pairs far below rarely.
    EXPECT_GT(CandidateProbability(t + 0.1, p), 0.9) << t;
    EXPECT_LT(CandidateProbability(t - 0.2, p), 0.35) << t;
  }
}

// The objective ChooseLshParams minimises, integrated as lsh.h states it
// with CandidateProbability itself: the choice is the first minimum in
// (bands, rows) order. ChooseLshParams computes the powers incrementally.
LshParams ReferenceChoice(double threshold, int num_slots, double w) {
  auto integrate = [](double from, double to, LshParams p, bool false_negative) {
    constexpr int kSteps = 256;
    const double step = (to - from) / kSteps;
    double area = 0.0;
    for (int i = 0; i < kSteps; ++i) {
      const double prob = CandidateProbability(from + (i + 0.5) * step, p);
      area += (false_negative ? 1.0 - prob : prob) * step;
    }
    return area;
  };
  LshParams best{1, num_slots};
  double best_cost = 1e300;
  for (int b = 1; b <= num_slots; ++b) {
    for (int r = 1; b * r <= num_slots; ++r) {
      const double cost = (1.0 - w) * integrate(0.0, threshold, {b, r}, false) + w * integrate(threshold, 1.0, {b, r}, true);
      if (cost < best_cost) {
        best_cost = cost;
        best = {b, r};
      }
    }
  }
  return best;
}

TEST(LshTest, ChoiceIsTheFirstMinimumOfTheStatedObjective) {
  // Weights 0 and 1 included: there many choices tie at an integral of 0.
  for (int slots : {16, 64, 128}) {
    for (double t : {0.05, 0.2, 0.5, 0.9}) {
      for (double w : {0.0, 0.5, 0.8, 1.0}) {
        const LshParams want = ReferenceChoice(t, slots, w);
        const LshParams got = ChooseLshParams(t, slots, w);
        EXPECT_EQ(got.bands, want.bands) << slots << " " << t << " " << w;
        EXPECT_EQ(got.rows, want.rows) << slots << " " << t << " " << w;
      }
    }
  }
}

TEST(LshTest, RecallWeightShiftsTheCurveLeft) {
  const LshParams recall = ChooseLshParams(0.5, 128, 0.9);
  const LshParams precision = ChooseLshParams(0.5, 128, 0.1);
  EXPECT_GT(CandidateProbability(0.45, recall), CandidateProbability(0.45, precision));
}

TEST(LshTest, ExplainShowsBandsAndCurve) {
  const std::string text = ExplainLsh({42, 3}, 128);
  EXPECT_NE(text.find("42 bands x 3 rows"), std::string::npos);
  EXPECT_NE(text.find("0.5"), std::string::npos);
}

TEST(LshTest, FindsSimilarPairsAndSkipsEmpty) {
  MinHashOptions mh;
  const int k = mh.num_slots;
  std::mt19937 rng(3);
  std::vector<uint32_t> base(400);
  for (auto& v : base) v = static_cast<uint32_t>(rng());
  std::vector<uint32_t> near = base;  // 90% shared
  for (int i = 0; i < 40; ++i) near[i] = static_cast<uint32_t>(rng());
  std::vector<uint32_t> other(400);
  for (auto& v : other) v = static_cast<uint32_t>(rng());
  std::vector<uint32_t> sigs(static_cast<size_t>(4 * k));
  Sign(base, mh, sigs.data());
  Sign(near, mh, sigs.data() + k);
  Sign(other, mh, sigs.data() + 2 * k);
  Sign({}, mh, sigs.data() + 3 * k);  // empty: never a candidate
  LshIndex index(ChooseLshParams(0.3, k, 0.8), k);
  index.AddBatch(10, 4, sigs.data());
  const std::vector<DocPair> pairs = index.CandidatePairs();
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0], (DocPair{10, 11}));
}

TEST(LshTest, SortedUniquePairsSortsDedupesAndSplits) {
  const std::vector<uint64_t> packed = {uint64_t{3} << 32 | 9, uint64_t{1} << 32 | 2, uint64_t{3} << 32 | 4,
                                        uint64_t{1} << 32 | 2, uint64_t{0xfffffffe} << 32 | 0xffffffff};
  const std::vector<DocPair> want = {{1, 2}, {3, 4}, {3, 9}, {0xfffffffe, 0xffffffff}};
  EXPECT_EQ(SortedUniquePairs(packed), want);
  EXPECT_TRUE(SortedUniquePairs({}).empty());
}

TEST(LshTest, BigBucketsStayLinear) {
  // 3000 identical signatures: all pairs would be 4.5 million; the cap links
  // each to the first max_bucket members only.
  MinHashOptions mh;
  const int k = mh.num_slots;
  std::vector<uint32_t> set = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  std::vector<uint32_t> sig(static_cast<size_t>(k));
  Sign(set, mh, sig.data());
  std::vector<uint32_t> sigs;
  for (int i = 0; i < 3000; ++i) sigs.insert(sigs.end(), sig.begin(), sig.end());
  LshIndex index({16, 8}, k, /*max_bucket=*/50);
  index.AddBatch(0, 3000, sigs.data());
  const std::vector<DocPair> pairs = index.CandidatePairs();
  EXPECT_LT(pairs.size(), 50u * 3000u);
  EXPECT_GT(pairs.size(), 49u * 2950u);
  for (const DocPair& p : pairs) EXPECT_LT(p.a, p.b);
}

// The pairs CandidatePairs returns are exactly those linked in some band: the
// two collide there, and the bucket is within max_bucket or the one added
// first is among its first max_bucket members. A plain reference over every
// pair and band, on signatures drawn from a few templates (so that buckets of
// every size occur), added in a shuffled order.
TEST(LshTest, OversizedBucketsLinkTheirHeadsOnlyAndNoPairIsLost) {
  const int k = 32;
  const LshParams params{8, 4};
  std::mt19937 rng(5);
  const int n = 600;
  std::vector<uint32_t> order;
  const std::vector<std::vector<uint32_t>> sigs = test::CrowdedSignatures(n, k, &rng, &order);
  for (const uint32_t max_bucket : {2u, 7u, 1000u}) {
    LshIndex index(params, k, max_bucket);
    for (const uint32_t d : order) index.Add(d, sigs[d].data());
    const std::vector<DocPair> got = index.CandidatePairs();

    std::vector<uint32_t> rank(n);
    for (int i = 0; i < n; ++i) rank[order[i]] = static_cast<uint32_t>(i);
    auto same_band = [&](uint32_t x, uint32_t y, int band) {
      return std::equal(sigs[x].begin() + band * params.rows, sigs[x].begin() + (band + 1) * params.rows,
                        sigs[y].begin() + band * params.rows);
    };
    std::set<std::pair<uint32_t, uint32_t>> want;
    for (uint32_t x = 0; x < n; ++x) {
      for (uint32_t y = x + 1; y < n; ++y) {
        const uint32_t first = rank[x] < rank[y] ? x : y;
        for (int band = 0; band < params.bands; ++band) {
          if (!same_band(x, y, band)) continue;
          // first's place among its bucket's members, in the order added
          uint32_t before = 0, size = 0;
          for (uint32_t z = 0; z < n; ++z) {
            if (!same_band(z, first, band)) continue;
            ++size;
            before += rank[z] < rank[first];
          }
          if (size <= max_bucket || before < max_bucket) {
            want.insert({x, y});
            break;
          }
        }
      }
    }
    std::vector<std::pair<uint32_t, uint32_t>> got_pairs;
    for (const DocPair& p : got) got_pairs.push_back({p.a, p.b});
    const std::vector<std::pair<uint32_t, uint32_t>> want_pairs(want.begin(), want.end());
    EXPECT_EQ(got_pairs, want_pairs) << max_bucket;
    if (max_bucket == 2) {
      EXPECT_LT(got_pairs.size(), 3u * n);  // linear, not quadratic
    }
  }
}

// The engine signs a document and keeps only its band keys (SignCorpus):
// an index given the keys, in the same order, must find exactly the pairs
// of one given the signatures, with the same heads in oversized buckets,
// and skip an empty set's signature the same way.
TEST(LshTest, IndexFromBandKeysFindsTheSamePairs) {
  const int k = 32;
  const LshParams params{8, 4};
  std::mt19937 rng(11);
  const int n = 400;
  std::vector<uint32_t> order;
  std::vector<std::vector<uint32_t>> sigs = test::CrowdedSignatures(n, k, &rng, &order);
  sigs[order[3]].assign(k, kEmptySlot);  // an empty set
  for (const uint32_t max_bucket : {2u, 16u}) {
    LshIndex from_signatures(params, k, max_bucket);
    LshIndex from_keys(params, k, max_bucket);
    from_keys.Reserve(n);
    std::vector<uint32_t> keys(params.bands);
    size_t skipped = 0;
    for (const uint32_t d : order) {
      from_signatures.Add(d, sigs[d].data());
      if (LshIndex::BandKeys(params, k, sigs[d].data(), keys.data())) {
        from_keys.AddKeys(d, keys.data());
      } else {
        ++skipped;
      }
    }
    EXPECT_EQ(skipped, 1u);
    const std::vector<DocPair> want = from_signatures.CandidatePairs();
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(from_keys.CandidatePairs(), want) << max_bucket;
    EXPECT_EQ(from_keys.KeysByDocument(n), from_signatures.KeysByDocument(n));
  }
}

}  // namespace
}  // namespace wiretrace
