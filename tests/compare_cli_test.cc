// End-to-end tests of `wiretrace compare`: the real binary on real text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "cli_test_util.h"
#include "test_articles.h"

namespace {

namespace fs = std::filesystem;
using wiretrace::test::Lines;

// A wire story in five paragraphs, one per line.
const char* const kWire[] = {
    "Heavy rain flooded large parts of the northern port city on Tuesday, forcing the closure of two container "
    "terminals and cutting power to more than forty thousand homes, the regional emergency service said.",
    "Rescue teams used boats to reach residents trapped on the upper floors of apartment blocks near the river, "
    "where the water rose by almost two metres in less than six hours.",
    "The meteorological office said a slow moving storm system had dropped the equivalent of a month of rainfall "
    "in a single night and warned that more showers were expected on Wednesday.",
    "Port officials said ships waiting to unload grain and fertiliser had been ordered to stay at anchor outside "
    "the harbour until the terminals could be inspected for damage.",
    "The mayor asked people to avoid travelling into the city centre, where several underpasses remained flooded, "
    "and said schools would stay closed for the rest of the week.",
};

// A story about something else entirely.
const char* const kOther[] = {
    "The central bank left its benchmark interest rate unchanged at four and a half percent on Thursday, saying "
    "inflation had eased more slowly than expected over the summer months.",
    "Analysts polled before the decision had been split, with a narrow majority predicting a quarter point cut to "
    "support weak consumer spending and a struggling housing market.",
    "The governor told reporters that policymakers would look closely at wage growth and energy prices before "
    "their next meeting in December.",
};

std::string Join(const char* const* paragraphs, size_t n, const char* sep) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) s += sep;
    s += paragraphs[i];
  }
  return s;
}

std::string JsonRecord(const std::string& id_json, const std::string& source, const std::string& text) {
  return "{\"id\":" + id_json + ",\"source\":\"" + source + "\",\"text\":\"" + text + "\"}\n";
}

// One row of the TSV output, by column name.
using Row = std::map<std::string, std::string>;

std::vector<Row> ParseTsv(const std::string& out) {
  const std::vector<std::string> lines = Lines(out);
  std::vector<Row> rows;
  if (lines.empty()) return rows;
  const std::vector<std::string> header = absl::StrSplit(lines[0], '\t');
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = absl::StrSplit(lines[i], '\t');
    EXPECT_EQ(fields.size(), header.size()) << lines[i];
    Row row;
    for (size_t f = 0; f < header.size() && f < fields.size(); ++f) row[header[f]] = fields[f];
    rows.push_back(row);
  }
  return rows;
}

double Number(const Row& row, const std::string& column) {
  double value = -1;
  const auto it = row.find(column);
  EXPECT_TRUE(it != row.end() && absl::SimpleAtod(it->second, &value)) << column;
  return value;
}

class CompareCliTest : public wiretrace::test::BinaryTest {
 protected:
  int Run(const std::string& args) { return RunBinary(WIRETRACE_BIN, args); }

  // The wire story, an exact copy, a copy trimmed to its first two
  // paragraphs, and an unrelated story, each from its own outlet (so that
  // nothing counts as boilerplate), plus one record with a number id.
  std::string WriteCorpus() {
    const fs::path path = dir_ / "corpus.jsonl";
    std::ofstream out(path);
    out << JsonRecord("\"wire-1\"", "Wire Agency", Join(kWire, 5, "\\n"));
    out << JsonRecord("\"paper-copy\"", "Daily Paper", Join(kWire, 5, "\\n"));
    out << JsonRecord("\"paper-trim\"", "Evening Post", Join(kWire, 2, "\\n"));
    out << JsonRecord("\"bank-1\"", "Finance Weekly", Join(kOther, 3, "\\n"));
    out << JsonRecord("42", "Morning Herald", Join(kWire, 5, "\\n"));
    return path.string();
  }

  std::string WritePairs(const std::string& text) {
    const fs::path path = dir_ / "pairs.tsv";
    std::ofstream(path) << text;
    return path.string();
  }

  // An agency story and a newspaper's rewrite of it, a day apart, among other
  // stories of those days (so that their shared words are rare).
  static std::vector<wiretrace::test::TestArticle> AgencyAndRewrite(const std::string& agency,
                                                                    const std::string& paper) {
    std::vector<wiretrace::test::TestArticle> docs = {{"agency", "Wire Agency", "2024-06-03T09:00:00Z", agency},
                                                      {"paper", "Daily Paper", "2024-06-04", paper}};
    for (size_t i = 0; i < wiretrace::test::kSameDayStories.size(); ++i) {
      docs.push_back({"other-" + std::to_string(i), "Outlet " + std::to_string(i), "2024-06-03",
                      wiretrace::test::kSameDayStories[i]});
    }
    return docs;
  }
};

TEST_F(CompareCliTest, ExactCopyTrimmedCopyAndUnrelatedText) {
  const std::string corpus = WriteCorpus();
  const std::string pairs = WritePairs(
      "# why are these (not) together?\n"
      "a\tb\tlabel\tnote\n"
      "wire-1\tpaper-copy\texact\tverbatim\n"
      "paper-trim\twire-1\ttrimmed\n"
      "wire-1\tbank-1\tunrelated\tother story\n");
  ASSERT_EQ(Run("compare -q --threads 1 " + corpus + " --pairs " + pairs), 0) << err_;
  EXPECT_EQ(err_, "");
  const std::vector<std::string> lines = Lines(out_);
  ASSERT_EQ(lines.size(), 4u) << out_;
  EXPECT_EQ(lines[0].substr(0, 46), "a\tb\tjaccard\tcontainment_a\tcontainment_b\tshared");
  EXPECT_NE(lines[0].find("\taccepted\tsame_cluster\t"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].substr(lines[0].size() - 11), "\tlabel\tnote");
  const std::vector<Row> rows = ParseTsv(out_);
  ASSERT_EQ(rows.size(), 3u);

  // An exact copy: every shingle shared.
  const Row& exact = rows[0];
  EXPECT_EQ(exact.at("a"), "wire-1");
  EXPECT_EQ(exact.at("b"), "paper-copy");
  EXPECT_EQ(exact.at("jaccard"), "1.0000");
  EXPECT_EQ(exact.at("containment_a"), "1.0000");
  EXPECT_EQ(exact.at("containment_b"), "1.0000");
  EXPECT_GT(Number(exact, "shared"), 100);
  EXPECT_EQ(exact.at("shared"), exact.at("shingles_a"));
  EXPECT_EQ(exact.at("accepted"), "yes");
  EXPECT_EQ(exact.at("same_cluster"), "yes");
  EXPECT_EQ(exact.at("label"), "exact");
  EXPECT_EQ(exact.at("note"), "verbatim");

  // Two paragraphs of five: nearly all of the copy is in the wire story, under
  // half of the wire story is in the copy, and it is the containment rule (not
  // Jaccard) that accepts the pair.
  const Row& trimmed = rows[1];
  EXPECT_EQ(trimmed.at("a"), "paper-trim");
  EXPECT_GE(Number(trimmed, "containment_a"), 0.95);
  EXPECT_GT(Number(trimmed, "containment_b"), 0.25);
  EXPECT_LT(Number(trimmed, "containment_b"), 0.5);
  EXPECT_LT(Number(trimmed, "jaccard"), 0.5);
  EXPECT_LT(Number(trimmed, "shingles_a"), Number(trimmed, "shingles_b"));
  EXPECT_EQ(trimmed.at("accepted"), "yes");
  EXPECT_EQ(trimmed.at("same_cluster"), "yes");
  EXPECT_EQ(trimmed.at("reason").rfind("containment (a in b)", 0), 0u) << trimmed.at("reason");
  EXPECT_EQ(trimmed.at("label"), "trimmed");
  EXPECT_EQ(trimmed.at("note"), "");  // a missing carried column stays empty

  // Unrelated stories share nothing.
  const Row& unrelated = rows[2];
  EXPECT_EQ(unrelated.at("jaccard"), "0.0000");
  EXPECT_EQ(unrelated.at("containment_a"), "0.0000");
  EXPECT_EQ(unrelated.at("shared"), "0");
  EXPECT_EQ(unrelated.at("accepted"), "no");
  EXPECT_EQ(unrelated.at("same_cluster"), "no");
  EXPECT_NE(unrelated.at("cluster_a"), unrelated.at("cluster_b"));
  // The corpus is undated: content words were not asked, and the reason says so.
  EXPECT_EQ(unrelated.at("reason"), "no shared shingles; content words: not for undated documents (without dates a rewrite and a follow-up look alike; --word-max-days 0)");
}

// --explain prints what `cluster --explain` prints for the same run, beside
// the rows, which it leaves as they are.
TEST_F(CompareCliTest, ExplainIsTheEnginesAndLeavesTheRows) {
  const std::string corpus = WriteCorpus();
  const std::string pairs = WritePairs("wire-1\tpaper-copy\n");
  ASSERT_EQ(Run("compare -q " + corpus + " --pairs " + pairs), 0) << err_;
  const std::string rows = out_;
  ASSERT_EQ(Run("compare -q --explain " + corpus + " --pairs " + pairs), 0) << err_;
  EXPECT_EQ(out_, rows);
  for (const char* line : {"LSH: ", "verify: Jaccard >= 0.50", "pairs: ", "seconds: read ", "boilerplate: "}) {
    EXPECT_NE(err_.find(line), std::string::npos) << line << "\n" << err_;
  }
}

TEST_F(CompareCliTest, JsonCarriesColumnsAndNumberIds) {
  const std::string corpus = WriteCorpus();
  // No header: the first line holds input ids, so it is data, and the carried
  // column is named by its position.
  const std::string pairs = WritePairs("42\twire-1\tWD\nwire-1\tbank-1\tND\n");
  ASSERT_EQ(Run("compare -q --json " + corpus + " --pairs " + pairs), 0) << err_;
  const std::vector<std::string> lines = Lines(out_);
  ASSERT_EQ(lines.size(), 2u) << out_;
  EXPECT_EQ(lines[0].rfind("{\"a\":42,\"b\":\"wire-1\",\"jaccard\":1.0000,", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("\"accepted\":true,\"same_cluster\":true"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"columns\":{\"col3\":\"WD\"}}"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("\"accepted\":false,\"same_cluster\":false"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"reason\":\"no shared shingles; content words: not for undated"), std::string::npos)
      << lines[1];
}

// A rewrite shares no passage with its source, only its names and figures in
// the story's order: compare names the content-word rule, its numbers and a
// few of the shared words. The same pair from one outlet is a follow-up.
TEST_F(CompareCliTest, ContentWordEdgeExplainsItself) {
  std::vector<wiretrace::test::TestArticle> docs =
      AgencyAndRewrite(wiretrace::test::kAgencyStory, wiretrace::test::kAgencyRewrite);
  const std::string pairs = WritePairs("agency\tpaper\n");
  ASSERT_EQ(Run("compare -q --json " + wiretrace::test::WriteArticles(docs) + " --pairs " + pairs), 0) << err_;
  std::vector<std::string> lines = Lines(out_);
  ASSERT_EQ(lines.size(), 1u) << out_;
  EXPECT_NE(lines[0].find("\"accepted\":true,\"same_cluster\":true"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"rule\":\"words\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Ishaq Dar"), std::string::npos) << lines[0];  // a shared name, spelled as written
  EXPECT_NE(lines[0].find("in order"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(": a rewrite\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"days_apart\":0.62"), std::string::npos) << lines[0];

  docs[1].source = "Wire Agency";
  ASSERT_EQ(Run("compare -q --json " + wiretrace::test::WriteArticles(docs) + " --pairs " + pairs), 0) << err_;
  lines = Lines(out_);
  ASSERT_EQ(lines.size(), 1u) << out_;
  EXPECT_NE(lines[0].find("\"accepted\":false,\"same_cluster\":false"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"rule\":\"none\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("content words: same outlet"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Ishaq Dar"), std::string::npos) << lines[0];
}

// Two days of one formula share most of their text and none of their
// figures: compare says that the figures decided, and what the text shares.
TEST_F(CompareCliTest, FiguresThatDisagreeExplainThemselves) {
  const std::vector<wiretrace::test::TestArticle> docs = {
      {"mon", "Wire", "2024-03-03T16:00:00Z",
       wiretrace::test::HarbourReport("Monday", "41,250", "12,480", "3,315", "118,600", "121,940", "14")},
      {"wed", "Wire", "2024-03-05T16:00:00Z",
       wiretrace::test::HarbourReport("Wednesday", "39,870", "13,025", "2,960", "109,410", "115,230", "11")}};
  const std::string pairs = WritePairs("mon\twed\n");
  ASSERT_EQ(Run("compare -q --json " + wiretrace::test::WriteArticles(docs) + " --pairs " + pairs), 0) << err_;
  std::vector<std::string> lines = Lines(out_);
  ASSERT_EQ(lines.size(), 1u) << out_;
  EXPECT_NE(lines[0].find("\"rule\":\"none\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"figures\":{\"a\":5,\"b\":5,\"shared\":0,\"agree\":false}"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("\"reason\":\"figures disagree: 0 of the smaller's 5"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("containment (a in b)"), std::string::npos) << lines[0];
  // With the rule off, the text alone makes them one story.
  ASSERT_EQ(Run("compare -q --json --figure-share 0 " + wiretrace::test::WriteArticles(docs) + " --pairs " + pairs),
            0)
      << err_;
  EXPECT_NE(out_.find("\"rule\":\"containment\""), std::string::npos) << out_;
}

// A rewrite by its content words whose one figure is none of the other's
// several: compare says the figures decided (VerifyOptions::min_figures_words).
TEST_F(CompareCliTest, AContentWordEdgeWhoseFigureDisagreesExplainsItself) {
  std::string agency = wiretrace::test::kAgencyStory;
  agency.replace(agency.find("would rise by five rupees"), 25, "would rise by 5.25 rupees on 1,200 stations");
  std::string paper = wiretrace::test::kAgencyRewrite;
  paper.replace(paper.find("150 billion"), 11, "240 billion");
  const std::string pairs = WritePairs("agency\tpaper\n");
  ASSERT_EQ(Run("compare -q --json " + wiretrace::test::WriteArticles(AgencyAndRewrite(agency, paper)) + " --pairs " +
                pairs),
            0)
      << err_;
  std::vector<std::string> lines = Lines(out_);
  ASSERT_EQ(lines.size(), 1u) << out_;
  EXPECT_NE(lines[0].find("\"rule\":\"none\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("not a rewrite, its figures disagree (0 of the smaller's 1 in the other, 3 and 1"),
            std::string::npos)
      << lines[0];
  // Asking two figures of the smaller side leaves its one figure out of it:
  // the content words alone decide.
  ASSERT_EQ(Run("compare -q --json --min-figures-words 2 " +
                wiretrace::test::WriteArticles(AgencyAndRewrite(agency, paper)) + " --pairs " + pairs),
            0)
      << err_;
  EXPECT_EQ(out_.find("\"rule\":\"none\""), std::string::npos) << out_;
  EXPECT_EQ(Run("compare -q --min-figures-words 0 " + wiretrace::test::WriteArticles(AgencyAndRewrite(agency, paper)) +
                " --pairs " + pairs),
            1);
  EXPECT_NE(err_.find("minimum figures for a content-word edge must be at least 1"), std::string::npos) << err_;
}

// A copy of a copy: a daily re-leads the wire story and adds a quote; a weekly
// takes the daily's lead and quote and adds a paragraph of its own. The weekly
// shares next to nothing with the wire story, yet joins its cluster through the daily,
// and compare says so.
TEST_F(CompareCliTest, ACopyOfACopySaysWhichMemberItJoinedThrough) {
  const std::string lead =
      "Thousands of families in the northern port city spent the night in school halls and sports centres after "
      "the river burst its banks, and the authorities said the worst was not yet over.";
  const std::string quote =
      "A fisherman who has lived by the harbour for forty years said he had never seen the water come so fast, "
      "and that his neighbours had carried their children out through the windows.";
  const std::string own =
      "Our reporter found the road to the airport closed at the second bridge, where police turned back lorries "
      "and the few buses still running took passengers on a long detour through the hills.";
  const fs::path corpus = dir_ / "chain.jsonl";
  {
    std::ofstream out(corpus);
    out << JsonRecord("\"wire\"", "Wire Agency", Join(kWire, 5, "\\n"));
    out << JsonRecord("\"daily\"", "Daily Paper", lead + "\\n" + quote + "\\n" + kWire[0] + "\\n" + kWire[1]);
    out << JsonRecord("\"weekly\"", "Weekly Review", lead + "\\n" + quote + "\\n" + own);
  }
  const std::string pairs = WritePairs("wire\tweekly\ndaily\tweekly\n");
  ASSERT_EQ(Run("compare -q --threads 1 " + corpus.string() + " --pairs " + pairs), 0) << err_;
  std::vector<Row> rows = ParseTsv(out_);
  ASSERT_EQ(rows.size(), 2u) << out_;
  EXPECT_LT(Number(rows[0], "containment_b"), 0.05);  // the weekly in the wire story
  EXPECT_EQ(rows[0].at("accepted"), "no");
  EXPECT_EQ(rows[0].at("same_cluster"), "yes");
  EXPECT_NE(rows[0].at("reason").find("'weekly' joined through 'daily', of another outlet, which holds most of it"),
            std::string::npos)
      << rows[0].at("reason");
  EXPECT_EQ(rows[1].at("accepted"), "yes");
  EXPECT_GE(Number(rows[1], "containment_b"), 0.5);
  // Without the rule the weekly founds its own cluster.
  ASSERT_EQ(Run("compare -q --threads 1 --anchor-via 0 " + corpus.string() + " --pairs " + pairs), 0) << err_;
  rows = ParseTsv(out_);
  ASSERT_EQ(rows.size(), 2u) << out_;
  EXPECT_EQ(rows[0].at("same_cluster"), "no");
  EXPECT_EQ(rows[1].at("same_cluster"), "no");
}

TEST_F(CompareCliTest, UnknownIdsAreReportedWithFileAndLineNotFatal) {
  const std::string corpus = WriteCorpus();
  const std::string pairs = WritePairs(
      "a\tb\n"
      "wire-1\tpaper-copy\n"
      "wire-1\tno-such-story\n"
      "only-one-column\n"
      "paper-trim\twire-1\n");
  ASSERT_EQ(Run("compare " + corpus + " --pairs " + pairs), 0) << err_;
  EXPECT_NE(err_.find("pairs.tsv:3: error: unknown id 'no-such-story'"), std::string::npos) << err_;
  EXPECT_NE(err_.find("pairs.tsv:4: error: expected two ids"), std::string::npos) << err_;
  EXPECT_NE(err_.find("2 pairs compared"), std::string::npos) << err_;
  EXPECT_NE(err_.find("line 1 taken as the header"), std::string::npos) << err_;
  ASSERT_EQ(ParseTsv(out_).size(), 2u) << out_;

  // --strict turns them into a failure before any output.
  EXPECT_EQ(Run("compare --strict " + corpus + " --pairs " + pairs), 2);
  EXPECT_EQ(out_, "");
  EXPECT_NE(err_.find("--strict"), std::string::npos) << err_;

  // When not one line can be compared, the run fails (an empty table is
  // written), each line still reported.
  const std::string none = WritePairs("wire-1\tno-such-story\nmissing\tpaper-copy\n");
  EXPECT_EQ(Run("compare " + corpus + " --pairs " + none), 2);
  EXPECT_NE(err_.find("pairs.tsv:1: error: unknown id 'no-such-story'"), std::string::npos) << err_;
  EXPECT_NE(err_.find("pairs.tsv:2: error: unknown id 'missing'"), std::string::npos) << err_;
  EXPECT_NE(err_.find("no pair of"), std::string::npos) << err_;
  EXPECT_EQ(ParseTsv(out_).size(), 0u) << out_;
}

// A directory of .txt files: ids are file names, and with no `source` every
// file belongs to one pseudo-outlet, so text found in three files is removed
// as boilerplate; --no-boilerplate keeps it.
TEST_F(CompareCliTest, TextDirectoryIdsAndBoilerplate) {
  const fs::path corpus = dir_ / "corpus";
  fs::create_directories(corpus);
  for (const char* name : {"wire.txt", "copy1.txt", "copy2.txt"}) std::ofstream(corpus / name) << Join(kWire, 5, "\n");
  std::ofstream(corpus / "bank.txt") << Join(kOther, 3, "\n");
  const std::string pairs = WritePairs("wire.txt\tcopy1.txt\nwire\tcopy2.txt\n");

  ASSERT_EQ(Run("compare --threads 1 " + corpus.string() + " --pairs " + pairs), 0) << err_;
  EXPECT_NE(err_.find("pairs.tsv:2: error: unknown id 'wire' (not among the input's ids; did you mean 'wire.txt'?"),
            std::string::npos)
      << err_;
  std::vector<Row> rows = ParseTsv(out_);
  ASSERT_EQ(rows.size(), 1u) << out_;
  EXPECT_EQ(rows[0].at("shingles_a"), "0");
  EXPECT_EQ(rows[0].at("jaccard"), "0.0000");
  EXPECT_EQ(rows[0].at("accepted"), "no");
  EXPECT_NE(rows[0].at("reason").find("all boilerplate"), std::string::npos) << rows[0].at("reason");

  ASSERT_EQ(Run("compare -q --no-boilerplate " + corpus.string() + " --pairs " + pairs), 0) << err_;
  rows = ParseTsv(out_);
  ASSERT_EQ(rows.size(), 1u) << out_;
  EXPECT_EQ(rows[0].at("jaccard"), "1.0000");
  EXPECT_EQ(rows[0].at("accepted"), "yes");
  EXPECT_EQ(rows[0].at("same_cluster"), "yes");
}

TEST_F(CompareCliTest, UsageAndFileErrors) {
  const std::string corpus = WriteCorpus();
  EXPECT_EQ(Run("compare " + corpus), 1);  // --pairs is required
  EXPECT_NE(err_.find("--pairs"), std::string::npos) << err_;
  EXPECT_EQ(Run("compare " + corpus + " --pairs " + (dir_ / "missing.tsv").string()), 2);
  EXPECT_NE(err_.find("missing.tsv"), std::string::npos) << err_;
  EXPECT_EQ(Run("compare --containment 2 " + corpus + " --pairs " + WritePairs("wire-1\tbank-1\n")), 1);
  EXPECT_EQ(Run("compare --help"), 0);
  EXPECT_NE(out_.find("containment_a"), std::string::npos);
  EXPECT_NE(out_.find("--no-boilerplate"), std::string::npos);
}

}  // namespace
