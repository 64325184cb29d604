// Kernel benchmark of the content-word index (content_words.h): Build, which
// counts every word's document frequency (a hash map per shard of the word
// space) and reduces each set to its matchable words, and CommonWords::Learn,
// which counts a sample the same way.
//
// Corpus: kDocuments word sets of about 300 distinct words each, drawn from a
// Zipf (s = 1.1) vocabulary of 40,000 words, as ../shared/bench/gen_corpus.py
// draws its text; words are 32-bit hashes, as the tokenizer makes them. Fixed
// seed. Build runs on one thread (a task arena of 1), so that the figure is
// the kernel's and not the machine's.
//
// items/s counts words (all sets' sizes together).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/content_words.h"

namespace {

constexpr size_t kDocuments = 20000;
constexpr size_t kVocabulary = 40000;
constexpr size_t kWordsPerDocument = 400;  // running words; about 300 distinct

uint32_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<uint32_t>(x);
}

const std::vector<std::vector<uint32_t>>& Corpus() {
  static const auto* const kSets = [] {
    std::vector<double> weight(kVocabulary);
    for (size_t r = 0; r < kVocabulary; ++r) weight[r] = 1.0 / std::pow(static_cast<double>(r + 1), 1.1);
    std::discrete_distribution<size_t> rank(weight.begin(), weight.end());
    std::mt19937_64 rng(42);
    auto* sets = new std::vector<std::vector<uint32_t>>(kDocuments);
    for (std::vector<uint32_t>& s : *sets) {
      for (size_t i = 0; i < kWordsPerDocument; ++i) s.push_back(Mix(rank(rng) + 1));
      std::sort(s.begin(), s.end());
      s.erase(std::unique(s.begin(), s.end()), s.end());
    }
    return sets;
  }();
  return *kSets;
}

size_t TotalWords(const std::vector<std::vector<uint32_t>>& sets) {
  size_t n = 0;
  for (const auto& s : sets) n += s.size();
  return n;
}

void BM_ContentWordsBuild(benchmark::State& state) {
  const std::vector<std::vector<uint32_t>>& corpus = Corpus();
  tbb::task_arena arena(1);
  wiretrace::ContentWordOptions options;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::vector<uint32_t>> sets = corpus;  // Build reduces them in place
    wiretrace::ContentWords words(options);
    state.ResumeTiming();
    arena.execute([&] { words.Build(absl::MakeSpan(sets)); });
    benchmark::DoNotOptimize(words.ContentCount(0));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * TotalWords(corpus)));
}
BENCHMARK(BM_ContentWordsBuild)->Unit(benchmark::kMillisecond);

void BM_CommonWordsLearn(benchmark::State& state) {
  const std::vector<std::vector<uint32_t>>& corpus = Corpus();
  std::vector<const std::vector<uint32_t>*> sample;
  for (size_t d = 0; d < 4096; ++d) sample.push_back(&corpus[d]);
  for (auto _ : state) {
    wiretrace::CommonWords common;
    common.Learn(sample, 64);
    benchmark::DoNotOptimize(common.Contains(corpus[0][0]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * TotalWords(corpus) * 4096 / kDocuments));
}
BENCHMARK(BM_CommonWordsLearn)->Unit(benchmark::kMillisecond);

}  // namespace
