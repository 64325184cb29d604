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
#include "absl/status/statusor.h"

namespace wiretrace::mpi {

// Every rank's `mine`, on `root` (indexed by rank; empty elsewhere).
std::vector<std::string> GatherBytes(MPI_Comm comm, int root, const std::string& mine);

// parts[r] of `root` to rank r (parts is read on `root` only); this rank's part.
std::string ScatterBytes(MPI_Comm comm, int root, std::vector<std::string> parts);

// All to all: out[r] to rank r; returns what every rank sent this one
// (indexed by sender). MPI_Alltoallv with byte counts, so that no part may
// reach 2 GiB: InvalidArgument (the same on every rank) if one would.
absl::StatusOr<std::vector<std::string>> ExchangeBytes(MPI_Comm comm, const std::vector<std::string>& out);

// Every rank's `mine`, back to back in rank order, on every rank.
std::string AllGatherBytes(MPI_Comm comm, const std::string& mine);

// `bytes` of `root`, on every rank.
void BroadcastBytes(MPI_Comm comm, int root, std::string* bytes);

// The job's status at a stage boundary: OK when every rank's `local` is;
// otherwise, on every rank, the status code of the first failing rank, with
// on rank 0 every failing rank's message ("rank R: ...").
absl::Status AgreeOnStatus(MPI_Comm comm, const absl::Status& local);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_COMM_H_
