#include "wiretrace/lsh.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

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

}  // namespace
}  // namespace wiretrace
