// The one UTF-8 decoder of the library (the tokenizer, datelines, credits).
//
// Strict, as the ingest repair is: a lead byte must be followed by the right
// continuation bytes, with no overlong forms, surrogates or code points past
// U+10FFFF; anything else is one byte decoding as U+FFFD, so that forward and
// backward decoding agree on every boundary and no caller reads past the end.
// Text that went through ingest is valid, and decodes the same under any
// decoder; the strictness matters for the public functions called on
// arbitrary strings (FindCredits, the fuzzers).
#ifndef WIRETRACE_INTERNAL_UTF8_H_
#define WIRETRACE_INTERNAL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wiretrace::internal {

inline constexpr char32_t kReplacementChar = 0xFFFD;

inline bool IsUtf8Continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes the sequence at s[0] (s[0] >= 0x80, avail >= 1). Returns its
// length; an ill-formed or truncated sequence gives U+FFFD for its first byte
// alone (the following bytes are then decoded, or rejected, on their own).
inline size_t DecodeUtf8(const uint8_t* s, size_t avail, char32_t* cp) {
  const uint8_t b0 = s[0];
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (avail >= 2 && (s[1] & 0xC0) == 0x80) {
      *cp = (char32_t{b0} & 0x1F) << 6 | (char32_t{s[1]} & 0x3F);
      return 2;
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (avail >= 3) {
      // Reject overlong forms (E0 80..9F) and surrogates (ED A0..BF).
      const uint8_t low = b0 == 0xE0 ? 0xA0 : 0x80;
      const uint8_t high = b0 == 0xED ? 0x9F : 0xBF;
      if (s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80) {
        *cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{s[1]} & 0x3F) << 6 | (char32_t{s[2]} & 0x3F);
        return 3;
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (avail >= 4) {
      // Reject overlong forms (F0 80..8F) and code points past U+10FFFF.
      const uint8_t low = b0 == 0xF0 ? 0x90 : 0x80;
      const uint8_t high = b0 == 0xF4 ? 0x8F : 0xBF;
      if (s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
        *cp = (char32_t{b0} & 0x07) << 18 | (char32_t{s[1]} & 0x3F) << 12 | (char32_t{s[2]} & 0x3F) << 6 |
              (char32_t{s[3]} & 0x3F);
        return 4;
      }
    }
  }
  *cp = kReplacementChar;
  return 1;
}

// A decoded code point and its length in bytes; len 0 past either end.
struct CodePoint {
  uint32_t cp = 0;
  uint32_t len = 0;
};

// Past the first byte of DecodeUtf8At (utf8.cc): out of line, so that the
// common cases stay small enough to inline in every scanner loop.
CodePoint DecodeUtf8Sequence(std::string_view s, size_t pos);

// The code point that starts at byte `pos` of `s`. ASCII and the two-byte
// letters of Cyrillic and Arabic script inline.
inline CodePoint DecodeUtf8At(std::string_view s, size_t pos) {
  if (pos >= s.size()) return {0, 0};
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    if (IsUtf8Continuation(b1)) return {(b0 & 0x1Fu) << 6 | (b1 & 0x3Fu), 2};
  }
  return DecodeUtf8Sequence(s, pos);
}

// The code point that ends just before byte `pos` of `s`.
inline CodePoint DecodeUtf8Before(std::string_view s, size_t pos) {
  if (pos == 0 || pos > s.size()) return {0, 0};
  const auto last = static_cast<unsigned char>(s[pos - 1]);
  if (last < 0x80) return {last, 1};
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && IsUtf8Continuation(static_cast<unsigned char>(s[start]))) --start;
  const CodePoint c = DecodeUtf8At(s, start);
  if (start + c.len != pos) return {kReplacementChar, 1};
  return c;
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_UTF8_H_
