#include "wiretrace/shingle.h"

#include <algorithm>

// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

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

namespace {

// LSD radix sort, four 8-bit digits. Shingle hashes are uniformly random, so a
// comparison sort mispredicts about every other branch: on 580-shingle
// articles std::sort took ~20 us, a quarter of the whole pipeline.
void RadixSort(std::vector<uint32_t>* values) {
  const size_t n = values->size();
  thread_local std::vector<uint32_t> scratch;
  scratch.resize(n);
  uint32_t counts[4][256] = {};
  for (uint32_t v : *values) {
    ++counts[0][v & 0xff];
    ++counts[1][(v >> 8) & 0xff];
    ++counts[2][(v >> 16) & 0xff];
    ++counts[3][v >> 24];
  }
  uint32_t* from = values->data();
  uint32_t* to = scratch.data();
  for (int digit = 0; digit < 4; ++digit) {
    const int shift = digit * 8;
    uint32_t offset[256];
    uint32_t sum = 0;
    for (int b = 0; b < 256; ++b) {
      offset[b] = sum;
      sum += counts[digit][b];
    }
    for (size_t i = 0; i < n; ++i) {
      const uint32_t v = from[i];
      to[offset[(v >> shift) & 0xff]++] = v;
    }
    std::swap(from, to);
  }
  // Four passes: the sorted data is back in `values`.
}

}  // namespace

void MakeShingleSet(std::vector<uint32_t>* shingles) {
  if (shingles->size() < 64) {
    std::sort(shingles->begin(), shingles->end());
  } else {
    RadixSort(shingles);
  }
  shingles->erase(std::unique(shingles->begin(), shingles->end()), shingles->end());
}

}  // namespace wiretrace
