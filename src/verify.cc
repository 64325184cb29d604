#include "wiretrace/verify.h"

#include <algorithm>
#include <utility>

#include "internal/sorted_set.h"

namespace wiretrace {

absl::Status VerifyOptions::Validate() const {
  if (!(jaccard_threshold > 0.0 && jaccard_threshold <= 1.0)) {
    return absl::InvalidArgumentError("Jaccard threshold must be in (0, 1]");
  }
  if (!(containment_threshold > 0.0 && containment_threshold <= 1.0)) {
    return absl::InvalidArgumentError("containment threshold must be in (0, 1]");
  }
  if (min_shared < 1) return absl::InvalidArgumentError("minimum shared shingles must be at least 1");
  if (!(min_figure_share >= 0.0 && min_figure_share <= 1.0)) {
    return absl::InvalidArgumentError("figure share must be in [0, 1]");
  }
  if (min_figures < 1) return absl::InvalidArgumentError("minimum figures must be at least 1");
  if (min_figures_words < 1) return absl::InvalidArgumentError("minimum figures for a content-word edge must be at least 1");
  if (min_passage > 100000) return absl::InvalidArgumentError("minimum passage must be in 0..100000 shingles");
  return absl::OkStatus();
}

Overlap CompareSets(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b) {
  // The merge below is symmetric in cost only when the smaller set leads.
  if (a.size() > b.size()) {
    Overlap swapped = CompareSets(b, a);
    std::swap(swapped.size_a, swapped.size_b);
    return swapped;
  }
  Overlap o;
  o.size_a = static_cast<uint32_t>(a.size());
  o.size_b = static_cast<uint32_t>(b.size());
  o.shared = internal::CountShared(a, b);
  return o;
}

namespace {

// `shingle_at(i)`: the shingle at position i, of `positions`.
template <typename ShingleAt>
uint32_t LongestRun(size_t positions, ShingleAt shingle_at, absl::Span<const uint32_t> other_set, uint32_t enough) {
  // A binary search per position: the sequence is in text order, so no merge
  // applies, and the other set is a few kilobytes, in cache after the first
  // searches.
  uint32_t best = 0;
  uint32_t run = 0;
  for (size_t i = 0; i < positions; ++i) {
    if (std::binary_search(other_set.begin(), other_set.end(), shingle_at(i))) {
      best = std::max(best, ++run);
      if (enough != 0 && best >= enough) break;
    } else {
      run = 0;
    }
  }
  return best;
}

}  // namespace

uint32_t LongestSharedRun(absl::Span<const uint32_t> sequence, absl::Span<const uint32_t> other_set,
                          uint32_t enough) {
  return LongestRun(sequence.size(), [&](size_t i) { return sequence[i]; }, other_set, enough);
}

uint32_t LongestSharedRun(absl::Span<const uint16_t> ranks, absl::Span<const uint32_t> own_set,
                          absl::Span<const uint32_t> other_set, uint32_t enough) {
  return LongestRun(ranks.size(), [&](size_t i) { return own_set[ranks[i]]; }, other_set, enough);
}

}  // namespace wiretrace
