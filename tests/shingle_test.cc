#include "wiretrace/shingle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "wiretrace/normalize.h"

#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace {
namespace {

std::vector<uint32_t> ShingleSetOf(const std::string& text, ShingleOptions options = {}) {
  std::vector<Token> tokens;
  Tokenize(text, NormalizeOptions{}, &tokens);
  std::vector<uint32_t> shingles;
  Shingle(tokens, options, &shingles);
  MakeShingleSet(&shingles);
  return shingles;
}

TEST(ShingleTest, CountsWordWindows) {
  std::vector<Token> tokens;
  Tokenize("one two three four five six seven", NormalizeOptions{}, &tokens);
  ASSERT_EQ(tokens.size(), 7u);
  std::vector<uint32_t> shingles;
  ShingleOptions options;
  options.word_k = 4;
  Shingle(tokens, options, &shingles);
  EXPECT_EQ(shingles.size(), 4u);  // 7 - 4 + 1
}

TEST(ShingleTest, ShortTextGivesOneShingle) {
  ShingleOptions options;
  options.word_k = 5;
  EXPECT_EQ(ShingleSetOf("breaking news", options).size(), 1u);
  EXPECT_NE(ShingleSetOf("breaking news", options), ShingleSetOf("news breaking", options));
  EXPECT_TRUE(ShingleSetOf("", options).empty());
  EXPECT_TRUE(ShingleSetOf(" ... !!! ", options).empty());
}

TEST(ShingleTest, WordOrderMatters) {
  EXPECT_NE(ShingleSetOf("alpha beta gamma delta epsilon"), ShingleSetOf("epsilon delta gamma beta alpha"));
}

TEST(ShingleTest, TypographyDoesNotChangeShingles) {
  EXPECT_EQ(ShingleSetOf("Kiev’s refusal, “encouraged by the United States” – caused the crisis"),
            ShingleSetOf("KIEV'S refusal \"encouraged by the\nUnited States\" - caused the crisis"));
}

TEST(ShingleTest, UnspacedScriptsUseCharacterWindows) {
  ShingleOptions options;
  options.char_k = 3;
  std::vector<Token> tokens;
  Tokenize("北京今天天气很好", NormalizeOptions{}, &tokens);
  ASSERT_EQ(tokens.size(), 8u);
  std::vector<uint32_t> shingles;
  Shingle(tokens, options, &shingles);
  EXPECT_EQ(shingles.size(), 6u);  // 8 - 3 + 1 character 3-grams
}

TEST(ShingleTest, ShingleIStartsAtTokenI) {
  // Mixed script: the engine relies on shingle i starting at token i to map
  // boilerplate lines onto shingles.
  ShingleOptions options;
  options.word_k = 2;
  options.char_k = 3;
  std::vector<Token> tokens;
  Tokenize("Xinhua 北京今天 reports", NormalizeOptions{}, &tokens);
  ASSERT_EQ(tokens.size(), 6u);
  std::vector<uint32_t> shingles;
  Shingle(tokens, options, &shingles);
  // starts 0 (word, k=2), 1..3 (chars, k=3: 1-3, 2-4, 3-5), 4 (char, k=3 would pass
  // the end: stop).
  EXPECT_EQ(shingles.size(), 4u);
}

// The definition that stores and signatures depend on: shingle i is the low
// 32 bits of XXH3-64 over the 8-byte hashes of tokens i..i+k-1, k being
// char_k for an unspaced token i and word_k otherwise. Checked for every k
// and random mixes of the two kinds, so that a faster window hash cannot
// change a value.
TEST(ShingleTest, EachShingleIsXxh3OfItsTokenHashes) {
  std::mt19937_64 rng(7);
  for (int word_k = 1; word_k <= 16; ++word_k) {
    for (int char_k = 1; char_k <= 16; char_k += 5) {
      ShingleOptions options;
      options.word_k = word_k;
      options.char_k = char_k;
      std::vector<Token> tokens(40);
      for (Token& t : tokens) {
        t.hash = rng();
        t.unspaced = rng() % 3 == 0;
      }
      std::vector<uint32_t> shingles;
      Shingle(tokens, options, &shingles);
      for (size_t i = 0; i < shingles.size(); ++i) {
        const size_t k = static_cast<size_t>(tokens[i].unspaced ? char_k : word_k);
        ASSERT_LE(i + k, tokens.size());
        std::vector<uint64_t> window;
        for (size_t j = 0; j < k; ++j) window.push_back(tokens[i + j].hash);
        ASSERT_EQ(shingles[i], static_cast<uint32_t>(XXH3_64bits(window.data(), k * sizeof(uint64_t))))
            << "word_k " << word_k << " char_k " << char_k << " shingle " << i;
      }
    }
  }
}

TEST(ShingleTest, MakeShingleSetSortsAndDeduplicatesLikeTheStandardLibrary) {
  // Both sides of the size at which MakeShingleSet changes sort (64), sizes
  // that are no multiple of a SIMD vector, and many repeats.
  std::mt19937 rng(6);
  for (size_t n : {0, 1, 2, 63, 64, 65, 127, 580, 1001, 20000}) {
    for (const uint32_t range : {0xFFFFFFFFu, 50u}) {
      std::vector<uint32_t> v(n);
      for (uint32_t& x : v) x = static_cast<uint32_t>(rng() % (uint64_t{range} + 1));
      std::vector<uint32_t> want = v;
      std::sort(want.begin(), want.end());
      want.erase(std::unique(want.begin(), want.end()), want.end());
      MakeShingleSet(&v);
      EXPECT_EQ(v, want) << n << " values below " << range;
    }
  }
}

TEST(ShingleTest, RanksGiveBackThePositionOrder) {
  std::mt19937 rng(7);
  for (size_t n : {0, 1, 63, 64, 580, 20000}) {
    for (const uint32_t range : {0xFFFFFFFFu, 50u}) {
      std::vector<uint32_t> sequence(n);
      for (uint32_t& x : sequence) x = static_cast<uint32_t>(rng() % (uint64_t{range} + 1));
      std::vector<uint32_t> set = sequence, want = sequence;
      MakeShingleSet(&want);
      std::vector<uint16_t> ranks;
      ASSERT_TRUE(MakeShingleSetWithRanks(&set, &ranks));
      EXPECT_EQ(set, want);
      ASSERT_EQ(ranks.size(), n);
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(set[ranks[i]], sequence[i]) << n << " at " << i;
    }
  }
  // A set too large for 16-bit ranks is left as it was.
  std::vector<uint32_t> large(kMaxRankedSet + 1);
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<uint32_t>(large.size() - i);
  const std::vector<uint32_t> before = large;
  std::vector<uint16_t> ranks;
  EXPECT_FALSE(MakeShingleSetWithRanks(&large, &ranks));
  EXPECT_EQ(large, before);
  EXPECT_TRUE(ranks.empty());
  large.pop_back();  // exactly kMaxRankedSet distinct: the largest rank is 0xFFFF
  ASSERT_TRUE(MakeShingleSetWithRanks(&large, &ranks));
  EXPECT_EQ(ranks.front(), 0xFFFF);
}

TEST(ShingleTest, ValidateRejectsOutOfRange) {
  ShingleOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.word_k = 0;
  EXPECT_FALSE(options.Validate().ok());
  options.word_k = 17;
  EXPECT_FALSE(options.Validate().ok());
}

}  // namespace
}  // namespace wiretrace
