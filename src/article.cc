// Timestamps of the `published` field: a strict ISO 8601 subset, normalised to UTC.
//
// Strict on purpose: provenance orders chains by time, so a value we half
// understood (a stray "2022-02-30", a date followed by junk) would give a wrong
// order, while an unknown date only makes provenance fall back on text evidence.
#include "wiretrace/article.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace wiretrace {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Calendar arithmetic is Abseil's civil time: proleptic Gregorian, exact for
// every year, no time-zone database.
constexpr absl::CivilDay kEpoch(1970, 1, 1);

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A cursor over the text; every accessor fails softly at the end of input.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Skip() { ++pos_; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // Reads exactly `count` decimal digits.
  bool Digits(int count, int* value) {
    int result = 0;
    for (int i = 0; i < count; ++i) {
      if (!IsDigit(Peek())) return false;
      result = result * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    *value = result;
    return true;
  }
  bool NextAreDigits(size_t count) const {
    if (text_.size() - pos_ < count) return false;
    for (size_t i = 0; i < count; ++i) {
      if (!IsDigit(text_[pos_ + i])) return false;
    }
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::string_view StripAsciiWhitespace(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  // Feeds pad values with spaces; tolerating them costs nothing and loses nothing.
  Scanner in(StripAsciiWhitespace(text));

  int year = 0, month = 0, day = 0;
  if (!in.Digits(4, &year)) return std::nullopt;
  // ISO 8601 forbids mixing the basic (20220225T100405) and extended
  // (2022-02-25T10:04:05) formats; the date's form decides the time's.
  const bool extended = in.Consume('-');
  if (!in.Digits(2, &month)) return std::nullopt;
  if (extended && !in.Consume('-')) return std::nullopt;
  if (!in.Digits(2, &day)) return std::nullopt;
  // CivilDay normalises fields out of range (2022-02-30 is 2022-03-02): a
  // date that does not come back as written does not exist.
  const absl::CivilDay date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) return std::nullopt;

  const int64_t days = date - kEpoch;
  if (in.AtEnd()) return Timestamp{days * kSecondsPerDay, Timestamp::Precision::kDate};

  // RFC 3339 allows a space (and lower case) in place of "T"; feeds use both.
  const char separator = in.Peek();
  if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
  in.Skip();

  int hour = 0, minute = 0, second = 0;
  if (!in.Digits(2, &hour)) return std::nullopt;
  if (extended && !in.Consume(':')) return std::nullopt;
  if (!in.Digits(2, &minute)) return std::nullopt;
  bool has_seconds = false;
  if (extended ? in.Consume(':') : in.NextAreDigits(2)) {
    if (!in.Digits(2, &second)) return std::nullopt;
    has_seconds = true;
  }
  if (has_seconds && (in.Peek() == '.' || in.Peek() == ',')) {
    // Sub-second precision cannot order articles meaningfully: drop it.
    in.Skip();
    if (!IsDigit(in.Peek())) return std::nullopt;
    while (IsDigit(in.Peek())) in.Skip();
  }
  // 24:00 and leap second 60 are legal ISO but never seen in feeds; 60 is kept
  // (it rolls into the next minute) because some clocks do emit it.
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;

  int64_t offset_seconds = 0;
  if (in.Consume('Z') || in.Consume('z')) {
    // UTC.
  } else if (in.Peek() == '+' || in.Peek() == '-') {
    const int sign = in.Peek() == '-' ? -1 : 1;
    in.Skip();
    int offset_hours = 0, offset_minutes = 0;
    if (!in.Digits(2, &offset_hours)) return std::nullopt;
    if (in.Consume(':')) {
      if (!in.Digits(2, &offset_minutes)) return std::nullopt;
    } else if (in.NextAreDigits(2)) {
      in.Digits(2, &offset_minutes);
    }
    if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
    offset_seconds = sign * (int64_t{offset_hours} * 3600 + offset_minutes * 60);
  }
  if (!in.AtEnd()) return std::nullopt;

  const int64_t local =
      days * kSecondsPerDay + int64_t{hour} * 3600 + int64_t{minute} * 60 + second;
  return Timestamp{local - offset_seconds, Timestamp::Precision::kDateTime};
}

std::string FormatTimestamp(const Timestamp& t) {
  if (!t.known()) return "";
  // Floor division, so that instants before 1970 land on the right day.
  int64_t days = t.seconds_utc / kSecondsPerDay;
  int64_t rest = t.seconds_utc % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  const absl::CivilDay date = kEpoch + days;
  if (t.precision == Timestamp::Precision::kDate) {
    return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
  }
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", date.year(), date.month(), date.day(),
                         rest / 3600, rest / 60 % 60, rest % 60);
}

}  // namespace wiretrace
