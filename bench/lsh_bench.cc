// Kernel benchmark of the index stage: LshIndex::AddBatch + CandidatePairs
// over 10,000 signatures of 128 slots, with the bands and rows the engine
// chooses by default (ChooseLshParams(0.3, 128, 0.8)).
//
//   Random:     10,000 independent random signatures: almost no candidates,
//               so this times band hashing, the sort and the bucket scan.
//   Clustered:  the same count, of which 30% are near-copies of another
//               signature (each slot kept with probability 0.7, so about
//               Jaccard 0.7): the pair emission and dedup path does work too.
//
// CandidatePairs sorts with TBB; the `threads` argument caps TBB with
// tbb::global_control (1 = one core, 2 = both cores of the bench machine) and
// the timing is wall-clock (UseRealTime). items/s counts documents indexed;
// bytes/s counts signature bytes (num_slots * 4 per document).
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "oneapi/tbb/global_control.h"
#include "wiretrace/lsh.h"

namespace {

constexpr uint32_t kDocs = 10000;
constexpr int kSlots = 128;

std::vector<uint32_t> RandomSignatures(uint32_t docs, double copy_share, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<uint32_t> sigs(static_cast<size_t>(docs) * kSlots);
  for (uint32_t d = 0; d < docs; ++d) {
    uint32_t* sig = sigs.data() + static_cast<size_t>(d) * kSlots;
    if (d > 0 && unit(rng) < copy_share) {
      const uint32_t parent = static_cast<uint32_t>(rng() % d);
      const uint32_t* from = sigs.data() + static_cast<size_t>(parent) * kSlots;
      for (int s = 0; s < kSlots; ++s) sig[s] = unit(rng) < 0.7 ? from[s] : static_cast<uint32_t>(rng());
    } else {
      // Never all kEmptySlot: every random signature is indexed.
      for (int s = 0; s < kSlots; ++s) sig[s] = static_cast<uint32_t>(rng() >> 33);
    }
  }
  return sigs;
}

wiretrace::LshParams DefaultParams() {
  const wiretrace::LshOptions o;
  return wiretrace::ChooseLshParams(o.threshold, kSlots, o.false_negative_weight);
}

void Report(benchmark::State& state, size_t pairs) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kDocs));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kDocs * kSlots * sizeof(uint32_t)));
  const wiretrace::LshParams p = DefaultParams();
  state.counters["bands"] = p.bands;
  state.counters["rows"] = p.rows;
  state.counters["pairs"] = static_cast<double>(pairs);
}

// The whole index stage: add every signature, then list the candidates.
void BM_LshAddAndPairs(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<size_t>(state.range(1)));
  const std::vector<uint32_t> sigs = RandomSignatures(kDocs, static_cast<double>(state.range(0)) / 100.0, /*seed=*/42);
  const wiretrace::LshParams params = DefaultParams();
  size_t pairs = 0;
  for (auto _ : state) {
    wiretrace::LshIndex index(params, kSlots);
    index.AddBatch(0, kDocs, sigs.data());
    const std::vector<wiretrace::DocPair> candidates = index.CandidatePairs();
    pairs = candidates.size();
    benchmark::DoNotOptimize(candidates.data());
  }
  Report(state, pairs);
}
BENCHMARK(BM_LshAddAndPairs)
    ->ArgNames({"copy_pct", "threads"})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Args({30, 1})
    ->Args({30, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// AddBatch alone (band hashing and appending; single-threaded by design).
void BM_LshAddBatch(benchmark::State& state) {
  const std::vector<uint32_t> sigs = RandomSignatures(kDocs, 0.0, /*seed=*/42);
  const wiretrace::LshParams params = DefaultParams();
  for (auto _ : state) {
    wiretrace::LshIndex index(params, kSlots);
    index.AddBatch(0, kDocs, sigs.data());
    benchmark::DoNotOptimize(index.memory_bytes());
  }
  Report(state, 0);
}
BENCHMARK(BM_LshAddBatch)->UseRealTime()->Unit(benchmark::kMillisecond);

// CandidatePairs alone on a prebuilt index (copy, sort, scan, dedup).
void BM_LshCandidatePairs(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<size_t>(state.range(1)));
  const std::vector<uint32_t> sigs = RandomSignatures(kDocs, static_cast<double>(state.range(0)) / 100.0, /*seed=*/42);
  wiretrace::LshIndex index(DefaultParams(), kSlots);
  index.AddBatch(0, kDocs, sigs.data());
  size_t pairs = 0;
  for (auto _ : state) {
    const std::vector<wiretrace::DocPair> candidates = index.CandidatePairs();
    pairs = candidates.size();
    benchmark::DoNotOptimize(candidates.data());
  }
  Report(state, pairs);
}
BENCHMARK(BM_LshCandidatePairs)
    ->ArgNames({"copy_pct", "threads"})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Args({30, 1})
    ->Args({30, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
