// `wiretrace compare`: "why are these two (not) together?". Runs the real
// engine over a corpus, as `cluster` does, then reports for each pair of ids
// in a TSV file what the engine saw: exact Jaccard and containment on the
// shingle sets it compared (after boilerplate removal), whether the
// verification rule accepts the pair, and whether the two share a cluster.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "commands.h"
#include "engine_flags.h"
#include "wiretrace/json.h"
#include "wiretrace/normalize.h"
#include "wiretrace/pair_rule.h"
#include "wiretrace/verify.h"

namespace wiretrace::cli {

// Declared here rather than in commands.h so that main.cc can register it
// without a shared header edit; see RegisterCompareCommand in main.cc.
void RegisterCompareCommand(CLI::App& app, int* exit_code);

namespace {

constexpr const char* kTool = "wiretrace compare";

struct CompareFlags {
  EngineFlags engine;
  std::string pairs;
  std::string output;
  bool json = false;
};

// One data line of the pairs file, before its ids are looked up.
struct PairLine {
  uint64_t line = 0;
  std::string a;
  std::string b;
  std::vector<std::string> carried;  // columns 3.. as given
};

// A problem with the pairs file, reported as FILE:LINE like input problems.
struct PairProblem {
  uint64_t line = 0;
  std::string message;
};

struct PairsFile {
  std::vector<PairLine> lines;  // every non-blank, non-'#' line with >= 2 columns
  std::vector<PairProblem> problems;
};

// Reads every line of `path` ("-" = stdin). Splitting only; which line is a
// header depends on the corpus' ids and is decided later.
bool ReadPairsFile(const std::string& path, PairsFile* out) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "%s: cannot read --pairs %s: %s\n", kTool, path.c_str(), std::strerror(errno));
      return false;
    }
    in = &file;
  }
  uint64_t number = 0;
  for (std::string line; std::getline(*in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
      out->problems.push_back({number, "expected two ids separated by a tab (id_a<TAB>id_b[<TAB>more columns])"});
      continue;
    }
    PairLine p;
    p.line = number;
    p.a = std::move(fields[0]);
    p.b = std::move(fields[1]);
    p.carried.assign(std::make_move_iterator(fields.begin() + 2), std::make_move_iterator(fields.end()));
    out->lines.push_back(std::move(p));
  }
  if (in->bad()) {
    std::fprintf(stderr, "%s: error reading --pairs %s\n", kTool, path.c_str());
    return false;
  }
  return true;
}

// What the engine saw for one pair.
struct PairResult {
  const PairLine* line = nullptr;
  uint32_t a = 0;  // document indices
  uint32_t b = 0;
  Overlap overlap;
  PairVerdict verdict;  // the engine's own rule (pair_rule.h)
  bool accepted = false;  // an edge, by either rule
  bool same_cluster = false;
  std::vector<uint32_t> shared;  // content words both hold (sorted)
  std::string shared_words;     // a few of them, spelled, rarest first
  std::string reason;
};

// The content-word half of the verdict in words: why content words could not
// speak, or their numbers against the thresholds.
std::string WordReason(const PairVerdict& v, const ContentWordOptions& w, const VerifyOptions& verify) {
  switch (v.bar) {
    case WordBar::kOff:
      return "";
    case WordBar::kSameSource:
      return "content words: same outlet (an outlet's follow-up is not a copy; --word-same-source)";
    case WordBar::kTooFarApart:
      if (v.days_apart < 0) {
        return "content words: not for undated documents (without dates a rewrite and a follow-up look alike; "
               "--word-max-days 0)";
      }
      return absl::StrFormat("content words: %.1f days apart > %g", v.days_apart, w.max_days);
    case WordBar::kNone:
      break;
  }
  const Overlap& o = v.words;
  if (o.shared == 0) return "";
  std::string r = absl::StrFormat("content words: %u shared, %.4f of the smaller's (>= %g with >= %u)", o.shared,
                                  o.max_containment(), w.containment, w.min_shared);
  if (v.evidence_computed) {
    absl::StrAppendFormat(&r, ", %.4f in order (>= %g)", ContentWordOptions::Share(o, v.evidence.aligned),
                          w.min_aligned);
  }
  if (v.days_apart >= 0.0) absl::StrAppendFormat(&r, ", %.1f days apart", v.days_apart);
  if (v.rule != EdgeRule::kWords && v.evidence_computed && w.Accepts(o) && w.Retells(o, v.evidence) &&
      !verify.FiguresAgree(v.figures.figures_a, v.figures.figures_b, v.figures.shared, /*words_only=*/true)) {
    absl::StrAppendFormat(&r, ": not a rewrite, its figures disagree (%u of the smaller's %u in the other, "
                          "%u and %u stated; content words alone need one among several)",
                          v.figures.shared, std::min(v.figures.figures_a, v.figures.figures_b), v.figures.figures_a,
                          v.figures.figures_b);
    return r;
  }
  absl::StrAppend(&r, v.rule == EdgeRule::kWords ? ": a rewrite" : ": not a rewrite");
  return r;
}

// The content words that documents a and b share (sorted).
std::vector<uint32_t> SharedContentWords(const ClusterRun& run, uint32_t a, uint32_t b) {
  std::vector<uint32_t> shared;
  if (run.content_words.empty()) return shared;
  const std::vector<uint32_t>& x = run.content_words[a];
  const std::vector<uint32_t>& y = run.content_words[b];
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared));
  return shared;
}

// How many documents hold each word that some pair shares: one pass over the
// corpus for all pairs, not one per pair.
absl::flat_hash_map<uint32_t, uint32_t> Holders(const ClusterRun& run, const std::vector<PairResult>& results) {
  absl::flat_hash_map<uint32_t, uint32_t> holders;
  for (const PairResult& r : results) {
    for (uint32_t w : r.shared) holders[w] = 0;
  }
  if (holders.empty()) return holders;
  for (const std::vector<uint32_t>& set : run.content_words) {
    for (uint32_t w : set) {
      const auto it = holders.find(w);
      if (it != holders.end()) ++it->second;
    }
  }
  return holders;
}

// The spellings of up to `limit` of the words `shared` by documents a and b,
// rarest first (fewest `holders`; ties by first use in a), so that an edge
// with no shared passage can be audited. Tokenizes a's text again: the engine
// keeps word hashes only.
std::vector<std::string> SharedWordSpellings(const ClusterRun& run, const NormalizeOptions& normalize, uint32_t a,
                                             absl::Span<const uint32_t> shared,
                                             const absl::flat_hash_map<uint32_t, uint32_t>& holders, size_t limit) {
  std::vector<std::string> out;
  if (shared.empty()) return out;
  const Article& article = run.articles[a];
  std::vector<Token> tokens;
  absl::flat_hash_map<uint32_t, std::string> spelling;
  std::vector<uint32_t> first_use;
  for (const std::string* field : {&article.title, &article.text}) {
    tokens.clear();
    Tokenize(*field, normalize, &tokens);
    for (const Token& t : tokens) {
      const uint32_t w = static_cast<uint32_t>(t.hash);
      if (!std::binary_search(shared.begin(), shared.end(), w) || spelling.contains(w)) continue;
      spelling[w] = field->substr(t.begin, t.end - t.begin);
      first_use.push_back(w);
    }
  }
  std::stable_sort(first_use.begin(), first_use.end(),
                   [&](uint32_t p, uint32_t q) { return holders.at(p) < holders.at(q); });
  for (size_t i = 0; i < first_use.size() && i < limit; ++i) out.push_back(spelling[first_use[i]]);
  return out;
}

// The verification rule in words, with this pair's numbers. Mirrors
// VerifyOptions::Accepts branch for branch; `accepted` comes from Accepts
// itself so the two cannot disagree on the verdict.
// Why the figures bar a pair (VerifyOptions::FiguresAgree).
std::string FigureReason(const FigureCheck& f, const VerifyOptions& v) {
  return absl::StrFormat(
      "figures disagree: %u of the smaller's %u figures in the other (a share of %.3g needed, %u and %u stated): "
      "items of one formula, not one story, whatever the text shares",
      f.shared, std::min(f.figures_a, f.figures_b), v.min_figure_share, f.figures_a, f.figures_b);
}

std::string Reason(const PairVerdict& verdict, const VerifyOptions& v) {
  const Overlap& o = verdict.shingles;
  if (o.size_a == 0 || o.size_b == 0) {
    const char* which = o.size_a == 0 && o.size_b == 0 ? "neither has" : o.size_a == 0 ? "a has" : "b has";
    return absl::StrFormat("%s shingles to compare (empty, shorter than one shingle, or all boilerplate)", which);
  }
  if (o.shared == 0) return "no shared shingles";
  const double j = o.jaccard();
  const double c = o.max_containment();
  const char* smaller = o.containment_a() >= o.containment_b() ? "a in b" : "b in a";
  if (j >= v.jaccard_threshold) return absl::StrFormat("jaccard %.4f >= %g", j, v.jaccard_threshold);
  if (c >= v.containment_threshold && o.shared >= v.min_shared) {
    std::string r = absl::StrFormat("containment (%s) %.4f >= %g with %u >= %u shared", smaller, c,
                                    v.containment_threshold, o.shared, v.min_shared);
    if (verdict.passage_checked && verdict.passage >= v.min_passage) {
      absl::StrAppendFormat(&r, " and a shared passage of >= %u shingles in a row", v.min_passage);
    } else if (verdict.passage_checked) {
      absl::StrAppendFormat(&r,
                            ", but the longest shared passage is %u < %u shingles in a row: a formula's phrases, "
                            "not a copied passage",
                            verdict.passage, v.min_passage);
    }
    return r;
  }
  if (c >= v.containment_threshold) {
    return absl::StrFormat("containment (%s) %.4f >= %g but only %u < %u shared", smaller, c,
                           v.containment_threshold, o.shared, v.min_shared);
  }
  return absl::StrFormat("jaccard %.4f < %g and containment (%s) %.4f < %g", j, v.jaccard_threshold, smaller, c,
                         v.containment_threshold);
}

// Adds the clustering outcome to the reason when it does not simply follow
// from the verdict, naming the representatives so that the user can look at
// them next.
void AddClusterNote(const ClusterRun& run, PairResult* r) {
  const DocumentResult& da = run.documents[r->a];
  const DocumentResult& db = run.documents[r->b];
  if (r->same_cluster && !r->accepted && r->a != r->b) {
    absl::StrAppend(&r->reason, "; same cluster anyway (representative '",
                    PrintableText(run.documents[da.representative].id), "')");
    for (const DocumentResult* d : {&da, &db}) {
      if (d->joined_through == (d == &da ? r->a : r->b)) continue;
      absl::StrAppend(&r->reason, "; '", PrintableText(d->id), "' joined through '",
                      PrintableText(run.documents[d->joined_through].id),
                      "', of another outlet, which holds most of it (a copy of a copy, --anchor-via)");
    }
  } else if (!r->same_cluster && r->accepted) {
    absl::StrAppend(&r->reason, "; different clusters (representatives '",
                    PrintableText(run.documents[da.representative].id), "' and '",
                    PrintableText(run.documents[db.representative].id), "')");
  }
}

// A hint for an id that is not in the corpus: the most common mistakes are
// leaving out ".txt" for a text file and quoting a number id.
std::string UnknownIdMessage(const std::string& id, const absl::flat_hash_map<std::string, uint32_t>& index,
                             const ClusterRun& run, bool first) {
  std::string msg = absl::StrCat("unknown id '", PrintableText(id), "' (not among the input's ids");
  if (index.contains(id + ".txt")) {
    absl::StrAppend(&msg, "; did you mean '", PrintableText(id), ".txt'? a .txt file's id is its path below the "
                    "directory given");
  } else if (first && !run.documents.empty()) {
    absl::StrAppend(&msg, "; they look like '", PrintableText(run.documents.front().id), "'");
  }
  msg += ")";
  return msg;
}

std::string YesNo(bool b) { return b ? "yes" : "no"; }

// Shared content words shown per pair: enough to see what ties two stories.
constexpr size_t kSharedWordsShown = 8;

void WriteTsv(const std::vector<PairResult>& results, const std::vector<std::string>& carried_names,
              const ClusterRun& run, std::FILE* out) {
  std::string line =
      "a\tb\tjaccard\tcontainment_a\tcontainment_b\tshared\tshingles_a\tshingles_b\taccepted\tsame_cluster\t"
      "cluster_a\tcluster_b\trule\twords_shared\twords_containment\twords_aligned\tdays_apart\tshared_words\treason";
  for (const std::string& name : carried_names) absl::StrAppend(&line, "\t", PrintableText(name));
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), out);
  for (const PairResult& r : results) {
    const Overlap& o = r.overlap;
    line = absl::StrCat(PrintableText(run.documents[r.a].id), "\t", PrintableText(run.documents[r.b].id));
    const PairVerdict& v = r.verdict;
    absl::StrAppendFormat(&line, "\t%.4f\t%.4f\t%.4f\t%u\t%u\t%u\t%s\t%s\t%u\t%u\t%s\t%u\t%.4f\t%.4f\t%s\t%s\t%s",
                          o.jaccard(), o.containment_a(), o.containment_b(), o.shared, o.size_a, o.size_b,
                          YesNo(r.accepted), YesNo(r.same_cluster), run.documents[r.a].cluster,
                          run.documents[r.b].cluster, EdgeRuleName(v.rule), v.words.shared,
                          v.words.max_containment(), ContentWordOptions::Share(v.words, v.evidence.aligned),
                          v.days_apart < 0.0 ? "" : absl::StrFormat("%.2f", v.days_apart),
                          PrintableText(r.shared_words), r.reason);
    for (size_t i = 0; i < carried_names.size(); ++i) {
      line += '\t';
      if (i < r.line->carried.size()) line += PrintableText(r.line->carried[i]);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

void WriteJson(const std::vector<PairResult>& results, const std::vector<std::string>& carried_names,
               const ClusterRun& run, std::FILE* out) {
  std::string line;
  for (const PairResult& r : results) {
    const Overlap& o = r.overlap;
    const DocumentResult& da = run.documents[r.a];
    const DocumentResult& db = run.documents[r.b];
    line = "{\"a\":";
    AppendJsonId(&line, da.id, da.id_is_number);
    line += ",\"b\":";
    AppendJsonId(&line, db.id, db.id_is_number);
    absl::StrAppendFormat(&line,
                          ",\"jaccard\":%.4f,\"containment_a\":%.4f,\"containment_b\":%.4f,\"shared\":%u,"
                          "\"shingles_a\":%u,\"shingles_b\":%u,\"accepted\":%s,\"same_cluster\":%s,"
                          "\"cluster_a\":%u,\"cluster_b\":%u,\"rule\":\"%s\",",
                          o.jaccard(), o.containment_a(), o.containment_b(), o.shared, o.size_a, o.size_b,
                          r.accepted ? "true" : "false", r.same_cluster ? "true" : "false", da.cluster, db.cluster,
                          EdgeRuleName(r.verdict.rule));
    const PairVerdict& v = r.verdict;
    absl::StrAppendFormat(&line, "\"words\":{\"shared\":%u,\"containment\":%.4f,\"aligned\":%.4f,\"examples\":",
                          v.words.shared, v.words.max_containment(),
                          ContentWordOptions::Share(v.words, v.evidence.aligned));
    AppendJsonString(&line, r.shared_words);
    absl::StrAppendFormat(&line, "},\"figures\":{\"a\":%u,\"b\":%u,\"shared\":%u,\"agree\":%s", v.figures.figures_a,
                          v.figures.figures_b, v.figures.shared, v.figures.agree ? "true" : "false");
    line += "},\"passage\":";
    line += v.passage_checked ? absl::StrCat(v.passage) : "null";
    line += ",\"days_apart\":";
    line += v.days_apart < 0.0 ? "null" : absl::StrFormat("%.2f", v.days_apart);
    line += ",\"reason\":";
    AppendJsonString(&line, r.reason);
    if (!carried_names.empty()) {
      line += ",\"columns\":{";
      for (size_t i = 0; i < carried_names.size() && i < r.line->carried.size(); ++i) {
        if (i > 0) line += ',';
        AppendJsonString(&line, carried_names[i]);
        line += ':';
        AppendJsonString(&line, r.line->carried[i]);
      }
      line += '}';
    }
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

// The pairs file's header, when it has one: the first data line is a header
// when neither of its first two fields is an id of the corpus; its further
// fields name the carried columns. Returns the index of the first pair line;
// `header_line` is 0 without a header.
size_t ReadHeader(const PairsFile& pairs, const absl::flat_hash_map<std::string, uint32_t>& index,
                  uint64_t* header_line, std::vector<std::string>* carried_names) {
  size_t first_data = 0;
  *header_line = 0;
  if (!pairs.lines.empty() && !index.contains(pairs.lines[0].a) && !index.contains(pairs.lines[0].b)) {
    *header_line = pairs.lines[0].line;
    *carried_names = pairs.lines[0].carried;
    first_data = 1;
  }
  size_t most_carried = carried_names->size();
  for (size_t i = first_data; i < pairs.lines.size(); ++i) {
    most_carried = std::max(most_carried, pairs.lines[i].carried.size());
  }
  for (size_t i = carried_names->size(); i < most_carried; ++i) carried_names->push_back(absl::StrCat("col", i + 3));
  return first_data;
}

// Judges each pair line from `first_data` on as the engine did; a line naming
// an id the corpus lacks becomes a problem of `pairs` instead.
std::vector<PairResult> ComparePairs(const ClusterRun& run, const EngineOptions& options,
                                     const absl::flat_hash_map<std::string, uint32_t>& index, size_t first_data,
                                     PairsFile* pairs) {
  std::vector<PairResult> results;
  results.reserve(pairs->lines.size());
  bool first_unknown = true;
  for (size_t i = first_data; i < pairs->lines.size(); ++i) {
    const PairLine& p = pairs->lines[i];
    const auto ia = index.find(p.a);
    const auto ib = index.find(p.b);
    if (ia == index.end() || ib == index.end()) {
      for (const std::string* id : {&p.a, &p.b}) {
        if (index.contains(*id)) continue;
        pairs->problems.push_back({p.line, UnknownIdMessage(*id, index, run, first_unknown)});
        first_unknown = false;
      }
      continue;
    }
    PairResult r;
    r.line = &p;
    r.a = ia->second;
    r.b = ib->second;
    auto side = [&](uint32_t d) {
      return run.pair_rule->Side(d, run.shingle_sets[d],
                                 run.shingle_sequences.empty() ? absl::Span<const uint32_t>() : run.shingle_sequences[d]);
    };
    r.verdict = run.pair_rule->Judge(side(r.a), side(r.b));
    r.overlap = r.verdict.shingles;  // always compared: shingles_needed
    r.accepted = r.verdict.rule != EdgeRule::kNone;
    // Barred pairs (one outlet, too far apart) still show what their words share.
    if (r.verdict.bar != WordBar::kNone && r.verdict.bar != WordBar::kOff) {
      r.verdict.words = run.pair_rule->words()->Compare(r.a, r.b);
    }
    r.same_cluster = run.documents[r.a].cluster == run.documents[r.b].cluster;
    if (!r.verdict.figures.agree) {
      // The figure rule decided before the words were compared.
      if (run.pair_rule->words() != nullptr) r.verdict.words = run.pair_rule->words()->Compare(r.a, r.b);
      r.reason = absl::StrCat(FigureReason(r.verdict.figures, options.verify), "; ",
                              Reason(r.verdict, options.verify));
    } else {
      r.reason = Reason(r.verdict, options.verify);
      const std::string words = WordReason(r.verdict, options.words, options.verify);
      if (!words.empty()) absl::StrAppend(&r.reason, "; ", words);
    }
    r.shared = SharedContentWords(run, r.a, r.b);
    AddClusterNote(run, &r);
    results.push_back(std::move(r));
  }
  const absl::flat_hash_map<uint32_t, uint32_t> holders = Holders(run, results);
  for (PairResult& r : results) {
    r.shared_words =
        absl::StrJoin(SharedWordSpellings(run, options.normalize, r.a, r.shared, holders, kSharedWordsShown), " ");
  }
  return results;
}

// Prints the first problems of the pairs file, in line order.
void ReportPairProblems(PairsFile* pairs, const std::string& pairs_name) {
  std::stable_sort(pairs->problems.begin(), pairs->problems.end(),
                   [](const PairProblem& x, const PairProblem& y) { return x.line < y.line; });
  constexpr size_t kShown = 100;
  for (size_t i = 0; i < pairs->problems.size() && i < kShown; ++i) {
    std::fprintf(stderr, "%s:%llu: error: %s\n", pairs_name.c_str(),
                 static_cast<unsigned long long>(pairs->problems[i].line), pairs->problems[i].message.c_str());
  }
  if (pairs->problems.size() > kShown) {
    std::fprintf(stderr, "... and %zu more problems in %s\n", pairs->problems.size() - kShown, pairs_name.c_str());
  }
}

// The closing summary on stderr: pairs compared, accepted, together, skipped.
void PrintPairSummary(const std::vector<PairResult>& results, const PairsFile& pairs, uint64_t header_line) {
  size_t accepted = 0;
  size_t together = 0;
  for (const PairResult& r : results) {
    accepted += r.accepted;
    together += r.same_cluster;
  }
  std::string header = header_line == 0 ? std::string("no header")
                                         : absl::StrFormat("line %llu taken as the header",
                                                           static_cast<unsigned long long>(header_line));
  size_t skipped = 0;  // lines, not problems: a line may name two unknown ids
  for (size_t i = 0; i < pairs.problems.size(); ++i) {
    skipped += i == 0 || pairs.problems[i].line != pairs.problems[i - 1].line;
  }
  std::fprintf(stderr,
               "%s: %zu pairs compared, %zu accepted (shingles or content words), %zu in one cluster; %zu %s skipped (%s)\n",
               kTool, results.size(), accepted, together, skipped, skipped == 1 ? "line" : "lines", header.c_str());
}

int RunCompareCommand(CompareFlags& flags) {
  if (absl::Status s = FinishEngineFlags(&flags.engine); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(s.message()).c_str());
    return kExitDataError;
  }
  if (flags.pairs == "-") {
    for (const std::string& input : flags.engine.inputs) {
      if (input == "-") {
        std::fprintf(stderr, "%s: --pairs - and INPUT - cannot both read stdin\n", kTool);
        return kExitUsage;
      }
    }
  }
  // Read the pairs first: a wrong path should fail before a long engine run.
  PairsFile pairs;
  if (!ReadPairsFile(flags.pairs, &pairs)) return kExitDataError;
  std::vector<std::string> reads = flags.engine.inputs;
  reads.push_back(flags.pairs);
  if (!CheckOutputPaths(kTool, {flags.output, flags.engine.problems_file}, reads)) return kExitDataError;

  flags.engine.options.keep_articles = true;      // for the shingle sets
  flags.engine.options.keep_for_matching = true;  // and their order, to judge pairs again
  absl::StatusOr<ClusterRun> run = RunCluster(flags.engine.inputs, flags.engine.options);
  if (!run.ok()) {
    std::fprintf(stderr, "%s: %s\n", kTool, std::string(run.status().message()).c_str());
    return run.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitDataError;
  }
  if (!ReportProblems(*run, flags.engine)) return kExitDataError;

  absl::flat_hash_map<std::string, uint32_t> index;
  index.reserve(run->documents.size());
  for (uint32_t d = 0; d < run->documents.size(); ++d) index.emplace(run->documents[d].id, d);
  uint64_t header_line = 0;
  std::vector<std::string> carried_names;
  const size_t first_data = ReadHeader(pairs, index, &header_line, &carried_names);
  const std::vector<PairResult> results = ComparePairs(*run, flags.engine.options, index, first_data, &pairs);

  const std::string pairs_name = flags.pairs == "-" ? "<stdin>" : PrintableText(flags.pairs);
  ReportPairProblems(&pairs, pairs_name);
  if (flags.engine.strict && (!pairs.problems.empty() || StrictFailure(*run, flags.engine))) {
    std::fprintf(stderr, "%s: --strict: %llu bad input records, %zu problems in %s; no output written\n", kTool,
                 static_cast<unsigned long long>(run->summary.bad_records), pairs.problems.size(),
                 pairs_name.c_str());
    return kExitDataError;
  }

  std::FILE* out = OpenOutput(flags.output);
  if (out == nullptr) return kExitDataError;
  if (flags.json) {
    WriteJson(results, carried_names, *run, out);
  } else {
    WriteTsv(results, carried_names, *run, out);
  }
  if (out == stdout ? std::fflush(out) != 0 : std::fclose(out) != 0) {
    std::fprintf(stderr, "%s: error writing %s\n", kTool, flags.output.empty() ? "stdout" : flags.output.c_str());
    return kExitDataError;
  }
  if (flags.engine.explain) PrintExplain(*run, flags.engine.options);
  if (!flags.engine.quiet) {
    PrintPairSummary(results, pairs, header_line);
    PrintSummary(kTool, *run);
    PrintNotes(kTool, *run, flags.engine.options);
  }
  // Unknown ids are reported and skipped; but when no line of the file could
  // be compared, the run answered nothing it was asked.
  if (results.empty() && !pairs.problems.empty()) {
    std::fprintf(stderr, "%s: no pair of %s could be compared (%zu problems above)\n", kTool, pairs_name.c_str(),
                 pairs.problems.size());
    return kExitDataError;
  }
  return HadInputFailure(*run) ? kExitDataError : kExitOk;
}

}  // namespace

void RegisterCompareCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Why are these two (not) together? Runs the same engine as `cluster` on INPUT, then for each pair\n"
      "of ids in --pairs FILE prints what the engine saw when it compared them.");
  cmd->footer(
      "The pairs file is TSV: id_a<TAB>id_b, optionally followed by more columns (a label, a note),\n"
      "which are carried through to the output. Blank lines and lines starting with '#' are skipped;\n"
      "the first line is a header when neither of its first two fields is an input id, and then its\n"
      "further fields name the carried columns (else col3, col4, ...). An id that is not in the input\n"
      "is reported as FILE:LINE and the line skipped; --strict makes that an error (exit 2).\n"
      "Ids are matched exactly as the input gives them; a .txt file's id is its path below the\n"
      "directory named on the command line (e.g. corpus/ -> 'g0pA_taska.txt').\n"
      "\n"
      "Output: one line per pair, in file order (TSV with a header, or JSON lines with --json):\n"
      "  jaccard        |A n B| / |A u B| of the two shingle sets the engine compared\n"
      "  containment_a  |A n B| / |A|: the share of a's shingles found in b\n"
      "  containment_b  |A n B| / |B|: the share of b's shingles found in a\n"
      "  shared, shingles_a, shingles_b   |A n B|, |A|, |B|\n"
      "  accepted       whether the shingle verification rule makes the pair an edge: Jaccard >=\n"
      "                 --jaccard, or the smaller's containment >= --containment with >= --min-shared\n"
      "                 shared shingles and one shared passage of --min-passage shingles in a row\n"
      "  same_cluster   whether `cluster` with the same options puts them together; cluster_a/_b\n"
      "  reason         the rule that decided, with this pair's numbers\n"
      "  figures        (--json) the figures each states and shares: when both state --min-figures\n"
      "                 or more, a pair needs --figure-share of the smaller's in the other, or no rule\n"
      "                 makes it an edge (the items of one formula, other days' figures)\n"
      "  passage        (--json) a containment pair's longest shared passage, in shingles in a row,\n"
      "                 counted up to --min-passage (null: not a containment pair); the items of a\n"
      "                 formula share only short phrases between their names and figures\n"
      "  ...            the carried columns (in --json: \"columns\": {name: value})\n"
      "The shingle sets are those after boilerplate removal: a line found on >= --boilerplate-min-docs\n"
      "pages of one outlet (`source`; all documents without one count as one outlet) is not compared.\n"
      "Try --no-boilerplate if two copies look less alike than you expect, and --explain to list the\n"
      "lines removed.\n"
      "\n"
      "An accepted pair can still sit in different clusters: a member joins a cluster only when at\n"
      "least --anchor of its own shingles are in the cluster's representative (no chaining through a\n"
      "shared neighbour). A pair that is not accepted can share a cluster through its representative\n"
      "(two trimmed copies of one source), or through other evidence the engine weighs (see\n"
      "`wiretrace cluster --help`). The reason column names the representatives in both cases.\n"
      "\n"
      "Examples:\n"
      "  printf 'appur-88635\\taftab-ff4295\\n' > pairs.tsv\n"
      "  wiretrace compare data/sample.jsonl --pairs pairs.tsv\n"
      "  wiretrace compare --json --no-boilerplate corpus/ --pairs answers_vs_sources.tsv\n"
      "\n"
      "Exit status: 0 ok (unknown ids are reported, not fatal, while one pair is compared), 1 usage\n"
      "error, 2 unreadable input or pairs file, no pair that could be compared, or --strict with a bad\n"
      "record or an unknown id.");
  AddEngineFlags(cmd, &flags->engine);
  cmd->add_option("--pairs", flags->pairs, "TSV of id_a<TAB>id_b[<TAB>carried columns...] (- for stdin)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("-o,--output", flags->output, "output file (default: stdout)");
  cmd->add_flag("--json", flags->json, "write JSON lines instead of TSV");
  cmd->callback([flags, exit_code] { *exit_code = RunCompareCommand(*flags); });
}

}  // namespace wiretrace::cli
