// wiretrace-provenance: for every document of a cluster, where its text came
// from (parents, shares, shared passages), what it credits, and the root of
// its chain. Clusters come from an earlier `wiretrace cluster` run
// (--clusters FILE) or from clustering the input here.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "engine_flags.h"
#include "wiretrace/eval.h"
#include "wiretrace/provenance.h"

namespace wiretrace::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitDataError = 2;
constexpr const char* kTool = "wiretrace-provenance";

struct ProvenanceFlags {
  EngineFlags engine;
  std::string output;
  std::string format = "jsonl";
  std::string clusters;
  std::string agencies;
  bool by_outlet = false;
  bool format_given = false;  // --format was on the command line
  ProvenanceOptions options;
};

// Cluster ids from an earlier `cluster` run, one per document of `run`.
// Labels that are not integers (an id<TAB>label file) get dense numbers.
bool LoadClusters(const std::string& path, const ClusterRun& run, std::vector<int64_t>* out) {
  absl::StatusOr<ClusterLabels> labels = ReadPredictedClusters(path);
  if (!labels.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(labels.status().message()).c_str());
    return false;
  }
  absl::flat_hash_map<std::string, int64_t> dense;
  int64_t next_free = 1'000'000'000;  // past any integer label a cluster run writes
  size_t missing = 0;
  out->resize(run.documents.size());
  for (size_t d = 0; d < run.documents.size(); ++d) {
    const auto it = labels->find(run.documents[d].id);
    if (it == labels->end()) {
      // Not in the clusters file: its own cluster, so it is reported nowhere.
      (*out)[d] = next_free++;
      ++missing;
      continue;
    }
    int64_t value = 0;
    if (absl::SimpleAtoi(it->second, &value)) {
      (*out)[d] = value;
    } else {
      auto [label, inserted] = dense.try_emplace(it->second, next_free);
      if (inserted) ++next_free;
      (*out)[d] = label->second;
    }
  }
  if (missing > 0) {
    std::fprintf(stderr, "%s: warning: %zu documents are not in %s; they are treated as singletons\n", kTool,
                 missing, path.c_str());
  }
  return true;
}

int RunProvenance(ProvenanceFlags& flags) {
  FinishEngineFlags(&flags.engine);
  const bool table_format = flags.format == "csv" || flags.format == "tsv";
  if (flags.by_outlet && flags.format_given && !table_format && flags.format != "jsonl") {
    std::fprintf(stderr, "%s: --by-outlet writes a table: --format tsv (the default), csv or jsonl\n", kTool);
    return kExitUsage;
  }
  if (!flags.by_outlet && table_format) {
    std::fprintf(stderr, "%s: --format %s is for --by-outlet\n", kTool, flags.format.c_str());
    return kExitUsage;
  }
  if (!flags.agencies.empty()) {
    std::ifstream in(flags.agencies, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read %s\n", kTool, flags.agencies.c_str());
      return kExitDataError;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    if (absl::Status s = flags.options.agencies.AddTsv(ss.str()); !s.ok()) {
      std::fprintf(stderr, "%s: %s: %s\n", kTool, flags.agencies.c_str(), std::string(s.message()).c_str());
      return kExitDataError;
    }
    // One table for credit lines and datelines alike.
    flags.engine.options.agencies = flags.options.agencies;
  }
  if (absl::Status s = flags.options.Validate(); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(s.message()).c_str());
    return kExitUsage;
  }
  if (!CheckOutputPaths(kTool, {flags.output, flags.engine.problems_file})) return kExitDataError;
  flags.engine.options.keep_articles = true;
  absl::StatusOr<ClusterRun> run = RunCluster(flags.engine.inputs, flags.engine.options);
  if (!run.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(run.status().message()).c_str());
    return run.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitDataError;
  }
  if (!ReportProblems(*run, flags.engine)) return kExitDataError;
  if (StrictFailure(*run, flags.engine)) {
    std::fprintf(stderr, "%s: --strict: %s; no output written\n", kTool, StrictReason(*run).c_str());
    return kExitDataError;
  }
  std::vector<int64_t> cluster_of;
  if (!flags.clusters.empty() && !LoadClusters(flags.clusters, *run, &cluster_of)) return kExitDataError;
  // On a terminal the provenance stage reports too: on a large corpus it is a
  // good part of the run, after reading has reached 100%.
  if (flags.engine.options.progress) flags.options.progress = StageProgress("provenance");
  absl::StatusOr<ProvenanceResult> result =
      ComputeProvenance(*run, cluster_of, flags.engine.options, flags.options);
  if (flags.engine.options.progress) std::fprintf(stderr, "\r\033[K");
  if (!result.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(result.status().message()).c_str());
    return kExitUsage;
  }
  ProvenanceFormat format = ProvenanceFormat::kJsonl;
  if (flags.by_outlet) {
    // The table is TSV unless --format asks for CSV or JSON lines.
    format = !flags.format_given || flags.format == "tsv" ? ProvenanceFormat::kByOutlet
             : flags.format == "csv"                      ? ProvenanceFormat::kByOutletCsv
                                                          : ProvenanceFormat::kByOutletJsonl;
  } else if (flags.format == "text") {
    format = ProvenanceFormat::kText;
  } else if (flags.format == "dot") {
    format = ProvenanceFormat::kDot;
  } else if (flags.format == "html") {
    format = ProvenanceFormat::kHtml;
  }
  const std::string text = FormatProvenance(*run, *result, format, flags.options);
  std::FILE* out = OpenOutput(flags.output);
  if (out == nullptr) return kExitDataError;
  std::fwrite(text.data(), 1, text.size(), out);
  if (out == stdout ? std::fflush(out) != 0 : std::fclose(out) != 0) {
    std::fprintf(stderr, "%s: error writing %s\n", kTool, flags.output.empty() ? "stdout" : flags.output.c_str());
    return kExitDataError;
  }
  if (!flags.engine.quiet) {
    PrintSummary(kTool, *run);
    PrintNotes(kTool, *run, flags.engine.options);
    size_t edges = 0, credited = 0, unoriented = 0;
    for (const DocumentProvenance& d : result->documents) {
      for (const ParentLink& l : d.parents) {
        ++edges;
        credited += l.credit == "parent" || l.credit == "root";
        unoriented += l.evidence.size() == 1 && l.evidence[0] == "order";
      }
    }
    std::fprintf(stderr, "%s: %zu documents in clusters, %zu parent edges (%zu credit their source, %zu unoriented)\n",
                 kTool, result->documents.size(), edges, credited, unoriented);
  }
  return HadInputFailure(*run) ? kExitDataError : kExitOk;
}

}  // namespace
}  // namespace wiretrace::cli

int main(int argc, char** argv) {
  using wiretrace::cli::ProvenanceFlags;
  CLI::App app{
      "wiretrace-provenance: for each document of a cluster, the earlier document(s) its text came from,\n"
      "the passages taken, the credit line it carries (or fails to carry), and the root of its chain.\n"
      "Writes one JSON line per document in a cluster of size >= 2 (see docs/provenance.md):\n"
      "  {\"id\", \"cluster\", \"parents\":[{\"id\",\"share\",\"cluster\"?,\"credit\",\"evidence\",\"passages\"}],\n"
      "   \"root\", \"credits\":[{\"name\",\"form\",\"text\",\"begin\",\"end\"}], ...}\n"
      "Examples:\n"
      "  wiretrace-provenance data/sample.jsonl -o prov.jsonl\n"
      "  wiretrace cluster data/sample.jsonl -o clusters.jsonl\n"
      "  wiretrace-provenance data/sample.jsonl --clusters clusters.jsonl --format html -o report.html"};
  app.set_version_flag("--version", "wiretrace-provenance 0.1.0");
  auto flags = std::make_shared<ProvenanceFlags>();
  wiretrace::cli::AddEngineFlags(&app, &flags->engine);
  app.add_option("-o,--output", flags->output, "output file (default: stdout)");
  app.add_option("--format", flags->format, "jsonl, text, dot or html; with --by-outlet: tsv (default), csv or jsonl")
      ->check(CLI::IsMember({"jsonl", "text", "dot", "html", "tsv", "csv"}))
      ->capture_default_str()
      ->each([flags](const std::string&) { flags->format_given = true; });
  app.add_option("--clusters", flags->clusters,
                 "reuse the clusters of an earlier `wiretrace cluster` run (JSON lines with id and cluster)");
  app.add_option("--agencies", flags->agencies,
                 "more agencies and outlets for credit lines: TSV of name<TAB>alias1|alias2...");
  app.add_flag("--by-outlet", flags->by_outlet,
               "write a table of who copies whom instead: copier, source, edges, credited edges, share, kind "
               "(copy; resend: an outlet's own stories; total rows last)");
  auto* rules = "Provenance";
  app.add_option("--near-tie", flags->options.near_tie,
                 "parents whose scores differ by at most this are tied; the earliest (closest to the root) wins")
      ->capture_default_str()->group(rules);
  app.add_option("--min-added-share", flags->options.min_added_share,
                 "a further parent must explain this share of the document not yet explained")
      ->capture_default_str()->group(rules);
  app.add_option("--min-share", flags->options.min_share, "a parent must hold this share of the document")
      ->capture_default_str()->group(rules);
  int exit_code = wiretrace::cli::kExitOk;
  app.callback([flags, &exit_code] { exit_code = wiretrace::cli::RunProvenance(*flags); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? wiretrace::cli::kExitOk : wiretrace::cli::kExitUsage;
  }
  return exit_code;
}
