// Kernel benchmark of the verify stage: exact intersection size of two sorted
// shingle sets (CompareSets), which every LSH candidate pair goes through.
//
//   Balanced: two 500-element sets, half of each shared (|A ∩ B| = 250,
//             Jaccard 1/3): two articles of similar length, one a rewrite.
//   Skewed:   50 vs 2000 elements, 40 of the 50 in the larger set: a short
//             brief or excerpt against a long page that contains it.
//   Disjoint: two 500-element sets that share nothing (an LSH false
//             positive), the common case at a low LSH threshold.
//
// Each kernel cycles through kPairs different pairs of the same shape (fixed
// seeds): a merge over one repeated pair lets the branch predictor learn its
// outcome sequence and flatters the kernel.
//
// items/s counts compared pairs; bytes/s counts the bytes of both sets.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "wiretrace/verify.h"

namespace {

struct SetPair {
  std::vector<uint32_t> a;
  std::vector<uint32_t> b;
};

// Draws size_a + size_b - shared distinct random values; the first `shared`
// go to both sets, the rest to one each. Fixed seed, sorted, unique.
SetPair MakePair(size_t size_a, size_t size_b, size_t shared, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t total = size_a + size_b - shared;
  std::vector<uint32_t> pool;
  pool.reserve(total);
  while (pool.size() < total) {
    pool.push_back(static_cast<uint32_t>(rng()));
    if (pool.size() == total) {
      std::sort(pool.begin(), pool.end());
      pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    }
  }
  std::shuffle(pool.begin(), pool.end(), rng);
  SetPair p;
  p.a.assign(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(size_a));
  p.b.assign(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(shared));
  p.b.insert(p.b.end(), pool.begin() + static_cast<std::ptrdiff_t>(size_a), pool.end());
  std::sort(p.a.begin(), p.a.end());
  std::sort(p.b.begin(), p.b.end());
  return p;
}

constexpr size_t kPairs = 64;

std::vector<SetPair> MakePairs(size_t size_a, size_t size_b, size_t shared, bool swap_sides) {
  std::vector<SetPair> pairs;
  for (size_t i = 0; i < kPairs; ++i) {
    pairs.push_back(MakePair(size_a, size_b, shared, /*seed=*/42 + i));
    if (swap_sides) std::swap(pairs.back().a, pairs.back().b);
  }
  return pairs;
}

void RunCompare(benchmark::State& state, const std::vector<SetPair>& pairs) {
  wiretrace::Overlap o;
  size_t i = 0;
  for (auto _ : state) {
    o = wiretrace::CompareSets(pairs[i].a, pairs[i].b);
    i = (i + 1) % kPairs;
    benchmark::DoNotOptimize(o);
  }
  const size_t elements = pairs[0].a.size() + pairs[0].b.size();
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(static_cast<size_t>(state.iterations()) * elements * sizeof(uint32_t)));
  state.counters["shared"] = o.shared;
  state.counters["jaccard"] = o.jaccard();
}

void BM_CompareSetsBalanced(benchmark::State& state) { RunCompare(state, MakePairs(500, 500, 250, false)); }
BENCHMARK(BM_CompareSetsBalanced);

void BM_CompareSetsSkewed(benchmark::State& state) { RunCompare(state, MakePairs(50, 2000, 40, false)); }
BENCHMARK(BM_CompareSetsSkewed);

// The same sizes with the arguments swapped, to show whether CompareSets
// depends on which side is the small one.
void BM_CompareSetsSkewedSwapped(benchmark::State& state) { RunCompare(state, MakePairs(50, 2000, 40, true)); }
BENCHMARK(BM_CompareSetsSkewedSwapped);

void BM_CompareSetsDisjoint(benchmark::State& state) { RunCompare(state, MakePairs(500, 500, 0, false)); }
BENCHMARK(BM_CompareSetsDisjoint);

// One pair repeated: how much the branch predictor flatters a merge that sees
// the same input every time. Not a number to quote.
void BM_CompareSetsBalancedOnePairRepeated(benchmark::State& state) {
  std::vector<SetPair> pairs(kPairs, MakePair(500, 500, 250, /*seed=*/42));
  RunCompare(state, pairs);
}
BENCHMARK(BM_CompareSetsBalancedOnePairRepeated);

}  // namespace
