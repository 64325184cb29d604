#include "internal/sort_hashes.h"

#include <algorithm>

#include "hwy/contrib/sort/vqsort.h"

namespace wiretrace::internal {
namespace {

// Shingle hashes are uniformly random, so a comparison sort mispredicts
// about every other branch: std::sort of 580 took about 19 us. Highway's
// vqsort (SIMD sorting networks and partitions, no data-dependent branches)
// takes 2.6-2.9 us on the 2-core bench machine, against 7.4 us for the LSD
// radix sort that was here (internal/radix_sort.h: four 8-bit passes, whose
// scatters cost about 3 ns an element each on these machines) and 10.6
// against 19.2 us at 2,000. Below 64 it costs a fixed ~0.6 us, more than
// std::sort.
template <typename T>
void Sort(std::vector<T>* values) {
  if (values->size() < 64) {
    std::sort(values->begin(), values->end());
  } else {
    thread_local const hwy::Sorter sorter;  // one per thread: it holds a buffer and is not shared
    sorter(values->data(), values->size(), hwy::SortAscending());
  }
}

}  // namespace

void SortHashes(std::vector<uint32_t>* values) { Sort(values); }
void SortHashes(std::vector<uint64_t>* values) { Sort(values); }

void SortPositionsByHash(absl::Span<const uint32_t> hashes, std::vector<uint64_t>* keyed) {
  keyed->resize(hashes.size());
  for (size_t i = 0; i < hashes.size(); ++i) (*keyed)[i] = uint64_t{hashes[i]} << 32 | i;
  Sort(keyed);
}

}  // namespace wiretrace::internal
