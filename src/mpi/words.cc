#include "mpi/words.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "oneapi/tbb/parallel_for.h"

namespace wiretrace::mpi {
namespace {

// Words are uniform hashes already: the table uses them as their own hash
// (as ContentWords::Build's counter does, content_words.cc).
struct WordHash {
  size_t operator()(uint32_t word) const { return word; }
};
using WordTable = absl::flat_hash_map<uint32_t, uint32_t, WordHash>;

}  // namespace

int WordOwner(uint32_t word, int size) {
  // Words are hashes already; mixed again so that word owners do not line up
  // with bucket owners (BucketOwner) or with any structure in the hash.
  const uint64_t mixed = (uint64_t{word} ^ 0x5bd1e995u) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<int>((mixed >> 32) % static_cast<uint64_t>(size));
}

std::vector<std::vector<uint64_t>> CountWordsByOwner(absl::Span<const std::vector<uint32_t>> sets, int size) {
  // Counted in a hash table over the distinct words, not by sorting every
  // running word: a rank's sets repeat most of its vocabulary.
  WordTable counts;
  for (const std::vector<uint32_t>& s : sets) {
    for (const uint32_t word : s) ++counts[word];
  }
  std::vector<std::vector<uint64_t>> by_owner(size);
  for (const auto& [word, count] : counts) by_owner[WordOwner(word, size)].push_back(uint64_t{word} << 32 | count);
  for (std::vector<uint64_t>& list : by_owner) std::sort(list.begin(), list.end());
  return by_owner;
}

std::vector<std::vector<uint32_t>> SumAtOwner(const std::vector<std::vector<uint64_t>>& requests) {
  size_t total = 0;
  for (const std::vector<uint64_t>& r : requests) total += r.size();
  WordTable sums;
  sums.reserve(total);
  for (const std::vector<uint64_t>& r : requests) {
    for (const uint64_t e : r) sums[static_cast<uint32_t>(e >> 32)] += static_cast<uint32_t>(e);
  }
  std::vector<std::vector<uint32_t>> replies(requests.size());
  for (size_t r = 0; r < requests.size(); ++r) {
    replies[r].reserve(requests[r].size());
    for (const uint64_t e : requests[r]) replies[r].push_back(sums.find(static_cast<uint32_t>(e >> 32))->second);
  }
  return replies;
}

std::vector<uint32_t> Frequencies(absl::Span<const std::vector<uint32_t>> sets,
                                  const std::vector<std::vector<uint64_t>>& sent,
                                  const std::vector<std::vector<uint32_t>>& replies) {
  WordTable totals;
  for (size_t owner = 0; owner < sent.size(); ++owner) {
    // A reply shorter than its request (a bug) leaves the rest unseen: 0.
    const size_t n = std::min(sent[owner].size(), owner < replies.size() ? replies[owner].size() : 0);
    for (size_t i = 0; i < n; ++i) totals[static_cast<uint32_t>(sent[owner][i] >> 32)] = replies[owner][i];
  }
  std::vector<size_t> offset(sets.size() + 1, 0);
  for (size_t d = 0; d < sets.size(); ++d) offset[d + 1] = offset[d] + sets[d].size();
  std::vector<uint32_t> frequency(offset.back(), 0);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, sets.size(), 64), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t d = r.begin(); d != r.end(); ++d) {
      for (size_t i = 0; i < sets[d].size(); ++i) {
        const auto it = totals.find(sets[d][i]);
        if (it != totals.end()) frequency[offset[d] + i] = it->second;
      }
    }
  });
  return frequency;
}

std::vector<std::vector<uint64_t>> PostingsByOwner(const std::vector<uint64_t>& postings,
                                                   absl::Span<const uint32_t> global, int size) {
  std::vector<std::vector<uint64_t>> by_owner(size);
  for (const uint64_t p : postings) {
    const uint32_t word = static_cast<uint32_t>(p >> 32);
    by_owner[WordOwner(word, size)].push_back(uint64_t{word} << 32 | global[static_cast<uint32_t>(p)]);
  }
  for (std::vector<uint64_t>& list : by_owner) std::sort(list.begin(), list.end());
  return by_owner;
}

}  // namespace wiretrace::mpi
