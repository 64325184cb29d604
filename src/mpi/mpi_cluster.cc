// The distributed `cluster` (mpi_cluster.h). Only the exchange is here: the
// reading, the replay of its serial end and the later stages are the
// engine's own functions (src/internal/engine_stages.h), so that the output
// cannot drift from one process's.
#include "mpi/mpi_cluster.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <map>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "internal/engine_stages.h"
#include "mpi/buckets.h"
#include "mpi/comm.h"
#include "mpi/pack.h"
#include "mpi/shard.h"
#include "wiretrace/cluster.h"
#include "wiretrace/lsh.h"
#include "oneapi/tbb/info.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace::mpi {
namespace {

// A unit of a split file is at most this large: what a rank holds of its
// raw shard at once (the documents it made of it are smaller).
constexpr uint64_t kMaxUnitBytes = uint64_t{64} << 20;

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

// Reads one unit with the engine's own read stage into *result.
absl::Status ReadUnit(const ShardUnit& unit, uint32_t index, const EngineOptions& options, int threads,
                      tbb::task_arena& arena, UnitResult* result) {
  result->unit = index;
  IngestOptions ingest = options.ingest;
  if (unit.split) {
    absl::StatusOr<std::string> bytes = ReadAlignedRange(unit.path, unit.begin, unit.end, &result->newlines);
    if (!bytes.ok()) return bytes.status();
    if (bytes->empty()) return absl::OkStatus();
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
  result->bytes_read = (*reader)->bytes_read();
  result->files = std::move(run.files);
  result->problems = std::move(run.problems);
  result->sources.reserve(corpus.docs.size());
  for (const internal::DocState& doc : corpus.docs) result->sources.push_back(corpus.boilerplate.SourceName(doc.source));
  result->docs = std::move(corpus.docs);
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

absl::Status ReadMyUnits(const std::vector<ShardUnit>& plan, int rank, const EngineOptions& options, int threads,
                         tbb::task_arena& arena, std::vector<UnitResult>* mine, uint64_t* documents) {
  if (absl::Status s = InjectedFailure(rank); !s.ok()) return s;
  for (uint32_t u = 0; u < plan.size(); ++u) {
    if (plan[u].rank != rank) continue;
    mine->emplace_back();
    if (absl::Status s = ReadUnit(plan[u], u, options, threads, arena, &mine->back()); !s.ok()) return s;
    *documents += mine->back().docs.size();
  }
  return absl::OkStatus();
}

// What rank 0 knows of every document between the stages: where each kept
// one came from, and each read one's index among the kept (-1: a duplicate id).
struct Directory {
  std::vector<std::vector<int64_t>> global;  // [unit][document of the unit]
  std::vector<std::pair<uint32_t, uint32_t>> origin;  // [kept document]: (unit, document of the unit)
};

// Rank 0: every rank's units back in input order, each line number moved
// past the earlier units of its file, and the reader's serial end replayed
// over them as one process runs it (engine_read.cc's collector): the first
// record of an id wins, across ranks too. Returns the bytes read.
absl::StatusOr<uint64_t> MergeUnits(const std::vector<ShardUnit>& plan, std::vector<std::string> buffers,
                                    const EngineOptions& options, internal::Corpus* corpus, ClusterRun* run,
                                    Directory* directory) {
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
  directory->global.resize(plan.size());
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
    directory->global[u].assign(unit.docs.size(), -1);
    for (size_t d = 0; d < unit.docs.size(); ++d) {
      internal::DocState& doc = unit.docs[d];
      emit_until(doc.problems_before);
      doc.line += lines_before[u];
      if (!seen_ids.insert(doc.id).second) {
        const std::string file = doc.file < unit.files.size() ? unit.files[doc.file] : plan[u].path;
        run->problems.push_back({file, doc.line, internal::DuplicateIdMessage(doc.id), true});
        continue;
      }
      directory->global[u][d] = static_cast<int64_t>(corpus->docs.size());
      directory->origin.emplace_back(static_cast<uint32_t>(u), static_cast<uint32_t>(d));
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

// The CommonWords sample, on every rank: the words after reading of the
// first kCommonWordSampleDocuments kept documents (SignCorpus's sample),
// fetched from the ranks that read them.
CommonWords LearnCommonWords(const Job& job, const std::vector<UnitResult>& mine, const Directory& directory) {
  CommonWords common;
  if (!job.options->words.enabled) return common;
  std::string request;
  if (job.rank == 0) {
    ByteWriter w(&request);
    const size_t n = std::min<size_t>(directory.origin.size(), internal::kCommonWordSampleDocuments);
    std::vector<uint64_t> wanted(n);
    for (size_t i = 0; i < n; ++i) wanted[i] = uint64_t{directory.origin[i].first} << 32 | directory.origin[i].second;
    w.PutVector(wanted);
  }
  BroadcastBytes(job.comm, 0, &request);
  ByteReader r(request);
  const std::vector<uint64_t> wanted = r.GetVector<uint64_t>();
  std::map<uint32_t, const UnitResult*> by_unit;
  for (const UnitResult& unit : mine) by_unit[unit.unit] = &unit;
  std::string reply;
  ByteWriter w(&reply);
  for (uint32_t i = 0; i < wanted.size(); ++i) {
    const auto it = by_unit.find(static_cast<uint32_t>(wanted[i] >> 32));
    if (it == by_unit.end()) continue;
    w.Put<uint32_t>(i);
    w.PutVector(it->second->docs[static_cast<uint32_t>(wanted[i])].words);
  }
  if (job.rank != 0) job.stats->model_bytes += reply.size();
  std::vector<std::string> replies = GatherBytes(job.comm, 0, reply);
  std::string sample_bytes;
  if (job.rank == 0) {
    std::vector<std::vector<uint32_t>> sample(wanted.size());
    for (const std::string& part : replies) {
      ByteReader pr(part);
      while (!pr.done() && pr.ok()) {
        const uint32_t i = pr.Get<uint32_t>();
        std::vector<uint32_t> words = pr.GetVector<uint32_t>();
        if (i < sample.size()) sample[i] = std::move(words);
      }
    }
    PackWordLists(sample, &sample_bytes);
  }
  BroadcastBytes(job.comm, 0, &sample_bytes);
  std::vector<std::vector<uint32_t>> sample;
  UnpackWordLists(sample_bytes, &sample);
  std::vector<const std::vector<uint32_t>*> pointers;
  for (const std::vector<uint32_t>& words : sample) pointers.push_back(&words);
  common.Learn(pointers, job.options->words.max_documents);
  return common;
}

// Rank 0: the boilerplate model and teaser index finished, each kept
// document's furniture marked and its place in the representative order;
// one plan for each document read, sent to the rank that read it.
// Returns this rank's plans.
std::string PlanDocuments(const Job& job, const Directory& directory, internal::Corpus* corpus, ClusterRun* run) {
  std::vector<std::string> parts(job.size);
  if (job.rank == 0) {
    const EngineOptions& options = *job.options;
    std::vector<internal::DocState>& docs = corpus->docs;
    const uint32_t n = static_cast<uint32_t>(docs.size());
    corpus->boilerplate.Finish();
    tbb::task_arena arena(job.threads);
    if (options.boilerplate.enabled && options.boilerplate.teasers) {
      internal::LearnLeads(corpus->boilerplate, docs, arena, &corpus->teasers);
    }
    std::vector<RepresentativeKey> keys(n);
    for (uint32_t d = 0; d < n; ++d) keys[d] = {docs[d].published, docs[d].length, docs[d].id};
    corpus->representative_order = RepresentativeOrder(keys);
    std::vector<uint32_t> position(n);
    for (uint32_t i = 0; i < n; ++i) position[corpus->representative_order[i]] = i;
    // The furniture of every kept document, in parallel (SignCorpus marks
    // it in its parallel loop too); then the plans in plan order.
    std::vector<std::vector<uint8_t>> furniture(n);
    std::atomic<uint64_t> teaser_lines{0};
    if (options.boilerplate.enabled) {
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
          for (uint32_t d = r.begin(); d != r.end(); ++d) {
            if (docs[d].page.lines.empty()) continue;
            teaser_lines.fetch_add(internal::MarkFurniture(corpus->boilerplate, corpus->teasers, options.boilerplate,
                                                           docs[d].source, docs[d].page, &furniture[d]),
                                   std::memory_order_relaxed);
          }
        });
      });
    }
    for (size_t u = 0; u < job.plan.size(); ++u) {
      ByteWriter w(&parts[job.plan[u].rank]);
      w.Put<uint32_t>(static_cast<uint32_t>(u));
      w.Put<uint64_t>(directory.global[u].size());
      for (const int64_t g : directory.global[u]) {
        DocPlan plan;
        plan.kept = g >= 0;
        if (plan.kept) {
          plan.global = static_cast<uint32_t>(g);
          plan.rank_order = position[g];
          plan.furniture = std::move(furniture[g]);
          docs[g].page = internal::PageLines();  // done with: the rank drops the furniture
        }
        PackDocPlan(plan, &w);
      }
    }
    corpus->teasers = internal::TeaserIndex();
    run->summary.boilerplate_lines = corpus->boilerplate.CountBoilerplate();
    run->summary.teaser_lines = teaser_lines.load();
    for (int r = 1; r < job.size; ++r) job.stats->model_bytes += parts[r].size();
  }
  return ScatterBytes(job.comm, 0, std::move(parts));
}

// This rank's kept documents after signing.
struct Signed {
  std::vector<internal::DocState> docs;
  std::vector<uint32_t> global;  // parallel to docs
};

// Applies rank 0's plans to this rank's documents: drops the duplicates and
// the furniture, signs the rest (SignCorpus's work, SignDocument), and
// writes each band key for the rank that owns its bucket into out[owner].
absl::Status SignMyDocuments(const Job& job, std::string_view plans, const CommonWords& common,
                             std::vector<UnitResult> mine, Signed* kept, std::vector<std::string>* out) {
  const EngineOptions& options = *job.options;
  std::map<uint32_t, UnitResult*> by_unit;
  for (UnitResult& unit : mine) by_unit[unit.unit] = &unit;
  std::vector<DocPlan> doc_plans;
  ByteReader r(plans);
  while (!r.done() && r.ok()) {
    const uint32_t u = r.Get<uint32_t>();
    const uint64_t n = r.Get<uint64_t>();
    const auto it = by_unit.find(u);
    if (it == by_unit.end() || it->second->docs.size() != n) return absl::InternalError("a plan for another unit");
    for (uint64_t d = 0; d < n && r.ok(); ++d) {
      DocPlan plan = UnpackDocPlan(&r);
      if (!plan.kept) continue;
      kept->docs.push_back(std::move(it->second->docs[d]));
      kept->global.push_back(plan.global);
      doc_plans.push_back(std::move(plan));
    }
  }
  if (!r.ok()) return absl::InternalError("a garbled plan from rank 0");
  mine.clear();
  const size_t k = static_cast<size_t>(options.minhash.num_slots);
  const size_t n = kept->docs.size();
  std::vector<uint32_t> signatures(n * k);
  tbb::task_arena arena(job.threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 64), [&](const tbb::blocked_range<size_t>& range) {
      std::vector<uint8_t> drop;
      for (size_t i = range.begin(); i != range.end(); ++i) {
        internal::DropMarkedFurniture(options.boilerplate, options.words.min_line_words, doc_plans[i].furniture,
                                      &kept->docs[i], &drop);
        internal::SignDocument(options, common, &kept->docs[i], signatures.data() + i * k);
      }
    });
  });
  const LshParams params =
      ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  out->assign(job.size, std::string());
  std::vector<uint32_t> keys(static_cast<size_t>(params.bands));
  for (size_t i = 0; i < n; ++i) {
    if (!LshIndex::BandKeys(params, options.minhash.num_slots, signatures.data() + i * k, keys.data())) continue;
    for (uint32_t band = 0; band < keys.size(); ++band) {
      const BandEntry entry{band, keys[band], doc_plans[i].rank_order, kept->global[i]};
      ByteWriter(&(*out)[BucketOwner(band, keys[band], job.size)]).Put(entry);
    }
  }
  return absl::OkStatus();
}

// Rank 0: every rank's bucket pairs, as one sorted set of DocPairs, and its
// documents' sets in their places in corpus->docs.
absl::StatusOr<std::vector<DocPair>> CollectSigned(std::vector<std::string> parts, internal::Corpus* corpus) {
  std::vector<uint64_t> packed;
  for (size_t r = 0; r < parts.size(); ++r) {
    ByteReader reader(parts[r]);
    const std::vector<uint64_t> pairs = reader.GetVector<uint64_t>();
    packed.insert(packed.end(), pairs.begin(), pairs.end());
    const uint64_t n = reader.Get<uint64_t>();
    for (uint64_t i = 0; i < n && reader.ok(); ++i) {
      const uint32_t g = reader.Get<uint32_t>();
      if (g >= corpus->docs.size()) return absl::InternalError(absl::StrCat("a garbled document from rank ", r));
      UnpackDocumentSets(&reader, &corpus->docs[g]);
    }
    if (!reader.ok() || !reader.done()) return absl::InternalError(absl::StrCat("a garbled message from rank ", r));
    std::string().swap(parts[r]);
  }
  std::sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  std::vector<DocPair> lsh(packed.size());
  for (size_t i = 0; i < packed.size(); ++i) {
    lsh[i] = {static_cast<uint32_t>(packed[i] >> 32), static_cast<uint32_t>(packed[i])};
  }
  return lsh;
}

// Rank 0: the stages after LSH, as RunStagesAfterRead runs them.
void RunLaterStages(const Job& job, std::vector<DocPair> lsh, internal::StageClock* clock, uint64_t bytes_read,
                    internal::Corpus* corpus, ClusterRun* run) {
  const EngineOptions& options = *job.options;
  tbb::task_arena arena(job.threads);
  run->lsh = ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  clock->Begin("index");
  internal::PairJudge judge;
  internal::Candidates candidates =
      internal::FindCandidatesAfterLsh(options, arena, std::move(lsh), corpus, &judge, run);
  clock->Lap(2);
  clock->Begin("verify");
  internal::VerifyCandidates(*judge.rule, corpus->docs, arena, std::move(candidates), run);
  clock->Lap(3);
  clock->Begin("cluster");
  internal::BuildClusters(options, *judge.rule, *corpus, arena, run);
  clock->Lap(4);
  internal::FinishRun(options, bytes_read, corpus, &judge, run);
}

using Clock = std::chrono::steady_clock;

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
  Job job;
  job.comm = comm;
  MPI_Comm_rank(comm, &job.rank);
  MPI_Comm_size(comm, &job.size);
  job.threads = RankThreads(options, comm);
  job.options = &options;
  job.stats = stats;
  // The summary's seconds and stage times are the whole job's, as rank 0 sees them.
  ClusterRun run;
  internal::StageClock clock(options.progress, &run.summary);
  auto start = Clock::now();
  std::string plan_bytes;
  if (job.rank == 0) PackPlan(PlanShards(inputs, job.size, kMaxUnitBytes), &plan_bytes);
  BroadcastBytes(comm, 0, &plan_bytes);
  if (!UnpackPlan(plan_bytes, &job.plan)) return absl::InternalError("a garbled shard plan");

  // Read: every rank its units, with the engine's read stage.
  EngineOptions local = options;
  if (job.rank != 0) local.progress = nullptr;  // one progress line, rank 0's
  std::vector<UnitResult> mine;
  {
    tbb::task_arena arena(job.threads);
    const absl::Status read = ReadMyUnits(job.plan, job.rank, local, job.threads, arena, &mine, &stats->documents);
    if (absl::Status s = AgreeOnStatus(comm, read); !s.ok()) return s;
  }
  stats->read_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // The models: what every document says of its page, to rank 0, replayed
  // there in input order; its plans back to every rank.
  start = Clock::now();
  std::string models;
  for (const UnitResult& unit : mine) PackUnit(unit, &models);
  if (job.rank != 0) stats->model_bytes += models.size();
  std::vector<std::string> buffers = GatherBytes(comm, 0, models);
  std::string().swap(models);
  internal::Corpus corpus(options);
  Directory directory;
  absl::StatusOr<uint64_t> bytes_read = uint64_t{0};
  if (job.rank == 0) bytes_read = MergeUnits(job.plan, std::move(buffers), options, &corpus, &run, &directory);
  if (absl::Status s = AgreeOnStatus(comm, bytes_read.status()); !s.ok()) return s;
  clock.Lap(0);
  const CommonWords common = LearnCommonWords(job, mine, directory);
  const std::string plans = PlanDocuments(job, directory, &corpus, &run);
  stats->exchange_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // Sign, and the band keys to the owners of their buckets.
  start = Clock::now();
  Signed kept;
  std::vector<std::string> out;
  const absl::Status signed_status = SignMyDocuments(job, plans, common, std::move(mine), &kept, &out);
  if (absl::Status s = AgreeOnStatus(comm, signed_status); !s.ok()) return s;
  clock.Lap(1);
  stats->sign_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  start = Clock::now();
  for (int r = 0; r < job.size; ++r) stats->band_bytes += r == job.rank ? 0 : out[r].size();
  absl::StatusOr<std::vector<std::string>> in = ExchangeBytes(comm, out);
  if (!in.ok()) return in.status();
  out.clear();
  std::vector<BandEntry> entries;
  for (std::string& part : *in) {
    const size_t at = entries.size(), count = part.size() / sizeof(BandEntry);
    entries.resize(at + count);
    std::memcpy(entries.data() + at, part.data(), count * sizeof(BandEntry));
    std::string().swap(part);
  }
  std::vector<uint64_t> pairs;
  tbb::task_arena(job.threads).execute([&] { pairs = BucketPairs(std::move(entries), options.lsh.max_bucket); });
  stats->bucket_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // The pairs and the signed documents' sets, to rank 0.
  start = Clock::now();
  std::string message;
  {
    ByteWriter w(&message);
    w.PutVector(pairs);
    w.Put<uint64_t>(kept.docs.size());
    for (size_t i = 0; i < kept.docs.size(); ++i) {
      w.Put<uint32_t>(kept.global[i]);
      PackDocumentSets(kept.docs[i], &w);
    }
  }
  kept = Signed();
  if (job.rank != 0) stats->set_bytes += message.size();
  std::vector<std::string> parts = GatherBytes(comm, 0, message);
  std::string().swap(message);
  stats->gather_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (job.rank != 0) return ClusterRun();

  start = Clock::now();
  absl::StatusOr<std::vector<DocPair>> lsh = CollectSigned(std::move(parts), &corpus);
  if (!lsh.ok()) return lsh.status();
  RunLaterStages(job, *std::move(lsh), &clock, *bytes_read, &corpus, &run);
  run.summary.seconds = clock.Seconds();
  stats->stages_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

std::string FormatStats(int rank, const RankStats& stats) {
  return absl::StrFormat(
      "mpi rank %d: documents %d, read %.3f s, models %.3f s, sign %.3f s, buckets %.3f s, gather %.3f s, "
      "rank-0 stages %.3f s, bytes sent %d (models %d, band keys %d, sets and pairs %d)\n",
      rank, stats.documents, stats.read_seconds, stats.exchange_seconds, stats.sign_seconds, stats.bucket_seconds,
      stats.gather_seconds, stats.stages_seconds, stats.model_bytes + stats.band_bytes + stats.set_bytes,
      stats.model_bytes, stats.band_bytes, stats.set_bytes);
}

}  // namespace wiretrace::mpi
