// Shingle: word k-grams (character n-grams in scripts written without spaces),
// hashed with xxh3 and kept as 32-bit values.
//
//   std::vector<wiretrace::Token> tokens;
//   wiretrace::Tokenize(text, normalize_options, &tokens);
//   std::vector<uint32_t> shingles;
//   wiretrace::Shingle(tokens, shingle_options, &shingles);   // position order
//   wiretrace::MakeShingleSet(&shingles);                      // sorted, unique
//
// Why 32 bits: a set of n shingles is compared only with sets of similar
// documents, so a false match needs two different k-grams of two related
// documents to collide: about n^2 / 2^32, under 1e-4 for 600-shingle articles.
// Half the memory of 64-bit shingles is what keeps a document under 4 KB.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_SHINGLE_H_
#define WIRETRACE_SHINGLE_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "wiretrace/normalize.h"

namespace wiretrace {

struct ShingleOptions {
  // Words per shingle. Default 4, chosen on the evaluation data (see README,
  // "Choosing k"): 5-grams lose rewritten copies (COUNTER's wholly derived
  // pairs have a median word-5 Jaccard near 0.17), 3-grams make unrelated
  // articles on the same topic share phrases. Valid range 1..16.
  int word_k = 4;

  // Characters per shingle in scripts written without spaces (Chinese,
  // Japanese, Thai...). A Chinese word is 1.5-2 characters on average, so 5
  // characters span about as much text as 3 words. Valid range 1..16.
  int char_k = 5;

  absl::Status Validate() const;
};

// Appends the hashes of the k-grams of `tokens` to *shingles in position
// order: shingle i covers tokens [i, i + k) where k is char_k when token i is
// unspaced and word_k otherwise; shingling stops at the first window that
// would run past the last token, so shingle i always starts at token i. A
// non-empty token sequence shorter than k gives one shingle of all its tokens,
// so that short texts can still match.
void Shingle(absl::Span<const Token> tokens, const ShingleOptions& options,
             std::vector<uint32_t>* shingles);

// Sorts and deduplicates: the set form that sign and verify take.
void MakeShingleSet(std::vector<uint32_t>* shingles);

// MakeShingleSet, keeping the position order as *ranks: ranks[i] is the
// index in the set of the shingle that was at position i. Only for a set of
// at most kMaxRankedSet shingles (returns false and changes nothing above
// that): a rank is 16 bits, half a shingle.
inline constexpr size_t kMaxRankedSet = size_t{1} << 16;
bool MakeShingleSetWithRanks(std::vector<uint32_t>* shingles, std::vector<uint16_t>* ranks);

}  // namespace wiretrace

#endif  // WIRETRACE_SHINGLE_H_
