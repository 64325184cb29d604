// Orientation: which of two documents of a cluster came first, and on what
// evidence (dates, credits, then the text). See docs/design.md.
#include <algorithm>
#include <cmath>

#include "internal/provenance_worker.h"
#include "internal/sorted_set.h"
#include "wiretrace/shingle.h"

namespace wiretrace::internal {

DocCredits FindDocCredits(std::string_view text, const AgencyTable& agencies,
                          const absl::flat_hash_set<std::string>& outlets) {
  DocCredits out;
  for (Credit& c : FindCredits(text, agencies)) {
    std::string key = agencies.OutletKey(c.name);
    if (!c.known && c.form == CreditForm::kAccording && !outlets.contains(key)) continue;
    out.credits.push_back(std::move(c));
    out.keys.push_back(std::move(key));
  }
  return out;
}

int TimeSignal(const Timestamp& a, const Timestamp& b, bool* date_only) {
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

// Does d credit the outlet with key `outlet` (and it is not d's own)?
bool ProvenanceWorker::CreditsOutlet(uint32_t d, const std::string& outlet) {
  const DocCredits& credits = Credits(d);
  for (const std::string& key : credits.keys) {
    if (SameKey(key, outlet) && !SameKey(key, shared_.outlet[d])) return true;
  }
  return false;
}

// Text evidence for a before b. See the header for the rule.
int ProvenanceWorker::TextSignal(uint32_t a, uint32_t b, const Overlap& o, OrderEvidence* label) {
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
    *label = OrderEvidence::kLead;  // the larger one added a lead: it is the copy
    large_first = -1;
  } else if (2 * after >= extra && extra <= static_cast<size_t>(3 * engine_.shingle.word_k + 2) &&
             LateCredit(large, t, last_shared)) {
    *label = OrderEvidence::kCredit;  // only a credit line was added at the end
    large_first = -1;
  } else {
    *label = OrderEvidence::kContainment;  // the smaller one is a trimmed copy
    large_first = 1;
  }
  return large == a ? large_first : -large_first;
}

// The longest run of content positions of the larger document, between
// its first and last shared one, that the smaller does not hold.
size_t ProvenanceWorker::LongestInnerGap(const Positions& where, const std::vector<uint8_t>& shared,
                                         size_t first_shared, size_t last_shared) {
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
bool ProvenanceWorker::LeadHeldByOthers(uint32_t a, uint32_t b, const Tokenized& t, const Positions& where,
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
const std::vector<std::pair<uint32_t, uint32_t>>& ProvenanceWorker::Holders() {
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
bool ProvenanceWorker::LateCredit(uint32_t d, const Tokenized& t, size_t last_shared) {
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
bool ProvenanceWorker::CreditsItself(uint32_t d) {
  const DocCredits& credits = Credits(d);
  return std::any_of(credits.keys.begin(), credits.keys.end(),
                     [&](const std::string& key) { return SameKey(key, shared_.outlet[d]); });
}

// Does d credit a known outlet (in the agency table) other than its own?
// Unknown names ("according to media reports") and vague ones are left out.
bool ProvenanceWorker::CreditsSomeoneElse(uint32_t d) {
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
Orientation ProvenanceWorker::Orient(uint32_t a, uint32_t b, bool evidence) {
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
  OrderEvidence text_label = OrderEvidence::kOrder;
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
      o.evidence.push_back(OrderEvidence::kCredit);
      return o;
    }
    o.evidence.push_back(OrderEvidence::kOrder);
    return o;
  }
  if (!evidence) return o;
  if (time == o.dir) o.evidence.push_back(date_only ? OrderEvidence::kDate : OrderEvidence::kTime);
  if (credit == o.dir) o.evidence.push_back(OrderEvidence::kCredit);
  if (text == o.dir && !(text_label == OrderEvidence::kCredit && credit == o.dir)) o.evidence.push_back(text_label);
  return o;
}

// May another cluster's document e be a parent of d? It is oriented
// before d or, without evidence either way, the representative order puts
// it first (dated before undated, then longer).
bool ProvenanceWorker::MayPrecede(uint32_t e, uint32_t d) {
  const int dir = Direction(e, d);
  return dir > 0 || (dir == 0 && Rank(e) < Rank(d));
}

}  // namespace wiretrace::internal
