// Datelines and credit lines: finds the part of an article body that carries
// its story, so that two copies differing only in "NEW DELHI, March 3
// (Reuters) -" vs "Beijing, Feb 25 (ANI):", or in a trailing "(ANI)" vs
// "— Reuters", shingle identically.
//
//   const wiretrace::internal::StoryBounds b = wiretrace::internal::FindStoryBounds(body);
//   Tokenize(body.substr(b.begin, b.end - b.begin), ...);   // offsets + b.begin
//
// The body itself is never changed: provenance still sees, and extracts, the
// credit (credits.h). Only similarity looks at the story bounds.
//
// What is recognised (first and last kLeadWindow / kTailWindow bytes only, so
// the cost per article is bounded and small; no allocation, no regex):
//
//   lead   PLACE [, Region | [Region]]* [SEP DATE] [CREDIT] [SEP [AGENCY.]]
//          "NEW YORK, March 3 -", "PORTLAND, Ore., Feb 26 -",
//          "Beijing [China], Feb. 25 (ANI):", "WASHINGTON (AP) —",
//          "МОСКВА, 3 марта (Reuters) -", "МОСКВА, 3 мар — РИА Новости.",
//          "МОСКВА, 25 февраля. /ТАСС/.", "ڈھاکہ ۔ یکم دسمبر (اے پی پی)",
//          "شارجہ ۔26 نومبر (اے پی پی)", "لاہور (سپورٹس رپورٹر)",
//          "کوئٹہ/اسلام آباد۔۔۔۔۔", "اسلام آباد:", "(ANI) -", "Xinhua —",
//          and a first line that is only a date ("February 25, 2022").
//   tail   "(ANI)", "(اے پی پی)", "— Reuters", "— РИА Новости", "\n REUTER",
//          "With inputs from agencies", "(Reporting by ...; Editing by ...)",
//          up to three of them.
//
// Why it is conservative: a wrong cut loses story text from every comparison,
// while a missed dateline costs a few shingles. So a dateline needs positive
// evidence beyond "a few words at the start": a date, a credit, an all-caps
// Latin/Cyrillic place followed by a dash or colon, or an Urdu/Arabic place
// followed by a run of "۔۔۔" / a dash / a colon. "London is ...", "SAFT, a unit
// of ...", "مسلم لیگ (ن) کے ...", "سابق صدر جنرل(ر) ..." are not datelines. A
// parenthesised unknown credit must look like one (letters only, no sentence
// punctuation, no digits; in Urdu not followed by a postposition such as کے),
// and a trailing one must follow a sentence end unless it is a known agency.
//
// Known agencies are a DatelineAgencies: the names of an AgencyTable, the one
// credits.h reads too, so that --agencies extends credit lines and datelines
// alike (the engine builds one from EngineOptions::agencies). Without one, the
// built-in table.
//
// Thread safety: pure functions; safe to call concurrently (the built-in
// names are built once, on first use, behind a function-local static). A
// DatelineAgencies is immutable after construction.
#ifndef WIRETRACE_INTERNAL_DATELINE_H_
#define WIRETRACE_INTERNAL_DATELINE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"

namespace wiretrace {
class AgencyTable;  // wiretrace/credits.h
}  // namespace wiretrace

namespace wiretrace::internal {

// The agency names a dateline or trailing credit may carry without further
// evidence ("Xinhua —", "— РИА Новости", "\n REUTER"): every name and alias of
// an AgencyTable, plus the old wire spellings the credit table leaves to its
// patterns (src/lexicon/wire_spellings.txt), as dateline::AgencyKey folds
// them.
class DatelineAgencies {
 public:
  explicit DatelineAgencies(const AgencyTable& table);

  // Of AgencyTable::Builtin(), built on first use.
  static const DatelineAgencies& Builtin();

  // Whether `s`, trimmed of spaces, is one of the names.
  bool Contains(std::string_view s) const;

 private:
  void Add(std::string_view alias);

  absl::flat_hash_set<std::string> keys_;
  // Two cheap filters in front of the set: the longest key, and which bytes
  // keys start with.
  size_t max_size_ = 0;
  std::array<bool, 256> first_byte_{};
};

// Byte offsets into the body, begin <= end <= body.size(), both on code point
// boundaries (a byte that is not part of a valid UTF-8 sequence counts as one
// code point). Without a dateline or credit the bounds are [0, body.size()).
struct StoryBounds {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// How far into the body a lead dateline is looked for, and how far back from
// its end a trailing credit is. Long enough for the longest Urdu newspaper
// leads with several places and reporters ("لاہور+ کوئٹہ (خصوصی رپورٹر+ ...)").
inline constexpr size_t kLeadWindow = 320;
inline constexpr size_t kTailWindow = 256;

// The part of `body` that carries its story: without a leading dateline/credit
// and without trailing credits. Empty only when the body is nothing but a
// dateline and credits. Never fails; any bytes are accepted. Bodies over 4 GiB
// are treated as their first 4 GiB.
StoryBounds FindStoryBounds(std::string_view body,
                            const DatelineAgencies& agencies = DatelineAgencies::Builtin());

// FindStoryBounds(body).begin alone, without looking for trailing credits:
// where the story starts after a leading dateline (0 when there is none).
size_t LeadDatelineEnd(std::string_view body, const DatelineAgencies& agencies = DatelineAgencies::Builtin());

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_DATELINE_H_
