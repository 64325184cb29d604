// HTML character references for the tokenizer's markup stripping.
//
// Thread safety: pure functions; safe to call concurrently.
#ifndef WIRETRACE_SRC_INTERNAL_NORMALIZE_ENTITIES_H_
#define WIRETRACE_SRC_INTERNAL_NORMALIZE_ENTITIES_H_

#include <cstddef>
#include <string_view>

namespace wiretrace::internal {

// Decodes the character reference at the start of `text` (text[0] == '&'):
// a named HTML 4 entity ("&amp;", "&eacute;", "&rsquo;"; names are case
// sensitive, as in HTML) or a numeric one ("&#8217;", "&#x2019;"), each closed
// by ';'. Returns the bytes it spans, ';' included, and sets *cp; returns 0
// (and leaves *cp alone) when `text` starts with no reference we know, so that
// the caller keeps "&foo;" as text. Numeric references to 0, surrogates or
// beyond U+10FFFF give U+FFFD; those to 0x80-0x9F give the Windows-1252
// character, as browsers do, because legacy pages write &#146; for ’.
size_t DecodeEntity(std::string_view text, char32_t* cp);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_NORMALIZE_ENTITIES_H_
