// The few collectives the distributed path needs, over byte strings and
// statuses, with messages of any size (MPI counts are ints: larger ones
// travel in pieces).
//
// Thread safety: collective over `comm`; call from one thread of each rank.
#ifndef WIRETRACE_MPI_COMM_H_
#define WIRETRACE_MPI_COMM_H_

#include <mpi.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace wiretrace::mpi {

// Every rank's `mine`, on `root` (indexed by rank; empty elsewhere).
std::vector<std::string> GatherBytes(MPI_Comm comm, int root, const std::string& mine);

// `bytes` of `root`, on every rank.
void BroadcastBytes(MPI_Comm comm, int root, std::string* bytes);

// The job's status at a stage boundary: OK when every rank's `local` is;
// otherwise, on every rank, the status code of the first failing rank, with
// on rank 0 every failing rank's message ("rank R: ...").
absl::Status AgreeOnStatus(MPI_Comm comm, const absl::Status& local);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_COMM_H_
