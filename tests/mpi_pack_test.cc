// The distributed path's messages and shard plan (src/mpi/pack.h, shard.h):
// every field survives pack and unpack, and the units of a file read every
// line exactly once with the right line numbers. No MPI needed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "mpi/pack.h"
#include "mpi/shard.h"

namespace wiretrace::mpi {
namespace {

internal::DocState SampleDoc() {
  internal::DocState doc;
  doc.id = "a-1";
  doc.id_is_number = true;
  doc.published = {1645776000, Timestamp::Precision::kDateTime};
  doc.length = 1234;
  doc.shingles = {9, 3, 7};
  doc.words = {5, 5, 1};
  doc.figure_tokens = {{2, 99}, {4, 100}};
  doc.page.lines = {{11, 12, 0}, {13, 0, 5}};
  doc.page.dated_leads = {{0, 77}};
  doc.page.labelled_headlines = {{1, 88}};
  doc.page.title = 42;
  doc.page.lookback = 3;
  doc.file = 2;
  doc.problems_before = 4;
  doc.line = 1ull << 40;
  return doc;
}

TEST(MpiPackTest, DocumentRoundTrips) {
  std::string bytes;
  ByteWriter w(&bytes);
  PackDocument(SampleDoc(), "Reuters", &w);
  ByteReader r(bytes);
  std::string source;
  const internal::DocState got = UnpackDocument(&r, &source);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.done());
  const internal::DocState want = SampleDoc();
  EXPECT_EQ(source, "Reuters");
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.id_is_number, want.id_is_number);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.length, want.length);
  EXPECT_EQ(got.shingles, want.shingles);
  EXPECT_EQ(got.words, want.words);
  ASSERT_EQ(got.figure_tokens.size(), 2u);
  EXPECT_EQ(got.figure_tokens[1].hash, 100u);
  ASSERT_EQ(got.page.lines.size(), 2u);
  EXPECT_EQ(got.page.lines[1].first_token, 5u);
  EXPECT_EQ(got.page.dated_leads[0].hash, 77u);
  EXPECT_EQ(got.page.labelled_headlines[0].line, 1u);
  EXPECT_EQ(got.page.title, 42u);
  EXPECT_EQ(got.page.lookback, 3);
  EXPECT_EQ(got.file, 2u);
  EXPECT_EQ(got.problems_before, 4u);
  EXPECT_EQ(got.line, 1ull << 40);
}

TEST(MpiPackTest, ProblemKeepsEveryFlag) {
  for (int flags = 0; flags < 8; ++flags) {
    InputProblem p{"f.jsonl", 7, "bad", (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0};
    std::string bytes;
    ByteWriter w(&bytes);
    PackProblem(p, &w);
    ByteReader r(bytes);
    const InputProblem got = UnpackProblem(&r);
    ASSERT_TRUE(r.ok() && r.done());
    EXPECT_EQ(got.file, p.file);
    EXPECT_EQ(got.line, p.line);
    EXPECT_EQ(got.message, p.message);
    EXPECT_EQ(got.record_skipped, p.record_skipped);
    EXPECT_EQ(got.input_failure, p.input_failure);
    EXPECT_EQ(got.schema, p.schema);
  }
}

TEST(MpiPackTest, UnitsFollowEachOtherInOneBuffer) {
  std::string bytes;
  for (uint32_t u = 0; u < 3; ++u) {
    UnitResult unit;
    unit.unit = u;
    unit.newlines = 10 + u;
    unit.bytes_read = 100 + u;
    unit.files = {"x.jsonl"};
    unit.problems = {{"x.jsonl", u + 1, "warn", false}};
    unit.docs = {SampleDoc(), SampleDoc()};
    unit.sources = {"", "AP"};
    PackUnit(unit, &bytes);
  }
  ByteReader r(bytes);
  for (uint32_t u = 0; u < 3; ++u) {
    UnitResult unit;
    ASSERT_TRUE(UnpackUnit(&r, &unit));
    EXPECT_EQ(unit.unit, u);
    EXPECT_EQ(unit.newlines, 10 + u);
    EXPECT_EQ(unit.bytes_read, 100 + u);
    EXPECT_EQ(unit.files, std::vector<std::string>{"x.jsonl"});
    ASSERT_EQ(unit.problems.size(), 1u);
    EXPECT_EQ(unit.problems[0].line, u + 1);
    ASSERT_EQ(unit.docs.size(), 2u);
    EXPECT_EQ(unit.sources[1], "AP");
  }
  EXPECT_TRUE(r.done());
}

TEST(MpiPackTest, TruncatedMessageIsNotOk) {
  std::string bytes;
  ByteWriter w(&bytes);
  PackDocument(SampleDoc(), "Reuters", &w);
  for (size_t cut : {size_t{0}, size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    ByteReader r(std::string_view(bytes).substr(0, cut));
    std::string source;
    UnpackDocument(&r, &source);
    EXPECT_FALSE(r.ok()) << cut;
  }
}

TEST(MpiPackTest, PlanRoundTrips) {
  const std::vector<ShardUnit> units = {{"a.jsonl", 0, 0, 0, 10, true}, {"b.gz", 1, 3, 0, 99, false}};
  std::string bytes;
  PackPlan(units, &bytes);
  std::vector<ShardUnit> got;
  ASSERT_TRUE(UnpackPlan(bytes, &got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].path, "b.gz");
  EXPECT_EQ(got[1].rank, 3);
  EXPECT_EQ(got[1].end, 99u);
  EXPECT_FALSE(got[1].split);
  EXPECT_TRUE(got[0].split);
}

class ShardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("wiretrace_shard_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(ShardTest, UnitsReadEveryLineOnceAtAnyCut) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "{\"id\":" + std::to_string(i) + ",\"text\":\"" + std::string(i % 7, 'x') + "\"}\n";
  text += "\n{\"id\":\"last\"}";  // a blank line and no final newline
  const std::string path = Write("a.jsonl", text);
  ASSERT_TRUE(IsSplittable(path));
  for (int ranks : {1, 2, 3, 4, 7}) {
    for (uint64_t max_unit : {uint64_t{1}, uint64_t{13}, uint64_t{1} << 20}) {
      const std::vector<ShardUnit> units = PlanShards({path}, ranks, max_unit);
      std::string joined;
      uint64_t lines = 0;
      int last_rank = 0;
      for (const ShardUnit& u : units) {
        EXPECT_GE(u.rank, last_rank);  // ranks take consecutive shares
        last_rank = u.rank;
        uint64_t newlines = 0;
        absl::StatusOr<std::string> bytes = ReadAlignedRange(path, u.begin, u.end, &newlines);
        ASSERT_TRUE(bytes.ok());
        joined += *bytes;
        lines += newlines;
      }
      EXPECT_EQ(joined, text) << ranks << " " << max_unit;
      EXPECT_EQ(lines, 51u);
      EXPECT_LT(last_rank, ranks);
    }
  }
}

TEST_F(ShardTest, OnlyPlainJsonLinesAreSplit) {
  EXPECT_TRUE(IsSplittable(Write("b.jsonl", "\xEF\xBB\xBF  {\"id\":1}\n")));
  EXPECT_FALSE(IsSplittable(Write("c.jsonl.gz", "\x1f\x8b\x08\x00junk")));
  EXPECT_FALSE(IsSplittable(Write("d.jsonl", std::string("\x28\xb5\x2f\xfd", 4) + "junk")));
  EXPECT_FALSE(IsSplittable(Write("e.csv", "{id,text\n")));
  EXPECT_FALSE(IsSplittable(Write("f.jsonl", "[{\"id\":1}]\n")));
  EXPECT_FALSE(IsSplittable((dir_ / "missing.jsonl").string()));
  EXPECT_FALSE(IsSplittable("-"));
  const std::vector<ShardUnit> units = PlanShards({"-", (dir_ / "missing.jsonl").string()}, 4, 1 << 20);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].rank, 0);
  EXPECT_FALSE(units[1].split);
}

}  // namespace
}  // namespace wiretrace::mpi
