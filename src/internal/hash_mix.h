// Small integer hash helpers shared by sign, index and the engine.
#ifndef WIRETRACE_INTERNAL_HASH_MIX_H_
#define WIRETRACE_INTERNAL_HASH_MIX_H_

#include <cstdint>

namespace wiretrace::internal {

// MurmurHash3's 64-bit finaliser: a bijection with full avalanche, enough to
// turn an xxh3 shingle value plus a seed into an independent-looking hash.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Maps a uniform 32-bit value to [0, n) without a division (Lemire).
inline uint32_t FastRange32(uint32_t x, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(x) * n) >> 32);
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_HASH_MIX_H_
