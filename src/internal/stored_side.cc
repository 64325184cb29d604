#include "internal/stored_side.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

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

namespace wiretrace {

// Declared in store.h: the problems a rerun of a batch reports again.
std::string EncodeProblems(absl::Span<const InputProblem> problems) {
  // Unit and record separators: neither occurs in a file name or message
  // that reaches here unescaped often enough to matter, and a problem is
  // only ever read back by the same code.
  std::string out;
  for (const InputProblem& p : problems) {
    absl::StrAppend(&out, p.file, "\x1f", p.line, "\x1f", p.message, "\x1f", p.record_skipped ? 1 : 0, "\x1f",
                    p.input_failure ? 1 : 0, "\x1e");
  }
  return out;
}

std::vector<InputProblem> DecodeProblems(std::string_view blob) {
  std::vector<InputProblem> out;
  for (absl::string_view rec : absl::StrSplit(absl::string_view(blob.data(), blob.size()), '\x1e', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(rec, '\x1f');
    if (f.size() != 5) continue;
    InputProblem p;
    p.file = std::string(f[0]);
    if (!absl::SimpleAtoi(f[1], &p.line)) p.line = 0;
    p.message = std::string(f[2]);
    p.record_skipped = f[3] == "1";
    p.input_failure = f[4] == "1";
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace wiretrace
