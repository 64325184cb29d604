// Ingest, the parsing half: Articles from raw records (ParseRecord). See
// include/wiretrace/ingest.h for the contract; src/ingest.cc reads the records.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "internal/record_fields.h"
#include "simdjson.h"
#include "wiretrace/article.h"
#include "wiretrace/html.h"
#include "wiretrace/ingest.h"

namespace wiretrace {
namespace {

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

// "an array", "a number", "null": the type as the subject of a sentence.
std::string WithArticle(json_type type) {
  const std::string_view name = TypeName(type);
  if (type == json_type::null) return std::string(name);
  if (name == "unknown") return "of unknown type";
  return (name[0] == 'a' || name[0] == 'o' ? "an " : "a ") + std::string(name);
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

// Fields named by a path ("meta.body", "/meta/body") that no top-level key
// matched, looked up in a DOM of the record (only records of such schemas pay
// for the second parse). The same rules as for top-level fields.
absl::Status ReadNestedFields(simdjson::padded_string_view json, const IngestOptions& options,
                              bool seen[kNumFields], Article* article, std::vector<std::string>* warnings) {
  const std::string* names[kNumFields] = {&options.id_field,     &options.text_field, &options.title_field,
                                          &options.source_field, &options.date_field, &options.url_field};
  static constexpr const char* kRoles[kNumFields] = {"id", "text", "title", "source", "published", "url"};
  std::string* targets[kNumFields] = {&article->id,     &article->text,          &article->title,
                                      &article->source, &article->published_raw, &article->url};
  bool any = false;
  for (int f = 0; f < kNumFields; ++f) any = any || (!seen[f] && internal::IsFieldPath(*names[f]));
  if (!any) return absl::OkStatus();
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (simdjson::error_code error = parser.parse(json.data(), json.size(), false).get(root)) return InvalidJson(error);
  for (int f = 0; f < kNumFields; ++f) {
    if (seen[f] || !internal::IsFieldPath(*names[f])) continue;
    simdjson::dom::element value;
    if (root.at_pointer(internal::FieldPointer(*names[f])).get(value)) continue;  // absent
    seen[f] = true;
    const std::string role = Role(kRoles[f], *names[f]);
    if (value.is_null()) {
      if (f == kIdField) return BadRecord(absl::StrCat(role, " is null"));
      if (f == kTextField && warnings != nullptr) {
        warnings->push_back(absl::StrCat(role, " is null: compared by its title only"));
      }
      continue;
    }
    if (value.is_string()) {
      const std::string_view text = value.get_string().value_unsafe();
      if (f == kIdField && text.empty()) return BadRecord(absl::StrCat(role, " is an empty string"));
      targets[f]->assign(text.data(), text.size());
    } else if (f == kIdField && value.is_number()) {
      *targets[f] = simdjson::minify(value);
      article->id_is_number = true;
    } else if (f <= kTitleField) {
      return BadRecord(absl::StrCat(role, " is not a string"));
    } else if (warnings != nullptr) {
      warnings->push_back(absl::StrCat(role, " is not a string: ignored"));
    }
  }
  return absl::OkStatus();
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
  bool text_null = false;
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
        text_null = type == json_type::null;
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
  if (absl::Status status = ReadNestedFields(json, options, seen, article, warnings); !status.ok()) {
    return status;
  }
  if (!seen[kIdField]) return BadRecord(absl::StrCat("missing ", Role("id", options.id_field)));
  // Valid, but only the title is left to compare: more often a misnamed or
  // dropped field than an article without a body, so it is said.
  if (warnings != nullptr && (!seen[kTextField] || text_null)) {
    warnings->push_back(absl::StrCat(Role("text", options.text_field), !seen[kTextField] ? " is missing" : " is null",
                                     ": compared by its title only"));
  }
  return absl::OkStatus();
}

void ParsePublished(const IngestOptions& options, Article* article, std::vector<std::string>* warnings) {
  if (article->published_raw.empty()) return;
  if (std::optional<Timestamp> t = ParseTimestamp(article->published_raw)) {
    article->published = *t;
  } else if (warnings != nullptr) {
    warnings->push_back(absl::StrCat("unparseable ", Role("published", options.date_field), " value '",
                                     Excerpt(article->published_raw), "': treated as unknown"));
  }
}

// The page's visible text replaces its HTML; what the page says about itself
// fills the fields the record left empty. With `page_time_wins` (a WARC
// response, whose record time is when the crawler fetched the page), a
// publication time the page states and that parses replaces the record's: a
// crawl may fetch a copy before its source, and provenance orders by time.
void ApplyHtml(std::string_view html, bool page_time_wins, Article* article, std::vector<std::string>* warnings) {
  HtmlText page = ExtractHtmlText(html);
  if (page.truncated && warnings != nullptr) {
    warnings->push_back("HTML nests elements thousands deep: read only up to there");
  }
  article->text = std::move(page.text);
  if (article->title.empty()) article->title = std::move(page.title);
  if (article->published_raw.empty() || (page_time_wins && ParseTimestamp(page.published))) {
    if (!page.published.empty()) article->published_raw = std::move(page.published);
  }
  if (article->url.empty()) article->url = std::move(page.canonical_url);
  // The outlet: boilerplate and teasers are found per outlet, and an outlet's
  // pages name their own site in their canonical URL.
  if (article->source.empty()) article->source = UrlHost(article->url);
  if (article->source.empty()) article->source = std::move(page.site_name);
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
    if (record.html) {
      ApplyHtml(bytes, /*page_time_wins=*/false, article, warnings);
      ParsePublished(options, article, warnings);
    } else {
      article->text.assign(bytes.data(), bytes.size());
    }
    return absl::OkStatus();
  }

  if (capacity < bytes.size() + simdjson::SIMDJSON_PADDING) {
    if (bytes.data() != scratch.data()) scratch.assign(bytes.data(), bytes.size());
    const size_t size = scratch.size();
    scratch.append(simdjson::SIMDJSON_PADDING, '\0');
    bytes = std::string_view(scratch.data(), size);
    capacity = scratch.size();
  }
  absl::Status status = ParseJsonRecord(simdjson::padded_string_view(bytes.data(), bytes.size(), capacity),
                                        options, article, warnings);
  if (!status.ok()) return status;
  if (record.html || options.html) {
    const std::string html = std::move(article->text);
    // A JSON record's own time wins over its page's; a WARC record's does not.
    ApplyHtml(html, /*page_time_wins=*/record.html, article, warnings);
  }
  ParsePublished(options, article, warnings);
  return absl::OkStatus();
}

}  // namespace wiretrace
