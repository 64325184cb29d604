// Fuzzes the readers of input kinds beyond JSON lines: the first byte picks
// how the rest is named (.csv, .tsv, .warc, .html, or no extension, which is
// sniffed), and the file is read back through RecordReader and ParseRecord, as
// the engine does; HTML extraction also runs on the bytes directly.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "read_back.h"
#include "wiretrace/html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kExtensions[] = {".csv", ".tsv", ".warc", ".html", ""};
  const std::string path = "/tmp/wiretrace_inputs_fuzz_" + std::to_string(getpid()) + kExtensions[data[0] % 5];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)wiretrace::ExtractHtmlText(bytes);
  wiretrace::IngestOptions options;
  options.batch_bytes = 64 << 10;
  options.text_field = (data[0] & 8) ? "meta.body" : "text";
  wiretrace::fuzz::ReadBack(path, bytes, options);
  std::remove(path.c_str());
  return 0;
}
