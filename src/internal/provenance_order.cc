// Order: the members of a cluster in an order consistent with their
// pairwise orientation. See docs/design.md.
#include <algorithm>
#include <array>

#include "internal/provenance_worker.h"
#include "internal/sorted_set.h"

namespace wiretrace::internal {

// Kahn's algorithm: each step places the member that nothing left comes
// before, the one that comes before the most others (ties keep the base
// order). A cycle (it takes a text signal or two same-day credits) is
// broken by giving up the weakest evidence first: the member placed is
// one that only text, then only tied credits, put after another.
std::vector<size_t> PlaceByEvidence(size_t n, absl::Span<const int8_t> edge) {
  // indegree[s][i]: members not yet placed that come before member i with
  // evidence of strength s or more (index 0 unused). score[i]: how many
  // members i comes before, less how many come before it.
  std::array<std::vector<int>, kFirm + 1> indegree;
  for (std::vector<int>& v : indegree) v.assign(n, 0);
  std::vector<int> score(n, 0);
  for (size_t first = 0; first < n; ++first) {
    for (size_t second = 0; second < n; ++second) {
      const int strength = edge[first * n + second];
      if (strength <= 0) continue;
      for (int s = 1; s <= strength; ++s) ++indegree[s][second];
      ++score[first];
      --score[second];
    }
  }
  std::vector<bool> placed(n, false);
  std::vector<size_t> out;
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
    out.push_back(pick);
    for (size_t j = 0; j < n; ++j) {
      for (int s = 1; s <= edge[pick * n + j]; ++s) --indegree[s][j];
    }
  }
  return out;
}

// Members of one cluster in an order consistent with pairwise orientation:
// the representative order (dated before undated, then longer) as the base,
// rearranged by PlaceByEvidence. Clusters too large to orient pairwise keep
// the base order.
std::vector<uint32_t> ProvenanceWorker::Order(std::vector<uint32_t> members) {
  // The engine's own representative order, not a second computation of it.
  std::vector<uint32_t> m = std::move(members);
  std::sort(m.begin(), m.end(), [&](uint32_t a, uint32_t b) { return Rank(a) < Rank(b); });
  const size_t n = m.size();
  if (n > options_.max_pairwise_cluster) return m;
  // edge[i*n+j]: m[i] came before m[j], with that strength (0: no order).
  std::vector<int8_t> edge(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const Orientation o = Orient(m[i], m[j], /*evidence=*/false);
      if (o.dir == 0) continue;
      const size_t first = o.dir > 0 ? i : j, second = o.dir > 0 ? j : i;
      edge[first * n + second] = static_cast<int8_t>(o.strength);
    }
  }
  std::vector<size_t> placed = PlaceByEvidence(n, edge);
  if (n > 2 && AddChangeEdges(m, placed[0], &edge)) placed = PlaceByEvidence(n, edge);
  std::vector<uint32_t> out;
  out.reserve(n);
  for (size_t i : placed) out.push_back(m[i]);
  return out;
}

// A copy carries its parent's changes on: what the parent added to the
// story or reworded is in the copy too (as far as the copy kept that part),
// beside the copy's own changes. Two copies of one story that nothing else
// orders are ordered by their changes (content shingles the root lacks):
// when at least half of one's changes are in the other, and the other has
// at least k changes of its own besides (more than a swapped word makes),
// the first came before. Sibling copies share only chance changes, a few
// windows at most, so they stay unordered. Dates and credits speak first:
// this orders pairs that had no evidence at all. Without `published` it
// orients chains that the shape of the text cannot (tools/gen_syndication.py
// seeds 1 / 2 / 3 without dates: 238 / 240 / 243 -> 271 / 279 / 283 parents
// right; docs/provenance.md, "Orientation").
bool ProvenanceWorker::AddChangeEdges(const std::vector<uint32_t>& members, size_t root, std::vector<int8_t>* edge) {
  const size_t n = members.size();
  auto unordered = [&](size_t i, size_t j) {
    return i != root && j != root && (*edge)[i * n + j] == 0 && (*edge)[j * n + i] == 0;
  };
  bool any = false;  // dated clusters seldom leave a pair unordered: then nothing to compute
  for (size_t i = 0; i < n && !any; ++i) {
    for (size_t j = i + 1; j < n && !any; ++j) any = unordered(i, j);
  }
  if (!any) return false;
  const std::vector<uint32_t>& story = sets_[members[root]];
  std::vector<std::vector<uint32_t>> changes(n);
  std::vector<uint64_t> in_story;
  for (size_t i = 0; i < n; ++i) {
    if (i == root) continue;
    const std::vector<uint32_t>& set = sets_[members[i]];
    in_story.assign((set.size() + 63) / 64, 0);
    internal::MarkShared(set, story, in_story.data());
    for (size_t p = 0; p < set.size(); ++p) {
      if (!(in_story[p / 64] >> (p % 64) & 1)) changes[i].push_back(set[p]);
    }
  }
  const size_t k = static_cast<size_t>(engine_.shingle.word_k);
  bool added = false;
  // A headline that another member's extends (all its words and more:
  // "UPDATE: ...", "... - report") came first: an editor adds to the
  // headline received, and a copy takes its parent's headline with its
  // text. A headline put up in its place says nothing (it may be one of
  // the alternatives the story went out with).
  std::vector<std::vector<uint64_t>> titles(n);
  for (size_t i = 0; i < n; ++i) titles[i] = TitleWords(members[i]);
  auto extends = [&](size_t a, size_t b) { return HeadlineExtends(titles[a], titles[b]); };
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (!unordered(i, j)) continue;
      if (extends(i, j)) {
        (*edge)[i * n + j] = kByText;
        added = true;
        continue;
      }
      if (extends(j, i)) {
        (*edge)[j * n + i] = kByText;
        added = true;
        continue;
      }
      const size_t shared = internal::CountShared(changes[i], changes[j]);
      if (shared < k) continue;  // siblings' chance agreements
      const size_t of_i = changes[i].size(), of_j = changes[j].size();
      if (2 * shared >= of_i && of_j >= shared + k) {
        (*edge)[i * n + j] = kByText;
        added = true;
      } else if (2 * shared >= of_j && of_i >= shared + k) {
        (*edge)[j * n + i] = kByText;
        added = true;
      }
    }
  }
  return added;
}

}  // namespace wiretrace::internal
