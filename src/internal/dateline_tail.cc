#include "internal/dateline_tail.h"

#include <algorithm>
#include <cstdint>

#include "internal/dateline.h"
#include "internal/dateline_lexicon.h"
#include "internal/unicode_classes.h"
#include "internal/utf8.h"

namespace wiretrace::internal::dateline {
namespace {

// ---------------------------------------------------------------------------
// Trailing credits, scanned backwards from the end.

class TailScanner {
 public:
  TailScanner(std::string_view s, size_t lo, const DatelineAgencies& agencies)
      : s_(s),
        lo_(lo),
        floor_(std::max(lo, s.size() > kTailWindow ? s.size() - kTailWindow : size_t{0})),
        agencies_(agencies) {}

  Cp Before(size_t pos) const {
    if (pos <= floor_) return Cp{0, 0};
    const auto b = static_cast<unsigned char>(s_[pos - 1]);
    if (b < 0x80) return Cp{b, 1};
    return DecodeUtf8Before(s_, pos);
  }

  size_t TrimBack(size_t pos) const {
    for (Cp c = Before(pos); c.len != 0 && IsSpace(c.cp); c = Before(pos)) pos -= c.len;
    return pos;
  }

  // Whether a sentence ends before `pos` (across spaces and line breaks): an
  // unknown parenthesis after it is a sign-off, while "Record March 25\n
  // (Santa Anita Realty Enterprises Inc)" is part of a table.
  bool AfterSentence(size_t pos) const {
    size_t p = pos;
    for (Cp c = Before(p); c.len != 0 && IsSpace(c.cp); c = Before(p)) p -= c.len;
    const Cp c = Before(p);
    if (c.len == 0) return false;
    if (IsSentenceEnd(c.cp)) return true;
    if (IsClosingQuote(c.cp)) {
      const Cp q = Before(p - c.len);
      return q.len != 0 && IsSentenceEnd(q.cp);
    }
    return false;
  }

  bool SameLineSentenceEnd(size_t pos) const {
    size_t p = pos;
    for (Cp c = Before(p); c.len != 0 && IsInlineSpace(c.cp); c = Before(p)) p -= c.len;
    const Cp c = Before(p);
    return c.len != 0 && IsSentenceEnd(c.cp);
  }

  // Every word starts with an upper-case or caseless letter.
  static bool Capitalised(std::string_view seg) {
    bool word_start = true;
    for (size_t i = 0; i < seg.size();) {
      const Cp c = DecodeUtf8At(seg, i);
      if (IsSpace(c.cp)) {
        word_start = true;
      } else if (word_start) {
        if (LetterCase(c.cp) == Case::kLower || LetterCase(c.cp) == Case::kNone) return false;
        word_start = false;
      }
      i += c.len;
    }
    return true;
  }

  // One trailing credit ending at `t` (after trimming): where it starts, or
  // kNpos.
  size_t Credit(size_t t) const {
    Cp last = Before(t);
    if (last.len == 0) return kNpos;
    size_t end = t;
    if (last.cp == '.' && IsCloseParen(Before(t - 1).cp)) {  // "(ANI)."
      end = t - 1;
      last = Before(end);
    }
    if (IsCloseParen(last.cp)) return ParenCredit(end, last.len);
    return BareCredit(t);
  }

  size_t ParenCredit(size_t end, uint32_t close_len) const {
    const size_t inner_end = end - close_len;
    size_t p = inner_end;
    for (;;) {
      const Cp c = Before(p);
      if (c.len == 0 || IsCloseParen(c.cp) || inner_end - p > kMaxParenCredit) return kNpos;
      p -= c.len;
      if (IsOpenParen(c.cp)) break;
    }
    const size_t open = p;
    if (open < lo_) return kNpos;
    const size_t inner = open + DecodeUtf8At(s_, open).len;
    std::string_view inner_text = s_.substr(inner, inner_end - inner);
    while (!inner_text.empty() && (inner_text.front() == ' ' || inner_text.front() == '\n')) {
      inner_text.remove_prefix(1);
    }
    CreditKind kind = kNoCredit;
    if (IsReportingCredit(inner_text)) {
      kind = kKnownCredit;  // may wrap lines and carry ";" "," "."
    } else if (inner_text.find('\n') == std::string_view::npos) {
      kind = JudgeCredit(s_, inner, inner_end, /*trailing=*/true, agencies_);
    }
    if (kind == kNoCredit) return kNpos;
    if (kind == kUnknownCredit && !AfterSentence(open)) return kNpos;
    return open;
  }

  // "— Reuters", "- AFP.", "\n REUTER", "With inputs from agencies",
  // "….reports Asian Lite News".
  // Byte pre-filter for BareCredit: most articles end with a long sentence,
  // so give up, without decoding, when more than six words come before any
  // byte that could end the credit's run (a line break, sentence punctuation,
  // a dash, or the last byte of "—" "–" "۔" "…" "。").
  bool MayEndWithBareCredit(size_t end) const {
    int spaces = 0;
    bool in_space = false;
    for (size_t p = end; p > floor_ && end - p <= kMaxBareCredit; --p) {
      const auto b = static_cast<unsigned char>(s_[p - 1]);
      if (b == ' ' || b == '\t') {
        if (!in_space && ++spaces > 6) return false;
        in_space = true;
        continue;
      }
      in_space = false;
      if (b == '\n' || b == '\r' || b == '.' || b == '!' || b == '?' || b == '-' || b == '"' || b == '\'') return true;
      // The last bytes of the stops below, as a mask over 0x80..0xBF: most
      // bytes of Arabic or Cyrillic text are rejected by one test.
      constexpr uint64_t kStopTails = (uint64_t{1} << (0x94 - 0x80)) | (uint64_t{1} << (0x9F - 0x80)) |
                                      (uint64_t{1} << (0xBB - 0x80)) | (uint64_t{1} << (0x85 - 0x80)) |
                                      (uint64_t{1} << (0x93 - 0x80)) | (uint64_t{1} << (0xA6 - 0x80)) |
                                      (uint64_t{1} << (0x9D - 0x80)) | (uint64_t{1} << (0x99 - 0x80)) |
                                      (uint64_t{1} << (0xA8 - 0x80)) | (uint64_t{1} << (0xA9 - 0x80)) |
                                      (uint64_t{1} << (0x82 - 0x80)) | (uint64_t{1} << (0xA4 - 0x80)) |
                                      (uint64_t{1} << (0xA5 - 0x80));
      if (b >= 0x80 && b < 0xC0 && ((kStopTails >> (b - 0x80)) & 1) != 0 && p >= 2) {
        // "۔" "؟" "»" NEL, and "—" "–" "…" "”" "’" U+2028/9, "。", danda.
        const auto b1 = static_cast<unsigned char>(s_[p - 2]);
        if ((b1 == 0xDB && b == 0x94) || (b1 == 0xD8 && b == 0x9F) || (b1 == 0xC2 && (b == 0xBB || b == 0x85))) {
          return true;
        }
        if (p >= 3) {
          const auto b2 = static_cast<unsigned char>(s_[p - 3]);
          if ((b2 == 0xE2 && b1 == 0x80 &&
               (b == 0x93 || b == 0x94 || b == 0xA6 || b == 0x9D || b == 0x99 || b == 0xA8 || b == 0xA9)) ||
              (b2 == 0xE3 && b1 == 0x80 && b == 0x82) || (b2 == 0xE0 && b1 == 0xA5 && (b == 0xA4 || b == 0xA5))) {
            return true;
          }
        }
      }
      if (b == ',' || b == ')' || b == '(' || (b >= '0' && b <= '9')) return false;
    }
    return false;
  }

  size_t BareCredit(size_t t) const {
    size_t end = t;
    const Cp last = Before(t);
    if (last.cp == '.' || last.cp == 0x6D4) end -= last.len;  // "— Reuters."
    if (!MayEndWithBareCredit(end)) return kNpos;
    size_t p = end;
    bool in_word = false;
    int words = 0;
    enum { kDash, kBreak, kSentence } stop;
    size_t stop_pos = kNpos;
    for (;;) {
      const Cp c = Before(p);
      if (c.len == 0 || end - p > kMaxBareCredit) return kNpos;
      if (IsLetter(c.cp) || IsMark(c.cp)) {
        if (!in_word && ++words > 6) return kNpos;
        in_word = true;
        p -= c.len;
        continue;
      }
      if (c.cp == '\'' || c.cp == 0x2019 || c.cp == '&' || c.cp == '.' || IsDash(c.cp)) {
        // Inside a word ("Agence France-Presse", "U.S.")?
        const Cp prev = Before(p - c.len);
        if (in_word && prev.len != 0 && IsLetter(prev.cp)) {
          p -= c.len;
          in_word = false;
          continue;
        }
      }
      if (IsInlineSpace(c.cp)) {
        in_word = false;
        p -= c.len;
        continue;
      }
      stop_pos = p - c.len;
      if (IsDash(c.cp)) {
        stop = kDash;
      } else if (IsLineBreak(c.cp)) {
        stop = kBreak;
      } else if (IsSentenceEnd(c.cp) || IsClosingQuote(c.cp)) {
        stop = kSentence;
      } else {
        return kNpos;
      }
      break;
    }
    if (words == 0 || words > 6) return kNpos;
    size_t begin = p;
    while (begin < end && IsSpace(DecodeUtf8At(s_, begin).cp)) begin += DecodeUtf8At(s_, begin).len;
    const std::string_view seg = s_.substr(begin, end - begin);
    if (seg.empty()) return kNpos;
    if (stop == kDash) {
      size_t dash = stop_pos;
      for (Cp c = Before(dash); c.len != 0 && IsDash(c.cp); c = Before(dash)) dash -= c.len;  // "--"
      const Cp before = Before(dash);
      if (before.len != 0 && !IsSpace(before.cp) && !IsSentenceEnd(before.cp) && !IsClosingQuote(before.cp)) {
        return kNpos;  // "word-Reuters" is not a dash credit
      }
      if (dash < lo_) return kNpos;
      if (agencies_.Contains(seg) || IsInputsCredit(seg)) return dash;
      // An unknown name after a dash ("... said. — Staff Reporter") only
      // after a sentence end on the same line and capitalised: a dash at the
      // start of a line is Russian dialogue ("— Спасибо").
      if (words <= 3 && SameLineSentenceEnd(dash) && Capitalised(seg)) return dash;
      return kNpos;
    }
    if (begin < lo_ || stop_pos < lo_) return kNpos;
    if ((words <= 4 && agencies_.Contains(seg)) || IsInputsCredit(seg)) return begin;
    // "….reports Asian Lite News" (an outlet crediting itself at the end of a
    // standfirst).
    if (stop == kSentence && words <= 5 && StartsWithAsciiNoCase(seg, "reports ")) return begin;
    return kNpos;
  }

  // The end of the story: `s_.size()` when there is no trailing credit.
  size_t End() const {
    size_t t = TrimBack(s_.size());
    bool changed = false;
    for (int i = 0; i < 3 && t > lo_; ++i) {
      const size_t cut = Credit(t);
      if (cut == kNpos || cut >= t) break;
      t = TrimBack(cut);
      changed = true;
    }
    return changed ? std::max(t, lo_) : s_.size();
  }

 private:
  std::string_view s_;
  size_t lo_;
  size_t floor_;
  const DatelineAgencies& agencies_;
};

}  // namespace

size_t StoryEnd(std::string_view body, size_t begin, const DatelineAgencies& agencies) {
  return TailScanner(body, begin, agencies).End();
}

}  // namespace wiretrace::internal::dateline
