#include "mpi/sides.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "wiretrace/shingle.h"

namespace wiretrace::mpi {

PairSide SideData::View() const {
  PairSide side;
  side.shingles = shingles;
  side.shingle_sequence = sequence;
  side.words = words;
  side.word_positions = first_positions;
  side.content_words = content_words;
  side.figures = figures;
  side.source = source;
  side.published = published;
  return side;
}

void PackSide(const PairSide& side, ByteWriter* w) {
  const bool ordered = !side.shingle_sequence.empty();
  w->Put<uint8_t>(ordered ? 1 : 0);
  w->PutSpan(ordered ? side.shingle_sequence : side.shingles);
  w->PutSpan(side.words);
  w->PutSpan(side.word_positions);
  w->Put<uint32_t>(side.content_words);
  w->PutSpan(side.figures);
  w->Put<uint32_t>(static_cast<uint32_t>(side.source));
  w->Put<Timestamp>(side.published);
}

SideData UnpackSide(ByteReader* r) {
  SideData side;
  const bool ordered = r->Get<uint8_t>() != 0;
  side.shingles = r->GetVector<uint32_t>();
  if (ordered) {
    side.sequence = side.shingles;
    MakeShingleSet(&side.shingles);
  }
  side.words = r->GetVector<uint32_t>();
  side.first_positions = r->GetVector<uint32_t>();
  side.content_words = r->Get<uint32_t>();
  side.figures = r->GetVector<uint32_t>();
  side.source = r->Get<uint32_t>();
  side.published = r->Get<Timestamp>();
  return side;
}

namespace {

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<std::vector<uint32_t>> EdgeComponents(uint32_t n, absl::Span<const Edge> edges,
                                                  absl::Span<const uint32_t> rank_of) {
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const Edge& e : edges) {
    const uint32_t x = Find(parent, e.a), y = Find(parent, e.b);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);
  }
  // Members by place in the representative order; each component is opened
  // by its first member, so components come in that order too.
  std::vector<uint32_t> by_place(n);
  for (uint32_t d = 0; d < n; ++d) by_place[rank_of[d]] = d;
  std::vector<uint32_t> size(n, 0);
  for (uint32_t d = 0; d < n; ++d) ++size[Find(parent, d)];
  std::vector<std::vector<uint32_t>> components;
  absl::flat_hash_map<uint32_t, uint32_t> index;  // root -> component
  for (const uint32_t d : by_place) {
    const uint32_t root = Find(parent, d);
    if (size[root] < 2) continue;
    const auto [it, added] = index.try_emplace(root, static_cast<uint32_t>(components.size()));
    if (added) components.emplace_back();
    components[it->second].push_back(d);
  }
  return components;
}

std::vector<int> DealComponents(const std::vector<std::vector<uint32_t>>& components, int size) {
  std::vector<uint32_t> by_size(components.size());
  std::iota(by_size.begin(), by_size.end(), 0u);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](uint32_t x, uint32_t y) { return components[x].size() > components[y].size(); });
  std::vector<uint64_t> load(size, 0);
  std::vector<int> rank(components.size(), 0);
  for (const uint32_t c : by_size) {
    const int r = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());
    rank[c] = r;
    load[r] += components[c].size();
  }
  return rank;
}

std::vector<uint32_t> ClusterComponent(absl::Span<const uint32_t> members, absl::Span<const Edge> edges,
                                       absl::FunctionRef<bool(uint32_t, uint32_t)> anchored,
                                       absl::FunctionRef<bool(uint32_t, uint32_t, float)> through) {
  const uint32_t m = static_cast<uint32_t>(members.size());
  absl::flat_hash_map<uint32_t, uint32_t> local;
  local.reserve(m);
  for (uint32_t i = 0; i < m; ++i) local[members[i]] = i;
  std::vector<Edge> local_edges(edges.begin(), edges.end());
  for (Edge& e : local_edges) {
    e.a = local.at(e.a);
    e.b = local.at(e.b);
  }
  std::vector<uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);  // members are in representative order
  const std::vector<uint32_t> root = AssignClusters(
      m, order, local_edges, [&](uint32_t x, uint32_t y) { return anchored(members[x], members[y]); },
      [&](uint32_t x, uint32_t y, float share) { return through(members[x], members[y], share); });
  std::vector<uint32_t> out(m);
  for (uint32_t i = 0; i < m; ++i) out[i] = members[root[i]];
  return out;
}

}  // namespace wiretrace::mpi
