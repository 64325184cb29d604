// The exchange of the distributed path's content words (words.h, steps 1
// to 4), over MPI.
//
// Thread safety: collective over `comm`; call from one thread of each rank,
// inside its arena.
#ifndef WIRETRACE_MPI_WORDS_EXCHANGE_H_
#define WIRETRACE_MPI_WORDS_EXCHANGE_H_

#include <mpi.h>

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "wiretrace/content_words.h"

namespace wiretrace::mpi {

// Steps 1 to 4 of words.h. `sets` are this rank's kept documents'
// word sets (sorted, unique; reduced in place), `sequences` their words in
// text order (parallel to sets, or empty without the order rule; cleared),
// `global` their indices among the job's `documents` kept documents. Into
// *words, an index over this rank's documents (Words, ContentCount,
// FirstPositions); returns the word candidate pairs of the words this rank
// owns, a << 32 | b in global indices, sorted. Adds the bytes it sent to
// other ranks to *bytes_sent. With content words off, only *words is set
// (the sets as they are), and no rank sends anything.
absl::StatusOr<std::vector<uint64_t>> ReduceContentWords(MPI_Comm comm, const ContentWordOptions& options,
                                                         absl::Span<std::vector<uint32_t>> sets,
                                                         absl::Span<std::vector<uint32_t>> sequences,
                                                         absl::Span<const uint32_t> global, uint64_t documents,
                                                         ContentWords* words, uint64_t* bytes_sent);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_WORDS_EXCHANGE_H_
