// What `dedupe` and `wiretrace-provenance --store` share to compare a
// document of tonight's engine run with an article of earlier nights: the
// store's candidate keys and the edge rule's view of a stored article.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_SRC_INTERNAL_STORED_SIDE_H_
#define WIRETRACE_SRC_INTERNAL_STORED_SIDE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "wiretrace/engine.h"
#include "absl/status/statusor.h"
#include "wiretrace/lsh.h"
#include "wiretrace/pair_rule.h"
#include "wiretrace/store.h"

namespace wiretrace::internal {

// MinHash band keys of a set (the store's candidate index, Store::Candidates).
// Empty for an empty set, which has nothing to compare. `signature` is scratch.
std::vector<uint32_t> BandKeys(const std::vector<uint32_t>& set, const EngineOptions& options, LshParams lsh,
                               std::vector<uint32_t>* signature);

// The outlet as PairSide compares it across nights: equal names, equal keys
// (and every unsourced page shares one, as in the engine).
uint64_t SourceKey(std::string_view source);

// The stored articles of all of `rows` (Store::Candidates' answer, one list
// per document), each loaded once, in row order.
absl::StatusOr<std::vector<StoredArticle>> LoadCandidates(Store* store,
                                                          const std::vector<std::vector<int64_t>>& rows);

// A stored article as the edge rule sees it; it refers to `a`'s sets.
PairSide SideOf(const StoredArticle& a);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_STORED_SIDE_H_
