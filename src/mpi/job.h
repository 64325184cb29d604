// What the stages of the distributed path (mpi_cluster.cc) share: the
// rank's context, rank 0's directory of the documents, and the documents a
// rank keeps. Internal to src/mpi/.
#ifndef WIRETRACE_MPI_JOB_H_
#define WIRETRACE_MPI_JOB_H_

#include <mpi.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "internal/engine_stages.h"
#include "mpi/mpi_cluster.h"
#include "mpi/shard.h"
#include "wiretrace/content_words.h"
#include "wiretrace/pair_rule.h"

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
  // From the content words on (words_exchange.h): the documents' reduced
  // word sets, and the index over them that answers for each document.
  std::vector<std::vector<uint32_t>> word_sets;
  std::unique_ptr<ContentWords> words;
  // From the later stages on: where each document is in docs, by its index
  // among all kept documents.
  absl::flat_hash_map<uint32_t, uint32_t> local;

  // Document i as the pair rule reads it (after PrepareShingles).
  PairSide Side(uint32_t i) const {
    PairSide side;
    const internal::DocState& doc = docs[i];
    side.shingles = doc.shingles;
    side.shingle_sequence = doc.shingle_sequence;
    side.words = words->Words(i);
    side.word_positions = words->FirstPositions(i);
    side.content_words = words->ContentCount(i);
    side.figures = doc.figures;
    side.source = doc.source;
    side.published = doc.published;
    return side;
  }
};

// Rank 0: the rank that holds each kept document.
inline std::vector<int> Holders(const Job& job, const Directory& directory) {
  std::vector<int> holder(directory.origin.size());
  for (size_t g = 0; g < holder.size(); ++g) holder[g] = job.plan[directory.origin[g].first].rank;
  return holder;
}

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_JOB_H_
