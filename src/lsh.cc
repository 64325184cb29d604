#include "wiretrace/lsh.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "internal/radix_sort.h"
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

// Every (b, r) with b * r <= num_slots, by the midpoint rule (the integrands
// are smooth and 256 steps put the error far below the differences between
// neighbouring choices). Per number of rows, s^r is taken once per midpoint
// and (1 - s^r)^b by one more factor per band: 14 M instructions for 128
// slots, where CandidateProbability's two pow() per (b, r, s) took 93 M,
// nearly half of clustering the bundled sample (callgrind). The probability
// is rounded as CandidateProbability rounds it (1 - (1 - s^r)^b, then its
// complement), so that a false-negative integral that reaches 0 ties as
// before: the choice is the pow() search's for every setting tried (4,950:
// thresholds 0.01 to 0.99, weights 0 to 1, 1 to 256 slots; 150 more at 200,
// 512 and 1,024 slots).
LshParams SearchLshParams(double threshold, int num_slots, double false_negative_weight) {
  constexpr int kSteps = 256;
  const double w = false_negative_weight;
  std::vector<double> fp(static_cast<size_t>(num_slots) + 1), fn(static_cast<size_t>(num_slots) + 1);
  LshParams best{1, num_slots};
  double best_cost = 1e300;
  for (int rows = 1; rows <= num_slots; ++rows) {
    const int max_bands = num_slots / rows;
    std::fill(fp.begin(), fp.end(), 0.0);
    std::fill(fn.begin(), fn.end(), 0.0);
    for (const bool false_negative : {false, true}) {
      const double from = false_negative ? threshold : 0.0;
      const double to = false_negative ? 1.0 : threshold;
      const double step = (to - from) / kSteps;
      std::vector<double>& area = false_negative ? fn : fp;
      for (int i = 0; i < kSteps; ++i) {
        const double s = from + (i + 0.5) * step;
        const double band_misses = 1.0 - std::pow(s, rows);
        double all_miss = 1.0;
        for (int bands = 1; bands <= max_bands; ++bands) {
          all_miss *= band_misses;
          const double prob = 1.0 - all_miss;
          area[bands] += (false_negative ? 1.0 - prob : prob) * step;
        }
      }
    }
    // The first minimum in (bands, rows) order, as a scan in that order with
    // a strict comparison finds it.
    for (int bands = 1; bands <= max_bands; ++bands) {
      const double cost = (1.0 - w) * fp[bands] + w * fn[bands];
      if (cost < best_cost || (cost == best_cost && (bands < best.bands || (bands == best.bands && rows < best.rows)))) {
        best_cost = cost;
        best = {bands, rows};
      }
    }
  }
  return best;
}

}  // namespace

LshParams ChooseLshParams(double threshold, int num_slots, double false_negative_weight) {
  // The search integrates the S-curve of every (b, r) (14 M instructions),
  // and a nightly dedupe asks for the same choice more than once (its
  // store parameters, the engine): the answers are kept.
  static std::mutex mu;
  static std::map<std::tuple<double, int, double>, LshParams> chosen;
  const auto key = std::make_tuple(threshold, num_slots, false_negative_weight);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (const auto it = chosen.find(key); it != chosen.end()) return it->second;
  }
  const LshParams p = SearchLshParams(threshold, num_slots, false_negative_weight);
  std::lock_guard<std::mutex> lock(mu);
  chosen.emplace(key, p);
  return p;
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
  for (uint32_t d = 0; d < count; ++d) Add(first_doc + d, signatures + static_cast<size_t>(d) * num_slots_);
}

bool LshIndex::BandKeys(LshParams params, int num_slots, const uint32_t* sig, uint32_t* keys) {
  const size_t rows = static_cast<size_t>(params.rows);
  const size_t bands = static_cast<size_t>(params.bands);
  if (sig[0] == kEmptySlot && std::all_of(sig, sig + num_slots, [](uint32_t v) { return v == kEmptySlot; })) {
    return false;
  }
  for (size_t band = 0; band < bands; ++band) {
    // Seeding with the band number keeps equal rows of different bands apart.
    keys[band] = static_cast<uint32_t>(
        XXH3_64bits_withSeed(sig + band * rows, rows * sizeof(uint32_t), static_cast<uint64_t>(band)));
  }
  return true;
}

void LshIndex::Add(uint32_t doc, const uint32_t* sig) {
  const size_t at = keys_.size();
  keys_.resize(at + static_cast<size_t>(params_.bands));
  if (!BandKeys(params_, num_slots_, sig, keys_.data() + at)) {
    keys_.resize(at);
    return;
  }
  docs_.push_back(doc);
}

void LshIndex::AddKeys(uint32_t doc, const uint32_t* keys) {
  keys_.insert(keys_.end(), keys, keys + params_.bands);
  docs_.push_back(doc);
}

void LshIndex::Reserve(size_t docs) {
  keys_.reserve(docs * static_cast<size_t>(params_.bands));
  docs_.reserve(docs);
}

std::vector<std::vector<uint32_t>> LshIndex::KeysByDocument(uint32_t num_docs) const {
  const size_t bands = static_cast<size_t>(params_.bands);
  std::vector<std::vector<uint32_t>> out(num_docs);
  for (size_t i = 0; i < docs_.size(); ++i) {
    if (docs_[i] < num_docs) out[docs_[i]].assign(keys_.begin() + i * bands, keys_.begin() + (i + 1) * bands);
  }
  return out;
}

std::vector<DocPair> LshIndex::CandidatePairs() const {
  const size_t bands = static_cast<size_t>(params_.bands);
  const size_t n = docs_.size();
  // One band at a time, each sorted by (key, row) and scanned in parallel, so
  // that the working set is one band (8 bytes per document). A pair that is
  // linked in several bands is emitted only in the first (none is held twice
  // over the bands), which needs to know, of every earlier band, which rows were not
  // linked to the later rows of their bucket: the rows past the heads of an
  // oversized bucket (`past_heads`, one bit per row and band).
  const size_t words = (n + 63) / 64;
  std::vector<std::atomic<uint64_t>> past_heads(bands * words);
  for (auto& w : past_heads) w.store(0, std::memory_order_relaxed);
  auto linked_in = [&](size_t band, size_t x, size_t y) {  // rows x < y
    return keys_[x * bands + band] == keys_[y * bands + band] &&
           !(past_heads[band * words + x / 64].load(std::memory_order_relaxed) >> (x % 64) & 1);
  };
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local;
  std::vector<uint64_t> sorted(n);
  std::vector<uint64_t> scratch;
  std::vector<size_t> run_starts;
  for (size_t band = 0; band < bands; ++band) {
    tbb::parallel_for(size_t{0}, n, [&](size_t i) { sorted[i] = uint64_t{keys_[i * bands + band]} << 32 | i; });
    // Rows are already in increasing order, so a stable sort by the band key
    // alone sorts the pairs (key, row): three passes of 11 bits instead of a
    // comparison sort of random keys, which was 6% of a whole run on 50,000
    // articles (56 bands).
    internal::RadixSort<11, 32>(&sorted, &scratch, [](uint64_t v) { return static_cast<uint32_t>(v >> 32); });
    run_starts.clear();
    for (size_t i = 0; i < n; ++i) {
      if (i == 0 || sorted[i] >> 32 != sorted[i - 1] >> 32) run_starts.push_back(i);
    }
    run_starts.push_back(n);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, run_starts.size() - 1, 64), [&](const tbb::blocked_range<size_t>& r) {
      std::vector<uint64_t>& out = local.local();
      for (size_t k = r.begin(); k != r.end(); ++k) {
        const size_t i = run_starts[k], j = run_starts[k + 1];
        // Rows within the run are in increasing order, which is the order
        // they were added: the heads are the first added.
        const size_t heads = std::min<size_t>(j - i, max_bucket_);
        for (size_t x = i + heads; x < j; ++x) {
          const size_t row = static_cast<uint32_t>(sorted[x]);
          past_heads[band * words + row / 64].fetch_or(uint64_t{1} << (row % 64), std::memory_order_relaxed);
        }
        for (size_t x = i; x < i + heads; ++x) {
          const size_t row_x = static_cast<uint32_t>(sorted[x]);
          for (size_t y = x + 1; y < j; ++y) {
            const size_t row_y = static_cast<uint32_t>(sorted[y]);
            bool before = false;
            for (size_t b = 0; b < band && !before; ++b) before = linked_in(b, row_x, row_y);
            if (before) continue;
            const uint64_t a = docs_[row_x], c = docs_[row_y];
            out.push_back(a < c ? a << 32 | c : c << 32 | a);
          }
        }
      }
    });
  }
  std::vector<uint64_t> packed;
  size_t total = 0;
  for (const auto& v : local) total += v.size();
  packed.reserve(total);
  for (const auto& v : local) packed.insert(packed.end(), v.begin(), v.end());
  return SortedUniquePairs(std::move(packed));  // each pair once already: linked in its first band only
}

std::vector<DocPair> SortedUniquePairs(std::vector<uint64_t> packed) {
  tbb::parallel_sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  std::vector<DocPair> pairs(packed.size());
  for (size_t i = 0; i < packed.size(); ++i) {
    pairs[i] = {static_cast<uint32_t>(packed[i] >> 32), static_cast<uint32_t>(packed[i])};
  }
  return pairs;
}

}  // namespace wiretrace
