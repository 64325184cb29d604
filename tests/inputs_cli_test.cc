// End-to-end tests of the input kinds a new user brings (issue #14): the real
// binaries on HTML pages, CSV, WARC and misnamed files that the tests make.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_test_util.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using test::ReadFile;

// A wire story, as three outlets run it.
const char* const kStory[] = {
    "Heavy frost overnight destroyed most of the apricot blossom in the upper Hunza valley, farmers said on Tuesday, "
    "warning that the harvest could fall to a third of last year's.",
    "Temperatures dropped to minus six degrees Celsius at Karimabad shortly before dawn, the regional weather office "
    "said, the coldest March night recorded there in eleven years.",
    "Orchard owners lit fires of dried branches between the rows to keep the air moving, but many of the buds had "
    "already turned brown by morning, according to the growers' cooperative.",
    "The cooperative's chairman, Ghulam Nabi, said about four thousand families depend on dried apricots for most of "
    "their cash income and asked the provincial government for seed loans.",
    "Officials said a survey team would visit the worst-hit villages of Aliabad and Ganish this week to assess the "
    "damage before any compensation is announced.",
};

// Words that no other page has: an unrelated story of `count` words.
std::string UnrelatedStory(uint32_t seed, int count) {
  static const char kLetters[] = "bdfghklmnprstvz";
  static const char kVowels[] = "aeiou";
  std::string out;
  uint32_t x = seed * 2654435761u + 12345u;
  for (int w = 0; w < count; ++w) {
    if (w > 0) out += (w % 15 == 0) ? ".\n" : " ";
    for (int s = 0; s < 3; ++s) {
      x = x * 1103515245u + 12345u;
      out += kLetters[(x >> 16) % 15];
      out += kVowels[(x >> 20) % 5];
    }
  }
  return out + ".";
}

struct Outlet {
  std::string host;
  std::string name;
  bool minified;
};

// A page of `outlet`: its template (menu, teasers, footer, script, style)
// around `body` (lines become paragraphs).
std::string Page(const Outlet& outlet, const std::string& slug, const std::string& title, const std::string& body) {
  const std::string nl = outlet.minified ? "" : "\n";
  std::string html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>" + title + " | " + outlet.name +
                     "</title>" + nl + "<link rel=canonical href=\"https://www." + outlet.host + "/" + slug + "\">" +
                     nl + "<style>body{font-family:serif}.menu li{display:inline}</style>" + nl +
                     "<script>window.dataLayer=[];function track(page){dataLayer.push({event:'view',page:page,"
                     "section:'news',outlet:'" + outlet.name + "'})}</script></head>" + nl + "<body><nav><ul>";
  for (const char* item : {"Home", "National", "World", "Business", "Sport", "Opinion", "Culture", "Weather"}) {
    html += "<li><a href=\"/" + std::string(item) + "\">" + item + " news from " + outlet.name + "</a></li>" + nl;
  }
  html += "</ul></nav>" + nl + "<article><h1>" + title + "</h1>" + nl;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    html += "<p>" + body.substr(start, end - start) + "</p>" + nl;
    start = end + 1;
  }
  html += "</article><aside><h2>Latest from " + outlet.name + "</h2>" + nl;
  for (const char* teaser : {"Parliament passes the new budget after a late night session",
                             "City council votes to close the old river bridge for repairs",
                             "Local cricket club wins the regional championship final",
                             "Power cuts expected across the district during the heat wave"}) {
    html += "<div class=teaser><a href=#>" + std::string(teaser) + " in " + outlet.name + "</a></div>" + nl;
  }
  html += "</aside><footer><p>Copyright " + outlet.name +
          " Media Group. All rights reserved. Reproduction of any material without written permission of the "
          "publisher is prohibited. Contact the newsroom, advertise with us, read our privacy policy, terms of "
          "use and the code of ethics that governs our reporting.</p>" + nl + "<p>Follow " + outlet.name +
          " on social media for breaking news alerts and daily newsletters.</p></footer>" + nl +
          "<script>track('" + slug + "')</script></body></html>" + nl;
  return html;
}

class InputsCliTest : public test::BinaryTest {
 protected:
  void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // id -> cluster from `cluster` output.
  static std::map<std::string, int> Clusters(const std::string& out) {
    std::map<std::string, int> clusters;
    const std::regex line("\\{\"id\":\"([^\"]+)\",\"cluster\":(\\d+),");
    for (const std::string& l : test::Lines(out)) {
      std::smatch m;
      if (std::regex_search(l, m, line)) clusters[m[1]] = std::stoi(m[2]);
    }
    return clusters;
  }

  // The three outlets' pages: the story (re-led by one, trimmed by the
  // minified one) and three unrelated pages each.
  fs::path WriteThreeOutlets() {
    const fs::path site = dir_ / "pages";
    const Outlet outlets[] = {{"valleywire.example", "Valley Wire", false},
                              {"northpost.example", "North Post", false},
                              {"hillherald.example", "Hill Herald", true}};
    std::string story;
    for (const char* p : kStory) story += std::string(p) + "\n";
    story += "(ValleyWire)";
    const std::string releed = "GILGIT: Apricot growers in the north fear a lost season.\n" + story;
    const std::string trimmed = story.substr(0, story.find(kStory[4]));
    const std::string bodies[] = {story, releed, trimmed};
    for (int o = 0; o < 3; ++o) {
      const std::string ext = o == 1 ? ".htm" : ".html";
      WriteFile(site / outlets[o].host / ("frost" + ext),
                Page(outlets[o], "frost", "Frost destroys apricot blossom in Hunza", bodies[o]));
      for (int u = 0; u < 3; ++u) {
        const std::string slug = "other-" + std::to_string(u);
        WriteFile(site / outlets[o].host / (slug + ext),
                  Page(outlets[o], slug, "Unrelated story number " + std::to_string(o * 3 + u),
                       UnrelatedStory(static_cast<uint32_t>(o * 10 + u), 110)));
      }
    }
    return site;
  }
};

TEST_F(InputsCliTest, HtmlPagesOfThreeOutletsOneMinified) {
  const fs::path site = WriteThreeOutlets();
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster --threads 2 " + site.string()), 0) << err_;
  EXPECT_THAT(err_, HasSubstr("12 documents")) << err_;
  const std::map<std::string, int> clusters = Clusters(out_);
  ASSERT_EQ(clusters.size(), 12u) << out_;
  const int story = clusters.at("valleywire.example/frost.html");
  EXPECT_EQ(clusters.at("northpost.example/frost.htm"), story) << out_;
  EXPECT_EQ(clusters.at("hillherald.example/frost.html"), story) << out_;  // the minified one
  // Unrelated pages of one outlet share only their template: each is alone.
  std::map<int, int> sizes;
  for (const auto& [id, c] : clusters) ++sizes[c];
  for (const auto& [id, c] : clusters) {
    if (id.find("other-") != std::string::npos) {
      EXPECT_EQ(sizes[c], 1) << id << "\n" << out_;
    }
  }
  EXPECT_EQ(sizes[story], 3);

  // The template is strong enough to matter: kept, it joins unrelated pages.
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster --no-boilerplate --no-teasers " + site.string()), 0) << err_;
  int joined = 0;
  sizes.clear();
  for (const auto& [id, c] : Clusters(out_)) ++sizes[c];
  for (const auto& [id, c] : Clusters(out_)) joined += id.find("other-") != std::string::npos && sizes[c] > 1;
  EXPECT_GT(joined, 0) << out_;
}

TEST_F(InputsCliTest, ScriptsAndStylesAreNotArticleText) {
  // Two unrelated pages of two outlets that embed the same long script and
  // style: were they text, the pages would be copies of each other.
  std::string script = "<script>";
  for (int i = 0; i < 40; ++i) script += "function handler" + std::to_string(i) + "(event){ return analytics.track(event); }\n";
  script += "</script><style>.story p { margin: 0 auto; line-height: 1.6; font-size: 18px; color: #222 }</style>";
  WriteFile(dir_ / "two/a.html", "<html><head>" + script + "</head><body><p>" + UnrelatedStory(1, 60) + "</p></body></html>");
  WriteFile(dir_ / "two/b.html", "<html><body>" + script + "<p>" + UnrelatedStory(2, 60) + "</p></body></html>");
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster --no-boilerplate " + (dir_ / "two").string()), 0) << err_;
  const std::map<std::string, int> clusters = Clusters(out_);
  ASSERT_EQ(clusters.size(), 2u) << out_;
  EXPECT_NE(clusters.at("a.html"), clusters.at("b.html")) << out_;
}

TEST_F(InputsCliTest, CsvAndWarcAreRead) {
  WriteFile(dir_ / "feed.csv", "id,title,text,source\nw1,Frost,\"" + std::string(kStory[0]) + " " + kStory[1] +
                                   "\",wire\np1,Frost again,\"" + kStory[0] + " " + kStory[1] + "\",paper\n");
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + (dir_ / "feed.csv").string()), 0) << err_;
  EXPECT_THAT(err_, HasSubstr("2 documents, 1 clusters"));
  const std::string page = "<html><body><p>" + std::string(kStory[2]) + "</p></body></html>";
  const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page;
  const std::string warc = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/x\r\n"
                           "WARC-Date: 2024-03-01T00:00:00Z\r\nContent-Length: " + std::to_string(http.size()) +
                           "\r\n\r\n" + http + "\r\n\r\n";
  WriteFile(dir_ / "crawl.warc", warc);
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + (dir_ / "crawl.warc").string()), 0) << err_;
  EXPECT_THAT(out_, HasSubstr("{\"id\":\"https://a.example/x\",\"cluster\":0"));
}

TEST_F(InputsCliTest, OtherFormatsAreRefusedOnceWithExit2) {
  WriteFile(dir_ / "data.parquet", std::string("PAR1\x15\x04", 6) + std::string(2000, 'x') + "\n" + std::string(2000, 'y'));
  WriteFile(dir_ / "good.jsonl", "{\"id\":\"g\",\"text\":\"a good record\"}\n");
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + (dir_ / "data.parquet").string() + " " + (dir_ / "good.jsonl").string()), 2);
  EXPECT_THAT(err_, HasSubstr("data.parquet:0: error: looks like Parquet, not JSON lines"));
  EXPECT_EQ(test::Lines(err_).size(), 2u) << err_;  // the refusal and the summary, not one line per line
  EXPECT_THAT(out_, HasSubstr("\"g\""));            // the other input is still read
  // Plain text piped in is refused the same way.
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster - < " + (dir_ / "data.parquet").string()), 2);
  EXPECT_THAT(err_, HasSubstr("<stdin>:0: error: looks like Parquet"));
}

TEST_F(InputsCliTest, MisspelledFieldOptionsAreNamed) {
  const std::string input = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " --text-field body --source-field outlet"), 0) << err_;
  EXPECT_THAT(err_, HasSubstr("warning: text field \"body\" is in none of the first 171 records; keys seen: id, "));
  EXPECT_THAT(err_, HasSubstr("warning: source field \"outlet\" is in none of the first 171 records"));
  // The per-record consequence is folded, not repeated 171 times.
  EXPECT_THAT(err_, HasSubstr("... and 168 more lines with: text (\"body\") is missing"));
  EXPECT_LT(test::Lines(err_).size(), 12u) << err_;
  // --strict makes it an error: nothing written.
  const fs::path out = dir_ / "clusters.jsonl";
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster --strict " + input + " --text-field body -o " + out.string()), 2);
  EXPECT_THAT(err_, HasSubstr("field options that name no key"));
  EXPECT_FALSE(fs::exists(out));
#ifdef WIRETRACE_PROVENANCE_BIN
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "--strict --source-field outlet " + input), 2);
  EXPECT_THAT(err_, HasSubstr("source field \"outlet\""));
#endif
}

TEST_F(InputsCliTest, RecordsWithoutTextAreCountedWarnings) {
  WriteFile(dir_ / "f.jsonl", "{\"id\":1,\"text\":\"body\"}\n{\"id\":2,\"title\":\"a title only\"}\n{\"id\":3,\"title\":\"t\",\"text\":null}\n");
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + (dir_ / "f.jsonl").string()), 0) << err_;
  EXPECT_THAT(err_, HasSubstr("f.jsonl:2: warning: text is missing: compared by its title only"));
  EXPECT_THAT(err_, HasSubstr("f.jsonl:3: warning: text is null: compared by its title only"));
  EXPECT_THAT(err_, HasSubstr("3 documents, 3 clusters, 0 duplicates, 0 bad records, 2 warnings"));
}

TEST_F(InputsCliTest, UnwritableOutputFailsBeforeAnyWork) {
  const std::string input = std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl";
  for (const std::string& bad : {(dir_ / "missing-dir/out.jsonl").string(), dir_.string()}) {
    ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " -o " + bad), 2);
    EXPECT_THAT(err_, HasSubstr("cannot write " + bad));
    EXPECT_THAT(err_, HasSubstr("nothing was read"));
    EXPECT_THAT(err_, Not(HasSubstr("documents")));  // no summary: the engine never ran
    ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " --pairs " + bad), 2);
    EXPECT_THAT(err_, Not(HasSubstr("documents")));
#ifdef WIRETRACE_PROVENANCE_BIN
    ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, input + " --format html -o " + bad), 2);
    EXPECT_THAT(err_, HasSubstr("nothing was read"));
#endif
  }
}

// The tools write after reading: an output over an input (by its name, by a
// link, by another relative path) would replace the input, and two outputs
// on one file would leave only the last. Both fail before any reading, and
// the input is untouched.
TEST_F(InputsCliTest, AnOutputThatIsAnInputOrAnotherOutputFailsBeforeAnyWork) {
  const std::string original = ReadFile(std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl");
  const std::string input = (dir_ / "feed.jsonl").string();
  WriteFile(input, original);
  std::filesystem::create_symlink(input, dir_ / "link.jsonl");
  for (const std::string& same : {input, (dir_ / "link.jsonl").string(), (dir_ / "." / "feed.jsonl").string()}) {
    ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " -o " + same), 2);
    EXPECT_THAT(err_, HasSubstr("cannot write " + same));
    EXPECT_THAT(err_, HasSubstr("the output would replace it"));
    EXPECT_THAT(err_, Not(HasSubstr("documents")));
    ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " --pairs " + same), 2);
#ifdef WIRETRACE_PROVENANCE_BIN
    ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, input + " -o " + same), 2);
    EXPECT_THAT(err_, HasSubstr("the output would replace it"));
#endif
  }
  EXPECT_TRUE(ReadFile(input) == original);
  const std::string out = (dir_ / "out.jsonl").string();
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster " + input + " -o " + out + " --pairs " + out), 2);
  EXPECT_THAT(err_, HasSubstr("two outputs name it"));
  EXPECT_FALSE(std::filesystem::exists(out));
  // Devices are no files to lose: both outputs may be /dev/null.
  EXPECT_EQ(RunBinary(WIRETRACE_BIN, "cluster -q " + input + " -o /dev/null --pairs /dev/null"), 0) << err_;
}

TEST_F(InputsCliTest, HtmlFieldOption) {
  WriteFile(dir_ / "pages.jsonl",
            "{\"id\":\"a\",\"text\":\"<nav>Menu</nav><p>" + std::string(kStory[0]) + "</p><script>x=1</script>\"}\n"
            "{\"id\":\"b\",\"text\":\"<div><p>" + std::string(kStory[0]) + "</p></div>\"}\n");
  ASSERT_EQ(RunBinary(WIRETRACE_BIN, "cluster --html " + (dir_ / "pages.jsonl").string()), 0) << err_;
  EXPECT_THAT(err_, HasSubstr("2 documents, 1 clusters"));
}

}  // namespace
}  // namespace wiretrace
