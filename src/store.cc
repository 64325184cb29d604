#include "wiretrace/store.h"

#include <sqlite3.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "internal/radix_sort.h"
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

// Version 1. Every good record of a batch is an article row: kept = 1 for
// the one kept article of its cluster, 0 for its duplicates (matchable, so
// that a copy of a duplicate finds the cluster). Sets are little-endian
// uint32 arrays; records and the DUPS output are zstd frames. The MinHash
// band index is one sorted array per batch (band_keys: little-endian
// (uint32 key, uint32 row) pairs, in chunks of kBandChunk pairs), not a
// B-tree: a night then writes its keys in one sequential append instead of
// touching most pages of a tree that holds the whole window, and looks its
// own keys up with one merge per stored batch. A batch's keys leave when its
// last article does; keys of articles that expired alone are skipped. `expires_from` is the article's publication time,
// or the run's time for an undated article: the window counts from it.
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
  kept INTEGER NOT NULL, word_positions BLOB NOT NULL, figures BLOB NOT NULL DEFAULT x'');
CREATE INDEX articles_expiry ON articles(expires_from);
CREATE INDEX articles_source ON articles(source, expires_from);
CREATE INDEX articles_cluster ON articles(cluster) WHERE kept = 1;
CREATE INDEX articles_batch ON articles(batch);
CREATE TABLE band_keys(batch INTEGER NOT NULL, chunk INTEGER NOT NULL, keys BLOB NOT NULL, PRIMARY KEY(batch, chunk));
CREATE TABLE word_frequencies(batch INTEGER PRIMARY KEY, expires_last INTEGER NOT NULL, documents INTEGER NOT NULL,
                              counts BLOB NOT NULL);
)sql";

// Version 4 keeps each batch's content-word document frequencies
// (word_frequencies: zstd of little-endian uint64 (word << 32 | count),
// sorted by word), so that a night judges rarity over the window. A batch's
// row leaves when its latest article does (expires_last).
constexpr const char* kWordFrequencyTable =
    "CREATE TABLE word_frequencies(batch INTEGER PRIMARY KEY, expires_last INTEGER NOT NULL, "
    "documents INTEGER NOT NULL, counts BLOB NOT NULL)";

// Pairs per band_keys row: 8 MB blobs, well under SQLite's 1 GB limit.
constexpr size_t kBandChunk = size_t{1} << 20;

absl::Status SqlError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_errcode(db);
  std::string message = absl::StrCat(std::string(what), ": ", sqlite3_errmsg(db));
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return absl::DataLossError(message);
  return absl::InternalError(message);
}

std::string PackSet(absl::Span<const uint32_t> set);

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  absl::Status status(std::string_view what) const {
    return stmt_ == nullptr ? SqlError(db_, what) : absl::OkStatus();
  }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // Binds `v` without copying it: it must stay unchanged until the next
  // Step or Reset. The commit's blobs are most of what a night writes.
  void BindBlobInPlace(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  // A sorted set as its stored little-endian uint32 array: on a
  // little-endian machine that is its memory, bound in place.
  void BindSet(int i, absl::Span<const uint32_t> set, std::string* scratch);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string_view Text(int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  std::string_view Blob(int col) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void Statement::BindSet(int i, absl::Span<const uint32_t> set, std::string* scratch) {
  if (set.empty()) {
    sqlite3_bind_zeroblob(stmt_, i, 0);  // an empty blob; a null pointer would bind NULL
    return;
  }
  if constexpr (std::endian::native == std::endian::little) {
    BindBlobInPlace(i, std::string_view(reinterpret_cast<const char*>(set.data()), set.size() * 4));
  } else {
    *scratch = PackSet(set);
    BindBlobInPlace(i, *scratch);
  }
}

absl::Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db, sql);
  return absl::OkStatus();
}

std::string PackSet(absl::Span<const uint32_t> set) {
  std::string out(set.size() * 4, '\0');
  for (size_t i = 0; i < set.size(); ++i) {
    for (int b = 0; b < 4; ++b) out[i * 4 + b] = static_cast<char>((set[i] >> (8 * b)) & 0xff);
  }
  return out;
}

bool UnpackSet(std::string_view blob, std::vector<uint32_t>* set) {
  if (blob.size() % 4 != 0) return false;
  set->resize(blob.size() / 4);
  for (size_t i = 0; i < set->size(); ++i) {
    uint32_t v = 0;
    for (int b = 0; b < 4; ++b) v |= static_cast<uint32_t>(static_cast<unsigned char>(blob[i * 4 + b])) << (8 * b);
    (*set)[i] = v;
  }
  return true;
}

std::string Compress(std::string_view in) {
  // One context per thread, rather than one made and freed per record.
  // Made in the thread's scratch buffer and copied out at its size: a string
  // of ZSTD_compressBound bytes, zeroed and kept at that capacity, held 1.7
  // times the compressed bytes until the commit (35 MB on 20,000 articles).
  struct Context {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    std::unique_ptr<char[]> scratch;
    size_t capacity = 0;
    ~Context() { ZSTD_freeCCtx(cctx); }
  };
  thread_local Context context;
  const size_t bound = ZSTD_compressBound(in.size());
  if (bound > context.capacity) {
    context.capacity = std::max(bound, 2 * context.capacity);
    context.scratch = std::make_unique_for_overwrite<char[]>(context.capacity);
  }
  // Level 1: on the generated 20,000-article night, 1.5 times the speed of
  // level 3 for 0.5% more bytes (33 MB of records: 17.99 MB against 17.90
  // MB), and compression was the largest part of the commit. Negative
  // (fast) levels are no bargain on news text, mostly literals: level -1
  // compresses 32 MB of records in 0.7 times level 1's time, but to 26 MB
  // instead of 17.6 MB, which the commit then writes twice (WAL and
  // checkpoint).
  const size_t n = ZSTD_compressCCtx(context.cctx, context.scratch.get(), context.capacity, in.data(), in.size(), 1);
  if (ZSTD_isError(n)) return std::string();
  return std::string(context.scratch.get(), n);
}

std::optional<std::string> Decompress(std::string_view in) {
  const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (uint64_t{1} << 32)) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
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
    absl::Status s = absl::InvalidArgumentError(absl::StrCat("cannot open store ", path, ": ", sqlite3_errmsg(db)));
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<Store> store(new Store(path, db, false));
  sqlite3_busy_timeout(db, static_cast<int>(options.lock_timeout_seconds * 1000.0));
  if (!options.read_only) {
    // WAL: readers see the last commit and never wait for the writer; FULL:
    // a commit that returned is on disk, the promise the outputs rely on.
    // 16 KB pages for a new store (an existing one keeps its own: WAL mode
    // fixes the page size). A stored article is about 3 kB of sets and 1 kB
    // of compressed record: on 4 KB pages most rows spill into an overflow
    // page, and a night's commit writes, syncs and checkpoints four times as
    // many pages. On the 20,000-article night: the inserts 0.13 s instead of
    // 0.20 s, the WAL write 0.12 s instead of 0.22 s, the checkpoint 0.07-0.10
    // s instead of 0.24-0.27 s. A lookup (Load) still reads one page a row.
    if (absl::Status s = Exec(db, "PRAGMA page_size=16384"); !s.ok()) return s;
    if (absl::Status s = Exec(db, "PRAGMA journal_mode=WAL"); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("store ", path, ": ", s.message()));
    }
    if (absl::Status s = Exec(db, "PRAGMA synchronous=FULL"); !s.ok()) return s;
    // The band index of a week of nights is a few hundred MB; a small page
    // cache turns every lookup and insert into a read from disk.
    if (absl::Status s = Exec(db, "PRAGMA cache_size=-524288"); !s.ok()) return s;
    // The schema in a transaction of its own, so that a first batch that
    // fails (--strict) still leaves an empty store, not an empty file.
    if (absl::Status s = store->BeginWrite(options.lock_timeout_seconds); !s.ok()) return s;
    if (absl::Status s = store->CreateSchema(); !s.ok()) return s;
    if (absl::Status s = Exec(db, "COMMIT"); !s.ok()) return s;
    store->in_transaction_ = false;
    if (absl::Status s = store->BeginWrite(options.lock_timeout_seconds); !s.ok()) return s;
    return store;
  }
  if (absl::Status s = store->CreateSchema(); !s.ok()) return s;
  return store;
}

absl::Status Store::BeginWrite(double lock_timeout_seconds) {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (sqlite3_errcode(db_) == SQLITE_BUSY) {
      return absl::UnavailableError(absl::StrCat("store ", path_, " is locked by another writer (waited ",
                                                 lock_timeout_seconds, " s; see --lock-timeout)"));
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
  if (version != absl::StrCat(kStoreSchemaVersion)) {
    return absl::FailedPreconditionError(absl::StrCat("store ", path_, " has schema version ", version,
                                                      "; this wiretrace reads version ", kStoreSchemaVersion));
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
              "word_count, expires_from, kept, word_positions, figures FROM articles WHERE row=?");
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
    if (!UnpackSet(q.Blob(8), &a.shingles) || !UnpackSet(q.Blob(9), &a.words) ||
        !UnpackSet(q.Blob(13), &a.word_positions) || !UnpackSet(q.Blob(14), &a.figures) ||
        (!a.word_positions.empty() && a.word_positions.size() != a.words.size())) {
      return absl::DataLossError(absl::StrCat("store ", path_, ": article ", a.id, " has a damaged set"));
    }
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

absl::StatusOr<std::vector<std::string>> Store::RecentRecords(std::string_view source, int64_t cutoff, int limit) {
  Statement q(db_,
              "SELECT record FROM articles WHERE source=?1 AND expires_from >= ?2 AND record IS NOT NULL AND kept=1 "
              "ORDER BY expires_from DESC, row DESC LIMIT ?3");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  q.Bind(1, source);
  q.Bind(2, cutoff);
  q.Bind(3, static_cast<int64_t>(limit));
  std::vector<std::string> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    std::optional<std::string> record = Decompress(q.Blob(0));
    if (!record) return absl::DataLossError(absl::StrCat("store ", path_, ": a stored record is damaged"));
    out.push_back(std::move(*record));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "articles");
  return out;
}

absl::StatusOr<std::vector<std::string>> Store::Records(absl::Span<const int64_t> rows) {
  Statement q(db_, "SELECT record FROM articles WHERE row=? AND record IS NOT NULL");
  if (absl::Status s = q.status("articles"); !s.ok()) return s;
  std::vector<std::string> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    q.Reset();
    q.Bind(1, rows[i]);
    const int rc = q.Step();
    if (rc == SQLITE_DONE) continue;
    if (rc != SQLITE_ROW) return SqlError(db_, "articles");
    std::optional<std::string> record = Decompress(q.Blob(0));
    if (!record) return absl::DataLossError(absl::StrCat("store ", path_, ": a stored record is damaged"));
    out[i] = std::move(*record);
  }
  return out;
}

namespace {

// Articles per step of the commit's pipeline: enough to keep a compressing
// thread busy while the writer inserts the step before.
constexpr size_t kStageChunk = 64;

}  // namespace

absl::Status Store::InsertArticles(const NewBatch& batch, int64_t number,
                                   std::vector<std::pair<uint32_t, uint32_t>>* bands) {
  Statement article(db_, "INSERT INTO articles VALUES(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (absl::Status s = article.status("articles"); !s.ok()) return s;
  // SQLite's writer is one thread. The records are compressed a chunk ahead
  // of it, in parallel (parallel_pipeline), so that compression, which was
  // as long as the inserts, runs beside them instead of before them.
  const size_t chunks = (batch.articles.size() + kStageChunk - 1) / kStageChunk;
  size_t next = 0;
  absl::Status status;
  std::string scratch[4];  // PackSet's, on a big-endian machine
  auto insert = [&](size_t first, const std::vector<std::string>& records) -> absl::Status {
    for (size_t j = 0; j < records.size(); ++j) {
      const NewArticle& n = batch.articles[first + j];
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
      article.BindSet(10, a.shingles, &scratch[0]);
      article.BindSet(11, a.words, &scratch[1]);
      article.Bind(12, static_cast<int64_t>(a.word_count));
      if (!n.record.empty()) article.BindBlobInPlace(13, records[j]);
      article.Bind(14, int64_t{a.kept});
      article.BindSet(15, a.word_positions, &scratch[2]);
      article.BindSet(16, a.figures, &scratch[3]);
      if (article.Step() != SQLITE_DONE) return SqlError(db_, "articles");
      const int64_t row = sqlite3_last_insert_rowid(db_);
      if (row > INT64_C(0xffffffff)) return absl::ResourceExhaustedError("store: more than 2^32 article rows");
      for (uint32_t key : n.band_keys) bands->emplace_back(key, static_cast<uint32_t>(row));
    }
    return absl::OkStatus();
  };
  using Chunk = std::pair<size_t, std::vector<std::string>>;  // (first article, its records compressed)
  tbb::parallel_pipeline(
      2 * static_cast<size_t>(tbb::this_task_arena::max_concurrency()),
      tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& fc) -> size_t {
                                       if (next == chunks) fc.stop();
                                       return next++ * kStageChunk;
                                     }) &
          tbb::make_filter<size_t, Chunk>(tbb::filter_mode::parallel,
                                          [&](size_t first) {
                                            const size_t end = std::min(first + kStageChunk, batch.articles.size());
                                            Chunk c{first, std::vector<std::string>(end - first)};
                                            for (size_t i = first; i < end; ++i) {
                                              if (!batch.articles[i].record.empty()) {
                                                c.second[i - first] = Compress(batch.articles[i].record);
                                              }
                                            }
                                            return c;
                                          }) &
          tbb::make_filter<Chunk, void>(tbb::filter_mode::serial_in_order, [&](const Chunk& c) {
            if (status.ok()) status = insert(c.first, c.second);
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

absl::Status Store::Commit() {
  if (!in_transaction_ || !staged_) return absl::FailedPreconditionError("store: no staged batch to commit");
  if (absl::Status s = Exec(db_, "COMMIT"); !s.ok()) return s;
  in_transaction_ = false;
  return absl::OkStatus();
}

absl::Status Store::CommitBatch(const NewBatch& batch) {
  if (absl::Status s = StageBatch(batch); !s.ok()) return s;
  return Commit();
}

absl::StatusOr<StoreStats> Store::Stats() {
  StoreStats st;
  st.schema_version = kStoreSchemaVersion;
  Statement q(db_,
              "SELECT count(*), count(record), (SELECT count(*) FROM articles WHERE kept=1), coalesce(sum(length(shingles) + length(words)), 0), "
              "coalesce(sum(length(record)), 0), "
              "(SELECT min(published) FROM articles WHERE precision > 0), "
              "(SELECT max(published) FROM articles WHERE precision > 0), "
              "(SELECT count(*) FROM batches), (SELECT coalesce(sum(length(keys)), 0) / 8 FROM band_keys) FROM articles");
  if (absl::Status s = q.status("stats"); !s.ok()) return s;
  if (q.Step() != SQLITE_ROW) return SqlError(db_, "stats");
  st.articles = static_cast<uint64_t>(q.Int(0));
  st.articles_with_text = static_cast<uint64_t>(q.Int(1));
  st.kept = static_cast<uint64_t>(q.Int(2));
  st.set_bytes = static_cast<uint64_t>(q.Int(3));
  st.text_bytes = static_cast<uint64_t>(q.Int(4));
  if (!q.IsNull(5)) {
    st.first = {q.Int(5), Timestamp::Precision::kDateTime};
    st.last = {q.Int(6), Timestamp::Precision::kDateTime};
  }
  st.batches = static_cast<uint64_t>(q.Int(7));
  st.band_rows = static_cast<uint64_t>(q.Int(8));
  std::error_code ec;
  for (const std::string& f : {path_, path_ + "-wal"}) {
    const auto size = std::filesystem::file_size(f, ec);
    if (!ec) st.file_bytes += size;
  }
  Statement words(db_, "SELECT count(*), coalesce(sum(length(counts)), 0) FROM word_frequencies");
  if (words.Step() == SQLITE_ROW) {
    st.word_frequency_batches = static_cast<uint64_t>(words.Int(0));
    st.word_frequency_bytes = static_cast<uint64_t>(words.Int(1));
  }
  Statement params(db_, "SELECT key, value FROM meta WHERE key LIKE 'param %' ORDER BY key");
  while (params.Step() == SQLITE_ROW) {
    st.parameters.push_back({std::string(params.Text(0).substr(6)), std::string(params.Text(1))});
  }
  return st;
}

absl::Status Store::Check() {
  std::vector<std::string> damage;
  {
    Statement q(db_, "PRAGMA integrity_check");
    if (absl::Status s = q.status("integrity_check"); !s.ok()) return absl::DataLossError(s.message());
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      if (q.Text(0) != "ok") damage.push_back(std::string(q.Text(0)));
    }
    if (rc != SQLITE_DONE) return absl::DataLossError(SqlError(db_, "integrity_check").message());
  }
  struct Invariant {
    const char* sql;  // counts violations
    const char* what;
  };
  for (const Invariant& inv : {
           Invariant{"SELECT count(*) FROM band_keys WHERE length(keys) % 8 != 0 OR "
                     "batch NOT IN (SELECT batch FROM batches)",
                     "damaged band keys, or keys of batches that were never committed"},
           Invariant{"SELECT count(*) FROM word_frequencies WHERE batch NOT IN (SELECT batch FROM batches)",
                     "word frequencies of batches that were never committed"},
           Invariant{"SELECT count(*) FROM articles WHERE batch NOT IN (SELECT batch FROM batches)",
                     "articles of batches that were never committed"},
           Invariant{"SELECT count(*) FROM articles WHERE length(shingles) % 4 != 0 OR length(words) % 4 != 0 OR "
                     "(length(word_positions) != 0 AND length(word_positions) != length(words)) OR "
                     "length(figures) % 4 != 0",
                     "articles with damaged sets"},
           Invariant{"SELECT count(*) FROM articles WHERE cluster >= "
                     "(SELECT CAST(value AS INTEGER) FROM meta WHERE key='next_cluster')",
                     "cluster ids at or past the cluster counter"},
       }) {
    Statement q(db_, inv.sql);
    if (absl::Status s = q.status(inv.what); !s.ok()) return absl::DataLossError(s.message());
    if (q.Step() != SQLITE_ROW) return absl::DataLossError(SqlError(db_, inv.what).message());
    if (q.Int(0) > 0) damage.push_back(absl::StrCat(q.Int(0), " ", inv.what));
  }
  Statement records(db_, "SELECT id, record FROM articles WHERE record IS NOT NULL");
  uint64_t bad_records = 0;
  while (records.Step() == SQLITE_ROW) bad_records += !Decompress(records.Blob(1)).has_value();
  if (bad_records > 0) damage.push_back(absl::StrCat(bad_records, " stored records that do not decompress"));
  Statement frequencies(db_, "SELECT counts FROM word_frequencies");
  uint64_t bad_frequencies = 0;
  while (frequencies.Step() == SQLITE_ROW) {
    const std::optional<std::string> blob = Decompress(frequencies.Blob(0));
    bad_frequencies += !blob.has_value() || blob->size() % 8 != 0;
  }
  if (bad_frequencies > 0) damage.push_back(absl::StrCat(bad_frequencies, " word-frequency tables damaged"));
  if (damage.empty()) return absl::OkStatus();
  std::string message = absl::StrCat("store ", path_, " is damaged:");
  for (size_t i = 0; i < damage.size() && i < 10; ++i) absl::StrAppend(&message, " ", damage[i], ";");
  return absl::DataLossError(message);
}

}  // namespace wiretrace
