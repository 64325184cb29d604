#include "mpi/buckets.h"

#include <algorithm>
#include <tuple>

#include "oneapi/tbb/parallel_sort.h"

namespace wiretrace::mpi {

int BucketOwner(uint32_t band, uint32_t key, int size) {
  const uint64_t mixed = (uint64_t{band} << 32 | key) * 0x9E3779B97F4A7C15ull;
  return static_cast<int>((mixed >> 32) % static_cast<uint64_t>(size));
}

std::vector<uint64_t> BucketPairs(std::vector<BandEntry> entries, uint32_t max_bucket) {
  tbb::parallel_sort(entries.begin(), entries.end(), [](const BandEntry& x, const BandEntry& y) {
    return std::tie(x.band, x.key, x.rank_order) < std::tie(y.band, y.key, y.rank_order);
  });
  std::vector<uint64_t> pairs;
  for (size_t i = 0; i < entries.size();) {
    size_t j = i + 1;
    while (j < entries.size() && entries[j].band == entries[i].band && entries[j].key == entries[i].key) ++j;
    const size_t heads = std::min<size_t>(j - i, max_bucket);
    for (size_t x = i; x < i + heads; ++x) {
      for (size_t y = x + 1; y < j; ++y) {
        const uint64_t a = entries[x].doc, c = entries[y].doc;
        pairs.push_back(a < c ? a << 32 | c : c << 32 | a);
      }
    }
    i = j;
  }
  tbb::parallel_sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

std::vector<std::vector<uint32_t>> PairedDocumentsByHolder(const std::vector<DocPair>& pairs,
                                                           const std::vector<int>& holder, int size) {
  std::vector<uint8_t> paired(holder.size(), 0);
  for (const DocPair& p : pairs) paired[p.a] = paired[p.b] = 1;
  std::vector<std::vector<uint32_t>> wanted(size);
  for (uint32_t d = 0; d < paired.size(); ++d) {
    if (paired[d]) wanted[holder[d]].push_back(d);
  }
  return wanted;
}

}  // namespace wiretrace::mpi
