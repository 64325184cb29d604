#include "wiretrace/provenance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "internal/bits.h"
#include "internal/radix_sort.h"
#include "internal/sorted_set.h"
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

// Keys of the sorted lists merged below (internal::ForEachKeyIn).
constexpr auto ByFirst = [](const std::pair<uint32_t, uint32_t>& x) { return x.first; };
constexpr auto Itself = [](uint32_t x) { return x; };

// A document re-tokenized the way the engine did it (title, then text), with
// the shingle that starts at each token.
struct Tokenized {
  std::vector<Token> tokens;
  uint32_t title_tokens = 0;
  std::vector<uint32_t> shingles;  // shingles[i] starts at tokens[i]
};

// Fills *out (its old contents, if any, are dropped; its buffers are kept).
void TokenizeArticle(const Article& a, const EngineOptions& engine, Tokenized* out) {
  out->tokens.clear();
  out->shingles.clear();
  // Prose has about a token per six bytes: room for a quarter of the bytes
  // saves the copies of growing the vector ten times.
  out->tokens.reserve((a.title.size() + a.text.size()) / 4 + 16);
  Tokenize(a.title, engine.normalize, &out->tokens);
  out->title_tokens = static_cast<uint32_t>(out->tokens.size());
  Tokenize(a.text, engine.normalize, &out->tokens);
  Shingle(out->tokens, engine.shingle, &out->shingles);
}

// A document's shingles by hash: (hash, position) sorted by hash, then
// position, and whether each position holds a content shingle.
struct Positions {
  std::vector<std::pair<uint32_t, uint32_t>> by_hash;
  std::vector<uint8_t> content;
};

// Fills *out as TokenizeArticle does.
void MakePositions(const Tokenized& t, absl::Span<const uint32_t> set, Positions* out) {
  Positions& p = *out;
  p.by_hash.clear();
  p.by_hash.reserve(t.shingles.size());
  for (size_t i = 0; i < t.shingles.size(); ++i) p.by_hash.emplace_back(t.shingles[i], static_cast<uint32_t>(i));
  internal::RadixSortByFirst(&p.by_hash);  // random hashes: see radix_sort.h
  p.content.assign(t.shingles.size(), 0);
  internal::ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(p.by_hash), set, ByFirst, Itself,
                         [&](size_t i, size_t) { p.content[p.by_hash[i].second] = 1; });
}

// Where each content shingle starts in a parent's body, as (hash, token)
// sorted by hash, then token. Capped per shingle: a phrase repeated twenty
// times in one page adds nothing to alignment. Built once per parent and
// reused for each of its children.
using ParentIndex = std::vector<std::pair<uint32_t, uint32_t>>;

// Fills *out as TokenizeArticle does.
void IndexParent(const Tokenized& p, const Positions& where, ParentIndex* out) {
  constexpr size_t kMaxPositions = 16;
  ParentIndex& index = *out;
  index.clear();
  index.reserve(where.by_hash.size());
  for (size_t i = 0; i < where.by_hash.size();) {
    size_t e = i, kept = 0;
    for (; e < where.by_hash.size() && where.by_hash[e].first == where.by_hash[i].first; ++e) {
      const uint32_t j = where.by_hash[e].second;
      if (j >= p.title_tokens && where.content[j] && kept < kMaxPositions) {
        index.push_back(where.by_hash[e]);
        ++kept;
      }
    }
    i = e;
  }
}

// Code point offsets of byte offsets into one text, asked mostly in
// increasing order: each answer counts on from the last one, instead of
// from the start of the text (which was quadratic in the passages).
class CodePointCounter {
 public:
  explicit CodePointCounter(std::string_view text) : text_(text) {}

  uint32_t At(uint32_t byte) {
    const uint32_t to = std::min<uint32_t>(byte, static_cast<uint32_t>(text_.size()));
    if (to < byte_) byte_ = 0, cp_ = 0;
    cp_ += CodePointOffset(text_.substr(byte_), to - byte_);
    byte_ = to;
    return cp_;
  }

 private:
  std::string_view text_;
  uint32_t byte_ = 0;  // the last byte offset asked, and its code point offset
  uint32_t cp_ = 0;
};

std::vector<Passage> Passages(const Article& child, const Tokenized& c, const Positions& child_positions,
                              const Article& parent, const Tokenized& p, const ParentIndex& where) {
  struct Run {
    uint32_t a, e, b, f;  // child tokens [a, e), parent tokens [b, f)
  };
  // For each child position holding a content shingle, where that shingle's
  // entries start in the parent index (kNone: not in the parent): one merge
  // of the two hash-sorted lists.
  constexpr uint32_t kNone = ~uint32_t{0};
  std::vector<uint32_t> match(c.shingles.size(), kNone);
  {
    const auto& mine = child_positions.by_hash;
    internal::ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(mine),
                           absl::Span<const std::pair<uint32_t, uint32_t>>(where), ByFirst, ByFirst,
                           [&](size_t i, size_t j) {
                             if (child_positions.content[mine[i].second]) match[mine[i].second] = static_cast<uint32_t>(j);
                           });
  }
  std::vector<Run> runs;
  const auto nc = static_cast<uint32_t>(c.tokens.size());
  const auto np = static_cast<uint32_t>(p.tokens.size());
  uint32_t covered = c.title_tokens;  // child tokens before this are in a run already
  for (uint32_t i = c.title_tokens; i < c.shingles.size();) {
    const uint32_t h = c.shingles[i];
    if (match[i] == kNone) {
      ++i;
      continue;
    }
    Run best{0, 0, 0, 0};
    for (size_t k = match[i]; k < where.size() && where[k].first == h; ++k) {
      const uint32_t j = where[k].second;
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
  CodePointCounter child_cp(child.text), parent_cp(parent.text);
  for (const Run& r : runs) {
    Passage ps;
    ps.child_begin_byte = c.tokens[r.a].begin;
    ps.child_end_byte = c.tokens[r.e - 1].end;
    ps.parent_begin_byte = p.tokens[r.b].begin;
    ps.parent_end_byte = p.tokens[r.f - 1].end;
    ps.child_begin = child_cp.At(ps.child_begin_byte);
    ps.child_end = child_cp.At(ps.child_end_byte);
    ps.parent_begin = parent_cp.At(ps.parent_begin_byte);
    ps.parent_end = parent_cp.At(ps.parent_end_byte);
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

// Strength of the evidence for an order between two documents (Orientation).
constexpr int kByText = 1;        // text evidence, or none
constexpr int kByTiedCredit = 2;  // one of two same-day documents credits a third outlet
constexpr int kFirm = 3;          // dates, or one credits the other's outlet

struct Orientation {
  int dir = 0;  // +1: the first document came before the second; -1: after; 0: unknown
  int strength = kByText;  // of the evidence for dir
  std::vector<std::string> evidence;
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
                          const absl::flat_hash_set<std::string>& outlets) {
  DocCredits out;
  for (Credit& c : FindCredits(text, agencies)) {
    std::string key = agencies.OutletKey(c.name);
    if (!c.known && c.form == "according" && !outlets.contains(key)) continue;
    out.credits.push_back(std::move(c));
    out.keys.push_back(std::move(key));
  }
  return out;
}

// SameOutlet on outlet keys.
bool SameKey(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

// What every cluster's worker reads: built once, before the workers start,
// and not changed while they run, except primary_of, of which each worker
// writes and reads only the entries of its own cluster (so that no result
// depends on the order in which clusters are processed).
struct Shared {
  std::vector<std::vector<uint32_t>> sets;            // content shingles (see ContentSets)
  std::vector<std::vector<uint32_t>> other_clusters;  // per document: other clusters holding its text
  std::vector<std::vector<uint32_t>> clusters;        // members, clusters in order of first appearance
  std::vector<uint32_t> cluster_index;                // per document: index into clusters
  std::vector<std::string> outlet;                    // per document: OutletKey of its source
  absl::flat_hash_set<std::string> outlets;           // the distinct keys of outlet
  std::vector<DocCredits> credits;                    // per document in a cluster of two or more
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
      t = Spare(&spare_tokenized_);
      TokenizeArticle(run_.articles[d], engine_, t.get());
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
  int64_t PrimaryOf(uint32_t d) const {
    return shared_.cluster_index[d] == current_cluster_ ? primary_of_[d] : -1;
  }

  // Shingles that start in the title: those of the title alone and those
  // spanning the title and the start of the text. Sorted.
  //
  // They are defined as the title windows of the title tokenized together
  // with the text's first 2 KB (HeadTitleShingles): the choice of parent
  // depends on them, so that stays the definition. They are nearly always
  // the first shingles of the whole document, which is tokenized already;
  // those are taken when the first 2 KB cannot tokenize differently where
  // the title windows reach (see SameAsHead).
  std::vector<uint32_t> TitleShingles(uint32_t d) {
    const Tokenized& t = Tok(d);
    if (!SameAsHead(run_.articles[d], t)) return HeadTitleShingles(d);
    std::vector<uint32_t> shingles(t.shingles.begin(), t.shingles.begin() + t.title_tokens);
    MakeShingleSet(&shingles);
    return shingles;
  }

  // The text's first 2 KB, cut at a space, so that the last token read is
  // whole (a longer token would not change the windows that matter unless
  // it is among the first few).
  static std::string_view Head(std::string_view text) {
    if (text.size() <= 2048) return text;
    const size_t cut = text.rfind(' ', 2048);
    std::string_view head = text.substr(0, cut == std::string_view::npos || cut < 512 ? 2048 : cut);
    while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80) head.remove_suffix(1);
    if (!head.empty() && (static_cast<unsigned char>(head.back()) & 0x80)) head.remove_suffix(1);
    return head;
  }

  // Do the title windows of the whole document (t) equal those of the
  // title and Head(text)? The two tokenizations agree up to the first place
  // where tokenizing the head looks past its end: a tag or entity left open
  // by the cut, or the word cut in two. So they agree on the tokens the
  // title windows reach when those end well before the cut, with no tag or
  // entity on the way, or when the head is the whole text. And then all the
  // windows that start in the title fit in both.
  bool SameAsHead(const Article& a, const Tokenized& t) const {
    if (t.title_tokens == 0) return true;  // no windows either way
    size_t need = 0;  // tokens that the title windows reach
    for (size_t i = 0; i < t.title_tokens; ++i) {
      const int k = t.tokens[i].unspaced ? engine_.shingle.char_k : engine_.shingle.word_k;
      need = std::max(need, i + static_cast<size_t>(k));
    }
    if (need > t.tokens.size()) return false;  // the document is shorter than a window: rare, not worth a rule
    if (a.text.size() <= 2048) return true;    // the head is the whole text
    const size_t end = need > t.title_tokens ? t.tokens[need - 1].end : 0;
    constexpr size_t kMargin = 64;  // longer than any entity or code point read ahead
    return end + kMargin <= Head(a.text).size() &&
           std::string_view(a.text).substr(0, end + 1).find_first_of("<&") == std::string_view::npos;
  }

  std::vector<uint32_t> HeadTitleShingles(uint32_t d) const {
    const Article& a = run_.articles[d];
    std::vector<uint32_t> out;
    if (a.title.empty()) return out;
    std::vector<Token> tokens;
    Tokenize(a.title, engine_.normalize, &tokens);
    const size_t title_tokens = tokens.size();
    Tokenize(Head(a.text), engine_.normalize, &tokens);
    std::vector<uint32_t> shingles;
    Shingle(tokens, engine_.shingle, &shingles);
    shingles.resize(std::min(shingles.size(), title_tokens));
    MakeShingleSet(&shingles);
    return shingles;
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
  bool CreditsOutlet(uint32_t d, const std::string& outlet) {
    const DocCredits& credits = Credits(d);
    for (const std::string& key : credits.keys) {
      if (SameKey(key, outlet) && !SameKey(key, shared_.outlet[d])) return true;
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
    internal::ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(where.by_hash),
                           absl::Span<const uint32_t>(small_set), ByFirst, Itself,
                           [&](size_t i, size_t) { shared[where.by_hash[i].second] = 1; });
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
    // Most of the extra text sits inside the shared text, not around it: the
    // larger one inserted a passage (a local paragraph) or the smaller one cut
    // one from the middle. Either can be the copy, so the text does not say.
    const size_t window = static_cast<size_t>(2 * engine_.shingle.word_k + 2);
    if (const size_t gap = LongestInnerGap(where, shared, first_shared, last_shared); gap >= window && gap >= after) {
      return 0;
    }
    int large_first;
    if (2 * before >= extra && !LeadHeldByOthers(a, b, t, where, shared, first_shared)) {
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

  // The longest run of content positions of the larger document, between
  // its first and last shared one, that the smaller does not hold.
  static size_t LongestInnerGap(const Positions& where, const std::vector<uint8_t>& shared, size_t first_shared,
                                size_t last_shared) {
    size_t run = 0, longest = 0;
    for (size_t i = first_shared; i <= last_shared && i < shared.size(); ++i) {
      if (!where.content[i]) continue;
      run = shared[i] ? 0 : run + 1;
      longest = std::max(longest, run);
    }
    return longest;
  }

  // Is the text that the larger document has before the shared text held by
  // at least two other members of the cluster? Then it is the story's own
  // lead, which the smaller one dropped, not a lead the larger one added:
  // a new lead is one outlet's, and only its own copies carry it on.
  bool LeadHeldByOthers(uint32_t a, uint32_t b, const Tokenized& t, const Positions& where,
                        const std::vector<uint8_t>& shared, size_t first_shared) {
    std::vector<uint32_t> lead;
    for (size_t i = 0; i < first_shared && i < t.shingles.size(); ++i) {
      if (where.content[i] && !shared[i]) lead.push_back(t.shingles[i]);
    }
    MakeShingleSet(&lead);
    if (lead.empty()) return false;
    // Through the cluster's holders of each shingle, not each member's set:
    // Order asks this for every pair, and a new lead is held by few members.
    const std::vector<std::pair<uint32_t, uint32_t>>& holders = Holders();
    absl::flat_hash_map<uint32_t, uint32_t> held;  // member -> lead shingles it holds
    for (uint32_t h : lead) {
      for (auto it = std::lower_bound(holders.begin(), holders.end(), std::make_pair(h, uint32_t{0}));
           it != holders.end() && it->first == h; ++it) {
        if (it->second != a && it->second != b) ++held[it->second];
      }
    }
    int members = 0;
    for (const auto& [m, n] : held) members += 2 * n >= lead.size();
    return members >= 2;
  }

  // (shingle, member) over the content sets of the cluster being worked on,
  // sorted: who holds a shingle. Made on first use for each cluster.
  const std::vector<std::pair<uint32_t, uint32_t>>& Holders() {
    if (holders_cluster_ != current_cluster_) {
      holders_.clear();
      for (uint32_t m : shared_.clusters[current_cluster_]) {
        for (uint32_t h : sets_[m]) holders_.emplace_back(h, m);
      }
      std::sort(holders_.begin(), holders_.end());
      holders_cluster_ = current_cluster_;
    }
    return holders_;
  }

  // Does `d` carry a credit (not its own) after the token where its shared
  // text ends?
  bool LateCredit(uint32_t d, const Tokenized& t, size_t last_shared) {
    if (last_shared < t.title_tokens || last_shared >= t.tokens.size()) return false;
    const uint32_t byte = t.tokens[last_shared].begin;
    const DocCredits& credits = Credits(d);
    for (size_t i = 0; i < credits.credits.size(); ++i) {
      if (credits.credits[i].end_byte > byte && !SameKey(credits.keys[i], shared_.outlet[d])) return true;
    }
    return false;
  }

  // Does d name its own outlet in a credit ("…reports Asian Lite News" on
  // Asian Lite News)?
  bool CreditsItself(uint32_t d) {
    const DocCredits& credits = Credits(d);
    return std::any_of(credits.keys.begin(), credits.keys.end(),
                       [&](const std::string& key) { return SameKey(key, shared_.outlet[d]); });
  }

  // Does d credit a known outlet (in the agency table) other than its own?
  // Unknown names ("according to media reports") and vague ones are left out.
  bool CreditsSomeoneElse(uint32_t d) {
    const DocCredits& credits = Credits(d);
    for (size_t i = 0; i < credits.credits.size(); ++i) {
      const Credit& c = credits.credits[i];
      if (c.known && c.name != kGenericAgencies && !SameKey(credits.keys[i], shared_.outlet[d])) return true;
    }
    return false;
  }

  // Which of a and b came first (see the header). With `evidence` false
  // only the direction is wanted (ordering, choosing candidates): the first
  // signal that speaks decides it, and the later ones, the text signal
  // above all, are not computed. Parent links want every agreeing signal.
  Orientation Orient(uint32_t a, uint32_t b, bool evidence = true) {
    const Article& x = run_.articles[a];
    const Article& y = run_.articles[b];
    Orientation o;
    bool date_only = false;
    const int time = TimeSignal(x.published, y.published, &date_only);
    if (!evidence && time != 0) {
      o.dir = time;
      o.strength = kFirm;
      return o;
    }
    const std::string& key_x = shared_.outlet[a];
    const std::string& key_y = shared_.outlet[b];
    const bool a_credits_b = !y.source.empty() && !SameKey(key_x, key_y) && CreditsOutlet(a, key_y);
    const bool b_credits_a = !x.source.empty() && !SameKey(key_x, key_y) && CreditsOutlet(b, key_x);
    const int credit = b_credits_a == a_credits_b ? 0 : b_credits_a ? 1 : -1;
    if (!evidence && credit != 0) {
      o.dir = credit;
      o.strength = kFirm;
      return o;
    }
    std::string text_label;
    const int text = TextSignal(a, b, Compare(a, b), &text_label);
    o.dir = time != 0 ? time : credit != 0 ? credit : text;
    o.strength = time != 0 || credit != 0 ? kFirm : kByText;
    if (o.dir == 0) {
      // Same day, sizes alike: only one of the two credits a third outlet
      // ("لاہور(آن لائن)" on a newspaper's rewrite of a same-day agency
      // story): it names where it took the story from, so it is the copy.
      // Only between dated documents whose dates tie: without dates this
      // would order sibling copies by whether they bothered to credit.
      const bool a_credits = CreditsSomeoneElse(a), b_credits = CreditsSomeoneElse(b);
      if (a_credits != b_credits && x.published.known() && y.published.known()) {
        o.dir = a_credits ? -1 : 1;
        o.strength = kByTiedCredit;
        o.evidence.push_back("credit");
        return o;
      }
      o.evidence.push_back("order");
      return o;
    }
    if (!evidence) return o;
    if (time == o.dir) o.evidence.push_back(date_only ? "date" : "time");
    if (credit == o.dir) o.evidence.push_back("credit");
    if (text == o.dir && !(text_label == "credit" && credit == o.dir)) o.evidence.push_back(text_label);
    return o;
  }

  // Orient without the evidence.
  int Direction(uint32_t a, uint32_t b) { return Orient(a, b, /*evidence=*/false).dir; }

  // May another cluster's document e be a parent of d? It is oriented
  // before d or, without evidence either way, the representative order puts
  // it first (dated before undated, then longer).
  bool MayPrecede(uint32_t e, uint32_t d) {
    const int dir = Direction(e, d);
    return dir > 0 || (dir == 0 && RepresentsBefore(Key(e), Key(d)));
  }

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
    // edge[i*n+j]: m[i] came before m[j], with that strength (0: no order).
    std::vector<int8_t> edge(n * n, 0);
    // indegree[s][i]: members not yet placed that come before m[i] with
    // evidence of strength s or more (index 0 unused).
    std::array<std::vector<int>, kFirm + 1> indegree;
    for (std::vector<int>& v : indegree) v.assign(n, 0);
    std::vector<int> score(n, 0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        const Orientation o = Orient(m[i], m[j], /*evidence=*/false);
        if (o.dir == 0) continue;
        const size_t first = o.dir > 0 ? i : j, second = o.dir > 0 ? j : i;
        edge[first * n + second] = static_cast<int8_t>(o.strength);
        for (int s = 1; s <= o.strength; ++s) ++indegree[s][second];
        ++score[first];
        --score[second];
      }
    }
    // Kahn's algorithm: each step places the member that nothing left comes
    // before, the one that comes before the most others (ties keep the base
    // order). A cycle (it takes a text signal or two same-day credits) is
    // broken by giving up the weakest evidence first: the member placed is
    // one that only text, then only tied credits, put after another.
    std::vector<bool> placed(n, false);
    std::vector<uint32_t> out;
    out.reserve(n);
    for (size_t step = 0; step < n; ++step) {
      size_t pick = n;
      for (int s = kByText; s <= kFirm && pick == n; ++s) {
        for (size_t i = 0; i < n; ++i) {
          if (placed[i] || indegree[s][i] != 0) continue;
          if (pick == n || score[i] > score[pick]) pick = i;
        }
      }
      for (size_t i = 0; i < n && pick == n; ++i) {  // a cycle of firm evidence: bad dates
        if (!placed[i] && (pick == n || score[i] > score[pick])) pick = i;
      }
      placed[pick] = true;
      out.push_back(m[pick]);
      for (size_t j = 0; j < n; ++j) {
        for (int s = 1; s <= edge[pick * n + j]; ++s) --indegree[s][j];
      }
    }
    return out;
  }

  // Orders cluster c and finds each member's parents: out[r] is the member
  // of rank r. Reads and writes primary_of only for members of c.
  void ProcessCluster(uint32_t c, const std::vector<std::vector<uint32_t>>& neighbours,
                      const std::vector<int64_t>& cluster_of, DocumentProvenance* out) {
    Recycle();
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

  // `keys`: the outlet keys of dp.credits.
  std::string CreditStatus(const DocumentProvenance& dp, absl::Span<const std::string> keys, uint32_t parent) {
    const std::string& parent_source = shared_.outlet[parent];
    const std::string& root_source = shared_.outlet[dp.root];
    bool root = false, other = false, generic = false;
    for (size_t i = 0; i < dp.credits.size(); ++i) {
      if (dp.self_credit[i]) continue;
      const std::string& name = dp.credits[i].name;
      if (SameKey(keys[i], parent_source)) return "parent";
      if (SameKey(keys[i], root_source)) {
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
    // What each candidate holds of the child, as a bitmap over the positions
    // of the child's set: candidate i is bits[i * words, (i + 1) * words).
    // An earlier member's bits count what it shares with the child, so they
    // are made first and kept if it is a candidate.
    const size_t words = (set.size() + 63) / 64;
    std::vector<uint64_t> bits;
    for (size_t r = 0; r < rank; ++r) {
      const size_t at = bits.size();
      bits.resize(at + words, 0);
      internal::MarkShared(set, sets_[order[r]], &bits[at]);
      uint32_t shared = 0;
      for (size_t w = 0; w < words; ++w) shared += internal::PopCount(bits[at + w]);
      const double share = shared / size;
      if (shared > 0 && share >= options_.min_share) {
        candidates.push_back({order[r], share, static_cast<int64_t>(r)});
      } else {
        bits.resize(at);
      }
    }
    for (uint32_t e : neighbours) {
      if (cluster_of[e] == cluster_of[d]) continue;
      const Overlap o = Compare(d, e);
      const double share = o.shared / size;
      if (share < options_.min_share) continue;
      if (!MayPrecede(e, d)) continue;
      candidates.push_back({e, share, -1});
    }
    // A rewrite keeps its source's rare words but few of its phrases
    // (content_words.h): when no earlier member of its cluster holds enough
    // of its shingles, the one holding most of its content words, by the
    // engine's own anchor rule, is its parent, with that share.
    bool by_words = false;
    if (candidates.empty() && !run_.content_words.empty() && run_.content_word_counts[d] > 0) {
      double best_share = 0.0;
      size_t best_rank = rank;
      for (size_t r = 0; r < rank; ++r) {
        Overlap w = CompareSets(run_.content_words[d], run_.content_words[order[r]]);
        w.size_a = run_.content_word_counts[d];
        w.size_b = run_.content_word_counts[order[r]];
        if (!engine_.words.Accepts(w) || w.containment_a() <= best_share) continue;
        best_share = w.containment_a();
        best_rank = r;
      }
      if (best_rank < rank) {
        candidates.push_back({order[best_rank], best_share, static_cast<int64_t>(best_rank)});
        by_words = true;
      }
    }
    // The engine may split one story into two clusters (a copy that fell
    // below the anchor to the story's representative takes its own copies
    // along). The first document of such a cluster looks for its source in
    // the other clusters that hold its text.
    if (candidates.empty()) {
      ForEachInOtherClusters(d, [&](uint32_t e) {
        const double share = Compare(d, e).shared / size;
        if (share < kMinSplitShare) return;
        // Evidence is required here: without it the first document of the
        // cluster stays a root rather than hang below a guess.
        if (Direction(e, d) <= 0) return;
        candidates.push_back({e, share, -1});
      });
    } else if (!by_words) {
      // A composite's second story may share no verified edge with it (its
      // part is too small a share of either document), but its cluster holds
      // that text: its members oriented before the document may be further
      // parents (never the primary one, which comes from the own cluster).
      // Not the outlet's own pages: what they share without a verified edge
      // is mostly the page around the text (its template, its teasers).
      ForEachInOtherClusters(d, [&](uint32_t e) {
        if (SameKey(shared_.outlet[e], shared_.outlet[d]) ||
            std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.doc == e; })) {
          return;
        }
        const double share = Compare(d, e).shared / size;
        if (share < options_.min_added_share || !MayPrecede(e, d)) return;
        candidates.push_back({e, share, -1});
      });
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
    // Everything below is a bitmap over the positions of the child's set
    // (one bit per content shingle): the body, what each candidate holds,
    // what its ancestors hold, what the chosen parents hold.
    std::vector<uint64_t> body(words, 0);
    {
      internal::MarkShared(set, TitleShingles(d), body.data());
      for (uint64_t& w : body) w = ~w;
      if (set.size() % 64 != 0) body.back() &= (uint64_t{1} << (set.size() % 64)) - 1;
      if (std::all_of(body.begin(), body.end(), [](uint64_t w) { return w == 0; })) {
        body.assign(words, ~uint64_t{0});  // nothing but the title: the whole set
        if (set.size() % 64 != 0) body.back() = (uint64_t{1} << (set.size() % 64)) - 1;
      }
    }
    uint32_t body_bits = 0;
    for (uint64_t w : body) body_bits += internal::PopCount(w);
    const double body_size = static_cast<double>(body_bits);
    const size_t nc = candidates.size();
    for (size_t i = bits.size() / words; i < nc; ++i) {  // those of other clusters
      bits.resize((i + 1) * words, 0);
      internal::MarkShared(set, sets_[candidates[i].doc], &bits[i * words]);
    }
    auto bits_of_candidate = [&](uint32_t doc) -> const uint64_t* {
      for (size_t i = 0; i < nc; ++i) {
        if (candidates[i].doc == doc) return &bits[i * words];
      }
      return nullptr;
    };
    // Ancestors (by primary parent, as decided so far) of each candidate;
    // those that are not candidates themselves get bits of their own.
    std::vector<std::pair<uint32_t, std::vector<uint64_t>>> outside;
    std::vector<uint64_t> ancestor_bits(nc * words, 0);
    for (size_t i = 0; i < nc; ++i) {
      int steps = 0;
      for (int64_t a = PrimaryOf(candidates[i].doc); a >= 0 && steps < kMaxAncestors;
           a = PrimaryOf(static_cast<uint32_t>(a)), ++steps) {
        const uint64_t* theirs = bits_of_candidate(static_cast<uint32_t>(a));
        if (theirs == nullptr) {
          const auto it = std::find_if(outside.begin(), outside.end(), [&](const auto& o) { return o.first == a; });
          if (it != outside.end()) {
            theirs = it->second.data();
          } else {
            outside.emplace_back(static_cast<uint32_t>(a), std::vector<uint64_t>(words, 0));
            internal::MarkShared(set, sets_[a], outside.back().second.data());
            theirs = outside.back().second.data();
          }
        }
        for (size_t w = 0; w < words; ++w) ancestor_bits[i * words + w] |= theirs[w];
      }
    }
    std::vector<double> score(nc);
    for (size_t i = 0; i < nc; ++i) {
      const uint64_t* mine = &bits[i * words];
      const uint64_t* theirs = &ancestor_bits[i * words];
      uint32_t common = 0, lost = 0;
      for (size_t w = 0; w < words; ++w) {
        common += internal::PopCount(mine[w] & body[w]);
        lost += internal::PopCount(theirs[w] & ~mine[w] & body[w]);
      }
      score[i] = (static_cast<double>(common) - options_.lost_weight * lost) / body_size;
      // The child names this copy's outlet ("(Courtesy: X)", "…reports X",
      // "(ANI)" on a copy of ANI's copy): the copy it says it took. Credits
      // naming the story's own source say nothing here, since every copier
      // adds them on its own.
      const std::string& outlet = shared_.outlet[candidates[i].doc];
      if (candidates[i].position > 0 && !SameKey(outlet, shared_.outlet[order[0]]) &&
          !SameKey(outlet, shared_.outlet[d]) && CreditsOutlet(d, outlet) &&
          !CreditsItself(candidates[i].doc)) {
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
    std::vector<uint64_t> covered(words, 0);  // shingles found in the parents chosen so far
    auto add = [&](size_t i) {
      const Candidate& c = candidates[i];
      ParentLink link;
      link.doc = c.doc;
      link.share = c.share;
      link.cluster = cluster_of[c.doc];
      link.other_cluster = cluster_of[c.doc] != cluster_of[d];
      const Orientation o = Orient(c.doc, d);
      link.evidence = o.dir > 0 ? o.evidence : std::vector<std::string>{"order"};
      if (by_words) link.evidence.push_back("words");
      link.passages = Passages(run_.articles[d], Tok(d), PositionsOf(d), run_.articles[c.doc], Tok(c.doc),
                               IndexOf(c.doc));
      parents.push_back(std::move(link));
      for (size_t w = 0; w < words; ++w) covered[w] |= bits[i * words + w];
    };
    add(primary_index);
    while (static_cast<int>(parents.size()) < options_.max_parents) {
      size_t next = nc;
      uint32_t next_added = 0;
      for (size_t i = 0; i < nc; ++i) {
        const Candidate& c = candidates[i];
        if (std::any_of(parents.begin(), parents.end(), [&](const ParentLink& l) { return l.doc == c.doc; })) {
          continue;
        }
        // What it holds of the child that no parent chosen so far holds.
        uint32_t added = 0;
        for (size_t w = 0; w < words; ++w) added += internal::PopCount(bits[i * words + w] & ~covered[w]);
        if (added > next_added || (added == next_added && next != nc && c.position > candidates[next].position)) {
          next = i;
          next_added = added;
        }
      }
      if (next == nc || next_added < options_.min_added_share * size) break;
      add(next);
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
  std::vector<std::pair<uint32_t, uint32_t>> holders_;  // see Holders()
  int64_t holders_cluster_ = -1;                         // the cluster holders_ is of
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

  // Empties the caches of the last cluster, which would otherwise grow with
  // every cluster the worker does.
  void Recycle() {
    Keep(&tokenized_, &spare_tokenized_);
    Keep(&positions_, &spare_positions_);
    Keep(&parent_index_, &spare_indexes_);
    credits_.clear();
  }
};

}  // namespace

std::vector<Passage> FindPassages(const Article& child, absl::Span<const uint32_t> child_set,
                                  const Article& parent, absl::Span<const uint32_t> parent_set,
                                  const EngineOptions& engine) {
  Tokenized c, p;
  TokenizeArticle(child, engine, &c);
  TokenizeArticle(parent, engine, &p);
  Positions child_positions, parent_positions;
  MakePositions(c, child_set, &child_positions);
  MakePositions(p, parent_set, &parent_positions);
  ParentIndex index;
  IndexParent(p, parent_positions, &index);
  return Passages(child, c, child_positions, parent, p, index);
}

namespace {

// Where a shard's values start in a sorted set of shingle hashes. Hashes are
// uniform, so that is near size * lo / 2^32: a short walk from there. (A
// binary search per document and shard missed the cache at every step and
// took half of ContentSets.)
size_t ShardStart(absl::Span<const uint32_t> set, uint64_t lo) {
  size_t i = static_cast<size_t>((set.size() * lo) >> 32);
  while (i > 0 && set[i - 1] >= lo) --i;
  while (i < set.size() && set[i] < lo) ++i;
  return i;
}

// The shingles held by documents of two or more clusters, sorted, with a
// directory over their top bits (about one entry per bucket): a lookup reads
// the directory and one or two entries. Most story text lives in one
// cluster, so this is a tenth of all distinct shingles.
class MultiClusterShingles {
 public:
  struct Entry {
    uint32_t shingle = 0;
    uint32_t clusters = 0;  // how many clusters hold it (>= 2)
    // first ^ second of the first two clusters holding it: with one of them,
    // the other.
    uint32_t pair = 0;
  };

  // `entries` sorted by shingle, without duplicates.
  explicit MultiClusterShingles(std::vector<Entry> entries) : entries_(std::move(entries)) {
    int bits = 1;
    while (bits < 28 && (size_t{1} << (bits + 1)) <= entries_.size()) ++bits;
    shift_ = 32 - bits;
    directory_.assign((size_t{1} << bits) + 1, 0);
    for (const Entry& e : entries_) ++directory_[(e.shingle >> shift_) + 1];
    for (size_t b = 1; b < directory_.size(); ++b) directory_[b] += directory_[b - 1];
  }

  const Entry* Find(uint32_t shingle) const {
    const uint32_t b = shingle >> shift_;
    for (uint32_t i = directory_[b]; i < directory_[b + 1]; ++i) {
      if (entries_[i].shingle == shingle) return &entries_[i];
    }
    return nullptr;
  }

  // Find for each of `shingles` in turn, calling found(i, entry or null).
  // The directory and the entries are tens of megabytes: each lookup is two
  // dependent cache misses, so both are fetched some lookups ahead.
  template <typename Found>
  void FindEach(absl::Span<const uint32_t> shingles, Found&& found) const {
    constexpr size_t kDirectoryAhead = 16, kEntriesAhead = 8;
    for (size_t i = 0; i < shingles.size(); ++i) {
      if (i + kDirectoryAhead < shingles.size()) {
        __builtin_prefetch(directory_.data() + (shingles[i + kDirectoryAhead] >> shift_));
      }
      if (i + kEntriesAhead < shingles.size()) {
        __builtin_prefetch(entries_.data() + directory_[shingles[i + kEntriesAhead] >> shift_]);
      }
      found(i, Find(shingles[i]));
    }
  }

 private:
  std::vector<Entry> entries_;
  std::vector<uint32_t> directory_;  // bucket b: entries_[directory_[b], directory_[b + 1])
  int shift_ = 31;
};

// The shingles of one cluster: the union of its members' shingle sets
// (sorted), or, for a single document, its set.
struct ClusterShingles {
  absl::Span<const uint32_t> shingles;
  uint32_t cluster;
};

// Counts, for every shingle of the corpus, the clusters holding it, and keeps
// those held by two or more.
//
// The shingles are split by their top bits into shards; each shard lists
// (shingle, cluster) in cluster order, sorts it and keeps the shingles seen
// in two or more clusters. That table is small (most story text lives in one
// cluster), unlike a map of every shingle.
MultiClusterShingles CountClusters(absl::Span<const ClusterShingles> clusters) {
  constexpr int kShardBits = 5;
  constexpr int kShards = 1 << kShardBits;
  using Entry = MultiClusterShingles::Entry;
  std::vector<std::vector<Entry>> multi(kShards);
  size_t occurrences = 0;
  for (const ClusterShingles& c : clusters) occurrences += c.shingles.size();
  tbb::parallel_for(0, kShards, [&](int shard) {
    const uint64_t lo = static_cast<uint64_t>(shard) << (32 - kShardBits);
    const uint64_t hi = static_cast<uint64_t>(shard + 1) << (32 - kShardBits);
    std::vector<std::pair<uint32_t, uint32_t>> seen, tmp;  // (shingle, cluster)
    seen.reserve(occurrences / kShards + occurrences / (4 * kShards) + 16);
    // Every shard reads a few values of every cluster's list, each a cache
    // miss unless fetched ahead.
    constexpr size_t kAhead = 16;
    for (size_t k = 0; k < clusters.size(); ++k) {
      if (k + kAhead < clusters.size()) {
        const absl::Span<const uint32_t> next = clusters[k + kAhead].shingles;
        if (!next.empty()) __builtin_prefetch(next.data() + ((next.size() * lo) >> 32));
      }
      const absl::Span<const uint32_t> set = clusters[k].shingles;
      const uint32_t c = clusters[k].cluster;
      for (size_t i = ShardStart(set, lo); i < set.size() && set[i] < hi; ++i) seen.emplace_back(set[i], c);
    }
    // Stable radix sort by shingle on the bits below the shard's, in two
    // passes of wide digits: within a shingle, clusters stay in ascending
    // order.
    constexpr int kKeyBits = 32 - kShardBits;
    internal::RadixSort<(kKeyBits + 1) / 2, kKeyBits>(
        &seen, &tmp, [](const std::pair<uint32_t, uint32_t>& x) { return x.first & ((uint32_t{1} << kKeyBits) - 1); });
    std::vector<Entry>& out = multi[shard];
    for (size_t i = 0; i < seen.size();) {
      size_t e = i + 1;
      Entry m{seen[i].first, 1, seen[i].second};
      for (; e < seen.size() && seen[e].first == seen[i].first; ++e) {
        if (seen[e].second != seen[e - 1].second) {
          if (m.clusters == 1) m.pair ^= seen[e].second;
          ++m.clusters;
        }
      }
      if (m.clusters >= 2) out.push_back(m);
      i = e;
    }
  });
  size_t total = 0;
  for (const std::vector<Entry>& m : multi) total += m.size();
  std::vector<Entry> all;
  all.reserve(total);
  for (std::vector<Entry>& m : multi) {
    all.insert(all.end(), m.begin(), m.end());
    std::vector<Entry>().swap(m);
  }
  return MultiClusterShingles(std::move(all));
}

// Content shingles: shingles found in documents of more than
// max_clusters_per_shingle clusters are template text (site furniture shared
// by a family of outlets, teasers, stock phrases), not story text: dropped
// from every comparison. Story text lives in one cluster, or two when a
// composite took it.
//
// The members of a cluster are mostly copies of one another: each cluster's
// shingles are counted once, from the union of its members' sets (half the
// occurrences of the 50,000-article corpus), and looked up once there, not
// once per member.
//
// Only documents that provenance reads get a content set: members of
// clusters of two or more, their neighbours by verified edges, and the
// members of other clusters that hold much of a member's text (the sources
// of a story the engine split). On Reuters that is one document in ten; the
// counts themselves need every document.
void ContentSets(const ClusterRun& run, const std::vector<std::vector<uint32_t>>& neighbours,
                 const ProvenanceOptions& options, Shared* sh) {
  const size_t n = run.shingle_sets.size();
  const std::vector<std::vector<uint32_t>>& clusters = sh->clusters;
  std::vector<std::vector<uint32_t>> unions(clusters.size());  // clusters of two or more
  tbb::parallel_for(tbb::blocked_range<size_t>(0, clusters.size(), 256), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<uint32_t> merged;
    for (size_t c = r.begin(); c != r.end(); ++c) {
      if (clusters[c].size() < 2) continue;
      std::vector<uint32_t>& u = unions[c];
      for (uint32_t d : clusters[c]) {
        internal::Union(u, run.shingle_sets[d], &merged);
        u.swap(merged);
      }
      u.shrink_to_fit();
    }
  });
  auto shingles_of = [&](uint32_t c) -> absl::Span<const uint32_t> {
    return clusters[c].size() < 2 ? absl::Span<const uint32_t>(run.shingle_sets[clusters[c][0]]) : unions[c];
  };
  const MultiClusterShingles multi = [&] {
    std::vector<ClusterShingles> all(clusters.size());
    for (uint32_t c = 0; c < clusters.size(); ++c) all[c] = {shingles_of(c), c};
    return CountClusters(all);
  }();
  // Which documents get a content set (see above): 1 wanted, 2 done.
  std::vector<uint8_t> needed(n, 0);
  for (const std::vector<uint32_t>& members : clusters) {
    if (members.size() < 2) continue;
    for (uint32_t d : members) {
      needed[d] = 1;
      for (uint32_t e : neighbours[d]) needed[e] = 1;
    }
  }
  sh->sets.resize(n);
  sh->other_clusters.resize(n);
  const uint32_t max_clusters = options.max_clusters_per_shingle;
  // What each shingle of a cluster's list is for its members.
  constexpr uint32_t kDrop = ~uint32_t{0};      // template text
  constexpr uint32_t kKeep = ~uint32_t{0} - 1;  // content, in this cluster alone (or in more than two)
  auto fill_cluster = [&](uint32_t c, std::vector<uint32_t>* verdict, std::vector<uint32_t>* shared_with) {
    const absl::Span<const uint32_t> shingles = shingles_of(c);
    verdict->resize(shingles.size());
    multi.FindEach(shingles, [&](size_t i, const MultiClusterShingles::Entry* m) {
      const uint32_t count = m == nullptr ? 1 : m->clusters;
      // Otherwise the one other cluster holding it.
      (*verdict)[i] = max_clusters != 0 && count > max_clusters ? kDrop : count == 2 ? m->pair ^ c : kKeep;
    });
    for (uint32_t d : clusters[c]) {
      if (needed[d] != 1) continue;
      needed[d] = 2;
      const std::vector<uint32_t>& all = run.shingle_sets[d];
      std::vector<uint32_t>& set = sh->sets[d];
      set.resize(all.size());
      shared_with->resize(all.size());
      // The member's set is part of the cluster's list: one merge, without
      // branches (which way it goes is random).
      size_t kept = 0, shared = 0;
      for (size_t i = 0, j = 0; i < all.size() && j < shingles.size(); ++j) {
        const bool hit = shingles[j] == all[i];
        const uint32_t v = (*verdict)[j];
        set[kept] = shingles[j];
        kept += hit & (v != kDrop);
        (*shared_with)[shared] = v;
        shared += hit & (v < kKeep);
        i += hit;
      }
      set.resize(kept);
      // A page made only of common text keeps it all rather than nothing.
      if (set.empty()) set = all;
      set.shrink_to_fit();
      shared_with->resize(shared);
      std::sort(shared_with->begin(), shared_with->end());
      for (size_t i = 0; i < shared_with->size();) {
        size_t e = i;
        while (e < shared_with->size() && (*shared_with)[e] == (*shared_with)[i]) ++e;
        const size_t count = e - i;
        if (static_cast<double>(count) >= options.min_share * static_cast<double>(set.size())) {
          sh->other_clusters[d].push_back((*shared_with)[i]);
        }
        i = e;
      }
    }
  };
  auto fill = [&](const std::vector<uint32_t>& of_clusters) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, of_clusters.size(), 16),
                      [&](const tbb::blocked_range<size_t>& r) {
                        std::vector<uint32_t> verdict;
                        std::vector<uint32_t> shared_with;  // other clusters, once per shingle shared
                        for (size_t i = r.begin(); i != r.end(); ++i) fill_cluster(of_clusters[i], &verdict, &shared_with);
                      });
  };
  std::vector<uint32_t> todo;
  for (uint32_t c = 0; c < clusters.size(); ++c) {
    if (std::any_of(clusters[c].begin(), clusters[c].end(), [&](uint32_t d) { return needed[d] != 0; })) {
      todo.push_back(c);
    }
  }
  fill(todo);
  // The members of other clusters holding a member's text (Parents looks
  // there for the source of a cluster's first document).
  todo.clear();
  for (const std::vector<uint32_t>& members : clusters) {
    if (members.size() < 2) continue;
    for (uint32_t d : members) {
      for (uint32_t other : sh->other_clusters[d]) {
        if (clusters[other].size() > options.max_pairwise_cluster) continue;
        bool added = false;
        for (uint32_t e : clusters[other]) {
          if (needed[e] != 0) continue;
          needed[e] = 1;
          added = true;
        }
        if (added) todo.push_back(other);
      }
    }
  }
  fill(todo);
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
  sh.outlet.resize(n);
  result.documents.resize(total);
  const int threads = engine.threads > 0 ? engine.threads
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    ContentSets(run, neighbours, options, &sh);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t d = r.begin(); d != r.end(); ++d) sh.outlet[d] = options.agencies.OutletKey(run.articles[d].source);
    });
    for (const std::string& key : sh.outlet) {
      if (!key.empty()) sh.outlets.insert(key);
    }
    tbb::parallel_for(tbb::blocked_range<size_t>(0, multi.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        for (uint32_t d : sh.clusters[multi[i]]) {
          sh.credits[d] = FindDocCredits(run.articles[d].text, options.agencies, sh.outlets);
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
      Provenance worker(run, engine, options, &sh);
      for (size_t k = r.begin(); k != r.end(); ++k) {
        const size_t i = schedule[k];
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
    DocCredits& credits = sh.credits[dp.doc];
    dp.credits = std::move(credits.credits);
    for (const std::string& key : credits.keys) dp.self_credit.push_back(SameKey(key, sh.outlet[dp.doc]));
    for (ParentLink& link : dp.parents) link.credit = status.CreditStatus(dp, credits.keys, link.doc);
  }
  return result;
}

}  // namespace wiretrace
