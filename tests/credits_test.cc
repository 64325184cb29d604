// Credit lines in their many forms and scripts, and the agency table.
#include "wiretrace/credits.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wiretrace {
namespace {

// The code points [begin, end) of UTF-8 `s`.
std::string CodePoints(const std::string& s, uint32_t begin, uint32_t end) {
  std::string out;
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool starts = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts && i > 0) ++cp;
    if (i == 0 && !starts) continue;
    if (cp >= begin && cp < end) out.push_back(s[i]);
  }
  return out;
}

struct Case {
  const char* text;
  const char* name;
  const char* form;
};

class CreditsTest : public ::testing::Test {
 protected:
  // The one credit naming `name`, checked for offsets that point at its text.
  const Credit* Find(const std::vector<Credit>& credits, const std::string& text, const std::string& name) {
    for (const Credit& c : credits) {
      EXPECT_EQ(CodePoints(text, c.begin, c.end), c.text) << text;
      EXPECT_EQ(text.substr(c.begin_byte, c.end_byte - c.begin_byte), c.text);
      if (c.name == name) return &c;
    }
    return nullptr;
  }
  AgencyTable table_ = AgencyTable::Builtin();
};

TEST_F(CreditsTest, EveryFormInItsScript) {
  const Case cases[] = {
      {"Hours after that, the EU said it would impose additional sanctions. (ANI)", "ANI", "parenthetical"},
      {"WASHINGTON (AP) — The Senate passed the bill on Friday.", "AP", "parenthetical"},
      {"Prices rose for a third day.\n— Reuters", "Reuters", "dash"},
      {"The discussions took place between Lavrov and Wang Yi, reported Sputnik.", "Sputnik", "reported"},
      {"\"We are defending our country alone,\" he said in a Facebook video, as quoted by CNN.", "CNN", "quoted"},
      {"Putin recognized the breakaway regions….reports Asian Lite News", "Asian Lite News", "reported"},
      {"Xinhua — China's exports rose 7 percent in January.", "Xinhua", "lead-in"},
      {"The talks will resume next week.\n\nWith inputs from agencies", "agencies", "inputs"},
      {"اسلام آباد میں اجلاس ہوا۔ (اے پی پی)", "APP", "parenthetical"},
      {"Станцию откроют через два года — сообщает РИА Новости.", "RIA Novosti", "reported"},
      {"云南咖啡出口增长。（新华社）", "Xinhua", "parenthetical"},
      {"据新华社报道，哈尔滨冰雪旅游火热。", "Xinhua", "according"},
      {"ТАСС: Станцию откроют через два года.", "TASS", "lead-in"},
      {"اے پی پی کے مطابق اجلاس ملتوی کر دیا گیا۔", "APP", "according"},
      {"The bill passed. (Courtesy: Daily Meridian)", "Daily Meridian", "courtesy"},
      {"Жители жалуются на автобусы, пишет «Вечерний курьер».", "Вечерний курьер", "reported"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    const std::vector<Credit> credits = FindCredits(text, table_);
    const Credit* found = Find(credits, text, c.name);
    ASSERT_NE(found, nullptr) << "no credit to " << c.name << " in: " << text;
    EXPECT_EQ(found->form, c.form) << text;
  }
}

TEST_F(CreditsTest, MentionIsNotACredit) {
  EXPECT_TRUE(FindCredits("Reuters could not independently verify the report.", table_).empty());
  EXPECT_TRUE(FindCredits("The map app crashed.", table_).empty());  // "app", not APP
}

TEST_F(CreditsTest, OffsetsAreCodePoints) {
  const std::string text = "Привет мир (ANI)";
  const std::vector<Credit> credits = FindCredits(text, table_);
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_EQ(credits[0].begin, 11u);
  EXPECT_EQ(credits[0].end, 16u);
  EXPECT_EQ(credits[0].begin_byte, 20u);
}

TEST_F(CreditsTest, UserTableExtendsAndOverrides) {
  ASSERT_TRUE(table_.AddTsv("# comment\nDawn\tDawn|ڈان\n\n").ok());
  const std::string text = "کراچی میں بارش ہوئی۔ (ڈان)";
  const std::vector<Credit> credits = FindCredits(text, table_);
  const Credit* c = Find(credits, text, "Dawn");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->known);
  EXPECT_TRUE(table_.SameOutlet("ڈان", "dawn"));
  EXPECT_TRUE(table_.SameOutlet("اے پی پی", "APP"));
  EXPECT_FALSE(table_.SameOutlet("APP", "AP"));
  EXPECT_FALSE(table_.AddTsv("no tab here\n").ok());
  EXPECT_FALSE(table_.AddTsv("\talias\n").ok());
}

TEST_F(CreditsTest, SeedPageCredits) {
  const std::filesystem::path seed =
      std::filesystem::path(WIRETRACE_SHARED_DIR) / "seeds/asianlite-2022-02-25-beijing-moscow.txt";
  if (!std::filesystem::exists(std::filesystem::path(WIRETRACE_SHARED_DIR))) {
    GTEST_SKIP() << "../shared is absent";
  }
  std::ifstream in(seed, std::ios::binary);
  ASSERT_TRUE(in) << seed << " missing although ../shared is present";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::vector<Credit> credits = FindCredits(text, table_);
  const Credit* ani = Find(credits, text, "ANI");
  ASSERT_NE(ani, nullptr);
  EXPECT_EQ(ani->text, "(ANI)");
  const Credit* alt = Find(credits, text, "Asian Lite News");
  ASSERT_NE(alt, nullptr);
  EXPECT_EQ(alt->text, "reports Asian Lite News");
  const Credit* sputnik = Find(credits, text, "Sputnik");
  ASSERT_NE(sputnik, nullptr);
  EXPECT_EQ(sputnik->text, "reported Sputnik");
  const Credit* cnn = Find(credits, text, "CNN");
  ASSERT_NE(cnn, nullptr);
  EXPECT_EQ(cnn->text, "as quoted by CNN");
  EXPECT_EQ(cnn->form, "quoted");
}

// Found by credits_fuzz: a credit phrase followed only by whitespace used to
// yield a credit with an empty name.
TEST(CreditsRegressionTest, PhraseWithoutNameGivesNoCredit) {
  AgencyTable table = AgencyTable::Builtin();
  for (const char* text : {"courtesy: \r\n", "Courtesy:    ", "reported   \n"}) {
    for (const Credit& c : FindCredits(text, table)) EXPECT_FALSE(c.name.empty()) << text;
  }
}

}  // namespace
}  // namespace wiretrace
