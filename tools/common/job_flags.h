// The flags of the provenance and dedupe jobs beyond the engine's
// (engine_flags.h), shared by the tools and the Python module: keyword
// arguments of `wiretrace.provenance(...)` and `wiretrace.dedupe(...)` are
// parsed by these very definitions, so that a bad value gets the CLI's message.
#ifndef WIRETRACE_TOOLS_COMMON_JOB_FLAGS_H_
#define WIRETRACE_TOOLS_COMMON_JOB_FLAGS_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/dedupe.h"
#include "wiretrace/eval.h"
#include "wiretrace/provenance.h"
#include "wiretrace/store.h"

namespace wiretrace::cli {

// The process exit code for a failed job's status: 1 (usage) for invalid
// options, 2 (input or data error) for anything else.
int ExitCodeFor(const absl::Status& status);

struct ProvenanceJobFlags {
  std::string clusters;  // --clusters FILE
  std::string store;     // --store STORE: parents from the earlier nights of a `wiretrace dedupe` store
  ProvenanceOptions options;
};

// --clusters, --store and the provenance rules (--near-tie,
// --min-added-share, --min-share), bound to *flags.
void AddProvenanceJobFlags(CLI::App* app, ProvenanceJobFlags* flags);

// Gives flags->options the engine's agency table (--agencies, read by
// FinishEngineFlags: one table for credit lines and datelines alike) and
// validates the rules: InvalidArgument for an option out of range.
absl::Status FinishProvenanceJobFlags(ProvenanceJobFlags* flags, const EngineOptions& engine);

// The --store of a provenance job, opened read-only (readers never wait for
// the nightly writer, store.h says when they do); null without --store. The
// message names the store.
absl::StatusOr<std::unique_ptr<Store>> OpenProvenanceStore(const ProvenanceJobFlags& flags);

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
