// The whole engine through its library API (RunCluster) on files it writes.
#include "wiretrace/engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wiretrace/json.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;

struct Page {
  std::string id;
  std::string source;
  std::string published;
  std::string text;
};

std::string WriteJsonl(const std::vector<Page>& pages) {
  const fs::path path = fs::temp_directory_path() /
                        ("wiretrace_engine_" + std::to_string(::getpid()) + "_" +
                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl");
  std::ofstream out(path);
  for (const Page& p : pages) {
    std::string line = "{\"id\":";
    AppendJsonString(&line, p.id);
    line += ",\"source\":";
    AppendJsonString(&line, p.source);
    line += ",\"published\":";
    AppendJsonString(&line, p.published);
    line += ",\"text\":";
    AppendJsonString(&line, p.text);
    out << line << "}\n";
  }
  return path.string();
}

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

// DESIGN.md's clustering check, second half: two unrelated pages of one
// outlet that share only its template and teasers stay apart.
TEST(EngineTest, UnrelatedPagesOfOneOutletStayApart) {
  std::vector<Page> pages;
  for (int i = 0; i < 4; ++i) {
    pages.push_back({"bay-" + std::to_string(i), "Bay Courier", "2024-05-0" + std::to_string(i + 1), OutletPage(kStories[i])});
  }
  const std::string path = WriteJsonl(pages);
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
  const std::string path = WriteJsonl(pages);
  absl::StatusOr<ClusterRun> run = RunCluster({path}, EngineOptions{});
  ASSERT_TRUE(run.ok()) << run.status();
  const DocumentResult& copy = run->documents[5];
  EXPECT_EQ(copy.cluster_size, 2u);
  EXPECT_EQ(run->documents[copy.representative].id, "wire-1");
  EXPECT_GT(copy.containment, 0.8);
  fs::remove(path);
}

TEST(EngineTest, KeepArticlesReturnsTextsAndSets) {
  std::vector<Page> pages = {{"a", "X", "2024-01-01", kStories[0]}, {"b", "Y", "2024-01-02", kStories[1]}};
  const std::string path = WriteJsonl(pages);
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
