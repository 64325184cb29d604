// wiretrace in one header: the three jobs of the tools (cluster, provenance,
// the nightly dedupe) on files or on records held in memory, and the outputs
// the tools write. `wiretrace cluster`, `wiretrace-provenance` and the Python
// module are thin users of this header; what they write is what these
// functions return.
//
//   #include "wiretrace/wiretrace.h"
//
//   wiretrace::EngineOptions options;                 // the `cluster` flags; defaults as documented
//   options.threads = 2;
//   absl::StatusOr<wiretrace::ClusterRun> run =
//       wiretrace::Cluster({wiretrace::Input::File("feed.jsonl")}, options);
//   if (!run.ok()) ...                                 // invalid options (InvalidArgument)
//   std::string lines = wiretrace::FormatClusters(*run);   // exactly what `wiretrace cluster` writes
//
//   // Records in memory: JSON lines, one object per line, as a file would hold them.
//   wiretrace::Input batch = wiretrace::Input::Lines("<batch>", R"({"id":1,"text":"..."})" "\n");
//
//   absl::StatusOr<wiretrace::ProvenanceRun> prov = wiretrace::Provenance({batch}, options, {});
//   std::string jsonl = wiretrace::FormatProvenance(prov->run, prov->result,
//                                                   wiretrace::ProvenanceFormat::kJsonl, {});
//
//   auto store = wiretrace::Store::Open("nightly.db", {});
//   wiretrace::DedupeOptions nightly;                  // nightly.engine: the `cluster` options
//   absl::StatusOr<wiretrace::DedupeRun> night = wiretrace::Dedupe({batch}, nightly, store->get());
//   ... write KeptOutput(*night) and night->duplicates durably, then:
//   if (!night->replayed) (*store)->CommitBatch(night->commit);
//
// Bad records never fail a job: each is in ClusterRun::problems (file, line,
// why) and skipped, as the tools report them. A job fails only for invalid
// options (InvalidArgument) or, for Dedupe, a store that cannot be used.
//
// The stage headers (normalize.h, shingle.h, minhash.h, lsh.h, verify.h,
// cluster.h, ...) are for building a pipeline of one's own; most users need
// only this one.
//
// Thread safety: every function here may be called from any thread, also
// concurrently; each job uses its own TBB arena of options.threads threads.
// A Store must not be used by two jobs at once.
#ifndef WIRETRACE_WIRETRACE_H_
#define WIRETRACE_WIRETRACE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wiretrace/dedupe.h"
#include "wiretrace/engine.h"
#include "wiretrace/eval.h"
#include "wiretrace/provenance.h"
#include "wiretrace/store.h"
#include "wiretrace/version.h"

namespace wiretrace {

// One input of a job: a path, or bytes held in memory.
class Input {
 public:
  // A JSONL (.gz, .zst), CSV/TSV, WARC or HTML file, a directory of .txt and
  // .html files, or "-" for stdin: whatever `wiretrace cluster INPUT` reads.
  static Input File(std::string path);

  // Records held in memory, in any format a file may hold (usually JSON
  // lines, one object per line; not compressed). `name` stands for the file
  // in problems ("<batch>:3: error: ...") and must differ from the other
  // inputs' names. The bytes are shared with copies of this Input.
  static Input Lines(std::string name, std::string bytes);

  const std::string& name() const { return name_; }
  bool in_memory() const { return bytes_ != nullptr; }

 private:
  Input(std::string name, std::shared_ptr<const std::string> bytes)
      : name_(std::move(name)), bytes_(std::move(bytes)) {}
  friend IngestOptions WithInputs(const std::vector<Input>& inputs, IngestOptions options);

  std::string name_;
  std::shared_ptr<const std::string> bytes_;  // null for a path
};

// The IngestOptions that read `inputs`: `options` with the in-memory ones
// added to IngestOptions::memory_inputs. For the stage-level readers
// (RecordReader::Open, RunCluster, RunDedupe) with the inputs' names.
IngestOptions WithInputs(const std::vector<Input>& inputs, IngestOptions options);

// The inputs' names, as RecordReader::Open and RunCluster take them.
std::vector<std::string> InputNames(const std::vector<Input>& inputs);

// The `cluster` job: RunCluster over the inputs. InvalidArgument for invalid
// options or two inputs of one name.
absl::StatusOr<ClusterRun> Cluster(const std::vector<Input>& inputs, const EngineOptions& options);

enum class TableFormat {
  kJsonl,  // one JSON object per line (the default of the tools)
  kCsv,    // a header row, then one row per line (--format csv)
};

// What `wiretrace cluster` writes (-o): one line per document, in input
// order, with id, cluster, cluster_size, representative, jaccard and
// containment (scores to 4 decimals). Only documents [begin, end) are
// written, so that a large run can be written in pieces; the CSV header
// comes with begin == 0.
std::string FormatClusters(const ClusterRun& run, TableFormat format = TableFormat::kJsonl, size_t begin = 0,
                           size_t end = std::numeric_limits<size_t>::max());

// What `wiretrace cluster --pairs` writes: one line per verified pair
// (ClusterRun::edges), with a, b, jaccard, containment_a, containment_b,
// rule, and for a content-word edge its evidence. Edges [begin, end); the
// CSV header comes with begin == 0.
std::string FormatPairs(const ClusterRun& run, TableFormat format = TableFormat::kJsonl, size_t begin = 0,
                        size_t end = std::numeric_limits<size_t>::max());

struct ProvenanceRun {
  ClusterRun run;             // the engine's run (with keep_articles)
  ProvenanceResult result;
  // With `clusters`: documents of the run that the labels do not name; each
  // is treated as a singleton (the tool warns about them).
  size_t unlabelled = 0;
  // With `earlier`: the stored articles of earlier nights added to the run
  // (parents, not documents of `result`), and those matched that were stored
  // without their text.
  uint64_t earlier_articles = 0;
  uint64_t earlier_without_text = 0;
};

// The `wiretrace-provenance` job: the engine over the inputs (keep_articles
// is set here), then ComputeProvenance. `clusters`, when not null, are the
// clusters of an earlier run (id -> label, as ReadPredictedClusters returns
// them) to use instead of the engine's: integer labels are kept, others get
// dense numbers past any integer a cluster run writes. `earlier`, when not
// null, is a `wiretrace dedupe` store (opened read-only will do): the kept
// articles of earlier nights that the inputs copy join the run, so that they
// are named as parents (RunClusterWithEarlier, dedupe.h); the result holds
// the inputs' documents only. Not with `clusters`. Render the result with
// FormatProvenance (provenance.h). InvalidArgument for invalid options;
// FailedPrecondition when the store's parameters differ from `engine`'s.
absl::StatusOr<ProvenanceRun> Provenance(const std::vector<Input>& inputs, EngineOptions engine,
                                         const ProvenanceOptions& options, const ClusterLabels* clusters = nullptr,
                                         Store* earlier = nullptr);

// The nightly `wiretrace dedupe` job: RunDedupe (dedupe.h) over the inputs.
// KeptOutput(run) and DedupeRun::duplicates are what the tool writes to KEPT and DUPS;
// the batch counts in the store only after Store::CommitBatch(run.commit).
absl::StatusOr<DedupeRun> Dedupe(const std::vector<Input>& inputs, DedupeOptions options, Store* store);

}  // namespace wiretrace

#endif  // WIRETRACE_WIRETRACE_H_
