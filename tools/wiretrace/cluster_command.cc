// `wiretrace cluster`: the main job. Reads a corpus, clusters syndicated and
// near-duplicate articles, writes one line per input document.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "distributed.h"
#include "engine_flags.h"
#include "wiretrace/wiretrace.h"

namespace wiretrace::cli {
namespace {

struct ClusterFlags {
  EngineFlags engine;
  std::string output;
  std::string pairs;
  std::string format = "jsonl";
};

// Writes `text` pieces from `format(begin, end)`, a block of rows at a time,
// so that a run of millions of documents never holds its whole output.
template <typename Format>
bool WriteInBlocks(size_t rows, std::FILE* out, Format format) {
  constexpr size_t kBlock = 1 << 14;
  for (size_t begin = 0; begin == 0 || begin < rows; begin += kBlock) {
    const std::string text = format(begin, begin + kBlock);
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) return false;
  }
  return true;
}

bool WritePairs(const ClusterRun& run, const std::string& path, TableFormat format) {
  std::FILE* out = OpenOutput(path);
  if (out == nullptr) return false;
  const bool written = WriteInBlocks(run.edges.size(), out, [&](size_t begin, size_t end) {
    return FormatPairs(run, format, begin, end);
  });
  return (out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0) && written;
}

// Rank 0's part (the only part in one process): problems, output, pairs,
// summary. Returns the exit code.
int WriteClusterRun(const ClusterRun& run, const ClusterFlags& flags) {
  if (!ReportProblems(run, flags.engine)) return kExitDataError;
  if (StrictFailure(run, flags.engine)) {
    std::fprintf(stderr, "wiretrace cluster: --strict: %s; no output written\n", StrictReason(run).c_str());
    return kExitDataError;
  }
  std::FILE* out = OpenOutput(flags.output);
  if (out == nullptr) return kExitDataError;
  const TableFormat format = flags.format == "csv" ? TableFormat::kCsv : TableFormat::kJsonl;
  const bool written = WriteInBlocks(run.documents.size(), out, [&](size_t begin, size_t end) {
    return FormatClusters(run, format, begin, end);
  });
  if ((out == stdout ? std::fflush(out) != 0 : std::fclose(out) != 0) || !written) {
    std::fprintf(stderr, "wiretrace cluster: error writing %s\n", flags.output.empty() ? "stdout" : flags.output.c_str());
    return kExitDataError;
  }
  if (!flags.pairs.empty() && !WritePairs(run, flags.pairs, format)) return kExitDataError;
  if (flags.engine.explain) PrintExplain(run, flags.engine.options);
  if (!flags.engine.quiet) {
    PrintSummary("wiretrace cluster", run);
    PrintNotes("wiretrace cluster", run, flags.engine.options);
  }
  return HadInputFailure(run) ? kExitDataError : kExitOk;
}

int RunClusterCommand(ClusterFlags& flags) {
  // Every rank reads the options; only rank 0 writes, so only its output
  // paths count (a node-local directory need not exist on other nodes).
  absl::Status setup = FinishEngineFlags(&flags.engine);
  if (setup.ok() && IsRoot()) {
    setup = ValidateOutputPaths({flags.output, flags.pairs, flags.engine.problems_file}, flags.engine.inputs);
  }
  if (absl::Status s = AgreeOnJobStatus(setup); !s.ok()) {
    if (IsRoot()) std::fprintf(stderr, "wiretrace cluster: %s\n", std::string(s.message()).c_str());
    return kExitDataError;
  }
  // Under mpirun every rank runs the job; rank 0 writes (distributed.h).
  absl::StatusOr<ClusterRun> run = ClusterJob(flags.engine.inputs, flags.engine.options);
  if (!run.ok()) {
    if (IsRoot()) std::fprintf(stderr, "wiretrace cluster: %s\n", std::string(run.status().message()).c_str());
    return ShareExitCode(run.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitDataError);
  }
  return ShareExitCode(IsRoot() ? WriteClusterRun(*run, flags) : kExitOk);
}

}  // namespace

void RegisterClusterCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ClusterFlags>();
  CLI::App* cmd = app.add_subcommand(
      "cluster",
      "Cluster a corpus: syndicated copies and rewrites of one story share a cluster.\n"
      "Writes one JSON line per input document, in input order:\n"
      "  {\"id\":..., \"cluster\":N, \"cluster_size\":N, \"representative\":ID, \"jaccard\":x, \"containment\":x}\n"
      "The representative is the earliest published member (then the longest, then the smallest id);\n"
      "jaccard and containment compare the document with it.\n"
      "Example:\n"
      "  wiretrace cluster data/sample.jsonl -o clusters.jsonl --pairs pairs.jsonl");
  AddEngineFlags(cmd, &flags->engine);
  cmd->add_option("-o,--output", flags->output, "output file (default: stdout)");
  cmd->add_option("--pairs", flags->pairs, "also write the verified pairs {a, b, jaccard, containment_a, containment_b, rule} (rule: jaccard, "
                  "containment or words; a words edge adds its content-word evidence)");
  cmd->add_option("--format", flags->format, "jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  cmd->callback([flags, exit_code] { *exit_code = RunClusterCommand(*flags); });
}

}  // namespace wiretrace::cli
