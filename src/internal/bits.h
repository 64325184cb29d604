// Bit counting, in one place for every caller (verify, provenance, sign).
#ifndef WIRETRACE_INTERNAL_BITS_H_
#define WIRETRACE_INTERNAL_BITS_H_

#include <bit>
#include <cstdint>

namespace wiretrace::internal {

// Bits set in a 64-bit word. With POPCNT (-mpopcnt, -march=native) this is
// std::popcount, one instruction. The default build targets baseline x86-64,
// where std::popcount becomes a call into libgcc's table walk; the SWAR form
// below inlines to a dozen instructions and was the faster of the two in
// provenance's bitmap loops.
inline uint32_t PopCount(uint64_t x) {
#if defined(__POPCNT__) || !defined(__x86_64__)
  return static_cast<uint32_t>(std::popcount(x));
#else
  x -= (x >> 1) & 0x5555555555555555;
  x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f;
  return static_cast<uint32_t>((x * 0x0101010101010101) >> 56);
#endif
}

// Bits set in a 4-bit mask (an SSE2 movemask of four lanes): one table load,
// cheaper than PopCount in a loop that does little else.
inline uint32_t PopCount4(uint32_t mask) {
  static constexpr uint8_t kBits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
  return kBits[mask & 0xf];
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_BITS_H_
