// `wiretrace cluster` under mpirun (src/mpi/, README "Past one machine"):
// at 1, 2 and 4 ranks the clusters and the pairs are byte-identical to one
// process's, on the sample, Reuters and COUNTER; bad records and duplicate
// ids are reported with the same files and lines; a failing rank ends the
// job with exit 2 and its message; a bad option still exits 1. Skipped when
// the build has no MPI.
#include <unistd.h>

#include <string>
#include <vector>

#include "cli_test_util.h"

namespace wiretrace::test {
namespace {

namespace fs = std::filesystem;

#ifdef WIRETRACE_MPIEXEC
constexpr const char* kMpiexec = WIRETRACE_MPIEXEC;
#else
constexpr const char* kMpiexec = "";
#endif

class MpiClusterTest : public BinaryTest {
 protected:
  void SetUp() override {
    if (std::string(kMpiexec).empty()) GTEST_SKIP() << "built without MPI (WIRETRACE_WITH_MPI off)";
    BinaryTest::SetUp();
  }

  // mpirun -np N wiretrace ARGS. --oversubscribe: a test machine may have
  // fewer cores than ranks; root (CI containers) must be allowed explicitly.
  int RunRanks(int ranks, const std::string& args, const std::string& env = "") {
    std::string launcher = Launcher(ranks);
    if (!env.empty()) launcher += " -x " + env;
    return RunBinary(launcher, std::string(WIRETRACE_BIN) + " " + args);
  }

  // As RunRanks, with $RANK in ARGS standing for each process's rank: a
  // rank-local path, as on nodes that share no file system. Under `timeout`:
  // ranks that disagree can wait for each other for ever, and that must fail
  // the test, not hang the suite.
  int RunRanksWithRankInArgs(int ranks, const std::string& args) {
    return RunBinary("timeout 120 " + Launcher(ranks), "sh -c 'RANK=${OMPI_COMM_WORLD_RANK:-$PMI_RANK}; exec " +
                                                           std::string(WIRETRACE_BIN) + " " + args + "'");
  }

  static std::string Launcher(int ranks) {
    std::string launcher = std::string(kMpiexec) + " --oversubscribe -np " + std::to_string(ranks);
    if (::geteuid() == 0) launcher += " --allow-run-as-root";
    return launcher;
  }

  // The problem lines of stderr ("FILE:LINE: error|warning: ..."): the
  // summary after them has timings.
  static std::vector<std::string> ProblemLines(const std::string& err) {
    std::vector<std::string> out;
    for (const std::string& line : Lines(err)) {
      if (line.find(": error: ") != std::string::npos || line.find(": warning: ") != std::string::npos ||
          line.find("more lines with") != std::string::npos) {
        out.push_back(line);
      }
    }
    return out;
  }

  // One process's output on INPUTS, then 1, 2 and 4 ranks': the same bytes.
  void ExpectSameAtAnyRanks(const std::string& inputs, const std::vector<int>& ranks = {1, 2, 4},
                            const std::string& env = "") {
    const std::string plain_out = (dir_ / "plain.jsonl").string();
    const std::string plain_pairs = (dir_ / "plain_pairs.jsonl").string();
    ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + inputs + " -o " + plain_out + " --pairs " + plain_pairs), 0)
        << err_;
    const std::vector<std::string> plain_problems = ProblemLines(err_);
    const std::string want = ReadFile(plain_out);
    const std::string want_pairs = ReadFile(plain_pairs);
    ASSERT_FALSE(want.empty());
    for (int n : ranks) {
      const std::string out = (dir_ / ("np" + std::to_string(n) + ".jsonl")).string();
      const std::string pairs = (dir_ / ("np" + std::to_string(n) + "_pairs.jsonl")).string();
      ASSERT_EQ(RunRanks(n, "cluster " + inputs + " -o " + out + " --pairs " + pairs, env), 0) << n << ": " << err_;
      EXPECT_TRUE(ReadFile(out) == want) << "clusters differ at -np " << n;
      EXPECT_TRUE(ReadFile(pairs) == want_pairs) << "pairs differ at -np " << n;
      EXPECT_EQ(ProblemLines(err_), plain_problems) << "-np " << n;
    }
  }

  std::string Shared(const std::string& rel) { return std::string(WIRETRACE_SHARED_DIR) + "/data/" + rel; }
};

TEST_F(MpiClusterTest, SampleIsByteIdenticalAtOneTwoAndFourRanks) {
  ExpectSameAtAnyRanks(std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl");
}

TEST_F(MpiClusterTest, ReutersIsByteIdenticalAtOneTwoAndFourRanks) {
  const std::string path = Shared("reuters21578/reuters.jsonl");
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  ExpectSameAtAnyRanks(path);
}

TEST_F(MpiClusterTest, CounterIsByteIdenticalAtOneTwoAndFourRanks) {
  const std::string path = Shared("counter/counter.jsonl");
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  ExpectSameAtAnyRanks(path);
}

// The content words are counted, reduced and paired at the words' owners
// (src/mpi/words.h): with the path off (the sets travel as they are), with
// the order rule off (no first positions), and with a corpus of its own
// where the share limit, not the count, makes a word common.
TEST_F(MpiClusterTest, ContentWordOptionsAreByteIdenticalToo) {
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  ExpectSameAtAnyRanks(sample + " --no-content-words", {2, 3});
  ExpectSameAtAnyRanks(sample + " --word-min-aligned 0", {2, 3});
  ExpectSameAtAnyRanks(sample + " --word-max-share 0.01 --word-max-docs 1000 --rare-words 4", {3});
}

// Bad records, unparseable dates and ids repeated across the shards' bounds,
// in a split file and beside a compressed one (read whole by one rank): the
// same documents are kept and every problem has the same file and line.
TEST_F(MpiClusterTest, ProblemsAndDuplicateIdsAcrossRanksAsInOneProcess) {
  const std::string sample = ReadFile(fs::path(WIRETRACE_SOURCE_DIR) / "data/sample.jsonl");
  std::vector<std::string> lines = Lines(sample);
  std::string mixed;
  for (size_t i = 0; i < lines.size(); ++i) {
    mixed += lines[i] + "\n";
    if (i % 37 == 5) mixed += "{not json\n\n";
    if (i % 53 == 7) mixed += "{\"id\":\"dup\",\"text\":\"the same id, line " + std::to_string(i) + "\"}\n";
    if (i % 61 == 3) mixed += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"x\",\"published\":\"2014-09-31\"}\n";
  }
  mixed += lines[0] + "\n";  // the first record's id, last
  std::ofstream(dir_ / "mixed.jsonl", std::ios::binary) << mixed;
  std::ofstream(dir_ / "tail.jsonl", std::ios::binary) << lines[1] << "\n{\"id\":\"z\",\"text\":\"tail\"}\n";
  ASSERT_EQ(std::system(("gzip -f " + (dir_ / "tail.jsonl").string()).c_str()), 0);
  const std::string inputs = (dir_ / "mixed.jsonl").string() + " " + (dir_ / "tail.jsonl.gz").string();
  ExpectSameAtAnyRanks(inputs, {2, 4});
  // Units of 4 kB: dozens per rank, every line number past the bounds of
  // the units before it, the schema check on the file's first unit only.
  ExpectSameAtAnyRanks(inputs, {3}, "WIRETRACE_MPI_UNIT_BYTES=4096");
}

TEST_F(MpiClusterTest, AFailingRankEndsTheJobWithItsMessage) {
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  EXPECT_EQ(RunRanks(2, "cluster " + sample + " -o " + (dir_ / "out.jsonl").string(), "WIRETRACE_MPI_FAIL_RANK=1"),
            2);
  EXPECT_NE(err_.find("rank 1: cannot read its shard"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
}

// An option that one rank cannot honour (an --agencies file its node lacks)
// fails the job before any rank enters a collective: before, the other rank
// waited in the run's first one for ever.
TEST_F(MpiClusterTest, AnOptionFailingOnOneRankEndsTheJobWithItsMessage) {
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  fs::copy_file(std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/provenance/agencies.tsv", dir_ / "agencies-0.tsv");
  const std::string out = (dir_ / "out.jsonl").string();
  EXPECT_EQ(RunRanksWithRankInArgs(2, "cluster --agencies " + (dir_ / "agencies-$RANK.tsv").string() + " " + sample +
                                          " -o " + out),
            2);
  EXPECT_NE(err_.find("rank 1: cannot read --agencies"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out));
}

// Only rank 0 writes, so only its output paths are checked: another node
// need not have the directory.
TEST_F(MpiClusterTest, OnlyRankZerosOutputPathsMustBeWritable) {
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster -q " + sample + " -o " + (dir_ / "plain.jsonl").string()), 0) << err_;
  fs::create_directories(dir_ / "d0");
  EXPECT_EQ(RunRanksWithRankInArgs(2, "cluster -q " + sample + " -o " + (dir_ / "d$RANK" / "out.jsonl").string()), 0)
      << err_;
  EXPECT_TRUE(ReadFile(dir_ / "d0" / "out.jsonl") == ReadFile(dir_ / "plain.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "d1"));
  // Rank 0's own path that cannot be written still fails the job, once.
  EXPECT_EQ(RunRanks(2, "cluster -q " + sample + " -o " + (dir_ / "none" / "out.jsonl").string()), 2);
  EXPECT_NE(err_.find("rank 0: cannot write"), std::string::npos) << err_;
}

TEST_F(MpiClusterTest, ADamagedInputOnOneRankExitsTwoAsInOneProcess) {
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  ASSERT_EQ(std::system(("gzip -c " + sample + " | head -c 2000 > " + (dir_ / "cut.jsonl.gz").string()).c_str()), 0);
  const std::string inputs = sample + " " + (dir_ / "cut.jsonl.gz").string();
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + inputs + " -o " + (dir_ / "plain.jsonl").string()), 2);
  const std::vector<std::string> plain = ProblemLines(err_);
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(RunRanks(4, "cluster " + inputs + " -o " + (dir_ / "np4.jsonl").string()), 2);
  EXPECT_EQ(ProblemLines(err_), plain);
  EXPECT_TRUE(ReadFile(dir_ / "np4.jsonl") == ReadFile(dir_ / "plain.jsonl"));
}

TEST_F(MpiClusterTest, UsageErrorsStillExitOne) {
  EXPECT_EQ(RunRanks(2, "cluster --no-such-option x.jsonl"), 1);
  EXPECT_EQ(RunRanks(2, "eval --help"), 1);
  EXPECT_NE(err_.find("only `cluster` runs"), std::string::npos) << err_;
  const std::string sample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  EXPECT_EQ(RunRanks(2, "cluster --explain " + sample + " -o " + (dir_ / "out.jsonl").string()), 1);
}

}  // namespace
}  // namespace wiretrace::test
