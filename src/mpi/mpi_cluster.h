// `cluster` across the ranks of an MPI job (mpirun, srun), with output
// byte-identical to one process (RunCluster, wiretrace/engine.h):
//
//   MPI_Init_thread(...);
//   wiretrace::mpi::RankStats stats;
//   absl::StatusOr<wiretrace::ClusterRun> run =
//       wiretrace::mpi::RunCluster(paths, options, MPI_COMM_WORLD, &stats);
//   // on rank 0: the run, as RunCluster returns it; elsewhere an empty run
//
// Rank 0 plans which rank reads which byte range of each input (shard.h);
// each rank reads, parses, normalises and shingles its units and sends rank
// 0 the documents' state after reading (pack.h); rank 0 puts them back in
// input order, replaying the reader's serial end (duplicate ids, outlets,
// boilerplate and teaser counts) exactly as one process does, and runs the
// later stages (sign, candidates, verify, cluster). docs/design.md, "The
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
  double read_seconds = 0;    // read, parse, normalise, shingle its units, and pack them
  double gather_seconds = 0;  // waiting for and moving the documents to rank 0
  double merge_seconds = 0;   // rank 0: unpack and replay in input order
  double stages_seconds = 0;  // rank 0: sign, candidates, verify, cluster
  uint64_t bytes_sent = 0;    // bytes this rank sent to another rank
  uint64_t documents = 0;     // good documents it read
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
