#include "internal/normalize_chars.h"

#include <atomic>
#include <cstddef>
#include <cstring>

#include "internal/unicode_classes.h"
#include "utf8proc.h"

namespace wiretrace::internal {
namespace {

bool IsConjoiningJamo(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xD7B0 && cp <= 0xD7FF);
}

bool IsLetterOrNumber(utf8proc_category_t category) {
  return IsLetterCategory(category) || IsNumberCategory(category);
}

bool IsMark(utf8proc_category_t category) { return IsMarkCategory(category); }

// Characters removed without splitting the word they sit in.
bool IsDropped(char32_t cp, utf8proc_category_t category) {
  // Tatweel (kashida) only stretches Arabic letters for justification.
  if (cp == 0x0640) return true;
  // ZERO WIDTH SPACE is Cf but exists to mark a word boundary (Thai, Khmer and
  // long URLs use it), so it separates instead; see MapCodePoint.
  return category == UTF8PROC_CATEGORY_CF && cp != 0x200B;
}

// Latin letters whose diacritic is part of the letter rather than a combining
// mark, so that stripping marks does not reach it. Copies and transliterated
// rewrites drop these as readily as accents ("Lodz", "Soren"), and Turkish
// dotless ı must meet "I" -> "i": language-neutral case folding sends
// "DİYARBAKIR" to "diyarbakir" but "Diyarbakır" keeps its ı.
char32_t StripLetterDiacritic(char32_t cp) {
  switch (cp) {
    case 0x0131: return U'i';  // ı
    case 0x0142: return U'l';  // ł
    case 0x00F8: return U'o';  // ø
    case 0x0111: return U'd';  // đ
    case 0x0127: return U'h';  // ħ
    case 0x0167: return U't';  // ŧ
    default: return cp;
  }
}

void EncodeUtf8(char32_t cp, Piece* piece) {
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t size = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), bytes);
  piece->size = static_cast<uint8_t>(size);
  std::memcpy(piece->bytes, bytes, static_cast<size_t>(size));
}

CharEntry MakeEntry(char32_t cp, int mode) {
  CharEntry entry;
  Piece pieces[kMaxPieces];
  CharKind kind;
  const int count = MapCodePoint(cp, mode, &kind, pieces);
  entry.kind = kind;
  if (kind == CharKind::kSeparator || kind == CharKind::kDrop) return entry;

  // Summarise the pieces into one of the fast kinds when they fit.
  size_t size = 0;
  bool recompose = false;
  bool all_word = true;
  bool all_mark = true;
  for (int i = 0; i < count; ++i) {
    size += pieces[i].size;
    recompose = recompose || pieces[i].recompose;
    all_word = all_word && (pieces[i].kind == PieceKind::kWord ||
                            (i > 0 && pieces[i].kind == PieceKind::kMark));
    all_mark = all_mark && pieces[i].kind == PieceKind::kMark;
  }
  if (count == 0 || size > sizeof(entry.bytes)) {
    entry.kind = count == 0 ? CharKind::kDrop : CharKind::kComplex;
    return entry;
  }
  if (all_word) {
    entry.kind = CharKind::kWord;
  } else if (all_mark) {
    entry.kind = CharKind::kMark;
  } else if (count == 1 && pieces[0].kind == PieceKind::kUnspaced) {
    entry.kind = CharKind::kUnspaced;
  } else {
    entry.kind = CharKind::kComplex;
    return entry;
  }
  entry.recompose = recompose;
  entry.size = static_cast<uint8_t>(size);
  size_t at = 0;
  for (int i = 0; i < count; ++i) {
    std::memcpy(entry.bytes + at, pieces[i].bytes, pieces[i].size);
    at += pieces[i].size;
  }
  return entry;
}

}  // namespace

bool IsUnspacedScript(char32_t cp) {
  if (cp < 0x0E00) return false;
  if (cp <= 0x0EFF) return true;                   // Thai, Lao
  if (cp >= 0x1000 && cp <= 0x109F) return true;   // Myanmar
  if (cp >= 0x1780 && cp <= 0x17FF) return true;   // Khmer
  if (cp >= 0x19E0 && cp <= 0x19FF) return true;   // Khmer symbols
  if (cp >= 0x2E80 && cp <= 0x2FDF) return true;   // CJK and Kangxi radicals
  if (cp >= 0x3005 && cp <= 0x3007) return true;   // 々 〆 〇
  if (cp >= 0x3021 && cp <= 0x3029) return true;   // Hangzhou numerals
  if (cp >= 0x3038 && cp <= 0x303C) return true;
  if (cp >= 0x3040 && cp <= 0x312F) return true;   // Hiragana, Katakana, Bopomofo
  if (cp >= 0x31A0 && cp <= 0x31BF) return true;   // Bopomofo extended
  if (cp >= 0x31F0 && cp <= 0x31FF) return true;   // Katakana phonetic extensions
  if (cp >= 0x3400 && cp <= 0x4DBF) return true;   // CJK extension A
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;   // CJK unified ideographs
  if (cp >= 0xA9E0 && cp <= 0xA9FF) return true;   // Myanmar extended B
  if (cp >= 0xAA60 && cp <= 0xAA7F) return true;   // Myanmar extended A
  if (cp >= 0xF900 && cp <= 0xFAFF) return true;   // CJK compatibility ideographs
  if (cp >= 0xFF66 && cp <= 0xFF9F) return true;   // halfwidth Katakana
  if (cp >= 0x1B000 && cp <= 0x1B16F) return true;  // Kana supplement and extensions
  if (cp >= 0x20000 && cp <= 0x3FFFF) return true;  // CJK extensions B-H, compatibility supplement
  return false;
}

char32_t FoldArabic(char32_t cp, bool strip_marks) {
  if (cp < 0x0622 || cp > 0x06F9) return cp;
  if (cp >= 0x0660 && cp <= 0x0669) return U'0' + (cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return U'0' + (cp - 0x06F0);
  switch (cp) {
    case 0x064A:  // ي Arabic yeh
    case 0x0649:  // ى alef maksura
      return 0x06CC;  // ی Farsi yeh
    case 0x0643:      // ك Arabic kaf
      return 0x06A9;  // ک keheh
    case 0x0647:      // ه Arabic heh
    case 0x0629:      // ة teh marbuta
    case 0x06C3:      // ۃ teh marbuta goal
      return 0x06C1;  // ہ heh goal
    default:
      break;
  }
  if (!strip_marks) return cp;
  // Letters whose difference is a hamza or madda: only equal once marks go.
  // Most of these already lose the mark through canonical decomposition; the
  // explicit cases keep the folding right if a caller bypasses it.
  switch (cp) {
    case 0x0622:  // آ
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0671:  // ٱ alef wasla (no decomposition)
      return 0x0627;
    case 0x0624:  // ؤ
      return 0x0648;
    case 0x0626:  // ئ
      return 0x06CC;
    case 0x06C2:  // ۂ
      return 0x06C1;
    case 0x06D3:  // ۓ
      return 0x06D2;
    default:
      return cp;
  }
}

int MapCodePoint(char32_t cp, int mode, CharKind* kind, Piece* pieces) {
  const bool strip_marks = (mode & 1) != 0;
  const bool fold_arabic = (mode & 2) != 0;
  const auto input = static_cast<utf8proc_int32_t>(cp);
  const utf8proc_category_t category = utf8proc_category(input);
  if (IsDropped(cp, category) || (strip_marks && IsMark(category))) {
    *kind = CharKind::kDrop;
    return 0;
  }
  if (!IsLetterOrNumber(category) && !IsMark(category)) {
    *kind = CharKind::kSeparator;
    return 0;
  }

  // NFKC + case folding (+ mark stripping) of the code point alone. Composition
  // across code points is left to the tokenizer, which recomposes a token
  // when a piece says it may compose with its neighbours.
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | (strip_marks ? UTF8PROC_STRIPMARK : 0));
  utf8proc_int32_t buffer[kMaxPieces];
  utf8proc_uint8_t utf8[4];
  const utf8proc_ssize_t utf8_size = utf8proc_encode_char(input, utf8);
  utf8proc_ssize_t count = utf8proc_decompose(utf8, utf8_size, buffer, kMaxPieces, options);
  if (count < 0 || count > kMaxPieces) {
    *kind = CharKind::kSeparator;
    return 0;
  }
  count = utf8proc_normalize_utf32(buffer, count, options);
  if (count < 0) {
    *kind = CharKind::kSeparator;
    return 0;
  }

  int pieces_out = 0;
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    auto out = static_cast<char32_t>(buffer[i]);
    if (strip_marks) out = StripLetterDiacritic(out);
    if (fold_arabic) out = FoldArabic(out, strip_marks);
    const utf8proc_category_t out_category = utf8proc_category(static_cast<utf8proc_int32_t>(out));
    if (IsDropped(out, out_category)) continue;  // e.g. the tatweel inside U+FE71
    Piece& piece = pieces[pieces_out++];
    piece = Piece();
    if (IsLetterOrNumber(out_category)) {
      piece.kind = IsUnspacedScript(out) ? PieceKind::kUnspaced : PieceKind::kWord;
      piece.recompose = IsConjoiningJamo(out);
    } else if (IsMark(out_category)) {
      piece.kind = PieceKind::kMark;
      piece.recompose = true;
    } else {
      piece.kind = PieceKind::kSeparator;
    }
    EncodeUtf8(out, &piece);
  }
  // A letter that maps to nothing but dropped code points is itself dropped.
  *kind = pieces_out == 0 ? CharKind::kDrop : CharKind::kComplex;
  return pieces_out;
}

std::atomic<const CharPage*> g_char_pages[kNumCharModes][kNumCharPages];

const CharPage* BuildCharPage(int mode, size_t page_index) {
  auto* page = new CharPage;
  const auto first = static_cast<char32_t>(page_index << kCharPageBits);
  for (char32_t i = 0; i < kCharPageSize; ++i) page->entries[i] = MakeEntry(first + i, mode);
  const CharPage* expected = nullptr;
  if (g_char_pages[mode][page_index].compare_exchange_strong(expected, page, std::memory_order_acq_rel,
                                                            std::memory_order_acquire)) {
    return page;
  }
  // Another thread published the same page first; both computed the same data.
  delete page;
  return expected;
}

}  // namespace wiretrace::internal
