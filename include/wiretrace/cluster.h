// Cluster: verified edges to clusters, without chaining.
//
//   std::vector<uint32_t> order = wiretrace::RepresentativeOrder(keys);
//   std::vector<uint32_t> root = wiretrace::AssignClusters(
//       n, order, edges, [&](uint32_t doc, uint32_t root) { return Related(doc, root); });
//   // root[d] is the representative (first member in `order`) of d's cluster.
//
// The rule. Documents are visited in representative order: earliest
// `published`, then longest text, then smallest id (undated documents come
// after dated ones). A document joins the cluster of an earlier neighbour only
// if it is itself anchored to that cluster's representative (an edge, or a
// substantial share of its text found there: ClusterOptions). Among several
// clusters it could join, it takes the one holding the neighbour that contains
// the largest share of it (the story that supplied most of it: the rule for
// composites in docs/design.md), by shingles first and content words second.
// Anchored nowhere, it may still join through a member that holds most of its
// text, is of another outlet and joined by its own anchor (a copy of a copy:
// ClusterOptions::JoinsThrough); otherwise it founds a cluster of its own.
//
// Why: union-find over edges chains. A story updated twice (A~B~C, A and C
// share nothing) or a long article quoting two short ones would merge stories
// that have nothing in common. Requiring every member to be related to the
// representative (or, once, to a member that is) bounds the cluster's
// "diameter" at four hops through the representative, and the representative
// is the earliest, most complete copy, which is the document that syndicated
// copies are all derived from. Trimmed copies that share nothing with each
// other (one kept the top, one the bottom) still meet in their common source.
//
// The result depends only on the edges and the order, never on the input order
// or the thread count.
//
// Thread safety: pure function (it calls `anchored` and `through` from the
// calling thread).
#ifndef WIRETRACE_CLUSTER_H_
#define WIRETRACE_CLUSTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "wiretrace/article.h"
#include "wiretrace/pair_rule.h"
#include "wiretrace/verify.h"

namespace wiretrace {

// A verified pair, a < b (document indices), with its shingle overlap and its
// content-word overlap (ContentWords::Compare; zero when that path is off or
// the two are too far apart in time), A = a in both.
struct Edge {
  uint32_t a = 0;
  uint32_t b = 0;
  Overlap overlap;
  Overlap words;
  EdgeRule rule = EdgeRule::kNone;  // the rule that accepted it (pair_rule.h)
  WordEvidence evidence;            // with EdgeRule::kWords, and when computed
  float days_apart = -1.0f;         // publication gap in days; -1 when either date is unknown
};

struct ClusterOptions {
  // A document may join a cluster through an edge with any member, but only
  // if it is anchored to the representative: a Jaccard that passes
  // verification, or at least VerifyOptions::min_shared shared shingles making
  // up this share of the document itself. (An edge because the representative
  // is contained in the document is not enough: a long article that quotes a
  // short flash took most of its text from elsewhere.) Default 0.3: copies of copies drift from the root (re-led
  // twice, trimmed twice) and keep only part of it, yet 30% of the text is
  // far more than two unrelated stories share, and a document that shares
  // nothing with the root can never join. Valid range (0, 1].
  double anchor_containment = 0.3;

  absl::Status Validate() const;

  // Whether a document with overlap `o` against a representative (A = the
  // document) is anchored to it.
  bool Anchored(const Overlap& o, const VerifyOptions& verify) const {
    if (o.shared == 0) return false;
    return o.jaccard() >= verify.jaccard_threshold ||
           (o.shared >= verify.min_shared && o.containment_a() >= anchor_containment);
  }

  // ... and, anchored by containment, sharing a passage with it
  // (VerifyOptions::min_passage, SharesPassage): the shingle half of the
  // anchor as the engine, dedupe and provenance across nights apply it.
  bool Anchored(const Overlap& o, const VerifyOptions& verify, const PairSide& doc,
                const PairSide& representative) const {
    return Anchored(o, verify) && SharesPassage(verify, o, doc, representative);
  }

  // A copy of a copy. A document anchored to no representative may still join
  // through a member that joined by its own anchor, when at least this share
  // of the document's shingles is in that member and the two are of different
  // outlets: it took most of its text from that member, whose own changes to
  // the story (a new lead, trims, a rewritten paragraph) it carries and the
  // representative lacks ("the intermediate's rewrite"; provenance names the
  // member as its parent). Most of it, because a page that took a passage or
  // two is partial reuse, which stays in its own cluster; other outlets,
  // because two pages of one outlet share its template, its teasers and its
  // "more news" blocks, too rare on a small outlet to be boilerplate; one hop,
  // because a chain of such hops would drift from the story. 0 turns it off;
  // valid range [0, 1].
  double via_containment = 0.5;

  // Whether `doc`, holding `o` (A = doc) with an earlier `member`, may join
  // the member's cluster through it.
  bool JoinsThrough(const Overlap& o, const VerifyOptions& verify, const PairSide& doc, const PairSide& member) const {
    return via_containment > 0 && doc.source != member.source && o.containment_a() >= via_containment &&
           Anchored(o, verify, doc, member);
  }
};

// What decides which member represents a cluster.
struct RepresentativeKey {
  Timestamp published;
  uint32_t length = 0;  // bytes of title + text
  std::string_view id;
};

// True when x should represent a cluster rather than y: earlier known
// `published` (unknown dates last; a date without a time counts as the last
// second of that day, UTC), then longer, then smaller id (bytewise).
bool RepresentsBefore(const RepresentativeKey& x, const RepresentativeKey& y);

// Document indices sorted by RepresentsBefore.
std::vector<uint32_t> RepresentativeOrder(absl::Span<const RepresentativeKey> keys);

// Returns root[d] for every document d < num_docs. `edges` need not be sorted.
// `anchored(doc, root)` decides whether doc may join root's cluster.
// `through(doc, member, share)`, asked only when doc is anchored to no
// earlier cluster, decides whether it may join the cluster of `member`, an
// earlier neighbour that holds `share` of doc's shingles and that joined by
// its own anchor (ClusterOptions::JoinsThrough: a copy of a copy). With
// `via`, (*via)[d] is the member d joined through, or d itself.
std::vector<uint32_t> AssignClusters(uint32_t num_docs, absl::Span<const uint32_t> order,
                                     absl::Span<const Edge> edges,
                                     absl::FunctionRef<bool(uint32_t, uint32_t)> anchored,
                                     absl::FunctionRef<bool(uint32_t, uint32_t, float)> through,
                                     std::vector<uint32_t>* via = nullptr);
// The same without joining through members.
std::vector<uint32_t> AssignClusters(uint32_t num_docs, absl::Span<const uint32_t> order,
                                     absl::Span<const Edge> edges,
                                     absl::FunctionRef<bool(uint32_t, uint32_t)> anchored);

}  // namespace wiretrace

#endif  // WIRETRACE_CLUSTER_H_
