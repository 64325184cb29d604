#include "internal/page_lines.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "internal/engine_stages.h"
#include "oneapi/tbb/parallel_for.h"
// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace::internal {
namespace {

constexpr int kDatedLeadLines = 4;
constexpr size_t kMaxLabelTokens = 3;

// The next three bytes of `text` after `token` (whose offsets count from
// `offset`) and the spaces after it: the punctuation that follows a word.
std::string_view BytesAfter(std::string_view text, size_t offset, const Token& token) {
  size_t p = offset + token.end;
  while (p < text.size() && text[p] == ' ') ++p;
  return text.substr(std::min(p, text.size()), 3);
}

// Whether the line of tokens [t0, t1) may open with a dateline, worth asking
// LeadDatelineEnd: one of its first words is followed by a closing
// parenthesis, a dash or a colon ("لاہور (اے پی پی)", "MANILA, March 15
// (PNS) -", "МОСКВА, 3 марта —", "Xinhua:"). Most lines are not, and the
// scanner costs more than this look at a few bytes.
bool MayOpenWithDateline(std::string_view text, size_t offset, const std::vector<Token>& tokens, size_t t0, size_t t1) {
  for (size_t t = t0; t < std::min(t1, t0 + 6); ++t) {
    const std::string_view rest = BytesAfter(text, offset, tokens[t]);
    if (rest.empty()) return false;
    if (rest[0] == ')' || rest[0] == '-' || rest[0] == ':' || rest == "\u2014" || rest == "\u2013" ||
        rest == "\uFF09" || rest == "\uFF1A") {
      return true;
    }
  }
  return false;
}

// The token after a label that ends in a colon among the line's first
// kMaxLabelTokens words ("ALSO READ:", "上一篇：", "Previous Story:"), or 0.
size_t LabelEnd(std::string_view text, size_t offset, const std::vector<Token>& tokens, size_t t0, size_t t1) {
  for (size_t t = t0; t < std::min(t1, t0 + kMaxLabelTokens); ++t) {
    const std::string_view rest = BytesAfter(text, offset, tokens[t]);
    if (!rest.empty() && (rest[0] == ':' || rest == "\uFF1A")) return t + 1 < t1 ? t + 1 : 0;
    // Other punctuation between this word and the next: not a label.
    if (t + 1 < t1 && offset + tokens[t + 1].begin > static_cast<size_t>(rest.data() - text.data())) return 0;
  }
  return 0;
}

// Keeps the values whose mark is 0, in order.
void KeepUnmarked(const uint8_t* marks, std::vector<uint32_t>* values) {
  size_t kept = 0;
  for (size_t i = 0; i < values->size(); ++i) {
    if (!marks[i]) (*values)[kept++] = (*values)[i];
  }
  values->resize(kept);
}

}  // namespace

uint32_t HashWords(const std::vector<Token>& tokens, size_t t0, size_t t1) {
  uint64_t buffer[64];
  uint64_t h = 0;
  for (size_t i = t0; i < t1;) {
    const size_t m = std::min<size_t>(64, t1 - i);
    for (size_t j = 0; j < m; ++j) buffer[j] = tokens[i + j].hash;
    h = XXH3_64bits_withSeed(buffer, m * sizeof(uint64_t), h);
    i += m;
  }
  return static_cast<uint32_t>(h);
}

void RecordPageLines(const Article& article, size_t story_begin, const std::vector<Token>& tokens, size_t title_tokens,
                     const BoilerplateOptions& options, const ShingleOptions& shingle, const DatelineAgencies& agencies,
                     PageLines* page, std::vector<std::string>* line_texts) {
  if (title_tokens >= TeaserIndex::kTitleTokens) page->title = HashWords(tokens, 0, title_tokens);
  const size_t n = tokens.size();
  // Shingle i covers tokens [i, i + k_i); the ones touching a line that starts
  // at token t start at most k - 1 tokens earlier, k the longest window used.
  bool unspaced = false;
  for (size_t i = title_tokens; i < n && !unspaced; ++i) unspaced = tokens[i].unspaced;
  page->lookback = static_cast<uint8_t>((unspaced ? std::max(shingle.word_k, shingle.char_k) : shingle.word_k) - 1);
  constexpr size_t kLead = TeaserIndex::kLeadTokens;
  int long_lines = 0;
  for (size_t t0 = title_tokens; t0 < n;) {
    size_t t1 = t0 + 1;
    while (t1 < n && tokens[t1].line == tokens[t0].line) ++t1;
    const uint32_t start = t1 - t0 >= kLead ? std::max<uint32_t>(1, HashWords(tokens, t0, t0 + kLead)) : 0;
    if (start != 0 && long_lines++ < kDatedLeadLines && options.teasers &&
        MayOpenWithDateline(article.text, story_begin, tokens, t0, t1)) {
      const size_t begin = story_begin + tokens[t0].begin;
      const std::string_view line =
          std::string_view(article.text).substr(begin, story_begin + tokens[t1 - 1].end - begin);
      if (const size_t cut = LeadDatelineEnd(line, agencies); cut > 0) {
        size_t t = t0;
        while (t < t1 && story_begin + tokens[t].begin < begin + cut) ++t;
        if (t > t0 && t + kLead <= t1) {
          page->dated_leads.push_back(
              {static_cast<uint32_t>(page->lines.size()), std::max<uint32_t>(1, HashWords(tokens, t, t + kLead))});
        }
      }
    }
    if (options.teasers) {
      if (const size_t label = LabelEnd(article.text, story_begin, tokens, t0, t1);
          label != 0 && t1 - label >= TeaserIndex::kTitleTokens) {
        page->labelled_headlines.push_back({static_cast<uint32_t>(page->lines.size()), HashWords(tokens, label, t1)});
      }
    }
    const LineSpan span{HashWords(tokens, t0, t1), start, static_cast<uint32_t>(t0)};
    page->lines.push_back(span);
    if (line_texts != nullptr) {
      const uint32_t begin = static_cast<uint32_t>(story_begin + tokens[t0].begin);
      const uint32_t end = static_cast<uint32_t>(story_begin + tokens[t1 - 1].end);
      line_texts->push_back(article.text.substr(begin, std::min<uint32_t>(end - begin, 160)));
    }
    t0 = t1;
  }
}

int FindLead(const BoilerplateModel& boilerplate, const TeaserIndex& teasers, uint32_t source, const PageLines& page,
             int after) {
  for (size_t l = after + 1; l < page.lines.size(); ++l) {
    const LineSpan& line = page.lines[l];
    if (line.start == 0 || boilerplate.IsBoilerplate(source, line.hash)) continue;
    if (line.hash == page.title || teasers.IsTitle(source, line.hash)) continue;
    return static_cast<int>(l);
  }
  return -1;
}

std::vector<LeadEntry> FindLeads(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                                 const std::vector<DocState>& docs, tbb::task_arena& arena) {
  const uint32_t n = static_cast<uint32_t>(docs.size());
  // Each page's lead candidates, once boilerplate is known (it is not the lead).
  std::vector<std::array<int, kLeadCandidates>> lead(n);
  for (std::array<int, kLeadCandidates>& l : lead) l.fill(-1);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
      for (uint32_t d = r.begin(); d != r.end(); ++d) {
        for (int c = 0, after = -1; c < kLeadCandidates; ++c) {
          after = FindLead(boilerplate, teasers, docs[d].source, docs[d].page, after);
          if (after < 0) break;
          lead[d][c] = after;
        }
      }
    });
  });
  std::vector<LeadEntry> leads;
  for (uint32_t d = 0; d < n; ++d) {
    const PageLines& page = docs[d].page;
    if (page.title == 0) continue;
    for (const int l : lead[d]) {
      if (l < 0) break;
      const LineSpan& line = page.lines[l];
      leads.push_back({docs[d].source, page.title, line.start, line.hash});
      for (const LinePart& dated : page.dated_leads) {
        if (dated.line == static_cast<uint32_t>(l)) leads.push_back({docs[d].source, page.title, dated.hash, line.hash});
      }
    }
  }
  return leads;
}

void LearnLeads(const BoilerplateModel& boilerplate, const std::vector<DocState>& docs, tbb::task_arena& arena,
                TeaserIndex* teasers) {
  for (const LeadEntry& e : FindLeads(boilerplate, *teasers, docs, arena)) {
    teasers->AddLead(e.source, e.title, e.start, e.line);
  }
}

uint32_t MarkFurniture(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                       const BoilerplateOptions& options, uint32_t source, const PageLines& page,
                       std::vector<uint8_t>* furniture) {
  const std::vector<LineSpan>& lines = page.lines;
  furniture->assign(lines.size(), 0);
  uint32_t teaser_lines = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (boilerplate.IsBoilerplate(source, lines[l].hash)) (*furniture)[l] = 1;
    if (!options.teasers || lines[l].hash == page.title) continue;
    if (!teasers.IsTitle(source, lines[l].hash)) continue;
    // Another page's headline, and maybe its lead cut short on the next line.
    (*furniture)[l] = 1;
    ++teaser_lines;
    if (l + 1 < lines.size() && lines[l + 1].start != 0 &&
        teasers.IsLead(source, lines[l].hash, lines[l + 1].start, lines[l + 1].hash)) {
      // A teaser shows one paragraph's start. A page that goes on with the
      // next of the page's lead lines carries that story (a composite that
      // took another outlet's version of it), and keeps it.
      const bool story_goes_on = l + 2 < lines.size() && lines[l + 2].start != 0 &&
                                 teasers.StartsLead(source, lines[l].hash, lines[l + 2].start);
      if (!story_goes_on) {
        (*furniture)[l + 1] = 1;
        ++teaser_lines;
      }
    }
  }
  if (!options.teasers) return teaser_lines;
  // "ALSO READ: <another page's headline>", "上一篇：<...>".
  for (const LinePart& labelled : page.labelled_headlines) {
    if (labelled.hash == page.title || (*furniture)[labelled.line] || !teasers.IsTitle(source, labelled.hash)) {
      continue;
    }
    (*furniture)[labelled.line] = 1;
    ++teaser_lines;
  }
  return teaser_lines;
}

namespace {

// Drops the figures on furniture lines (a teaser's figures are another
// story's). Lines and figures are both in token order.
void DropFurnitureFigures(const std::vector<LineSpan>& lines, const std::vector<uint8_t>& furniture,
                          std::vector<FigureToken>* figures) {
  size_t kept = 0;
  size_t l = 0;
  for (const FigureToken& f : *figures) {
    while (l + 1 < lines.size() && lines[l + 1].first_token <= f.token) ++l;
    const bool on_furniture = !lines.empty() && f.token >= lines[l].first_token && furniture[l];
    if (!on_furniture) (*figures)[kept++] = f;
  }
  figures->resize(kept);
}

}  // namespace

uint32_t DropPageFurniture(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                           const BoilerplateOptions& options, uint32_t min_line_words, DocState* doc,
                           std::vector<uint8_t>* furniture, std::vector<uint8_t>* drop) {
  uint32_t teasers_here = 0;
  PageLines& page = doc->page;
  if (options.enabled && !page.lines.empty()) {
    teasers_here = MarkFurniture(boilerplate, teasers, options, doc->source, page, furniture);
    // One pass over the lines marks both: the shingles touching a
    // boilerplate line (from `lookback` tokens before it) and the tokens on
    // it, whose words go (word i is token i, or token word_tokens[i]).
    const bool common_dropped = !doc->word_tokens.empty();
    const size_t num_shingles = doc->shingles.size();
    const size_t num_words = common_dropped ? doc->token_count : doc->words.size();
    drop->assign(num_shingles + num_words, 0);
    uint8_t* drop_shingles = drop->data();
    uint8_t* drop_words = drop->data() + num_shingles;
    bool any = false;
    for (size_t l = 0; l < page.lines.size(); ++l) {
      const size_t start = page.lines[l].first_token;
      const size_t end = l + 1 < page.lines.size() ? page.lines[l + 1].first_token : SIZE_MAX;
      if (!(*furniture)[l]) {
        // A label, a menu or a share bar: its words are no content words
        // (ContentWordOptions::min_line_words), its shingles stay.
        const size_t words_end = std::min(end, num_words);
        if (start < words_end && words_end - start < min_line_words) {
          std::fill(drop_words + start, drop_words + words_end, 1);
          any = true;
        }
        continue;
      }
      const size_t first = start > page.lookback ? start - page.lookback : 0;
      // A text shorter than one window has one shingle, touching every line.
      std::fill(drop_shingles + std::min(first, num_shingles),
                drop_shingles + std::min(std::max(std::min(end, num_shingles), first + 1), num_shingles), 1);
      std::fill(drop_words + std::min(start, num_words), drop_words + std::min(end, num_words), 1);
      any = true;
    }
    if (any) {
      KeepUnmarked(drop_shingles, &doc->shingles);
      if (common_dropped) {
        size_t kept = 0;
        for (size_t i = 0; i < doc->words.size(); ++i) {
          if (!drop_words[doc->word_tokens[i]]) doc->words[kept++] = doc->words[i];
        }
        doc->words.resize(kept);
      } else {
        KeepUnmarked(drop_words, &doc->words);
      }
      DropFurnitureFigures(page.lines, *furniture, &doc->figure_tokens);
    }
  }
  std::vector<uint16_t>().swap(doc->word_tokens);
  std::vector<LineSpan>().swap(page.lines);
  std::vector<LinePart>().swap(page.dated_leads);
  std::vector<LinePart>().swap(page.labelled_headlines);
  return teasers_here;
}

}  // namespace wiretrace::internal
