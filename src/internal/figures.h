// Figures: the numbers a story reports ("12.813 billion dlrs", "290,000
// head", "٣٫٥ فیصد"), the evidence that tells a copy from another item of the
// same formula. A copy carries its source's figures (a correction changes one
// of them); the daily Treasury balance, a price posting, an earnings line or
// an auction notice repeats every word of its formula and reports new
// figures each time, so its items share passages (and rare words) while
// being different stories. VerifyOptions::FiguresAgree states the rule.
//
//   std::vector<internal::FigureToken> found;
//   internal::FindFigures(text, tokens, 0, tokens.size(), &found);   // tokens of `text`
//   std::vector<uint32_t> set = internal::FigureSet(found);           // sorted, unique
//
// A figure is a run of digit tokens joined by single separators (".", ",",
// the Arabic decimal and thousands signs, thin and no-break spaces), read as
// its digits ("12.813" and "12,813" are one figure, in any script's digits).
// It counts when it has a separator or at least three digits, and is not a
// year (four digits, 1900-2099): days, small counts and years are shared by
// stories that have nothing else in common.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_SRC_INTERNAL_FIGURES_H_
#define WIRETRACE_SRC_INTERNAL_FIGURES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "wiretrace/normalize.h"

namespace wiretrace::internal {

struct FigureToken {
  uint32_t token = 0;  // index of the figure's first token in the caller's sequence
  uint32_t hash = 0;   // of its digits
};

// Appends the figures among tokens[first, last), whose offsets are into
// `text`; FigureToken::token is the index in `tokens`.
void FindFigures(std::string_view text, absl::Span<const Token> tokens, size_t first, size_t last,
                 std::vector<FigureToken>* out);

// The figures' hashes, sorted and unique.
std::vector<uint32_t> FigureSet(absl::Span<const FigureToken> figures);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_FIGURES_H_
