// WARC (ISO 28500), the format news crawls come in (Common Crawl, Heritrix,
// wget --warc-file), streamed from a ByteSource; a .warc.gz is one gzip member
// per record, which the gzip source reads as one stream.
//
// Thread safety: one thread at a time.
#ifndef WIRETRACE_INTERNAL_WARC_READER_H_
#define WIRETRACE_INTERNAL_WARC_READER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "internal/ingest_source.h"

namespace wiretrace::internal {

struct WarcRecord {
  std::string type;         // WARC-Type: response, request, warcinfo, ...
  std::string target_uri;   // WARC-Target-URI
  std::string date;         // WARC-Date (ISO 8601, UTC)
  std::string record_id;    // WARC-Record-ID, without the <>
  std::string content_type; // Content-Type of the block
  std::string block;        // only for response and resource records
  uint64_t line = 0;        // 1-based line of the "WARC/1.x" line
};

class WarcReader {
 public:
  explicit WarcReader(ByteSource* source) : source_(source) {}

  // The next record. Returns false at the end. DataLoss for a damaged stream
  // or a record that breaks the format (no version line, no Content-Length,
  // a block cut short); the records returned before are good. Blocks of
  // records other than response/resource, and blocks over 64 MiB, are
  // skipped unread (block stays empty).
  absl::StatusOr<bool> Next(WarcRecord* record);

 private:
  absl::Status Fill(size_t want);  // at least `want` bytes buffered, unless at the end
  absl::StatusOr<bool> ReadLine(std::string* line);

  ByteSource* source_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;
};

// The HTML payload of an HTTP response block ("HTTP/1.1 200 OK\r\n...\r\n\r\n<html>"),
// with chunked transfer coding and gzip/deflate content coding undone.
// Returns false with *why set when the block is not a successful HTML response.
bool HttpHtmlPayload(std::string_view block, std::string* html, std::string* why);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_WARC_READER_H_
