#include "internal/normalize_entities.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

namespace wiretrace::internal {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

// HTML 4.01's entities in U+00A0..U+00FF, in code point order.
constexpr std::string_view kLatin1Names[] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",
    "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",
    "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde",
    "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};
static_assert(std::size(kLatin1Names) == 0x100 - 0xA0);

// HTML 4.01's Greek letters, U+0391..U+03A9 and U+03B1..U+03C9 (U+03A2 is unassigned).
constexpr std::string_view kGreekNames[] = {
    "Alpha", "Beta", "Gamma",   "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota",  "Kappa",
    "Lambda", "Mu",  "Nu",      "Xi",    "Omicron", "Pi",   "Rho", "",      "Sigma", "Tau",
    "Upsilon", "Phi", "Chi",    "Psi",   "Omega",
};
constexpr std::string_view kGreekLowerNames[] = {
    "alpha", "beta", "gamma",   "delta", "epsilon", "zeta", "eta", "theta", "iota",  "kappa",
    "lambda", "mu",  "nu",      "xi",    "omicron", "pi",   "rho", "sigmaf", "sigma", "tau",
    "upsilon", "phi", "chi",    "psi",   "omega",
};
static_assert(std::size(kGreekNames) == std::size(kGreekLowerNames));

// The rest of HTML 4.01 plus &apos; (XHTML, common in feeds).
constexpr NamedEntity kOtherEntities[] = {
    {"quot", 34},      {"amp", 38},       {"apos", 39},      {"lt", 60},        {"gt", 62},
    {"OElig", 338},    {"oelig", 339},    {"Scaron", 352},   {"scaron", 353},   {"Yuml", 376},
    {"fnof", 402},     {"circ", 710},     {"tilde", 732},    {"thetasym", 977},
    {"upsih", 978},    {"piv", 982},      {"ensp", 8194},    {"emsp", 8195},    {"thinsp", 8201},
    {"zwnj", 8204},    {"zwj", 8205},     {"lrm", 8206},     {"rlm", 8207},     {"ndash", 8211},
    {"mdash", 8212},   {"lsquo", 8216},   {"rsquo", 8217},   {"sbquo", 8218},   {"ldquo", 8220},
    {"rdquo", 8221},   {"bdquo", 8222},   {"dagger", 8224},  {"Dagger", 8225},  {"bull", 8226},
    {"hellip", 8230},  {"permil", 8240},  {"prime", 8242},   {"Prime", 8243},   {"lsaquo", 8249},
    {"rsaquo", 8250},  {"oline", 8254},   {"frasl", 8260},   {"euro", 8364},    {"image", 8465},
    {"weierp", 8472},  {"real", 8476},    {"trade", 8482},   {"alefsym", 8501}, {"larr", 8592},
    {"uarr", 8593},    {"rarr", 8594},    {"darr", 8595},    {"harr", 8596},    {"crarr", 8629},
    {"lArr", 8656},    {"uArr", 8657},    {"rArr", 8658},    {"dArr", 8659},    {"hArr", 8660},
    {"forall", 8704},  {"part", 8706},    {"exist", 8707},   {"empty", 8709},   {"nabla", 8711},
    {"isin", 8712},    {"notin", 8713},   {"ni", 8715},      {"prod", 8719},    {"sum", 8721},
    {"minus", 8722},   {"lowast", 8727},  {"radic", 8730},   {"prop", 8733},    {"infin", 8734},
    {"ang", 8736},     {"and", 8743},     {"or", 8744},      {"cap", 8745},     {"cup", 8746},
    {"int", 8747},     {"there4", 8756},  {"sim", 8764},     {"cong", 8773},    {"asymp", 8776},
    {"ne", 8800},      {"equiv", 8801},   {"le", 8804},      {"ge", 8805},      {"sub", 8834},
    {"sup", 8835},     {"nsub", 8836},    {"sube", 8838},    {"supe", 8839},    {"oplus", 8853},
    {"otimes", 8855},  {"perp", 8869},    {"sdot", 8901},    {"lceil", 8968},   {"rceil", 8969},
    {"lfloor", 8970},  {"rfloor", 8971},  {"lang", 9001},    {"rang", 9002},    {"loz", 9674},
    {"spades", 9824},  {"clubs", 9827},   {"hearts", 9829},  {"diams", 9830},
};

// Browsers read &#128;..&#159; as Windows-1252, not as C1 controls.
constexpr char16_t kWindows1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

// The longest entity name is "thetasym".
constexpr size_t kMaxNameSize = 8;

const std::vector<NamedEntity>& SortedEntities() {
  static const std::vector<NamedEntity>* const entities = [] {
    auto* all = new std::vector<NamedEntity>(std::begin(kOtherEntities), std::end(kOtherEntities));
    for (size_t i = 0; i < std::size(kLatin1Names); ++i) {
      all->push_back({kLatin1Names[i], static_cast<char32_t>(0xA0 + i)});
    }
    for (size_t i = 0; i < std::size(kGreekNames); ++i) {
      if (!kGreekNames[i].empty()) all->push_back({kGreekNames[i], static_cast<char32_t>(0x391 + i)});
      all->push_back({kGreekLowerNames[i], static_cast<char32_t>(0x3B1 + i)});
    }
    std::sort(all->begin(), all->end(),
              [](const NamedEntity& a, const NamedEntity& b) { return a.name < b.name; });
    return all;
  }();
  return *entities;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t DecodeNumeric(std::string_view text, char32_t* cp) {
  // text starts with "&#".
  size_t i = 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const size_t digits_begin = i;
  uint32_t value = 0;
  // Eight digits cover every code point in either base; more is not a reference.
  constexpr size_t kMaxDigits = 8;
  while (i < text.size() && i - digits_begin < kMaxDigits) {
    const int digit = hex ? HexValue(text[i]) : (IsAsciiDigit(text[i]) ? text[i] - '0' : -1);
    if (digit < 0) break;
    value = value * (hex ? 16u : 10u) + static_cast<uint32_t>(digit);
    ++i;
  }
  if (i == digits_begin || i >= text.size() || text[i] != ';') return 0;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    value = 0xFFFD;
  } else if (value >= 0x80 && value <= 0x9F) {
    value = kWindows1252[value - 0x80];
  }
  *cp = value;
  return i + 1;
}

}  // namespace

size_t DecodeEntity(std::string_view text, char32_t* cp) {
  if (text.size() < 3 || text[0] != '&') return 0;
  if (text[1] == '#') return DecodeNumeric(text, cp);
  if (!IsAsciiAlpha(text[1])) return 0;
  size_t i = 1;
  while (i < text.size() && i <= kMaxNameSize && (IsAsciiAlpha(text[i]) || IsAsciiDigit(text[i]))) ++i;
  if (i >= text.size() || text[i] != ';') return 0;
  const std::string_view name = text.substr(1, i - 1);
  const std::vector<NamedEntity>& entities = SortedEntities();
  const auto it = std::lower_bound(entities.begin(), entities.end(), name,
                                   [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it == entities.end() || it->name != name) return 0;
  *cp = it->cp;
  return i + 1;
}

}  // namespace wiretrace::internal
