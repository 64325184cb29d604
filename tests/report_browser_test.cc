// The HTML provenance report in a real browser: headless Chromium (Debian
// `chromium`, installed by scripts/install-deps.sh) renders it, and the test
// checks the DOM it built: the overview, its pictures, one section per
// cluster, highlighted passages, and hostile text that stayed text. Skips,
// saying so, only when no chromium is installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "cli_test_util.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using test::ReadFile;

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

std::string Browser() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0) return name;
  }
  return "";
}

class ReportBrowserTest : public test::BinaryTest {};

#ifdef WIRETRACE_PROVENANCE_BIN
TEST_F(ReportBrowserTest, RendersWithPicturesAndHostileTextStaysText) {
  const std::string browser = Browser();
  if (browser.empty()) {
    GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it): the HTML report was not "
                    "rendered in a browser";
  }
  // Two copies whose title, text and outlet carry markup, beside real text
  // in Urdu (right to left) and the provenance test corpus.
  const std::string body =
      "Karachi: The provincial government on Monday announced that all schools will remain closed for two days "
      "because of heavy rain, officials said, adding that the decision would be reviewed on Wednesday. "
      "<script>alert(1)</script> <img src=x onerror=alert(2)> The weather office forecast more rain.";
  std::ofstream(dir_ / "hostile.jsonl")
      << "{\"id\":\"h1\",\"source\":\"<b>Outlet</b>\",\"published\":\"2024-01-01T08:00:00Z\",\"title\":"
         "\"<script>alert(1)</script> Schools shut\",\"text\":\"" << body << "\"}\n"
      << "{\"id\":\"h2\",\"source\":\"Copier\",\"published\":\"2024-01-01T10:00:00Z\",\"title\":\"Schools shut\","
         "\"text\":\"" << body << " (Agencies)\"}\n";
  const std::string inputs = std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/provenance/small.jsonl " +
                             std::string(WIRETRACE_SOURCE_DIR) + "/data/sample.jsonl " + (dir_ / "hostile.jsonl").string();
  const fs::path report = dir_ / "report.html";
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "-q --format html -o " + report.string() + " " + inputs), 0) << err_;
  ASSERT_EQ(RunBinary(WIRETRACE_PROVENANCE_BIN, "-q --format text " + inputs), 0) << err_;
  size_t clusters = 0;
  for (const std::string& line : test::Lines(out_)) clusters += line.rfind("cluster ", 0) == 0;
  const std::string html = ReadFile(report);

  // Self-contained: nothing is loaded from elsewhere, nothing runs.
  EXPECT_FALSE(std::regex_search(html, std::regex("(src|href)=\"(https?:)?//"))) << "external resource";
  EXPECT_THAT(html, Not(HasSubstr("<script")));

  const std::string chrome = "timeout 120 " + browser +
                             " --headless --no-sandbox --disable-gpu --disable-background-networking "
                             "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
                             (dir_ / "profile").string();
  ASSERT_EQ(RunBinary(chrome, "--dump-dom file://" + report.string()), 0) << err_;
  const std::string dom = out_;
  ASSERT_GT(dom.size(), 1000u) << err_;
  EXPECT_EQ(Count(dom, "<section class=\"cluster\""), clusters);
  EXPECT_GT(clusters, 10u);
  // The overview: totals, the graph of outlets with its edges, the contents.
  EXPECT_THAT(dom, HasSubstr("<table class=\"totals\">"));
  EXPECT_THAT(dom, HasSubstr("<svg class=\"outlets\""));
  EXPECT_GT(Count(dom, "<path class=\"edge\""), 10u);
  EXPECT_GT(Count(dom, "<circle class=\"outlet\""), 5u);
  EXPECT_EQ(Count(dom, "<a href=\"#cluster-"), clusters);
  EXPECT_GT(Count(dom, "<svg class=\"timeline\""), 5u);
  EXPECT_GT(Count(dom, "<mark>"), 10u);
  EXPECT_THAT(dom, HasSubstr("dir=\"auto\""));
  // Chains read left to right; each outlet name is isolated (U+2068 ... U+2069),
  // so an Urdu name cannot reorder the dates and arrows around it.
  EXPECT_THAT(dom, HasSubstr("<div class=\"chain\"><div dir=\"ltr\">\u2068"));
  // Hostile text stayed text: no element was made of it, nothing ran.
  EXPECT_THAT(dom, Not(HasSubstr("<script")));
  EXPECT_THAT(dom, Not(HasSubstr("onerror=\"alert")));
  EXPECT_THAT(dom, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(dom, HasSubstr("&lt;b&gt;Outlet&lt;/b&gt;"));

  // It paints: a screenshot of the top (the overview and its graph) is an
  // image of some size, not an error page.
  const fs::path png = dir_ / "report.png";
  ASSERT_EQ(RunBinary(chrome, "--window-size=1200,1400 --screenshot=" + png.string() + " file://" + report.string()),
            0)
      << err_;
  const std::string image = ReadFile(png);
  ASSERT_GT(image.size(), 20000u);
  EXPECT_EQ(image.substr(1, 3), "PNG");
}
#endif

}  // namespace
}  // namespace wiretrace
