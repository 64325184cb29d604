#include "wiretrace/lsh.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_sort.h"
#include "wiretrace/minhash.h"
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
  for (uint32_t d = 0; d < count; ++d) {
    const uint32_t* sig = signatures + static_cast<size_t>(d) * static_cast<size_t>(num_slots_);
    if (sig[0] == kEmptySlot && std::all_of(sig, sig + num_slots_, [](uint32_t v) { return v == kEmptySlot; })) {
      continue;
    }
    for (int band = 0; band < params_.bands; ++band) {
      // Seeding with the band number keeps equal rows of different bands apart.
      const uint64_t key = XXH3_64bits_withSeed(sig + static_cast<size_t>(band) * rows,
                                                rows * sizeof(uint32_t), static_cast<uint64_t>(band));
      entries_.push_back({key, first_doc + d});
    }
  }
}

std::vector<DocPair> LshIndex::CandidatePairs() const {
  std::vector<Entry> sorted = entries_;
  tbb::parallel_sort(sorted.begin(), sorted.end(), [](const Entry& x, const Entry& y) {
    return x.key != y.key ? x.key < y.key : x.doc < y.doc;
  });
  // Buckets of two or more entries.
  std::vector<std::pair<size_t, size_t>> buckets;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j].key == sorted[i].key) ++j;
    if (j - i >= 2) buckets.emplace_back(i, j);
    i = j;
  }
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, buckets.size()), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<uint64_t>& out = local.local();
    for (size_t bi = r.begin(); bi != r.end(); ++bi) {
      const auto [begin, end] = buckets[bi];
      const size_t heads = std::min<size_t>(end - begin, max_bucket_);
      for (size_t x = begin; x < begin + heads; ++x) {
        for (size_t y = x + 1; y < end; ++y) {
          if (sorted[x].doc == sorted[y].doc) continue;
          out.push_back(uint64_t{sorted[x].doc} << 32 | sorted[y].doc);
        }
      }
    }
  });
  std::vector<uint64_t> packed;
  size_t total = 0;
  for (const auto& v : local) total += v.size();
  packed.reserve(total);
  for (const auto& v : local) packed.insert(packed.end(), v.begin(), v.end());
  tbb::parallel_sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  std::vector<DocPair> pairs(packed.size());
  for (size_t i = 0; i < packed.size(); ++i) {
    pairs[i] = {static_cast<uint32_t>(packed[i] >> 32), static_cast<uint32_t>(packed[i])};
  }
  return pairs;
}

}  // namespace wiretrace
