// Signatures that crowd LSH buckets, shared by the tests of the single index
// (lsh_test.cc) and of the distributed buckets (mpi_pack_test.cc), which
// must make the same pairs of them.
#ifndef WIRETRACE_TESTS_LSH_TEST_UTIL_H_
#define WIRETRACE_TESTS_LSH_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace wiretrace::test {

// `n` signatures of `k` slots from six families: each slot is the family's
// value, or (one in three) random, so that whole bands collide across a
// sixth of the documents (buckets far past any max_bucket) while some pairs
// collide in one band only. `order` gets the documents shuffled: the order
// to add them in (the representative order).
inline std::vector<std::vector<uint32_t>> CrowdedSignatures(int n, int k, std::mt19937* rng,
                                                            std::vector<uint32_t>* order) {
  std::vector<std::vector<uint32_t>> sigs(n, std::vector<uint32_t>(k));
  for (int d = 0; d < n; ++d) {
    const uint32_t family = static_cast<uint32_t>((*rng)() % 6);
    for (int s = 0; s < k; ++s) sigs[d][s] = (*rng)() % 3 == 0 ? static_cast<uint32_t>((*rng)()) : family * 1000 + s;
  }
  order->resize(n);
  for (int d = 0; d < n; ++d) (*order)[d] = static_cast<uint32_t>(d);
  std::shuffle(order->begin(), order->end(), *rng);
  return sigs;
}

}  // namespace wiretrace::test

#endif  // WIRETRACE_TESTS_LSH_TEST_UTIL_H_
