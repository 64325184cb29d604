// HTML text extraction with gumbo. See include/wiretrace/html.h.
#include "wiretrace/html.h"

#include <gumbo.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "internal/ascii.h"

namespace wiretrace {
namespace {

// Elements whose content is never article text: code, styling, what a page
// shows only without scripts, inert templates, embedded documents and pictures,
// form widgets. Their text would otherwise be shingled (a page's analytics
// script is the same on every page of an outlet, and its JSON is not prose).
bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
      return true;
    default:
      return false;
  }
}

// Elements that a browser lays out as blocks: each starts and ends a line.
// Lines are what boilerplate detection counts, so a menu item, a teaser
// headline and a paragraph must each be their own line even when the page
// has no newline at all.
bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

// See NestingCut: ~0.2 s of gumbo at this depth, and a safe recursion depth.
constexpr size_t kMaxNesting = 4000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Builds lines from text runs the way rendering does: white space collapses
// to one space, a block boundary ends the line, empty lines vanish.
class LineBuilder {
 public:
  void AddText(std::string_view text, bool preformatted) {
    for (char c : text) {
      if (preformatted && c == '\n') {
        EndLine();
      } else if (preformatted && c != '\r') {
        if (pending_space_) line_.push_back(' ');
        pending_space_ = false;
        line_.push_back(c == '\t' || c == '\f' ? ' ' : c);
      } else if (IsSpace(c)) {
        pending_space_ = !line_.empty();
      } else {
        if (pending_space_) line_.push_back(' ');
        pending_space_ = false;
        line_.push_back(c);
      }
    }
  }
  void AddSpace() { pending_space_ = !line_.empty(); }
  void EndLine() {
    if (!line_.empty()) {
      if (!out_.empty()) out_.push_back('\n');
      out_ += line_;
      line_.clear();
    }
    pending_space_ = false;
  }
  std::string Finish() {
    EndLine();
    return std::move(out_);
  }

 private:
  std::string out_;
  std::string line_;
  bool pending_space_ = false;
};

const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

bool IsElement(const GumboNode* node) { return node->type == GUMBO_NODE_ELEMENT; }

// Walks the tree without recursion: a hostile page may nest elements
// hundreds of thousands deep, and a recursive walk on a worker thread's
// stack would overflow. `visit(node, entering)` returns false to skip a
// subtree (only meaningful when entering).
template <typename Visit>
void Walk(const GumboNode* root, Visit visit) {
  struct Frame {
    const GumboNode* node;
    unsigned int next_child;
  };
  std::vector<Frame> stack;
  if (!visit(root, true)) return;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = Children(top.node);
    if (children == nullptr || top.next_child >= children->length) {
      const GumboNode* done = top.node;
      stack.pop_back();
      visit(done, false);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[top.next_child++]);
    if (visit(child, true)) stack.push_back({child, 0});
  }
}

// The visible text below `node`, on one line.
std::string InlineText(const GumboNode* node) {
  LineBuilder builder;
  Walk(node, [&](const GumboNode* n, bool entering) {
    if (!entering) return true;
    if (IsElement(n) && IsSkipped(n->v.element.tag) && n != node) return false;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      builder.AddText(n->v.text.text, false);
    } else if (IsElement(n)) {
      builder.AddSpace();
    }
    return n->type != GUMBO_NODE_COMMENT;
  });
  std::string text = builder.Finish();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

std::string Attribute(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  if (a == nullptr) return "";
  return std::string(internal::AsciiTrim(a->value));
}

// Names under which pages state their publication time, in <meta name=...>,
// <meta property=...> or an element's itemprop (schema.org, Open Graph,
// Dublin Core and the common CMS conventions).
bool IsPublishedName(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
      "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
      "sailthru.date", "parsely-pub-date", "article.published", "og:published_time", "published_time"};
  for (std::string_view n : kNames) {
    if (internal::AsciiEqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

// "datePublished": "..." inside a JSON-LD script, the form most news sites
// use for search engines; a plain scan, since only one value is wanted.
std::string JsonLdDatePublished(std::string_view script) {
  const size_t key = script.find("\"datePublished\"");
  if (key == std::string_view::npos) return "";
  size_t i = key + std::strlen("\"datePublished\"");
  while (i < script.size() && (IsSpace(script[i]) || script[i] == ':')) ++i;
  if (i >= script.size() || script[i] != '"') return "";
  const size_t end = script.find('"', i + 1);
  if (end == std::string_view::npos || end - i > 64) return "";
  return std::string(script.substr(i + 1, end - i - 1));
}

void ReadMetadata(const GumboNode* root, HtmlText* out, std::string* head_title, std::string* h1) {
  std::string og_url, json_ld_date;
  Walk(root, [&](const GumboNode* n, bool entering) {
    if (!entering || !IsElement(n)) return n->type != GUMBO_NODE_COMMENT;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_TITLE && head_title->empty()) {
      *head_title = InlineText(n);
      return false;
    }
    if (tag == GUMBO_TAG_H1 && h1->empty()) {
      *h1 = InlineText(n);
      return false;
    }
    if (tag == GUMBO_TAG_SCRIPT) {
      if (json_ld_date.empty() && internal::AsciiEqualsIgnoreCase(Attribute(n, "type"), "application/ld+json") &&
          n->v.element.children.length > 0) {
        const auto* text = static_cast<const GumboNode*>(n->v.element.children.data[0]);
        if (text->type == GUMBO_NODE_TEXT) json_ld_date = JsonLdDatePublished(text->v.text.text);
      }
      return false;
    }
    if (tag == GUMBO_TAG_LINK && out->canonical_url.empty()) {
      if (internal::AsciiEqualsIgnoreCase(Attribute(n, "rel"), "canonical")) out->canonical_url = Attribute(n, "href");
      return true;
    }
    const std::string itemprop = Attribute(n, "itemprop");
    if (out->published.empty() && !itemprop.empty() && IsPublishedName(itemprop)) {
      out->published = Attribute(n, tag == GUMBO_TAG_TIME ? "datetime" : "content");
    }
    if (tag != GUMBO_TAG_META) return true;
    std::string key = Attribute(n, "property");
    if (key.empty()) key = Attribute(n, "name");
    if (out->published.empty() && IsPublishedName(key)) out->published = Attribute(n, "content");
    if (og_url.empty() && internal::AsciiEqualsIgnoreCase(key, "og:url")) og_url = Attribute(n, "content");
    if (out->site_name.empty() && internal::AsciiEqualsIgnoreCase(key, "og:site_name")) out->site_name = Attribute(n, "content");
    return true;
  });
  if (out->canonical_url.empty()) out->canonical_url = std::move(og_url);
  if (out->published.empty()) out->published = std::move(json_ld_date);
}

std::string BodyText(const GumboNode* root) {
  LineBuilder builder;
  int preformatted = 0;
  Walk(root, [&](const GumboNode* n, bool entering) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        if (entering) builder.AddText(n->v.text.text, preformatted > 0);
        return false;
      case GUMBO_NODE_COMMENT:
        return false;
      case GUMBO_NODE_TEMPLATE:
        return false;
      case GUMBO_NODE_ELEMENT: {
        const GumboTag tag = n->v.element.tag;
        if (entering && IsSkipped(tag)) return false;
        if (tag == GUMBO_TAG_PRE) preformatted += entering ? 1 : -1;
        if (IsBlock(tag)) {
          builder.EndLine();
        } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_IMG) {
          builder.AddSpace();
        }
        return true;
      }
      default:
        return true;
    }
  });
  return builder.Finish();
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Elements that do not deepen the tree: void ones, and those whose end tag
// may be left out because the next of their kind closes them (an old page
// with thousands of unclosed <p> or <li> is flat, not deep).
bool IsFlat(std::string_view name) {
  static constexpr std::string_view kVoid[] = {
      "area", "base",  "br",       "col",    "embed", "hr", "img", "input", "link", "meta",  "param", "source",
      "track", "wbr",  "p",        "li",     "dt",    "dd", "tr",  "td",    "th",   "option", "optgroup",
      "tbody", "thead", "tfoot",   "colgroup", "rb",  "rt", "rp"};
  for (std::string_view v : kVoid) {
    if (internal::AsciiEqualsIgnoreCase(name, v)) return true;
  }
  return false;
}

// Where a page's elements nest deeper than `limit`, by a cheap scan of its
// tags (an over-estimate: unclosed <p> count too), or npos. gumbo checks the
// stack of open elements for every tag, so a hostile page of 300,000 nested
// <span>s would take minutes, and it frees the tree recursively; cutting the
// page there bounds both. Real pages nest a few dozen deep.
size_t NestingCut(std::string_view html, size_t limit) {
  size_t depth = 0;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    const size_t tag = i;
    ++i;
    if (i >= html.size()) break;
    if (html[i] == '/') {
      depth -= depth > 0;
      continue;
    }
    if (html.substr(i).starts_with("!--")) {
      const size_t end = html.find("-->", i);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (!IsAsciiLetter(html[i])) continue;
    size_t name_end = i;
    while (name_end < html.size() && (IsAsciiLetter(html[name_end]) || (html[name_end] >= '0' && html[name_end] <= '9'))) {
      ++name_end;
    }
    const std::string_view name = html.substr(i, name_end - i);
    const size_t close = html.find('>', name_end);
    if (close == std::string_view::npos) break;
    i = close + 1;
    if (IsFlat(name) || html[close - 1] == '/') continue;
    for (std::string_view raw : {"script", "style", "textarea", "title", "xmp"}) {
      if (!internal::AsciiEqualsIgnoreCase(name, raw)) continue;
      // Raw text: its '<'s are not tags. Look for the end tag.
      size_t end = i;
      while ((end = html.find("</", end)) != std::string_view::npos &&
             !internal::AsciiStartsWithIgnoreCase(html.substr(end + 2), raw)) {
        end += 2;
      }
      i = end == std::string_view::npos ? html.size() : end;
    }
    if (++depth > limit) return tag;
  }
  return std::string_view::npos;
}

}  // namespace

HtmlText ExtractHtmlText(std::string_view html) {
  HtmlText result;
  if (const size_t cut = NestingCut(html, kMaxNesting); cut != std::string_view::npos) {
    html = html.substr(0, cut);
    result.truncated = true;
  }
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (output == nullptr) return result;
  std::string head_title, h1;
  ReadMetadata(output->root, &result, &head_title, &h1);
  result.text = BodyText(output->root);
  result.title = !h1.empty() ? std::move(h1) : std::move(head_title);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return result;
}

std::string UrlHost(std::string_view url) {
  url = internal::AsciiTrim(url);
  size_t start;
  if (internal::AsciiStartsWithIgnoreCase(url, "https://")) {
    start = 8;
  } else if (internal::AsciiStartsWithIgnoreCase(url, "http://")) {
    start = 7;
  } else {
    return "";
  }
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = url.size();
  std::string_view host = url.substr(start, end - start);
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (const size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string out = internal::AsciiToLower(host);
  if (out.starts_with("www.")) out.erase(0, 4);
  return out;
}

}  // namespace wiretrace
