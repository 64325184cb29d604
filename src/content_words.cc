#include "wiretrace/content_words.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "internal/sorted_set.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_sort.h"

namespace wiretrace {

namespace {

// Document frequency per word. The words are already uniform hashes, so the
// map uses them as their own hash instead of mixing every key again. Measured
// with bench/content_words_bench (20,000 sets, one thread, median CPU time of
// 15 runs interleaved): Build 138 ms with the hand-written open-addressing
// table this replaced, 142 ms with this map, 170 ms with absl's default hash.
// In instructions the map costs more than in time: callgrind on `cluster
// --threads 1` over 20,000 gen_corpus.py documents counts Build at 462 M
// against 382 M, 1.2% of the whole run; kept for one hash table
// implementation in the counting code (CommonWords keeps its own, see
// content_words.h, where the difference was larger and per running word).
struct WordHash {
  size_t operator()(uint32_t word) const { return word; }
};
using WordCounter = absl::flat_hash_map<uint32_t, uint32_t, WordHash>;

// One shard of Build with a window: records the own documents' counts
// (`counts` holds them on entry) into *own, makes the words of the
// documents past `counted` known, and adds the window's counts to every
// word of the shard, so that `counts` ends with each word's frequency over
// the window and the own documents.
void AddWindow(const WindowFrequencies& window, absl::Span<const std::vector<uint32_t>> sets, size_t counted,
               int shard, int shard_bits,
               const std::vector<std::pair<uint32_t, uint32_t>>& range, WordCounter* counts, std::vector<uint64_t>* own) {
  own->reserve(counts->size());
  for (const auto& [word, count] : *counts) own->push_back(uint64_t{word} << 32 | count);
  std::sort(own->begin(), own->end());
  for (size_t d = counted; d < sets.size(); ++d) {
    const std::vector<uint32_t>& s = sets[d];
    for (uint32_t i = range[d].first; i < range[d].second; ++i) counts->try_emplace(s[i], 0);
  }
  const std::vector<uint64_t>& earlier = window.earlier.counts;
  const uint64_t lo = uint64_t{static_cast<uint32_t>(shard) << (32 - shard_bits)} << 32;
  const bool last = shard + 1 == (1 << shard_bits);
  auto e = std::lower_bound(earlier.begin(), earlier.end(), lo);
  const auto end =
      last ? earlier.end()
           : std::lower_bound(e, earlier.end(), uint64_t{static_cast<uint32_t>(shard + 1) << (32 - shard_bits)} << 32);
  for (; e != end; ++e) {
    const auto it = counts->find(static_cast<uint32_t>(*e >> 32));
    if (it != counts->end()) it->second += static_cast<uint32_t>(*e);
  }
}

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
  // words are one contiguous range, so the shards are independent and each
  // counts into a table of an eighth of the vocabulary, in parallel and
  // without locks.
  constexpr int kShardBits = 3;
  if (window != nullptr) own_by_shard.resize(1 << kShardBits);
  tbb::parallel_for(0, 1 << kShardBits, [&](int shard) {
    const uint32_t lo = static_cast<uint32_t>(shard) << (32 - kShardBits);
    const bool last = shard + 1 == (1 << kShardBits);
    const uint32_t hi = last ? 0 : static_cast<uint32_t>(shard + 1) << (32 - kShardBits);
    std::vector<std::pair<uint32_t, uint32_t>> range(n);
    size_t words_in_shard = 0;
    for (size_t d = 0; d < n; ++d) {
      const std::vector<uint32_t>& s = word_sets[d];
      const auto b = std::lower_bound(s.begin(), s.end(), lo);
      const auto e = last ? s.end() : std::lower_bound(b, s.end(), hi);
      range[d] = {static_cast<uint32_t>(b - s.begin()), static_cast<uint32_t>(e - s.begin())};
      words_in_shard += static_cast<size_t>(e - b);
    }
    // Most of a shard's words repeat across documents: start at a quarter.
    WordCounter counts;
    counts.reserve(words_in_shard / 4);
    for (size_t d = 0; d < counted; ++d) {
      const std::vector<uint32_t>& s = word_sets[d];
      for (uint32_t i = range[d].first; i < range[d].second; ++i) ++counts[s[i]];
    }
    if (window != nullptr) {
      AddWindow(*window, word_sets, counted, shard, kShardBits, range, &counts, &own_by_shard[shard]);
    }
    for (size_t d = 0; d < n; ++d) {
      const std::vector<uint32_t>& s = word_sets[d];
      for (uint32_t i = range[d].first; i < range[d].second; ++i) frequency[offset[d] + i] = counts.find(s[i])->second;
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
      // running word beats building a map.
      size_t left = set.size();
      const std::vector<uint32_t>& seq = sequences[d];
      for (uint32_t i = 0; i < seq.size() && left > 0; ++i) {
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
  std::vector<uint64_t> shared;
  const auto word = [](uint32_t w) { return w; };
  internal::ForEachKeyIn(words_a, words_b, word, word,
                         [&](size_t i, size_t j) { shared.push_back(uint64_t{first_a[i]} << 32 | first_b[j]); });
  std::sort(shared.begin(), shared.end());
  std::vector<uint32_t> tails;
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
