// Helpers shared by the renderers of a ProvenanceResult
// (src/internal/provenance_format.cc: jsonl, text, dot, the HTML report's
// clusters; src/internal/provenance_overview.cc: the report's overview and
// pictures, and the by-outlet table).
//
// Thread safety: pure functions.
#ifndef WIRETRACE_INTERNAL_PROVENANCE_FORMAT_H_
#define WIRETRACE_INTERNAL_PROVENANCE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wiretrace/engine.h"
#include "wiretrace/provenance.h"

namespace wiretrace::internal {

// `s` HTML-escaped (also quotes, for attribute values).
void AppendHtml(std::string* out, std::string_view s);
std::string Html(std::string_view s);

// The outlet (or the id when there is none), printable.
std::string Outlet(const Article& a);

// "2022-02-24 10:04", "2022-02-25", or "(no date)".
std::string When(const Article& a);

std::string Percent(double share);

// [begin, end) of each cluster's documents in result order.
std::vector<std::pair<size_t, size_t>> ClusterRanges(const ProvenanceResult& r);

// A parent edge that credits its source (its parent's or its root's outlet).
inline bool Credited(const ParentLink& l) {
  return l.credit == CreditStatus::kParent || l.credit == CreditStatus::kRoot;
}

// The outlet name a table shows: canonical (--agencies aliases merged),
// printable, "(none)" for a document without one.
std::string TableOutlet(const Article& a, const ProvenanceOptions& options);

// The HTML report's overview: totals, the who-copies-whom graph (inline
// SVG), the contents list. Appended to *out.
void AppendReportOverview(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                          std::string* out);

// A timeline of one cluster's documents (inline SVG), appended to *out.
void AppendClusterTimeline(const ClusterRun& run, const ProvenanceResult& r, size_t begin, size_t end,
                           std::string* out);

// The --by-outlet table.
enum class TableFormat { kTsv, kCsv, kJsonl };
void AppendOutletTable(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                       TableFormat format, std::string* out);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PROVENANCE_FORMAT_H_
