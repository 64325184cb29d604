// Placeholder until the cluster command lands.
#include "commands.h"

namespace wiretrace::cli {
void RegisterClusterCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("cluster", "Cluster a corpus.");
  cmd->callback([exit_code] { *exit_code = kExitUsage; });
}
}  // namespace wiretrace::cli
