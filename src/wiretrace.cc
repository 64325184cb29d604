// The jobs of include/wiretrace/wiretrace.h: inputs in files or in memory, and
// the output lines the tools write (moved here from the tools, so that the
// CLI, the Python module and a C++ user write the same bytes).
#include "wiretrace/wiretrace.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "wiretrace/json.h"

namespace wiretrace {

Input Input::File(std::string path) { return Input(std::move(path), nullptr); }

Input Input::Lines(std::string name, std::string bytes) {
  return Input(std::move(name), std::make_shared<const std::string>(std::move(bytes)));
}

IngestOptions WithInputs(const std::vector<Input>& inputs, IngestOptions options) {
  using MemoryInputs = std::map<std::string, std::shared_ptr<const std::string>>;
  auto memory = options.memory_inputs != nullptr ? std::make_shared<MemoryInputs>(*options.memory_inputs)
                                                 : std::make_shared<MemoryInputs>();
  bool any = false;
  for (const Input& input : inputs) {
    if (!input.in_memory()) continue;
    (*memory)[input.name_] = input.bytes_;
    any = true;
  }
  if (any) options.memory_inputs = std::move(memory);
  return options;
}

std::vector<std::string> InputNames(const std::vector<Input>& inputs) {
  std::vector<std::string> names;
  names.reserve(inputs.size());
  for (const Input& input : inputs) names.push_back(input.name());
  return names;
}

namespace {

// Two in-memory inputs of one name would read the same bytes twice, and a
// problem's file name would not say which.
absl::Status CheckNames(const std::vector<Input>& inputs) {
  std::vector<std::string> names;
  for (const Input& input : inputs) {
    if (input.in_memory()) names.push_back(input.name());
  }
  std::sort(names.begin(), names.end());
  const auto twice = std::adjacent_find(names.begin(), names.end());
  if (twice != names.end()) return absl::InvalidArgumentError(absl::StrCat("two inputs are named ", *twice));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClusterRun> Cluster(const std::vector<Input>& inputs, const EngineOptions& options) {
  if (absl::Status s = CheckNames(inputs); !s.ok()) return s;
  EngineOptions with_inputs = options;
  with_inputs.ingest = WithInputs(inputs, options.ingest);
  return RunCluster(InputNames(inputs), with_inputs);
}

std::string FormatClusters(const ClusterRun& run, TableFormat format, size_t begin, size_t end) {
  std::string out;
  if (format == TableFormat::kCsv && begin == 0) out = "id,cluster,cluster_size,representative,jaccard,containment\n";
  end = std::min(end, run.documents.size());
  for (size_t i = begin; i < end; ++i) {
    const DocumentResult& d = run.documents[i];
    const DocumentResult& rep = run.documents[d.representative];
    if (format == TableFormat::kCsv) {
      AppendCsvField(&out, d.id);
      absl::StrAppendFormat(&out, ",%d,%d,", d.cluster, d.cluster_size);
      AppendCsvField(&out, rep.id);
      absl::StrAppendFormat(&out, ",%.4f,%.4f\n", d.jaccard, d.containment);
    } else {
      out += "{\"id\":";
      AppendJsonId(&out, d.id, d.id_is_number);
      absl::StrAppendFormat(&out, ",\"cluster\":%d,\"cluster_size\":%d,\"representative\":", d.cluster,
                            d.cluster_size);
      AppendJsonId(&out, rep.id, rep.id_is_number);
      absl::StrAppendFormat(&out, ",\"jaccard\":%.4f,\"containment\":%.4f}\n", d.jaccard, d.containment);
    }
  }
  return out;
}

std::string FormatPairs(const ClusterRun& run, TableFormat format, size_t begin, size_t end) {
  std::string out;
  if (format == TableFormat::kCsv && begin == 0) {
    out = "a,b,jaccard,containment_a,containment_b,rule,words_shared,words_containment,words_aligned,days_apart\n";
  }
  end = std::min(end, run.edges.size());
  for (size_t i = begin; i < end; ++i) {
    const Edge& e = run.edges[i];
    const DocumentResult& a = run.documents[e.a];
    const DocumentResult& b = run.documents[e.b];
    const std::string_view rule = EdgeRuleName(e.rule);
    // Content-word evidence for an edge that only content words accepted:
    // shared count, the smaller document's share, the share of it in the
    // same order on both sides (ContentWordOptions) and the days between.
    const bool by_words = e.rule == EdgeRule::kWords;
    if (format == TableFormat::kCsv) {
      AppendCsvField(&out, a.id);
      out += ',';
      AppendCsvField(&out, b.id);
      absl::StrAppendFormat(&out, ",%.4f,%.4f,%.4f,%s", e.overlap.jaccard(), e.overlap.containment_a(),
                            e.overlap.containment_b(), rule);
      if (by_words) {
        absl::StrAppendFormat(&out, ",%u,%.4f,%.4f,", e.words.shared, e.words.max_containment(),
                              ContentWordOptions::Share(e.words, e.evidence.aligned));
        if (e.days_apart >= 0.0f) absl::StrAppendFormat(&out, "%.2f", e.days_apart);
        out += '\n';
      } else {
        out += ",,,,\n";
      }
    } else {
      out += "{\"a\":";
      AppendJsonId(&out, a.id, a.id_is_number);
      out += ",\"b\":";
      AppendJsonId(&out, b.id, b.id_is_number);
      absl::StrAppendFormat(&out, ",\"jaccard\":%.4f,\"containment_a\":%.4f,\"containment_b\":%.4f,\"rule\":\"%s\"",
                            e.overlap.jaccard(), e.overlap.containment_a(), e.overlap.containment_b(), rule);
      if (by_words) {
        absl::StrAppendFormat(&out, ",\"words\":{\"shared\":%u,\"containment\":%.4f,\"aligned\":%.4f,\"days_apart\":",
                              e.words.shared, e.words.max_containment(),
                              ContentWordOptions::Share(e.words, e.evidence.aligned));
        out += e.days_apart < 0.0f ? "null" : absl::StrFormat("%.2f", e.days_apart);
        out += '}';
      }
      out += "}\n";
    }
  }
  return out;
}

namespace {

// Cluster ids from an earlier run's labels, one per document of `run`.
// Labels that are not integers (an id<TAB>label file) get dense numbers.
std::vector<int64_t> ClustersFromLabels(const ClusterLabels& labels, const ClusterRun& run, size_t* unlabelled) {
  absl::flat_hash_map<std::string, int64_t> dense;
  int64_t next_free = 1'000'000'000;  // past any integer label a cluster run writes
  std::vector<int64_t> out(run.documents.size());
  *unlabelled = 0;
  for (size_t d = 0; d < run.documents.size(); ++d) {
    const auto it = labels.find(run.documents[d].id);
    if (it == labels.end()) {
      // Not in the labels: its own cluster, so it is reported nowhere.
      out[d] = next_free++;
      ++*unlabelled;
      continue;
    }
    int64_t value = 0;
    if (absl::SimpleAtoi(it->second, &value)) {
      out[d] = value;
    } else {
      auto [label, inserted] = dense.try_emplace(it->second, next_free);
      if (inserted) ++next_free;
      out[d] = label->second;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<ProvenanceRun> Provenance(const std::vector<Input>& inputs, EngineOptions engine,
                                         const ProvenanceOptions& options, const ClusterLabels* clusters,
                                         Store* earlier) {
  // Checked before the engine runs, which costs far more than the check.
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (earlier != nullptr && clusters != nullptr) {
    return absl::InvalidArgumentError(
        "a store's earlier nights are clustered with the input here; they do not take the clusters of an earlier run");
  }
  engine.keep_articles = true;
  ProvenanceRun out;
  std::vector<bool> is_earlier;
  if (earlier != nullptr) {
    if (absl::Status s = CheckNames(inputs); !s.ok()) return s;
    engine.ingest = WithInputs(inputs, engine.ingest);
    absl::StatusOr<EarlierRun> run = RunClusterWithEarlier(InputNames(inputs), engine, earlier);
    if (!run.ok()) return run.status();
    out.run = std::move(run->run);
    is_earlier = std::move(run->earlier);
    out.earlier_articles = run->earlier_articles;
    out.earlier_without_text = run->earlier_without_text;
  } else {
    absl::StatusOr<ClusterRun> run = Cluster(inputs, engine);
    if (!run.ok()) return run.status();
    out.run = *std::move(run);
  }
  std::vector<int64_t> cluster_of;
  if (clusters != nullptr) cluster_of = ClustersFromLabels(*clusters, out.run, &out.unlabelled);
  absl::StatusOr<ProvenanceResult> result = ComputeProvenance(out.run, cluster_of, engine, options);
  if (!result.ok()) return result.status();
  out.result = *std::move(result);
  if (!is_earlier.empty()) {
    // The earlier nights' articles are parents, not documents of tonight.
    std::erase_if(out.result.documents, [&](const DocumentProvenance& d) { return is_earlier[d.doc]; });
  }
  return out;
}

absl::StatusOr<DedupeRun> Dedupe(const std::vector<Input>& inputs, DedupeOptions options, Store* store) {
  if (absl::Status s = CheckNames(inputs); !s.ok()) return s;
  options.engine.ingest = WithInputs(inputs, options.engine.ingest);
  return RunDedupe(InputNames(inputs), options, store);
}

}  // namespace wiretrace
