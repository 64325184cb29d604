#include "internal/ingest_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace wiretrace::internal {
namespace {

// Compressed input is read in blocks this large: big enough that syscalls and
// decoder calls are amortised, small enough to stay in L2 while decoding.
constexpr size_t kCompressedBlock = size_t{256} << 10;

constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};
constexpr unsigned char kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};

// An open descriptor with EINTR-safe reads and byte accounting.
class File {
 public:
  File(int fd, bool owned, std::atomic<uint64_t>* bytes_read) : fd_(fd), owned_(owned), bytes_read_(bytes_read) {}
  ~File() {
    if (owned_) close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Reads up to `capacity` bytes; 0 at end of file.
  absl::StatusOr<size_t> Read(char* dst, size_t capacity) {
    // read() caps a single transfer near 2 GiB on Linux anyway.
    capacity = std::min<size_t>(capacity, size_t{1} << 30);
    while (true) {
      const ssize_t n = read(fd_, dst, capacity);
      if (n >= 0) {
        bytes_read_->fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR) return absl::ErrnoToStatus(errno, "read error");
    }
  }

  // Reads until `size` bytes or end of file; returns the count.
  absl::StatusOr<size_t> ReadFully(char* dst, size_t size) {
    size_t done = 0;
    while (done < size) {
      absl::StatusOr<size_t> n = Read(dst + done, size - done);
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      done += *n;
    }
    return done;
  }

 private:
  int fd_;
  bool owned_;
  std::atomic<uint64_t>* bytes_read_;
};

// Uncompressed input: reads straight into the caller's buffer, no extra copy
// beyond the few magic bytes already peeked.
class PlainSource : public ByteSource {
 public:
  PlainSource(std::unique_ptr<File> file, std::string prefix)
      : file_(std::move(file)), prefix_(std::move(prefix)) {}

  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    size_t done = 0;
    if (prefix_pos_ < prefix_.size()) {
      done = std::min(capacity, prefix_.size() - prefix_pos_);
      std::memcpy(dst, prefix_.data() + prefix_pos_, done);
      prefix_pos_ += done;
      if (done == capacity) return done;
    }
    absl::StatusOr<size_t> n = file_->Read(dst + done, capacity - done);
    if (!n.ok()) {
      if (done > 0) return done;  // the error recurs on the next call
      return n.status();
    }
    return done + *n;
  }

  Compression compression() const override { return Compression::kNone; }

 private:
  std::unique_ptr<File> file_;
  std::string prefix_;
  size_t prefix_pos_ = 0;
};

// Shared by the two decoders: a block of compressed input refilled from the
// file, and an error held back until the output produced before it is handed out.
class CompressedSource : public ByteSource {
 protected:
  CompressedSource(std::unique_ptr<File> file, const std::string& prefix)
      : file_(std::move(file)), in_(new char[kCompressedBlock]) {
    std::memcpy(in_.get(), prefix.data(), prefix.size());
    in_size_ = prefix.size();
  }

  // Makes more compressed input available when all of it was consumed.
  // Returns false with *status set on a read error.
  bool Refill(absl::Status* status) {
    if (in_pos_ < in_size_ || eof_) return true;
    absl::StatusOr<size_t> n = file_->Read(in_.get(), kCompressedBlock);
    if (!n.ok()) {
      *status = n.status();
      return false;
    }
    in_pos_ = 0;
    in_size_ = *n;
    if (*n == 0) eof_ = true;
    return true;
  }

  // Returns `produced` if positive (keeping `error` for the next call), else the error.
  absl::StatusOr<size_t> Fail(size_t produced, absl::Status error) {
    failed_ = true;
    error_ = std::move(error);
    if (produced > 0) return produced;
    return error_;
  }

  std::unique_ptr<File> file_;
  std::unique_ptr<char[]> in_;
  size_t in_pos_ = 0;
  size_t in_size_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  absl::Status error_;
};

class GzipSource : public CompressedSource {
 public:
  GzipSource(std::unique_ptr<File> file, const std::string& prefix)
      : CompressedSource(std::move(file), prefix) {}
  ~GzipSource() override {
    if (initialized_) inflateEnd(&stream_);
  }

  absl::Status Init() {
    // 15 + 16: the largest window, gzip wrapper only (zlib and raw deflate are
    // not what a .gz is; accepting them would hide a wrong input).
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) {
      return absl::ResourceExhaustedError("cannot initialise zlib");
    }
    initialized_ = true;
    return absl::OkStatus();
  }

  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    if (failed_) return error_;
    size_t produced = 0;
    while (produced < capacity) {
      absl::Status read_status;
      if (!Refill(&read_status)) return Fail(produced, read_status);
      if (in_pos_ == in_size_) {  // end of file
        if (in_member_) {
          return Fail(produced, absl::DataLossError("truncated gzip stream (unexpected end of file)"));
        }
        break;
      }
      // A .gz may hold several members back to back (gzip -c a b > c, pigz,
      // appended logs); each one resets the inflater.
      in_member_ = true;
      stream_.next_in = reinterpret_cast<Bytef*>(in_.get() + in_pos_);
      stream_.avail_in = static_cast<uInt>(std::min<size_t>(in_size_ - in_pos_, UINT_MAX));
      stream_.next_out = reinterpret_cast<Bytef*>(dst + produced);
      stream_.avail_out = static_cast<uInt>(std::min<size_t>(capacity - produced, UINT_MAX));
      const uInt avail_in = stream_.avail_in;
      const uInt avail_out = stream_.avail_out;
      const int ret = inflate(&stream_, Z_NO_FLUSH);
      in_pos_ += avail_in - stream_.avail_in;
      produced += avail_out - stream_.avail_out;
      const bool progress = stream_.avail_in != avail_in || stream_.avail_out != avail_out;
      if (ret == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&stream_);
      } else if ((ret != Z_OK && ret != Z_BUF_ERROR) || !progress) {
        // Z_BUF_ERROR only means "no progress possible without more input",
        // which the next Refill provides; anything else is damage.
        return Fail(produced, absl::DataLossError(absl::StrCat(
                                  "corrupt gzip stream: ",
                                  stream_.msg != nullptr ? stream_.msg
                                  : ret == Z_BUF_ERROR ? "no progress" : zError(ret))));
      }
    }
    return produced;
  }

  Compression compression() const override { return Compression::kGzip; }

 private:
  z_stream stream_{};
  bool initialized_ = false;
  bool in_member_ = false;
};

class ZstdSource : public CompressedSource {
 public:
  ZstdSource(std::unique_ptr<File> file, const std::string& prefix)
      : CompressedSource(std::move(file), prefix) {}
  ~ZstdSource() override { ZSTD_freeDCtx(context_); }

  absl::Status Init() {
    context_ = ZSTD_createDCtx();
    if (context_ == nullptr) return absl::ResourceExhaustedError("cannot initialise zstd");
    return absl::OkStatus();
  }

  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    if (failed_) return error_;
    ZSTD_outBuffer out{dst, capacity, 0};
    while (out.pos < out.size) {
      absl::Status read_status;
      if (!Refill(&read_status)) return Fail(out.pos, read_status);
      ZSTD_inBuffer in{in_.get(), in_size_, in_pos_};
      const size_t before = out.pos;
      const size_t in_before = in.pos;
      const size_t ret = ZSTD_decompressStream(context_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(ret)) {
        return Fail(out.pos, absl::DataLossError(absl::StrCat("corrupt zstd stream: ",
                                                              ZSTD_getErrorName(ret))));
      }
      // ret == 0: a frame is complete and flushed. The streaming API moves on
      // to a following frame (zstd -c a b > c) by itself. A call that moved
      // nothing says nothing: after a finished frame it asks for the next
      // frame's header, which end of file must not turn into "truncated".
      const bool moved = in.pos != in_before || out.pos != before;
      if (moved) frame_open_ = ret != 0;
      if (in_pos_ < in_size_ && in_pos_ == in_before && out.pos == before) {
        // Input and room were both there, yet nothing moved: never loop on it.
        return Fail(out.pos, absl::DataLossError("corrupt zstd stream: decoder made no progress"));
      }
      if (eof_ && in_pos_ == in_size_ && out.pos == before) {
        if (frame_open_) {
          return Fail(out.pos, absl::DataLossError("truncated zstd stream (frame not finished at end of file)"));
        }
        break;
      }
    }
    return out.pos;
  }

  Compression compression() const override { return Compression::kZstd; }

 private:
  ZSTD_DCtx* context_ = nullptr;
  bool frame_open_ = false;
};

// Hands out bytes peeked from the start of a stream, then the stream.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> inner, std::string prefix)
      : inner_(std::move(inner)), prefix_(std::move(prefix)) {}

  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    if (pos_ < prefix_.size()) {
      const size_t n = std::min(capacity, prefix_.size() - pos_);
      std::memcpy(dst, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->Read(dst, capacity);
  }

  Compression compression() const override { return inner_->compression(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string prefix_;
  size_t pos_ = 0;
};

// Bytes held in memory: the records of a caller that has no file.
class MemorySource : public ByteSource {
 public:
  MemorySource(std::shared_ptr<const std::string> bytes, std::atomic<uint64_t>* bytes_read)
      : bytes_(std::move(bytes)), bytes_read_(bytes_read) {}

  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    const size_t n = std::min(capacity, bytes_->size() - pos_);
    std::memcpy(dst, bytes_->data() + pos_, n);
    pos_ += n;
    bytes_read_->fetch_add(n, std::memory_order_relaxed);
    return n;
  }

  Compression compression() const override { return Compression::kNone; }

 private:
  std::shared_ptr<const std::string> bytes_;
  std::atomic<uint64_t>* bytes_read_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> OpenMemorySource(std::shared_ptr<const std::string> bytes,
                                             std::atomic<uint64_t>* bytes_read) {
  return std::make_unique<MemorySource>(std::move(bytes), bytes_read);
}

std::unique_ptr<ByteSource> PeekPrefix(std::unique_ptr<ByteSource> source, size_t size, std::string* prefix) {
  prefix->resize(size);
  size_t have = 0;
  while (have < size) {
    absl::StatusOr<size_t> n = source->Read(prefix->data() + have, size - have);
    if (!n.ok() || *n == 0) break;  // a read error recurs on the next Read
    have += *n;
  }
  prefix->resize(have);
  return std::make_unique<PrefixedSource>(std::move(source), *prefix);
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path,
                                                           std::atomic<uint64_t>* bytes_read) {
  std::unique_ptr<File> file;
  if (path == "-") {
    file = std::make_unique<File>(STDIN_FILENO, /*owned=*/false, bytes_read);
  } else {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return absl::ErrnoToStatus(errno, "cannot open");
    file = std::make_unique<File>(fd, /*owned=*/true, bytes_read);
  }

  // Peek at the magic bytes; they are handed on to whichever source reads on.
  std::string prefix(4, '\0');
  absl::StatusOr<size_t> n = file->ReadFully(prefix.data(), prefix.size());
  if (!n.ok()) return n.status();
  prefix.resize(*n);
  auto starts_with = [&prefix](const unsigned char* magic, size_t size) {
    return prefix.size() >= size && std::memcmp(prefix.data(), magic, size) == 0;
  };

  if (starts_with(kGzipMagic, sizeof(kGzipMagic))) {
    auto source = std::make_unique<GzipSource>(std::move(file), prefix);
    if (absl::Status s = source->Init(); !s.ok()) return s;
    return source;
  }
  if (starts_with(kZstdMagic, sizeof(kZstdMagic))) {
    auto source = std::make_unique<ZstdSource>(std::move(file), prefix);
    if (absl::Status s = source->Init(); !s.ok()) return s;
    return source;
  }
  return std::make_unique<PlainSource>(std::move(file), std::move(prefix));
}

}  // namespace wiretrace::internal
