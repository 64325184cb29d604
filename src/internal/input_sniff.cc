#include "internal/input_sniff.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "internal/ascii.h"

namespace wiretrace::internal {
namespace {

struct Magic {
  std::string_view bytes;
  const char* what;
};

// Formats people hand to a JSON-lines reader by mistake, by their magic bytes.
constexpr Magic kMagics[] = {
    {"PAR1", "Parquet"},
    {"PK\x03\x04", "a ZIP archive (or .xlsx / .docx)"},
    {"%PDF", "PDF"},
    {"SQLite format 3", "an SQLite database"},
    {"\x89PNG", "a PNG image"},
    {"\xFF\xD8\xFF", "a JPEG image"},
    {"GIF8", "a GIF image"},
    {"BZh", "bzip2-compressed data (wiretrace reads .gz and .zst)"},
    {"\xFD" "7zXZ", "xz-compressed data (wiretrace reads .gz and .zst)"},
    {"7z\xBC\xAF", "a 7-Zip archive"},
    {"\x7F" "ELF", "an executable"},
    {"Obj\x01", "Avro"},
    {"ORC", "ORC"},
};

std::string_view FirstLine(std::string_view s) {
  const size_t end = s.find('\n');
  std::string_view line = end == std::string_view::npos ? s : s.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// True when some line of the prefix starts (after blanks) with '{'.
bool HasJsonLine(std::string_view s) {
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    const size_t first = s.find_first_not_of(" \t\r", start);
    if (first != std::string_view::npos && first < end && s[first] == '{') return true;
    start = end + 1;
  }
  return false;
}

bool LooksLikeHtml(std::string_view s) {
  const std::string head = AsciiToLower(s.substr(0, 2048));
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<div", "<p>",
                               "<article"}) {
    if (head.find(tag) != std::string::npos) return true;
  }
  return false;
}

SniffResult Refuse(std::string what, std::string_view advice) {
  return {InputFormat::kRefused, absl::StrCat("looks like ", what, ", not JSON lines", std::string(advice))};
}

}  // namespace

SniffResult SniffInput(std::string_view prefix, std::string_view path, std::string_view id_field) {
  if (prefix.starts_with("\xEF\xBB\xBF")) prefix.remove_prefix(3);
  for (const Magic& m : kMagics) {
    if (prefix.starts_with(m.bytes)) {
      return Refuse(m.what, ": convert it to JSON lines (one object per line with id and text) first");
    }
  }
  if (prefix.starts_with("WARC/")) return {InputFormat::kWarc, ""};
  if (AsciiEndsWithIgnoreCase(path, ".csv")) return {InputFormat::kCsv, ""};
  if (AsciiEndsWithIgnoreCase(path, ".tsv") || AsciiEndsWithIgnoreCase(path, ".tab")) return {InputFormat::kTsv, ""};
  const size_t first = prefix.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {InputFormat::kJsonl, ""};  // empty: zero records
  const std::string_view body = prefix.substr(first);
  // A JSON array of records (one document, often pretty-printed so that
  // later lines start with '{'): JSON lines hold one object per line.
  if (body.front() == '[') {
    return Refuse("a JSON array", " (one object per line): convert it with  jq -c '.[]'");
  }
  if (HasJsonLine(prefix)) return {InputFormat::kJsonl, ""};
  if (body.front() == '<') {
    if (LooksLikeHtml(body)) return {InputFormat::kHtml, ""};
    const std::string head = AsciiToLower(body.substr(0, 2048));
    if (head.find("<rss") != std::string::npos || head.find("<feed") != std::string::npos) {
      return Refuse("an RSS or Atom feed (XML)", ": fetch its pages, or convert its items to JSON lines");
    }
    return Refuse("XML", ": convert it to JSON lines first");
  }
  if (prefix.find('\0') != std::string_view::npos) {
    return Refuse("binary data (it holds NUL bytes)", ": give JSONL, CSV, TSV, WARC or HTML");
  }
  // A delimited file named otherwise (export.dat): its header names the id.
  const std::string_view line = FirstLine(body);
  for (const char delimiter : {'\t', ','}) {
    if (line.find(delimiter) == std::string_view::npos) continue;
    size_t start = 0;
    while (start <= line.size()) {
      size_t end = line.find(delimiter, start);
      if (end == std::string_view::npos) end = line.size();
      std::string_view cell = AsciiTrim(line.substr(start, end - start));
      if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
      if (cell == id_field) return {delimiter == '\t' ? InputFormat::kTsv : InputFormat::kCsv, ""};
      start = end + 1;
    }
    return Refuse(absl::StrCat(delimiter == '\t' ? "TSV" : "CSV", " without a column named \"", std::string(id_field), "\""),
                  ": name the file .csv or .tsv and give --id-field, or convert it to JSON lines");
  }
  return Refuse("plain text (no line of its start begins with '{')",
                ": for articles in text files, give a directory of .txt files (one article per file)");
}

}  // namespace wiretrace::internal
