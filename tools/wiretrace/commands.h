// Subcommands of the `wiretrace` binary. Each lives in its own file and
// registers itself on the top-level CLI11 app; its callback stores the process
// exit code (0 ok, 1 usage, 2 input/data error, as docs/design.md specifies).
#ifndef WIRETRACE_TOOLS_COMMANDS_H_
#define WIRETRACE_TOOLS_COMMANDS_H_

#include "CLI/CLI.hpp"

namespace wiretrace::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitDataError = 2;

void RegisterClusterCommand(CLI::App& app, int* exit_code);
void RegisterEvalCommand(CLI::App& app, int* exit_code);
void RegisterDedupeCommand(CLI::App& app, int* exit_code);
void RegisterStoreCommand(CLI::App& app, int* exit_code);

}  // namespace wiretrace::cli

#endif  // WIRETRACE_TOOLS_COMMANDS_H_
