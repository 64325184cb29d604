#include "mpi/later_stages.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "mpi/buckets.h"
#include "mpi/comm.h"
#include "mpi/pack.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/shingle.h"
#include "wiretrace/verify.h"

namespace wiretrace::mpi {
namespace {

// A member's root and its overlap with it, from the rank that clustered it.
struct RootEntry {
  uint32_t doc = 0;
  uint32_t root = 0;
  Overlap with_root;
};

void Fail(absl::Status* status, std::string message) {
  if (status->ok()) *status = absl::InternalError(std::move(message));
}

// The sides of wanted[h] (documents rank h holds) from their holders into
// *cache. Collective; a garbled message (a bug) is reported in *status.
absl::Status FetchSides(const Job& job, const std::vector<std::vector<uint32_t>>& wanted, const KeptDocuments& kept,
                        SideCache* cache, absl::Status* status) {
  std::vector<std::string> requests(job.size);
  for (int r = 0; r < job.size; ++r) {
    ByteWriter(&requests[r]).PutVector(wanted[r]);
    if (r != job.rank) job.stats->side_bytes += requests[r].size();
  }
  absl::StatusOr<std::vector<std::string>> asked = ExchangeBytes(job.comm, requests);
  if (!asked.ok()) return asked.status();
  std::vector<std::string> replies(job.size);
  for (int r = 0; r < job.size; ++r) {
    ByteReader reader((*asked)[r]);
    const std::vector<uint32_t> docs = reader.GetVector<uint32_t>();
    if (!reader.ok()) Fail(status, absl::StrCat("a garbled request for sides from rank ", r));
    ByteWriter w(&replies[r]);
    for (const uint32_t g : docs) {
      const auto it = kept.local.find(g);
      if (it == kept.local.end()) {
        Fail(status, absl::StrCat("rank ", r, " asked for document ", g, ", held elsewhere"));
        break;
      }
      PackSide(kept.Side(it->second), &w);
    }
    if (r != job.rank) job.stats->side_bytes += replies[r].size();
  }
  asked->clear();
  absl::StatusOr<std::vector<std::string>> sides = ExchangeBytes(job.comm, replies);
  if (!sides.ok()) return sides.status();
  for (int r = 0; r < job.size; ++r) {
    ByteReader reader((*sides)[r]);
    for (const uint32_t g : wanted[r]) (*cache)[g] = UnpackSide(&reader);
    if (!reader.ok() || !reader.done()) Fail(status, absl::StrCat("garbled sides from rank ", r));
  }
  return absl::OkStatus();
}

// Every rank's `values`, back to back in rank order, on rank 0 (empty
// elsewhere); a garbled part (a bug) is reported in *status, naming `what`.
// Counts what this rank sends into its pairs-and-results bytes.
template <typename T>
std::vector<T> GatherValues(const Job& job, const std::vector<T>& values, const char* what, absl::Status* status) {
  std::string message;
  ByteWriter(&message).PutVector(values);
  if (job.rank != 0) job.stats->set_bytes += message.size();
  std::vector<T> all;
  const std::vector<std::string> parts = GatherBytes(job.comm, 0, message);
  for (size_t r = 0; r < parts.size(); ++r) {
    ByteReader reader(parts[r]);
    const std::vector<T> part = reader.GetVector<T>();
    all.insert(all.end(), part.begin(), part.end());
    if (!reader.ok() || !reader.done()) Fail(status, absl::StrCat("garbled ", what, " from rank ", r));
  }
  return all;
}

// The documents of `docs` that this rank neither holds nor has fetched, each
// once, in the list of its holder.
std::vector<std::vector<uint32_t>> Missing(const Job& job, const std::vector<uint32_t>& docs,
                                           const std::vector<int32_t>& holders, const KeptDocuments& kept,
                                           const SideCache& cache) {
  std::vector<std::vector<uint32_t>> wanted(job.size);
  for (size_t i = 0; i < docs.size() && i < holders.size(); ++i) {
    if (kept.local.contains(docs[i]) || cache.contains(docs[i])) continue;
    if (holders[i] >= 0 && holders[i] < job.size) wanted[holders[i]].push_back(docs[i]);
  }
  for (std::vector<uint32_t>& w : wanted) {
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
  }
  return wanted;
}

// A document as the rule reads it: this rank's own, or a fetched side.
// *missing is set for one that is neither (a bug).
PairSide SideOf(uint32_t g, const KeptDocuments& kept, const SideCache& cache, std::atomic<bool>* missing) {
  if (const auto it = kept.local.find(g); it != kept.local.end()) return kept.Side(it->second);
  if (const auto it = cache.find(g); it != cache.end()) return it->second.View();
  missing->store(true, std::memory_order_relaxed);
  return PairSide();
}

}  // namespace

absl::Status PrepareShingles(const Job& job, const std::vector<int>& holder, const internal::Candidates& candidates,
                             KeptDocuments* kept, internal::Corpus* corpus) {
  std::vector<std::string> parts(job.size);
  if (job.rank == 0) {
    const std::vector<std::vector<uint32_t>> paired = PairedDocumentsByHolder(candidates.pairs, holder, job.size);
    for (int r = 0; r < job.size; ++r) ByteWriter(&parts[r]).PutVector(paired[r]);
  }
  const std::string mine = ScatterBytes(job.comm, 0, std::move(parts));
  ByteReader in(mine);
  const std::vector<uint32_t> paired_here = in.GetVector<uint32_t>();
  absl::Status status = in.ok() && in.done() ? absl::OkStatus() : absl::InternalError("a garbled list of documents");
  kept->local.clear();
  kept->local.reserve(kept->docs.size());
  for (uint32_t i = 0; i < kept->global.size(); ++i) kept->local[kept->global[i]] = i;
  std::vector<uint8_t> paired(kept->docs.size(), 0);
  for (const uint32_t g : paired_here) {
    const auto it = kept->local.find(g);
    if (it == kept->local.end()) {
      Fail(&status, absl::StrCat("document ", g, " is not read here"));
      break;
    }
    paired[it->second] = 1;
  }
  // MakeShingleSets' rule, where the shingles are: a document in no
  // candidate pair needs only the size of its set.
  const bool ordered = job.options->verify.min_passage > 0;
  std::vector<uint64_t> counts(kept->docs.size());
  tbb::task_arena(job.threads).execute([&] {
    tbb::parallel_for(size_t{0}, kept->docs.size(), [&](size_t i) {
      internal::DocState& doc = kept->docs[i];
      if (ordered && paired[i]) doc.shingle_sequence = doc.shingles;
      MakeShingleSet(&doc.shingles);
      doc.shingle_count = static_cast<uint32_t>(doc.shingles.size());
      if (!paired[i]) std::vector<uint32_t>().swap(doc.shingles);
      doc.shingles.shrink_to_fit();
      counts[i] = uint64_t{kept->global[i]} << 32 | doc.shingle_count;
    });
  });
  for (const uint64_t e : GatherValues(job, counts, "shingle counts", &status)) {
    const uint32_t g = static_cast<uint32_t>(e >> 32);
    if (g < corpus->docs.size()) corpus->docs[g].shingle_count = static_cast<uint32_t>(e);
  }
  return AgreeOnStatus(job.comm, status);
}

absl::Status VerifyAtRanks(const Job& job, const std::vector<int>& holder, const internal::Candidates& candidates,
                           KeptDocuments* kept, SideCache* cache, ClusterRun* run) {
  // Rank 0 deals each pair to the holder of its first document, with the
  // holder of the other.
  std::vector<std::string> parts(job.size);
  if (job.rank == 0) {
    std::vector<std::vector<uint64_t>> pairs(job.size);
    std::vector<std::vector<uint8_t>> word_only(job.size);
    std::vector<std::vector<int32_t>> other_holders(job.size);
    for (size_t i = 0; i < candidates.pairs.size(); ++i) {
      const DocPair& p = candidates.pairs[i];
      const int v = holder[p.a];
      pairs[v].push_back(uint64_t{p.a} << 32 | p.b);
      word_only[v].push_back(candidates.word_only.empty() ? 0 : candidates.word_only[i]);
      other_holders[v].push_back(holder[p.b]);
    }
    for (int r = 0; r < job.size; ++r) {
      ByteWriter w(&parts[r]);
      w.PutVector(pairs[r]);
      w.PutVector(word_only[r]);
      w.PutVector(other_holders[r]);
      if (r != 0) job.stats->set_bytes += parts[r].size();
    }
  }
  const std::string mine = ScatterBytes(job.comm, 0, std::move(parts));
  ByteReader in(mine);
  const std::vector<uint64_t> pairs = in.GetVector<uint64_t>();
  const std::vector<uint8_t> word_only = in.GetVector<uint8_t>();
  const std::vector<int32_t> other_holders = in.GetVector<int32_t>();
  absl::Status status = in.ok() && in.done() && word_only.size() == pairs.size() && other_holders.size() == pairs.size()
                            ? absl::OkStatus()
                            : absl::InternalError("a garbled list of pairs");
  std::vector<uint32_t> others(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) others[i] = static_cast<uint32_t>(pairs[i]);
  if (absl::Status s = FetchSides(job, Missing(job, others, other_holders, *kept, *cache), *kept, cache, &status);
      !s.ok()) {
    return s;
  }
  // JudgePair, as PairRule::Judge calls it in one process (its index is
  // always there, so the words may speak: words_on).
  const EngineOptions& options = *job.options;
  std::vector<Edge> checked(status.ok() ? pairs.size() : 0);
  std::vector<uint8_t> accepted(checked.size(), 0);
  std::atomic<bool> missing{false};
  tbb::task_arena(job.threads).execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, checked.size(), 256), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        const uint32_t a = static_cast<uint32_t>(pairs[i] >> 32), b = static_cast<uint32_t>(pairs[i]);
        const PairVerdict v = JudgePair(options.verify, options.words, true, SideOf(a, *kept, *cache, &missing),
                                        SideOf(b, *kept, *cache, &missing), !word_only[i]);
        checked[i] = internal::EdgeOf(a, b, v);
        accepted[i] = v.rule != EdgeRule::kNone;
      }
    });
  });
  if (missing.load()) Fail(&status, "a pair's document is neither here nor fetched");
  std::vector<Edge> edges;
  for (size_t i = 0; i < checked.size(); ++i) {
    if (accepted[i]) edges.push_back(checked[i]);
  }
  run->edges = GatherValues(job, edges, "edges", &status);
  // Candidate order, as one process keeps it (each rank's edges are in it).
  std::sort(run->edges.begin(), run->edges.end(),
            [](const Edge& x, const Edge& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  run->summary.verified_pairs = run->edges.size();
  return AgreeOnStatus(job.comm, status);
}

absl::Status ClusterAtRanks(const Job& job, const std::vector<int>& holder, const internal::Corpus& corpus,
                            const ClusterRun& run, KeptDocuments* kept, SideCache* cache, Roots* roots) {
  std::vector<std::string> parts(job.size);
  if (job.rank == 0) {
    const uint32_t n = static_cast<uint32_t>(corpus.docs.size());
    std::vector<uint32_t> rank_of(n);
    for (uint32_t i = 0; i < n; ++i) rank_of[corpus.representative_order[i]] = i;
    const std::vector<std::vector<uint32_t>> components = EdgeComponents(n, run.edges, rank_of);
    const std::vector<int> dealt = DealComponents(components, job.size);
    std::vector<uint32_t> component_of(n, 0);
    for (uint32_t c = 0; c < components.size(); ++c) {
      for (const uint32_t d : components[c]) component_of[d] = c;
    }
    std::vector<std::vector<Edge>> edges(components.size());
    for (const Edge& e : run.edges) edges[component_of[e.a]].push_back(e);
    std::vector<uint64_t> count(job.size, 0);
    for (uint32_t c = 0; c < components.size(); ++c) ++count[dealt[c]];
    std::vector<ByteWriter> writers;
    for (int r = 0; r < job.size; ++r) {
      writers.emplace_back(&parts[r]);
      writers.back().Put<uint64_t>(count[r]);
    }
    for (uint32_t c = 0; c < components.size(); ++c) {
      ByteWriter& w = writers[dealt[c]];
      std::vector<int32_t> holders;
      for (const uint32_t d : components[c]) holders.push_back(holder[d]);
      w.PutVector(components[c]);
      w.PutVector(holders);
      w.PutVector(edges[c]);
    }
    for (int r = 1; r < job.size; ++r) job.stats->set_bytes += parts[r].size();
  }
  const std::string mine = ScatterBytes(job.comm, 0, std::move(parts));
  ByteReader in(mine);
  const uint64_t count = in.Get<uint64_t>();
  std::vector<std::vector<uint32_t>> members;
  std::vector<std::vector<Edge>> edges;
  std::vector<uint32_t> all_members;
  std::vector<int32_t> all_holders;
  for (uint64_t c = 0; c < count && in.ok(); ++c) {
    members.push_back(in.GetVector<uint32_t>());
    const std::vector<int32_t> holders = in.GetVector<int32_t>();
    edges.push_back(in.GetVector<Edge>());
    all_members.insert(all_members.end(), members.back().begin(), members.back().end());
    all_holders.insert(all_holders.end(), holders.begin(), holders.end());
  }
  absl::Status status = in.ok() && in.done() ? absl::OkStatus() : absl::InternalError("a garbled list of components");
  if (absl::Status s = FetchSides(job, Missing(job, all_members, all_holders, *kept, *cache), *kept, cache, &status);
      !s.ok()) {
    return s;
  }
  // The anchor BuildClusters asks (its index is always there: words_on).
  const EngineOptions& options = *job.options;
  std::atomic<bool> missing{false};
  std::vector<std::vector<RootEntry>> found(members.size());
  tbb::task_arena(job.threads).execute([&] {
    tbb::parallel_for(size_t{0}, status.ok() ? members.size() : 0, [&](size_t c) {
      const std::vector<uint32_t> root =
          ClusterComponent(
              members[c], edges[c],
              [&](uint32_t x, uint32_t y) {
                return internal::AnchoredToRoot(options, true, SideOf(x, *kept, *cache, &missing),
                                                SideOf(y, *kept, *cache, &missing));
              },
              [&](uint32_t x, uint32_t y, float share) {
                return internal::JoinsThroughMember(options, share, SideOf(x, *kept, *cache, &missing),
                                                    SideOf(y, *kept, *cache, &missing));
              });
      for (size_t i = 0; i < root.size(); ++i) {
        const uint32_t d = members[c][i];
        if (root[i] == d) continue;
        const Overlap o = CompareSets(SideOf(d, *kept, *cache, &missing).shingles,
                                      SideOf(root[i], *kept, *cache, &missing).shingles);
        found[c].push_back({d, root[i], o});
      }
    });
  });
  if (missing.load()) Fail(&status, "a component's member is neither here nor fetched");
  std::vector<RootEntry> entries;
  for (const std::vector<RootEntry>& f : found) entries.insert(entries.end(), f.begin(), f.end());
  const std::vector<RootEntry> all = GatherValues(job, entries, "roots", &status);
  if (job.rank == 0) {
    const uint32_t n = static_cast<uint32_t>(corpus.docs.size());
    roots->root.resize(n);
    for (uint32_t d = 0; d < n; ++d) roots->root[d] = d;
    for (const RootEntry& e : all) {
      if (e.doc >= n || e.root >= n) {
        Fail(&status, "a garbled root");
        break;
      }
      roots->root[e.doc] = e.root;
      roots->with_root[e.doc] = e.with_root;
    }
  }
  return AgreeOnStatus(job.comm, status);
}

}  // namespace wiretrace::mpi
