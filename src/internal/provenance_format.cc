// Renderers of a ProvenanceResult: jsonl (the contract in docs/design.md), text,
// Graphviz dot, a self-contained HTML report, and the by-outlet table.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "internal/provenance_format.h"
#include "wiretrace/json.h"
#include "wiretrace/provenance.h"

namespace wiretrace {
namespace internal {

void AppendHtml(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"': *out += "&quot;"; break;
      case '\'': *out += "&#39;"; break;
      default: out->push_back(c);
    }
  }
}

std::string Html(std::string_view s) {
  std::string out;
  AppendHtml(&out, s);
  return out;
}

std::string Outlet(const Article& a) { return PrintableText(a.source.empty() ? a.id : a.source); }

// Local time as the outlet wrote it ("2022-02-24 10:04"), which is what a
// reader compares with the page; ordering itself uses UTC.
std::string When(const Article& a) {
  const Timestamp& t = a.published;
  const std::string& raw = a.published_raw;
  if (t.precision == Timestamp::Precision::kDateTime && raw.size() >= 16 && (raw[10] == 'T' || raw[10] == ' ')) {
    return raw.substr(0, 10) + " " + raw.substr(11, 5);
  }
  std::string s = FormatTimestamp(t);
  if (t.precision == Timestamp::Precision::kDateTime && s.size() >= 16) return s.substr(0, 10) + " " + s.substr(11, 5);
  return s.empty() ? "(no date)" : s;
}

std::string Percent(double share) { return absl::StrFormat("%.0f%%", share * 100.0); }

std::vector<std::pair<size_t, size_t>> ClusterRanges(const ProvenanceResult& r) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i < r.documents.size();) {
    size_t j = i + 1;
    while (j < r.documents.size() && r.documents[j].cluster == r.documents[i].cluster) ++j;
    out.emplace_back(i, j);
    i = j;
  }
  return out;
}

}  // namespace internal

namespace {

using internal::AppendHtml;
using internal::ClusterRanges;
using internal::Html;
using internal::Outlet;
using internal::Percent;
using internal::When;

// A DOT string literal's contents: quotes and backslashes escaped, control
// characters (line breaks included) as spaces; "\n" separators are added by
// the caller.
std::string Dot(std::string_view s) {
  std::string out;
  for (char c : PrintableText(s)) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// At most `n` code points of s, with "…" when cut.
std::string Clip(std::string_view s, size_t n) {
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && cps++ == n) break;
  }
  std::string out = PrintableText(s.substr(0, i));
  if (i < s.size()) out += "…";
  return out;
}


// Shorter when the day is the one before: "14:10" after "2022-02-24 10:04".
std::string WhenAfter(const Article& a, const Article& b) {
  const Timestamp& t = a.published;
  const Timestamp& prev = b.published;
  std::string w = When(a), p = When(b);
  if (t.precision == Timestamp::Precision::kDateTime && prev.known() && w.substr(0, 10) == p.substr(0, 10)) {
    return w.substr(11);
  }
  if (t.known() && prev.known() && w.substr(0, 4) == p.substr(0, 4)) return w.substr(5);
  return w;
}

std::string CreditPhrase(const ClusterRun& run, const DocumentProvenance& d, const ParentLink& l) {
  if (l.credit == CreditStatus::kParent) return "credits " + Outlet(run.articles[l.doc]);
  if (l.credit == CreditStatus::kRoot) return "credits " + Outlet(run.articles[d.root]) + " (root)";
  if (l.credit == CreditStatus::kOther) {
    for (size_t i = 0; i < d.credits.size(); ++i) {
      if (!d.self_credit[i]) return "credits " + d.credits[i].name + " only";
    }
  }
  if (l.credit == CreditStatus::kGeneric) return "credits \"agencies\"";
  return "no credit";
}


// Root-to-leaf chains of one cluster along primary parents.
// With `isolate`, every outlet name and credit phrase is wrapped in Unicode
// isolates (U+2068 FSI ... U+2069 PDI, what <bdi> does in HTML): an Urdu or
// Arabic name then stays one right-to-left run inside a left-to-right chain,
// instead of pulling the dates and arrows around it into its own direction.
std::vector<std::string> Chains(const ClusterRun& run, const ProvenanceResult& r, size_t begin, size_t end,
                                bool isolate = false) {
  const auto name = [isolate](std::string s) { return isolate ? absl::StrCat("\u2068", s, "\u2069") : s; };
  absl::flat_hash_map<uint32_t, size_t> slot;
  std::vector<bool> is_parent(end - begin, false);
  for (size_t i = begin; i < end; ++i) slot[r.documents[i].doc] = i;
  for (size_t i = begin; i < end; ++i) {
    const DocumentProvenance& d = r.documents[i];
    if (!d.parents.empty()) {
      auto it = slot.find(d.parents[0].doc);
      if (it != slot.end()) is_parent[it->second - begin] = true;
    }
  }
  std::vector<std::string> out;
  for (size_t i = begin; i < end; ++i) {
    if (is_parent[i - begin]) continue;
    std::vector<size_t> path;
    std::vector<uint32_t> outside;  // a primary parent in another cluster starts the chain
    for (size_t at = i;;) {
      path.push_back(at);
      const DocumentProvenance& d = r.documents[at];
      if (d.parents.empty() || path.size() > end - begin) break;
      auto it = slot.find(d.parents[0].doc);
      if (it == slot.end()) {
        outside.push_back(d.parents[0].doc);
        break;
      }
      at = it->second;
    }
    std::reverse(path.begin(), path.end());
    std::string line;
    const Article* prev = nullptr;
    if (!outside.empty()) {
      const Article& o = run.articles[outside[0]];
      line = absl::StrCat("[cluster ", r.cluster_of[outside[0]], "] ", name(Outlet(o)), " ", When(o));
      if (o.published.known()) prev = &o;
    }
    for (size_t k = 0; k < path.size(); ++k) {
      const DocumentProvenance& d = r.documents[path[k]];
      const Article& a = run.articles[d.doc];
      if (!line.empty()) line += " → ";
      line += name(Outlet(a)) + " " + (prev != nullptr ? WhenAfter(a, *prev) : When(a));
      if (!d.parents.empty()) {
        line += " (" + name(CreditPhrase(run, d, d.parents[0])) + ", " + Percent(d.parents[0].share);
        for (const OrderEvidence e : d.parents[0].evidence) {
          if (e == OrderEvidence::kOrder) line += ", unoriented";
        }
        line += ")";
        for (size_t p = 1; p < d.parents.size(); ++p) {
          line += " [+ " + name(Outlet(run.articles[d.parents[p].doc])) + " " + Percent(d.parents[p].share) + "]";
        }
      }
      if (a.published.known()) prev = &a;
    }
    out.push_back(std::move(line));
  }
  return out;
}

void Jsonl(const ClusterRun& run, const ProvenanceResult& r, std::string* out) {
  std::vector<const DocumentProvenance*> docs;
  for (const DocumentProvenance& d : r.documents) docs.push_back(&d);
  std::sort(docs.begin(), docs.end(), [](auto* a, auto* b) { return a->doc < b->doc; });
  for (const DocumentProvenance* d : docs) {
    const Article& a = run.articles[d->doc];
    *out += "{\"id\":";
    AppendJsonId(out, a.id, a.id_is_number);
    absl::StrAppend(out, ",\"cluster\":", d->cluster, ",\"source\":");
    AppendJsonString(out, a.source);
    *out += ",\"published\":";
    AppendJsonString(out, a.published_raw);
    absl::StrAppend(out, ",\"rank\":", d->rank, ",\"parents\":[");
    bool oriented = true;
    for (size_t i = 0; i < d->parents.size(); ++i) {
      const ParentLink& l = d->parents[i];
      const Article& p = run.articles[l.doc];
      if (i > 0) *out += ',';
      *out += "{\"id\":";
      AppendJsonId(out, p.id, p.id_is_number);
      absl::StrAppendFormat(out, ",\"share\":%.4f", l.share);
      if (l.other_cluster) absl::StrAppend(out, ",\"cluster\":", l.cluster);
      *out += ",\"credit\":";
      AppendJsonString(out, CreditStatusName(l.credit));
      *out += ",\"evidence\":[";
      for (size_t k = 0; k < l.evidence.size(); ++k) {
        if (k > 0) *out += ',';
        AppendJsonString(out, OrderEvidenceName(l.evidence[k]));
        oriented = oriented && l.evidence[k] != OrderEvidence::kOrder;
      }
      *out += "],\"passages\":[";
      for (size_t k = 0; k < l.passages.size(); ++k) {
        const Passage& s = l.passages[k];
        // StrAppend, not StrAppendFormat: a large corpus has millions of
        // passages, and parsing the format for each was most of this output.
        absl::StrAppend(out, k > 0 ? "," : "", "{\"child\":[", s.child_begin, ",", s.child_end, "],\"parent\":[",
                        s.parent_begin, ",", s.parent_end, "]}");
      }
      *out += "]}";
    }
    *out += "],\"root\":";
    const Article& root = run.articles[d->root];
    AppendJsonId(out, root.id, root.id_is_number);
    if (r.cluster_of[d->root] != d->cluster) absl::StrAppend(out, ",\"root_cluster\":", r.cluster_of[d->root]);
    absl::StrAppend(out, ",\"oriented\":", oriented ? "true" : "false", ",\"credits\":[");
    for (size_t i = 0; i < d->credits.size(); ++i) {
      const Credit& c = d->credits[i];
      if (i > 0) *out += ',';
      *out += "{\"name\":";
      AppendJsonString(out, c.name);
      *out += ",\"form\":";
      AppendJsonString(out, CreditFormName(c.form));
      *out += ",\"text\":";
      AppendJsonString(out, c.text);
      absl::StrAppend(out, ",\"begin\":", c.begin, ",\"end\":", c.end, ",\"known\":", c.known ? "true" : "false",
                      ",\"self\":", d->self_credit[i] ? "true" : "false", "}");
    }
    *out += "]}\n";
  }
}

void Text(const ClusterRun& run, const ProvenanceResult& r, std::string* out) {
  for (const auto& [begin, end] : ClusterRanges(r)) {
    absl::StrAppend(out, "cluster ", r.documents[begin].cluster, " (", end - begin, " documents)\n");
    for (const std::string& chain : Chains(run, r, begin, end)) absl::StrAppend(out, "  ", chain, "\n");
  }
}

void DotGraph(const ClusterRun& run, const ProvenanceResult& r, std::string* out) {
  *out += "digraph provenance {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n";
  absl::flat_hash_map<uint32_t, bool> drawn;
  for (const auto& [begin, end] : ClusterRanges(r)) {
    absl::StrAppend(out, "  subgraph \"cluster_", r.documents[begin].cluster, "\" {\n    label=\"cluster ",
                    r.documents[begin].cluster, "\";\n");
    for (size_t i = begin; i < end; ++i) {
      const Article& a = run.articles[r.documents[i].doc];
      drawn[r.documents[i].doc] = true;
      absl::StrAppend(out, "    d", r.documents[i].doc, " [label=\"", Dot(Outlet(a)), "\\n", Dot(When(a)),
                      "\\n", Dot(Clip(a.title, 60)), "\", tooltip=\"", Dot(a.id), "\"];\n");
    }
    *out += "  }\n";
  }
  for (const DocumentProvenance& d : r.documents) {
    for (const ParentLink& l : d.parents) {
      if (!drawn[l.doc]) {
        const Article& a = run.articles[l.doc];
        drawn[l.doc] = true;
        absl::StrAppend(out, "  d", l.doc, " [style=dashed, label=\"", Dot(Outlet(a)), "\\n",
                        Dot(When(a)), "\\n", Dot(Clip(a.title, 60)), "\"];\n");
      }
      absl::StrAppend(out, "  d", l.doc, " -> d", d.doc, " [label=\"", Percent(l.share), "\\n",
                      Dot(CreditStatusName(l.credit)), "\"",
                      internal::Credited(l) ? "" : ", color=red", "];\n");
    }
  }
  *out += "}\n";
}

// `text` HTML-escaped, with the byte ranges wrapped in <mark>.
std::string Highlight(std::string_view text, std::vector<std::pair<uint32_t, uint32_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  size_t at = 0;
  for (size_t i = 0; i < ranges.size();) {
    uint32_t b = ranges[i].first, e = ranges[i].second;
    size_t j = i + 1;
    while (j < ranges.size() && ranges[j].first <= e) e = std::max(e, ranges[j++].second);
    i = j;
    if (b < at) b = static_cast<uint32_t>(at);
    if (e > text.size() || b >= e) continue;
    AppendHtml(&out, text.substr(at, b - at));
    out += "<mark>";
    AppendHtml(&out, text.substr(b, e - b));
    out += "</mark>";
    at = e;
  }
  AppendHtml(&out, text.substr(at));
  return out;
}

constexpr std::string_view kStyle = R"(
body{font-family:sans-serif;margin:1em 2em;color:#222;max-width:90em}
section.cluster{border-top:2px solid #888;margin-top:2em}
table.totals{border-collapse:collapse}
table.totals th{text-align:left;font-weight:normal;padding:.1em 1em .1em 0}
table.totals td{font-weight:bold;text-align:right}
td.credited{color:#1a7f37}td.uncredited{color:#b00}
figure.graph{margin:1em 0}
nav.contents ol{columns:2;column-gap:4em;font-size:90%;padding-left:3em}
nav.contents li{break-inside:avoid}
nav.contents summary h2{display:inline}
ol.timeline li{margin:.2em 0}
.chain{font-family:monospace;background:#f4f4f4;padding:.4em}
.pair{display:flex;gap:1em}
.doc{flex:1;min-width:0}
.text{white-space:pre-wrap;border:1px solid #ccc;padding:.5em;font-size:90%}
.omitted{color:#666;font-style:italic}
mark{background:#ffe066}
.credit-none,.credit-other{color:#b00}
)";

// The side-by-side texts of all edges together stop at this many bytes: the
// texts are most of the report, and on Reuters (1,755 edges, all of them
// resends of near-identical items) they made it 5 MB, too much for a browser
// tab to open quickly. Later edges keep their summary line; every passage is
// in --format jsonl.
constexpr size_t kTextBudget = size_t{768} << 10;

// One chain, read left to right in time (its names isolated: see Chains).
std::string ChainHtml(std::string_view chain) {
  std::string out = "<div dir=\"ltr\">";
  AppendHtml(&out, chain);
  out += "</div>\n";
  return out;
}

void AppendTimelineList(const ClusterRun& run, const ProvenanceResult& r, size_t begin, size_t end,
                        std::string* out) {
  *out += "<ol class=\"timeline\">\n";
  for (size_t i = begin; i < end; ++i) {
    const DocumentProvenance& d = r.documents[i];
    const Article& a = run.articles[d.doc];
    absl::StrAppend(out, "<li><time>", Html(When(a)), "</time> <b><bdi>", Html(Outlet(a)), "</bdi></b> <bdi>",
                    Html(Clip(a.title, 120)), "</bdi> <small>(<bdi>", Html(a.id), "</bdi>)</small>");
    if (d.parents.empty()) *out += " — root";
    for (const ParentLink& l : d.parents) {
      absl::StrAppend(out, " ← <bdi>", Html(run.articles[l.doc].id), "</bdi> ", Percent(l.share),
                      " <span class=\"credit-", Html(CreditStatusName(l.credit)), "\">", Html(CreditPhrase(run, d, l)),
                      "</span>");
    }
    *out += "</li>\n";
  }
  *out += "</ol>\n";
}

void AppendEdge(const ClusterRun& run, const DocumentProvenance& d, const ParentLink& l, size_t* text_bytes,
                std::string* out) {
  const Article& a = run.articles[d.doc];
  const Article& p = run.articles[l.doc];
  absl::StrAppend(out, "<details class=\"edge\"><summary><bdi>", Html(a.id), "</bdi> (<bdi>", Html(Outlet(a)),
                  "</bdi>) ← <bdi>", Html(p.id), "</bdi> (<bdi>", Html(Outlet(p)), "</bdi>): ", Percent(l.share), ", ",
                  Html(CreditPhrase(run, d, l)), "; evidence: ");
  for (size_t k = 0; k < l.evidence.size(); ++k) {
    absl::StrAppend(out, k ? ", " : "", Html(OrderEvidenceName(l.evidence[k])));
  }
  *out += "</summary>\n";
  if (*text_bytes > kTextBudget) {
    *out += "<p class=\"omitted\">Texts omitted: this report shows side-by-side texts up to 768 KB; "
            "--format jsonl lists every passage.</p></details>\n";
    return;
  }
  const size_t before = out->size();
  std::vector<std::pair<uint32_t, uint32_t>> child_ranges, parent_ranges;
  for (const Passage& s : l.passages) {
    child_ranges.emplace_back(s.child_begin_byte, s.child_end_byte);
    parent_ranges.emplace_back(s.parent_begin_byte, s.parent_end_byte);
  }
  absl::StrAppend(out, "<div class=\"pair\"><div class=\"doc\"><h3 dir=\"auto\">", Html(Outlet(a)), " — ",
                  Html(a.title), "</h3><div class=\"text\" dir=\"auto\">", Highlight(a.text, child_ranges),
                  "</div></div>");
  if (a.text == p.text) {
    // A resend of the same text: once is enough.
    absl::StrAppend(out, "<div class=\"doc\"><h3 dir=\"auto\">", Html(Outlet(p)), " — ", Html(p.title),
                    "</h3><p class=\"omitted\">The same text.</p></div></div></details>\n");
  } else {
    absl::StrAppend(out, "<div class=\"doc\"><h3 dir=\"auto\">", Html(Outlet(p)), " — ", Html(p.title),
                    "</h3><div class=\"text\" dir=\"auto\">", Highlight(p.text, parent_ranges),
                    "</div></div></div></details>\n");
  }
  *text_bytes += out->size() - before;
}

void HtmlReport(const ClusterRun& run, const ProvenanceResult& r, const ProvenanceOptions& options,
                std::string* out) {
  *out += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
          "<title>wiretrace provenance</title><style>";
  *out += kStyle;
  *out += "</style></head>\n<body>\n<h1>wiretrace provenance</h1>\n";
  internal::AppendReportOverview(run, r, options, out);
  size_t text_bytes = 0;
  for (const auto& [begin, end] : ClusterRanges(r)) {
    const int64_t cluster = r.documents[begin].cluster;
    absl::StrAppend(out, "<section class=\"cluster\" id=\"cluster-", cluster, "\">\n<h2>Cluster ", cluster, " (",
                    end - begin, " documents)</h2>\n");
    // Two documents are read off the list; a picture helps from three.
    if (end - begin >= 3) internal::AppendClusterTimeline(run, r, begin, end, out);
    AppendTimelineList(run, r, begin, end, out);
    *out += "<div class=\"chain\">";
    for (const std::string& chain : Chains(run, r, begin, end, /*isolate=*/true)) *out += ChainHtml(chain);
    *out += "</div>\n";
    for (size_t i = begin; i < end; ++i) {
      for (const ParentLink& l : r.documents[i].parents) AppendEdge(run, r.documents[i], l, &text_bytes, out);
    }
    *out += "<p><a href=\"#overview\">overview</a></p></section>\n";
  }
  *out += "</body></html>\n";
}

}  // namespace

std::string FormatProvenance(const ClusterRun& run, const ProvenanceResult& result, ProvenanceFormat format,
                             const ProvenanceOptions& options) {
  std::string out;
  switch (format) {
    case ProvenanceFormat::kJsonl: Jsonl(run, result, &out); break;
    case ProvenanceFormat::kText: Text(run, result, &out); break;
    case ProvenanceFormat::kDot: DotGraph(run, result, &out); break;
    case ProvenanceFormat::kHtml: HtmlReport(run, result, options, &out); break;
    case ProvenanceFormat::kByOutlet:
      internal::AppendOutletTable(run, result, options, internal::TableFormat::kTsv, &out);
      break;
    case ProvenanceFormat::kByOutletCsv:
      internal::AppendOutletTable(run, result, options, internal::TableFormat::kCsv, &out);
      break;
    case ProvenanceFormat::kByOutletJsonl:
      internal::AppendOutletTable(run, result, options, internal::TableFormat::kJsonl, &out);
      break;
  }
  return out;
}

}  // namespace wiretrace
