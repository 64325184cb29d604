#include "internal/stored_side.h"

#include <algorithm>

#include "wiretrace/minhash.h"
#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace::internal {

std::vector<uint32_t> BandKeys(const std::vector<uint32_t>& set, const EngineOptions& options, LshParams lsh,
                               std::vector<uint32_t>* signature) {
  if (set.empty()) return {};
  signature->resize(static_cast<size_t>(options.minhash.num_slots));
  if (options.minhash.classic) {
    SignClassic(set, options.minhash, signature->data());
  } else {
    Sign(set, options.minhash, signature->data());
  }
  // 32-bit keys, as the engine's index (lsh.h): a spurious candidate now and
  // then, which verification drops, for half the store.
  std::vector<uint32_t> keys(static_cast<size_t>(lsh.bands));
  for (int b = 0; b < lsh.bands; ++b) {
    keys[b] = static_cast<uint32_t>(XXH3_64bits_withSeed(signature->data() + static_cast<size_t>(b) * lsh.rows,
                                   static_cast<size_t>(lsh.rows) * sizeof(uint32_t), static_cast<uint64_t>(b)));
  }
  return keys;
}

absl::StatusOr<std::vector<StoredArticle>> LoadCandidates(Store* store,
                                                          const std::vector<std::vector<int64_t>>& rows) {
  std::vector<int64_t> all;
  for (const std::vector<int64_t>& r : rows) all.insert(all.end(), r.begin(), r.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return store->Load(all);
}

uint64_t SourceKey(std::string_view source) { return XXH3_64bits(source.data(), source.size()); }

PairSide SideOf(const StoredArticle& a) {
  PairSide side;
  side.shingles = a.shingles;
  side.words = a.words;
  side.word_positions = a.word_positions;
  side.figures = a.figures;
  side.content_words = a.word_count;
  side.source = SourceKey(a.source);
  side.published = a.published;
  return side;
}

}  // namespace wiretrace::internal
