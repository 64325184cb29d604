// Store: the persistent index of the nightly dedupe (`wiretrace dedupe`), one
// SQLite file. It holds the kept articles of the last N days (their shingle
// and content-word sets, MinHash band keys, cluster ids and, unless told not
// to, their records zstd-compressed, 64 to a frame), one row per committed
// batch (with what a rerun of that batch must write again), and the
// parameters that made the sets, so that a run with other parameters is
// refused instead of comparing incomparable sets. docs/design.md, "Nightly dedupe and the store",
// describes the schema and its versioning.
//
//   wiretrace::StoreOptions options;
//   options.lock_timeout_seconds = 60;
//   absl::StatusOr<std::unique_ptr<wiretrace::Store>> store = wiretrace::Store::Open("night.db", options);
//   if (!store.ok()) ...                                  // locked, damaged, not a store
//   if (absl::Status s = (*store)->CheckParameters(params); !s.ok()) ...  // names the parameter
//   ... (*store)->Candidates(keys) / Load(rows) ...
//   (*store)->CommitBatch(batch);                         // one transaction; nothing before it persists
//
// Writers and readers: a writer (the default) takes the database's write lock
// in Open (BEGIN IMMEDIATE, waiting up to lock_timeout_seconds for another
// writer) and keeps it until CommitBatch or destruction (which rolls back), so
// a killed writer leaves the store as it was. The file is in WAL mode:
// readers (read_only) see the last committed batch and never wait for it.
// The one exception is a store's first batch: a writer that creates the file
// writes that batch with SQLite's rollback journal, straight into the file,
// and switches the store to WAL when it commits (a WAL would hold a copy of
// the whole new store, written twice). A reader that opens a store before its
// first batch commits sees an empty store; during that commit (and while a
// first batch too large for the page cache is staged) it waits up to
// kFirstBatchReaderWaitSeconds and then says the store is being created.
//
// Thread safety: a Store is used from one thread at a time.
#ifndef WIRETRACE_STORE_H_
#define WIRETRACE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "wiretrace/article.h"
#include "wiretrace/content_words.h"
#include "wiretrace/ingest.h"

struct sqlite3;

namespace wiretrace {

// The schema this build reads and writes (meta.schema_version). A store of
// another version is refused with a message that names both.
// 2: articles.word_positions; 3: articles.figures; 4: word_frequencies;
// 5: record_groups (records compressed 64 to a frame); 6: articles.sets_coded
// (shingles and words coded, src/internal/set_coding.h). A writer migrates an
// older store forward; a reader refuses it.
inline constexpr int kStoreSchemaVersion = 6;

// How long a reader waits for a new store's first batch to commit (Store's
// comment above); readers of a store in WAL mode never wait. And how long
// that commit waits for the readers that hold the file (for moments: the
// store they read is empty) before it fails.
inline constexpr double kFirstBatchReaderWaitSeconds = 2.0;
inline constexpr double kFirstCommitWaitSeconds = 10.0;

struct StoreOptions {
  // Open for reading only: no lock, no schema creation. Default false.
  bool read_only = false;

  // How long a writer waits for another writer to finish. Default 0: a
  // nightly job that finds another one running should say so at once rather
  // than queue behind it. Valid range [0, 86400].
  double lock_timeout_seconds = 0.0;

  absl::Status Validate() const;
};

// A parameter that shapes the stored sets: the command-line option that sets
// it and its value as text.
struct StoreParameter {
  std::string option;  // e.g. "--shingle-size"
  std::string value;
};

// An article as the store holds it: a kept one or a duplicate.
struct StoredArticle {
  int64_t row = 0;  // the store's key
  std::string id;
  bool id_is_number = false;
  int64_t batch = 0;
  int64_t cluster = 0;
  Timestamp published;  // as given; kNone when undated
  std::string source;
  uint32_t length = 0;                // bytes of title + text
  std::vector<uint32_t> shingles;     // sorted set
  std::vector<uint32_t> words;        // matchable content words, sorted
  std::vector<uint32_t> word_positions;  // first position of each of `words` in its text (the order rule)
  uint32_t word_count = 0;            // content words, the containment denominator
  std::vector<uint32_t> figures;      // sorted set of the figures it states (VerifyOptions::min_figure_share)
  int64_t expires_from = 0;           // Unix seconds the window counts from
  bool kept = true;                   // false: a duplicate of its cluster's kept article
};

// An article to add at commit.
struct NewArticle {
  StoredArticle article;               // row and batch are assigned by CommitBatch
  std::vector<uint32_t> band_keys;     // MinHash band keys (empty set: none)
  std::string record;                  // the record as one JSON line; "" = no text kept
};

// What a committed batch leaves for its rerun.
struct BatchOutputs {
  std::string kept_records;        // packed little-endian uint32: raw record ordinals kept
  std::string duplicates;          // the DUPS output, byte for byte
  std::string problems;            // the input problems, EncodeProblems
};

struct NewBatch {
  std::string digest;              // of input bytes and options
  int64_t newest = 0;              // Unix seconds: the window's reference point
  double window_days = 7.0;
  uint64_t records = 0;
  uint64_t kept = 0;
  uint64_t duplicates = 0;
  int64_t next_cluster = 0;        // the counter after this batch
  BatchOutputs outputs;
  std::vector<NewArticle> articles;
  // The batch's content-word document frequencies (ContentWords::
  // OwnFrequencies), kept while any of its articles is in the window:
  // until words_expire_last (the latest expires_from of its articles) falls
  // out of it. Not stored when has_word_frequencies is false (content words
  // off).
  bool has_word_frequencies = false;
  WordFrequencies word_frequencies;
  int64_t words_expire_last = 0;
};

struct StoreStats {
  int schema_version = 0;
  uint64_t articles = 0;            // kept ones and their duplicates
  uint64_t kept = 0;
  uint64_t articles_with_text = 0;
  uint64_t batches = 0;
  uint64_t file_bytes = 0;         // database file plus its WAL
  Timestamp first;                 // earliest and latest dated article (kNone when none)
  Timestamp last;
  uint64_t set_bytes = 0;          // shingle and word sets
  uint64_t text_bytes = 0;         // compressed records
  uint64_t band_rows = 0;          // stored band keys
  uint64_t word_frequency_batches = 0;  // batches whose word frequencies are kept
  uint64_t word_frequency_bytes = 0;    // their compressed tables
  std::vector<StoreParameter> parameters;
};

class Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }

  // On a new store, records `params`; on one with parameters, returns
  // FailedPrecondition naming the first option whose value differs.
  absl::Status CheckParameters(const std::vector<StoreParameter>& params);

  // The number the next batch gets, and the next unused cluster id.
  absl::StatusOr<int64_t> NextBatch();
  absl::StatusOr<int64_t> NextCluster();

  // A committed batch with this digest: its number and outputs.
  absl::StatusOr<std::optional<std::pair<int64_t, BatchOutputs>>> FindBatch(std::string_view digest);

  // For each document's band keys, the rows of the stored articles that
  // share one of them, sorted, unique. One call for the whole batch.
  absl::StatusOr<std::vector<std::vector<int64_t>>> Candidates(absl::Span<const std::vector<uint32_t>> keys);

  // The articles of `rows` (sorted), in that order; rows gone are skipped.
  absl::StatusOr<std::vector<StoredArticle>> Load(absl::Span<const int64_t> rows);

  // The kept articles of these clusters (one each, unless it expired).
  absl::StatusOr<std::vector<StoredArticle>> KeptOfClusters(absl::Span<const int64_t> clusters);

  // The content-word document frequencies of the batches with an article
  // published at or after `cutoff` (Unix seconds), added together, counts
  // saturating at `saturate`.
  absl::StatusOr<WordFrequencies> WindowWordFrequencies(int64_t cutoff, uint32_t saturate);

  // The records (JSON lines) of the `limit` latest kept articles of
  // `source` that kept their text and are in the window (expires_from at or
  // after `cutoff`), latest first.
  absl::StatusOr<std::vector<std::string>> RecentRecords(std::string_view source, int64_t cutoff, int limit);

  // The record (JSON line) of each of `rows`, in that order: "" for a row
  // gone, a duplicate or an article stored with --no-store-text.
  absl::StatusOr<std::vector<std::string>> Records(absl::Span<const int64_t> rows);

  // Adds the batch and its articles, drops articles that fell out of the
  // window, and commits: one transaction. The Store is read-only afterwards.
  // StageBatch then Commit.
  absl::Status CommitBatch(const NewBatch& batch);

  // CommitBatch in two steps: StageBatch writes the batch into the open
  // transaction, which nothing else sees and a kill or the destructor rolls
  // back; Commit makes it the store's. Between the two the caller may write
  // and sync its outputs (from another thread: `wiretrace dedupe` stages
  // while it writes KEPT and DUPS), so that the commit that follows is only
  // SQLite's WAL write and sync. Once per Store.
  absl::Status StageBatch(const NewBatch& batch);
  absl::Status Commit();

  absl::StatusOr<StoreStats> Stats();

  // SQLite's integrity check plus the store's own invariants (every blob
  // decodes, every record group decompresses and every article's reference
  // to one names a record in it, every band key names an article, counters
  // ahead of the rows).
  // DataLoss when damaged, with what was found.
  absl::Status Check();

 private:
  Store(std::string path, sqlite3* db, bool writer) : path_(std::move(path)), db_(db), in_transaction_(writer) {}
  absl::Status BeginWrite(double lock_timeout_seconds);
  absl::Status CommitTransaction();
  // `s`, or what a reader's failure means when the store is being created
  // (locked by its first batch) or a write to it was interrupted (a hot
  // rollback journal, which a read-only connection cannot roll back).
  absl::Status ReadFailure(const absl::Status& s) const;
  absl::Status CreateSchema();
  absl::StatusOr<std::string> Meta(std::string_view key);
  absl::Status InsertArticles(const NewBatch& batch, int64_t number, std::vector<std::pair<uint32_t, uint32_t>>* bands);

  std::string path_;
  sqlite3* db_ = nullptr;
  bool in_transaction_ = false;
  bool staged_ = false;
  // This writer created the file: its batch goes through the rollback
  // journal, and Commit switches the store to WAL.
  bool creating_ = false;
};

// Problems as one blob (for NewBatch), and back.
std::string EncodeProblems(absl::Span<const InputProblem> problems);
std::vector<InputProblem> DecodeProblems(std::string_view blob);

}  // namespace wiretrace

#endif  // WIRETRACE_STORE_H_
