// Kernel benchmark of the sign stage: one-permutation MinHash with optimal
// densification (Sign, O(n + k)) beside the textbook k-hash scheme
// (SignClassic, O(n * k)), the in-project reference, on the same 500-shingle
// set (a ~3.5 KB article gives about 500 distinct word 4-grams) at 64, 128
// (the default) and 256 slots. A second pair of kernels signs a 50-shingle
// set, where most one-permutation bins start empty and densification does
// the work.
//
// Each kernel cycles through kSets different sets (fixed seeds) so that the
// branch predictor cannot learn one input's min-updates (a repeated input
// makes branchy kernels look several times faster than real data).
//
// items/s counts signatures (documents); bytes/s counts the shingle bytes
// read (4 per shingle). The ratio Sign / SignClassic at the same slot count
// is the number to quote, both measured in the same run.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "wiretrace/minhash.h"

namespace {

// Shingles are xxh3 hashes truncated to 32 bits, so uniform random values
// with a fixed seed are a faithful stand-in. Sorted and unique, as
// MakeShingleSet leaves them.
std::vector<uint32_t> RandomSet(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> set;
  set.reserve(n);
  while (set.size() < n) set.push_back(static_cast<uint32_t>(rng()));
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  while (set.size() < n) {  // a 32-bit collision among n draws: top up
    set.push_back(static_cast<uint32_t>(rng()));
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
  }
  return set;
}

constexpr size_t kSets = 64;

template <bool kClassic>
void BM_SignImpl(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  wiretrace::MinHashOptions options;
  options.num_slots = static_cast<int>(state.range(1));
  if (!options.Validate().ok()) {
    state.SkipWithError("invalid MinHashOptions");
    return;
  }
  std::vector<std::vector<uint32_t>> sets;
  for (size_t i = 0; i < kSets; ++i) sets.push_back(RandomSet(n, /*seed=*/42 + i));
  std::vector<uint32_t> sig(static_cast<size_t>(options.num_slots));
  size_t i = 0;
  for (auto _ : state) {
    if constexpr (kClassic) {
      wiretrace::SignClassic(sets[i], options, sig.data());
    } else {
      wiretrace::Sign(sets[i], options, sig.data());
    }
    i = (i + 1) % kSets;
    benchmark::DoNotOptimize(sig.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * sizeof(uint32_t)));
}

void BM_Sign(benchmark::State& state) { BM_SignImpl<false>(state); }
void BM_SignClassic(benchmark::State& state) { BM_SignImpl<true>(state); }

void SignArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"shingles", "slots"});
  for (int slots : {64, 128, 256}) b->Args({500, slots});
  b->Args({50, 128});
}
BENCHMARK(BM_Sign)->Apply(SignArgs);
BENCHMARK(BM_SignClassic)->Apply(SignArgs);

}  // namespace
