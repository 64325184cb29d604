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
#include <functional>
#include <map>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "internal/engine_stages.h"
#include "mpi/buckets.h"
#include "mpi/comm.h"
#include "mpi/job.h"
#include "mpi/later_stages.h"
#include "mpi/models.h"
#include "mpi/pack.h"
#include "mpi/shard.h"
#include "mpi/words_exchange.h"
#include "wiretrace/cluster.h"
#include "wiretrace/lsh.h"
#include "wiretrace/shingle.h"
#include "oneapi/tbb/info.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace::mpi {
namespace {

// A unit of a split file is at most this large: what a rank holds of its
// raw shard at once (the documents it made of it are smaller). The tests
// set a smaller one (WIRETRACE_MPI_UNIT_BYTES), so that a small file makes
// many units per rank and the line numbers cross their bounds.
uint64_t MaxUnitBytes() {
  const char* bytes = std::getenv("WIRETRACE_MPI_UNIT_BYTES");
  const uint64_t set = bytes != nullptr ? std::strtoull(bytes, nullptr, 10) : 0;
  return set > 0 ? set : uint64_t{64} << 20;
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

// Rank 0: each kept document's place in the representative order and its
// outlet's index in the job's table; one plan for each document read, sent
// to the rank that read it. Returns this rank's plans.
std::string PlanDocuments(const Job& job, const Directory& directory, internal::Corpus* corpus) {
  std::vector<std::string> parts(job.size);
  if (job.rank == 0) {
    std::vector<internal::DocState>& docs = corpus->docs;
    const uint32_t n = static_cast<uint32_t>(docs.size());
    std::vector<RepresentativeKey> keys(n);
    for (uint32_t d = 0; d < n; ++d) keys[d] = {docs[d].published, docs[d].length, docs[d].id};
    corpus->representative_order = RepresentativeOrder(keys);
    std::vector<uint32_t> position(n);
    for (uint32_t i = 0; i < n; ++i) position[corpus->representative_order[i]] = i;
    for (size_t u = 0; u < job.plan.size(); ++u) {
      ByteWriter w(&parts[job.plan[u].rank]);
      w.Put<uint32_t>(static_cast<uint32_t>(u));
      w.Put<uint64_t>(directory.global[u].size());
      for (const int64_t g : directory.global[u]) {
        DocPlan plan;
        if (g >= 0) plan = {true, static_cast<uint32_t>(g), position[g], docs[g].source};
        PackDocPlan(plan, &w);
      }
    }
    for (int r = 1; r < job.size; ++r) job.stats->model_bytes += parts[r].size();
  }
  return ScatterBytes(job.comm, 0, std::move(parts));
}

// Applies rank 0's plans to this rank's documents: keeps the first of each
// id, with its index, place in the representative order and outlet.
absl::Status ApplyPlans(std::string_view plans, std::vector<UnitResult> mine, KeptDocuments* kept) {
  std::map<uint32_t, UnitResult*> by_unit;
  for (UnitResult& unit : mine) by_unit[unit.unit] = &unit;
  ByteReader r(plans);
  while (!r.done() && r.ok()) {
    const uint32_t u = r.Get<uint32_t>();
    const uint64_t n = r.Get<uint64_t>();
    const auto it = by_unit.find(u);
    if (it == by_unit.end() || it->second->docs.size() != n) return absl::InternalError("a plan for another unit");
    for (uint64_t d = 0; d < n && r.ok(); ++d) {
      const DocPlan plan = UnpackDocPlan(&r);
      if (!plan.kept) continue;
      kept->docs.push_back(std::move(it->second->docs[d]));
      kept->docs.back().source = plan.source;
      kept->global.push_back(plan.global);
      kept->rank_order.push_back(plan.rank_order);
    }
  }
  if (!r.ok()) return absl::InternalError("a garbled plan from rank 0");
  return absl::OkStatus();
}

// Drops each kept document's furniture and signs it (SignDocuments, as
// SignCorpus does), and writes each band key for the rank that owns its
// bucket into out[owner]. Returns the teaser lines found.
uint64_t SignMyDocuments(const Job& job, const PageModels& models, const CommonWords& common, KeptDocuments* kept,
                         std::vector<std::string>* out) {
  const EngineOptions& options = *job.options;
  const LshParams params =
      ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  uint64_t teaser_lines = 0;
  tbb::task_arena arena(job.threads);
  const internal::CorpusBandKeys keys = internal::SignDocuments(options, models.boilerplate, models.teasers, common,
                                                                params, arena, &kept->docs, &teaser_lines);
  const size_t bands = static_cast<size_t>(keys.bands);
  const size_t n = kept->docs.size();
  out->assign(job.size, std::string());
  for (size_t i = 0; i < n; ++i) {
    if (!keys.indexed[i]) continue;
    for (uint32_t band = 0; band < bands; ++band) {
      const uint32_t key = keys.keys[i * bands + band];
      const BandEntry entry{band, key, kept->rank_order[i], kept->global[i]};
      ByteWriter(&(*out)[BucketOwner(band, key, job.size)]).Put(entry);
    }
  }
  return teaser_lines;
}

// Rank 0: every rank's bucket pairs and word candidates, merged into the
// candidates (MergeCandidates, as one process merges its two paths).
absl::StatusOr<internal::Candidates> MergeRankPairs(const Job& job, std::vector<std::string> parts,
                                                    internal::StageClock* clock, ClusterRun* run) {
  const EngineOptions& options = *job.options;
  run->lsh = ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  clock->Begin("index");
  std::vector<uint64_t> lsh, words;
  for (size_t r = 0; r < parts.size(); ++r) {
    ByteReader reader(parts[r]);
    const std::vector<uint64_t> bucket_pairs = reader.GetVector<uint64_t>();
    lsh.insert(lsh.end(), bucket_pairs.begin(), bucket_pairs.end());
    const std::vector<uint64_t> word_pairs = reader.GetVector<uint64_t>();
    words.insert(words.end(), word_pairs.begin(), word_pairs.end());
    if (!reader.ok() || !reader.done()) return absl::InternalError(absl::StrCat("a garbled message from rank ", r));
    std::string().swap(parts[r]);
  }
  // A pair linked in buckets of several owners, or sharing rare words of
  // several, comes once.
  return internal::MergeCandidates(options, SortedUniquePairs(std::move(lsh)), SortedUniquePairs(std::move(words)),
                                   run);
}

using Clock = std::chrono::steady_clock;

// Rank 0's outlets table (names in index order and their documents), on
// every rank.
std::string ShareSources(const Job& job, const internal::Corpus& corpus) {
  std::string sources;
  if (job.rank == 0) {
    std::vector<std::string> names;
    for (uint32_t s = 0; s < corpus.boilerplate.SourceCount(); ++s) names.push_back(corpus.boilerplate.SourceName(s));
    PackSources(names, corpus.boilerplate.SourceDocuments(), &sources);
    job.stats->model_bytes += sources.size() * static_cast<uint64_t>(job.size - 1);
  }
  BroadcastBytes(job.comm, 0, &sources);
  return sources;
}

// Band keys to the owners of their buckets (MPI_Alltoallv) and the pairs of
// the buckets this rank owns.
absl::StatusOr<std::vector<uint64_t>> FormBuckets(const Job& job, std::vector<std::string> out) {
  for (int r = 0; r < job.size; ++r) job.stats->band_bytes += r == job.rank ? 0 : out[r].size();
  absl::StatusOr<std::vector<std::string>> in = ExchangeBytes(job.comm, out);
  if (!in.ok()) return in.status();
  out.clear();
  std::vector<BandEntry> entries;
  for (std::string& part : *in) {
    const size_t at = entries.size(), count = part.size() / sizeof(BandEntry);
    entries.resize(at + count);
    if (count > 0) std::memcpy(entries.data() + at, part.data(), count * sizeof(BandEntry));
    std::string().swap(part);
  }
  std::vector<uint64_t> pairs;
  tbb::task_arena(job.threads).execute([&] { pairs = BucketPairs(std::move(entries), job.options->lsh.max_bucket); });
  return pairs;
}

// Content words (words.h): each word's count summed at its owner, this
// rank's sets reduced in place (kept->word_sets, kept->words), and the word
// candidates of the words this rank owns. Collective.
absl::StatusOr<std::vector<uint64_t>> ReduceMyWords(const Job& job, uint64_t documents, KeptDocuments* kept) {
  const size_t n = kept->docs.size();
  kept->word_sets.resize(n);
  std::vector<std::vector<uint32_t>> sequences(job.options->words.UsesOrder() ? n : 0);
  for (size_t i = 0; i < n; ++i) {
    kept->word_sets[i] = std::move(kept->docs[i].words);
    if (!sequences.empty()) sequences[i] = std::move(kept->docs[i].word_sequence);
  }
  kept->words = std::make_unique<ContentWords>(job.options->words);
  absl::StatusOr<std::vector<uint64_t>> pairs;
  tbb::task_arena(job.threads).execute([&] {
    pairs = ReduceContentWords(job.comm, job.options->words, absl::MakeSpan(kept->word_sets),
                               absl::MakeSpan(sequences), kept->global, documents, kept->words.get(),
                               &job.stats->word_bytes);
  });
  return pairs;
}

// This rank's bucket pairs and word candidates, to rank 0 (its parts there).
// The documents' sets stay here: the ranks judge the pairs and cluster the
// components (later_stages.h).
std::vector<std::string> SendPairs(const Job& job, const std::vector<uint64_t>& bucket_pairs,
                                   const std::vector<uint64_t>& word_pairs) {
  std::string message;
  ByteWriter w(&message);
  w.PutVector(bucket_pairs);
  w.PutVector(word_pairs);
  if (job.rank != 0) job.stats->set_bytes += message.size();
  return GatherBytes(job.comm, 0, message);
}

double SecondsSince(Clock::time_point* start) {
  const Clock::time_point now = Clock::now();
  const double seconds = std::chrono::duration<double>(now - *start).count();
  *start = now;
  return seconds;
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
  Job job;
  job.comm = comm;
  MPI_Comm_rank(comm, &job.rank);
  MPI_Comm_size(comm, &job.size);
  job.threads = RankThreads(options, comm);
  job.options = &options;
  job.stats = stats;
  // The summary's seconds and stage times are the whole job's, as rank 0 sees them.
  ClusterRun run;
  // One progress line, rank 0's: every rank passes the stage boundaries.
  const std::function<void(const Progress&)> silent;
  internal::StageClock clock(job.rank == 0 ? options.progress : silent, &run.summary);
  Clock::time_point start = Clock::now();
  std::string plan_bytes;
  if (job.rank == 0) PackPlan(PlanShards(inputs, job.size, MaxUnitBytes()), &plan_bytes);
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
  stats->read_seconds = SecondsSince(&start);

  // The models: ids, outlets and dates to rank 0, replayed there in input
  // order; each document's plan back; page lines counted by their owners.
  std::string models;
  for (const UnitResult& unit : mine) PackUnit(unit, &models);
  if (job.rank != 0) stats->model_bytes += models.size();
  std::vector<std::string> buffers = GatherBytes(comm, 0, models);
  std::string().swap(models);
  internal::Corpus corpus(options);
  Directory directory;
  absl::StatusOr<uint64_t> bytes_read = uint64_t{0};
  Clock::time_point replay = Clock::now();
  if (job.rank == 0) bytes_read = MergeUnits(job.plan, std::move(buffers), options, &corpus, &run, &directory);
  stats->replay_seconds = SecondsSince(&replay);
  if (absl::Status s = AgreeOnStatus(comm, bytes_read.status()); !s.ok()) return s;
  clock.Lap(0);
  const CommonWords common = LearnCommonWords(job, mine, directory);
  const std::string sources = ShareSources(job, corpus);
  KeptDocuments kept;
  replay = Clock::now();
  std::string plans = PlanDocuments(job, directory, &corpus);
  if (job.rank == 0) stats->replay_seconds += SecondsSince(&replay);
  const absl::Status applied = ApplyPlans(plans, std::move(mine), &kept);
  if (absl::Status s = AgreeOnStatus(comm, applied); !s.ok()) return s;
  PageModels page_models(options);
  // Its failures (a garbled table, a part over 2 GiB) are every rank's alike.
  if (absl::Status s = LearnPageModels(job, sources, kept, &page_models); !s.ok()) return s;
  stats->exchange_seconds = SecondsSince(&start);

  // Sign, and the band keys to the owners of their buckets.
  std::vector<std::string> out;
  uint64_t teaser_lines = SignMyDocuments(job, page_models, common, &kept, &out);
  MPI_Reduce(job.rank == 0 ? MPI_IN_PLACE : &teaser_lines, &teaser_lines, 1, MPI_UINT64_T, MPI_SUM, 0, comm);
  run.summary.boilerplate_lines = page_models.boilerplate.CountBoilerplate();
  run.summary.teaser_lines = teaser_lines;
  clock.Lap(1);
  stats->sign_seconds = SecondsSince(&start);
  absl::StatusOr<std::vector<uint64_t>> pairs = FormBuckets(job, std::move(out));
  if (!pairs.ok()) return pairs.status();
  stats->bucket_seconds = SecondsSince(&start);

  // Content words: counts at the words' owners, each rank's sets reduced,
  // the word candidates formed by the owners.
  uint64_t documents = kept.docs.size();
  MPI_Allreduce(MPI_IN_PLACE, &documents, 1, MPI_UINT64_T, MPI_SUM, comm);
  absl::StatusOr<std::vector<uint64_t>> word_pairs = ReduceMyWords(job, documents, &kept);
  if (absl::Status s = AgreeOnStatus(comm, word_pairs.status()); !s.ok()) return s;
  stats->words_seconds = SecondsSince(&start);

  // The pairs to rank 0, which merges the candidates; then the ranks make
  // their shingle sets, judge the pairs and cluster the components, and
  // rank 0 writes the results.
  std::vector<std::string> parts = SendPairs(job, *pairs, *word_pairs);
  absl::StatusOr<internal::Candidates> candidates = internal::Candidates();
  if (job.rank == 0) candidates = MergeRankPairs(job, std::move(parts), &clock, &run);
  if (absl::Status s = AgreeOnStatus(comm, candidates.status()); !s.ok()) return s;
  stats->gather_seconds = SecondsSince(&start);
  const std::vector<int> holder = job.rank == 0 ? Holders(job, directory) : std::vector<int>();
  if (absl::Status s = PrepareShingles(job, holder, *candidates, &kept, &corpus); !s.ok()) return s;
  clock.Lap(2);
  stats->fetch_seconds = SecondsSince(&start);
  clock.Begin("verify");
  SideCache cache;
  if (absl::Status s = VerifyAtRanks(job, holder, *candidates, &kept, &cache, &run); !s.ok()) return s;
  *candidates = internal::Candidates();
  clock.Lap(3);
  stats->verify_seconds = SecondsSince(&start);
  clock.Begin("cluster");
  Roots roots;
  if (absl::Status s = ClusterAtRanks(job, holder, corpus, run, &kept, &cache, &roots); !s.ok()) return s;
  stats->cluster_seconds = SecondsSince(&start);
  kept = KeptDocuments();
  cache.clear();
  if (job.rank != 0) return ClusterRun();
  tbb::task_arena arena(job.threads);
  internal::WriteDocumentResults(corpus, roots.root, arena, [&](uint32_t d) { return roots.with_root.at(d); }, &run);
  clock.Lap(4);
  internal::PairJudge judge;  // rank 0 judged nothing; FinishRun reads it only to keep the articles
  internal::FinishRun(options, *bytes_read, &corpus, &judge, &run);
  run.summary.seconds = clock.Seconds();
  stats->stages_seconds = SecondsSince(&start);
  return run;
}

std::string FormatStats(int rank, const RankStats& stats) {
  return absl::StrFormat(
      "mpi rank %d: documents %d, read %.3f s, models %.3f s (replay %.3f s), sign %.3f s, buckets %.3f s, "
      "words %.3f s, gather %.3f s, sets %.3f s, verify %.3f s, cluster %.3f s, rank-0 results %.3f s, "
      "bytes sent %d (models %d, band keys %d, words %d, sides %d, pairs and results %d)\n",
      rank, stats.documents, stats.read_seconds, stats.exchange_seconds, stats.replay_seconds, stats.sign_seconds,
      stats.bucket_seconds, stats.words_seconds, stats.gather_seconds, stats.fetch_seconds, stats.verify_seconds,
      stats.cluster_seconds, stats.stages_seconds,
      stats.model_bytes + stats.band_bytes + stats.word_bytes + stats.side_bytes + stats.set_bytes, stats.model_bytes,
      stats.band_bytes, stats.word_bytes, stats.side_bytes, stats.set_bytes);
}

}  // namespace wiretrace::mpi
