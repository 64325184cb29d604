// Provenance: for every document of a cluster, the earlier document(s) its
// text came from, the passages taken, the credit line it carries (or fails to
// carry), and the root of its chain.
//
//   wiretrace::EngineOptions engine;
//   engine.keep_articles = true;                       // provenance needs texts and sets
//   absl::StatusOr<wiretrace::ClusterRun> run = wiretrace::RunCluster(inputs, engine);
//   wiretrace::ProvenanceOptions options;              // defaults are the documented ones
//   absl::StatusOr<wiretrace::ProvenanceResult> prov =
//       wiretrace::ComputeProvenance(*run, /*cluster_of=*/{}, engine, options);
//   for (const wiretrace::DocumentProvenance& d : prov->documents) ...  // d.parents, d.root
//   std::string html = wiretrace::FormatProvenance(*run, *prov, wiretrace::ProvenanceFormat::kHtml);
//
// The rules (docs/provenance.md has them with examples):
//
// Orientation. Which of two related documents came first is decided by the
// first of these that speaks: (1) "time": both have `published` and their
// intervals do not overlap (a date-only value spans its whole day, widened by
// 12 hours either side for time zones when compared with a date-time; two
// dates compare as days); (2) "credit": one credits the other's outlet and not
// vice versa; (3) text: the larger document's extra text (shingles the other
// lacks) mostly precedes the shared text -> it added a new lead ("lead", the
// smaller one is the source), unless two other members carry that lead too
// (then it is the story's own lead, which the smaller one dropped);
// otherwise the smaller is a trimmed copy of the larger ("containment":
// newspapers cut from the bottom), or, when the extra is only a short tail
// holding a credit line, the larger added the credit ("credit"). Sizes
// within 5% give no text evidence, and neither does extra text that sits
// mostly inside the shared text (an inserted paragraph, or one cut from the
// middle: either one can be the copy). (4) "credit" again:
// when both are dated, their dates tie and nothing else spoke, the only one
// of the two that credits a known outlet other than its own is the copy. Every signal that agrees
// with the decision is listed as evidence; "order" alone means nothing spoke
// and the representative order (longer first, then id) was used.
//
// Order. Members are put in one order consistent with those pairwise
// decisions (a topological order), so parents never form a cycle. A cycle
// gives up its weakest evidence: text first, then rule (4), dates and named
// credits last (among the members left, the one "before" the most others).
// Two copies that nothing ordered are then ordered by the changes they share
// against the first member's text: the one holding at least half of the
// other's changes, and k more of its own, came after (a copy carries its
// parent's changes on); the evidence of such a parent edge stays "order".
//
// Parents. The primary parent is the earlier member (or, failing any, an
// earlier document of another cluster sharing a verified edge or half of its
// text) with the best score: body shingles (the title's left out; credit
// lines count like any text) found in the candidate, minus lost_weight times
// the body shingles found in the candidate's own ancestors but not in it. A copy of X carries all that
// X kept, so a copy of a copy that carries the intermediate's own changes (its
// new lead, its rewording, its credit line) picks the intermediate, while one
// that keeps text the intermediate cut or reworded picks the source: a later
// sibling sharing the child's new lead or credit by chance does not win.
// A copy X that added a lead (a run of 2k or more content shingles before
// the text it shares with the child, held by none of X's ancestors) loses
// one point per shingle of that lead when the child lacks it and wrote a
// lead of its own there: a copy of X keeps X's lead or cuts it, it does not
// replace it; a sibling that agrees with the child on a swapped word does.
// A child that names a copy's outlet ("(Courtesy: X)") adds 0.1 to X's score,
// unless X names itself ("…reports X"), a line its copies carry on anyway.
// Near-ties (within `near_tie`, 0.02) go to the earliest candidate, the one
// closest to the root. A further parent is added only when it explains at
// least `min_added_share` (0.2) of the document not already found in the
// parents before it (a composite); besides the candidates above, it may come
// from another cluster holding that much of the document's text, with no
// verified edge (a composite's second story), if not from its own outlet.
// `share` of a parent is the fraction of this document's shingles found in
// it. The root is reached by following primary parents.
//
// Thread safety: ComputeProvenance and FormatProvenance are pure functions of
// their arguments; they may run concurrently on distinct or shared inputs.
#ifndef WIRETRACE_PROVENANCE_H_
#define WIRETRACE_PROVENANCE_H_

#include <cstdint>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "wiretrace/credits.h"
#include "wiretrace/engine.h"

namespace wiretrace {

struct ProvenanceOptions {
  // Candidates whose scores (see lost_weight) differ by at most this are
  // tied; the earliest in the order (the one closest to the root) wins.
  // Default 0.02: below the noise of a few reworded words in a 500-shingle
  // article. Valid range [0, 1).
  double near_tie = 0.02;

  // Weight of "lost" text when choosing the primary parent: a candidate X is
  // scored by (child shingles found in X) - lost_weight * (child shingles
  // found in X's own ancestors but not in X), over the child's size. A copy
  // of X carries all that X kept, so text the child shares with X's source
  // but not with X says the child came from that source, not through X.
  // Default 5: one shingle of the source's text that the child kept but X
  // lost outweighs several that the child shares with X by chance. 0 = plain
  // share. Valid range >= 0.
  double lost_weight = 5.0;

  // A second (third...) parent must explain at least this share of the
  // document not already found in the earlier parents. Default 0.2: a
  // composite takes a fifth or more from its second story, while a shared
  // quote or background paragraph stays below it. Valid range (0, 1].
  double min_added_share = 0.2;

  // A candidate parent must hold at least this share of the document. Default
  // 0.1: less is a shared phrase or quote, not copied text. Valid range [0, 1].
  double min_share = 0.1;

  // A shingle found in documents of more than this many clusters is template
  // text (site furniture shared by a family of outlets, teasers of other
  // stories, stock phrases) and is left out of shares, orientation and
  // passages. Default 2: story text lives in one cluster, or in two when a
  // composite took it. 0 = keep every shingle.
  uint32_t max_clusters_per_shingle = 2;

  // At most this many parents per document. Default 4. Valid range >= 1.
  int max_parents = 4;

  // Clusters larger than this are ordered by the representative order only
  // (no pairwise text evidence), which is quadratic. Default 2000.
  uint32_t max_pairwise_cluster = 2000;

  // Credits: the built-in table plus --agencies FILE entries.
  AgencyTable agencies = AgencyTable::Builtin();

  // Called as clusters are done, with how many are done and how many there
  // are, from the worker threads (possibly at once: the callee synchronises).
  // May be empty (the default). For progress reports on large corpora.
  std::function<void(size_t done, size_t total)> progress;

  absl::Status Validate() const;
};

// A passage shared by a document (child) and its parent: Unicode code point
// offsets [begin, end) into each document's `text` field (titles are
// excluded), plus the same in bytes.
struct Passage {
  uint32_t child_begin = 0, child_end = 0;
  uint32_t parent_begin = 0, parent_end = 0;
  uint32_t child_begin_byte = 0, child_end_byte = 0;
  uint32_t parent_begin_byte = 0, parent_end_byte = 0;
};

// How a copy credits the parent of a link. CreditStatusName gives the name
// used in output.
enum class CreditStatus : uint8_t {
  kParent,   // "parent": names the parent's outlet
  kRoot,     // "root": names the root's outlet, not the parent's
  kOther,    // "other": names someone else
  kGeneric,  // "generic": only "With inputs from agencies" and the like
  kNone,     // "none": no credit besides its own outlet
};
std::string_view CreditStatusName(CreditStatus status);

// The evidence that orients a parent link (docs/provenance.md, Orientation).
// OrderEvidenceName gives the name used in output.
enum class OrderEvidence : uint8_t {
  kTime,         // "time": both dated, the times do not overlap
  kDate,         // "date": the same, with a date without a time involved
  kCredit,       // "credit": one credits the other's outlet, or the larger added a credit
  kLead,         // "lead": the larger added a new lead before the shared text
  kContainment,  // "containment": the smaller is a trimmed copy of the larger
  kOrder,        // "order": nothing spoke; the representative order
  kWords,        // "words": a rewrite, found by content words
};
std::string_view OrderEvidenceName(OrderEvidence evidence);

struct ParentLink {
  uint32_t doc = 0;          // document index of the parent
  double share = 0.0;        // fraction of the child's content shingles found in the parent; with evidence
                             // "words", of its content words (a rewrite that keeps few phrases)
  bool other_cluster = false;
  int64_t cluster = 0;       // the parent's cluster
  CreditStatus credit = CreditStatus::kNone;
  std::vector<OrderEvidence> evidence;
  std::vector<Passage> passages;
};

struct DocumentProvenance {
  uint32_t doc = 0;      // document index (ClusterRun::documents / articles)
  int64_t cluster = 0;
  uint32_t rank = 0;     // position in its cluster's order (0 = first)
  std::vector<ParentLink> parents;  // primary first; empty for a root
  uint32_t root = 0;     // document index of the chain's root
  std::vector<Credit> credits;      // credits found in the text (offsets into `text`)
  std::vector<bool> self_credit;    // parallel to credits: names the document's own outlet
};

// The names of ProvenanceResult::stage_seconds, in order.
inline constexpr const char* kProvenanceStages[] = {"content sets", "credit lines", "parents", "roots"};

struct ProvenanceResult {
  // Documents in clusters of size >= 2, grouped by cluster (clusters in
  // order of first appearance in the input), each cluster in its order;
  // then the documents alone in their cluster that have a parent in
  // another one (partial reuse), in input order.
  std::vector<DocumentProvenance> documents;
  std::vector<int64_t> cluster_of;  // per document index: the cluster used
  // Wall seconds of provenance's own stages (kProvenanceStages), after the
  // engine's (RunSummary::stage_seconds): what `--explain` prints.
  double stage_seconds[std::size(kProvenanceStages)] = {};
};

// `run` must come from RunCluster with keep_articles. `cluster_of`, when not
// empty, replaces the run's clusters (one id per document, e.g. read back from
// an earlier `cluster` run); `engine` must be the options the run used (for
// tokenizing the texts the same way). Returns InvalidArgument for bad options,
// a run without articles, or a cluster_of of the wrong size.
absl::StatusOr<ProvenanceResult> ComputeProvenance(const ClusterRun& run, absl::Span<const int64_t> cluster_of,
                                                   const EngineOptions& engine, const ProvenanceOptions& options);

// The passages shared by `child` and `parent` body texts: seeded by shingles
// in common (present in both sets, so boilerplate is not a seed), extended to
// maximal runs of consecutive equal tokens, merged when they overlap. In child
// order.
std::vector<Passage> FindPassages(const Article& child, absl::Span<const uint32_t> child_set,
                                  const Article& parent, absl::Span<const uint32_t> parent_set,
                                  const EngineOptions& engine);

enum class ProvenanceFormat { kJsonl, kText, kDot, kHtml, kByOutlet, kByOutletCsv, kByOutletJsonl };

// Renders a result. kJsonl: one line per document (the contract in docs/design.md);
// kText: one readable chain per root-to-leaf path; kDot: a Graphviz digraph;
// kHtml: one self-contained page (no scripts, no external resources; every
// text HTML-escaped) that opens with an overview (totals, a who-copies-whom
// graph of outlets, contents) and has a timeline per cluster; kByOutlet: a
// TSV table of copier outlet, source outlet, edges, credited edges, their
// share and the row's kind ("copy"; "resend" for an outlet's edges to its own
// stories, which are not copying; "total" rows last); kByOutletCsv and
// kByOutletJsonl: the same table as CSV or one JSON object per row.
std::string FormatProvenance(const ClusterRun& run, const ProvenanceResult& result, ProvenanceFormat format,
                             const ProvenanceOptions& options);

}  // namespace wiretrace

#endif  // WIRETRACE_PROVENANCE_H_
