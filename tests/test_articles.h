// Articles that tests write to a JSONL file and run the engine on, and the
// agency story and newspaper rewrite that several tests share.
#ifndef WIRETRACE_TESTS_TEST_ARTICLES_H_
#define WIRETRACE_TESTS_TEST_ARTICLES_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wiretrace/json.h"

namespace wiretrace::test {

// One input record; empty fields are left out of the line.
struct TestArticle {
  std::string id;
  std::string source;
  std::string published;
  std::string text;
  std::string title = "";
};

// Writes the articles as JSONL to a temporary file named after the running
// test and returns its path. The caller removes it.
inline std::string WriteArticles(const std::vector<TestArticle>& articles) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("wiretrace_" + std::to_string(::getpid()) + "_" + test->test_suite_name() + "_" + test->name() + ".jsonl");
  std::ofstream out(path);
  for (const TestArticle& a : articles) {
    std::string line = "{\"id\":";
    AppendJsonString(&line, a.id);
    for (const auto& [name, value] :
         {std::pair{"source", &a.source}, {"published", &a.published}, {"title", &a.title}, {"text", &a.text}}) {
      if (value->empty()) continue;
      line += std::string(",\"") + name + "\":";
      AppendJsonString(&line, *value);
    }
    out << line << "}\n";
  }
  return path.string();
}

// A formula item, written for the tests in the manner of a wire's daily
// market report: the same words every day, the day's figures in them. Two
// days of it are different stories (VerifyOptions::min_figure_share).
inline std::string HarbourReport(const char* day, const char* wheat, const char* barley, const char* oats,
                                 const char* stocks, const char* before, const char* ships) {
  return std::string("Grain shipments through the port of Halden on ") + day + " reached " + wheat +
         " tonnes of wheat, the harbour board said in its daily statement to shippers and traders.\nBarley "
         "loadings came to " + barley + " tonnes and oats to " + oats +
         " tonnes, while the quayside silos held " + stocks + " tonnes at the close of business against " +
         before + " tonnes the previous day.\nThe board said " + ships +
         " vessels were waiting at anchor in the outer roads and that loading would continue through the "
         "night shift as scheduled by the port authority.";
}

// An agency story and a newspaper's rewrite of it: the same facts, names and
// figures, re-ordered and re-worded, so that they share almost no run of four
// words (as COUNTER's wholly derived pairs).
inline constexpr char kAgencyStory[] =
    "ISLAMABAD: Finance Minister Ishaq Dar said on Monday that the petrol levy would rise by five rupees "
    "from July under the IMF programme. Dar told reporters that Sindh and Punjab had accepted the plan. "
    "The levy is expected to raise 150 billion rupees, while diesel prices stay unchanged until September. "
    "Opposition leader Shibli Faraz called the decision a burden on motorcyclists and rickshaw drivers.";
inline constexpr char kAgencyRewrite[] =
    "Motorists will pay five rupees more in levy on every litre of petrol starting July, Ishaq Dar announced, "
    "linking it to the programme agreed with the IMF. According to the minister, both Punjab and Sindh "
    "accepted. He expects 150 billion in extra revenue; diesel stays at current rates till September. "
    "Shibli Faraz of the opposition said rickshaw drivers and motorcyclists would suffer most.";

// Other stories of the same days, sharing the language's common words.
inline const std::vector<std::string> kSameDayStories = {
    "The provincial cabinet said on Monday that the new hospital in Multan would open from July after delays.",
    "Police told reporters that two suspects had been arrested after the bank robbery in Karachi.",
    "The cricket board said the national team would tour England in September for three test matches.",
    "Heavy rain is expected in the north while temperatures stay high in the south until the weekend.",
    "The election commission said that voter lists would be displayed in every district from next week.",
    "Wheat prices rose in the city markets as traders said supplies from the farms had slowed down.",
    "The court adjourned the hearing until Thursday after lawyers for both sides asked for more time.",
    "Students protested outside the university against the rise in fees announced by the administration.",
    "The airline said flights to the gulf would resume on Friday after the strike by ground staff ended.",
    "Officials said the dam's water level was rising and that farmers downstream had been warned.",
};

}  // namespace wiretrace::test

#endif  // WIRETRACE_TESTS_TEST_ARTICLES_H_
