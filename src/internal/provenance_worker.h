// The provenance worker: one cluster at a time, its members ordered
// (provenance_order.cc) by pairwise orientation (provenance_orientation.cc),
// then each member's parents chosen (provenance_parents.cc). Content sets
// (provenance_content.h) and document views (provenance_tokens.h) are its
// inputs; ComputeProvenance (src/provenance.cc) wires them. See
// docs/design.md.
#ifndef WIRETRACE_INTERNAL_PROVENANCE_WORKER_H_
#define WIRETRACE_INTERNAL_PROVENANCE_WORKER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/types/span.h"
#include "internal/provenance_tokens.h"
#include "wiretrace/cluster.h"
#include "wiretrace/credits.h"
#include "wiretrace/engine.h"
#include "wiretrace/provenance.h"
#include "wiretrace/verify.h"

namespace wiretrace::internal {

// Text evidence needs the smaller document mostly inside the larger one.
constexpr double kMinContained = 0.7;

// A document of another cluster is taken as the source of a cluster's first
// document (a story split in two by the engine) only when it holds at least
// this much of it: less is a composite's borrowed half or shared furniture.
constexpr double kMinSplitShare = 0.5;

// Added to a candidate's score when the child credits its outlet: worth a
// tenth of the child's text, more than a few chance agreements.
constexpr double kCreditBonus = 0.1;

// How far up a candidate's chain of primary parents its lost text is sought.
constexpr int kMaxAncestors = 8;

// A member of a cluster scores every earlier member as its parent while
// there are at most this many (every cluster of the evaluation corpora);
// beyond, only those EarlierMembers picks: kFirstMembers of the story's
// first copies, kMembersBefore just before it, its earliest exact copy and
// up to kMaxLinked members the engine verified an edge with. So a large
// cluster costs each member a bounded number of comparisons (issue #16).
constexpr size_t kAllEarlier = 64;
constexpr size_t kFirstMembers = 16;
constexpr size_t kMembersBefore = 8;
constexpr size_t kMaxLinked = 32;
// How many documents' views a worker keeps while it works on a large
// cluster (ProvenanceWorker::TrimCaches).
constexpr size_t kMaxCachedMembers = 1024;

// Strength of the evidence for an order between two documents (Orientation).
constexpr int kByText = 1;        // text evidence, or none
constexpr int kByTiedCredit = 2;  // one of two same-day documents credits a third outlet
constexpr int kFirm = 3;          // dates, or one credits the other's outlet

// The order of two documents and the evidence for it (Orient).
struct Orientation {
  int dir = 0;             // +1: the first document came before the second; -1: after; 0: unknown
  int strength = kByText;  // of the evidence for dir
  std::vector<OrderEvidence> evidence;
};

// A document's credits with the outlet key of each (AgencyTable::OutletKey).
// Provenance compares credits with outlets millions of times: comparing two
// keys is a string compare, where SameOutlet folds and looks up both names.
struct DocCredits {
  std::vector<Credit> credits;
  std::vector<std::string> keys;  // parallel to credits
};

// `outlets`: the outlet keys of the corpus's sources. "X کے مطابق" (according
// to X) names officials and departments as often as outlets ("محکمہ تحفظ
// ماحولیات کے مطابق", the environment department): with a name the agency table
// does not know, it is an outlet's credit only when X publishes in the corpus.
DocCredits FindDocCredits(std::string_view text, const AgencyTable& agencies,
                          const absl::flat_hash_set<std::string>& outlets);

// SameOutlet on outlet keys.
inline bool SameKey(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

// Whether headline `after` is headline `before` with words added: all of
// before's words and more ("UPDATE: ...", "... - report"). Both are title
// words as ProvenanceWorker::TitleWords gives them (sorted, repeats kept,
// so "Última hora: Última hora: ..." extends "Última hora: ...").
inline bool HeadlineExtends(absl::Span<const uint64_t> before, absl::Span<const uint64_t> after) {
  return !before.empty() && after.size() > before.size() &&
         std::includes(after.begin(), after.end(), before.begin(), before.end());
}

// What every cluster's worker reads: built once, before the workers start,
// and not changed while they run, except primary_of, of which each worker
// writes and reads only the entries of its own cluster (so that no result
// depends on the order in which clusters are processed).
struct ProvenanceShared {
  std::vector<std::vector<uint32_t>> sets;            // content shingles (see ContentSets)
  std::vector<std::vector<uint32_t>> other_clusters;  // per document: other clusters holding its text
  std::vector<std::vector<uint32_t>> clusters;        // members, clusters in order of first appearance
  std::vector<uint32_t> cluster_index;                // per document: index into clusters
  std::vector<std::string> outlet;                    // per document: OutletKey of its source
  absl::flat_hash_set<std::string> outlets;           // the distinct keys of outlet
  std::vector<DocCredits> credits;                    // per document in a cluster of two or more
  std::vector<uint8_t> has_credits;                   // credits[d] is filled in
  std::vector<int64_t> primary_of;                    // document -> its primary parent, -1 if none (yet)
  // Of EngineOptions::agencies, as the engine's read stage builds it, so
  // that members are tokenized as the engine tokenized them.
  std::unique_ptr<const DatelineAgencies> dateline_agencies;
};

// Whether timestamp a is before b (+1) or after (-1); 0 when either is
// unknown or they are too close to tell.
// Two date-times compare exactly; two dates by day; a date and a date-time
// only when the time lies outside the date's day widened by 12 hours either
// way (a bare date's time zone is unknown). *date_only: a date was involved.
int TimeSignal(const Timestamp& a, const Timestamp& b, bool* date_only);

// Kahn's algorithm over the pairwise evidence of n members in base order:
// edge[i * n + j] > 0 says member i came before member j with that strength
// (kByText..kFirm). Returns the members' indexes in the order placed (see
// provenance_order.cc for the rule).
std::vector<size_t> PlaceByEvidence(size_t n, absl::Span<const int8_t> edge);

// Provenance of the clusters. One ProvenanceWorker (with its own caches of
// tokens, positions and parent indexes) works on one cluster at a time;
// several run in parallel on distinct clusters.
class ProvenanceWorker {
 public:
  ProvenanceWorker(const ClusterRun& run, const EngineOptions& engine, const ProvenanceOptions& options,
                   ProvenanceShared* shared)
      : run_(run),
        engine_(engine),
        options_(options),
        shared_(*shared),
        sets_(shared->sets),
        other_clusters_(shared->other_clusters),
        primary_of_(shared->primary_of) {}

  const Tokenized& Tok(uint32_t d) {
    std::unique_ptr<Tokenized>& t = tokenized_[d];
    if (!t) {
      t = Spare(&spare_tokenized_);
      TokenizeArticle(run_.articles[d], engine_, *shared_.dateline_agencies, t.get());
    }
    return *t;
  }

  const ParentIndex& IndexOf(uint32_t d) {
    std::unique_ptr<ParentIndex>& p = parent_index_[d];
    if (!p) {
      p = Spare(&spare_indexes_);
      IndexParent(Tok(d), PositionsOf(d), p.get());
    }
    return *p;
  }

  // The primary parent of d as decided so far, known only within the cluster
  // being worked on: another cluster's decisions may not be made yet, and
  // using them would make the result depend on the schedule.
  int64_t PrimaryOf(uint32_t d) const { return shared_.cluster_index[d] == current_cluster_ ? primary_of_[d] : -1; }

  // Shingles that start in d's title (internal::TitleShingles).
  std::vector<uint32_t> TitleShingles(uint32_t d) {
    return internal::TitleShingles(run_.articles[d], Tok(d), engine_, *shared_.dateline_agencies);
  }

  const Positions& PositionsOf(uint32_t d) {
    std::unique_ptr<Positions>& slot = positions_[d];
    if (!slot) {
      slot = Spare(&spare_positions_);
      MakePositions(Tok(d), sets_[d], slot.get());
    }
    return *slot;
  }

  const DocCredits& Credits(uint32_t d) {
    if (shared_.has_credits[d]) return shared_.credits[d];
    std::unique_ptr<DocCredits>& c = credits_[d];
    if (!c) c = std::make_unique<DocCredits>(FindDocCredits(run_.articles[d].text, options_.agencies, shared_.outlets));
    return *c;
  }

  // Does d credit the outlet with key `outlet` (and it is not d's own)?
  bool CreditsOutlet(uint32_t d, const std::string& outlet);

  Overlap Compare(uint32_t a, uint32_t b) const { return CompareSets(sets_[a], sets_[b]); }

  // Text evidence for a before b. See the header for the rule.
  int TextSignal(uint32_t a, uint32_t b, const Overlap& o, OrderEvidence* label);

  // The longest run of content positions of the larger document, between
  // its first and last shared one, that the smaller does not hold.
  static size_t LongestInnerGap(const Positions& where, const std::vector<uint8_t>& shared, size_t first_shared,
                                size_t last_shared);

  // Is the text that the larger document has before the shared text held by
  // at least two other members of the cluster? Then it is the story's own
  // lead, which the smaller one dropped, not a lead the larger one added:
  // a new lead is one outlet's, and only its own copies carry it on.
  bool LeadHeldByOthers(uint32_t a, uint32_t b, const Tokenized& t, const Positions& where,
                        const std::vector<uint8_t>& shared, size_t first_shared);

  // (shingle, member) over the content sets of the cluster being worked on,
  // sorted: who holds a shingle. Made on first use for each cluster.
  const std::vector<std::pair<uint32_t, uint32_t>>& Holders();

  // Does `d` carry a credit (not its own) after the token where its shared
  // text ends?
  bool LateCredit(uint32_t d, const Tokenized& t, size_t last_shared);

  // Does d name its own outlet in a credit ("…reports Asian Lite News" on
  // Asian Lite News)?
  bool CreditsItself(uint32_t d);

  // Does d credit a known outlet (in the agency table) other than its own?
  // Unknown names ("according to media reports") and vague ones are left out.
  bool CreditsSomeoneElse(uint32_t d);

  // Which of a and b came first (see the header). With `evidence` false
  // only the direction is wanted (ordering, choosing candidates): the first
  // signal that speaks decides it, and the later ones, the text signal
  // above all, are not computed. Parent links want every agreeing signal.
  Orientation Orient(uint32_t a, uint32_t b, bool evidence = true);

  // Orient without the evidence.
  int Direction(uint32_t a, uint32_t b) { return Orient(a, b, /*evidence=*/false).dir; }

  // May another cluster's document e be a parent of d? It is oriented
  // before d or, without evidence either way, the representative order puts
  // it first (dated before undated, then longer).
  bool MayPrecede(uint32_t e, uint32_t d);

  // Calls visit(e) for each member e of the other clusters that hold d's
  // text (other_clusters_), skipping clusters too large to compare pairwise.
  template <typename Visit>
  void ForEachInOtherClusters(uint32_t d, Visit visit) const {
    for (uint32_t other : other_clusters_[d]) {
      const std::vector<uint32_t>& members = shared_.clusters[other];
      if (members.size() > options_.max_pairwise_cluster) continue;
      for (uint32_t e : members) visit(e);
    }
  }

  // d's position in the engine's representative order (dated before
  // undated, then longer, then id: RepresentativeOrder).
  uint32_t Rank(uint32_t d) const { return run_.representative_rank[d]; }

  // Members of one cluster in an order consistent with pairwise orientation.
  std::vector<uint32_t> Order(std::vector<uint32_t> members);

  // Orders pairs of members that nothing ordered by the changes they share
  // against the story's text (that of members[root]): edge as in Order.
  // Returns whether it added an edge. See provenance_order.cc.
  bool AddChangeEdges(const std::vector<uint32_t>& members, size_t root, std::vector<int8_t>* edge);

  // Orders cluster c and finds each member's parents: out[r] is the member
  // of rank r. Reads and writes primary_of only for members of c.
  void ProcessCluster(uint32_t c, const std::vector<std::vector<uint32_t>>& neighbours,
                      const std::vector<int64_t>& cluster_of, DocumentProvenance* out);

  // `keys`: the outlet keys of dp.credits.
  CreditStatus CreditStatusOf(const DocumentProvenance& dp, absl::Span<const std::string> keys, uint32_t parent);

  std::vector<ParentLink> Parents(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                                  const std::vector<uint32_t>& neighbours, const std::vector<int64_t>& cluster_of);

  // A candidate for a document's parent (FindCandidates).
  struct Candidate {
    uint32_t doc;
    double share;
    int64_t position;  // rank in d's cluster; -1 for another cluster's document
  };
  struct Candidates {
    std::vector<Candidate> list;
    // What each candidate holds of the child, as a bitmap over the positions
    // of the child's set: candidate i is bits[i * words, (i + 1) * words).
    size_t words = 0;
    std::vector<uint64_t> bits;
    bool by_words = false;  // the one candidate was found by content words
    std::vector<size_t> earlier;  // the ranks of the earlier members considered (EarlierMembers)
  };

  // The ranks of the earlier members of d's cluster (d has rank `rank` in
  // `order`) that may be its parents, ascending. See the .cc.
  void EarlierMembers(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                      const std::vector<uint32_t>& neighbours, std::vector<size_t>* out);

  // A hash of d's content set, to find exact copies.
  uint64_t SetHash(uint32_t d) const;

  void FindCandidates(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                      const std::vector<uint32_t>& neighbours, const std::vector<int64_t>& cluster_of, Candidates* out);

  // Sources of passages a document took from other clusters (partial
  // reuse), for a document without other candidates. See the .cc.
  void PartialSources(uint32_t d, std::vector<Candidate>* out);

  std::vector<double> ScoreCandidates(uint32_t d, const std::vector<uint32_t>& order, Candidates* c);

  // The lead that copy x added and d replaced with a lead of its own: the
  // content shingles of x's first run of at least 2k consecutive ones that
  // neither d nor x's ancestors (by primary parent) hold, all before the
  // first text x shares with d, when d has at least k content shingles of
  // its own before the first text it shares with x; else 0. See the .cc.
  uint32_t ReplacedLead(uint32_t d, uint32_t x);

  // Whether a child whose title words are `child_title` (TitleWords)
  // carries the words copy x added to its parent's headline, keeping all
  // of it (HeadlineExtends): +1 when the child's title holds most of them,
  // -1 when it holds at most half, 0 when x's headline is not such an
  // extension of its parent's. See the .cc.
  int HeadlineAffix(const std::vector<uint64_t>& child_title, uint32_t x);

  // The tokens of d's title (their hashes, sorted, repeats kept).
  std::vector<uint64_t> TitleWords(uint32_t d);

  static size_t PickPrimary(const std::vector<Candidate>& candidates, const std::vector<double>& score,
                            double near_tie);

 private:
  const ClusterRun& run_;
  const EngineOptions& engine_;
  const ProvenanceOptions& options_;
  ProvenanceShared& shared_;
  const std::vector<std::vector<uint32_t>>& sets_;
  const std::vector<std::vector<uint32_t>>& other_clusters_;
  std::vector<int64_t>& primary_of_;
  uint32_t current_cluster_ = 0;
  std::vector<std::pair<uint32_t, uint32_t>> holders_;  // see Holders()
  int64_t holders_cluster_ = -1;                        // the cluster holders_ is of
  // For a cluster of more than kAllEarlier members (EarlierMembers): each
  // member's rank, and the first rank with each content set (by SetHash).
  absl::flat_hash_map<uint32_t, uint32_t> rank_of_;
  absl::flat_hash_map<uint64_t, uint32_t> first_with_set_;
  // Caches for the cluster being worked on (and documents of other clusters
  // it touches); dropped with the worker.
  absl::flat_hash_map<uint32_t, std::unique_ptr<Tokenized>> tokenized_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<Positions>> positions_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<ParentIndex>> parent_index_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<DocCredits>> credits_;

  // The caches' objects from clusters done, for reuse: one worker goes
  // through thousands of clusters, and fresh buffers for every document
  // (allocated, and their pages touched for the first time) cost more than
  // refilling old ones. At most kMaxSpare of each, so that one large
  // cluster does not keep its memory.
  static constexpr size_t kMaxSpare = 64;
  std::vector<std::unique_ptr<Tokenized>> spare_tokenized_;
  std::vector<std::unique_ptr<Positions>> spare_positions_;
  std::vector<std::unique_ptr<ParentIndex>> spare_indexes_;

  template <typename T>
  static std::unique_ptr<T> Spare(std::vector<std::unique_ptr<T>>* spare) {
    if (spare->empty()) return std::make_unique<T>();
    std::unique_ptr<T> out = std::move(spare->back());
    spare->pop_back();
    return out;
  }

  template <typename T>
  static void Keep(absl::flat_hash_map<uint32_t, std::unique_ptr<T>>* cache, std::vector<std::unique_ptr<T>>* spare) {
    for (auto& [doc, object] : *cache) {
      if (spare->size() < kMaxSpare) spare->push_back(std::move(object));
    }
    cache->clear();
  }

  // Keeps in the caches only the documents in `pinned` (sorted): in a large
  // cluster, the story's first members, which every later member scores.
  template <typename T>
  static void KeepOnly(absl::Span<const uint32_t> pinned, absl::flat_hash_map<uint32_t, std::unique_ptr<T>>* cache,
                       std::vector<std::unique_ptr<T>>* spare) {
    for (auto it = cache->begin(); it != cache->end();) {
      if (std::binary_search(pinned.begin(), pinned.end(), it->first)) {
        ++it;
        continue;
      }
      if (spare->size() < kMaxSpare) spare->push_back(std::move(it->second));
      cache->erase(it++);
    }
  }

  // Between two members of a large cluster: once the caches hold more than
  // kMaxCachedMembers documents, drops all but the story's first members.
  // Each member reads the views of some 60 others (EarlierMembers), so
  // keeping every member's would hold the whole cluster's tokens at once
  // (about 30 kB a member: 580 MB for 20,000 copies of one story); a member
  // dropped and needed again is tokenized again.
  void TrimCaches(const std::vector<uint32_t>& order);

  // Empties the caches of the last cluster, which would otherwise grow with
  // every cluster the worker does.
  void Recycle() {
    Keep(&tokenized_, &spare_tokenized_);
    Keep(&positions_, &spare_positions_);
    Keep(&parent_index_, &spare_indexes_);
    credits_.clear();
  }
};

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PROVENANCE_WORKER_H_
