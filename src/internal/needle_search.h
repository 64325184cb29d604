// One pass over a text for many short needles at once: FindCredits looks for
// ~150 agency aliases in seven scripts and ~20 credit phrases in every
// article. One std::string_view::find per needle read each article that many
// times and was a fifth of wiretrace-provenance; this reads it once.
//
//   NeedleSearch search;
//   const uint32_t ani = search.Add("ANI", /*exact=*/true);
//   const uint32_t reports = search.Add("reports ", /*exact=*/false);
//   search.Build();
//   search.FindAll(text, [&](uint32_t id, size_t pos) { ... });
//
// A needle is matched either with ASCII case folded (`exact` false:
// "Reuters" finds "REUTERS") or byte for byte (`exact` true: "AP" must not
// find "ap"). Every
// occurrence is reported, overlapping ones included, exactly as a loop of
// find(needle, pos + 1) would report them, with one exception that every
// caller wants: a needle that starts with an ASCII letter or digit is not
// reported right after another ASCII letter or digit (inside a word), so
// most positions of Latin text are passed over at once.
//
// Why not Aho-Corasick: the needles are few and short. A table of the byte
// triples that start needles (hashed, 128 Kbit, in L1 cache) rejects most of
// the rest; the positions that pass compare the first four bytes of the one
// or two needles in their bucket. A full automaton over ~2,000 states would not
// stay in L1 cache.
//
// Thread safety: Add and Build are not; after Build, FindAll is const and may
// run concurrently.
#ifndef WIRETRACE_INTERNAL_NEEDLE_SEARCH_H_
#define WIRETRACE_INTERNAL_NEEDLE_SEARCH_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wiretrace::internal {

class NeedleSearch {
 public:
  // Adds a needle and returns its id (ids count up from 0). An empty needle
  // is kept (so ids stay dense) but never found.
  uint32_t Add(std::string_view needle, bool exact);

  // Builds the filter and the buckets. Call once after the last Add.
  void Build();

  // Calls emit(id, pos) for every occurrence (see above): `pos` is the byte
  // offset in `text`. In increasing pos; at one pos, in increasing id.
  template <typename Emit>
  void FindAll(std::string_view text, Emit&& emit) const {
    const size_t n = text.size();
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    size_t i = 0;
#if defined(__SSE2__)
    // Sixteen positions at a time, a bit for each that may start a needle:
    // most bytes of Latin text are inside a word or a space, and most of
    // other scripts are continuation bytes, which start no needle (unless
    // some needle does start so). Only the rest go through the filter.
    const __m128i space = _mm_set1_epi8(' ');
    for (; i + 16 <= n; i += 16) {
      const __m128i now = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
      // The byte before each; before the first byte of the text, none (0).
      const __m128i before =
          i > 0 ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i - 1)) : _mm_slli_si128(now, 1);
      __m128i skip = _mm_and_si128(AsciiWord(now), AsciiWord(before));
      if (skip_space_) skip = _mm_or_si128(skip, _mm_cmpeq_epi8(now, space));
      if (skip_continuation_) skip = _mm_or_si128(skip, InRange(now, 0x80, 0xBF));
      uint32_t mask = ~static_cast<uint32_t>(_mm_movemask_epi8(skip)) & 0xFFFF;
      while (mask != 0) {
        const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
        if (MayStartAt(t, n, at)) TryAt(text, at, emit);
        mask &= mask - 1;
      }
    }
#endif
    for (; i < n; ++i) {
      const uint32_t b = t[i];
      if (i > 0 && kAsciiWord[b] && kAsciiWord[t[i - 1]]) continue;
      if ((skip_space_ && b == ' ') || (skip_continuation_ && (b & 0xC0) == 0x80)) continue;
      if (MayStartAt(t, n, i)) TryAt(text, i, emit);
    }
  }

 private:
  static constexpr uint32_t kBuckets = 1024;
  static constexpr int kTripleBits = 17;
  // A hash of three lowered bytes, kTripleBits wide.
  static uint32_t Triple(uint32_t b0, uint32_t b1, uint32_t b2) {
    return (((b0 << 16) | (b1 << 8) | b2) * 0x9E3779B1u) >> (32 - kTripleBits);
  }
  static uint32_t Bucket(uint32_t b0, uint32_t b1) { return (b0 * 67 + b1) & (kBuckets - 1); }
  // Up to the first four bytes at `at` (of `left` available), zero-padded.
  static uint32_t Head(const char* at, size_t left) {
    uint32_t w = 0;
    std::memcpy(&w, at, left < 4 ? left : 4);
    return w;
  }
  static const std::array<bool, 256> kAsciiWord;
  static const std::array<unsigned char, 256> kLower;  // ASCII letters lowered

#if defined(__SSE2__)
  // 0xFF where lo <= byte <= hi (unsigned).
  static __m128i InRange(__m128i v, int lo, int hi) {
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo)));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(hi - lo))), d);
  }
  // 0xFF on ASCII letters and digits (kAsciiWord).
  static __m128i AsciiWord(__m128i v) {
    return _mm_or_si128(InRange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'), InRange(v, '0', '9'));
  }
#endif

  // The four bytes Head reads, ASCII letters lowered (SWAR: a byte is
  // upper case when it is below 0x80, at least 'A' and at most 'Z').
  static uint32_t Lower4(uint32_t x) {
    const uint32_t low7 = x & 0x7F7F7F7F;
    const uint32_t at_least_a = low7 + 0x3F3F3F3F;      // bit 7 set when >= 'A'
    const uint32_t above_z = low7 + 0x25252525;         // bit 7 set when > 'Z'
    const uint32_t upper = ~x & (at_least_a ^ above_z) & 0x80808080;
    return x | (upper >> 2);
  }

  // The triple filter: whether some needle may start at byte i of t[0, n).
  // Inline in FindAll's loops, since it rejects nearly every position it
  // sees (a call per word start was a fifth of FindCredits).
  bool MayStartAt(const unsigned char* t, size_t n, size_t i) const {
    const uint32_t b0 = kLower[t[i]];
    const uint32_t b1 = i + 1 < n ? kLower[t[i + 1]] : 0;
    const uint32_t b2 = i + 2 < n ? kLower[t[i + 2]] : 0;
    // Past the end of the text the bytes read as 0: shorter needles set
    // every triple they start, 0 included.
    const uint32_t triple = Triple(b0, b1, b2);
    return triples_[triple >> 6] >> (triple & 63) & 1;
  }

  // The needles that occur at byte i, which passed MayStartAt: the bucket
  // of the first two bytes, then the first four bytes of each needle there.
  template <typename Emit>
  void TryAt(std::string_view text, size_t i, Emit& emit) const {
    const size_t n = text.size();
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    const uint32_t b0 = kLower[t[i]];
    const uint32_t b1 = i + 1 < n ? kLower[t[i + 1]] : 0;
    const uint32_t bucket = Bucket(b0, b1);
    const char* at = text.data() + i;
    const uint32_t head = Head(at, n - i);
    const uint32_t head_lower = Lower4(head);
    for (uint32_t k = bucket_start_[bucket]; k < bucket_start_[bucket + 1]; ++k) {
      const Needle& nd = needles_[in_bucket_[k]];
      if (nd.bytes.size() > n - i) continue;
      if (((nd.exact ? head : head_lower) & nd.head_mask) != nd.head) continue;
      bool same = true;
      for (size_t j = 4; j < nd.bytes.size() && same; ++j) {
        const auto c = static_cast<unsigned char>(at[j]);
        same = static_cast<char>(nd.exact ? c : kLower[c]) == nd.bytes[j];
      }
      if (same) emit(in_bucket_[k], i);
    }
  }

  struct Needle {
    std::string bytes;  // lowered unless exact
    bool exact = false;
    uint32_t head = 0, head_mask = 0;  // its first (up to) four bytes, as Head reads them
  };
  std::vector<Needle> needles_;
  // Bit Triple(b0, b1, b2) is set when some needle starts with lowered bytes
  // b0 b1 b2 (a shorter needle: for every byte after it). 16 KB: it stays in
  // L1 cache, and rejects all but a few percent of the word starts of prose.
  std::array<uint64_t, (size_t{1} << kTripleBits) / 64> triples_{};
  // Needle ids by Bucket of their first two lowered bytes:
  // in_bucket_[bucket_start_[b] .. bucket_start_[b + 1]), in increasing id.
  std::array<uint32_t, kBuckets + 1> bucket_start_{};
  std::vector<uint32_t> in_bucket_;
  // No needle starts with a space, or with a UTF-8 continuation byte (a
  // needle of valid UTF-8 never does): positions holding one are skipped.
  bool skip_space_ = true;
  bool skip_continuation_ = true;
};

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_NEEDLE_SEARCH_H_
