// Command-line flags shared by every tool that runs the clustering engine
// (`wiretrace cluster`, `wiretrace-provenance`), and the reporting that goes
// with them: progress on a terminal, input problems, the summary line.
#ifndef WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_
#define WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_

#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
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
};

// Adds INPUT... and the engine's options to `cmd`, bound to *flags.
void AddEngineFlags(CLI::App* cmd, EngineFlags* flags);

// Applies flags that need post-processing (e.g. --no-boilerplate) and installs
// the terminal progress reporter.
void FinishEngineFlags(EngineFlags* flags);

// Prints input problems to stderr (the first 100, then a count) and writes all
// of them to --problems FILE when given. Returns false if that file cannot be
// written.
bool ReportProblems(const ClusterRun& run, const EngineFlags& flags);

// True when --strict is set and the run met a bad record or unreadable input.
bool StrictFailure(const ClusterRun& run, const EngineFlags& flags);

// True when an input could not be read at all (missing file, truncated stream).
bool HadInputFailure(const ClusterRun& run);

// The one-line summary on stderr.
void PrintSummary(const char* tool, const ClusterRun& run);

// What the user should know about how the options met this input, once each
// (stderr): today, documents without a `source` that content words will not link.
void PrintNotes(const char* tool, const ClusterRun& run, const EngineOptions& options);

// Opens -o FILE, or stdout for "" or "-". Returns nullptr after printing an
// error naming the file.
std::FILE* OpenOutput(const std::string& path);

}  // namespace wiretrace::cli

#endif  // WIRETRACE_TOOLS_COMMON_ENGINE_FLAGS_H_
