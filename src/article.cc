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

namespace wiretrace {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil): exact for every year, no tables, no time-zone database.
constexpr int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;                              // [0, 399]
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

// The inverse of DaysFromCivil.
constexpr CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), static_cast<int>(month),
                   static_cast<int>(day)};
}

static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);
static_assert(CivilFromDays(11017).year == 2000 && CivilFromDays(11017).month == 3);

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

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
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;

  const int64_t days = DaysFromCivil(year, month, day);
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
  const CivilDate date = CivilFromDays(days);
  if (t.precision == Timestamp::Precision::kDate) {
    return absl::StrFormat("%04d-%02d-%02d", date.year, date.month, date.day);
  }
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day,
                         rest / 3600, rest / 60 % 60, rest % 60);
}

}  // namespace wiretrace
