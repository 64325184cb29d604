#include "wiretrace/eval.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wiretrace {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

// Labels documents d0, d1, ... with the given cluster numbers.
ClusterLabels Labels(const std::vector<int>& clusters) {
  ClusterLabels labels;
  for (size_t i = 0; i < clusters.size(); ++i) {
    labels[absl::StrCat("d", i)] = absl::StrCat(clusters[i]);
  }
  return labels;
}

double Ari(const std::vector<int>& gold, const std::vector<int>& predicted) {
  absl::StatusOr<ClusterScores> scores =
      ScoreClusters(Labels(gold), Labels(predicted));
  EXPECT_TRUE(scores.ok()) << scores.status();
  return scores.ok() ? scores->ari : std::nan("");
}

TEST(AdjustedRandIndex, ClassicSixElementExample) {
  // Contingency [[2,1,0],[0,1,2]]: index 2, row pairs 6, column pairs 3,
  // N 15; (2 - 18/15) / (4.5 - 18/15) = 8/33.
  EXPECT_THAT(Ari({0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 2, 2}),
              DoubleNear(8.0 / 33.0, 1e-12));
}

TEST(AdjustedRandIndex, SmallHandComputedExamples) {
  // index 1, a 2, b 1, N 6: (1 - 1/3) / (3/2 - 1/3) = 4/7.
  EXPECT_THAT(Ari({0, 0, 1, 1}, {0, 0, 1, 2}), DoubleNear(4.0 / 7.0, 1e-12));
  EXPECT_THAT(Ari({0, 0, 1, 2}, {0, 0, 1, 1}), DoubleNear(4.0 / 7.0, 1e-12));
  // Crossed partitions: index 0, a = b = 2: (0 - 2/3) / (2 - 2/3) = -1/2.
  EXPECT_THAT(Ari({0, 0, 1, 1}, {0, 1, 0, 1}), DoubleNear(-0.5, 1e-12));
  // One cluster against all singletons: expected index 0 = index.
  EXPECT_THAT(Ari({0, 0, 0, 0}, {0, 1, 2, 3}), DoubleNear(0.0, 1e-12));
}

TEST(AdjustedRandIndex, FourteenElementExample) {
  // Computed with exact fractions: index 8, a 26, b 22, N 91 -> 3/31.
  EXPECT_THAT(Ari({0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2},
                  {1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 4}),
              DoubleNear(3.0 / 31.0, 1e-12));
}

TEST(AdjustedRandIndex, IdenticalPartitionsScoreOne) {
  EXPECT_DOUBLE_EQ(Ari({0, 0, 1, 1, 2}, {0, 0, 1, 1, 2}), 1.0);
  // Degenerate cases where the formula is 0/0.
  EXPECT_DOUBLE_EQ(Ari({0, 1, 2, 3}, {0, 1, 2, 3}), 1.0);
  EXPECT_DOUBLE_EQ(Ari({5, 5, 5}, {9, 9, 9}), 1.0);
  EXPECT_DOUBLE_EQ(Ari({0}, {0}), 1.0);
}

TEST(AdjustedRandIndex, RelabelingScoresOne) {
  const std::vector<int> gold = {0, 0, 0, 1, 1, 2, 3, 3, 3, 3, 4};
  std::vector<int> predicted;
  const std::array<int, 5> relabel = {42, 7, -3, 1000, 0};
  for (int g : gold) predicted.push_back(relabel[static_cast<size_t>(g)]);
  EXPECT_DOUBLE_EQ(Ari(gold, predicted), 1.0);
}

TEST(ScoreClusters, PairwisePrecisionRecallF1) {
  // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}. Gold pairs 01 02 12 34,
  // predicted pairs 01 23 24 34: TP 2, FP 2, FN 2.
  absl::StatusOr<ClusterScores> s =
      ScoreClusters(Labels({0, 0, 0, 1, 1}), Labels({0, 0, 1, 1, 1}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->documents_scored, 5u);
  EXPECT_EQ(s->gold_clusters, 2u);
  EXPECT_EQ(s->predicted_clusters, 2u);
  EXPECT_EQ(s->true_positive_pairs, 2u);
  EXPECT_EQ(s->false_positive_pairs, 2u);
  EXPECT_EQ(s->false_negative_pairs, 2u);
  EXPECT_DOUBLE_EQ(s->precision, 0.5);
  EXPECT_DOUBLE_EQ(s->recall, 0.5);
  EXPECT_DOUBLE_EQ(s->f1, 0.5);

  // Over-merging: everything in one cluster. TP 4 of 10 predicted pairs.
  s = ScoreClusters(Labels({0, 0, 0, 1, 1}), Labels({0, 0, 0, 0, 0}));
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->precision, 0.4);
  EXPECT_DOUBLE_EQ(s->recall, 1.0);
  EXPECT_NEAR(s->f1, 2 * 0.4 / 1.4, 1e-12);

  // All singletons predicted: nothing claimed, nothing found.
  s = ScoreClusters(Labels({0, 0, 1}), Labels({0, 1, 2}));
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->precision, 1.0);
  EXPECT_DOUBLE_EQ(s->recall, 0.0);
  EXPECT_DOUBLE_EQ(s->f1, 0.0);
}

TEST(ScoreClusters, OnlyCommonDocumentsAreScored) {
  ClusterLabels gold = {{"a", "x"}, {"b", "x"}, {"c", "y"}, {"g", "z"}};
  ClusterLabels predicted = {{"a", "1"}, {"b", "1"}, {"c", "2"}, {"p", "3"},
                             {"q", "3"}};
  absl::StatusOr<ClusterScores> s = ScoreClusters(gold, predicted);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->documents_scored, 3u);
  EXPECT_EQ(s->only_in_gold, 1u);
  EXPECT_EQ(s->only_in_predicted, 2u);
  EXPECT_DOUBLE_EQ(s->ari, 1.0);
}

TEST(ScoreClusters, NoCommonIdIsAnError) {
  absl::StatusOr<ClusterScores> s =
      ScoreClusters({{"a", "1"}}, {{"b", "1"}});
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("in common"));
}

TEST(ReadClusters, GoldTsvSkipsCommentsAndBlankLines) {
  absl::StatusOr<ClusterLabels> gold = ParseGoldClusters(
      "# id\tcluster\n\nap-1\tstory-a\r\nap-2\tstory-a\n  \n42\tstory-b",
      "gold.tsv");
  ASSERT_TRUE(gold.ok()) << gold.status();
  EXPECT_EQ(gold->size(), 3u);
  EXPECT_EQ(gold->at("ap-1"), "story-a");
  EXPECT_EQ(gold->at("42"), "story-b");
}

TEST(ReadClusters, MalformedGoldLineNamesFileAndLine) {
  absl::StatusOr<ClusterLabels> gold =
      ParseGoldClusters("a\t1\n# comment\nb 2\n", "gold.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("gold.tsv:3:"));

  gold = ParseGoldClusters("a\t1\nb\t\n", "g2.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("g2.tsv:2:"));

  gold = ParseGoldClusters("a\t1\nb\t2\na\t1\n", "g3.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()),
              HasSubstr("g3.tsv:3: duplicate id 'a' (first on line 1)"));
}

TEST(ReadClusters, PredictedJsonLines) {
  absl::StatusOr<ClusterLabels> predicted = ParsePredictedClusters(
      "\n{\"id\": \"ap-1\", \"cluster\": 3, \"cluster_size\": 2, "
      "\"representative\": \"ap-1\", \"jaccard\": 1.0}\n"
      "{\"cluster\": 3, \"id\": 42}\n"
      "{\"id\": \"caf\\u00e9\", \"cluster\": -1}\n",
      "clusters.jsonl");
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  EXPECT_EQ(predicted->size(), 3u);
  EXPECT_EQ(predicted->at("ap-1"), "3");
  EXPECT_EQ(predicted->at("42"), "3");  // a number id compares by its text
  EXPECT_EQ(predicted->at("caf\xc3\xa9"), "-1");

  absl::StatusOr<ClusterScores> s = ScoreClusters(
      {{"ap-1", "x"}, {"42", "x"}, {"caf\xc3\xa9", "y"}}, *predicted);
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->ari, 1.0);
}

TEST(ReadClusters, PredictedTsv) {
  absl::StatusOr<ClusterLabels> predicted =
      ParsePredictedClusters("a\t0\nb\t0\nc\t1\n", "run.tsv");
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  EXPECT_EQ(predicted->at("c"), "1");
}

TEST(ReadClusters, BadJsonLinesNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"id\": \"a\", \"cluster\": 1}\n{\"id\": \"b\"}\n", "missing \"cluster\""},
      {"{\"id\": \"a\", \"cluster\": 1}\n{\"id\": \"b\", \"cluster\": 1.5}\n",
       "not an integer"},
      {"{\"id\": \"a\", \"cluster\": 1}\n{\"id\": [1], \"cluster\": 1}\n",
       "string or a number"},
      {"{\"id\": \"a\", \"cluster\": 1}\n{\"id\": \"a\", \"cluster\": 2}\n",
       "duplicate id 'a'"},
      {"{\"id\": \"a\", \"cluster\": 1}\n[1, 2]\n", "not a JSON object"},
  };
  for (const auto& [contents, expected] : cases) {
    absl::StatusOr<ClusterLabels> predicted =
        ParsePredictedClusters(contents, "run.jsonl");
    ASSERT_FALSE(predicted.ok()) << contents;
    EXPECT_THAT(std::string(predicted.status().message()),
                HasSubstr("run.jsonl:2:"));
    EXPECT_THAT(std::string(predicted.status().message()), HasSubstr(expected));
  }
}

TEST(ReadClusters, MissingFileIsNotFound) {
  absl::StatusOr<ClusterLabels> gold =
      ReadGoldClusters("/nonexistent/wiretrace/gold.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_EQ(gold.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(gold.status().message()),
              HasSubstr("/nonexistent/wiretrace/gold.tsv"));
}

TEST(GoldParents, ParsesEdgesAndRejectsBadOnes) {
  absl::StatusOr<GoldParents> gold =
      ParseGoldParents("# parent\tchild\nr\ta\na\tb\nr\ta\nc\tm\nd\tm\n",
                       "parents.tsv");
  ASSERT_TRUE(gold.ok()) << gold.status();
  EXPECT_EQ(gold->parents_of.at("a"), std::vector<std::string>{"r"});
  EXPECT_EQ(gold->parents_of.at("m"), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(gold->ids, (std::vector<std::string>{"r", "a", "b", "c", "m", "d"}));

  gold = ParseGoldParents("r\ta\nr\tr\n", "p.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("p.tsv:2:"));

  gold = ParseGoldParents("r\ta\tb\n", "p.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("p.tsv:1:"));

  gold = ParseGoldParents("a\tb\nb\tc\nc\ta\n", "p.tsv");
  ASSERT_FALSE(gold.ok());
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("cycle"));
}

// Gold: r -> a -> b (a copy of a copy), r -> c, s -> t, composite m of c and
// s; a separate story u -> v.
constexpr char kGoldEdges[] =
    "r\ta\na\tb\nr\tc\ns\tt\nc\tm\ns\tm\nu\tv\n";

TEST(ScoreProvenance, ParentAndRootAccuracy) {
  absl::StatusOr<GoldParents> gold = ParseGoldParents(kGoldEdges, "gold");
  ASSERT_TRUE(gold.ok()) << gold.status();
  absl::StatusOr<std::vector<ProvenanceEntry>> output = ParseProvenance(
      // r: right. a: right parent, right root.
      "{\"id\": \"r\", \"cluster\": 1, \"parents\": [], \"root\": \"r\"}\n"
      "{\"id\": \"a\", \"parents\": [{\"id\": \"r\", \"share\": 0.9}], "
      "\"root\": \"r\"}\n"
      // b: the intermediate a has the top share: right; but root wrong.
      "{\"id\": \"b\", \"parents\": [{\"id\": \"r\", \"share\": 0.7}, "
      "{\"id\": \"a\", \"share\": 0.9}], \"root\": \"a\"}\n"
      // c: wrong parent (a sibling), right root.
      "{\"id\": \"c\", \"parents\": [{\"id\": \"a\", \"share\": 0.8}], "
      "\"root\": \"r\"}\n"
      // m: composite; either parent and either root counts.
      "{\"id\": \"m\", \"parents\": [{\"id\": \"s\", \"share\": 0.6}, "
      "{\"id\": \"c\", \"share\": 0.4}], \"root\": \"s\"}\n"
      // s: a true root reported as a copy of t.
      "{\"id\": \"s\", \"parents\": [{\"id\": \"t\", \"share\": 0.5}], "
      "\"root\": \"t\"}\n"
      // t: no parent found.
      "{\"id\": \"t\", \"parents\": [], \"root\": null}\n"
      // v: right (its parent u is missing from the output).
      "{\"id\": \"v\", \"parents\": [{\"id\": 17, \"share\": 0.1}, "
      "{\"id\": \"u\", \"share\": 1}], \"root\": \"u\"}\n"
      "{\"id\": 17, \"parents\": [], \"root\": 17}\n",
      "prov.jsonl");
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_EQ(output->size(), 9u);
  EXPECT_EQ(output->back().id, "17");
  EXPECT_EQ((*output)[6].root, "");

  absl::StatusOr<ProvenanceScores> s = ScoreProvenance(*gold, *output);
  ASSERT_TRUE(s.ok()) << s.status();
  // Children a b c t m v are scored; a b m v are right.
  EXPECT_EQ(s->children_scored, 6u);
  EXPECT_EQ(s->children_parent_correct, 4u);
  EXPECT_NEAR(s->parent_accuracy, 4.0 / 6.0, 1e-12);
  // Components {r a b c s t m} (joined by the composite) and {u v}.
  EXPECT_EQ(s->gold_components, 2u);
  EXPECT_EQ(s->components_scored, 2u);
  EXPECT_EQ(s->components_root_correct, 1u);
  EXPECT_DOUBLE_EQ(s->root_accuracy, 0.5);
  // Documents r a c m v have a right root; b s t do not.
  EXPECT_EQ(s->documents_scored, 8u);
  EXPECT_EQ(s->documents_root_correct, 5u);
  EXPECT_DOUBLE_EQ(s->document_root_accuracy, 5.0 / 8.0);
  EXPECT_EQ(s->gold_documents_missing, 1u);
  EXPECT_EQ(s->output_documents_not_in_gold, 1u);
  EXPECT_EQ(s->gold_roots_given_parents, 1u);
}

TEST(ScoreProvenance, CompositeEitherParentIsCorrect) {
  absl::StatusOr<GoldParents> gold =
      ParseGoldParents("p\tm\nq\tm\n", "gold");
  ASSERT_TRUE(gold.ok());
  for (const char* top : {"p", "q"}) {
    std::vector<ProvenanceEntry> output(1);
    output[0].id = "m";
    output[0].parents = {{"x", 0.2}, {top, 0.55}};
    output[0].root = top;
    absl::StatusOr<ProvenanceScores> s = ScoreProvenance(*gold, output);
    ASSERT_TRUE(s.ok());
    EXPECT_DOUBLE_EQ(s->parent_accuracy, 1.0) << top;
    EXPECT_DOUBLE_EQ(s->root_accuracy, 1.0) << top;
  }
}

TEST(ScoreProvenance, FieldsInAnyOrderAndExtraFieldsIgnored) {
  absl::StatusOr<std::vector<ProvenanceEntry>> output = ParseProvenance(
      "{\"root\": \"r\", \"credits\": [\"(ANI)\"], \"parents\": "
      "[{\"share\": 0.75, \"cluster\": 4, \"id\": \"r\"}], \"cluster\": 4, "
      "\"id\": \"a\", \"passages\": [{\"text\": \"x\"}]}\n",
      "prov.jsonl");
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_EQ(output->size(), 1u);
  EXPECT_EQ((*output)[0].id, "a");
  EXPECT_EQ((*output)[0].root, "r");
  ASSERT_EQ((*output)[0].parents.size(), 1u);
  EXPECT_EQ((*output)[0].parents[0].id, "r");
  EXPECT_DOUBLE_EQ((*output)[0].parents[0].share, 0.75);
}

TEST(ScoreProvenance, BadOutputNamesTheLine) {
  absl::StatusOr<std::vector<ProvenanceEntry>> output = ParseProvenance(
      "{\"id\": \"a\", \"parents\": [], \"root\": \"a\"}\n"
      "{\"id\": \"b\", \"parents\": [{\"id\": \"a\"}], \"root\": \"a\"}\n",
      "prov.jsonl");
  ASSERT_FALSE(output.ok());
  EXPECT_THAT(std::string(output.status().message()),
              HasSubstr("prov.jsonl:2:"));
  EXPECT_THAT(std::string(output.status().message()), HasSubstr("share"));

  output = ParseProvenance("{\"id\": \"b\", \"parents\": []}\n", "p.jsonl");
  ASSERT_FALSE(output.ok());
  EXPECT_THAT(std::string(output.status().message()),
              HasSubstr("p.jsonl:1: missing \"root\""));
}

// End to end: the real binary on real files.
class EvalCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("wiretrace_eval_test_", getpid(), "_",
                        ::testing::UnitTest::GetInstance()
                            ->current_test_info()
                            ->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  // Runs the binary with `args`; returns its exit code and fills `out` with
  // stdout and `err` with stderr.
  int Run(const std::string& args, std::string* out, std::string* err) {
    const std::string err_path = (dir_ / "stderr.txt").string();
    const std::string command =
        absl::StrCat(WIRETRACE_BIN, " ", args, " 2>", err_path);
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    out->clear();
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      out->append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    std::ifstream in(err_path);
    err->assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::filesystem::path dir_;
};

TEST_F(EvalCommandTest, PrintsClusterScores) {
  const std::string gold =
      Write("gold.tsv", "# gold\nd0\tx\nd1\tx\nd2\tx\nd3\ty\nd4\ty\nd5\ty\n");
  const std::string run = Write(
      "clusters.jsonl",
      "{\"id\": \"d0\", \"cluster\": 0}\n{\"id\": \"d1\", \"cluster\": 0}\n"
      "{\"id\": \"d2\", \"cluster\": 1}\n{\"id\": \"d3\", \"cluster\": 1}\n"
      "{\"id\": \"d4\", \"cluster\": 2}\n{\"id\": \"d5\", \"cluster\": 2}\n");
  std::string out, err;
  ASSERT_EQ(Run(absl::StrCat("eval --gold ", gold, " ", run), &out, &err), 0)
      << err;
  EXPECT_THAT(out, HasSubstr("documents scored             6"));
  EXPECT_THAT(out, HasSubstr("adjusted Rand index     0.2424"));
  EXPECT_THAT(out, HasSubstr("pairwise precision      0.6667"));
  EXPECT_THAT(out, HasSubstr("pairwise recall         0.3333"));
  EXPECT_THAT(out, HasSubstr("pairwise F1             0.4444"));
  EXPECT_THAT(out, HasSubstr("true positive pairs          2"));
  EXPECT_THAT(out, HasSubstr("false positive pairs         1"));

  ASSERT_EQ(
      Run(absl::StrCat("eval --json --gold ", gold, " ", run), &out, &err), 0)
      << err;
  EXPECT_THAT(out, HasSubstr("{\"clusters\": {\"documents_scored\": 6,"));
  EXPECT_THAT(out, HasSubstr("\"ari\": 0.242424"));
  EXPECT_THAT(out, HasSubstr("\"true_positive_pairs\": 2"));
}

TEST_F(EvalCommandTest, PrintsProvenanceScores) {
  const std::string gold = Write("parents.tsv", kGoldEdges);
  const std::string run = Write(
      "prov.jsonl",
      "{\"id\": \"a\", \"parents\": [{\"id\": \"r\", \"share\": 0.9}], "
      "\"root\": \"r\"}\n"
      "{\"id\": \"b\", \"parents\": [{\"id\": \"r\", \"share\": 0.95}], "
      "\"root\": \"r\"}\n");
  std::string out, err;
  ASSERT_EQ(Run(absl::StrCat("eval --json --gold-parents ", gold, " ", run),
                &out, &err),
            0)
      << err;
  EXPECT_THAT(out, HasSubstr("\"children_scored\": 2"));
  EXPECT_THAT(out, HasSubstr("\"parent_accuracy\": 0.500000"));
  EXPECT_THAT(out, HasSubstr("\"root_accuracy\": 1.000000"));
  ASSERT_EQ(Run(absl::StrCat("eval --gold-parents ", gold, " ", run), &out,
                &err),
            0);
  EXPECT_THAT(out, HasSubstr("parent accuracy         0.5000  (1 of 2"));
}

TEST_F(EvalCommandTest, ErrorsAndExitCodes) {
  const std::string gold = Write("gold.tsv", "a\t1\nb\t1\n");
  const std::string bad_gold = Write("bad.tsv", "a\t1\nb;1\n");
  const std::string run = Write("run.tsv", "a\t5\nb\t5\n");
  std::string out, err;

  const std::string missing = (dir_ / "missing.jsonl").string();
  EXPECT_EQ(Run(absl::StrCat("eval --gold ", gold, " ", missing), &out, &err),
            2);
  EXPECT_THAT(err, HasSubstr(missing));

  EXPECT_EQ(Run(absl::StrCat("eval --gold ", bad_gold, " ", run), &out, &err),
            2);
  EXPECT_THAT(err, HasSubstr(absl::StrCat(bad_gold, ":2:")));

  EXPECT_EQ(Run(absl::StrCat("eval ", run), &out, &err), 1);  // no gold
  EXPECT_EQ(Run(absl::StrCat("eval --gold ", gold), &out, &err), 1);
  EXPECT_EQ(Run(absl::StrCat("eval --gold ", gold, " ", run), &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("adjusted Rand index     1.0000"));
}

}  // namespace
}  // namespace wiretrace
