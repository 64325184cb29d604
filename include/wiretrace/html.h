// HTML text extraction: a scraped page's bytes -> the text a reader sees, as
// lines, plus the page's title, publication time and canonical URL.
//
//   wiretrace::HtmlText page = wiretrace::ExtractHtmlText(bytes);
//   article.text = page.text;                       // one line per block element
//   if (article.title.empty()) article.title = page.title;
//
// The page is parsed by a real HTML5 parser (gumbo, the algorithm browsers
// use), so unclosed tags, stray `<` in scripts and minified pages (the whole
// page on one line) parse as a browser would. What is not text: script,
// style, noscript, template, svg, iframe, head, comments. Block elements
// (p, div, li, h1-h6, br, tr, ...) end a line, so an outlet's template lines
// (menus, "Next Story", footers) are lines of their own on a minified page
// too, and per-outlet boilerplate detection finds them. Runs of white space
// inside a line become one space, as in rendering; <pre> keeps its lines.
// Character references are decoded.
//
// Thread safety: a pure function; call it from any number of threads.
#ifndef WIRETRACE_HTML_H_
#define WIRETRACE_HTML_H_

#include <string>
#include <string_view>

namespace wiretrace {

struct HtmlText {
  // The visible text, one line per block, "\n"-separated, without blank lines
  // or leading/trailing spaces on a line. Valid UTF-8 when the input is.
  std::string text;
  // The first <h1> of the body (the article's headline), else <title>; "" when
  // neither has text. The <title> often carries the site's name
  // ("Headline - Outlet"), which every page of the outlet shares, so the
  // headline is preferred.
  std::string title;
  // The publication time from <meta> (article:published_time, datePublished,
  // pubdate, date, ...) or the first <time datetime>; "" when none. As given:
  // the caller parses it (ParseTimestamp).
  std::string published;
  // <link rel="canonical">, else <meta property="og:url">; "" when none.
  std::string canonical_url;
  // <meta property="og:site_name">; "" when none.
  std::string site_name;
  // The page nests elements deeper than any real page (thousands deep, a
  // hostile page) and was read only up to there: parsing such nesting costs
  // time quadratic in its depth.
  bool truncated = false;
};

// Never fails: any byte string is some HTML document (gumbo replaces invalid
// UTF-8 with U+FFFD).
HtmlText ExtractHtmlText(std::string_view html);

// The host of an absolute http(s) URL, lower-cased and without a "www."
// prefix or port ("https://www.Reuters.com:443/x" -> "reuters.com"); "" when
// `url` is not one. Used as the outlet of a page that names none.
std::string UrlHost(std::string_view url);

}  // namespace wiretrace

#endif  // WIRETRACE_HTML_H_
