// Minimal JSON writing helpers shared by the tools' outputs.
//
//   std::string line = "{\"id\":";
//   wiretrace::AppendJsonString(&line, id);
//
// Thread safety: pure functions.
#ifndef WIRETRACE_JSON_H_
#define WIRETRACE_JSON_H_

#include <string>
#include <string_view>

namespace wiretrace {

// Appends `s` as a quoted JSON string. Control characters, quotes, backslashes
// and U+2028/U+2029 (which break JavaScript embedding) are escaped; the input
// is expected to be valid UTF-8 (ingest repairs it).
void AppendJsonString(std::string* out, std::string_view s);

// Appends an id as given: a JSON number's literal text when is_number, else a
// JSON string.
void AppendJsonId(std::string* out, std::string_view id, bool is_number);

// `s` with every control character (C0 including tab and line breaks, DEL,
// and the C1 controls U+0080..U+009F) replaced by a space: safe to print to a
// terminal or into one line of a table. Article text is untrusted, and an
// escape sequence in a scraped outlet name must not reach the terminal.
std::string PrintableText(std::string_view s);

// Appends a CSV field, quoted when it holds a comma, quote or line break.
void AppendCsvField(std::string* out, std::string_view s);

}  // namespace wiretrace

#endif  // WIRETRACE_JSON_H_
