#include "internal/provenance_content.h"

#include <algorithm>
#include <utility>

#include "internal/radix_sort.h"
#include "internal/sorted_set.h"
#include "oneapi/tbb/parallel_for.h"

namespace wiretrace::internal {
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

// What a shingle of a cluster's list is for the cluster's members
// (ContentSets): template text, content in this cluster alone (or, with no
// limit, in more than two), or else the one other cluster holding it.
constexpr uint32_t kDrop = ~uint32_t{0};
constexpr uint32_t kKeep = ~uint32_t{0} - 1;

uint32_t Verdict(const MultiClusterEntry& m, uint32_t cluster, uint32_t max_clusters) {
  return max_clusters != 0 && m.clusters > max_clusters ? kDrop : m.clusters == 2 ? m.pair ^ cluster : kKeep;
}

// A shingle of a cluster's list that another cluster holds too, with its
// verdict for that cluster.
struct SharedShingle {
  uint32_t shingle;
  uint32_t verdict;
};

// The shingles found in two or more clusters: as entries (sorted by
// shingle; for tests), and for each cluster those of its list, sorted by shingle, with
// their verdicts: cluster c's are shared[offsets[c], offsets[c + 1]). Every
// other shingle of a list is content of that cluster alone (kKeep).
struct ClusterCounts {
  std::vector<MultiClusterEntry> entries;
  std::vector<uint32_t> offsets;
  std::vector<SharedShingle> shared;
};

// Counts, for every shingle of the corpus, the clusters holding it, and keeps
// those held by two or more.
//
// The shingles are split by their top bits into shards; each shard lists
// (shingle, cluster) in cluster order, sorts it and keeps the shingles seen
// in two or more clusters, and for each of them and each cluster holding it
// that cluster's verdict. Both are small (most story text lives in one
// cluster), unlike a map of every shingle; and each cluster then reads its
// verdicts in the order of its list, where a table looked up shingle by
// shingle missed the cache on nearly every lookup.
// `entries` only for ShinglesOfSeveralClusters.
ClusterCounts CountClusters(absl::Span<const ClusterShingles> clusters, uint32_t num_clusters, uint32_t max_clusters,
                            bool entries) {
  constexpr int kShardBits = 5;
  constexpr int kShards = 1 << kShardBits;
  struct Occurrence {
    uint32_t cluster;
    SharedShingle shingle;
  };
  std::vector<std::vector<MultiClusterEntry>> multi(kShards);
  std::vector<std::vector<Occurrence>> occurrences_of(kShards);
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
    std::vector<MultiClusterEntry>& out = multi[shard];
    std::vector<Occurrence>& held = occurrences_of[shard];
    for (size_t i = 0; i < seen.size();) {
      size_t e = i + 1;
      MultiClusterEntry m{seen[i].first, 1, seen[i].second};
      for (; e < seen.size() && seen[e].first == seen[i].first; ++e) {
        if (seen[e].second != seen[e - 1].second) {
          if (m.clusters == 1) m.pair ^= seen[e].second;
          ++m.clusters;
        }
      }
      if (m.clusters >= 2) {
        if (entries) out.push_back(m);
        for (size_t k = i; k < e; ++k) {
          if (k == i || seen[k].second != seen[k - 1].second) {
            held.push_back({seen[k].second, {m.shingle, Verdict(m, seen[k].second, max_clusters)}});
          }
        }
      }
      i = e;
    }
  });
  ClusterCounts counts;
  size_t total = 0;
  for (const std::vector<MultiClusterEntry>& m : multi) total += m.size();
  counts.entries.reserve(total);
  for (std::vector<MultiClusterEntry>& m : multi) {
    counts.entries.insert(counts.entries.end(), m.begin(), m.end());
    std::vector<MultiClusterEntry>().swap(m);
  }
  // Grouped by cluster, in shard order: each cluster's shingles stay sorted.
  counts.offsets.assign(static_cast<size_t>(num_clusters) + 1, 0);
  for (const std::vector<Occurrence>& held : occurrences_of) {
    for (const Occurrence& o : held) ++counts.offsets[o.cluster + 1];
  }
  for (size_t c = 1; c < counts.offsets.size(); ++c) counts.offsets[c] += counts.offsets[c - 1];
  counts.shared.resize(counts.offsets.back());
  std::vector<uint32_t> next(counts.offsets.begin(), counts.offsets.end() - 1);
  for (std::vector<Occurrence>& held : occurrences_of) {
    for (const Occurrence& o : held) counts.shared[next[o.cluster]++] = o.shingle;
    std::vector<Occurrence>().swap(held);
  }
  return counts;
}

// What each shingle of cluster c's list (`shingles`) is for its members,
// into *verdict: its shared shingles are part of the list, in the same
// order, and the rest are its own content.
void ClusterVerdicts(const ClusterCounts& counts, uint32_t c, absl::Span<const uint32_t> shingles,
                     std::vector<uint32_t>* verdict) {
  verdict->resize(shingles.size());
  const SharedShingle* next = counts.shared.data() + counts.offsets[c];
  const SharedShingle* const end = counts.shared.data() + counts.offsets[c + 1];
  for (size_t j = 0; j < shingles.size(); ++j) {
    if (next != end && next->shingle == shingles[j]) {
      (*verdict)[j] = next->verdict;
      ++next;
    } else {
      (*verdict)[j] = kKeep;
    }
  }
}

// The union of the members' shingle sets of each cluster of two or more
// (empty for the others).
std::vector<std::vector<uint32_t>> ClusterUnions(const ClusterRun& run,
                                                 const std::vector<std::vector<uint32_t>>& clusters) {
  std::vector<std::vector<uint32_t>> unions(clusters.size());
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
  return unions;
}

// A worker's buffers in ContentSets, reused from cluster to cluster.
struct FillScratch {
  std::vector<uint32_t> verdict;      // per shingle of the cluster's list
  std::vector<uint32_t> kept;         // a member's content shingles, before they are copied out
  std::vector<uint32_t> shared_with;  // other clusters, once per shingle shared
};

}  // namespace

std::vector<MultiClusterEntry> ShinglesOfSeveralClusters(absl::Span<const ClusterShingles> clusters) {
  uint32_t num_clusters = 0;
  for (const ClusterShingles& c : clusters) num_clusters = std::max(num_clusters, c.cluster + 1);
  return CountClusters(clusters, num_clusters, 0, /*entries=*/true).entries;
}

// Content shingles: shingles found in documents of more than
// max_clusters_per_shingle clusters are template text (site furniture shared
// by a family of outlets, teasers, stock phrases), not story text: dropped
// from every comparison. Story text lives in one cluster, or two when a
// composite took it.
//
// The members of a cluster are mostly copies of one another: each cluster's
// shingles are counted once, from the union of its members' sets (half the
// occurrences of the 50,000-article corpus), and judged once there, not
// once per member.
//
// Only documents that provenance reads get a content set: members of
// clusters of two or more, their neighbours by verified edges, documents
// alone in their cluster that share at least min_share of their text with
// one other cluster or have a verified edge to one (partial reuse), and the
// members of other clusters that
// hold much of such a document's text (the sources of a story the engine
// split, or of the passages taken). The counts themselves need every
// document.
void ContentSets(const ClusterRun& run, const std::vector<std::vector<uint32_t>>& clusters,
                 const std::vector<std::vector<uint32_t>>& neighbours, const ProvenanceOptions& options,
                 std::vector<std::vector<uint32_t>>* sets, std::vector<std::vector<uint32_t>>* other_clusters) {
  const size_t n = run.shingle_sets.size();
  const std::vector<std::vector<uint32_t>> unions = ClusterUnions(run, clusters);
  auto shingles_of = [&](uint32_t c) -> absl::Span<const uint32_t> {
    return clusters[c].size() < 2 ? absl::Span<const uint32_t>(run.shingle_sets[clusters[c][0]]) : unions[c];
  };
  const uint32_t max_clusters = options.max_clusters_per_shingle;
  const ClusterCounts counts = [&] {
    std::vector<ClusterShingles> all(clusters.size());
    for (uint32_t c = 0; c < clusters.size(); ++c) all[c] = {shingles_of(c), c};
    return CountClusters(all, static_cast<uint32_t>(clusters.size()), max_clusters, /*entries=*/false);
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
  // A document alone in its cluster may still have taken passages from
  // another story (partial reuse): it needs its set to find out, and keeps
  // it only when some other cluster holds enough of its text.
  std::vector<uint8_t> alone(n, 0);
  for (const std::vector<uint32_t>& members : clusters) {
    if (members.size() == 1 && needed[members[0]] == 0) needed[members[0]] = alone[members[0]] = 1;
  }
  sets->resize(n);
  other_clusters->resize(n);
  auto fill_cluster = [&](uint32_t c, FillScratch* scratch) {
    // Named references, not a structured binding: clang before 16 cannot
    // capture one in the lambda below.
    std::vector<uint32_t>& verdict = scratch->verdict;
    std::vector<uint32_t>& out = scratch->kept;
    std::vector<uint32_t>& shared_with = scratch->shared_with;
    const absl::Span<const uint32_t> shingles = shingles_of(c);
    ClusterVerdicts(counts, c, shingles, &verdict);
    for (uint32_t d : clusters[c]) {
      if (needed[d] != 1) continue;
      needed[d] = 2;
      const std::vector<uint32_t>& all = run.shingle_sets[d];
      out.resize(all.size());
      shared_with.resize(all.size());
      // The member's set is part of the cluster's list: one merge, without
      // branches (which way it goes is random).
      size_t kept = 0, shared = 0;
      for (size_t i = 0, j = 0; i < all.size() && j < shingles.size(); ++j) {
        const bool hit = shingles[j] == all[i];
        const uint32_t v = verdict[j];
        out[kept] = shingles[j];
        kept += hit & (v != kDrop);
        shared_with[shared] = v;
        shared += hit & (v < kKeep);
        i += hit;
      }
      shared_with.resize(shared);
      // A page made only of common text keeps it all rather than nothing.
      const size_t set_size = kept == 0 ? all.size() : kept;
      std::sort(shared_with.begin(), shared_with.end());
      for (size_t i = 0; i < shared_with.size();) {
        size_t e = i;
        while (e < shared_with.size() && shared_with[e] == shared_with[i]) ++e;
        const size_t count = e - i;
        if (static_cast<double>(count) >= options.min_share * static_cast<double>(set_size)) {
          (*other_clusters)[d].push_back(shared_with[i]);
        }
        i = e;
      }
      if (alone[d] && (*other_clusters)[d].empty() && neighbours[d].empty()) continue;
      // Copied out at its size: one allocation, no shrink.
      if (kept == 0) {
        (*sets)[d] = all;
      } else {
        (*sets)[d].assign(out.begin(), out.begin() + kept);
      }
    }
  };
  auto fill = [&](const std::vector<uint32_t>& of_clusters) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, of_clusters.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      FillScratch scratch;
      for (size_t i = r.begin(); i != r.end(); ++i) fill_cluster(of_clusters[i], &scratch);
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
    for (uint32_t d : members) {
      for (uint32_t other : (*other_clusters)[d]) {
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

}  // namespace wiretrace::internal
