#include "wiretrace/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "internal/radix_sort.h"
#include "internal/set_coding.h"
#include "internal/store_sql.h"
#include "internal/store_records.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_pipeline.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace {

absl::Status StoreOptions::Validate() const {
  if (!(lock_timeout_seconds >= 0.0 && lock_timeout_seconds <= 86400.0)) {
    return absl::InvalidArgumentError("lock timeout must be in [0, 86400] seconds");
  }
  return absl::OkStatus();
}

namespace {

using internal::Compress;
using internal::Decompress;
using internal::Exec;
using internal::SqlError;
using internal::Statement;
using internal::UnpackSet;

// Version 1. Every good record of a batch is an article row: kept = 1 for
// the one kept article of its cluster, 0 for its duplicates (matchable, so
// that a copy of a duplicate finds the cluster). Sets are little-endian
// uint32 arrays (until version 6, below); the DUPS output is a zstd frame. The MinHash band index is
// one sorted array per batch (band_keys: little-endian (uint32 key, uint32
// row) pairs, in chunks of kBandChunk pairs), not a B-tree: a night then
// writes its keys in one sequential append instead of touching most pages of
// a tree that holds the whole window, and looks its own keys up with one
// merge per stored batch. A batch's keys leave when its last article does;
// keys of articles that expired alone are skipped. `expires_from` is the
// article's publication time, or the run's time for an undated article: the
// window counts from it. Since version 5 the kept records are compressed in
// groups (record_groups, internal/store_records.h: one zstd frame per
// kRecordGroup consecutive stored records of a batch, keyed (batch, grp));
// an article names its record's group (record_group, within its batch) and
// its place in it (record_index), both NULL when it has no record; `record`
// (one zstd frame per article) is written by version 4 only, and read as
// long as such rows are in the window. A batch's groups leave when its last
// article does, as its band keys. Since version 6 an article's shingles and
// words are coded sets (internal/set_coding.h: Elias-Fano, 24 bits a shingle
// instead of 32) where sets_coded = 1; rows of older versions keep their
// little-endian arrays (sets_coded = 0) and are read as such.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE batches(
  batch INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, committed_at INTEGER NOT NULL,
  newest INTEGER NOT NULL, records INTEGER NOT NULL, kept INTEGER NOT NULL, duplicates INTEGER NOT NULL,
  kept_records BLOB, duplicates_out BLOB, problems BLOB);
CREATE TABLE articles(
  row INTEGER PRIMARY KEY, id TEXT NOT NULL, id_is_number INTEGER NOT NULL, batch INTEGER NOT NULL,
  cluster INTEGER NOT NULL, published INTEGER NOT NULL, precision INTEGER NOT NULL,
  expires_from INTEGER NOT NULL, source TEXT NOT NULL, length INTEGER NOT NULL,
  shingles BLOB NOT NULL, words BLOB NOT NULL, word_count INTEGER NOT NULL, record BLOB,
  kept INTEGER NOT NULL, word_positions BLOB NOT NULL, figures BLOB NOT NULL DEFAULT x'',
  record_group INTEGER, record_index INTEGER, sets_coded INTEGER NOT NULL DEFAULT 0);
CREATE INDEX articles_expiry ON articles(expires_from);
CREATE INDEX articles_source ON articles(source, expires_from);
CREATE INDEX articles_cluster ON articles(cluster) WHERE kept = 1;
CREATE INDEX articles_batch ON articles(batch);
CREATE TABLE band_keys(batch INTEGER NOT NULL, chunk INTEGER NOT NULL, keys BLOB NOT NULL, PRIMARY KEY(batch, chunk));
CREATE TABLE word_frequencies(batch INTEGER PRIMARY KEY, expires_last INTEGER NOT NULL, documents INTEGER NOT NULL,
                              counts BLOB NOT NULL);
CREATE TABLE record_groups(batch INTEGER NOT NULL, grp INTEGER NOT NULL, records BLOB NOT NULL, PRIMARY KEY(batch, grp));
)sql";

// Version 4 keeps each batch's content-word document frequencies
// (word_frequencies: zstd of little-endian uint64 (word << 32 | count),
// sorted by word), so that a night judges rarity over the window. A batch's
// row leaves when its latest article does (expires_last).
constexpr const char* kWordFrequencyTable =
    "CREATE TABLE word_frequencies(batch INTEGER PRIMARY KEY, expires_last INTEGER NOT NULL, "
    "documents INTEGER NOT NULL, counts BLOB NOT NULL)";

// Version 5 compresses the kept records in groups (above); a version-4
// store's articles keep their own frames (`record`).
constexpr const char* kRecordGroupsMigration =
    "ALTER TABLE articles ADD COLUMN record_group INTEGER; ALTER TABLE articles ADD COLUMN record_index INTEGER; "
    "CREATE TABLE record_groups(batch INTEGER NOT NULL, grp INTEGER NOT NULL, records BLOB NOT NULL, "
    "PRIMARY KEY(batch, grp)); UPDATE meta SET value='5' WHERE key='schema_version'";

// Version 6 codes the sets of the articles it writes (above).
constexpr const char* kCodedSetsMigration =
    "ALTER TABLE articles ADD COLUMN sets_coded INTEGER NOT NULL DEFAULT 0; "
    "UPDATE meta SET value='6' WHERE key='schema_version'";

// Pairs per band_keys row: 8 MB blobs, well under SQLite's 1 GB limit.
constexpr size_t kBandChunk = size_t{1} << 20;

absl::Status LockedError(const std::string& path, double waited_seconds) {
  return absl::UnavailableError(
      absl::StrCat("store ", path, " is locked by another writer (waited ", waited_seconds, " s; see --lock-timeout)"));
}

// Whether the database is in WAL mode (what its header says).
bool InWalMode(sqlite3* db) {
  Statement q(db, "PRAGMA journal_mode");
  return q.status("journal_mode").ok() && q.Step() == SQLITE_ROW && q.Text(0) == "wal";
}

// The database's size in pages: 0 for a file that holds nothing yet.
std::optional<int64_t> PageCount(sqlite3* db) {
  Statement q(db, "PRAGMA page_count");
  if (!q.status("page_count").ok() || q.Step() != SQLITE_ROW) return std::nullopt;
  return q.Int(0);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  if (options.read_only && !std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrCat("no store at ", path));
  }
  sqlite3* db = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    // Not a usage error: the path is well formed, the file system refused it
    // (a directory that does not exist, no permission), as for an input.
    absl::Status s = absl::FailedPreconditionError(absl::StrCat("cannot open store ", path, ": ", sqlite3_errmsg(db)));
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<Store> store(new Store(path, db, false));
  // Readers wait only for a new store's first commit (store.h). A writer
  // waits lock_timeout_seconds, in the pragmas below (which need the file to
  // itself while another writer creates it) as for the write lock.
  const double wait = options.read_only ? kFirstBatchReaderWaitSeconds : options.lock_timeout_seconds;
  sqlite3_busy_timeout(db, static_cast<int>(wait * 1000.0));
  // Pages read through a memory map of the file rather than pread into the
  // page cache: a night's band-key merge and candidate loads read the
  // window's pages once each, and every pread filled freshly faulted heap.
  // Night 7 of the generated 20,000-article nights, 5 paired runs: the
  // store's lookups 0.18-0.23 s instead of 0.26-0.54 s, page faults 108k
  // instead of 139k, outputs the same (the mapped pages count in RSS, as page
  // cache, about 80 MB). Writes still go through SQLite's page cache. SQLite
  // caps the size at its build's SQLITE_MAX_MMAP_SIZE (2 GB in Debian's);
  // pages past it are read as before.
  if (absl::Status s = Exec(db, "PRAGMA mmap_size=1099511627776"); !s.ok()) return s;
  if (!options.read_only) {
    // A file with no pages is a store being created (by this writer, or by
    // another that has not yet written its schema and will hold the lock
    // first). Its first batch is written through the rollback journal:
    // there is nothing in the file to journal, so each page is written once,
    // where in WAL mode the WAL holds the whole new store and the checkpoint
    // copies it into the file. On the 20,000-article night of
    // bench/nightly.sh: the commit 0.05 s instead of 0.13 s, and night 1 /
    // `cluster` 1.45 instead of 1.65 (15 paired runs); a first night that
    // loads an archive needs the store's size on disk, not twice that.
    const std::optional<int64_t> pages = PageCount(db);
    if (!pages && sqlite3_errcode(db) == SQLITE_BUSY) return LockedError(path, wait);
    if (!pages) return SqlError(db, absl::StrCat("store ", path));
    store->creating_ = *pages == 0;
    // WAL (from the first commit on): readers see the last commit and never
    // wait for the writer; FULL: a commit that returned is on disk, the
    // promise the outputs rely on. In rollback mode that takes EXTRA (the
    // directory synced once the journal is deleted, or the journal could
    // come back after a power loss and undo the batch).
    // 16 KB pages for a new store (an existing one keeps its own: WAL mode
    // fixes the page size). A stored article is about 3 kB of sets and 1 kB
    // of compressed record: on 4 KB pages most rows spill into an overflow
    // page, and a night's commit writes, syncs and checkpoints four times as
    // many pages. On the 20,000-article night: the inserts 0.13 s instead of
    // 0.20 s, the WAL write 0.12 s instead of 0.22 s, the checkpoint 0.07-0.10
    // s instead of 0.24-0.27 s. A lookup (Load) still reads one page a row.
    if (absl::Status s = Exec(db, "PRAGMA page_size=16384"); !s.ok()) return s;
    if (!store->creating_ && !InWalMode(db)) {
      // A store left in rollback mode (its first night was killed between
      // COMMIT and the switch to WAL, or readers delayed the switch): the
      // switch below needs the file to itself. Another writer is refused
      // within lock_timeout_seconds, as always; readers, which hold it for
      // moments, are waited for.
      if (absl::Status s = store->BeginWrite(options.lock_timeout_seconds); !s.ok()) return s;
      if (absl::Status s = Exec(db, "ROLLBACK"); !s.ok()) return s;
      store->in_transaction_ = false;
      sqlite3_busy_timeout(db, static_cast<int>(std::max(kFirstCommitWaitSeconds, wait) * 1000.0));
    }
    if (absl::Status s = Exec(db, store->creating_ ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL");
        !s.ok()) {
      if (sqlite3_errcode(db) == SQLITE_BUSY) return LockedError(path, wait);
      return absl::Status(s.code(), absl::StrCat("store ", path, ": ", s.message()));
    }
    if (absl::Status s = Exec(db, store->creating_ ? "PRAGMA synchronous=EXTRA" : "PRAGMA synchronous=FULL");
        !s.ok()) {
      return s;
    }
    // The band index of a week of nights is a few hundred MB; a small page
    // cache turns every lookup and insert into a read from disk.
    if (absl::Status s = Exec(db, "PRAGMA cache_size=-524288"); !s.ok()) return s;
    // The schema in a transaction of its own, so that a first batch that
    // fails (--strict) still leaves an empty store, not an empty file.
    if (absl::Status s = store->BeginWrite(options.lock_timeout_seconds); !s.ok()) return s;
    if (absl::Status s = store->CreateSchema(); !s.ok()) return s;
    if (absl::Status s = store->CommitTransaction(); !s.ok()) return s;
    if (absl::Status s = store->BeginWrite(options.lock_timeout_seconds); !s.ok()) return s;
    return store;
  }
  if (absl::Status s = store->CreateSchema(); !s.ok()) return store->ReadFailure(s);
  return store;
}

absl::Status Store::BeginWrite(double lock_timeout_seconds) {
  sqlite3_busy_timeout(db_, static_cast<int>(lock_timeout_seconds * 1000.0));
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (sqlite3_errcode(db_) == SQLITE_BUSY) {
      return LockedError(path_, lock_timeout_seconds);
    }
    return SqlError(db_, absl::StrCat("store ", path_));
  }
  in_transaction_ = true;
  return absl::OkStatus();
}

Store::~Store() {
  if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db_);
}

absl::Status Store::CreateSchema() {
  Statement exists(db_, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
  if (absl::Status s = exists.status(absl::StrCat("store ", path_)); !s.ok()) return s;
  if (exists.Step() != SQLITE_ROW) return SqlError(db_, absl::StrCat("store ", path_));
  if (exists.Int(0) == 0) {
    if (!in_transaction_) return absl::FailedPreconditionError(absl::StrCat(path_, " is not a wiretrace store"));
    Statement any(db_, "SELECT count(*) FROM sqlite_master");
    if (any.Step() == SQLITE_ROW && any.Int(0) > 0) {
      return absl::FailedPreconditionError(absl::StrCat(path_, " is an SQLite database but not a wiretrace store"));
    }
    if (absl::Status s = Exec(db_, kSchema); !s.ok()) return s;
    return Exec(db_, absl::StrCat("INSERT INTO meta VALUES('schema_version','", kStoreSchemaVersion,
                                  "'),('next_cluster','0')")
                         .c_str());
  }
  absl::StatusOr<std::string> stored = Meta("schema_version");
  if (!stored.ok()) return stored.status();
  std::string version = *stored;
  if (version == "2" && in_transaction_) {
    // Version 3 adds each article's figures (VerifyOptions::min_figure_share);
    // the articles of a version-2 store have none recorded, so the figure
    // rule cannot speak for them, as for a text without figures.
    if (absl::Status s = Exec(db_, "ALTER TABLE articles ADD COLUMN figures BLOB NOT NULL DEFAULT x''; "
                                   "UPDATE meta SET value='3' WHERE key='schema_version'");
        !s.ok()) {
      return s;
    }
    version = "3";
  }
  if (version == "3" && in_transaction_) {
    // Version 4 adds the batches' word frequencies; the batches already
    // stored have none, so rarity is judged over the nights committed from
    // now on (and their articles keep the content words of their own night).
    if (absl::Status s = Exec(db_, absl::StrCat(kWordFrequencyTable,
                                                "; UPDATE meta SET value='4' WHERE key='schema_version'")
                                       .c_str());
        !s.ok()) {
      return s;
    }
    version = "4";
  }
  if (version == "4" && in_transaction_) {
    // The articles already stored keep their records, one frame each.
    if (absl::Status s = Exec(db_, kRecordGroupsMigration); !s.ok()) return s;
    version = "5";
  }
  if (version == "5" && in_transaction_) {
    // The articles already stored keep their arrays.
    if (absl::Status s = Exec(db_, kCodedSetsMigration); !s.ok()) return s;
    version = "6";
  }
  if (version != absl::StrCat(kStoreSchemaVersion)) {
    // Only a writer migrates; say so, or an upgrade looks like damage.
    int64_t number = 0;
    const bool older = absl::SimpleAtoi(version, &number) && number < kStoreSchemaVersion;
    return absl::FailedPreconditionError(
        absl::StrCat("store ", path_, " has schema version ", version, "; this wiretrace reads version ",
                     kStoreSchemaVersion, older ? " (the next `wiretrace dedupe` on it migrates it)" : ""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Store::Meta(std::string_view key) {
  Statement q(db_, "SELECT value FROM meta WHERE key=?");
  if (absl::Status s = q.status("meta"); !s.ok()) return s;
  q.Bind(1, key);
  if (q.Step() != SQLITE_ROW) return absl::DataLossError(absl::StrCat("store ", path_, ": meta has no ", std::string(key)));
  return std::string(q.Text(0));
}

absl::Status Store::CheckParameters(const std::vector<StoreParameter>& params) {
  Statement q(db_, "SELECT value FROM meta WHERE key=?");
  Statement put(db_, "INSERT INTO meta VALUES(?, ?)");
  if (absl::Status s = put.status("meta"); !s.ok() && in_transaction_) return s;
  for (const StoreParameter& p : params) {
    const std::string key = absl::StrCat("param ", p.option);
    q.Reset();
    q.Bind(1, key);
    if (q.Step() == SQLITE_ROW) {
      if (q.Text(0) != p.value) {
        return absl::FailedPreconditionError(absl::StrCat("store ", path_, " was built with ", p.option, " ",
                                                          std::string(q.Text(0)), "; this run has ", p.value,
                                                          " (use the store's value, or a new store)"));
      }
      continue;
    }
    if (!in_transaction_) continue;
    put.Reset();
    put.Bind(1, key);
    put.Bind(2, p.value);
    if (put.Step() != SQLITE_DONE) return SqlError(db_, "meta");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Store::NextBatch() {
  Statement q(db_, "SELECT coalesce(max(batch), 0) + 1 FROM batches");
  if (q.Step() != SQLITE_ROW) return SqlError(db_, "batches");
  return q.Int(0);
}

absl::StatusOr<int64_t> Store::NextCluster() {
  absl::StatusOr<std::string> v = Meta("next_cluster");
  if (!v.ok()) return v.status();
  int64_t n = 0;
  if (!absl::SimpleAtoi(*v, &n)) return absl::DataLossError("store: meta next_cluster is not a number");
  return n;
}

absl::StatusOr<std::optional<std::pair<int64_t, BatchOutputs>>> Store::FindBatch(std::string_view digest) {
  Statement q(db_, "SELECT batch, kept_records, duplicates_out, problems FROM batches WHERE digest=?");
  if (absl::Status s = q.status("batches"); !s.ok()) return s;
  q.Bind(1, digest);
  if (q.Step() != SQLITE_ROW) return std::nullopt;
  if (q.IsNull(1)) {
    return absl::FailedPreconditionError(absl::StrCat("this batch was committed to ", path_, " as batch ",
                                                      q.Int(0), ", whose outputs have since left the window"));
  }
  BatchOutputs out;
  out.kept_records = std::string(q.Blob(1));
  std::optional<std::string> dups = Decompress(q.Blob(2));
  if (!dups) return absl::DataLossError(absl::StrCat("store ", path_, ": batch ", q.Int(0), " outputs damaged"));
  out.duplicates = std::move(*dups);
  out.problems = std::string(q.Blob(3));
  return std::make_optional(std::make_pair(q.Int(0), std::move(out)));
}

absl::StatusOr<std::vector<std::vector<int64_t>>> Store::Candidates(
    absl::Span<const std::vector<uint32_t>> keys) {
  std::vector<std::vector<int64_t>> rows(keys.size());
  Statement q(db_, "SELECT keys FROM band_keys ORDER BY batch, chunk");
  if (absl::Status s = q.status("band_keys"); !s.ok()) return s;
  int rc = q.Step();
  if (rc == SQLITE_DONE) return rows;  // an empty store: nothing to sort the keys for
  std::vector<std::pair<uint32_t, uint32_t>> wanted;  // (key, document), sorted
  for (uint32_t d = 0; d < keys.size(); ++d) {
    for (uint32_t k : keys[d]) wanted.emplace_back(k, d);
  }
  // Stable by key over pairs made in document order: sorted by (key, document).
  internal::RadixSortByFirst(&wanted);
  for (; rc == SQLITE_ROW; rc = q.Step()) {
    const std::string_view blob = q.Blob(0);
    if (blob.size() % 8 != 0) return absl::DataLossError(absl::StrCat("store ", path_, ": damaged band keys"));
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    auto u32 = [p](size_t i) {
      return static_cast<uint32_t>(p[i]) | static_cast<uint32_t>(p[i + 1]) << 8 |
             static_cast<uint32_t>(p[i + 2]) << 16 | static_cast<uint32_t>(p[i + 3]) << 24;
    };
    // Both sides sorted by key: one merge.
    const size_t n = blob.size() / 8;
    for (size_t i = 0, w = 0; i < n && w < wanted.size();) {
      const uint32_t key = u32(i * 8);
      if (key < wanted[w].first) {
        ++i;
      } else if (wanted[w].first < key) {
        ++w;
      } else {
        size_t w_end = w;
        while (w_end < wanted.size() && wanted[w_end].first == key) ++w_end;
        for (; i < n && u32(i * 8) == key; ++i) {
          for (size_t x = w; x < w_end; ++x) rows[wanted[x].second].push_back(u32(i * 8 + 4));
        }
        w = w_end;
      }
    }
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "band_keys");
  for (std::vector<int64_t>& r : rows) {
    std::sort(r.begin(), r.end());
    r.erase(std::unique(r.begin(), r.end()), r.end());
  }
  return rows;
}

absl::StatusOr<std::vector<StoredArticle>> Store::Load(absl::Span<const int64_t> rows) {
  Statement q(db_,
              "SELECT id, id_is_number, batch, cluster, published, precision, source, length, shingles, words, "
              "word_count, expires_from, kept, word_positions, figures, sets_coded FROM articles WHERE row=?");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  std::vector<StoredArticle> out;
  out.reserve(rows.size());
  for (int64_t row : rows) {
    q.Reset();
    q.Bind(1, row);
    const int rc = q.Step();
    if (rc == SQLITE_DONE) continue;
    if (rc != SQLITE_ROW) return SqlError(db_, "articles");
    StoredArticle a;
    a.row = row;
    a.id = std::string(q.Text(0));
    a.id_is_number = q.Int(1) != 0;
    a.batch = q.Int(2);
    a.cluster = q.Int(3);
    a.published.seconds_utc = q.Int(4);
    a.published.precision = static_cast<Timestamp::Precision>(std::clamp<int64_t>(q.Int(5), 0, 2));
    a.source = std::string(q.Text(6));
    a.length = static_cast<uint32_t>(q.Int(7));
    internal::ArticleSets sets;
    if (!internal::UnpackArticleSets({q.Int(15) != 0, q.Blob(8), q.Blob(9), q.Blob(13), q.Blob(14)}, &sets)) {
      return absl::DataLossError(absl::StrCat("store ", path_, ": article ", a.id, " has a damaged set"));
    }
    a.shingles = std::move(sets.shingles);
    a.words = std::move(sets.words);
    a.word_positions = std::move(sets.word_positions);
    a.figures = std::move(sets.figures);
    a.word_count = static_cast<uint32_t>(q.Int(10));
    a.expires_from = q.Int(11);
    a.kept = q.Int(12) != 0;
    out.push_back(std::move(a));
  }
  return out;
}

absl::StatusOr<std::vector<StoredArticle>> Store::KeptOfClusters(absl::Span<const int64_t> clusters) {
  Statement q(db_, "SELECT row FROM articles WHERE cluster=? AND kept=1");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  std::vector<int64_t> rows;
  for (int64_t c : clusters) {
    q.Reset();
    q.Bind(1, c);
    while (q.Step() == SQLITE_ROW) rows.push_back(q.Int(0));
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return Load(rows);
}

absl::StatusOr<WordFrequencies> Store::WindowWordFrequencies(int64_t cutoff, uint32_t saturate) {
  Statement q(db_, "SELECT batch, documents, counts FROM word_frequencies WHERE expires_last >= ? ORDER BY batch");
  if (absl::Status s = q.status("word_frequencies"); !s.ok()) return s;
  q.Bind(1, cutoff);
  WordFrequencies window;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    std::optional<std::string> blob = Decompress(q.Blob(2));
    if (!blob || blob->size() % 8 != 0) {
      return absl::DataLossError(absl::StrCat("store ", path_, ": the word frequencies of batch ", q.Int(0),
                                              " are damaged"));
    }
    WordFrequencies batch;
    batch.documents = static_cast<uint64_t>(q.Int(1));
    batch.counts.resize(blob->size() / 8);
    const auto* p = reinterpret_cast<const unsigned char*>(blob->data());
    for (size_t i = 0; i < batch.counts.size(); ++i) {
      uint64_t v = 0;
      for (int b = 0; b < 8; ++b) v |= uint64_t{p[i * 8 + b]} << (8 * b);
      batch.counts[i] = v;
    }
    window.Add(batch, saturate);
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "word_frequencies");
  return window;
}

namespace {

// Where a record asked for lies in record_groups: (batch, grp) and its index
// there, and where its answer goes.
struct GroupedRecord {
  int64_t batch = 0;
  int64_t group = 0;
  int64_t index = 0;
  size_t out = 0;
};

// Reads the records of `wanted` into `out`, decompressing each group once.
absl::Status ReadGroupedRecords(sqlite3* db, const std::string& path, std::vector<GroupedRecord> wanted,
                                std::vector<std::string>* out) {
  std::sort(wanted.begin(), wanted.end(), [](const GroupedRecord& x, const GroupedRecord& y) {
    return std::tie(x.batch, x.group) < std::tie(y.batch, y.group);
  });
  Statement q(db, "SELECT records FROM record_groups WHERE batch=? AND grp=?");
  if (absl::Status s = q.status("record_groups"); !s.ok()) return s;
  internal::RecordGroup group;
  bool open = false;
  for (size_t i = 0; i < wanted.size(); ++i) {
    const GroupedRecord& w = wanted[i];
    if (i == 0 || w.batch != wanted[i - 1].batch || w.group != wanted[i - 1].group) {
      q.Reset();
      q.Bind(1, w.batch);
      q.Bind(2, w.group);
      const int rc = q.Step();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db, "record_groups");
      open = rc == SQLITE_ROW && group.Open(q.Blob(0));
    }
    if (!open || w.index < 0 || static_cast<uint64_t>(w.index) >= group.size()) {
      return absl::DataLossError(absl::StrCat("store ", path, ": the record group ", w.group, " of batch ", w.batch,
                                              " is damaged or missing"));
    }
    (*out)[w.out] = std::string(group.record(static_cast<size_t>(w.index)));
  }
  return absl::OkStatus();
}

}  // namespace

// Both read a row's record from its own frame (`record`, version 4) or from
// its group (version 5), columns 1 and 2, 3 of the query.
absl::StatusOr<std::vector<std::string>> Store::RecentRecords(std::string_view source, int64_t cutoff, int limit) {
  Statement q(db_,
              "SELECT batch, record, record_group, record_index FROM articles WHERE source=?1 AND expires_from >= ?2 "
              "AND (record IS NOT NULL OR record_group IS NOT NULL) AND kept=1 "
              "ORDER BY expires_from DESC, row DESC LIMIT ?3");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  q.Bind(1, source);
  q.Bind(2, cutoff);
  q.Bind(3, static_cast<int64_t>(limit));
  std::vector<std::string> out;
  std::vector<GroupedRecord> grouped;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (q.IsNull(1)) {
      grouped.push_back({q.Int(0), q.Int(2), q.IsNull(3) ? -1 : q.Int(3), out.size()});
      out.emplace_back();
      continue;
    }
    std::optional<std::string> record = Decompress(q.Blob(1));
    if (!record) return absl::DataLossError(absl::StrCat("store ", path_, ": a stored record is damaged"));
    out.push_back(std::move(*record));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "articles");
  if (absl::Status s = ReadGroupedRecords(db_, path_, std::move(grouped), &out); !s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<std::string>> Store::Records(absl::Span<const int64_t> rows) {
  Statement q(db_, "SELECT batch, record, record_group, record_index FROM articles WHERE row=?");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  std::vector<std::string> out(rows.size());
  std::vector<GroupedRecord> grouped;
  for (size_t i = 0; i < rows.size(); ++i) {
    q.Reset();
    q.Bind(1, rows[i]);
    const int rc = q.Step();
    if (rc == SQLITE_DONE) continue;
    if (rc != SQLITE_ROW) return SqlError(db_, "articles");
    if (q.IsNull(1)) {
      if (!q.IsNull(2)) grouped.push_back({q.Int(0), q.Int(2), q.IsNull(3) ? -1 : q.Int(3), i});
      continue;
    }
    std::optional<std::string> record = Decompress(q.Blob(1));
    if (!record) return absl::DataLossError(absl::StrCat("store ", path_, ": a stored record is damaged"));
    out[i] = std::move(*record);
  }
  if (absl::Status s = ReadGroupedRecords(db_, path_, std::move(grouped), &out); !s.ok()) return s;
  return out;
}

absl::Status Store::InsertArticles(const NewBatch& batch, int64_t number,
                                   std::vector<std::pair<uint32_t, uint32_t>>* bands) {
  // `record` (13) stays NULL: version 5 writes records in groups.
  Statement article(db_,
                    "INSERT INTO articles VALUES(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
  if (absl::Status s = article.status("articles"); !s.ok()) return s;
  Statement put_group(db_, "INSERT INTO record_groups VALUES(?, ?, ?)");
  if (absl::Status s = put_group.status("record_groups"); !s.ok()) return s;
  // SQLite's writer is one thread. The record groups are compressed a step
  // ahead of it, in parallel (parallel_pipeline), so that compression runs
  // beside the inserts instead of before them.
  std::vector<internal::StageStep> steps = internal::PlanStageSteps(batch.articles);
  size_t next = 0;
  absl::Status status;
  std::string scratch[2];  // PackSet's, on a big-endian machine
  auto insert = [&](internal::StageStep& step) -> absl::Status {
    if (step.group >= 0) {
      if (step.frame.empty()) return absl::InternalError("store: compressing the records failed");
      put_group.Reset();
      put_group.Bind(1, number);
      put_group.Bind(2, step.group);
      put_group.BindBlobInPlace(3, step.frame);
      if (put_group.Step() != SQLITE_DONE) return SqlError(db_, "record_groups");
      std::string().swap(step.frame);
    }
    int64_t index = 0;
    for (size_t i = step.first; i < step.end; ++i) {
      const NewArticle& n = batch.articles[i];
      const StoredArticle& a = n.article;
      article.Reset();
      article.Bind(1, a.id);
      article.Bind(2, int64_t{a.id_is_number});
      article.Bind(3, number);
      article.Bind(4, a.cluster);
      article.Bind(5, a.published.seconds_utc);
      article.Bind(6, static_cast<int64_t>(a.published.precision));
      article.Bind(7, a.expires_from);
      article.Bind(8, a.source);
      article.Bind(9, static_cast<int64_t>(a.length));
      const std::string* sets = &step.sets[2 * (i - step.first)];
      article.BindBlobInPlace(10, sets[0]);
      article.BindBlobInPlace(11, sets[1]);
      article.Bind(12, static_cast<int64_t>(a.word_count));
      article.Bind(14, int64_t{a.kept});
      article.BindSet(15, a.word_positions, &scratch[0]);
      article.BindSet(16, a.figures, &scratch[1]);
      if (!n.record.empty()) {
        article.Bind(17, step.group);
        article.Bind(18, index++);
      }
      if (article.Step() != SQLITE_DONE) return SqlError(db_, "articles");
      const int64_t row = sqlite3_last_insert_rowid(db_);
      if (row > INT64_C(0xffffffff)) return absl::ResourceExhaustedError("store: more than 2^32 article rows");
      for (uint32_t key : n.band_keys) bands->emplace_back(key, static_cast<uint32_t>(row));
    }
    std::vector<std::string>().swap(step.sets);  // inserted: not held to the end of the batch
    return absl::OkStatus();
  };
  tbb::parallel_pipeline(
      2 * static_cast<size_t>(tbb::this_task_arena::max_concurrency()),
      tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& fc) -> size_t {
                                       if (next == steps.size()) fc.stop();
                                       return next++;
                                     }) &
          tbb::make_filter<size_t, size_t>(tbb::filter_mode::parallel,
                                           [&](size_t k) {
                                             internal::StageStep& step = steps[k];
                                             step.sets.resize(2 * (step.end - step.first));
                                             for (size_t i = step.first; i < step.end; ++i) {
                                               const StoredArticle& a = batch.articles[i].article;
                                               internal::EncodeSet(a.shingles, &step.sets[2 * (i - step.first)]);
                                               internal::EncodeSet(a.words, &step.sets[2 * (i - step.first) + 1]);
                                             }
                                             if (step.group < 0) return k;
                                             std::vector<std::string_view> records;
                                             for (size_t i = step.first; i < step.end; ++i) {
                                               const std::string& r = batch.articles[i].record;
                                               if (!r.empty()) records.push_back(r);
                                             }
                                             step.frame = internal::CompressGroup(records);
                                             return k;
                                           }) &
          tbb::make_filter<size_t, void>(tbb::filter_mode::serial_in_order, [&](size_t k) {
            if (status.ok()) status = insert(steps[k]);
          }));
  return status;
}

absl::Status Store::StageBatch(const NewBatch& batch) {
  if (!in_transaction_ || staged_) return absl::FailedPreconditionError("store is read-only or already committed");
  staged_ = true;
  absl::StatusOr<int64_t> number = NextBatch();
  if (!number.ok()) return number.status();
  {
    Statement put(db_, "INSERT INTO batches VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (absl::Status s = put.status("batches"); !s.ok()) return s;
    put.Bind(1, *number);
    put.Bind(2, batch.digest);
    put.Bind(3, static_cast<int64_t>(std::time(nullptr)));
    put.Bind(4, batch.newest);
    put.Bind(5, static_cast<int64_t>(batch.records));
    put.Bind(6, static_cast<int64_t>(batch.kept));
    put.Bind(7, static_cast<int64_t>(batch.duplicates));
    put.BindBlob(8, batch.outputs.kept_records);
    put.BindBlob(9, Compress(batch.outputs.duplicates));
    put.BindBlob(10, batch.outputs.problems);
    if (put.Step() != SQLITE_DONE) return SqlError(db_, "batches");
  }
  std::vector<std::pair<uint32_t, uint32_t>> bands;  // (key, row)
  if (absl::Status s = InsertArticles(batch, *number, &bands); !s.ok()) return s;
  Statement band(db_, "INSERT INTO band_keys VALUES(?, ?, ?)");
  if (absl::Status s = band.status("band_keys"); !s.ok()) return s;
  internal::RadixSortByFirst(&bands);  // rows ascend: sorted by (key, row)
  for (size_t first = 0, chunk = 0; first < bands.size(); first += kBandChunk, ++chunk) {
    const size_t count = std::min(kBandChunk, bands.size() - first);
    std::string blob(count * 8, '\0');
    for (size_t i = 0; i < count; ++i) {
      for (int b = 0; b < 4; ++b) {
        blob[i * 8 + b] = static_cast<char>((bands[first + i].first >> (8 * b)) & 0xff);
        blob[i * 8 + 4 + b] = static_cast<char>((bands[first + i].second >> (8 * b)) & 0xff);
      }
    }
    band.Reset();
    band.Bind(1, *number);
    band.Bind(2, static_cast<int64_t>(chunk));
    band.BindBlobInPlace(3, blob);
    if (band.Step() != SQLITE_DONE) return SqlError(db_, "band_keys");
  }
  if (batch.has_word_frequencies) {
    const std::vector<uint64_t>& counts = batch.word_frequencies.counts;
    std::string packed(counts.size() * 8, '\0');
    for (size_t i = 0; i < counts.size(); ++i) {
      for (int b = 0; b < 8; ++b) packed[i * 8 + b] = static_cast<char>((counts[i] >> (8 * b)) & 0xff);
    }
    Statement put(db_, "INSERT INTO word_frequencies VALUES(?, ?, ?, ?)");
    if (absl::Status s = put.status("word_frequencies"); !s.ok()) return s;
    put.Bind(1, *number);
    put.Bind(2, batch.words_expire_last);
    put.Bind(3, static_cast<int64_t>(batch.word_frequencies.documents));
    const std::string compressed = Compress(packed);
    put.BindBlobInPlace(4, compressed);
    if (put.Step() != SQLITE_DONE) return SqlError(db_, "word_frequencies");
  }
  {
    Statement next(db_, "UPDATE meta SET value=? WHERE key='next_cluster'");
    next.Bind(1, absl::StrCat(batch.next_cluster));
    if (next.Step() != SQLITE_DONE) return SqlError(db_, "meta");
  }
  // The window: what was published more than window_days before the batch's
  // newest article leaves, with the outputs of batches that old.
  const int64_t cutoff = batch.newest - static_cast<int64_t>(batch.window_days * 86400.0);
  for (const char* sql : {"DELETE FROM articles WHERE expires_from < ?1",
                          "DELETE FROM band_keys WHERE ?1 = ?1 AND batch NOT IN (SELECT DISTINCT batch FROM articles)",
                          "DELETE FROM record_groups WHERE ?1 = ?1 AND batch NOT IN (SELECT DISTINCT batch FROM articles)",
                          "DELETE FROM word_frequencies WHERE expires_last < ?1",
                          "UPDATE batches SET kept_records=NULL, duplicates_out=NULL, problems=NULL "
                          "WHERE newest < ?1"}) {
    Statement expire(db_, sql);
    if (absl::Status s = expire.status("expiry"); !s.ok()) return s;
    expire.Bind(1, cutoff);
    if (expire.Step() != SQLITE_DONE) return SqlError(db_, "expiry");
  }
  return absl::OkStatus();
}

absl::Status Store::CommitTransaction() {
  // In rollback mode COMMIT needs the file to itself: it waits for readers
  // that hold it (they read an empty store, for moments) rather than fail.
  if (creating_) sqlite3_busy_timeout(db_, static_cast<int>(kFirstCommitWaitSeconds * 1000.0));
  if (absl::Status s = Exec(db_, "COMMIT"); !s.ok()) {
    if (creating_ && sqlite3_errcode(db_) == SQLITE_BUSY) {
      return absl::UnavailableError(absl::StrCat("store ", path_, ": readers held it for ", kFirstCommitWaitSeconds,
                                                 " s while its first batch committed; nothing was committed"));
    }
    return s;
  }
  in_transaction_ = false;
  return absl::OkStatus();
}

absl::Status Store::Commit() {
  if (!in_transaction_ || !staged_) return absl::FailedPreconditionError("store: no staged batch to commit");
  if (absl::Status s = CommitTransaction(); !s.ok()) return s;
  if (creating_) {
    // The batch is committed (and synced: EXTRA) whatever this says: if a
    // reader holds the file past the wait, the store stays in rollback mode
    // until the next writer's Open switches it.
    if (InWalMode(db_) || Exec(db_, "PRAGMA journal_mode=WAL").ok()) (void)Exec(db_, "PRAGMA synchronous=FULL");
    creating_ = false;
  }
  return absl::OkStatus();
}

absl::Status Store::ReadFailure(const absl::Status& s) const {
  switch (sqlite3_extended_errcode(db_)) {
    case SQLITE_BUSY:
      return absl::UnavailableError(absl::StrCat("store ", path_, " is being created: its first batch holds it ",
                                                 "until that batch commits; try again then"));
    case SQLITE_READONLY_ROLLBACK:
      return absl::UnavailableError(absl::StrCat("store ", path_, ": a write to it was interrupted (its first batch, ",
                                                 "or the switch to WAL after it); the next `wiretrace dedupe --store ",
                                                 path_, "` recovers it"));
    default:
      return s;
  }
}

absl::Status Store::CommitBatch(const NewBatch& batch) {
  if (absl::Status s = StageBatch(batch); !s.ok()) return s;
  return Commit();
}

}  // namespace wiretrace
