// Figures (src/internal/figures.h) and the figure rule of the edge
// (VerifyOptions::FiguresAgree), down to the engine's clusters.
#include "internal/figures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "test_articles.h"
#include "wiretrace/engine.h"
#include "wiretrace/normalize.h"
#include "wiretrace/pair_rule.h"
#include "xxhash.h"

namespace wiretrace {
namespace {

uint32_t Hash(std::string_view digits) { return static_cast<uint32_t>(XXH3_64bits(digits.data(), digits.size())); }

std::vector<uint32_t> FiguresOf(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, NormalizeOptions{}, &tokens);
  std::vector<internal::FigureToken> found;
  internal::FindFigures(text, tokens, 0, tokens.size(), &found);
  return internal::FigureSet(found);
}

TEST(FiguresTest, ReadsNumbersWithSeparatorsOrThreeDigitsAndSkipsYears) {
  // 12.813 and 290,000 are figures; 27 (a day), 1987 (a year) and 7-1/4 (three small numbers) are not.
  const std::vector<uint32_t> f = FiguresOf("rose on Feb 27, 1987 to 12.813 billion dlrs; 290,000 head; 7-1/4 pct; 350 mln");
  std::vector<uint32_t> want = {Hash("12813"), Hash("290000"), Hash("350")};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(f, want);
}

TEST(FiguresTest, DigitsOfAnyScriptAndSeparatorsReadAlike) {
  // Arabic-Indic digits with the Arabic decimal separator, Devanagari digits,
  // and a no-break space as the thousands separator.
  EXPECT_EQ(FiguresOf("\u0663\u066B\u0665 فیصد"), FiguresOf("3.5 pct"));
  EXPECT_EQ(FiguresOf("\u0967\u0968\u0969 लोग"), FiguresOf("123 people"));
  EXPECT_EQ(FiguresOf("12\u00A0813 euros"), FiguresOf("12,813 euros"));
  // A sentence end is not a separator: "3.4. 592" is two figures.
  EXPECT_EQ(FiguresOf("fell 3.4. 592 left").size(), 2u);
  EXPECT_TRUE(FiguresOf("at 17:39 on 12 May").empty());
}

TEST(FiguresTest, TheRuleNeedsAThirdOfTheSmallerSetWhenBothStateTwo) {
  VerifyOptions o;
  EXPECT_TRUE(o.FiguresAgree(1, 9, 0));   // one figure tells nothing
  EXPECT_FALSE(o.FiguresAgree(6, 6, 0));  // a formula's other day
  EXPECT_FALSE(o.FiguresAgree(6, 6, 1));
  EXPECT_TRUE(o.FiguresAgree(6, 6, 2));   // a correction of a third of them still agrees
  EXPECT_TRUE(o.FiguresAgree(3, 30, 3));  // a trimmed copy holds its source's
  // A content-word edge (no shared passage): one figure against several
  // must be one of them; one figure each still tells nothing.
  EXPECT_FALSE(o.FiguresAgree(1, 3, 0, /*words_only=*/true));
  EXPECT_TRUE(o.FiguresAgree(1, 3, 1, true));
  EXPECT_TRUE(o.FiguresAgree(1, 1, 0, true));
  EXPECT_TRUE(o.FiguresAgree(0, 3, 0, true));
  o.min_figure_share = 0.0;
  EXPECT_TRUE(o.FiguresAgree(6, 6, 0));
  EXPECT_TRUE(o.FiguresAgree(1, 3, 0, true));
  o.min_figure_share = 1.5;
  EXPECT_FALSE(o.Validate().ok());
}

using test::HarbourReport;

TEST(FiguresTest, TheItemsOfAFormulaAreNotOneStoryButACorrectionIs) {
  const std::string path = test::WriteArticles({
      {"mar3", "Wire", "2024-03-03T16:00:00Z",
       HarbourReport("Monday", "41,250", "12,480", "3,315", "118,600", "121,940", "14"), "HALDEN GRAIN SHIPMENTS"},
      {"mar5", "Wire", "2024-03-05T16:00:00Z",
       HarbourReport("Wednesday", "39,870", "13,025", "2,960", "109,410", "115,230", "11"), "HALDEN GRAIN SHIPMENTS"},
      {"mar3-corrected", "Wire", "2024-03-03T17:00:00Z",
       HarbourReport("Monday", "41,250", "12,480", "3,351", "118,600", "121,940", "14"), "HALDEN GRAIN SHIPMENTS"},
  });
  EngineOptions options;
  options.threads = 2;
  options.keep_articles = true;
  options.keep_for_matching = true;  // the shingle order, for the passage test
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->documents[0].cluster, run->documents[2].cluster);
  EXPECT_NE(run->documents[0].cluster, run->documents[1].cluster);
  const auto judge = [&](uint32_t a, uint32_t b) {
    const PairRule& rule = *run->pair_rule;
    return rule.Judge(rule.Side(a, run->shingle_sets[a], run->shingle_sequences[a]),
                      rule.Side(b, run->shingle_sets[b], run->shingle_sequences[b]));
  };
  PairVerdict days = judge(0, 1);
  EXPECT_EQ(days.rule, EdgeRule::kNone);
  EXPECT_FALSE(days.figures.agree);
  EXPECT_EQ(days.figures.shared, 0u);
  EXPECT_EQ(days.figures.figures_a, 5u);
  // The shingles alone would make the two days one story (containment).
  EXPECT_TRUE(options.verify.Accepts(days.shingles)) << days.shingles.max_containment();
  const PairVerdict correction = judge(0, 2);
  EXPECT_EQ(correction.rule, EdgeRule::kJaccard);
  EXPECT_EQ(correction.figures.shared, 4u);
  // Without the rule the two days are one story, as they were before it.
  options.verify.min_figure_share = 0.0;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_NE(judge(0, 1).rule, EdgeRule::kNone);
  std::filesystem::remove(path);
}

// A rewrite in other words (the content-word rule, no shared passage) whose
// one figure is none of its source's several figures reports something else;
// one figure each, disagreeing, is still a rewrite (a newspaper adds a figure
// its agency story lacks and drops the agency's one, as in COUNTER).
TEST(FiguresTest, AContentWordEdgeNeedsItsOneFigureAmongTheOthersSeveral) {
  const auto same_story = [](const std::string& agency, const std::string& paper) {
    std::vector<test::TestArticle> docs = {{"agency", "Wire Agency", "2024-06-03T09:00:00Z", agency},
                                           {"paper", "Daily Paper", "2024-06-04", paper}};
    for (size_t i = 0; i < test::kSameDayStories.size(); ++i) {
      docs.push_back({"other-" + std::to_string(i), "Outlet " + std::to_string(i), "2024-06-03",
                      test::kSameDayStories[i]});
    }
    const std::string path = test::WriteArticles(docs);
    EngineOptions options;
    options.threads = 2;
    absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
    std::filesystem::remove(path);
    EXPECT_TRUE(run.ok()) << run.status();
    return run.ok() && run->documents[0].cluster == run->documents[1].cluster;
  };
  const auto replace = [](std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  };
  const std::string agency = test::kAgencyStory;  // states 150
  const std::string paper = test::kAgencyRewrite;  // states 150
  EXPECT_TRUE(same_story(agency, paper));
  const std::string several = replace(agency, "would rise by five rupees", "would rise by 5.25 rupees on 1,200 stations");
  EXPECT_TRUE(same_story(several, paper));  // 150 is among 150, 5.25, 1,200
  const std::string other = replace(paper, "150 billion", "240 billion");
  EXPECT_FALSE(same_story(several, other));  // 240 is none of them
  EXPECT_TRUE(same_story(agency, other));    // 150 against 240: one each tells nothing
}

}  // namespace
}  // namespace wiretrace
