#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/logical_type.h"

namespace tarn {

// Calendar arithmetic on the proleptic Gregorian calendar. A DATE is days since
// 1970-01-01; a TIMESTAMP is microseconds since 1970-01-01 00:00:00. All functions are
// pure and thread-safe.
namespace date_time {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

struct CivilTime {
  int32_t hour, minute, second, micros;
};

int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
CivilDate CivilFromDays(int32_t days);
bool IsValidDate(int32_t year, int32_t month, int32_t day);
int32_t DaysInMonth(int32_t year, int32_t month);
bool IsLeapYear(int32_t year);

// Day of week, 0 = Sunday .. 6 = Saturday.
int32_t DayOfWeek(int32_t days);
int32_t DayOfYear(int32_t days);

// Splits a timestamp into its date (floor) and time of day.
int32_t TimestampDate(int64_t timestamp);
CivilTime TimestampTime(int64_t timestamp);
int64_t TimestampFromParts(int32_t days, int32_t hour, int32_t minute, int32_t second,
                           int32_t micros);

// Strict ISO parsing: "YYYY-MM-DD" and "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]" with optional
// trailing "Z" or "+00"/"+00:00". Return false on anything else (no exceptions).
bool TryParseDate(std::string_view text, int32_t* result);
bool TryParseTimestamp(std::string_view text, int64_t* result);
// Parses interval text such as "1 day", "3 months 2 days", "2 hours 30 minutes", "1 year".
bool TryParseInterval(std::string_view text, Interval* result);

std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t timestamp);
std::string FormatInterval(const Interval& interval);

// Adds months with end-of-month clamping (Jan 31 + 1 month = Feb 28/29), then days and
// microseconds. Throws kOutOfRange when the result leaves the representable range.
int32_t AddIntervalToDate(int32_t days, const Interval& interval);
int64_t AddIntervalToTimestamp(int64_t timestamp, const Interval& interval);

}  // namespace date_time
}  // namespace tarn
