// Store: the SQLite file behind `wiretrace dedupe`, through its C++ API.
#include "wiretrace/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sqlite3.h>

#include <filesystem>
#include <string>

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
  auto recent = (*store)->RecentRecords("S", 1);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
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
// adds the column (empty for what it holds) and a reader refuses it by name.
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
  {  // What a version-2 store looked like: no figures column.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "ALTER TABLE articles DROP COLUMN figures; "
                           "UPDATE meta SET value='2' WHERE key='schema_version'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  StoreOptions reader;
  reader.read_only = true;
  absl::Status refused = Store::Open(path_, reader).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("schema version 2"), std::string::npos) << refused;
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
