// The LSH buckets of the distributed path (src/mpi/mpi_cluster.cc): which
// rank owns the bucket of a band key, and the pairs an owner forms of its
// buckets; and which documents are in a candidate pair. Apart from MPI so
// that tests/mpi_pack_test.cc checks the pairs against LshIndex's own,
// without mpirun.
//
// Thread safety: pure functions; BucketPairs sorts with TBB, in the
// caller's arena.
#ifndef WIRETRACE_MPI_BUCKETS_H_
#define WIRETRACE_MPI_BUCKETS_H_

#include <cstdint>
#include <vector>

#include "mpi/pack.h"
#include "wiretrace/lsh.h"

namespace wiretrace::mpi {

// The rank of `size` that owns the bucket of `key` in `band`: a mix of both,
// so that the buckets of one band spread over every rank.
int BucketOwner(uint32_t band, uint32_t key, int size);

// The pairs of the buckets in `entries` (every member of each of them), as
// (a << 32 | b), a < b, sorted, each once: LshIndex::CandidatePairs' rule,
// a bucket's members in representative order (BandEntry::rank_order), each
// of its first `max_bucket` members (its heads) linked to every later one.
// The single index emits a pair in the first band where it is linked; the
// union over all bands is the same set, so owners need not know each
// other's bands.
std::vector<uint64_t> BucketPairs(std::vector<BandEntry> entries, uint32_t max_bucket);

// The documents in any of `pairs`, each once, ascending, in the list of the
// rank that holds it (holder[document], of `size` ranks): the documents
// whose shingle sets and order their holders keep (later_stages.h), the
// only ones verification and the clustering anchors compare (every edge is
// a candidate pair).
std::vector<std::vector<uint32_t>> PairedDocumentsByHolder(const std::vector<DocPair>& pairs,
                                                           const std::vector<int>& holder, int size);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_BUCKETS_H_
