// Normalize: turns raw article text into a sequence of normalised tokens, each
// remembering where it came from in the original bytes (provenance needs the
// offsets to show shared passages).
//
//   wiretrace::NormalizeOptions options;
//   std::vector<wiretrace::Token> tokens;
//   wiretrace::Tokenize("Kiev’s refusal &amp; the “Minsk” deal", options, &tokens);
//   // tokens: kiev s refusal the minsk deal  (the same hashes as for
//   //         "KIEV'S REFUSAL & the \"Minsk\" deal")
//
// What is made equal: Unicode NFKC and case folding; curly/straight quotes,
// dashes and non-breaking spaces (all are separators); HTML tags are dropped and
// entities (&amp; &#8217; &#x2019; &nbsp;) decoded; line wrapping (any run of
// whitespace is one separator); combining marks (diacritics, Arabic harakat) are
// stripped when strip_marks is on, and so are the few Latin diacritics that are
// not combining marks (ı ł ø đ ħ ŧ -> i l o d h t, which also makes Turkish
// "DİYARBAKIR" equal "Diyarbakır"); Arabic-script letter variants are folded to
// their Urdu forms (ي/ى→ی, ك→ک, ه/ة→ہ, أ/إ/آ→ا when marks are stripped) and
// Arabic-Indic and Extended Arabic-Indic digits become ASCII digits; format
// characters such as ZWNJ, ZWJ, soft hyphen and tatweel are removed without
// splitting the word (ZERO WIDTH SPACE, whose job is to mark a word boundary,
// separates). Punctuation of every script (including Urdu "۔" and "،")
// separates tokens.
//
// Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer,
// Myanmar) give one token per character, flagged `unspaced`, so that shingling
// can build character n-grams there. Hangul, Latin, Cyrillic, Arabic etc. give
// one token per word.
//
// Thread safety: pure functions; safe to call concurrently.
#ifndef WIRETRACE_NORMALIZE_H_
#define WIRETRACE_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace wiretrace {

struct NormalizeOptions {
  // Strip combining marks after NFKC decomposition (café = cafe, ё = е, Urdu
  // with and without harakat). Default on: copies differ in diacritics far more
  // often than two different stories differ only in them.
  bool strip_marks = true;

  // Drop HTML tags (<p>, </a>, <br/>, <!-- ... -->) and decode entities. Default
  // on: scraped pages keep stray markup. Turn off for plain text that uses "<"
  // literally (a tag-like run is dropped only when it looks like a tag).
  bool strip_markup = true;

  // Fold Arabic vs Urdu forms of the same letter (see above). Default on.
  bool fold_arabic_variants = true;

  absl::Status Validate() const { return absl::OkStatus(); }
};

// One normalised token.
struct Token {
  uint32_t begin = 0;  // byte offset of the token's first byte in the input
  uint32_t end = 0;    // one past its last byte in the input
  uint32_t line = 0;   // 0-based index of the input line ('\n'-separated) it starts on
  bool unspaced = false;  // one character of a script written without spaces
  uint64_t hash = 0;   // XXH3_64bits of the normalised token's UTF-8 bytes
};

// Appends the tokens of `text` to *tokens (which is not cleared, so that a
// caller can tokenize a title and a body into one sequence). Offsets are
// relative to `text`. Never fails: invalid UTF-8 bytes are treated as U+FFFD,
// which is a separator. Inputs longer than 4 GiB are truncated at 4 GiB.
void Tokenize(std::string_view text, const NormalizeOptions& options, std::vector<Token>* tokens);

// The normalised text itself: the tokens' normalised forms joined by single
// spaces ("kiev s refusal the minsk deal"). For tests, --explain and debugging;
// the pipeline itself uses only the hashes. Consistent with Tokenize: token i
// of Tokenize has hash XXH3_64bits(word i of this string).
std::string NormalizedText(std::string_view text, const NormalizeOptions& options);

}  // namespace wiretrace

#endif  // WIRETRACE_NORMALIZE_H_
