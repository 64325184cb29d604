#include "wiretrace/eval.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "simdjson.h"

namespace wiretrace {
namespace {

namespace ondemand = simdjson::ondemand;

// Debian's Abseil keeps its own absl::string_view; convert at its call sites.
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }
std::string_view Sv(absl::string_view s) { return {s.data(), s.size()}; }
std::string_view Strip(std::string_view s) {
  return Sv(absl::StripAsciiWhitespace(Av(s)));
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open: ",
                     err != 0 ? std::generic_category().message(err)
                              : std::string("unknown error")));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(path, ": read error"));
  }
  return std::move(buffer).str();
}

absl::Status LineError(std::string_view name, size_t line,
                       std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(Av(name), ":", line, ": ", Av(message)));
}

// Calls fn(line_number, line) for every line that is neither blank nor a
// '#' comment, with a trailing '\r' removed. Stops at the first error.
template <typename Fn>
absl::Status ForEachDataLine(std::string_view contents, Fn fn) {
  size_t line_number = 0;
  size_t start = 0;
  while (start < contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view stripped = Strip(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    absl::Status status = fn(line_number, line);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// Splits "a<TAB>b" into two non-empty, whitespace-trimmed fields.
absl::StatusOr<std::pair<std::string, std::string>> SplitPair(
    std::string_view line, std::string_view what) {
  std::vector<absl::string_view> fields = absl::StrSplit(Av(line), '\t');
  if (fields.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected '", Av(what), "' (two tab-separated fields), got ",
        fields.size(), " field", fields.size() == 1 ? "" : "s"));
  }
  std::string_view a = Strip(Sv(fields[0]));
  std::string_view b = Strip(Sv(fields[1]));
  if (a.empty() || b.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected '", Av(what), "', got an empty field"));
  }
  return std::make_pair(std::string(a), std::string(b));
}

absl::StatusOr<ClusterLabels> ParseTsvLabels(std::string_view contents,
                                             std::string_view name) {
  ClusterLabels labels;
  absl::flat_hash_map<std::string, size_t> first_line;
  absl::Status status = ForEachDataLine(
      contents, [&](size_t line_number, std::string_view line) -> absl::Status {
        absl::StatusOr<std::pair<std::string, std::string>> pair =
            SplitPair(line, "id<TAB>cluster");
        if (!pair.ok()) {
          return LineError(name, line_number, Sv(pair.status().message()));
        }
        auto [it, inserted] = first_line.emplace(pair->first, line_number);
        if (!inserted) {
          return LineError(name, line_number,
                           absl::StrCat("duplicate id '", pair->first,
                                        "' (first on line ", it->second, ")"));
        }
        labels.emplace(std::move(pair->first), std::move(pair->second));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return labels;
}

// The text of a JSON id: a string's unescaped value, or a number's literal
// token, so that 42 and "42" both read as "42".
absl::StatusOr<std::string> IdText(ondemand::value value) {
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("malformed JSON");
  }
  if (type == ondemand::json_type::string) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError("malformed JSON string");
    }
    return std::string(text);
  }
  if (type == ondemand::json_type::number) {
    std::string_view token = value.raw_json_token();
    return std::string(Strip(token));
  }
  return absl::InvalidArgumentError("must be a string or a number");
}

// Runs fn(line_number, document) for each non-blank line of JSON lines,
// with a padded copy of the line as simdjson requires.
template <typename Fn>
absl::Status ForEachJsonLine(std::string_view contents, std::string_view name,
                             Fn fn) {
  ondemand::parser parser;
  std::string padded;
  return ForEachDataLine(
      contents, [&](size_t line_number, std::string_view line) -> absl::Status {
        padded.assign(line);
        padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
        ondemand::document doc;
        if (parser.iterate(padded.data(), line.size(), padded.size())
                .get(doc) != simdjson::SUCCESS) {
          return LineError(name, line_number, "not valid JSON");
        }
        ondemand::object object;
        if (doc.get_object().get(object) != simdjson::SUCCESS) {
          return LineError(name, line_number, "not a JSON object");
        }
        absl::Status status = fn(object);
        if (!status.ok()) {
          return LineError(name, line_number, Sv(status.message()));
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::string> RequiredId(ondemand::object& object,
                                       std::string_view field) {
  ondemand::value value;
  if (object.find_field_unordered(field).get(value) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing \"", Av(field), "\""));
  }
  absl::StatusOr<std::string> id = IdText(value);
  if (!id.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", Av(field), "\" ", id.status().message()));
  }
  if (id->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", Av(field), "\" is empty"));
  }
  return id;
}

absl::StatusOr<ClusterLabels> ParseJsonLabels(std::string_view contents,
                                              std::string_view name) {
  ClusterLabels labels;
  absl::Status status = ForEachJsonLine(
      contents, name, [&](ondemand::object& object) -> absl::Status {
        absl::StatusOr<std::string> id = RequiredId(object, "id");
        if (!id.ok()) return id.status();
        ondemand::value cluster;
        if (object.find_field_unordered("cluster").get(cluster) !=
            simdjson::SUCCESS) {
          return absl::InvalidArgumentError("missing \"cluster\"");
        }
        int64_t cluster_id = 0;
        if (cluster.get_int64().get(cluster_id) != simdjson::SUCCESS) {
          return absl::InvalidArgumentError("\"cluster\" is not an integer");
        }
        std::string key = *std::move(id);
        if (labels.contains(key)) {
          return absl::InvalidArgumentError(
              absl::StrCat("duplicate id '", key, "'"));
        }
        labels.emplace(std::move(key), absl::StrCat(cluster_id));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return labels;
}

// C(n, 2) as an exact integer.
uint64_t Pairs(uint64_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

double Ratio(size_t numerator, size_t denominator) {
  if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

absl::StatusOr<ClusterLabels> ParseGoldClusters(std::string_view contents,
                                                std::string_view name) {
  return ParseTsvLabels(contents, name);
}

absl::StatusOr<ClusterLabels> ReadGoldClusters(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  return ParseGoldClusters(*contents, path);
}

absl::StatusOr<ClusterLabels> ParsePredictedClusters(std::string_view contents,
                                                     std::string_view name) {
  const size_t first = contents.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && contents[first] == '{') {
    return ParseJsonLabels(contents, name);
  }
  return ParseTsvLabels(contents, name);
}

absl::StatusOr<ClusterLabels> ReadPredictedClusters(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  return ParsePredictedClusters(*contents, path);
}

absl::StatusOr<ClusterScores> ScoreClusters(const ClusterLabels& gold,
                                            const ClusterLabels& predicted) {
  ClusterScores scores;
  // Contingency table n_ij keyed by (gold label, predicted label), with its
  // row sums a_i and column sums b_j.
  absl::flat_hash_map<std::pair<std::string_view, std::string_view>, uint64_t>
      cells;
  absl::flat_hash_map<std::string_view, uint64_t> gold_sizes;
  absl::flat_hash_map<std::string_view, uint64_t> predicted_sizes;
  for (const auto& [id, gold_label] : gold) {
    auto it = predicted.find(id);
    if (it == predicted.end()) {
      ++scores.only_in_gold;
      continue;
    }
    ++scores.documents_scored;
    ++cells[{gold_label, it->second}];
    ++gold_sizes[gold_label];
    ++predicted_sizes[it->second];
  }
  scores.only_in_predicted = predicted.size() - scores.documents_scored;
  if (scores.documents_scored == 0) {
    return absl::InvalidArgumentError(
        "gold and predicted clusters have no document id in common");
  }
  scores.gold_clusters = gold_sizes.size();
  scores.predicted_clusters = predicted_sizes.size();

  // Pair counts are exact integers (C(n, 2) fits in 64 bits for any corpus
  // that fits in memory); only the final ratio is floating point.
  uint64_t index = 0;
  for (const auto& [cell, n] : cells) index += Pairs(n);
  uint64_t gold_pairs = 0;
  for (const auto& [label, n] : gold_sizes) gold_pairs += Pairs(n);
  uint64_t predicted_pairs = 0;
  for (const auto& [label, n] : predicted_sizes) predicted_pairs += Pairs(n);
  const uint64_t total_pairs = Pairs(scores.documents_scored);

  // ARI = (index - expected) / (max - expected), with expected = a*b/N and
  // max = (a+b)/2; multiplied through by 2N to keep the one division.
  const long double a = static_cast<long double>(gold_pairs);
  const long double b = static_cast<long double>(predicted_pairs);
  const long double n = static_cast<long double>(total_pairs);
  const long double numerator =
      2.0L * static_cast<long double>(index) * n - 2.0L * a * b;
  const long double denominator = (a + b) * n - 2.0L * a * b;
  // The denominator is 0 only when a = b = 0 (both all singletons) or
  // a = b = N (both one cluster): identical partitions.
  scores.ari = denominator == 0.0L ? 1.0
                                   : static_cast<double>(numerator / denominator);

  scores.true_positive_pairs = index;
  scores.false_positive_pairs = predicted_pairs - index;
  scores.false_negative_pairs = gold_pairs - index;
  scores.precision =
      predicted_pairs == 0
          ? 1.0
          : static_cast<double>(index) / static_cast<double>(predicted_pairs);
  scores.recall = gold_pairs == 0 ? 1.0
                                  : static_cast<double>(index) /
                                        static_cast<double>(gold_pairs);
  const double sum = scores.precision + scores.recall;
  scores.f1 = sum == 0.0 ? 0.0 : 2.0 * scores.precision * scores.recall / sum;
  return scores;
}

absl::StatusOr<GoldParents> ParseGoldParents(std::string_view contents,
                                             std::string_view name) {
  GoldParents gold;
  absl::flat_hash_set<std::string> seen;
  auto note = [&](const std::string& id) {
    if (seen.insert(id).second) gold.ids.push_back(id);
  };
  absl::Status status = ForEachDataLine(
      contents, [&](size_t line_number, std::string_view line) -> absl::Status {
        absl::StatusOr<std::pair<std::string, std::string>> pair =
            SplitPair(line, "parent<TAB>child");
        if (!pair.ok()) {
          return LineError(name, line_number, Sv(pair.status().message()));
        }
        auto& [parent, child] = *pair;
        if (parent == child) {
          return LineError(name, line_number,
                           absl::StrCat("'", child, "' is its own parent"));
        }
        note(parent);
        note(child);
        std::vector<std::string>& parents = gold.parents_of[child];
        if (std::find(parents.begin(), parents.end(), parent) ==
            parents.end()) {
          parents.push_back(parent);
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;

  // Kahn's algorithm: whatever cannot be peeled off lies on a cycle.
  absl::flat_hash_map<std::string_view, size_t> unresolved;
  absl::flat_hash_map<std::string_view, std::vector<std::string_view>> children;
  for (const auto& [child, parents] : gold.parents_of) {
    unresolved[child] = parents.size();
    for (const std::string& p : parents) children[p].push_back(child);
  }
  std::vector<std::string_view> ready;
  for (const std::string& id : gold.ids) {
    if (!gold.parents_of.contains(id)) ready.push_back(id);
  }
  size_t peeled = 0;
  while (!ready.empty()) {
    std::string_view id = ready.back();
    ready.pop_back();
    ++peeled;
    auto it = children.find(id);
    if (it == children.end()) continue;
    for (std::string_view child : it->second) {
      if (--unresolved[child] == 0) ready.push_back(child);
    }
  }
  if (peeled != gold.ids.size()) {
    for (const std::string& id : gold.ids) {
      auto it = unresolved.find(id);
      if (it != unresolved.end() && it->second > 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            Av(name), ": the parent edges contain a cycle through '", id, "'"));
      }
    }
  }
  return gold;
}

absl::StatusOr<GoldParents> ReadGoldParents(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  return ParseGoldParents(*contents, path);
}

absl::StatusOr<std::vector<ProvenanceEntry>> ParseProvenance(
    std::string_view contents, std::string_view name) {
  std::vector<ProvenanceEntry> entries;
  absl::flat_hash_set<std::string> seen;
  absl::Status status = ForEachJsonLine(
      contents, name, [&](ondemand::object& object) -> absl::Status {
        ProvenanceEntry entry;
        absl::StatusOr<std::string> id = RequiredId(object, "id");
        if (!id.ok()) return id.status();
        entry.id = *std::move(id);

        ondemand::array parents;
        if (object.find_field_unordered("parents").get_array().get(parents) !=
            simdjson::SUCCESS) {
          return absl::InvalidArgumentError(
              "missing \"parents\" or not an array");
        }
        for (auto element : parents) {
          ondemand::object parent_object;
          if (element.get_object().get(parent_object) != simdjson::SUCCESS) {
            return absl::InvalidArgumentError(
                "an element of \"parents\" is not an object");
          }
          ProvenanceEntry::Parent parent;
          absl::StatusOr<std::string> parent_id =
              RequiredId(parent_object, "id");
          if (!parent_id.ok()) {
            return absl::InvalidArgumentError(
                absl::StrCat("in \"parents\": ", parent_id.status().message()));
          }
          parent.id = *std::move(parent_id);
          if (parent_object.find_field_unordered("share")
                  .get_double()
                  .get(parent.share) != simdjson::SUCCESS) {
            return absl::InvalidArgumentError(
                "in \"parents\": missing \"share\" or not a number");
          }
          entry.parents.push_back(std::move(parent));
        }

        ondemand::value root;
        if (object.find_field_unordered("root").get(root) !=
            simdjson::SUCCESS) {
          return absl::InvalidArgumentError("missing \"root\"");
        }
        bool is_null = false;
        if (root.is_null().get(is_null) != simdjson::SUCCESS) {
          return absl::InvalidArgumentError("malformed \"root\"");
        }
        if (!is_null) {
          absl::StatusOr<std::string> root_id = IdText(root);
          if (!root_id.ok()) {
            return absl::InvalidArgumentError(
                absl::StrCat("\"root\" ", root_id.status().message()));
          }
          entry.root = *std::move(root_id);
        }
        if (!seen.insert(entry.id).second) {
          return absl::InvalidArgumentError(
              absl::StrCat("duplicate id '", entry.id, "'"));
        }
        entries.push_back(std::move(entry));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return entries;
}

absl::StatusOr<std::vector<ProvenanceEntry>> ReadProvenance(
    const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  return ParseProvenance(*contents, path);
}

namespace {

// The gold parents of `id`, or null for a gold root.
const std::vector<std::string>* GoldParentsOf(const GoldParents& gold, std::string_view id) {
  auto it = gold.parents_of.find(Av(id));
  return it == gold.parents_of.end() ? nullptr : &it->second;
}

// True roots of each of `ids`: parentless ancestors, by memoised depth-first
// search. `state` marks ids on the current path to catch a cycle, which is
// an error.
absl::Status GoldRoots(const GoldParents& gold, const std::vector<std::string_view>& ids,
                       absl::flat_hash_map<std::string_view, absl::flat_hash_set<std::string_view>>* out) {
  absl::flat_hash_map<std::string_view, absl::flat_hash_set<std::string_view>>& roots = *out;
  absl::flat_hash_map<std::string_view, int> state;  // 1 visiting, 2 done
  absl::Status cycle = absl::OkStatus();
  auto visit = [&](auto& self, std::string_view id) -> void {
    int& s = state[id];
    if (s == 2 || !cycle.ok()) return;
    if (s == 1) {
      cycle = absl::InvalidArgumentError(
          absl::StrCat("gold parent edges contain a cycle through '", Av(id), "'"));
      return;
    }
    s = 1;
    absl::flat_hash_set<std::string_view> mine;
    if (const std::vector<std::string>* parents = GoldParentsOf(gold, id)) {
      for (const std::string& p : *parents) {
        self(self, p);
        if (!cycle.ok()) return;
        const auto& theirs = roots[p];
        mine.insert(theirs.begin(), theirs.end());
      }
    } else {
      mine.insert(id);
    }
    roots[id] = std::move(mine);
    state[id] = 2;
  };
  for (std::string_view id : ids) {
    visit(visit, id);
    if (!cycle.ok()) return cycle;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ProvenanceScores> ScoreProvenance(
    const GoldParents& gold, const std::vector<ProvenanceEntry>& output) {
  ProvenanceScores scores;
  absl::flat_hash_map<std::string_view, const ProvenanceEntry*> reported;
  for (const ProvenanceEntry& entry : output) reported[entry.id] = &entry;

  // Ids named only as children in a hand-built GoldParents still count.
  std::vector<std::string_view> ids(gold.ids.begin(), gold.ids.end());
  absl::flat_hash_set<std::string_view> known(ids.begin(), ids.end());
  for (const auto& [child, parents] : gold.parents_of) {
    if (known.insert(child).second) ids.push_back(child);
    for (const std::string& p : parents) {
      if (known.insert(p).second) ids.push_back(p);
    }
  }
  auto parents_of = [&](std::string_view id) { return GoldParentsOf(gold, id); };
  absl::flat_hash_map<std::string_view, absl::flat_hash_set<std::string_view>> roots;
  if (absl::Status cycle = GoldRoots(gold, ids, &roots); !cycle.ok()) return cycle;

  // Connected components of the undirected parent graph (union-find).
  absl::flat_hash_map<std::string_view, size_t> index_of;
  for (size_t i = 0; i < ids.size(); ++i) index_of[ids[i]] = i;
  std::vector<size_t> leader(ids.size());
  for (size_t i = 0; i < leader.size(); ++i) leader[i] = i;
  auto find = [&](size_t x) {
    while (leader[x] != x) x = leader[x] = leader[leader[x]];
    return x;
  };
  for (const auto& [child, parents] : gold.parents_of) {
    for (const std::string& p : parents) {
      const size_t x = find(index_of[child]);
      const size_t y = find(index_of[p]);
      if (x != y) leader[std::max(x, y)] = std::min(x, y);
    }
  }

  struct Component {
    bool scored = false;
    bool correct = true;
  };
  absl::flat_hash_map<size_t, Component> components;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string_view id = ids[i];
    Component& component = components[find(i)];
    auto it = reported.find(id);
    if (it == reported.end()) {
      ++scores.gold_documents_missing;
      continue;
    }
    const ProvenanceEntry& entry = *it->second;
    ++scores.documents_scored;
    component.scored = true;
    if (roots[id].contains(entry.root)) {
      ++scores.documents_root_correct;
    } else {
      component.correct = false;
    }
    const std::vector<std::string>* gold_parents = parents_of(id);
    if (gold_parents == nullptr) {
      if (!entry.parents.empty()) ++scores.gold_roots_given_parents;
      continue;
    }
    ++scores.children_scored;
    if (entry.parents.empty()) continue;
    const ProvenanceEntry::Parent* top = &entry.parents.front();
    for (const ProvenanceEntry::Parent& p : entry.parents) {
      if (p.share > top->share) top = &p;
    }
    if (std::find(gold_parents->begin(), gold_parents->end(), top->id) !=
        gold_parents->end()) {
      ++scores.children_parent_correct;
    }
  }
  if (scores.documents_scored == 0) {
    return absl::InvalidArgumentError(
        "no gold document appears in the provenance output");
  }
  scores.gold_components = components.size();
  for (const auto& [leader_index, component] : components) {
    if (!component.scored) continue;
    ++scores.components_scored;
    if (component.correct) ++scores.components_root_correct;
  }
  scores.output_documents_not_in_gold = 0;
  for (const ProvenanceEntry& entry : output) {
    if (!known.contains(entry.id)) ++scores.output_documents_not_in_gold;
  }
  scores.parent_accuracy =
      Ratio(scores.children_parent_correct, scores.children_scored);
  scores.root_accuracy =
      Ratio(scores.components_root_correct, scores.components_scored);
  scores.document_root_accuracy =
      Ratio(scores.documents_root_correct, scores.documents_scored);
  return scores;
}

}  // namespace wiretrace
