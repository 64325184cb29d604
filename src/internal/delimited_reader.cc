#include "internal/delimited_reader.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace wiretrace::internal {
namespace {

constexpr size_t kChunk = size_t{64} << 10;
// An unterminated quote would otherwise swallow the rest of a large file into one field.
constexpr size_t kMaxRow = size_t{256} << 20;

// A ByteSource over a string, for ParseDelimited.
class StringSource : public ByteSource {
 public:
  explicit StringSource(const std::string& s) : s_(s) {}
  absl::StatusOr<size_t> Read(char* dst, size_t capacity) override {
    const size_t n = std::min(capacity, s_.size() - pos_);
    s_.copy(dst, n, pos_);
    pos_ += n;
    return n;
  }
  Compression compression() const override { return Compression::kNone; }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

int DelimitedReader::Get() {
  if (pos_ == buffer_.size()) {
    if (eof_ || !status_.ok()) return -1;
    buffer_.resize(kChunk);
    absl::StatusOr<size_t> n = source_->Read(buffer_.data(), buffer_.size());
    pos_ = 0;
    if (!n.ok()) {
      status_ = n.status();
      buffer_.clear();
      return -1;
    }
    buffer_.resize(*n);
    if (*n == 0) {
      eof_ = true;
      return -1;
    }
  }
  const int c = static_cast<unsigned char>(buffer_[pos_++]);
  if (c == '\n') ++line_;
  return c;
}

absl::StatusOr<bool> DelimitedReader::NextRow(std::vector<std::string>* fields, uint64_t* line) {
  fields->clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark (Excel writes one) is not part of the first
    // header name. The first Get() fills the buffer with the first chunk.
    if (Get() >= 0) {
      --pos_;
      if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    }
    line_ = 1;
  }
  while (true) {
    *line = line_;
    std::string field;
    size_t row_bytes = 0;
    bool quoted = false, in_quotes = false, any = false;
    while (true) {
      const int c = Get();
      if (c < 0) {
        if (!status_.ok()) return status_;
        if (in_quotes) return absl::DataLossError(absl::StrCat("quote opened on line ", *line, " is never closed"));
        if (!any && field.empty() && fields->empty()) return false;
        fields->push_back(std::move(field));
        return true;
      }
      any = true;
      if (++row_bytes > kMaxRow) return absl::DataLossError(absl::StrCat("row on line ", *line, " is over 256 MiB"));
      if (in_quotes) {
        if (c == '"') {
          const int next = Get();
          if (next == '"') {
            field.push_back('"');
            continue;
          }
          in_quotes = false;
          if (next < 0) continue;  // handled at the top of the loop
          --pos_;                  // look at `next` again as an unquoted byte
          if (next == '\n') --line_;
          continue;
        }
        field.push_back(static_cast<char>(c));
        continue;
      }
      if (c == '"' && field.empty() && !quoted) {
        quoted = in_quotes = true;
      } else if (c == delimiter_) {
        fields->push_back(std::move(field));
        field.clear();
        quoted = false;
      } else if (c == '\n') {
        if (!field.empty() && field.back() == '\r' && !quoted) field.pop_back();
        fields->push_back(std::move(field));
        break;
      } else if (c == '\r' && quoted) {
        // CR after a closing quote: part of the CRLF.
      } else {
        field.push_back(static_cast<char>(c));  // a stray quote inside a field is kept, as most readers do
      }
    }
    // Blank lines are not rows.
    if (fields->size() == 1 && (*fields)[0].empty()) {
      fields->clear();
      continue;
    }
    return true;
  }
}

absl::StatusOr<std::vector<std::vector<std::string>>> ParseDelimited(const std::string& text, char delimiter) {
  StringSource source(text);
  DelimitedReader reader(&source, delimiter);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  uint64_t line = 0;
  while (true) {
    absl::StatusOr<bool> more = reader.NextRow(&fields, &line);
    if (!more.ok()) return more.status();
    if (!*more) return rows;
    rows.push_back(fields);
  }
}

}  // namespace wiretrace::internal
