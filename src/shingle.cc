#include "wiretrace/shingle.h"

#include <algorithm>
#include <array>
#include <utility>

// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

#include "internal/sort_hashes.h"

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

namespace {

// The hash of a window of K tokens: their hashes (8 bytes each) hashed as one
// contiguous block. K known at compile time lets XXH3 drop its length
// dispatch, which costs as much as the hashing at these sizes.
template <size_t K>
uint32_t HashWindow(const Token* tokens) {
  uint64_t window[K];
  for (size_t j = 0; j < K; ++j) window[j] = tokens[j].hash;
  return static_cast<uint32_t>(XXH3_64bits(window, sizeof(window)));
}

using WindowHasher = uint32_t (*)(const Token*);

template <size_t... K>
constexpr std::array<WindowHasher, sizeof...(K)> MakeWindowHashers(std::index_sequence<K...>) {
  return {&HashWindow<K + 1>...};
}

// kWindowHashers[k - 1] hashes a window of k tokens, k in 1..16 (ShingleOptions).
constexpr std::array<WindowHasher, 16> kWindowHashers = MakeWindowHashers(std::make_index_sequence<16>());

}  // namespace

void Shingle(absl::Span<const Token> tokens, const ShingleOptions& options,
             std::vector<uint32_t>* shingles) {
  const size_t n = tokens.size();
  if (n == 0) return;
  const size_t before = shingles->size();
  shingles->reserve(before + n);
  // Validate() keeps both in 1..16; the clamp keeps unvalidated options in bounds.
  const size_t word_k = static_cast<size_t>(std::clamp(options.word_k, 1, 16));
  const size_t char_k = static_cast<size_t>(std::clamp(options.char_k, 1, 16));
  const WindowHasher word_window = kWindowHashers[word_k - 1];
  const WindowHasher char_window = kWindowHashers[char_k - 1];
  for (size_t i = 0; i < n; ++i) {
    const bool unspaced = tokens[i].unspaced;
    const size_t k = unspaced ? char_k : word_k;
    if (i + k > n) break;  // so that shingle i always starts at token i
    shingles->push_back((unspaced ? char_window : word_window)(&tokens[i]));
  }
  uint64_t window[16];
  if (shingles->size() == before) {
    // Shorter than one window: the whole text is its only shingle.
    const size_t m = std::min<size_t>(n, 16);
    for (size_t j = 0; j < m; ++j) window[j] = tokens[j].hash;
    shingles->push_back(static_cast<uint32_t>(XXH3_64bits(window, m * sizeof(uint64_t))));
  }
}

void MakeShingleSet(std::vector<uint32_t>* shingles) {
  internal::SortHashes(shingles);
  shingles->erase(std::unique(shingles->begin(), shingles->end()), shingles->end());
}

bool MakeShingleSetWithRanks(std::vector<uint32_t>* shingles, std::vector<uint16_t>* ranks) {
  const size_t n = shingles->size();
  // (shingle, position) sorted: equal shingles side by side, each
  // position's rank the count of distinct shingles before it. One 64-bit
  // sort, where a search of the set per position would cost ~10 times more.
  thread_local std::vector<uint64_t> keyed;
  internal::SortPositionsByHash(*shingles, &keyed);
  size_t distinct = 0;
  for (size_t i = 0; i < n; ++i) distinct += i == 0 || keyed[i] >> 32 != keyed[i - 1] >> 32;
  if (distinct > kMaxRankedSet) return false;
  ranks->resize(n);
  size_t set_size = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t h = static_cast<uint32_t>(keyed[i] >> 32);
    if (i == 0 || h != (*shingles)[set_size - 1]) (*shingles)[set_size++] = h;
    (*ranks)[static_cast<uint32_t>(keyed[i])] = static_cast<uint16_t>(set_size - 1);
  }
  shingles->resize(set_size);
  return true;
}

}  // namespace wiretrace
