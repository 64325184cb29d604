// The store's coding of a sorted set of 32-bit hashes (an article's shingles
// and content words), in one place for the writer and every reader.
//
// A night of 20,000 generated articles stores about 12,500 of them, and their
// shingle sets were half of what its commit wrote (30 of 62 MB), twice: into
// the WAL and again at the checkpoint. Shingle hashes are uniform over 2^32,
// so a set of n of them carries about log2(2^32 / n) + 1.44 bits a member,
// not 32: 24 bits for the usual 600. Elias-Fano coding (Elias 1974, Fano
// 1971; as in Vigna, "Quasi-succinct indices", WSDM 2013) comes within half a
// bit of that, and decodes in one pass with no table: each member's low L
// bits are stored as they are, packed, and its high bits in unary, as gaps in
// a bit vector of n + (max >> L) bits. Compressors do worse: zstd finds no
// repeats in random hashes, and variable-byte deltas take 4 bytes for most
// gaps of a 600-member set (about 7 million).
//
// A coded set is an empty blob for the empty set, else a tag byte and then
//   kRaw (0):         the members as little-endian uint32, in order;
//   kEliasFano (1):   uint32 n, uint8 L, the n low parts of L bits (bit i*L of
//                     a little-endian bit string, ceil(n*L/8) bytes), then the
//                     high bit vector (bit h_i + i set for member i, h_i =
//                     member >> L; ceil((n + (max >> L)) / 8) bytes).
// The writer takes Elias-Fano for a strictly increasing set when it is the
// smaller, raw otherwise. Unused bits are zero, so a set has one coding, and
// the reader refuses any other (a blob that decodes is the writer's).
#ifndef WIRETRACE_INTERNAL_SET_CODING_H_
#define WIRETRACE_INTERNAL_SET_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"

namespace wiretrace::internal {

enum class SetCoding : uint8_t { kRaw = 0, kEliasFano = 1 };

// Appends the coded set to *out (nothing for an empty set).
void EncodeSet(absl::Span<const uint32_t> set, std::string* out);

// Replaces *set with the coded set's members; false when `coded` is not a
// set so coded (damaged or truncated), and then *set is unspecified.
bool DecodeSet(std::string_view coded, std::vector<uint32_t>* set);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_SET_CODING_H_
