#include "wiretrace/content_words.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "internal/radix_sort.h"
#include "internal/sorted_set.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_sort.h"

namespace wiretrace {

namespace {

// The words are already uniform hashes, so a map of them uses them as their
// own hash instead of mixing every key again.
struct WordHash {
  size_t operator()(uint32_t word) const { return word; }
};

}  // namespace

void CommonWords::Learn(absl::Span<const std::vector<uint32_t>* const> sample, uint32_t max_documents) {
  size_t total = 0;
  for (const std::vector<uint32_t>* words : sample) total += words->size();
  // Per word: the documents holding it, and the last of them (1-based), so
  // that a word repeated within a document counts once without sorting each
  // document's words (the sort was two thirds of learning).
  struct Seen {
    uint32_t documents = 0;
    uint32_t last = 0;
  };
  absl::flat_hash_map<uint32_t, Seen, WordHash> counts;
  counts.reserve(total / 8);
  uint32_t doc = 0;
  for (const std::vector<uint32_t>* words : sample) {
    ++doc;
    for (uint32_t w : *words) {
      Seen& seen = counts[w];
      if (seen.last != doc) {
        seen.last = doc;
        ++seen.documents;
      }
    }
  }
  std::vector<uint32_t> common;
  for (const auto& [word, seen] : counts) {
    if (seen.documents > max_documents) common.push_back(word);
  }
  table_.clear();
  has_zero_ = false;
  if (common.empty()) return;
  size_t capacity = 16;
  while (capacity < common.size() * 4) capacity *= 2;
  table_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (uint32_t w : common) {
    if (w == 0) {
      has_zero_ = true;
      continue;
    }
    size_t i = w & mask_;
    while (table_[i] != 0) i = (i + 1) & mask_;
    table_[i] = w;
  }
}

std::vector<uint32_t> CommonWords::Words() const {
  std::vector<uint32_t> words;
  if (has_zero_) words.push_back(0);
  for (uint32_t w : table_) {
    if (w != 0) words.push_back(w);
  }
  std::sort(words.begin(), words.end());
  return words;
}

void CommonWords::Remove(std::vector<uint32_t>* words) const {
  if (table_.empty() && !has_zero_) return;
  size_t kept = 0;
  for (uint32_t w : *words) {
    if (!Contains(w)) (*words)[kept++] = w;
  }
  words->resize(kept);
}

absl::Status ContentWordOptions::Validate() const {
  if (!(max_document_share > 0.0 && max_document_share <= 1.0)) {
    return absl::InvalidArgumentError("content-word document share must be in (0, 1]");
  }
  if (max_documents < 2) return absl::InvalidArgumentError("content-word document limit must be at least 2");
  if (rare_words < 1 || rare_words > 1024) return absl::InvalidArgumentError("rare words must be in 1..1024");
  if (max_posting < 2) return absl::InvalidArgumentError("rare-word posting limit must be at least 2");
  if (!(containment > 0.0 && containment <= 1.0)) {
    return absl::InvalidArgumentError("content-word containment must be in (0, 1]");
  }
  if (min_shared < 1) return absl::InvalidArgumentError("content-word minimum shared must be at least 1");
  if (!(max_days >= 0.0)) return absl::InvalidArgumentError("content-word day window must be >= 0 (0 = no limit)");
  if (!(max_size_ratio >= 1.0)) return absl::InvalidArgumentError("content-word size ratio must be at least 1");
  if (!(min_aligned >= 0.0 && min_aligned <= 1.0)) {
    return absl::InvalidArgumentError("content-word aligned share must be in [0, 1]");
  }
  return absl::OkStatus();
}

void WordFrequencies::Add(const WordFrequencies& other, uint32_t saturate) {
  documents += other.documents;
  std::vector<uint64_t> merged;
  merged.reserve(counts.size() + other.counts.size());
  auto word = [](uint64_t e) { return static_cast<uint32_t>(e >> 32); };
  auto count = [](uint64_t e) { return static_cast<uint32_t>(e); };
  size_t i = 0, j = 0;
  while (i < counts.size() || j < other.counts.size()) {
    if (j == other.counts.size() || (i < counts.size() && word(counts[i]) < word(other.counts[j]))) {
      merged.push_back(counts[i++]);
    } else if (i == counts.size() || word(other.counts[j]) < word(counts[i])) {
      merged.push_back(other.counts[j++]);
    } else {
      const uint64_t sum = std::min<uint64_t>(uint64_t{count(counts[i])} + count(other.counts[j]), saturate);
      merged.push_back(uint64_t{word(counts[i])} << 32 | sum);
      ++i;
      ++j;
    }
  }
  counts = std::move(merged);
}

void ContentWords::Build(absl::Span<std::vector<uint32_t>> word_sets, absl::Span<std::vector<uint32_t>> sequences,
                         absl::Span<const uint32_t> dropped_common) {
  const size_t n = word_sets.size();
  own_frequencies_ = WordFrequencies();
  if (!options_.enabled || n == 0) return Reduce(word_sets, {}, 0);
  const WindowFrequencies* window = options_.window.get();
  // Documents counted: all of them, or with a window only the run's own.
  const size_t counted = window != nullptr ? std::min<size_t>(n, window->own_documents) : n;
  const uint32_t saturate = options_.max_documents + 1;
  std::vector<std::vector<uint64_t>> own_by_shard;

  // Document frequencies, one per word of each set, in a flat array.
  std::vector<uint64_t> offset(n + 1, 0);
  for (size_t d = 0; d < n; ++d) offset[d + 1] = offset[d] + word_sets[d].size();
  std::vector<uint32_t> frequency(offset[n]);
  // Counted in shards by the word's top bits: in a sorted set each shard's
  // words are one contiguous range, so the shards are independent, in
  // parallel and without locks. Each shard's occurrences are radix-sorted by
  // word and counted as runs: the words are random hashes, and a hash table
  // probed once to count and once to read back missed cache on every probe
  // (8% of a one-thread run at 50,000 articles).
  constexpr int kShardBits = 3;
  constexpr int kShards = 1 << kShardBits;
  if (window != nullptr) own_by_shard.resize(kShards);
  // Where each shard's words begin in each set, found once per set (a
  // binary search per shard and set, each shard on its own, missed cache on
  // every set).
  std::vector<std::array<uint32_t, kShards + 1>> bounds(n);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t d = r.begin(); d != r.end(); ++d) {
      const std::vector<uint32_t>& s = word_sets[d];
      bounds[d][0] = 0;
      for (int shard = 1; shard < kShards; ++shard) {
        const uint32_t lo = static_cast<uint32_t>(shard) << (32 - kShardBits);
        bounds[d][shard] =
            static_cast<uint32_t>(std::lower_bound(s.begin() + bounds[d][shard - 1], s.end(), lo) - s.begin());
      }
      bounds[d][kShards] = static_cast<uint32_t>(s.size());
    }
  });
  tbb::parallel_for(0, kShards, [&](int shard) {
    const uint32_t lo = static_cast<uint32_t>(shard) << (32 - kShardBits);
    const bool last = shard + 1 == kShards;
    const uint32_t hi = last ? 0 : static_cast<uint32_t>(shard + 1) << (32 - kShardBits);
    size_t words_in_shard = 0;
    size_t counted_occurrences = 0;  // the occurrences in the counted documents come first
    for (size_t d = 0; d < n; ++d) {
      words_in_shard += bounds[d][shard + 1] - bounds[d][shard];
      if (d + 1 == counted) counted_occurrences = words_in_shard;
    }
    // Each occurrence as (word less the shard's bits, its index in document order).
    std::vector<uint64_t> occurrences;
    occurrences.reserve(words_in_shard);
    for (size_t d = 0; d < n; ++d) {
      const std::vector<uint32_t>& s = word_sets[d];
      for (uint32_t i = bounds[d][shard]; i < bounds[d][shard + 1]; ++i) {
        occurrences.push_back(uint64_t{s[i] - lo} << 32 | occurrences.size());
      }
    }
    std::vector<uint64_t> scratch;
    internal::RadixSort<11, 32 - kShardBits>(&occurrences, &scratch,
                                             [](uint64_t o) { return static_cast<uint32_t>(o >> 32); });
    std::vector<uint64_t>().swap(scratch);
    // The window's counts of the shard's words, in word order (with a window).
    const uint64_t* earlier = nullptr;
    const uint64_t* earlier_end = nullptr;
    if (window != nullptr) {
      const std::vector<uint64_t>& counts = window->earlier.counts;
      const auto b = std::lower_bound(counts.begin(), counts.end(), uint64_t{lo} << 32);
      const auto e = last ? counts.end() : std::lower_bound(b, counts.end(), uint64_t{hi} << 32);
      earlier = counts.data() + (b - counts.begin());
      earlier_end = counts.data() + (e - counts.begin());
    }
    std::vector<uint32_t> of_occurrence(words_in_shard);
    for (size_t a = 0; a < occurrences.size();) {
      const uint32_t word = static_cast<uint32_t>(occurrences[a] >> 32) + lo;
      size_t b = a;
      uint32_t own = 0;
      for (; b < occurrences.size() && static_cast<uint32_t>(occurrences[b] >> 32) + lo == word; ++b) {
        own += static_cast<uint32_t>(occurrences[b]) < counted_occurrences;
      }
      uint32_t total = own;
      if (window != nullptr) {
        if (own > 0) own_by_shard[shard].push_back(uint64_t{word} << 32 | own);
        while (earlier != earlier_end && static_cast<uint32_t>(*earlier >> 32) < word) ++earlier;
        if (earlier != earlier_end && static_cast<uint32_t>(*earlier >> 32) == word) {
          total += static_cast<uint32_t>(*earlier);
        }
      }
      for (; a < b; ++a) of_occurrence[static_cast<uint32_t>(occurrences[a])] = total;
    }
    size_t k = 0;
    for (size_t d = 0; d < n; ++d) {
      for (uint32_t i = bounds[d][shard]; i < bounds[d][shard + 1]; ++i) frequency[offset[d] + i] = of_occurrence[k++];
    }
  });
  if (window != nullptr) {
    own_frequencies_.documents = counted;
    for (std::vector<uint64_t>& shard : own_by_shard) {
      for (uint64_t& e : shard) e = (e & ~uint64_t{0xffffffff}) | std::min<uint64_t>(e & 0xffffffff, saturate);
      own_frequencies_.counts.insert(own_frequencies_.counts.end(), shard.begin(), shard.end());
    }
    WordFrequencies common;
    for (uint32_t w : dropped_common) common.counts.push_back(uint64_t{w} << 32 | saturate);
    own_frequencies_.Add(common, saturate);
  }

  Reduce(word_sets, frequency, window != nullptr ? counted + window->earlier.documents : n, sequences);
}

void ContentWords::Reduce(absl::Span<std::vector<uint32_t>> word_sets, absl::Span<const uint32_t> frequency,
                          uint64_t judged, absl::Span<std::vector<uint32_t>> sequences) {
  sets_ = word_sets;
  const size_t n = word_sets.size();
  content_count_.assign(n, 0);
  postings_.clear();
  first_position_.clear();
  if (!options_.enabled || n == 0) return;
  std::vector<uint64_t> offset(n + 1, 0);
  for (size_t d = 0; d < n; ++d) offset[d + 1] = offset[d] + word_sets[d].size();
  // Each set to its matchable content words, offering its rarest.
  const uint32_t max_frequency = static_cast<uint32_t>(std::max<uint64_t>(
      2, std::min<uint64_t>(options_.max_documents,
                            static_cast<uint64_t>(std::floor(options_.max_document_share * static_cast<double>(judged))))));
  // With a window, a word in one document only may be in a later night's.
  const bool keep_unshared = options_.window != nullptr;
  const size_t rare = options_.rare_words;
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local_postings;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 64), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<uint64_t>& out = local_postings.local();
    std::vector<uint64_t> by_rarity;  // frequency << 32 | word
    for (size_t d = r.begin(); d != r.end(); ++d) {
      std::vector<uint32_t>& s = word_sets[d];
      const uint32_t* f = frequency.data() + offset[d];
      uint32_t content = 0;
      size_t kept = 0;
      by_rarity.clear();
      for (size_t i = 0; i < s.size(); ++i) {
        if (f[i] > max_frequency) continue;
        ++content;
        if (f[i] >= 2) {
          by_rarity.push_back(uint64_t{f[i]} << 32 | s[i]);
        } else if (!keep_unshared) {
          continue;  // in this document only: counted, never matched
        }
        s[kept++] = s[i];
      }
      s.resize(kept);
      s.shrink_to_fit();
      content_count_[d] = content;
      // Ties in frequency go to the smaller hash, so that two documents
      // sharing a story pick the same words.
      const size_t take = std::min(rare, by_rarity.size());
      std::nth_element(by_rarity.begin(), by_rarity.begin() + static_cast<ptrdiff_t>(take), by_rarity.end());
      for (size_t i = 0; i < take; ++i) out.push_back((by_rarity[i] & 0xffffffffu) << 32 | d);
    }
  });
  size_t total = 0;
  for (const auto& v : local_postings) total += v.size();
  postings_.reserve(total);
  for (const auto& v : local_postings) postings_.insert(postings_.end(), v.begin(), v.end());
  tbb::parallel_sort(postings_.begin(), postings_.end());
  if (!sequences.empty()) RecordFirstPositions(sequences);
}

void ContentWords::RecordFirstPositions(absl::Span<std::vector<uint32_t>> sequences) {
  const size_t n = sets_.size();
  first_position_.assign(n, {});
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 64), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t d = r.begin(); d != r.end(); ++d) {
      const std::vector<uint32_t>& set = sets_[d];
      std::vector<uint32_t>& first = first_position_[d];
      first.assign(set.size(), kUnseen);
      // The reduced set is small (its matchable words): a binary search per
      // running word beats building a map, and a 512-bit filter of the set
      // (the words are uniform hashes) spares it for most running words,
      // which are not content words.
      uint64_t filter[8] = {};
      for (const uint32_t w : set) filter[(w >> 6) & 7] |= uint64_t{1} << (w & 63);
      size_t left = set.size();
      const std::vector<uint32_t>& seq = sequences[d];
      for (uint32_t i = 0; i < seq.size() && left > 0; ++i) {
        if ((filter[(seq[i] >> 6) & 7] >> (seq[i] & 63) & 1) == 0) continue;
        const auto it = std::lower_bound(set.begin(), set.end(), seq[i]);
        if (it == set.end() || *it != seq[i]) continue;
        uint32_t& f = first[static_cast<size_t>(it - set.begin())];
        if (f == kUnseen) {
          f = i;
          --left;
        }
      }
      std::vector<uint32_t>().swap(sequences[d]);
    }
  });
}

uint32_t AlignedWords(absl::Span<const uint32_t> words_a, absl::Span<const uint32_t> first_a,
                      absl::Span<const uint32_t> words_b, absl::Span<const uint32_t> first_b) {
  // The shared words as (position in a, position in b), then the longest
  // chain increasing in both: positions in a are distinct, so sorting by
  // them and taking the longest increasing run of positions in b (patience
  // sorting, O(s log s)) is the longest common subsequence of the two texts'
  // shared words.
  // Called for every candidate pair that passes the word count (about five
  // per document): each thread's buffers are reused rather than allocated
  // and grown per call (a third of a cluster run's allocations, heaptrack).
  thread_local std::vector<uint64_t> shared;
  thread_local std::vector<uint32_t> tails;
  shared.clear();
  tails.clear();
  const auto word = [](uint32_t w) { return w; };
  internal::ForEachKeyIn(words_a, words_b, word, word,
                         [&](size_t i, size_t j) { shared.push_back(uint64_t{first_a[i]} << 32 | first_b[j]); });
  std::sort(shared.begin(), shared.end());
  for (uint64_t s : shared) {
    const uint32_t pos = static_cast<uint32_t>(s);
    const auto it = std::lower_bound(tails.begin(), tails.end(), pos);
    if (it == tails.end()) {
      tails.push_back(pos);
    } else {
      *it = pos;
    }
  }
  return static_cast<uint32_t>(tails.size());
}

WordEvidence ContentWords::Evidence(uint32_t a, uint32_t b) const {
  WordEvidence evidence;
  if (first_position_.empty()) return evidence;
  evidence.aligned = AlignedWords(sets_[a], first_position_[a], sets_[b], first_position_[b]);
  return evidence;
}

std::vector<DocPair> ContentWords::PairsOfPostings(absl::Span<const uint64_t> postings, uint32_t max_posting) {
  std::vector<uint64_t> packed;
  for (size_t i = 0; i < postings.size();) {
    const uint64_t word = postings[i] >> 32;
    size_t j = i + 1;
    while (j < postings.size() && (postings[j] >> 32) == word) ++j;
    if (j - i <= max_posting) {
      // Documents within a word's run are ascending, so x < y gives a < b.
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j; ++y) packed.push_back(postings[x] << 32 | (postings[y] & 0xffffffffu));
      }
    }
    i = j;
  }
  return SortedUniquePairs(std::move(packed));
}

Overlap ContentWords::Compare(uint32_t a, uint32_t b) const {
  Overlap o = CompareSets(sets_[a], sets_[b]);
  o.size_a = content_count_[a];
  o.size_b = content_count_[b];
  return o;
}

}  // namespace wiretrace
