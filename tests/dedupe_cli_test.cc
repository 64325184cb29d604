// End-to-end tests of `wiretrace dedupe` and `wiretrace store`: the real
// binary, nights of generated stories and their copies, a store on disk.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.h"
#include "test_articles.h"
#include "wiretrace/json.h"

namespace {

namespace fs = std::filesystem;
using wiretrace::test::Lines;
using wiretrace::test::ReadFile;

// Stories of made-up words (no two share a phrase by chance) and the copies
// an outlet makes of them: whole, trimmed, re-led, credited.
class StoryMaker {
 public:
  explicit StoryMaker(uint32_t seed) : rng_(seed) {}

  std::string Word() {
    static const char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
    std::string w;
    const int n = 4 + static_cast<int>(rng_() % 6);
    for (int i = 0; i < n; ++i) w.push_back(kLetters[rng_() % 26]);
    return w;
  }
  std::string Sentence(int words) {
    std::string s;
    for (int i = 0; i < words; ++i) s += (i ? " " : "") + Word();
    return s + ".";
  }
  std::string Story() {
    std::string s;
    for (int i = 0; i < 8; ++i) s += (i ? "\n" : "") + Sentence(14);
    return s;
  }

 private:
  std::mt19937 rng_;
};

// Two fifths of a story: a Jaccard of 0.4 with it, wholly contained in it.
std::string Trimmed(const std::string& story) { return story.substr(0, story.size() * 4 / 10); }

struct Record {
  std::string id;
  std::string source;
  std::string published;
  std::string text;
};

std::string Line(const Record& r) {
  std::string line = "{\"id\":";
  wiretrace::AppendJsonString(&line, r.id);
  line += ",\"source\":";
  wiretrace::AppendJsonString(&line, r.source);
  if (!r.published.empty()) {
    line += ",\"published\":";
    wiretrace::AppendJsonString(&line, r.published);
  }
  line += ",\"text\":";
  wiretrace::AppendJsonString(&line, r.text);
  line += ",\"extra\": {\"kept\" : [1, 2]}}";  // a field wiretrace does not read, spaced oddly
  return line;
}

// The field `name` of a DUPS line (string or number, as text).
std::string Field(const std::string& line, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  size_t p = line.find(key);
  if (p == std::string::npos) return "";
  p += key.size();
  if (line[p] == '"') return line.substr(p + 1, line.find('"', p + 1) - p - 1);
  return line.substr(p, line.find_first_of(",}", p) - p);
}

class DedupeCliTest : public wiretrace::test::BinaryTest {
 protected:
  void SetUp() override {
    BinaryTest::SetUp();
    // Night 1: ten stories of the wire, two copies of story 0 by papers.
    // Night 2: a paper's copies of night 1's story 1 (trimmed) and 2
    // (re-led), a copy of story 0 dated before the original (late), and
    // five new stories, one copied twice within the night.
    StoryMaker maker(7);
    for (int i = 0; i < 16; ++i) stories_.push_back(maker.Story());
    std::vector<Record> n1, n2;
    for (int i = 0; i < 10; ++i) n1.push_back({"wire-" + std::to_string(i), "Wire", "2024-03-01T0" + std::to_string(i % 10) + ":00:00Z", stories_[i]});
    n1.push_back({"paper-a-0", "Paper A", "2024-03-01T12:00:00Z", stories_[0] + "\n(Wire)"});
    n1.push_back({"paper-b-0", "Paper B", "2024-03-01T13:00:00Z", Trimmed(stories_[0])});
    n2.push_back({"paper-a-1", "Paper A", "2024-03-02T08:00:00Z", Trimmed(stories_[1])});
    n2.push_back({"paper-b-2", "Paper B", "2024-03-02T09:00:00Z", maker.Sentence(20) + "\n" + stories_[2]});
    n2.push_back({"late-0", "Paper C", "2024-02-29T09:00:00Z", stories_[0]});
    for (int i = 10; i < 15; ++i) n2.push_back({"wire-" + std::to_string(i), "Wire", "2024-03-02T10:00:00Z", stories_[i]});
    n2.push_back({"paper-a-10", "Paper A", "2024-03-02T11:00:00Z", stories_[10] + "\n(Wire)"});
    n2.push_back({"paper-b-10", "Paper B", "2024-03-02T12:00:00Z", Trimmed(stories_[10])});
    night1_ = Write("night1.jsonl", n1, {"{not json", "{\"id\":\"wire-3\",\"text\":\"a duplicate id\"}"});
    night2_ = Write("night2.jsonl", n2, {});
    store_ = (dir_ / "store.db").string();
  }

  std::string Write(const std::string& name, const std::vector<Record>& records,
                    const std::vector<std::string>& bad) {
    std::ofstream out(dir_ / name);
    for (const Record& r : records) out << Line(r) << "\n";
    for (const std::string& b : bad) out << b << "\n";
    return (dir_ / name).string();
  }

  int Run(const std::string& args) { return RunBinary(WIRETRACE_BIN, args); }

  // `dedupe` of INPUT into OUT.kept / OUT.dups with the test's store.
  int Dedupe(const std::string& input, const std::string& out, const std::string& extra = "",
             const std::string& env = "") {
    return RunBinary(env + " " + WIRETRACE_BIN, "dedupe --threads 2 --store " + store_ + " " + extra + " " + input +
                                                    " -o " + Path(out + ".kept") + " --duplicates " +
                                                    Path(out + ".dups"));
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // The outputs of an uninterrupted run, on a store of their own: night 1
  // into c1.kept / c1.dups, and with `nights` 2 night 2 into c2.*.
  void CleanRun(int nights) {
    std::string other = Path("clean.db");
    std::swap(store_, other);
    ASSERT_EQ(Dedupe(night1_, "c1"), 0) << err_;
    if (nights == 2) {
      ASSERT_EQ(Dedupe(night2_, "c2"), 0) << err_;
    }
    std::swap(store_, other);
  }

  // `dedupe` of INPUT into OUT.kept / OUT.dups in the background, paused at
  // STAGE for SECONDS (WIRETRACE_TEST_PAUSE_AT): returns once it has paused.
  // Its stderr goes to OUT.err, its exit status to OUT.rc (ExitStatus).
  void StartPaused(const std::string& input, const std::string& out, const std::string& stage, int seconds) {
    Start(input, out, "WIRETRACE_TEST_PAUSE_AT=" + stage + " WIRETRACE_TEST_PAUSE_SECONDS=" + std::to_string(seconds));
    for (int i = 0; i < 200 && ReadFile(Path(out + ".err")).find("paused") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(ReadFile(Path(out + ".err")).find("paused"), std::string::npos);
  }
  // The same, started and left to run.
  void Start(const std::string& input, const std::string& out, const std::string& env = "") {
    const std::string cmd = "(" + env + " " + WIRETRACE_BIN + " dedupe --store " + store_ + " " + input + " -o " +
                            Path(out + ".kept") + " --duplicates " + Path(out + ".dups") + " 2>" + Path(out + ".err") +
                            "; echo $? >" + Path(out + ".rc") + ") &";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  // The exit status of a Start or StartPaused run, as its shell wrote it ("0\n"),
  // once it has ended (up to 20 s).
  std::string ExitStatus(const std::string& out) {
    for (int i = 0; i < 400 && ReadFile(Path(out + ".rc")).empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return ReadFile(Path(out + ".rc"));
  }
  std::map<std::string, std::string> Dups(const std::string& out) const {
    std::map<std::string, std::string> m;
    for (const std::string& l : Lines(ReadFile(Path(out + ".dups")))) m[Field(l, "id")] = l;
    return m;
  }

  std::vector<std::string> stories_;
  std::string night1_, night2_, store_;
};

// Dedupe asks the engine's own edge rule (pair_rule.h): another outlet's
// rewrite of a story is its duplicate by content words; the same words from
// the story's own outlet are its follow-up, kept.
TEST_F(DedupeCliTest, ARewriteIsADuplicateByContentWordsUnlessTheOutletsOwn) {
  for (const std::string outlet : {"Daily Paper", "Wire Agency"}) {
    std::vector<Record> night = {{"agency", "Wire Agency", "2024-06-03T09:00:00Z", wiretrace::test::kAgencyStory},
                                 {"rewrite", outlet, "2024-06-04T07:00:00Z", wiretrace::test::kAgencyRewrite}};
    for (size_t i = 0; i < wiretrace::test::kSameDayStories.size(); ++i) {
      night.push_back({"other-" + std::to_string(i), "Outlet " + std::to_string(i), "2024-06-03T10:00:00Z",
                       wiretrace::test::kSameDayStories[i]});
    }
    store_ = Path(outlet == "Daily Paper" ? "paper.db" : "agency.db");
    ASSERT_EQ(Dedupe(Write("night.jsonl", night, {}), "w"), 0) << err_;
    const std::map<std::string, std::string> dups = Dups("w");
    if (outlet == "Daily Paper") {
      ASSERT_TRUE(dups.contains("rewrite")) << ReadFile(Path("w.dups"));
      EXPECT_EQ(Field(dups.at("rewrite"), "duplicate_of"), "agency");
      EXPECT_EQ(Field(dups.at("rewrite"), "rule"), "words");
    } else {
      EXPECT_TRUE(dups.empty()) << ReadFile(Path("w.dups"));
    }
  }
}

TEST_F(DedupeCliTest, EveryRecordInExactlyOneOutputByteForByte) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  const std::vector<std::string> input = Lines(ReadFile(night1_));
  const std::vector<std::string> kept = Lines(ReadFile(Path("n1.kept")));
  const auto dups = Dups("n1");
  // Kept lines are input lines, byte for byte and in input order.
  size_t next = 0;
  for (const std::string& k : kept) {
    while (next < input.size() && input[next] != k) ++next;
    ASSERT_LT(next, input.size()) << "not an input line, or out of order: " << k;
  }
  EXPECT_EQ(kept.size(), 10u);
  EXPECT_EQ(dups.size(), 2u);
  EXPECT_EQ(Field(dups.at("paper-a-0"), "duplicate_of"), "wire-0");
  EXPECT_EQ(Field(dups.at("paper-b-0"), "duplicate_of"), "wire-0");
  EXPECT_EQ(Field(dups.at("paper-b-0"), "rule"), "containment");
  EXPECT_EQ(Field(dups.at("paper-a-0"), "duplicate_of_batch"), "1");
  // Bad records are reported as `cluster` reports them, in neither output.
  EXPECT_NE(err_.find("night1.jsonl:13: error: invalid JSON"), std::string::npos) << err_;
  EXPECT_NE(err_.find("night1.jsonl:14: error: duplicate id 'wire-3'"), std::string::npos) << err_;
}

// The batch is read twice (its lines and digest, then the engine): from
// stdin, compressed too, it gives what the file gives, a rerun is recognised,
// and a bad record is named "<stdin>" as `cluster` names it.
TEST_F(DedupeCliTest, StdinGivesWhatTheFileGives) {
  ASSERT_EQ(Dedupe(night1_, "file"), 0) << err_;
  const std::string stdin_store = Path("stdin.db");
  const std::string args =
      "dedupe --store " + stdin_store + " - -o " + Path("s.kept") + " --duplicates " + Path("s.dups");
  ASSERT_EQ(RunBinary("gzip -c " + night1_ + " | " + WIRETRACE_BIN, args), 0) << err_;
  EXPECT_TRUE(ReadFile(Path("s.kept")) == ReadFile(Path("file.kept")));
  EXPECT_TRUE(ReadFile(Path("s.dups")) == ReadFile(Path("file.dups")));
  EXPECT_EQ(Lines(ReadFile(Path("s.kept"))).size(), 10u);
  EXPECT_NE(err_.find("<stdin>:13: error: invalid JSON"), std::string::npos) << err_;
  ASSERT_EQ(RunBinary("cat " + night1_ + " | " + WIRETRACE_BIN, args), 0) << err_;
  EXPECT_TRUE(ReadFile(Path("s.kept")) == ReadFile(Path("file.kept")));
  ASSERT_EQ(Run("store stats " + stdin_store), 0) << err_;
  EXPECT_NE(out_.find("batches: 1"), std::string::npos) << out_;
}

// A named pipe can be read once: dedupe must not read its batch twice (it
// did, and the second read waited for a writer forever).
TEST_F(DedupeCliTest, ANamedPipeIsReadOnceAndGivesWhatTheFileGives) {
  ASSERT_EQ(Dedupe(night1_, "file"), 0) << err_;
  const std::string fifo = Path("night1.pipe");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string args = "dedupe --store " + Path("pipe.db") + " " + fifo + " -o " + Path("p.kept") +
                           " --duplicates " + Path("p.dups");
  ASSERT_EQ(RunBinary("(cat " + night1_ + " > " + fifo + " &); timeout 60 " + WIRETRACE_BIN, args), 0) << err_;
  EXPECT_TRUE(ReadFile(Path("p.kept")) == ReadFile(Path("file.kept")));
  EXPECT_TRUE(ReadFile(Path("p.dups")) == ReadFile(Path("file.dups")));
  EXPECT_EQ(Lines(ReadFile(Path("p.kept"))).size(), 10u);
}

TEST_F(DedupeCliTest, StableAcrossNightsAndLateCopies) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  const std::string cluster0 = Field(Dups("n1").at("paper-a-0"), "cluster");
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  const auto dups = Dups("n2");
  ASSERT_EQ(dups.size(), 5u) << ReadFile(Path("n2.dups"));
  EXPECT_EQ(Field(dups.at("paper-a-1"), "duplicate_of"), "wire-1");
  EXPECT_EQ(Field(dups.at("paper-b-2"), "duplicate_of"), "wire-2");
  EXPECT_EQ(Field(dups.at("paper-b-2"), "duplicate_of_batch"), "1");
  // Older than wire-0, but wire-0 was kept last night and stays kept.
  EXPECT_EQ(Field(dups.at("late-0"), "duplicate_of"), "wire-0");
  EXPECT_EQ(Field(dups.at("late-0"), "cluster"), cluster0);
  EXPECT_EQ(Field(dups.at("paper-a-10"), "duplicate_of"), "wire-10");
  EXPECT_EQ(Field(dups.at("paper-a-10"), "duplicate_of_batch"), "2");
  EXPECT_EQ(Lines(ReadFile(Path("n2.kept"))).size(), 5u);
}

TEST_F(DedupeCliTest, RerunOfCommittedNightWritesSameOutputsAndChangesNothing) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  const std::string stats = out_;
  ASSERT_EQ(Dedupe(night1_, "again"), 0) << err_;
  EXPECT_NE(err_.find("already committed"), std::string::npos) << err_;
  EXPECT_EQ(ReadFile(Path("again.kept")), ReadFile(Path("n1.kept")));
  EXPECT_EQ(ReadFile(Path("again.dups")), ReadFile(Path("n1.dups")));
  EXPECT_NE(err_.find("night1.jsonl:13: error: invalid JSON"), std::string::npos) << err_;
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_EQ(out_.substr(out_.find("articles")), stats.substr(stats.find("articles")));
}

// `wiretrace-provenance --store`: tonight's copies of last night's stories
// name them as parents, with passages, although last night is not in the
// input; without the store they have none. The store is only read.
TEST_F(DedupeCliTest, ProvenanceNamesParentsFromEarlierNights) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  const std::string stats = out_;
  const std::string prov = std::string(WIRETRACE_PROVENANCE_BIN) + " --threads 2";
  ASSERT_EQ(RunBinary(prov, "--store " + store_ + " " + night2_ + " -o " + Path("p.jsonl")), 0) << err_;
  EXPECT_NE(err_.find("articles of earlier nights from"), std::string::npos) << err_;
  std::map<std::string, std::string> lines;
  for (const std::string& l : Lines(ReadFile(Path("p.jsonl")))) lines[Field(l, "id")] = l;
  for (const auto& [copy, source] : {std::pair{"paper-a-1", "wire-1"}, {"paper-b-2", "wire-2"}}) {
    ASSERT_TRUE(lines.contains(copy)) << ReadFile(Path("p.jsonl"));
    EXPECT_NE(lines[copy].find("\"parents\":[{\"id\":\"" + std::string(source) + "\""), std::string::npos)
        << lines[copy];
    EXPECT_NE(lines[copy].find("\"passages\":[{"), std::string::npos) << lines[copy];
  }
  // Last night's articles are parents here, not documents of the output.
  EXPECT_FALSE(lines.contains("wire-1"));
  EXPECT_FALSE(lines.contains("wire-0"));
  // Within tonight, as without the store.
  EXPECT_NE(lines["paper-a-10"].find("\"id\":\"wire-10\""), std::string::npos) << lines["paper-a-10"];
  ASSERT_EQ(RunBinary(prov, night2_ + " -o " + Path("plain.jsonl")), 0) << err_;
  EXPECT_EQ(ReadFile(Path("plain.jsonl")).find("paper-a-1\""), std::string::npos);
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_EQ(out_, stats);
  // Options that shape the sets must be the store's, as for dedupe.
  EXPECT_EQ(RunBinary(prov, "--store " + store_ + " --shingle-size 5 " + night2_), 2);
  EXPECT_NE(err_.find("--shingle-size 4"), std::string::npos) << err_;
}

TEST_F(DedupeCliTest, ParameterMismatchExitsBeforeReadingInput) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  EXPECT_EQ(Dedupe(Path("missing.jsonl"), "n2", "--shingle-size 5"), 2);
  EXPECT_NE(err_.find("--shingle-size 4"), std::string::npos) << err_;
  EXPECT_EQ(err_.find("missing.jsonl"), std::string::npos) << "input was read: " << err_;
  EXPECT_FALSE(fs::exists(Path("n2.kept")));
  EXPECT_EQ(Dedupe(night2_, "n2", "--slots 64"), 2);
  EXPECT_NE(err_.find("--slots"), std::string::npos) << err_;
  // The agency table shapes the sets too (the credits it names are cut).
  const std::string agencies = std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/provenance/agencies.tsv";
  EXPECT_EQ(Dedupe(night2_, "n2", "--agencies " + agencies), 2);
  EXPECT_NE(err_.find("was built with --agencies built-in; this run has built-in and more, "), std::string::npos)
      << err_;
  EXPECT_EQ(Dedupe(night2_, "n2", "--agencies " + Path("missing.tsv")), 2);
  EXPECT_NE(err_.find("cannot read --agencies"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("n2.kept")));
}

// Outputs that are not regular files are written in place, never renamed
// over (which would turn /dev/null into a file).
TEST_F(DedupeCliTest, OutputsToDevicesAndStdout) {
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "dedupe -q --store " + store_ + " " + night1_ + " -o - --duplicates /dev/null"), 0)
      << err_;
  EXPECT_EQ(Lines(out_).size(), 10u);
  struct stat st;
  ASSERT_EQ(stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

// KEPT and DUPS on one file would keep only one of them, and an output over
// the store would replace the store: refused before the store is opened.
TEST_F(DedupeCliTest, OutputsOnTheStoreOrOnEachOtherFailBeforeAnyWork) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  const std::string stored = ReadFile(store_);
  ASSERT_EQ(Run("dedupe --store " + store_ + " " + night2_ + " -o " + Path("x") + " --duplicates " + Path("x")), 2);
  EXPECT_NE(err_.find("two outputs name it"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("x")));
  ASSERT_EQ(Run("dedupe --store " + store_ + " " + night2_ + " -o " + store_ + " --duplicates " + Path("d")), 2);
  EXPECT_NE(err_.find("cannot write " + store_ + ": this run reads it"), std::string::npos) << err_;
  ASSERT_EQ(Run("dedupe --store " + store_ + " " + night2_ + " -o " + Path("k") + " --duplicates " + night2_), 2);
  EXPECT_NE(err_.find("the output would replace it"), std::string::npos) << err_;
  EXPECT_TRUE(ReadFile(store_) == stored);
  ASSERT_EQ(Run("store check " + store_), 0) << err_;
}

TEST_F(DedupeCliTest, StrictFailsWithoutOutputOrCommit) {
  EXPECT_EQ(Dedupe(night1_, "n1", "--strict"), 2);
  EXPECT_FALSE(fs::exists(Path("n1.kept")));
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_NE(out_.find("batches: 0"), std::string::npos) << out_;
}

// A night whose inputs cannot be read commits nothing: an empty batch in
// its place would count its window from the run's time (no article is
// dated) and expire the 2024 night before it.
TEST_F(DedupeCliTest, ANightWithNothingReadCommitsNothing) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  const std::string before = out_;
  EXPECT_EQ(Dedupe(Path("missing.jsonl"), "n2"), 2);
  EXPECT_NE(err_.find("missing.jsonl"), std::string::npos) << err_;
  EXPECT_NE(err_.find("nothing committed"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("n2.kept")));
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_EQ(out_, before);
  // Night 2 still finds night 1's articles.
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  EXPECT_EQ(Field(Dups("n2").at("paper-a-1"), "duplicate_of_batch"), "1");
  // Nothing read has the digest of an empty night: after one was committed,
  // the failed night is still refused, not taken for its rerun.
  store_ = Path("empty-night.db");
  std::ofstream(Path("empty.jsonl")).close();
  ASSERT_EQ(Dedupe(Path("empty.jsonl"), "e1"), 0) << err_;
  EXPECT_EQ(Dedupe(Path("missing.jsonl"), "e2"), 2);
  EXPECT_NE(err_.find("missing.jsonl"), std::string::npos) << err_;
  EXPECT_NE(err_.find("nothing committed"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("e2.kept")));
  // A store in a directory that does not exist is a failed run (2), not a
  // usage error (1).
  store_ = Path("no-such-dir/s.db");
  EXPECT_EQ(Dedupe(night1_, "n3"), 2);
  EXPECT_NE(err_.find("cannot open store"), std::string::npos) << err_;
}

TEST_F(DedupeCliTest, KeepPolicies) {
  ASSERT_EQ(Dedupe(night1_, "n1", "--keep longest"), 0) << err_;
  // paper-a-0 is the wire story plus its credit: the longest copy.
  EXPECT_EQ(Field(Dups("n1").at("wire-0"), "duplicate_of"), "paper-a-0");
  std::ofstream(Path("sources.txt")) << "# preferred outlets\nPaper B\n";
  store_ = Path("store2.db");
  ASSERT_EQ(Dedupe(night1_, "s1", "--keep-sources " + Path("sources.txt")), 0) << err_;
  EXPECT_EQ(Field(Dups("s1").at("wire-0"), "duplicate_of"), "paper-b-0");
}

TEST_F(DedupeCliTest, WindowExpiresOldArticles) {
  ASSERT_EQ(Dedupe(night1_, "n1", "--window-days 1"), 0) << err_;
  // Night 2 a month later: night 1 is out of its window, so the copies of
  // its stories are kept (nothing earlier is left for them to copy), and
  // night 1 leaves the store at commit, with late-0 (a month before the
  // night's newest article).
  std::string text = ReadFile(night2_);
  for (size_t p; (p = text.find("2024-03-02")) != std::string::npos;) text.replace(p, 10, "2024-04-02");
  std::ofstream(Path("later.jsonl")) << text;
  ASSERT_EQ(Dedupe(Path("later.jsonl"), "n2", "--window-days 1"), 0) << err_;
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_EQ(Dups("n2").count("late-0"), 0u);
  EXPECT_EQ(Dups("n2").count("paper-a-1"), 0u);
  EXPECT_NE(out_.find("(7 kept, "), std::string::npos) << out_;  // night 2's kept but late-0
  EXPECT_NE(out_.find("batches: 2"), std::string::npos) << out_;
}

TEST_F(DedupeCliTest, SecondWriterWaitsOrFailsAndReadersNeverBlock) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  // Writer A holds the lock for 4 seconds.
  StartPaused(night2_, "a", "locked", 4);
  EXPECT_EQ(Run("store stats " + store_), 0) << err_;  // a reader, at once
  EXPECT_NE(out_.find("batches: 1"), std::string::npos) << out_;
  EXPECT_EQ(Dedupe(night2_, "b"), 2);
  EXPECT_NE(err_.find("store " + store_ + " is locked by another writer"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("b.kept")));
  // With a timeout longer than A's hold, B runs after A: night 2 is then
  // committed, and B replays it.
  ASSERT_EQ(Dedupe(night2_, "c", "--lock-timeout 30"), 0) << err_;
  EXPECT_NE(err_.find("already committed"), std::string::npos) << err_;
  EXPECT_EQ(ReadFile(Path("c.dups")), ReadFile(Path("a.dups")));
}

// SIGKILL at each stage of night 2, then a rerun: the clean run's outputs,
// and a store that passes its check.
TEST_F(DedupeCliTest, KilledNightLeavesStoreAsItWasAndRerunMatchesCleanRun) {
  CleanRun(2);
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  for (const char* stage : {"locked", "computed", "kept-written", "written", "committed"}) {
    SCOPED_TRACE(stage);
    const int killed = Dedupe(night2_, "n2", "", std::string("WIRETRACE_TEST_KILL_AT=") + stage);
    EXPECT_TRUE(killed == -1 || killed == 128 + 9) << killed << " " << err_;
    ASSERT_EQ(Run("store check " + store_), 0) << err_;
    ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
    EXPECT_EQ(ReadFile(Path("n2.kept")), ReadFile(Path("c2.kept")));
    EXPECT_EQ(ReadFile(Path("n2.dups")), ReadFile(Path("c2.dups")));
    ASSERT_EQ(Run("store stats " + store_), 0) << err_;
    EXPECT_NE(out_.find("batches: 2"), std::string::npos) << out_;
    // Back to night 1 only for the next stage.
    fs::remove(store_);
    fs::remove(store_ + "-wal");
    fs::remove(store_ + "-shm");
    ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  }
  // Kills at arbitrary moments (timed), each followed by a check.
  for (int ms : {5, 20, 40, 80, 120, 200}) {
    SCOPED_TRACE(ms);
    RunBinary("timeout -s KILL " + std::to_string(ms / 1000.0) + " " + WIRETRACE_BIN,
              "dedupe --store " + store_ + " " + night2_ + " -o " + Path("t.kept") + " --duplicates " + Path("t.dups"));
    ASSERT_EQ(Run("store check " + store_), 0) << err_;
  }
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  EXPECT_EQ(ReadFile(Path("n2.kept")), ReadFile(Path("c2.kept")));
  EXPECT_EQ(ReadFile(Path("n2.dups")), ReadFile(Path("c2.dups")));
}

// A reader in the middle of a read transaction on PATH, which holds the
// file (SQLite's SHARED lock, in rollback mode) until destroyed.
class HeldReader {
 public:
  explicit HeldReader(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_exec(db_, "BEGIN; SELECT count(*) FROM meta", nullptr, nullptr, nullptr) == SQLITE_OK) {
      holds_ = true;
    }
  }
  ~HeldReader() {
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  HeldReader(const HeldReader&) = delete;
  HeldReader& operator=(const HeldReader&) = delete;
  bool holds() const { return holds_; }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
  bool holds_ = false;
};

// The store's journal mode, as SQLite reports it ("wal", "delete").
std::string JournalMode(const std::string& path) {
  sqlite3* db = nullptr;
  std::string mode;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return mode;
}

// The first night writes a new store through SQLite's rollback journal (no
// WAL holding a second copy of the store) and leaves it in WAL mode. A
// reader meanwhile sees an empty store at once; a kill at any stage leaves
// a store that passes its check, and the rerun gives the clean run's
// outputs.
TEST_F(DedupeCliTest, FirstNightWritesTheStoreOnceAndLeavesItInWalMode) {
  CleanRun(1);
  EXPECT_EQ(JournalMode(Path("clean.db")), "wal");
  EXPECT_FALSE(fs::exists(Path("clean.db") + "-journal"));

  StartPaused(night1_, "a", "written", 3);
  // Staged, not committed: the rows are in SQLite's page cache, and there
  // is no WAL.
  EXPECT_FALSE(fs::exists(store_ + "-wal"));
  EXPECT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_NE(out_.find("batches: 0"), std::string::npos) << out_;
  EXPECT_EQ(ExitStatus("a"), "0\n") << ReadFile(Path("a.err"));
  EXPECT_EQ(ReadFile(Path("a.dups")), ReadFile(Path("c1.dups")));
  EXPECT_EQ(JournalMode(store_), "wal");

  for (const char* stage : {"locked", "computed", "kept-written", "written", "committed"}) {
    SCOPED_TRACE(stage);
    fs::remove(store_);
    fs::remove(store_ + "-wal");
    fs::remove(store_ + "-shm");
    const int killed = Dedupe(night1_, "n1", "", std::string("WIRETRACE_TEST_KILL_AT=") + stage);
    EXPECT_TRUE(killed == -1 || killed == 128 + 9) << killed << " " << err_;
    ASSERT_EQ(Run("store check " + store_), 0) << err_;
    ASSERT_EQ(Run("store stats " + store_), 0) << err_;
    EXPECT_NE(out_.find(std::string("batches: ") + (std::string(stage) == "committed" ? "1" : "0")), std::string::npos)
        << out_;
    ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
    EXPECT_EQ(ReadFile(Path("n1.kept")), ReadFile(Path("c1.kept")));
    EXPECT_EQ(ReadFile(Path("n1.dups")), ReadFile(Path("c1.dups")));
    EXPECT_EQ(JournalMode(store_), "wal");
    EXPECT_FALSE(fs::exists(store_ + "-journal"));
  }
}

// A reader that holds a new store while its first night commits (in
// rollback mode COMMIT needs the file to itself) delays that commit; it does
// not fail it.
TEST_F(DedupeCliTest, AReaderHoldingANewStoreDelaysItsFirstCommit) {
  StartPaused(night1_, "a", "written", 3);
  {
    const HeldReader reader(store_);
    ASSERT_TRUE(reader.holds()) << reader.error();
    // Held past the writer's pause, so that its COMMIT meets the reader.
    std::this_thread::sleep_for(std::chrono::milliseconds(5000));
    EXPECT_TRUE(ReadFile(Path("a.rc")).empty());  // still waiting
  }
  EXPECT_EQ(ExitStatus("a"), "0\n") << ReadFile(Path("a.err"));
  EXPECT_EQ(JournalMode(store_), "wal");
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_NE(out_.find("batches: 1"), std::string::npos) << out_;
}

// A first night whose switch to WAL did not happen (a reader held the file,
// or a kill came between COMMIT and the switch) leaves a committed store in
// rollback mode: readers read it, and the next night switches it, waiting
// for a reader that holds it.
TEST_F(DedupeCliTest, AStoreLeftInRollbackModeIsSwitchedByTheNextNight) {
  CleanRun(2);
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ASSERT_EQ(JournalMode(store_), "delete");
  ASSERT_EQ(Run("store check " + store_), 0) << err_;
  // A reader holds it when night 2 starts: the switch waits for the reader,
  // not failing as if another writer held the store.
  {
    const HeldReader reader(store_);
    ASSERT_TRUE(reader.holds()) << reader.error();
    Start(night2_, "n2");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_TRUE(ReadFile(Path("n2.rc")).empty()) << ReadFile(Path("n2.err"));  // still waiting
  }
  ASSERT_EQ(ExitStatus("n2"), "0\n") << ReadFile(Path("n2.err"));
  EXPECT_EQ(ReadFile(Path("n2.kept")), ReadFile(Path("c2.kept")));
  EXPECT_EQ(ReadFile(Path("n2.dups")), ReadFile(Path("c2.dups")));
  EXPECT_EQ(JournalMode(store_), "wal");
}

// A first night killed while SQLite writes its pages into the file leaves a
// hot rollback journal. A reader cannot roll it back (it opens the file
// read-only) and says what happened; the next night's writer rolls it back.
TEST_F(DedupeCliTest, FirstNightKilledWhileCommittingIsRolledBackByTheNextWriter) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  // The state such a kill leaves, made by hand: the store in rollback mode,
  // and a transaction killed after SQLite began writing pages into the file
  // (rows of 500 kB through a page cache of 10 pages spill into it).
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sqlite3* db = nullptr;
    if (sqlite3_open(store_.c_str(), &db) != SQLITE_OK) _exit(1);
    if (sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA cache_size=10; BEGIN IMMEDIATE; "
                         "UPDATE articles SET shingles = randomblob(500000)",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
      _exit(1);
    }
    raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  ASSERT_TRUE(fs::exists(store_ + "-journal"));
  EXPECT_EQ(Run("store check " + store_), 2) << out_;
  EXPECT_NE(err_.find("a write to it was interrupted"), std::string::npos) << err_;
  EXPECT_NE(err_.find("wiretrace dedupe --store " + store_), std::string::npos) << err_;
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  EXPECT_FALSE(fs::exists(store_ + "-journal"));
  EXPECT_EQ(JournalMode(store_), "wal");
  ASSERT_EQ(Run("store check " + store_), 0) << err_;
  EXPECT_NE(out_.find("ok"), std::string::npos) << out_;
}

TEST_F(DedupeCliTest, StoreCheckFindsDamage) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  ASSERT_EQ(Run("store check " + store_), 0) << err_;
  EXPECT_NE(out_.find("ok"), std::string::npos);
  // Checkpointed into the main file, then its second half overwritten.
  ASSERT_EQ(Dedupe(night2_, "n2"), 0) << err_;
  const auto size = fs::file_size(store_);
  {
    std::fstream f(store_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string junk(size / 2, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  fs::remove(store_ + "-wal");
  fs::remove(store_ + "-shm");
  EXPECT_EQ(Run("store check " + store_), 2) << out_;
  EXPECT_NE(err_.find(store_), std::string::npos) << err_;
  EXPECT_EQ(Run("store check " + Path("nothing.db")), 2);
}

// A record group that does not decompress is damage (exit 2), named.
TEST_F(DedupeCliTest, StoreCheckFindsADamagedRecordGroup) {
  ASSERT_EQ(Dedupe(night1_, "n1"), 0) << err_;
  ASSERT_EQ(Run("store check " + store_), 0) << err_;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE record_groups SET records = x'28b52ffd0058' WHERE grp = 0", nullptr, nullptr,
                         nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  EXPECT_EQ(Run("store check " + store_), 2) << out_;
  EXPECT_NE(err_.find("1 record groups that do not decompress"), std::string::npos) << err_;
}

// A small outlet publishes two pages a night inside its template. Alone,
// tonight's two pages share nothing but the template, which two pages
// cannot reveal (BoilerplateOptions::min_documents is 3); the window's
// stored pages of the outlet can.
TEST_F(DedupeCliTest, OutletTemplateLearnedAcrossNights) {
  StoryMaker maker(11);
  const std::string header = maker.Sentence(12) + "\n" + maker.Sentence(12) + "\n" + maker.Sentence(12);
  const std::string footer = maker.Sentence(12) + "\n" + maker.Sentence(12) + "\n" + maker.Sentence(12);
  auto page = [&](const std::string& id, const std::string& day) {
    return Record{id, "Small Outlet", day, header + "\n" + maker.Sentence(14) + "\n" + maker.Sentence(14) + "\n" + footer};
  };
  const std::string n1 = Write("small1.jsonl", {page("s1", "2024-03-01"), page("s2", "2024-03-01"), page("s3", "2024-03-01")}, {});
  const std::string n2 = Write("small2.jsonl", {page("s4", "2024-03-02"), page("s5", "2024-03-02")}, {});
  ASSERT_EQ(Dedupe(n1, "a1"), 0) << err_;
  EXPECT_EQ(Lines(ReadFile(Path("a1.kept"))).size(), 3u) << ReadFile(Path("a1.dups"));
  ASSERT_EQ(Dedupe(n2, "a2"), 0) << err_;
  EXPECT_EQ(Lines(ReadFile(Path("a2.kept"))).size(), 2u) << ReadFile(Path("a2.dups"));
  EXPECT_NE(err_.find("3 context pages"), std::string::npos) << err_;
  // Without the stored pages (--no-store-text), night 2 alone mistakes one
  // page for a copy of the other: what the store's text is for.
  store_ = Path("no_text.db");
  ASSERT_EQ(Dedupe(n1, "b1", "--no-store-text"), 0) << err_;
  ASSERT_EQ(Dedupe(n2, "b2", "--no-store-text"), 0) << err_;
  EXPECT_EQ(Lines(ReadFile(Path("b2.kept"))).size(), 1u) << ReadFile(Path("b2.dups"));
}

// Content-word rarity is judged over the window, not tonight alone. Last
// night the wire ran a formula (the words of a price posting) in 70 items;
// tonight two outlets each run it once, in a night of 1,300 other items, in
// their own words around it. Tonight alone, those words are in 2 of 1,302
// documents: rare, and the second item a "rewrite" of the first. Over the
// window they are in 72: common, and both items are kept. The store keeps
// the night's frequencies (`store stats`).
TEST_F(DedupeCliTest, ContentWordRarityComesFromTheWindow) {
  StoryMaker maker(11);
  std::vector<std::string> formula;
  for (int i = 0; i < 12; ++i) formula.push_back(maker.Word());
  // The formula's words in order, each after words of the page's own.
  auto page = [&](const std::string& own_words_of) {
    StoryMaker own(static_cast<uint32_t>(std::hash<std::string>()(own_words_of)));
    std::string text = own.Sentence(4) + "\n";  // a short line: no content words
    for (const std::string& w : formula) text += "the " + own.Word() + " of " + w + " and ";
    return text + "\n" + own.Sentence(4);
  };
  std::vector<Record> n1, n2;
  for (int i = 0; i < 70; ++i) {
    n1.push_back({"posting-" + std::to_string(i), "Wire", "2024-03-01T10:00:00Z", page("posting" + std::to_string(i))});
  }
  for (int i = 0; i < 1300; ++i) {
    n2.push_back({"item-" + std::to_string(i), "Wire", "2024-03-02T09:00:00Z",
                  "the of and " + maker.Sentence(10) + " the of and " + maker.Sentence(10)});
  }
  n2.push_back({"paper-x", "Paper X", "2024-03-02T10:00:00Z", page("paper-x")});
  n2.push_back({"paper-y", "Paper Y", "2024-03-02T11:00:00Z", page("paper-y")});
  const std::string night1 = Write("formula1.jsonl", n1, {});
  const std::string night2 = Write("formula2.jsonl", n2, {});
  // Tonight alone (a new store): the second outlet's page "copies" the first.
  store_ = Path("alone.db");
  ASSERT_EQ(Dedupe(night2, "alone"), 0) << err_;
  const std::map<std::string, std::string> alone = Dups("alone");
  ASSERT_TRUE(alone.contains("paper-y")) << ReadFile(Path("alone.dups"));
  EXPECT_EQ(Field(alone.at("paper-y"), "rule"), "words");
  // After last night: both kept.
  store_ = Path("window.db");
  ASSERT_EQ(Dedupe(night1, "formula1"), 0) << err_;
  ASSERT_EQ(Dedupe(night2, "formula2"), 0) << err_;
  EXPECT_NE(err_.find("content words judged over 70 earlier documents"), std::string::npos) << err_;
  const std::map<std::string, std::string> dups = Dups("formula2");
  EXPECT_FALSE(dups.contains("paper-x")) << ReadFile(Path("formula2.dups"));
  EXPECT_FALSE(dups.contains("paper-y")) << ReadFile(Path("formula2.dups"));
  ASSERT_EQ(Run("store stats " + store_), 0) << err_;
  EXPECT_NE(out_.find("word frequencies: 2 batches"), std::string::npos) << out_;
}

// The seven-night scenario of bench/nightly_scenario.py on real wire copy
// (../shared Reuters-21578, one weekday a night, plus outlet pages in
// templates with teasers that copy earlier nights' items, whole, trimmed,
// re-led or credited, and pages of stories seen nowhere else), scored by
// bench/nightly_eval.py. Skipped only when ../shared is absent.
TEST_F(DedupeCliTest, ReutersSevenNights) {
  const fs::path shared(WIRETRACE_SHARED_DIR);
  if (!fs::exists(shared)) GTEST_SKIP() << "../shared is absent";
  const std::string reuters = (shared / "data/reuters21578/reuters.jsonl").string();
  ASSERT_TRUE(fs::exists(reuters)) << reuters;
  const std::string bench = std::string(WIRETRACE_SOURCE_DIR) + "/bench/";
  ASSERT_EQ(RunBinary("python3", bench + "nightly_scenario.py --reuters " + reuters + " --out " + dir_.string()), 0)
      << err_;
  for (int k = 1; k <= 7; ++k) {
    const std::string night = "night" + std::to_string(k);
    ASSERT_EQ(Dedupe(Path(night + ".jsonl"), night), 0) << err_;
  }
  ASSERT_EQ(RunBinary("python3", bench + "nightly_eval.py " + dir_.string()), 0) << out_ << err_;
  auto percent = [&](const std::string& label) {
    const size_t p = out_.find(label);
    if (p == std::string::npos) return -1.0;
    return std::stod(out_.substr(out_.find(" = ", p) + 3));
  };
  EXPECT_NE(out_.find("records in exactly one output: yes"), std::string::npos) << out_;
  // Measured 528/528 (README, "Nightly dedupe"); the issue asks for 95%.
  EXPECT_GE(percent("planted copies naming their source"), 95.0) << out_;
  // Measured 202/203 = 99.5% (the issue asks for 99%), since a content-word
  // edge needs one side's one figure among the other's several
  // (VerifyOptions::min_figures_words): the two crude-oil postings of other
  // companies at other prices are no longer copies. The one lost is a note
  // offering of another company with the same one figure (README).
  EXPECT_GE(percent("unique pages kept"), 99.0) << out_;
  // Every duplicate shares text with the article it names: a word 4-gram, or
  // for the content-word rule, its rare words.
  EXPECT_NE(out_.find("duplicates sharing text"), std::string::npos) << out_;
}

}  // namespace
