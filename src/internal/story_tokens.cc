#include "internal/story_tokens.h"

namespace wiretrace::internal {

StoryTokens TokenizeStory(const Article& article, const NormalizeOptions& options, const DatelineAgencies& agencies,
                          std::vector<Token>* tokens) {
  tokens->clear();
  // Prose has about a token per six bytes: room for a quarter of the bytes
  // saves the copies of growing the vector ten times.
  tokens->reserve((article.title.size() + article.text.size()) / 4 + 16);
  StoryTokens out;
  Tokenize(article.title, options, tokens);
  out.title_tokens = tokens->size();
  // Without the dateline and the trailing credit ("NEW DELHI, March 3
  // (Reuters) -", "(ANI)"): two copies that differ only in them compare as
  // identical. The text keeps them, for provenance's credit lines.
  out.story = FindStoryBounds(article.text, agencies);
  Tokenize(std::string_view(article.text).substr(out.story.begin, out.story.end - out.story.begin), options, tokens);
  return out;
}

size_t TokenizeTitleAndPrefix(const Article& article, std::string_view text_prefix, const NormalizeOptions& options,
                              std::vector<Token>* tokens) {
  tokens->clear();
  Tokenize(article.title, options, tokens);
  const size_t title_tokens = tokens->size();
  Tokenize(text_prefix, options, tokens);
  return title_tokens;
}

}  // namespace wiretrace::internal
