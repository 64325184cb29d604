// Page furniture (src/internal/boilerplate.h): the teaser index on its own.
// tests/engine_test.cc runs both models inside the engine on real-looking pages.
#include "../src/internal/boilerplate.h"

#include <gtest/gtest.h>

namespace wiretrace::internal {
namespace {

constexpr uint32_t kHerald = 1;
constexpr uint32_t kTimes = 2;
constexpr uint32_t kNoSource = 0;
constexpr uint32_t kFrostTitle = 0x1234567u;
constexpr uint32_t kFestivalTitle = 0x7654321u;
constexpr uint32_t kLeadStart = 0xabcdefu;   // the lead's first words
constexpr uint32_t kLeadLine = 0xfedcbau;    // the whole lead line
constexpr uint32_t kCutLine = 0x13579bu;     // the lead's first words, cut off later

TEST(TeaserIndexTest, AHeadlineIsATeaserOnlyOnPagesOfItsOwnOutlet) {
  TeaserIndex teasers;
  teasers.AddTitle(kHerald, kFrostTitle);
  EXPECT_TRUE(teasers.IsTitle(kHerald, kFrostTitle));
  EXPECT_FALSE(teasers.IsTitle(kTimes, kFrostTitle));  // another outlet quoting the headline
  EXPECT_FALSE(teasers.IsTitle(kHerald, kFestivalTitle));
}

TEST(TeaserIndexTest, DocumentsWithoutASourceHaveNoTeasers) {
  // They share one pseudo-source: a copy that re-titles a story would lose
  // the headline and lead it kept.
  TeaserIndex teasers;
  teasers.AddTitle(kNoSource, kFrostTitle);
  teasers.AddLead(kNoSource, kFrostTitle, kLeadStart, kLeadLine);
  EXPECT_FALSE(teasers.IsTitle(kNoSource, kFrostTitle));
  EXPECT_FALSE(teasers.IsLead(kNoSource, kFrostTitle, kLeadStart, kCutLine));
}

TEST(TeaserIndexTest, ALeadIsATeaserWhenCutNotWhenWhole) {
  TeaserIndex teasers;
  teasers.AddTitle(kHerald, kFrostTitle);
  teasers.AddLead(kHerald, kFrostTitle, kLeadStart, kLeadLine);
  EXPECT_TRUE(teasers.IsLead(kHerald, kFrostTitle, kLeadStart, kCutLine));
  // The whole lead line under the headline: a composite reusing the story.
  EXPECT_FALSE(teasers.IsLead(kHerald, kFrostTitle, kLeadStart, kLeadLine));
  // Under another headline, or in another outlet, the same words are text.
  EXPECT_FALSE(teasers.IsLead(kHerald, kFestivalTitle, kLeadStart, kCutLine));
  EXPECT_FALSE(teasers.IsLead(kTimes, kFrostTitle, kLeadStart, kCutLine));
}

}  // namespace
}  // namespace wiretrace::internal
