#include "wiretrace/cluster.h"

#include <algorithm>
#include <numeric>

namespace wiretrace {

namespace {

// A date without a time could be any moment of that day. Ordering it at the
// day's last second puts a wire item timed that day before a newspaper's
// date-only copy of it, which is the common case (agencies stamp times,
// print editions carry dates).
int64_t LatestPossibleSecond(const Timestamp& t) {
  return t.precision == Timestamp::Precision::kDate ? t.seconds_utc + 86399 : t.seconds_utc;
}

}  // namespace

absl::Status ClusterOptions::Validate() const {
  if (!(anchor_containment > 0.0 && anchor_containment <= 1.0)) {
    return absl::InvalidArgumentError("anchor containment must be in (0, 1]");
  }
  if (!(via_containment >= 0.0 && via_containment <= 1.0)) {
    return absl::InvalidArgumentError("containment for joining through a member must be in [0, 1] (0: off)");
  }
  return absl::OkStatus();
}

bool RepresentsBefore(const RepresentativeKey& x, const RepresentativeKey& y) {
  if (x.published.known() != y.published.known()) return x.published.known();
  if (x.published.known()) {
    const int64_t tx = LatestPossibleSecond(x.published);
    const int64_t ty = LatestPossibleSecond(y.published);
    if (tx != ty) return tx < ty;
  }
  if (x.length != y.length) return x.length > y.length;
  return x.id < y.id;
}

std::vector<uint32_t> RepresentativeOrder(absl::Span<const RepresentativeKey> keys) {
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return RepresentsBefore(keys[x], keys[y]); });
  return order;
}

namespace {

struct Neighbour {
  uint32_t doc;
  // Share of this document found in `doc`: of its shingles, then of its
  // content words. Shared phrases are the stronger evidence of copying, so
  // they rank first.
  float shingles_in_neighbour;
  float words_in_neighbour;
};

}  // namespace

std::vector<uint32_t> AssignClusters(uint32_t num_docs, absl::Span<const uint32_t> order,
                                     absl::Span<const Edge> edges,
                                     absl::FunctionRef<bool(uint32_t, uint32_t)> anchored) {
  return AssignClusters(num_docs, order, edges, anchored, [](uint32_t, uint32_t, float) { return false; });
}

std::vector<uint32_t> AssignClusters(uint32_t num_docs, absl::Span<const uint32_t> order,
                                     absl::Span<const Edge> edges,
                                     absl::FunctionRef<bool(uint32_t, uint32_t)> anchored,
                                     absl::FunctionRef<bool(uint32_t, uint32_t, float)> through,
                                     std::vector<uint32_t>* via) {
  // Adjacency in CSR form, each list sorted by neighbour so that the visiting
  // order below does not depend on the order of `edges`.
  std::vector<uint32_t> degree(num_docs + 1, 0);
  for (const Edge& e : edges) {
    ++degree[e.a];
    ++degree[e.b];
  }
  std::vector<uint32_t> offset(num_docs + 1, 0);
  for (uint32_t d = 0; d < num_docs; ++d) offset[d + 1] = offset[d] + degree[d];
  std::vector<Neighbour> adjacency(offset[num_docs]);
  std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
  for (const Edge& e : edges) {
    adjacency[fill[e.a]++] = {e.b, static_cast<float>(e.overlap.containment_a()),
                              static_cast<float>(e.words.containment_a())};
    adjacency[fill[e.b]++] = {e.a, static_cast<float>(e.overlap.containment_b()),
                              static_cast<float>(e.words.containment_b())};
  }
  for (uint32_t d = 0; d < num_docs; ++d) {
    std::sort(adjacency.begin() + offset[d], adjacency.begin() + offset[d + 1],
              [](const Neighbour& x, const Neighbour& y) { return x.doc < y.doc; });
  }
  constexpr uint32_t kUnassigned = 0xffffffffu;
  std::vector<uint32_t> rank(num_docs);
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  std::vector<uint32_t> root(num_docs, kUnassigned);
  // Whether a document joined through a member rather than by its anchor: no
  // document joins through it in turn, so a cluster's diameter stays bounded.
  std::vector<uint8_t> joined_through(num_docs, 0);
  if (via != nullptr) {
    via->resize(num_docs);
    std::iota(via->begin(), via->end(), 0u);
  }

  struct Option {
    float shingles;
    float words;
    uint32_t root;
    uint32_t member;  // the earlier neighbour that offers the cluster
  };
  std::vector<Option> options;
  std::vector<uint32_t> tried;
  for (uint32_t d : order) {
    options.clear();
    for (uint32_t i = offset[d]; i < offset[d + 1]; ++i) {
      const Neighbour& n = adjacency[i];
      if (rank[n.doc] < rank[d]) options.push_back({n.shingles_in_neighbour, n.words_in_neighbour, root[n.doc], n.doc});
    }
    // Best supplier first; ties go to the cluster whose representative comes first.
    std::sort(options.begin(), options.end(), [&](const Option& x, const Option& y) {
      if (x.shingles != y.shingles) return x.shingles > y.shingles;
      if (x.words != y.words) return x.words > y.words;
      return rank[x.root] < rank[y.root];
    });
    root[d] = d;
    // One cluster can appear several times, through different neighbours,
    // and not always consecutively; the anchor test compares whole sets, so
    // ask it once per cluster.
    tried.clear();
    for (const Option& o : options) {
      if (std::find(tried.begin(), tried.end(), o.root) != tried.end()) continue;
      tried.push_back(o.root);
      if (anchored(d, o.root)) {
        root[d] = o.root;
        break;
      }
    }
    if (root[d] != d) continue;
    // Anchored nowhere: a copy of a copy joins through the member it took
    // most of its text from (best supplier first, as above).
    for (const Option& o : options) {
      if (joined_through[o.member] || !through(d, o.member, o.shingles)) continue;
      root[d] = o.root;
      joined_through[d] = 1;
      if (via != nullptr) (*via)[d] = o.member;
      break;
    }
  }
  return root;
}

}  // namespace wiretrace
