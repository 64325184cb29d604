// Hostile input, end to end: the real `wiretrace cluster` (and
// `wiretrace-provenance` where it applies) on inputs generated into a temp
// directory. For each: every bad record is reported on stderr with file and
// line, every good record is in the output, nothing crashes, the exit code is
// the documented one (docs/design.md: 0 ok, 1 usage, 2 input/data error), and
// --strict exits 2 before writing any output.
#include <gtest/gtest.h>

#include "cli_test_util.h"
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using wiretrace::test::Lines;
using wiretrace::test::ReadFile;
using wiretrace::test::CommandResult;
using wiretrace::test::RunCommand;

void WriteFile(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << p;
}

// The "id" of each output line, as written: "\"a\"" for a string id, "7" for a number.
std::vector<std::string> OutputIds(const std::string& out) {
  std::vector<std::string> ids;
  for (const std::string& line : Lines(out)) {
    const std::string key = "{\"id\":";
    if (line.compare(0, key.size(), key) != 0) {
      ids.push_back("<malformed line: " + line.substr(0, 80) + ">");
      continue;
    }
    size_t end = key.size();
    if (line[end] == '"') {
      for (++end; end < line.size() && line[end] != '"'; ++end) {
        if (line[end] == '\\') ++end;
      }
      ++end;
    } else {
      end = line.find(',', end);
    }
    ids.push_back(line.substr(key.size(), end - key.size()));
  }
  return ids;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// Varied prose: `words` words drawn from a vocabulary large enough that
// unrelated articles share few 4-word shingles.
std::string Prose(std::mt19937_64* rng, size_t words) {
  static const char* const kSyllables[] = {"ka", "lo", "mer", "sta", "vin", "dro", "pel", "tar", "qui", "zen",
                                           "bor", "fa", "gri", "hol", "jun", "nex", "ost", "rim", "sul", "wex"};
  std::string out;
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) out += (i % 17 == 0) ? ". " : " ";
    const int syllables = 1 + static_cast<int>((*rng)() % 3);
    for (int s = 0; s < syllables; ++s) out += kSyllables[(*rng)() % 20];
  }
  return out;
}

std::string Record(const std::string& id, const std::string& text) {
  return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}\n";
}

// True when `s` holds a byte a terminal would act on: a C0 control other than
// newline, DEL, or a UTF-8 C1 control (U+0080..U+009F).
bool HasTerminalControl(const std::string& s, bool allow_tab = false) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && !(allow_tab && c == '\t')) || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      return true;
    }
  }
  return false;
}

class HostileInputTest : public ::testing::Test {
 protected:
  // The big inputs are generated on first use, once per test process (ctest
  // runs each test in its own process, so only the tests that need them pay).
  static void SetUpTestSuite() {
    shared_ = fs::temp_directory_path() / ("wiretrace_hostile_" + std::to_string(::getpid()));
    fs::create_directories(shared_);
  }
  // A 10 MB article between two small ones, and a copy of the first small one after it.
  static fs::path BigArticle() {
    static const fs::path path = [] {
      const fs::path p = shared_ / "big_article.jsonl";
      std::mt19937_64 rng(42);
      const std::string small = Prose(&rng, 120);
      std::string big = Prose(&rng, 1);
      while (big.size() < (size_t{10} << 20)) big += " " + Prose(&rng, 4096);
      std::ofstream(p, std::ios::binary) << Record("before", small) << Record("big", big)
                                         << Record("after", Prose(&rng, 80)) << Record("before-copy", small);
      return p;
    }();
    return path;
  }
  // A 40 MB line (far past the 4 MiB batch and any read block), in a field the
  // engine ignores, then an ordinary record.
  static fs::path LongLine() {
    static const fs::path path = [] {
      const fs::path p = shared_ / "long_line.jsonl";
      std::mt19937_64 rng(43);
      std::ofstream(p, std::ios::binary)
          << Record("first", Prose(&rng, 50)) << "{\"id\":\"long\",\"text\":\"short text\",\"pad\":\""
          << std::string(size_t{40} << 20, 'x') << "\"}\n"
          << Record("last", Prose(&rng, 50));
      return p;
    }();
    return path;
  }
  static void TearDownTestSuite() { fs::remove_all(shared_); }

  void SetUp() override {
    dir_ = shared_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
  }

  // Runs BINARY ARGS, stdout to out_, stderr to err_; returns the exit code
  // (-1 when killed by a signal, i.e. a crash).
  int RunBinary(const std::string& binary, const std::string& args) {
    CommandResult r = RunCommand(binary, args, dir_);
    out_ = std::move(r.out);
    err_ = std::move(r.err);
    return r.exit_code;
  }
  int Run(const std::string& args) { return RunBinary(WIRETRACE_BIN, "cluster --threads 2 " + args); }

  fs::path Write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    WriteFile(p, bytes);
    return p;
  }

  // --strict must fail with 2 and leave no -o file, for both tools.
  void ExpectStrictWritesNothing(const std::string& inputs) {
    const fs::path out = dir_ / "strict.out";
    EXPECT_EQ(Run("--strict " + inputs + " -o " + out.string()), 2) << err_;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_NE(err_.find("--strict"), std::string::npos) << err_;
#ifdef WIRETRACE_PROVENANCE_BIN
    EXPECT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--threads 2 --strict " + inputs + " -o " + out.string()), 2)
        << err_;
    EXPECT_FALSE(fs::exists(out));
#endif
  }

  bool ErrHas(const std::string& s) const { return err_.find(s) != std::string::npos; }

  static fs::path shared_;
  fs::path dir_;
  std::string out_;
  std::string err_;
};

fs::path HostileInputTest::shared_;

// One file of every kind of bad record among good ones.
TEST_F(HostileInputTest, BadRecordsAreReportedGoodRecordsKept) {
  const std::string lines[] = {
      /* 1 */ R"({"id":"good-1","text":"the first good record of the file"})",
      /* 2 */ R"({"id":"broken","text":"no closing brace")",
      /* 3 */ R"(["an","array"])",
      /* 4 */ R"(42)",
      /* 5 */ R"({"text":"a record without an id"})",
      /* 6 */ R"({"id":null,"text":"a null id"})",
      /* 7 */ R"({"id":7,"text":"a numeric id is valid"})",
      /* 8 */ R"({"id":"good-1","text":"a duplicate of the first id"})",
      /* 9 */ R"({"id":"empty","text":""})",
      /* 10 */ R"x({"id":"punct","text":"!!! ... ??? --- ,,, ;;; ''' ((( )))"})x",
      /* 11 */ "{\"id\":\"bad-utf8\",\"text\":\"caf\xe9 \xff\xfe \xc3 end\"}",
      /* 12 */ R"({"id":"escaped-nul","text":"before \u0000 after"})",
      /* 13 */ std::string("{\"id\":\"raw-nul\",\"text\":\"before ") + '\0' + " after\"}",
      /* 14 */ R"({"id":"text-number","text":5})",
      /* 15 */ R"({"id":"nulls","title":null,"text":null})",
      /* 16 */ R"({"id":{"nested":1},"text":"an object id"})",
      /* 17 */ "",
      /* 18 */ R"({"id":"title-only","title":"A title and no text"})",
      /* 19 */ R"({"id":"good-2","text":"the last good record"} trailing)",
      /* 20 */ R"({"id":"good-3","text":"really the last good record"})",
  };
  std::string file;
  for (const std::string& l : lines) file += l + "\n";
  const fs::path in = Write("bad.jsonl", file);

  ASSERT_EQ(Run(in.string()), 0) << err_;
  const std::vector<std::string> expected = {"\"good-1\"", "7",       "\"empty\"",      "\"punct\"", "\"bad-utf8\"",
                                             "\"escaped-nul\"",        "\"nulls\"",      "\"title-only\"",
                                             "\"good-3\""};
  EXPECT_EQ(OutputIds(out_), expected) << out_;
  const std::string f = in.string() + ":";
  EXPECT_TRUE(ErrHas(f + "2: error: invalid JSON")) << err_;
  EXPECT_TRUE(ErrHas(f + "3: error: not a JSON object (array)")) << err_;
  EXPECT_TRUE(ErrHas(f + "4: error: not a JSON object (number)")) << err_;
  EXPECT_TRUE(ErrHas(f + "5: error: missing id")) << err_;
  EXPECT_TRUE(ErrHas(f + "6: error: id is null")) << err_;
  EXPECT_TRUE(ErrHas(f + "8: error: duplicate id 'good-1'")) << err_;
  EXPECT_TRUE(ErrHas(f + "11: warning: invalid UTF-8 repaired")) << err_;
  EXPECT_TRUE(ErrHas(f + "13: error: invalid JSON")) << err_;  // a raw NUL is an unescaped control
  EXPECT_TRUE(ErrHas(f + "14: error: text is not a string")) << err_;
  EXPECT_TRUE(ErrHas(f + "16: error:")) << err_;
  EXPECT_TRUE(ErrHas(f + "19: error: invalid JSON")) << err_;
  EXPECT_TRUE(ErrHas("9 documents, ")) << err_;
  // A null or missing text is valid but said: only the title is compared.
  EXPECT_TRUE(ErrHas(f + "15: warning: text is null")) << err_;
  EXPECT_TRUE(ErrHas(f + "18: warning: text is missing")) << err_;
  EXPECT_TRUE(ErrHas("10 bad records, 3 warnings")) << err_;
  // Good records raise nothing: no problem names their lines.
  for (int line : {1, 7, 9, 10, 12, 17, 20}) {
    EXPECT_FALSE(ErrHas(f + std::to_string(line) + ":")) << "line " << line << "\n" << err_;
  }
  // The repaired text is valid UTF-8 in the output (U+FFFD), and ids are
  // written back as given (7 stays a number).
  EXPECT_NE(out_.find("{\"id\":7,"), std::string::npos);

#ifdef WIRETRACE_PROVENANCE_BIN
  // wiretrace-provenance reads the same way: same problems, no crash.
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--threads 2 " + in.string()), 0) << err_;
  EXPECT_TRUE(ErrHas(f + "13: error: invalid JSON")) << err_;
  EXPECT_TRUE(ErrHas("10 bad records")) << err_;
#endif
  ExpectStrictWritesNothing(in.string());
}

TEST_F(HostileInputTest, BomAndCrlf) {
  const fs::path in = Write("bom.jsonl", "\xEF\xBB\xBF" + std::string(R"({"id":"a","text":"first line"})") +
                                             "\r\n\r\n" + R"({"id":"b","text":"second","published":"2022-02-25"})" +
                                             "\r\n" + R"({"id":"c","text":"no newline at the end"})");
  ASSERT_EQ(Run(in.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"a\"", "\"b\"", "\"c\""}));
  EXPECT_TRUE(ErrHas("0 bad records, 0 warnings")) << err_;
  // A BOM in the middle of the stream is not stripped: that line is invalid JSON.
  const fs::path mid = Write("midbom.jsonl", R"({"id":"a","text":"x"})" "\n\xEF\xBB\xBF" R"({"id":"b","text":"y"})" "\n");
  ASSERT_EQ(Run(mid.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"a\""}));
  EXPECT_TRUE(ErrHas(mid.string() + ":2: error: invalid JSON")) << err_;
}

TEST_F(HostileInputTest, EmptyInputs) {
  const fs::path empty = Write("empty.jsonl", "");
  const fs::path blank = Write("blank.jsonl", "\n\n   \n\r\n");
  ASSERT_EQ(Run(empty.string() + " " + blank.string()), 0) << err_;
  EXPECT_EQ(out_, "");
  EXPECT_TRUE(ErrHas("0 documents, 0 clusters")) << err_;
  const fs::path good = Write("good.jsonl", Record("x", "text"));
  ASSERT_EQ(Run(empty.string() + " " + good.string() + " " + empty.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"x\""}));
  // An empty stdin, and an empty .gz and .zst.
  EXPECT_EQ(Run("- < " + empty.string()), 0) << err_;
  EXPECT_EQ(out_, "");
  const fs::path gz = Write("empty.jsonl.gz", Gzip(""));
  const fs::path zst = Write("empty.jsonl.zst", Zstd(""));
  EXPECT_EQ(Run(gz.string() + " " + zst.string()), 0) << err_;
  EXPECT_EQ(out_, "");
}

// Many pages of one outlet that share only the template: no cluster.
TEST_F(HostileInputTest, OnlyBoilerplate) {
  const std::string nav =
      "Previous Story\\nNext Story\\nLatest from Top News\\nSubscribe to our newsletter for the latest "
      "headlines delivered every morning\\nGo to Top\\nDon't Miss\\nCopyright 2022 The Daily Template all "
      "rights reserved";
  std::mt19937_64 rng(7);
  std::string file;
  for (int i = 0; i < 20; ++i) {
    // Half the pages are only the template; the rest add a short unique line.
    const std::string body = i % 2 == 0 ? nav : nav + "\\n" + Prose(&rng, 12);
    file += "{\"id\":\"page-" + std::to_string(i) + "\",\"source\":\"Daily Template\",\"text\":\"" + body + "\"}\n";
  }
  const fs::path in = Write("template.jsonl", file);
  ASSERT_EQ(Run(in.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_).size(), 20u);
  EXPECT_TRUE(ErrHas("20 documents, 20 clusters, 0 duplicates, 0 bad records")) << err_;
  EXPECT_EQ(out_.find("\"cluster_size\":2"), std::string::npos) << out_;
}

TEST_F(HostileInputTest, TenMegabyteArticle) {
  const fs::path in = BigArticle();
  ASSERT_EQ(Run(in.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_),
            (std::vector<std::string>{"\"before\"", "\"big\"", "\"after\"", "\"before-copy\""}));
  EXPECT_TRUE(ErrHas("4 documents, 3 clusters, 1 duplicates, 0 bad records")) << err_;
}

TEST_F(HostileInputTest, FortyMegabyteLine) {
  const fs::path in = LongLine();
  ASSERT_EQ(Run(in.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"first\"", "\"long\"", "\"last\""}));
  // The same through stdin and through zstd.
  const fs::path zst = Write("long_line.jsonl.zst", Zstd(ReadFile(in)));
  ASSERT_EQ(Run("- < " + zst.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"first\"", "\"long\"", "\"last\""}));
  // Cut inside the long line: the line before it survives, the cut line is reported.
  std::string cut = ReadFile(in);
  cut.resize(cut.size() / 2);
  const fs::path part = Write("cut_long.jsonl", cut);
  ASSERT_EQ(Run(part.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"first\""}));
  EXPECT_TRUE(ErrHas(part.string() + ":2: error: invalid JSON")) << err_;
}

// A .gz and a .zst cut in half: the records before the damage are kept, the
// damage is reported with file and line, the next input is still read, exit 2.
TEST_F(HostileInputTest, TruncatedCompressedInputs) {
  // Unrelated records (near-duplicates would make this a test of clustering speed).
  std::mt19937_64 rng(11);
  std::string jsonl;
  for (int i = 0; i < 1000; ++i) jsonl += Record("r" + std::to_string(i), Prose(&rng, 40));
  const std::string gz = Gzip(jsonl);
  const std::string zst = Zstd(jsonl);
  const fs::path next = Write("next.jsonl", Record("after", "the input after the damaged one"));
  for (const auto& [name, bytes, what] :
       {std::tuple<std::string, std::string, std::string>{"cut.jsonl.gz", gz.substr(0, gz.size() / 2), "gzip"},
        {"cut.jsonl.zst", zst.substr(0, zst.size() / 2), "zstd"}}) {
    SCOPED_TRACE(name);
    const fs::path in = Write(name, bytes);
    ASSERT_EQ(Run(in.string() + " " + next.string()), 2) << err_;
    const std::vector<std::string> ids = OutputIds(out_);
    ASSERT_GT(ids.size(), 100u);
    ASSERT_LT(ids.size(), 1000u);
    for (size_t i = 0; i + 1 < ids.size(); ++i) EXPECT_EQ(ids[i], "\"r" + std::to_string(i) + "\"");
    EXPECT_EQ(ids.back(), "\"after\"");
    const std::string where = in.string() + ":" + std::to_string(ids.size()) + ": error: truncated " + what;
    EXPECT_TRUE(ErrHas(where)) << where << "\n" << err_;
    ExpectStrictWritesNothing(in.string() + " " + next.string());
  }
}

// A directory whose x.txt cannot be read (a dangling symlink: root reads
// everything else): the other files are kept, x.txt is named, exit 2.
TEST_F(HostileInputTest, DirectoryWithUnreadableFile) {
  const fs::path d = dir_ / "pages";
  fs::create_directories(d / "sub");
  WriteFile(d / "a.txt", "The first page of plain text.\n");
  WriteFile(d / "sub" / "b.txt", "The second page, one level down.\n");
  WriteFile(d / "empty.txt", "");
  WriteFile(d / "ignored.md", "not a .txt file");
  fs::create_symlink(dir_ / "nowhere", d / "x.txt");
  ASSERT_EQ(Run(d.string()), 2) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"a.txt\"", "\"empty.txt\"", "\"sub/b.txt\""}));
  EXPECT_TRUE(ErrHas("x.txt:0: error: cannot open")) << err_;
  ExpectStrictWritesNothing(d.string());
  // A missing input among good ones: the good ones are still read.
  const fs::path good = Write("good.jsonl", Record("g", "text"));
  ASSERT_EQ(Run((dir_ / "missing.jsonl").string() + " " + good.string()), 2) << err_;
  EXPECT_EQ(OutputIds(out_), (std::vector<std::string>{"\"g\""}));
  EXPECT_TRUE(ErrHas("missing.jsonl:0: error: cannot open")) << err_;
}

// `published` in odd but valid forms and zones is accepted silently; invalid
// values warn with file and line and the record is kept with no date.
TEST_F(HostileInputTest, PublishedFormatsAndZones) {
  const std::vector<std::string> valid = {"\"2022-02-25\"",
                                          "\"2022-02-25T10:00:00Z\"",
                                          "\"2022-02-25T10:00:00+05:30\"",
                                          "\"2022-02-25T10:00:00.123456789-08:00\"",
                                          "\"2022-02-25T10:00:00+0530\"",
                                          "\"2022-02-25 10:00\"",
                                          "\"20220225T100000Z\"",
                                          "\"2016-12-31T23:59:60Z\"",
                                          "\"1970-01-01T00:00:00Z\"",
                                          "\"\""};
  const std::vector<std::string> invalid = {
      "\"2022-02-30\"",  "\"2022-13-01\"",           "\"2022-02-25T24:00:00Z\"",    "\"2022-02-25T10:00:00+25:00\"",
      "\"25/02/2022\"",  "\"Feb 25, 2022\"",         "\"2022-02-25T10:00:00 PST\"", "\"99999-01-01\"",
      "\"   \"",         "\"\\u001b[31m2022\"",      "12345",                       "true",
      "{\"y\":2022}",    "[2022,2,25]"};
  std::string file;
  int line = 0;
  for (const auto* set : {&valid, &invalid}) {
    for (const std::string& p : *set) {
      ++line;
      file += "{\"id\":\"d" + std::to_string(line) + "\",\"text\":\"t\",\"published\":" + p + "}\n";
    }
  }
  const fs::path in = Write("dates.jsonl", file);
  ASSERT_EQ(Run(in.string()), 0) << err_;
  EXPECT_EQ(OutputIds(out_).size(), valid.size() + invalid.size());
  for (size_t i = 1; i <= valid.size(); ++i) {
    EXPECT_FALSE(ErrHas(in.string() + ":" + std::to_string(i) + ":")) << valid[i - 1] << "\n" << err_;
  }
  for (size_t i = valid.size() + 1; i <= valid.size() + invalid.size(); ++i) {
    EXPECT_TRUE(ErrHas(in.string() + ":" + std::to_string(i) + ": warning:"))
        << invalid[i - valid.size() - 1] << "\n" << err_;
  }
  EXPECT_TRUE(ErrHas("0 bad records, " + std::to_string(invalid.size()) + " warnings")) << err_;
  // Warnings are not bad records: --strict passes.
  const fs::path out = dir_ / "strict.jsonl";
  EXPECT_EQ(Run("--strict " + in.string() + " -o " + out.string()), 0) << err_;
  EXPECT_TRUE(fs::exists(out));
}

#ifdef WIRETRACE_PROVENANCE_BIN
// Time zones order a chain by the instant, not the wall clock: 10:00+05:30 is
// 04:30Z, before 06:00Z, so the +05:30 copy is the root.
TEST_F(HostileInputTest, ProvenanceOrdersAcrossZones) {
  std::mt19937_64 rng(3);
  const std::string body = Prose(&rng, 150);
  const fs::path in = Write(
      "zones.jsonl",
      "{\"id\":\"later-wall-clock\",\"text\":\"" + body + "\",\"published\":\"2022-02-25T10:00:00+05:30\"}\n" +
          "{\"id\":\"earlier-wall-clock\",\"text\":\"" + body + " More.\",\"published\":\"2022-02-25T06:00:00Z\"}\n");
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, in.string()), 0) << err_;
  EXPECT_NE(out_.find("\"root\":\"later-wall-clock\""), std::string::npos) << out_;
  EXPECT_EQ(out_.find("\"root\":\"earlier-wall-clock\""), std::string::npos) << out_;
}
#endif

// Ids, values and file names with ESC, BEL, CR and C1 controls reach stderr
// escaped; --problems keeps them exactly (JSON escapes).
TEST_F(HostileInputTest, ControlCharactersEscapedOnStderr) {
  const fs::path in = Write(
      "esc.jsonl",
      "{\"id\":\"\\u001b]0;pwned\\u0007\",\"text\":\"one\"}\n"
      "{\"id\":\"\\u001b]0;pwned\\u0007\",\"text\":\"duplicate\"}\n"
      "{\"id\":\"\\u009b31m\\r\",\"text\":\"c1\"}\n"
      "{\"id\":\"\\u009b31m\\r\",\"text\":\"duplicate\"}\n"
      "{\"id\":\"x\",\"text\":\"t\",\"published\":\"\\u001b[2J\\u001b[H2022\"}\n");
  const fs::path problems = dir_ / "problems.jsonl";
  ASSERT_EQ(Run(in.string() + " --problems " + problems.string()), 0) << err_;
  EXPECT_FALSE(HasTerminalControl(err_)) << err_;
  EXPECT_TRUE(ErrHas(":2: error: duplicate id '\\x1b]0;pwned\\x07'")) << err_;
  EXPECT_TRUE(ErrHas(":4: error: duplicate id '\\xc2\\x9b31m\\x0d'")) << err_;
  EXPECT_TRUE(ErrHas(":5: warning: unparseable published value '\\x1b[2J\\x1b[H2022'")) << err_;
  const std::string p = ReadFile(problems);
  EXPECT_NE(p.find("duplicate id '\\u001b]0;pwned\\u0007'"), std::string::npos) << p;
  // A file name with an ESC in a directory (unreadable, so it is named).
  const fs::path d = dir_ / "dir";
  fs::create_directories(d);
  WriteFile(d / "ok.txt", "fine");
  fs::create_symlink(dir_ / "nowhere", d / "\x1b[31mred\xc2\x9b.txt");
  ASSERT_EQ(Run(d.string()), 2) << err_;
  EXPECT_FALSE(HasTerminalControl(err_)) << err_;
  EXPECT_TRUE(ErrHas("\\x1b[31mred\\xc2\\x9b.txt:0: error: cannot open")) << err_;
}

#ifdef WIRETRACE_PROVENANCE_BIN
// Article text, titles, ids and outlets are untrusted: HTML escapes them, the
// text formats carry no terminal controls.
TEST_F(HostileInputTest, ProvenanceEscapesUntrustedText) {
  std::mt19937_64 rng(5);
  const std::string body = Prose(&rng, 120);
  const std::string evil = " <script>alert(1)</script> <img src=x onerror=alert(2)> \\u001b]0;pwn\\u0007 \\u009b2J";
  const fs::path in = Write(
      "evil.jsonl",
      "{\"id\":\"<b>root</b>\\u001b[31m\",\"title\":\"<script>alert(3)</script>\",\"text\":\"" + body + evil +
          " (AP)\",\"published\":\"2022-02-25T04:00:00Z\",\"source\":\"Wire & <Co>\\u001b[2J\"}\n" +
          "{\"id\":\"copy\\\"'&\",\"title\":\"Copy\\u001b[1m\",\"text\":\"" + body + evil +
          " reported AP\",\"published\":\"2022-02-25T06:00:00Z\",\"source\":\"Paper\\u001b[2J\\r\\u009b\"}\n");
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--format html " + in.string()), 0) << err_;
  EXPECT_EQ(out_.find("<script>alert"), std::string::npos) << out_;
  EXPECT_EQ(out_.find("<img"), std::string::npos) << out_;
  EXPECT_EQ(out_.find("<b>root"), std::string::npos) << out_;
  EXPECT_NE(out_.find("&lt;script&gt;alert(1)"), std::string::npos) << out_;
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--format dot " + in.string()), 0) << err_;
  EXPECT_EQ(out_.find_first_of(std::string("\x1b\x07\r\0", 4)), std::string::npos) << out_;  // C0: see below
}

// DISABLED until src/internal/provenance_format.cc escapes outlet names (and
// ids standing in for them) in Chains() (--format text) and ByOutlet()
// (--by-outlet): today a `source` holding "\u001b[2J" reaches the terminal raw.
// Dot() turns C0 controls into spaces but passes DEL and C1 controls (U+009B,
// a one-character CSI) through.
TEST_F(HostileInputTest, ProvenanceTextFormatsHaveNoTerminalControls) {
  std::mt19937_64 rng(5);
  const std::string body = Prose(&rng, 120);
  const fs::path in = Write(
      "evil.jsonl",
      "{\"id\":\"root\\u001b[31m\",\"text\":\"" + body +
          " \\u001b]0;pwn\\u0007 (AP)\",\"published\":\"2022-02-25T04:00:00Z\",\"source\":\"Wire\\u001b[2J\"}\n" +
          "{\"id\":\"copy\\u009b\",\"text\":\"" + body +
          " reported AP\",\"published\":\"2022-02-25T06:00:00Z\",\"source\":\"Paper\\u001b[2J\\r\\u009b\"}\n" +
          "{\"id\":\"third\",\"text\":\"" + body + " more\",\"published\":\"2022-02-25T07:00:00Z\"}\n");
  for (const char* format : {"text", "dot"}) {
    SCOPED_TRACE(format);
    ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, std::string("--format ") + format + " " + in.string()), 0)
        << err_;
    EXPECT_NE(out_.find("cluster"), std::string::npos) << out_;
    EXPECT_FALSE(HasTerminalControl(out_)) << out_;
    EXPECT_FALSE(HasTerminalControl(err_)) << err_;
  }
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--by-outlet " + in.string()), 0) << err_;
  EXPECT_FALSE(HasTerminalControl(out_, /*allow_tab=*/true)) << out_;
}
#endif

}  // namespace
