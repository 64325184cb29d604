#include "internal/record_fields.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wiretrace::internal {
namespace {

constexpr size_t kMaxKeys = 40;

}  // namespace

bool IsFieldPath(std::string_view name) {
  if (name.size() > 1 && name.front() == '/') return true;
  const size_t dot = name.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < name.size();
}

std::string FieldPointer(std::string_view name) {
  if (name.front() == '/') return std::string(name);
  std::string out = "/";
  for (char c : name) {
    if (c == '.') {
      out += '/';
    } else if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

FieldCensus::FieldCensus(const IngestOptions& options) {
  const IngestOptions defaults;
  auto add = [this](const char* role, const std::string& name) {
    if (name.empty()) return;
    checked_.push_back({role, name, IsFieldPath(name) ? FieldPointer(name) : "", false});
  };
  add("id", options.id_field);
  add("text", options.text_field);
  if (options.title_field != defaults.title_field) add("title", options.title_field);
  if (options.source_field != defaults.source_field) add("source", options.source_field);
  if (options.date_field != defaults.date_field) add("published", options.date_field);
  if (options.url_field != defaults.url_field) add("url", options.url_field);
}

void FieldCensus::See(std::string_view key) {
  for (Checked& c : checked_) c.found = c.found || c.name == key;
  if (keys_seen_.size() < kMaxKeys && std::find(keys_seen_.begin(), keys_seen_.end(), key) == keys_seen_.end()) {
    keys_seen_.emplace_back(key);
  }
}

void FieldCensus::ObserveJson(std::string_view json) {
  if (done()) return;
  simdjson::dom::element root;
  if (parser_.parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(root)) return;
  simdjson::dom::object object;
  if (root.get_object().get(object)) return;
  ++records_;
  for (auto field : object) See(field.key);
  for (Checked& c : checked_) {
    if (c.found || c.pointer.empty()) continue;
    simdjson::dom::element value;
    c.found = !root.at_pointer(c.pointer).get(value);
  }
}

void FieldCensus::ObserveKeys(const std::vector<std::string>& keys) {
  ++records_;
  for (const std::string& key : keys) See(key);
}

std::vector<std::string> FieldCensus::Report() const {
  std::vector<std::string> out;
  if (records_ == 0) return out;
  for (const Checked& c : checked_) {
    if (c.found) continue;
    std::string what = c.name == c.role ? absl::StrCat("field \"", c.name, "\"")
                                        : absl::StrCat(c.role, " field \"", c.name, "\"");
    out.push_back(absl::StrCat(what, " is in none of the ", records_ == 1 ? "" : "first ", records_,
                               records_ == 1 ? " record" : " records", "; keys seen: ",
                               keys_seen_.empty() ? "(none)" : absl::StrJoin(keys_seen_, ", "),
                               keys_seen_.size() == kMaxKeys ? ", ..." : ""));
  }
  return out;
}

}  // namespace wiretrace::internal
