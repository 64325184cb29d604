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

std::string ScatterBytes(MPI_Comm comm, int root, std::vector<std::string> parts) {
  const int rank = Rank(comm);
  if (rank == root) {
    for (int r = 0; r < Size(comm); ++r) {
      if (r == root) continue;
      uint64_t n = parts[r].size();
      MPI_Send(&n, 1, MPI_UINT64_T, r, kTagBytes, comm);
      for (size_t at = 0; at < parts[r].size(); at += kPiece) {
        const int piece = static_cast<int>(std::min(kPiece, parts[r].size() - at));
        MPI_Send(parts[r].data() + at, piece, MPI_BYTE, r, kTagBytes, comm);
      }
    }
    return std::move(parts[root]);
  }
  uint64_t n = 0;
  MPI_Recv(&n, 1, MPI_UINT64_T, root, kTagBytes, comm, MPI_STATUS_IGNORE);
  std::string mine(n, '\0');
  for (size_t at = 0; at < n; at += kPiece) {
    MPI_Recv(mine.data() + at, static_cast<int>(std::min<size_t>(kPiece, n - at)), MPI_BYTE, root, kTagBytes, comm,
             MPI_STATUS_IGNORE);
  }
  return mine;
}

absl::StatusOr<std::vector<std::string>> ExchangeBytes(MPI_Comm comm, const std::vector<std::string>& out) {
  const int size = Size(comm);
  std::vector<uint64_t> send_sizes(size), recv_sizes(size);
  for (int r = 0; r < size; ++r) send_sizes[r] = out[r].size();
  MPI_Alltoall(send_sizes.data(), 1, MPI_UINT64_T, recv_sizes.data(), 1, MPI_UINT64_T, comm);
  // Every rank sees every size it sends or receives; one over the limit
  // anywhere fails every rank alike.
  int too_large = 0;
  for (int r = 0; r < size; ++r) too_large |= send_sizes[r] >= (uint64_t{1} << 31) || recv_sizes[r] >= (uint64_t{1} << 31);
  MPI_Allreduce(MPI_IN_PLACE, &too_large, 1, MPI_INT, MPI_MAX, comm);
  if (too_large) return absl::InvalidArgumentError("a message of 2 GiB or more between two ranks: run more ranks");
  std::vector<int> send_counts(size), send_displs(size), recv_counts(size), recv_displs(size);
  std::string send, recv;
  for (int r = 0; r < size; ++r) {
    send_counts[r] = static_cast<int>(send_sizes[r]);
    recv_counts[r] = static_cast<int>(recv_sizes[r]);
    send_displs[r] = static_cast<int>(send.size());
    recv_displs[r] = static_cast<int>(recv.size());
    send += out[r];
    recv.resize(recv.size() + recv_sizes[r]);
  }
  if (send.size() >= (uint64_t{1} << 31) || recv.size() >= (uint64_t{1} << 31)) {
    too_large = 1;
  }
  MPI_Allreduce(MPI_IN_PLACE, &too_large, 1, MPI_INT, MPI_MAX, comm);
  if (too_large) return absl::InvalidArgumentError("2 GiB or more to or from one rank in one exchange: run more ranks");
  MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_BYTE, recv.data(), recv_counts.data(),
                recv_displs.data(), MPI_BYTE, comm);
  std::vector<std::string> in(size);
  for (int r = 0; r < size; ++r) in[r] = recv.substr(recv_displs[r], recv_counts[r]);
  return in;
}

void BroadcastBytes(MPI_Comm comm, int root, std::string* bytes) {
  uint64_t n = bytes->size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm);
  bytes->resize(n);
  for (size_t at = 0; at < n; at += kPiece) {
    MPI_Bcast(bytes->data() + at, static_cast<int>(std::min<size_t>(kPiece, n - at)), MPI_BYTE, root, comm);
  }
}

std::string AllGatherBytes(MPI_Comm comm, const std::string& mine) {
  std::string all;
  for (const std::string& part : GatherBytes(comm, 0, mine)) all += part;
  BroadcastBytes(comm, 0, &all);
  return all;
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
