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

// The shingles held by documents of two or more clusters, sorted, with a
// directory over their top bits (about one entry per bucket): a lookup reads
// the directory and one or two entries. Most story text lives in one
// cluster, so this is a tenth of all distinct shingles.
class MultiClusterShingles {
 public:
  using Entry = MultiClusterEntry;

  // `entries` sorted by shingle, without duplicates.
  explicit MultiClusterShingles(std::vector<Entry> entries) : entries_(std::move(entries)) {
    int bits = 1;
    while (bits < 28 && (size_t{1} << (bits + 1)) <= entries_.size()) ++bits;
    shift_ = 32 - bits;
    directory_.assign((size_t{1} << bits) + 1, 0);
    for (const Entry& e : entries_) ++directory_[(e.shingle >> shift_) + 1];
    for (size_t b = 1; b < directory_.size(); ++b) directory_[b] += directory_[b - 1];
  }

  const std::vector<Entry>& entries() const { return entries_; }

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
  return CountClusters(clusters).entries();
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
  // A document alone in its cluster may still have taken passages from
  // another story (partial reuse): it needs its set to find out, and keeps
  // it only when some other cluster holds enough of its text.
  std::vector<uint8_t> alone(n, 0);
  for (const std::vector<uint32_t>& members : clusters) {
    if (members.size() == 1 && needed[members[0]] == 0) needed[members[0]] = alone[members[0]] = 1;
  }
  sets->resize(n);
  other_clusters->resize(n);
  const uint32_t max_clusters = options.max_clusters_per_shingle;
  // What each shingle of a cluster's list is for its members.
  constexpr uint32_t kDrop = ~uint32_t{0};      // template text
  constexpr uint32_t kKeep = ~uint32_t{0} - 1;  // content, in this cluster alone (or in more than two)
  auto fill_cluster = [&](uint32_t c, FillScratch* scratch) {
    // Named references, not a structured binding: clang before 16 cannot
    // capture one in the lambda below.
    std::vector<uint32_t>& verdict = scratch->verdict;
    std::vector<uint32_t>& out = scratch->kept;
    std::vector<uint32_t>& shared_with = scratch->shared_with;
    const absl::Span<const uint32_t> shingles = shingles_of(c);
    verdict.resize(shingles.size());
    multi.FindEach(shingles, [&](size_t i, const MultiClusterShingles::Entry* m) {
      const uint32_t count = m == nullptr ? 1 : m->clusters;
      // Otherwise the one other cluster holding it.
      verdict[i] = max_clusters != 0 && count > max_clusters ? kDrop : count == 2 ? m->pair ^ c : kKeep;
    });
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
