// What the stages of the distributed path (mpi_cluster.cc) share: the
// rank's context, rank 0's directory of the documents, and the documents a
// rank keeps. Internal to src/mpi/.
#ifndef WIRETRACE_MPI_JOB_H_
#define WIRETRACE_MPI_JOB_H_

#include <mpi.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "internal/engine_stages.h"
#include "mpi/mpi_cluster.h"
#include "mpi/shard.h"

namespace wiretrace::mpi {

// This rank's context through the stages.
struct Job {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 1;
  int threads = 1;
  const EngineOptions* options = nullptr;
  std::vector<ShardUnit> plan;
  RankStats* stats = nullptr;
};

// What rank 0 knows of every document between the stages: where each kept
// one came from, and each read one's index among the kept (-1: a duplicate id).
struct Directory {
  std::vector<std::vector<int64_t>> global;  // [unit][document of the unit]
  std::vector<std::pair<uint32_t, uint32_t>> origin;  // [kept document]: (unit, document of the unit)
};

// This rank's kept documents.
struct KeptDocuments {
  std::vector<internal::DocState> docs;
  std::vector<uint32_t> global;      // parallel to docs
  std::vector<uint32_t> rank_order;  // parallel to docs
};

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_JOB_H_
