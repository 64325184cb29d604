// The parts of a provenance report that summarise rather than list: the HTML
// report's overview (totals, the who-copies-whom graph, contents), the
// timeline of each cluster, and the --by-outlet table. See
// src/internal/provenance_format.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "internal/provenance_format.h"
#include "wiretrace/json.h"

namespace wiretrace::internal {
namespace {

// The graph shows at most this many outlets (the most involved): a circle of
// more is unreadable, and the table has them all.
constexpr size_t kGraphOutlets = 24;

struct Cell {
  uint64_t edges = 0;
  uint64_t credited = 0;  // the copy names its parent's outlet
};

// One edge of the outlet graph or table: (copier, source).
using OutletPair = std::pair<std::string, std::string>;

// A resend is an outlet's edge to its own earlier story (Reuters resending a
// corrected item): not copying, and not uncredited either. Documents without
// an outlet cannot be told apart, so their edges count as copies.
bool IsResend(const OutletPair& key) { return key.first == key.second && key.first != "(none)"; }

std::map<OutletPair, Cell> OutletEdges(const ClusterRun& run, const ProvenanceResult& r,
                                       const ProvenanceOptions& options) {
  std::map<OutletPair, Cell> table;
  for (const DocumentProvenance& d : r.documents) {
    for (const ParentLink& l : d.parents) {
      Cell& cell = table[{TableOutlet(run.articles[d.doc], options), TableOutlet(run.articles[l.doc], options)}];
      ++cell.edges;
      cell.credited += l.credit == CreditStatus::kParent;
    }
  }
  return table;
}

double Share(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Red (nothing credited) through amber to green (everything credited).
std::string ShareColour(double share) {
  return absl::StrFormat("hsl(%.0f,75%%,38%%)", 120.0 * std::clamp(share, 0.0, 1.0));
}

// At most `n` code points, with "…" when cut (labels in pictures).
std::string Label(std::string_view s, size_t n) {
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && cps++ == n) break;
  }
  return Html(i < s.size() ? absl::StrCat(std::string(s.substr(0, i)), "…") : std::string(s));
}

void AppendTotals(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                  const std::map<OutletPair, Cell>& table, std::string* out) {
  uint64_t copies = 0, credited = 0, root_only = 0, resends = 0;
  for (const DocumentProvenance& d : r.documents) {
    for (const ParentLink& l : d.parents) {
      if (IsResend({TableOutlet(run.articles[d.doc], options), TableOutlet(run.articles[l.doc], options)})) {
        ++resends;
        continue;
      }
      ++copies;
      credited += l.credit == CreditStatus::kParent;
      root_only += l.credit == CreditStatus::kRoot;
    }
  }
  size_t outlets = 0;
  {
    std::vector<std::string> names;
    for (const auto& [key, cell] : table) names.push_back(key.first), names.push_back(key.second);
    std::sort(names.begin(), names.end());
    outlets = static_cast<size_t>(std::unique(names.begin(), names.end()) - names.begin());
  }
  const uint64_t uncredited = copies - credited - root_only;
  absl::StrAppend(out, "<table class=\"totals\">\n<tr><th>articles</th><td>", run.documents.size(),
                  "</td></tr>\n<tr><th>clusters of two or more</th><td>", ClusterRanges(r).size(),
                  "</td></tr>\n<tr><th>articles in them</th><td>", r.documents.size(),
                  "</td></tr>\n<tr><th>outlets in parent edges</th><td>", outlets,
                  "</td></tr>\n<tr><th>copies (parent edges between outlets)</th><td>", copies, "</td></tr>\n");
  absl::StrAppend(out, "<tr><th>credit their source</th><td class=\"credited\">", credited, " (",
                  Percent(Share(credited, copies)), ")</td></tr>\n<tr><th>credit only the chain's root</th><td>",
                  root_only, " (", Percent(Share(root_only, copies)),
                  ")</td></tr>\n<tr><th>uncredited</th><td class=\"uncredited\">", uncredited, " (",
                  Percent(Share(uncredited, copies)), ")</td></tr>\n<tr><th>resends (an outlet's own stories, "
                  "not copying)</th><td>", resends, "</td></tr>\n</table>\n");
}

void AppendGraph(const std::map<OutletPair, Cell>& table, std::string* out) {
  std::map<std::string, uint64_t> involvement;
  uint64_t max_edges = 0;
  for (const auto& [key, cell] : table) {
    if (IsResend(key)) continue;
    involvement[key.first] += cell.edges;
    involvement[key.second] += cell.edges;
  }
  if (involvement.empty()) {
    *out += "<p class=\"graph-empty\">No copying between outlets: every parent edge is an outlet's resend of its "
            "own story.</p>\n";
    return;
  }
  std::vector<std::pair<std::string, uint64_t>> nodes(involvement.begin(), involvement.end());
  std::stable_sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (nodes.size() > kGraphOutlets) nodes.resize(kGraphOutlets);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].first] = i;
  for (const auto& [key, cell] : table) {
    if (!IsResend(key) && index.count(key.first) && index.count(key.second)) max_edges = std::max(max_edges, cell.edges);
  }
  constexpr double kCx = 380, kCy = 225, kRadius = 200;
  const auto x = [&](size_t i) { return kCx + kRadius * std::cos(2 * M_PI * static_cast<double>(i) / static_cast<double>(nodes.size()) - M_PI / 2); };
  const auto y = [&](size_t i) { return kCy + kRadius * std::sin(2 * M_PI * static_cast<double>(i) / static_cast<double>(nodes.size()) - M_PI / 2); };
  *out += "<figure class=\"graph\"><svg class=\"outlets\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 450\" "
          "width=\"760\" height=\"450\" role=\"img\" aria-label=\"who copies whom\">\n"
          "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" "
          "markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>\n";
  for (const auto& [key, cell] : table) {
    if (IsResend(key) || !index.count(key.first) || !index.count(key.second)) continue;
    const size_t from = index[key.second], to = index[key.first];  // text flows from source to copier
    // Bend each edge toward the centre, so that A->B and B->A do not overlap.
    const double mx = (x(from) + x(to)) / 2, my = (y(from) + y(to)) / 2;
    const double cx = mx + (kCx - mx) * 0.35 + (y(to) - y(from)) * 0.12, cy = my + (kCy - my) * 0.35 - (x(to) - x(from)) * 0.12;
    // End the arrow at the rim of the copier's dot, not under it.
    const double dx = x(to) - cx, dy = y(to) - cy, length = std::max(1.0, std::hypot(dx, dy));
    const double ex = x(to) - 7 * dx / length, ey = y(to) - 7 * dy / length;
    const double share = Share(cell.credited, cell.edges);
    absl::StrAppendFormat(out,
                          "<path class=\"edge\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"%.1f\" stroke-opacity=\"0.75\" marker-end=\"url(#arrow)\"><title>",
                          x(from), y(from), cx, cy, ex, ey, ShareColour(share),
                          1.0 + 7.0 * std::sqrt(Share(cell.edges, max_edges)));
    absl::StrAppend(out, Html(key.first), " copies ", Html(key.second), ": ", cell.edges, " copies, ",
                    Percent(share), " credited</title></path>\n");
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    const bool right = x(i) >= kCx - 1;
    absl::StrAppendFormat(out, "<circle class=\"outlet\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#333\"/>"
                               "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\">",
                          x(i), y(i), x(i) + (right ? 9 : -9), y(i) + 4, right ? "start" : "end");
    absl::StrAppend(out, Label(nodes[i].first, 28), "<title>", Html(nodes[i].first), ": ", nodes[i].second,
                    " edges</title></text>\n");
  }
  absl::StrAppend(out, "</svg><figcaption>Who copies whom: an arrow runs from the source outlet to the outlet that "
                       "copied it; its width is the number of copies, its colour the share that credit the source "
                       "(<span style=\"color:", ShareColour(1), "\">green</span>: all, <span style=\"color:",
                  ShareColour(0.5), "\">amber</span>: half, <span style=\"color:", ShareColour(0),
                  "\">red</span>: none).",
                  involvement.size() > nodes.size()
                      ? absl::StrCat(" The ", nodes.size(), " most involved of ", involvement.size(), " outlets.")
                      : std::string(),
                  " Resends of an outlet's own stories are not drawn.</figcaption></figure>\n");
}

void AppendContents(const ClusterRun& run, const ProvenanceResult& r, std::string* out) {
  // A long list (Reuters: 1,399 clusters) starts closed, so that the overview fits a screen.
  const size_t clusters = ClusterRanges(r).size();
  absl::StrAppend(out, "<nav class=\"contents\"><details", clusters <= 40 ? " open" : "",
                  "><summary><h2>Contents</h2> (", clusters, " clusters)</summary>\n<ol>\n");
  for (const auto& [begin, end] : ClusterRanges(r)) {
    const int64_t cluster = r.documents[begin].cluster;
    const Article& first = run.articles[r.documents[begin].doc];
    std::vector<std::string> outlets;
    for (size_t i = begin; i < end; ++i) outlets.push_back(Outlet(run.articles[r.documents[i].doc]));
    std::sort(outlets.begin(), outlets.end());
    const size_t distinct = static_cast<size_t>(std::unique(outlets.begin(), outlets.end()) - outlets.begin());
    absl::StrAppend(out, "<li><a href=\"#cluster-", cluster, "\">Cluster ", cluster, "</a> <bdi>",
                    Label(first.title.empty() ? first.id : first.title, 90), "</bdi> <small>(", end - begin,
                    " documents, ", distinct, distinct == 1 ? " outlet" : " outlets", ")</small></li>\n");
  }
  *out += "</ol></details></nav>\n";
}

}  // namespace

std::string TableOutlet(const Article& a, const ProvenanceOptions& options) {
  return a.source.empty() ? "(none)" : PrintableText(options.agencies.Canonical(a.source));
}

void AppendReportOverview(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                          std::string* out) {
  const std::map<OutletPair, Cell> table = OutletEdges(run, r, options);
  *out += "<section class=\"overview\" id=\"overview\"><h2>Overview</h2>\n";
  AppendTotals(run, r, options, table, out);
  AppendGraph(table, out);
  AppendContents(run, r, out);
  *out += "</section>\n";
}

void AppendClusterTimeline(const ClusterRun& run, const ProvenanceResult& r, size_t begin, size_t end,
                           std::string* out) {
  int64_t first = INT64_MAX, last = INT64_MIN;
  size_t undated = 0;
  for (size_t i = begin; i < end; ++i) {
    const Timestamp& t = run.articles[r.documents[i].doc].published;
    if (!t.known()) {
      ++undated;
      continue;
    }
    first = std::min(first, t.seconds_utc);
    last = std::max(last, t.seconds_utc);
  }
  if (undated == end - begin) {
    *out += "<p class=\"timeline-none\">No dates: the order comes from the texts alone.</p>\n";
    return;
  }
  constexpr double kLeft = 20, kWidth = 600;
  *out += "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 56\" width=\"640\" "
          "height=\"56\" role=\"img\" aria-label=\"timeline\">\n<line x1=\"20\" y1=\"28\" x2=\"620\" y2=\"28\" "
          "stroke=\"#999\"/>\n";
  size_t k = 0;
  for (size_t i = begin; i < end; ++i) {
    const DocumentProvenance& d = r.documents[i];
    const Article& a = run.articles[d.doc];
    if (!a.published.known()) continue;
    const double at = last == first ? 0.5 : static_cast<double>(a.published.seconds_utc - first) /
                                                static_cast<double>(last - first);
    // A root is black; a copy is coloured by how it credits its parent.
    const std::string fill = d.parents.empty() ? "#000" : ShareColour(Credited(d.parents[0]) ? 1.0 : 0.0);
    absl::StrAppendFormat(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"><title>", kLeft + kWidth * at,
                          18 + static_cast<int>(k++ % 3) * 10, fill);
    absl::StrAppend(out, Html(When(a)), " ", Html(Outlet(a)), ": ", Label(a.title, 80), "</title></circle>\n");
  }
  const Article* earliest = nullptr;
  const Article* latest = nullptr;
  for (size_t i = begin; i < end; ++i) {
    const Article& a = run.articles[r.documents[i].doc];
    if (a.published.known() && a.published.seconds_utc == first && earliest == nullptr) earliest = &a;
    if (a.published.known() && a.published.seconds_utc == last) latest = &a;
  }
  absl::StrAppend(out, "<text x=\"20\" y=\"54\" font-size=\"10\">", Html(When(*earliest)),
                  "</text><text x=\"620\" y=\"54\" font-size=\"10\" text-anchor=\"end\">", Html(When(*latest)),
                  undated > 0 ? absl::StrCat(" (", undated, " undated)") : std::string(), "</text>\n</svg>\n");
}

void AppendOutletTable(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                       TableFormat format, std::string* out) {
  struct Row {
    std::string copier, source, kind;
    Cell cell;
  };
  std::vector<Row> copies, resends;
  Cell copy_total, resend_total;
  for (const auto& [key, cell] : OutletEdges(run, r, options)) {
    const bool resend = IsResend(key);
    (resend ? resends : copies).push_back({key.first, key.second, resend ? "resend" : "copy", cell});
    Cell& total = resend ? resend_total : copy_total;
    total.edges += cell.edges;
    total.credited += cell.credited;
  }
  const auto by_edges = [](const Row& a, const Row& b) { return a.cell.edges > b.cell.edges; };
  std::stable_sort(copies.begin(), copies.end(), by_edges);
  std::stable_sort(resends.begin(), resends.end(), by_edges);
  std::vector<Row> rows = std::move(copies);
  rows.insert(rows.end(), resends.begin(), resends.end());
  rows.push_back({"(all)", "(all)", "total copies", copy_total});
  rows.push_back({"(all)", "(all)", "total resends", resend_total});
  if (format == TableFormat::kTsv) *out += "copier\tsource\tedges\tcredited\tcredited_share\tkind\n";
  if (format == TableFormat::kCsv) *out += "copier,source,edges,credited,credited_share,kind\n";
  for (const Row& row : rows) {
    const double share = Share(row.cell.credited, row.cell.edges);
    if (format == TableFormat::kTsv) {
      absl::StrAppendFormat(out, "%s\t%s\t%d\t%d\t%.2f\t%s\n", row.copier, row.source, row.cell.edges,
                            row.cell.credited, share, row.kind);
    } else if (format == TableFormat::kCsv) {
      AppendCsvField(out, row.copier);
      *out += ',';
      AppendCsvField(out, row.source);
      absl::StrAppendFormat(out, ",%d,%d,%.2f,%s\n", row.cell.edges, row.cell.credited, share, row.kind);
    } else {
      *out += "{\"copier\":";
      AppendJsonString(out, row.copier);
      *out += ",\"source\":";
      AppendJsonString(out, row.source);
      absl::StrAppendFormat(out, ",\"kind\":\"%s\",\"edges\":%d,\"credited\":%d,\"credited_share\":%.4f}\n", row.kind,
                            row.cell.edges, row.cell.credited, share);
    }
  }
}

}  // namespace wiretrace::internal
