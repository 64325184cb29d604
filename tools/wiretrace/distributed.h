// The CLI's side of MPI (src/mpi/mpi_cluster.h): whether this process is a
// rank of a job, and `cluster` in one process or across ranks. Built without
// MPI (WIRETRACE_WITH_MPI off), every process is a job of one rank.
#ifndef WIRETRACE_TOOLS_WIRETRACE_DISTRIBUTED_H_
#define WIRETRACE_TOOLS_WIRETRACE_DISTRIBUTED_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wiretrace/engine.h"

namespace wiretrace::cli {

// MPI for the life of main: initialised only when a launcher (mpirun, srun)
// started the process, so that a plain start needs no MPI runtime; finalised
// on the way out.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// Ranks of this job (1 for a plain start) and whether this is rank 0, the
// one that writes the output and the messages.
int WorldSize();
bool IsRoot();

// `cluster` over the files `paths`: across the job's ranks when started by
// a launcher, else RunCluster. On ranks other than 0 the run is empty. With
// WIRETRACE_MPI_STATS set, each rank prints where its time and bytes went
// (bench/mpi.sh).
absl::StatusOr<ClusterRun> ClusterJob(const std::vector<std::string>& paths, const EngineOptions& options);

// The job's verdict on a step every rank takes alone (reading the options,
// checking rank 0's output paths): OK when it went well on every rank;
// otherwise the failure on every rank, with on rank 0 each failing rank's
// message ("rank R: ..."; mpi::AgreeOnStatus). Collective. Every rank calls
// it before the run's first collective, so that a rank that failed alone (an
// --agencies file on a path its node lacks) does not leave the others
// waiting in one. `local` itself for a plain start.
absl::Status AgreeOnJobStatus(const absl::Status& local);

// Rank 0's `code` on every rank, so that the job exits as rank 0 decided
// (mpirun returns a failing rank's code). Collective: every rank calls it
// once, on every path after ClusterJob.
int ShareExitCode(int code);

}  // namespace wiretrace::cli

#endif  // WIRETRACE_TOOLS_WIRETRACE_DISTRIBUTED_H_
