// Boilerplate: the options of the engine's page-lines stage, which keeps the
// lines that recur across many pages of one outlet (site header and footer,
// "Previous Story", share buttons) and teasers of the outlet's other stories
// out of similarity. Set through EngineOptions::boilerplate:
//
//   wiretrace::EngineOptions options;
//   options.boilerplate.min_documents = 5;   // a line on 5 pages of an outlet
//   options.boilerplate.teasers = false;     // keep other pages' headlines
//   absl::StatusOr<wiretrace::ClusterRun> run = wiretrace::RunCluster(inputs, options);
//
// Public surface: BoilerplateOptions and BoilerplateLine (what --explain
// reports). The model itself is private (src/internal/boilerplate.h); which
// lines it removes is decided in src/internal/page_lines.cc
// (docs/design.md, "Page lines").
//
// Thread safety: plain values; copy freely.
#ifndef WIRETRACE_BOILERPLATE_H_
#define WIRETRACE_BOILERPLATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace wiretrace {

// Page boilerplate: lines that recur across many pages of one outlet (site
// header and footer, "Previous Story", share buttons, teasers of other
// stories). They are found from the corpus itself and kept out of similarity.
struct BoilerplateOptions {
  // Default on. Off, two unrelated pages of one outlet look alike through
  // their template.
  bool enabled = true;

  // A body line is boilerplate for a source when it occurs in at least
  // `min_documents` documents of that source and in at least `min_share` of
  // them. Defaults 3 and 0.01: three pages sharing a line is already a pattern
  // on a small outlet, while on a large one (all of Reuters is one source) a
  // story resent a handful of times must not lose its own lines, so the share
  // takes over. Documents without a source form one pseudo-source, which
  // makes the rule corpus-wide for them. Valid: min_documents >= 2, min_share
  // in [0, 1].
  uint32_t min_documents = 3;
  double min_share = 0.01;

  // Also drop teasers: another page's headline, and the cut-off start of its
  // lead after it, on a page of the same outlet ("Latest from", "Next
  // Story"). Each is on too few pages to be boilerplate, yet on a short page
  // it outweighs the page's own story. Default on. Only documents with a
  // `source`; a page that keeps its own headline (a resend) or reuses another
  // page's lead paragraph whole keeps them (src/internal/boilerplate.h).
  bool teasers = true;

  absl::Status Validate() const;
};

// A line found to be boilerplate, as reported with EngineOptions::explain.
struct BoilerplateLine {
  std::string source;
  uint32_t documents = 0;  // documents of the source that carry it
  std::string text;        // the line as first seen (only with EngineOptions::explain)
};

}  // namespace wiretrace

#endif  // WIRETRACE_BOILERPLATE_H_
