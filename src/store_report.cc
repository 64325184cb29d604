// The reports of `wiretrace store`: Store::Stats (`store stats`: counts,
// sizes and parameters) and Store::Check (`store check`: SQLite's own
// integrity check, the invariants between the store's tables, and every blob
// the readers decode (sets, record groups, word frequencies) decoded once).
// Apart from store.cc, which opens, reads and writes the store, so that each
// stays within the file-size rule.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "internal/store_records.h"
#include "internal/store_sql.h"
#include "wiretrace/store.h"

namespace wiretrace {

using internal::Decompress;
using internal::SqlError;
using internal::Statement;

namespace {

// One read transaction around a report, so that its statements see one
// commit (unless the store's writer asks, inside its own transaction).
class ReadSnapshot {
 public:
  ReadSnapshot(sqlite3* db, bool in_transaction) : db_(in_transaction ? nullptr : db) {
    if (db_ != nullptr) sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~ReadSnapshot() {
    if (db_ != nullptr) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  sqlite3* db_;
};

}  // namespace

absl::StatusOr<StoreStats> Store::Stats() {
  const ReadSnapshot snapshot(db_, in_transaction_);
  StoreStats st;
  st.schema_version = kStoreSchemaVersion;
  Statement q(db_,
              "SELECT count(*), count(record) + count(record_group), (SELECT count(*) FROM articles WHERE kept=1), "
              "coalesce(sum(length(shingles) + length(words)), 0), "
              "coalesce(sum(length(record)), 0) + (SELECT coalesce(sum(length(records)), 0) FROM record_groups), "
              "(SELECT min(published) FROM articles WHERE precision > 0), "
              "(SELECT max(published) FROM articles WHERE precision > 0), "
              "(SELECT count(*) FROM batches), (SELECT coalesce(sum(length(keys)), 0) / 8 FROM band_keys) FROM articles");
  if (absl::Status s = q.status("stats"); !s.ok()) return ReadFailure(s);
  if (q.Step() != SQLITE_ROW) return ReadFailure(SqlError(db_, "stats"));
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
  const ReadSnapshot snapshot(db_, in_transaction_);
  // A query that fails is damage, unless the store is only being created or
  // recovered (ReadFailure), which is no damage.
  auto failed = [&](const absl::Status& s) {
    absl::Status explained = ReadFailure(s);
    return explained.code() == absl::StatusCode::kUnavailable ? explained : absl::DataLossError(s.message());
  };
  std::vector<std::string> damage;
  {
    Statement q(db_, "PRAGMA integrity_check");
    if (absl::Status s = q.status("integrity_check"); !s.ok()) return failed(s);
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      if (q.Text(0) != "ok") damage.push_back(std::string(q.Text(0)));
    }
    if (rc != SQLITE_DONE) return failed(SqlError(db_, "integrity_check"));
  }
  struct Invariant {
    const char* sql;  // counts violations
    const char* what;
  };
  for (const Invariant& inv : {
           Invariant{"SELECT count(*) FROM band_keys WHERE length(keys) % 8 != 0 OR "
                     "batch NOT IN (SELECT batch FROM batches)",
                     "damaged band keys, or keys of batches that were never committed"},
           Invariant{"SELECT count(*) FROM record_groups WHERE batch NOT IN (SELECT batch FROM batches)",
                     "record groups of batches that were never committed"},
           Invariant{"SELECT count(*) FROM word_frequencies WHERE batch NOT IN (SELECT batch FROM batches)",
                     "word frequencies of batches that were never committed"},
           Invariant{"SELECT count(*) FROM articles WHERE batch NOT IN (SELECT batch FROM batches)",
                     "articles of batches that were never committed"},
           Invariant{"SELECT count(*) FROM articles WHERE cluster >= "
                     "(SELECT CAST(value AS INTEGER) FROM meta WHERE key='next_cluster')",
                     "cluster ids at or past the cluster counter"},
       }) {
    Statement q(db_, inv.sql);
    if (absl::Status s = q.status(inv.what); !s.ok()) return failed(s);
    if (q.Step() != SQLITE_ROW) return failed(SqlError(db_, inv.what));
    if (q.Int(0) > 0) damage.push_back(absl::StrCat(q.Int(0), " ", inv.what));
  }
  {
    Statement sets(db_, "SELECT sets_coded, shingles, words, word_positions, figures FROM articles");
    internal::ArticleSets unpacked;  // its buffers reused from row to row
    uint64_t damaged = 0;
    while (sets.Step() == SQLITE_ROW) {
      damaged += !internal::UnpackArticleSets(
          {sets.Int(0) != 0, sets.Blob(1), sets.Blob(2), sets.Blob(3), sets.Blob(4)}, &unpacked);
    }
    if (damaged > 0) damage.push_back(absl::StrCat(damaged, " articles with damaged sets"));
  }
  Statement records(db_, "SELECT id, record FROM articles WHERE record IS NOT NULL");
  uint64_t bad_records = 0;
  while (records.Step() == SQLITE_ROW) bad_records += !Decompress(records.Blob(1)).has_value();
  if (bad_records > 0) damage.push_back(absl::StrCat(bad_records, " stored records that do not decompress"));
  // Every group decompresses, and every article's reference names a record of one.
  std::map<std::pair<int64_t, int64_t>, size_t> group_sizes;
  Statement groups(db_, "SELECT batch, grp, records FROM record_groups");
  uint64_t bad_groups = 0;
  internal::RecordGroup group;
  while (groups.Step() == SQLITE_ROW) {
    if (group.Open(groups.Blob(2))) {
      group_sizes[{groups.Int(0), groups.Int(1)}] = group.size();
    } else {
      ++bad_groups;
    }
  }
  if (bad_groups > 0) damage.push_back(absl::StrCat(bad_groups, " record groups that do not decompress"));
  Statement refs(db_, "SELECT batch, record_group, record_index FROM articles WHERE record_group IS NOT NULL");
  uint64_t unresolved = 0;
  while (refs.Step() == SQLITE_ROW) {
    const auto it = group_sizes.find({refs.Int(0), refs.Int(1)});
    unresolved += it == group_sizes.end() || refs.IsNull(2) || refs.Int(2) < 0 ||
                  static_cast<uint64_t>(refs.Int(2)) >= it->second;
  }
  if (unresolved > 0) damage.push_back(absl::StrCat(unresolved, " articles whose record is in no intact group"));
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
