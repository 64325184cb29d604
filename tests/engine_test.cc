// The whole engine through its library API (RunCluster) on files it writes.
#include "wiretrace/engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_articles.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;

using Page = test::TestArticle;

// An outlet's page: its story wrapped in the site template and teasers of
// three other stories, as in ../shared/seeds.
std::string OutletPage(const std::string& story) {
  return "Bay Courier | Home | National | World | Business | Sports | Opinion\n" + story +
         "\nPrevious Story\nCouncil approves new budget for road repairs across the district\n"
         "Next Story\nLocal team wins regional cricket final after dramatic last over\n"
         "Latest from -Top News\n"
         "Fishermen protest new harbour fees as season opens along the coast\n"
         "Prices of cooking gas rise again for the third time this year, officials say\n"
         "Share this: Facebook | X | WhatsApp | LinkedIn | Email\n"
         "Copyright 2024 Bay Courier. All rights reserved. | About Us | Privacy Policy | Contact\n";
}

const char* const kStories[] = {
    "The city water board said on Tuesday that repairs to the main pipeline would take two more weeks.",
    "A new bus route linking the airport with the old town will start running from next month.",
    "Police arrested two men suspected of stealing copper cable from the railway depot overnight.",
    "The university announced that its library will stay open around the clock during the exam period.",
};

// The clustering check (docs/design.md), second half: two unrelated pages of one
// outlet that share only its template and teasers stay apart.
TEST(EngineTest, UnrelatedPagesOfOneOutletStayApart) {
  std::vector<Page> pages;
  for (int i = 0; i < 4; ++i) {
    pages.push_back({"bay-" + std::to_string(i), "Bay Courier", "2024-05-0" + std::to_string(i + 1), OutletPage(kStories[i])});
  }
  const std::string path = test::WriteArticles(pages);
  EngineOptions options;
  options.threads = 2;
  options.explain = true;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  for (const DocumentResult& d : run->documents) EXPECT_EQ(d.cluster_size, 1u) << d.id;
  EXPECT_GE(run->summary.boilerplate_lines, 8u);
  bool saw_previous_story = false;
  for (const BoilerplateLine& b : run->boilerplate) saw_previous_story |= b.text == "Previous Story";
  EXPECT_TRUE(saw_previous_story);

  // The check can fail: without boilerplate removal the template dominates
  // these short pages and they merge.
  options.boilerplate.enabled = false;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok());
  EXPECT_GT(run->documents[0].cluster_size, 1u);
  fs::remove(path);
}

// ...and real reuse between pages of one outlet is still found.
TEST(EngineTest, BoilerplateRemovalKeepsRealReuse) {
  const std::string wire =
      "Heavy rain flooded low-lying parts of the capital on Monday, forcing schools to close and cutting power "
      "to several neighbourhoods, the disaster management agency said. Rescue teams used boats to move residents "
      "from the worst-hit streets near the river, and the weather office warned of more rain through Wednesday.";
  std::vector<Page> pages;
  for (int i = 0; i < 4; ++i) {
    pages.push_back({"bay-" + std::to_string(i), "Bay Courier", "2024-05-0" + std::to_string(i + 1), OutletPage(kStories[i])});
  }
  pages.push_back({"wire-1", "Wire", "2024-05-06T06:00:00Z", wire});
  pages.push_back({"bay-copy", "Bay Courier", "2024-05-06T09:00:00Z", OutletPage(wire + " (Wire)")});
  const std::string path = test::WriteArticles(pages);
  absl::StatusOr<ClusterRun> run = RunCluster({path}, EngineOptions{});
  ASSERT_TRUE(run.ok()) << run.status();
  const DocumentResult& copy = run->documents[5];
  EXPECT_EQ(copy.cluster_size, 2u);
  EXPECT_EQ(run->documents[copy.representative].id, "wire-1");
  EXPECT_GT(copy.containment, 0.8);
  fs::remove(path);
}

// A notice of a formula with no figures to tell its items apart (as
// Reuters' exchange listings): the same phrases every time, another company
// in them.
std::string ListingNotice(const std::string& company, const std::string& city, const std::string& product) {
  return "The Harbour Stock Exchange said it has started trading the common stock of " + company +
         ", which had been traded on the over the counter market until this week. " + company +
         " of " + city + " makes " + product + " and is the only company of its kind on the exchange, " +
         company + " said in a statement.";
}

// The items of a formula share its phrases, up to half of their shingles,
// but no passage: they are other stories (VerifyOptions::min_passage). A
// trimmed and re-led copy keeps whole sentences of its source and stays.
TEST(EngineTest, TheItemsOfAFormulaShareNoPassageButACopyDoes) {
  const std::string story =
      "Heavy rain flooded low-lying parts of the capital on Monday, forcing schools to close and cutting power "
      "to several neighbourhoods, the disaster management agency said. Rescue teams used boats to move residents "
      "from the worst-hit streets near the river, and the weather office warned of more rain through Wednesday. "
      "The agency said more than four hundred families had spent the night in temporary shelters set up in "
      "schools and community halls, and that drinking water was being trucked to the eastern districts.";
  const std::string copy =
      "Residents of the capital's riverside districts waded through knee-deep water on Monday as the city "
      "struggled with a second day of storms and officials appealed for calm. Heavy rain flooded low-lying "
      "parts of the capital on Monday, forcing schools to close and cutting power to several neighbourhoods, "
      "the disaster management agency said. Rescue teams used boats to move residents from the worst-hit "
      "streets near the river, and the weather office warned of more rain through Wednesday. Opposition "
      "leaders criticised the response of the city government.";
  const std::string path = test::WriteArticles({
      {"amex-1", "Wire", "2024-05-06T09:00:00Z", ListingNotice("Norden Marine Engines", "Tromsvik", "boat engines")},
      {"amex-2", "Wire", "2024-05-06T11:00:00Z", ListingNotice("Castella Foods", "Porto Alto", "frozen pastries")},
      {"amex-3", "Wire", "2024-05-07T10:00:00Z", ListingNotice("Blue Ridge Textiles", "Ashford", "cotton yarn")},
      {"flood", "Wire", "2024-05-06T06:00:00Z", story},
      {"flood-copy", "Daily Post", "2024-05-06T12:00:00Z", copy},
  });
  EngineOptions options;
  options.threads = 2;
  options.words.enabled = false;  // the shingle rule alone
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(run->documents[i].cluster_size, 1u) << run->documents[i].id;
  EXPECT_EQ(run->documents[4].cluster, run->documents[3].cluster);
  EXPECT_LT(run->documents[4].jaccard, options.verify.jaccard_threshold);  // joined by containment

  // The check can fail: without the passage test the notices are one story.
  options.verify.min_passage = 0;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->documents[0].cluster_size, 3u);
  fs::remove(path);
}

// A regional outlet's pages, as in data/sample.jsonl: the site template, the
// story, and at the bottom teasers of the outlet's other pages (a headline,
// and under "Latest" the headline and the first words of the lead, cut off).
struct Story {
  std::string title;
  std::string lead;
  std::string rest;
};

const Story kFrost = {
    "Frost hits 40,000 farming families in Puno and Cusco",
    "According to the official report, some 28,000 hectares were damaged and more than 40,000 families of "
    "small farmers lost part of their harvest, most of it grown for their own tables, Andes Wire reports.",
    "The frosts of the last two weeks destroyed about a third of the potato crop in the Andean regions of "
    "Puno and Cusco, the Ministry of Agrarian Development and Irrigation said on Tuesday.\n"
    "\"Temperatures fell to fifteen degrees below zero in some communities above 4,000 metres, something we "
    "had not seen for years,\" said Julio Quispe, regional director of agriculture in Puno.\n"
    "The mayor of Macusani, Elena Huaman, asked for the aid to arrive before the end of the month and put the "
    "number of affected families in her district at 2,241."};
const Story kFestival = {
    "Arequipa celebrates its frozen cheese festival",
    "Arequipa held its traditional frozen cheese festival on Sunday, a dessert of milk, cinnamon and coconut "
    "that drew thousands of visitors to the main square.",
    "Thirty home cooks offered their family recipes, and the jury gave its prize to a vendor who has made the "
    "dessert at the San Camilo market for forty years."};
const Story kLibrary = {
    "Trujillo opens a new municipal library",
    "The municipality of Trujillo opened a public library with more than 15,000 books, a children's room and "
    "free internet on a dozen computers.",
    "The mayor said the library would open from Monday to Saturday and hold reading workshops for pupils "
    "during the holidays."};

std::string Cut(const std::string& lead, size_t words) {
  std::string out;
  size_t pos = 0;
  for (size_t i = 0; i < words && pos != std::string::npos; ++i) {
    const size_t next = lead.find(' ', pos + 1);
    out += lead.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    pos = next;
  }
  return out;
}

std::string RegionalPage(const Story& story, const Story& next, const Story& latest) {
  return "Home > Society\n" + story.title + "\n15 March 2023\n" + story.lead + "\n" + story.rest +
         "\nShare: Facebook Twitter WhatsApp\nNext story\n" + next.title + "\nLatest\n" + latest.title + "\n" +
         Cut(latest.lead, 20) + "\n(c) 2023 Highland Herald. All rights reserved.";
}

// Issue #4: a short page that carries the teaser of another story of its
// outlet does not join that story, while a rewrite of the story still does.
TEST(EngineTest, ATeaserOfAnotherStoryIsNotACopyOfIt) {
  const std::string rewrite =
      "Some 40,000 families who farm small plots in Cusco and Puno have lost part of their harvest to frost, "
      "which damaged 28,000 hectares according to officials. A third of the potato crop is gone, Agrarian "
      "Development said; in communities above 4,000 metres the cold reached fifteen below zero, Julio Quispe "
      "told reporters. In Macusani, Elena Huaman wants help before month's end for 2,241 families.";
  std::vector<Page> pages = {
      {"herald-frost", "Highland Herald", "2023-03-15T08:00:00Z", RegionalPage(kFrost, kFestival, kFestival),
       kFrost.title},
      {"herald-festival", "Highland Herald", "2023-03-16", RegionalPage(kFestival, kFrost, kFrost), kFestival.title},
      {"herald-library", "Highland Herald", "2023-03-18", RegionalPage(kLibrary, kFrost, kFrost), kLibrary.title},
      {"valley-frost", "Valley Times", "2023-03-15T12:00:00Z", rewrite,
       "Frost ruins harvest of small farmers in the Andes"},
  };
  // Other stories of those days, so that the language's common words are
  // common here too.
  for (int i = 0; i < 4; ++i) {
    pages.push_back({"other-" + std::to_string(i), "Valley Times", "2023-03-1" + std::to_string(i), kStories[i]});
  }
  const std::string path = test::WriteArticles(pages);
  auto cluster_of = [](const ClusterRun& run, const std::string& id) {
    for (const DocumentResult& d : run.documents) {
      if (d.id == id) return d.cluster;
    }
    ADD_FAILURE() << id;
    return 0u;
  };
  EngineOptions options;
  options.threads = 2;
  // A small corpus: content words are those in at most 4 of its documents,
  // as a 5% share would be on a feed of 80.
  options.words.max_document_share = 1.0;
  options.words.max_documents = 4;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  const uint32_t frost = cluster_of(*run, "herald-frost");
  EXPECT_EQ(cluster_of(*run, "valley-frost"), frost);
  for (const DocumentResult& d : run->documents) {
    if (d.id == "valley-frost") {
      EXPECT_LT(d.containment, 0.3);  // joined by its content words, not its shingles
    }
  }
  EXPECT_NE(cluster_of(*run, "herald-festival"), frost);
  EXPECT_NE(cluster_of(*run, "herald-library"), frost);
  // Teasers: the frost headline twice and its cut lead on the festival and
  // library pages; the festival headline twice and its lead on the frost page.
  EXPECT_EQ(run->summary.teaser_lines, 9u);

  // The check can fail: with teasers kept, the festival page (a short story
  // under a long teaser) is a copy of the frost story by its rare words.
  options.boilerplate.teasers = false;
  run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->summary.teaser_lines, 0u);
  EXPECT_EQ(cluster_of(*run, "herald-festival"), cluster_of(*run, "herald-frost"));
  fs::remove(path);
}

// The teaser lines a default run finds on `pages`.
uint64_t TeaserLines(const std::vector<Page>& pages) {
  const std::string path = test::WriteArticles(pages);
  EngineOptions options;
  options.threads = 2;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  fs::remove(path);
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? run->summary.teaser_lines : 0;
}

// Teaser lines on three pages of one outlet: the frost page as given, and
// the festival and library pages, whose next and latest story is the frost
// story.
uint64_t TeaserLinesWithFrostPage(const std::string& frost_page) {
  return TeaserLines({
      {"herald-frost", "Highland Herald", "2023-03-15T08:00:00Z", frost_page, kFrost.title},
      {"herald-festival", "Highland Herald", "2023-03-16", RegionalPage(kFestival, kFrost, kFrost), kFestival.title},
      {"herald-library", "Highland Herald", "2023-03-18", RegionalPage(kLibrary, kFrost, kFrost), kLibrary.title},
  });
}

// A teaser shows the page's lead without its dateline: the cut lead under
// "Latest" is still recognised when the teased page opens "PUNO, March 15
// (Reuters) - More than ...".
TEST(EngineTest, ATeaserLeadWithoutThePagesDatelineIsATeaser) {
  Story dated = kFrost;
  dated.lead = "PUNO, March 15 (Reuters) - " + kFrost.lead;
  // As without the dateline: the frost headline twice and its cut lead on
  // the festival and library pages; the festival headline twice and its
  // lead on the frost page. Without the dateline rule the two cut frost
  // leads would stay (7).
  EXPECT_EQ(TeaserLinesWithFrostPage(RegionalPage(dated, kFestival, kFestival)), 9u);
}

// A headline behind a label ("ALSO READ: ", "上一篇：") is a teaser too; a
// label before words that are no page's title is left alone.
TEST(EngineTest, ALabelledHeadlineIsATeaser) {
  const std::string frost = RegionalPage(kFrost, kFestival, kFestival) + "\nALSO READ: " + kLibrary.title +
                            "\nPrevious: " + kFestival.title + "\nALSO READ: Llamas and alpacas at the fair";
  // The 9 of the pages without labels (ATeaserLeadWithoutThePagesDatelineIsATeaser),
  // and the library and festival headlines behind their labels.
  EXPECT_EQ(TeaserLinesWithFrostPage(frost), 11u);
}

// A resend keeps its headline and lead: they are its own, not a teaser.
TEST(EngineTest, AResendKeepsItsHeadlineAndLead) {
  std::vector<Page> pages = {
      {"herald-frost", "Highland Herald", "2023-03-15", RegionalPage(kFrost, kFestival, kLibrary), kFrost.title},
      {"herald-frost-2", "Highland Herald", "2023-03-15", RegionalPage(kFrost, kLibrary, kFestival), kFrost.title},
      {"herald-festival", "Highland Herald", "2023-03-13", RegionalPage(kFestival, kLibrary, kLibrary),
       kFestival.title},
      {"herald-library", "Highland Herald", "2023-03-18", RegionalPage(kLibrary, kFestival, kFestival),
       kLibrary.title},
  };
  const std::string path = test::WriteArticles(pages);
  EngineOptions options;
  options.threads = 2;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->documents[0].cluster, run->documents[1].cluster);
  EXPECT_GT(run->documents[1].jaccard, 0.5);
  // Only the teasers of the festival and library pages (headline once or
  // twice, and the lead under "Latest") go: 3 on each of the four pages.
  EXPECT_EQ(run->summary.teaser_lines, 12u);
  fs::remove(path);
}

// A line of its own on every page before the lead (a date and byline line,
// "2023年3月13日 00:17 来源：华南新闻网", which in scripts counted a character a
// word is long enough to pass for a lead) does not hide the lead: its cut
// copies under the outlet's other pages' teasers still go.
TEST(EngineTest, ATeaserLeadBehindALongDateLineIsATeaser) {
  Story frost = kFrost;
  frost.lead = "Wednesday 15 March 2023 08:00 by the Highland Herald staff in Puno\n" + kFrost.lead;
  // The 9 of ATeaserLeadWithoutThePagesDatelineIsATeaser. Taking the date
  // line for the lead would keep the two cut frost leads (7).
  EXPECT_EQ(TeaserLinesWithFrostPage(RegionalPage(frost, kFestival, kFestival)), 9u);
}

// Under another page's headline, the start of that page's lead is a teaser
// when the page moves on; a page that goes on with the story's next paragraph
// carries the story (a composite that took another outlet's version of it,
// whose lead differs from the outlet's own), and keeps its lead.
TEST(EngineTest, AStoryUnderItsHeadlineKeepsItsLeadOnAComposite) {
  const std::string other_lead = Cut(kFrost.lead, 12) + " across the southern highlands, officials said.";
  const std::string rest_start = kFrost.rest.substr(0, kFrost.rest.find('\n'));
  auto composite = [&](const std::string& after_lead) {
    return "Home > Society\n" + kLibrary.title + "\n16 March 2023\n" + kLibrary.lead + "\n" + kLibrary.rest + "\n" +
           kFrost.title + "\n" + other_lead + "\n" + after_lead + "\n(c) 2023 Highland Herald. All rights reserved.";
  };
  auto teaser_lines = [](const std::string& page) {
    return TeaserLines({
        {"herald-frost", "Highland Herald", "2023-03-15T08:00:00Z", RegionalPage(kFrost, kFestival, kFestival),
         kFrost.title},
        {"herald-festival", "Highland Herald", "2023-03-15T09:00:00Z", RegionalPage(kFestival, kFestival, kFestival),
         kFestival.title},
        {"herald-library", "Highland Herald", "2023-03-16", page, kLibrary.title},
    });
  };
  // The frost headline and its other-version lead, then the frost story's
  // next paragraph: only the headline is a teaser on the composite.
  const uint64_t story = teaser_lines(composite(rest_start));
  // The same lead followed by something else: a cut-off teaser, which goes too.
  const uint64_t teaser = teaser_lines(composite("Share: Facebook Twitter WhatsApp"));
  EXPECT_EQ(teaser, story + 1);
}

TEST(EngineTest, KeepArticlesReturnsTextsAndSets) {
  std::vector<Page> pages = {{"a", "X", "2024-01-01", kStories[0]}, {"b", "Y", "2024-01-02", kStories[1]}};
  const std::string path = test::WriteArticles(pages);
  EngineOptions options;
  options.keep_articles = true;
  absl::StatusOr<ClusterRun> run = RunCluster({path}, options);
  ASSERT_TRUE(run.ok());
  ASSERT_EQ(run->articles.size(), 2u);
  EXPECT_EQ(run->articles[1].text, kStories[1]);
  ASSERT_EQ(run->shingle_sets.size(), 2u);
  EXPECT_EQ(run->shingle_sets[0].size(), run->documents[0].shingles);
  EXPECT_TRUE(std::is_sorted(run->shingle_sets[0].begin(), run->shingle_sets[0].end()));
  fs::remove(path);
}

// EngineOptions::agencies reaches the dateline cut (issue 10): with an
// outlet the built-in table lacks, a copy that only adds its name as a
// dateline has the same shingles as the original; without it, it does not.
TEST(EngineTest, AgenciesExtendTheDatelineCut) {
  const std::string story = kStories[0];
  std::vector<Page> pages = {{"a", "X", "2024-01-01", story}, {"b", "Y", "2024-01-02", "Dunya News \u2014 " + story}};
  const std::string path = test::WriteArticles(pages);
  EngineOptions options;
  absl::StatusOr<ClusterRun> builtin = RunCluster({path}, options);
  ASSERT_TRUE(builtin.ok());
  ASSERT_EQ(builtin->documents.size(), 2u);
  EXPECT_GT(builtin->documents[1].shingles, builtin->documents[0].shingles);
  ASSERT_TRUE(options.agencies.AddTsv("Dunya News\tDunya News\n").ok());
  absl::StatusOr<ClusterRun> extended = RunCluster({path}, options);
  ASSERT_TRUE(extended.ok());
  EXPECT_EQ(extended->documents[1].shingles, extended->documents[0].shingles);
  EXPECT_EQ(extended->documents[1].cluster, extended->documents[0].cluster);
  EXPECT_DOUBLE_EQ(extended->documents[1].jaccard, 1.0);
  fs::remove(path);
}

TEST(EngineTest, InvalidOptionsAreRejectedUpFront) {
  EngineOptions options;
  options.lsh.threshold = 1.5;
  EXPECT_EQ(RunCluster({"whatever.jsonl"}, options).status().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.cluster.anchor_containment = 0;
  EXPECT_EQ(RunCluster({"whatever.jsonl"}, options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(RunCluster({}, EngineOptions{}).ok());
}

}  // namespace
}  // namespace wiretrace
