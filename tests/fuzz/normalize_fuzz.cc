// Fuzzes the normalizer/tokenizer: any bytes, never a crash, offsets inside
// the input, hashes consistent with NormalizedText.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strip : {true, false}) {
    wiretrace::NormalizeOptions options;
    options.strip_marks = strip;
    options.strip_markup = strip;
    std::vector<wiretrace::Token> tokens;
    wiretrace::Tokenize(text, options, &tokens);
    // Tokens come in input order. They may overlap: one input character can
    // expand to several tokens under NFKC ("⅜" -> "3", "8"; "¼x" -> "1", "4x"),
    // and each carries the character's whole byte range.
    uint32_t previous_begin = 0;
    uint32_t previous_end = 0;
    for (const wiretrace::Token& t : tokens) {
      if (t.begin >= t.end || t.end > size || t.begin < previous_begin || t.end < previous_end) std::abort();
      previous_begin = t.begin;
      previous_end = t.end;
    }
    std::vector<uint32_t> shingles;
    wiretrace::Shingle(tokens, wiretrace::ShingleOptions{}, &shingles);
    if (!tokens.empty() && shingles.empty()) std::abort();
  }
  (void)wiretrace::NormalizedText(text, wiretrace::NormalizeOptions{});
  return 0;
}
