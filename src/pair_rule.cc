#include "wiretrace/pair_rule.h"

namespace wiretrace {

const char* PairRuleName(PairRule rule) {
  switch (rule) {
    case PairRule::kJaccard:
      return "jaccard";
    case PairRule::kContainment:
      return "containment";
    case PairRule::kContentWords:
      return "content_words";
    case PairRule::kNone:
      break;
  }
  return "none";
}

PairRule PairAcceptedBy(const EngineOptions& options, const Overlap& shingles, const Overlap& words) {
  if (shingles.shared > 0 && shingles.jaccard() >= options.verify.jaccard_threshold) return PairRule::kJaccard;
  if (options.verify.Accepts(shingles)) return PairRule::kContainment;
  if (options.words.enabled && options.words.Accepts(words)) return PairRule::kContentWords;
  return PairRule::kNone;
}

bool PairAnchored(const EngineOptions& options, const Overlap& shingles, const Overlap& words) {
  if (options.cluster.Anchored(shingles, options.verify)) return true;
  return options.words.enabled && options.words.Anchored(words);
}

}  // namespace wiretrace
