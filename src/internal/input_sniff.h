// Input sniffing: what a file is, from its first bytes (after decompression)
// and its name, so that a CSV, a WARC crawl or an HTML page is read as what it
// is, and a Parquet file or a spreadsheet is refused once, by name, instead
// of yielding one "invalid JSON" per line and zero documents.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_INTERNAL_INPUT_SNIFF_H_
#define WIRETRACE_INTERNAL_INPUT_SNIFF_H_

#include <string>
#include <string_view>

namespace wiretrace::internal {

enum class InputFormat { kJsonl, kCsv, kTsv, kWarc, kHtml, kRefused };

struct SniffResult {
  InputFormat format = InputFormat::kJsonl;
  // For kRefused: what the file looks like and what to do, e.g. "looks like
  // Parquet (starts with PAR1), not JSON lines: convert it to JSONL first".
  std::string refusal;
};

// `prefix`: the first bytes of the decompressed stream (a few KiB); `path`:
// the name given (its extension decides CSV vs TSV when the bytes cannot);
// `id_field`: a header row that names it marks a delimited file even without
// a .csv name. JSON lines win whenever a line of the prefix starts with '{':
// a JSONL file with a damaged first line is still JSONL, reported per line.
SniffResult SniffInput(std::string_view prefix, std::string_view path, std::string_view id_field);

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_INPUT_SNIFF_H_
