// Parents: for each member of a cluster, in order, the earlier documents it
// was copied from, and the credit status of each link. See docs/design.md.
#include <algorithm>
#include <iterator>

#include "xxhash.h"

#include "internal/bits.h"
#include "internal/provenance_passages.h"
#include "internal/provenance_worker.h"
#include "internal/sorted_set.h"

namespace wiretrace::internal {

// Orders cluster c and finds each member's parents: out[r] is the member
// of rank r. Reads and writes primary_of only for members of c.
void ProvenanceWorker::ProcessCluster(uint32_t c, const std::vector<std::vector<uint32_t>>& neighbours,
                                      const std::vector<int64_t>& cluster_of, DocumentProvenance* out) {
  Recycle();
  current_cluster_ = c;
  const std::vector<uint32_t> order = Order(shared_.clusters[c]);
  rank_of_.clear();
  first_with_set_.clear();
  const bool large = order.size() > kAllEarlier;
  if (large) {
    for (size_t r = 0; r < order.size(); ++r) rank_of_[order[r]] = static_cast<uint32_t>(r);
  }
  for (size_t r = 0; r < order.size(); ++r) {
    const uint32_t d = order[r];
    DocumentProvenance& dp = out[r];
    dp.doc = d;
    dp.cluster = cluster_of[d];
    dp.rank = static_cast<uint32_t>(r);
    dp.parents = Parents(d, order, r, neighbours[d], cluster_of);
    if (!dp.parents.empty()) primary_of_[d] = dp.parents[0].doc;
    if (large) {
      first_with_set_.try_emplace(SetHash(d), static_cast<uint32_t>(r));
      TrimCaches(order);
    }
  }
}

void ProvenanceWorker::TrimCaches(const std::vector<uint32_t>& order) {
  if (tokenized_.size() <= kMaxCachedMembers && positions_.size() <= kMaxCachedMembers &&
      parent_index_.size() <= kMaxCachedMembers) {
    return;
  }
  std::vector<uint32_t> pinned(order.begin(), order.begin() + std::min(order.size(), kFirstMembers));
  std::sort(pinned.begin(), pinned.end());
  KeepOnly(pinned, &tokenized_, &spare_tokenized_);
  KeepOnly(pinned, &positions_, &spare_positions_);
  KeepOnly(pinned, &parent_index_, &spare_indexes_);
  credits_.clear();
}

// All earlier members while there are at most kAllEarlier of them. Beyond
// (one story everywhere: a press release on every site), scoring every
// earlier member would make each member of a large cluster dearer than the
// last (issue #16), so only those that can be its parent are scored: the
// story's first copies, where its root and the copies nearest it are; the
// members just before it, its nearest by date and length; the earliest
// member with the same content (an exact copy, which holds all of it); and
// the members the engine verified an edge with.
void ProvenanceWorker::EarlierMembers(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                                      const std::vector<uint32_t>& neighbours, std::vector<size_t>* out) {
  out->clear();
  if (rank <= kAllEarlier) {
    for (size_t r = 0; r < rank; ++r) out->push_back(r);
    return;
  }
  for (size_t r = 0; r < kFirstMembers; ++r) out->push_back(r);
  for (size_t r = rank - kMembersBefore; r < rank; ++r) out->push_back(r);
  if (const auto it = first_with_set_.find(SetHash(d));
      it != first_with_set_.end() && sets_[order[it->second]] == sets_[d]) {
    out->push_back(it->second);
  }
  size_t linked = 0;
  for (uint32_t e : neighbours) {
    const auto it = rank_of_.find(e);
    if (it == rank_of_.end() || it->second >= rank) continue;
    out->push_back(it->second);
    if (++linked == kMaxLinked) break;
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

uint64_t ProvenanceWorker::SetHash(uint32_t d) const {
  const std::vector<uint32_t>& set = sets_[d];
  return XXH3_64bits(set.data(), set.size() * sizeof(uint32_t));
}

// `keys`: the outlet keys of dp.credits.
CreditStatus ProvenanceWorker::CreditStatusOf(const DocumentProvenance& dp, absl::Span<const std::string> keys,
                                           uint32_t parent) {
  const std::string& parent_source = shared_.outlet[parent];
  const std::string& root_source = shared_.outlet[dp.root];
  bool root = false, other = false, generic = false;
  for (size_t i = 0; i < dp.credits.size(); ++i) {
    if (dp.self_credit[i]) continue;
    const std::string& name = dp.credits[i].name;
    if (SameKey(keys[i], parent_source)) return CreditStatus::kParent;
    if (SameKey(keys[i], root_source)) {
      root = true;
    } else if (name == kGenericAgencies) {
      generic = true;
    } else {
      other = true;
    }
  }
  if (root) return CreditStatus::kRoot;
  if (other) return CreditStatus::kOther;
  return generic ? CreditStatus::kGeneric : CreditStatus::kNone;
}

// The candidates for d's parents, in order: earlier members of its cluster
// holding enough of it, neighbours (by verified edges) in other clusters
// oriented before it, the member holding most of its content words when
// none holds enough shingles, and members of the other clusters holding its
// text. out->bits is filled for the candidates of d's own cluster.
void ProvenanceWorker::FindCandidates(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                                      const std::vector<uint32_t>& neighbours, const std::vector<int64_t>& cluster_of,
                                      Candidates* out) {
  const std::vector<uint32_t>& set = sets_[d];
  std::vector<Candidate>& candidates = out->list;
  const double size = static_cast<double>(set.size());
  // An earlier member's bits count what it shares with the child, so they
  // are made first and kept if it is a candidate.
  const size_t words = out->words;
  std::vector<uint64_t>& bits = out->bits;
  std::vector<size_t>& earlier = out->earlier;
  EarlierMembers(d, order, rank, neighbours, &earlier);
  for (size_t r : earlier) {
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
  bool& by_words = out->by_words;
  if (candidates.empty() && !run_.content_words.empty() && run_.content_word_counts[d] > 0) {
    double best_share = 0.0;
    size_t best_rank = rank;
    for (size_t r : earlier) {
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
    // Only for a document alone in its cluster: the first document of a
    // cluster is its story's root, and hanging it below a story it quoted
    // would move the root of every copy (on the sample, a cluster's root).
    if (candidates.empty() && shared_.clusters[shared_.cluster_index[d]].size() == 1) PartialSources(d, &candidates);
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
}

// A document that took a few passages of another story (a newspaper
// story built partly on an agency report, a background paragraph repeated
// in a follow-up) keeps its own cluster; its source is a parent across
// clusters. Sought only for a document alone in its cluster: the member of another cluster that
// holds the most of its text, at least min_share, and is oriented before it
// by evidence (dates or credits: text evidence needs most of one document
// inside the other, which partial reuse never is, and without evidence the
// document stays a root rather than hang below a guess). Not the outlet's
// own pages, which share its template and teasers. Among near ties the one
// that comes first: the passages are usually the story's own, held by its
// root and its copies alike.
void ProvenanceWorker::PartialSources(uint32_t d, std::vector<Candidate>* out) {
  const double size = static_cast<double>(sets_[d].size());
  std::vector<Candidate> found;
  ForEachInOtherClusters(d, [&](uint32_t e) {
    if (SameKey(shared_.outlet[e], shared_.outlet[d])) return;
    const double share = Compare(d, e).shared / size;
    if (share < options_.min_share || Direction(e, d) <= 0) return;
    found.push_back({e, share, -1});
  });
  if (found.empty()) return;
  double best = 0.0;
  for (const Candidate& c : found) best = std::max(best, c.share);
  size_t first = found.size();
  for (size_t i = 0; i < found.size(); ++i) {
    if (found[i].share + options_.near_tie + 1e-12 < best) continue;
    if (first == found.size() || Direction(found[i].doc, found[first].doc) > 0) first = i;
  }
  out->push_back(found[first]);
  // The others may still be further parents (a second story's passages).
  for (size_t i = 0; i < found.size(); ++i) {
    if (i != first && found[i].share + options_.near_tie + 1e-12 < best) out->push_back(found[i]);
  }
}

// The score of each candidate as d's primary parent (the first paragraph
// below). Fills c->bits for the candidates of other clusters.
std::vector<double> ProvenanceWorker::ScoreCandidates(uint32_t d, const std::vector<uint32_t>& order, Candidates* c) {
  const std::vector<uint32_t>& set = sets_[d];
  const std::vector<Candidate>& candidates = c->list;
  const size_t words = c->words;
  std::vector<uint64_t>& bits = c->bits;
  const size_t nc = candidates.size();
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
  const std::vector<uint64_t> child_title = TitleWords(d);  // for HeadlineAffix
  std::vector<double> score(nc);
  for (size_t i = 0; i < nc; ++i) {
    const uint64_t* mine = &bits[i * words];
    const uint64_t* theirs = &ancestor_bits[i * words];
    uint32_t common = 0, lost = 0;
    for (size_t w = 0; w < words; ++w) {
      common += internal::PopCount(mine[w] & body[w]);
      lost += internal::PopCount(theirs[w] & ~mine[w] & body[w]);
    }
    // A headline's affix weighs as much as one word changed in the text.
    const double affix = static_cast<double>(engine_.shingle.word_k) * HeadlineAffix(child_title, candidates[i].doc);
    score[i] =
        (static_cast<double>(common) - options_.lost_weight * lost - ReplacedLead(d, candidates[i].doc) + affix) /
        body_size;
    // The child names this copy's outlet ("(Courtesy: X)", "…reports X",
    // "(ANI)" on a copy of ANI's copy): the copy it says it took. Credits
    // naming the story's own source say nothing here, since every copier
    // adds them on its own.
    const std::string& outlet = shared_.outlet[candidates[i].doc];
    if (candidates[i].position > 0 && !SameKey(outlet, shared_.outlet[order[0]]) &&
        !SameKey(outlet, shared_.outlet[d]) && CreditsOutlet(d, outlet) && !CreditsItself(candidates[i].doc)) {
      score[i] += kCreditBonus;
    }
  }
  return score;
}

// A copy that wrote a new lead carries it on to its own copies: they keep
// it, or cut it with the rest of the top, but one that puts a lead of its
// own there did not take the text from it; it is a sibling that added its
// lead on its own (the generators' sibling copies, which often agree on a
// swapped word or two by chance, are told apart by this). Each shingle of
// such a lead counts against the copy as one shingle of the child it does
// not hold. A lead is a run of at least 2k added content shingles, a
// sentence: shorter runs are a changed byline or dateline, which copies
// drop or rewrite as a matter of course. The child's own lead needs k
// shingles, more than the junction of a dropped line makes.
uint32_t ProvenanceWorker::ReplacedLead(uint32_t d, uint32_t x) {
  if (PrimaryOf(x) < 0) return 0;  // a root's lead is the story's own
  const int k = engine_.shingle.word_k;
  const std::vector<uint32_t>& child = sets_[d];
  const std::vector<uint32_t>& copy = sets_[x];
  auto holds = [](const std::vector<uint32_t>& set, uint32_t h) { return std::binary_search(set.begin(), set.end(), h); };
  // The child's own lead: its content shingles before the first one x holds.
  {
    const Tokenized& t = Tok(d);
    const Positions& where = PositionsOf(d);
    int own = 0;
    for (size_t i = t.title_tokens; i < t.shingles.size() && own < k; ++i) {
      if (!where.content[i]) continue;
      if (holds(copy, t.shingles[i])) break;
      ++own;
    }
    if (own < k) return 0;
  }
  std::vector<const std::vector<uint32_t>*> ancestors;
  int steps = 0;
  for (int64_t a = PrimaryOf(x); a >= 0 && steps < kMaxAncestors; a = PrimaryOf(static_cast<uint32_t>(a)), ++steps) {
    ancestors.push_back(&sets_[a]);
  }
  auto added = [&](uint32_t h) {
    return !holds(child, h) && std::none_of(ancestors.begin(), ancestors.end(),
                                            [&](const std::vector<uint32_t>* a) { return holds(*a, h); });
  };
  const Tokenized& t = Tok(x);
  const Positions& where = PositionsOf(x);
  uint32_t run = 0;
  for (size_t i = t.title_tokens; i < t.shingles.size(); ++i) {
    if (!where.content[i]) continue;  // furniture neither makes nor breaks a run
    if (holds(child, t.shingles[i])) break;  // the shared text starts
    if (added(t.shingles[i])) {
      ++run;
    } else if (run >= static_cast<uint32_t>(2 * k)) {
      break;
    } else {
      run = 0;
    }
  }
  return run >= static_cast<uint32_t>(2 * k) ? run : 0;
}

// A copy that added to the headline it received and kept all of it (a
// prefix such as "UPDATE:" or "Breaking:", a suffix such as "- report")
// made a change its own copies carry on, since they take its headline as
// they take its text; a copy of its source lacks the addition. Only an
// extension says this: a copy that put up another headline altogether may
// have picked one of the alternatives the story went out with, which its
// siblings pick as well (the sample's copies do; counting such headlines
// cost the sample 2 to 11 parents per seed). The body score above leaves
// the title out for that reason, so the affix is all that counts of it.
// Title words are compared as the engine's tokens (case and punctuation
// folded). Measured with `bash bench/eval_provenance.sh build`
// (docs/provenance.md).
int ProvenanceWorker::HeadlineAffix(const std::vector<uint64_t>& child_title, uint32_t x) {
  const int64_t parent = PrimaryOf(x);
  if (parent < 0) return 0;
  const std::vector<uint64_t> copy = TitleWords(x);
  const std::vector<uint64_t> before = TitleWords(static_cast<uint32_t>(parent));
  if (!HeadlineExtends(before, copy)) return 0;
  // As multisets, like HeadlineExtends.
  std::vector<uint64_t> added, child_added;
  std::set_difference(copy.begin(), copy.end(), before.begin(), before.end(), std::back_inserter(added));
  std::set_difference(child_title.begin(), child_title.end(), before.begin(), before.end(),
                      std::back_inserter(child_added));
  std::vector<uint64_t> carried;
  std::set_intersection(added.begin(), added.end(), child_added.begin(), child_added.end(),
                        std::back_inserter(carried));
  return 2 * carried.size() > added.size() ? 1 : -1;
}

std::vector<uint64_t> ProvenanceWorker::TitleWords(uint32_t d) {
  const Tokenized& t = Tok(d);
  std::vector<uint64_t> words;
  words.reserve(t.title_tokens);
  for (uint32_t i = 0; i < t.title_tokens; ++i) words.push_back(t.tokens[i].hash);
  std::sort(words.begin(), words.end());
  return words;
}

// The index of the primary parent among `candidates`, by `score`.
size_t ProvenanceWorker::PickPrimary(const std::vector<Candidate>& candidates, const std::vector<double>& score,
                                     double near_tie) {
  const size_t nc = candidates.size();
  // The primary parent comes from the child's own cluster when it has a
  // candidate there: a composite belongs to the cluster of the story that
  // supplied most of it.
  const bool any_inside =
      std::any_of(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.position >= 0; });
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
    if (score[i] + near_tie + 1e-12 < best) continue;
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
  return primary_index;
}

std::vector<ParentLink> ProvenanceWorker::Parents(uint32_t d, const std::vector<uint32_t>& order, size_t rank,
                                                  const std::vector<uint32_t>& neighbours,
                                                  const std::vector<int64_t>& cluster_of) {
  const std::vector<uint32_t>& set = sets_[d];
  std::vector<ParentLink> parents;
  if (set.empty()) return parents;
  Candidates found;
  found.words = (set.size() + 63) / 64;
  FindCandidates(d, order, rank, neighbours, cluster_of, &found);
  const std::vector<Candidate>& candidates = found.list;
  if (candidates.empty()) return parents;
  const std::vector<double> score = ScoreCandidates(d, order, &found);
  const size_t primary_index = PickPrimary(candidates, score, options_.near_tie);
  const double size = static_cast<double>(set.size());
  const size_t words = found.words, nc = candidates.size();
  const std::vector<uint64_t>& bits = found.bits;
  const bool by_words = found.by_words;
  std::vector<uint64_t> covered(words, 0);  // shingles found in the parents chosen so far
  auto add = [&](size_t i) {
    const Candidate& c = candidates[i];
    ParentLink link;
    link.doc = c.doc;
    link.share = c.share;
    link.cluster = cluster_of[c.doc];
    link.other_cluster = cluster_of[c.doc] != cluster_of[d];
    const Orientation o = Orient(c.doc, d);
    link.evidence = o.dir > 0 ? o.evidence : std::vector<OrderEvidence>{OrderEvidence::kOrder};
    if (by_words) link.evidence.push_back(OrderEvidence::kWords);
    link.passages =
        AlignPassages(run_.articles[d], Tok(d), PositionsOf(d), run_.articles[c.doc], Tok(c.doc), IndexOf(c.doc));
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

}  // namespace wiretrace::internal
