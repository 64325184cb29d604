// Dedupe: the nightly batch. Tonight's records are matched against the kept
// articles of the last N nights in a Store and against each other; each
// record is either kept (it copies nothing earlier) or a duplicate that names
// the kept article it copies. Kept articles keep their cluster ids on every
// later night, and an older copy that arrives late is a duplicate of the
// article already kept.
//
//   wiretrace::DedupeOptions options;   // options.engine: the `cluster` options
//   auto store = wiretrace::Store::Open("nightly.db", {});
//   absl::StatusOr<wiretrace::DedupeRun> run = wiretrace::RunDedupe({"tonight.jsonl"}, options, store->get());
//   ... write KeptOutput(*run) and run->duplicates, fsync them ...
//   if (!run->replayed) (*store)->CommitBatch(run->commit);   // the night counts only now
//
// How a night runs: the batch is read once for its raw lines (KEPT is made of
// them, byte for byte) and its digest; a batch already committed is answered
// from the store. Otherwise the engine runs over the batch plus a few recent
// stored pages of each outlet that has few pages tonight (so that its
// template and teasers, which repeat across nights, are learned from the
// window, not the night alone), with content-word rarity judged over the
// window's stored document frequencies and tonight's (ContentWordOptions::
// window); each document's MinHash band keys find stored
// candidates in the store's index, which are verified exactly on their stored
// sets with the engine's rule (pair_rule.h); pairs within the batch are the
// engine's own edges. Then, visiting tonight's documents in keep-policy order,
// a document that copies a stored article or an already kept one of tonight
// (an edge and an anchor, as the engine's clusters require) is a duplicate of
// it, the rest are kept and get new cluster ids in input order.
//
// Thread safety: RunDedupe may be called from any thread; the Store must not
// be used concurrently.
#ifndef WIRETRACE_DEDUPE_H_
#define WIRETRACE_DEDUPE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/engine.h"
#include "wiretrace/ingest.h"
#include "wiretrace/store.h"

namespace wiretrace {

enum class KeepPolicy {
  kEarliest,  // earliest published, then longest, then smallest id (the engine's representative)
  kLongest,   // longest title + text, then as kEarliest
};

struct DedupeOptions {
  // The engine's options, as `wiretrace cluster` takes them. Those that shape
  // the stored sets are recorded in the store (DedupeParameters).
  EngineOptions engine;

  // Which of several copies within the batch is kept. Default kEarliest.
  KeepPolicy keep = KeepPolicy::kEarliest;

  // Outlets in order of preference; when not empty, a copy from an outlet
  // earlier in the list is kept over one from a later or unlisted outlet,
  // and `keep` breaks ties. Default empty.
  std::vector<std::string> keep_sources;

  // At commit, articles published more than this many days before the
  // batch's newest article leave the store. Default 7. Valid range (0, 3650].
  double window_days = 7.0;

  // Keep each kept record (zstd) in the store: the recent pages of small
  // outlets that teach the boilerplate model, and the text provenance needs.
  // Default true; false costs the cross-night template learning.
  bool store_text = true;

  // An outlet with fewer pages than this tonight is joined in the engine run
  // by its latest stored pages, up to this many pages in all. Default 16:
  // well past BoilerplateOptions::min_documents, and a cost that stays small
  // because large outlets get none. 0 = off. Valid range 0..1024.
  uint32_t context_pages = 16;

  // The run's time (Unix seconds), from which undated articles count for the
  // window. Default 0 = the clock.
  int64_t now = 0;

  absl::Status Validate() const;
};

// The options that shape signatures and sets, as recorded in the store.
std::vector<StoreParameter> DedupeParameters(const EngineOptions& options);

struct DedupeSummary {
  uint64_t records = 0;          // good records of the batch
  uint64_t kept = 0;
  uint64_t duplicates = 0;
  uint64_t earlier_batch_duplicates = 0;  // duplicates of a stored article
  uint64_t bad_records = 0;
  uint64_t context_documents = 0;  // stored pages joined to the engine run
  uint64_t window_documents = 0;   // earlier documents whose word frequencies joined tonight's
  uint64_t stored_candidates = 0;  // (document, stored article) pairs verified
  double seconds = 0.0;
  double engine_seconds = 0.0;
  double store_seconds = 0.0;    // candidate lookup and loading
};

struct DedupeRun {
  int64_t batch = 0;           // this batch's number in the store
  bool replayed = false;       // a committed batch: outputs as it wrote them, nothing to commit
  // KEPT: the kept records' input lines, each without its "\n", in input
  // order: views into `workspace`, valid while it is (KeptOutput joins them).
  std::vector<std::string_view> kept;
  std::string duplicates;      // DUPS: one JSON line per duplicate, in input order
  std::vector<InputProblem> problems;  // as `cluster` reports them
  DedupeSummary summary;
  NewBatch commit;             // for Store::CommitBatch
  // The batch as read (the reader's batches, 72 MB in a few hundred blocks
  // at 20,000 articles). KEPT's lines (`kept`) are in it, so it must outlive
  // every use of them; DUPS and the commit do not use it. The CLI frees it
  // once KEPT is written.
  std::shared_ptr<void> workspace;
  // The engine's run, which nothing here uses once RunDedupe returns: a few
  // hundred thousand small allocations, whose freeing beside the staging
  // made the CLI's writer thread 0.05-0.09 s longer at 20,000 articles and
  // did not lower peak RSS (the freed chunks sit in the engine threads'
  // heaps, where SQLite's page cache does not allocate). Held here so that
  // the caller chooses when: the CLI ends the process without freeing it.
  std::shared_ptr<void> engine_run;
};

// KEPT as one string: each of run.kept and a "\n". Written from the views
// instead, the CLI spares a night a copy of its kept lines (34 MB at 20,000
// articles) on the critical path.
std::string KeptOutput(const DedupeRun& run);

// Fails before reading input when the store's parameters differ
// (FailedPrecondition naming the option), and after it when no record of
// tonight could be read because an input failed (FailedPrecondition naming
// the inputs; nothing to write or commit). The inputs are read once, by the
// engine, which hands dedupe each batch of records (their lines and digest);
// an input "-" (stdin) is named "<stdin>" in the problems.
absl::StatusOr<DedupeRun> RunDedupe(const std::vector<std::string>& inputs, const DedupeOptions& options,
                                    Store* store);

// Provenance across nights (`wiretrace-provenance --store`): the engine over
// tonight's inputs and the kept articles of earlier nights that they copy or
// retell, so that provenance can name those as parents, with passages.
//
// How: the engine runs over the inputs; each document's band keys find
// stored candidates, judged with the engine's rule (pair_rule.h) on their
// stored sets; a stored duplicate stands for its cluster's kept article. The
// kept articles so found that kept their text (and whose id is not one of
// tonight's) become one more input, held in memory ("<earlier nights>",
// IngestOptions::memory_inputs), and the engine runs again over the inputs
// and it. The store is only read.
struct EarlierRun {
  ClusterRun run;              // with keep_articles: the inputs' documents, then the earlier ones
  std::vector<bool> earlier;   // per document of `run`: one of the store's
  uint64_t earlier_articles = 0;      // stored articles added
  uint64_t earlier_without_text = 0;  // matched, but stored without their text (--no-store-text)
};

// Fails with FailedPrecondition, before reading input, when the store's
// parameters differ from `options` (as RunDedupe).
absl::StatusOr<EarlierRun> RunClusterWithEarlier(const std::vector<std::string>& inputs, const EngineOptions& options,
                                                Store* store);

}  // namespace wiretrace

#endif  // WIRETRACE_DEDUPE_H_
