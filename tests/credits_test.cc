// Credit lines in their many forms and scripts, and the agency table.
#include "wiretrace/credits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "internal/lexicon.h"

namespace wiretrace {
namespace {

// The built-in table is the lexicon file src/lexicon/agencies.tsv, read by
// the --agencies parser: it must parse without an error, every line an agency.
TEST(AgencyTableTest, TheLexiconFileParsesCleanly) {
  AgencyTable table;
  ASSERT_TRUE(table.AddTsv(internal::AgenciesTsv()).ok());
  size_t lines = 0;
  for (std::string_view rest = internal::AgenciesTsv(); !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    if (end > 0 && rest[0] != '#') ++lines;
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  EXPECT_EQ(table.agencies().size(), lines);
  EXPECT_EQ(AgencyTable::Builtin().agencies().size(), lines);
  EXPECT_GE(lines, 40u);
  EXPECT_EQ(table.Canonical("Associated Press of Pakistan"), "APP");
}

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
    EXPECT_EQ(CreditFormName(found->form), c.form) << text;
  }
}

TEST_F(CreditsTest, MentionIsNotACredit) {
  EXPECT_TRUE(FindCredits("Reuters could not independently verify the report.", table_).empty());
  EXPECT_TRUE(FindCredits("The map app crashed.", table_).empty());  // "app", not APP
}

// Found on the bundled sample: an unknown name is the outlet's name, not the
// markup before it nor the rest of a sentence.
TEST_F(CreditsTest, UnknownNamesStopAtMarkupAndNeedACapital) {
  {
    const std::string text = "<p>منتظمین کے مطابق پہلے روز ہزاروں افراد نے میلے کا رخ کیا۔</p>";
    const std::vector<Credit> credits = FindCredits(text, table_);
    ASSERT_EQ(credits.size(), 1u);
    EXPECT_EQ(credits[0].name, "منتظمین");
    EXPECT_EQ(credits[0].text, "منتظمین کے مطابق");
    EXPECT_FALSE(credits[0].known);
  }
  // After "informó" comes an outlet, or just the rest of the sentence.
  EXPECT_TRUE(FindCredits("Las heladas afectaron 28.000 hectáreas, informó este martes el Ministerio de Desarrollo "
                          "Agrario y Riego.", table_)
                  .empty());
  const std::string text = "Las heladas afectaron 28.000 hectáreas, informó Europa Press.";
  const std::vector<Credit> credits = FindCredits(text, table_);
  const Credit* c = Find(credits, text, "Europa Press");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->form, CreditForm::kReported);
  EXPECT_FALSE(c->known);
  const std::string efe = "Las heladas afectaron 28.000 hectáreas, informó EFE.";
  const std::vector<Credit> efe_credits = FindCredits(efe, table_);
  const Credit* known = Find(efe_credits, efe, "EFE");
  ASSERT_NE(known, nullptr);
  EXPECT_TRUE(known->known);
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
  EXPECT_EQ(cnn->form, CreditForm::kQuoted);
}

// FindCredits reads a text once for every alias and credit phrase
// (src/internal/needle_search.h); it used to scan it once per alias and per
// phrase. The single pass must find exactly what the scans found: the
// expectations below are what the scan per alias returned (commit a5f1eab).

// Texts built from credit phrases, agency names in every script and case,
// unknown outlets, markup and filler, in random order and spacing: what the
// single-pass matcher must read exactly as the scan per alias did.
std::vector<std::string> GeneratedTexts(size_t count) {
  static const char* const kPieces[] = {
      // names, as written and in other cases
      "Reuters", "REUTERS", "reuters", "AP", "Ap", "ap", "app", "APP", "AAP", "AA", "ANI", "Ani", "AFP", "Xinhua",
      "Xinhua News Agency", "Sputnik", "RIA Novosti", "RIA", "TASS", "Interfax", "PTI", "IANS", "UNI", "NNI", "INP",
      "PNS", "CNN", "BBC", "BBC News", "Al Jazeera", "Kyodo", "Yonhap", "Anadolu Agency", "dpa", "DPA", "EFE",
      "ANSA", "Bloomberg", "UPI", "CGTN", "Global Times", "People's Daily", "China News Service", "Asian Lite News",
      "Asian Lite", "Bernama", "Antara", "WAM", "SPA", "IRNA", "SANA", "agencies", "Agencies", "news agencies",
      "Associated Press", "Associated Press of Pakistan", "Agence France-Presse", "Press Trust of India",
      "Рейтер", "РИА Новости", "РИА", "ТАСС", "Интерфакс", "Спутник", "Си-эн-эн", "Би-би-си", "информагентств",
      "اے پی پی", "اے پی", "اے ایف پی", "اے این آئی", "آن لائن", "این این آئی", "سی این این", "خبر ایجنسیاں",
      "رائٹرز", "الجزيرة", "新华社", "路透社", "路透", "美联社", "法新社", "本网综合", "中新社", "共同通信", "연합뉴스",
      "Daily Meridian", "NewsPoint 24", "Вечерний курьер", "Dawn", "ڈان", "Q", "q",
      // credit phrases, before and after the name
      "reported ", "reports ", "reported by ", "as reported by ", "as quoted by ", "quoted by ", "according to ",
      "cited by ", "citing ", "with inputs from ", "With inputs from ", "inputs from ", "told ", "via ", "source: ",
      "Source: ", "courtesy: ", "(Courtesy: ", "Courtesy: ", "сообщает ", "сообщает агентство ", "сообщили ",
      "передает ", "передаёт ", "пишет «", "сообщает «", "источник: «", "Источник: «", "по данным ",
      "по материалам ", "со ссылкой на ", "informó ", "informa ", "según ", "con información de ", "Fuente: ",
      "fuente: ", "据", "报道", "消息", "讯）", "（来源：", "(بشکریہ ", "بشکریہ ", " کے مطابق", "کے مطابق", " کی رپورٹ",
      " reported", " reports", " said", " сообщает", " сообщил", " informó",
      // punctuation, quotes, dashes, brackets, lines
      "(", ")", "（", "）", "«", "»", "\"", "'", "\u201c", "\u201d", "\u201e", ":", "\uff1a", ".", ",", "\u060c", "\u06d4",
      "-", "\u2014", "\u2013", " - ", " \u2014 ", ".-", "\n", "\n\n", "\r\n", " ", "  ", "\u00a0", "\u3000", "\t",
      // filler, markup, entities
      "The talks will resume next week", "Prices rose", "WASHINGTON", "BEIJING, Feb 25", "Станцию откроют",
      "اجلاس ملتوی کر دیا گیا", "云南咖啡出口增长", "哈尔滨冰雪旅游火热", "<b>", "</b>", "&amp;", "&nbsp;", "2022",
      "reportedly", "preported", "Reutersville", "mapp", "apple", "xAP", "APx", "\xe2\x80", "\x80", "\xff",
  };
  constexpr size_t kNumPieces = sizeof(kPieces) / sizeof(kPieces[0]);
  std::mt19937 random(20240229);  // raw outputs only: the same texts on every platform
  std::vector<std::string> texts;
  texts.reserve(count);
  for (size_t t = 0; t < count; ++t) {
    std::string text;
    const size_t pieces = random() % 40;
    for (size_t p = 0; p < pieces; ++p) {
      text += kPieces[random() % kNumPieces];
      if (random() % 3 == 0) text += ' ';
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

// One line per credit, every field.
std::string Serialize(const std::vector<Credit>& credits) {
  std::string out;
  for (const Credit& c : credits) {
    out += c.name + "|" + std::string(CreditFormName(c.form)) + "|" + c.text + "|" + (c.known ? "1" : "0") + "|" +
           std::to_string(c.begin) + "|" +
           std::to_string(c.end) + "|" + std::to_string(c.begin_byte) + "|" + std::to_string(c.end_byte) + "\n";
  }
  return out;
}

// FNV-1a, 64 bits: a fixed function, so the golden values hold anywhere.
uint64_t Fnv1a(std::string_view s, uint64_t h = 0xcbf29ce484222325) {
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3;
  return h;
}

// A user table over the built-in one: a re-pointed alias, a one-byte alias,
// an alias listed twice, and one that is not valid UTF-8.
constexpr const char* kUserTable =
    "Dawn\tDawn|\xda\x88\xd8\xa7\xd9\x86\n"
    "Meridian\tDaily Meridian|DM|Daily Meridian\n"
    "Qu\tQ\n"
    "Rtr\tReuters|REUTERS\n"
    "Odd\t\x80\x81|\xff\n";

TEST(CreditsSinglePassTest, SameCreditsAsTheScanPerAlias) {
  const std::vector<std::string> texts = GeneratedTexts(3000);
  const AgencyTable builtin = AgencyTable::Builtin();
  AgencyTable user = builtin;
  ASSERT_TRUE(user.AddTsv(kUserTable).ok());
  uint64_t builtin_hash = 0xcbf29ce484222325, user_hash = builtin_hash;
  size_t builtin_credits = 0, user_credits = 0;
  for (const std::string& text : texts) {
    const std::vector<Credit> b = FindCredits(text, builtin), u = FindCredits(text, user);
    builtin_credits += b.size();
    user_credits += u.size();
    builtin_hash = Fnv1a(Serialize(b) + "\x01", builtin_hash);
    user_hash = Fnv1a(Serialize(u) + "\x01", user_hash);
  }
  // Changed when unknown names after "informó", "Fuente:" and "Courtesy:"
  // came to need a capital, and "X کے مطابق" to stop at markup; and when
  // credits took the library's strict UTF-8 decoder (internal/utf8.h): the
  // old one read a truncated sequence ("\xe2\x80", "\xff") together with the
  // bytes after it as one code point, swallowing a name's first letter.
  EXPECT_EQ(builtin_credits, 3483u);
  EXPECT_EQ(builtin_hash, 0x0bab3c37eaed934eu);
  EXPECT_EQ(user_credits, 3697u);
  EXPECT_EQ(user_hash, 0xfcddd7cf993043b1u);
}

// The cases above that are easiest to get wrong, spelled out: overlapping
// aliases (the longest is read), case (only long names fold it), names at
// the edges of the sixteen-byte blocks the scan reads, a one-byte alias, an
// alias listed twice (its first listing names it), bytes that are not UTF-8.
TEST(CreditsSinglePassTest, CreditsTheScanPerAliasFound) {
  struct Expected {
    bool user_table;
    std::string text;
    std::string credits;  // Serialize
  };
  const Expected cases[] = {
      {false, "اسلام آباد (اے پی پی) اور (اے پی)",
       "APP|parenthetical|(اے پی پی)|1|11|21|20|36\nAP|parenthetical|(اے پی)|1|26|33|44|55\n"},
      {false, "Xinhua News Agency reported on Friday. Xinhua —",
       "Xinhua|reported|Xinhua News Agency reported|1|0|27|0|27\n"},
      {false, "REUTERS REPORTED the deal. — Reuters",
       "Reuters|reported|REUTERS REPORTED|1|0|16|0|16\nReuters|dash|— Reuters|1|27|36|27|38\n"},
      {false, "the app crashed, ap said; AP reported it", "AP|reported|AP reported|1|26|37|26|37\n"},
      {false, "0123456789abcd (AP) and more text here (AFP)",
       "AP|parenthetical|(AP)|1|15|19|15|19\nAFP|parenthetical|(AFP)|1|39|44|39|44\n"},
      {false, "012345678901234(ANI)", "ANI|parenthetical|(ANI)|1|15|20|15|20\n"},
      {false, "(AFP, AP)", "AFP|parenthetical|(AFP, AP)|1|0|9|0|9\n"},
      {false, "Станцию откроют — сообщает РИА Новости.",
       "RIA Novosti|reported|сообщает РИА Новости|1|18|38|34|72\n"},
      {true, "The bill passed (Q)", "Qu|parenthetical|(Q)|1|16|19|16|19\n"},
      {true, "Rates rose. — Reuters", "Reuters|dash|— Reuters|1|12|21|12|23\n"},
      {true, "(Courtesy: Daily Meridian) and (DM)",
       "Meridian|courtesy|(Courtesy: Daily Meridian)|1|0|26|0|26\nMeridian|parenthetical|(DM)|1|31|35|31|35\n"},
      {true, "broken \x80\x81 (\xff)", "Odd|parenthetical|(\xff)|1|8|11|10|13\n"},
      {true, "(ڈان)", "Dawn|parenthetical|(ڈان)|1|0|5|0|8\n"},
  };
  const AgencyTable builtin = AgencyTable::Builtin();
  AgencyTable user = builtin;
  ASSERT_TRUE(user.AddTsv(kUserTable).ok());
  for (const Expected& c : cases) {
    EXPECT_EQ(Serialize(FindCredits(c.text, c.user_table ? user : builtin)), c.credits) << c.text;
  }
}

// A table that was never added to still finds the phrases that name an
// outlet the table does not know.
TEST(CreditsSinglePassTest, EmptyTableFindsOpenPhrases) {
  const AgencyTable empty;
  const std::vector<Credit> credits = FindCredits("The bill passed. (Courtesy: Daily Meridian)", empty);
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_EQ(credits[0].name, "Daily Meridian");
  EXPECT_FALSE(credits[0].known);
}

// CodePointOffset counts sixteen bytes at a time: every length and offset
// around the block and the 255-block boundaries against a byte-by-byte count.
TEST(CodePointOffsetTest, MatchesCountOfLeadBytes) {
  std::mt19937 random(7);
  std::string text;
  const char* const kChars[] = {"a", " ", "é", "Ж", "ک", "新", "😀", "\x80", "\xff"};
  while (text.size() < 9000) text += kChars[random() % (sizeof(kChars) / sizeof(kChars[0]))];
  for (uint32_t byte = 0; byte <= text.size() + 3; byte += (byte < 300 || (byte > 4000 && byte < 4200)) ? 1 : 97) {
    uint32_t expected = 0;
    for (size_t i = 0; i < std::min<size_t>(byte, text.size()); ++i) {
      expected += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    }
    ASSERT_EQ(CodePointOffset(text, byte), expected) << byte;
  }
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
