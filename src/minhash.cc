#include "wiretrace/minhash.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "internal/bits.h"
#include "internal/hash_mix.h"

namespace wiretrace {

using internal::FastRange32;
using internal::Mix64;

absl::Status MinHashOptions::Validate() const {
  if (num_slots < 16 || num_slots > 1024 || num_slots % 8 != 0) {
    return absl::InvalidArgumentError("number of MinHash slots must be a multiple of 8 in 16..1024");
  }
  return absl::OkStatus();
}

uint64_t MinHashOptions::Fingerprint() const {
  // Version 1 of each scheme: OPH + optimal densification, or k hash
  // functions, over Mix64.
  return Mix64(seed ^ Mix64(static_cast<uint64_t>(num_slots) * 0x9e3779b97f4a7c15ULL + (classic ? 2 : 1)));
}

void Sign(absl::Span<const uint32_t> shingles, const MinHashOptions& options, uint32_t* out) {
  const uint32_t k = static_cast<uint32_t>(options.num_slots);
  std::fill(out, out + k, kEmptySlot);
  if (shingles.empty()) return;
  // One hash per shingle: the high half picks the bin, the low half is the
  // value. Filled bins are tracked apart from their values so that every
  // 32-bit value stays representable.
  uint64_t filled[1024 / 64] = {};
  for (uint32_t s : shingles) {
    const uint64_t h = Mix64(options.seed ^ s);
    const uint32_t bin = FastRange32(static_cast<uint32_t>(h >> 32), k);
    const uint32_t value = static_cast<uint32_t>(h);
    if (value < out[bin] || !(filled[bin >> 6] >> (bin & 63) & 1)) {
      out[bin] = value;
      filled[bin >> 6] |= uint64_t{1} << (bin & 63);
    }
  }
  // Optimal densification: an empty bin i probes bins j = h(i, attempt) until
  // it meets a bin that was filled by the data, and borrows its value. The
  // probe sequence depends only on (seed, i), so two documents borrow from the
  // same bins whenever the same bins are empty in both.
  uint32_t nonempty = 0;
  for (uint32_t w = 0; w < (k + 63) / 64; ++w) nonempty += internal::PopCount(filled[w]);
  if (nonempty == k) return;
  for (uint32_t i = 0; i < k; ++i) {
    if (filled[i >> 6] >> (i & 63) & 1) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      const uint64_t h = Mix64(options.seed * 0xff51afd7ed558ccdULL ^ (uint64_t{i} << 32 | attempt));
      const uint32_t j = FastRange32(static_cast<uint32_t>(h >> 32), k);
      if (filled[j >> 6] >> (j & 63) & 1) {
        out[i] = out[j];
        break;
      }
    }
  }
}

void SignClassic(absl::Span<const uint32_t> shingles, const MinHashOptions& options, uint32_t* out) {
  const uint32_t k = static_cast<uint32_t>(options.num_slots);
  std::fill(out, out + k, kEmptySlot);
  for (uint32_t i = 0; i < k; ++i) {
    const uint64_t function_seed = Mix64(options.seed + i);
    uint32_t best = kEmptySlot;
    for (uint32_t s : shingles) {
      best = std::min(best, static_cast<uint32_t>(Mix64(function_seed ^ s)));
    }
    out[i] = best;
  }
}

double EstimateJaccard(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b) {
  const size_t k = std::min(a.size(), b.size());
  if (k == 0) return 0.0;
  size_t equal = 0;
  for (size_t i = 0; i < k; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(k);
}

}  // namespace wiretrace
