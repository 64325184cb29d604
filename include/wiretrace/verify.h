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

  absl::Status Validate() const;

  bool Accepts(const Overlap& o) const {
    if (o.shared == 0) return false;
    if (o.jaccard() >= jaccard_threshold) return true;
    return o.shared >= min_shared && o.max_containment() >= containment_threshold;
  }
};

}  // namespace wiretrace

#endif  // WIRETRACE_VERIFY_H_
