#include "wiretrace/verify.h"

#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wiretrace {

absl::Status VerifyOptions::Validate() const {
  if (!(jaccard_threshold > 0.0 && jaccard_threshold <= 1.0)) {
    return absl::InvalidArgumentError("Jaccard threshold must be in (0, 1]");
  }
  if (!(containment_threshold > 0.0 && containment_threshold <= 1.0)) {
    return absl::InvalidArgumentError("containment threshold must be in (0, 1]");
  }
  if (min_shared < 1) return absl::InvalidArgumentError("minimum shared shingles must be at least 1");
  return absl::OkStatus();
}

Overlap CompareSets(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b) {
  // The merge below is symmetric in cost only when the smaller set leads.
  if (a.size() > b.size()) {
    Overlap swapped = CompareSets(b, a);
    std::swap(swapped.size_a, swapped.size_b);
    return swapped;
  }
  Overlap o;
  o.size_a = static_cast<uint32_t>(a.size());
  o.size_b = static_cast<uint32_t>(b.size());
  const uint32_t* x = a.data();
  const uint32_t* xe = x + a.size();
  const uint32_t* y = b.data();
  const uint32_t* ye = y + b.size();
  uint32_t shared = 0;
#if defined(__SSE2__)
  // Matches in a 4-bit movemask. A table, because without -mpopcnt (not in
  // the x86-64 baseline) __builtin_popcount is a call into libgcc.
  static constexpr uint8_t kMatchesInMask[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
  // Block intersection (Lemire, Boytsov & Kurz, "SIMD compression and the
  // intersection of sorted integers"): compare four values of each set at
  // once against all four rotations of the other, then advance the block
  // whose largest value is smaller. Sets hold no duplicates, so every match
  // is counted exactly once. About three times the scalar merge on the
  // 500-600 shingle sets of news articles; plain SSE2, so no -march needed.
  while (xe - x >= 4 && ye - y >= 4) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
    const __m128i match = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi32(va, vb), _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, 0x39))),
        _mm_or_si128(_mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, 0x4e)),
                     _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, 0x93))));
    shared += kMatchesInMask[_mm_movemask_ps(_mm_castsi128_ps(match))];
    const uint32_t max_x = x[3];
    const uint32_t max_y = y[3];
    x += max_x <= max_y ? 4 : 0;
    y += max_y <= max_x ? 4 : 0;
  }
#endif
  // Branch-light merge for the tails: advance both cursors by comparison results.
  while (x != xe && y != ye) {
    const uint32_t vx = *x;
    const uint32_t vy = *y;
    shared += vx == vy;
    x += vx <= vy;
    y += vy <= vx;
  }
  o.shared = shared;
  return o;
}

}  // namespace wiretrace
