// Provenance's first stage: content sets, the shingles of each document that
// are story text rather than template text, and the other clusters that hold
// much of a document's text.
#ifndef WIRETRACE_INTERNAL_PROVENANCE_CONTENT_H_
#define WIRETRACE_INTERNAL_PROVENANCE_CONTENT_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "wiretrace/engine.h"
#include "wiretrace/provenance.h"

namespace wiretrace::internal {

// The shingles of one cluster: the union of its members' shingle sets
// (sorted), or, for a single document, its set.
struct ClusterShingles {
  absl::Span<const uint32_t> shingles;
  uint32_t cluster;
};

// For each shingle held by two or more clusters: how many, and which.
struct MultiClusterEntry {
  uint32_t shingle = 0;
  uint32_t clusters = 0;  // how many clusters hold it (>= 2)
  // first ^ second of the first two clusters holding it: with one of them,
  // the other.
  uint32_t pair = 0;
};

// The shingles that CountClusters finds in two or more of `clusters`, sorted
// by shingle (for tests; ContentSets reads each cluster's in the order of
// its list).
std::vector<MultiClusterEntry> ShinglesOfSeveralClusters(absl::Span<const ClusterShingles> clusters);

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
//
// `clusters`: the members of each cluster, clusters in order of first
// appearance. Fills (*sets)[d] and (*other_clusters)[d] (indexes into
// `clusters`) for the documents described above; the others stay empty.
void ContentSets(const ClusterRun& run, const std::vector<std::vector<uint32_t>>& clusters,
                 const std::vector<std::vector<uint32_t>>& neighbours, const ProvenanceOptions& options,
                 std::vector<std::vector<uint32_t>>* sets, std::vector<std::vector<uint32_t>>* other_clusters);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PROVENANCE_CONTENT_H_
