// The page-lines stage of the engine: which body lines of a page are page
// furniture (boilerplate of its outlet, teasers of the outlet's other pages)
// and so kept out of similarity. It runs in three steps, around the corpus-wide
// counts that src/internal/boilerplate.h keeps:
//
//   1. RecordPageLines, while reading (parallel, one article at a time): the
//      hash of each body line, its lead words, dated leads and labelled
//      headlines, kept in a PageLines until the whole corpus is counted;
//   2. LearnLeads, once every line is counted: each page's lead lines, so that a
//      cut-off copy of it on another page of the outlet is a teaser;
//   3. DropPageFurniture, before signing (parallel): marks a page's furniture
//      lines (MarkFurniture) and drops the shingles and words touching them.
//
// This file decides which lines are boilerplate and which are teasers; the
// thresholds are BoilerplateOptions (wiretrace/boilerplate.h).
//
// Thread safety: RecordPageLines and DropPageFurniture are pure over their
// arguments and run concurrently on different documents; LearnLeads is called
// once, from one thread (it runs its own parallel loop).
#ifndef WIRETRACE_INTERNAL_PAGE_LINES_H_
#define WIRETRACE_INTERNAL_PAGE_LINES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "internal/boilerplate.h"
#include "internal/dateline.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/article.h"
#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"

namespace wiretrace::internal {

struct DocState;  // engine_stages.h

// A body line of a document, for boilerplate and teaser detection: the hash of
// its normalised words, the hash of its first TeaserIndex::kLeadTokens words (0
// when it has fewer) and the index of its first token. Twelve bytes, because a
// hard-wrapped article has dozens of lines and they are kept for every
// document until the whole corpus has been counted.
struct LineSpan {
  uint32_t hash;
  uint32_t start;
  uint32_t first_token;
};

// A line of a document and a hash of part of it, for the two teaser forms
// whose words are not the whole line:
//  - a line that opens with a dateline ("لاہور (اے پی پی) پنجاب حکومت نے ...",
//    "MANILA, March 15 (PNS) - More than ..."), with the hash of its first
//    kLeadTokens words after it: a teaser shows a page's lead without its
//    dateline. Looked for only in the first kDatedLeadLines long lines, where
//    a page's lead is;
//  - a labelled headline ("ALSO READ: <title>", "上一篇：<title>"), with the
//    hash of its words after the label (at most kMaxLabelTokens words before
//    a colon).
struct LinePart {
  uint32_t line;
  uint32_t hash;
};

// What the stage keeps of one document from reading until its furniture is
// dropped.
struct PageLines {
  std::vector<LineSpan> lines;
  std::vector<LinePart> dated_leads;
  std::vector<LinePart> labelled_headlines;
  uint32_t title = 0;    // hash of the title's words, as a line's (0: no title)
  uint8_t lookback = 0;  // how many tokens before a line a shingle touching it can start
};

// Hash of the normalised words of tokens [t0, t1): markup and typography do
// not hide a repeated line.
uint32_t HashWords(const std::vector<Token>& tokens, size_t t0, size_t t1);

// Step 1. `tokens` are the article's title tokens (the first `title_tokens`)
// then its story's, whose offsets count from `story_begin` in article.text.
// A line that opens with a dateline (as `agencies` knows them) also records
// its lead after it. With `line_texts`, also keeps each line's text (for
// --explain), parallel to page->lines.
void RecordPageLines(const Article& article, size_t story_begin, const std::vector<Token>& tokens, size_t title_tokens,
                     const BoilerplateOptions& options, const ShingleOptions& shingle, const DatelineAgencies& agencies,
                     PageLines* page, std::vector<std::string>* line_texts);

// Step 2: adds every page's lead lines (FindLead, kLeadCandidates) to `teasers`, in document order,
// finding them in parallel in `arena`. `docs` are all documents, after the
// last BoilerplateModel::Finish.
void LearnLeads(const BoilerplateModel& boilerplate, const std::vector<DocState>& docs, tbb::task_arena& arena,
                TeaserIndex* teasers);

// What LearnLeads adds of each page: TeaserIndex::AddLead's arguments. For
// the distributed path, where each rank finds its pages' leads and every
// rank adds them all.
struct LeadEntry {
  uint32_t source;
  uint32_t title;
  uint32_t start;
  uint32_t line;
};
std::vector<LeadEntry> FindLeads(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                                 const std::vector<DocState>& docs, tbb::task_arena& arena);

// The document's lead (TeaserIndex): the index of its first line after line
// `after` of at least kLeadTokens words that is neither boilerplate nor a
// title of its outlet, or -1.
int FindLead(const BoilerplateModel& boilerplate, const TeaserIndex& teasers, uint32_t source, const PageLines& page,
             int after = -1);

// FindLeads offers the first this many such lines of each page as its lead
// lines (TeaserIndex). A line of its own on every page is never boilerplate
// and can come before the lead: breadcrumbs that end in the headline ("Home »
// Top Stories » <headline>"), a date and source line ("2023年3月13日 00:17
// 来源：华南新闻网", long enough in scripts counted a character a word). Two
// such lines and the lead make three.
constexpr int kLeadCandidates = 3;

// Marks the document's page furniture in `furniture` (one per line):
// boilerplate lines, and teasers of other pages of its outlet. Returns the
// number of teaser lines.
uint32_t MarkFurniture(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                       const BoilerplateOptions& options, uint32_t source, const PageLines& page,
                       std::vector<uint8_t>* furniture);

// Step 3: drops the document's shingles, words and figures that touch its
// furniture (with options.enabled), and the words of body lines shorter than
// `min_line_words` (ContentWordOptions::min_line_words: labels, menus, share
// bars), then frees its PageLines. Returns the number of its lines that were
// teasers. `furniture` and `drop` are scratch buffers.
uint32_t DropPageFurniture(const BoilerplateModel& boilerplate, const TeaserIndex& teasers,
                           const BoilerplateOptions& options, uint32_t min_line_words, DocState* doc,
                           std::vector<uint8_t>* furniture, std::vector<uint8_t>* drop);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PAGE_LINES_H_
