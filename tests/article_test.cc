#include "wiretrace/article.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace wiretrace {
namespace {

using Precision = Timestamp::Precision;

constexpr int64_t kDay20220225 = 1645747200;  // 2022-02-25T00:00:00Z

Timestamp DateTime(int64_t seconds) { return Timestamp{seconds, Precision::kDateTime}; }

TEST(ParseTimestampTest, DateOnlyKeepsDatePrecision) {
  std::optional<Timestamp> t = ParseTimestamp("2022-02-25");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds_utc, kDay20220225);
  EXPECT_EQ(t->precision, Precision::kDate);
  EXPECT_TRUE(t->known());
}

TEST(ParseTimestampTest, DateTimeForms) {
  const int64_t t100405 = kDay20220225 + 10 * 3600 + 4 * 60 + 5;
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04"), DateTime(t100405 - 5));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:05"), DateTime(t100405));  // no zone = UTC
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:05Z"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("2022-02-25t10:04:05z"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("2022-02-25 10:04:05"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:05.123Z"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:05,5"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:05.123456789+00:00"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("20220225T100405Z"), DateTime(t100405));
  EXPECT_EQ(ParseTimestamp("20220225T1004"), DateTime(t100405 - 5));
  EXPECT_EQ(ParseTimestamp("20220225T100405+0530"), DateTime(t100405 - 5 * 3600 - 30 * 60));
  ASSERT_TRUE(ParseTimestamp("20220225").has_value());
  EXPECT_EQ(*ParseTimestamp("20220225"), (Timestamp{kDay20220225, Precision::kDate}));
}

TEST(ParseTimestampTest, TimeZonesNormaliseToUtc) {
  // 10:04 in India (+05:30) is 04:34 UTC.
  const int64_t utc_0434 = kDay20220225 + 4 * 3600 + 34 * 60;
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:00+05:30"), DateTime(utc_0434));
  EXPECT_EQ(ParseTimestamp("2022-02-25 10:04:00.123+05:30"), DateTime(utc_0434));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04+0530"), DateTime(utc_0434));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:04:00+05"), DateTime(utc_0434 + 30 * 60));
  // West of Greenwich: later in UTC, possibly the next day.
  EXPECT_EQ(ParseTimestamp("2022-02-25T20:00:00-08:00"), DateTime(kDay20220225 + 86400 + 4 * 3600));
  EXPECT_EQ(ParseTimestamp("2022-02-25T00:30:00+01:00"), DateTime(kDay20220225 - 30 * 60));
  EXPECT_EQ(ParseTimestamp("2022-02-25T10:00:00-00:00"), DateTime(kDay20220225 + 10 * 3600));
  // The same instant written in three zones is one timestamp.
  EXPECT_EQ(ParseTimestamp("2022-02-25T12:00:00+03:00"), ParseTimestamp("2022-02-25T09:00:00Z"));
  EXPECT_EQ(ParseTimestamp("2022-02-25T01:00:00-08:00"), ParseTimestamp("2022-02-25T09:00:00Z"));
}

TEST(ParseTimestampTest, SurroundingWhitespaceIsIgnored) {
  EXPECT_EQ(ParseTimestamp(" 2022-02-25 "), (Timestamp{kDay20220225, Precision::kDate}));
  EXPECT_EQ(ParseTimestamp("\t2022-02-25T00:00:00Z\n"), DateTime(kDay20220225));
}

TEST(ParseTimestampTest, LeapYears) {
  EXPECT_TRUE(ParseTimestamp("2024-02-29").has_value());
  EXPECT_TRUE(ParseTimestamp("2000-02-29").has_value());
  EXPECT_FALSE(ParseTimestamp("2023-02-29").has_value());
  EXPECT_FALSE(ParseTimestamp("1900-02-29").has_value());
  EXPECT_TRUE(ParseTimestamp("2022-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(ParseTimestamp("2022-04-31").has_value());
}

TEST(ParseTimestampTest, LeapSecondRollsOver) {
  EXPECT_EQ(ParseTimestamp("2016-12-31T23:59:60Z"), ParseTimestamp("2017-01-01T00:00:00Z"));
}

TEST(ParseTimestampTest, RejectsInvalidValues) {
  for (const char* bad : {
           "",
           "   ",
           "yesterday",
           "2022",
           "2022-02",
           "2022-2-25",
           "22-02-25",
           "2022-13-01",
           "2022-00-10",
           "2022-02-00",
           "2022-02-30",
           "2022-02-25T25:00",
           "2022-02-25T24:00",
           "2022-02-25T10:60",
           "2022-02-25T10:04:61",
           "2022-02-25T10",
           "2022-02-25T",
           "2022-02-25Tx",
           "2022-02-25X10:04",
           "2022-02-25Z",
           "2022-02-25 junk",
           "2022-02-25T10:04:05 junk",
           "2022-02-25T10:04:05Zjunk",
           "2022-02-25T10:04:05.",
           "2022-02-25T10:04:05.Z",
           "2022-02-25T10:04.5",
           "2022-02-25T10:04:05+5",
           "2022-02-25T10:04:05+05:6",
           "2022-02-25T10:04:05+05:60",
           "2022-02-25T10:04:05+24:00",
           "2022-02-25T10:04:05+05:30:00",
           "2022-02-25T10:04:05++05:30",
           "20220225T10:04:05Z",   // basic date, extended time
           "2022-02-25T100405",    // extended date, basic time
           "2022-02-25T10:04:5",
           "Fri, 25 Feb 2022 10:04:05 GMT",
           "1645783445",
       }) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(FormatTimestampTest, Formats) {
  EXPECT_EQ(FormatTimestamp(Timestamp{}), "");
  EXPECT_EQ(FormatTimestamp(Timestamp{kDay20220225, Precision::kDate}), "2022-02-25");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2022-02-25T10:04:00+05:30")), "2022-02-25T04:34:00Z");
  EXPECT_EQ(FormatTimestamp(DateTime(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(DateTime(-1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-86400, Precision::kDate}), "1969-12-31");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
}

// Cross-checks our calendar arithmetic against Abseil's over the whole range
// of four-digit years, in both directions.
TEST(TimestampTest, AgreesWithAbseilOnRandomInstants) {
  std::mt19937_64 rng(20220225);
  const int64_t lo = absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(1, 1, 1), absl::UTCTimeZone()));
  const int64_t hi =
      absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone()));
  std::uniform_int_distribution<int64_t> seconds(lo, hi);
  // Written with our own zero padding: absl's %Y does not pad years < 1000.
  auto iso = [](const absl::CivilSecond& c, const std::string& zone) {
    return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d%s", c.year(), c.month(), c.day(), c.hour(),
                           c.minute(), c.second(), zone);
  };
  for (int i = 0; i < 20000; ++i) {
    const int64_t s = seconds(rng);
    const absl::Time time = absl::FromUnixSeconds(s);
    const std::string expected = iso(absl::ToCivilSecond(time, absl::UTCTimeZone()), "Z");
    const std::string formatted = FormatTimestamp(DateTime(s));
    ASSERT_EQ(formatted, expected) << s;
    ASSERT_EQ(ParseTimestamp(formatted), DateTime(s)) << formatted;

    // The same instant, written in another zone.
    const int offset_minutes = static_cast<int>(rng() % (2 * 14 * 60 + 1)) - 14 * 60;
    const absl::CivilSecond local_civil =
        absl::ToCivilSecond(time, absl::FixedTimeZone(offset_minutes * 60));
    if (local_civil.year() < 1 || local_civil.year() > 9999) continue;  // out of ISO's 4 digits
    const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    const std::string local = iso(local_civil, absl::StrFormat("%c%02d:%02d", offset_minutes < 0 ? '-' : '+',
                                                               abs_offset / 60, abs_offset % 60));
    ASSERT_EQ(ParseTimestamp(local), DateTime(s)) << local;

    const absl::CivilDay day = absl::ToCivilDay(time, absl::UTCTimeZone());
    const std::string date = absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
    const std::optional<Timestamp> parsed_date = ParseTimestamp(date);
    ASSERT_TRUE(parsed_date.has_value()) << date;
    ASSERT_EQ(parsed_date->precision, Precision::kDate);
    ASSERT_EQ(parsed_date->seconds_utc, absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
    ASSERT_EQ(FormatTimestamp(*parsed_date), date);
  }
}

}  // namespace
}  // namespace wiretrace
