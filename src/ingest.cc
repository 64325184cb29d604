// Ingest: raw records from files (RecordReader) and Articles from raw records
// (ParseRecord). See include/wiretrace/ingest.h for the contract.
#include "wiretrace/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "internal/ingest_source.h"
#include "simdjson.h"
#include "wiretrace/article.h"

namespace wiretrace {
namespace {

constexpr size_t kMinBatchBytes = size_t{64} << 10;
constexpr size_t kMaxBatchBytes = size_t{1} << 30;

// The smallest read while a batch is being filled: near the batch target,
// reading a few bytes at a time would cost a syscall (or decoder call) per line.
constexpr size_t kMinRead = size_t{64} << 10;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kStdinName = "<stdin>";

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

struct InputEntry {
  enum class Kind { kJsonl, kText };
  Kind kind = Kind::kJsonl;
  std::string path;           // what open() gets; "-" for stdin
  std::string relative_path;  // kText: the article id
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Appends every *.txt below `root` to *relative_paths, relative to `root`, and
// reports directories that cannot be listed. Symbolic links to directories are
// not followed, so a link cycle cannot make the walk endless; links to files are.
void CollectTextFiles(const std::string& root, std::vector<std::string>* relative_paths,
                      std::vector<InputProblem>* problems) {
  namespace fs = std::filesystem;
  std::vector<std::string> pending = {""};
  while (!pending.empty()) {
    const std::string relative_dir = std::move(pending.back());
    pending.pop_back();
    const fs::path dir = relative_dir.empty() ? fs::path(root) : fs::path(root) / relative_dir;
    std::error_code error;
    fs::directory_iterator it(dir, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
      const std::string name = it->path().filename().string();
      std::string relative = relative_dir.empty() ? name : absl::StrCat(relative_dir, "/", name);
      std::error_code status_error;
      if (it->is_directory(status_error) && !it->is_symlink(status_error)) {
        pending.push_back(std::move(relative));
      } else if (name.size() > 4 && name.ends_with(".txt")) {
        // Kept even when it cannot be stat'ed (a dangling link): opening it
        // later reports the problem with the file's name.
        relative_paths->push_back(std::move(relative));
      }
    }
    if (error) {
      problems->push_back(InputProblem{dir.string(), 0,
                                       absl::StrCat("cannot list directory: ", error.message()),
                                       /*record_skipped=*/true});
    }
  }
}

#if defined(__SANITIZE_THREAD__)
#define WIRETRACE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WIRETRACE_TSAN 1
#endif
#endif
#ifdef WIRETRACE_TSAN
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

// A reader is used by one thread at a time, but not always the same thread:
// the engine calls ReadBatch from a TBB serial pipeline stage, and TBB orders
// those calls inside Debian's uninstrumented libtbb, where ThreadSanitizer
// cannot see it. This tells ThreadSanitizer that one call ends before the next
// begins (true for any correct caller; two truly concurrent calls still race
// in its eyes). No code at all without ThreadSanitizer.
class SerialUseForTsan {
 public:
  explicit SerialUseForTsan([[maybe_unused]] void* object) {
#ifdef WIRETRACE_TSAN
    object_ = object;
    __tsan_acquire(object_);
#endif
  }
  ~SerialUseForTsan() {
#ifdef WIRETRACE_TSAN
    __tsan_release(object_);
#endif
  }
  SerialUseForTsan(const SerialUseForTsan&) = delete;
  SerialUseForTsan& operator=(const SerialUseForTsan&) = delete;

 private:
#ifdef WIRETRACE_TSAN
  void* object_;
#endif
};

class RecordReaderImpl : public RecordReader {
 public:
  RecordReaderImpl(const IngestOptions& options, std::vector<InputEntry> entries,
                   std::vector<InputProblem> problems)
      : batch_bytes_(options.batch_bytes),
        entries_(std::move(entries)),
        pending_problems_(std::move(problems)) {
    auto files = std::make_shared<std::vector<std::string>>();
    files->reserve(entries_.size());
    for (const InputEntry& entry : entries_) {
      files->push_back(entry.path == "-" ? std::string(kStdinName) : entry.path);
    }
    files_ = std::move(files);
  }

  absl::StatusOr<bool> ReadBatch(RecordBatch* batch) override {
    const SerialUseForTsan serial(this);
    if (batch == nullptr) return absl::InvalidArgumentError("ReadBatch: batch is null");
    // clear() keeps the capacity: steady-state batches allocate nothing.
    batch->buffer.clear();
    batch->records.clear();
    batch->problems.clear();
    batch->problems.swap(pending_problems_);
    batch->files = files_;
    buffer_ = &batch->buffer;
    batch_ = batch;

    // A line cut at the end of the previous batch; it has been scanned already.
    buffer_->append(carry_);
    carry_.clear();
    line_start_ = 0;

    while (true) {
      if (source_ == nullptr) {
        if (buffer_->size() >= batch_bytes_ || next_entry_ == entries_.size()) break;
        OpenNext();
        continue;
      }
      if (buffer_->size() >= batch_bytes_ && !batch->records.empty()) {
        // Full: hand the unfinished line over to the next batch.
        carry_.assign(*buffer_, line_start_);
        buffer_->resize(line_start_);
        break;
      }
      ReadChunk();
    }

    // simdjson reads up to SIMDJSON_PADDING bytes past the end of a record;
    // padding the buffer once lets every record be parsed in place.
    buffer_->append(simdjson::SIMDJSON_PADDING, '\0');
    buffer_ = nullptr;
    batch_ = nullptr;
    // A batch that holds only problems is still handed out, so that callers
    // who stop at `false` never miss one.
    return !batch->records.empty() || !batch->problems.empty();
  }

  uint64_t bytes_read() const override { return bytes_read_.load(std::memory_order_relaxed); }

 private:
  const std::string& FileName(uint32_t index) const { return (*files_)[index]; }

  void AddProblem(uint32_t file_index, uint64_t line, std::string message) {
    batch_->problems.push_back(InputProblem{FileName(file_index), line, std::move(message), true});
  }

  void OpenNext() {
    const uint32_t index = static_cast<uint32_t>(next_entry_++);
    const InputEntry& entry = entries_[index];
    if (entry.kind == InputEntry::Kind::kText) {
      ReadTextFile(index, entry);
      return;
    }
    absl::StatusOr<std::unique_ptr<internal::ByteSource>> source =
        internal::OpenByteSource(entry.path, &bytes_read_);
    if (!source.ok()) {
      AddProblem(index, 0, std::string(source.status().message()));
      return;
    }
    source_ = *std::move(source);
    current_ = index;
    line_ = 0;
    line_start_ = buffer_->size();
  }

  // A whole .txt file is one record; it is read straight into the batch.
  void ReadTextFile(uint32_t index, const InputEntry& entry) {
    const int fd = open(entry.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      AddProblem(index, 0, absl::StrCat("cannot open: ", std::strerror(errno)));
      return;
    }
    std::string& buffer = *buffer_;
    const size_t start = buffer.size();
    struct stat info;
    // The size is only a hint (the file may grow while we read); +1 lets the
    // first read see end of file when the hint was right.
    const size_t hint = (fstat(fd, &info) == 0 && info.st_size > 0)
                            ? static_cast<size_t>(info.st_size) + 1
                            : size_t{4096};
    buffer.resize(start + hint);
    size_t end = start;
    while (true) {
      if (end == buffer.size()) {
        buffer.resize(end + std::max(kMinRead, end - start));  // grow geometrically
      }
      const ssize_t n = read(fd, buffer.data() + end, buffer.size() - end);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int error = errno;
        close(fd);
        buffer.resize(start);
        AddProblem(index, 0, absl::StrCat("read error: ", std::strerror(error)));
        return;
      }
      if (n == 0) break;
      bytes_read_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
      end += static_cast<size_t>(n);
    }
    close(fd);
    buffer.resize(end);
    size_t offset = start;
    if (std::string_view(buffer).substr(start).starts_with(kBom)) offset += kBom.size();
    RecordBatch::Record record;
    record.file_index = index;
    record.line = 1;
    record.offset = offset;
    record.size = end - offset;
    record.plain_text = true;
    record.relative_path = entry.relative_path;
    batch_->records.push_back(std::move(record));
  }

  // Reads the next block of the current JSONL stream and cuts it into lines.
  void ReadChunk() {
    std::string& buffer = *buffer_;
    const size_t have = buffer.size();
    // Up to the batch target; past it only while one line is longer than the
    // whole batch, doubling so that a huge line costs O(n) copies, not O(n^2).
    const size_t want = std::max({batch_bytes_ > have ? batch_bytes_ - have : size_t{0},
                                  kMinRead, have - line_start_});
    buffer.resize(have + want);
    absl::StatusOr<size_t> n = source_->Read(buffer.data() + have, want);
    if (!n.ok()) {
      // The partial line at the damage is not a record; everything before it is.
      buffer.resize(line_start_);
      AddProblem(current_, line_ + 1, std::string(n.status().message()));
      source_.reset();
      return;
    }
    buffer.resize(have + *n);
    if (*n == 0) {  // end of stream: a last line without "\n" is still a line
      if (line_start_ < buffer.size()) EmitLine(buffer.size());
      source_.reset();
      return;
    }
    const char* const base = buffer.data();
    const char* const end = base + buffer.size();
    const char* p = base + have;
    while (const void* found = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
      const char* newline = static_cast<const char*>(found);
      EmitLine(static_cast<size_t>(newline - base));
      line_start_ = static_cast<size_t>(newline - base) + 1;
      p = newline + 1;
    }
  }

  // Records the line [line_start_, end) of the buffer (without its "\n").
  void EmitLine(size_t end) {
    ++line_;
    size_t begin = line_start_;
    const std::string_view buffer(*buffer_);
    if (line_ == 1 && buffer.substr(begin, end - begin).starts_with(kBom)) begin += kBom.size();
    if (end > begin && buffer[end - 1] == '\r') --end;
    const std::string_view line = buffer.substr(begin, end - begin);
    if (line.empty() || ((line.front() == ' ' || line.front() == '\t' || line.front() == '\r') &&
                         IsBlank(line))) {
      return;
    }
    RecordBatch::Record record;
    record.file_index = current_;
    record.line = line_;
    record.offset = begin;
    record.size = end - begin;
    batch_->records.push_back(std::move(record));
  }

  const size_t batch_bytes_;
  const std::vector<InputEntry> entries_;
  std::shared_ptr<const std::vector<std::string>> files_;
  std::vector<InputProblem> pending_problems_;  // met in Open, reported in the first batch
  size_t next_entry_ = 0;
  // Written by ReadBatch, read by progress reports on other threads (the
  // engine's collect stage runs beside its read stage).
  std::atomic<uint64_t> bytes_read_{0};

  // The JSONL stream being read; null between inputs.
  std::unique_ptr<internal::ByteSource> source_;
  uint32_t current_ = 0;
  uint64_t line_ = 0;       // lines of the current stream cut so far
  std::string carry_;       // the unfinished line at the end of the last batch

  // Valid during ReadBatch only.
  RecordBatch* batch_ = nullptr;
  std::string* buffer_ = nullptr;
  size_t line_start_ = 0;   // where the unfinished line starts in *buffer_
};

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

using simdjson::ondemand::json_type;

const char* TypeName(json_type type) {
  switch (type) {
    case json_type::array:
      return "array";
    case json_type::object:
      return "object";
    case json_type::number:
      return "number";
    case json_type::string:
      return "string";
    case json_type::boolean:
      return "boolean";
    case json_type::null:
      return "null";
  }
  return "unknown";
}

const char* WithArticle(json_type type) {
  switch (type) {
    case json_type::array:
      return "an array";
    case json_type::object:
      return "an object";
    case json_type::number:
      return "a number";
    case json_type::string:
      return "a string";
    case json_type::boolean:
      return "a boolean";
    case json_type::null:
      return "null";
  }
  return "of unknown type";
}

// Names a field in messages by its role, adding the configured JSON name when
// it differs, so that a message reads "id is null" for the default schema and
// `id ("doc_id") is null` for another.
std::string Role(const char* role, const std::string& field) {
  if (field == role) return role;
  return absl::StrCat(role, " (\"", field, "\")");
}

absl::Status BadRecord(const std::string& reason) { return absl::InvalidArgumentError(reason); }

absl::Status InvalidJson(simdjson::error_code error) {
  return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", simdjson::error_message(error)));
}

// Replaces each maximal ill-formed subsequence with U+FFFD, the W3C/Unicode
// "substitution of maximal subparts" practice that browsers use too, so the
// repaired text matches what a reader of the page would have seen.
void RepairUtf8(std::string_view in, std::string* out) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  out->clear();
  out->reserve(in.size() + 16);
  size_t i = 0;
  const size_t n = in.size();
  auto byte = [&in](size_t k) { return static_cast<unsigned char>(in[k]); };
  while (i < n) {
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      size_t j = i + 1;
      while (j < n && byte(j) < 0x80) ++j;
      out->append(in.substr(i, j - i));
      i = j;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // valid range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // no overlong forms
      if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    }
    if (length == 0) {
      out->append(kReplacement);
      ++i;
      continue;
    }
    size_t k = 1;
    for (; k < length && i + k < n; ++k) {
      const unsigned char c = byte(i + k);
      const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
      if (!ok) break;
    }
    if (k == length) {
      out->append(in.substr(i, length));
    } else {
      out->append(kReplacement);
    }
    i += k;
  }
}

// Shortens a value quoted in a warning, at a character boundary.
std::string Excerpt(std::string_view value) {
  constexpr size_t kMax = 80;
  if (value.size() <= kMax) return std::string(value);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(std::string(value.substr(0, cut)), "...");
}

// The fields a record is read for; an index into the first-occurrence flags.
enum Field { kIdField, kTextField, kTitleField, kSourceField, kDateField, kUrlField, kNumFields };

int FieldOf(std::string_view key, const IngestOptions& options) {
  if (key == options.id_field) return kIdField;
  if (key == options.text_field) return kTextField;
  // Empty names switch a field off; no key can match them then.
  if (!options.title_field.empty() && key == options.title_field) return kTitleField;
  if (!options.source_field.empty() && key == options.source_field) return kSourceField;
  if (!options.date_field.empty() && key == options.date_field) return kDateField;
  if (!options.url_field.empty() && key == options.url_field) return kUrlField;
  return kNumFields;
}

// Reads a field that must be a string when present: null counts as absent.
absl::Status ReadRequiredString(simdjson::ondemand::value& value, json_type type,
                                const char* role, const std::string& field,
                                std::string* out) {
  if (type == json_type::null) return absl::OkStatus();
  if (type != json_type::string) {
    return BadRecord(absl::StrCat(Role(role, field), " is not a string (", TypeName(type), ")"));
  }
  std::string_view s;
  if (simdjson::error_code error = value.get_string().get(s)) return InvalidJson(error);
  out->assign(s.data(), s.size());
  return absl::OkStatus();
}

// Reads a field whose bad type only loses that field (with a warning).
absl::Status ReadOptionalString(simdjson::ondemand::value& value, json_type type,
                                const char* role, const std::string& field,
                                std::string* out, std::vector<std::string>* warnings) {
  if (type == json_type::null) return absl::OkStatus();
  if (type != json_type::string) {
    if (warnings != nullptr) {
      warnings->push_back(
          absl::StrCat(Role(role, field), " is not a string (", TypeName(type), "): ignored"));
    }
    return absl::OkStatus();
  }
  std::string_view s;
  if (simdjson::error_code error = value.get_string().get(s)) return InvalidJson(error);
  out->assign(s.data(), s.size());
  return absl::OkStatus();
}

absl::Status ReadId(simdjson::ondemand::value& value, json_type type, const std::string& field,
                    Article* article) {
  if (type == json_type::string) {
    std::string_view s;
    if (simdjson::error_code error = value.get_string().get(s)) return InvalidJson(error);
    if (s.empty()) return BadRecord(absl::StrCat(Role("id", field), " is an empty string"));
    article->id.assign(s.data(), s.size());
    return absl::OkStatus();
  }
  if (type == json_type::number) {
    // The literal text, not a converted value: 1.50 or a 25-digit id must be
    // written back exactly as given.
    std::string_view raw = value.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' ||
                            raw.back() == '\r')) {
      raw.remove_suffix(1);
    }
    // raw_json_token() does not validate; parsing as a double does (any
    // well-formed JSON number, however long, parses).
    double ignored;
    if (simdjson::error_code error = value.get_double().get(ignored)) return InvalidJson(error);
    article->id.assign(raw.data(), raw.size());
    article->id_is_number = true;
    return absl::OkStatus();
  }
  if (type == json_type::null) return BadRecord(absl::StrCat(Role("id", field), " is null"));
  return BadRecord(absl::StrCat(Role("id", field), " is ", WithArticle(type)));
}

absl::Status ParseJsonRecord(simdjson::padded_string_view json, const IngestOptions& options,
                             Article* article, std::vector<std::string>* warnings) {
  // One parser per thread: its buffers are reused for every record, and
  // ParseRecord may run on many threads at once.
  thread_local simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (simdjson::error_code error = parser.iterate(json).get(doc)) return InvalidJson(error);
  json_type root_type;
  if (simdjson::error_code error = doc.type().get(root_type)) return InvalidJson(error);
  if (root_type != json_type::object) {
    return BadRecord(absl::StrCat("not a JSON object (", TypeName(root_type), ")"));
  }
  simdjson::ondemand::object object;
  if (simdjson::error_code error = doc.get_object().get(object)) return InvalidJson(error);

  bool seen[kNumFields] = {};
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (simdjson::error_code error = std::move(field_result).get(field)) return InvalidJson(error);
    std::string_view key;
    if (simdjson::error_code error = field.unescaped_key().get(key)) return InvalidJson(error);
    // Duplicate keys: the first occurrence wins (as in most streaming JSON
    // readers); later ones are skipped unread.
    const int which = FieldOf(key, options);
    if (which == kNumFields || seen[which]) continue;
    seen[which] = true;

    simdjson::ondemand::value value = field.value();
    json_type type;
    if (simdjson::error_code error = value.type().get(type)) return InvalidJson(error);
    absl::Status status;
    switch (which) {
      case kIdField:
        status = ReadId(value, type, options.id_field, article);
        break;
      case kTextField:
        status = ReadRequiredString(value, type, "text", options.text_field, &article->text);
        break;
      case kTitleField:
        status = ReadRequiredString(value, type, "title", options.title_field, &article->title);
        break;
      case kSourceField:
        status = ReadOptionalString(value, type, "source", options.source_field, &article->source,
                                    warnings);
        break;
      case kDateField:
        status = ReadOptionalString(value, type, "published", options.date_field,
                                    &article->published_raw, warnings);
        break;
      case kUrlField:
        status = ReadOptionalString(value, type, "url", options.url_field, &article->url, warnings);
        break;
    }
    if (!status.ok()) return status;
  }

  // The object iterated to its end; anything after it ({"id":1}{"id":2}) means
  // the line is not one record. (Trailing scalars such as `{"id":1} x` already
  // fail above: simdjson then finds the object unclosed.)
  if (!doc.current_location().error()) {
    return BadRecord("invalid JSON: trailing content after the object");
  }
  if (!seen[kIdField]) return BadRecord(absl::StrCat("missing ", Role("id", options.id_field)));

  if (!article->published_raw.empty()) {
    if (std::optional<Timestamp> t = ParseTimestamp(article->published_raw)) {
      article->published = *t;
    } else if (warnings != nullptr) {
      warnings->push_back(absl::StrCat("unparseable ", Role("published", options.date_field),
                                       " value '", Excerpt(article->published_raw),
                                       "': treated as unknown"));
    }
  }
  return absl::OkStatus();
}

void ResetArticle(Article* article) {
  // clear() rather than assigning a fresh Article: the strings keep their
  // capacity when a caller reuses one Article for many records.
  article->id.clear();
  article->id_is_number = false;
  article->title.clear();
  article->text.clear();
  article->source.clear();
  article->url.clear();
  article->published_raw.clear();
  article->published = Timestamp{};
}

}  // namespace

absl::Status IngestOptions::Validate() const {
  if (id_field.empty()) return absl::InvalidArgumentError("id_field must not be empty");
  if (text_field.empty()) return absl::InvalidArgumentError("text_field must not be empty");
  // One JSON key cannot fill two roles; a repeated name is a configuration slip.
  const std::string* names[] = {&id_field,     &text_field, &title_field,
                                &source_field, &date_field, &url_field};
  for (size_t i = 0; i < std::size(names); ++i) {
    for (size_t j = i + 1; j < std::size(names); ++j) {
      if (!names[i]->empty() && *names[i] == *names[j]) {
        return absl::InvalidArgumentError(
            absl::StrCat("field name \"", *names[i], "\" is given for two fields"));
      }
    }
  }
  if (batch_bytes < kMinBatchBytes || batch_bytes > kMaxBatchBytes) {
    return absl::InvalidArgumentError(absl::StrCat("batch_bytes must be in [", kMinBatchBytes,
                                                   ", ", kMaxBatchBytes, "], got ", batch_bytes));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(std::vector<std::string> inputs,
                                                                 const IngestOptions& options) {
  if (absl::Status status = options.Validate(); !status.ok()) return status;
  if (inputs.empty()) return absl::InvalidArgumentError("no inputs");

  namespace fs = std::filesystem;
  std::vector<InputEntry> entries;
  std::vector<InputProblem> problems;
  for (std::string& input : inputs) {
    if (input == "-") {
      entries.push_back(InputEntry{InputEntry::Kind::kJsonl, std::move(input), ""});
      continue;
    }
    std::error_code error;
    const fs::file_status status = fs::status(input, error);
    if (error || !fs::exists(status)) {
      if (!error) error = std::make_error_code(std::errc::no_such_file_or_directory);
      problems.push_back(InputProblem{input, 0, absl::StrCat("cannot open: ", error.message()), true});
      continue;
    }
    if (fs::is_directory(status)) {
      std::vector<std::string> relative_paths;
      CollectTextFiles(input, &relative_paths, &problems);
      // Sorted by byte value of the whole relative path: the order (and so
      // the output) must not depend on the file system's listing order.
      std::sort(relative_paths.begin(), relative_paths.end());
      const std::string prefix = input.ends_with('/') ? input : input + "/";
      for (std::string& relative : relative_paths) {
        entries.push_back(
            InputEntry{InputEntry::Kind::kText, absl::StrCat(prefix, relative), std::move(relative)});
      }
    } else if (input.ends_with(".txt")) {
      // A single .txt named on the command line is one article, as it would
      // be inside a directory; its id is the file name.
      std::string name = fs::path(input).filename().string();
      entries.push_back(InputEntry{InputEntry::Kind::kText, std::move(input), std::move(name)});
    } else {
      entries.push_back(InputEntry{InputEntry::Kind::kJsonl, std::move(input), ""});
    }
  }
  if (entries.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::ResourceExhaustedError("too many input files");
  }
  return std::unique_ptr<RecordReader>(
      new RecordReaderImpl(options, std::move(entries), std::move(problems)));
}

absl::Status ParseRecord(const RecordBatch& batch, size_t index, const IngestOptions& options,
                         Article* article, std::vector<std::string>* warnings) {
  if (index >= batch.records.size()) {
    return absl::OutOfRangeError(absl::StrCat("record ", index, " of ", batch.records.size()));
  }
  const RecordBatch::Record& record = batch.records[index];
  if (record.offset > batch.buffer.size() || record.size > batch.buffer.size() - record.offset) {
    return absl::OutOfRangeError("record lies outside the batch buffer");
  }
  ResetArticle(article);
  article->file_index = record.file_index;
  article->line = record.line;

  std::string_view bytes = batch.bytes(index);
  size_t capacity = batch.buffer.size() - record.offset;
  // Repairs need a copy; so does a batch built by hand without padding.
  thread_local std::string scratch;
  if (!simdjson::validate_utf8(bytes.data(), bytes.size())) {
    RepairUtf8(bytes, &scratch);
    if (warnings != nullptr) warnings->push_back("invalid UTF-8 repaired");
    bytes = scratch;
    capacity = 0;
  }

  if (record.plain_text) {
    article->id = record.relative_path;
    article->text.assign(bytes.data(), bytes.size());
    return absl::OkStatus();
  }

  if (capacity < bytes.size() + simdjson::SIMDJSON_PADDING) {
    if (bytes.data() != scratch.data()) scratch.assign(bytes.data(), bytes.size());
    const size_t size = scratch.size();
    scratch.append(simdjson::SIMDJSON_PADDING, '\0');
    bytes = std::string_view(scratch.data(), size);
    capacity = scratch.size();
  }
  return ParseJsonRecord(simdjson::padded_string_view(bytes.data(), bytes.size(), capacity), options,
                         article, warnings);
}

}  // namespace wiretrace
