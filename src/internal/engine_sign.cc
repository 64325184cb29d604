// The sign stage (engine_stages.h): after the page-lines stage has dropped a
// document's furniture, its words become a sorted set and its shingles a
// MinHash signature.
#include <algorithm>
#include <atomic>

#include "internal/engine_stages.h"
#include "oneapi/tbb/parallel_for.h"
#include "wiretrace/lsh.h"
#include "wiretrace/minhash.h"

namespace wiretrace::internal {
namespace {

// The sign stage's work on one document after its furniture is dropped: its
// figure set, its words without `common_words` as a sorted set (and in
// order, for the content words' order rule), and the LSH band keys of its
// MinHash signature (lsh.bands values into `band_keys`). False, with no
// keys, for an empty shingle set: its signature has nothing to compare
// (LshIndex::BandKeys).
bool SignDocument(const EngineOptions& options, const CommonWords& common_words, LshParams lsh, DocState* doc,
                  uint32_t* band_keys) {
  doc->figures = FigureSet(doc->figure_tokens);
  std::vector<FigureToken>().swap(doc->figure_tokens);
  // The shingles stay in position order until the candidates are known
  // (MakeShingleSets): the signature does not need them sorted, and only
  // documents with a candidate need their order too, for the passage test.
  common_words.Remove(&doc->words);
  // Kept until the content words are known, for their order (AlignedWords).
  if (options.words.UsesOrder()) doc->word_sequence = doc->words;
  MakeShingleSet(&doc->words);
  // Read kept a word per token; the set holds a fifth of that, and every
  // document's set lives until the index stage.
  doc->words.shrink_to_fit();
  thread_local std::vector<uint32_t> signature;
  signature.resize(static_cast<size_t>(options.minhash.num_slots));
  if (options.minhash.classic) {
    SignClassic(doc->shingles, options.minhash, signature.data());
  } else {
    Sign(doc->shingles, options.minhash, signature.data());
  }
  return LshIndex::BandKeys(lsh, options.minhash.num_slots, signature.data(), band_keys);
}

}  // namespace

CorpusBandKeys SignDocuments(const EngineOptions& options, const BoilerplateModel& boilerplate,
                             const TeaserIndex& teasers, const CommonWords& common_words, LshParams lsh,
                             tbb::task_arena& arena, std::vector<DocState>* docs, uint64_t* teaser_lines) {
  const size_t n = docs->size();
  CorpusBandKeys keys;
  keys.bands = lsh.bands;
  const size_t bands = static_cast<size_t>(keys.bands);
  keys.keys.resize(n * bands);
  keys.indexed.resize(n);
  std::atomic<uint64_t> teasers_found{0};
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 64), [&](const tbb::blocked_range<size_t>& r) {
      std::vector<uint8_t> furniture;
      std::vector<uint8_t> drop;
      for (size_t d = r.begin(); d != r.end(); ++d) {
        DocState& doc = (*docs)[d];
        const uint32_t teasers_here = DropPageFurniture(boilerplate, teasers, options.boilerplate,
                                                        options.words.min_line_words, &doc, &furniture, &drop);
        if (teasers_here > 0) teasers_found.fetch_add(teasers_here, std::memory_order_relaxed);
        keys.indexed[d] = SignDocument(options, common_words, lsh, &doc, keys.keys.data() + d * bands);
      }
    });
  });
  *teaser_lines += teasers_found.load();
  return keys;
}

CorpusBandKeys SignCorpus(const EngineOptions& options, tbb::task_arena& arena, Corpus* corpus, ClusterRun* run) {
  std::vector<DocState>& docs = corpus->docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  run->lsh = ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  corpus->boilerplate.Finish();
  // Words in more documents of the first few thousand than a content word may
  // be in anywhere (content_words.h): dropped before sorting and counting.
  CommonWords common_words;
  if (options.words.enabled) {
    // With a window, from the run's own documents only (the pages of the
    // window after them are counted in their own night).
    const WindowFrequencies* window = options.words.window.get();
    if (corpus->read_common_words) {
      common_words = *corpus->read_common_words;  // learned from the same documents while reading
    } else {
      const uint32_t sample_end = std::min<uint32_t>(window != nullptr ? std::min(n, window->own_documents) : n,
                                                     kCommonWordSampleDocuments);
      std::vector<const std::vector<uint32_t>*> sample;
      for (uint32_t d = 0; d < sample_end; ++d) sample.push_back(&docs[d].words);
      common_words.Learn(sample, options.words.max_documents);
    }
    if (window != nullptr) corpus->common_words = common_words.Words();
  }
  if (options.boilerplate.enabled && options.boilerplate.teasers) {
    LearnLeads(corpus->boilerplate, docs, arena, &corpus->teasers);
  }
  uint64_t teaser_lines = 0;
  CorpusBandKeys keys = SignDocuments(options, corpus->boilerplate, corpus->teasers, common_words, run->lsh, arena,
                                      &docs, &teaser_lines);
  corpus->teasers = TeaserIndex();  // only the sets are left, and they are done
  run->summary.boilerplate_lines = corpus->boilerplate.CountBoilerplate();
  run->summary.teaser_lines = teaser_lines;
  if (options.explain) run->boilerplate = corpus->boilerplate.Report();
  return keys;
}

}  // namespace wiretrace::internal
