// Article: one input document, as ingest produces it and every later stage sees it.
//
//   wiretrace::Article a;
//   a.id = "ani-2022-02-25-17";
//   a.text = "Russia and China on Thursday discussed ...";
//   a.published = wiretrace::ParseTimestamp("2022-02-25T10:04:00+05:30").value();
//
// Thread safety: plain values; distinct objects may be used from distinct threads.
#ifndef WIRETRACE_ARTICLE_H_
#define WIRETRACE_ARTICLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wiretrace {

// A point in time from the `published` field, normalised to UTC. Dates without a
// time keep precision kDate so that provenance knows it cannot order two articles
// of the same day by time alone.
struct Timestamp {
  enum class Precision : uint8_t { kNone = 0, kDate = 1, kDateTime = 2 };

  int64_t seconds_utc = 0;  // Unix seconds; for kDate, midnight UTC of that date.
  Precision precision = Precision::kNone;

  bool known() const { return precision != Precision::kNone; }
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses ISO 8601 dates and date-times: "2022-02-25", "2022-02-25T10:04",
// "2022-02-25T10:04:05Z", "2022-02-25 10:04:05.123+05:30", "20220225T100405Z".
// A date-time without a zone is taken as UTC. Returns nullopt for anything else
// (including impossible dates such as 2022-02-30).
std::optional<Timestamp> ParseTimestamp(std::string_view text);

// Formats as "YYYY-MM-DD" (kDate) or "YYYY-MM-DDTHH:MM:SSZ" (kDateTime); "" for kNone.
std::string FormatTimestamp(const Timestamp& t);

struct Article {
  // The id exactly as the input gave it. For a JSON number id, the number's
  // literal text (e.g. "42") with id_is_number set, so output writes it back
  // as a number.
  std::string id;
  bool id_is_number = false;

  std::string title;
  std::string text;
  std::string source;     // outlet; "" when absent
  std::string url;        // "" when absent
  std::string published_raw;  // the `published` value as given; "" when absent
  Timestamp published;        // precision kNone when absent or unparseable

  // Where the record came from: index into the reader's file list, and the
  // 1-based line number (1 for a whole .txt file).
  uint32_t file_index = 0;
  uint64_t line = 0;
};

}  // namespace wiretrace

#endif  // WIRETRACE_ARTICLE_H_
