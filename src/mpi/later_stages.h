// The stages of the distributed path after the candidates (sides.h), at
// the ranks that hold the documents rather than on rank 0:
//
//   PrepareShingles  each rank makes its documents' shingle sets (keeping
//                    the order of those in a candidate pair, for the passage
//                    test) and sends rank 0 every set's size;
//   VerifyAtRanks    each candidate pair is judged (JudgePair, the engine's
//                    own rule) at the rank that holds its first document,
//                    with the other's side fetched from its holder; the
//                    edges go to rank 0, in candidate order;
//   ClusterAtRanks   rank 0 cuts the edge graph into its components and
//                    deals them to the ranks; each clusters its components
//                    (ClusterComponent) with the members' sides, fetched
//                    where it does not hold them, and sends rank 0 each
//                    member's root and its overlap with the root.
//
// So rank 0 holds no document's shingles or words: the pairs, the edges and
// the roots. Every function is collective over the job's communicator and
// returns the same status on every rank.
#ifndef WIRETRACE_MPI_LATER_STAGES_H_
#define WIRETRACE_MPI_LATER_STAGES_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "internal/engine_stages.h"
#include "mpi/job.h"
#include "mpi/sides.h"

namespace wiretrace::mpi {

// The sides a rank received of documents other ranks hold, by index among
// all kept documents: fetched for its pairs, reused for its components.
using SideCache = absl::flat_hash_map<uint32_t, SideData>;

// `holder` (rank 0's; Holders, job.h) is the rank that holds each kept
// document, empty elsewhere.
//
// Rank 0's `candidates` (empty elsewhere) decide which documents keep their
// order; into rank 0's corpus each document's shingle_count.
absl::Status PrepareShingles(const Job& job, const std::vector<int>& holder, const internal::Candidates& candidates,
                             KeptDocuments* kept, internal::Corpus* corpus);

// Rank 0's `candidates` judged at the ranks; on rank 0 the edges in
// run->edges (candidate order) and run->summary.verified_pairs.
absl::Status VerifyAtRanks(const Job& job, const std::vector<int>& holder, const internal::Candidates& candidates,
                           KeptDocuments* kept, SideCache* cache, ClusterRun* run);

// Each document's cluster root, and for each one not its own root the
// overlap of its shingles with the root's (rank 0; empty elsewhere).
struct Roots {
  std::vector<uint32_t> root;
  absl::flat_hash_map<uint32_t, Overlap> with_root;
};

// rank 0's run->edges clustered at the ranks; `corpus` (rank 0's) for the
// representative order.
absl::Status ClusterAtRanks(const Job& job, const std::vector<int>& holder, const internal::Corpus& corpus,
                            const ClusterRun& run, KeptDocuments* kept, SideCache* cache, Roots* roots);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_LATER_STAGES_H_
