// `wiretrace store stats|check STORE`: look into a dedupe store without
// changing it. Readers never wait for a running `dedupe` (WAL mode), except
// for the commit of a new store's first batch (store.h).
#include <cstdio>
#include <string>

#include "commands.h"
#include "wiretrace/article.h"
#include "wiretrace/store.h"

namespace wiretrace::cli {
namespace {

absl::StatusOr<std::unique_ptr<Store>> OpenForReading(const std::string& path) {
  StoreOptions options;
  options.read_only = true;
  return Store::Open(path, options);
}

int RunStats(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenForReading(path);
  if (!store.ok()) {
    std::fprintf(stderr, "wiretrace store: %s\n", std::string(store.status().message()).c_str());
    return kExitDataError;
  }
  absl::StatusOr<StoreStats> s = (*store)->Stats();
  if (!s.ok()) {
    std::fprintf(stderr, "wiretrace store: %s: %s\n", path.c_str(), std::string(s.status().message()).c_str());
    return kExitDataError;
  }
  const double per = s->articles > 0 ? 1.0 / static_cast<double>(s->articles) : 0.0;
  std::printf("store: %s (schema version %d)\n", path.c_str(), s->schema_version);
  std::printf("articles: %llu (%llu kept, %llu duplicates; %llu with text)\n",
              static_cast<unsigned long long>(s->articles), static_cast<unsigned long long>(s->kept),
              static_cast<unsigned long long>(s->articles - s->kept),
              static_cast<unsigned long long>(s->articles_with_text));
  std::printf("batches: %llu\n", static_cast<unsigned long long>(s->batches));
  std::printf("published: %s .. %s\n", s->first.known() ? FormatTimestamp(s->first).c_str() : "-",
              s->last.known() ? FormatTimestamp(s->last).c_str() : "-");
  std::printf("bytes: %llu in all, %.0f per article (sets %.0f, compressed text %.0f, %.1f band keys)\n",
              static_cast<unsigned long long>(s->file_bytes), static_cast<double>(s->file_bytes) * per,
              static_cast<double>(s->set_bytes) * per, static_cast<double>(s->text_bytes) * per,
              static_cast<double>(s->band_rows) * per);
  std::printf("word frequencies: %llu batches, %llu bytes\n",
              static_cast<unsigned long long>(s->word_frequency_batches),
              static_cast<unsigned long long>(s->word_frequency_bytes));
  for (const StoreParameter& p : s->parameters) std::printf("parameter: %s = %s\n", p.option.c_str(), p.value.c_str());
  return kExitOk;
}

int RunCheck(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenForReading(path);
  if (!store.ok()) {
    std::fprintf(stderr, "wiretrace store: %s\n", std::string(store.status().message()).c_str());
    return kExitDataError;
  }
  if (absl::Status s = (*store)->Check(); !s.ok()) {
    std::fprintf(stderr, "wiretrace store: %s: %s\n", path.c_str(), std::string(s.message()).c_str());
    return kExitDataError;
  }
  std::printf("store %s: ok\n", path.c_str());
  return kExitOk;
}

}  // namespace

void RegisterStoreCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("store",
                                     "Inspect a `wiretrace dedupe` store (read-only; never waits for a writer, "
                                     "but for up to 2 s while a new store's first batch commits).");
  cmd->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* stats = cmd->add_subcommand("stats", "articles, batches, date range and bytes per article");
  stats->add_option("STORE", *path, "the store file")->required();
  stats->callback([path, exit_code] { *exit_code = RunStats(*path); });
  CLI::App* check = cmd->add_subcommand("check", "integrity of the database and of the store's invariants; exit 2 when damaged");
  check->add_option("STORE", *path, "the store file")->required();
  check->callback([path, exit_code] { *exit_code = RunCheck(*path); });
}

}  // namespace wiretrace::cli
