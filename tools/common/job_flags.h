// The flags of the dedupe job beyond the engine's (engine_flags.h), apart
// from its command so that other front ends can parse them with the CLI's
// own definitions.
#ifndef WIRETRACE_TOOLS_COMMON_JOB_FLAGS_H_
#define WIRETRACE_TOOLS_COMMON_JOB_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/dedupe.h"
#include "wiretrace/store.h"

namespace wiretrace::cli {

struct DedupeJobFlags {
  std::string store;
  std::string keep = "earliest";
  std::string keep_sources;
  double window_days = 7.0;
  bool no_store_text = false;
  double lock_timeout = 0.0;
};

// --store, --keep, --keep-sources, --window-days, --no-store-text and
// --lock-timeout, bound to *flags.
void AddDedupeJobFlags(CLI::App* app, DedupeJobFlags* flags);

// The DedupeOptions these flags and the engine's options make, validated
// (InvalidArgument, with the CLI's message). WIRETRACE_NOW (Unix seconds) in
// the environment sets DedupeOptions::now, for tests.
absl::StatusOr<DedupeOptions> MakeDedupeOptions(const DedupeJobFlags& flags, const EngineOptions& engine);

// The store options of these flags.
StoreOptions MakeStoreOptions(const DedupeJobFlags& flags);

}  // namespace wiretrace::cli

#endif  // WIRETRACE_TOOLS_COMMON_JOB_FLAGS_H_
