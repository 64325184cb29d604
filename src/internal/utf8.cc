#include "internal/utf8.h"

namespace wiretrace::internal {

CodePoint DecodeUtf8Sequence(std::string_view s, size_t pos) {
  char32_t cp;
  const size_t len = DecodeUtf8(reinterpret_cast<const uint8_t*>(s.data()) + pos, s.size() - pos, &cp);
  return {static_cast<uint32_t>(cp), static_cast<uint32_t>(len)};
}

}  // namespace wiretrace::internal
