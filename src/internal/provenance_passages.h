// Provenance's passage stage: where a child's text runs in its parent's.
#ifndef WIRETRACE_INTERNAL_PROVENANCE_PASSAGES_H_
#define WIRETRACE_INTERNAL_PROVENANCE_PASSAGES_H_

#include <vector>

#include "internal/provenance_tokens.h"
#include "wiretrace/provenance.h"

namespace wiretrace::internal {

// The shared passages of child and parent: maximal runs of equal tokens
// through the child's body, each started at a content shingle the parent
// indexes (`where`), in child order, merged when they continue each other.
// Offsets in bytes and in code points of the texts (not titles).
std::vector<Passage> AlignPassages(const Article& child, const Tokenized& c, const Positions& child_positions,
                                   const Article& parent, const Tokenized& p, const ParentIndex& where);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PROVENANCE_PASSAGES_H_
