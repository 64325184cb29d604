#include "mpi/shard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wiretrace::mpi {
namespace {

// Closes a file descriptor on every path out.
class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

absl::Status ReadError(const std::string& path) {
  return absl::DataLossError(absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
}

// Reads up to `n` bytes at `offset`; fewer only at the end of the file.
absl::StatusOr<size_t> ReadAt(int fd, uint64_t offset, char* buffer, size_t n, const std::string& path) {
  size_t got = 0;
  while (got < n) {
    const ssize_t r = pread(fd, buffer + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ReadError(path);
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

// Where the first line starting at or after `at` begins: `at` itself when
// it is 0 or follows a "\n", else after the next "\n" (the file's size when
// there is none).
absl::StatusOr<uint64_t> LineStartFrom(int fd, uint64_t at, uint64_t size, const std::string& path) {
  if (at == 0) return 0;
  if (at >= size) return size;
  std::array<char, 1 << 16> block;
  for (uint64_t pos = at - 1; pos < size;) {
    absl::StatusOr<size_t> got = ReadAt(fd, pos, block.data(), block.size(), path);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    if (const void* nl = std::memchr(block.data(), '\n', *got); nl != nullptr) {
      return pos + static_cast<uint64_t>(static_cast<const char*>(nl) - block.data()) + 1;
    }
    pos += *got;
  }
  return size;
}

bool HasOtherReaderSuffix(const std::string& path) {
  for (const char* suffix : {".txt", ".html", ".htm", ".csv", ".tsv", ".warc", ".gz", ".zst"}) {
    if (absl::EndsWithIgnoreCase(path, suffix)) return true;
  }
  return false;
}

}  // namespace

bool IsSplittable(const std::string& path) {
  struct stat st;
  if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || HasOtherReaderSuffix(path)) {
    return false;
  }
  Fd fd(path);
  if (fd.get() < 0) return false;
  std::array<char, 4096> head;
  absl::StatusOr<size_t> got = ReadAt(fd.get(), 0, head.data(), head.size(), path);
  if (!got.ok() || *got < 4) return false;
  const std::string_view bytes(head.data(), *got);
  if (bytes.starts_with("\x1f\x8b") || bytes.starts_with("\x28\xb5\x2f\xfd")) return false;
  size_t i = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) ++i;
  return i < bytes.size() && bytes[i] == '{';
}

std::vector<ShardUnit> PlanShards(const std::vector<std::string>& inputs, int ranks, uint64_t max_unit) {
  std::vector<uint64_t> sizes(inputs.size(), 0);
  std::vector<uint8_t> split(inputs.size(), 0);
  uint64_t total = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    struct stat st;
    if (inputs[i] != "-" && stat(inputs[i].c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      sizes[i] = static_cast<uint64_t>(st.st_size);
    }
    split[i] = IsSplittable(inputs[i]) ? 1 : 0;
    total += sizes[i];
  }
  // A unit belongs to the rank in whose share of the bytes it starts.
  auto rank_of = [&](uint64_t at) {
    if (total == 0) return 0;
    // In doubles: exact enough to balance, and only rank 0 plans, so every
    // rank sees the same rounding.
    const double share = static_cast<double>(at) / static_cast<double>(total) * ranks;
    return std::min(ranks - 1, static_cast<int>(share));
  };
  // Small enough that each rank's share is cut at least once per rank.
  const uint64_t piece = std::max<uint64_t>(1, std::min(max_unit, (total + ranks - 1) / std::max(1, ranks)));
  std::vector<ShardUnit> units;
  uint64_t at = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!split[i]) {
      units.push_back({inputs[i], static_cast<uint32_t>(i), inputs[i] == "-" ? 0 : rank_of(at), 0, sizes[i], false});
    } else {
      for (uint64_t b = 0; b < sizes[i]; b += piece) {
        units.push_back({inputs[i], static_cast<uint32_t>(i), rank_of(at + b), b, std::min(sizes[i], b + piece), true});
      }
    }
    at += sizes[i];
  }
  return units;
}

absl::StatusOr<std::string> ReadAlignedRange(const std::string& path, uint64_t begin, uint64_t end,
                                             uint64_t* newlines) {
  *newlines = 0;
  Fd fd(path);
  if (fd.get() < 0) return ReadError(path);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ReadError(path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  absl::StatusOr<uint64_t> first = LineStartFrom(fd.get(), begin, size, path);
  if (!first.ok()) return first.status();
  absl::StatusOr<uint64_t> last = LineStartFrom(fd.get(), end, size, path);
  if (!last.ok()) return last.status();
  std::string bytes;
  if (*last <= *first) return bytes;
  bytes.resize(*last - *first);
  absl::StatusOr<size_t> got = ReadAt(fd.get(), *first, bytes.data(), bytes.size(), path);
  if (!got.ok()) return got.status();
  if (*got != bytes.size()) {
    return absl::DataLossError(absl::StrCat(path, ": shorter than when the shards were planned"));
  }
  *newlines = static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  return bytes;
}

}  // namespace wiretrace::mpi
