// Index: locality-sensitive hashing over MinHash signatures. A signature of
// k = b * r slots is cut into b bands of r rows; two documents become a
// candidate pair when any band is equal, which happens with probability
// 1 - (1 - s^r)^b at Jaccard similarity s (the S-curve).
//
//   wiretrace::LshParams p = wiretrace::ChooseLshParams(0.4, 128, 0.8);
//   wiretrace::LshIndex index(p, /*num_slots=*/128);
//   index.AddBatch(/*first_doc=*/0, n, signatures.data());   // n * 128 values
//   std::vector<wiretrace::DocPair> pairs = index.CandidatePairs();
//
// Thread safety: AddBatch and CandidatePairs must not run concurrently with
// each other; CandidatePairs itself runs in parallel on the TBB arena.
#ifndef WIRETRACE_LSH_H_
#define WIRETRACE_LSH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace wiretrace {

struct LshParams {
  int bands = 0;
  int rows = 0;
};

// A candidate or verified pair of document indices, a < b.
struct DocPair {
  uint32_t a = 0;
  uint32_t b = 0;
  friend bool operator==(const DocPair&, const DocPair&) = default;
};

// Pairs packed as a << 32 | b (a < b), in any order and possibly repeated,
// as DocPairs sorted by (a, b), each once: how every candidate path (LSH
// buckets, shared content words, the distributed path's bucket owners)
// hands over its pairs. Sorts in parallel, in the caller's TBB arena.
std::vector<DocPair> SortedUniquePairs(std::vector<uint64_t> packed);

struct LshOptions {
  // Jaccard similarity at which the S-curve should turn. Default 0.2: well
  // below the verification thresholds, because verification is exact and
  // cheap and a missed candidate is lost for good. A trimmed or re-led copy
  // that keeps 40% of its source has a Jaccard near 0.25 with it; on the
  // sample, 0.3 lost a fifth of the true pairs (README, "Choosing the
  // defaults"). Valid range (0, 1).
  double threshold = 0.2;

  // Weight of the false-negative area (similar pairs the bands miss) against
  // the false-positive area (dissimilar pairs they propose) when choosing b
  // and r. Default 0.8: recall first, verification restores precision.
  // Valid range [0, 1].
  double false_negative_weight = 0.8;

  // A bucket of more than this many documents (the same band in hundreds of
  // documents: mass copies of one story, a press release on every site, an
  // error page from every host) links each member only to the bucket's first
  // `max_bucket` members (in the order they were added: the engine adds them
  // in representative order) instead of to all, so that the pair count stays
  // linear. A member joins its cluster through the representative and the
  // earliest copies, never through every other copy (cluster.h), so more
  // pairs add nothing. Default 16: on 20,000 copies of one Reuters item 1000
  // made 20 million candidate pairs (14 s, 2 GB), 16 makes 0.3 million, with
  // the sample, Reuters and COUNTER outputs unchanged (README, "Choosing the
  // defaults"). Valid range >= 2.
  uint32_t max_bucket = 16;

  absl::Status Validate() const;
};

// Chooses b and r (b * r <= num_slots) minimising
//   (1 - w) * integral_0^t P(s) ds  +  w * integral_t^1 (1 - P(s)) ds
// where P is the S-curve, t the threshold and w the false-negative weight.
LshParams ChooseLshParams(double threshold, int num_slots, double false_negative_weight);

// 1 - (1 - s^r)^b.
double CandidateProbability(double similarity, LshParams params);

// A few lines that show the chosen b and r and the S-curve at several
// similarities, for --explain.
std::string ExplainLsh(LshParams params, int num_slots);

class LshIndex {
 public:
  LshIndex(LshParams params, int num_slots, uint32_t max_bucket = LshOptions{}.max_bucket);

  // Adds documents first_doc .. first_doc + count - 1, whose signatures lie
  // back to back in `signatures` (num_slots values each). A signature of an
  // empty set (all kEmptySlot) is skipped: it has nothing to compare.
  void AddBatch(uint32_t first_doc, uint32_t count, const uint32_t* signatures);

  // Adds document `doc` with its signature (num_slots values). Documents may
  // come in any order; the order decides which members of an oversized bucket
  // are its heads (LshOptions::max_bucket).
  void Add(uint32_t doc, const uint32_t* signature);

  // Adds document `doc` by its band keys (params.bands values, as BandKeys
  // makes them), for a caller that made them where it signed the document
  // and kept the keys rather than the longer signature.
  void AddKeys(uint32_t doc, const uint32_t* keys);

  // Room for `docs` documents, so that adding them does not grow the index
  // by doubling (which held up to twice its size at the peak of a run).
  void Reserve(size_t docs);

  // The band keys of one signature (params.bands of them, into `keys`), as
  // Add files them; false, with no keys, for the signature of an empty set.
  // For an index spread over machines (src/mpi/), whose buckets are formed
  // where their keys are sent.
  static bool BandKeys(LshParams params, int num_slots, const uint32_t* signature, uint32_t* keys);

  // The band keys of each of documents 0 .. num_docs - 1 (empty for one not
  // added or skipped), in band order.
  std::vector<std::vector<uint32_t>> KeysByDocument(uint32_t num_docs) const;

  // Every pair of documents that share a band, sorted by (a, b), each once.
  std::vector<DocPair> CandidatePairs() const;

  // Bytes held by the index (the band keys).
  size_t memory_bytes() const { return keys_.capacity() * sizeof(uint32_t) + docs_.capacity() * sizeof(uint32_t); }

 private:
  LshParams params_;
  int num_slots_;
  uint32_t max_bucket_;
  // Band keys, row-major by indexed document: keys_[i * bands + band]. 32-bit
  // keys: two unrelated documents collide in a band with probability 2^-32,
  // a few spurious candidates per million documents that verification drops,
  // for half the memory of 64-bit keys.
  std::vector<uint32_t> keys_;
  std::vector<uint32_t> docs_;  // document index of each row
};

}  // namespace wiretrace

#endif  // WIRETRACE_LSH_H_
