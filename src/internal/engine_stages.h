// The engine's stages, each in its own file, and what they hand each other.
// RunCluster (src/engine.cc) only wires them:
//
//   read        engine_read.cc     records -> DocState (tokens, shingles, words,
//                                  page lines), bad records and warnings;
//               story_tokens.cc    its first step, article -> tokens, which
//                                  provenance calls too
//   page lines  page_lines.cc      boilerplate and teaser lines -> dropped
//   sign        engine_sign.cc     word sets and MinHash signatures
//   candidates  engine_candidates.cc  LSH buckets + shared rare content words
//                                  -> candidate pairs
//   verify      engine_verify.cc   candidate pairs -> edges (the rule is
//                                  wiretrace/pair_rule.h)
//   cluster     engine_cluster.cc  edges -> clusters, DocumentResult, summary
//
// docs/design.md says why the stages are cut where they are. Each stage runs
// its parallel loops in the arena it is given; the functions themselves are
// called from one thread, in this order.
#ifndef WIRETRACE_INTERNAL_ENGINE_STAGES_H_
#define WIRETRACE_INTERNAL_ENGINE_STAGES_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "internal/boilerplate.h"
#include "internal/page_lines.h"
#include "internal/figures.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/content_words.h"
#include "wiretrace/engine.h"
#include "wiretrace/ingest.h"
#include "wiretrace/lsh.h"
#include "wiretrace/pair_rule.h"

namespace wiretrace::internal {

// The most tokens a page may have for reading to drop its common words
// (DocState::word_tokens).
inline constexpr size_t kMaxWordTokens = 65536;

// Per-document state kept between stages.
struct DocState {
  std::string id;
  bool id_is_number = false;
  Timestamp published;
  uint32_t source = 0;  // index into the source table
  uint32_t length = 0;
  std::vector<uint32_t> shingles;       // position order until candidates, then the sorted set
  std::vector<uint32_t> words;          // position order until sign, then the sorted set
  // Until sign, when reading already dropped the common words (Corpus::
  // read_common_words): the token each word is, for the page-furniture
  // lines; empty while word i is token i. 16 bits, half the memory at the
  // end of reading, where the run's peak is: a page of more than
  // kMaxWordTokens tokens keeps all its words until sign instead, which
  // drops the common ones as it does for pages read before they were known.
  // token_count: the tokens read.
  std::vector<uint16_t> word_tokens;
  uint32_t token_count = 0;
  std::vector<uint32_t> word_sequence;  // from sign to index: the words in position order
  // From candidates to cluster, for the passage test (min_passage): the
  // shingles in position order, as ranks in the set (shingle_ranks, half
  // the memory) or, for a set too large to rank or the distributed path's
  // documents, as hashes (shingle_sequence).
  std::vector<uint16_t> shingle_ranks;
  std::vector<uint32_t> shingle_sequence;
  // From candidates: the size of its shingle set (MakeShingleSets). Kept apart
  // from the set because the distributed path's rank 0 knows it for every
  // document, but holds the set only of a document in a candidate pair.
  uint32_t shingle_count = 0;
  std::vector<FigureToken> figure_tokens;  // position order; dropped at sign
  std::vector<uint32_t> figures;        // from sign: the sorted set of the figures off the page furniture
  PageLines page;                       // dropped after boilerplate removal
  // Where the record was read (its reader's file index and line) and how many
  // problems the reader had reported before it: what the distributed path
  // (src/mpi/) needs to report a duplicate id found across ranks in the
  // order a single process would.
  uint32_t file = 0;
  uint32_t problems_before = 0;
  uint64_t line = 0;
};

// The documents and the corpus-wide models the read stage fills.
struct Corpus {
  explicit Corpus(const EngineOptions& options) : boilerplate(options.boilerplate, options.explain) {}

  std::vector<DocState> docs;  // good records, input order
  // From candidates: the documents in representative order (cluster.h),
  // which the LSH index's heads and the cluster stage both follow.
  std::vector<uint32_t> representative_order;
  BoilerplateModel boilerplate;
  TeaserIndex teasers;
  // With a window of earlier nights (ContentWordOptions::window): the words
  // the sign stage dropped as common (CommonWords), which the content-word
  // index records as such in the counts the store keeps.
  std::vector<uint32_t> common_words;
  // Whether reading learns the common words from the first
  // kCommonWordSampleDocuments documents and drops them from every document
  // read after (set for a run's only read: the distributed path's ranks and
  // dedupe's window learn elsewhere or from other documents), and what it
  // learned. Dropping them while reading, not at sign, keeps a fifth of each
  // document's words through the read stage (SignCorpus learns from the same
  // documents, so the output is the same).
  bool learn_common_words_while_reading = false;
  std::optional<CommonWords> read_common_words;
  // While reading: the ids read so far (the first record with an id wins).
  absl::flat_hash_set<std::string> seen_ids;
};

// Progress reports (throttled to one per 250 ms while reading, every stage
// start after) and the wall time of each stage into RunSummary::stage_seconds.
class StageClock {
 public:
  StageClock(const std::function<void(const Progress&)>& fn, RunSummary* summary)
      : fn_(fn), summary_(summary), start_(std::chrono::steady_clock::now()), last_lap_(start_) {}

  // Reports the start of a later stage, always.
  void Begin(const char* stage) {
    state_.stage = stage;
    Report(true);
  }
  // While reading: documents and bytes so far (of this reader), throttled.
  void Reading(uint64_t documents, uint64_t bytes) {
    state_.documents = documents;
    state_.bytes = bytes_before_ + bytes;
    state_.stage = "read";
    Report(false);
  }
  // A second read's bytes count on from the first's, so that the progress
  // line never goes back.
  void ReadBefore(uint64_t bytes) { bytes_before_ = bytes; }
  // Ends stage `stage` (0 read ... 4 cluster).
  void Lap(int stage);
  // Seconds since the clock was made.
  double Seconds() const;

 private:
  void Report(bool force);

  const std::function<void(const Progress&)>& fn_;
  RunSummary* summary_;
  Progress state_;
  uint64_t bytes_before_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_lap_;
  std::chrono::steady_clock::time_point last_report_{};
};

// Sees each batch of records as the read stage collects it, in input order,
// with each record's article (nullptr for a bad record) before it moves into
// the run: for a caller that needs the records as read (dedupe: their bytes
// are KEPT's lines and name the batch), so that the inputs are read once.
using BatchObserver = std::function<void(const std::shared_ptr<const RecordBatch>& batch,
                                         absl::Span<const Article* const> articles)>;

// Read: ingest -> parse, normalize, shingle, record page lines (parallel) ->
// collect (serial, in input order) into `corpus`; bad records and warnings
// into run->problems, the inputs appended to run->files (a second read's
// file indexes follow the first's), the articles into run->articles with
// keep_articles. An id read before, in this read or an earlier one, is a
// duplicate. `observer` may be empty. The status of the reader.
absl::Status ReadCorpus(RecordReader& reader, const EngineOptions& options, int threads, tbb::task_arena& arena,
                        StageClock* clock, ClusterRun* run, Corpus* corpus, const BatchObserver& observer = {});

// What a run reads after its inputs (RunClusterInTwoReads), and the window
// its content words are judged in.
struct SecondRead {
  std::vector<std::string> inputs;  // may be empty; IngestOptions::memory_inputs may hold them
  std::shared_ptr<const std::map<std::string, std::shared_ptr<const std::string>>> memory_inputs;
  std::shared_ptr<const WindowFrequencies> window;  // replaces ContentWordOptions::window when set
};

// RunCluster for dedupe, which decides what else the engine reads only once
// it has seen tonight's records (the earlier nights' pages of tonight's
// outlets, published within the window of tonight's newest article), and
// reads tonight once: `observer` sees the inputs' batches; then `between`,
// given the run so far (the inputs' files, problems and, with keep_articles,
// articles), returns the second read, or std::nullopt to stop (a batch
// already committed), in which case the run holds what reading left and no
// stage after it runs.
using BetweenReads = std::function<absl::StatusOr<std::optional<SecondRead>>(const ClusterRun& so_far)>;
absl::StatusOr<ClusterRun> RunClusterInTwoReads(const std::vector<std::string>& inputs, const EngineOptions& options,
                                                const BatchObserver& observer, const BetweenReads& between);

// The serial end of reading one good record: gives `doc` its outlet's index
// (from `source`), counts its lines for the boilerplate model and its title
// for the teaser index, and appends it to corpus->docs. `line_texts` (with
// explain) parallel to doc.page.lines. The duplicate-id check comes before
// (DuplicateIdMessage); the distributed path calls this on rank 0 for every
// rank's documents, in input order.
void AdmitDocument(const EngineOptions& options, const std::string& source, absl::Span<std::string> line_texts,
                   DocState doc, Corpus* corpus);

// The problem reported for a record whose id an earlier record had.
std::string DuplicateIdMessage(const std::string& id);

// Everything after reading, in order: sign, candidates, verify, cluster and
// the summary (RunCluster's; the distributed path runs the same stages
// around its exchanges, src/mpi/mpi_cluster.cc). `bytes_read` for the
// summary.
void RunStagesAfterRead(const EngineOptions& options, tbb::task_arena& arena, StageClock* clock, uint64_t bytes_read,
                        Corpus* corpus, ClusterRun* run);

// Documents (the first, in input order) from which CommonWords learns.
inline constexpr uint32_t kCommonWordSampleDocuments = 4096;

// Every document's band keys, made where it is signed: the index needs only
// them, and they are less than half the size of the signatures (56 bands
// of 128 slots by default), which used to be kept for every document until
// the index was built, at the run's peak of memory.
struct CorpusBandKeys {
  int bands = 0;
  std::vector<uint32_t> keys;    // bands per document, back to back
  std::vector<uint8_t> indexed;  // per document: 0 when its set is empty and it has no keys
};

// Drops each document's page furniture (DropPageFurniture, with these
// models) and signs it: its figure set, its words without `common_words` as
// a sorted set (and in order, for the content words' order rule), and the
// LSH band keys of its shingles' MinHash signature, none for an empty set
// (LshIndex::BandKeys). In parallel in `arena`; adds the teaser lines found
// to *teaser_lines. The sign stage's work on the documents, for SignCorpus
// and the distributed path's ranks alike.
CorpusBandKeys SignDocuments(const EngineOptions& options, const BoilerplateModel& boilerplate,
                             const TeaserIndex& teasers, const CommonWords& common_words, LshParams lsh,
                             tbb::task_arena& arena, std::vector<DocState>* docs, uint64_t* teaser_lines);

// Sign: chooses the LSH bands and rows (run->lsh), drops page furniture
// (page_lines.h), turns each document's words into a sorted set and returns
// the band keys of its shingles' signature. Fills the boilerplate and
// teaser counts of run->summary (and run->boilerplate with explain).
CorpusBandKeys SignCorpus(const EngineOptions& options, tbb::task_arena& arena, Corpus* corpus, ClusterRun* run);

// The content-word index and the pair rule built on it, kept together: the
// index refers to word_sets (content_words.h).
struct PairJudge {
  std::vector<std::vector<uint32_t>> word_sets;
  std::shared_ptr<ContentWords> words;
  std::shared_ptr<const PairRule> rule;
};

// Document d of the run as the pair rule sees it (PairRule::Side), with the
// order of its shingles where it is kept.
inline PairSide SideOf(const PairRule& rule, const std::vector<DocState>& docs, uint32_t d) {
  PairSide side = rule.Side(d, docs[d].shingles, docs[d].shingle_sequence);
  side.shingle_ranks = docs[d].shingle_ranks;
  return side;
}

// The pairs to verify, sorted by (a, b); word_only (parallel to pairs when
// the content-word path is on) marks those only the content words proposed.
struct Candidates {
  std::vector<DocPair> pairs;
  std::vector<uint8_t> word_only;
};

// Candidates: LSH over the band keys (freed here), and with content words
// on, the pairs sharing rare content words, merged. Moves each document's
// words into judge->word_sets and builds the judge; then makes each
// document's shingle set, keeping their order for the passage test
// (DocState::shingle_ranks) where a candidate may need it. Sets the
// candidate counts of run->summary.
Candidates FindCandidates(const EngineOptions& options, tbb::task_arena& arena, CorpusBandKeys band_keys,
                          Corpus* corpus, PairJudge* judge, ClusterRun* run);

// FindCandidates after LSH, in its two steps, which the distributed path
// (whose buckets are formed on many ranks) calls apart, fetching the paired
// documents' shingles between them. FormCandidates: `lsh` the LSH pairs
// (sorted by (a, b), each once), corpus->representative_order and run->lsh
// already set; the content-word index, the judge and the merged candidates,
// with the candidate counts of run->summary.
Candidates FormCandidates(const EngineOptions& options, tbb::task_arena& arena, std::vector<DocPair> lsh,
                          Corpus* corpus, PairJudge* judge, ClusterRun* run);

// FormCandidates' last step: the union of the LSH and word candidates, with
// the candidate counts of run->summary. The distributed path calls it with
// the pairs its bucket and word owners formed (its ranks judge the pairs,
// src/mpi/later_stages.h).
Candidates MergeCandidates(const EngineOptions& options, std::vector<DocPair> lsh,
                           const std::vector<DocPair>& word_candidates, ClusterRun* run);

// Each document's shingles, in position order since reading, become its
// sorted set and its shingle_count; a document with a candidate keeps the
// order too (shingle_ranks, or shingle_sequence for a set too large to
// rank), for the passage test. A document without
// shingles here is left as it is: empty, or (distributed) its set is at its
// rank and its count already known.
void MakeShingleSets(const EngineOptions& options, const Candidates& candidates, tbb::task_arena& arena,
                     std::vector<DocState>* docs);

// The edge a verdict on (a, b) makes (kept when v.rule is not kNone): what
// the verify stage and the distributed path's ranks record alike.
inline Edge EdgeOf(uint32_t a, uint32_t b, const PairVerdict& v) {
  return {a, b, v.shingles, v.words, v.rule, v.evidence, static_cast<float>(v.days_apart)};
}

// Verify: judges every candidate (PairRule::Judge) and appends the edges to
// run->edges, in candidate order.
void VerifyCandidates(const PairRule& rule, const std::vector<DocState>& docs, tbb::task_arena& arena,
                      Candidates candidates, ClusterRun* run);

// Cluster: clusters the edges (AssignClusters, anchored by shingles or
// content words) and writes run->documents.
void BuildClusters(const EngineOptions& options, const PairRule& rule, const Corpus& corpus, tbb::task_arena& arena,
                   ClusterRun* run);

// The cluster stage's anchor: `doc` may join `root`'s cluster when anchored
// by its shingles (ClusterOptions::Anchored, with a shared passage when by
// containment) or by its content words in order (WordsAnchorPair). Asked by
// BuildClusters and by the distributed path's ranks (src/mpi/later_stages.h).
bool AnchoredToRoot(const EngineOptions& options, bool words_on, const PairSide& doc, const PairSide& root);
// ... or, anchored nowhere, joins the cluster of a member holding `share` of
// its shingles through it (ClusterOptions::JoinsThrough).
bool JoinsThroughMember(const EngineOptions& options, float share, const PairSide& doc, const PairSide& member);

// BuildClusters' last step, from each document's cluster root (`root[d] ==
// d`: its own): dense cluster ids by first appearance in the input, sizes,
// and run->documents, with `with_root(d)` the overlap of d's shingles with
// its root's (asked only for d != root[d]; called concurrently), and
// run->summary.clusters. The distributed path calls it with the overlaps its
// ranks computed.
void WriteDocumentResults(const Corpus& corpus, const std::vector<uint32_t>& root, tbb::task_arena& arena,
                          absl::FunctionRef<Overlap(uint32_t)> with_root, ClusterRun* run);

// The summary counts, and with keep_articles the sets and the judge handed
// to the caller (ClusterRun::shingle_sets, content_words, pair_rule).
void FinishRun(const EngineOptions& options, uint64_t bytes_read, Corpus* corpus, PairJudge* judge, ClusterRun* run);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_ENGINE_STAGES_H_
