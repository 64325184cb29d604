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

int ExitCodeFor(const absl::Status& status) { return status.code() == absl::StatusCode::kInvalidArgument ? 1 : 2; }

void AddProvenanceJobFlags(CLI::App* app, ProvenanceJobFlags* flags) {
  app->add_option("--clusters", flags->clusters,
                  "reuse the clusters of an earlier `wiretrace cluster` run (JSON lines with id and cluster)");
  app->add_option("--store", flags->store,
                  "also name parents from the earlier nights of this `wiretrace dedupe` store (read only): "
                  "the kept articles the input copies, with their stored text")
      ->check(CLI::ExistingFile);
  auto* rules = "Provenance";
  app->add_option("--near-tie", flags->options.near_tie,
                  "parents whose scores differ by at most this are tied; the earliest (closest to the root) wins")
      ->capture_default_str()->group(rules);
  app->add_option("--min-added-share", flags->options.min_added_share,
                  "a further parent must explain this share of the document not yet explained")
      ->capture_default_str()->group(rules);
  app->add_option("--min-share", flags->options.min_share, "a parent must hold this share of the document")
      ->capture_default_str()->group(rules);
}

absl::StatusOr<std::unique_ptr<Store>> OpenProvenanceStore(const ProvenanceJobFlags& flags) {
  if (flags.store.empty()) return std::unique_ptr<Store>();
  StoreOptions read_only;
  read_only.read_only = true;
  return Store::Open(flags.store, read_only);
}

absl::Status FinishProvenanceJobFlags(ProvenanceJobFlags* flags, const EngineOptions& engine) {
  flags->options.agencies = engine.agencies;
  return flags->options.Validate();
}

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
