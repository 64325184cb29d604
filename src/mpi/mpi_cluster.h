// `cluster` across the ranks of an MPI job (mpirun, srun), with output
// byte-identical to one process (RunCluster, wiretrace/engine.h):
//
//   MPI_Init_thread(...);
//   wiretrace::mpi::RankStats stats;
//   absl::StatusOr<wiretrace::ClusterRun> run =
//       wiretrace::mpi::RunCluster(paths, options, MPI_COMM_WORLD, &stats);
//   // on rank 0: the run, as RunCluster returns it; elsewhere an empty run
//
// Rank 0 plans which rank reads which byte range of each input (shard.h).
// Each rank reads, parses, normalises and shingles its units and sends rank
// 0 each document's id, outlet, date and where it was read (pack.h); rank 0
// replays the reader's serial end over them in input order (the first
// record of an id wins; the outlet table) as one process does, and sends
// each rank, per document, whether it is kept, its index, its outlet and its
// place in the representative order. The boilerplate counts are reduced by
// the rank that owns each (outlet, line) (MPI_Alltoallv); the boilerplate
// lines, titles, leads and the CommonWords sample go to all. Each rank drops
// its documents' furniture, signs them, and sends every band key to the rank
// that owns its bucket (MPI_Alltoallv); each owner links the members of its
// buckets in representative order (heads as LshIndex does). The content
// words are counted, reduced and paired the same way (words.h): each word's
// count is summed at the rank that owns the word, each rank reduces its own
// sets, and the owners pair the documents of each rare word. Rank 0 merges
// every rank's pairs into the candidates; each pair is judged at the rank
// that holds its first document, with the other's side fetched from its
// holder; rank 0 cuts the edge graph into its components and deals them to
// the ranks, which cluster them and return each member's root
// (later_stages.h). Rank 0 writes the results. docs/design.md, "The
// distributed path", says what is and is not distributed yet.
//
// Thread safety: collective over `comm`; call from one thread of each rank.
#ifndef WIRETRACE_MPI_MPI_CLUSTER_H_
#define WIRETRACE_MPI_MPI_CLUSTER_H_

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/engine.h"

namespace wiretrace::mpi {

// Whether a launcher started this process as an MPI rank (Open MPI's
// mpirun, Slurm's srun with PMI or PMIx): what decides whether the CLI
// calls MPI_Init at all, so that a plain start needs no MPI runtime.
bool StartedByLauncher();

// Where one rank's time and bytes went, for bench/mpi.sh.
struct RankStats {
  double read_seconds = 0;      // read, parse, normalise, shingle its units
  double exchange_seconds = 0;  // ids to rank 0 and the plans back; line counts at owners; titles, leads
  double replay_seconds = 0;    // of which rank 0's serial part: the replay in input order, the plans
  double sign_seconds = 0;      // drop furniture, sign, band keys
  double bucket_seconds = 0;    // band keys to their owners (MPI_Alltoallv), the buckets' pairs
  double words_seconds = 0;     // word counts to their owners and back, reduce the sets, postings to owners, their pairs
  double gather_seconds = 0;    // pairs to rank 0 and its merge of the candidates (elsewhere: the wait for it)
  double fetch_seconds = 0;     // the shingle sets made where they are held, their sizes to rank 0
  double verify_seconds = 0;    // its pairs, the other sides fetched, judged; the edges to rank 0
  double cluster_seconds = 0;   // its components, the members' sides fetched, clustered; the roots to rank 0
  double stages_seconds = 0;    // rank 0: the results and the summary
  // Bytes this rank sent to other ranks: the models' messages (page lines to
  // rank 0, plans and the word sample back), band keys to their owners, word
  // counts and postings to theirs, documents' sides to the ranks that judge
  // or cluster them, and pairs, set sizes, edges and roots to rank 0 (with
  // rank 0's lists of pairs and components to the ranks).
  uint64_t model_bytes = 0;
  uint64_t band_bytes = 0;
  uint64_t word_bytes = 0;      // word counts, their totals and the rare words' postings, to the words' owners
  uint64_t side_bytes = 0;      // the requests for sides and the sides sent
  uint64_t set_bytes = 0;
  uint64_t documents = 0;       // good documents it read
};

// The distributed `cluster` (the file comment). Every rank returns the same
// status: a rank that fails (an unreadable shard) fails the job, with
// "rank R: <message>" in the status on rank 0; stage boundaries check the
// status collectively, so no rank waits on one that stopped. Refuses
// keep_articles and explain (InvalidArgument): the provenance jobs and
// --explain's line texts run in one process.
absl::StatusOr<ClusterRun> RunCluster(const std::vector<std::string>& inputs, const EngineOptions& options,
                                      MPI_Comm comm, RankStats* stats);

// One line of `stats` for rank `rank`, as bench/mpi.sh reads it.
std::string FormatStats(int rank, const RankStats& stats);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_MPI_CLUSTER_H_
