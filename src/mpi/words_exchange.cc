#include "mpi/words_exchange.h"

#include <string>

#include "mpi/comm.h"
#include "mpi/pack.h"
#include "mpi/words.h"
#include "oneapi/tbb/parallel_sort.h"

namespace wiretrace::mpi {
namespace {

// out[r] (one vector each) to rank r, and what every rank sent this one.
// A garbled part (a bug) is reported in *status and read as empty, so that
// every rank still reaches the same collectives.
template <typename T>
absl::StatusOr<std::vector<std::vector<T>>> Exchange(MPI_Comm comm, int rank, const std::vector<std::vector<T>>& out,
                                                     uint64_t* bytes_sent, absl::Status* status) {
  std::vector<std::string> parts(out.size());
  for (size_t r = 0; r < out.size(); ++r) {
    ByteWriter(&parts[r]).PutVector(out[r]);
    if (static_cast<int>(r) != rank) *bytes_sent += parts[r].size();
  }
  absl::StatusOr<std::vector<std::string>> in = ExchangeBytes(comm, parts);
  if (!in.ok()) return in.status();
  std::vector<std::vector<T>> received(in->size());
  for (size_t r = 0; r < in->size(); ++r) {
    ByteReader reader((*in)[r]);
    received[r] = reader.GetVector<T>();
    if ((!reader.ok() || !reader.done()) && status->ok()) {
      *status = absl::InternalError("a garbled content-word message from rank " + std::to_string(r));
      received[r].clear();
    }
  }
  return received;
}

}  // namespace

absl::StatusOr<std::vector<uint64_t>> ReduceContentWords(MPI_Comm comm, const ContentWordOptions& options,
                                                         absl::Span<std::vector<uint32_t>> sets,
                                                         absl::Span<std::vector<uint32_t>> sequences,
                                                         absl::Span<const uint32_t> global, uint64_t documents,
                                                         ContentWords* words, uint64_t* bytes_sent) {
  if (!options.enabled) {
    words->Reduce(sets, {}, 0);
    return std::vector<uint64_t>();
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  absl::Status status;
  // 1-2: counts to the words' owners, their totals back.
  const std::vector<std::vector<uint64_t>> sent = CountWordsByOwner(sets, size);
  absl::StatusOr<std::vector<std::vector<uint64_t>>> requests = Exchange(comm, rank, sent, bytes_sent, &status);
  if (!requests.ok()) return requests.status();
  absl::StatusOr<std::vector<std::vector<uint32_t>>> totals =
      Exchange(comm, rank, SumAtOwner(*requests), bytes_sent, &status);
  if (!totals.ok()) return totals.status();
  requests->clear();
  // 3: this rank's sets reduced with the totals, by Build's own kernel.
  const std::vector<uint32_t> frequency = Frequencies(sets, sent, *totals);
  words->Reduce(sets, frequency, documents, sequences);
  // 4: the rarest words' postings to their owners, which pair them.
  absl::StatusOr<std::vector<std::vector<uint64_t>>> postings =
      Exchange(comm, rank, PostingsByOwner(words->Postings(), global, size), bytes_sent, &status);
  if (!postings.ok()) return postings.status();
  std::vector<uint64_t> owned;
  for (const std::vector<uint64_t>& part : *postings) owned.insert(owned.end(), part.begin(), part.end());
  postings->clear();
  tbb::parallel_sort(owned.begin(), owned.end());
  std::vector<uint64_t> pairs;
  for (const DocPair& p : ContentWords::PairsOfPostings(owned, options.max_posting)) {
    pairs.push_back(uint64_t{p.a} << 32 | p.b);
  }
  if (!status.ok()) return status;
  return pairs;
}

}  // namespace wiretrace::mpi
