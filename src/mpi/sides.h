// Verification and clustering at the ranks of the distributed path
// (src/mpi/mpi_cluster.cc): what a rank that holds a document sends of it
// to the rank that judges one of its pairs or clusters its component, and
// how the edge graph is cut into components that ranks cluster apart.
//
// A component of the edge graph is clustered alone exactly as the whole
// graph is: AssignClusters visits documents in representative order and
// asks only about a document's earlier neighbours and their roots, all in
// its component, and the anchor reads only the document and the root. So
// each rank runs AssignClusters on the components it is dealt, and rank 0
// needs only the roots.
//
// Plain C++, tested without mpirun (tests/mpi_pack_test.cc).
//
// Thread safety: pure functions; a SideData is read concurrently only.
#ifndef WIRETRACE_MPI_SIDES_H_
#define WIRETRACE_MPI_SIDES_H_

#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "mpi/pack.h"
#include "wiretrace/article.h"
#include "wiretrace/cluster.h"
#include "wiretrace/pair_rule.h"

namespace wiretrace::mpi {

// One document as the pair rule reads it (PairSide), owned: what a rank
// received of a document another rank holds.
struct SideData {
  std::vector<uint32_t> shingles;  // the sorted set
  std::vector<uint32_t> sequence;  // the shingles in position order; empty when the passage test is off
  std::vector<uint32_t> words;     // matchable content words, reduced (ContentWords::Reduce)
  std::vector<uint32_t> first_positions;
  uint32_t content_words = 0;
  std::vector<uint32_t> figures;
  uint32_t source = 0;  // the outlet's index in the job's table
  Timestamp published;

  PairSide View() const;
};

// A holder's view of its document, as bytes: the shingles travel once, in
// position order when the order is known (the receiver sorts its own copy
// into the set) and as the set otherwise.
void PackSide(const PairSide& side, ByteWriter* w);
SideData UnpackSide(ByteReader* r);

// The connected components of the edge graph over `n` documents with two
// members or more, each listing its members in representative order
// (`rank_of[d]`: d's place in that order), the components by their first
// member's place.
std::vector<std::vector<uint32_t>> EdgeComponents(uint32_t n, absl::Span<const Edge> edges,
                                                  absl::Span<const uint32_t> rank_of);

// Which of `size` ranks clusters each component: the largest first, each to
// the rank with the fewest members so far (ties to the lower rank).
std::vector<int> DealComponents(const std::vector<std::vector<uint32_t>>& components, int size);

// One component clustered as AssignClusters clusters the whole graph:
// `members` in representative order, `edges` its edges (document indices
// of the whole run), `anchored(doc, root)` and `through(doc, member, share)`
// (AssignClusters) on those indices. Each member's root, parallel to members.
std::vector<uint32_t> ClusterComponent(absl::Span<const uint32_t> members, absl::Span<const Edge> edges,
                                       absl::FunctionRef<bool(uint32_t, uint32_t)> anchored,
                                       absl::FunctionRef<bool(uint32_t, uint32_t, float)> through);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_SIDES_H_
