#include "internal/figures.h"

#include <algorithm>
#include <string>

#include "internal/unicode_classes.h"
#include "internal/utf8.h"
#include "xxhash.h"

namespace wiretrace::internal {
namespace {

// The value of a decimal digit (Unicode category Nd) of any script, or -1.
// Nd code points come in runs of ten from zero (several scripts' runs are
// adjacent, as in the mathematical digits), so the value is the distance
// from the start of the run, modulo ten.

// Appends the token's digits to *digits; false when it is not all digits.
bool AppendDigits(std::string_view token, std::string* digits) {
  const size_t before = digits->size();
  for (size_t i = 0; i < token.size();) {
    const CodePoint c = DecodeUtf8At(token, i);
    const int v = DecimalDigitValue(c.cp);
    if (v < 0) {
      digits->resize(before);
      return false;
    }
    digits->push_back(static_cast<char>('0' + v));
    i += c.len;
  }
  return !token.empty();
}

// Whether the bytes between two digit tokens join them into one figure.
bool IsFigureSeparator(std::string_view gap) {
  if (gap == "." || gap == ",") return true;
  if (gap.empty() || gap.size() > 3) return false;
  const CodePoint c = DecodeUtf8At(gap, 0);
  if (c.len != gap.size()) return false;
  // Arabic decimal and thousands separators, no-break, thin and narrow no-break spaces.
  return c.cp == 0x066B || c.cp == 0x066C || c.cp == 0x00A0 || c.cp == 0x2009 || c.cp == 0x202F;
}

bool IsYear(const std::string& digits) {
  return digits.size() == 4 && ((digits[0] == '1' && digits[1] == '9') || (digits[0] == '2' && digits[1] == '0'));
}

}  // namespace

void FindFigures(std::string_view text, absl::Span<const Token> tokens, size_t first, size_t last,
                 std::vector<FigureToken>* out) {
  std::string digits;
  for (size_t t = first; t < last;) {
    // Most tokens are words: one that starts with an ASCII byte other than
    // a digit is no figure (AppendDigits would decode that byte and stop).
    // Asking AppendDigits of every token made FindFigures 7.5% of a
    // cluster run (callgrind, 5,000 generated articles); this test, 2.8%.
    const Token& token = tokens[t];
    if (token.begin < token.end && token.begin < text.size()) {
      const auto lead = static_cast<unsigned char>(text[token.begin]);
      if (lead < 0x80 && (lead < '0' || lead > '9')) {
        ++t;
        continue;
      }
    }
    digits.clear();
    if (!AppendDigits(text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin), &digits)) {
      ++t;
      continue;
    }
    const size_t start = t;
    bool separated = false;
    while (t + 1 < last && tokens[t + 1].begin >= tokens[t].end &&
           IsFigureSeparator(text.substr(tokens[t].end, tokens[t + 1].begin - tokens[t].end)) &&
           AppendDigits(text.substr(tokens[t + 1].begin, tokens[t + 1].end - tokens[t + 1].begin), &digits)) {
      separated = true;
      ++t;
    }
    ++t;
    if (!separated && (digits.size() < 3 || IsYear(digits))) continue;
    out->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(XXH3_64bits(digits.data(), digits.size()))});
  }
}

std::vector<uint32_t> FigureSet(absl::Span<const FigureToken> figures) {
  std::vector<uint32_t> set;
  set.reserve(figures.size());
  for (const FigureToken& f : figures) set.push_back(f.hash);
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

}  // namespace wiretrace::internal
