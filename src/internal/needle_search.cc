#include "internal/needle_search.h"

#include "absl/strings/ascii.h"

namespace wiretrace::internal {

const std::array<bool, 256> NeedleSearch::kAsciiWord = [] {
  std::array<bool, 256> word{};
  for (int c = 0; c < 128; ++c) word[c] = absl::ascii_isalnum(static_cast<unsigned char>(c));
  return word;
}();

const std::array<unsigned char, 256> NeedleSearch::kLower = [] {
  std::array<unsigned char, 256> lower{};
  for (int c = 0; c < 256; ++c) lower[c] = static_cast<unsigned char>(absl::ascii_tolower(static_cast<unsigned char>(c)));
  return lower;
}();

uint32_t NeedleSearch::Add(std::string_view needle, bool exact) {
  Needle nd;
  nd.bytes = std::string(needle);
  nd.exact = exact;
  if (!exact) absl::AsciiStrToLower(&nd.bytes);
  nd.head = Head(nd.bytes.data(), nd.bytes.size());
  // Ones over the bytes Head copied, on either byte order.
  const uint32_t ones = ~uint32_t{0};
  std::memcpy(&nd.head_mask, &ones, nd.bytes.size() < 4 ? nd.bytes.size() : 4);
  needles_.push_back(std::move(nd));
  return static_cast<uint32_t>(needles_.size() - 1);
}

void NeedleSearch::Build() {
  triples_.fill(0);
  bucket_start_.fill(0);
  auto lowered = [](char c) { return static_cast<uint32_t>(static_cast<unsigned char>(absl::ascii_tolower(c))); };
  skip_space_ = skip_continuation_ = true;
  std::vector<std::vector<uint32_t>> buckets(kBuckets);
  for (uint32_t id = 0; id < needles_.size(); ++id) {
    const std::string& bytes = needles_[id].bytes;
    if (bytes.empty()) continue;
    // Filed under its lowered bytes, exact or not: the filter reads the
    // text lowered.
    const uint32_t b0 = lowered(bytes[0]);
    if (b0 == ' ') skip_space_ = false;
    if ((b0 & 0xC0) == 0x80) skip_continuation_ = false;
    // A needle shorter than three bytes sets every triple it starts.
    const uint32_t b1_from = bytes.size() > 1 ? lowered(bytes[1]) : 0;
    const uint32_t b1_to = bytes.size() > 1 ? b1_from : 255;
    for (uint32_t b1 = b1_from; b1 <= b1_to; ++b1) {
      const uint32_t b2_from = bytes.size() > 2 ? lowered(bytes[2]) : 0;
      const uint32_t b2_to = bytes.size() > 2 ? b2_from : 255;
      for (uint32_t b2 = b2_from; b2 <= b2_to; ++b2) {
        const uint32_t triple = Triple(b0, b1, b2);
        triples_[triple >> 6] |= uint64_t{1} << (triple & 63);
      }
      std::vector<uint32_t>& bucket = buckets[Bucket(b0, b1)];
      if (bucket.empty() || bucket.back() != id) bucket.push_back(id);
    }
  }
  in_bucket_.clear();
  for (uint32_t b = 0; b < kBuckets; ++b) {
    bucket_start_[b] = static_cast<uint32_t>(in_bucket_.size());
    in_bucket_.insert(in_bucket_.end(), buckets[b].begin(), buckets[b].end());
  }
  bucket_start_[kBuckets] = static_cast<uint32_t>(in_bucket_.size());
}

}  // namespace wiretrace::internal
