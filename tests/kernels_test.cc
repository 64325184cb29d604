// Property tests of the shared kernels (src/internal/bits.h, radix_sort.h,
// sorted_set.h): each against the plainest possible reference, on random
// inputs of every size around the SIMD block edges.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "internal/bits.h"
#include "internal/radix_sort.h"
#include "internal/sort_hashes.h"
#include "internal/sorted_set.h"

namespace wiretrace::internal {
namespace {

// A sorted set of n distinct values drawn from [0, range).
std::vector<uint32_t> RandomSet(std::mt19937& rng, size_t n, uint32_t range) {
  std::vector<uint32_t> v;
  std::uniform_int_distribution<uint32_t> dist(0, range - 1);
  while (v.size() < n) {
    for (size_t i = v.size(); i < n; ++i) v.push_back(dist(rng));
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  return v;
}

TEST(BitsTest, PopCountMatchesBitByBit) {
  std::mt19937_64 rng(1);
  for (int t = 0; t < 10000; ++t) {
    uint64_t x = rng();
    if (t % 3 == 0) x &= rng();  // sparser words too
    if (t == 0) x = 0;
    if (t == 1) x = ~uint64_t{0};
    uint32_t want = 0;
    for (int b = 0; b < 64; ++b) want += (x >> b) & 1;
    EXPECT_EQ(PopCount(x), want) << x;
    EXPECT_EQ(PopCount(x), static_cast<uint32_t>(std::popcount(x)));
  }
  for (uint32_t m = 0; m < 16; ++m) EXPECT_EQ(PopCount4(m), static_cast<uint32_t>(std::popcount(m)));
}

TEST(RadixSortTest, SortsBandRowsByKeyLikeStdSort) {
  // As LshIndex::CandidatePairs uses it: (key << 32 | row) with the rows
  // ascending, sorted by the key alone in three 11-bit passes; being stable,
  // that is the order of the whole 64-bit values.
  std::mt19937 rng(2);
  for (size_t n : {0, 1, 2, 63, 64, 65, 580, 50000}) {
    std::vector<uint64_t> v(n), scratch;
    for (size_t i = 0; i < n; ++i) v[i] = uint64_t{static_cast<uint32_t>(rng() % (n / 3 + 1) * 0x9E3779B1u)} << 32 | i;
    std::vector<uint64_t> want = v;
    std::sort(want.begin(), want.end());
    RadixSort<11, 32>(&v, &scratch, [](uint64_t x) { return static_cast<uint32_t>(x >> 32); });
    EXPECT_EQ(v, want) << n;
  }
}

TEST(RadixSortTest, PairsAreStableWithinAKey) {
  std::mt19937 rng(3);
  for (size_t n : {0, 1, 100, 3000}) {
    std::vector<std::pair<uint32_t, uint32_t>> v(n);
    // Few distinct keys, so most keys repeat; the second field is the input
    // position, which a stable sort keeps ascending within a key.
    for (size_t i = 0; i < n; ++i) v[i] = {rng() % 50 * 0x01010101u, static_cast<uint32_t>(i)};
    std::vector<std::pair<uint32_t, uint32_t>> want = v;
    std::stable_sort(want.begin(), want.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    RadixSortByFirst(&v);
    EXPECT_EQ(v, want) << n;
  }
}

TEST(RadixSortTest, WideDigitsOnFewerKeyBits) {
  // As provenance's cluster count uses it: 27-bit keys in two 14-bit passes,
  // and an odd number of passes (three 9-bit digits) for the copy back.
  std::mt19937 rng(4);
  std::vector<std::pair<uint32_t, uint32_t>> v(20000), scratch;
  for (size_t i = 0; i < v.size(); ++i) v[i] = {rng() & ((1u << 27) - 1), static_cast<uint32_t>(i % 7)};
  std::vector<std::pair<uint32_t, uint32_t>> want = v;
  std::stable_sort(want.begin(), want.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::pair<uint32_t, uint32_t>> odd = v;
  auto key = [](const std::pair<uint32_t, uint32_t>& x) { return x.first; };
  RadixSort<14, 27>(&v, &scratch, key);
  EXPECT_EQ(v, want);
  RadixSort<9, 27>(&odd, &scratch, key);
  EXPECT_EQ(odd, want);
}

TEST(SortHashesTest, MatchesStdSortOnBothSidesOfTheVqsortCutoff) {
  // Plain hashes with repeats, and (hash << 32 | position) keys as
  // SortPositionsByHash packs them: sorted, each hash's positions come out
  // ascending, which is the stable order of the pairs.
  std::mt19937 rng(5);
  for (size_t n : {0, 1, 2, 63, 64, 65, 600, 5000}) {
    std::vector<uint32_t> plain(n);
    std::vector<uint64_t> keyed(n);
    for (size_t i = 0; i < n; ++i) {
      plain[i] = static_cast<uint32_t>(rng() % (n / 2 + 1)) * 0x9E3779B1u;
      keyed[i] = uint64_t{plain[i]} << 32 | i;
    }
    std::vector<uint32_t> want_plain = plain;
    std::sort(want_plain.begin(), want_plain.end());
    std::vector<std::pair<uint32_t, uint32_t>> want_pairs(n);
    for (size_t i = 0; i < n; ++i) want_pairs[i] = {plain[i], static_cast<uint32_t>(i)};
    std::stable_sort(want_pairs.begin(), want_pairs.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<uint64_t> from_positions;
    SortPositionsByHash(plain, &from_positions);
    SortHashes(&plain);
    SortHashes(&keyed);
    EXPECT_EQ(plain, want_plain) << n;
    EXPECT_EQ(from_positions, keyed) << n;
    std::vector<std::pair<uint32_t, uint32_t>> pairs(n);
    for (size_t i = 0; i < n; ++i) pairs[i] = {static_cast<uint32_t>(keyed[i] >> 32), static_cast<uint32_t>(keyed[i])};
    EXPECT_EQ(pairs, want_pairs) << n;
  }
}

TEST(SortedSetTest, CountSharedMarkSharedAndUnionMatchTheStandardLibrary) {
  std::mt19937 rng(5);
  for (int t = 0; t < 3000; ++t) {
    const size_t na = rng() % 40, nb = rng() % 40;
    // A small range makes many shared values; a large one, few.
    const uint32_t range = t % 2 == 0 ? 100 : 4000000000u;
    const std::vector<uint32_t> a = RandomSet(rng, na, range), b = RandomSet(rng, nb, range);
    std::vector<uint32_t> both, either;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(either));
    EXPECT_EQ(CountShared(a, b), both.size());
    EXPECT_EQ(CountShared(b, a), both.size());
    std::vector<uint64_t> bits((a.size() + 63) / 64 + 1, 0);
    MarkShared(a, b, bits.data());
    for (size_t i = 0; i < a.size(); ++i) {
      const bool in_b = std::binary_search(b.begin(), b.end(), a[i]);
      EXPECT_EQ(((bits[i >> 6] >> (i & 63)) & 1) != 0, in_b) << t << " " << i;
    }
    for (size_t i = a.size(); i < 64 * bits.size(); ++i) EXPECT_EQ((bits[i >> 6] >> (i & 63)) & 1, 0u);
    std::vector<uint32_t> u;
    Union(a, b, &u);
    EXPECT_EQ(u, either);
  }
}

TEST(SortedSetTest, LargeSetsAcrossManyWords) {
  std::mt19937 rng(6);
  const std::vector<uint32_t> a = RandomSet(rng, 2000, 20000), b = RandomSet(rng, 50, 20000);
  std::vector<uint32_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  EXPECT_EQ(CountShared(a, b), both.size());
  EXPECT_EQ(CountShared(b, a), both.size());
  std::vector<uint64_t> bits((a.size() + 63) / 64, 0);
  MarkShared(a, b, bits.data());
  uint32_t marked = 0;
  for (uint64_t w : bits) marked += PopCount(w);
  EXPECT_EQ(marked, both.size());
}

TEST(SortedSetTest, ForEachKeyInReportsTheFirstHolderOfEachKey) {
  std::mt19937 rng(7);
  for (int t = 0; t < 500; ++t) {
    std::vector<std::pair<uint32_t, uint32_t>> a(rng() % 30), b(rng() % 30);
    for (size_t i = 0; i < a.size(); ++i) a[i] = {rng() % 20, static_cast<uint32_t>(i)};
    for (size_t i = 0; i < b.size(); ++i) b[i] = {rng() % 20, static_cast<uint32_t>(i)};
    auto by_key = [](const auto& x, const auto& y) { return x.first < y.first; };
    std::stable_sort(a.begin(), a.end(), by_key);
    std::stable_sort(b.begin(), b.end(), by_key);
    std::vector<std::pair<size_t, size_t>> got, want;
    auto first = [](const std::pair<uint32_t, uint32_t>& x) { return x.first; };
    ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(a), absl::Span<const std::pair<uint32_t, uint32_t>>(b),
                 first, first, [&](size_t i, size_t j) { got.emplace_back(i, j); });
    for (size_t i = 0; i < a.size(); ++i) {
      const auto it = std::lower_bound(b.begin(), b.end(), a[i], by_key);
      if (it != b.end() && it->first == a[i].first) want.emplace_back(i, it - b.begin());
    }
    EXPECT_EQ(got, want) << t;
  }
}

}  // namespace
}  // namespace wiretrace::internal
