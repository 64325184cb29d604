// Fuzzes the dateline and credit-line detector: any bytes, never a crash or an
// out-of-bounds read (ASan), and the bounds it returns satisfy
// 0 <= begin <= end <= size, both on code point boundaries (an invalid byte
// being one code point), and a paragraph appended to the input survives whole:
// no rule reaches into a sentence of eight lower-case words.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../src/internal/dateline.h"

namespace {

// Strict UTF-8: whether `pos` starts a code point.
bool IsBoundary(std::string_view s, size_t pos) {
  size_t i = 0;
  while (i < pos) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 1;
    if (len > 1 && i + len > s.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) len = 1;
    }
    i += len;
  }
  return i == pos;
}

void Check(std::string_view text) {
  const wiretrace::internal::StoryBounds b = wiretrace::internal::FindStoryBounds(text);
  if (b.begin > b.end || b.end > text.size()) std::abort();
  if (!IsBoundary(text, b.begin) || !IsBoundary(text, b.end)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(text);
  // The same bytes followed by a paragraph that is neither dateline nor
  // credit: the paragraph stays in the story.
  constexpr std::string_view kParagraph = "zq zq zq zq zq zq zq zq.";
  const std::string with_story = std::string(text) + "\n\n" + std::string(kParagraph);
  Check(with_story);
  const wiretrace::internal::StoryBounds b = wiretrace::internal::FindStoryBounds(with_story);
  if (std::string_view(with_story).substr(b.begin, b.end - b.begin).find(kParagraph) == std::string_view::npos) {
    std::abort();
  }
  return 0;
}
