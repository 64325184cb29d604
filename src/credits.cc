#include "wiretrace/credits.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "internal/lexicon.h"
#include "internal/needle_search.h"
#include "internal/unicode_classes.h"
#include "internal/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wiretrace {

// The shared text layer: one decoder, one set of character classes.
using internal::DecodeUtf8At;
using internal::DecodeUtf8Before;
using internal::IsClosingQuote;
using internal::IsDash;
using internal::IsInlineSpace;
using internal::IsOpeningQuote;
using internal::IsWordChar;

namespace {

std::string Fold(std::string_view s) {
  std::string out(absl::StripAsciiWhitespace(absl::string_view(s.data(), s.size())));
  absl::AsciiStrToLower(&out);
  return out;
}

// Short all-caps ASCII names are ordinary words in lower case ("ap", "ani").
bool IsCaseSensitive(std::string_view alias) {
  if (alias.size() > 4) return false;
  for (char c : alias) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Spaces inside a credit line: those within a line, and the carriage return
// of CRLF text, which ends no credit ("(AP)\r\n").
bool IsCreditSpace(uint32_t cp) { return IsInlineSpace(cp) || cp == '\r'; }

size_t SkipSpacesForward(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    const auto [cp, len] = DecodeUtf8At(s, pos);
    if (!IsCreditSpace(cp)) break;
    pos += len;
  }
  return pos;
}

size_t SkipSpacesBack(std::string_view s, size_t pos) {
  while (pos > 0) {
    const auto [cp, len] = DecodeUtf8Before(s, pos);
    if (!IsCreditSpace(cp)) break;
    pos -= len;
  }
  return pos;
}

struct Phrase {
  std::string_view text;  // as matched against the ASCII-lowered text
  CreditForm form;
};

// Phrases that put the name after them: "reported Sputnik", "сообщает РИА Новости".
constexpr Phrase kBefore[] = {
    {"as reported by", CreditForm::kReported}, {"reported by", CreditForm::kReported},
    {"reported", CreditForm::kReported}, {"reports", CreditForm::kReported}, {"as quoted by", CreditForm::kQuoted},
    {"quoted by", CreditForm::kQuoted}, {"according to", CreditForm::kAccording}, {"cited by", CreditForm::kQuoted},
    {"citing", CreditForm::kQuoted}, {"with inputs from", CreditForm::kInputs}, {"inputs from", CreditForm::kInputs},
    {"told", CreditForm::kReported}, {"via", CreditForm::kSource}, {"source:", CreditForm::kSource},
    {"courtesy:", CreditForm::kCourtesy}, {"сообщает агентство", CreditForm::kReported},
    {"сообщает", CreditForm::kReported}, {"сообщили", CreditForm::kReported}, {"сообщило", CreditForm::kReported},
    {"передает", CreditForm::kReported}, {"передаёт", CreditForm::kReported}, {"пишет", CreditForm::kReported},
    {"по данным", CreditForm::kAccording}, {"по материалам", CreditForm::kInputs},
    {"со ссылкой на", CreditForm::kAccording}, {"источник:", CreditForm::kSource}, {"Источник:", CreditForm::kSource},
    {"informó", CreditForm::kReported}, {"informa", CreditForm::kReported}, {"según", CreditForm::kAccording},
    {"con información de", CreditForm::kInputs}, {"fuente:", CreditForm::kSource}, {"据", CreditForm::kAccording},
    {"بشکریہ", CreditForm::kCourtesy}, {"来源：", CreditForm::kSource},
};

// Phrases that follow the name: "Reuters reported", "اے پی پی کے مطابق".
constexpr Phrase kAfter[] = {
    {"reported", CreditForm::kReported}, {"reports", CreditForm::kReported}, {"said", CreditForm::kReported},
    {"کے مطابق", CreditForm::kAccording}, {"کی رپورٹ", CreditForm::kReported}, {"报道", CreditForm::kAccording},
    {"消息", CreditForm::kAccording}, {"讯", CreditForm::kReported}, {"сообщает", CreditForm::kReported},
    {"сообщил", CreditForm::kReported}, {"informó", CreditForm::kReported},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

size_t LineStart(std::string_view s, size_t pos) {
  const size_t nl = s.rfind('\n', pos == 0 ? 0 : pos - 1);
  return (nl == std::string_view::npos || pos == 0) ? 0 : nl + 1;
}
size_t LineEnd(std::string_view s, size_t pos) {
  const size_t nl = s.find('\n', pos);
  return nl == std::string_view::npos ? s.size() : nl;
}

struct Span {
  CreditForm form;
  size_t begin;
  size_t end;
};

// Is the name at [pos, end) in a credit position? `lower` is `text` with
// ASCII letters lowered (same byte offsets).
std::optional<Span> Classify(std::string_view text, std::string_view lower, size_t pos, size_t end) {
  const size_t line_begin = LineStart(text, pos);
  const size_t line_end = LineEnd(text, end);
  // In parentheses, half or full width: "(ANI)", "（新华社）", "(Courtesy: X)".
  {
    size_t open = std::string_view::npos;
    for (size_t p = pos; p > line_begin && pos - p < 48;) {
      const auto [cp, len] = DecodeUtf8Before(text, p);
      p -= len;
      if (cp == '(' || cp == 0xFF08) { open = p; break; }
      if (cp == ')' || cp == 0xFF09) break;
    }
    size_t close = std::string_view::npos;
    for (size_t p = end; p < line_end && p - end < 48;) {
      const auto [cp, len] = DecodeUtf8At(text, p);
      if (cp == ')' || cp == 0xFF09) { close = p + len; break; }
      if (cp == '(' || cp == 0xFF08) break;
      p += len;
    }
    if (open != std::string_view::npos && close != std::string_view::npos) {
      const std::string_view inside = lower.substr(open, pos - open);
      const bool courtesy = inside.find("courtesy") != std::string_view::npos ||
                            inside.find("بشکریہ") != std::string_view::npos ||
                            inside.find("来源") != std::string_view::npos;
      return Span{courtesy ? CreditForm::kCourtesy : CreditForm::kParenthetical, open, close};
    }
  }
  // After a credit phrase on the same line: "reported Sputnik", "пишет «X»".
  {
    size_t p = SkipSpacesBack(text, pos);
    if (const auto [cp, len] = DecodeUtf8Before(text, p); IsOpeningQuote(cp)) p = SkipSpacesBack(text, p - len);
    const std::string_view before = lower.substr(line_begin, p - line_begin);
    for (const Phrase& ph : kBefore) {
      if (!EndsWith(before, ph.text)) continue;
      const size_t start = p - ph.text.size();
      // The phrase must start a word ("preported" is not "reported").
      if (const auto [cp, len] = DecodeUtf8Before(text, start); len > 0 && IsWordChar(cp) && ph.text != "据") continue;
      size_t stop = end;
      if (const auto [cp, len] = DecodeUtf8At(text, stop); IsClosingQuote(cp)) stop += len;
      if (ph.text == "据") {
        for (std::string_view tail : {std::string_view("报道"), std::string_view("消息")}) {
          if (StartsWith(text.substr(stop), tail)) stop += tail.size();
        }
      }
      return Span{ph.form, start, stop};
    }
  }
  // Before a credit phrase: "Reuters reported", "اے پی پی کے مطابق".
  {
    size_t p = end;
    if (const auto [cp, len] = DecodeUtf8At(text, p); IsClosingQuote(cp)) p += len;
    p = SkipSpacesForward(text, p);
    const std::string_view after = lower.substr(p, line_end - p);
    for (const Phrase& ph : kAfter) {
      if (!StartsWith(after, ph.text)) continue;
      const size_t stop = p + ph.text.size();
      if (const auto [cp, len] = DecodeUtf8At(text, stop); len > 0 && IsWordChar(cp)) continue;
      return Span{ph.form, pos, stop};
    }
  }
  // After a dash at the end of a paragraph: "— Reuters", "- AFP".
  {
    const size_t p = SkipSpacesBack(text, pos);
    const auto [cp, len] = DecodeUtf8Before(text, p);
    if (len > 0 && IsDash(cp)) {
      size_t q = end;
      while (q < line_end && (text[q] == ' ' || text[q] == '.' || text[q] == '\r')) ++q;
      if (q == line_end) return Span{CreditForm::kDash, p - len, end};
    }
  }
  // At the start of a paragraph before a dash or colon: "Xinhua —", "ТАСС:", "EFE.-".
  if (SkipSpacesForward(text, line_begin) == pos) {
    size_t q = SkipSpacesForward(text, end);
    if (q < text.size() && text[q] == '.') ++q;
    const auto [cp, len] = DecodeUtf8At(text, q);
    if (len > 0 && (IsDash(cp) || cp == ':' || cp == 0xFF1A)) return Span{CreditForm::kLeadIn, pos, q + len};
  }
  return std::nullopt;
}

// Credit phrases that name an outlet the table may not know.
struct OpenPhrase {
  std::string_view text;  // matched against the ASCII-lowered text
  CreditForm form;
  std::string_view stops;  // UTF-8 code points that end the name; "" = capitalised words
  // The name must start with a capital letter or a digit: after "informó"
  // comes an outlet ("informó Europa Press") or just the rest of the
  // sentence ("informó este martes el Ministerio de ...").
  bool capital = false;
};
constexpr OpenPhrase kOpen[] = {
    {"reports ", CreditForm::kReported, ""},          {"reported by ", CreditForm::kReported, ""},
    {"as quoted by ", CreditForm::kQuoted, ""},       {"with inputs from ", CreditForm::kInputs, ""},
    {"(courtesy: ", CreditForm::kCourtesy, ")"},      {"courtesy: ", CreditForm::kCourtesy, ".)\n", true},
    {"пишет «", CreditForm::kReported, "»"},          {"сообщает «", CreditForm::kReported, "»"},
    {"источник: «", CreditForm::kSource, "»"},        {"Источник: «", CreditForm::kSource, "»"},
    {"(بشکریہ ", CreditForm::kCourtesy, ")"},         {"（来源：", CreditForm::kSource, "）"},
    {"fuente: ", CreditForm::kSource, ".\n", true},   {"informa ", CreditForm::kReported, ".,\n", true},
    {"informó ", CreditForm::kReported, ".,\n", true},
};

bool ContainsCp(std::string_view set, uint32_t cp) {
  for (size_t p = 0; p < set.size();) {
    const auto [c, len] = DecodeUtf8At(set, p);
    if (c == cp) return true;
    p += len;
  }
  return false;
}

// Does a capital letter (Latin, Cyrillic) or a digit start at pos?
bool StartsCapitalised(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  const uint32_t cp = DecodeUtf8At(text, pos).cp;
  return (cp < 0x80 && (absl::ascii_isupper(static_cast<unsigned char>(cp)) ||
                        absl::ascii_isdigit(static_cast<unsigned char>(cp)))) ||
         (cp >= 0x410 && cp <= 0x42F);
}

// Capitalised words ("Asian Lite News", "NewsPoint 24"), at most six.
size_t CapitalisedWordsEnd(std::string_view text, size_t pos) {
  size_t end = pos;
  int words = 0;
  size_t p = pos;
  while (p < text.size() && words < 6) {
    if (!StartsCapitalised(text, p)) break;
    size_t q = p;
    while (q < text.size()) {
      const auto [c, l] = DecodeUtf8At(text, q);
      if (!IsWordChar(c) && c != '-' && c != '&' && c != '\'') break;
      q += l;
    }
    end = q;
    ++words;
    if (q >= text.size() || text[q] != ' ') break;
    p = q + 1;
  }
  return end;
}

void AddCredit(std::string_view text, std::string name, CreditForm form, bool known, size_t begin,
               size_t end, std::vector<Credit>* out) {
  // A phrase followed by nothing but spaces ("Courtesy: \r\n") names nobody;
  // every path that finds a name ends here, so the check lives here too.
  if (name.empty()) return;
  Credit c;
  c.name = std::move(name);
  c.form = form;
  c.text = std::string(text.substr(begin, end - begin));
  c.known = known;
  c.begin_byte = static_cast<uint32_t>(begin);
  c.end_byte = static_cast<uint32_t>(end);
  out->push_back(std::move(c));
}

}  // namespace

namespace internal {

// Every needle FindCredits looks for, compiled once per table: the table's
// aliases and the credit phrases that name an outlet after or before them.
struct CreditIndex {
  enum class Kind : uint8_t {
    kAlias,      // a spelling from the table
    kOpen,       // kOpen[phrase]: a phrase followed by a name the table may lack
    kAccording,  // "کے مطابق", after the name
    kXun,        // "讯）", closing "（X讯）"
  };
  struct Entry {
    Kind kind = Kind::kAlias;
    uint32_t of = 0;    // kAlias: index into the table's agencies; kOpen: into kOpen
    uint32_t size = 0;  // bytes
  };
  // Aliases first, their ids in the order they are read (see
  // BuildCreditIndex), then the phrases.
  NeedleSearch search;
  std::vector<Entry> entries;  // by needle id
};

}  // namespace internal

namespace {

using internal::CreditIndex;

constexpr std::string_view kAccordingMarker = "کے مطابق";
constexpr std::string_view kXunMarker = "讯）";

std::shared_ptr<const CreditIndex> BuildCreditIndex(const std::vector<Agency>& agencies) {
  auto index = std::make_shared<CreditIndex>();
  // Aliases are read longest first, so that "اے پی پی" (APP) is not also
  // read as "اے پی" (AP) and "Xinhua News Agency" not as "Xinhua"; equal
  // lengths in table order. Needle ids follow that order.
  std::vector<std::pair<const std::string*, uint32_t>> aliases;  // (alias, agency)
  for (uint32_t a = 0; a < agencies.size(); ++a) {
    for (const std::string& alias : agencies[a].aliases) {
      if (!alias.empty()) aliases.emplace_back(&alias, a);
    }
  }
  std::stable_sort(aliases.begin(), aliases.end(),
                   [](const auto& x, const auto& y) { return x.first->size() > y.first->size(); });
  // A spelling listed twice (a user table re-pointing a built-in alias, or
  // "REUTERS" beside "Reuters") finds the same occurrences as its first
  // listing, which takes them all; only the first is searched.
  absl::flat_hash_set<std::pair<std::string, bool>> seen;  // (needle as matched, exact)
  for (const auto& [alias, agency] : aliases) {
    const bool exact = IsCaseSensitive(*alias);
    std::string key = *alias;
    if (!exact) absl::AsciiStrToLower(&key);
    if (!seen.emplace(std::move(key), exact).second) continue;
    index->search.Add(*alias, exact);
    index->entries.push_back({CreditIndex::Kind::kAlias, agency, static_cast<uint32_t>(alias->size())});
  }
  for (uint32_t i = 0; i < std::size(kOpen); ++i) {
    index->search.Add(kOpen[i].text, /*exact=*/false);
    index->entries.push_back({CreditIndex::Kind::kOpen, i, static_cast<uint32_t>(kOpen[i].text.size())});
  }
  index->search.Add(kAccordingMarker, /*exact=*/true);
  index->entries.push_back({CreditIndex::Kind::kAccording, 0, static_cast<uint32_t>(kAccordingMarker.size())});
  index->search.Add(kXunMarker, /*exact=*/true);
  index->entries.push_back({CreditIndex::Kind::kXun, 0, static_cast<uint32_t>(kXunMarker.size())});
  index->search.Build();
  return index;
}

}  // namespace

AgencyTable AgencyTable::Builtin() {
  // The lexicon file (src/lexicon/agencies.tsv), in the --agencies format: the
  // built-in table and a user's extension are read by the same parser.
  // Parsed once; CreditsTest checks that it parses cleanly.
  static const AgencyTable* const kTable = [] {
    auto* table = new AgencyTable();
    table->AddTsv(internal::AgenciesTsv()).IgnoreError();
    return table;
  }();
  return *kTable;
}

void AgencyTable::Add(Agency agency) {
  AddAgency(std::move(agency));
  BuildIndex();
}

void AgencyTable::AddAgency(Agency agency) {
  if (std::find(agency.aliases.begin(), agency.aliases.end(), agency.name) == agency.aliases.end()) {
    agency.aliases.push_back(agency.name);
  }
  const auto index = static_cast<uint32_t>(agencies_.size());
  for (const std::string& alias : agency.aliases) {
    if (!Fold(alias).empty()) by_alias_[Fold(alias)] = index;
  }
  agencies_.push_back(std::move(agency));
}

void AgencyTable::BuildIndex() { index_ = BuildCreditIndex(agencies_); }

absl::Status AgencyTable::AddTsv(std::string_view tsv) {
  int line_number = 0;
  // Lines before a bad one stay added, as they did when each was added
  // alone; the index is rebuilt once either way.
  absl::Status status = absl::OkStatus();
  for (absl::string_view line : absl::StrSplit(absl::string_view(tsv.data(), tsv.size()), '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == absl::string_view::npos) {
      status = absl::InvalidArgumentError(
          "agencies line " + std::to_string(line_number) + ": expected name<TAB>alias1|alias2...");
      break;
    }
    Agency a;
    a.name = std::string(absl::StripAsciiWhitespace(line.substr(0, tab)));
    if (a.name.empty()) {
      status = absl::InvalidArgumentError("agencies line " + std::to_string(line_number) + ": empty name");
      break;
    }
    for (absl::string_view alias : absl::StrSplit(line.substr(tab + 1), '|', absl::SkipWhitespace())) {
      a.aliases.emplace_back(absl::StripAsciiWhitespace(alias));
    }
    AddAgency(std::move(a));
  }
  BuildIndex();
  return status;
}

std::string AgencyTable::Canonical(std::string_view spelling) const {
  const std::string folded = Fold(spelling);
  const auto it = by_alias_.find(folded);
  if (it != by_alias_.end()) return agencies_[it->second].name;
  return std::string(absl::StripAsciiWhitespace(absl::string_view(spelling.data(), spelling.size())));
}

bool AgencyTable::SameOutlet(std::string_view a, std::string_view b) const {
  const std::string ca = OutletKey(a);
  return !ca.empty() && ca == OutletKey(b);
}

std::string AgencyTable::OutletKey(std::string_view spelling) const { return Fold(Canonical(spelling)); }

uint32_t CodePointOffset(std::string_view text, uint32_t byte) {
  uint32_t n = 0;
  const size_t limit = std::min<size_t>(byte, text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
#if defined(__SSE2__)
  // Provenance converts every passage offset: sixteen bytes at a time. A
  // byte starts a code point unless it is a continuation byte, 0x80-0xBF,
  // which as a signed byte is below -64.
  const __m128i continuation_max = _mm_set1_epi8(-65);
  while (limit - i >= 16) {
    // Up to 255 blocks per count in bytes, then a horizontal sum.
    const size_t blocks = std::min<size_t>((limit - i) / 16, 255);
    __m128i counts = _mm_setzero_si128();
    for (size_t b = 0; b < blocks; ++b, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counts = _mm_sub_epi8(counts, _mm_cmpgt_epi8(v, continuation_max));
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    n += static_cast<uint32_t>(_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < limit; ++i) n += (p[i] & 0xC0) != 0x80;
  return n;
}

namespace {

// The credits of the open phrases ("reported by X", "(Courtesy: X)") found
// at *hits (phrase, byte), into *found: the name runs to the phrase's stop
// characters, or over capitalised words.
void ReadOpenPhrases(std::string_view text, const AgencyTable& table, std::vector<std::pair<uint32_t, uint32_t>>* hits,
                     std::vector<Credit>* found) {
  const std::vector<Agency>& agencies = table.agencies();
  std::sort(hits->begin(), hits->end());
  for (const auto& [phrase, pos] : *hits) {
    const OpenPhrase& ph = kOpen[phrase];
    const size_t name_begin = pos + ph.text.size();
    size_t name_end = name_begin;
    if (ph.stops.empty()) {
      name_end = CapitalisedWordsEnd(text, name_begin);
    } else {
      while (name_end < text.size() && name_end - name_begin < 80) {
        const auto [cp, len] = DecodeUtf8At(text, name_end);
        if (ContainsCp(ph.stops, cp)) break;
        name_end += len;
      }
      if (name_end >= text.size() || name_end - name_begin >= 80) continue;
    }
    if (name_end == name_begin) continue;
    if (ph.capital && !StartsCapitalised(text, name_begin)) continue;
    const std::string_view name = text.substr(name_begin, name_end - name_begin);
    const std::string canonical = table.Canonical(name);
    size_t stop = name_end;
    if (!ph.stops.empty()) stop += DecodeUtf8At(text, name_end).len;
    const bool known = std::any_of(agencies.begin(), agencies.end(),
                                   [&](const Agency& a) { return a.name == canonical; });
    AddCredit(text, canonical, ph.form, known, pos, stop, found);
  }
}

// Names before a credit phrase that only the phrase marks: "X کے مطابق" at
// the start of a sentence, and the Chinese "（X讯）", into *found.
void ReadMarkedNames(std::string_view text, const AgencyTable& table, const std::vector<uint32_t>& according_hits,
                     const std::vector<uint32_t>& xun_hits, std::vector<Credit>* found) {
  for (const size_t pos : according_hits) {
    size_t begin = SkipSpacesBack(text, pos);
    const size_t name_end = begin;
    int spaces = 0;
    while (begin > 0) {
      const auto [cp, len] = DecodeUtf8Before(text, begin);
      // A line, a sentence or a clause starts the name; so does markup
      // ("<p>منتظمین کے مطابق").
      if (cp == '\n' || cp == 0x6D4 || cp == '.' || cp == 0x60C || cp == ',' || cp == '>') break;
      if (cp == ' ' && ++spaces > 4) break;
      begin -= len;
    }
    begin = SkipSpacesForward(text, begin);
    if (spaces > 4 || begin >= name_end) continue;
    const std::string canonical = table.Canonical(text.substr(begin, name_end - begin));
    AddCredit(text, canonical, CreditForm::kAccording, canonical != text.substr(begin, name_end - begin), begin,
              pos + kAccordingMarker.size(), found);
  }
  for (const size_t pos : xun_hits) {
    const size_t open = text.rfind("（", pos);
    if (open == std::string_view::npos || pos - open > 60) continue;
    const size_t name_begin = open + std::string_view("（").size();
    const std::string canonical = table.Canonical(text.substr(name_begin, pos - name_begin));
    AddCredit(text, canonical, CreditForm::kParenthetical, false, open, pos + kXunMarker.size(), found);
  }
}

}  // namespace

std::string_view CreditFormName(CreditForm form) {
  switch (form) {
    case CreditForm::kParenthetical: return "parenthetical";
    case CreditForm::kDash: return "dash";
    case CreditForm::kLeadIn: return "lead-in";
    case CreditForm::kReported: return "reported";
    case CreditForm::kQuoted: return "quoted";
    case CreditForm::kAccording: return "according";
    case CreditForm::kInputs: return "inputs";
    case CreditForm::kCourtesy: return "courtesy";
    case CreditForm::kSource: return "source";
  }
  return "unknown";  // not reached: every value is listed
}

std::vector<Credit> FindCredits(std::string_view text, const AgencyTable& table) {
  // A table that was never added to still finds the open phrases.
  static const auto* const kPhrasesOnly = new std::shared_ptr<const CreditIndex>(BuildCreditIndex({}));
  const CreditIndex& index = table.index_ != nullptr ? *table.index_ : **kPhrasesOnly;
  const std::vector<Agency>& agencies = table.agencies();
  // One pass finds every alias and phrase. They are then read in the order
  // in which a scan per needle found them, which decides overlaps: aliases
  // longest first (their needle ids are in that order), each by position;
  // then each phrase in turn.
  std::vector<std::pair<uint32_t, uint32_t>> alias_hits, open_hits;  // (needle id or phrase, byte)
  std::vector<uint32_t> according_hits, xun_hits;
  index.search.FindAll(text, [&](uint32_t id, size_t pos) {
    const CreditIndex::Entry& e = index.entries[id];
    const size_t end = pos + e.size;
    switch (e.kind) {
      case CreditIndex::Kind::kAlias: {
        // A name must not start or end inside a word ("Reutersville").
        const auto [first, first_len] = DecodeUtf8At(text, pos);
        const auto [last, last_len] = DecodeUtf8Before(text, end);
        if (IsWordChar(first) && IsWordChar(DecodeUtf8Before(text, pos).cp)) return;
        if (IsWordChar(last) && IsWordChar(DecodeUtf8At(text, end).cp)) return;
        alias_hits.emplace_back(id, static_cast<uint32_t>(pos));
        return;
      }
      case CreditIndex::Kind::kOpen:
        if (IsWordChar(DecodeUtf8Before(text, pos).cp) && IsWordChar(DecodeUtf8At(text, pos).cp)) return;
        open_hits.emplace_back(e.of, static_cast<uint32_t>(pos));
        return;
      case CreditIndex::Kind::kAccording:
        according_hits.push_back(static_cast<uint32_t>(pos));
        return;
      case CreditIndex::Kind::kXun:
        xun_hits.push_back(static_cast<uint32_t>(pos));
        return;
    }
  });
  std::vector<Credit> found;
  std::sort(alias_hits.begin(), alias_hits.end());
  // Bytes of alias occurrences already read: a shorter alias inside a longer
  // one ("اے پی" inside "اے پی پی") is not read again.
  std::vector<uint8_t> taken(alias_hits.empty() ? 0 : text.size(), 0);
  // Classify reads the hit's line with ASCII letters lowered, at the text's
  // offsets; most texts name no agency anywhere and never need it, and the
  // others only on a line or two (lowering the whole text was a sixth of
  // FindCredits).
  std::string lower;
  std::vector<std::pair<size_t, size_t>> lowered_lines;  // [begin, end) of lines lowered in `lower`
  if (!alias_hits.empty()) lower.assign(text);
  for (const auto& [id, pos] : alias_hits) {
    const CreditIndex::Entry& e = index.entries[id];
    const size_t end = pos + e.size;
    if (std::find(taken.begin() + pos, taken.begin() + end, 1) != taken.begin() + end) continue;
    std::fill(taken.begin() + pos, taken.begin() + end, 1);
    const size_t line_begin = LineStart(text, pos), line_end = LineEnd(text, end);
    if (std::find(lowered_lines.begin(), lowered_lines.end(), std::make_pair(line_begin, line_end)) ==
        lowered_lines.end()) {
      for (size_t i = line_begin; i < line_end; ++i) lower[i] = absl::ascii_tolower(static_cast<unsigned char>(lower[i]));
      lowered_lines.emplace_back(line_begin, line_end);
    }
    if (const std::optional<Span> span = Classify(text, lower, pos, end)) {
      AddCredit(text, agencies[e.of].name, span->form, true, span->begin, span->end, &found);
    }
  }
  ReadOpenPhrases(text, table, &open_hits, &found);
  ReadMarkedNames(text, table, according_hits, xun_hits, &found);
  // Text order; of overlapping credits keep the one that starts first, then
  // the longest (it says the most: "as quoted by CNN" over "quoted by CNN").
  std::sort(found.begin(), found.end(), [](const Credit& a, const Credit& b) {
    if (a.begin_byte != b.begin_byte) return a.begin_byte < b.begin_byte;
    if (a.end_byte != b.end_byte) return a.end_byte > b.end_byte;
    return a.known > b.known;
  });
  std::vector<Credit> out;
  for (Credit& c : found) {
    if (!out.empty() && c.begin_byte < out.back().end_byte) {
      // A known name inside an unknown phrase capture wins the name.
      if (c.known && !out.back().known && c.end_byte <= out.back().end_byte) {
        out.back().name = c.name;
        out.back().known = true;
      }
      continue;
    }
    out.push_back(std::move(c));
  }
  uint32_t cp = 0;
  size_t byte = 0;
  for (Credit& c : out) {  // in text order: each offset counts on from the last
    cp += CodePointOffset(text.substr(byte), static_cast<uint32_t>(c.begin_byte - byte));
    byte = c.begin_byte;
    c.begin = cp;
    c.end = cp + CodePointOffset(text.substr(c.begin_byte), c.end_byte - c.begin_byte);
  }
  return out;
}

}  // namespace wiretrace
