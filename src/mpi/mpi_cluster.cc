// The distributed `cluster` (mpi_cluster.h). Only the exchange is here: the
// reading, the replay of its serial end and the later stages are the
// engine's own functions (src/internal/engine_stages.h), so that the output
// cannot drift from one process's.
#include "mpi/mpi_cluster.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "internal/engine_stages.h"
#include "mpi/comm.h"
#include "mpi/pack.h"
#include "mpi/shard.h"
#include "oneapi/tbb/info.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace::mpi {
namespace {

// A unit of a split file is at most this large: what a rank holds of its
// raw shard at once (the documents it made of it are smaller).
constexpr uint64_t kMaxUnitBytes = uint64_t{64} << 20;

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The engine's threads on this rank: all cores (threads = 0) means this
// rank's share of its node's cores, since the node's other ranks want them too.
int RankThreads(const EngineOptions& options, MPI_Comm comm) {
  if (options.threads > 0) return options.threads;
  MPI_Comm node;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int on_node = 1;
  MPI_Comm_size(node, &on_node);
  MPI_Comm_free(&node);
  // TBB's count honours the launcher's binding (mpirun binds ranks to cores
  // or sockets), which hardware_concurrency does not.
  const int cores = std::max(1, tbb::info::default_concurrency());
  return std::max(1, cores / std::max(1, on_node));
}

// Reads one unit with the engine's own read stage and packs what it made.
absl::Status ReadUnit(const ShardUnit& unit, uint32_t index, const EngineOptions& options, int threads,
                      tbb::task_arena& arena, std::string* out, uint64_t* documents) {
  UnitResult result;
  result.unit = index;
  IngestOptions ingest = options.ingest;
  if (unit.split) {
    absl::StatusOr<std::string> bytes = ReadAlignedRange(unit.path, unit.begin, unit.end, &result.newlines);
    if (!bytes.ok()) return bytes.status();
    if (bytes->empty()) {
      PackUnit(result, out);
      return absl::OkStatus();
    }
    // Read as the file would be (named by its path in every problem): the
    // reader sniffs a range of JSON lines as it does the whole file.
    auto memory = std::make_shared<std::map<std::string, std::shared_ptr<const std::string>>>();
    (*memory)[unit.path] = std::make_shared<const std::string>(*std::move(bytes));
    ingest.memory_inputs = std::move(memory);
  }
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open({unit.path}, ingest);
  if (!reader.ok()) return reader.status();
  ClusterRun run;
  internal::StageClock clock(options.progress, &run.summary);
  internal::Corpus corpus(options);
  if (absl::Status s = internal::ReadCorpus(**reader, options, threads, arena, &clock, &run, &corpus); !s.ok()) {
    return s;
  }
  result.bytes_read = (*reader)->bytes_read();
  result.files = std::move(run.files);
  result.problems = std::move(run.problems);
  result.sources.reserve(corpus.docs.size());
  for (const internal::DocState& doc : corpus.docs) result.sources.push_back(corpus.boilerplate.SourceName(doc.source));
  *documents += corpus.docs.size();
  result.docs = std::move(corpus.docs);
  PackUnit(result, out);
  return absl::OkStatus();
}

// A failure injected for the tests of the failure path
// (WIRETRACE_MPI_FAIL_RANK=R): the one rank-local failure a test can cause
// on demand, since a real one (a shard that vanishes between planning and
// reading) cannot be timed.
absl::Status InjectedFailure(int rank) {
  const char* fail = std::getenv("WIRETRACE_MPI_FAIL_RANK");
  if (fail == nullptr || std::atoi(fail) != rank) return absl::OkStatus();
  return absl::DataLossError("cannot read its shard (failure injected by WIRETRACE_MPI_FAIL_RANK)");
}

absl::Status ReadMyUnits(const std::vector<ShardUnit>& units, int rank, const EngineOptions& options, int threads,
                         std::string* out, uint64_t* documents) {
  if (absl::Status s = InjectedFailure(rank); !s.ok()) return s;
  tbb::task_arena arena(threads);
  for (uint32_t u = 0; u < units.size(); ++u) {
    if (units[u].rank != rank) continue;
    if (absl::Status s = ReadUnit(units[u], u, options, threads, arena, out, documents); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Rank 0: every rank's units back in input order, each line number moved
// past the earlier units of its file, and the reader's serial end replayed
// over them as one process runs it (engine_read.cc's collector): the first
// record of an id wins, across ranks too. Returns the bytes read.
absl::StatusOr<uint64_t> MergeUnits(const std::vector<ShardUnit>& plan, std::vector<std::string> buffers,
                                    const EngineOptions& options, internal::Corpus* corpus, ClusterRun* run) {
  std::vector<UnitResult> units(plan.size());
  for (size_t r = 0; r < buffers.size(); ++r) {
    ByteReader reader(buffers[r]);
    while (!reader.done()) {
      UnitResult unit;
      if (!UnpackUnit(&reader, &unit) || unit.unit >= units.size()) {
        return absl::InternalError(absl::StrCat("a garbled message from rank ", r));
      }
      units[unit.unit] = std::move(unit);
    }
    std::string().swap(buffers[r]);
  }
  std::vector<uint64_t> lines_before(plan.size(), 0);
  for (size_t u = 1; u < plan.size(); ++u) {
    if (plan[u].input == plan[u - 1].input && plan[u].split) lines_before[u] = lines_before[u - 1] + units[u - 1].newlines;
  }
  absl::flat_hash_set<std::string> seen_ids;
  uint64_t bytes_read = 0;
  for (size_t u = 0; u < units.size(); ++u) {
    UnitResult& unit = units[u];
    bytes_read += unit.bytes_read;
    // A schema warning is about a file's first records: its first unit's.
    const bool first_unit = !plan[u].split || plan[u].begin == 0;
    size_t next = 0;
    auto emit_until = [&](size_t end) {
      for (; next < end && next < unit.problems.size(); ++next) {
        InputProblem& p = unit.problems[next];
        if (p.schema && !first_unit) continue;
        if (p.line > 0) p.line += lines_before[u];
        run->problems.push_back(std::move(p));
      }
    };
    for (size_t d = 0; d < unit.docs.size(); ++d) {
      internal::DocState& doc = unit.docs[d];
      emit_until(doc.problems_before);
      doc.line += lines_before[u];
      if (!seen_ids.insert(doc.id).second) {
        const std::string file = doc.file < unit.files.size() ? unit.files[doc.file] : plan[u].path;
        run->problems.push_back({file, doc.line, internal::DuplicateIdMessage(doc.id), true});
        continue;
      }
      internal::AdmitDocument(options, unit.sources[d], {}, std::move(doc), corpus);
    }
    emit_until(unit.problems.size());
    for (const std::string& f : unit.files) {
      if (run->files.empty() || run->files.back() != f) run->files.push_back(f);
    }
    unit = UnitResult();
  }
  return bytes_read;
}

}  // namespace

bool StartedByLauncher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

absl::StatusOr<ClusterRun> RunCluster(const std::vector<std::string>& inputs, const EngineOptions& options,
                                      MPI_Comm comm, RankStats* stats) {
  // The same options on every rank: each refuses them alike, no collective needed.
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (options.keep_articles || options.explain) {
    return absl::InvalidArgumentError("under MPI only `cluster` runs, without --explain; run it in one process");
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  auto start = std::chrono::steady_clock::now();
  std::string plan_bytes;
  if (rank == 0) PackPlan(PlanShards(inputs, size, kMaxUnitBytes), &plan_bytes);
  BroadcastBytes(comm, 0, &plan_bytes);
  std::vector<ShardUnit> plan;
  if (!UnpackPlan(plan_bytes, &plan)) return absl::InternalError("a garbled shard plan");

  EngineOptions local = options;
  if (rank != 0) local.progress = nullptr;  // one progress line, rank 0's
  const int threads = RankThreads(options, comm);
  std::string mine;
  const absl::Status read = ReadMyUnits(plan, rank, local, threads, &mine, &stats->documents);
  if (absl::Status s = AgreeOnStatus(comm, read); !s.ok()) return s;
  stats->read_seconds = SecondsSince(start);

  start = std::chrono::steady_clock::now();
  if (rank != 0) stats->bytes_sent = mine.size();
  std::vector<std::string> buffers = GatherBytes(comm, 0, mine);
  std::string().swap(mine);
  stats->gather_seconds = SecondsSince(start);
  if (rank != 0) return ClusterRun();

  start = std::chrono::steady_clock::now();
  ClusterRun run;
  internal::StageClock clock(options.progress, &run.summary);
  internal::Corpus corpus(options);
  absl::StatusOr<uint64_t> bytes_read = MergeUnits(plan, std::move(buffers), options, &corpus, &run);
  if (!bytes_read.ok()) return bytes_read.status();
  clock.Lap(0);
  stats->merge_seconds = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  tbb::task_arena arena(threads);
  internal::RunStagesAfterRead(options, arena, &clock, *bytes_read, &corpus, &run);
  run.summary.seconds = clock.Seconds();
  stats->stages_seconds = SecondsSince(start);
  return run;
}

std::string FormatStats(int rank, const RankStats& stats) {
  return absl::StrFormat(
      "mpi rank %d: documents %d, read %.3f s, gather %.3f s, merge %.3f s, stages %.3f s, bytes sent %d\n", rank,
      stats.documents, stats.read_seconds, stats.gather_seconds, stats.merge_seconds, stats.stages_seconds,
      stats.bytes_sent);
}

}  // namespace wiretrace::mpi
