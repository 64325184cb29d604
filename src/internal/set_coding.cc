#include "internal/set_coding.h"

#include <bit>

#include "internal/little_endian.h"

namespace wiretrace::internal {

namespace {

constexpr size_t kEliasFanoHeader = 1 + 4 + 1;  // tag, n, L

uint64_t LowBytes(uint64_t n, int low_bits) { return (n * static_cast<uint64_t>(low_bits) + 7) / 8; }

uint64_t HighBytes(uint64_t n, uint32_t max, int low_bits) {
  return (n + (uint64_t{max} >> low_bits) + 7) / 8;
}

bool StrictlyIncreasing(absl::Span<const uint32_t> set) {
  for (size_t i = 1; i < set.size(); ++i) {
    if (set[i] <= set[i - 1]) return false;
  }
  return true;
}

// The low width of the smallest Elias-Fano code of a strictly increasing set
// of n members up to `max` (about log2(max / n)), or -1 when the array is no
// larger. The decoder asks it too, so that a set has one coding.
int ChooseLowBits(uint64_t n, uint32_t max) {
  int low_bits = -1;
  uint64_t best = 1 + 4 * n;  // the array
  for (int l = 0; l <= 32; ++l) {
    const uint64_t size = kEliasFanoHeader + LowBytes(n, l) + HighBytes(n, max, l);
    if (size < best) {
      best = size;
      low_bits = l;
    }
  }
  return low_bits;
}

}  // namespace

void EncodeSet(absl::Span<const uint32_t> set, std::string* out) {
  const uint64_t n = set.size();
  if (n == 0) return;
  const int low_bits = StrictlyIncreasing(set) ? ChooseLowBits(n, set.back()) : -1;
  if (low_bits < 0) {
    out->push_back(static_cast<char>(SetCoding::kRaw));
    for (uint32_t v : set) AppendU32(out, v);
    return;
  }
  out->push_back(static_cast<char>(SetCoding::kEliasFano));
  AppendU32(out, static_cast<uint32_t>(n));
  out->push_back(static_cast<char>(low_bits));
  const size_t low_at = out->size();
  const uint64_t low_bytes = LowBytes(n, low_bits);
  out->resize(low_at + low_bytes + HighBytes(n, set.back(), low_bits), '\0');
  char* const low = out->data() + low_at;
  char* const high = low + low_bytes;
  const uint64_t mask = (uint64_t{1} << low_bits) - 1;
  uint64_t pending = 0;  // bits not yet written, lowest first
  int pending_bits = 0;
  size_t at = 0;
  for (uint64_t i = 0; i < n; ++i) {
    pending |= (set[i] & mask) << pending_bits;
    pending_bits += low_bits;
    for (; pending_bits >= 8; pending_bits -= 8, pending >>= 8) low[at++] = static_cast<char>(pending & 0xff);
    const uint64_t bit = (uint64_t{set[i]} >> low_bits) + i;
    high[bit / 8] = static_cast<char>(static_cast<unsigned char>(high[bit / 8]) | (1u << (bit % 8)));
  }
  if (pending_bits > 0) low[at] = static_cast<char>(pending & 0xff);
}

bool DecodeSet(std::string_view coded, std::vector<uint32_t>* set) {
  set->clear();
  if (coded.empty()) return true;
  const auto tag = static_cast<SetCoding>(coded[0]);
  coded.remove_prefix(1);
  if (tag == SetCoding::kRaw) {
    if (coded.empty() || coded.size() % 4 != 0) return false;
    set->resize(coded.size() / 4);
    for (size_t i = 0; i < set->size(); ++i) (*set)[i] = ReadU32(coded.data() + 4 * i);
    // A strictly increasing set the writer would have coded is damage.
    return !StrictlyIncreasing(*set) || ChooseLowBits(set->size(), set->back()) < 0;
  }
  if (tag != SetCoding::kEliasFano || coded.size() < kEliasFanoHeader - 1) return false;
  const uint64_t n = ReadU32(coded.data());
  const int low_bits = static_cast<unsigned char>(coded[4]);
  coded.remove_prefix(5);
  if (n == 0 || low_bits > 32) return false;
  const uint64_t low_bytes = LowBytes(n, low_bits);
  // Each member sets its own high bit: n is bounded by the blob, so a damaged
  // count cannot ask for a huge allocation.
  if (low_bytes > coded.size() || n > 8 * (coded.size() - low_bytes)) return false;
  const std::string_view low = coded.substr(0, low_bytes);
  const std::string_view high = coded.substr(low_bytes);
  set->resize(n);
  const uint64_t mask = (uint64_t{1} << low_bits) - 1;
  uint64_t pending = 0;
  int pending_bits = 0;
  size_t at = 0;
  for (uint64_t i = 0; i < n; ++i) {
    for (; pending_bits < low_bits; pending_bits += 8) {
      pending |= uint64_t{static_cast<unsigned char>(low[at++])} << pending_bits;
    }
    (*set)[i] = static_cast<uint32_t>(pending & mask);
    pending >>= low_bits;
    pending_bits -= low_bits;
  }
  if (pending != 0) return false;  // padding bits set
  uint64_t i = 0;
  for (size_t byte = 0; byte < high.size(); ++byte) {
    for (unsigned bits = static_cast<unsigned char>(high[byte]); bits != 0; bits &= bits - 1) {
      if (i == n) return false;  // more members than n
      const uint64_t bit = 8 * byte + static_cast<uint64_t>(std::countr_zero(bits));
      if (bit - i > (uint64_t{UINT32_MAX} >> low_bits)) return false;  // past 2^32
      const uint64_t v = ((bit - i) << low_bits) | (*set)[i];
      if (i > 0 && v <= (*set)[i - 1]) return false;
      (*set)[i++] = static_cast<uint32_t>(v);
    }
  }
  return i == n && high.size() == HighBytes(n, set->back(), low_bits) && low_bits == ChooseLowBits(n, set->back());
}

}  // namespace wiretrace::internal
