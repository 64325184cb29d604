// RunCluster: the engine's stages wired in order. Each stage is its own file
// (src/internal/engine_stages.h lists them); this file holds only the order,
// the arena and the clock.
#include "wiretrace/engine.h"

#include <algorithm>
#include <thread>

#include "internal/engine_stages.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace {

absl::Status EngineOptions::Validate() const {
  for (const absl::Status& s : {ingest.Validate(), normalize.Validate(), shingle.Validate(), minhash.Validate(),
                                lsh.Validate(), verify.Validate(), cluster.Validate(), boilerplate.Validate()}) {
    if (!s.ok()) return s;
  }
  if (absl::Status s = words.Validate(); !s.ok()) return s;
  if (threads < 0 || threads > 1024) return absl::InvalidArgumentError("threads must be in 0..1024 (0 = all cores)");
  if (lsh.max_bucket < 2) return absl::InvalidArgumentError("max bucket must be at least 2");
  if (keep_for_matching && !keep_articles) return absl::InvalidArgumentError("keep_for_matching needs keep_articles");
  return absl::OkStatus();
}

namespace internal {

void StageClock::Lap(int stage) {
  const auto now = std::chrono::steady_clock::now();
  summary_->stage_seconds[stage] = std::chrono::duration<double>(now - last_lap_).count();
  last_lap_ = now;
}

double StageClock::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void StageClock::Report(bool force) {
  if (!fn_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_report_ < std::chrono::milliseconds(250)) return;
  last_report_ = now;
  fn_(state_);
}

void RunStagesAfterRead(const EngineOptions& options, tbb::task_arena& arena, StageClock* clock, uint64_t bytes_read,
                        Corpus* corpus, ClusterRun* run) {
  clock->Begin("sign");
  CorpusBandKeys band_keys = SignCorpus(options, arena, corpus, run);
  clock->Lap(1);

  clock->Begin("index");
  PairJudge judge;
  Candidates candidates = FindCandidates(options, arena, std::move(band_keys), corpus, &judge, run);
  clock->Lap(2);

  clock->Begin("verify");
  VerifyCandidates(*judge.rule, corpus->docs, arena, std::move(candidates), run);
  clock->Lap(3);

  clock->Begin("cluster");
  BuildClusters(options, *judge.rule, *corpus, arena, run);
  clock->Lap(4);

  FinishRun(options, bytes_read, corpus, &judge, run);
}

absl::StatusOr<ClusterRun> RunClusterInTwoReads(const std::vector<std::string>& inputs, const EngineOptions& options,
                                                const BatchObserver& observer, const BetweenReads& between) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  ClusterRun run;
  StageClock clock(options.progress, &run.summary);
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open(inputs, options.ingest);
  if (!reader.ok()) return reader.status();
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  Corpus corpus(options);
  // A second read's documents are judged in a window that learns its common
  // words from the first read alone (SignCorpus): left to sign.
  corpus.learn_common_words_while_reading = options.words.enabled && !between;

  if (absl::Status s = ReadCorpus(**reader, options, threads, arena, &clock, &run, &corpus, observer); !s.ok()) {
    return s;
  }
  uint64_t bytes_read = (*reader)->bytes_read();
  EngineOptions with_window;  // `options` with the second read's window
  const EngineOptions* stage_options = &options;
  if (between) {
    absl::StatusOr<std::optional<SecondRead>> second = between(run);
    if (!second.ok()) return second.status();
    if (!second->has_value()) return run;
    if (!(*second)->inputs.empty()) {
      IngestOptions ingest = options.ingest;
      ingest.memory_inputs = (*second)->memory_inputs;
      absl::StatusOr<std::unique_ptr<RecordReader>> more = RecordReader::Open((*second)->inputs, ingest);
      if (!more.ok()) return more.status();
      clock.ReadBefore(bytes_read);
      if (absl::Status s = ReadCorpus(**more, options, threads, arena, &clock, &run, &corpus); !s.ok()) return s;
      bytes_read += (*more)->bytes_read();
    }
    if ((*second)->window != nullptr) {
      with_window = options;
      with_window.words.window = (*second)->window;
      stage_options = &with_window;
    }
  }
  absl::flat_hash_set<std::string>().swap(corpus.seen_ids);
  clock.Lap(0);
  RunStagesAfterRead(*stage_options, arena, &clock, bytes_read, &corpus, &run);
  run.summary.seconds = clock.Seconds();
  return run;
}

}  // namespace internal

absl::StatusOr<ClusterRun> RunCluster(const std::vector<std::string>& inputs, const EngineOptions& options) {
  return internal::RunClusterInTwoReads(inputs, options, {}, {});
}

}  // namespace wiretrace
