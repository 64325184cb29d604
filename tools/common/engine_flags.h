// Command-line flags shared by every tool that runs the clustering engine
// (`wiretrace cluster`, `wiretrace-provenance`), and the reporting that goes
// with them: progress on a terminal, input problems, the summary line.
#ifndef WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_
#define WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "wiretrace/engine.h"

namespace wiretrace::cli {

struct EngineFlags {
  std::vector<std::string> inputs;
  EngineOptions options;
  bool strict = false;
  bool quiet = false;
  bool explain = false;
  bool no_boilerplate = false;
  bool no_content_words = false;
  std::string problems_file;
  std::string agencies_file;  // --agencies FILE
};

// Adds INPUT... and the engine's options to `cmd`, bound to *flags.
void AddEngineFlags(CLI::App* cmd, EngineFlags* flags);

// Applies flags that need post-processing (e.g. --no-boilerplate), reads
// --agencies FILE into options.agencies (one table for datelines, trailing
// credits and provenance's credit lines) and installs the terminal progress
// reporter. NotFound or DataLoss, naming the file, for an agencies file that
// cannot be read or parsed (exit 2).
absl::Status FinishEngineFlags(EngineFlags* flags);

// The total size of the inputs in bytes (the files of a directory that are
// read), for progress; 0 when unknown (stdin).
uint64_t InputBytes(const std::vector<std::string>& inputs);

// One progress line: stage, documents and MB, and while reading with a known
// total, the percent and the time left.
std::string ProgressLine(const Progress& p, uint64_t total_bytes, std::chrono::steady_clock::time_point start);

// A progress reporter for a stage that counts clusters (provenance): safe to
// call from many threads at once, it prints at most five lines a second,
// with the percent done and the time left.
std::function<void(size_t done, size_t total)> StageProgress(const char* stage);

// Prints input problems to stderr (the first 100, then a count) and writes all
// of them to --problems FILE when given. Returns false if that file cannot be
// written.
bool ReportProblems(const ClusterRun& run, const EngineFlags& flags);

// Writes every input problem to `path` as JSON lines (file, line, severity,
// message): --problems FILE. Returns false after printing an error naming the
// file when it cannot be written.
bool WriteProblemsFile(const ClusterRun& run, const std::string& path);

// True when --strict is set and the run met a bad record, an unreadable input,
// or a field option that names no key of a file (InputProblem::schema).
bool StrictFailure(const ClusterRun& run, const EngineFlags& flags);

// Why --strict failed, for its message: "3 bad records", and the field
// options that name no key when there are any.
std::string StrictReason(const ClusterRun& run);

// True when an input could not be read at all (missing file, truncated stream).
bool HadInputFailure(const ClusterRun& run);

// The one-line summary on stderr.
void PrintSummary(const char* tool, const ClusterRun& run);

// --explain (stderr): the shingle, MinHash and LSH parameters, the verify
// thresholds, the content-word rule, the candidate pairs from each path, the
// seconds per stage, and the boilerplate and teaser lines removed.
void PrintExplain(const ClusterRun& run, const EngineOptions& options);

// What the user should know about how the options met this input, once each
// (stderr): today, documents without a `source` that content words will not link.
void PrintNotes(const char* tool, const ClusterRun& run, const EngineOptions& options);

// Checks, before any work, that each output path ("" and "-" are stdout) can
// be written: an existing file must be writable and not a directory, a new
// one needs a writable directory; and that no output is the same file, by
// any name (a link, another relative path), as another output or as a file
// the run reads (`reads`: its inputs, a store, a pairs file). The tools write
// after reading, so `-o INPUT` would replace the input with the output, an
// output over the store would replace the store, and of two outputs on one
// path only the last would stay. The first failure, naming the path
// (FailedPrecondition "cannot write PATH: WHY (nothing was read)"), so that a
// typo costs nothing rather than a run, or the data.
absl::Status ValidateOutputPaths(const std::vector<std::string>& outputs, const std::vector<std::string>& reads);

// ValidateOutputPaths, its failure printed as "TOOL: ...": false then.
bool CheckOutputPaths(const char* tool, const std::vector<std::string>& outputs,
                      const std::vector<std::string>& reads);

// Opens -o FILE, or stdout for "" or "-". Returns nullptr after printing an
// error naming the file.
std::FILE* OpenOutput(const std::string& path);

}  // namespace wiretrace::cli

#endif  // WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_
