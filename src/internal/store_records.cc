#include "internal/store_records.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

#include "internal/little_endian.h"

namespace wiretrace::internal {

namespace {

// One context per thread, rather than one made and freed per frame. The
// frame is made in the thread's scratch buffer and copied out at its size: a
// string of ZSTD_compressBound bytes, zeroed and kept at that capacity, held
// 1.7 times the compressed bytes until the commit.
struct Context {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::unique_ptr<char[]> scratch;
  size_t capacity = 0;
  std::string packed;  // CompressGroup's uncompressed group
  ~Context() { ZSTD_freeCCtx(cctx); }
};

Context& ThreadContext() {
  thread_local Context context;
  return context;
}

}  // namespace

std::string Compress(std::string_view in) {
  Context& context = ThreadContext();
  const size_t bound = ZSTD_compressBound(in.size());
  if (bound > context.capacity) {
    context.capacity = std::max(bound, 2 * context.capacity);
    context.scratch = std::make_unique_for_overwrite<char[]>(context.capacity);
  }
  // Level 1: on the generated 20,000-article night, 1.5 times the speed of
  // level 3 for 0.5% more bytes (33 MB of records one frame each: 17.99 MB
  // against 17.90 MB), and compression was the largest part of the commit.
  // Negative (fast) levels are no bargain on news text, mostly literals:
  // level -1 compresses 32 MB of records in 0.7 times level 1's time, but to
  // 26 MB instead of 17.6 MB, which the commit then writes twice (WAL and
  // checkpoint).
  const size_t n = ZSTD_compressCCtx(context.cctx, context.scratch.get(), context.capacity, in.data(), in.size(), 1);
  if (ZSTD_isError(n)) return std::string();
  return std::string(context.scratch.get(), n);
}

std::optional<std::string> Decompress(std::string_view in) {
  const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (uint64_t{1} << 32)) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
}

std::string CompressGroup(absl::Span<const std::string_view> records) {
  std::string& packed = ThreadContext().packed;
  packed.clear();
  size_t bytes = 4 + 4 * records.size();
  for (std::string_view r : records) bytes += r.size();
  packed.reserve(bytes);
  AppendU32(&packed, static_cast<uint32_t>(records.size()));
  for (std::string_view r : records) AppendU32(&packed, static_cast<uint32_t>(r.size()));
  for (std::string_view r : records) packed.append(r);
  return Compress(packed);
}

bool RecordGroup::Open(std::string_view frame) {
  records_.clear();
  std::optional<std::string> bytes = Decompress(frame);
  if (!bytes || bytes->size() < 4) return false;
  bytes_ = std::move(*bytes);
  const uint32_t n = ReadU32(bytes_.data());
  if ((bytes_.size() - 4) / 4 < n) return false;
  size_t offset = 4 + size_t{4} * n;
  records_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t length = ReadU32(bytes_.data() + 4 + size_t{4} * i);
    if (length > bytes_.size() - offset) {
      records_.clear();
      return false;
    }
    records_.emplace_back(bytes_.data() + offset, length);
    offset += length;
  }
  if (offset != bytes_.size()) {
    records_.clear();
    return false;
  }
  return true;
}

std::vector<StageStep> PlanStageSteps(const std::vector<NewArticle>& articles) {
  std::vector<StageStep> steps;
  size_t records = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (!articles[i].record.empty()) {
      if (steps.empty() || (steps.back().group >= 0 && records % kRecordGroup == 0)) steps.push_back({i, i, -1, {}, {}});
      steps.back().group = static_cast<int64_t>(records / kRecordGroup);  // a leading step takes group 0
      ++records;
    } else if (steps.empty() || (steps.back().group < 0 && i - steps.back().first == kStageChunk)) {
      steps.push_back({i, i, -1, {}, {}});
    }
    steps.back().end = i + 1;
  }
  return steps;
}

}  // namespace wiretrace::internal
