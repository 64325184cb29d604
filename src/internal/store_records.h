// The store's compressed blobs (src/store.cc): one zstd frame of a blob
// (the DUPS output, a batch's word frequencies, a version-4 article's
// record), and the record groups of schema version 5. Kept apart from the
// store's SQL so that how a record is packed lives in one place, and so that
// store.cc stays within the file-size rule (scripts/check_shape.py).
//
// Why groups: a stored record is a news page, mostly text, of about 3.6 kB;
// alone in a frame zstd has little to learn from: the 9,074 kept records of
// the generated 20,000-article night (33 MB) took 18.0 MB, which the commit
// then wrote twice (WAL and checkpoint). One frame per 64 consecutive
// records of a batch holds them in 14.4 MB, in 0.6-0.7 times the
// compression time (0.13-0.16 s against 0.22 s on one core). A record is
// still read alone: its group is decompressed (about 230 kB), and a caller
// that reads many records decompresses each group once (RecordGroup).
//
// A group's frame holds, uncompressed: the record count n (little-endian
// uint32), n record lengths (little-endian uint32), then the n records'
// bytes one after the other.
//
// Thread safety: Compress and CompressGroup use one zstd context per thread;
// everything else is pure.
#ifndef WIRETRACE_SRC_INTERNAL_STORE_RECORDS_H_
#define WIRETRACE_SRC_INTERNAL_STORE_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "wiretrace/store.h"

namespace wiretrace::internal {

// Records per group: a group is the kRecordGroup consecutive stored records
// of a batch (its last one may hold fewer).
inline constexpr size_t kRecordGroup = 64;

// `in` as one zstd frame (level 1) that names its size; "" on failure.
std::string Compress(std::string_view in);

// What a frame of Compress holds; nullopt when it is not such a frame.
std::optional<std::string> Decompress(std::string_view in);

// The group of `records` (at most 2^32 - 1 of them, each under 4 GB) as one
// zstd frame, "" on failure.
std::string CompressGroup(absl::Span<const std::string_view> records);

// A decompressed group.
class RecordGroup {
 public:
  // Decompresses a frame of CompressGroup; false when it is not one (the
  // frame is damaged, or its lengths do not add up to its bytes).
  bool Open(std::string_view frame);
  size_t size() const { return records_.size(); }
  // Valid while the group is open; i < size().
  std::string_view record(size_t i) const { return records_[i]; }

 private:
  std::string bytes_;
  std::vector<std::string_view> records_;
};

// Articles per step of the commit's pipeline where no record is stored
// (duplicates, --no-store-text): enough to keep a thread busy while the
// writer inserts the step before. Where records are, a step is a group.
inline constexpr size_t kStageChunk = 64;

// A step of the commit's pipeline (Store::StageBatch): articles [first, end)
// of the batch and, when some of them have records, their group's number in
// the batch (-1: none) and, once compressed, its frame (CompressGroup); and,
// once coded (internal/set_coding.h), the articles' shingles and words, two
// strings an article.
struct StageStep {
  size_t first = 0;
  size_t end = 0;
  int64_t group = -1;
  std::string frame;
  std::vector<std::string> sets;
};

// The steps of a batch's articles: a new one at every kRecordGroup-th record
// (and every kStageChunk-th article before the first record), so that group
// g holds records [g * kRecordGroup, (g + 1) * kRecordGroup) in batch order.
std::vector<StageStep> PlanStageSteps(const std::vector<NewArticle>& articles);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_SRC_INTERNAL_STORE_RECORDS_H_
