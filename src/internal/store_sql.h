// SQLite as src/store.cc uses it: prepared statements that finalize
// themselves, errors as absl::Status, and the stored form of a sorted set
// (a little-endian uint32 array). Apart from store.cc so that the store's
// own code stays within the file-size rule (scripts/check_shape.py).
//
// Thread safety: a Statement is used from one thread at a time, as its
// database connection; the functions are pure.
#ifndef WIRETRACE_SRC_INTERNAL_STORE_SQL_H_
#define WIRETRACE_SRC_INTERNAL_STORE_SQL_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace wiretrace::internal {

// The connection's last error about `what`: DataLoss when the file is
// damaged or not a database, Internal otherwise.
absl::Status SqlError(sqlite3* db, std::string_view what);

// Runs `sql` (one or more statements).
absl::Status Exec(sqlite3* db, const char* sql);

// A sorted set as its stored little-endian uint32 array, and back (false
// when the blob is not a whole number of uint32).
std::string PackSet(absl::Span<const uint32_t> set);
bool UnpackSet(std::string_view blob, std::vector<uint32_t>* set);

// An article row's four sets as stored: its shingles and words as its
// sets_coded column says (coded sets, internal/set_coding.h, version 6, or
// arrays), its word positions and figures as arrays. The one reading of a
// row's sets, for loading (Store::Load) and checking (Store::Check) alike:
// false when a set is damaged, or when there are positions but not one per
// word.
struct ArticleSetBlobs {
  bool coded = false;
  std::string_view shingles, words, word_positions, figures;
};
struct ArticleSets {
  std::vector<uint32_t> shingles, words, word_positions, figures;
};
bool UnpackArticleSets(const ArticleSetBlobs& blobs, ArticleSets* sets);

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

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_STORE_SQL_H_
