// The words and small classes the dateline scanners read (dateline.cc for
// the lead, dateline_tail.cc for the trailing credit): digits, month names,
// newsroom words, the key folding of agency names (the names themselves are a
// DatelineAgencies, dateline.h), and the credit phrases. Private to those two
// files.
#ifndef WIRETRACE_INTERNAL_DATELINE_LEXICON_H_
#define WIRETRACE_INTERNAL_DATELINE_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "internal/dateline.h"
#include "internal/utf8.h"

namespace wiretrace::internal::dateline {

inline constexpr size_t kNpos = std::string_view::npos;

// A parenthesised credit is at most this long ("(خصوصی رپورٹر+ خصوصی نامہ نگار+
// بیورو رپورٹ+ نوائے وقت نیوز+ نیوز ایجنسیاں)" is 150 bytes), and the words of
// a credit without parentheses ("— РИА Новости", "With inputs from agencies")
// are at most this many bytes.
inline constexpr size_t kMaxParenCredit = 220;
inline constexpr size_t kMaxBareCredit = 120;
// Pieces of a credit list ("آن لائن+ اے پی پی+ آئی این پی") and words per
// piece ("Press Trust of India", "With inputs from agencies").
inline constexpr int kMaxCreditPieces = 8;
inline constexpr int kMaxPieceWords = 5;
// Words of one place name ("KING OF PRUSSIA", "ڈیرہ اسماعیل خان") and places or
// regions in a lead ("ROCHESTER, N.Y.", "سکھر،لاہور،چنیوٹ،چناب نگر").
inline constexpr int kMaxPlaceWords = 4;
inline constexpr int kMaxPlaceParts = 7;

using Cp = CodePoint;

// Character classes: letters, case, marks, digits, spaces and punctuation
// come from the shared text layer (internal/unicode_classes.h); the script
// test below is what datelines read.


inline bool IsArabicScript(uint32_t c) {
  return (c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
         (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

// ASCII-only case-insensitive prefix test.
bool StartsWithAsciiNoCase(std::string_view s, std::string_view prefix);

// Lower-cases ASCII and Cyrillic into `out` (for month names); false when the
// word does not fit.
bool FoldWord(std::string_view word, char* out, size_t cap, size_t* n);

// Month names start with one of these bytes (ASCII letters either case, the
// lead bytes of Cyrillic and Arabic letters): a cheap first filter, since
// every word of a place is tested.
bool MayBeMonth(std::string_view word);

bool IsMonth(std::string_view word);

// src/lexicon/urdu_postpositions.txt.
const std::vector<std::string_view>& UrduPostpositions();

// src/lexicon/particles.txt.
const std::vector<std::string_view>& Particles();

// src/lexicon/newsroom_words.txt.
const std::vector<std::string_view>& NewsroomWords();

// src/lexicon/not_credits.txt.
const std::vector<std::string_view>& NotCredits();

// src/lexicon/wire_spellings.txt.
const std::vector<std::string_view>& WireSpellings();

inline bool InList(std::string_view word, const std::vector<std::string_view>& list) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

// Whether a word of `s` (split at spaces and list punctuation, ASCII folded)
// is a newsroom word.
bool HasNewsroomWord(std::string_view s);

// Folds a spelling to the key used for agency names: whitespace runs become
// one space, the ends are trimmed, and ASCII is lower-cased except for short
// all-ASCII names ("AP", "ANI", "AA" are ordinary words in lower case, as in
// credits.cc). False when it does not fit in `cap`.
bool AgencyKey(std::string_view s, char* out, size_t cap, size_t* n);

// "With inputs from agencies", "(With inputs from PTI)": a credit to whoever
// follows.
bool IsInputsCredit(std::string_view s);

// Reuters' trailing "(Reporting by A; Additional reporting by B; Editing by C)".
bool IsReportingCredit(std::string_view s);

// What JudgeCredit makes of a run of text: no credit, a credit naming an
// outlet the table does not know, or one it knows.
enum CreditKind { kNoCredit = 0, kUnknownCredit = 1, kKnownCredit = 2 };

// Whether s[begin, end) (the inside of a parenthesis, or a run of words at
// the end of a body when `trailing`) is a credit, and of a name `agencies`
// knows. The lead scanner's rule (dateline.cc), shared with the tail.
CreditKind JudgeCredit(std::string_view s, size_t begin, size_t end, bool trailing,
                       const DatelineAgencies& agencies);

}  // namespace wiretrace::internal::dateline

#endif  // WIRETRACE_INTERNAL_DATELINE_LEXICON_H_
