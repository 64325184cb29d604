#include "distributed.h"

#include <cstdio>
#include <cstdlib>

#include "wiretrace/wiretrace.h"
#ifdef WIRETRACE_WITH_MPI
#include "mpi/comm.h"
#include "mpi/mpi_cluster.h"
#endif

namespace wiretrace::cli {

#ifdef WIRETRACE_WITH_MPI

namespace {
bool g_initialized = false;
}  // namespace

MpiSession::MpiSession(int* argc, char*** argv) {
  if (!mpi::StartedByLauncher()) return;
  // FUNNELED: only the main thread calls MPI; the engine's TBB threads never do.
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  g_initialized = true;
}

MpiSession::~MpiSession() {
  if (g_initialized) MPI_Finalize();
}

int WorldSize() {
  if (!g_initialized) return 1;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

bool IsRoot() {
  if (!g_initialized) return true;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank == 0;
}

absl::StatusOr<ClusterRun> ClusterJob(const std::vector<std::string>& paths, const EngineOptions& options) {
  if (!g_initialized) {
    std::vector<Input> inputs;
    for (const std::string& path : paths) inputs.push_back(Input::File(path));
    return Cluster(inputs, options);
  }
  mpi::RankStats stats;
  absl::StatusOr<ClusterRun> run = mpi::RunCluster(paths, options, MPI_COMM_WORLD, &stats);
  if (std::getenv("WIRETRACE_MPI_STATS") != nullptr) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::fputs(mpi::FormatStats(rank, stats).c_str(), stderr);
  }
  return run;
}

absl::Status AgreeOnJobStatus(const absl::Status& local) {
  if (!g_initialized) return local;
  return mpi::AgreeOnStatus(MPI_COMM_WORLD, local);
}

int ShareExitCode(int code) {
  if (!g_initialized) return code;
  MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return code;
}

#else  // !WIRETRACE_WITH_MPI

MpiSession::MpiSession(int*, char***) {}
MpiSession::~MpiSession() = default;
int WorldSize() { return 1; }
bool IsRoot() { return true; }

absl::StatusOr<ClusterRun> ClusterJob(const std::vector<std::string>& paths, const EngineOptions& options) {
  std::vector<Input> inputs;
  for (const std::string& path : paths) inputs.push_back(Input::File(path));
  return Cluster(inputs, options);
}

absl::Status AgreeOnJobStatus(const absl::Status& local) { return local; }
int ShareExitCode(int code) { return code; }

#endif  // WIRETRACE_WITH_MPI

}  // namespace wiretrace::cli
