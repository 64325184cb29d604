// Credits: the agency and outlet credit lines that wire copy carries, in their
// many forms and scripts ("(ANI)", "— Reuters", "reported Sputnik", "as quoted
// by CNN", "…reports Asian Lite News", "Xinhua —", "With inputs from
// agencies", "(اے پی پی)", "— сообщает РИА Новости", "（新华社）").
//
//   wiretrace::AgencyTable table = wiretrace::AgencyTable::Builtin();
//   absl::Status s = table.AddTsv("Dawn\tDawn|ڈان\n");   // user extension
//   std::vector<wiretrace::Credit> credits = wiretrace::FindCredits(text, table);
//   for (const wiretrace::Credit& c : credits) ...   // c.name, c.form (CreditFormName), c.begin
//   bool same = table.SameOutlet("اے پی پی", "APP");   // true
//
// Why a table plus patterns: an agency name alone is not a credit ("Reuters
// could not verify" is a mention); a credit is a known name in a credit
// position (in parentheses, after a dash at the end of a paragraph, before a
// dash or colon at the start of one, after "reported", "as quoted by",
// "according to", "сообщает", "据", before "کے مطابق" ...). Names that are not
// in the table are still found after the unambiguous credit phrases ("reports
// X", "as quoted by X", "Courtesy: X", "пишет «X»", "（来源：X）", "X کے مطابق"),
// because outlets crediting themselves or each other are too many to list.
//
// Thread safety: an AgencyTable is immutable after construction and AddTsv;
// const methods and FindCredits may be called concurrently.
#ifndef WIRETRACE_CREDITS_H_
#define WIRETRACE_CREDITS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"

namespace wiretrace {

namespace internal {
struct CreditIndex;  // src/credits.cc
}  // namespace internal

struct Credit;

// The name used for vague credits ("With inputs from agencies", "(Agencies)",
// "По материалам информагентств"): a credit, but to nobody in particular.
inline constexpr std::string_view kGenericAgencies = "agencies";

struct Agency {
  std::string name;                  // canonical name, as output
  std::vector<std::string> aliases;  // every spelling, any script (the name is one)
};

class AgencyTable {
 public:
  AgencyTable() = default;

  // The built-in table: major wire agencies and outlets in English, Russian,
  // Urdu, Arabic, Chinese, Japanese and Korean spellings, read from the
  // lexicon file src/lexicon/agencies.tsv (embedded in the library; the same
  // format as AddTsv; docs/provenance.md lists them).
  static AgencyTable Builtin();

  // Adds agencies from TSV text: one `name<TAB>alias1|alias2...` per line;
  // blank lines and lines starting with '#' are skipped; the name is always an
  // alias of itself. An alias already known is re-pointed to the new name, so
  // a user file can override the built-in table. Returns InvalidArgument
  // naming the line for a line without a tab or with an empty name.
  absl::Status AddTsv(std::string_view tsv);

  void Add(Agency agency);

  // The canonical name for a spelling (an alias, ASCII case folded), or the
  // spelling itself, trimmed, when unknown.
  std::string Canonical(std::string_view spelling) const;

  // True when two spellings name the same outlet (both non-empty).
  bool SameOutlet(std::string_view a, std::string_view b) const;

  // What two spellings of one outlet have in common: the canonical name,
  // ASCII case folded and trimmed. SameOutlet(a, b) is OutletKey(a) ==
  // OutletKey(b) with both keys non-empty; a caller that compares the same
  // outlets many times keeps their keys.
  std::string OutletKey(std::string_view spelling) const;

  const std::vector<Agency>& agencies() const { return agencies_; }

 private:
  friend std::vector<Credit> FindCredits(std::string_view text, const AgencyTable& table);

  void AddAgency(Agency agency);
  // Compiles the aliases and credit phrases for FindCredits' single pass
  // over a text. Run by Add and AddTsv, so that the table stays immutable
  // (and shareable between threads) afterwards.
  void BuildIndex();

  std::vector<Agency> agencies_;
  absl::flat_hash_map<std::string, uint32_t> by_alias_;  // folded alias -> index
  // Shared by copies (it is never changed, only replaced). Null in a table
  // never added to: FindCredits then looks for the credit phrases alone.
  std::shared_ptr<const internal::CreditIndex> index_;
};

// Where a credit stands, which says how it reads (docs/provenance.md has
// examples of each). CreditFormName gives the name used in output.
enum class CreditForm : uint8_t {
  kParenthetical,  // "parenthetical": "(ANI)", "BEIJING, Feb 25 (Xinhua) --", "（新华社）"
  kDash,           // "dash": "— Reuters" at the end of a paragraph
  kLeadIn,         // "lead-in": "Xinhua —", "ТАСС:" at the start of a paragraph
  kReported,       // "reported": "reported Sputnik", "Reuters reported", "пишет «X»"
  kQuoted,         // "quoted": "as quoted by CNN", "citing Reuters"
  kAccording,      // "according": "according to AFP", "据新华社报道", "X کے مطابق"
  kInputs,         // "inputs": "With inputs from agencies"
  kCourtesy,       // "courtesy": "(Courtesy: X)", "(بشکریہ X)"
  kSource,         // "source": "Источник: «X»", "（来源：X）", "Fuente: X."
};

// "parenthetical", "dash", "lead-in", "reported", "quoted", "according",
// "inputs", "courtesy", "source": the strings of the JSON output.
std::string_view CreditFormName(CreditForm form);

struct Credit {
  std::string name;   // canonical name (the table's), or the words found for an unknown outlet
  CreditForm form = CreditForm::kParenthetical;
  std::string text;   // the credit as written, e.g. "(ANI)" or "reported Sputnik"
  bool known = false; // the name is in the table
  // Unicode code point offsets into the text searched, [begin, end), and the
  // same in bytes.
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t begin_byte = 0;
  uint32_t end_byte = 0;
};

// All credits in `text`, in text order, without overlaps. Never fails.
std::vector<Credit> FindCredits(std::string_view text, const AgencyTable& table);

// Unicode code point offset of byte offset `byte` in UTF-8 `text` (counts the
// bytes before it that start a code point).
uint32_t CodePointOffset(std::string_view text, uint32_t byte);

}  // namespace wiretrace

#endif  // WIRETRACE_CREDITS_H_
