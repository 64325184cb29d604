// The one-header API (include/wiretrace/wiretrace.h) on the bundled sample:
// records in memory read as their file does, the output writers give the
// CLI's bytes (also in pieces), and provenance and dedupe run over both.
#include "wiretrace/wiretrace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_util.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;

const std::string kSample = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";

EngineOptions TwoThreads() {
  EngineOptions options;
  options.threads = 2;
  return options;
}

TEST(WiretraceTest, RecordsInMemoryClusterAsTheirFile) {
  absl::StatusOr<ClusterRun> from_file = Cluster({Input::File(kSample)}, TwoThreads());
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  absl::StatusOr<ClusterRun> from_memory = Cluster({Input::Lines("<batch>", test::ReadFile(kSample))}, TwoThreads());
  ASSERT_TRUE(from_memory.ok()) << from_memory.status();
  ASSERT_EQ(from_file->documents.size(), 171u);
  EXPECT_EQ(FormatClusters(*from_memory), FormatClusters(*from_file));
  EXPECT_EQ(FormatPairs(*from_memory), FormatPairs(*from_file));
  EXPECT_GT(from_file->edges.size(), 100u);
  EXPECT_EQ(from_memory->files, std::vector<std::string>{"<batch>"});
}

TEST(WiretraceTest, FormatClustersIsTheCliOutput) {
  const fs::path dir = fs::temp_directory_path() / ("wiretrace_api_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const test::CommandResult cli = test::RunCommand(WIRETRACE_BIN, "cluster -q " + kSample, dir.string());
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  absl::StatusOr<ClusterRun> run = Cluster({Input::File(kSample)}, TwoThreads());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(FormatClusters(*run), cli.out);
  fs::remove_all(dir);
}

TEST(WiretraceTest, OutputsInPiecesAddUpToTheWhole) {
  absl::StatusOr<ClusterRun> run = Cluster({Input::File(kSample)}, TwoThreads());
  ASSERT_TRUE(run.ok()) << run.status();
  for (TableFormat format : {TableFormat::kJsonl, TableFormat::kCsv}) {
    std::string clusters, pairs;
    for (size_t begin = 0; begin < 200; begin += 7) clusters += FormatClusters(*run, format, begin, begin + 7);
    for (size_t begin = 0; begin < run->edges.size(); begin += 13) pairs += FormatPairs(*run, format, begin, begin + 13);
    EXPECT_EQ(clusters, FormatClusters(*run, format));
    EXPECT_EQ(pairs, FormatPairs(*run, format));
  }
  const std::string csv = FormatClusters(*run, TableFormat::kCsv);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "id,cluster,cluster_size,representative,jaccard,containment");
  EXPECT_EQ(test::Lines(csv).size(), 172u);
}

TEST(WiretraceTest, ProblemsNameTheInMemoryInputAndLine) {
  const std::string lines = "{\"id\":\"a\",\"text\":\"one two three four five\"}\n"
                            "not json\n"
                            "\n"
                            "{\"text\":\"no id\"}\n";
  absl::StatusOr<ClusterRun> run = Cluster({Input::Lines("<batch>", lines)}, TwoThreads());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->documents.size(), 1u);
  ASSERT_EQ(run->problems.size(), 2u);
  EXPECT_EQ(run->problems[0].file, "<batch>");
  EXPECT_EQ(run->problems[0].line, 2u);
  EXPECT_EQ(run->problems[1].line, 4u);
}

TEST(WiretraceTest, TwoInputsOfOneNameAreRefused) {
  absl::StatusOr<ClusterRun> run =
      Cluster({Input::Lines("<batch>", "{\"id\":1,\"text\":\"x\"}\n"), Input::Lines("<batch>", "")}, TwoThreads());
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(run.status().message().find("<batch>"), std::string_view::npos);
}

TEST(WiretraceTest, ProvenanceOverEarlierLabelsIsTheSameAsOverTheEngine) {
  absl::StatusOr<ProvenanceRun> own = Provenance({Input::File(kSample)}, TwoThreads(), {});
  ASSERT_TRUE(own.ok()) << own.status();
  const std::string jsonl = FormatProvenance(own->run, own->result, ProvenanceFormat::kJsonl, {});
  EXPECT_GT(test::Lines(jsonl).size(), 100u);
  // The engine's own clusters as labels of an earlier run give the same answer.
  ClusterLabels labels;
  for (const DocumentResult& d : own->run.documents) labels[d.id] = std::to_string(d.cluster);
  absl::StatusOr<ProvenanceRun> labelled = Provenance({Input::File(kSample)}, TwoThreads(), {}, &labels);
  ASSERT_TRUE(labelled.ok()) << labelled.status();
  EXPECT_EQ(labelled->unlabelled, 0u);
  EXPECT_EQ(FormatProvenance(labelled->run, labelled->result, ProvenanceFormat::kJsonl, {}), jsonl);
  // Documents the labels leave out are singletons, and counted.
  labels.erase(own->run.documents[0].id);
  labels.erase(own->run.documents[1].id);
  absl::StatusOr<ProvenanceRun> partial = Provenance({Input::File(kSample)}, TwoThreads(), {}, &labels);
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_EQ(partial->unlabelled, 2u);
  EXPECT_NE(FormatProvenance(partial->run, partial->result, ProvenanceFormat::kJsonl, {}), jsonl);
}

TEST(WiretraceTest, DedupeOfRecordsInMemoryIsDedupeOfTheirFile) {
  const fs::path dir = fs::temp_directory_path() / ("wiretrace_api_dedupe_" + std::to_string(getpid()));
  fs::create_directories(dir);
  DedupeOptions options;
  options.engine = TwoThreads();
  options.now = 1'700'000'000;
  std::string kept[2], duplicates[2];
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open((dir / ("s" + std::to_string(i) + ".db")).string(), {});
    ASSERT_TRUE(store.ok()) << store.status();
    const Input input = i == 0 ? Input::File(kSample) : Input::Lines("<batch>", test::ReadFile(kSample));
    absl::StatusOr<DedupeRun> run = Dedupe({input}, options, store->get());
    ASSERT_TRUE(run.ok()) << run.status();
    kept[i] = KeptOutput(*run);
    duplicates[i] = run->duplicates;
  }
  EXPECT_EQ(kept[1], kept[0]);
  EXPECT_EQ(duplicates[1], duplicates[0]);
  EXPECT_EQ(test::Lines(kept[0]).size() + test::Lines(duplicates[0]).size(), 171u);
  EXPECT_FALSE(duplicates[0].empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace wiretrace
