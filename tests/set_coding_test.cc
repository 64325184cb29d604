// The store's set coding (internal/set_coding.h): what is coded decodes to
// the same set, a shingle set takes about 3 bytes a member, and no damaged
// or made-up blob decodes to anything but a strictly increasing set.
#include "internal/set_coding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"

namespace wiretrace::internal {
namespace {

std::string Encoded(const std::vector<uint32_t>& set) {
  std::string out;
  EncodeSet(set, &out);
  return out;
}

std::vector<uint32_t> Uniform(size_t n, std::mt19937* random) {
  std::vector<uint32_t> set(n);
  for (uint32_t& v : set) v = static_cast<uint32_t>((*random)());
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

void ExpectRoundTrip(const std::vector<uint32_t>& set) {
  const std::string coded = Encoded(set);
  std::vector<uint32_t> back = {42};
  ASSERT_TRUE(DecodeSet(coded, &back)) << set.size();
  EXPECT_EQ(back, set);
  EXPECT_LE(coded.size(), set.empty() ? 0 : 1 + 4 * set.size());  // never more than the array
}

TEST(SetCodingTest, EverySetDecodesToItself) {
  std::mt19937 random(1);
  ExpectRoundTrip({});
  for (uint32_t v : {0u, 1u, 255u, 256u, 0x7fffffffu, UINT32_MAX}) ExpectRoundTrip({v});
  ExpectRoundTrip({0, UINT32_MAX});
  ExpectRoundTrip({UINT32_MAX - 2, UINT32_MAX - 1, UINT32_MAX});
  for (size_t n : {2, 3, 7, 8, 9, 63, 64, 65, 600, 5000, 100000}) ExpectRoundTrip(Uniform(n, &random));
  std::vector<uint32_t> dense(1000);  // small ids: no low bits at all
  for (uint32_t i = 0; i < dense.size(); ++i) dense[i] = i;
  ExpectRoundTrip(dense);
  std::vector<uint32_t> clustered;  // runs and gaps
  for (uint32_t base : {0u, 1u << 20, 3u << 30}) {
    for (uint32_t i = 0; i < 100; ++i) clustered.push_back(base + 3 * i);
  }
  ExpectRoundTrip(clustered);
  // Not strictly increasing: kept as they are, in the array coding.
  for (const std::vector<uint32_t>& odd : {std::vector<uint32_t>{5, 5}, std::vector<uint32_t>{9, 2, 7}}) {
    const std::string coded = Encoded(odd);
    EXPECT_EQ(coded[0], static_cast<char>(SetCoding::kRaw));
    ExpectRoundTrip(odd);
  }
}

// A real article's shingle set: the hashes the engine stores.
TEST(SetCodingTest, AShingleSetTakesAboutThreeBytesAMember) {
  std::string text;
  std::mt19937 random(2);
  for (int i = 0; i < 700; ++i) text += "w" + std::to_string(random() % 5000) + " ";
  std::vector<Token> tokens;
  Tokenize(text, NormalizeOptions{}, &tokens);
  std::vector<uint32_t> set;
  Shingle(tokens, ShingleOptions{}, &set);
  MakeShingleSet(&set);
  ASSERT_GT(set.size(), 500u);
  const std::string coded = Encoded(set);
  EXPECT_EQ(coded[0], static_cast<char>(SetCoding::kEliasFano));
  EXPECT_LT(coded.size(), set.size() * 31 / 10);
  ExpectRoundTrip(set);
}

// The bytes are the format stores hold: a change of them is a schema change.
// (Computed by an independent implementation of the layout in set_coding.h.)
TEST(SetCodingTest, TheCodingIsPinned) {
  const std::string zero_one("\x01\x02\x00\x00\x00\x00\x05", 7);  // L = 0: high bits only
  EXPECT_EQ(Encoded({0, 1}), zero_one);
  const std::string spread(
      "\x01\x06\x00\x00\x00\x14\x64\x00\x00\x7d\x00\x70\x11\x01\x24\xf4\xc0\xc6\x0d\x44\x95\x4f\x20", 23);
  const std::vector<uint32_t> spread_set = {100, 2000, 70000, 1000000, 3000000, 9000000};
  EXPECT_EQ(Encoded(spread_set), spread);  // L = 20
  std::vector<uint32_t> back;
  ASSERT_TRUE(DecodeSet(spread, &back));
  EXPECT_EQ(back, spread_set);
  // One member, or a few large ones: the array is smaller.
  EXPECT_EQ(Encoded({5}), std::string("\x00\x05\x00\x00\x00", 5));
  // Codings the writer would not make are refused: the same sets with
  // another low width, as an array when Elias-Fano is smaller, and one member
  // Elias-Fano coded.
  EXPECT_FALSE(DecodeSet(std::string("\x01\x02\x00\x00\x00\x01\x02\x03", 8), &back));  // {0, 1}, L = 1
  EXPECT_FALSE(DecodeSet(std::string("\x00\x00\x00\x00\x00\x01\x00\x00\x00", 9), &back));  // {0, 1}, array
  EXPECT_FALSE(DecodeSet(std::string("\x01\x01\x00\x00\x00\x00\x20", 7), &back));  // {5}, L = 0
}

TEST(SetCodingTest, DamageIsRefusedNotMisread) {
  std::mt19937 random(3);
  const std::vector<uint32_t> set = Uniform(300, &random);
  const std::string coded = Encoded(set);
  std::vector<uint32_t> back;
  for (size_t cut = 1; cut < coded.size(); ++cut) EXPECT_FALSE(DecodeSet(coded.substr(0, cut), &back)) << cut;
  EXPECT_FALSE(DecodeSet(coded + '\0', &back));
  EXPECT_FALSE(DecodeSet(std::string("\x07", 1), &back));           // no such coding
  EXPECT_FALSE(DecodeSet(std::string("\x00\x01\x02", 3), &back));   // an array of 2 bytes
  EXPECT_FALSE(DecodeSet(std::string("\x00", 1), &back));           // the empty set is the empty blob
  EXPECT_FALSE(DecodeSet(std::string("\x01\xff\xff\xff\x7f\x00\xff", 7), &back));  // 2^31 members in 8 bits
  // Any single flipped bit: refused, or a strictly increasing set.
  for (size_t bit = 0; bit < 8 * coded.size(); ++bit) {
    std::string flipped = coded;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    if (!DecodeSet(flipped, &back) || flipped[0] != static_cast<char>(SetCoding::kEliasFano)) continue;
    EXPECT_TRUE(std::adjacent_find(back.begin(), back.end(), std::greater_equal<uint32_t>()) == back.end()) << bit;
    EXPECT_NE(back, set) << bit;
  }
  // Made-up blobs: no crash, and what decodes is the one coding of its set.
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string blob(1 + random() % 24, '\0');
    for (char& c : blob) c = static_cast<char>(random());
    blob[0] = static_cast<char>(random() % 3);
    if (!DecodeSet(blob, &back)) continue;
    ++decoded;
    EXPECT_EQ(Encoded(back), blob);
  }
  EXPECT_GT(decoded, 100);  // the loop reaches the accepting paths
}

}  // namespace
}  // namespace wiretrace::internal
