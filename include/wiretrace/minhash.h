// Sign: MinHash signatures by one-permutation hashing with optimal
// densification (Shrivastava, ICML 2017), O(n + k) per document.
//
//   wiretrace::MinHashOptions options;            // 128 slots
//   std::vector<uint32_t> sig(options.num_slots);
//   wiretrace::Sign(shingle_set, options, sig.data());
//   double j = wiretrace::EstimateJaccard(sig_a, sig_b);
//
// One-permutation hashing hashes every shingle once and sends it to one of k
// bins, keeping the minimum per bin; the textbook scheme hashes every shingle
// k times. Empty bins (a document with fewer shingles than slots leaves some)
// borrow the value of a non-empty bin chosen by a per-bin random probe
// sequence, which keeps the estimator unbiased with variance close to k
// independent permutations (the paper's Theorem 3; checked in minhash_test).
//
// Thread safety: pure functions.
#ifndef WIRETRACE_MINHASH_H_
#define WIRETRACE_MINHASH_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace wiretrace {

struct MinHashOptions {
  // Slots per signature. Default 128: the standard deviation of a Jaccard
  // estimate is sqrt(J(1-J)/k), 0.044 at J = 0.5; LSH bands are cut from these
  // slots. Valid range 16..1024, a multiple of 8.
  int num_slots = 128;

  // Seed of the hash family. Signatures made with different seeds or slot
  // counts cannot be compared; Fingerprint() tells them apart.
  uint64_t seed = 0x5851f42d4c957f2dULL;

  // Sign with the textbook scheme (SignClassic, O(n * k)) instead. Default
  // off; it exists as the in-project reference path that benchmarks compare
  // the one-permutation scheme against in the same run.
  bool classic = false;

  absl::Status Validate() const;
  // A fingerprint of the parameters that shape a signature.
  uint64_t Fingerprint() const;
};

// Value of every slot of the signature of an empty set.
inline constexpr uint32_t kEmptySlot = 0xffffffffu;

// Writes options.num_slots values to out. `shingles` need not be sorted or
// unique (duplicates do not change the result).
void Sign(absl::Span<const uint32_t> shingles, const MinHashOptions& options, uint32_t* out);

// The textbook scheme: num_slots independent hash functions, O(n * k). The
// reference that bench/ compares Sign against, and that tests check Sign's
// accuracy against.
void SignClassic(absl::Span<const uint32_t> shingles, const MinHashOptions& options, uint32_t* out);

// Share of equal slots: an unbiased estimate of the Jaccard similarity.
double EstimateJaccard(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b);

}  // namespace wiretrace

#endif  // WIRETRACE_MINHASH_H_
