#include "mpi/comm.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace wiretrace::mpi {
namespace {

constexpr size_t kPiece = size_t{1} << 30;
constexpr int kTagBytes = 17;

int Rank(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

int Size(MPI_Comm comm) {
  int size = 0;
  MPI_Comm_size(comm, &size);
  return size;
}

}  // namespace

std::vector<std::string> GatherBytes(MPI_Comm comm, int root, const std::string& mine) {
  const int rank = Rank(comm);
  const int size = Size(comm);
  uint64_t n = mine.size();
  std::vector<uint64_t> sizes(rank == root ? size : 0);
  MPI_Gather(&n, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, root, comm);
  std::vector<std::string> all;
  if (rank != root) {
    for (size_t at = 0; at < mine.size(); at += kPiece) {
      const int piece = static_cast<int>(std::min(kPiece, mine.size() - at));
      MPI_Send(mine.data() + at, piece, MPI_BYTE, root, kTagBytes, comm);
    }
    return all;
  }
  all.resize(size);
  for (int r = 0; r < size; ++r) {
    if (r == root) {
      all[r] = mine;
      continue;
    }
    all[r].resize(sizes[r]);
    for (size_t at = 0; at < all[r].size(); at += kPiece) {
      const int piece = static_cast<int>(std::min(kPiece, all[r].size() - at));
      MPI_Recv(all[r].data() + at, piece, MPI_BYTE, r, kTagBytes, comm, MPI_STATUS_IGNORE);
    }
  }
  return all;
}

void BroadcastBytes(MPI_Comm comm, int root, std::string* bytes) {
  uint64_t n = bytes->size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm);
  bytes->resize(n);
  for (size_t at = 0; at < n; at += kPiece) {
    MPI_Bcast(bytes->data() + at, static_cast<int>(std::min<size_t>(kPiece, n - at)), MPI_BYTE, root, comm);
  }
}

absl::Status AgreeOnStatus(MPI_Comm comm, const absl::Status& local) {
  int failed = local.ok() ? 0 : 1;
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, comm);
  if (any == 0) return absl::OkStatus();
  const std::string mine = local.ok() ? std::string() : absl::StrCat(static_cast<int>(local.code()), ":",
                                                                      local.message());
  const std::vector<std::string> all = GatherBytes(comm, 0, mine);
  int code = static_cast<int>(absl::StatusCode::kInternal);
  std::string message;
  bool first = true;
  for (size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty()) continue;
    const size_t colon = all[r].find(':');
    if (first) code = std::stoi(all[r].substr(0, colon));
    absl::StrAppend(&message, first ? "" : "; ", "rank ", r, ": ", all[r].substr(colon + 1));
    first = false;
  }
  MPI_Bcast(&code, 1, MPI_INT, 0, comm);
  if (Rank(comm) != 0) message = "failed on another rank (rank 0 reports it)";
  return absl::Status(static_cast<absl::StatusCode>(code), message);
}

}  // namespace wiretrace::mpi
