#include "wiretrace/verify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "wiretrace/shingle.h"

namespace wiretrace {
namespace {

TEST(VerifyTest, CompareSetsCountsIntersection) {
  const std::vector<uint32_t> a = {1, 3, 5, 7, 9};
  const std::vector<uint32_t> b = {3, 4, 5, 9, 10, 11};
  const Overlap o = CompareSets(a, b);
  EXPECT_EQ(o.shared, 3u);
  EXPECT_DOUBLE_EQ(o.jaccard(), 3.0 / 8.0);
  EXPECT_DOUBLE_EQ(o.containment_a(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(o.containment_b(), 3.0 / 6.0);
  EXPECT_DOUBLE_EQ(o.max_containment(), 3.0 / 5.0);
}

TEST(VerifyTest, MatchesStdSetIntersectionOnRandomSets) {
  std::mt19937 rng(7);
  for (int t = 0; t < 200; ++t) {
    std::set<uint32_t> sa, sb;
    const int na = static_cast<int>(rng() % 300), nb = static_cast<int>(rng() % 300);
    for (int i = 0; i < na; ++i) sa.insert(static_cast<uint32_t>(rng() % 500));
    for (int i = 0; i < nb; ++i) sb.insert(static_cast<uint32_t>(rng() % 500));
    std::vector<uint32_t> a(sa.begin(), sa.end()), b(sb.begin(), sb.end()), both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    EXPECT_EQ(CompareSets(a, b).shared, both.size());
  }
}

// LongestSharedRun against a plain scan of every run, on random sequences with
// repeats and a random share of them in the other set.
TEST(VerifyTest, LongestSharedRunMatchesAPlainScan) {
  std::mt19937 rng(11);
  for (int t = 0; t < 300; ++t) {
    std::vector<uint32_t> sequence(rng() % 200);
    for (uint32_t& h : sequence) h = static_cast<uint32_t>(rng() % 300);
    std::set<uint32_t> other_set;
    const int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) other_set.insert(static_cast<uint32_t>(rng() % 300));
    const std::vector<uint32_t> other(other_set.begin(), other_set.end());
    uint32_t want = 0;
    for (size_t i = 0; i < sequence.size(); ++i) {
      size_t j = i;
      while (j < sequence.size() && other_set.count(sequence[j])) ++j;
      want = std::max(want, static_cast<uint32_t>(j - i));
    }
    EXPECT_EQ(LongestSharedRun(sequence, other), want);
    // Counting stops at `enough`, and never reports more than the run.
    const uint32_t enough = static_cast<uint32_t>(rng() % 8) + 1;
    EXPECT_EQ(LongestSharedRun(sequence, other, enough), std::min(want, enough));
    // The same sequence as ranks in its own set, as the engine keeps it.
    std::vector<uint32_t> own = sequence;
    std::vector<uint16_t> ranks;
    ASSERT_TRUE(MakeShingleSetWithRanks(&own, &ranks));
    EXPECT_EQ(LongestSharedRun(ranks, own, other), want);
    EXPECT_EQ(LongestSharedRun(ranks, own, other, enough), std::min(want, enough));
  }
  EXPECT_EQ(LongestSharedRun({}, std::vector<uint32_t>{1, 2}), 0u);
}

TEST(VerifyTest, OnlyTheContainmentPathNeedsAPassage) {
  VerifyOptions v;
  EXPECT_TRUE(v.NeedsPassage({30, 60, 70}));    // Jaccard 0.3: a containment pair
  EXPECT_FALSE(v.NeedsPassage({60, 70, 70}));   // Jaccard 0.75
  v.min_passage = 0;
  EXPECT_FALSE(v.NeedsPassage({30, 60, 70}));
}

TEST(VerifyTest, EmptySetsAreNeverEdges) {
  const Overlap o = CompareSets({}, {});
  EXPECT_EQ(o.jaccard(), 0.0);
  EXPECT_FALSE(VerifyOptions{}.Accepts(o));
}

TEST(VerifyTest, AcceptsByJaccardOrByContainment) {
  VerifyOptions options;
  options.jaccard_threshold = 0.5;
  options.containment_threshold = 0.8;
  options.min_shared = 10;
  // Jaccard 0.6.
  EXPECT_TRUE(options.Accepts({60, 80, 80}));
  // A trimmed copy: 40 of its 45 shingles in a 200-shingle original.
  // Jaccard 0.19 but containment 0.89.
  EXPECT_TRUE(options.Accepts({40, 45, 200}));
  // Containment passes but only 5 shared shingles: a snippet, not a copy.
  EXPECT_FALSE(options.Accepts({5, 5, 200}));
  // Neither.
  EXPECT_FALSE(options.Accepts({30, 100, 100}));
}

TEST(VerifyTest, ValidateRejectsBadThresholds) {
  VerifyOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.jaccard_threshold = 0;
  EXPECT_FALSE(options.Validate().ok());
  options = {};
  options.containment_threshold = 1.5;
  EXPECT_FALSE(options.Validate().ok());
}

}  // namespace
}  // namespace wiretrace
