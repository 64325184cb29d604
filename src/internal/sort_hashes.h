// Sorting arrays of a few hundred to a few thousand random hashes: a
// document's shingle set, its (hash << 32 | position) keys. Highway's vqsort,
// whose only home this is (src/internal/sort_hashes.cc says why).
#ifndef WIRETRACE_INTERNAL_SORT_HASHES_H_
#define WIRETRACE_INTERNAL_SORT_HASHES_H_

#include <cstdint>
#include <vector>

namespace wiretrace::internal {

// Sorts *values ascending. Not stable, which 64-bit keys that end in a
// position do not need: equal hashes then come in position order.
void SortHashes(std::vector<uint32_t>* values);
void SortHashes(std::vector<uint64_t>* values);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_SORT_HASHES_H_
