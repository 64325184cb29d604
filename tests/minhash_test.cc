#include "wiretrace/minhash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace wiretrace {
namespace {

// Two random sets with |A ∪ B| = union_size and |A ∩ B| = shared.
void MakePair(std::mt19937_64& rng, int union_size, int shared, std::vector<uint32_t>* a,
              std::vector<uint32_t>* b) {
  absl::flat_hash_set<uint32_t> seen;
  std::vector<uint32_t> values;
  while (static_cast<int>(values.size()) < union_size) {
    const uint32_t v = static_cast<uint32_t>(rng());
    if (seen.insert(v).second) values.push_back(v);
  }
  a->clear();
  b->clear();
  const int only_a = (union_size - shared) / 2;
  for (int i = 0; i < union_size; ++i) {
    if (i < shared) {
      a->push_back(values[i]);
      b->push_back(values[i]);
    } else if (i < shared + only_a) {
      a->push_back(values[i]);
    } else {
      b->push_back(values[i]);
    }
  }
}

struct ErrorStats {
  double rms = 0;
  double worst_sigmas = 0;
};

ErrorStats MeasureError(bool classic, int union_size, double jaccard, int trials, int slots) {
  MinHashOptions options;
  options.num_slots = slots;
  std::mt19937_64 rng(42 + static_cast<uint64_t>(union_size) * 1000 + static_cast<uint64_t>(jaccard * 100));
  const int shared = static_cast<int>(std::lround(jaccard * union_size));
  const double exact = static_cast<double>(shared) / union_size;
  const double sigma = std::sqrt(exact * (1 - exact) / slots);
  std::vector<uint32_t> a, b, sa(slots), sb(slots);
  double sum_sq = 0;
  ErrorStats stats;
  for (int t = 0; t < trials; ++t) {
    MakePair(rng, union_size, shared, &a, &b);
    if (classic) {
      SignClassic(a, options, sa.data());
      SignClassic(b, options, sb.data());
    } else {
      Sign(a, options, sa.data());
      Sign(b, options, sb.data());
    }
    const double err = EstimateJaccard(sa, sb) - exact;
    sum_sq += err * err;
    stats.worst_sigmas = std::max(stats.worst_sigmas, std::abs(err) / sigma);
  }
  stats.rms = std::sqrt(sum_sq / trials);
  return stats;
}

// The signature check (docs/design.md, "Contracts"): over many random pairs, the RMS error of the
// estimate is within 10% of sqrt(J(1-J)/k), and no estimate lies beyond 5
// such deviations.
TEST(MinHashTest, EstimateErrorMatchesTheory) {
  constexpr int kSlots = 128;
  for (double j : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const ErrorStats s = MeasureError(/*classic=*/false, /*union_size=*/4000, j, /*trials=*/1500, kSlots);
    const double theory = std::sqrt(j * (1 - j) / kSlots);
    EXPECT_NEAR(s.rms / theory, 1.0, 0.10) << "J=" << j << " rms=" << s.rms << " theory=" << theory;
    EXPECT_LT(s.worst_sigmas, 5.0) << "J=" << j;
  }
}

// Densification: documents shorter than the signature leave bins empty. The
// estimate must stay unbiased and within the same error bound.
TEST(MinHashTest, DensifiedSparseSetsStayAccurate) {
  constexpr int kSlots = 128;
  for (double j : {0.2, 0.5, 0.8}) {
    const ErrorStats s = MeasureError(false, /*union_size=*/150, j, 1500, kSlots);
    const double theory = std::sqrt(j * (1 - j) / kSlots);
    EXPECT_LT(s.rms / theory, 1.10) << "J=" << j;
    EXPECT_LT(s.worst_sigmas, 5.0) << "J=" << j;
  }
}

TEST(MinHashTest, ClassicReferenceMatchesTheory) {
  const ErrorStats s = MeasureError(/*classic=*/true, 1000, 0.5, 400, 128);
  EXPECT_NEAR(s.rms / std::sqrt(0.25 / 128), 1.0, 0.15);
}

TEST(MinHashTest, IdenticalSetsGiveIdenticalSignatures) {
  MinHashOptions options;
  std::vector<uint32_t> a = {5, 1, 9, 12, 7, 7};
  std::vector<uint32_t> b = {7, 12, 9, 5, 1};
  std::vector<uint32_t> sa(128), sb(128);
  Sign(a, options, sa.data());
  Sign(b, options, sb.data());
  EXPECT_EQ(sa, sb);
  EXPECT_DOUBLE_EQ(EstimateJaccard(sa, sb), 1.0);
}

TEST(MinHashTest, EmptySetHasEmptySlots) {
  MinHashOptions options;
  std::vector<uint32_t> sig(128, 0);
  Sign({}, options, sig.data());
  for (uint32_t v : sig) EXPECT_EQ(v, kEmptySlot);
}

TEST(MinHashTest, DisjointSetsRarelyAgree) {
  MinHashOptions options;
  std::vector<uint32_t> a, b;
  for (uint32_t i = 0; i < 500; ++i) {
    a.push_back(i * 2);
    b.push_back(i * 2 + 1);
  }
  std::vector<uint32_t> sa(128), sb(128);
  Sign(a, options, sa.data());
  Sign(b, options, sb.data());
  EXPECT_LT(EstimateJaccard(sa, sb), 0.05);
}

TEST(MinHashTest, OptionsValidateAndFingerprint) {
  MinHashOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.num_slots = 100;
  EXPECT_FALSE(options.Validate().ok());
  MinHashOptions x, y;
  y.num_slots = 256;
  EXPECT_NE(x.Fingerprint(), y.Fingerprint());
  y = x;
  y.seed ^= 1;
  EXPECT_NE(x.Fingerprint(), y.Fingerprint());
  y = x;
  y.classic = true;
  EXPECT_NE(x.Fingerprint(), y.Fingerprint());
  EXPECT_EQ(x.Fingerprint(), MinHashOptions().Fingerprint());
}

}  // namespace
}  // namespace wiretrace
