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
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "internal/ascii.h"
#include "internal/converted_input.h"
#include "internal/ingest_source.h"
#include "internal/input_sniff.h"
#include "internal/record_fields.h"
#include "simdjson.h"
#include "wiretrace/article.h"
#include "wiretrace/html.h"

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

// How many decompressed bytes of a stream are looked at to tell its format.
constexpr size_t kSniffBytes = 8192;

struct InputEntry {
  // kStream: sniffed when opened (JSON lines, CSV/TSV, WARC, an HTML page).
  enum class Kind { kStream, kText, kHtml };
  Kind kind = Kind::kStream;
  std::string path;           // what open() gets; "-" for stdin
  std::string relative_path;  // kText, kHtml: the article id
  std::shared_ptr<const std::string> memory;  // kStream held in memory (IngestOptions::memory_inputs)
};

// What a file in a directory, or named alone, is by its name: one article of
// text or of HTML; anything else in a directory is not an article.
std::optional<InputEntry::Kind> ArticleKind(std::string_view name) {
  if (name.size() > 4 && name.ends_with(".txt")) return InputEntry::Kind::kText;
  if ((name.size() > 5 && internal::AsciiEndsWithIgnoreCase(name, ".html")) ||
      (name.size() > 4 && internal::AsciiEndsWithIgnoreCase(name, ".htm"))) {
    return InputEntry::Kind::kHtml;
  }
  return std::nullopt;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Appends every *.txt, *.html and *.htm below `root` to *relative_paths,
// relative to `root`, and reports directories that cannot be listed. Symbolic
// links to directories are not followed, so a link cycle cannot make the walk
// endless; links to files are.
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
      } else if (ArticleKind(name)) {
        // Kept even when it cannot be stat'ed (a dangling link): opening it
        // later reports the problem with the file's name.
        relative_paths->push_back(std::move(relative));
      }
    }
    if (error) {
      problems->push_back(InputProblem{dir.string(), 0,
                                       absl::StrCat("cannot list directory: ", error.message()),
                                       /*record_skipped=*/true, /*input_failure=*/true});
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
        options_(options),
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
      if (source_ == nullptr && converted_ == nullptr) {
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
      if (converted_ != nullptr) {
        ReadConverted();
      } else {
        ReadChunk();
      }
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

  // A problem with a whole input (it could not be read, or not past some
  // point): InputProblem::input_failure.
  void AddProblem(uint32_t file_index, uint64_t line, std::string message) {
    InputProblem problem{FileName(file_index), line, std::move(message), true};
    problem.input_failure = true;
    batch_->problems.push_back(std::move(problem));
  }

  void OpenNext() {
    const uint32_t index = static_cast<uint32_t>(next_entry_++);
    const InputEntry& entry = entries_[index];
    if (entry.kind != InputEntry::Kind::kStream) {
      ReadTextFile(index, entry);
      return;
    }
    absl::StatusOr<std::unique_ptr<internal::ByteSource>> opened =
        entry.memory != nullptr ? internal::OpenMemorySource(entry.memory, &bytes_read_)
                                : internal::OpenByteSource(entry.path, &bytes_read_);
    if (!opened.ok()) {
      AddProblem(index, 0, std::string(opened.status().message()));
      return;
    }
    std::string prefix;
    std::unique_ptr<internal::ByteSource> source = internal::PeekPrefix(*std::move(opened), kSniffBytes, &prefix);
    const internal::SniffResult sniff = internal::SniffInput(prefix, entry.path, options_.id_field);
    current_ = index;
    line_ = 0;
    line_start_ = buffer_->size();
    switch (sniff.format) {
      case internal::InputFormat::kRefused:
        AddProblem(index, 0, sniff.refusal);
        return;
      case internal::InputFormat::kHtml:
        ReadHtmlStream(index, source.get());
        return;
      case internal::InputFormat::kCsv:
      case internal::InputFormat::kTsv:
        converted_ = internal::OpenDelimited(std::move(source), sniff.format == internal::InputFormat::kTsv ? '\t' : ',',
                                             options_);
        return;
      case internal::InputFormat::kWarc:
        converted_ = internal::OpenWarc(std::move(source), options_);
        return;
      case internal::InputFormat::kJsonl:
        source_ = std::move(source);
        census_.emplace(options_);
        return;
    }
  }

  // The next record of a CSV/TSV/WARC input, converted to JSON in the batch.
  void ReadConverted() {
    std::vector<internal::ConvertedProblem> problems;
    uint64_t line = 0;
    bool html = false;
    const size_t start = buffer_->size();
    absl::StatusOr<bool> more = converted_->Next(buffer_, &line, &html, &problems);
    for (internal::ConvertedProblem& p : problems) {
      InputProblem problem{FileName(current_), p.line, std::move(p.message), p.record_skipped};
      problem.schema = p.schema;
      batch_->problems.push_back(std::move(problem));
    }
    if (!more.ok() || !*more) {
      buffer_->resize(start);
      if (!more.ok()) AddProblem(current_, line, std::string(more.status().message()));
      converted_.reset();
      return;
    }
    RecordBatch::Record record;
    record.file_index = current_;
    record.line = line;
    record.offset = start;
    record.size = buffer_->size() - start;
    record.html = html;
    batch_->records.push_back(std::move(record));
    line_start_ = buffer_->size();
  }

  // Warnings for configured fields that the first records of the current
  // JSON-lines file lack, once per file.
  void FinishCensus() {
    if (!census_) return;
    for (std::string& warning : census_->Report()) {
      InputProblem problem{FileName(current_), 0, std::move(warning), /*record_skipped=*/false};
      problem.schema = true;
      batch_->problems.push_back(std::move(problem));
    }
    census_.reset();
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
    AddWholeFile(index, offset, end, entry.kind == InputEntry::Kind::kHtml, entry.relative_path);
  }

  // Records buffer bytes [begin, end) as one article: a whole file.
  void AddWholeFile(uint32_t index, size_t begin, size_t end, bool html, std::string id) {
    RecordBatch::Record record;
    record.file_index = index;
    record.line = 1;
    record.offset = begin;
    record.size = end - begin;
    record.plain_text = true;
    record.html = html;
    record.relative_path = std::move(id);
    batch_->records.push_back(std::move(record));
  }

  // A stream sniffed as an HTML page (a page without .html in its name, or on
  // stdin): one record, id = the file's name.
  void ReadHtmlStream(uint32_t index, internal::ByteSource* source) {
    std::string& buffer = *buffer_;
    const size_t start = buffer.size();
    size_t end = start;
    while (true) {
      buffer.resize(end + kMinRead);
      absl::StatusOr<size_t> n = source->Read(buffer.data() + end, kMinRead);
      if (!n.ok()) {
        buffer.resize(start);
        AddProblem(index, 0, std::string(n.status().message()));
        return;
      }
      if (*n == 0) break;
      end += *n;
    }
    buffer.resize(end);
    const std::string& name = FileName(index);
    AddWholeFile(index, start, end, /*html=*/true,
                 name == kStdinName ? name : std::filesystem::path(name).filename().string());
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
      FinishCensus();
      source_.reset();
      return;
    }
    buffer.resize(have + *n);
    if (*n == 0) {  // end of stream: a last line without "\n" is still a line
      if (line_start_ < buffer.size()) EmitLine(buffer.size());
      FinishCensus();
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
    if (census_) {
      census_->ObserveJson(line);
      if (census_->done()) FinishCensus();
    }
  }

  const size_t batch_bytes_;
  const IngestOptions options_;
  const std::vector<InputEntry> entries_;
  std::shared_ptr<const std::vector<std::string>> files_;
  std::vector<InputProblem> pending_problems_;  // met in Open, reported in the first batch
  size_t next_entry_ = 0;
  // Written by ReadBatch, read by progress reports on other threads (the
  // engine's collect stage runs beside its read stage).
  std::atomic<uint64_t> bytes_read_{0};

  // The JSONL stream being read; null between inputs.
  std::unique_ptr<internal::ByteSource> source_;
  // The CSV/TSV/WARC input being read; null between inputs.
  std::unique_ptr<internal::ConvertedInput> converted_;
  // Which configured fields the current JSONL file's first records hold.
  std::optional<internal::FieldCensus> census_;
  uint32_t current_ = 0;
  uint64_t line_ = 0;       // lines of the current stream cut so far
  std::string carry_;       // the unfinished line at the end of the last batch

  // Valid during ReadBatch only.
  RecordBatch* batch_ = nullptr;
  std::string* buffer_ = nullptr;
  size_t line_start_ = 0;   // where the unfinished line starts in *buffer_
};

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
    if (options.memory_inputs != nullptr) {
      if (const auto it = options.memory_inputs->find(input); it != options.memory_inputs->end()) {
        if (it->second == nullptr) return absl::InvalidArgumentError(absl::StrCat("no bytes for input ", input));
        entries.push_back(InputEntry{InputEntry::Kind::kStream, std::move(input), "", it->second});
        continue;
      }
    }
    if (input == "-") {
      entries.push_back(InputEntry{InputEntry::Kind::kStream, std::move(input), "", nullptr});
      continue;
    }
    std::error_code error;
    const fs::file_status status = fs::status(input, error);
    if (error || !fs::exists(status)) {
      if (!error) error = std::make_error_code(std::errc::no_such_file_or_directory);
      problems.push_back(InputProblem{input, 0, absl::StrCat("cannot open: ", error.message()), true,
                                      /*input_failure=*/true});
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
        const InputEntry::Kind kind = *ArticleKind(relative);
        entries.push_back(InputEntry{kind, absl::StrCat(prefix, relative), std::move(relative), nullptr});
      }
    } else if (std::optional<InputEntry::Kind> kind = ArticleKind(input)) {
      // A single .txt or .html named on the command line is one article, as
      // it would be inside a directory; its id is the file name.
      std::string name = fs::path(input).filename().string();
      entries.push_back(InputEntry{*kind, std::move(input), std::move(name), nullptr});
    } else {
      entries.push_back(InputEntry{InputEntry::Kind::kStream, std::move(input), "", nullptr});
    }
  }
  if (entries.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::ResourceExhaustedError("too many input files");
  }
  return std::unique_ptr<RecordReader>(
      new RecordReaderImpl(options, std::move(entries), std::move(problems)));
}

}  // namespace wiretrace
