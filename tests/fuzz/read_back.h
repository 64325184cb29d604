// For the ingest fuzz targets: writes the input to `path` and reads it back
// through RecordReader and ParseRecord, exactly as the engine does.
#ifndef WIRETRACE_TESTS_FUZZ_READ_BACK_H_
#define WIRETRACE_TESTS_FUZZ_READ_BACK_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/ingest.h"

namespace wiretrace::fuzz {

inline void ReadBack(const std::string& path, std::string_view bytes, const IngestOptions& options) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return;
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  auto reader = RecordReader::Open({path}, options);
  if (!reader.ok()) return;
  RecordBatch batch;
  for (int guard = 0; guard < 100000; ++guard) {
    auto more = (*reader)->ReadBatch(&batch);
    if (!more.ok()) break;
    for (size_t i = 0; i < batch.records.size(); ++i) {
      Article article;
      std::vector<std::string> warnings;
      (void)ParseRecord(batch, i, options, &article, &warnings);
    }
    if (!*more) break;
  }
}

}  // namespace wiretrace::fuzz

#endif  // WIRETRACE_TESTS_FUZZ_READ_BACK_H_
