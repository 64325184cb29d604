// RunClusterWithEarlier (dedupe.h): tonight's documents with the stored
// articles of earlier nights that they copy.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "internal/stored_side.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/dedupe.h"
#include "wiretrace/pair_rule.h"

namespace wiretrace {
namespace {

// The kept stored articles that documents of `run` make an edge with (a
// stored duplicate stands for its cluster's kept article), in row order.
absl::StatusOr<std::vector<StoredArticle>> FindEarlierArticles(const ClusterRun& run, const EngineOptions& options,
                                                               Store* store) {
  const size_t n = run.documents.size();
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  // The engine's own band keys (ClusterRun::band_keys), as dedupe uses them.
  absl::StatusOr<std::vector<std::vector<int64_t>>> found = store->Candidates(run.band_keys);
  if (!found.ok()) return found.status();
  absl::StatusOr<std::vector<StoredArticle>> loaded = internal::LoadCandidates(store, *found);
  if (!loaded.ok()) return loaded.status();
  absl::flat_hash_map<int64_t, size_t> index;
  for (size_t i = 0; i < loaded->size(); ++i) index[(*loaded)[i].row] = i;

  // Judged as the engine judges a pair; A = tonight's document.
  std::vector<std::vector<size_t>> matched(n);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, n, [&](size_t d) {
      PairSide side = run.pair_rule->Side(
          static_cast<uint32_t>(d), run.shingle_sets[d],
          run.shingle_sequences.empty() ? absl::Span<const uint32_t>() : run.shingle_sequences[d]);
      side.source = internal::SourceKey(run.articles[d].source);
      for (int64_t row : (*found)[d]) {
        const auto it = index.find(row);
        if (it == index.end()) continue;
        const StoredArticle& a = (*loaded)[it->second];
        const PairVerdict v =
            JudgePair(options.verify, options.words, options.words.enabled, side, internal::SideOf(a));
        if (v.rule != EdgeRule::kNone) matched[d].push_back(it->second);
      }
    });
  });
  std::vector<uint8_t> taken(loaded->size(), 0);
  for (const std::vector<size_t>& m : matched) {
    for (size_t i : m) taken[i] = 1;
  }
  std::vector<StoredArticle> kept;
  std::vector<int64_t> clusters;
  for (size_t i = 0; i < loaded->size(); ++i) {
    if (!taken[i]) continue;
    if ((*loaded)[i].kept) {
      kept.push_back(std::move((*loaded)[i]));
    } else {
      clusters.push_back((*loaded)[i].cluster);
    }
  }
  std::sort(clusters.begin(), clusters.end());
  clusters.erase(std::unique(clusters.begin(), clusters.end()), clusters.end());
  absl::StatusOr<std::vector<StoredArticle>> heads = store->KeptOfClusters(clusters);
  if (!heads.ok()) return heads.status();
  for (StoredArticle& a : *heads) kept.push_back(std::move(a));
  std::sort(kept.begin(), kept.end(), [](const StoredArticle& x, const StoredArticle& y) { return x.row < y.row; });
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const StoredArticle& x, const StoredArticle& y) { return x.row == y.row; }),
             kept.end());
  return kept;
}

}  // namespace

absl::StatusOr<EarlierRun> RunClusterWithEarlier(const std::vector<std::string>& inputs, const EngineOptions& options,
                                                Store* store) {
  if (absl::Status s = store->CheckParameters(DedupeParameters(options)); !s.ok()) return s;
  EngineOptions engine = options;
  engine.keep_articles = true;
  engine.keep_for_matching = true;  // tonight is matched against the store
  absl::StatusOr<ClusterRun> tonight = RunCluster(inputs, engine);
  if (!tonight.ok()) return tonight.status();
  absl::StatusOr<std::vector<StoredArticle>> earlier = FindEarlierArticles(*tonight, engine, store);
  if (!earlier.ok()) return earlier.status();
  std::vector<int64_t> rows;
  for (const StoredArticle& a : *earlier) rows.push_back(a.row);
  absl::StatusOr<std::vector<std::string>> records = store->Records(rows);
  if (!records.ok()) return records.status();

  EarlierRun out;
  // A stored article that is one of tonight's (the night was committed
  // before provenance runs) is tonight's document already.
  absl::flat_hash_set<std::string> ids;
  for (const DocumentResult& d : tonight->documents) ids.insert(d.id);
  std::string lines;
  for (size_t i = 0; i < earlier->size(); ++i) {
    if (ids.contains((*earlier)[i].id)) continue;
    if ((*records)[i].empty()) {
      ++out.earlier_without_text;
      continue;
    }
    absl::StrAppend(&lines, (*records)[i], "\n");
    ++out.earlier_articles;
  }
  if (out.earlier_articles == 0) {
    out.run = std::move(*tonight);
    out.earlier.assign(out.run.documents.size(), false);
    return out;
  }
  // The earlier articles as one more input, held in memory (ingest.h).
  std::string name = "<earlier nights>";
  while (std::find(inputs.begin(), inputs.end(), name) != inputs.end()) name += "'";
  auto memory = std::make_shared<std::map<std::string, std::shared_ptr<const std::string>>>();
  if (engine.ingest.memory_inputs != nullptr) *memory = *engine.ingest.memory_inputs;
  (*memory)[name] = std::make_shared<const std::string>(std::move(lines));
  engine.ingest.memory_inputs = std::move(memory);
  std::vector<std::string> all = inputs;
  all.push_back(name);
  absl::StatusOr<ClusterRun> both = RunCluster(all, engine);
  if (!both.ok()) return both.status();
  out.run = std::move(*both);
  const uint32_t earlier_file = static_cast<uint32_t>(out.run.files.size() - 1);
  out.earlier.resize(out.run.articles.size());
  for (size_t d = 0; d < out.run.articles.size(); ++d) out.earlier[d] = out.run.articles[d].file_index == earlier_file;
  return out;
}

}  // namespace wiretrace
