#include "wiretrace/shingle.h"

#include <algorithm>

// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

#include "internal/radix_sort.h"

namespace wiretrace {

absl::Status ShingleOptions::Validate() const {
  if (word_k < 1 || word_k > 16) {
    return absl::InvalidArgumentError("shingle size (words) must be between 1 and 16");
  }
  if (char_k < 1 || char_k > 16) {
    return absl::InvalidArgumentError("shingle size (characters) must be between 1 and 16");
  }
  return absl::OkStatus();
}

void Shingle(absl::Span<const Token> tokens, const ShingleOptions& options,
             std::vector<uint32_t>* shingles) {
  const size_t n = tokens.size();
  if (n == 0) return;
  // The window hashes the token hashes (8 bytes each) as one contiguous block.
  uint64_t window[16];
  const size_t before = shingles->size();
  shingles->reserve(before + n);
  for (size_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(tokens[i].unspaced ? options.char_k : options.word_k);
    if (i + k > n) break;  // so that shingle i always starts at token i
    for (size_t j = 0; j < k; ++j) window[j] = tokens[i + j].hash;
    shingles->push_back(static_cast<uint32_t>(XXH3_64bits(window, k * sizeof(uint64_t))));
  }
  if (shingles->size() == before) {
    // Shorter than one window: the whole text is its only shingle.
    const size_t m = std::min<size_t>(n, 16);
    for (size_t j = 0; j < m; ++j) window[j] = tokens[j].hash;
    shingles->push_back(static_cast<uint32_t>(XXH3_64bits(window, m * sizeof(uint64_t))));
  }
}

void MakeShingleSet(std::vector<uint32_t>* shingles) {
  if (shingles->size() < 64) {
    std::sort(shingles->begin(), shingles->end());
  } else {
    internal::RadixSort(shingles);  // random hashes: see radix_sort.h
  }
  shingles->erase(std::unique(shingles->begin(), shingles->end()), shingles->end());
}

}  // namespace wiretrace
