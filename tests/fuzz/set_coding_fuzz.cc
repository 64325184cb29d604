// Fuzzes the store's set decoder (src/internal/set_coding.h), which reads
// blobs from a file anyone can damage: any bytes, never a crash; what
// decodes is strictly increasing when Elias-Fano coded, and is the one
// coding of its set (the writer codes it to the same bytes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "../../src/internal/set_coding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view blob(reinterpret_cast<const char*>(data), size);
  std::vector<uint32_t> set;
  if (!wiretrace::internal::DecodeSet(blob, &set)) return 0;
  if (!blob.empty() && blob[0] == static_cast<char>(wiretrace::internal::SetCoding::kEliasFano)) {
    for (size_t i = 1; i < set.size(); ++i) {
      if (set[i] <= set[i - 1]) std::abort();
    }
  }
  // A set has one coding: what decodes is what the writer makes of it.
  std::string again;
  wiretrace::internal::EncodeSet(set, &again);
  if (again != blob) std::abort();
  return 0;
}
