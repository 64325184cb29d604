// The one place where an article becomes tokens: the read stage's first step
// (engine_read.cc), which provenance and `compare` call too, so that every
// part of wiretrace sees the same tokens for the same article: the title,
// then the text without its lead dateline and trailing credit, as the
// dateline scanner finds them with the run's agency table (--agencies).
#ifndef WIRETRACE_INTERNAL_STORY_TOKENS_H_
#define WIRETRACE_INTERNAL_STORY_TOKENS_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "internal/dateline.h"
#include "wiretrace/article.h"
#include "wiretrace/normalize.h"

namespace wiretrace::internal {

// Where the parts of one tokenized article are.
struct StoryTokens {
  size_t title_tokens = 0;  // tokens[0, title_tokens) are the title's
  StoryBounds story;        // the part of the text that was tokenized
};

// Clears *tokens and fills it with the title's tokens, then the story's.
// The title's offsets are into the title; the story's are into the story
// (text.substr(story.begin, ...)), as the tokenizer gives them.
StoryTokens TokenizeStory(const Article& article, const NormalizeOptions& options, const DatelineAgencies& agencies,
                          std::vector<Token>* tokens);

// Clears *tokens and fills it with the tokens of the title, then those of
// `text_prefix` (a prefix of the article's text, dateline and all). Returns
// the number of title tokens. For provenance's title windows
// (provenance_tokens.h), which are defined on the text as it is.
size_t TokenizeTitleAndPrefix(const Article& article, std::string_view text_prefix, const NormalizeOptions& options,
                              std::vector<Token>* tokens);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_STORY_TOKENS_H_
