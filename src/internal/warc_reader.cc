#include "internal/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "internal/ascii.h"

namespace wiretrace::internal {
namespace {

constexpr size_t kChunk = size_t{256} << 10;
// A page over this is a video or a dump, not an article; it is skipped unread.
constexpr uint64_t kMaxBlock = uint64_t{64} << 20;

// "Name: value" -> value when the name matches (case-insensitively).
bool HeaderValue(std::string_view line, std::string_view name, std::string* value) {
  if (line.size() <= name.size() || line[name.size()] != ':' ||
      !AsciiEqualsIgnoreCase(line.substr(0, name.size()), name)) {
    return false;
  }
  *value = std::string(AsciiTrim(line.substr(name.size() + 1)));
  return true;
}

bool Inflate(std::string_view in, std::string* out) {
  z_stream stream{};
  // 15 + 32: detect a gzip or zlib wrapper by itself.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  out->clear();
  char chunk[16384];
  int ret = Z_OK;
  while (ret == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    ret = inflate(&stream, Z_NO_FLUSH);
    out->append(chunk, sizeof(chunk) - stream.avail_out);
    if (out->size() > kMaxBlock) break;
    if (ret == Z_BUF_ERROR && stream.avail_in == 0) break;
  }
  inflateEnd(&stream);
  return ret == Z_STREAM_END || ret == Z_BUF_ERROR;
}

bool Dechunk(std::string_view in, std::string* out) {
  out->clear();
  while (true) {
    const size_t eol = in.find('\n');
    if (eol == std::string_view::npos) return false;
    std::string_view size_text = in.substr(0, eol);
    if (const size_t semi = size_text.find(';'); semi != std::string_view::npos) size_text = size_text.substr(0, semi);
    uint64_t size = 0;
    const std::string_view hex = AsciiTrim(size_text);
    if (!absl::SimpleHexAtoi(absl::string_view(hex.data(), hex.size()), &size)) return false;
    in.remove_prefix(eol + 1);
    if (size == 0) return true;
    if (size > in.size()) return false;
    out->append(in.substr(0, size));
    in.remove_prefix(size);
    if (in.starts_with("\r\n")) in.remove_prefix(2);
    else if (in.starts_with("\n")) in.remove_prefix(1);
  }
}

}  // namespace

absl::Status WarcReader::Fill(size_t want) {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  while (buffer_.size() - pos_ < want && !eof_) {
    if (pos_ > kChunk) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    const size_t have = buffer_.size();
    const size_t grow = std::max(kChunk, want - (have - pos_));
    buffer_.resize(have + grow);
    absl::StatusOr<size_t> n = source_->Read(buffer_.data() + have, grow);
    if (!n.ok()) {
      buffer_.resize(have);
      return n.status();
    }
    buffer_.resize(have + *n);
    if (*n == 0) eof_ = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> WarcReader::ReadLine(std::string* line) {
  while (true) {
    const size_t eol = buffer_.find('\n', pos_);
    if (eol != std::string::npos) {
      line->assign(buffer_, pos_, eol - pos_);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      pos_ = eol + 1;
      ++line_;
      return true;
    }
    if (eof_) {
      if (pos_ == buffer_.size()) return false;
      line->assign(buffer_, pos_);
      pos_ = buffer_.size();
      return true;
    }
    if (buffer_.size() - pos_ > 65536) return absl::DataLossError("WARC header line over 64 KiB");
    if (absl::Status s = Fill(buffer_.size() - pos_ + 1); !s.ok()) return s;
  }
}

absl::StatusOr<bool> WarcReader::Next(WarcRecord* record) {
  *record = WarcRecord();
  std::string line;
  // Records are separated by two CRLFs; skip any blank lines up to the next version line.
  do {
    absl::StatusOr<bool> more = ReadLine(&line);
    if (!more.ok()) return more.status();
    if (!*more) return false;
  } while (line.empty());
  record->line = line_ - 1;
  if (!line.starts_with("WARC/")) {
    return absl::DataLossError(absl::StrCat("line ", record->line, ": expected a WARC/1.x record, found '",
                                            line.substr(0, 40), "'"));
  }
  uint64_t length = 0;
  bool have_length = false;
  while (true) {
    absl::StatusOr<bool> more = ReadLine(&line);
    if (!more.ok()) return more.status();
    if (!*more) return absl::DataLossError("WARC record headers cut short at the end of the input");
    if (line.empty()) break;
    std::string value;
    if (HeaderValue(line, "Content-Length", &value)) {
      have_length = absl::SimpleAtoi(value, &length);
    } else if (!HeaderValue(line, "WARC-Type", &record->type) &&
               !HeaderValue(line, "WARC-Target-URI", &record->target_uri) &&
               !HeaderValue(line, "WARC-Date", &record->date) && !HeaderValue(line, "Content-Type", &record->content_type) &&
               HeaderValue(line, "WARC-Record-ID", &record->record_id)) {
      if (record->record_id.size() >= 2 && record->record_id.front() == '<') {
        record->record_id = record->record_id.substr(1, record->record_id.size() - 2);
      }
    }
  }
  if (!have_length) return absl::DataLossError(absl::StrCat("line ", record->line, ": WARC record has no Content-Length"));
  if (record->target_uri.size() >= 2 && record->target_uri.front() == '<') {
    record->target_uri = record->target_uri.substr(1, record->target_uri.size() - 2);  // WARC 1.0 wrote <uri>
  }
  const bool keep = (record->type == "response" || record->type == "resource") && length <= kMaxBlock;
  uint64_t left = length;
  while (left > 0) {
    if (absl::Status s = Fill(static_cast<size_t>(std::min<uint64_t>(left, kChunk))); !s.ok()) return s;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, buffer_.size() - pos_));
    if (n == 0) return absl::DataLossError(absl::StrCat("line ", record->line, ": WARC record block cut short"));
    const std::string_view bytes(buffer_.data() + pos_, n);
    if (keep) record->block.append(bytes);
    line_ += static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    pos_ += n;
    left -= n;
  }
  return true;
}

bool HttpHtmlPayload(std::string_view block, std::string* html, std::string* why) {
  size_t end = block.find("\r\n\r\n");
  size_t body = end + 4;
  if (end == std::string_view::npos) {
    end = block.find("\n\n");
    body = end + 2;
  }
  if (end == std::string_view::npos || !block.starts_with("HTTP/")) {
    *why = "not an HTTP response";
    return false;
  }
  const std::string_view head = block.substr(0, end);
  const size_t space = head.find(' ');
  if (space == std::string_view::npos || head.size() < space + 4 || head[space + 1] != '2') {
    *why = absl::StrCat("HTTP status ", std::string(space == std::string_view::npos ? "?" : head.substr(space + 1, 3)));
    return false;
  }
  std::string type, transfer, encoding, value;
  size_t start = head.find('\n');
  while (start != std::string_view::npos && start < head.size()) {
    size_t eol = head.find('\n', start + 1);
    std::string_view line = head.substr(start + 1, (eol == std::string_view::npos ? head.size() : eol) - start - 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (HeaderValue(line, "Content-Type", &value)) type = AsciiToLower(value);
    if (HeaderValue(line, "Transfer-Encoding", &value)) transfer = AsciiToLower(value);
    if (HeaderValue(line, "Content-Encoding", &value)) encoding = AsciiToLower(value);
    start = eol;
  }
  if (type.find("html") == std::string::npos) {
    *why = absl::StrCat("content type '", type, "' is not HTML");
    return false;
  }
  std::string_view payload = block.substr(body);
  std::string dechunked, inflated;
  if (transfer.find("chunked") != std::string::npos) {
    if (!Dechunk(payload, &dechunked)) {
      *why = "broken chunked transfer coding";
      return false;
    }
    payload = dechunked;
  }
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    if (!Inflate(payload, &inflated)) {
      *why = absl::StrCat("broken ", encoding, " content coding");
      return false;
    }
    payload = inflated;
  } else if (!encoding.empty() && encoding != "identity") {
    *why = absl::StrCat("content coding '", encoding, "' is not supported");
    return false;
  }
  html->assign(payload.data(), payload.size());
  return true;
}

}  // namespace wiretrace::internal
