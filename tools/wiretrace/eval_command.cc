// Placeholder until the eval command lands.
#include "commands.h"

namespace wiretrace::cli {
void RegisterEvalCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("eval", "Score a cluster run against gold labels.");
  cmd->callback([exit_code] { *exit_code = kExitUsage; });
}
}  // namespace wiretrace::cli
