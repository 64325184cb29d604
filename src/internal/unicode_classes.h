// Character classes for the text scanners (datelines, credit lines), in one
// place. Letters, case and marks come from utf8proc's Unicode database, as
// the tokenizer's do (normalize_chars.h), so that the scanners and the
// tokenizer agree on what a word is; the punctuation sets below are lists
// because what counts as a dash or a closing quote in a credit line is a
// choice, not a Unicode property.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_INTERNAL_UNICODE_CLASSES_H_
#define WIRETRACE_INTERNAL_UNICODE_CLASSES_H_

#include <cstdint>

#include "utf8proc.h"

namespace wiretrace::internal {

// General categories, grouped as the tokenizer and the scanners read them.
inline bool IsLetterCategory(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
         c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO;
}
inline bool IsNumberCategory(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}
inline bool IsMarkCategory(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

// The case of a letter of a script written with spaces between words. Han,
// kana, Thai and the other scripts without spaces (IsUnspacedScript) are
// kNone, as is anything that is not a letter: a "word" there would be a
// sentence.
enum class Case : uint8_t { kNone, kCaseless, kUpper, kLower };

// Non-ASCII code points, from utf8proc (unicode_classes.cc).
Case NonAsciiLetterCase(uint32_t c);
bool IsNonAsciiMark(uint32_t c);
bool IsNonAsciiWordChar(uint32_t c);
int NonAsciiDigitValue(uint32_t c);

// ASCII inline: most calls are for ASCII text.
inline Case LetterCase(uint32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return Case::kUpper;
    if (c >= 'a' && c <= 'z') return Case::kLower;
    return Case::kNone;
  }
  return NonAsciiLetterCase(c);
}

inline bool IsLetter(uint32_t c) { return LetterCase(c) != Case::kNone; }

// Combining marks (Mn, Mc, Me), the zero-width joiners and the Arabic tatweel:
// they continue a word.
inline bool IsMark(uint32_t c) { return c >= 0x300 && IsNonAsciiMark(c); }

// A letter, number or mark of a script written with spaces: a name must not
// start or end inside such a word.
inline bool IsWordChar(uint32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return IsNonAsciiWordChar(c);
}

// The value of a decimal digit of any script (general category Nd: "7",
// Arabic-Indic "٧", Urdu "۷", Devanagari "७", full-width "７"), -1 for
// anything else. Unicode lays each script's digits out as runs of ten from
// zero, which gives the value.
inline int DecimalDigitValue(uint32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9' ? static_cast<int>(c - '0') : -1;
  return NonAsciiDigitValue(c);
}

inline bool IsDecimalDigit(uint32_t c) { return DecimalDigitValue(c) >= 0; }

inline bool IsLineBreak(uint32_t c) { return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

// Spaces within a line, including the zero-width space and the BOM that
// scraped text leaves between words.
inline bool IsInlineSpace(uint32_t c) {
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\v' || c == '\f';
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

inline bool IsSpace(uint32_t c) { return IsInlineSpace(c) || IsLineBreak(c); }

// Hyphens and dashes that set off a dateline or a credit ("— Reuters"),
// with the minus sign and the small and full-width hyphen-minus.
inline bool IsDash(uint32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D;
}

// Ends a sentence (Latin, Urdu/Arabic "۔" "؟", CJK, Devanagari danda).
inline bool IsSentenceEnd(uint32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x6D4 || c == 0x61F || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
         c == 0xFF0E || c == 0xFF1F || c == 0x964 || c == 0x965;
}

// Quotation marks that open and close a quote, in pairs: ASCII, guillemets,
// English curly quotes, the German low opening quote, CJK corner brackets.
inline bool IsOpeningQuote(uint32_t c) {
  return c == '"' || c == '\'' || c == 0xAB || c == 0x2018 || c == 0x201C || c == 0x201E || c == 0x300C ||
         c == 0x300E;
}
inline bool IsClosingQuote(uint32_t c) {
  return c == '"' || c == '\'' || c == 0xBB || c == 0x2019 || c == 0x201D || c == 0x300D || c == 0x300F;
}

inline bool IsOpenParen(uint32_t c) { return c == '(' || c == 0xFF08; }
inline bool IsCloseParen(uint32_t c) { return c == ')' || c == 0xFF09; }

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_UNICODE_CLASSES_H_
