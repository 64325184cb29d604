// ComputeProvenance: the wiring of provenance's stages (docs/design.md):
// content sets (internal/provenance_content.cc), then per cluster, in
// parallel, order and parents (internal/provenance_worker.h), then roots and
// credit status.
#include "wiretrace/provenance.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "internal/provenance_content.h"
#include "internal/provenance_worker.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace {

std::string_view CreditStatusName(CreditStatus status) {
  switch (status) {
    case CreditStatus::kParent: return "parent";
    case CreditStatus::kRoot: return "root";
    case CreditStatus::kOther: return "other";
    case CreditStatus::kGeneric: return "generic";
    case CreditStatus::kNone: return "none";
  }
  return "none";  // not reached: every value is listed
}

std::string_view OrderEvidenceName(OrderEvidence evidence) {
  switch (evidence) {
    case OrderEvidence::kTime: return "time";
    case OrderEvidence::kDate: return "date";
    case OrderEvidence::kCredit: return "credit";
    case OrderEvidence::kLead: return "lead";
    case OrderEvidence::kContainment: return "containment";
    case OrderEvidence::kOrder: return "order";
    case OrderEvidence::kWords: return "words";
  }
  return "order";  // not reached: every value is listed
}

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

// Documents alone in their cluster that share text with another one (partial
// reuse: ContentSets, or a verified edge) get a line of their own when they
// have a parent there. After the clusters, so that their lines come last.
void AddPartialReuse(const ClusterRun& run, const EngineOptions& engine, const ProvenanceOptions& options,
                     const std::vector<std::vector<uint32_t>>& neighbours, internal::ProvenanceShared* shared,
                     ProvenanceResult* result) {
  internal::ProvenanceShared& sh = *shared;
  std::vector<uint32_t> alone;
  for (uint32_t c = 0; c < sh.clusters.size(); ++c) {
    const uint32_t d = sh.clusters[c][0];
    if (sh.clusters[c].size() == 1 && (!sh.other_clusters[d].empty() || !neighbours[d].empty())) alone.push_back(c);
  }
  std::vector<DocumentProvenance> single(alone.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, alone.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
    internal::ProvenanceWorker worker(run, engine, options, &sh);
    for (size_t i = r.begin(); i != r.end(); ++i) {
      worker.ProcessCluster(alone[i], neighbours, result->cluster_of, &single[i]);
      if (!single[i].parents.empty()) {
        const uint32_t d = single[i].doc;
        sh.credits[d] = internal::FindDocCredits(run.articles[d].text, options.agencies, sh.outlets);
        sh.has_credits[d] = 1;
      }
    }
  });
  for (DocumentProvenance& dp : single) {
    if (!dp.parents.empty()) result->documents.push_back(std::move(dp));
  }
}

}  // namespace

absl::StatusOr<ProvenanceResult> ComputeProvenance(const ClusterRun& run, absl::Span<const int64_t> cluster_of,
                                                   const EngineOptions& engine, const ProvenanceOptions& options) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (run.articles.size() != run.documents.size() || run.shingle_sets.size() != run.documents.size() ||
      run.representative_rank.size() != run.documents.size()) {
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
  internal::ProvenanceShared sh;
  sh.dateline_agencies = std::make_unique<internal::DatelineAgencies>(engine.agencies);
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
  const int threads =
      engine.threads > 0 ? engine.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  auto lap_start = std::chrono::steady_clock::now();
  auto lap = [&](int stage) {
    const auto now = std::chrono::steady_clock::now();
    result.stage_seconds[stage] = std::chrono::duration<double>(now - lap_start).count();
    lap_start = now;
  };
  arena.execute([&] {
    internal::ContentSets(run, sh.clusters, neighbours, options, &sh.sets, &sh.other_clusters);
    lap(0);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t d = r.begin(); d != r.end(); ++d) sh.outlet[d] = options.agencies.OutletKey(run.articles[d].source);
    });
    for (const std::string& key : sh.outlet) {
      if (!key.empty()) sh.outlets.insert(key);
    }
    tbb::parallel_for(tbb::blocked_range<size_t>(0, multi.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        for (uint32_t d : sh.clusters[multi[i]]) {
          sh.credits[d] = internal::FindDocCredits(run.articles[d].text, options.agencies, sh.outlets);
          sh.has_credits[d] = 1;
        }
      }
    });
    lap(1);
    // Largest clusters first, so that one big cluster does not start last.
    std::vector<size_t> schedule(multi.size());
    for (size_t i = 0; i < schedule.size(); ++i) schedule[i] = i;
    std::stable_sort(schedule.begin(), schedule.end(), [&](size_t a, size_t b) {
      return sh.clusters[multi[a]].size() > sh.clusters[multi[b]].size();
    });
    std::atomic<size_t> clusters_done{0};  // for options.progress
    tbb::parallel_for(tbb::blocked_range<size_t>(0, schedule.size(), 1), [&](const tbb::blocked_range<size_t>& r) {
      internal::ProvenanceWorker worker(run, engine, options, &sh);
      for (size_t k = r.begin(); k != r.end(); ++k) {
        const size_t i = schedule[k];
        worker.ProcessCluster(multi[i], neighbours, result.cluster_of, &result.documents[offset[i]]);
        if (options.progress) options.progress(++clusters_done, schedule.size());
      }
    });
    AddPartialReuse(run, engine, options, neighbours, &sh, &result);
    lap(2);
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
  internal::ProvenanceWorker status(run, engine, options, &sh);
  for (DocumentProvenance& dp : result.documents) {
    internal::DocCredits& credits = sh.credits[dp.doc];
    dp.credits = std::move(credits.credits);
    for (const std::string& key : credits.keys) dp.self_credit.push_back(internal::SameKey(key, sh.outlet[dp.doc]));
    for (ParentLink& link : dp.parents) link.credit = status.CreditStatusOf(dp, credits.keys, link.doc);
  }
  lap(3);
  return result;
}

}  // namespace wiretrace
