// Unit tests of the engine's stages (src/internal/engine_stages.h) on files
// they read: what the read stage keeps of each document for the later ones.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "internal/engine_stages.h"
#include "wiretrace/ingest.h"

namespace wiretrace::internal {
namespace {

namespace fs = std::filesystem;

// Pages of three outlets, each wrapped in its outlet's template (a menu,
// labels shorter than ContentWordOptions::min_line_words, a copyright line):
// common words on every page, rare words drawn from a large vocabulary, and
// every tenth page a copy of the page before it.
void WritePages(const fs::path& path, int pages) {
  const char* const kCommon[] = {"the", "said", "on", "of", "and", "a", "in", "to", "for", "was"};
  std::mt19937 rng(7);
  std::ofstream out(path);
  std::string body;
  for (int p = 0; p < pages; ++p) {
    const int outlet = p % 3;
    if (p % 10 != 9) {
      body.clear();
      for (int line = 0; line < 4; ++line) {
        for (int w = 0; w < 24; ++w) {
          body += w % 2 == 0 ? kCommon[rng() % 10] : "w" + std::to_string(rng() % 20000);
          body += ' ';
        }
        body += "\\n";
      }
    }
    out << "{\"id\":\"p" << p << "\",\"source\":\"Outlet " << outlet << "\",\"title\":\"Report " << p
        << "\",\"text\":\"Home | World | Business | Sports\\nShare this\\n" << body
        << "Copyright outlet " << outlet << " all rights reserved\"}\n";
  }
}

// Reads `path` as RunCluster's only read does, or as a run whose common words
// are left to sign, into *corpus; then signs.
struct Stages {
  EngineOptions options;
  RunSummary summary;
  ClusterRun run;
  std::function<void(const Progress&)> no_progress;
  tbb::task_arena arena{2};
};

void Read(const fs::path& path, bool learn_while_reading, Stages* stages, Corpus* corpus) {
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open({path.string()}, stages->options.ingest);
  ASSERT_TRUE(reader.ok()) << reader.status();
  StageClock clock(stages->no_progress, &stages->summary);
  corpus->learn_common_words_while_reading = learn_while_reading;
  ASSERT_TRUE(ReadCorpus(**reader, stages->options, 2, stages->arena, &clock, &stages->run, corpus).ok());
}

TEST(ReadStageTest, CommonWordsDroppedWhileReadingLeaveSignWithTheSameWords) {
  const fs::path path = fs::temp_directory_path() / ("wiretrace_read_stage_" + std::to_string(getpid()) + ".jsonl");
  const int pages = static_cast<int>(kCommonWordSampleDocuments) + 900;
  WritePages(path, pages);

  Stages dropping;
  Corpus dropped(dropping.options);
  Read(path, true, &dropping, &dropped);
  Stages keeping;
  Corpus kept(keeping.options);
  Read(path, false, &keeping, &kept);
  fs::remove(path);
  ASSERT_EQ(dropped.docs.size(), static_cast<size_t>(pages));
  ASSERT_EQ(kept.docs.size(), static_cast<size_t>(pages));

  // Learned once the sample was read, and dropped from every page: the
  // sample's own (dropped when learned) and those read after.
  ASSERT_TRUE(dropped.read_common_words.has_value());
  EXPECT_FALSE(kept.read_common_words.has_value());
  for (const size_t d : {size_t{0}, size_t{kCommonWordSampleDocuments} - 1, dropped.docs.size() - 1}) {
    const DocState& doc = dropped.docs[d];
    EXPECT_EQ(kept.docs[d].words.size(), kept.docs[d].token_count) << d;
    EXPECT_LT(doc.words.size(), doc.token_count / 2 + 1) << d;
    ASSERT_EQ(doc.word_tokens.size(), doc.words.size()) << d;
    EXPECT_TRUE(std::is_sorted(doc.word_tokens.begin(), doc.word_tokens.end())) << d;
  }

  SignCorpus(dropping.options, dropping.arena, &dropped, &dropping.run);
  SignCorpus(keeping.options, keeping.arena, &kept, &keeping.run);
  // The template's menu, labels and copyright lines went in both (the
  // furniture found by token, whichever way the words were kept).
  EXPECT_GT(dropping.run.summary.boilerplate_lines, 0u);
  for (size_t d = 0; d < kept.docs.size(); ++d) {
    ASSERT_EQ(dropped.docs[d].words, kept.docs[d].words) << "page " << d;
    ASSERT_EQ(dropped.docs[d].word_sequence, kept.docs[d].word_sequence) << "page " << d;
    ASSERT_EQ(dropped.docs[d].shingles, kept.docs[d].shingles) << "page " << d;
    EXPECT_TRUE(dropped.docs[d].word_tokens.empty()) << "page " << d;
  }
}

}  // namespace
}  // namespace wiretrace::internal
