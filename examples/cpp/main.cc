// wiretrace_example INPUT...: clusters the inputs with the default options and
// writes what `wiretrace cluster INPUT...` writes, through the installed
// library's public API (include/wiretrace/wiretrace.h).
#include <cstdio>
#include <string>
#include <vector>

#include "wiretrace/wiretrace.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: wiretrace_example INPUT...  (wiretrace %s)\n", wiretrace::kVersion);
    return 1;
  }
  std::vector<wiretrace::Input> inputs;
  for (int i = 1; i < argc; ++i) inputs.push_back(wiretrace::Input::File(argv[i]));

  wiretrace::EngineOptions options;  // the documented defaults, as the CLI's
  absl::StatusOr<wiretrace::ClusterRun> run = wiretrace::Cluster(inputs, options);
  if (!run.ok()) {
    std::fprintf(stderr, "wiretrace_example: %s\n", std::string(run.status().message()).c_str());
    return 1;
  }
  // Bad records were skipped; say where they were, as the CLI does.
  for (const wiretrace::InputProblem& p : run->problems) {
    std::fprintf(stderr, "%s:%llu: %s: %s\n", p.file.c_str(), static_cast<unsigned long long>(p.line),
                 p.record_skipped ? "error" : "warning", p.message.c_str());
  }
  const std::string lines = wiretrace::FormatClusters(*run);
  std::fwrite(lines.data(), 1, lines.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}
