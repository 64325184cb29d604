#include "internal/provenance_tokens.h"

#include <algorithm>

#include "internal/dateline.h"
#include "internal/sort_hashes.h"
#include "internal/sorted_set.h"
#include "internal/story_tokens.h"
#include "internal/utf8.h"
#include "wiretrace/shingle.h"

namespace wiretrace::internal {

// The part of the text that the engine shingles: without the lead dateline
// and the trailing credit (internal::FindStoryBounds, as the engine's
// shingling stage cuts them), so that provenance sees the same tokens and
// shingles as the sets it is given.
std::string_view StoryText(const Article& a, const DatelineAgencies& agencies, uint32_t* begin) {
  const StoryBounds story = FindStoryBounds(a.text, agencies);
  *begin = story.begin;
  return std::string_view(a.text).substr(story.begin, story.end - story.begin);
}

// Fills *out (its old contents, if any, are dropped; its buffers are kept).
void TokenizeArticle(const Article& a, const EngineOptions& engine, const DatelineAgencies& agencies,
                     Tokenized* out) {
  out->shingles.clear();
  const StoryTokens parts = TokenizeStory(a, engine.normalize, agencies, &out->tokens);
  out->title_tokens = static_cast<uint32_t>(parts.title_tokens);
  // Offsets into `text` again (passages, credits and the head rule read them).
  for (size_t i = out->title_tokens; i < out->tokens.size(); ++i) {
    out->tokens[i].begin += parts.story.begin;
    out->tokens[i].end += parts.story.begin;
  }
  Shingle(out->tokens, engine.shingle, &out->shingles);
}

// Fills *out as TokenizeArticle does.
void MakePositions(const Tokenized& t, absl::Span<const uint32_t> set, Positions* out) {
  Positions& p = *out;
  const size_t n = t.shingles.size();
  // Sorted as 64-bit keys by vqsort, as the engine's ranks are: 6.6 us for
  // 600 pairs against 8.6 us for the stable radix sort of pairs that was
  // here.
  thread_local std::vector<uint64_t> keyed;
  SortPositionsByHash(t.shingles, &keyed);
  p.by_hash.resize(n);
  for (size_t i = 0; i < n; ++i) p.by_hash[i] = {static_cast<uint32_t>(keyed[i] >> 32), static_cast<uint32_t>(keyed[i])};
  p.content.assign(t.shingles.size(), 0);
  internal::ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(p.by_hash), set, ByFirst, Itself,
                         [&](size_t i, size_t) { p.content[p.by_hash[i].second] = 1; });
}

// Fills *out as TokenizeArticle does.
void IndexParent(const Tokenized& p, const Positions& where, ParentIndex* out) {
  constexpr size_t kMaxPositions = 16;
  ParentIndex& index = *out;
  index.clear();
  index.reserve(where.by_hash.size());
  for (size_t i = 0; i < where.by_hash.size();) {
    size_t e = i, kept = 0;
    for (; e < where.by_hash.size() && where.by_hash[e].first == where.by_hash[i].first; ++e) {
      const uint32_t j = where.by_hash[e].second;
      if (j >= p.title_tokens && where.content[j] && kept < kMaxPositions) {
        index.push_back(where.by_hash[e]);
        ++kept;
      }
    }
    i = e;
  }
}

// Shingles that start in the title: those of the title alone and those
// spanning the title and the start of the text. Sorted.
//
// They are defined as the title windows of the title tokenized together
// with the text's first 2 KB, dateline included (HeadTitleShingles; see
// the header for why). They are nearly always the first shingles of the
// whole document, which is tokenized already; those are taken when no
// dateline was cut and the first 2 KB cannot tokenize differently where
// the title windows reach (see SameAsHead).
std::vector<uint32_t> TitleShingles(const Article& a, const Tokenized& t, const EngineOptions& engine,
                                    const DatelineAgencies& agencies) {
  if (!SameAsHead(a, t, engine, agencies)) return HeadTitleShingles(a, engine);
  std::vector<uint32_t> shingles(t.shingles.begin(), t.shingles.begin() + t.title_tokens);
  MakeShingleSet(&shingles);
  return shingles;
}

// The text's first 2 KB, cut at a space, so that the last token read is
// whole (a longer token would not change the windows that matter unless
// it is among the first few).
std::string_view Head(std::string_view text) {
  if (text.size() <= 2048) return text;
  const size_t cut = text.rfind(' ', 2048);
  std::string_view head = text.substr(0, cut == std::string_view::npos || cut < 512 ? 2048 : cut);
  while (!head.empty() && IsUtf8Continuation(static_cast<unsigned char>(head.back()))) head.remove_suffix(1);
  if (!head.empty() && (static_cast<unsigned char>(head.back()) & 0x80)) head.remove_suffix(1);
  return head;
}

// Do the title windows of the whole document (t) equal those of the
// title and Head(text)? The two tokenizations agree up to the first place
// where tokenizing the head looks past its end: a tag or entity left open
// by the cut, or the word cut in two. So they agree on the tokens the
// title windows reach when those end well before the cut, with no tag or
// entity on the way, or when the head is the whole text. And then all the
// windows that start in the title fit in both.
bool SameAsHead(const Article& a, const Tokenized& t, const EngineOptions& engine,
                const DatelineAgencies& agencies) {
  if (t.title_tokens == 0) return true;  // no windows either way
  size_t need = 0;                       // tokens that the title windows reach
  for (size_t i = 0; i < t.title_tokens; ++i) {
    const int k = t.tokens[i].unspaced ? engine.shingle.char_k : engine.shingle.word_k;
    need = std::max(need, i + static_cast<size_t>(k));
  }
  if (need > t.tokens.size()) return false;  // the document is shorter than a window: rare, not worth a rule
  // t starts its text after the dateline, the definition reads the text as
  // it is: they differ when a dateline was cut, or when the windows reach a
  // cut trailing credit.
  uint32_t begin = 0;
  const std::string_view story = StoryText(a, agencies, &begin);
  if (begin > 0 || (story.size() < a.text.size() && need >= t.tokens.size())) return false;
  if (a.text.size() <= 2048) return true;  // the head is the whole text
  const size_t end = need > t.title_tokens ? t.tokens[need - 1].end : 0;
  constexpr size_t kMargin = 64;  // longer than any entity or code point read ahead
  return end + kMargin <= Head(a.text).size() &&
         std::string_view(a.text).substr(0, end + 1).find_first_of("<&") == std::string_view::npos;
}

std::vector<uint32_t> HeadTitleShingles(const Article& a, const EngineOptions& engine) {
  std::vector<uint32_t> out;
  if (a.title.empty()) return out;
  std::vector<Token> tokens;
  const size_t title_tokens = TokenizeTitleAndPrefix(a, Head(a.text), engine.normalize, &tokens);
  std::vector<uint32_t> shingles;
  Shingle(tokens, engine.shingle, &shingles);
  shingles.resize(std::min(shingles.size(), title_tokens));
  MakeShingleSet(&shingles);
  return shingles;
}

}  // namespace wiretrace::internal
