// Store: the SQLite file behind `wiretrace dedupe`, through its C++ API.
#include "wiretrace/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "internal/set_coding.h"
#include "internal/store_records.h"
#include "internal/store_sql.h"
#include "internal/stored_side.h"
#include "test_articles.h"
#include "wiretrace/engine.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("wiretrace_store_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    Remove();
  }
  void TearDown() override { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  static NewBatch Batch(const std::string& digest, int64_t newest, std::vector<std::string> ids) {
    NewBatch b;
    b.digest = digest;
    b.newest = newest;
    b.records = ids.size();
    b.kept = ids.size();
    b.outputs.duplicates = "{\"id\":\"x\"}\n";
    int64_t cluster = 0;
    for (const std::string& id : ids) {
      NewArticle n;
      n.article.id = id;
      n.article.cluster = cluster++;
      n.article.published = {newest, Timestamp::Precision::kDateTime};
      n.article.expires_from = newest;
      n.article.source = "S";
      n.article.shingles = {1, 2, 3, static_cast<uint32_t>(cluster) << 20};
      n.article.words = {7};
      n.article.word_count = 9;
      n.band_keys = {static_cast<uint32_t>(cluster), 1000};
      n.record = "{\"id\":\"" + id + "\",\"source\":\"S\",\"text\":\"t\"}";
      b.articles.push_back(std::move(n));
    }
    b.next_cluster = cluster;
    return b;
  }

  // "id0" .. "id<n-1>".
  static std::vector<std::string> Ids(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("id" + std::to_string(i));
    return ids;
  }
  // A new store of one batch ("d1") of Ids(n).
  void CommitIds(int n) {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->CommitBatch(Batch("d1", 86400 * 100, Ids(n))).ok());
  }

  // Makes the store look like one of version 4: each record its own zstd
  // frame in articles.record, no groups.
  void UngroupRecords(sqlite3* db) {
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT a.row, a.record_index, g.records FROM articles a JOIN record_groups g "
                                 "ON g.batch = a.batch AND g.grp = a.record_group",
                                 -1, &q, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    std::vector<std::pair<int64_t, std::string>> frames;
    while (sqlite3_step(q) == SQLITE_ROW) {
      internal::RecordGroup group;
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(q, 2));
      ASSERT_TRUE(group.Open(std::string_view(blob, static_cast<size_t>(sqlite3_column_bytes(q, 2)))));
      const auto index = static_cast<size_t>(sqlite3_column_int64(q, 1));
      ASSERT_LT(index, group.size());
      frames.emplace_back(sqlite3_column_int64(q, 0), internal::Compress(group.record(index)));
    }
    sqlite3_finalize(q);
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE articles SET record=? WHERE row=?", -1, &q, nullptr), SQLITE_OK);
    for (const auto& [row, frame] : frames) {
      sqlite3_reset(q);
      sqlite3_bind_blob(q, 1, frame.data(), static_cast<int>(frame.size()), SQLITE_STATIC);
      sqlite3_bind_int64(q, 2, row);
      ASSERT_EQ(sqlite3_step(q), SQLITE_DONE);
    }
    sqlite3_finalize(q);
    ASSERT_EQ(sqlite3_exec(db,
                           "ALTER TABLE articles DROP COLUMN record_group; ALTER TABLE articles DROP COLUMN record_index; "
                           "DROP TABLE record_groups",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
  }
  // Makes the store's sets look like those of version 5 and before: each
  // a little-endian uint32 array, no sets_coded column.
  void UncodeSets(sqlite3* db) {
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT row, shingles, words FROM articles WHERE sets_coded = 1", -1, &q, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    std::vector<std::tuple<int64_t, std::string, std::string>> rows;
    while (sqlite3_step(q) == SQLITE_ROW) {
      std::string packed[2];
      for (int c = 0; c < 2; ++c) {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(q, 1 + c));
        std::vector<uint32_t> set;
        ASSERT_TRUE(internal::DecodeSet(std::string_view(blob, static_cast<size_t>(sqlite3_column_bytes(q, 1 + c))),
                                        &set));
        packed[c] = internal::PackSet(set);
      }
      rows.emplace_back(sqlite3_column_int64(q, 0), packed[0], packed[1]);
    }
    sqlite3_finalize(q);
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE articles SET shingles=?, words=? WHERE row=?", -1, &q, nullptr),
              SQLITE_OK);
    for (const auto& [row, shingles, words] : rows) {
      sqlite3_reset(q);
      // zeroblob(0) for an empty array: a null pointer would bind NULL.
      for (int c = 0; c < 2; ++c) {
        const std::string& set = c == 0 ? shingles : words;
        if (set.empty()) {
          sqlite3_bind_zeroblob(q, 1 + c, 0);
        } else {
          sqlite3_bind_blob(q, 1 + c, set.data(), static_cast<int>(set.size()), SQLITE_STATIC);
        }
      }
      sqlite3_bind_int64(q, 3, row);
      ASSERT_EQ(sqlite3_step(q), SQLITE_DONE) << sqlite3_errmsg(db);
    }
    sqlite3_finalize(q);
    ASSERT_EQ(sqlite3_exec(db, "ALTER TABLE articles DROP COLUMN sets_coded", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
  }
  // Makes the store look like one of an older schema: its sets uncoded
  // (version 5), its records ungrouped (version 4 and before), then `sql`
  // undoes what came after `version`, and meta says `version`.
  void Downgrade(const std::string& sql, int version) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    UncodeSets(db);
    if (version <= 4) UngroupRecords(db);
    const std::string all = (sql.empty() ? "" : sql + "; ") + "UPDATE meta SET value='" + std::to_string(version) + "' WHERE key='schema_version'";
    ASSERT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  // A reader does not migrate: it refuses the older version by name.
  void ExpectReaderRefuses(int version) {
    StoreOptions reader;
    reader.read_only = true;
    absl::Status refused = Store::Open(path_, reader).status();
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(refused.message().find("schema version " + std::to_string(version)), std::string::npos) << refused;
    EXPECT_NE(refused.message().find("the next `wiretrace dedupe` on it migrates it"), std::string::npos) << refused;
  }

  std::string path_;
};

TEST_F(StoreTest, CommitsLoadsAndFindsCandidates) {
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->CheckParameters({{"--slots", "128"}}).ok());
    ASSERT_TRUE((*store)->CommitBatch(Batch("d1", 86400 * 100, {"a", "b"})).ok());
  }
  auto store = Store::Open(path_, {});
  ASSERT_TRUE(store.ok()) << store.status();
  absl::Status mismatch = (*store)->CheckParameters({{"--slots", "64"}});
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(mismatch.message().find("--slots 128"), std::string::npos) << mismatch;
  EXPECT_EQ(*(*store)->NextBatch(), 2);
  EXPECT_EQ(*(*store)->NextCluster(), 2);
  const std::vector<std::vector<uint32_t>> keys = {{1000}, {2, 5}};
  absl::StatusOr<std::vector<std::vector<int64_t>>> found = (*store)->Candidates(keys);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[1].size(), 1u);  // "b" has band key 2
  const std::vector<int64_t>& rows = (*found)[0];
  ASSERT_EQ(rows.size(), 2u);
  absl::StatusOr<std::vector<StoredArticle>> loaded = (*store)->Load(rows);
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[1].id, "b");
  EXPECT_EQ((*loaded)[1].shingles, (std::vector<uint32_t>{1, 2, 3, 2u << 20}));
  EXPECT_EQ((*loaded)[1].word_count, 9u);
  EXPECT_EQ((*loaded)[1].batch, 1);
  auto recent = (*store)->RecentRecords("S", 0, 1);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
  auto later = (*store)->RecentRecords("S", 86400 * 100 + 1, 1);  // both published before that window
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->empty());
  auto batch = (*store)->FindBatch("d1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->second.duplicates, "{\"id\":\"x\"}\n");
  EXPECT_TRUE((*store)->Check().ok());
}

TEST_F(StoreTest, UncommittedBatchLeavesNothingAndWindowExpires) {
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->CommitBatch(Batch("d1", 86400 * 100, {"a"})).ok());
  }
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->CheckParameters({{"--slots", "128"}}).ok());
    // Destroyed without CommitBatch: rolled back.
  }
  StoreOptions reader;
  reader.read_only = true;
  {
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok());
    auto stats = (*store)->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->articles, 1u);
    EXPECT_TRUE(stats->parameters.empty());
  }
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok());
    NewBatch later = Batch("d2", 86400 * 110, {"c"});
    later.window_days = 7;
    ASSERT_TRUE((*store)->CommitBatch(later).ok());
  }
  auto store = Store::Open(path_, reader);
  ASSERT_TRUE(store.ok());
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 1u);  // "a" left the window
  EXPECT_EQ(stats->batches, 2u);
  auto expired = (*store)->FindBatch("d1");
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*store)->Check().ok());
}

TEST_F(StoreTest, OneWriterAtATimeReadersNeverWait) {
  auto first = Store::Open(path_, {});
  ASSERT_TRUE(first.ok());
  auto second = Store::Open(path_, {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find(path_), std::string::npos);
  StoreOptions reader;
  reader.read_only = true;
  auto read = Store::Open(path_, reader);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE((*read)->Stats().ok());
}

// Version 3 keeps each article's figures; a writer opening a version-2 store
// adds the column (empty for what it holds) and, for version 4, the word
// frequencies; a reader refuses it by name.
TEST_F(StoreTest, KeepsFiguresAndMigratesAVersionTwoStore) {
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    NewBatch b = Batch("d1", 86400 * 100, {"a"});
    b.articles[0].article.figures = {11, 42};
    ASSERT_TRUE((*store)->CommitBatch(std::move(b)).ok());
    auto loaded = (*store)->Load(std::vector<int64_t>{1});
    ASSERT_TRUE(loaded.ok() && loaded->size() == 1u);
    EXPECT_EQ((*loaded)[0].figures, (std::vector<uint32_t>{11, 42}));
  }
  // What a version-2 store looked like: no figures column (nor version 4's table).
  Downgrade("ALTER TABLE articles DROP COLUMN figures; DROP TABLE word_frequencies", 2);
  ExpectReaderRefuses(2);
  StoreOptions reader;
  reader.read_only = true;
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    auto loaded = (*store)->Load(std::vector<int64_t>{1});
    ASSERT_TRUE(loaded.ok() && loaded->size() == 1u) << loaded.status();
    EXPECT_TRUE((*loaded)[0].figures.empty());
    ASSERT_TRUE((*store)->CommitBatch(Batch("d2", 86400 * 101, {"b"})).ok());
    EXPECT_TRUE((*store)->Check().ok());
  }
  auto stats = Store::Open(path_, reader);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

// Version 4 keeps each batch's content-word document frequencies, added up
// over the window and gone with its last article; a writer opening a
// version-3 store adds the table (empty for the batches it holds) and a
// reader refuses it by name.
TEST_F(StoreTest, KeepsWordFrequenciesPerBatchAndMigratesAVersionThreeStore) {
  const int64_t day = 86400;
  // A writer's batch of one article, published on `days`, with these frequencies.
  auto commit = [&](const std::string& digest, int64_t days, uint64_t documents, std::vector<uint64_t> counts) {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    NewBatch b = Batch(digest, day * days, {digest + "-article"});
    b.has_word_frequencies = true;
    b.word_frequencies.documents = documents;
    b.word_frequencies.counts = std::move(counts);
    b.words_expire_last = day * days;
    ASSERT_TRUE((*store)->CommitBatch(std::move(b)).ok());
  };
  commit("d1", 100, 10, {uint64_t{5} << 32 | 3, uint64_t{9} << 32 | 1});
  commit("d2", 103, 20, {uint64_t{5} << 32 | 4, uint64_t{7} << 32 | 2});
  {
    StoreOptions reader;
    reader.read_only = true;
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok()) << store.status();
    auto both = (*store)->WindowWordFrequencies(day * 99, 6);
    ASSERT_TRUE(both.ok()) << both.status();
    EXPECT_EQ(both->documents, 30u);
    EXPECT_EQ(both->counts, (std::vector<uint64_t>{uint64_t{5} << 32 | 6, uint64_t{7} << 32 | 2, uint64_t{9} << 32 | 1}));
    auto later = (*store)->WindowWordFrequencies(day * 101, 6);  // batch 1 is out of this window
    ASSERT_TRUE(later.ok()) << later.status();
    EXPECT_EQ(later->documents, 20u);
    EXPECT_TRUE((*store)->Check().ok());
  }
  {  // A batch 8 days after the first: batch 1's frequencies leave with its article.
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    NewBatch b = Batch("d3", day * 108, {"c"});
    b.window_days = 7;
    ASSERT_TRUE((*store)->CommitBatch(std::move(b)).ok());
  }
  {  // Batch 2's frequencies are left.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT group_concat(batch) FROM word_frequencies", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "2");
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  Downgrade("DROP TABLE word_frequencies", 3);  // what a version-3 store looked like
  ExpectReaderRefuses(3);
  StoreOptions reader;
  reader.read_only = true;
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    auto none = (*store)->WindowWordFrequencies(0, 6);
    ASSERT_TRUE(none.ok()) << none.status();
    EXPECT_EQ(none->documents, 0u);
  }
  commit("d4", 109, 5, {uint64_t{1} << 32 | 1});
  auto migrated = Store::Open(path_, reader);
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  EXPECT_TRUE((*migrated)->Check().ok());
  auto stats = (*migrated)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->schema_version, kStoreSchemaVersion);
  EXPECT_EQ(stats->word_frequency_batches, 1u);
}

// StageBatch writes into the open transaction only: a store dropped (or a
// process killed) before Commit is the store it was, and a staged batch
// commits once.
TEST_F(StoreTest, AStagedBatchCountsOnlyOnceCommitted) {
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->Commit().code(), absl::StatusCode::kFailedPrecondition);  // nothing staged
    ASSERT_TRUE((*store)->StageBatch(Batch("d1", 86400 * 100, {"a", "b"})).ok());
    EXPECT_FALSE((*store)->StageBatch(Batch("d2", 86400 * 100, {"c"})).ok());  // once per Store
  }
  StoreOptions reader;
  reader.read_only = true;
  {
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok()) << store.status();
    auto stats = (*store)->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->articles, 0u);
    EXPECT_EQ(stats->batches, 0u);
  }
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->StageBatch(Batch("d1", 86400 * 100, {"a", "b"})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
    EXPECT_FALSE((*store)->Commit().ok());
  }
  auto store = Store::Open(path_, reader);
  ASSERT_TRUE(store.ok()) << store.status();
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 2u);
  auto records = (*store)->RecentRecords("S", 0, 2);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);  // compressed in the pipeline, read back whole
  EXPECT_EQ((*records)[0], "{\"id\":\"b\",\"source\":\"S\",\"text\":\"t\"}");
  EXPECT_TRUE((*store)->Check().ok());
  // A new store has 16 KB pages (a stored article is about 4 kB).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &q, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 16384);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

// Many articles, more than one step of the commit's pipeline: every record
// lands on its own row.
TEST_F(StoreTest, APipelinedCommitKeepsEachRecordWithItsArticle) {
  CommitIds(300);
  StoreOptions reader;
  reader.read_only = true;
  auto store = Store::Open(path_, reader);
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<int64_t> rows;
  for (int64_t r = 1; r <= 300; ++r) rows.push_back(r);
  auto loaded = (*store)->Load(rows);
  auto records = (*store)->Records(rows);
  ASSERT_TRUE(loaded.ok() && records.ok());
  ASSERT_EQ(loaded->size(), 300u);
  for (size_t i = 0; i < 300; ++i) {
    EXPECT_NE((*records)[i].find("\"id\":\"" + (*loaded)[i].id + "\""), std::string::npos) << i;
  }
}

// A count from the store's file, outside the API.
int64_t CountOf(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &q, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  const int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

// A group packs its records' lengths and bytes into one frame; any damage
// to the frame is found when it is opened.
TEST(StoreRecordGroupTest, RecordsRoundTripAndDamageIsFound) {
  const std::vector<std::string> records = {"{\"id\":1}", "", std::string(100000, 'x') + std::string(3, '\0'),
                                            "{\"text\":\"\xc3\xa9\"}"};
  std::vector<std::string_view> views(records.begin(), records.end());
  const std::string frame = internal::CompressGroup(views);
  ASSERT_FALSE(frame.empty());
  EXPECT_LT(frame.size(), 2000u);
  internal::RecordGroup group;
  ASSERT_TRUE(group.Open(frame));
  ASSERT_EQ(group.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(group.record(i), records[i]) << i;
  ASSERT_TRUE(group.Open(internal::CompressGroup({})));
  EXPECT_EQ(group.size(), 0u);
  EXPECT_FALSE(group.Open(frame.substr(0, frame.size() / 2)));  // cut short
  EXPECT_FALSE(group.Open("not a frame"));
  EXPECT_FALSE(group.Open(internal::Compress("\x05\x00\x00\x00")));  // five records, no lengths
  EXPECT_FALSE(group.Open(internal::Compress(std::string("\x01\x00\x00\x00\x09\x00\x00\x00" "abc", 11))));
  EXPECT_FALSE(group.Open(internal::Compress(std::string("\x01\x00\x00\x00\x01\x00\x00\x00" "abc", 11))));
}

// Version 5 compresses the kept records 64 to a frame (record_groups); each
// is still read alone, and a batch's groups leave with its last article. A
// writer opening a version-4 store (one frame per record) reads those
// frames and writes its own batches in groups; a reader refuses it by name.
TEST_F(StoreTest, KeepsRecordsInGroupsAndMigratesAVersionFourStore) {
  const int64_t day = 86400;
  NewBatch first = Batch("d1", day * 100, Ids(150));
  for (size_t i = 0; i < first.articles.size(); i += 3) first.articles[i].record.clear();  // 100 records left
  std::vector<std::string> expected;
  for (const NewArticle& n : first.articles) expected.push_back(n.record);
  std::vector<int64_t> rows;
  for (int64_t r = 1; r <= 150; ++r) rows.push_back(r);
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->CommitBatch(first).ok());
  }
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM record_groups"), 2);
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM articles WHERE record IS NOT NULL"), 0);
  StoreOptions reader;
  reader.read_only = true;
  auto read_back = [&](std::vector<int64_t> wanted, const std::vector<std::string>& want) {
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok()) << store.status();
    auto records = (*store)->Records(wanted);
    ASSERT_TRUE(records.ok()) << records.status();
    EXPECT_EQ(*records, want);
    auto one = (*store)->Records(std::vector<int64_t>{wanted.back()});  // alone, from its group
    ASSERT_TRUE(one.ok()) << one.status();
    EXPECT_EQ((*one)[0], want.back());
    EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check();
  };
  read_back(rows, expected);
  {
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok());
    auto recent = (*store)->RecentRecords("S", 0, 3);
    ASSERT_TRUE(recent.ok()) << recent.status();
    EXPECT_EQ(*recent, (std::vector<std::string>{expected[149], expected[148], expected[146]}));
    auto stats = (*store)->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->articles_with_text, 100u);
    EXPECT_GT(stats->text_bytes, 0u);
  }
  Downgrade("", 4);
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM articles WHERE record IS NOT NULL"), 100);
  ExpectReaderRefuses(4);
  {
    auto store = Store::Open(path_, {});  // migrates
    ASSERT_TRUE(store.ok()) << store.status();
    auto records = (*store)->Records(rows);
    ASSERT_TRUE(records.ok()) << records.status();
    EXPECT_EQ(*records, expected);
    NewBatch second = Batch("d2", day * 101, {"n1", "n2"});
    for (NewArticle& n : second.articles) n.article.cluster += 150;
    second.next_cluster += 150;
    ASSERT_TRUE((*store)->CommitBatch(second).ok());
  }
  rows.push_back(151);
  expected.push_back("{\"id\":\"n1\",\"source\":\"S\",\"text\":\"t\"}");
  read_back(rows, expected);  // version-4 frames and a version-5 group, in one call
  {
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->Stats()->schema_version, kStoreSchemaVersion);
    EXPECT_EQ((*store)->Stats()->articles_with_text, 102u);
  }
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM record_groups"), 1);
  {  // Nine days on: batch 1 leaves, then batch 2 with its group.
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok());
    NewBatch later = Batch("d3", day * 109, {"z"});
    later.articles[0].article.cluster = 152;
    later.next_cluster = 153;
    later.window_days = 7;
    ASSERT_TRUE((*store)->CommitBatch(later).ok());
  }
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM record_groups"), 1);
  EXPECT_EQ(CountOf(path_, "SELECT min(batch) FROM record_groups"), 3);
}

// Version 6 codes an article's shingles and words (internal/set_coding.h):
// a set of 600 uniform hashes takes about 3 bytes a member, not 4, and loads
// back as it was. A writer opening a version-5 store reads its arrays as
// they are and codes only what it writes; a reader refuses it by name; a
// damaged set is found by `store check` and refused by Load.
TEST_F(StoreTest, CodesSetsAndMigratesAVersionFiveStore) {
  const int64_t day = 86400;
  std::mt19937 random(6);
  auto with_sets = [&](NewBatch batch) {
    for (NewArticle& n : batch.articles) {
      std::vector<uint32_t> shingles(600);
      for (uint32_t& h : shingles) h = static_cast<uint32_t>(random());
      std::sort(shingles.begin(), shingles.end());
      shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
      n.article.shingles = std::move(shingles);
      n.article.words = {3, 90, 70000, 4000000000u};
      n.article.word_positions = {5, 1, 2, 40};
    }
    return batch;
  };
  const NewBatch first = with_sets(Batch("d1", day * 100, Ids(20)));
  const NewBatch second = with_sets(Batch("d2", day * 101, {"n1", "n2"}));
  auto expect_loads = [&](const std::vector<const NewBatch*>& batches) {
    StoreOptions reader;
    reader.read_only = true;
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok()) << store.status();
    std::vector<int64_t> rows;
    std::vector<const StoredArticle*> want;
    for (const NewBatch* b : batches) {
      for (const NewArticle& n : b->articles) {
        rows.push_back(static_cast<int64_t>(rows.size()) + 1);
        want.push_back(&n.article);
      }
    }
    auto loaded = (*store)->Load(rows);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    ASSERT_EQ(loaded->size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ((*loaded)[i].shingles, want[i]->shingles) << i;
      EXPECT_EQ((*loaded)[i].words, want[i]->words) << i;
      EXPECT_EQ((*loaded)[i].word_positions, want[i]->word_positions) << i;
    }
    EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check();
  };
  {
    auto store = Store::Open(path_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->CommitBatch(first).ok());
  }
  size_t members = 0;
  for (const NewArticle& n : first.articles) members += n.article.shingles.size();
  const int64_t coded = CountOf(path_, "SELECT sum(length(shingles)) FROM articles");
  EXPECT_LT(coded, static_cast<int64_t>(members * 31 / 10));
  EXPECT_GT(coded, static_cast<int64_t>(members * 3));  // 24 bits a member is the floor
  expect_loads({&first});

  Downgrade("", 5);
  EXPECT_EQ(CountOf(path_, "SELECT sum(length(shingles)) FROM articles"), static_cast<int64_t>(4 * members));
  ExpectReaderRefuses(5);
  {
    auto store = Store::Open(path_, {});  // migrates
    ASSERT_TRUE(store.ok()) << store.status();
    NewBatch next = second;
    for (NewArticle& n : next.articles) n.article.cluster += 20;
    next.next_cluster += 20;
    ASSERT_TRUE((*store)->CommitBatch(next).ok());
  }
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM articles WHERE sets_coded = 0"), 20);
  EXPECT_EQ(CountOf(path_, "SELECT count(*) FROM articles WHERE sets_coded = 1"), 2);
  expect_loads({&first, &second});  // version-5 arrays and version-6 codes, in one call

  {  // A coded set cut short: found, and not loaded.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE articles SET shingles = substr(shingles, 1, 100) WHERE row = 21", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    StoreOptions reader;
    reader.read_only = true;
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok());
    absl::Status check = (*store)->Check();
    EXPECT_EQ(check.code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(check.message().find("1 articles with damaged sets"), std::string::npos) << check;
    EXPECT_EQ((*store)->Load(std::vector<int64_t>{21}).status().code(), absl::StatusCode::kDataLoss);
  }
}

// `store check` decompresses every group and resolves every article's
// reference to one.
TEST_F(StoreTest, CheckFindsADamagedOrMissingRecordGroup) {
  CommitIds(100);
  auto check = [&]() {
    StoreOptions reader;
    reader.read_only = true;
    auto store = Store::Open(path_, reader);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? (*store)->Check() : store.status();
  };
  ASSERT_TRUE(check().ok());
  auto exec = [&](const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  };
  exec("UPDATE record_groups SET records = substr(records, 1, length(records) - 9) WHERE grp = 1");
  absl::Status damaged = check();
  EXPECT_EQ(damaged.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(damaged.message().find("1 record groups that do not decompress"), std::string::npos) << damaged;
  EXPECT_NE(damaged.message().find("36 articles whose record is in no intact group"), std::string::npos) << damaged;
  {
    StoreOptions reader;
    reader.read_only = true;
    auto store = Store::Open(path_, reader);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->Records(std::vector<int64_t>{100}).status().code(), absl::StatusCode::kDataLoss);
    EXPECT_TRUE((*store)->Records(std::vector<int64_t>{1}).ok());  // group 0 is whole
  }
  exec("DELETE FROM record_groups WHERE grp = 1; UPDATE articles SET record_index = 64 WHERE row = 1");
  damaged = check();
  EXPECT_EQ(damaged.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(damaged.message().find("do not decompress"), std::string::npos) << damaged;
  EXPECT_NE(damaged.message().find("37 articles whose record is in no intact group"), std::string::npos) << damaged;
}

// Dedupe looks tonight up in the store with the band keys of the engine's
// candidates stage (ClusterRun::band_keys): they must be the keys the store
// indexes, those of each document's final shingle set (BandKeys), and none
// for a document with nothing to compare.
TEST(StoreBandKeysTest, TheEnginesBandKeysAreThoseOfEachSet) {
  const std::string path = test::WriteArticles({
      {"wire", "Wire Agency", "2024-06-03T09:00:00Z", test::kAgencyStory},
      {"paper", "Daily Paper", "2024-06-04", test::kAgencyRewrite},
      {"empty", "Daily Paper", "2024-06-04", ""},
      {"copy", "Other Paper", "2024-06-04", test::kAgencyStory},
  });
  EngineOptions options;
  options.threads = 2;
  options.keep_articles = true;
  options.keep_for_matching = true;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->band_keys.size(), run->shingle_sets.size());
  const LshParams lsh =
      ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  std::vector<uint32_t> signature;
  for (size_t d = 0; d < run->band_keys.size(); ++d) {
    EXPECT_EQ(run->band_keys[d], internal::BandKeys(run->shingle_sets[d], options, lsh, &signature)) << d;
  }
  EXPECT_EQ(run->band_keys[0].size(), static_cast<size_t>(lsh.bands));
  EXPECT_TRUE(run->band_keys[2].empty());           // nothing to compare
  EXPECT_EQ(run->band_keys[0], run->band_keys[3]);  // the same text, the same keys
  // Kept only for matching: provenance without a store keeps the articles
  // and sets but neither the keys nor the shingle order.
  options.keep_for_matching = false;
  run = RunCluster({path}, options);
  std::filesystem::remove(path);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->shingle_sets.size(), 4u);
  EXPECT_TRUE(run->band_keys.empty());
  EXPECT_TRUE(run->shingle_sequences.empty());
  options.keep_articles = false;
  options.keep_for_matching = true;
  EXPECT_EQ(RunCluster({"unused.jsonl"}, options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, RefusesWhatIsNotAStore) {
  { std::FILE* f = std::fopen(path_.c_str(), "w"); std::fputs("not a database at all, just text\n", f); std::fclose(f); }
  auto store = Store::Open(path_, {});
  EXPECT_FALSE(store.ok());
  StoreOptions reader;
  reader.read_only = true;
  EXPECT_EQ(Store::Open(path_ + ".missing", reader).status().code(), absl::StatusCode::kNotFound);
  StoreOptions bad;
  bad.lock_timeout_seconds = -1;
  EXPECT_EQ(Store::Open(path_, bad).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wiretrace
