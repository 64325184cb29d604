// The content words of the distributed path (src/mpi/mpi_cluster.cc), made
// of counts, sums and unions only, so that every document's reduced word
// set, content-word count, first positions and every word candidate pair
// are those of ContentWords::Build over the whole corpus in one process:
//
//   1. each rank counts its documents' words (CountWordsByOwner);
//   2. the rank that owns a word (WordOwner) sums its counts and returns to
//      each rank the total of every word that rank sent (SumAtOwner);
//   3. each rank reduces its own sets with those totals (Frequencies, then
//      ContentWords::Reduce, the kernel Build runs after counting);
//   4. each document's rarest words go to their owners as postings, and an
//      owner pairs the documents of each of its words
//      (ContentWords::PairsOfPostings, CandidatePairs' rule).
//
// A word's postings all reach its one owner, so an owner's pairs are the
// single index's for its words; a pair that shares several rare words may
// come from several owners, and rank 0 keeps it once.
//
// Plain C++, tested without mpirun (tests/mpi_pack_test.cc); the exchange
// that runs the steps is words_exchange.h.
//
// Thread safety: pure functions; those with a TBB loop (CountWordsByOwner,
// Frequencies) run in the caller's arena.
#ifndef WIRETRACE_MPI_WORDS_H_
#define WIRETRACE_MPI_WORDS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "wiretrace/content_words.h"

namespace wiretrace::mpi {

// The rank of `size` that owns `word` (its count and its postings).
int WordOwner(uint32_t word, int size);

// The distinct words of `sets` (each sorted and unique) with the number of
// sets holding each, as word << 32 | count, sorted by word, in the list of
// the word's owner.
std::vector<std::vector<uint64_t>> CountWordsByOwner(absl::Span<const std::vector<uint32_t>> sets, int size);

// At an owner, `requests[r]` what rank r sent (CountWordsByOwner's list for
// this rank): for each rank, the corpus-wide count of each word it sent, in
// the order it sent them.
std::vector<std::vector<uint32_t>> SumAtOwner(const std::vector<std::vector<uint64_t>>& requests);

// Back at the rank: each word's corpus-wide count, set after set as the
// words of `sets` run (ContentWords::Reduce's `frequency`), from what it
// sent each owner (`sent`, CountWordsByOwner) and the owners' replies.
std::vector<uint32_t> Frequencies(absl::Span<const std::vector<uint32_t>> sets,
                                  const std::vector<std::vector<uint64_t>>& sent,
                                  const std::vector<std::vector<uint32_t>>& replies);

// This rank's postings (ContentWords::Postings, over its documents) with
// each document's index among all kept documents (`global`), in the list of
// the word's owner, each list sorted.
std::vector<std::vector<uint64_t>> PostingsByOwner(const std::vector<uint64_t>& postings,
                                                   absl::Span<const uint32_t> global, int size);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_WORDS_H_
