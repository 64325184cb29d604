#include "job_flags.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace wiretrace::cli {
namespace {

absl::Status ReadSources(const std::string& path, std::vector<std::string>* sources) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read --keep-sources ", path));
  for (std::string line; std::getline(in, line);) {
    absl::string_view s = absl::StripAsciiWhitespace(line);
    if (!s.empty() && s[0] != '#') sources->emplace_back(s);
  }
  return absl::OkStatus();
}

}  // namespace

void AddDedupeJobFlags(CLI::App* app, DedupeJobFlags* flags) {
  app->add_option("--store", flags->store, "the store, one SQLite file (created on first use)")->required();
  app->add_option("--keep", flags->keep, "which copy within the batch is kept: earliest or longest")
      ->check(CLI::IsMember({"earliest", "longest"}))
      ->capture_default_str();
  app->add_option("--keep-sources", flags->keep_sources,
                  "FILE of outlets, one a line, most preferred first: their copies are kept over others");
  app->add_option("--window-days", flags->window_days,
                  "at commit, drop articles published more than N days before the batch's newest")
      ->capture_default_str();
  app->add_flag("--no-store-text", flags->no_store_text,
                "keep only sets and ids in the store, not the records (no cross-night boilerplate, no provenance)");
  app->add_option("--lock-timeout", flags->lock_timeout, "seconds to wait for another writer of STORE before exiting 2")
      ->capture_default_str();
}

absl::StatusOr<DedupeOptions> MakeDedupeOptions(const DedupeJobFlags& flags, const EngineOptions& engine) {
  DedupeOptions options;
  options.engine = engine;
  options.keep = flags.keep == "longest" ? KeepPolicy::kLongest : KeepPolicy::kEarliest;
  options.window_days = flags.window_days;
  options.store_text = !flags.no_store_text;
  if (const char* now = std::getenv("WIRETRACE_NOW"); now != nullptr) options.now = std::atoll(now);
  if (!flags.keep_sources.empty()) {
    if (absl::Status s = ReadSources(flags.keep_sources, &options.keep_sources); !s.ok()) return s;
  }
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  return options;
}

StoreOptions MakeStoreOptions(const DedupeJobFlags& flags) {
  StoreOptions options;
  options.lock_timeout_seconds = flags.lock_timeout;
  return options;
}

}  // namespace wiretrace::cli
