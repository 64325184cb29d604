#include "internal/converted_input.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "internal/ascii.h"
#include "internal/delimited_reader.h"
#include "internal/record_fields.h"
#include "internal/warc_reader.h"
#include "wiretrace/html.h"
#include "wiretrace/json.h"

namespace wiretrace::internal {
namespace {

class DelimitedInput : public ConvertedInput {
 public:
  DelimitedInput(std::unique_ptr<ByteSource> source, char delimiter, const IngestOptions& options)
      : source_(std::move(source)), reader_(source_.get(), delimiter), census_(options) {}

  absl::StatusOr<bool> Next(std::string* buffer, uint64_t* line, bool* html,
                            std::vector<ConvertedProblem>* problems) override {
    *html = false;
    if (!have_header_) {
      absl::StatusOr<bool> more = reader_.NextRow(&header_, line);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      have_header_ = true;
      census_.ObserveKeys(header_);
      for (std::string& warning : census_.Report()) {
        problems->push_back({*line, absl::StrCat("header: ", warning), false, true});
      }
    }
    while (true) {
      absl::StatusOr<bool> more = reader_.NextRow(&cells_, line);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      if (cells_.size() > header_.size()) {
        // A cell without a column cannot be named; the row is likely shifted by an unquoted delimiter.
        problems->push_back({*line, absl::StrCat("row has ", cells_.size(), " cells but the header has ",
                                                 header_.size(), " columns: record skipped (an unquoted delimiter?)")});
        continue;
      }
      // Fewer cells than columns: the missing ones are absent (spreadsheets drop trailing empty cells).
      buffer->push_back('{');
      for (size_t i = 0; i < cells_.size(); ++i) {
        if (i > 0) buffer->push_back(',');
        AppendJsonString(buffer, header_[i]);
        buffer->push_back(':');
        AppendJsonString(buffer, cells_[i]);
      }
      buffer->push_back('}');
      return true;
    }
  }

 private:
  std::unique_ptr<ByteSource> source_;
  DelimitedReader reader_;
  FieldCensus census_;
  bool have_header_ = false;
  std::vector<std::string> header_;
  std::vector<std::string> cells_;
};

class WarcInput : public ConvertedInput {
 public:
  WarcInput(std::unique_ptr<ByteSource> source, const IngestOptions& options)
      : source_(std::move(source)), reader_(source_.get()), options_(options) {}

  absl::StatusOr<bool> Next(std::string* buffer, uint64_t* line, bool* html,
                            std::vector<ConvertedProblem>* problems) override {
    while (true) {
      absl::StatusOr<bool> more = reader_.Next(&record_);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      *line = record_.line;
      std::string why;
      if (record_.type == "response") {
        // Requests, redirects, images and scripts are most of a crawl: skipped without a word.
        if (!HttpHtmlPayload(record_.block, &page_, &why)) continue;
      } else if (record_.type == "resource" && AsciiContainsIgnoreCase(record_.content_type, "html")) {
        page_ = std::move(record_.block);
      } else {
        continue;
      }
      const std::string& id = !record_.target_uri.empty() ? record_.target_uri : record_.record_id;
      if (id.empty()) {
        problems->push_back({*line, "WARC record has neither WARC-Target-URI nor WARC-Record-ID: record skipped"});
        continue;
      }
      *html = true;
      buffer->push_back('{');
      AppendMember(buffer, options_.id_field, id);
      AppendMember(buffer, options_.date_field, record_.date);
      AppendMember(buffer, options_.source_field, UrlHost(record_.target_uri));
      AppendMember(buffer, options_.url_field, record_.target_uri);
      AppendMember(buffer, options_.text_field, page_);
      buffer->push_back('}');
      return true;
    }
  }

 private:
  static void AppendMember(std::string* buffer, const std::string& key, std::string_view value) {
    if (key.empty() || value.empty()) return;
    if (buffer->back() != '{') buffer->push_back(',');
    AppendJsonString(buffer, key);
    buffer->push_back(':');
    AppendJsonString(buffer, value);
  }

  std::unique_ptr<ByteSource> source_;
  WarcReader reader_;
  const IngestOptions& options_;
  WarcRecord record_;
  std::string page_;
};

}  // namespace

std::unique_ptr<ConvertedInput> OpenDelimited(std::unique_ptr<ByteSource> source, char delimiter,
                                              const IngestOptions& options) {
  return std::make_unique<DelimitedInput>(std::move(source), delimiter, options);
}

std::unique_ptr<ConvertedInput> OpenWarc(std::unique_ptr<ByteSource> source, const IngestOptions& options) {
  return std::make_unique<WarcInput>(std::move(source), options);
}

}  // namespace wiretrace::internal
