#include "internal/dateline.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "internal/dateline_lexicon.h"
#include "internal/dateline_tail.h"
#include "internal/unicode_classes.h"
#include "internal/utf8.h"
#include "wiretrace/credits.h"

namespace wiretrace::internal {
namespace dateline {
namespace {

// ---------------------------------------------------------------------------
// The scanner: the body, and the window that the current scan may not leave.


class Scanner {
 public:
  Scanner(std::string_view s, size_t limit, const DatelineAgencies& agencies)
      : s_(s), limit_(std::min(limit, s.size())), agencies_(agencies) {}

  Cp At(size_t pos) const {
    if (pos >= limit_) return Cp{0, 0};
    return DecodeUtf8At(s_.substr(0, limit_), pos);
  }

  // Skips a run of spaces: inline ones (IsInlineSpace), and with
  // kLineBreaks line breaks too (IsSpace). One loop for both, so that the two
  // cannot drift apart on which bytes may start a space.
  template <bool kLineBreaks>
  size_t SkipSpaceRun(size_t pos) const {
    while (pos < limit_) {
      const auto b = static_cast<unsigned char>(s_[pos]);
      if (b == ' ' || b == '\t' || b == '\v' || b == '\f' || (kLineBreaks && (b == '\n' || b == '\r'))) {
        ++pos;
        continue;
      }
      // Non-ASCII spaces start with C2 (NBSP, NEL), E2 (U+2000..), E3
      // (U+3000) or EF (BOM): letters of any script are rejected here.
      if (b < 0x80 || !(b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF)) break;
      const Cp c = At(pos);
      if (!(kLineBreaks ? IsSpace(c.cp) : IsInlineSpace(c.cp))) break;
      pos += c.len;
    }
    return pos;
  }
  size_t SkipInlineSpaces(size_t pos) const { return SkipSpaceRun<false>(pos); }
  size_t SkipSpaces(size_t pos) const { return SkipSpaceRun<true>(pos); }

  struct Word {
    size_t end = kNpos;
    int letters = 0;
    bool upper = false;     // has an upper-case letter
    bool lower = false;     // has a lower-case letter
    bool caseless = false;  // has a letter of a caseless script
    bool arabic = false;
  };

  // A word: letters and marks, with inner ' - . (D'ALENE, WINSTON-SALEM, N.Y)
  // and, after a short capitalised word, one final "." (ST. LOUIS, Ore.).
  Word ReadWord(size_t pos) const {
    Word w;
    Cp c = At(pos);
    const Case first = LetterCase(c.cp);
    if (c.len == 0 || first == Case::kNone) return w;
    while (c.len != 0) {
      // ASCII letters in a tight loop: most words of most leads.
      while (pos < limit_) {
        const auto b = static_cast<unsigned char>(s_[pos]);
        const auto folded = static_cast<unsigned char>(b | 0x20);
        if (folded < 'a' || folded > 'z') break;
        ++w.letters;
        if (b == folded) {
          w.lower = true;
        } else {
          w.upper = true;
        }
        ++pos;
      }
      // Two-byte Cyrillic and Arabic-script letters, likewise.
      while (pos + 1 < limit_) {
        const auto b0 = static_cast<unsigned char>(s_[pos]);
        const auto b1 = static_cast<unsigned char>(s_[pos + 1]);
        if (b0 < 0xD0 || b0 > 0xDB || !IsUtf8Continuation(b1)) break;
        const uint32_t cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
        if (cp >= 0x410 && cp <= 0x44F) {
          ++w.letters;
          if (cp <= 0x42F) {
            w.upper = true;
          } else {
            w.lower = true;
          }
        } else if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x671 && cp <= 0x6D3)) {
          ++w.letters;
          w.caseless = true;
          w.arabic = true;
        } else if (!(cp >= 0x64B && cp <= 0x65F)) {  // harakat continue a word
          break;
        }
        pos += 2;
      }
      c = At(pos);
      if (c.len == 0) break;
      const Case lc = LetterCase(c.cp);
      if (lc != Case::kNone) {
        ++w.letters;
        w.upper |= lc == Case::kUpper;
        w.lower |= lc == Case::kLower;
        w.caseless |= lc == Case::kCaseless;
        w.arabic |= IsArabicScript(c.cp);
        pos += c.len;
      } else if (IsMark(c.cp)) {
        pos += c.len;
      } else if (c.cp == '\'' || c.cp == 0x2019 || c.cp == '.' || c.cp == '&' || IsDash(c.cp)) {
        const Cp next = At(pos + c.len);
        if (next.len != 0 && IsLetter(next.cp)) {
          pos += c.len + next.len;
          const Case nc = LetterCase(next.cp);
          ++w.letters;
          w.upper |= nc == Case::kUpper;
          w.lower |= nc == Case::kLower;
          w.caseless |= nc == Case::kCaseless;
          w.arabic |= IsArabicScript(next.cp);
        } else {
          if (c.cp == '.' && w.letters <= 5 && first == Case::kUpper) pos += c.len;  // "Ore." "ST."
          break;
        }
      } else {
        break;
      }
      c = At(pos);
    }
    w.end = pos;
    return w;
  }

  // An integer of 1..max_digits digits (any script) that is not followed by
  // another digit; -1 when absent.
  int ReadNumber(size_t pos, int max_digits, size_t* end) const {
    int value = 0;
    int digits = 0;
    for (Cp c = At(pos); c.len != 0 && IsDecimalDigit(c.cp); c = At(pos)) {
      if (++digits > max_digits) return -1;
      value = value * 10 + DecimalDigitValue(c.cp);
      pos += c.len;
    }
    if (digits == 0) return -1;
    *end = pos;
    return value;
  }

  static std::string_view StripDot(std::string_view word) {
    if (!word.empty() && word.back() == '.') word.remove_suffix(1);
    return word;
  }

  size_t ReadMonth(size_t pos) const {
    if (pos + 3 > limit_ || !MayBeMonth(s_.substr(pos, 3))) return kNpos;
    const Word w = ReadWord(pos);
    if (w.end == kNpos) return kNpos;
    if (!IsMonth(StripDot(s_.substr(pos, w.end - pos)))) return kNpos;
    size_t end = w.end;
    if (At(end).cp == '.') end += 1;  // "Feb." "февр."
    return end;
  }

  size_t ReadDay(size_t pos) const {
    size_t end = 0;
    const int day = ReadNumber(pos, 2, &end);
    if (day >= 1 && day <= 31) {
      // "3rd", "25th".
      for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
        if (end + 2 <= limit_ && s_.substr(end, 2) == suffix && !IsLetter(At(end + 2).cp)) return end + 2;
      }
      return end;
    }
    if (pos + 6 <= limit_ && s_.substr(pos, 6) == "یکم") {  // "the first"
      const Word w = ReadWord(pos);
      if (w.end == pos + 6) return w.end;
    }
    return kNpos;
  }

  // Optional year after a date: ", 2022", " 2014ء", " 2022 г.", " 2022 года".
  size_t ReadYear(size_t pos) const {
    size_t q = pos;
    if (At(q).cp == ',') q += 1;
    q = SkipInlineSpaces(q);
    size_t end = 0;
    const int year = ReadNumber(q, 4, &end);
    if (year < 1000 || end - q < 4) return pos;
    if (At(end).cp == 0x621) return end + 2;  // "ء"
    const size_t r = SkipInlineSpaces(end);
    const Word w = ReadWord(r);
    if (w.end != kNpos) {
      const std::string_view word = s_.substr(r, w.end - r);
      if (word == "г." || word == "года") return w.end;
      if (word == "г" && At(w.end).cp == '.') return w.end + 1;
    }
    return end;
  }

  // A date: "March 3", "Feb. 26, 1987", "3 March 2022", "3 марта",
  // "25 февраля", "یکم دسمبر", "26ستمبر", "۲۵ فروری ۲۰۲۲ء". kNpos when absent.
  size_t ReadDate(size_t pos) const {
    size_t end = kNpos;
    const Cp first = At(pos);
    if (IsDecimalDigit(first.cp) || first.cp == 0x6CC) {  // "3 марта", "یکم دسمبر"
      if (const size_t d = ReadDay(pos); d != kNpos) {
        const size_t m = ReadMonth(SkipInlineSpaces(d));
        if (m != kNpos) end = ReadYear(m);
      }
    } else if (IsLetter(first.cp)) {
      // "March 3", "Feb. 26": a month name only counts before a day, so look
      // for the digit before looking the word up.
      const Word w = ReadWord(pos);
      size_t q = w.end;
      if (At(q).cp == '.') ++q;
      q = SkipInlineSpaces(q);
      if (!IsDecimalDigit(At(q).cp) || !IsMonth(StripDot(s_.substr(pos, w.end - pos)))) return kNpos;
      const size_t d = ReadDay(q);
      if (d != kNpos) end = ReadYear(d);
    }
    if (end == kNpos) return kNpos;
    const Cp after = At(end);
    if (after.len != 0 && (IsLetter(after.cp) || IsDecimalDigit(after.cp))) return kNpos;
    return end;
  }

  struct Item {
    size_t end = kNpos;
    int words = 0;
    bool caps = true;       // every word upper case (NEW DELHI, МОСКВА)
    bool caseless = false;  // a caseless script (Urdu, Arabic)
    bool function_word = false;  // an Urdu postposition: "انہوں نے کہا:" is not a place
    int letters = 0;
  };

  // A place name: 1..kMaxPlaceWords words on one line, followed by something
  // that is not another word (a place is never the start of a sentence).
  Item ReadItem(size_t pos) const {
    Item item;
    size_t p = pos;
    for (;;) {
      const Word w = ReadWord(p);
      if (w.end == kNpos) break;
      // "RICHMOND, Va. Feb 26", "JOHANNESBURG March 13": the date ends the
      // place (a month is followed by a digit, so look for that first).
      if (item.words > 0) {
        size_t q = w.end;
        if (At(q).cp == '.') ++q;
        q = SkipInlineSpaces(q);
        if (IsDecimalDigit(At(q).cp) && ReadDate(p) != kNpos) break;
      }
      if (item.words == kMaxPlaceWords) return Item{};
      // Latin and Cyrillic place words are capitalised, but for particles
      // ("Rio de Janeiro", "Stoke on Trent"): "Period ended" is no place.
      if (!w.caseless && LetterCase(At(p).cp) != Case::kUpper && !InList(s_.substr(p, w.end - p), Particles())) {
        return Item{};
      }
      ++item.words;
      item.letters += w.letters;
      if (w.arabic && InList(s_.substr(p, w.end - p), UrduPostpositions())) item.function_word = true;
      item.caps &= w.upper && !w.lower;
      item.caseless |= w.caseless;
      p = w.end;
      item.end = p;
      const size_t q = SkipInlineSpaces(p);
      if (q == p) break;
      p = q;
    }
    if (item.words == 0) return Item{};
    if (item.caseless) item.caps = false;
    return item;
  }

  struct Credit {
    size_t end = kNpos;
    CreditKind kind = kNoCredit;
  };

  // Judges the inside of a parenthesised credit. kNoCredit for anything that
  // looks like story text: digits, sentence punctuation, too many words.
  CreditKind JudgeCredit(size_t begin, size_t end, bool trailing) const {
    while (begin < end && IsSpace(At(begin).cp)) begin += At(begin).len;
    for (Cp c = DecodeUtf8Before(s_, end); end > begin && IsSpace(c.cp); c = DecodeUtf8Before(s_, end)) end -= c.len;
    if (begin >= end) return kNoCredit;
    const std::string_view inner = s_.substr(begin, end - begin);
    if (IsInputsCredit(inner) || agencies_.Contains(inner)) return kKnownCredit;  // also "（新华社）"
    if (trailing && IsReportingCredit(inner)) return kKnownCredit;
    int letters = 0;
    int pieces = 1;
    int words_in_piece = 0;
    bool in_word = false;
    size_t piece_begin = begin;
    bool known_piece = false;
    int word_letters = 0;
    for (size_t p = begin; p <= end;) {
      const Cp c = p < end ? At(p) : Cp{'+', 0};
      const bool piece_sep = p == end || c.cp == '+' || c.cp == '/' || c.cp == ',' || c.cp == 0x60C ||
                             c.cp == '&' || c.cp == '|' || c.cp == ';';
      if (IsLetter(c.cp) || IsMark(c.cp) || ((c.cp == '\'' || c.cp == 0x2019 || IsDash(c.cp)) && in_word)) {
        if (!in_word) {
          if (++words_in_piece > kMaxPieceWords) return kNoCredit;
          word_letters = 0;
        }
        in_word = true;
        if (IsLetter(c.cp)) {
          ++letters;
          ++word_letters;
        }
      } else if (c.cp == '.') {
        // Only inside abbreviations ("U.S.", "Pvt."), never a sentence end.
        if (!in_word || word_letters > 4 || p + c.len >= end) return kNoCredit;
        in_word = false;
      } else if (IsSpace(c.cp)) {
        in_word = false;
      } else if (piece_sep) {
        in_word = false;
        if (c.cp == ';' && !trailing) return kNoCredit;
        // A piece of a list ("AFP/Sports Desk"); a lone piece is the whole
        // credit, looked up already.
        if (!known_piece && (pieces > 1 || p != end) && agencies_.Contains(s_.substr(piece_begin, p - piece_begin))) {
          known_piece = true;
        }
        if (p != end && ++pieces > kMaxCreditPieces) return kNoCredit;
        words_in_piece = 0;
        piece_begin = p + c.len;
      } else if (c.cp == ':') {
        in_word = false;  // "(رپورٹ:راؤ خالد محمود)", "(Photo: AP)"
      } else {
        return kNoCredit;  // digits, quotes, brackets, sentence punctuation
      }
      if (p == end) break;
      p += c.len;
    }
    if (letters < 2) return kNoCredit;
    if (known_piece || HasNewsroomWord(inner)) return kKnownCredit;
    char buf[32];
    size_t n = 0;
    if (FoldWord(inner, buf, sizeof(buf), &n) && InList(std::string_view(buf, n), NotCredits())) return kNoCredit;
    return kUnknownCredit;
  }

  // A parenthesised credit at `pos`: "(ANI)", "（新华社）", "/ТАСС/"; with
  // `misprint_open`, also ")نیوز ایجنسیاں)".
  Credit ReadCredit(size_t pos, bool misprint_open) const {
    const Cp open = At(pos);
    const bool slash = open.cp == '/';
    if (!(IsOpenParen(open.cp) || slash || (misprint_open && open.cp == ')'))) return Credit{};
    const size_t inner = pos + open.len;
    for (size_t p = inner; p < limit_ && p - inner <= kMaxParenCredit;) {
      const Cp c = At(p);
      if (c.len == 0 || IsLineBreak(c.cp) || IsOpenParen(c.cp)) return Credit{};
      if (slash ? c.cp == '/' : IsCloseParen(c.cp)) {
        const CreditKind kind = JudgeCredit(inner, p, /*trailing=*/false);
        // Slashes delimit credits only around a known name ("/ТАСС/"): a
        // slash is too common otherwise.
        if (kind == kNoCredit || (slash && kind != kKnownCredit)) return Credit{};
        return Credit{p + c.len, kind};
      }
      p += c.len;
    }
    return Credit{};
  }

  struct Sep {
    size_t end = kNpos;
    bool any = false;
    bool strong = false;  // a dash, colon or "۔۔۔": ends a dateline on its own
  };

  // A run of separators between dateline and story: " - ", " -- ", " — ",
  // ": ", "۔۔۔۔۔", ". ", and mixtures ("۔۔۔۔.").
  Sep ReadSep(size_t pos) const {
    Sep sep;
    int dashes = 0;
    int colons = 0;
    int stops = 0;
    size_t p = pos;
    size_t last = pos;
    bool spaced = false;  // whitespace on either side of the run
    {
      const Cp before = pos > 0 ? DecodeUtf8Before(s_.substr(0, pos), pos) : Cp{0, 0};
      spaced = before.len != 0 && IsSpace(before.cp);
    }
    for (;;) {
      const Cp c = At(p);
      if (c.len == 0) {
        spaced = true;  // the run ends the text (or the window)
        break;
      }
      if (IsInlineSpace(c.cp)) spaced = true;
      if (IsDash(c.cp) || c.cp == '|') {
        ++dashes;
      } else if (c.cp == ':' || c.cp == 0xFF1A) {
        ++colons;
      } else if (c.cp == 0x6D4 || c.cp == '.') {
        ++stops;
      } else if (!IsInlineSpace(c.cp)) {
        if (IsLineBreak(c.cp)) spaced = true;
        // "U.S.-Japan", "M-1", "10:30": a hyphen or colon inside a name or
        // number does not end a dateline.
        if ((dashes > 0 || colons > 0) && !spaced && IsDecimalDigit(c.cp)) return sep;
        break;
      }
      p += c.len;
      if (!IsInlineSpace(c.cp)) last = p;
    }
    if (dashes + colons + stops == 0) return sep;
    if (dashes > 0 && !spaced) return sep;
    sep.end = last;
    sep.any = true;
    sep.strong = dashes > 0 || colons > 0 || stops >= 2;
    return sep;
  }

  // A known agency written out after a dateline's dash ("— РИА Новости.",
  // "- Reuters:"), up to three words, then its own separator. kNpos if none.
  size_t ReadAgencyAfterSep(size_t pos) const {
    size_t p = pos;
    for (int n = 0; n < 3; ++n) {
      const Word w = ReadWord(p);
      if (w.end == kNpos) break;
      // The name must be followed by its own separator ("РИА Новости."); test
      // that before looking the words up.
      size_t end = kNpos;
      if (s_[w.end - 1] == '.') {
        end = w.end;
      } else if (const Sep sep = ReadSep(SkipInlineSpaces(w.end)); sep.any) {
        end = sep.end;
      }
      if (end != kNpos) {
        std::string_view name = s_.substr(pos, w.end - pos);
        if (!name.empty() && name.back() == '.') name.remove_suffix(1);
        return agencies_.Contains(name) ? end : kNpos;
      }
      const size_t q = SkipInlineSpaces(w.end);
      if (q == w.end) break;
      p = q;
    }
    return kNpos;
  }

  // After a credit with no separator, the story must start like a sentence:
  // not with a lower-case word ("IBM (Big Blue) said") nor an Urdu
  // postposition ("تحریک انصاف (پی ٹی آئی) کے").
  // A known credit skips the postposition test: scraped copies lose words
  // ("اسلام آباد (اے پی پی) کے کیمپ آفس"), and "(اسٹاف رپورٹ )کے ای ایس سی"
  // starts with the letter K.
  bool StartsStory(size_t pos, bool known = false) const {
    const size_t p = SkipSpaces(pos);
    const Cp c = At(p);
    if (c.len == 0) return true;
    const Case lc = LetterCase(c.cp);
    if (lc == Case::kLower) return false;
    if (!known && lc == Case::kCaseless && IsArabicScript(c.cp)) {
      const Word w = ReadWord(p);
      if (w.end != kNpos && InList(s_.substr(p, w.end - p), UrduPostpositions())) return false;
    }
    return true;
  }

  // The places and regions after the first (`city`): "PORTLAND, Ore.",
  // "Beijing [China]", "کوئٹہ/اسلام آباد", "بھوانہ (چنیوٹ)/ سرگودھا". Returns
  // where they end; a date met after a comma ends them and is returned in
  // [*date_begin, *date_end), so that it is not read twice.
  size_t ReadMorePlaces(const Item& city, size_t* date_begin, size_t* date_end) const {
    size_t p = city.end;
    int parts = 1;
    while (parts < kMaxPlaceParts) {
      const size_t q = SkipInlineSpaces(p);
      const Cp c = At(q);
      if (c.cp == '[') {  // ANI: "Beijing [China], Feb 25 (ANI):"
        size_t r = q + 1;
        while (r < limit_ && r - q < 48 && (IsLetter(At(r).cp) || IsMark(At(r).cp) || At(r).cp == ' ' ||
                                            At(r).cp == '.' || IsDash(At(r).cp))) {
          r += At(r).len;
        }
        if (At(r).cp != ']' || r == q + 1) break;
        p = r + 1;
      } else if (c.cp == ',' || c.cp == 0x60C || c.cp == '/' || c.cp == '+' || c.cp == '&') {
        const size_t r = SkipInlineSpaces(q + c.len);
        if (c.cp == ',' || c.cp == 0x60C) {  // the tail's date
          const size_t d = ReadDate(r);
          if (d != kNpos) {
            *date_begin = r;
            *date_end = d;
            break;
          }
        }
        const Cp first = At(r);
        const Case lc = LetterCase(first.cp);
        // A region after a comma is capitalised ("SAFT, a unit of" is not a
        // dateline); after a slash or plus, another place.
        if (lc == Case::kNone || (lc == Case::kLower && c.cp == ',')) break;
        const Item region = ReadItem(r);
        if (region.end == kNpos) break;
        p = region.end;
      } else if (city.caseless && IsOpenParen(c.cp)) {
        // A district in parentheses, then more places: "بھوانہ (چنیوٹ)/ سرگودھا".
        size_t close = q + 1;
        while (close < limit_ && close - q < 64 && s_[close] != ')' && s_[close] != '\n') ++close;
        if (close >= limit_ || s_[close] != ')') break;
        const uint32_t next = At(SkipInlineSpaces(close + 1)).cp;
        if (!(next == '/' || next == '+' || next == ',' || next == 0x60C)) break;
        const Credit paren = ReadCredit(q, false);
        if (paren.kind == kNoCredit) break;
        p = paren.end;
      } else {
        break;
      }
      ++parts;
    }
    return p;
  }

  // The lead dateline at `pos` (after leading spaces): the offset where the
  // story starts, or kNpos.
  size_t ReadLead(size_t pos) const {
    // A credit with no place: "(ANI) -", "(Reuters) -".
    if (IsOpenParen(At(pos).cp)) {
      const Credit credit = ReadCredit(pos, false);
      if (credit.kind == kNoCredit) return kNpos;
      const Sep sep = ReadSep(SkipInlineSpaces(credit.end));
      if (sep.strong) return sep.end;
      if (credit.kind == kKnownCredit && StartsStory(credit.end, true)) return credit.end;
      return kNpos;
    }
    // The place: "NEW DELHI", "PORTLAND, Ore.", "Beijing [China]",
    // "کوئٹہ/اسلام آباد", "بھوانہ (چنیوٹ)/ سرگودھا".
    const Item city = ReadItem(pos);
    if (city.end == kNpos) return kNpos;
    size_t date_begin = kNpos;  // a date found after a comma, not read twice
    size_t date_end = kNpos;
    size_t p = ReadMorePlaces(city, &date_begin, &date_end);

    // The date: ", March 3", " ۔ یکم دسمبر", "۔26ستمبر", " في 3 مارس".
    bool date = false;
    {
      size_t q = SkipInlineSpaces(p);
      const Cp c = At(q);
      if (c.cp == ',' || c.cp == 0x60C || c.cp == 0x6D4 || IsDash(c.cp)) q = SkipInlineSpaces(q + c.len);
      if (s_.substr(q, std::min<size_t>(5, limit_ - std::min(q, limit_))) == "في ") q += 5;
      if (const size_t d = q == date_begin ? date_end : ReadDate(q); d != kNpos) {
        date = true;
        p = d;
      }
    }
    // Credit: "(Reuters)", "/ТАСС/", ", Reuter", ". /ТАСС/".
    CreditKind credit = kNoCredit;
    {
      size_t q = SkipInlineSpaces(p);
      Credit c = ReadCredit(q, city.caseless);
      if (c.kind == kNoCredit && date) {  // "МОСКВА, 25 февраля. /ТАСС/."
        const Cp punct = At(q);
        if (punct.cp == '.' || punct.cp == ',' || punct.cp == 0x6D4 || punct.cp == 0x60C || IsDash(punct.cp)) {
          const size_t r = SkipInlineSpaces(q + punct.len);
          c = ReadCredit(r, false);
          // After a dash only a known agency: "MONTREAL, April 7 - (Comterm
          // Inc) said" starts the story.
          if (punct.cp != '.' && c.kind != kKnownCredit) c = Credit{};
          if (c.kind == kNoCredit && date && punct.cp == ',') {
            // "WASHINGTON, March 12, Reuter -"
            const size_t a = ReadAgencyAfterSep(r);
            if (a != kNpos) c = Credit{a, kKnownCredit};
          }
        }
      }
      // A credit is followed by a separator or by the start of a sentence:
      // "(Consolidated-Bathurst Inc) said" is the story's subject.
      if (c.kind != kNoCredit &&
          (ReadSep(SkipInlineSpaces(c.end)).any || StartsStory(c.end, c.kind == kKnownCredit))) {
        credit = c.kind;
        p = c.end;
      }
    }
    // A stray comma before the dash: "WASHINGTON, June 19, - After".
    if (date || city.caps) {
      const size_t q = SkipInlineSpaces(p);
      if (At(q).cp == ',' && ReadSep(SkipInlineSpaces(q + 1)).strong) p = q + 1;
    }
    // Caseless places take unknown credits only as one short name each
    // ("لاہور (سپورٹس رپورٹر)"), not a phrase ("وزیراعظم نواز شریف (آج)").
    const Sep sep = ReadSep(SkipInlineSpaces(p));
    bool ok = false;
    if (date) {
      // "Period ended December 31." is not a dateline; "МОСКВА, 25 февраля.
      // /ТАСС/." has its credit and "ڈھاکہ ۔ یکم دسمبر (اے پی پی)" too.
      ok = credit != kNoCredit || sep.strong;
    } else if (credit == kKnownCredit) {
      ok = sep.any || StartsStory(p, true);
    } else if (credit == kUnknownCredit) {
      ok = sep.strong || (city.caseless && !city.function_word && city.words <= 3 && StartsStory(p));
    } else {
      const bool known_place = agencies_.Contains(s_.substr(pos, city.end - pos));  // "Xinhua —"
      ok = sep.strong && ((city.caps && city.letters >= 2) || (city.caseless && !city.function_word) || known_place);
      // A lone "۔" ends an Urdu sentence; "." and ":" after one Latin word may
      // be a label, but only a dash or colon counts there.
    }
    if (!ok) return kNpos;
    if (sep.any) {
      p = sep.end;
      // "МОСКВА, 3 мар — РИА Новости. ..."
      if (credit == kNoCredit) {
        const size_t a = ReadAgencyAfterSep(SkipInlineSpaces(p));
        if (a != kNpos) p = a;
      }
      // "CHEVY CHASE, Md., - March 4 - Geico"
      if (!date) {
        const size_t d = ReadDate(SkipInlineSpaces(p));
        if (d != kNpos) {
          const Sep after = ReadSep(SkipInlineSpaces(d));
          if (after.strong) p = after.end;
        }
      }
    }
    return p;
  }

  // Whether the date [begin, end) ends with a four-digit year.
  bool HasYear(size_t begin, size_t end) const {
    int digits = 0;
    for (size_t p = begin; p < end;) {
      const Cp c = At(p);
      digits = IsDecimalDigit(c.cp) ? digits + 1 : (IsSpace(c.cp) || c.cp == ',' ? 0 : digits);
      if (digits == 4) return true;
      p += c.len;
    }
    return false;
  }

  // The whole lead: an optional line that is only a date ("February 25,
  // 2022"), then an optional dateline. Returns where the story starts (0 when
  // there is no lead).
  size_t Lead() const {
    size_t pos = 0;
    // Leading spaces, a BOM, and the "****" that some feeds put before a flash.
    for (Cp c = At(pos); c.len != 0 && (IsSpace(c.cp) || c.cp == '*'); c = At(pos)) pos += c.len;
    size_t story = 0;
    // Only with a year: "Dec 31" above a results table is its period.
    if (const size_t d = ReadDate(pos); d != kNpos && HasYear(pos, d)) {
      size_t q = SkipInlineSpaces(d);
      if (At(q).len == 0 && q == s_.size()) return q;  // the body is a date
      if (IsLineBreak(At(q).cp)) {
        pos = SkipSpaces(q);
        story = pos;
      }
    }
    const size_t lead = ReadLead(pos);
    if (lead != kNpos) story = lead;
    if (story == 0) return 0;
    return SkipSpaces(story);
  }

 private:
  std::string_view s_;
  size_t limit_;
  const DatelineAgencies& agencies_;
};

}  // namespace

CreditKind JudgeCredit(std::string_view s, size_t begin, size_t end, bool trailing,
                       const DatelineAgencies& agencies) {
  return Scanner(s, s.size(), agencies).JudgeCredit(begin, end, trailing);
}

}  // namespace dateline

StoryBounds FindStoryBounds(std::string_view body, const DatelineAgencies& agencies) {
  if (body.size() > UINT32_MAX) body = body.substr(0, UINT32_MAX);
  if (body.empty()) return StoryBounds{0, 0};
  const dateline::Scanner lead(body, kLeadWindow, agencies);
  const size_t begin = lead.Lead();
  const size_t end = std::max(begin, dateline::StoryEnd(body, begin, agencies));
  return StoryBounds{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

size_t LeadDatelineEnd(std::string_view body, const DatelineAgencies& agencies) {
  if (body.size() > UINT32_MAX) body = body.substr(0, UINT32_MAX);
  if (body.empty()) return 0;
  return dateline::Scanner(body, kLeadWindow, agencies).Lead();
}

}  // namespace wiretrace::internal
