// Per-code-point normalisation for the tokenizer (src/normalize.cc): what one
// input code point becomes after NFKC, case folding, optional mark stripping
// and optional Arabic-script folding, and how the result takes part in
// tokens. Answers are computed with utf8proc once per 256-code-point page and
// cached, because utf8proc's decomposition is far too slow to run per
// character of every article.
//
// Thread safety: all functions are safe to call concurrently; pages are
// published with an atomic compare-and-swap.
#ifndef WIRETRACE_SRC_INTERNAL_NORMALIZE_CHARS_H_
#define WIRETRACE_SRC_INTERNAL_NORMALIZE_CHARS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace wiretrace::internal {

// Which of the code-point-level options are on; indexes the page caches.
inline int CharMode(bool strip_marks, bool fold_arabic_variants) {
  return (strip_marks ? 1 : 0) | (fold_arabic_variants ? 2 : 0);
}
inline constexpr int kNumCharModes = 4;

// The role of an output code point in tokenization.
enum class PieceKind : uint8_t {
  kSeparator,  // ends the current token
  kWord,       // letter or number of a script written with spaces
  kUnspaced,   // letter or number of a script written without spaces (Han, kana, Thai...)
  kMark,       // combining mark kept because strip_marks is off; joins the current token
};

// One output code point with its UTF-8 bytes.
struct Piece {
  PieceKind kind = PieceKind::kSeparator;
  uint8_t size = 0;       // bytes used in `bytes`
  bool recompose = false;  // may compose with its neighbours (marks, conjoining jamo)
  char bytes[4] = {};
};

// The longest mapping utf8proc 2.8 produces for one code point is 18 code
// points (U+FDFA); mappings that would not fit are treated as separators.
inline constexpr int kMaxPieces = 32;

// How a whole input code point takes part in tokenization.
enum class CharKind : uint8_t {
  kSeparator,  // punctuation, symbols, spaces, controls, U+FFFD, unassigned
  kDrop,       // removed without splitting: format characters, tatweel, stripped marks
  kWord,       // appends `bytes` to the current word (starting one if needed)
  kUnspaced,   // `bytes` is one character that is a token of its own
  kMark,       // `bytes` joins whatever token is open (or starts a word)
  kComplex,    // anything else (e.g. "½" -> "1", "⁄", "2"): use MapCodePoint
};

// A cache entry; 8 bytes so that a page of 256 stays within 2 KiB.
struct CharEntry {
  CharKind kind = CharKind::kSeparator;
  uint8_t size = 0;        // bytes used in `bytes` (kWord, kUnspaced, kMark)
  bool recompose = false;  // the token must be recomposed (see Piece)
  char bytes[5] = {};
};
static_assert(sizeof(CharEntry) == 8);

// The full mapping of `cp` (< 0x110000) in `mode` (see CharMode): the kind of
// the input code point and, for kWord/kUnspaced/kMark/kComplex, its output
// code points in `pieces` (at least kMaxPieces long). Returns the number of
// pieces. Slow: it calls utf8proc.
int MapCodePoint(char32_t cp, int mode, CharKind* kind, Piece* pieces);

// The cache: one lazily built page per 256 code points and mode. Pages are
// never freed: they are bounded (2 KiB each, 8.5 MiB per mode if every page of
// Unicode is touched, a few dozen KiB for real text) and readers hold plain
// pointers into them.
inline constexpr int kCharPageBits = 8;
inline constexpr char32_t kCharPageSize = char32_t{1} << kCharPageBits;
inline constexpr size_t kNumCharPages = 0x110000 >> kCharPageBits;
struct CharPage {
  CharEntry entries[kCharPageSize];
};
extern std::atomic<const CharPage*> g_char_pages[kNumCharModes][kNumCharPages];

// Computes and publishes a page; returns the published one (another thread's
// if it won the race).
const CharPage* BuildCharPage(int mode, size_t page_index);

// The cached classification of `cp` in `mode`. Inline because it runs once
// per non-ASCII character.
inline const CharEntry& LookupChar(char32_t cp, int mode) {
  if (cp >= 0x110000) cp = 0xFFFD;  // callers decode valid scalars; stay in bounds anyway
  const size_t page_index = cp >> kCharPageBits;
  const CharPage* page = g_char_pages[mode][page_index].load(std::memory_order_acquire);
  if (page == nullptr) [[unlikely]] page = BuildCharPage(mode, page_index);
  return page->entries[cp & (kCharPageSize - 1)];
}

// Whether `cp` belongs to a script written without spaces between words
// (Han, Hiragana, Katakana, Bopomofo, Thai, Lao, Khmer, Myanmar).
bool IsUnspacedScript(char32_t cp);

// The Urdu form of an Arabic-script letter or the ASCII digit for an
// Arabic-Indic digit; `cp` itself when there is none. Applied to code points
// after decomposition, so that ئ (U+064A U+0654) folds through its ي.
char32_t FoldArabic(char32_t cp, bool strip_marks);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_NORMALIZE_CHARS_H_
