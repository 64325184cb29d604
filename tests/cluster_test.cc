#include "wiretrace/cluster.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"
#include "wiretrace/verify.h"

namespace wiretrace {
namespace {

// An edge of the shingle rule between a and b.
Edge ShingleEdge(uint32_t a, uint32_t b, Overlap overlap) {
  Edge e;
  e.a = a;
  e.b = b;
  e.overlap = overlap;
  return e;
}

std::vector<uint32_t> SetOf(const std::string& text) {
  std::vector<Token> tokens;
  Tokenize(text, NormalizeOptions{}, &tokens);
  std::vector<uint32_t> s;
  Shingle(tokens, ShingleOptions{}, &s);
  MakeShingleSet(&s);
  return s;
}

// Runs the cluster rule over exact all-pairs verification, as the engine does
// over LSH candidates.
// With `outlets` (one per text), a document may also join through a member
// (ClusterOptions::JoinsThrough).
std::vector<uint32_t> ClusterTexts(const std::vector<std::string>& texts, const std::vector<std::string>& dates,
                                   VerifyOptions verify = {}, const std::vector<uint64_t>& outlets = {}) {
  std::vector<std::vector<uint32_t>> sets;
  for (const auto& t : texts) sets.push_back(SetOf(t));
  std::vector<Edge> edges;
  for (uint32_t a = 0; a < sets.size(); ++a) {
    for (uint32_t b = a + 1; b < sets.size(); ++b) {
      const Overlap o = CompareSets(sets[a], sets[b]);
      if (verify.Accepts(o)) edges.push_back(ShingleEdge(a, b, o));
    }
  }
  std::vector<std::string> ids;
  std::vector<RepresentativeKey> keys;
  for (size_t i = 0; i < texts.size(); ++i) ids.push_back("doc" + std::to_string(i));
  for (size_t i = 0; i < texts.size(); ++i) {
    keys.push_back({ParseTimestamp(dates[i]).value_or(Timestamp{}), static_cast<uint32_t>(texts[i].size()), ids[i]});
  }
  auto anchored = [&](uint32_t a, uint32_t b) {
    return ClusterOptions{}.Anchored(CompareSets(sets[a], sets[b]), verify);
  };
  if (outlets.empty()) {
    return AssignClusters(static_cast<uint32_t>(texts.size()), RepresentativeOrder(keys), edges, anchored);
  }
  // The engine's rule for a copy of a copy (engine_stages.h, JoinsThroughMember).
  auto side = [&](uint32_t d) {
    PairSide s;
    s.shingles = sets[d];
    s.source = outlets[d];
    return s;
  };
  return AssignClusters(static_cast<uint32_t>(texts.size()), RepresentativeOrder(keys), edges, anchored,
                        [&](uint32_t d, uint32_t member, float) {
                          return ClusterOptions{}.JoinsThrough(CompareSets(sets[d], sets[member]), verify, side(d),
                                                               side(member));
                        });
}

const char kPart1[] =
    "The finance ministry said on Monday that inflation slowed for a third month in a row as food prices eased "
    "and the currency held steady against the dollar after weeks of pressure from importers.";
const char kPart2[] =
    "Officials expect the central bank to hold its key rate at the next meeting while warning that fuel subsidies "
    "remain a risk to the budget deficit target agreed with lenders earlier this year.";
const char kPart3[] =
    "Opposition lawmakers called for an inquiry into the new port contract, saying the tender was rushed through "
    "parliament without a vote and that local fishermen were never consulted about the project.";
const char kPart4[] =
    "The harbour authority replied that the consultation had lasted six months and that the first ships would dock "
    "at the new terminal before the monsoon season begins in the south of the country.";

// The clustering check (docs/design.md, "Contracts"): a story updated twice, A ~ B ~ C, where A and C
// share no shingle, must not become one cluster.
TEST(ClusterTest, ChainOfUpdatesDoesNotChain) {
  const std::string a = std::string(kPart1) + " " + kPart2;
  const std::string b = std::string(kPart2) + " " + kPart3;
  const std::string c = std::string(kPart3) + " " + kPart4;
  VerifyOptions verify;
  verify.containment_threshold = 0.4;
  ASSERT_EQ(CompareSets(SetOf(a), SetOf(c)).shared, 0u);
  // The chain really is there: A~B and B~C are edges.
  ASSERT_TRUE(verify.Accepts(CompareSets(SetOf(a), SetOf(b))));
  ASSERT_TRUE(verify.Accepts(CompareSets(SetOf(b), SetOf(c))));
  const std::vector<uint32_t> root =
      ClusterTexts({a, b, c}, {"2024-01-01T08:00:00Z", "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"}, verify);
  EXPECT_NE(root[0], root[2]) << "A and C share nothing but were clustered together";
  // B is related to A (half of it is A's second paragraph) and joins A.
  EXPECT_EQ(root[1], root[0]);
}

// A long article quoting two short, unrelated ones joins one of them; the two
// short ones stay apart.
TEST(ClusterTest, CompositeDoesNotMergeItsSources) {
  const std::string short1 = std::string(kPart1) + " " + kPart2;
  const std::string short2 = std::string(kPart3) + " " + kPart4;
  const std::string longer = short1 + " Meanwhile, in other news. " + short2 + " More to follow on both stories.";
  const std::vector<uint32_t> root =
      ClusterTexts({short1, short2, longer}, {"2024-01-01T08:00:00Z", "2024-01-01T08:30:00Z", "2024-01-01T12:00:00Z"});
  // Both halves are edges of the composite, so union-find would merge all three.
  ASSERT_TRUE(VerifyOptions{}.Accepts(CompareSets(SetOf(short1), SetOf(longer))));
  ASSERT_TRUE(VerifyOptions{}.Accepts(CompareSets(SetOf(short2), SetOf(longer))));
  EXPECT_NE(root[0], root[1]);
  EXPECT_TRUE(root[2] == root[0] || root[2] == root[1]);
}

// Trimmed copies that share nothing with each other still meet in their
// common source.
TEST(ClusterTest, TrimmedCopiesMeetInTheirSource) {
  const std::string source = std::string(kPart1) + " " + kPart2 + " " + kPart3 + " " + kPart4;
  const std::string top = std::string(kPart1) + " " + kPart2;
  const std::string bottom = std::string(kPart3) + " " + kPart4;
  const std::vector<uint32_t> root = ClusterTexts(
      {top, bottom, source}, {"2024-01-02T08:00:00Z", "2024-01-02T09:00:00Z", "2024-01-01T08:00:00Z"});
  EXPECT_EQ(root[0], 2u);
  EXPECT_EQ(root[1], 2u);
  EXPECT_EQ(root[2], 2u);
}

const char kLead[] =
    "A regional daily put a new lead on the story, saying families near the river were told to leave their "
    "homes on Wednesday evening before the water reached the lower streets of the town.";
const char kQuote[] =
    "A shopkeeper on the market square told the paper that he had moved his stock to the upper floor twice "
    "this year already and that the town needed a proper wall along the river bank.";
const char kOwn[] =
    "The weekly added that the school on the hill would serve as a shelter for the night and that buses "
    "would run from the station to the shelter every half hour until midnight.";
const char kOwn2[] =
    "Readers sent photographs of the flooded bridge and the closed road to the airport, which the weekly "
    "printed on its front page under the headline that the town had heard before.";

// A copy of a copy: the regional daily re-led the wire story (B keeps half of
// A, enough to anchor it to A) and a weekly took most of its text
// from the daily's version (C shares nothing with A), so it joins through B.
// Not so when C is the daily's own page, nor for D, a copy of C (one hop).
TEST(ClusterTest, ACopyOfACopyJoinsThroughTheCopyItCameFrom) {
  const std::string a = std::string(kPart1) + " " + kPart2 + " " + kPart3 + " " + kPart4;
  const std::string b = std::string(kLead) + " " + kQuote + " " + kPart1 + " " + kPart2;
  const std::string c = std::string(kLead) + " " + kQuote + " " + kOwn;
  const std::string d = std::string(kQuote) + " " + kOwn + " " + kOwn2;
  VerifyOptions verify;
  verify.containment_threshold = 0.4;
  ASSERT_EQ(CompareSets(SetOf(c), SetOf(a)).shared, 0u);
  ASSERT_GE(CompareSets(SetOf(c), SetOf(b)).containment_a(), ClusterOptions{}.via_containment);
  ASSERT_GE(CompareSets(SetOf(d), SetOf(c)).containment_a(), ClusterOptions{}.via_containment);
  const std::vector<std::string> dates = {"2024-01-01T08:00:00Z", "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z",
                                          "2024-01-01T11:00:00Z"};
  std::vector<uint32_t> root = ClusterTexts({a, b, c, d}, dates, verify, {1, 2, 3, 4});
  EXPECT_EQ(root[1], 0u);
  EXPECT_EQ(root[2], 0u);
  EXPECT_EQ(root[3], 3u) << "a copy of a copy that joined through a member is no member to join through";
  // Without the rule (the anchor alone), C founds its own cluster.
  EXPECT_NE(ClusterTexts({a, b, c, d}, dates, verify)[2], 0u);
  // C of B's outlet: two pages of one outlet share its template and
  // teasers, so C does not join through B.
  root = ClusterTexts({a, b, c, d}, dates, verify, {1, 2, 2, 4});
  EXPECT_EQ(root[2], 2u);
}

TEST(ClusterTest, RepresentativeIsEarliestThenLongestThenSmallestId) {
  const Timestamp early = ParseTimestamp("2024-01-01T08:00:00Z").value();
  const Timestamp late = ParseTimestamp("2024-01-02").value();
  EXPECT_TRUE(RepresentsBefore({early, 10, "b"}, {late, 100, "a"}));
  EXPECT_TRUE(RepresentsBefore({late, 100, "b"}, {late, 10, "a"}));
  EXPECT_TRUE(RepresentsBefore({late, 10, "a"}, {late, 10, "b"}));
  // A date without a time counts as the end of that day.
  EXPECT_TRUE(RepresentsBefore({ParseTimestamp("2024-01-02T20:00:00Z").value(), 1, "z"}, {late, 1000, "a"}));
  // Unknown dates come after known ones.
  EXPECT_TRUE(RepresentsBefore({late, 1, "z"}, {Timestamp{}, 1000, "a"}));
}

TEST(ClusterTest, ResultDoesNotDependOnEdgeOrder) {
  std::vector<Edge> edges = {
      ShingleEdge(0, 1, {50, 60, 60}), ShingleEdge(1, 2, {50, 60, 60}), ShingleEdge(0, 2, {50, 60, 60}),
      ShingleEdge(3, 4, {9, 10, 100})};
  std::vector<RepresentativeKey> keys;
  const std::vector<std::string> ids = {"e", "d", "c", "b", "a"};
  for (const auto& id : ids) keys.push_back({Timestamp{}, 100, id});
  auto always = [](uint32_t, uint32_t) { return true; };
  const auto order = RepresentativeOrder(keys);
  const auto first = AssignClusters(5, order, edges, always);
  std::reverse(edges.begin(), edges.end());
  EXPECT_EQ(AssignClusters(5, order, edges, always), first);
  EXPECT_EQ(first[0], 2u);  // "c" is the smallest id of the triangle
  EXPECT_EQ(first[3], 4u);
}

}  // namespace
}  // namespace wiretrace
