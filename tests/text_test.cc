// Property tests of the text layer (src/internal/utf8.h,
// src/internal/unicode_classes.h): the decoder against utf8proc's, forward
// and backward decoding agreeing on random bytes, and the character classes
// against the Unicode database.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "internal/unicode_classes.h"
#include "internal/utf8.h"
#include "utf8proc.h"

namespace wiretrace::internal {
namespace {

// Random bytes, mostly the pieces of UTF-8 (lead and continuation bytes of
// every length), so that valid, truncated and overlong sequences all occur.
std::string RandomBytes(std::mt19937& rng, size_t n) {
  static const uint8_t kBytes[] = {'a', ' ', 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xD0,
                                   0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>(kBytes[rng() % sizeof(kBytes)]);
  return s;
}

TEST(Utf8Test, DecodesAsUtf8procDoes) {
  std::mt19937 rng(1);
  for (int t = 0; t < 20000; ++t) {
    const std::string s = RandomBytes(rng, 1 + rng() % 5);
    const CodePoint c = DecodeUtf8At(s, 0);
    utf8proc_int32_t want = -1;
    const utf8proc_ssize_t len =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                         &want);
    if (len > 0 && want >= 0) {
      EXPECT_EQ(c.cp, static_cast<uint32_t>(want));
      EXPECT_EQ(c.len, static_cast<uint32_t>(len));
    } else {
      EXPECT_EQ(c.cp, kReplacementChar);
      EXPECT_EQ(c.len, 1u);
    }
  }
  EXPECT_EQ(DecodeUtf8At("", 0).len, 0u);
  EXPECT_EQ(DecodeUtf8At("\xe0\xa4\xa4", 0).cp, 0x924u);
  EXPECT_EQ(DecodeUtf8At("\xed\xa0\x80", 0).cp, kReplacementChar);  // a surrogate
  EXPECT_EQ(DecodeUtf8At("\xc0\xaf", 0).cp, kReplacementChar);      // overlong '/'
}

TEST(Utf8Test, ForwardAndBackwardAgreeOnEveryBoundary) {
  std::mt19937 rng(2);
  for (int t = 0; t < 5000; ++t) {
    const std::string s = RandomBytes(rng, rng() % 24);
    std::vector<CodePoint> forward;
    for (size_t pos = 0; pos < s.size();) {
      const CodePoint c = DecodeUtf8At(s, pos);
      ASSERT_GE(c.len, 1u);
      ASSERT_LE(pos + c.len, s.size());
      forward.push_back(c);
      pos += c.len;
    }
    std::vector<CodePoint> backward;
    for (size_t pos = s.size(); pos > 0;) {
      const CodePoint c = DecodeUtf8Before(s, pos);
      ASSERT_GE(c.len, 1u);
      backward.insert(backward.begin(), c);
      pos -= c.len;
    }
    ASSERT_EQ(forward.size(), backward.size()) << t;
    for (size_t i = 0; i < forward.size(); ++i) {
      EXPECT_EQ(forward[i].cp, backward[i].cp);
      EXPECT_EQ(forward[i].len, backward[i].len);
    }
  }
}

TEST(UnicodeClassesTest, CaseFollowsTheUnicodeDatabase) {
  for (uint32_t c = 0; c < 0x3000; ++c) {
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    const Case lc = LetterCase(c);
    if (category == UTF8PROC_CATEGORY_LU) {
      EXPECT_EQ(lc, Case::kUpper) << std::hex << c;
    }
    if (category == UTF8PROC_CATEGORY_LL) {
      EXPECT_EQ(lc, Case::kLower) << std::hex << c;
    }
    if (category == UTF8PROC_CATEGORY_PO || category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ND) {
      EXPECT_EQ(lc, Case::kNone) << std::hex << c;
    }
  }
  EXPECT_EQ(LetterCase(0x416), Case::kUpper);     // Ж
  EXPECT_EQ(LetterCase(0x636), Case::kCaseless);  // ض
  EXPECT_EQ(LetterCase(0x218), Case::kUpper);     // Ș (Latin Extended-B)
  EXPECT_EQ(LetterCase(0x4E2D), Case::kNone);     // 中: no spaces between words
  EXPECT_EQ(LetterCase(0xE01), Case::kNone);      // Thai
}

// Digits of every script are read alike (figures, dates in datelines), and
// exactly the code points the Unicode database calls decimal digits are.
TEST(UnicodeClassesTest, DecimalDigitsOfEveryScript) {
  int digits = 0;
  for (uint32_t c = 0; c <= 0x10FFFF; ++c) {
    const bool nd = utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_ND;
    const int v = DecimalDigitValue(c);
    ASSERT_EQ(v >= 0, nd) << std::hex << c;
    ASSERT_LT(v, 10) << std::hex << c;
    ASSERT_EQ(IsDecimalDigit(c), nd) << std::hex << c;
    digits += nd;
  }
  EXPECT_GT(digits, 600);  // some sixty scripts' runs of ten
  for (uint32_t zero : {0x30u, 0x660u, 0x6F0u, 0x966u, 0x9E6u, 0xE50u, 0xFF10u, 0x1D7CEu, 0x1D7D8u}) {
    for (int d = 0; d < 10; ++d) EXPECT_EQ(DecimalDigitValue(zero + d), d) << std::hex << zero;
  }
  EXPECT_EQ(DecimalDigitValue('a'), -1);
  EXPECT_EQ(DecimalDigitValue(0xBD), -1);  // ½ is a number, not a digit
  EXPECT_EQ(DecimalDigitValue(0x2163), -1);  // Ⅳ
}

TEST(UnicodeClassesTest, WordCharactersAndPunctuation) {
  // U+0964 DEVANAGARI DANDA ends a sentence; it is not part of a word (the
  // credit scanner used to call every code point from U+0900 to U+0DFF one).
  EXPECT_TRUE(IsSentenceEnd(0x964));
  EXPECT_FALSE(IsWordChar(0x964));
  EXPECT_FALSE(IsWordChar(0x965));
  EXPECT_TRUE(IsWordChar(0x924));   // त
  EXPECT_TRUE(IsWordChar(0x94D));   // virama, a mark inside a word
  EXPECT_TRUE(IsWordChar(0xD55C));  // 한: Hangul is written with spaces
  EXPECT_TRUE(IsWordChar(0x1EA1));  // ạ (Vietnamese)
  EXPECT_FALSE(IsWordChar(0x4E2D));
  EXPECT_FALSE(IsWordChar(0x60C));  // Arabic comma
  EXPECT_TRUE(IsWordChar(0x6F5));   // ۵
  EXPECT_TRUE(IsMark(0x64E));       // fatha
  EXPECT_TRUE(IsMark(0x200C));      // ZWNJ, inside Urdu words
  EXPECT_FALSE(IsMark('a'));
  EXPECT_TRUE(IsInlineSpace(0xA0));
  EXPECT_FALSE(IsInlineSpace('\n'));
  EXPECT_TRUE(IsSpace('\n'));
  EXPECT_TRUE(IsDash(0x2014));
  EXPECT_TRUE(IsOpeningQuote(0xAB));
  EXPECT_TRUE(IsClosingQuote(0xBB));
  for (uint32_t c = 0x80; c < 0x3000; ++c) {
    if (IsLetter(c)) {
      EXPECT_TRUE(IsWordChar(c)) << std::hex << c;
    }
  }
}

}  // namespace
}  // namespace wiretrace::internal
