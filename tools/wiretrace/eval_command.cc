// `wiretrace eval`: scores a cluster run against gold cluster labels and/or a
// provenance run against gold parent edges (see include/wiretrace/eval.h).
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "commands.h"
#include "wiretrace/eval.h"

namespace wiretrace::cli {
namespace {

struct EvalArgs {
  std::string gold;
  std::string gold_parents;
  std::vector<std::string> runs;  // cluster output first, then provenance
  bool json = false;
};

std::string Fixed(double value) {
  return std::isnan(value) ? std::string("n/a") : absl::StrFormat("%.4f", value);
}

std::string JsonNumber(double value) {
  return std::isnan(value) ? std::string("null") : absl::StrFormat("%.6f", value);
}

std::string ClusterTable(const ClusterScores& s, const std::string& run,
                         const std::string& gold) {
  std::string out = absl::StrFormat("clusters: %s against gold %s\n", run, gold);
  absl::StrAppendFormat(&out,
                        "  documents scored      %8d  (only in gold %d, only "
                        "in predicted %d)\n",
                        s.documents_scored, s.only_in_gold, s.only_in_predicted);
  absl::StrAppendFormat(&out, "  gold clusters         %8d\n", s.gold_clusters);
  absl::StrAppendFormat(&out, "  predicted clusters    %8d\n",
                        s.predicted_clusters);
  absl::StrAppendFormat(&out, "  adjusted Rand index   %8s\n", Fixed(s.ari));
  absl::StrAppendFormat(&out, "  pairwise precision    %8s\n",
                        Fixed(s.precision));
  absl::StrAppendFormat(&out, "  pairwise recall       %8s\n", Fixed(s.recall));
  absl::StrAppendFormat(&out, "  pairwise F1           %8s\n", Fixed(s.f1));
  absl::StrAppendFormat(&out, "  true positive pairs   %8d\n",
                        s.true_positive_pairs);
  absl::StrAppendFormat(&out, "  false positive pairs  %8d\n",
                        s.false_positive_pairs);
  absl::StrAppendFormat(&out, "  false negative pairs  %8d\n",
                        s.false_negative_pairs);
  return out;
}

std::string ClusterJson(const ClusterScores& s) {
  return absl::StrFormat(
      "{\"documents_scored\": %d, \"only_in_gold\": %d, "
      "\"only_in_predicted\": %d, \"gold_clusters\": %d, "
      "\"predicted_clusters\": %d, \"ari\": %s, \"precision\": %s, "
      "\"recall\": %s, \"f1\": %s, \"true_positive_pairs\": %d, "
      "\"false_positive_pairs\": %d, \"false_negative_pairs\": %d}",
      s.documents_scored, s.only_in_gold, s.only_in_predicted, s.gold_clusters,
      s.predicted_clusters, JsonNumber(s.ari), JsonNumber(s.precision),
      JsonNumber(s.recall), JsonNumber(s.f1), s.true_positive_pairs,
      s.false_positive_pairs, s.false_negative_pairs);
}

std::string ProvenanceTable(const ProvenanceScores& s, const std::string& run,
                            const std::string& gold) {
  std::string out =
      absl::StrFormat("provenance: %s against gold %s\n", run, gold);
  absl::StrAppendFormat(&out,
                        "  documents scored      %8d  (gold missing from "
                        "output %d, output not in gold %d)\n",
                        s.documents_scored, s.gold_documents_missing,
                        s.output_documents_not_in_gold);
  absl::StrAppendFormat(&out, "  parent accuracy       %8s  (%d of %d children)\n",
                        Fixed(s.parent_accuracy), s.children_parent_correct,
                        s.children_scored);
  absl::StrAppendFormat(&out,
                        "  root accuracy         %8s  (%d of %d gold clusters)\n",
                        Fixed(s.root_accuracy), s.components_root_correct,
                        s.components_scored);
  absl::StrAppendFormat(&out,
                        "  document root acc.    %8s  (%d of %d documents)\n",
                        Fixed(s.document_root_accuracy),
                        s.documents_root_correct, s.documents_scored);
  absl::StrAppendFormat(&out, "  roots given a parent  %8d\n",
                        s.gold_roots_given_parents);
  return out;
}

std::string ProvenanceJson(const ProvenanceScores& s) {
  return absl::StrFormat(
      "{\"documents_scored\": %d, \"gold_documents_missing\": %d, "
      "\"output_documents_not_in_gold\": %d, \"children_scored\": %d, "
      "\"children_parent_correct\": %d, \"parent_accuracy\": %s, "
      "\"gold_components\": %d, \"components_scored\": %d, "
      "\"components_root_correct\": %d, \"root_accuracy\": %s, "
      "\"documents_root_correct\": %d, \"document_root_accuracy\": %s, "
      "\"gold_roots_given_parents\": %d}",
      s.documents_scored, s.gold_documents_missing,
      s.output_documents_not_in_gold, s.children_scored,
      s.children_parent_correct, JsonNumber(s.parent_accuracy),
      s.gold_components, s.components_scored, s.components_root_correct,
      JsonNumber(s.root_accuracy), s.documents_root_correct,
      JsonNumber(s.document_root_accuracy), s.gold_roots_given_parents);
}

// Messages from the library already name the file (and line); a scoring
// failure does not, so it gets both file names.
int Fail(const absl::Status& status, const std::string& context) {
  std::fprintf(stderr, "wiretrace eval: %s%s\n", context.c_str(),
               std::string(status.message()).c_str());
  return kExitDataError;
}

int RunEval(const EvalArgs& args) {
  const bool want_clusters = !args.gold.empty();
  const bool want_provenance = !args.gold_parents.empty();
  const size_t expected = (want_clusters ? 1 : 0) + (want_provenance ? 1 : 0);
  if (expected == 0) {
    std::fprintf(stderr,
                 "wiretrace eval: give --gold and/or --gold-parents "
                 "(see wiretrace eval --help)\n");
    return kExitUsage;
  }
  if (args.runs.size() != expected) {
    std::fprintf(stderr,
                 "wiretrace eval: expected %zu input file%s (%s), got %zu\n",
                 expected, expected == 1 ? "" : "s",
                 want_clusters && want_provenance
                     ? "CLUSTERS then PROVENANCE"
                     : (want_clusters ? "CLUSTERS" : "PROVENANCE"),
                 args.runs.size());
    return kExitUsage;
  }

  std::string text;
  std::vector<std::string> json_parts;
  if (want_clusters) {
    const std::string& run = args.runs[0];
    absl::StatusOr<ClusterLabels> gold = ReadGoldClusters(args.gold);
    if (!gold.ok()) return Fail(gold.status(), "");
    absl::StatusOr<ClusterLabels> predicted = ReadPredictedClusters(run);
    if (!predicted.ok()) return Fail(predicted.status(), "");
    absl::StatusOr<ClusterScores> scores = ScoreClusters(*gold, *predicted);
    if (!scores.ok()) {
      return Fail(scores.status(), absl::StrCat(run, " vs ", args.gold, ": "));
    }
    absl::StrAppend(&text, ClusterTable(*scores, run, args.gold));
    json_parts.push_back(absl::StrCat("\"clusters\": ", ClusterJson(*scores)));
  }
  if (want_provenance) {
    const std::string& run = args.runs.back();
    absl::StatusOr<GoldParents> gold = ReadGoldParents(args.gold_parents);
    if (!gold.ok()) return Fail(gold.status(), "");
    absl::StatusOr<std::vector<ProvenanceEntry>> output = ReadProvenance(run);
    if (!output.ok()) return Fail(output.status(), "");
    absl::StatusOr<ProvenanceScores> scores = ScoreProvenance(*gold, *output);
    if (!scores.ok()) {
      return Fail(scores.status(),
                  absl::StrCat(run, " vs ", args.gold_parents, ": "));
    }
    absl::StrAppend(&text, ProvenanceTable(*scores, run, args.gold_parents));
    json_parts.push_back(
        absl::StrCat("\"provenance\": ", ProvenanceJson(*scores)));
  }
  if (args.json) {
    std::string line = "{";
    for (size_t i = 0; i < json_parts.size(); ++i) {
      if (i > 0) line += ", ";
      line += json_parts[i];
    }
    line += "}\n";
    std::fputs(line.c_str(), stdout);
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Score a cluster run and/or a provenance run against gold labels.");
  cmd->footer(
      "Cluster scores are the adjusted Rand index and pairwise precision, "
      "recall and F1 over\n"
      "the documents present in both files. Provenance scores are strict "
      "parent accuracy\n"
      "(the top-share parent is a gold parent; either parent of a composite "
      "counts) and root\n"
      "accuracy per gold cluster (connected component of the gold edges) and "
      "per document.\n"
      "\n"
      "Examples:\n"
      "  wiretrace cluster data/sample.jsonl -o clusters.jsonl\n"
      "  wiretrace eval --gold data/gold_clusters.tsv clusters.jsonl\n"
      "  wiretrace-provenance --clusters clusters.jsonl data/sample.jsonl > "
      "prov.jsonl\n"
      "  wiretrace eval --gold-parents data/gold_parents.tsv prov.jsonl\n"
      "  wiretrace eval --json --gold data/gold_clusters.tsv \\\n"
      "      --gold-parents data/gold_parents.tsv clusters.jsonl prov.jsonl\n"
      "\n"
      "Exit status: 0 scored, 1 usage error, 2 unreadable or malformed file "
      "(the message\n"
      "names the file and line).");
  cmd->add_option("--gold", args->gold,
                  "Gold clusters: `id<TAB>cluster` lines ('#' comments and "
                  "blank lines skipped)")
      ->type_name("GOLD.tsv");
  cmd->add_option("--gold-parents", args->gold_parents,
                  "Gold provenance: `parent<TAB>child` lines, one per true "
                  "derivation edge")
      ->type_name("EDGES.tsv");
  cmd->add_flag("--json", args->json,
                "Print one JSON object ({\"clusters\": {...}, \"provenance\": "
                "{...}}) instead of a table");
  cmd->add_option("RUN", args->runs,
                  "CLUSTERS (`wiretrace cluster` JSON lines, or "
                  "`id<TAB>cluster`) for --gold, then PROVENANCE "
                  "(`wiretrace-provenance` JSON lines) for --gold-parents")
      ->type_name("FILE");
  cmd->callback([args, exit_code] { *exit_code = RunEval(*args); });
}

}  // namespace wiretrace::cli
