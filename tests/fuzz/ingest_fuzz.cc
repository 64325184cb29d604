// Fuzzes JSONL ingest: the input is written to a file and read back through
// RecordReader and ParseRecord, exactly as the engine does.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "wiretrace/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/wiretrace_ingest_fuzz_" + std::to_string(getpid()) + ".jsonl";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  wiretrace::IngestOptions options;
  options.batch_bytes = 64 << 10;
  auto reader = wiretrace::RecordReader::Open({path}, options);
  if (!reader.ok()) return 0;
  wiretrace::RecordBatch batch;
  for (int guard = 0; guard < 100000; ++guard) {
    auto more = (*reader)->ReadBatch(&batch);
    if (!more.ok()) break;
    for (size_t i = 0; i < batch.records.size(); ++i) {
      wiretrace::Article article;
      std::vector<std::string> warnings;
      (void)wiretrace::ParseRecord(batch, i, options, &article, &warnings);
    }
    if (!*more) break;
  }
  return 0;
}
