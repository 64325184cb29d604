#include "wiretrace/provenance.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
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

std::vector<Passage> Passages(const Article& child, const Tokenized& c, absl::Span<const uint32_t> child_set,
                              const Article& parent, const Tokenized& p, absl::Span<const uint32_t> parent_set) {
  // Where each shingle starts in the parent's body. Capped per shingle: a
  // phrase repeated twenty times in one page adds nothing to alignment.
  constexpr size_t kMaxPositions = 16;
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> where;
  for (uint32_t j = p.title_tokens; j < p.shingles.size(); ++j) {
    if (!InSet(parent_set, p.shingles[j])) continue;
    std::vector<uint32_t>& v = where[p.shingles[j]];
    if (v.size() < kMaxPositions) v.push_back(j);
  }
  struct Run {
    uint32_t a, e, b, f;  // child tokens [a, e), parent tokens [b, f)
  };
  std::vector<Run> runs;
  const auto nc = static_cast<uint32_t>(c.tokens.size());
  const auto np = static_cast<uint32_t>(p.tokens.size());
  uint32_t covered = c.title_tokens;  // child tokens before this are in a run already
  for (uint32_t i = c.title_tokens; i < c.shingles.size();) {
    const auto it = where.find(c.shingles[i]);
    if (it == where.end() || !InSet(child_set, c.shingles[i])) {
      ++i;
      continue;
    }
    Run best{0, 0, 0, 0};
    for (uint32_t j : it->second) {
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

struct Orientation {
  int dir = 0;  // +1: the first document came before the second; -1: after; 0: unknown
  std::vector<std::string> evidence;
};

class Provenance {
 public:
  Provenance(const ClusterRun& run, const EngineOptions& engine, const ProvenanceOptions& options)
      : run_(run), engine_(engine), options_(options), tokenized_(run.articles.size()),
        credits_(run.articles.size()) {}

  const Tokenized& Tok(uint32_t d) {
    if (!tokenized_[d]) {
      tokenized_[d] = std::make_unique<Tokenized>();
      TokenizeArticle(run_.articles[d], engine_, tokenized_[d].get());
    }
    return *tokenized_[d];
  }

  const std::vector<Credit>& Credits(uint32_t d) {
    if (!credits_[d]) {
      credits_[d] = std::make_unique<std::vector<Credit>>(FindCredits(run_.articles[d].text, options_.agencies));
    }
    return *credits_[d];
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
    const std::vector<uint32_t>& large_set = sets_[large];
    const std::vector<uint32_t>& small_set = sets_[small];
    size_t first_shared = t.shingles.size(), last_shared = 0;
    for (size_t i = 0; i < t.shingles.size(); ++i) {
      if (InSet(small_set, t.shingles[i])) {
        first_shared = std::min(first_shared, i);
        last_shared = i;
      }
    }
    size_t extra = 0, before = 0, after = 0;
    for (size_t i = 0; i < t.shingles.size(); ++i) {
      if (!InSet(large_set, t.shingles[i]) || InSet(small_set, t.shingles[i])) continue;
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

  // Shingles found in documents of more than max_clusters_per_shingle
  // clusters are template text (site furniture shared by a family of outlets,
  // teasers, stock phrases), not story text: dropped from every comparison.
  // Story text lives in one cluster, or two when a composite took it.
  void ContentSets(const std::vector<std::vector<uint32_t>>& clusters) {
    struct Seen {
      uint32_t last_cluster;
      uint32_t clusters;
    };
    absl::flat_hash_map<uint32_t, Seen> seen;
    for (uint32_t c = 0; c < clusters.size(); ++c) {
      for (uint32_t d : clusters[c]) {
        for (uint32_t h : run_.shingle_sets[d]) {
          auto [it, inserted] = seen.try_emplace(h, Seen{c, 1});
          if (!inserted && it->second.last_cluster != c) {
            it->second.last_cluster = c;
            ++it->second.clusters;
          }
        }
      }
    }
    sets_.resize(run_.shingle_sets.size());
    for (size_t d = 0; d < sets_.size(); ++d) {
      for (uint32_t h : run_.shingle_sets[d]) {
        if (options_.max_clusters_per_shingle == 0 || seen[h].clusters <= options_.max_clusters_per_shingle) {
          sets_[d].push_back(h);
        }
      }
      // A page made only of common text keeps it all rather than nothing.
      if (sets_[d].empty()) sets_[d] = run_.shingle_sets[d];
    }
  }

  absl::StatusOr<ProvenanceResult> Run(absl::Span<const int64_t> cluster_override) {
    const size_t n = run_.articles.size();
    ProvenanceResult result;
    result.cluster_of.resize(n);
    for (size_t d = 0; d < n; ++d) {
      result.cluster_of[d] = cluster_override.empty() ? run_.documents[d].cluster : cluster_override[d];
    }
    std::vector<std::vector<uint32_t>> neighbours(n);
    for (const Edge& e : run_.edges) {
      neighbours[e.a].push_back(e.b);
      neighbours[e.b].push_back(e.a);
    }
    // Clusters in order of first appearance.
    absl::flat_hash_map<int64_t, uint32_t> index_of;
    std::vector<std::vector<uint32_t>> clusters;
    for (uint32_t d = 0; d < n; ++d) {
      auto [it, inserted] = index_of.try_emplace(result.cluster_of[d], static_cast<uint32_t>(clusters.size()));
      if (inserted) clusters.emplace_back();
      clusters[it->second].push_back(d);
    }
    ContentSets(clusters);
    std::vector<int64_t> rank_of(n, -1);
    std::vector<int64_t> slot_of(n, -1);  // index into result.documents
    for (std::vector<uint32_t>& members : clusters) {
      if (members.size() < 2) continue;
      const std::vector<uint32_t> order = Order(members);
      for (size_t r = 0; r < order.size(); ++r) rank_of[order[r]] = static_cast<int64_t>(r);
      for (size_t r = 0; r < order.size(); ++r) {
        const uint32_t d = order[r];
        DocumentProvenance dp;
        dp.doc = d;
        dp.cluster = result.cluster_of[d];
        dp.rank = static_cast<uint32_t>(r);
        dp.parents = Parents(d, order, r, neighbours[d], result.cluster_of);
        slot_of[d] = static_cast<int64_t>(result.documents.size());
        result.documents.push_back(std::move(dp));
      }
    }
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
    for (DocumentProvenance& dp : result.documents) {
      const Article& a = run_.articles[dp.doc];
      dp.credits = Credits(dp.doc);
      for (const Credit& c : dp.credits) dp.self_credit.push_back(options_.agencies.SameOutlet(c.name, a.source));
      for (ParentLink& link : dp.parents) link.credit = CreditStatus(dp, link.doc);
    }
    return result;
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
    if (candidates.empty()) return parents;
    double best = 0.0;
    for (const Candidate& c : candidates) best = std::max(best, c.share);
    const Candidate* primary = nullptr;
    for (const Candidate& c : candidates) {
      if (c.share + options_.near_tie + 1e-12 < best) continue;
      if (primary == nullptr || c.position > primary->position ||
          (c.position == primary->position && c.share > primary->share)) {
        primary = &c;
      }
    }
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
                               sets_[c.doc]);
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
  std::vector<std::unique_ptr<Tokenized>> tokenized_;
  std::vector<std::unique_ptr<std::vector<Credit>>> credits_;
  std::vector<std::vector<uint32_t>> sets_;  // content shingles (see ContentSets)
};

}  // namespace

std::vector<Passage> FindPassages(const Article& child, absl::Span<const uint32_t> child_set,
                                  const Article& parent, absl::Span<const uint32_t> parent_set,
                                  const EngineOptions& engine) {
  Tokenized c, p;
  TokenizeArticle(child, engine, &c);
  TokenizeArticle(parent, engine, &p);
  return Passages(child, c, child_set, parent, p, parent_set);
}

absl::StatusOr<ProvenanceResult> ComputeProvenance(const ClusterRun& run, absl::Span<const int64_t> cluster_of,
                                                   const EngineOptions& engine, const ProvenanceOptions& options) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (run.articles.size() != run.documents.size() || run.shingle_sets.size() != run.documents.size()) {
    return absl::InvalidArgumentError("provenance needs a run made with keep_articles");
  }
  if (!cluster_of.empty() && cluster_of.size() != run.documents.size()) {
    return absl::InvalidArgumentError("cluster_of must give one cluster per document");
  }
  Provenance p(run, engine, options);
  return p.Run(cluster_of);
}

}  // namespace wiretrace
