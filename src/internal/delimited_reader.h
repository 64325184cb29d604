// CSV and TSV with a header row, streamed from a ByteSource (RFC 4180:
// quoted fields may hold the delimiter, "" and line breaks; CRLF or LF).
// Small and fuzzed (tests/fuzz/inputs_fuzz.cc) rather than a dependency:
// Debian 12's one C/C++ CSV package, libcsv (last released in 2013), is not
// kept up, and RFC 4180 is a page of rules.
//
// Thread safety: one thread at a time.
#ifndef WIRETRACE_INTERNAL_DELIMITED_READER_H_
#define WIRETRACE_INTERNAL_DELIMITED_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "internal/ingest_source.h"

namespace wiretrace::internal {

class DelimitedReader {
 public:
  // `source` must outlive the reader. `delimiter`: ',' or '\t'.
  DelimitedReader(ByteSource* source, char delimiter) : source_(source), delimiter_(delimiter) {}

  // Reads the next non-blank row into *fields and its first physical line
  // (1-based) into *line. Returns false at the end of the input. DataLoss for
  // a damaged stream, a quote still open at the end of the input, or a row
  // over 256 MiB; the rows returned before are good.
  absl::StatusOr<bool> NextRow(std::vector<std::string>* fields, uint64_t* line);

 private:
  // Next byte, or -1 at the end (status_ holds a stream error then).
  int Get();

  ByteSource* source_;
  char delimiter_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  absl::Status status_;
  uint64_t line_ = 1;  // physical line of the next byte
};

// All rows of a delimited text held in memory, read by the same rules (for
// tests), or the error NextRow met.
absl::StatusOr<std::vector<std::vector<std::string>>> ParseDelimited(const std::string& text, char delimiter);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_DELIMITED_READER_H_
