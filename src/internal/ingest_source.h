// Byte sources for ingest: one input file (or stdin) as a stream of
// decompressed bytes. Compression is detected from the magic bytes, so a
// misnamed file (a .jsonl that is really gzip, or stdin) still reads right.
//
// Thread safety: a ByteSource is used from one thread at a time.
#ifndef WIRETRACE_INTERNAL_INGEST_SOURCE_H_
#define WIRETRACE_INTERNAL_INGEST_SOURCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace wiretrace::internal {

enum class Compression { kNone, kGzip, kZstd };

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Reads up to `capacity` (> 0) decompressed bytes into `dst`. Returns 0 only
  // at the clean end of the stream. A truncated or corrupt stream returns
  // DataLoss; the bytes returned by earlier calls are good (a call that met
  // the damage after producing output returns that output first and the error
  // on the next call), so the caller can keep the records before the damage.
  virtual absl::StatusOr<size_t> Read(char* dst, size_t capacity) = 0;

  virtual Compression compression() const = 0;
};

// Opens `path` for reading, or standard input when `path` is "-" (then the
// descriptor is not closed). Every byte read from the underlying file is added
// to *bytes_read, which must outlive the source. It is atomic because progress
// reports read it from another thread while the source reads. Fails (NotFound,
// PermissionDenied, ...) when the file cannot be opened or its first bytes
// cannot be read.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path,
                                                           std::atomic<uint64_t>* bytes_read);

// A source over bytes held in memory (IngestOptions::memory_inputs), read as
// they are (no decompression). Each byte handed out is added to *bytes_read.
std::unique_ptr<ByteSource> OpenMemorySource(std::shared_ptr<const std::string> bytes,
                                             std::atomic<uint64_t>* bytes_read);

// Reads up to `size` bytes from the start of *source into *prefix (fewer at
// the end of the stream or at damage, which then recurs on the next read), and
// returns a source that yields those bytes first and then the rest: lets a
// reader look at a decompressed stream's start to tell what format it is.
std::unique_ptr<ByteSource> PeekPrefix(std::unique_ptr<ByteSource> source, size_t size, std::string* prefix);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_INGEST_SOURCE_H_
