// Engine: the whole `cluster` job, stage by stage, on all cores.
//
//   wiretrace::EngineOptions options;            // defaults are the documented ones
//   options.threads = 2;
//   absl::StatusOr<wiretrace::ClusterRun> run = wiretrace::RunCluster({"feed.jsonl.gz"}, options);
//   if (!run.ok()) ...                            // invalid options only
//   for (const wiretrace::DocumentResult& d : run->documents) ...   // input order
//
// Public surface: RunCluster, EngineOptions (with the options of every
// stage), ClusterRun's documents, edges, problems, files, lsh and summary.
// Advanced: ClusterRun's articles, shingle_sets, content_words,
// content_word_counts and pair_rule, filled only with keep_articles for the
// callers that reuse the engine's work (provenance, `wiretrace compare`,
// dedupe), and Progress.
//
// Stages (docs/design.md, src/internal/engine_stages.h): read (ingest ->
// normalize -> shingle, a TBB pipeline over batches of records); page lines
// (boilerplate and teasers, wiretrace/boilerplate.h) and sign over all
// documents in parallel; candidates (two paths: LSH over shingle signatures,
// and shared rare content words, content_words.h); verify candidate pairs in
// parallel; cluster serially. Memory per document: its id, a few scalars, its
// shingle set (4 bytes per distinct shingle), its content-word set (4 bytes per
// distinct word found in 2 to 64 documents), and transiently its signature and
// its words in text order; the text itself is dropped after shingling unless
// keep_articles is set.
//
// Output is identical for any thread count, and the partition does not depend
// on the input order.
//
// Thread safety: RunCluster may be called from any thread; it uses its own TBB
// arena of options.threads threads.
#ifndef WIRETRACE_ENGINE_H_
#define WIRETRACE_ENGINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/article.h"
#include "wiretrace/boilerplate.h"
#include "wiretrace/cluster.h"
#include "wiretrace/content_words.h"
#include "wiretrace/credits.h"
#include "wiretrace/ingest.h"
#include "wiretrace/lsh.h"
#include "wiretrace/minhash.h"
#include "wiretrace/normalize.h"
#include "wiretrace/pair_rule.h"
#include "wiretrace/shingle.h"
#include "wiretrace/verify.h"

namespace wiretrace {

struct Progress {
  uint64_t documents = 0;   // records read so far
  uint64_t bytes = 0;       // input bytes read so far
  const char* stage = "";   // "read", "sign", "index", "verify", "cluster"
};

struct EngineOptions {
  IngestOptions ingest;
  NormalizeOptions normalize;
  ShingleOptions shingle;
  MinHashOptions minhash;
  LshOptions lsh;
  VerifyOptions verify;
  ClusterOptions cluster;
  BoilerplateOptions boilerplate;
  ContentWordOptions words;

  // The agencies whose names a dateline or a trailing credit may carry
  // ("Xinhua —", "— Dunya News"): that text is cut before shingling
  // (src/internal/dateline.h), so that two copies differing only in it
  // compare as identical. Default the built-in table; wiretrace-provenance
  // --agencies FILE extends it, and the same table finds the credit lines
  // (ProvenanceOptions::agencies). It shapes the shingle sets: runs to be
  // compared use the same table.
  AgencyTable agencies = AgencyTable::Builtin();

  // Worker threads. Default 0 = all cores. The output does not depend on it.
  int threads = 0;

  // Keep every Article (with its text) in ClusterRun::articles, and the
  // shingle sets in ClusterRun::shingle_sets, for callers that need them
  // afterwards (provenance). Default off: memory is what bounds corpus size.
  bool keep_articles = false;

  // With keep_articles: also keep what judging a document against others
  // later needs beyond its set, each document's LSH band keys and its
  // shingles in position order (ClusterRun::band_keys, shingle_sequences):
  // dedupe, provenance against a store and `wiretrace compare` match again;
  // plain provenance does not, and is spared their memory (a quarter of its
  // peak on the 50,000-article corpus).
  bool keep_for_matching = false;

  // Keep, for --explain, the text of each line found to be boilerplate.
  bool explain = false;

  // Called from the reading thread now and then (about every batch) and once
  // per later stage. May be empty.
  std::function<void(const Progress&)> progress;

  absl::Status Validate() const;
};

struct DocumentResult {
  std::string id;
  bool id_is_number = false;
  uint32_t cluster = 0;         // dense, numbered by first appearance in the input
  uint32_t cluster_size = 1;
  uint32_t representative = 0;  // document index of the cluster's representative
  double jaccard = 1.0;         // with the representative
  double containment = 1.0;     // share of this document's shingles found in the representative
  uint32_t shingles = 0;        // distinct shingles compared (after boilerplate removal)
  // The member it joined through, not anchored to the representative itself
  // (a copy of a copy: ClusterOptions::JoinsThrough); its own index otherwise.
  uint32_t joined_through = 0;
};

struct RunSummary {
  uint64_t documents = 0;         // good records
  uint64_t clusters = 0;
  uint64_t duplicates = 0;        // documents that are not their cluster's representative
  uint64_t bad_records = 0;
  uint64_t warnings = 0;
  uint64_t empty_documents = 0;   // nothing to compare (no shingles left)
  uint64_t unsourced_documents = 0;  // without a `source`: one outlet to the content-word rule
  uint64_t bytes = 0;             // input bytes read
  uint64_t candidate_pairs = 0;          // both paths together, without duplicates
  uint64_t shingle_candidate_pairs = 0;  // from LSH over shingle signatures
  uint64_t word_candidate_pairs = 0;     // from shared rare content words
  uint64_t verified_pairs = 0;
  uint64_t boilerplate_lines = 0;  // distinct (source, line) pairs removed
  uint64_t teaser_lines = 0;       // lines removed as teasers of other pages (BoilerplateOptions::teasers)
  double seconds = 0.0;
  // Wall seconds per stage: read (ingest + normalize + shingle), sign
  // (boilerplate removal + sets + signatures), index, verify, cluster.
  double stage_seconds[5] = {};
};

// What RunCluster returns. Documents are numbered by their index in
// `documents` (input order, good records only); edges, articles and the sets
// use the same numbers.
struct ClusterRun {
  std::vector<DocumentResult> documents;  // input order
  std::vector<Edge> edges;                // verified pairs, sorted by (a, b)
  std::vector<InputProblem> problems;     // bad records and warnings, in input order
  std::vector<std::string> files;         // the inputs, as InputProblem and Article::file_index name them
  std::vector<BoilerplateLine> boilerplate;  // most frequent first (only with explain)
  LshParams lsh;
  RunSummary summary;

  // Advanced: the engine's intermediate results, kept only with
  // EngineOptions::keep_articles, so that provenance and `wiretrace compare`
  // reuse them instead of reading and shingling the corpus again.
  //
  // Each document's Article (with its text), parallel to `documents`.
  std::vector<Article> articles;
  // Each document's shingle set as the engine compared it: after the dateline
  // cut and page-furniture removal, sorted and unique (MakeShingleSet).
  std::vector<std::vector<uint32_t>> shingle_sets;
  // Only with keep_for_matching: each document's LSH band keys as the candidates
  // stage indexed them (LshIndex; empty for an empty set), so that `wiretrace
  // dedupe` looks tonight up in the store without signing it again.
  std::vector<std::vector<uint32_t>> band_keys;
  // Only with keep_for_matching and VerifyOptions::min_passage: the same shingles
  // in position order, with repeats (PairSide::shingle_sequence), for the
  // passage test of a containment pair.
  std::vector<std::vector<uint32_t>> shingle_sequences;
  // Only with keep_articles: each document's matchable content words (sorted;
  // content_words.h) and its count of content words, the denominator of a
  // content-word containment. Empty with EngineOptions::words off.
  std::vector<std::vector<uint32_t>> content_words;
  std::vector<uint32_t> content_word_counts;
  // Only with keep_articles: the rule that decided the edges, to judge any
  // pair of documents again with shingle_sets (wiretrace compare). Its
  // content-word index refers to content_words: keep them together.
  std::shared_ptr<const PairRule> pair_rule;
  // Only with keep_articles: each document's position in the representative
  // order that clustering used (RepresentativeOrder; 0 first), so that
  // provenance orders a cluster's members from the very order the engine did.
  std::vector<uint32_t> representative_rank;
};

absl::StatusOr<ClusterRun> RunCluster(const std::vector<std::string>& inputs, const EngineOptions& options);

}  // namespace wiretrace

#endif  // WIRETRACE_ENGINE_H_
