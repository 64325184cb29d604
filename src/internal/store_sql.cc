#include "internal/store_sql.h"

#include <bit>

#include "absl/strings/str_cat.h"
#include "internal/little_endian.h"
#include "internal/set_coding.h"

namespace wiretrace::internal {

absl::Status SqlError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_errcode(db);
  std::string message = absl::StrCat(std::string(what), ": ", sqlite3_errmsg(db));
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return absl::DataLossError(message);
  return absl::InternalError(message);
}

void Statement::BindSet(int i, absl::Span<const uint32_t> set, std::string* scratch) {
  if (set.empty()) {
    sqlite3_bind_zeroblob(stmt_, i, 0);  // an empty blob; a null pointer would bind NULL
    return;
  }
  if constexpr (std::endian::native == std::endian::little) {
    BindBlobInPlace(i, std::string_view(reinterpret_cast<const char*>(set.data()), set.size() * 4));
  } else {
    *scratch = PackSet(set);
    BindBlobInPlace(i, *scratch);
  }
}

absl::Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db, sql);
  return absl::OkStatus();
}

std::string PackSet(absl::Span<const uint32_t> set) { return PackU32s(set); }

bool UnpackSet(std::string_view blob, std::vector<uint32_t>* set) {
  if (blob.size() % 4 != 0) return false;
  set->resize(blob.size() / 4);
  for (size_t i = 0; i < set->size(); ++i) (*set)[i] = ReadU32(blob.data() + 4 * i);
  return true;
}

bool UnpackArticleSets(const ArticleSetBlobs& blobs, ArticleSets* sets) {
  const auto unpack = blobs.coded ? DecodeSet : UnpackSet;
  return unpack(blobs.shingles, &sets->shingles) && unpack(blobs.words, &sets->words) &&
         UnpackSet(blobs.word_positions, &sets->word_positions) && UnpackSet(blobs.figures, &sets->figures) &&
         (sets->word_positions.empty() || sets->word_positions.size() == sets->words.size());
}

}  // namespace wiretrace::internal
