// Provenance's views of a document: its tokens and shingles in text order,
// its shingles by hash, its index as a parent, and the shingles of its title.
// Built per worker and cached (provenance_worker.h); see docs/design.md.
#ifndef WIRETRACE_INTERNAL_PROVENANCE_TOKENS_H_
#define WIRETRACE_INTERNAL_PROVENANCE_TOKENS_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "internal/dateline.h"
#include "wiretrace/article.h"
#include "wiretrace/engine.h"
#include "wiretrace/normalize.h"

namespace wiretrace::internal {

// Keys of the sorted lists merged below (internal::ForEachKeyIn).
inline constexpr auto ByFirst = [](const std::pair<uint32_t, uint32_t>& x) { return x.first; };
inline constexpr auto Itself = [](uint32_t x) { return x; };

// A document tokenized by the engine's own first step (story_tokens.h: the
// title, then the text without its lead dateline and trailing credit), with
// the shingle that starts at each token. Token offsets of the text are into
// `text`, the whole of it.
struct Tokenized {
  std::vector<Token> tokens;
  uint32_t title_tokens = 0;
  std::vector<uint32_t> shingles;  // shingles[i] starts at tokens[i]
};

// The text as the engine shingles it; *begin is where it starts in `text`.
std::string_view StoryText(const Article& a, const DatelineAgencies& agencies, uint32_t* begin);

// Fills *out (its old contents, if any, are dropped; its buffers are kept).
// `agencies` is built from engine.agencies, as the engine's read stage builds it.
void TokenizeArticle(const Article& a, const EngineOptions& engine, const DatelineAgencies& agencies,
                     Tokenized* out);

// A document's shingles by hash: (hash, position) sorted by hash, then
// position, and whether each position holds a content shingle.
struct Positions {
  std::vector<std::pair<uint32_t, uint32_t>> by_hash;
  std::vector<uint8_t> content;
};

// Fills *out as TokenizeArticle does.
void MakePositions(const Tokenized& t, absl::Span<const uint32_t> set, Positions* out);

// Where each content shingle starts in a parent's body, as (hash, token)
// sorted by hash, then token. Capped per shingle: a phrase repeated twenty
// times in one page adds nothing to alignment. Built once per parent and
// reused for each of its children.
using ParentIndex = std::vector<std::pair<uint32_t, uint32_t>>;

// Fills *out as TokenizeArticle does.
void IndexParent(const Tokenized& p, const Positions& where, ParentIndex* out);

// Shingles that start in the title: those of the title alone and those
// spanning the title and the start of the text. Sorted.
//
// They are defined as the title windows of the title tokenized together
// with the text's first 2 KB (HeadTitleShingles), the text as it is, with
// its dateline: the choice of parent depends on them, so that stays the
// definition (windows into the text after the engine's dateline cut left
// 1 to 5 more parents wrong on each tools/gen_syndication.py seed, with and
// without dates). They are nearly always the first shingles of the whole
// document, which is tokenized already; those are taken when no dateline
// was cut and the first 2 KB cannot tokenize differently where the title
// windows reach (see SameAsHead).
std::vector<uint32_t> TitleShingles(const Article& a, const Tokenized& t, const EngineOptions& engine,
                                    const DatelineAgencies& agencies);

// The text's first 2 KB, cut at a space, so that the last token read is
// whole (a longer token would not change the windows that matter unless
// it is among the first few).
std::string_view Head(std::string_view text);

// Do the title windows of the whole document (t) equal those of the
// title and Head(text)? The two tokenizations agree up to the first place
// where tokenizing the head looks past its end: a tag or entity left open
// by the cut, or the word cut in two. So they agree on the tokens the
// title windows reach when those end well before the cut, with no tag or
// entity on the way, or when the head is the whole text. And then all the
// windows that start in the title fit in both.
bool SameAsHead(const Article& a, const Tokenized& t, const EngineOptions& engine,
                const DatelineAgencies& agencies);

std::vector<uint32_t> HeadTitleShingles(const Article& a, const EngineOptions& engine);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_PROVENANCE_TOKENS_H_
