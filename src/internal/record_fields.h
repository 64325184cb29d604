// Field names of the input schema: nested names ("meta.body", or the JSON
// pointer "/meta/body"), and the census that notices when a configured field
// is in none of a file's first records (a misspelled --text-field would
// otherwise compare titles only, and the results would change without a word).
//
// Thread safety: the free functions are pure; a FieldCensus is used from one
// thread at a time.
#ifndef WIRETRACE_INTERNAL_RECORD_FIELDS_H_
#define WIRETRACE_INTERNAL_RECORD_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simdjson.h"
#include "wiretrace/ingest.h"

namespace wiretrace::internal {

// True when `name` names a nested field: it starts with '/' (a JSON pointer,
// RFC 6901) or holds a '.' between two non-empty parts. A key that is
// literally "meta.body" still wins over the path: it is looked up first.
bool IsFieldPath(std::string_view name);

// The JSON pointer of a nested name: "/meta/body" as is, "meta.body" ->
// "/meta/body" (with '~' and '/' inside a part escaped).
std::string FieldPointer(std::string_view name);

// How many records of each file the census looks at.
inline constexpr uint64_t kCensusRecords = 1000;

class FieldCensus {
 public:
  explicit FieldCensus(const IngestOptions& options);

  // Looks at one record (a JSON line; invalid ones are ignored) or a header row.
  void ObserveJson(std::string_view json);
  void ObserveKeys(const std::vector<std::string>& keys);

  bool done() const { return records_ >= kCensusRecords; }

  // One warning per checked field found in none of the records seen, naming
  // the field, its role and the keys that were there; empty when all were
  // found or nothing was seen. Checked: id and text always, the optional
  // fields when they are not the defaults (a default that a corpus lacks,
  // such as "url", is no mistake).
  std::vector<std::string> Report() const;

 private:
  struct Checked {
    const char* role;
    std::string name;
    std::string pointer;  // "" unless a path
    bool found = false;
  };
  void See(std::string_view key);

  std::vector<Checked> checked_;
  std::vector<std::string> keys_seen_;  // in order of first appearance, at most kMaxKeys
  uint64_t records_ = 0;
  simdjson::dom::parser parser_;
};

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_RECORD_FIELDS_H_
