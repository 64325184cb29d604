// Sorting arrays of a few hundred to a few thousand random hashes: a
// document's shingle set, its (hash << 32 | position) keys. Highway's vqsort,
// whose only home this is (src/internal/sort_hashes.cc says why).
#ifndef WIRETRACE_INTERNAL_SORT_HASHES_H_
#define WIRETRACE_INTERNAL_SORT_HASHES_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace wiretrace::internal {

// Sorts *values ascending. Not stable, which 64-bit keys that end in a
// position do not need: equal hashes then come in position order.
void SortHashes(std::vector<uint32_t>* values);
void SortHashes(std::vector<uint64_t>* values);

// Each position i of `hashes` as the key hashes[i] << 32 | i, sorted: by hash,
// then position, the order of a stable sort of (hash, position) pairs. Fills
// *keyed (its contents are dropped, its buffer kept).
void SortPositionsByHash(absl::Span<const uint32_t> hashes, std::vector<uint64_t>* keyed);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_SORT_HASHES_H_
