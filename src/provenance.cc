#include "wiretrace/provenance.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/cluster.h"
#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"
#include "wiretrace/verify.h"

namespace wiretrace {

absl::Status ProvenanceOptions::Validate() const {
  if (!(near_tie >= 0.0 && near_tie < 1.0)) return absl::InvalidArgumentError("near tie must be in [0, 1)");
  if (!(min_added_share > 0.0 && min_added_share <= 1.0)) {
    return absl::InvalidArgumentError("minimum added share must be in (0, 1]");
  }
  if (!(min_share >= 0.0 && min_share <= 1.0)) return absl::InvalidArgumentError("minimum share must be in [0, 1]");
  if (!(lost_weight >= 0.0)) return absl::InvalidArgumentError("lost weight must be at least 0");
  if (max_parents < 1) return absl::InvalidArgumentError("maximum parents must be at least 1");
  return absl::OkStatus();
}

namespace {

// A document re-tokenized the way the engine did it (title, then text), with
// the shingle that starts at each token.
struct Tokenized {
  std::vector<Token> tokens;
  uint32_t title_tokens = 0;
  std::vector<uint32_t> shingles;  // shingles[i] starts at tokens[i]
};

void TokenizeArticle(const Article& a, const EngineOptions& engine, Tokenized* out) {
  Tokenize(a.title, engine.normalize, &out->tokens);
  out->title_tokens = static_cast<uint32_t>(out->tokens.size());
  Tokenize(a.text, engine.normalize, &out->tokens);
  Shingle(out->tokens, engine.shingle, &out->shingles);
}

bool InSet(absl::Span<const uint32_t> set, uint32_t h) { return std::binary_search(set.begin(), set.end(), h); }

// Where each content shingle starts in a parent's body, as (hash, token)
// sorted by hash, then token. Capped per shingle: a phrase repeated twenty
// times in one page adds nothing to alignment. Built once per parent and
// reused for each of its children.
using ParentIndex = std::vector<std::pair<uint32_t, uint32_t>>;

ParentIndex IndexParent(const Tokenized& p, absl::Span<const uint32_t> parent_set) {
  constexpr size_t kMaxPositions = 16;
  ParentIndex where;
  where.reserve(p.shingles.size() - std::min<size_t>(p.shingles.size(), p.title_tokens));
  for (uint32_t j = p.title_tokens; j < p.shingles.size(); ++j) {
    if (InSet(parent_set, p.shingles[j])) where.emplace_back(p.shingles[j], j);
  }
  std::sort(where.begin(), where.end());
  size_t out = 0;
  for (size_t i = 0; i < where.size();) {
    size_t e = i;
    while (e < where.size() && where[e].first == where[i].first) ++e;
    for (size_t k = i; k < e && k < i + kMaxPositions; ++k) where[out++] = where[k];
    i = e;
  }
  where.resize(out);
  return where;
}

std::vector<Passage> Passages(const Article& child, const Tokenized& c, absl::Span<const uint32_t> child_set,
                              const Article& parent, const Tokenized& p, const ParentIndex& where) {
  struct Run {
    uint32_t a, e, b, f;  // child tokens [a, e), parent tokens [b, f)
  };
  std::vector<Run> runs;
  const auto nc = static_cast<uint32_t>(c.tokens.size());
  const auto np = static_cast<uint32_t>(p.tokens.size());
  uint32_t covered = c.title_tokens;  // child tokens before this are in a run already
  for (uint32_t i = c.title_tokens; i < c.shingles.size();) {
    const uint32_t h = c.shingles[i];
    const auto from = std::lower_bound(where.begin(), where.end(), std::make_pair(h, uint32_t{0}));
    if (from == where.end() || from->first != h || !InSet(child_set, h)) {
      ++i;
      continue;
    }
    Run best{0, 0, 0, 0};
    for (auto it = from; it != where.end() && it->first == h; ++it) {
      const uint32_t j = it->second;
      uint32_t a = i, b = j;
      while (a > covered && b > p.title_tokens && c.tokens[a - 1].hash == p.tokens[b - 1].hash) --a, --b;
      uint32_t e = i, f = j;
      while (e < nc && f < np && c.tokens[e].hash == p.tokens[f].hash) ++e, ++f;
      if (e - a > best.e - best.a) best = Run{a, e, b, f};
    }
    if (best.e <= best.a) {  // a 32-bit shingle collision, not a match
      ++i;
      continue;
    }
    if (!runs.empty() && runs.back().e == best.a && runs.back().f == best.b) {
      runs.back().e = best.e;
      runs.back().f = best.f;
    } else {
      runs.push_back(best);
    }
    covered = best.e;
    i = std::max(best.e, i + 1);
  }
  std::vector<Passage> out;
  out.reserve(runs.size());
  for (const Run& r : runs) {
    Passage ps;
    ps.child_begin_byte = c.tokens[r.a].begin;
    ps.child_end_byte = c.tokens[r.e - 1].end;
    ps.parent_begin_byte = p.tokens[r.b].begin;
    ps.parent_end_byte = p.tokens[r.f - 1].end;
    ps.child_begin = CodePointOffset(child.text, ps.child_begin_byte);
    ps.child_end = ps.child_begin + CodePointOffset(std::string_view(child.text).substr(ps.child_begin_byte),
                                                    ps.child_end_byte - ps.child_begin_byte);
    ps.parent_begin = CodePointOffset(parent.text, ps.parent_begin_byte);
    ps.parent_end = ps.parent_begin + CodePointOffset(std::string_view(parent.text).substr(ps.parent_begin_byte),
                                                      ps.parent_end_byte - ps.parent_begin_byte);
    out.push_back(ps);
  }
  return out;
}

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

struct Orientation {
  int dir = 0;  // +1: the first document came before the second; -1: after; 0: unknown
  std::vector<std::string> evidence;
};

// What every cluster's worker reads: built once, before the workers start,
// and not changed while they run, except primary_of, of which each worker
// writes and reads only the entries of its own cluster (so that no result
// depends on the order in which clusters are processed).
struct Shared {
  std::vector<std::vector<uint32_t>> sets;            // content shingles (see ContentSets)
  std::vector<std::vector<uint32_t>> other_clusters;  // per document: other clusters holding its text
  std::vector<std::vector<uint32_t>> clusters;        // members, clusters in order of first appearance
  std::vector<uint32_t> cluster_index;                // per document: index into clusters
  std::vector<std::vector<Credit>> credits;           // per document in a cluster of two or more
  std::vector<uint8_t> has_credits;                   // credits[d] is filled in
  std::vector<int64_t> primary_of;                    // document -> its primary parent, -1 if none (yet)
};

// Provenance of the clusters. One Provenance (with its own caches of
// tokens, positions and parent indexes) works on one cluster at a time;
// several run in parallel on distinct clusters.
class Provenance {
 public:
  Provenance(const ClusterRun& run, const EngineOptions& engine, const ProvenanceOptions& options, Shared* shared)
      : run_(run), engine_(engine), options_(options), shared_(*shared), sets_(shared->sets),
        other_clusters_(shared->other_clusters), primary_of_(shared->primary_of) {}

  const Tokenized& Tok(uint32_t d) {
    std::unique_ptr<Tokenized>& t = tokenized_[d];
    if (!t) {
      t = std::make_unique<Tokenized>();
      TokenizeArticle(run_.articles[d], engine_, t.get());
    }
    return *t;
  }

  const ParentIndex& IndexOf(uint32_t d) {
    std::unique_ptr<ParentIndex>& p = parent_index_[d];
    if (!p) p = std::make_unique<ParentIndex>(IndexParent(Tok(d), sets_[d]));
    return *p;
  }

  // The primary parent of d as decided so far, known only within the cluster
  // being worked on: another cluster's decisions may not be made yet, and
  // using them would make the result depend on the schedule.
  int64_t PrimaryOf(uint32_t d) const {
    return shared_.cluster_index[d] == current_cluster_ ? primary_of_[d] : -1;
  }

  // Shingles that start in the title: those of the title alone and those
  // spanning the title and the start of the text. Sorted.
  std::vector<uint32_t> TitleShingles(uint32_t d) const {
    const Article& a = run_.articles[d];
    std::vector<uint32_t> out;
    if (a.title.empty()) return out;
    std::vector<Token> tokens;
    Tokenize(a.title, engine_.normalize, &tokens);
    const size_t title_tokens = tokens.size();
    // Enough of the text for the windows that start in the title; cut at a
    // space so that the last token read is whole (a longer token would not
    // change the windows that matter unless it is among the first few).
    std::string_view head(a.text);
    if (head.size() > 2048) {
      size_t cut = head.rfind(' ', 2048);
      head = head.substr(0, cut == std::string_view::npos || cut < 512 ? 2048 : cut);
      while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80) head.remove_suffix(1);
      if (!head.empty() && (static_cast<unsigned char>(head.back()) & 0x80)) head.remove_suffix(1);
    }
    Tokenize(head, engine_.normalize, &tokens);
    std::vector<uint32_t> shingles;
    Shingle(tokens, engine_.shingle, &shingles);
    shingles.resize(std::min(shingles.size(), title_tokens));
    MakeShingleSet(&shingles);
    return shingles;
  }

  // Shingles of d's text that overlap a credit line: "(APP)", "APP
  // reported", "(Courtesy: X)". Copies add the agency's standard credit on
  // their own, so two siblings often carry the same one. Sorted.
  std::vector<uint32_t> CreditShingles(uint32_t d, absl::Span<const std::string_view> keep) {
    std::vector<uint32_t> out;
    const std::vector<Credit>& credits = Credits(d);
    if (credits.empty()) return out;
    const Tokenized& t = Tok(d);
    const size_t k = static_cast<size_t>(std::max(engine_.shingle.word_k, engine_.shingle.char_k));
    size_t i = t.title_tokens;
    for (const Credit& c : credits) {
      if (std::any_of(keep.begin(), keep.end(),
                      [&](std::string_view o) { return options_.agencies.SameOutlet(c.name, o); })) {
        continue;
      }
      while (i < t.tokens.size() && t.tokens[i].end <= c.begin_byte) ++i;
      size_t j = i;
      while (j < t.tokens.size() && t.tokens[j].begin < c.end_byte) ++j;
      if (j == i) continue;  // no token inside (punctuation only)
      const size_t from = i >= t.title_tokens + k - 1 ? i - (k - 1) : t.title_tokens;
      for (size_t s = from; s < j && s < t.shingles.size(); ++s) out.push_back(t.shingles[s]);
    }
    MakeShingleSet(&out);
    return out;
  }

  // Per document: its shingles as (hash, position) sorted by hash, and
  // whether each position holds a content shingle.
  struct Positions {
    std::vector<std::pair<uint32_t, uint32_t>> by_hash;
    std::vector<uint8_t> content;
  };
  const Positions& PositionsOf(uint32_t d) {
    std::unique_ptr<Positions>& slot = positions_[d];
    if (!slot) {
      auto p = std::make_unique<Positions>();
      const Tokenized& t = Tok(d);
      p->by_hash.reserve(t.shingles.size());
      for (size_t i = 0; i < t.shingles.size(); ++i) p->by_hash.emplace_back(t.shingles[i], static_cast<uint32_t>(i));
      std::sort(p->by_hash.begin(), p->by_hash.end());
      p->content.assign(t.shingles.size(), 0);
      const std::vector<uint32_t>& set = sets_[d];
      for (size_t i = 0, j = 0; i < p->by_hash.size() && j < set.size();) {
        if (p->by_hash[i].first < set[j]) {
          ++i;
        } else if (set[j] < p->by_hash[i].first) {
          ++j;
        } else {
          p->content[p->by_hash[i].second] = 1;
          ++i;
        }
      }
      slot = std::move(p);
    }
    return *slot;
  }

  const std::vector<Credit>& Credits(uint32_t d) {
    if (shared_.has_credits[d]) return shared_.credits[d];
    std::unique_ptr<std::vector<Credit>>& c = credits_[d];
    if (!c) c = std::make_unique<std::vector<Credit>>(FindCredits(run_.articles[d].text, options_.agencies));
    return *c;
  }

  // Does d credit `outlet` (and it is not d's own)?
  bool CreditsOutlet(uint32_t d, std::string_view outlet) {
    if (outlet.empty()) return false;
    for (const Credit& c : Credits(d)) {
      if (options_.agencies.SameOutlet(c.name, outlet) &&
          !options_.agencies.SameOutlet(c.name, run_.articles[d].source)) {
        return true;
      }
    }
    return false;
  }

  Overlap Compare(uint32_t a, uint32_t b) const { return CompareSets(sets_[a], sets_[b]); }

  static int TimeSignal(const Timestamp& a, const Timestamp& b, bool* date_only) {
    *date_only = false;
    if (!a.known() || !b.known()) return 0;
    constexpr int64_t kDay = 86400;
    constexpr int64_t kSlack = 12 * 3600;  // a bare date's time zone is unknown
    if (a.precision == Timestamp::Precision::kDateTime && b.precision == Timestamp::Precision::kDateTime) {
      return a.seconds_utc < b.seconds_utc ? 1 : a.seconds_utc > b.seconds_utc ? -1 : 0;
    }
    *date_only = true;
    if (a.precision == Timestamp::Precision::kDate && b.precision == Timestamp::Precision::kDate) {
      return a.seconds_utc < b.seconds_utc ? 1 : a.seconds_utc > b.seconds_utc ? -1 : 0;
    }
    // One date, one date-time: the date covers its day, widened for time zones.
    const bool a_is_date = a.precision == Timestamp::Precision::kDate;
    const Timestamp& date = a_is_date ? a : b;
    const int64_t t = a_is_date ? b.seconds_utc : a.seconds_utc;
    int date_first = 0;
    if (t < date.seconds_utc - kSlack) date_first = -1;
    if (t >= date.seconds_utc + kDay + kSlack) date_first = 1;
    return a_is_date ? date_first : -date_first;
  }

  // Text evidence for a before b. See the header for the rule.
  int TextSignal(uint32_t a, uint32_t b, const Overlap& o, std::string* label) {
    if (o.shared == 0) return 0;
    const double sa = o.size_a, sb = o.size_b;
    if (std::abs(sa - sb) <= 0.05 * std::max(sa, sb)) return 0;
    // Both keep much text of their own (a composite and one of its sources,
    // two rewrites): which one grew or shrank says nothing about order.
    if (o.shared < kMinContained * std::min(sa, sb)) return 0;
    const uint32_t large = sa > sb ? a : b;
    const uint32_t small = sa > sb ? b : a;
    const Tokenized& t = Tok(large);
    const Positions& where = PositionsOf(large);
    const std::vector<uint32_t>& small_set = sets_[small];
    // Which positions of the larger one hold a shingle of the smaller one: one
    // merge of its (hash, position) list with the smaller set.
    std::vector<uint8_t> shared(t.shingles.size(), 0);
    for (size_t i = 0, j = 0; i < where.by_hash.size() && j < small_set.size();) {
      const uint32_t h = where.by_hash[i].first;
      if (h < small_set[j]) {
        ++i;
      } else if (small_set[j] < h) {
        ++j;
      } else {
        shared[where.by_hash[i].second] = 1;
        ++i;
      }
    }
    size_t first_shared = t.shingles.size(), last_shared = 0;
    for (size_t i = 0; i < t.shingles.size(); ++i) {
      if (shared[i]) {
        first_shared = std::min(first_shared, i);
        last_shared = i;
      }
    }
    size_t extra = 0, before = 0, after = 0;
    for (size_t i = 0; i < t.shingles.size(); ++i) {
      if (!where.content[i] || shared[i]) continue;
      ++extra;
      before += i < first_shared;
      after += i > last_shared;
    }
    if (extra == 0) return 0;
    int large_first;
    if (2 * before >= extra) {
      *label = "lead";  // the larger one added a lead: it is the copy
      large_first = -1;
    } else if (2 * after >= extra && extra <= static_cast<size_t>(3 * engine_.shingle.word_k + 2) &&
               LateCredit(large, t, last_shared)) {
      *label = "credit";  // only a credit line was added at the end
      large_first = -1;
    } else {
      *label = "containment";  // the smaller one is a trimmed copy
      large_first = 1;
    }
    return large == a ? large_first : -large_first;
  }

  // Does `d` carry a credit (not its own) after the token where its shared
  // text ends?
  bool LateCredit(uint32_t d, const Tokenized& t, size_t last_shared) {
    if (last_shared < t.title_tokens || last_shared >= t.tokens.size()) return false;
    const uint32_t byte = t.tokens[last_shared].begin;
    for (const Credit& c : Credits(d)) {
      if (c.end_byte > byte && !options_.agencies.SameOutlet(c.name, run_.articles[d].source)) return true;
    }
    return false;
  }

  // Does d credit a known outlet (in the agency table) other than its own?
  // Unknown names ("according to media reports") and vague ones are left out.
  bool CreditsSomeoneElse(uint32_t d) {
    for (const Credit& c : Credits(d)) {
      if (c.known && c.name != kGenericAgencies && !options_.agencies.SameOutlet(c.name, run_.articles[d].source)) {
        return true;
      }
    }
    return false;
  }

  Orientation Orient(uint32_t a, uint32_t b) {
    const Article& x = run_.articles[a];
    const Article& y = run_.articles[b];
    bool date_only = false;
    const int time = TimeSignal(x.published, y.published, &date_only);
    const bool a_credits_b = !y.source.empty() && !options_.agencies.SameOutlet(x.source, y.source) &&
                             CreditsOutlet(a, y.source);
    const bool b_credits_a = !x.source.empty() && !options_.agencies.SameOutlet(x.source, y.source) &&
                             CreditsOutlet(b, x.source);
    const int credit = b_credits_a == a_credits_b ? 0 : b_credits_a ? 1 : -1;
    std::string text_label;
    const int text = TextSignal(a, b, Compare(a, b), &text_label);
    Orientation o;
    o.dir = time != 0 ? time : credit != 0 ? credit : text;
    if (o.dir == 0) {
      // Same day, sizes alike: only one of the two credits a third outlet
      // ("لاہور(آن لائن)" on a newspaper's rewrite of a same-day agency
      // story): it names where it took the story from, so it is the copy.
      // Only between dated documents whose dates tie: without dates this
      // would order sibling copies by whether they bothered to credit.
      const bool a_credits = CreditsSomeoneElse(a), b_credits = CreditsSomeoneElse(b);
      if (a_credits != b_credits && x.published.known() && y.published.known()) {
        o.dir = a_credits ? -1 : 1;
        o.evidence.push_back("credit");
        return o;
      }
      o.evidence.push_back("order");
      return o;
    }
    if (time == o.dir) o.evidence.push_back(date_only ? "date" : "time");
    if (credit == o.dir) o.evidence.push_back("credit");
    if (text == o.dir && !(text_label == "credit" && credit == o.dir)) o.evidence.push_back(text_label);
    return o;
  }

  RepresentativeKey Key(uint32_t d) const {
    const Article& a = run_.articles[d];
    return {a.published, static_cast<uint32_t>(a.title.size() + a.text.size()), a.id};
  }

  // Members of one cluster in an order consistent with pairwise orientation.
  std::vector<uint32_t> Order(std::vector<uint32_t> members) {
    std::vector<RepresentativeKey> keys;
    keys.reserve(members.size());
    for (uint32_t d : members) keys.push_back(Key(d));
    const std::vector<uint32_t> base = RepresentativeOrder(keys);
    std::vector<uint32_t> m;
    m.reserve(members.size());
    for (uint32_t i : base) m.push_back(members[i]);
    const size_t n = m.size();
    if (n > options_.max_pairwise_cluster) return m;
    std::vector<int8_t> before(n * n, 0);  // before[i*n+j]: m[i] came before m[j]
    std::vector<int> indegree(n, 0), score(n, 0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        const int dir = Orient(m[i], m[j]).dir;
        if (dir == 0) continue;
        const size_t first = dir > 0 ? i : j, second = dir > 0 ? j : i;
        before[first * n + second] = 1;
        ++indegree[second];
        ++score[first];
        --score[second];
      }
    }
    // Kahn's algorithm; a cycle (possible only among text signals) is broken
    // at the member that comes before the most others; ties keep the base order.
    std::vector<bool> placed(n, false);
    std::vector<uint32_t> out;
    out.reserve(n);
    for (size_t step = 0; step < n; ++step) {
      size_t pick = n;
      bool pick_free = false;
      for (size_t i = 0; i < n; ++i) {
        if (placed[i]) continue;
        const bool free = indegree[i] == 0;
        if (pick == n || (free && !pick_free) || (free == pick_free && score[i] > score[pick])) {
          pick = i;
          pick_free = free;
        }
      }
      placed[pick] = true;
      out.push_back(m[pick]);
      for (size_t j = 0; j < n; ++j) {
        if (before[pick * n + j]) --indegree[j];
      }
    }
    return out;
  }

  // Shared shingles of d and p not yet in `covered` (sorted).
  static uint32_t Added(absl::Span<const uint32_t> d, absl::Span<const uint32_t> p,
                        absl::Span<const uint32_t> covered) {
    uint32_t n = 0;
    size_t i = 0, j = 0, k = 0;
    while (i < d.size() && j < p.size()) {
      if (d[i] < p[j]) {
        ++i;
      } else if (p[j] < d[i]) {
        ++j;
      } else {
        while (k < covered.size() && covered[k] < d[i]) ++k;
        n += k == covered.size() || covered[k] != d[i];
        ++i, ++j;
      }
    }
    return n;
  }

  // Orders cluster c and finds each member's parents: out[r] is the member
  // of rank r. Reads and writes primary_of only for members of c.
  void ProcessCluster(uint32_t c, const std::vector<std::vector<uint32_t>>& neighbours,
                      const std::vector<int64_t>& cluster_of, DocumentProvenance* out) {
    current_cluster_ = c;
    const std::vector<uint32_t> order = Order(shared_.clusters[c]);
    for (size_t r = 0; r < order.size(); ++r) {
      const uint32_t d = order[r];
      DocumentProvenance& dp = out[r];
      dp.doc = d;
      dp.cluster = cluster_of[d];
      dp.rank = static_cast<uint32_t>(r);
      dp.parents = Parents(d, order, r, neighbours[d], cluster_of);
      if (!dp.parents.empty()) primary_of_[d] = dp.parents[0].doc;
    }
  }

  std::string CreditStatus(const DocumentProvenance& dp, uint32_t parent) {
    const std::string& parent_source = run_.articles[parent].source;
    const std::string& root_source = run_.articles[dp.root].source;
    bool root = false, other = false, generic = false;
    for (size_t i = 0; i < dp.credits.size(); ++i) {
      if (dp.self_credit[i]) continue;
      const std::string& name = dp.credits[i].name;
      if (options_.agencies.SameOutlet(name, parent_source)) return "parent";
      if (options_.agencies.SameOutlet(name, root_source)) {
        root = true;
      } else if (name == kGenericAgencies) {
        generic = true;
      } else {
        other = true;
      }
    }
    return root ? "root" : other ? "other" : generic ? "generic" : "none";
  }

  std::vector<ParentLink> Parents(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                                  const std::vector<uint32_t>& neighbours, const std::vector<int64_t>& cluster_of) {
    const std::vector<uint32_t>& set = sets_[d];
    std::vector<ParentLink> parents;
    if (set.empty()) return parents;
    struct Candidate {
      uint32_t doc;
      double share;
      int64_t position;  // rank in d's cluster; -1 for another cluster's document
    };
    std::vector<Candidate> candidates;
    const double size = static_cast<double>(set.size());
    for (size_t r = 0; r < rank; ++r) {
      const Overlap o = Compare(d, order[r]);
      const double share = o.shared / size;
      if (o.shared > 0 && share >= options_.min_share) {
        candidates.push_back({order[r], share, static_cast<int64_t>(r)});
      }
    }
    for (uint32_t e : neighbours) {
      if (cluster_of[e] == cluster_of[d]) continue;
      const Overlap o = Compare(d, e);
      const double share = o.shared / size;
      if (share < options_.min_share) continue;
      // Without evidence either way, another cluster's document may still be
      // a parent when the representative order puts it first (dated before
      // undated, then longer).
      const int dir = Orient(e, d).dir;
      if (dir < 0 || (dir == 0 && !RepresentsBefore(Key(e), Key(d)))) continue;
      candidates.push_back({e, share, -1});
    }
    // The engine may split one story into two clusters (a copy that fell
    // below the anchor to the story's representative takes its own copies
    // along). The first document of such a cluster looks for its source in
    // the other clusters that hold its text.
    if (candidates.empty()) {
      for (uint32_t other : other_clusters_[d]) {
        const std::vector<uint32_t>& members = shared_.clusters[other];
        if (members.size() > options_.max_pairwise_cluster) continue;
        for (uint32_t e : members) {
          const Overlap o = Compare(d, e);
          const double share = o.shared / size;
          if (share < kMinSplitShare) continue;
          // Evidence is required here: without it the first document of the
          // cluster stays a root rather than hang below a guess.
          if (Orient(e, d).dir <= 0) continue;
          candidates.push_back({e, share, -1});
        }
      }
    }
    if (candidates.empty()) return parents;
    // Score each candidate by the child's text it holds minus the child's
    // text that the candidate's own ancestors hold but it lacks ("lost"). A
    // copy of X carries everything X kept, so if the child holds text that X
    // dropped or reworded, the child did not come through X: X is a sibling
    // (a later copy of the same source that happens to share the child's new
    // lead, credit phrase or synonym swaps) and its ancestor is the better
    // parent. See ProvenanceOptions::lost_weight.
    // Title shingles (and those spanning title and text) are left out of
    // this choice: a copy picks its headline from a handful the story went
    // out with and often drops the dateline, so two siblings often agree on
    // them by chance.
    std::vector<uint32_t> body;
    {
      std::vector<uint32_t> skip = TitleShingles(d);
      {
        // A credit naming a copy among the candidates (not the story's
        // source) is the strongest sign of that copy: keep it.
        std::vector<std::string_view> copies;
        for (const Candidate& c : candidates) {
          if (PrimaryOf(c.doc) >= 0) copies.push_back(run_.articles[c.doc].source);
        }
        std::vector<uint32_t> credit = CreditShingles(d, copies), merged;
        std::set_union(skip.begin(), skip.end(), credit.begin(), credit.end(), std::back_inserter(merged));
        skip.swap(merged);
      }
      std::set_difference(set.begin(), set.end(), skip.begin(), skip.end(), std::back_inserter(body));
      if (body.empty()) body = set;
    }
    const double body_size = static_cast<double>(body.size());
    // Each candidate's share of the body as a bitmap over body positions.
    const size_t words = (body.size() + 63) / 64;
    auto bits_of = [&](uint32_t doc, std::vector<uint64_t>* out) {
      out->assign(words, 0);
      const std::vector<uint32_t>& p = sets_[doc];
      size_t i = 0, j = 0;
      while (i < body.size() && j < p.size()) {
        if (body[i] < p[j]) {
          ++i;
        } else if (p[j] < body[i]) {
          ++j;
        } else {
          (*out)[i >> 6] |= uint64_t{1} << (i & 63);
          ++i, ++j;
        }
      }
    };
    auto count = [](const std::vector<uint64_t>& v) {
      size_t n = 0;
      for (uint64_t w : v) n += static_cast<size_t>(__builtin_popcountll(w));
      return n;
    };
    const size_t nc = candidates.size();
    std::vector<std::vector<uint64_t>> bits(nc);
    absl::flat_hash_map<uint32_t, size_t> candidate_of;
    for (size_t i = 0; i < nc; ++i) {
      bits_of(candidates[i].doc, &bits[i]);
      candidate_of[candidates[i].doc] = i;
    }
    // Ancestors (by primary parent, as decided so far) of each candidate,
    // as candidate indices where they are candidates.
    absl::flat_hash_map<uint32_t, std::vector<uint64_t>> outside;  // ancestors that are not candidates
    std::vector<std::vector<uint64_t>> ancestor_bits(nc, std::vector<uint64_t>(words, 0));
    for (size_t i = 0; i < nc; ++i) {
      int steps = 0;
      for (int64_t a = PrimaryOf(candidates[i].doc); a >= 0 && steps < kMaxAncestors;
           a = PrimaryOf(static_cast<uint32_t>(a)), ++steps) {
        const std::vector<uint64_t>* theirs;
        const auto it = candidate_of.find(static_cast<uint32_t>(a));
        if (it != candidate_of.end()) {
          theirs = &bits[it->second];
        } else {
          auto [o, inserted] = outside.try_emplace(static_cast<uint32_t>(a));
          if (inserted) bits_of(static_cast<uint32_t>(a), &o->second);
          theirs = &o->second;
        }
        for (size_t w = 0; w < words; ++w) ancestor_bits[i][w] |= (*theirs)[w];
      }
    }
    std::vector<double> score(nc);
    std::vector<uint32_t> lost_of(nc, 0), common_of(nc, 0);
    for (size_t i = 0; i < nc; ++i) {
      uint32_t lost = 0;
      for (size_t w = 0; w < words; ++w) {
        lost += static_cast<uint32_t>(__builtin_popcountll(ancestor_bits[i][w] & ~bits[i][w]));
      }
      common_of[i] = static_cast<uint32_t>(count(bits[i]));
      lost_of[i] = lost;
      score[i] = (static_cast<double>(common_of[i]) - options_.lost_weight * lost) / body_size;
      // The child names this copy's outlet ("(Courtesy: X)", "…reports X",
      // "(ANI)" on a copy of ANI's copy): the copy it says it took. Credits
      // naming the story's own source say nothing here, since every copier
      // adds them on its own.
      const std::string& outlet = run_.articles[candidates[i].doc].source;
      if (candidates[i].position > 0 && !options_.agencies.SameOutlet(outlet, run_.articles[order[0]].source) &&
          !options_.agencies.SameOutlet(outlet, run_.articles[d].source) && CreditsOutlet(d, outlet)) {
        score[i] += kCreditBonus;
      }
    }
    // The primary parent comes from the child's own cluster when it has a
    // candidate there: a composite belongs to the cluster of the story that
    // supplied most of it.
    const bool any_inside = std::any_of(candidates.begin(), candidates.end(),
                                        [](const Candidate& c) { return c.position >= 0; });
    double best = -1e300;
    for (size_t i = 0; i < nc; ++i) {
      if (!any_inside || candidates[i].position >= 0) best = std::max(best, score[i]);
    }
    // Near-ties go to the candidate closest to the root: a later copy that
    // holds no more of the child than its source is no evidence that the
    // child went through it.
    size_t primary_index = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (any_inside && candidates[i].position < 0) continue;
      if (score[i] + options_.near_tie + 1e-12 < best) continue;
      if (primary_index == candidates.size()) {
        primary_index = i;
        continue;
      }
      const Candidate& c = candidates[i];
      const Candidate& p = candidates[primary_index];
      if ((c.position < 0) != (p.position < 0)) {  // the child's own cluster first
        if (p.position < 0) primary_index = i;
        continue;
      }
      if (c.position < p.position || (c.position == p.position && score[i] > score[primary_index])) {
        primary_index = i;
      }
    }
    const Candidate* primary = &candidates[primary_index];
    std::vector<uint32_t> covered;
    auto add = [&](const Candidate& c) {
      ParentLink link;
      link.doc = c.doc;
      link.share = c.share;
      link.cluster = cluster_of[c.doc];
      link.other_cluster = cluster_of[c.doc] != cluster_of[d];
      const Orientation o = Orient(c.doc, d);
      link.evidence = o.dir > 0 ? o.evidence : std::vector<std::string>{"order"};
      link.passages = Passages(run_.articles[d], Tok(d), set, run_.articles[c.doc], Tok(c.doc),
                               IndexOf(c.doc));
      parents.push_back(std::move(link));
      std::vector<uint32_t> merged;
      const std::vector<uint32_t>& p = sets_[c.doc];
      std::vector<uint32_t> shared;
      std::set_intersection(set.begin(), set.end(), p.begin(), p.end(), std::back_inserter(shared));
      std::set_union(covered.begin(), covered.end(), shared.begin(), shared.end(), std::back_inserter(merged));
      covered.swap(merged);
    };
    add(*primary);
    while (static_cast<int>(parents.size()) < options_.max_parents) {
      const Candidate* next = nullptr;
      uint32_t next_added = 0;
      for (const Candidate& c : candidates) {
        if (std::any_of(parents.begin(), parents.end(), [&](const ParentLink& l) { return l.doc == c.doc; })) {
          continue;
        }
        const uint32_t added = Added(set, sets_[c.doc], covered);
        if (added > next_added || (added == next_added && next != nullptr && c.position > next->position)) {
          next = &c;
          next_added = added;
        }
      }
      if (next == nullptr || next_added < options_.min_added_share * size) break;
      add(*next);
    }
    return parents;
  }

 private:
  const ClusterRun& run_;
  const EngineOptions& engine_;
  const ProvenanceOptions& options_;
  Shared& shared_;
  const std::vector<std::vector<uint32_t>>& sets_;
  const std::vector<std::vector<uint32_t>>& other_clusters_;
  std::vector<int64_t>& primary_of_;
  uint32_t current_cluster_ = 0;
  // Caches for the cluster being worked on (and documents of other clusters
  // it touches); dropped with the worker.
  absl::flat_hash_map<uint32_t, std::unique_ptr<Tokenized>> tokenized_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<Positions>> positions_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<ParentIndex>> parent_index_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<std::vector<Credit>>> credits_;
};

}  // namespace

std::vector<Passage> FindPassages(const Article& child, absl::Span<const uint32_t> child_set,
                                  const Article& parent, absl::Span<const uint32_t> parent_set,
                                  const EngineOptions& engine) {
  Tokenized c, p;
  TokenizeArticle(child, engine, &c);
  TokenizeArticle(parent, engine, &p);
  return Passages(child, c, child_set, parent, p, IndexParent(p, parent_set));
}

namespace {

// Shingles found in documents of more than max_clusters_per_shingle
// clusters are template text (site furniture shared by a family of outlets,
// teasers, stock phrases), not story text: dropped from every comparison.
// Story text lives in one cluster, or two when a composite took it.
//
// The shingles of all documents are split by their top bits into shards;
// each shard lists (shingle, cluster) in cluster order, sorts it and keeps
// the shingles seen in two or more clusters. That table is small (most
// story text lives in one cluster), unlike a map of every shingle.
void ContentSets(const ClusterRun& run, const ProvenanceOptions& options, Shared* sh) {
  struct Multi {
    uint32_t first = 0, second = 0;  // the first two clusters holding the shingle
    uint32_t clusters = 0;           // how many clusters hold it
  };
  constexpr int kShardBits = 6;
  constexpr int kShards = 1 << kShardBits;
  std::vector<std::vector<std::pair<uint32_t, Multi>>> multi(kShards);
  const std::vector<std::vector<uint32_t>>& clusters = sh->clusters;
  size_t occurrences = 0;
  for (const std::vector<uint32_t>& set : run.shingle_sets) occurrences += set.size();
  tbb::parallel_for(0, kShards, [&](int shard) {
    const uint64_t lo = static_cast<uint64_t>(shard) << (32 - kShardBits);
    const uint64_t hi = static_cast<uint64_t>(shard + 1) << (32 - kShardBits);
    std::vector<std::pair<uint32_t, uint32_t>> seen, tmp;  // (shingle, cluster)
    seen.reserve(occurrences / kShards + occurrences / (4 * kShards) + 16);
    for (uint32_t c = 0; c < clusters.size(); ++c) {
      for (uint32_t d : clusters[c]) {
        const std::vector<uint32_t>& set = run.shingle_sets[d];
        auto it = std::lower_bound(set.begin(), set.end(), lo);
        for (; it != set.end() && *it < hi; ++it) seen.emplace_back(*it, c);
      }
    }
    // Stable radix sort by shingle on the bits below the shard's: within a
    // shingle, clusters stay in ascending order.
    constexpr int kDigit = (32 - kShardBits + 1) / 2;
    tmp.resize(seen.size());
    std::vector<uint32_t> start(size_t{1} << kDigit);
    for (int shift = 0; shift < 32 - kShardBits; shift += kDigit) {
      std::fill(start.begin(), start.end(), 0);
      const uint32_t mask = (uint32_t{1} << kDigit) - 1;
      for (const auto& x : seen) ++start[(x.first >> shift) & mask];
      uint32_t sum = 0;
      for (uint32_t& s : start) sum += std::exchange(s, sum);
      for (const auto& x : seen) tmp[start[(x.first >> shift) & mask]++] = x;
      seen.swap(tmp);
    }
    std::vector<std::pair<uint32_t, Multi>>& out = multi[shard];
    for (size_t i = 0; i < seen.size();) {
      size_t e = i + 1;
      Multi m{seen[i].second, 0, 1};
      for (; e < seen.size() && seen[e].first == seen[i].first; ++e) {
        if (seen[e].second != seen[e - 1].second) {
          if (m.clusters == 1) m.second = seen[e].second;
          ++m.clusters;
        }
      }
      if (m.clusters >= 2) out.emplace_back(seen[i].first, m);
      i = e;
    }
  });
  size_t total = 0;
  for (const auto& m : multi) total += m.size();
  absl::flat_hash_map<uint32_t, Multi> shared_by;
  shared_by.reserve(total);
  for (const auto& m : multi) shared_by.insert(m.begin(), m.end());
  multi.clear();
  const size_t n = run.shingle_sets.size();
  sh->sets.resize(n);
  sh->other_clusters.resize(n);
  const uint32_t max_clusters = options.max_clusters_per_shingle;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 64), [&](const tbb::blocked_range<size_t>& range) {
    std::vector<std::pair<uint32_t, uint32_t>> shared_with;  // (other cluster, shingles)
    for (size_t d = range.begin(); d != range.end(); ++d) {
      const uint32_t c = sh->cluster_index[d];
      const std::vector<uint32_t>& all = run.shingle_sets[d];
      std::vector<uint32_t>& set = sh->sets[d];
      set.reserve(all.size());
      shared_with.clear();
      for (uint32_t h : all) {
        const auto it = shared_by.find(h);
        const uint32_t count = it == shared_by.end() ? 1 : it->second.clusters;
        if (max_clusters == 0 || count <= max_clusters) {
          set.push_back(h);
          if (count == 2) {
            const Multi& m = it->second;
            shared_with.emplace_back(m.first == c ? m.second : m.first, 1);
          }
        }
      }
      // A page made only of common text keeps it all rather than nothing.
      if (set.empty()) set = all;
      set.shrink_to_fit();
      std::sort(shared_with.begin(), shared_with.end());
      for (size_t i = 0; i < shared_with.size();) {
        size_t e = i;
        while (e < shared_with.size() && shared_with[e].first == shared_with[i].first) ++e;
        const size_t count = e - i;
        if (static_cast<double>(count) >= options.min_share * static_cast<double>(set.size())) {
          sh->other_clusters[d].push_back(shared_with[i].first);
        }
        i = e;
      }
    }
  });
}

}  // namespace

absl::StatusOr<ProvenanceResult> ComputeProvenance(const ClusterRun& run, absl::Span<const int64_t> cluster_of,
                                                   const EngineOptions& engine, const ProvenanceOptions& options) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (run.articles.size() != run.documents.size() || run.shingle_sets.size() != run.documents.size()) {
    return absl::InvalidArgumentError("provenance needs a run made with keep_articles");
  }
  if (!cluster_of.empty() && cluster_of.size() != run.documents.size()) {
    return absl::InvalidArgumentError("cluster_of must give one cluster per document");
  }
  const size_t n = run.articles.size();
  ProvenanceResult result;
  result.cluster_of.resize(n);
  for (size_t d = 0; d < n; ++d) {
    result.cluster_of[d] = cluster_of.empty() ? run.documents[d].cluster : cluster_of[d];
  }
  std::vector<std::vector<uint32_t>> neighbours(n);
  for (const Edge& e : run.edges) {
    neighbours[e.a].push_back(e.b);
    neighbours[e.b].push_back(e.a);
  }
  Shared sh;
  {
    // Clusters in order of first appearance.
    absl::flat_hash_map<int64_t, uint32_t> index_of;
    sh.cluster_index.resize(n);
    for (uint32_t d = 0; d < n; ++d) {
      auto [it, inserted] = index_of.try_emplace(result.cluster_of[d], static_cast<uint32_t>(sh.clusters.size()));
      if (inserted) sh.clusters.emplace_back();
      sh.clusters[it->second].push_back(d);
      sh.cluster_index[d] = it->second;
    }
  }
  std::vector<uint32_t> multi;  // clusters of two or more, in order
  std::vector<size_t> offset;   // where each one's documents start in result.documents
  size_t total = 0;
  for (uint32_t c = 0; c < sh.clusters.size(); ++c) {
    if (sh.clusters[c].size() < 2) continue;
    multi.push_back(c);
    offset.push_back(total);
    total += sh.clusters[c].size();
  }
  sh.primary_of.assign(n, -1);
  sh.credits.resize(n);
  sh.has_credits.assign(n, 0);
  result.documents.resize(total);
  const int threads = engine.threads > 0 ? engine.threads
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    ContentSets(run, options, &sh);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, multi.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        for (uint32_t d : sh.clusters[multi[i]]) {
          sh.credits[d] = FindCredits(run.articles[d].text, options.agencies);
          sh.has_credits[d] = 1;
        }
      }
    });
    // Largest clusters first, so that one big cluster does not start last.
    std::vector<size_t> schedule(multi.size());
    for (size_t i = 0; i < schedule.size(); ++i) schedule[i] = i;
    std::stable_sort(schedule.begin(), schedule.end(), [&](size_t a, size_t b) {
      return sh.clusters[multi[a]].size() > sh.clusters[multi[b]].size();
    });
    tbb::parallel_for(tbb::blocked_range<size_t>(0, schedule.size(), 1), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t k = r.begin(); k != r.end(); ++k) {
        const size_t i = schedule[k];
        Provenance worker(run, engine, options, &sh);
        worker.ProcessCluster(multi[i], neighbours, result.cluster_of, &result.documents[offset[i]]);
      }
    });
  });
  std::vector<int64_t> slot_of(n, -1);  // index into result.documents
  for (size_t i = 0; i < result.documents.size(); ++i) slot_of[result.documents[i].doc] = static_cast<int64_t>(i);
  // Roots, then what each copy credits (the root is needed for that).
  for (DocumentProvenance& dp : result.documents) {
    uint32_t at = dp.doc;
    std::vector<uint32_t> seen;
    while (true) {
      seen.push_back(at);
      const int64_t slot = slot_of[at];
      if (slot < 0 || result.documents[slot].parents.empty()) break;
      const uint32_t next = result.documents[slot].parents[0].doc;
      if (std::find(seen.begin(), seen.end(), next) != seen.end()) break;
      at = next;
    }
    dp.root = at;
  }
  Provenance status(run, engine, options, &sh);
  for (DocumentProvenance& dp : result.documents) {
    const Article& a = run.articles[dp.doc];
    dp.credits = std::move(sh.credits[dp.doc]);
    for (const Credit& c : dp.credits) dp.self_credit.push_back(options.agencies.SameOutlet(c.name, a.source));
    for (ParentLink& link : dp.parents) link.credit = status.CreditStatus(dp, link.doc);
  }
  return result;
}

}  // namespace wiretrace
