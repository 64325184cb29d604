// wiretrace-provenance: for every document of a cluster, where its text came
// from (parents, shares, shared passages), what it credits, and the root of
// its chain. Clusters come from an earlier `wiretrace cluster` run
// (--clusters FILE) or from clustering the input here.
#include <cstdio>
#include <iterator>
#include <memory>
#include <string>

#include <vector>

#include "CLI/CLI.hpp"
#include "engine_flags.h"
#include "job_flags.h"
#include "wiretrace/eval.h"
#include "wiretrace/provenance.h"
#include "wiretrace/version.h"
#include "wiretrace/wiretrace.h"

namespace wiretrace::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitDataError = 2;
constexpr const char* kTool = "wiretrace-provenance";

struct ProvenanceFlags {
  EngineFlags engine;
  ProvenanceJobFlags job;  // --clusters, --store and the rules (tools/common/job_flags.h)
  std::string output;
  std::string format = "jsonl";
  bool by_outlet = false;
  bool format_given = false;  // --format was on the command line
};

int RunProvenance(ProvenanceFlags& flags) {
  if (absl::Status s = FinishEngineFlags(&flags.engine); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(s.message()).c_str());
    return kExitDataError;
  }
  const bool table_format = flags.format == "csv" || flags.format == "tsv";
  if (flags.by_outlet && flags.format_given && !table_format && flags.format != "jsonl") {
    std::fprintf(stderr, "%s: --by-outlet writes a table: --format tsv (the default), csv or jsonl\n", kTool);
    return kExitUsage;
  }
  if (!flags.by_outlet && table_format) {
    std::fprintf(stderr, "%s: --format %s is for --by-outlet\n", kTool, flags.format.c_str());
    return kExitUsage;
  }
  if (absl::Status s = FinishProvenanceJobFlags(&flags.job, flags.engine.options); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(s.message()).c_str());
    return ExitCodeFor(s);
  }
  std::vector<std::string> reads = flags.engine.inputs;
  reads.insert(reads.end(), {flags.job.clusters, flags.job.store});
  if (!CheckOutputPaths(kTool, {flags.output, flags.engine.problems_file}, reads)) return kExitDataError;
  ClusterLabels labels;
  if (!flags.job.clusters.empty()) {
    absl::StatusOr<ClusterLabels> read = ReadPredictedClusters(flags.job.clusters);
    if (!read.ok()) {
      std::fprintf(stderr, "%s: %s\n", kTool, std::string(read.status().message()).c_str());
      return kExitDataError;
    }
    labels = *std::move(read);
  }
  // On a terminal the provenance stage reports too: on a large corpus it is a
  // good part of the run, after reading has reached 100%.
  if (flags.engine.options.progress) flags.job.options.progress = StageProgress("provenance");
  std::vector<Input> inputs;
  for (const std::string& path : flags.engine.inputs) inputs.push_back(Input::File(path));
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenProvenanceStore(flags.job);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(opened.status().message()).c_str());
    return kExitDataError;
  }
  std::unique_ptr<Store> store = *std::move(opened);
  absl::StatusOr<ProvenanceRun> prov = Provenance(inputs, flags.engine.options, flags.job.options,
                                                  flags.job.clusters.empty() ? nullptr : &labels, store.get());
  if (flags.engine.options.progress) std::fprintf(stderr, "\r\033[K");
  if (!prov.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(prov.status().message()).c_str());
    return ExitCodeFor(prov.status());
  }
  if (store != nullptr && !flags.engine.quiet) {
    std::fprintf(stderr, "%s: %llu articles of earlier nights from %s", kTool,
                 static_cast<unsigned long long>(prov->earlier_articles), flags.job.store.c_str());
    if (prov->earlier_without_text > 0) {
      std::fprintf(stderr, " (%llu more were stored without their text: --no-store-text)",
                   static_cast<unsigned long long>(prov->earlier_without_text));
    }
    std::fprintf(stderr, "\n");
  }
  const ClusterRun* run = &prov->run;
  const ProvenanceResult* result = &prov->result;
  if (!ReportProblems(*run, flags.engine)) return kExitDataError;
  if (StrictFailure(*run, flags.engine)) {
    std::fprintf(stderr, "%s: --strict: %s; no output written\n", kTool, StrictReason(*run).c_str());
    return kExitDataError;
  }
  if (prov->unlabelled > 0) {
    std::fprintf(stderr, "%s: warning: %zu documents are not in %s; they are treated as singletons\n", kTool,
                 prov->unlabelled, flags.job.clusters.c_str());
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
  const std::string text = FormatProvenance(*run, *result, format, flags.job.options);
  std::FILE* out = OpenOutput(flags.output);
  if (out == nullptr) return kExitDataError;
  std::fwrite(text.data(), 1, text.size(), out);
  if (out == stdout ? std::fflush(out) != 0 : std::fclose(out) != 0) {
    std::fprintf(stderr, "%s: error writing %s\n", kTool, flags.output.empty() ? "stdout" : flags.output.c_str());
    return kExitDataError;
  }
  if (flags.engine.explain) {
    PrintExplain(*run, flags.engine.options);
    std::fprintf(stderr, "provenance seconds:");
    for (size_t i = 0; i < std::size(kProvenanceStages); ++i) {
      std::fprintf(stderr, "%s %s %.2f", i == 0 ? "" : ",", kProvenanceStages[i], result->stage_seconds[i]);
    }
    std::fprintf(stderr, "\n");
  }
  if (!flags.engine.quiet) {
    PrintSummary(kTool, *run);
    PrintNotes(kTool, *run, flags.engine.options);
    size_t edges = 0, credited = 0, unoriented = 0;
    for (const DocumentProvenance& d : result->documents) {
      for (const ParentLink& l : d.parents) {
        ++edges;
        credited += l.credit == CreditStatus::kParent || l.credit == CreditStatus::kRoot;
        unoriented += l.evidence.size() == 1 && l.evidence[0] == OrderEvidence::kOrder;
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
  app.set_version_flag("--version", std::string("wiretrace-provenance ") + wiretrace::kVersion);
  auto flags = std::make_shared<ProvenanceFlags>();
  wiretrace::cli::AddEngineFlags(&app, &flags->engine);
  app.add_option("-o,--output", flags->output, "output file (default: stdout)");
  app.add_option("--format", flags->format, "jsonl, text, dot or html; with --by-outlet: tsv (default), csv or jsonl")
      ->check(CLI::IsMember({"jsonl", "text", "dot", "html", "tsv", "csv"}))
      ->capture_default_str()
      ->each([flags](const std::string&) { flags->format_given = true; });
  wiretrace::cli::AddProvenanceJobFlags(&app, &flags->job);
  app.add_flag("--by-outlet", flags->by_outlet,
               "write a table of who copies whom instead: copier, source, edges, credited edges, share, kind "
               "(copy; resend: an outlet's own stories; total rows last)");
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
