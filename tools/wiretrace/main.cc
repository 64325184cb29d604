// wiretrace: near-duplicate and syndication detection for news.
#include <cstdio>

#include <string>

#include "CLI/CLI.hpp"
#include "commands.h"
#include "distributed.h"
#include "wiretrace/version.h"

namespace wiretrace::cli {
// Defined in compare_command.cc. (Its declaration belongs in commands.h with
// the others; kept here until that header is next edited.)
void RegisterCompareCommand(CLI::App& app, int* exit_code);
}  // namespace wiretrace::cli

int main(int argc, char** argv) {
  // Before parsing: under mpirun every rank parses, and a bad option exits 1
  // on each (after MPI_Finalize, so that mpirun reports that code).
  wiretrace::cli::MpiSession mpi(&argc, &argv);
  CLI::App app{
      "wiretrace finds syndicated wire copy and near-duplicate news articles.\n"
      "Run `wiretrace COMMAND --help` for the options of each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("wiretrace ") + wiretrace::kVersion);
  int exit_code = wiretrace::cli::kExitOk;
  wiretrace::cli::RegisterClusterCommand(app, &exit_code);
  wiretrace::cli::RegisterEvalCommand(app, &exit_code);
  wiretrace::cli::RegisterCompareCommand(app, &exit_code);
  wiretrace::cli::RegisterDedupeCommand(app, &exit_code);
  wiretrace::cli::RegisterStoreCommand(app, &exit_code);
  // Only `cluster` is distributed; another command on many ranks would run
  // N times over the same files.
  if (wiretrace::cli::WorldSize() > 1) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() != "cluster"; })) {
      sub->preparse_callback([name = sub->get_name()](size_t) {
        throw CLI::ValidationError(name, "runs in one process: under mpirun (more than one rank) only `cluster` runs");
      });
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parsed the same arguments: one message, rank 0's.
    const int code = wiretrace::cli::IsRoot() ? app.exit(e) : e.get_exit_code();
    return code == 0 ? wiretrace::cli::kExitOk : wiretrace::cli::kExitUsage;
  }
  return exit_code;
}
