// The candidates stage (engine_stages.h): which pairs of documents are
// compared at all. Two paths, because they miss different copies: LSH over
// the shingle signatures finds pairs above the S-curve's knee
// (LshOptions::threshold), and shared rare content words (content_words.h)
// find rewrites whose shingles barely overlap.
#include <algorithm>

#include "internal/engine_stages.h"
#include "oneapi/tbb/parallel_for.h"
#include "wiretrace/cluster.h"
#include "wiretrace/lsh.h"
#include "wiretrace/shingle.h"

namespace wiretrace::internal {
namespace {

// The union of the two paths' pairs, both sorted by (a, b), in that order; a
// pair only the words proposed is marked in `word_only`, so that verification
// compares its shingles only if its words pass.
Candidates Merge(std::vector<DocPair> lsh, const std::vector<DocPair>& word_candidates) {
  Candidates merged;
  merged.pairs.reserve(lsh.size() + word_candidates.size());
  merged.word_only.reserve(word_candidates.size());
  auto less = [](const DocPair& x, const DocPair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };
  for (size_t i = 0, j = 0; i < lsh.size() || j < word_candidates.size();) {
    if (i == lsh.size() || (j < word_candidates.size() && less(word_candidates[j], lsh[i]))) {
      merged.pairs.push_back(word_candidates[j++]);
      merged.word_only.push_back(1);
      continue;
    }
    if (j < word_candidates.size() && word_candidates[j] == lsh[i]) ++j;  // both: LSH's
    merged.pairs.push_back(lsh[i++]);
    merged.word_only.push_back(0);
  }
  return merged;
}

}  // namespace

// A document with a candidate keeps the order of its shingles for the passage
// test of a containment pair (VerifyOptions::min_passage); the others can
// meet no such test (edges and anchors are among the candidates), unless the
// caller matches every document again later (keep_for_matching).
void MakeShingleSets(const EngineOptions& options, const Candidates& candidates, tbb::task_arena& arena,
                     std::vector<DocState>* docs) {
  const uint32_t n = static_cast<uint32_t>(docs->size());
  std::vector<uint8_t> paired(n, options.keep_for_matching ? 1 : 0);
  for (const DocPair& p : candidates.pairs) paired[p.a] = paired[p.b] = 1;
  const bool ordered = options.verify.min_passage > 0;
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
      for (uint32_t d = r.begin(); d != r.end(); ++d) {
        DocState& doc = (*docs)[d];
        if (doc.shingles.empty()) continue;  // nothing to sort, or its set is at its rank
        const bool keeps_order = ordered && paired[d];
        if (!keeps_order || !MakeShingleSetWithRanks(&doc.shingles, &doc.shingle_ranks)) {
          if (keeps_order) doc.shingle_sequence = doc.shingles;  // too many shingles to rank
          MakeShingleSet(&doc.shingles);
        }
        doc.shingles.shrink_to_fit();
        doc.shingle_count = static_cast<uint32_t>(doc.shingles.size());
      }
    });
  });
}

Candidates FindCandidates(const EngineOptions& options, tbb::task_arena& arena, CorpusBandKeys band_keys,
                          Corpus* corpus, PairJudge* judge, ClusterRun* run) {
  std::vector<DocState>& docs = corpus->docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  Candidates candidates;
  {
    LshIndex index(run->lsh, options.minhash.num_slots, options.lsh.max_bucket);
    index.Reserve(static_cast<size_t>(std::count(band_keys.indexed.begin(), band_keys.indexed.end(), 1)));
    // In representative order: the heads of an oversized bucket (mass copies
    // of one story) are then the copies that would represent it
    // (LshOptions::max_bucket), and every later copy is paired with them.
    std::vector<RepresentativeKey> keys(n);
    for (uint32_t d = 0; d < n; ++d) keys[d] = {docs[d].published, docs[d].length, docs[d].id};
    corpus->representative_order = RepresentativeOrder(keys);
    const size_t bands = static_cast<size_t>(band_keys.bands);
    for (const uint32_t d : corpus->representative_order) {
      if (band_keys.indexed[d]) index.AddKeys(d, band_keys.keys.data() + static_cast<size_t>(d) * bands);
    }
    band_keys = CorpusBandKeys();
    arena.execute([&] { candidates.pairs = index.CandidatePairs(); });
    if (options.keep_for_matching) run->band_keys = index.KeysByDocument(n);
  }
  candidates = FormCandidates(options, arena, std::move(candidates.pairs), corpus, judge, run);
  MakeShingleSets(options, candidates, arena, &docs);
  return candidates;
}

Candidates FormCandidates(const EngineOptions& options, tbb::task_arena& arena, std::vector<DocPair> lsh,
                          Corpus* corpus, PairJudge* judge, ClusterRun* run) {
  std::vector<DocState>& docs = corpus->docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  // The content-word path (content_words.h): its own candidates, merged.
  judge->word_sets.resize(n);
  std::vector<std::vector<uint32_t>> word_sequences(n);
  for (uint32_t d = 0; d < n; ++d) {
    judge->word_sets[d] = std::move(docs[d].words);
    word_sequences[d] = std::move(docs[d].word_sequence);
  }
  judge->words = std::make_shared<ContentWords>(options.words);
  ContentWords& words = *judge->words;
  std::vector<DocPair> word_candidates;
  arena.execute([&] {
    words.Build(absl::MakeSpan(judge->word_sets),
                options.words.UsesOrder() ? absl::MakeSpan(word_sequences) : absl::Span<std::vector<uint32_t>>(),
                corpus->common_words);
    if (options.words.enabled) word_candidates = words.CandidatePairs();
  });
  std::vector<uint32_t> sources(n);
  std::vector<Timestamp> published(n);
  std::vector<std::vector<uint32_t>> figures(n);
  for (uint32_t d = 0; d < n; ++d) {
    sources[d] = docs[d].source;
    published[d] = docs[d].published;
    figures[d] = std::move(docs[d].figures);
  }
  judge->rule = std::make_shared<const PairRule>(options.verify, options.words, judge->words, std::move(sources),
                                                 std::move(published), std::move(figures));
  return MergeCandidates(options, std::move(lsh), word_candidates, run);
}

Candidates MergeCandidates(const EngineOptions& options, std::vector<DocPair> lsh,
                           const std::vector<DocPair>& word_candidates, ClusterRun* run) {
  Candidates candidates;
  run->summary.shingle_candidate_pairs = lsh.size();
  if (options.words.enabled) {
    run->summary.word_candidate_pairs = word_candidates.size();
    candidates = Merge(std::move(lsh), word_candidates);
  } else {
    candidates.pairs = std::move(lsh);
  }
  run->summary.candidate_pairs = candidates.pairs.size();
  return candidates;
}

}  // namespace wiretrace::internal
