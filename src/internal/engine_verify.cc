// The verify stage (engine_stages.h): every candidate pair is judged by the
// pair rule (wiretrace/pair_rule.h, which decides which pair is an edge) on
// its exact sets, in parallel; the edges keep the candidates' (a, b) order.
#include "internal/engine_stages.h"
#include "oneapi/tbb/parallel_for.h"

namespace wiretrace::internal {

void VerifyCandidates(const PairRule& rule, const std::vector<DocState>& docs, tbb::task_arena& arena,
                      Candidates candidates, ClusterRun* run) {
  const std::vector<DocPair>& pairs = candidates.pairs;
  const std::vector<uint8_t>& word_only = candidates.word_only;
  // An edge when either the shingles or the content words pass (pair_rule.h).
  std::vector<Edge> checked(pairs.size());
  std::vector<uint8_t> accepted(pairs.size());
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, pairs.size(), 256), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        const uint32_t a = pairs[i].a;
        const uint32_t b = pairs[i].b;
        const bool shingles_needed = word_only.empty() || !word_only[i];
        const PairVerdict v = rule.Judge(SideOf(rule, docs, a), SideOf(rule, docs, b), shingles_needed);
        checked[i] = EdgeOf(a, b, v);
        accepted[i] = v.rule != EdgeRule::kNone;
      }
    });
  });
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (accepted[i]) run->edges.push_back(checked[i]);
  }
  run->summary.verified_pairs = run->edges.size();
}

}  // namespace wiretrace::internal
