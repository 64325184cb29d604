#include "wiretrace/lsh.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_sort.h"
#include "wiretrace/minhash.h"
// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace {

absl::Status LshOptions::Validate() const {
  if (!(threshold > 0.0 && threshold < 1.0)) {
    return absl::InvalidArgumentError("LSH threshold must be between 0 and 1 (exclusive)");
  }
  if (!(false_negative_weight >= 0.0 && false_negative_weight <= 1.0)) {
    return absl::InvalidArgumentError("LSH false-negative weight must be between 0 and 1");
  }
  if (max_bucket < 2) return absl::InvalidArgumentError("LSH max bucket must be at least 2");
  return absl::OkStatus();
}

double CandidateProbability(double similarity, LshParams params) {
  return 1.0 - std::pow(1.0 - std::pow(similarity, params.rows), params.bands);
}

namespace {

// Midpoint rule; the integrands are smooth and 256 steps put the error far
// below the differences between neighbouring (b, r) choices.
double Integrate(double from, double to, LshParams p, bool false_negative) {
  constexpr int kSteps = 256;
  const double step = (to - from) / kSteps;
  double area = 0.0;
  for (int i = 0; i < kSteps; ++i) {
    const double s = from + (i + 0.5) * step;
    const double prob = CandidateProbability(s, p);
    area += (false_negative ? 1.0 - prob : prob) * step;
  }
  return area;
}

}  // namespace

LshParams ChooseLshParams(double threshold, int num_slots, double false_negative_weight) {
  LshParams best{1, num_slots};
  double best_cost = 1e300;
  for (int bands = 1; bands <= num_slots; ++bands) {
    for (int rows = 1; bands * rows <= num_slots; ++rows) {
      const LshParams p{bands, rows};
      const double fp = Integrate(0.0, threshold, p, false);
      const double fn = Integrate(threshold, 1.0, p, true);
      const double cost = (1.0 - false_negative_weight) * fp + false_negative_weight * fn;
      if (cost < best_cost) {
        best_cost = cost;
        best = p;
      }
    }
  }
  return best;
}

std::string ExplainLsh(LshParams params, int num_slots) {
  std::string out = absl::StrFormat(
      "LSH: %d bands x %d rows (%d of %d signature slots)\n"
      "  similarity  P(candidate)\n",
      params.bands, params.rows, params.bands * params.rows, num_slots);
  for (double s : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
    absl::StrAppendFormat(&out, "  %10.1f  %12.4f\n", s, CandidateProbability(s, params));
  }
  return out;
}

LshIndex::LshIndex(LshParams params, int num_slots, uint32_t max_bucket)
    : params_(params), num_slots_(num_slots), max_bucket_(max_bucket) {}

void LshIndex::AddBatch(uint32_t first_doc, uint32_t count, const uint32_t* signatures) {
  const size_t rows = static_cast<size_t>(params_.rows);
  const size_t bands = static_cast<size_t>(params_.bands);
  for (uint32_t d = 0; d < count; ++d) {
    const uint32_t* sig = signatures + static_cast<size_t>(d) * static_cast<size_t>(num_slots_);
    if (sig[0] == kEmptySlot && std::all_of(sig, sig + num_slots_, [](uint32_t v) { return v == kEmptySlot; })) {
      continue;
    }
    docs_.push_back(first_doc + d);
    for (size_t band = 0; band < bands; ++band) {
      // Seeding with the band number keeps equal rows of different bands apart.
      keys_.push_back(static_cast<uint32_t>(
          XXH3_64bits_withSeed(sig + band * rows, rows * sizeof(uint32_t), static_cast<uint64_t>(band))));
    }
  }
}

std::vector<DocPair> LshIndex::CandidatePairs() const {
  const size_t bands = static_cast<size_t>(params_.bands);
  const size_t n = docs_.size();
  // Bands are independent: each is sorted and scanned on its own, which keeps
  // the working set at one band (8 bytes per document) instead of all of them.
  // A pair that collides in several bands is emitted only in the first, so no
  // deduplication pass is needed.
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, bands, 1), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<uint64_t>& out = local.local();
    std::vector<uint64_t> sorted(n);
    for (size_t band = r.begin(); band != r.end(); ++band) {
      for (size_t i = 0; i < n; ++i) sorted[i] = uint64_t{keys_[i * bands + band]} << 32 | i;
      std::sort(sorted.begin(), sorted.end());
      auto collided_before = [&](size_t x, size_t y) {
        const uint32_t* kx = &keys_[x * bands];
        const uint32_t* ky = &keys_[y * bands];
        for (size_t b = 0; b < band; ++b) {
          if (kx[b] == ky[b]) return true;
        }
        return false;
      };
      for (size_t i = 0; i < n;) {
        const uint64_t key = sorted[i] >> 32;
        size_t j = i + 1;
        while (j < n && (sorted[j] >> 32) == key) ++j;
        // Rows within the run are in increasing order, and rows are added in
        // document order, so x < y gives a < b.
        const size_t heads = std::min<size_t>(j - i, max_bucket_);
        for (size_t x = i; x < i + heads; ++x) {
          const size_t row_x = static_cast<uint32_t>(sorted[x]);
          for (size_t y = x + 1; y < j; ++y) {
            const size_t row_y = static_cast<uint32_t>(sorted[y]);
            if (collided_before(row_x, row_y)) continue;
            out.push_back(uint64_t{docs_[row_x]} << 32 | docs_[row_y]);
          }
        }
        i = j;
      }
    }
  });
  std::vector<uint64_t> packed;
  size_t total = 0;
  for (const auto& v : local) total += v.size();
  packed.reserve(total);
  for (const auto& v : local) packed.insert(packed.end(), v.begin(), v.end());
  tbb::parallel_sort(packed.begin(), packed.end());
  std::vector<DocPair> pairs(packed.size());
  for (size_t i = 0; i < packed.size(); ++i) {
    pairs[i] = {static_cast<uint32_t>(packed[i] >> 32), static_cast<uint32_t>(packed[i])};
  }
  return pairs;
}

}  // namespace wiretrace
