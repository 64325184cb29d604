// The store's integers are little-endian on disk whatever the machine: these
// write and read uint32 byte by byte (compilers make one move of it on
// a little-endian machine).
#ifndef WIRETRACE_SRC_INTERNAL_LITTLE_ENDIAN_H_
#define WIRETRACE_SRC_INTERNAL_LITTLE_ENDIAN_H_

#include <cstdint>
#include <string>

#include "absl/types/span.h"

namespace wiretrace::internal {

inline void AppendU32(std::string* out, uint32_t v) {
  for (int b = 0; b < 4; ++b) out->push_back(static_cast<char>((v >> (8 * b)) & 0xff));
}

// The values as consecutive little-endian uint32.
inline std::string PackU32s(absl::Span<const uint32_t> values) {
  std::string out;
  out.reserve(4 * values.size());
  for (uint32_t v : values) AppendU32(&out, v);
  return out;
}

inline uint32_t ReadU32(const char* p) {
  uint32_t v = 0;
  for (int b = 0; b < 4; ++b) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[b])) << (8 * b);
  return v;
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_LITTLE_ENDIAN_H_
