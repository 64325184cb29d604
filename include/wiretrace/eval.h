// Eval: scores a cluster run against gold cluster labels, and a provenance run
// against gold parent -> child edges. `wiretrace eval` is a thin shell around
// these functions, and every evaluation script in the repository calls it.
//
//   absl::StatusOr<wiretrace::ClusterLabels> gold =
//       wiretrace::ReadGoldClusters("data/gold_clusters.tsv");
//   if (!gold.ok()) return gold.status();
//   absl::StatusOr<wiretrace::ClusterLabels> predicted =
//       wiretrace::ReadPredictedClusters("clusters.jsonl");  // or id<TAB>cluster
//   if (!predicted.ok()) return predicted.status();
//   absl::StatusOr<wiretrace::ClusterScores> scores =
//       wiretrace::ScoreClusters(*gold, *predicted);
//   if (scores.ok()) use(scores->ari, scores->f1);
//
//   auto edges = wiretrace::ReadGoldParents("data/gold_parents.tsv");
//   auto run = wiretrace::ReadProvenance("provenance.jsonl");
//   auto prov = wiretrace::ScoreProvenance(*edges, *run);  // prov->parent_accuracy
//
// Every Read* function has a Parse* twin that takes the file's contents and the
// name to use in messages, for callers (and tests) that already hold the bytes.
// Errors name the file and, for a bad line, its 1-based line number
// ("gold.tsv:7: ..."). The functions never throw, print or abort.
//
// Thread safety: all functions are pure or read only their arguments and the
// named file; they may be called concurrently. Result objects are plain values.
#ifndef WIRETRACE_EVAL_H_
#define WIRETRACE_EVAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace wiretrace {

// Document id -> cluster label. Labels are opaque: gold files may use names
// ("story-03"), cluster output uses integers (kept as their decimal text).
// Only equality of labels matters.
using ClusterLabels = absl::flat_hash_map<std::string, std::string>;

// Reads `id<TAB>cluster` lines. Blank lines and lines starting with '#' are
// skipped; trailing '\r' and spaces around either field are ignored. A line
// without exactly two non-empty tab-separated fields, or an id seen twice, is
// an error naming the file and line.
absl::StatusOr<ClusterLabels> ReadGoldClusters(const std::string& path);
absl::StatusOr<ClusterLabels> ParseGoldClusters(std::string_view contents,
                                                std::string_view name);

// Reads predicted clusters: `wiretrace cluster` output (JSON lines with "id",
// a string or a number, and "cluster", an integer; other fields are ignored) or
// `id<TAB>cluster` lines as for gold. The format is chosen by the first
// non-blank character of the file: '{' means JSON lines. A numeric id is
// compared by its literal text, so `"id": 42` matches gold id `42`.
absl::StatusOr<ClusterLabels> ReadPredictedClusters(const std::string& path);
absl::StatusOr<ClusterLabels> ParsePredictedClusters(std::string_view contents,
                                                     std::string_view name);

struct ClusterScores {
  // Documents present in both labelings; only they are scored.
  size_t documents_scored = 0;
  size_t only_in_gold = 0;       // in gold, absent from the prediction
  size_t only_in_predicted = 0;  // predicted, absent from gold
  size_t gold_clusters = 0;       // distinct gold labels among scored documents
  size_t predicted_clusters = 0;  // distinct predicted labels among them

  // Adjusted Rand index (Hubert and Arabie 1985): 1 for identical partitions
  // (including the degenerate all-singletons and one-cluster cases, where the
  // formula is 0/0), about 0 for a random one, negative below chance.
  double ari = 0.0;

  // Pairwise scores over the C(documents_scored, 2) document pairs: a pair is
  // positive when both documents share a predicted cluster, and true when they
  // share a gold cluster.
  uint64_t true_positive_pairs = 0;
  uint64_t false_positive_pairs = 0;
  uint64_t false_negative_pairs = 0;
  // precision = TP / (TP + FP), 1 when nothing was predicted together;
  // recall = TP / (TP + FN), 1 when gold has no pairs; F1 their harmonic mean
  // (0 when both are 0).
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

// Scores `predicted` against `gold` over the ids they share. Fails (invalid
// argument) only when they share no id, which almost always means the wrong
// pair of files.
absl::StatusOr<ClusterScores> ScoreClusters(const ClusterLabels& gold,
                                            const ClusterLabels& predicted);

// Gold provenance: true derivation edges. A composite has one edge from each of
// its parents.
struct GoldParents {
  // child -> its gold parents, in file order, without duplicates.
  absl::flat_hash_map<std::string, std::vector<std::string>> parents_of;
  // Every id named in the file, in order of first appearance.
  std::vector<std::string> ids;
};

// Reads `parent<TAB>child` lines (blank and '#' lines skipped). A malformed
// line or a self-edge is an error naming the file and line; a repeated edge is
// ignored; a cycle is an error.
absl::StatusOr<GoldParents> ReadGoldParents(const std::string& path);
absl::StatusOr<GoldParents> ParseGoldParents(std::string_view contents,
                                             std::string_view name);

// One line of `wiretrace-provenance` output. Other fields (cluster, credit
// lines, passages) are not scored and are skipped.
struct ProvenanceEntry {
  struct Parent {
    std::string id;
    double share = 0.0;
  };
  std::string id;
  std::vector<Parent> parents;  // empty for a document reported as a root
  std::string root;             // "" when the output has `"root": null`
};

// Reads provenance JSON lines: "id" (string or number), "parents" (an array of
// {"id", "share"}) and "root" (string, number or null) are required. A
// repeated id is an error.
absl::StatusOr<std::vector<ProvenanceEntry>> ReadProvenance(
    const std::string& path);
absl::StatusOr<std::vector<ProvenanceEntry>> ParseProvenance(
    std::string_view contents, std::string_view name);

struct ProvenanceScores {
  // Strict parent accuracy, over gold children (ids with at least one gold
  // parent) that appear in the output: the child's top-share parent (the first
  // listed among equal shares) is one of its gold parents. For a composite
  // either gold parent counts. A child reported with no parent is wrong.
  size_t children_scored = 0;
  size_t children_parent_correct = 0;
  double parent_accuracy = 0.0;  // NaN when children_scored is 0

  // Root accuracy. A gold cluster here is a connected component of the gold
  // parent graph; a document's true roots are the parentless gold ancestors it
  // reaches by following parent edges (itself for a root; two for a composite
  // of two stories, and either is accepted). Members absent from the output are
  // not scored; a component is scored when at least one member appears, and is
  // correct when every member that appears reports a true root.
  size_t gold_components = 0;
  size_t components_scored = 0;
  size_t components_root_correct = 0;
  double root_accuracy = 0.0;  // NaN when components_scored is 0
  size_t documents_scored = 0;  // gold ids that appear in the output
  size_t documents_root_correct = 0;
  double document_root_accuracy = 0.0;  // NaN when documents_scored is 0

  // Coverage and a check the accuracies above do not make.
  size_t gold_documents_missing = 0;      // gold ids absent from the output
  size_t output_documents_not_in_gold = 0;
  size_t gold_roots_given_parents = 0;  // true roots the output says were copied
};

// Scores provenance output against gold edges. Fails (invalid argument) when
// the gold graph has a cycle or when no gold id appears in the output.
absl::StatusOr<ProvenanceScores> ScoreProvenance(
    const GoldParents& gold, const std::vector<ProvenanceEntry>& output);

}  // namespace wiretrace

#endif  // WIRETRACE_EVAL_H_
