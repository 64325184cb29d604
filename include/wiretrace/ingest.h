// Ingest: streams raw records from JSONL (.jsonl, .jsonl.gz, .jsonl.zst),
// CSV/TSV with a header row, WARC crawls (.warc, .warc.gz), HTML pages,
// directories of .txt and .html/.htm files, or "-" (stdin), and parses them
// into Articles. What a file is comes from its bytes (after decompression) and
// its name; a format that is none of these (Parquet, a ZIP, plain text) is
// refused once, by name, as a problem of that input.
//
// Reading is serial and cheap (find line ends, decompress); parsing is the
// expensive part and is thread-safe, so the engine reads a batch on one thread
// and parses its records in parallel:
//
//   auto reader = wiretrace::RecordReader::Open({"feed.jsonl.gz"}, options);
//   if (!reader.ok()) return reader.status();
//   wiretrace::RecordBatch batch;
//   while (true) {
//     absl::StatusOr<bool> more = (*reader)->ReadBatch(&batch);
//     if (!more.ok()) return more.status();   // only for programming errors
//     if (!*more) break;
//     for (const auto& problem : batch.problems) Report(problem);
//     for (size_t i = 0; i < batch.records.size(); ++i) {
//       wiretrace::Article article;
//       std::vector<std::string> warnings;
//       absl::Status s = wiretrace::ParseRecord(batch, i, options, &article, &warnings);
//       ...  // !s.ok(): a bad record; s.message() says why. File and line are in batch.records[i].
//     }
//   }
//
// Memory stays bounded by options.batch_bytes (plus the longest single record),
// whatever the size of the input.
//
// Thread safety: a RecordReader is used from one thread at a time. ParseRecord
// may be called concurrently on the same batch (it keeps a parser per thread).
#ifndef WIRETRACE_INGEST_H_
#define WIRETRACE_INGEST_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wiretrace/article.h"

namespace wiretrace {

struct IngestOptions {
  // Field names of the JSON schema. Defaults follow docs/design.md. `id_field` and
  // `text_field` must be non-empty; the others may be "" to ignore that field.
  // No two non-empty names may be equal.
  std::string id_field = "id";
  std::string text_field = "text";
  std::string title_field = "title";
  std::string source_field = "source";
  std::string date_field = "published";
  std::string url_field = "url";
  // A field name may name a nested field: "meta.body" or the JSON pointer
  // "/meta/body" (a key that is literally "meta.body" wins over the path).

  // The text field of JSON records holds HTML: the page's visible text is
  // compared (include/wiretrace/html.h), and its <h1>/<title>, <meta>
  // publication time, canonical URL and that URL's host fill title,
  // published, url and source when the record has none. Default off: the
  // text is taken as it is. HTML files and WARC responses are always HTML.
  bool html = false;

  // Inputs held in memory instead of in files, by name: an input whose name is
  // a key here is read from these bytes (sniffed like a file: JSON lines,
  // CSV/TSV, WARC, an HTML page; gzip and zstd are not decoded) and keeps that
  // name in InputProblem::file, so that a bad record is reported as
  // "NAME:LINE". It wins over a file of the same name. For callers that hold
  // records rather than files (wiretrace.h's Input::Lines, the Python module);
  // the bytes are shared, not copied, when options are copied. Default none.
  std::shared_ptr<const std::map<std::string, std::shared_ptr<const std::string>>> memory_inputs;

  // Target size of one batch of raw records. Larger batches amortise the
  // hand-off between threads; smaller ones bound memory. Default 4 MiB; valid
  // range 64 KiB .. 1 GiB. A single record larger than this still fits: the
  // batch grows to hold it.
  size_t batch_bytes = size_t{4} << 20;

  absl::Status Validate() const;
};

// One problem found while reading or parsing, with where it was found.
struct InputProblem {
  std::string file;
  uint64_t line = 0;  // 1-based; 0 when the problem concerns the whole file
  std::string message;
  bool record_skipped = true;  // false for warnings on kept records
  // The problem concerns a whole input rather than one record: a missing or
  // unreadable file, or a damaged .gz/.zst stream (records read before the
  // damage are kept). Tools exit with 2 when any input failed.
  bool input_failure = false;
  // A warning about a file's schema: a configured field that none of its
  // first records has (a misspelled --text-field). Not a bad record, but
  // `--strict` fails on it: the results would silently change meaning.
  bool schema = false;
};

// A batch of raw records, back to back in one buffer (padded for simdjson).
struct RecordBatch {
  struct Record {
    uint32_t file_index = 0;
    uint64_t line = 0;        // 1-based line of a JSONL record, CSV row or WARC record; 1 for a whole file
    size_t offset = 0;        // into buffer
    size_t size = 0;
    bool plain_text = false;  // a whole .txt or .html file, not a JSON line
    // The bytes (plain_text) or the text field (JSON) are HTML: an .html
    // file, or a WARC response turned into a JSON record.
    bool html = false;
    std::string relative_path;  // for plain_text: the id (path relative to the directory)
  };
  std::string buffer;
  std::vector<Record> records;
  // Problems met while filling this batch: an unreadable file, a truncated
  // .gz/.zst stream (records before the damage are kept), a missing input, a
  // refused format (these have input_failure set); a CSV row that cannot be a
  // record (record_skipped); a schema warning (schema). Problems of records
  // that were read come from ParseRecord instead.
  std::vector<InputProblem> problems;
  // Names of all inputs, indexed by Record::file_index (the same vector for
  // every batch of one reader).
  std::shared_ptr<const std::vector<std::string>> files;

  std::string_view bytes(size_t i) const {
    return std::string_view(buffer).substr(records[i].offset, records[i].size);
  }
};

class RecordReader {
 public:
  // `inputs`: paths of files, directories (every *.txt, *.html and *.htm
  // below them, in sorted order of the relative path; id = path relative to
  // the directory; symbolic links to directories are not followed), or "-"
  // for stdin (named "<stdin>" in `files`). A .txt, .html or .htm file is one
  // record (id = its file name). Any other file, and stdin, may be gzip or
  // zstd compressed (detected from the magic bytes) and is sniffed: JSON
  // lines; CSV (.csv) or TSV (.tsv), or a delimited file whose header names
  // the id field, with one record per row and the header names as keys;
  // WARC (starts with "WARC/"), one record per HTML response (id = target
  // URI, published = the page's stated time, else WARC-Date, source = the
  // host); an HTML page, one record. Anything else is one problem, with
  // input_failure set, that says what the file looks like (Parquet, a ZIP,
  // PDF, a JSON array, plain text, binary).
  //
  // For JSON lines and CSV/TSV, each configured field that none of the first
  // 1000 records has is a warning (InputProblem::schema) that names it and
  // the keys seen (id and text always; the others when not the default). Fails for an empty input
  // list or invalid options; a missing file is a problem reported in the first
  // batch, not a failure, so one bad path does not lose the other inputs.
  //
  // JSONL framing: records are the non-blank lines of the decompressed stream,
  // without a trailing "\r" and without a UTF-8 BOM at the start of the
  // stream; Record::line counts every physical line, blank ones included.
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(std::vector<std::string> inputs,
                                                             const IngestOptions& options);
  virtual ~RecordReader() = default;

  // Replaces *batch with the next records. Returns false once every input is
  // exhausted; the batch is then empty. A batch may hold problems and no
  // records (it is returned with true), so a loop that stops at false misses
  // nothing. An error status only means a programming error (a null batch).
  virtual absl::StatusOr<bool> ReadBatch(RecordBatch* batch) = 0;

  // Total bytes read from the inputs so far (compressed size for compressed
  // inputs), for progress reports.
  virtual uint64_t bytes_read() const = 0;
};

// Parses record `index` of `batch` into *article (which is overwritten).
// Returns an InvalidArgument status for a bad record: invalid JSON, not an
// object, missing/null/non-string-or-number id, text or title that is present
// but not a string. Repairs invalid UTF-8 (U+FFFD) and ignores an unparseable
// `published`, appending a warning to *warnings in both cases (`warnings` may be
// null). A record with an empty text is valid; a missing or null title is
// empty; a missing or null text is empty with a warning (the record is then
// compared by its title only, which is rarely what was meant). HTML
// (Record::html, IngestOptions::html) is reduced to its visible text, and
// offsets of later stages refer to that text. Duplicate keys: the first
// occurrence counts. A source, url or published value that is not a string is ignored with a warning. Messages and
// warnings carry no file or line: take them from batch.records[index].
// OutOfRange for an index outside the batch.
absl::Status ParseRecord(const RecordBatch& batch, size_t index, const IngestOptions& options,
                         Article* article, std::vector<std::string>* warnings);

}  // namespace wiretrace

#endif  // WIRETRACE_INGEST_H_
