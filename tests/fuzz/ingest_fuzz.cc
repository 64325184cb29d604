// Fuzzes JSONL ingest: the input is written to a file and read back through
// RecordReader and ParseRecord, exactly as the engine does.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "read_back.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/wiretrace_ingest_fuzz_" + std::to_string(getpid()) + ".jsonl";
  wiretrace::IngestOptions options;
  options.batch_bytes = 64 << 10;
  wiretrace::fuzz::ReadBack(path, std::string_view(reinterpret_cast<const char*>(data), size), options);
  return 0;
}
