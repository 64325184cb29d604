// HTML text extraction (include/wiretrace/html.h): what is text, what is a
// line, and what a page says about itself.
#include "wiretrace/html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace wiretrace {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HtmlTest, ScriptsStylesTemplatesAndCommentsAreNotText) {
  const HtmlText page = ExtractHtmlText(
      "<html><head><title>T</title><style>p { color: red }</style>"
      "<script>var tracking = 'pageview analytics';</script></head><body>"
      "<p>Visible one.</p><script>document.write('scripted words')</script>"
      "<noscript>enable javascript please</noscript><template><p>inert template words</p></template>"
      "<!-- a comment with words --><svg><text>chart label</text></svg><p>Visible two.</p></body></html>");
  EXPECT_EQ(page.text, "Visible one.\nVisible two.");
}

TEST(HtmlTest, BlockElementsAreLinesOnAMinifiedPage) {
  // The whole page on one line, as CMSs minify it: the menu, the story and
  // the teasers must still be lines of their own for boilerplate detection.
  const HtmlText page = ExtractHtmlText(
      "<!DOCTYPE html><html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li></ul></nav>"
      "<article><h1>Frost hits the valley</h1><p>Farmers   lost\n most of the <b>crop</b>.</p><p>Prices rose.<br>"
      "Again.</p></article><aside><div>Next Story</div><div>Another headline here</div></aside>"
      "<footer>&copy; 2024 The Outlet &amp; Co</footer></body></html>");
  EXPECT_EQ(page.text,
            "Home\nWorld\nFrost hits the valley\nFarmers lost most of the crop.\nPrices rose.\nAgain.\n"
            "Next Story\nAnother headline here\n\xC2\xA9 2024 The Outlet & Co");
  EXPECT_EQ(page.title, "Frost hits the valley");
}

TEST(HtmlTest, PreKeepsItsLines) {
  EXPECT_EQ(ExtractHtmlText("<pre>line one\nline  two</pre>").text, "line one\nline  two");
}

TEST(HtmlTest, MetadataFromTheHead) {
  const HtmlText page = ExtractHtmlText(
      "<html><head><title>Headline - The Outlet</title>"
      "<meta property=\"article:published_time\" content=\"2022-02-25T10:04:00+05:30\">"
      "<meta property=\"og:site_name\" content=\"The Outlet\">"
      "<link rel=\"canonical\" href=\"https://www.outlet.example/world/headline\"></head>"
      "<body><p>Body.</p></body></html>");
  EXPECT_EQ(page.title, "Headline - The Outlet");  // no <h1>: the <title>
  EXPECT_EQ(page.published, "2022-02-25T10:04:00+05:30");
  EXPECT_EQ(page.canonical_url, "https://www.outlet.example/world/headline");
  EXPECT_EQ(page.site_name, "The Outlet");
  EXPECT_EQ(page.text, "Body.");
}

TEST(HtmlTest, OtherPublicationTimeConventions) {
  EXPECT_EQ(ExtractHtmlText("<meta name=pubdate content=2021-05-01>").published, "2021-05-01");
  EXPECT_EQ(ExtractHtmlText("<p>x<time itemprop=datePublished datetime=2021-05-02>May 2</time></p>").published,
            "2021-05-02");
  EXPECT_EQ(ExtractHtmlText("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                            "\"datePublished\": \"2021-05-03T08:00:00Z\"}</script><p>x</p>")
                .published,
            "2021-05-03T08:00:00Z");
  EXPECT_EQ(ExtractHtmlText("<meta property=og:url content=https://a.example/x><p>x</p>").canonical_url,
            "https://a.example/x");
}

TEST(HtmlTest, BrokenAndHostileMarkupParsesAsABrowserWould) {
  // Unclosed tags, a stray "<" and "</script>" inside a string.
  const HtmlText page = ExtractHtmlText("<p>one <b>bold<p>two < three<script>var s = '<p>no</p>';</script>");
  EXPECT_EQ(page.text, "one bold\ntwo < three");
  EXPECT_EQ(ExtractHtmlText("").text, "");
  EXPECT_EQ(ExtractHtmlText(std::string("\0\xff\xfe<p>x</p>", 11)).text, "\xEF\xBF\xBD\xEF\xBF\xBD\nx");
  // Deep nesting is walked without recursion...
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "<span>";
  EXPECT_EQ(ExtractHtmlText(deep + "deep text").text, "deep text");
  EXPECT_FALSE(ExtractHtmlText(deep).truncated);
  // ... and nesting no real page has is cut, not parsed for minutes.
  for (int i = 0; i < 300000; ++i) deep += "<div>";
  const HtmlText hostile = ExtractHtmlText(deep + "deep text");
  EXPECT_TRUE(hostile.truncated);
  EXPECT_EQ(hostile.text, "");
  // Tags inside scripts and comments, and void elements, do not count.
  std::string flat = "<p>";
  for (int i = 0; i < 10000; ++i) flat += "<br><img src=x><!-- <div> --><script>'<div>'</script><p>unclosed<li>item";
  EXPECT_FALSE(ExtractHtmlText(flat + "end").truncated);
}

TEST(HtmlTest, TextIsDecodedNotMarkup) {
  const HtmlText page = ExtractHtmlText("<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#x627;</p>");
  EXPECT_EQ(page.text, "<script>alert(1)</script> \"q\" \xD8\xA7");
  EXPECT_THAT(page.text, Not(HasSubstr("&lt;")));
}

TEST(HtmlTest, UrlHost) {
  EXPECT_EQ(UrlHost("https://www.Reuters.com:443/world?x=1"), "reuters.com");
  EXPECT_EQ(UrlHost("http://user@news.example.org"), "news.example.org");
  EXPECT_EQ(UrlHost("ftp://x.example/"), "");
  EXPECT_EQ(UrlHost("/relative/path"), "");
}

}  // namespace
}  // namespace wiretrace
