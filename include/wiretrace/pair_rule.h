// Pair rule: the engine's verdict on one compared pair, for callers that
// compare documents outside one engine run (dedupe against a store of earlier
// nights). The engine's verify stage calls PairAcceptedBy too, so a change of
// the edge rule applies to both.
//
//   wiretrace::Overlap s = wiretrace::CompareSets(doc_shingles, other_shingles);   // A = doc
//   wiretrace::Overlap w = ...;  // content words, A = doc; zero when off or too far apart in time
//   if (wiretrace::PairAcceptedBy(options, s, w) != wiretrace::PairRule::kNone &&
//       wiretrace::PairAnchored(options, s, w)) ...  // doc is a copy of other
//
// Thread safety: pure functions.
#ifndef WIRETRACE_PAIR_RULE_H_
#define WIRETRACE_PAIR_RULE_H_

#include "wiretrace/engine.h"
#include "wiretrace/verify.h"

namespace wiretrace {

// Which test made a pair an edge, in the order they are tried.
enum class PairRule { kNone = 0, kJaccard, kContainment, kContentWords };

// "jaccard", "containment", "content_words" or "none".
const char* PairRuleName(PairRule rule);

// The verify stage's edge rule: shingle Jaccard, shingle containment, or
// content words (`words` is zero when the path is off or the two documents
// are further apart than ContentWordOptions::max_days: pass Overlap{} then).
PairRule PairAcceptedBy(const EngineOptions& options, const Overlap& shingles, const Overlap& words);

// The cluster stage's anchor (AssignClusters): document A, the first of each
// overlap, shares enough of its own text or content words with B to be one
// of B's copies. An edge alone is not enough: a long article that quotes a
// short flash contains it, yet took most of its text from elsewhere.
bool PairAnchored(const EngineOptions& options, const Overlap& shingles, const Overlap& words);

}  // namespace wiretrace

#endif  // WIRETRACE_PAIR_RULE_H_
