// Per-source boilerplate model: counts, for every outlet, on how many of its
// pages each normalised body line occurs, and calls a line boilerplate when it
// recurs on enough of them (BoilerplateOptions). Used by the engine between
// reading (which counts) and signing (which drops the shingles touching
// boilerplate lines).
//
// Thread safety: Count and Add* from one thread; after Finish, IsBoilerplate
// may be called concurrently.
#ifndef WIRETRACE_INTERNAL_BOILERPLATE_H_
#define WIRETRACE_INTERNAL_BOILERPLATE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "wiretrace/engine.h"

namespace wiretrace::internal {

class BoilerplateModel {
 public:
  explicit BoilerplateModel(const BoilerplateOptions& options, bool keep_texts)
      : options_(options), keep_texts_(keep_texts), sources_(1), source_documents_(1, 0) {}

  // Index of an outlet ("" = no source: one pseudo-source for all of them).
  uint32_t SourceIndex(const std::string& source);

  // Counts one document's lines (hashes; duplicates within the document count
  // once). `texts`, parallel to `hashes`, is read only when keeping texts.
  void CountDocument(uint32_t source, absl::Span<const uint32_t> hashes, absl::Span<std::string> texts);

  // Fixes each source's threshold; call once after the last CountDocument.
  void Finish();

  bool IsBoilerplate(uint32_t source, uint32_t line_hash) const {
    auto it = lines_.find(Key(source, line_hash));
    return it != lines_.end() && it->second.documents >= threshold_[source];
  }

  // Distinct (source, line) pairs found to be boilerplate.
  uint64_t CountBoilerplate() const;

  // The boilerplate lines, most frequent first (texts only when kept).
  std::vector<BoilerplateLine> Report() const;

 private:
  struct LineCount {
    uint32_t documents = 0;
    uint32_t source = 0;
  };
  static uint64_t Key(uint32_t source, uint32_t line_hash);

  BoilerplateOptions options_;
  bool keep_texts_;
  std::vector<std::string> sources_;
  absl::flat_hash_map<std::string, uint32_t> source_index_;
  std::vector<uint32_t> source_documents_;
  std::vector<uint32_t> threshold_;
  absl::flat_hash_map<uint64_t, LineCount> lines_;
  absl::flat_hash_map<uint64_t, std::string> texts_;
};

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_BOILERPLATE_H_
