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
// every tenth page a copy of the page before it. The last page, with
// `huge_last`, has more than kMaxWordTokens tokens.
void WritePages(const fs::path& path, int pages, bool huge_last = false) {
  const char* const kCommon[] = {"the", "said", "on", "of", "and", "a", "in", "to", "for", "was"};
  std::mt19937 rng(7);
  std::ofstream out(path);
  std::string body;
  for (int p = 0; p < pages; ++p) {
    const int outlet = p % 3;
    if (p % 10 != 9 || (huge_last && p == pages - 1)) {
      body.clear();
      const int lines = huge_last && p == pages - 1 ? 3000 : 4;
      for (int line = 0; line < lines; ++line) {
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
  Stages() {
    // Small batches, so that pages read after the common words are learned
    // have them dropped by the parsing threads, not by the collector.
    options.ingest.batch_bytes = size_t{64} << 10;
  }
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
  WritePages(path, pages, /*huge_last=*/true);

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
  // A page too long for 16-bit word_tokens keeps its words for sign.
  const DocState& huge = dropped.docs.back();
  EXPECT_GT(huge.token_count, kMaxWordTokens);
  EXPECT_EQ(huge.words.size(), huge.token_count);
  EXPECT_TRUE(huge.word_tokens.empty());
  for (const size_t d : {size_t{0}, size_t{kCommonWordSampleDocuments} - 1, dropped.docs.size() - 2}) {
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
