// The lexicon files (src/lexicon/), embedded at build time: the parser of the
// word lists, and the lists themselves as the scanners expect them.
#include "internal/lexicon.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace::internal {
namespace {

TEST(LexiconLinesTest, SkipsCommentsAndBlankLinesAndKeepsPhrases) {
  const std::vector<std::string_view> lines = LexiconLines("# a comment\nmarch\n\nNews agencies\r\n#x\nмарта");
  EXPECT_EQ(lines, (std::vector<std::string_view>{"march", "News agencies", "марта"}));
  EXPECT_TRUE(LexiconLines("").empty());
}

TEST(LexiconTest, EveryListIsCleanData) {
  const std::vector<std::pair<std::string, std::string_view>> lists = {
      {"months", MonthsTxt()},           {"newsroom_words", NewsroomWordsTxt()},
      {"particles", ParticlesTxt()},     {"urdu_postpositions", UrduPostpositionsTxt()},
      {"not_credits", NotCreditsTxt()},  {"wire_spellings", WireSpellingsTxt()}};
  for (const auto& [name, text] : lists) {
    const std::vector<std::string_view> words = LexiconLines(text);
    EXPECT_GE(words.size(), 5u) << name;
    std::set<std::string_view> seen;
    for (std::string_view w : words) {
      EXPECT_FALSE(w.front() == ' ' || w.back() == ' ' || w.find('\t') != std::string_view::npos) << name << ": " << w;
      EXPECT_TRUE(seen.insert(w).second) << name << " lists twice: " << w;
    }
  }
  // The scanners match months and particles folded to lower case.
  for (std::string_view list : {MonthsTxt(), ParticlesTxt()}) {
    for (std::string_view w : LexiconLines(list)) {
      for (char c : w) EXPECT_FALSE(c >= 'A' && c <= 'Z') << w;
    }
  }
  EXPECT_EQ(LexiconWords<MonthsTxt>().size(), LexiconLines(MonthsTxt()).size());
}

}  // namespace
}  // namespace wiretrace::internal
