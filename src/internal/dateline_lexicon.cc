#include "internal/dateline_lexicon.h"

#include "internal/dateline.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "internal/lexicon.h"
#include "wiretrace/credits.h"

namespace wiretrace::internal {
namespace dateline {
namespace {

// src/lexicon/months.txt (the words IsMonth knows).
const std::vector<std::string_view>& Months() { return LexiconWords<MonthsTxt>(); }

// ---------------------------------------------------------------------------
// Names.


}  // namespace

const std::vector<std::string_view>& NewsroomWords() { return LexiconWords<NewsroomWordsTxt>(); }
const std::vector<std::string_view>& Particles() { return LexiconWords<ParticlesTxt>(); }
const std::vector<std::string_view>& UrduPostpositions() { return LexiconWords<UrduPostpositionsTxt>(); }
const std::vector<std::string_view>& NotCredits() { return LexiconWords<NotCreditsTxt>(); }
const std::vector<std::string_view>& WireSpellings() { return LexiconWords<WireSpellingsTxt>(); }

bool StartsWithAsciiNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool FoldWord(std::string_view word, char* out, size_t cap, size_t* n) {
  // Nothing to fold (Arabic script, lower case): copy.
  bool plain = word.size() <= cap;
  for (size_t i = 0; plain && i < word.size(); ++i) {
    const auto b = static_cast<unsigned char>(word[i]);
    plain = !(b >= 'A' && b <= 'Z') && b != 0xD0;
  }
  if (plain) {
    std::memcpy(out, word.data(), word.size());
    *n = word.size();
    return true;
  }
  size_t k = 0;
  for (size_t i = 0; i < word.size();) {
    Cp c = DecodeUtf8At(word, i);
    uint32_t cp = c.cp;
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if (cp >= 0x410 && cp <= 0x42F) cp += 32;
    if (cp >= 0x400 && cp <= 0x40F) cp += 80;
    // Re-encode (only BMP letters reach here; anything else is copied).
    if (cp < 0x80) {
      if (k + 1 > cap) return false;
      out[k++] = static_cast<char>(cp);
    } else if (cp < 0x800 && c.len == 2) {
      if (k + 2 > cap) return false;
      out[k++] = static_cast<char>(0xC0 | (cp >> 6));
      out[k++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      if (k + c.len > cap) return false;
      for (uint32_t j = 0; j < c.len; ++j) out[k++] = word[i + j];
    }
    i += c.len;
  }
  *n = k;
  return true;
}

bool MayBeMonth(std::string_view word) {
  if (word.size() < 3 || word.size() > 20) return false;
  switch (static_cast<unsigned char>(word[0]) | 0x20) {
    case 'a': case 'd': case 'f': case 'j': case 'm': case 'n': case 'o': case 's':
      return true;
    default:
      break;
  }
  const auto b = static_cast<unsigned char>(word[0]);
  return b == 0xD0 || b == 0xD1 || b == 0xD8 || b == 0xD9 || b == 0xDA || b == 0xDB;
}

bool IsMonth(std::string_view word) {
  char buf[32];
  size_t n = 0;
  if (!MayBeMonth(word) || !FoldWord(word, buf, sizeof(buf), &n)) return false;
  static const auto* const kSet = [] {
    auto* set = new absl::flat_hash_set<absl::string_view>();
    for (std::string_view m : Months()) set->insert(absl::string_view(m.data(), m.size()));
    return set;
  }();
  return kSet->contains(absl::string_view(buf, n));
}

bool HasNewsroomWord(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    size_t sep_len = 0;
    while (j < s.size()) {
      if (s[j] == ' ' || s[j] == '+' || s[j] == '/' || s[j] == ',' || s[j] == ':') {
        sep_len = 1;
        break;
      }
      if (s.substr(j, 2) == "\xD8\x8C") {  // "،"
        sep_len = 2;
        break;
      }
      ++j;
    }
    char buf[32];
    size_t n = 0;
    if (j > i && FoldWord(s.substr(i, j - i), buf, sizeof(buf), &n) &&
        InList(std::string_view(buf, n), NewsroomWords())) {
      return true;
    }
    i = j + std::max<size_t>(sep_len, 1);
  }
  return false;
}

bool AgencyKey(std::string_view s, char* out, size_t cap, size_t* n) {
  if (s.size() > cap) return false;
  size_t k = 0;
  bool ascii = true;
  bool pending_space = false;
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0, size = s.size(); i < size; ++i) {
    const unsigned char c = in[i];
    if (c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      pending_space = k > 0;
      continue;
    }
    if (c == 0xC2 && i + 1 < size && in[i + 1] == 0xA0) {  // no-break space
      pending_space = k > 0;
      ++i;
      continue;
    }
    if (pending_space) {
      out[k++] = ' ';
      pending_space = false;
    }
    ascii &= c < 0x80;
    out[k++] = static_cast<char>(c);
  }
  if (!(ascii && k <= 4)) {
    for (size_t i = 0; i < k; ++i) {
      if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] + ('a' - 'A'));
    }
  }
  *n = k;
  return k > 0;
}

bool IsInputsCredit(std::string_view s) {
  return StartsWithAsciiNoCase(s, "with inputs from ") || StartsWithAsciiNoCase(s, "with input from ") ||
         StartsWithAsciiNoCase(s, "inputs from ") || StartsWithAsciiNoCase(s, "input from ") ||
         StartsWithAsciiNoCase(s, "with agency inputs") || StartsWithAsciiNoCase(s, "agency inputs");
}

bool IsReportingCredit(std::string_view s) {
  return StartsWithAsciiNoCase(s, "reporting by ") || StartsWithAsciiNoCase(s, "additional reporting by ") ||
         StartsWithAsciiNoCase(s, "writing by ") || StartsWithAsciiNoCase(s, "editing by ") ||
         StartsWithAsciiNoCase(s, "compiled by ") || StartsWithAsciiNoCase(s, "reporting and writing by ") ||
         StartsWithAsciiNoCase(s, "additional reporting ") || StartsWithAsciiNoCase(s, "reporting by\n");
}

}  // namespace dateline

DatelineAgencies::DatelineAgencies(const AgencyTable& table) {
  for (const Agency& a : table.agencies()) {
    Add(a.name);
    for (const std::string& alias : a.aliases) Add(alias);
  }
  // Spellings of wire credits that the provenance table leaves to its
  // patterns: Reuters' own sign-off of the 1980s ("REUTER"), TASS's old name.
  for (std::string_view extra : dateline::WireSpellings()) Add(extra);
}

const DatelineAgencies& DatelineAgencies::Builtin() {
  static const DatelineAgencies* const kBuiltin = new DatelineAgencies(AgencyTable::Builtin());
  return *kBuiltin;
}

void DatelineAgencies::Add(std::string_view alias) {
  char buf[128];
  size_t n = 0;
  if (!dateline::AgencyKey(alias, buf, sizeof(buf), &n)) return;
  keys_.insert(std::string(buf, n));
  max_size_ = std::max(max_size_, n);
  first_byte_[static_cast<unsigned char>(buf[0])] = true;
}

bool DatelineAgencies::Contains(std::string_view s) const {
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n')) ++b;
  size_t e = s.size();
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n')) --e;
  if (b == e || e - b > max_size_ + 8) return false;
  auto first = static_cast<unsigned char>(s[b]);
  if (!first_byte_[first] && !(first >= 'A' && first <= 'Z' && first_byte_[first | 0x20])) return false;
  // Most names need no folding (no ASCII capitals, single spaces): look them
  // up as they are.
  static constexpr std::array<bool, 256> kNeedsFolding = [] {
    std::array<bool, 256> t{};
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
    t['\t'] = t['\n'] = t['\r'] = t[0xC2] = true;  // 0xC2: a no-break space may follow
    return t;
  }();
  bool plain = true;
  unsigned char previous = 0;
  for (size_t i = b; i < e; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    plain &= !kNeedsFolding[c] && !(c == ' ' && previous == ' ');
    previous = c;
  }
  // Debian's Abseil keeps its own absl::string_view: convert for the lookup.
  if (plain) return keys_.contains(absl::string_view(s.data() + b, e - b));
  char buf[128];
  size_t n = 0;
  if (!dateline::AgencyKey(s.substr(b, e - b), buf, sizeof(buf), &n)) return false;
  return keys_.contains(absl::string_view(buf, n));
}

}  // namespace wiretrace::internal
