#include "internal/unicode_classes.h"

#include "internal/normalize_chars.h"

namespace wiretrace::internal {
namespace {

utf8proc_category_t CategoryOf(uint32_t c) {
  return static_cast<utf8proc_category_t>(utf8proc_category(static_cast<utf8proc_int32_t>(c)));
}

}  // namespace

Case NonAsciiLetterCase(uint32_t c) {
  switch (CategoryOf(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      return IsUnspacedScript(c) ? Case::kNone : Case::kUpper;
    case UTF8PROC_CATEGORY_LL:
      return IsUnspacedScript(c) ? Case::kNone : Case::kLower;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return IsUnspacedScript(c) ? Case::kNone : Case::kCaseless;
    default:
      return Case::kNone;
  }
}

bool IsNonAsciiMark(uint32_t c) {
  if (c == 0x200C || c == 0x200D || c == 0x640) return true;  // ZWNJ, ZWJ (format characters), tatweel (Lm)
  return IsMarkCategory(CategoryOf(c));
}

bool IsNonAsciiWordChar(uint32_t c) {
  if (IsUnspacedScript(c)) return false;
  const utf8proc_category_t category = CategoryOf(c);
  return IsLetterCategory(category) || IsNumberCategory(category) || IsMarkCategory(category);
}

int NonAsciiDigitValue(uint32_t c) {
  if (CategoryOf(c) != UTF8PROC_CATEGORY_ND) return -1;
  uint32_t zero = c;  // the first digit of c's run
  while (zero > 0 && CategoryOf(zero - 1) == UTF8PROC_CATEGORY_ND) --zero;
  return static_cast<int>((c - zero) % 10);
}

}  // namespace wiretrace::internal
