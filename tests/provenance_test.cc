// Provenance rules on tests/data/provenance/small.jsonl (see docs/provenance.md):
// copy of a copy, a composite with two parents, a trimmed copy without dates,
// and passages that point at identical text in both documents.
#include "wiretrace/provenance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "internal/provenance_worker.h"
#include "test_articles.h"
#include "wiretrace/shingle.h"

namespace wiretrace {
namespace {

std::string CodePoints(const std::string& s, uint32_t begin, uint32_t end) {
  std::string out;
  int64_t cp = -1;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++cp;
    if (cp >= begin && cp < end) out.push_back(c);
  }
  return out;
}

class ProvenanceTest : public ::testing::Test {
 protected:
  void Run(const std::string& path) {
    engine_.keep_articles = true;
    engine_.threads = 2;
    absl::StatusOr<ClusterRun> run = RunCluster({path}, engine_);
    ASSERT_TRUE(run.ok()) << run.status();
    run_ = *std::move(run);
    absl::StatusOr<ProvenanceResult> prov = ComputeProvenance(run_, {}, engine_, options_);
    ASSERT_TRUE(prov.ok()) << prov.status();
    prov_ = *std::move(prov);
  }
  void RunSmall() { Run(std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/provenance/small.jsonl"); }

  const DocumentProvenance* Doc(const std::string& id) const {
    for (const DocumentProvenance& d : prov_.documents) {
      if (run_.articles[d.doc].id == id) return &d;
    }
    return nullptr;
  }
  std::string Id(uint32_t doc) const { return run_.articles[doc].id; }

  EngineOptions engine_;
  ProvenanceOptions options_;
  ClusterRun run_;
  ProvenanceResult prov_;
};

TEST_F(ProvenanceTest, CopyOfCopyPointsAtTheIntermediate) {
  RunSmall();
  // alt-1 carries ANI's own changes ("reported Sputnik", "(ANI)", the trim).
  const DocumentProvenance* alt = Doc("alt-1");
  ASSERT_NE(alt, nullptr);
  ASSERT_EQ(alt->parents.size(), 1u);
  EXPECT_EQ(Id(alt->parents[0].doc), "ani-1");
  EXPECT_EQ(Id(alt->root), "spk-1");
  EXPECT_EQ(alt->parents[0].credit, CreditStatus::kParent);  // "(ANI)"
  const DocumentProvenance* ani = Doc("ani-1");
  ASSERT_NE(ani, nullptr);
  ASSERT_EQ(ani->parents.size(), 1u);
  EXPECT_EQ(Id(ani->parents[0].doc), "spk-1");
  EXPECT_EQ(ani->parents[0].credit, CreditStatus::kParent);  // "reported Sputnik"
  const DocumentProvenance* root = Doc("spk-1");
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(root->parents.empty());
  EXPECT_EQ(Id(root->root), "spk-1");
  EXPECT_EQ(Doc("solo"), nullptr);  // a singleton is not reported
}

// A cluster of more than 64 members (one story everywhere): each member
// scores a bounded set of earlier members, and still finds its parent. The
// wire item, 90 verbatim copies of it, and an outlet's copy (its own lead
// added) of which a second outlet made an exact copy late in the order.
// One story for the large-cluster tests: a wire item, and a copy that put a
// lead of its own on it.
const std::string kFloodWire =
    "Heavy rain flooded low-lying parts of the capital on Monday, forcing schools to close and cutting power "
    "to several neighbourhoods, the disaster management agency said. Rescue teams used boats to move residents "
    "from the worst-hit streets near the river, and the weather office warned of more rain through Wednesday. "
    "The agency said more than four hundred families had spent the night in temporary shelters set up in "
    "schools and community halls, and that drinking water was being trucked to the eastern districts.";
const std::string kFloodLed =
    "Residents of the riverside districts waded through knee-deep water as the city struggled with a second "
    "day of storms and officials appealed for calm on the radio through the night.\n" + kFloodWire;

TEST_F(ProvenanceTest, ABigClusterStillFindsTheIntermediateAndTheRoot) {
  const std::string& wire = kFloodWire;
  const std::string& led = kFloodLed;
  std::vector<test::TestArticle> pages = {{"wire", "Wire", "2024-05-06T06:00:00Z", wire, "Floods close schools"}};
  for (int i = 0; i < 90; ++i) {
    char when[32];
    std::snprintf(when, sizeof(when), "2024-05-06T%02d:%02d:00Z", 7 + i / 60, i % 60);
    pages.push_back({"copy-" + std::to_string(i), "Outlet " + std::to_string(i), when, wire, "Floods close schools"});
  }
  pages.push_back({"led", "Bay Courier", "2024-05-06T09:00:00Z", led, "Floods close schools"});
  pages.push_back({"led-copy", "Hill Times", "2024-05-07T09:00:00Z", led, "Floods close schools"});
  const std::string path = test::WriteArticles(pages);
  Run(path);
  std::filesystem::remove(path);
  const DocumentProvenance* copy = Doc("led-copy");
  ASSERT_NE(copy, nullptr);
  ASSERT_FALSE(copy->parents.empty());
  EXPECT_EQ(Id(copy->parents[0].doc), "led");  // its exact source, not the root
  EXPECT_EQ(Id(copy->root), "wire");
  const DocumentProvenance* late = Doc("copy-89");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(Id(late->root), "wire");
  EXPECT_GT(late->rank, 64u);  // it was scored on the bounded path
}

// Past kMaxCachedMembers members the worker drops the views of all but the
// story's first members (TrimCaches): a member whose source was dropped
// tokenizes it again and still finds it. (Under AddressSanitizer this also
// checks that no view is read after it was dropped.)
TEST_F(ProvenanceTest, AClusterLargerThanTheCachesStillFindsTheIntermediate) {
  const std::string& wire = kFloodWire;
  const std::string& led = kFloodLed;
  std::vector<test::TestArticle> pages = {{"wire", "Wire", "2024-05-06T06:00:00Z", wire, "Floods close schools"}};
  pages.push_back({"led", "Bay Courier", "2024-05-06T06:30:00Z", led, "Floods close schools"});
  const int copies = static_cast<int>(internal::kMaxCachedMembers) + 200;
  for (int i = 0; i < copies; ++i) {
    char when[32];
    std::snprintf(when, sizeof(when), "2024-05-06T07:%02d:%02dZ", i / 60, i % 60);
    pages.push_back({"copy-" + std::to_string(i), "Outlet " + std::to_string(i), when, wire, "Floods close schools"});
  }
  pages.push_back({"led-copy", "Hill Times", "2024-05-07T09:00:00Z", led, "Floods close schools"});
  const std::string path = test::WriteArticles(pages);
  Run(path);
  std::filesystem::remove(path);
  const DocumentProvenance* copy = Doc("led-copy");
  ASSERT_NE(copy, nullptr);
  EXPECT_GT(copy->rank, internal::kMaxCachedMembers);  // scored after the caches were trimmed
  ASSERT_FALSE(copy->parents.empty());
  EXPECT_EQ(Id(copy->parents[0].doc), "led");
  EXPECT_EQ(Id(copy->root), "wire");
}

TEST_F(ProvenanceTest, CompositeHasTwoParentsWithShares) {
  RunSmall();
  const DocumentProvenance* comp = Doc("comp-1");
  ASSERT_NE(comp, nullptr);
  ASSERT_EQ(comp->parents.size(), 2u);
  // The first half is the common text of Sputnik's story and ANI's copy. Of
  // ANI's changes it keeps only "reported Sputnik": a handful of shingles, a
  // near tie for the whole composite (ProvenanceOptions::near_tie), which
  // goes to the root-side source.
  EXPECT_EQ(Id(comp->parents[0].doc), "spk-1");
  EXPECT_EQ(Id(comp->parents[1].doc), "2001");
  EXPECT_TRUE(comp->parents[1].other_cluster);
  EXPECT_NE(comp->parents[1].cluster, comp->cluster);
  // About half of the composite from each story.
  EXPECT_GT(comp->parents[0].share, 0.4);
  EXPECT_LT(comp->parents[0].share, 0.7);
  EXPECT_GT(comp->parents[1].share, 0.3);
  EXPECT_LT(comp->parents[1].share, 0.6);
  EXPECT_GT(comp->parents[0].share + comp->parents[1].share, 0.85);
}

TEST_F(ProvenanceTest, TrimmedCopyWithoutDatesOrientedByContainment) {
  RunSmall();
  const DocumentProvenance* trim = Doc("trim-c");
  ASSERT_NE(trim, nullptr);
  ASSERT_EQ(trim->parents.size(), 1u);
  EXPECT_EQ(Id(trim->parents[0].doc), "rtr-c");
  EXPECT_EQ(trim->parents[0].evidence, std::vector<OrderEvidence>{OrderEvidence::kContainment});
  EXPECT_EQ(trim->parents[0].credit, CreditStatus::kNone);
  const DocumentProvenance* src = Doc("rtr-c");
  ASSERT_NE(src, nullptr);
  EXPECT_TRUE(src->parents.empty());
}

TEST_F(ProvenanceTest, PassagesPointAtIdenticalText) {
  RunSmall();
  size_t checked = 0;
  for (const DocumentProvenance& d : prov_.documents) {
    for (const ParentLink& l : d.parents) {
      EXPECT_FALSE(l.passages.empty()) << Id(d.doc) << " <- " << Id(l.doc);
      for (const Passage& p : l.passages) {
        const std::string child = CodePoints(run_.articles[d.doc].text, p.child_begin, p.child_end);
        const std::string parent = CodePoints(run_.articles[l.doc].text, p.parent_begin, p.parent_end);
        EXPECT_GT(child.size(), 10u);
        EXPECT_EQ(child, parent) << Id(d.doc) << " <- " << Id(l.doc);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 8u);
  // Cyrillic: code points, not bytes.
  const DocumentProvenance* vk = Doc("vk-n");
  ASSERT_NE(vk, nullptr);
  ASSERT_FALSE(vk->parents.empty());
  EXPECT_EQ(Id(vk->parents[0].doc), "ria-n");
  EXPECT_EQ(vk->parents[0].credit, CreditStatus::kParent);
}

TEST_F(ProvenanceTest, DatesRemovedStillOrientedByText) {
  // The same files without `published`: text evidence (credits, containment,
  // leads) must still find the copy-of-copy chain.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("wiretrace_prov_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/provenance/small.jsonl");
  std::ofstream out(dir / "nodates.jsonl");
  engine_.ingest.date_field = "no_such_field";
  for (std::string line; std::getline(in, line);) out << line << "\n";
  out.close();
  Run((dir / "nodates.jsonl").string());
  std::filesystem::remove_all(dir);
  const DocumentProvenance* ani = Doc("ani-1");
  ASSERT_NE(ani, nullptr);
  ASSERT_FALSE(ani->parents.empty());
  EXPECT_EQ(Id(ani->parents[0].doc), "spk-1");
  const DocumentProvenance* dm = Doc("dm-b");
  ASSERT_NE(dm, nullptr);
  ASSERT_FALSE(dm->parents.empty());
  EXPECT_EQ(Id(dm->parents[0].doc), "2001");
  EXPECT_NE(std::find(dm->parents[0].evidence.begin(), dm->parents[0].evidence.end(), OrderEvidence::kCredit),
            dm->parents[0].evidence.end());
}

// A wire story, a copy of it that adds its own lead and rewords a sentence
// (the intermediate), and two later copies: one of the intermediate, one of
// the wire story that happens to share the intermediate's headline and
// agency credit line.
class ParentRuleTest : public ProvenanceTest {
 protected:
  std::string Json(const std::string& id, const std::string& source, const std::string& published,
                   const std::string& title, std::vector<std::string> paras) const {
    if (!tail_.empty()) paras.push_back(tail_);
    std::string text = lead_;
    for (const std::string& p : paras) text += (text.empty() ? "" : "\\n\\n") + p;
    return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"published\":\"" + published +
           "\",\"title\":\"" + title + "\",\"text\":\"" + text + "\"}\n";
  }
  void SetUp() override { Write(); }
  // `lead_` starts every text, `tail_` ends it as a paragraph of its own.
  void Write() {
    const std::vector<std::string> wire = {
        "Engineers on Tuesday finished laying the last section of a floating pipeline across the northern "
        "lagoon, completing a project that had been delayed for almost three years by storms and lawsuits.",
        "The pipeline, which carries fresh water from the hill reservoirs to the coastal villages, is made of "
        "forty steel segments joined on barges and lowered onto concrete anchors at low tide.",
        "Fishermen had opposed the route because it crosses the channel where crab traps are set each winter, "
        "and a local court ordered the contractor to move two anchors further south last spring.",
        "Water officials said the villages would receive their first supply within a fortnight, once the "
        "pressure tests and chlorine flushing of the new line had been completed by the inspectors.",
        "The cost of the project rose from eleven million to nearly nineteen million dollars, largely because "
        "of the repeated storm damage to the barges and the cranes used to lift the heavy segments.",
        "A second pipeline to the islands beyond the lagoon is planned for next year if the regional "
        "assembly approves the budget, according to the ministry of public works and water supply."};
    // The intermediate: its own new lead, a reworded sentence, a trim, a credit.
    std::vector<std::string> inter = {
        "Coastal villages that have relied on tanker trucks for a decade will soon drink water piped across "
        "the lagoon, reports Harbour Gazette."};
    inter.insert(inter.end(), wire.begin(), wire.begin() + 5);
    inter[3] = "Fishermen had fought the route because it crosses the channel where crab traps are placed each "
               "winter, and a local court ordered the contractor to move two anchors further south last spring.";
    inter.back() += " (Reuters)";
    // A copy of the intermediate: keeps its lead, its rewording; trims more.
    std::vector<std::string> child_of_inter(inter.begin(), inter.begin() + 5);
    // A copy of the wire story: the intermediate's headline and credit line,
    // but the original wording of the sentence the intermediate changed.
    std::vector<std::string> child_of_wire(wire.begin(), wire.begin() + 5);
    child_of_wire.back() += " (Reuters)";
    const std::string headline = "Lagoon pipeline finished after three-year delay";
    path_ = std::filesystem::temp_directory_path() / ("wiretrace_parent_rule_" + std::to_string(::getpid()) + ".jsonl");
    std::ofstream out(path_);
    out << Json("wire", "Reuters", "2023-03-07T08:00:00Z", "Floating pipeline crosses northern lagoon", wire)
        << Json("inter", "Harbour Gazette", "2023-03-07T10:00:00Z", headline, inter)
        << Json("copy-of-inter", "Daily Meridian", "2023-03-07T13:00:00Z", headline, child_of_inter)
        << Json("copy-of-wire", "Island Echo", "2023-03-07T14:00:00Z", headline, child_of_wire);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
  std::string lead_, tail_;
};

TEST_F(ParentRuleTest, CopyCarryingTheIntermediatesChangesPointsAtIt) {
  Run(path_.string());
  const DocumentProvenance* d = Doc("copy-of-inter");
  ASSERT_NE(d, nullptr);
  ASSERT_FALSE(d->parents.empty());
  EXPECT_EQ(Id(d->parents[0].doc), "inter");
  EXPECT_EQ(Id(d->root), "wire");
  const DocumentProvenance* inter = Doc("inter");
  ASSERT_NE(inter, nullptr);
  ASSERT_FALSE(inter->parents.empty());
  EXPECT_EQ(Id(inter->parents[0].doc), "wire");
}

TEST_F(ParentRuleTest, CopyWithoutTheIntermediatesChangesPointsAtTheSource) {
  Run(path_.string());
  const DocumentProvenance* d = Doc("copy-of-wire");
  ASSERT_NE(d, nullptr);
  ASSERT_FALSE(d->parents.empty());
  // It shares the intermediate's headline and "(Reuters)", yet keeps the
  // sentence the intermediate reworded: it did not come through it.
  EXPECT_EQ(Id(d->parents[0].doc), "wire");
  EXPECT_EQ(Id(d->root), "wire");
  EXPECT_EQ(d->parents[0].credit, CreditStatus::kParent);
}

// The title windows (left out when choosing a parent) are those of the title
// and the text's first 2 KB. They are taken from the whole document when
// that cannot differ, and the first 2 KB are tokenized again when it can: a
// tag or an entity before the windows end, in a text longer than 2 KB. Both
// ways must choose the same parents.
TEST_F(ParentRuleTest, TitleWindowsOfLongAndMarkedUpTexts) {
  // A paragraph every copy kept, long enough to take each text past 2 KB.
  const char* const kWords[] = {"harbour", "council", "members", "agreed", "to", "review", "the", "ferry",
                                "timetable", "after", "complaints", "from", "commuters", "about", "late", "boats"};
  std::mt19937 random(11);
  for (int i = 0; i < 400; ++i) tail_ += std::string(tail_.empty() ? "" : " ") + kWords[random() % 16];
  for (const std::string lead : {"", "<b>Update</b> &amp; ", "&amp; "}) {
    lead_ = lead;
    Write();
    Run(path_.string());
    const DocumentProvenance* via_inter = Doc("copy-of-inter");
    const DocumentProvenance* via_wire = Doc("copy-of-wire");
    ASSERT_NE(via_inter, nullptr) << lead;
    ASSERT_NE(via_wire, nullptr) << lead;
    ASSERT_FALSE(via_inter->parents.empty()) << lead;
    ASSERT_FALSE(via_wire->parents.empty()) << lead;
    EXPECT_GT(run_.articles[via_wire->doc].text.size(), 2048u);
    EXPECT_EQ(Id(via_inter->parents[0].doc), "inter") << lead;
    EXPECT_EQ(Id(via_wire->parents[0].doc), "wire") << lead;
  }
}

// Passages come in the child's order; where the child moved a paragraph,
// the parent offsets go back, and code point offsets must still be right.
TEST(FindPassagesTest, ReorderedParagraphsInTwoScripts) {
  const std::string a = "Инженеры во вторник закончили укладку последнего участка плавучего трубопровода через "
                        "северную лагуну, завершив проект, который откладывался почти три года.";
  const std::string b = "Fishermen had opposed the route because it crosses the channel where crab traps are set "
                        "each winter, and a local court ordered the contractor to move two anchors further south.";
  Article parent, child;
  parent.text = a + "\n\n" + b;
  child.text = "Édition spéciale. " + b + "\n\n" + a;
  const EngineOptions engine;
  auto set_of = [&](const Article& article) {
    std::vector<Token> tokens;
    Tokenize(article.title, engine.normalize, &tokens);
    Tokenize(article.text, engine.normalize, &tokens);
    std::vector<uint32_t> shingles;
    Shingle(tokens, engine.shingle, &shingles);
    MakeShingleSet(&shingles);
    return shingles;
  };
  const std::vector<Passage> passages = FindPassages(child, set_of(child), parent, set_of(parent), engine);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_LT(passages[0].child_end, passages[1].child_begin);
  EXPECT_GT(passages[0].parent_begin, passages[1].parent_begin);  // b, then a: back in the parent
  for (const Passage& p : passages) {
    EXPECT_EQ(CodePoints(child.text, p.child_begin, p.child_end), CodePoints(parent.text, p.parent_begin, p.parent_end));
    EXPECT_EQ(child.text.substr(p.child_begin_byte, p.child_end_byte - p.child_begin_byte),
              CodePoints(child.text, p.child_begin, p.child_end));
    EXPECT_EQ(parent.text.substr(p.parent_begin_byte, p.parent_end_byte - p.parent_begin_byte),
              CodePoints(parent.text, p.parent_begin, p.parent_end));
  }
  // The whole paragraph but its full stop: a passage ends with a token.
  EXPECT_EQ(CodePoints(child.text, passages[1].child_begin, passages[1].child_end), a.substr(0, a.size() - 1));
}

// Small chains written for one rule each: documents with or without dates,
// each a list of paragraphs.
class ChainTest : public ProvenanceTest {
 protected:
  struct Page {
    std::string id, source, published;  // published empty: undated
    std::vector<std::string> paras;
    std::string title = "";
  };
  void RunDocs(const std::vector<Page>& docs) {
    std::vector<test::TestArticle> articles;
    for (const Page& d : docs) {
      std::string text;
      for (const std::string& p : d.paras) text += (text.empty() ? "" : "\n\n") + p;
      articles.push_back({d.id, d.source, d.published, text, d.title});
    }
    const std::string path = test::WriteArticles(articles);
    Run(path);
    std::filesystem::remove(path);
  }
  std::string ParentOf(const std::string& id) const {
    const DocumentProvenance* d = Doc(id);
    if (d == nullptr) return "(not in a cluster)";
    return d->parents.empty() ? "(root)" : Id(d->parents[0].doc);
  }
  // A wire story in six paragraphs.
  const std::vector<std::string> story_ = {
      "The regional water board said on Thursday that it would close the old Kestrel dam spillway for nine "
      "months while engineers replace the steel gates that were damaged in the January floods.",
      "Farmers downstream have been told to expect lower flows in the irrigation canals from April, and the "
      "board has promised to release extra water at night during the driest weeks of the summer.",
      "The repairs will cost about fourteen million dollars, paid for by an emergency fund that parliament "
      "approved after the floods destroyed bridges and flooded more than two thousand homes.",
      "Engineers found cracks in three of the five gates during an inspection in February, the board's "
      "chief engineer Miriam Okafor told reporters at the dam, adding that none of the cracks was dangerous.",
      "The contractor, a joint venture of two local firms, must finish the work before the autumn rains, "
      "or pay a penalty of twenty thousand dollars for every day of delay under the terms of the contract.",
      "Environmental groups asked the board to use the closure to build a fish ladder around the dam, a "
      "request that the board said it would study together with the ministry of agriculture and fisheries."};
  std::vector<std::string> Story(size_t from, size_t to) const {
    return std::vector<std::string>(story_.begin() + from, story_.begin() + to);
  }
  // The wire story under `wire_title`; an intermediate that only trimmed it,
  // under `inter_title`; a copy of the intermediate's text under `copy_title`.
  void RunTrimmedChain(const std::string& wire_title, const std::string& inter_title, const std::string& copy_title) {
    RunDocs({{"wire", "Reuters", "2023-03-09T06:00:00Z", story_, wire_title},
             {"inter", "Valley Post", "2023-03-09T08:00:00Z", Story(0, 5), inter_title},
             {"copy", "Gulf Observer", "2023-03-09T11:00:00Z", Story(0, 5), copy_title}});
  }
};

// Without dates, a copy that dropped the story's lead is smaller and has
// nothing before the shared text, while the original has the lead there,
// which looks like a lead the original added. Other copies carry that lead
// on: it is the story's own, so the original is not taken for the copy.
TEST_F(ChainTest, LeadThatOtherCopiesCarryWasNotAdded) {
  std::vector<std::string> no_lead = Story(1, 6);
  RunDocs({{"original", "Reuters", "", story_},
           {"copy-a", "Daily Meridian", "", Story(0, 5)},
           {"copy-b", "Island Echo", "", Story(0, 4)},
           {"dropped-lead", "Harbour Times", "", no_lead}});
  EXPECT_EQ(ParentOf("original"), "(root)");
  EXPECT_EQ(ParentOf("dropped-lead"), "original");
  const DocumentProvenance* d = Doc("dropped-lead");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(Id(d->root), "original");
}

// A copy that inserted a paragraph of its own in the middle is larger and
// holds all of the original; so would an original of which the other cut a
// middle paragraph. The text does not tell which came first, so it is not
// used to orient the pair (undated: representative order, "oriented" false).
TEST_F(ChainTest, MidTextInsertionGivesNoOrder) {
  std::vector<std::string> inserted = Story(0, 3);
  inserted.push_back("In the village of Marlow Creek, the mayor Tomas Reyes said the closure came at the worst time "
                     "for growers of tomatoes and onions, who had already lost a harvest to the floods last year.");
  inserted.insert(inserted.end(), story_.begin() + 3, story_.end());
  RunDocs({{"original", "Reuters", "", story_}, {"inserted", "Valley Post", "", inserted}});
  const DocumentProvenance* a = Doc("original");
  const DocumentProvenance* b = Doc("inserted");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const DocumentProvenance* child = a->parents.empty() ? b : a;
  ASSERT_EQ(child->parents.size(), 1u);
  EXPECT_EQ(child->parents[0].evidence, std::vector<OrderEvidence>{OrderEvidence::kOrder});
}

// Copies of one day whose sizes are alike. Lakeside credits the agency, so
// rule 4 (tied dates, one credits a third outlet) puts it after each copy
// that does not; Meridian, though, names Lakeside's outlet, and it is timed
// before those copies. The cycle this makes is broken at the tied-credit
// orders, the weaker evidence, not at the named credit or the times.
TEST_F(ChainTest, NamedCreditOutweighsTiedCredit) {
  std::vector<std::string> lakeside = Story(0, 5);
  lakeside.back() += " (Reuters)";
  std::vector<std::string> meridian = Story(0, 5);
  meridian.push_back("(Courtesy: Lakeside Chronicle)");
  RunDocs({{"wire", "Reuters", "2023-03-08T06:00:00Z", story_},
           {"lakeside", "Lakeside Chronicle", "2023-03-08", lakeside},
           {"meridian", "Daily Meridian", "2023-03-08T09:00:00Z", meridian},
           {"later-1", "Gulf Observer", "2023-03-08T10:00:00Z", Story(0, 5)},
           {"later-2", "Pacific Ledger", "2023-03-08T20:00:00Z", Story(0, 5)}});
  EXPECT_EQ(ParentOf("lakeside"), "wire");
  EXPECT_EQ(ParentOf("meridian"), "lakeside");
}

// The intermediate's credit line is text like any other: a copy that kept
// it word for word, in its place, came through the intermediate, even if
// it kept nothing else the intermediate changed.
TEST_F(ChainTest, CopyKeepingTheIntermediatesCreditLinePointsAtIt) {
  std::vector<std::string> inter = Story(0, 5);
  inter[1].insert(inter[1].size() - 1, ", reported Pacific News Service");
  std::vector<std::string> copy(inter.begin(), inter.begin() + 4);
  RunDocs({{"wire", "PNS", "2023-03-15T00:45:00Z", story_},
           {"inter", "Metro Wire Digest", "2023-03-15T07:57:00Z", inter},
           {"sibling", "Gulf Observer", "2023-03-15T09:00:00Z", Story(0, 5)},
           {"copy", "Pacific Ledger", "2023-03-16T01:37:00Z", copy}});
  EXPECT_EQ(ParentOf("inter"), "wire");
  EXPECT_EQ(ParentOf("copy"), "inter");
}

// Two copies of the wire story, each with a new lead of its own, that swapped
// the same two words the same way by chance. The later one shares those
// windows with the earlier one and not with the wire story, but it did not
// come through the earlier copy: it would have kept that copy's lead (or
// cut it), not written another. A copy that keeps the lead did come through.
TEST_F(ChainTest, CopyThatReplacedASiblingsLeadPointsAtTheSource) {
  auto swapped = [&]() {
    std::vector<std::string> paras = Story(0, 6);
    paras[1].replace(paras[1].find("lower flows"), 11, "reduced flows");
    paras[3].replace(paras[3].find("told reporters"), 14, "informed journalists");
    return paras;
  };
  std::vector<std::string> sibling = swapped();
  sibling.insert(sibling.begin(), "Growers along the Kestrel valley face a thirsty summer as the dam that feeds their "
                                  "canals goes under repair for most of the year, officials warned.");
  std::vector<std::string> copy = swapped();
  copy.pop_back();
  copy.insert(copy.begin(), "A nine-month shutdown of the ageing spillway will leave irrigation canals "
                            "running low through the hottest weeks, the water board has admitted.");
  std::vector<std::string> copy_of_sibling(sibling.begin(), sibling.end() - 1);
  RunDocs({{"wire", "Reuters", "2023-03-09T06:00:00Z", story_},
           {"sibling", "Valley Post", "2023-03-09T08:00:00Z", sibling},
           {"copy", "Gulf Observer", "2023-03-09T11:00:00Z", copy},
           {"copy-of-sibling", "Pacific Ledger", "2023-03-09T12:00:00Z", copy_of_sibling}});
  EXPECT_EQ(ParentOf("sibling"), "wire");
  EXPECT_EQ(ParentOf("copy"), "wire");
  EXPECT_EQ(ParentOf("copy-of-sibling"), "sibling");
}

// An intermediate whose only changes were a trim and a headline it extended
// ("Breaking: ..."): its copy holds nothing of the body that the wire story
// lacks, a near tie that goes to the wire story, but it carries the
// headline's addition, which a copy of the wire story would not have.
TEST_F(ChainTest, CopyCarryingTheIntermediatesHeadlineAffixPointsAtIt) {
  const std::string headline = "Kestrel dam spillway to close for nine months of repairs";
  RunTrimmedChain(headline, "Breaking: " + headline, "Breaking: " + headline + " - report");
  EXPECT_EQ(ParentOf("inter"), "wire");
  EXPECT_EQ(ParentOf("copy"), "inter");
}

// The same when the intermediate repeated a prefix the headline had: its
// headline holds no word the wire story's lacks, but one more of them.
TEST_F(ChainTest, ARepeatedHeadlinePrefixIsAnAffixToo) {
  const std::string headline = "Breaking: Kestrel dam spillway to close for nine months of repairs";
  RunTrimmedChain(headline, "Breaking: " + headline, "Breaking: " + headline + " - report");
  EXPECT_EQ(ParentOf("inter"), "wire");
  EXPECT_EQ(ParentOf("copy"), "inter");
}

// The other side of the rule: a copy under the wire story's own headline
// did not come through the sibling that extended it, although the two
// swapped the same word by chance (a few windows the wire story lacks).
TEST_F(ChainTest, CopyWithoutASiblingsHeadlineAffixPointsAtTheSource) {
  const std::string headline = "Kestrel dam spillway to close for nine months of repairs";
  std::vector<std::string> swapped = Story(0, 5);
  swapped[1].replace(swapped[1].find("lower flows"), 11, "reduced flows");
  RunDocs({{"wire", "Reuters", "2023-03-09T06:00:00Z", story_, headline},
           {"sibling", "Valley Post", "2023-03-09T08:00:00Z", swapped, headline + ": what we know"},
           {"copy", "Gulf Observer", "2023-03-09T11:00:00Z", swapped, headline}});
  EXPECT_EQ(ParentOf("sibling"), "wire");
  EXPECT_EQ(ParentOf("copy"), "wire");
}

// Without dates, and with too little of one inside the other for the shape
// of the text to speak: a copy of a copy that carries the intermediate's new
// lead (its change to the story), cut the second half and wrote a longer
// one of its own. The representative order (longer first) would put it
// before the intermediate; the changes they share put it after.
TEST_F(ChainTest, UndatedCopyCarryingTheIntermediatesChangesComesAfterIt) {
  const std::string lead =
      "Growers along the Kestrel valley face a thirsty summer as the dam that feeds their canals goes under "
      "repair for most of the year, officials warned.";
  std::vector<std::string> inter = Story(0, 6);
  inter.insert(inter.begin(), lead);
  inter.back() += " (Reuters)";
  std::vector<std::string> copy = {lead};
  const std::vector<std::string> first = Story(0, 3);
  copy.insert(copy.end(), first.begin(), first.end());
  copy.push_back("In the village of Marlow Creek the mayor Tomas Reyes said the closure came at the worst possible "
                 "time for growers of tomatoes and onions, who had already lost one harvest to the floods and "
                 "now feared losing a second one to the drought that the forecasters expect in July and August.");
  copy.push_back("Several growers said they would sink new wells or buy water from tanker trucks to save their "
                 "seedlings, although the wells are expensive and the trucks have doubled their prices since "
                 "the floods washed away the road that connects the valley with the coastal towns and the port.");
  copy.push_back("The mayor asked the regional government to pay for a temporary pumping station on the river "
                 "below the dam, which he said could be built within a month and would cost far less than the "
                 "losses that the farms of the valley would suffer from a summer without enough water. (Reuters)");
  RunDocs({{"wire", "Reuters", "", story_}, {"inter", "Valley Post", "", inter}, {"copy", "Gulf Observer", "", copy}});
  EXPECT_EQ(ParentOf("inter"), "wire");
  EXPECT_EQ(ParentOf("copy"), "inter");
  const DocumentProvenance* d = Doc("copy");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(Id(d->root), "wire");
}

// Without dates, an intermediate that trimmed the story and extended its
// headline, and its copy, which swapped a word: the two are of a size and
// share no change to the text, so nothing else orders them, and the
// representative order (then by id) puts the copy first. The headline's
// addition, which the copy carries on, puts it after the intermediate.
TEST_F(ChainTest, UndatedCopyOfAnExtendedHeadlineComesAfterIt) {
  const std::string headline = "Kestrel dam spillway to close for nine months of repairs";
  std::vector<std::string> copy = Story(0, 5);
  copy[3].replace(copy[3].find("told reporters"), 14, "informed journalists");
  RunDocs({{"wire", "Reuters", "", story_, headline},
           {"inter", "Valley Post", "", Story(0, 5), "Breaking: " + headline},
           {"copy", "Gulf Observer", "", copy, "Breaking: " + headline + " - report"}});
  EXPECT_EQ(ParentOf("inter"), "wire");
  EXPECT_EQ(ParentOf("copy"), "inter");
  const DocumentProvenance* d = Doc("copy");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(Id(d->root), "wire");
}

// "…reports Island Echo" is Island Echo's own line, carried on by every copy
// below it: a copy of a copy of Island Echo that carries it is not pointed
// at Island Echo for the credit; the text decides (here the two words the
// intermediate changed).
TEST_F(ChainTest, InheritedSelfCreditIsNoBonus) {
  std::vector<std::string> island = Story(0, 6);
  island.insert(island.begin(), "Growers along the lower valley face a dry spring as the Kestrel dam spillway "
                                "closes for repairs, reports Island Echo.");
  // Bay Times changes two words: a few shingles, less than the credit bonus.
  std::vector<std::string> bay = island;
  bay[2].replace(bay[2].find("lower flows"), 11, "reduced flows");
  bay[4].replace(bay[4].find("found cracks"), 12, "spotted cracks");
  RunDocs({{"wire", "Reuters", "2023-03-17T05:00:00Z", story_},
           {"island", "Island Echo", "2023-03-17T21:14:00Z", island},
           {"bay", "Bay Times Online", "2023-03-18T04:00:00Z", bay},
           {"copy", "Lakeside Chronicle", "2023-03-18T16:21:00Z", bay}});
  EXPECT_EQ(ParentOf("bay"), "island");
  EXPECT_EQ(ParentOf("copy"), "bay");
}

// A composite that took five paragraphs of one story and two of another
// shares no verified edge with the second story (2 of its 6 paragraphs, 2 of
// the composite's 7: below every threshold), but that story's cluster holds
// the text: the second story is its second parent.
TEST_F(ChainTest, CompositeFindsItsSecondStoryWithoutAnEdge) {
  const std::vector<std::string> other = {
      "Port authorities in Valdera said on Wednesday that a container crane collapsed onto the quay during a "
      "storm on Tuesday night, injuring two dock workers and halting work at the busiest terminal.",
      "The crane, one of six bought from a Korean maker in 2015, toppled when gusts reached one hundred and "
      "ten kilometres per hour, according to the harbour master's office in the city.",
      "Shipping lines were told to expect delays of up to four days while engineers inspect the remaining "
      "cranes, and three vessels were diverted to the smaller terminal north of the river mouth.",
      "The dock workers' union demanded an inquiry, saying it had warned the port twice last year that the "
      "cranes were being operated in winds stronger than the limits set by the manufacturer.",
      "Both injured workers were taken to the regional hospital, where one of them was treated for a broken "
      "leg; the other was released after observation, a hospital spokeswoman said.",
      "The port handled a record number of containers last year and had planned to add two more cranes "
      "before the summer season, a project that the authorities now say may be postponed."};
  std::vector<std::string> port_copy = other;
  port_copy.push_back("Gulf Observer's shipping desk said freight rates to Valdera rose by a tenth on Wednesday "
                      "as forwarders booked space on the longer route through the northern terminal.");
  std::vector<std::string> composite = Story(0, 5);
  composite.push_back("Crane collapse halts busiest terminal");
  composite.insert(composite.end(), other.begin(), other.begin() + 2);
  RunDocs({{"wire", "Reuters", "2023-03-07T08:00:00Z", story_},
           {"copy", "Island Echo", "2023-03-07T12:00:00Z", Story(0, 5)},
           {"port", "AFP", "2023-03-07T09:00:00Z", other},
           {"port-copy", "Gulf Observer", "2023-03-07T13:00:00Z", port_copy},
           {"composite", "Valley Post", "2023-03-08T07:00:00Z", composite}});
  const DocumentProvenance* d = Doc("composite");
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(d->parents.size(), 2u);
  EXPECT_EQ(Id(d->parents[0].doc), "wire");
  EXPECT_EQ(Id(d->parents[1].doc), "port");
  EXPECT_TRUE(d->parents[1].other_cluster);
  EXPECT_GT(d->parents[1].share, 0.2);
  EXPECT_LT(d->parents[1].share, 0.4);
}

// Partial reuse: a local story that took two paragraphs of the wire story
// shares too little with it to join its cluster, and is alone in its own.
// It still gets a line, with the wire story as its parent across clusters
// and the passages it took; a later report on the same dam that copies
// nothing gets none.
TEST_F(ChainTest, PartialReuseAloneInItsClusterGetsItsSource) {
  const std::vector<std::string> own = {
      "Residents of Harlow Ford packed the village hall on Friday evening to ask who would pay for the "
      "sandbags, pumps and temporary fencing that the council bought in a hurry during the winter storms.",
      "The parish treasurer, Colin Ashdown, read out receipts worth eleven thousand pounds and said the "
      "village reserve would be empty by June unless the county repaid at least half of the bill.",
      "Several shopkeepers on Mill Lane complained that their insurers had doubled premiums since the "
      "storms, and two of them said they had already decided to close before the end of the year.",
      "A county councillor promised to raise the matter at the next cabinet meeting, but warned that a "
      "dozen other villages along the valley had sent similar requests for emergency money this spring.",
      "The meeting ended with a vote to set up a volunteer flood warden scheme, with a rota of twenty "
      "households who will check the culverts and drains after every heavy downpour this autumn."};
  std::vector<std::string> local = own;
  local.insert(local.begin() + 2, story_.begin() + 1, story_.begin() + 3);
  const std::vector<std::string> later = {
      "Miriam Okafor, the chief engineer of the regional water board, said on Monday that the Kestrel dam "
      "work was on schedule, speaking at a conference on flood defences in the capital.",
      "She declined to say whether the fish ladder requested by environmental groups would be built, and "
      "referred questions about the budget to the ministry, which did not answer by Monday evening.",
      "Okafor said the board would publish a report on the January floods in the summer, including its own "
      "account of why warnings reached some of the villages downstream several hours late."};
  RunDocs({{"wire", "Reuters", "2023-03-07T08:00:00Z", story_},
           {"copy", "Island Echo", "2023-03-07T12:00:00Z", Story(0, 5)},
           {"local", "Valley Post", "2023-03-09T18:00:00Z", local},
           {"later", "Harbour Ledger", "2023-03-13T10:00:00Z", later}});
  ASSERT_EQ(ParentOf("copy"), "wire");
  const DocumentProvenance* d = Doc("local");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->cluster, Doc("wire")->cluster);
  ASSERT_EQ(d->parents.size(), 1u);
  const ParentLink& link = d->parents[0];
  EXPECT_EQ(Id(link.doc), "wire");  // the copy holds the same paragraphs, but later
  EXPECT_TRUE(link.other_cluster);
  EXPECT_GT(link.share, 0.2);
  EXPECT_LT(link.share, 0.45);
  ASSERT_FALSE(link.passages.empty());
  EXPECT_EQ(Id(d->root), "wire");
  EXPECT_EQ(Doc("later"), nullptr);
}

// "X کے مطابق" (according to X) names officials as often as outlets: with a
// name the agency table does not know, it is a credit only when X is an
// outlet of the corpus.
TEST_F(ChainTest, AccordingToAnOfficialIsNoCredit) {
  std::vector<std::string> police = Story(0, 5);
  police.push_back("پولیس کے مطابق اسپل وے کی مرمت نو ماہ میں مکمل ہو گی۔");
  std::vector<std::string> outlet = Story(0, 5);
  outlet.push_back("روزنامہ آفتاب کے مطابق اسپل وے کی مرمت نو ماہ میں مکمل ہو گی۔");
  RunDocs({{"wire", "APP", "2023-03-07T08:00:00Z", story_},
           {"aftab", "روزنامہ آفتاب", "2023-03-07T09:00:00Z", Story(0, 6)},
           {"police", "Daily Star", "2023-03-07T12:00:00Z", police},
           {"outlet", "Frontier Times", "2023-03-07T13:00:00Z", outlet}});
  const DocumentProvenance* p = Doc("police");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->credits.empty());
  ASSERT_FALSE(p->parents.empty());
  EXPECT_EQ(p->parents[0].credit, CreditStatus::kNone);
  const DocumentProvenance* o = Doc("outlet");
  ASSERT_NE(o, nullptr);
  ASSERT_EQ(o->credits.size(), 1u);
  EXPECT_EQ(o->credits[0].name, "روزنامہ آفتاب");
  EXPECT_FALSE(o->credits[0].known);
}

TEST_F(ProvenanceTest, RejectsRunWithoutArticles) {
  ClusterRun empty;
  empty.documents.resize(2);
  EXPECT_FALSE(ComputeProvenance(empty, {}, engine_, options_).ok());
  options_.near_tie = 1.5;
  EXPECT_FALSE(options_.Validate().ok());
  options_.near_tie = 0.02;
  options_.lost_weight = -1.0;
  EXPECT_FALSE(options_.Validate().ok());
}

// A newspaper's rewrite of an agency story keeps its names and figures but
// hardly a run of four words: the engine joins them by content words, and
// provenance gives the rewrite its source as parent, by the same evidence.
TEST_F(ProvenanceTest, RewriteGetsItsSourceByContentWords) {
  std::vector<test::TestArticle> articles = {{"agency", "APP", "2024-06-03T09:00:00Z", test::kAgencyStory},
                                             {"paper", "Daily Star", "2024-06-04", test::kAgencyRewrite}};
  for (size_t i = 0; i < 6; ++i) {
    articles.push_back({"other-" + std::to_string(i), "APP", "2024-06-03T12:00:00Z", test::kSameDayStories[i]});
  }
  const std::string path = test::WriteArticles(articles);
  Run(path);
  const DocumentProvenance* paper = Doc("paper");
  ASSERT_NE(paper, nullptr);
  ASSERT_EQ(paper->parents.size(), 1u);
  EXPECT_EQ(Id(paper->parents[0].doc), "agency");
  EXPECT_EQ(Id(paper->root), "agency");
  EXPECT_GE(paper->parents[0].share, 0.32);
  const std::vector<OrderEvidence>& evidence = paper->parents[0].evidence;
  EXPECT_NE(std::find(evidence.begin(), evidence.end(), OrderEvidence::kWords), evidence.end());
  EXPECT_NE(std::find(evidence.begin(), evidence.end(), OrderEvidence::kDate), evidence.end());  // a timed story, then a dated copy
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace wiretrace
