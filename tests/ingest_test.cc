#include "wiretrace/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "wiretrace/article.h"

namespace wiretrace {

// Readable failure messages (found by argument-dependent lookup).
void PrintTo(const InputProblem& problem, std::ostream* os) {
  *os << problem.file << ":" << problem.line << ": " << problem.message
      << (problem.record_skipped ? "" : " (warning)");
}

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

std::string Gzip(std::string_view data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// With a content checksum, as `zstd` writes by default, so that corruption is
// always detectable.
std::string Zstd(std::string_view data) {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress2(context, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(context);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

// A per-test scratch directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::path(::testing::TempDir()) / "ingest_test.XXXXXX").string();
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    // Restore permissions changed by a test so that removal succeeds.
    for (auto it = fs::recursive_directory_iterator(path_, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::remove_all(path_, ignored);
  }

  std::string Write(const std::string& name, std::string_view content) const {
    const fs::path path = path_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    EXPECT_TRUE(out.good()) << path;
    return path.string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

struct ReadRecord {
  std::string file;
  uint64_t line;
  std::string bytes;
  bool plain_text;
  std::string relative_path;
};

struct ReadResult {
  std::vector<ReadRecord> records;
  std::vector<InputProblem> problems;
  int batches = 0;
  size_t largest_buffer = 0;
  uint64_t bytes_read = 0;
};

// Reads every batch, checking the invariants every batch must keep.
ReadResult ReadAll(std::vector<std::string> inputs, const IngestOptions& options = {}) {
  ReadResult result;
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open(std::move(inputs), options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return result;
  RecordBatch batch;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->ReadBatch(&batch);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) {
      EXPECT_THAT(batch.records, IsEmpty());
      EXPECT_THAT(batch.problems, IsEmpty());
      break;
    }
    ++result.batches;
    EXPECT_TRUE(!batch.records.empty() || !batch.problems.empty()) << "an empty batch";
    result.largest_buffer = std::max(result.largest_buffer, batch.buffer.size());
    EXPECT_NE(batch.files, nullptr);
    for (size_t i = 0; i < batch.records.size(); ++i) {
      const RecordBatch::Record& r = batch.records[i];
      // Every record can be parsed in place.
      EXPECT_GE(batch.buffer.size(), r.offset + r.size + simdjson::SIMDJSON_PADDING);
      EXPECT_LT(r.file_index, batch.files->size());
      result.records.push_back(ReadRecord{(*batch.files)[r.file_index], r.line,
                                          std::string(batch.bytes(i)), r.plain_text,
                                          r.relative_path});
    }
    // These tests read raw records such as {"id":1}, which have no text
    // field: the schema warning that says so is tested in input_formats_test.
    for (const InputProblem& p : batch.problems) {
      if (!p.schema) result.problems.push_back(p);
    }
  }
  // Once done, always done.
  absl::StatusOr<bool> again = (*reader)->ReadBatch(&batch);
  EXPECT_TRUE(again.ok() && !*again);
  result.bytes_read = (*reader)->bytes_read();
  return result;
}

std::vector<std::string> Bytes(const ReadResult& result) {
  std::vector<std::string> out;
  for (const ReadRecord& r : result.records) out.push_back(r.bytes);
  return out;
}

std::vector<uint64_t> Lines(const ReadResult& result) {
  std::vector<uint64_t> out;
  for (const ReadRecord& r : result.records) out.push_back(r.line);
  return out;
}

// JSONL with `count` numbered records of a few hundred bytes each.
std::string NumberedJsonl(int count) {
  std::string out;
  for (int i = 1; i <= count; ++i) {
    absl::StrAppend(&out, "{\"id\":", i, ",\"text\":\"record ", i, " ", std::string(200, 'x'),
                    "\"}\n");
  }
  return out;
}

// ---------------------------------------------------------------------------
// Options and Open
// ---------------------------------------------------------------------------

TEST(IngestOptionsTest, Validate) {
  EXPECT_TRUE(IngestOptions{}.Validate().ok());
  IngestOptions options;
  options.id_field = "";
  EXPECT_EQ(options.Validate().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.text_field = "";
  EXPECT_EQ(options.Validate().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.title_field = "";  // optional fields may be switched off
  options.date_field = "";
  EXPECT_TRUE(options.Validate().ok());
  options.batch_bytes = (size_t{64} << 10) - 1;
  EXPECT_EQ(options.Validate().code(), absl::StatusCode::kInvalidArgument);
  options.batch_bytes = size_t{64} << 10;
  EXPECT_TRUE(options.Validate().ok());
  options.batch_bytes = size_t{1} << 30;
  EXPECT_TRUE(options.Validate().ok());
  options.batch_bytes = (size_t{1} << 30) + 1;
  EXPECT_EQ(options.Validate().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.title_field = "text";  // one key cannot be both title and text
  EXPECT_EQ(options.Validate().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(options.Validate().message()), HasSubstr("\"text\""));
  options.title_field = "";
  options.url_field = "";  // several switched-off fields are fine
  EXPECT_TRUE(options.Validate().ok());
}

TEST(RecordReaderTest, OpenFailsForNoInputsOrBadOptions) {
  EXPECT_EQ(RecordReader::Open({}, IngestOptions{}).status().code(),
            absl::StatusCode::kInvalidArgument);
  IngestOptions options;
  options.batch_bytes = 10;
  EXPECT_EQ(RecordReader::Open({"x.jsonl"}, options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------
// JSONL framing
// ---------------------------------------------------------------------------

TEST(RecordReaderTest, SplitsLinesAndCountsPhysicalLines) {
  TempDir dir;
  const std::string path = dir.Write("a.jsonl",
                                     "{\"id\":1}\n"
                                     "\n"                  // blank
                                     "{\"id\":2}\r\n"      // CRLF
                                     "   \t \r\n"          // whitespace only
                                     "\r\n"                // blank CRLF
                                     "{\"id\":3}\n"
                                     "{\"id\":4}");        // no final newline
  ReadResult result = ReadAll({path});
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_THAT(Bytes(result), ElementsAre("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"));
  EXPECT_THAT(Lines(result), ElementsAre(1, 3, 6, 7));
  for (const ReadRecord& r : result.records) {
    EXPECT_EQ(r.file, path);
    EXPECT_FALSE(r.plain_text);
  }
  EXPECT_EQ(result.bytes_read, fs::file_size(path));
}

TEST(RecordReaderTest, StripsBomAtFileStartOnly) {
  TempDir dir;
  const std::string path = dir.Write("bom.jsonl", "\xEF\xBB\xBF{\"id\":1}\r\n\xEF\xBB\xBF{\"id\":2}\n");
  ReadResult result = ReadAll({path});
  EXPECT_THAT(Bytes(result), ElementsAre("{\"id\":1}", "\xEF\xBB\xBF{\"id\":2}"));
}

TEST(RecordReaderTest, BomOnlyAndEmptyFilesHaveNoRecords) {
  TempDir dir;
  const std::string empty = dir.Write("empty.jsonl", "");
  const std::string bom = dir.Write("bom.jsonl", "\xEF\xBB\xBF\n\n");
  const std::string empty_gz = dir.Write("empty.jsonl.gz", Gzip(""));
  const std::string empty_zst = dir.Write("empty.jsonl.zst", Zstd(""));
  ReadResult result = ReadAll({empty, bom, empty_gz, empty_zst});
  EXPECT_THAT(result.records, IsEmpty());
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.batches, 0);
}

TEST(RecordReaderTest, ReadsGzipAndZstdLikePlain) {
  TempDir dir;
  const std::string content = "\xEF\xBB\xBF{\"id\":1}\r\n\n{\"id\":2}\n" + NumberedJsonl(2000);
  const std::string plain = dir.Write("p.jsonl", content);
  const std::string gz = dir.Write("p.jsonl.gz", Gzip(content));
  const std::string zst = dir.Write("p.jsonl.zst", Zstd(content));
  // Compression is found from the magic bytes, whatever the name says.
  const std::string misnamed_gz = dir.Write("gz.jsonl", Gzip(content));
  const std::string misnamed_zst = dir.Write("zst.jsonl", Zstd(content));

  const ReadResult expected = ReadAll({plain});
  ASSERT_THAT(expected.records, SizeIs(2002));
  EXPECT_THAT(expected.problems, IsEmpty());
  for (const std::string& path : {gz, zst, misnamed_gz, misnamed_zst}) {
    SCOPED_TRACE(path);
    IngestOptions options;
    options.batch_bytes = size_t{64} << 10;  // many batches, lines cut across reads
    const ReadResult result = ReadAll({path}, options);
    EXPECT_THAT(result.problems, IsEmpty());
    EXPECT_EQ(Bytes(result), Bytes(expected));
    EXPECT_EQ(Lines(result), Lines(expected));
    EXPECT_GT(result.batches, 1);
    // bytes_read counts the compressed bytes.
    EXPECT_EQ(result.bytes_read, fs::file_size(path));
  }
}

TEST(RecordReaderTest, ReadsConcatenatedGzipMembersAndZstdFrames) {
  TempDir dir;
  const std::string a = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n";
  const std::string b = "{\"id\":\"c\"}\n";
  const std::string gz = dir.Write("cat.jsonl.gz", Gzip(a) + Gzip(b) + Gzip(""));
  const std::string zst = dir.Write("cat.jsonl.zst", Zstd(a) + Zstd(b));
  for (const std::string& path : {gz, zst}) {
    ReadResult result = ReadAll({path});
    EXPECT_THAT(result.problems, IsEmpty()) << path;
    EXPECT_THAT(Bytes(result), ElementsAre("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}"));
    EXPECT_THAT(Lines(result), ElementsAre(1, 2, 3));
  }
}

// Truncation: the records before the damage survive, the damaged line and
// everything after it is a problem naming the file and the line, and reading
// goes on with the next input.
void ExpectTruncationReported(const std::string& damaged, const std::string& next,
                              const std::string& what) {
  IngestOptions options;
  options.batch_bytes = size_t{64} << 10;
  ReadResult result = ReadAll({damaged, next}, options);
  ASSERT_THAT(result.problems, SizeIs(1));
  const InputProblem& problem = result.problems[0];
  EXPECT_EQ(problem.file, damaged);
  EXPECT_THAT(problem.message, HasSubstr(what));
  EXPECT_TRUE(problem.record_skipped);

  ASSERT_FALSE(result.records.empty());
  const ReadRecord& last = result.records.back();
  EXPECT_EQ(last.file, next);
  size_t kept = 0;
  for (const ReadRecord& r : result.records) {
    if (r.file != damaged) continue;
    ++kept;
    // Each kept record is the intact original line.
    const std::string original = absl::StrCat("{\"id\":", r.line, ",\"text\":\"record ", r.line, " ",
                                              std::string(200, 'x'), "\"}");
    EXPECT_EQ(r.bytes, original);
    EXPECT_EQ(r.line, kept);
  }
  EXPECT_GT(kept, 100u);
  EXPECT_LT(kept, 5000u);
  EXPECT_EQ(problem.line, kept + 1) << "the damage is met on the line after the last kept one";
}

TEST(RecordReaderTest, TruncatedGzipKeepsRecordsBeforeDamage) {
  TempDir dir;
  const std::string compressed = Gzip(NumberedJsonl(5000));
  const std::string damaged = dir.Write("cut.jsonl.gz", compressed.substr(0, compressed.size() / 2));
  const std::string next = dir.Write("next.jsonl", "{\"id\":\"after\"}\n");
  ExpectTruncationReported(damaged, next, "truncated gzip");
}

TEST(RecordReaderTest, TruncatedZstdKeepsRecordsBeforeDamage) {
  TempDir dir;
  const std::string compressed = Zstd(NumberedJsonl(5000));
  const std::string damaged = dir.Write("cut.jsonl.zst", compressed.substr(0, compressed.size() / 2));
  const std::string next = dir.Write("next.jsonl", "{\"id\":\"after\"}\n");
  ExpectTruncationReported(damaged, next, "truncated zstd");
}

TEST(RecordReaderTest, GzipCutInsideTrailerOrHeaderIsTruncated) {
  TempDir dir;
  const std::string compressed = Gzip("{\"id\":1}\n");
  // Cut in the 8-byte CRC/size trailer: the data decoded, but the member never ended.
  const std::string trailer = dir.Write("t.jsonl.gz", compressed.substr(0, compressed.size() - 3));
  // Only the magic bytes.
  const std::string header = dir.Write("h.jsonl.gz", compressed.substr(0, 2));
  for (const std::string& path : {trailer, header}) {
    ReadResult result = ReadAll({path});
    ASSERT_THAT(result.problems, SizeIs(1)) << path;
    EXPECT_THAT(result.problems[0].message, HasSubstr("truncated gzip"));
  }
}

TEST(RecordReaderTest, CorruptStreamsAreReported) {
  TempDir dir;
  std::string gz = Gzip(NumberedJsonl(3000));
  std::string zst = Zstd(NumberedJsonl(3000));
  // Overwrite a stretch in the middle of the compressed data.
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i) gz[i] = static_cast<char>(0xAA);
  for (size_t i = zst.size() / 2; i < zst.size() / 2 + 64; ++i) zst[i] = static_cast<char>(0xAA);
  const std::string gz_path = dir.Write("bad.jsonl.gz", gz);
  const std::string zst_path = dir.Write("bad.jsonl.zst", zst);
  const std::string trailing = dir.Write("trailing.jsonl.gz", Gzip("{\"id\":1}\n") + "garbage");
  const std::string next = dir.Write("next.jsonl", "{\"id\":\"after\"}\n");
  ReadResult result = ReadAll({gz_path, zst_path, trailing, next});
  ASSERT_THAT(result.problems, SizeIs(3));
  EXPECT_EQ(result.problems[0].file, gz_path);
  EXPECT_THAT(result.problems[0].message, HasSubstr("gzip"));
  EXPECT_GT(result.problems[0].line, 0u);
  EXPECT_EQ(result.problems[1].file, zst_path);
  EXPECT_THAT(result.problems[1].message, HasSubstr("zstd"));
  EXPECT_EQ(result.problems[2].file, trailing);
  EXPECT_EQ(result.problems[2].line, 2u);
  ASSERT_FALSE(result.records.empty());
  EXPECT_EQ(result.records.back().bytes, "{\"id\":\"after\"}");
}

TEST(RecordReaderTest, MissingFileIsAProblemInTheFirstBatch) {
  TempDir dir;
  const std::string good = dir.Write("good.jsonl", "{\"id\":1}\n");
  const std::string missing = dir.Path("missing.jsonl");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open({good, missing, good}, IngestOptions{});
  ASSERT_TRUE(reader.ok()) << reader.status();
  RecordBatch batch;
  absl::StatusOr<bool> more = (*reader)->ReadBatch(&batch);
  ASSERT_TRUE(more.ok() && *more);
  // The missing file first; then "no text field" warnings of the good ones.
  ASSERT_THAT(batch.problems, SizeIs(3));
  EXPECT_TRUE(batch.problems[0].input_failure);
  EXPECT_TRUE(batch.problems[1].schema && batch.problems[2].schema);
  EXPECT_EQ(batch.problems[0].file, missing);
  EXPECT_EQ(batch.problems[0].line, 0u);
  EXPECT_THAT(batch.problems[0].message, HasSubstr("No such file"));
  EXPECT_THAT(batch.records, SizeIs(2));  // both readable inputs
}

TEST(RecordReaderTest, OnlyMissingInputsStillReportTheProblem) {
  TempDir dir;
  ReadResult result = ReadAll({dir.Path("nope.jsonl")});
  EXPECT_THAT(result.records, IsEmpty());
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.batches, 1);
}

TEST(RecordReaderTest, UnreadableJsonlFileIsAProblem) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  const std::string locked = dir.Write("locked.jsonl", "{\"id\":1}\n");
  const std::string good = dir.Write("good.jsonl", "{\"id\":2}\n");
  fs::permissions(locked, fs::perms::none);
  ReadResult result = ReadAll({locked, good});
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].file, locked);
  EXPECT_THAT(result.problems[0].message, HasSubstr("ermission"));
  EXPECT_THAT(Bytes(result), ElementsAre("{\"id\":2}"));
}

TEST(RecordReaderTest, LineLongerThanTheBatchGrowsTheBatch) {
  TempDir dir;
  const std::string huge = absl::StrCat("{\"id\":\"huge\",\"text\":\"", std::string(3 << 20, 'y'), "\"}");
  std::string content = NumberedJsonl(400);  // ~90 KB before it
  content += huge + "\n";
  content += NumberedJsonl(400);
  const std::string plain = dir.Write("long.jsonl", content);
  const std::string gz = dir.Write("long.jsonl.gz", Gzip(content));
  const std::string zst = dir.Write("long.jsonl.zst", Zstd(content));
  IngestOptions options;
  options.batch_bytes = size_t{64} << 10;
  for (const std::string& path : {plain, gz, zst}) {
    SCOPED_TRACE(path);
    ReadResult result = ReadAll({path}, options);
    EXPECT_THAT(result.problems, IsEmpty());
    ASSERT_THAT(result.records, SizeIs(801));
    EXPECT_EQ(result.records[400].bytes, huge);
    EXPECT_EQ(result.records[400].line, 401u);
    EXPECT_EQ(result.records[401].line, 402u);
    EXPECT_EQ(result.records[800].line, 801u);
    // Growth is bounded: a few times the longest line, not the whole input.
    EXPECT_LT(result.largest_buffer, 3 * huge.size());
  }
}

TEST(RecordReaderTest, BatchesStayNearTheirTarget) {
  TempDir dir;
  const std::string content = NumberedJsonl(20000);  // ~4.5 MB
  const std::string path = dir.Write("many.jsonl", content);
  IngestOptions options;
  options.batch_bytes = size_t{64} << 10;
  ReadResult result = ReadAll({path}, options);
  ASSERT_THAT(result.records, SizeIs(20000));
  for (size_t i = 0; i < result.records.size(); ++i) ASSERT_EQ(result.records[i].line, i + 1);
  EXPECT_GT(result.batches, 30);
  // Target + one minimum read + padding, whatever the input size.
  EXPECT_LE(result.largest_buffer, 2 * options.batch_bytes + 1024);
}

// ---------------------------------------------------------------------------
// Directories of .txt
// ---------------------------------------------------------------------------

TEST(RecordReaderTest, DirectoryOfTextFilesInSortedOrder) {
  TempDir dir;
  dir.Write("corpus/b.txt", "second\r\nline two\n");
  dir.Write("corpus/a/z.txt", "\xEF\xBB\xBFwith bom");
  dir.Write("corpus/a.b/c.txt", "sorted by byte value: '.' < '/'");
  dir.Write("corpus/empty.txt", "");
  dir.Write("corpus/notes.md", "ignored");
  dir.Write("corpus/deep/er/x.txt", "deep");
  dir.Write("corpus/txt", "ignored: no extension");
  const std::string root = dir.Path("corpus");
  ReadResult result = ReadAll({root});
  EXPECT_THAT(result.problems, IsEmpty());
  std::vector<std::string> ids;
  for (const ReadRecord& r : result.records) {
    ids.push_back(r.relative_path);
    EXPECT_TRUE(r.plain_text);
    EXPECT_EQ(r.line, 1u);
    EXPECT_EQ(r.file, root + "/" + r.relative_path);
  }
  EXPECT_THAT(ids, ElementsAre("a.b/c.txt", "a/z.txt", "b.txt", "deep/er/x.txt", "empty.txt"));
  EXPECT_THAT(Bytes(result), ElementsAre("sorted by byte value: '.' < '/'", "with bom",
                                         "second\r\nline two\n", "deep", ""));
}

TEST(RecordReaderTest, DirectoryWithTrailingSlashAndSingleTextFile) {
  TempDir dir;
  dir.Write("d/one.txt", "1");
  const std::string single = dir.Write("single.txt", "alone");
  ReadResult result = ReadAll({dir.Path("d") + "/", single});
  ASSERT_THAT(result.records, SizeIs(2));
  EXPECT_EQ(result.records[0].file, dir.Path("d") + "/one.txt");
  EXPECT_EQ(result.records[0].relative_path, "one.txt");
  EXPECT_EQ(result.records[1].relative_path, "single.txt");
  EXPECT_TRUE(result.records[1].plain_text);
  EXPECT_EQ(result.records[1].bytes, "alone");
}

TEST(RecordReaderTest, UnreadableTextFileInDirectoryIsAProblem) {
  TempDir dir;
  dir.Write("d/a.txt", "first");
  dir.Write("d/c.txt", "third");
  // A dangling link is unreadable even for root.
  fs::create_symlink(dir.Path("d/does-not-exist"), dir.Path("d/b.txt"));
  ReadResult result = ReadAll({dir.Path("d")});
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].file, dir.Path("d") + "/b.txt");
  EXPECT_THAT(result.problems[0].message, HasSubstr("cannot open"));
  EXPECT_THAT(Bytes(result), ElementsAre("first", "third"));

  if (geteuid() != 0) {
    const std::string locked = dir.Write("d/locked.txt", "secret");
    fs::permissions(locked, fs::perms::none);
    ReadResult locked_result = ReadAll({dir.Path("d")});
    ASSERT_THAT(locked_result.problems, SizeIs(2));
    EXPECT_EQ(locked_result.problems[1].file, locked);
    EXPECT_THAT(locked_result.problems[1].message, HasSubstr("ermission"));
    EXPECT_THAT(Bytes(locked_result), ElementsAre("first", "third"));
  }
}

TEST(RecordReaderTest, UnlistableSubdirectoryIsAProblem) {
  if (geteuid() == 0) GTEST_SKIP() << "root lists every directory";
  TempDir dir;
  dir.Write("d/a.txt", "first");
  dir.Write("d/sub/hidden.txt", "unreachable");
  dir.Write("d/z.txt", "last");
  fs::permissions(dir.Path("d/sub"), fs::perms::none);
  ReadResult result = ReadAll({dir.Path("d")});
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].file, dir.Path("d") + "/sub");
  EXPECT_THAT(result.problems[0].message, HasSubstr("cannot list directory"));
  EXPECT_THAT(Bytes(result), ElementsAre("first", "last"));
}

TEST(RecordReaderTest, LargeTextFileAndManySmallOnesAcrossBatches) {
  TempDir dir;
  const std::string big(1 << 20, 'b');
  dir.Write("d/0000.txt", big);
  for (int i = 1; i <= 300; ++i) dir.Write(absl::StrCat("d/", 1000 + i, ".txt"), std::string(1000, 'a'));
  IngestOptions options;
  options.batch_bytes = size_t{64} << 10;
  ReadResult result = ReadAll({dir.Path("d")}, options);
  ASSERT_THAT(result.records, SizeIs(301));
  EXPECT_EQ(result.records[0].bytes, big);
  EXPECT_EQ(result.records[300].relative_path, "1300.txt");
  EXPECT_GT(result.batches, 3);
  EXPECT_EQ(result.bytes_read, big.size() + 300 * 1000);
}

// ---------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------

// Runs `fn` with fd 0 reading `content` from a pipe.
template <typename Fn>
void WithStdin(const std::string& content, Fn fn) {
  ASSERT_LT(content.size(), 60000u) << "must fit in the pipe buffer";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], content.data(), content.size()), static_cast<ssize_t>(content.size()));
  close(fds[1]);
  const int saved = dup(STDIN_FILENO);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  close(fds[0]);
  fn();
  dup2(saved, STDIN_FILENO);
  close(saved);
}

TEST(RecordReaderTest, ReadsStdinPlainAndCompressed) {
  const std::string content = "{\"id\":1}\n\n{\"id\":2}\n";
  for (const std::string& encoded : {content, Gzip(content), Zstd(content)}) {
    WithStdin(encoded, [&] {
      ReadResult result = ReadAll({"-"});
      EXPECT_THAT(result.problems, IsEmpty());
      EXPECT_THAT(Bytes(result), ElementsAre("{\"id\":1}", "{\"id\":2}"));
      EXPECT_THAT(Lines(result), ElementsAre(1, 3));
      ASSERT_FALSE(result.records.empty());
      EXPECT_EQ(result.records[0].file, "<stdin>");
      EXPECT_EQ(result.bytes_read, encoded.size());
    });
  }
}

// ---------------------------------------------------------------------------
// ParseRecord
// ---------------------------------------------------------------------------

// A batch holding `lines` as JSON records, padded as the reader pads.
RecordBatch MakeBatch(const std::vector<std::string>& lines, bool pad = true) {
  RecordBatch batch;
  batch.files = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"f.jsonl"});
  uint64_t line = 0;
  for (const std::string& l : lines) {
    RecordBatch::Record record;
    record.line = ++line;
    record.offset = batch.buffer.size();
    record.size = l.size();
    batch.records.push_back(record);
    batch.buffer += l;
    batch.buffer += '\n';
  }
  if (pad) batch.buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  return batch;
}

struct Parsed {
  absl::Status status;
  Article article;
  std::vector<std::string> warnings;
};

Parsed Parse(const std::string& line, const IngestOptions& options = {}) {
  RecordBatch batch = MakeBatch({line});
  Parsed parsed;
  parsed.status = ParseRecord(batch, 0, options, &parsed.article, &parsed.warnings);
  return parsed;
}

// The reason a bad record was rejected ("" if it was accepted).
std::string Reason(const std::string& line, const IngestOptions& options = {}) {
  Parsed parsed = Parse(line, options);
  if (parsed.status.ok()) return "";
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  return std::string(parsed.status.message());
}

TEST(ParseRecordTest, FullRecord) {
  Parsed p = Parse(
      R"j({"id":"ani-17","title":"Beijing, Moscow","text":"Russia and \"China\"\n(ANI)",)j"
      R"("source":"asianlite","url":"https://x.test/a","published":"2022-02-25T10:04:00+05:30",)"
      R"("extra":{"nested":[1,2,{"id":"not this"}]}})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_THAT(p.warnings, IsEmpty());
  EXPECT_EQ(p.article.id, "ani-17");
  EXPECT_FALSE(p.article.id_is_number);
  EXPECT_EQ(p.article.title, "Beijing, Moscow");
  EXPECT_EQ(p.article.text, "Russia and \"China\"\n(ANI)");
  EXPECT_EQ(p.article.source, "asianlite");
  EXPECT_EQ(p.article.url, "https://x.test/a");
  EXPECT_EQ(p.article.published_raw, "2022-02-25T10:04:00+05:30");
  EXPECT_EQ(p.article.published, *ParseTimestamp("2022-02-25T04:34:00Z"));
  EXPECT_EQ(p.article.line, 1u);
}

TEST(ParseRecordTest, NumericIdKeepsItsLiteralText) {
  for (const std::string id : {"42", "-7", "1.50", "1e3", "123456789012345678901234567890", "0"}) {
    Parsed p = Parse(absl::StrCat("{\"id\": ", id, " , \"text\":\"t\"}"));
    ASSERT_TRUE(p.status.ok()) << id << ": " << p.status;
    EXPECT_EQ(p.article.id, id);
    EXPECT_TRUE(p.article.id_is_number);
  }
  // Not a number, though it starts like one.
  EXPECT_THAT(Reason(R"({"id":12abc,"text":"t"})"), HasSubstr("invalid JSON"));
  // A string of digits stays a string.
  Parsed p = Parse(R"({"id":"42"})");
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.article.id, "42");
  EXPECT_FALSE(p.article.id_is_number);
}

TEST(ParseRecordTest, MissingOrNullTextAndTitleAreEmptyButValid) {
  // A missing or null text is said (compared by the title only, more often a
  // misnamed field than an article without a body); an empty one is not.
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {R"({"id":1})", {"text is missing: compared by its title only"}},
      {R"({"id":1,"text":null,"title":null})", {"text is null: compared by its title only"}},
      {R"({"id":1,"text":"","title":""})", {}}};
  for (const auto& [line, warnings] : cases) {
    Parsed p = Parse(line);
    EXPECT_TRUE(p.status.ok()) << line << ": " << p.status;
    EXPECT_EQ(p.article.text, "");
    EXPECT_EQ(p.article.title, "");
    EXPECT_EQ(p.warnings, warnings) << line;
  }
}

TEST(ParseRecordTest, DuplicateKeysTakeTheFirst) {
  Parsed p = Parse(R"({"id":"first","text":"one","id":"second","text":"two","id":null,"text":5})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.id, "first");
  EXPECT_EQ(p.article.text, "one");
}

TEST(ParseRecordTest, BadRecordsSayWhy) {
  EXPECT_EQ(Reason(R"([{"id":1}])"), "not a JSON object (array)");
  EXPECT_EQ(Reason("42"), "not a JSON object (number)");
  EXPECT_EQ(Reason(R"("text")"), "not a JSON object (string)");
  EXPECT_EQ(Reason("null"), "not a JSON object (null)");
  EXPECT_EQ(Reason("true"), "not a JSON object (boolean)");
  EXPECT_EQ(Reason(R"({"text":"no id"})"), "missing id");
  EXPECT_EQ(Reason(R"({})"), "missing id");
  EXPECT_EQ(Reason(R"({"id":null,"text":"t"})"), "id is null");
  EXPECT_EQ(Reason(R"({"id":"","text":"t"})"), "id is an empty string");
  EXPECT_EQ(Reason(R"({"id":true,"text":"t"})"), "id is a boolean");
  EXPECT_EQ(Reason(R"({"id":{"x":1},"text":"t"})"), "id is an object");
  EXPECT_EQ(Reason(R"({"id":[1],"text":"t"})"), "id is an array");
  EXPECT_EQ(Reason(R"({"id":1,"text":5})"), "text is not a string (number)");
  EXPECT_EQ(Reason(R"({"id":1,"text":{"body":"x"}})"), "text is not a string (object)");
  EXPECT_EQ(Reason(R"({"id":1,"text":["a"]})"), "text is not a string (array)");
  EXPECT_EQ(Reason(R"({"id":1,"text":false})"), "text is not a string (boolean)");
  EXPECT_EQ(Reason(R"({"id":1,"title":["a"]})"), "title is not a string (array)");
  EXPECT_EQ(Reason(R"({"id":1,"title":3})"), "title is not a string (number)");
}

TEST(ParseRecordTest, InvalidJsonIsABadRecordNotACrash) {
  for (const std::string& line : std::vector<std::string>{
           R"({"id":1,"text":"unterminated)",
           R"({"id":1,"text":"a")",
           R"({"id":1,"text":"a",})",
           R"({"id":1 "text":"a"})",
           R"({"id":1,"text":"a"} x)",       // trailing junk
           R"({"id":1,"text":"a"}{"id":2})", // two objects on one line
           R"({"id":1,"text":"bad escape \q"})",
           R"({"id":1,"text":"lone surrogate \ud800"})",
           "{\"id\":1,\"text\":\"raw\tcontrol\"}",
           std::string("{\"id\":1,\"text\":\"raw\x01 control\"}"),
           std::string("{\"id\":1,\"text\":\"raw\0nul\"}", 25),
           R"({id:1})",
           "{",
           "}",
           "x",
       }) {
    EXPECT_THAT(Reason(line), HasSubstr("invalid JSON")) << line;
  }
}

TEST(ParseRecordTest, EscapedNulIsKept) {
  Parsed p = Parse(R"({"id":"n","text":"a\u0000b"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.text, std::string("a\0b", 3));
}

TEST(ParseRecordTest, UnicodeEscapesAndNonAsciiText) {
  Parsed p = Parse(R"({"id":"u","text":"\u00e9 \ud83d\ude00 Россия اے پی پی 中国"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.text, "é 😀 Россия اے پی پی 中国");
  EXPECT_THAT(p.warnings, IsEmpty());
}

TEST(ParseRecordTest, InvalidUtf8IsRepairedWithAWarning) {
  Parsed p = Parse("{\"id\":\"bad\xff\",\"text\":\"caf\xe9 ok \xe2\x82 end \xed\xa0\x80!\"}");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.id, "bad\uFFFD");
  // A lone Latin-1 byte, a truncated 3-byte sequence, and an encoded
  // surrogate (three maximal subparts of one byte each).
  EXPECT_EQ(p.article.text, "caf\uFFFD ok \uFFFD end \uFFFD\uFFFD\uFFFD!");
  EXPECT_THAT(p.warnings, ElementsAre("invalid UTF-8 repaired"));

  // Overlong encodings and bytes past U+10FFFF are invalid too.
  Parsed overlong = Parse("{\"id\":\"o\",\"text\":\"\xc0\xaf|\xf4\x90\x80\x80|\xf0\x9f\x98\x80\"}");
  ASSERT_TRUE(overlong.status.ok()) << overlong.status;
  EXPECT_EQ(overlong.article.text, "\uFFFD\uFFFD|\uFFFD\uFFFD\uFFFD\uFFFD|😀");

  // Repair happens before parsing, so a broken byte at the very end of a line is handled.
  Parsed at_end = Parse("{\"id\":\"e\",\"text\":\"x\"}\xc3");
  EXPECT_THAT(at_end.warnings, ElementsAre("invalid UTF-8 repaired"));
  EXPECT_THAT(std::string(at_end.status.message()), HasSubstr("invalid JSON"));
}

TEST(ParseRecordTest, OptionalFieldsOfWrongTypeAreIgnoredWithAWarning) {
  Parsed p = Parse(R"({"id":1,"text":"t","source":5,"url":["x"],"published":1645783445})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.source, "");
  EXPECT_EQ(p.article.url, "");
  EXPECT_FALSE(p.article.published.known());
  EXPECT_THAT(p.warnings, ElementsAre("source is not a string (number): ignored",
                                      "url is not a string (array): ignored",
                                      "published is not a string (number): ignored"));
  Parsed nulls = Parse(R"({"id":1,"text":"t","source":null,"url":null,"published":null})");
  ASSERT_TRUE(nulls.status.ok());
  EXPECT_THAT(nulls.warnings, IsEmpty());
}

TEST(ParseRecordTest, PublishedValues) {
  Parsed date = Parse(R"({"id":1,"published":"2022-02-25"})");
  ASSERT_TRUE(date.status.ok());
  EXPECT_EQ(date.article.published.precision, Timestamp::Precision::kDate);
  EXPECT_EQ(FormatTimestamp(date.article.published), "2022-02-25");

  Parsed west = Parse(R"({"id":1,"published":"2022-02-24 20:00:00-08:00"})");
  ASSERT_TRUE(west.status.ok());
  EXPECT_EQ(FormatTimestamp(west.article.published), "2022-02-25T04:00:00Z");

  Parsed basic = Parse(R"({"id":1,"published":"20220225T100405Z"})");
  EXPECT_EQ(FormatTimestamp(basic.article.published), "2022-02-25T10:04:05Z");

  Parsed bad = Parse(R"({"id":1,"text":"kept","published":"2022-02-30"})");
  ASSERT_TRUE(bad.status.ok()) << "an unparseable date does not reject the record";
  EXPECT_EQ(bad.article.text, "kept");
  EXPECT_FALSE(bad.article.published.known());
  EXPECT_EQ(bad.article.published_raw, "2022-02-30");
  EXPECT_THAT(bad.warnings,
              ElementsAre("unparseable published value '2022-02-30': treated as unknown"));

  Parsed words = Parse(R"({"id":1,"text":"t","published":"Friday, Feb 25"})");
  EXPECT_THAT(words.warnings,
              ElementsAre("unparseable published value 'Friday, Feb 25': treated as unknown"));
}

TEST(ParseRecordTest, ConfigurableFieldNames) {
  IngestOptions options;
  options.id_field = "doc_id";
  options.text_field = "body";
  options.title_field = "headline";
  options.source_field = "outlet";
  options.date_field = "date";
  options.url_field = "link";
  Parsed p = Parse(
      R"({"id":"ignored","text":"ignored","doc_id":7,"body":"the body","headline":"H",)"
      R"("outlet":"AP","date":"2022-02-25","link":"https://x.test"})",
      options);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.id, "7");
  EXPECT_TRUE(p.article.id_is_number);
  EXPECT_EQ(p.article.text, "the body");
  EXPECT_EQ(p.article.title, "H");
  EXPECT_EQ(p.article.source, "AP");
  EXPECT_EQ(p.article.url, "https://x.test");
  EXPECT_EQ(FormatTimestamp(p.article.published), "2022-02-25");

  // Messages name the configured field.
  EXPECT_EQ(Reason(R"({"id":"x","body":"b"})", options), "missing id (\"doc_id\")");
  EXPECT_EQ(Reason(R"({"doc_id":null})", options), "id (\"doc_id\") is null");
  EXPECT_EQ(Reason(R"({"doc_id":1,"body":1})", options), "text (\"body\") is not a string (number)");

  // An escaped key still matches.
  Parsed escaped = Parse(R"({"doc\u005fid":"e"})", options);
  ASSERT_TRUE(escaped.status.ok()) << escaped.status;
  EXPECT_EQ(escaped.article.id, "e");
}

TEST(ParseRecordTest, EmptyOptionalFieldNamesSwitchFieldsOff) {
  IngestOptions options;
  options.title_field = "";
  options.source_field = "";
  options.date_field = "";
  options.url_field = "";
  Parsed p = Parse(R"({"id":1,"text":"t","title":5,"source":"s","published":"x","url":"u","":"e"})",
                   options);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.article.title, "");
  EXPECT_EQ(p.article.source, "");
  EXPECT_EQ(p.article.published_raw, "");
  EXPECT_EQ(p.article.url, "");
  EXPECT_THAT(p.warnings, IsEmpty());
}

TEST(ParseRecordTest, StringsAreCopiedOutOfTheBatch) {
  RecordBatch batch = MakeBatch({R"({"id":"a","text":"hello","title":"t"})"});
  Article article;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ParseRecord(batch, 0, IngestOptions{}, &article, &warnings).ok());
  std::fill(batch.buffer.begin(), batch.buffer.end(), 'Z');
  batch.buffer = std::string(10000, '?');  // also reallocate
  EXPECT_EQ(article.id, "a");
  EXPECT_EQ(article.text, "hello");
  EXPECT_EQ(article.title, "t");
}

TEST(ParseRecordTest, ReusedArticleIsReset) {
  RecordBatch batch = MakeBatch({R"({"id":"a","text":"x","title":"T","source":"S","url":"U",)"
                                 R"("published":"2022-02-25"})",
                                 R"({"id":2})"});
  Article article;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ParseRecord(batch, 0, IngestOptions{}, &article, &warnings).ok());
  ASSERT_TRUE(ParseRecord(batch, 1, IngestOptions{}, &article, &warnings).ok());
  EXPECT_EQ(article.id, "2");
  EXPECT_TRUE(article.id_is_number);
  EXPECT_EQ(article.text, "");
  EXPECT_EQ(article.title, "");
  EXPECT_EQ(article.source, "");
  EXPECT_EQ(article.url, "");
  EXPECT_EQ(article.published_raw, "");
  EXPECT_FALSE(article.published.known());
  EXPECT_EQ(article.line, 2u);
}

TEST(ParseRecordTest, UnpaddedBatchIsStillParsed) {
  RecordBatch batch = MakeBatch({R"({"id":"a","text":"no padding after me"})"}, /*pad=*/false);
  batch.buffer.pop_back();  // not even the newline
  batch.buffer.shrink_to_fit();
  Article article;
  ASSERT_TRUE(ParseRecord(batch, 0, IngestOptions{}, &article, nullptr).ok());
  EXPECT_EQ(article.text, "no padding after me");
}

TEST(ParseRecordTest, IndexOutOfRange) {
  RecordBatch batch = MakeBatch({R"({"id":1})"});
  Article article;
  EXPECT_EQ(ParseRecord(batch, 1, IngestOptions{}, &article, nullptr).code(),
            absl::StatusCode::kOutOfRange);
}

TEST(ParseRecordTest, PlainTextRecords) {
  TempDir dir;
  dir.Write("d/x/one.txt", "First line\nsecond \"line\"\n");
  dir.Write("d/two.txt", "broken \xff byte");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open({dir.Path("d")}, IngestOptions{});
  ASSERT_TRUE(reader.ok());
  RecordBatch batch;
  ASSERT_TRUE(*(*reader)->ReadBatch(&batch));
  ASSERT_THAT(batch.records, SizeIs(2));
  Article article;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ParseRecord(batch, 0, IngestOptions{}, &article, &warnings).ok());
  EXPECT_EQ(article.id, "two.txt");
  EXPECT_EQ(article.text, "broken \uFFFD byte");
  EXPECT_EQ(article.title, "");
  EXPECT_FALSE(article.id_is_number);
  EXPECT_EQ(article.file_index, 0u);
  EXPECT_THAT(warnings, ElementsAre("invalid UTF-8 repaired"));
  warnings.clear();
  ASSERT_TRUE(ParseRecord(batch, 1, IngestOptions{}, &article, &warnings).ok());
  EXPECT_EQ(article.id, "x/one.txt");
  EXPECT_EQ(article.text, "First line\nsecond \"line\"\n");
  EXPECT_EQ(article.file_index, 1u);
  EXPECT_THAT(warnings, IsEmpty());
}

// ParseRecord runs on many threads over one batch (each keeps its own parser).
TEST(ParseRecordTest, ConcurrentParsingOfOneBatch) {
  std::vector<std::string> lines;
  for (int i = 0; i < 2000; ++i) {
    lines.push_back(i % 7 == 3 ? absl::StrCat("{\"id\":", i, ",\"text\":", i, "}")
                               : absl::StrCat("{\"id\":", i, ",\"text\":\"text ", i, "\"}"));
  }
  const RecordBatch batch = MakeBatch(lines);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&batch, &failures, t] {
      Article article;
      std::vector<std::string> warnings;
      for (size_t i = 0; i < batch.records.size(); ++i) {
        const absl::Status s = ParseRecord(batch, i, IngestOptions{}, &article, &warnings);
        const bool should_fail = i % 7 == 3;
        if (s.ok() == should_fail) ++failures[t];
        if (s.ok() && (article.id != std::to_string(i) || article.text != absl::StrCat("text ", i))) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
}

// End to end over a real file: read, parse, and account for every line.
TEST(IngestTest, ReadAndParseMixedFile) {
  TempDir dir;
  const std::string content =
      "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"one\"}\r\n"
      "\r\n"
      "[1,2]\r\n"
      "{\"id\":2,\"text\":\"caf\xe9\"}\r\n"
      "{\"id\":\"c\",\"text\":\"three\",\"published\":\"soon\"}";
  const std::string path = dir.Write("mixed.jsonl.zst", Zstd(content));
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open({path}, IngestOptions{});
  ASSERT_TRUE(reader.ok());
  RecordBatch batch;
  ASSERT_TRUE(*(*reader)->ReadBatch(&batch));
  ASSERT_THAT(batch.records, SizeIs(4));
  std::vector<std::string> outcome;
  for (size_t i = 0; i < batch.records.size(); ++i) {
    Article article;
    std::vector<std::string> warnings;
    absl::Status s = ParseRecord(batch, i, IngestOptions{}, &article, &warnings);
    outcome.push_back(absl::StrCat(batch.records[i].line, ":",
                                   s.ok() ? article.id + "=" + article.text : std::string(s.message()),
                                   warnings.empty() ? "" : " [" + warnings[0] + "]"));
  }
  EXPECT_THAT(outcome, ElementsAre("1:a=one", "3:not a JSON object (array)",
                                   "4:2=caf\uFFFD [invalid UTF-8 repaired]",
                                   "5:c=three [unparseable published value 'soon': treated as unknown]"));
  EXPECT_FALSE(*(*reader)->ReadBatch(&batch));
}

}  // namespace
}  // namespace wiretrace
