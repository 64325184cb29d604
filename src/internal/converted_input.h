// CSV, TSV and WARC inputs, turned into the JSON records that ParseRecord
// reads, so that every later step (field names, bad-record rules, UTF-8
// repair, HTML extraction) is the same for every input kind.
//
// A CSV/TSV row becomes {"<header 1>":"<cell 1>", ...}: the header names are
// the keys, so --id-field and friends name columns. A WARC response of HTML
// becomes {id: target URI (else the record id), published: WARC-Date,
// source: the URI's host, url: target URI, text: the HTML}, under the field
// names configured in IngestOptions, and is marked as HTML (ParseRecord then
// prefers a publication time that the page states over WARC-Date).
//
// Thread safety: one thread at a time.
#ifndef WIRETRACE_INTERNAL_CONVERTED_INPUT_H_
#define WIRETRACE_INTERNAL_CONVERTED_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "internal/ingest_source.h"
#include "wiretrace/ingest.h"

namespace wiretrace::internal {

struct ConvertedProblem {
  uint64_t line = 0;
  std::string message;
  bool record_skipped = true;
  bool schema = false;  // InputProblem::schema
};

class ConvertedInput {
 public:
  virtual ~ConvertedInput() = default;

  // Appends the next record, one JSON object, to *buffer; sets *line (its
  // first physical line) and *html (the text field holds HTML). Returns false
  // at the end. Problems with single rows (too many cells) and the header's
  // schema warnings go to *problems; WARC records that are not HTML pages
  // (requests, images, redirects, metadata) are skipped without one. An
  // error status means the rest of the input cannot be read (damage); the
  // records before it are good.
  virtual absl::StatusOr<bool> Next(std::string* buffer, uint64_t* line, bool* html,
                                    std::vector<ConvertedProblem>* problems) = 0;
};

// `delimiter` ',' or '\t'. The first row is the header; it is checked against
// the configured fields once (a warning for a field no column names).
std::unique_ptr<ConvertedInput> OpenDelimited(std::unique_ptr<ByteSource> source, char delimiter,
                                              const IngestOptions& options);
std::unique_ptr<ConvertedInput> OpenWarc(std::unique_ptr<ByteSource> source, const IngestOptions& options);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_CONVERTED_INPUT_H_
