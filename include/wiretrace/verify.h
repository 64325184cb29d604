// Verify: exact Jaccard and containment of two shingle sets, and the rule that
// turns a candidate pair into an edge.
//
//   wiretrace::Overlap o = wiretrace::CompareSets(set_a, set_b);  // sorted, unique
//   if (verify_options.Accepts(o)) ...   // o.jaccard(), o.containment_a() ...
//
// Containment matters as much as Jaccard for wire copy: a trimmed copy keeps a
// third of the original and so has a Jaccard of 0.3 with it, but nearly all of
// it is found in the original (containment close to 1).
//
// Thread safety: pure functions.
#ifndef WIRETRACE_VERIFY_H_
#define WIRETRACE_VERIFY_H_

#include <algorithm>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace wiretrace {

struct Overlap {
  uint32_t shared = 0;  // |A ∩ B|
  uint32_t size_a = 0;
  uint32_t size_b = 0;

  double jaccard() const {
    const uint32_t uni = size_a + size_b - shared;
    return uni == 0 ? 0.0 : static_cast<double>(shared) / uni;
  }
  // |A ∩ B| / |A|: the share of A found in B.
  double containment_a() const { return size_a == 0 ? 0.0 : static_cast<double>(shared) / size_a; }
  // |A ∩ B| / |B|: the share of B found in A.
  double containment_b() const { return size_b == 0 ? 0.0 : static_cast<double>(shared) / size_b; }
  // The containment of the smaller set in the larger.
  double max_containment() const { return std::max(containment_a(), containment_b()); }
};

// Both sets sorted ascending and without duplicates (MakeShingleSet).
Overlap CompareSets(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b);

// The longest run of consecutive entries of `sequence` (a document's shingles
// in position order) that are all in `other_set` (sorted, unique): the
// longest passage the two share, in shingles. Stops counting at `enough`
// (0: no limit), so a check against a threshold costs only what it reads.
uint32_t LongestSharedRun(absl::Span<const uint32_t> sequence, absl::Span<const uint32_t> other_set,
                          uint32_t enough = 0);
// The same with the sequence given as each position's index in the
// document's own sorted set (MakeShingleSetWithRanks): `own_set[ranks[i]]`
// is the shingle at position i.
uint32_t LongestSharedRun(absl::Span<const uint16_t> ranks, absl::Span<const uint32_t> own_set,
                          absl::Span<const uint32_t> other_set, uint32_t enough = 0);

struct VerifyOptions {
  // A pair is an edge when its Jaccard reaches this. Default 0.5 (the usual
  // near-duplicate threshold). Valid range (0, 1].
  double jaccard_threshold = 0.5;

  // ... or when the smaller document's containment in the larger reaches this:
  // a trimmed, re-led or excerpted copy. Default 0.4, chosen on the sample,
  // Reuters and COUNTER (README, "Choosing the defaults"). Valid range (0, 1].
  double containment_threshold = 0.4;

  // A containment edge also needs this many shared shingles, so that a
  // ten-word text does not join every article that happens to contain it.
  // Default 10. Valid range >= 1.
  uint32_t min_shared = 10;

  // Whatever the rule, two documents that each state at least `min_figures`
  // figures (internal/figures.h: numbers with a separator or three digits,
  // years aside) are an edge only when at least this share of the smaller
  // figure set is in the other. A copy carries its source's figures and a
  // correction changes one; the items of a formula (Reuters' daily Treasury
  // balances, hog slaughter guesstimates, eurobond notices) share every word
  // but the figures: on Reuters-21578 a third of the verified pairs were such
  // items of different days (README, "What is one story"). Default 1/3.
  // 0 = off. Valid range [0, 1].
  double min_figure_share = 1.0 / 3.0;
  // Default 2: one figure each is too little to tell; with 1, Reuters' pairs
  // of near-identical text (word 5-gram Jaccard >= 0.6) in one cluster fall
  // from 637 to 627 of 638 (a resend that corrects its one figure), and
  // COUNTER loses a wholly derived pair. Valid range >= 1.
  uint32_t min_figures = 2;
  // The same test for an edge that only content words make (a rewrite in
  // other words, ContentWordOptions), which no shared passage backs, when
  // the smaller figure set has at least this many and the larger at least
  // min_figures: a document that states several figures and one that states
  // none of them report different things (two companies' crude postings,
  // each at its own prices), whereas one figure each is still too little to
  // tell (a COUNTER newspaper rewrite states a figure its agency story does
  // not, and drops the agency's one). Default 1. Valid range >= 1.
  uint32_t min_figures_words = 1;

  // A containment edge (one whose Jaccard is under jaccard_threshold) also
  // needs one shared passage: at least this many of the smaller document's
  // shingles in a row found in the other (LongestSharedRun), that is
  // min_passage + k - 1 words of running text. A copy, however trimmed,
  // re-led or retouched, keeps whole sentences of its source; the items of a
  // formula (Reuters' fund payouts, hog market calls, money market notices;
  // an outlet's follow-ups written to one pattern) share only the formula's
  // short phrases between the names and figures that make each item its own
  // story. The clustering anchor's containment path asks it too
  // (ClusterOptions). Default 14: see README, "What is one story". 0 = off.
  uint32_t min_passage = 14;

  absl::Status Validate() const;

  // Whether figure sets of sizes na and nb sharing `shared` let the pair be
  // an edge.
  // `words_only`: for an edge of the content-word rule (min_figures_words).
  bool FiguresAgree(size_t na, size_t nb, size_t shared, bool words_only = false) const {
    const size_t small = na < nb ? na : nb;
    const size_t large = na < nb ? nb : na;
    if (min_figure_share <= 0.0 || large < min_figures || small < (words_only ? min_figures_words : min_figures)) {
      return true;
    }
    return static_cast<double>(shared) >= min_figure_share * static_cast<double>(small) - 1e-9;
  }

  // Whether an overlap that Accepts (or a cluster anchor) must also show a
  // shared passage: the containment path.
  bool NeedsPassage(const Overlap& o) const { return min_passage > 0 && o.jaccard() < jaccard_threshold; }

  bool Accepts(const Overlap& o) const {
    if (o.shared == 0) return false;
    if (o.jaccard() >= jaccard_threshold) return true;
    return o.shared >= min_shared && o.max_containment() >= containment_threshold;
  }
};

}  // namespace wiretrace

#endif  // WIRETRACE_VERIFY_H_
