#include "types/date_time.h"

#include <cctype>
#include <cstdio>
#include <string>

#include "common/exception.h"

namespace tarn {
namespace date_time {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t quotient = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) quotient--;
  return quotient;
}

// Reads exactly `digits` digits (or 1..digits when `at_most` is set) starting at *pos.
bool ReadNumber(std::string_view text, size_t* pos, int min_digits, int max_digits,
                int32_t* value) {
  int count = 0;
  int32_t result = 0;
  while (*pos < text.size() && count < max_digits &&
         std::isdigit(static_cast<unsigned char>(text[*pos]))) {
    result = result * 10 + (text[*pos] - '0');
    (*pos)++;
    count++;
  }
  if (count < min_digits) return false;
  *value = result;
  return true;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool ParseDatePart(std::string_view text, size_t* pos, int32_t* days) {
  int32_t year, month, day;
  bool negative = false;
  if (*pos < text.size() && text[*pos] == '-') {
    negative = true;
    (*pos)++;
  }
  if (!ReadNumber(text, pos, 1, 6, &year)) return false;
  if (negative) year = -year;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  (*pos)++;
  if (!ReadNumber(text, pos, 1, 2, &month)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  (*pos)++;
  if (!ReadNumber(text, pos, 1, 2, &day)) return false;
  if (!IsValidDate(year, month, day)) return false;
  *days = DaysFromCivil(year, month, day);
  return true;
}

}  // namespace

bool IsLeapYear(int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int32_t DaysInMonth(int32_t year, int32_t month) {
  static const int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(int32_t year, int32_t month, int32_t day) {
  if (year < -290000 || year > 290000) return false;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= DaysInMonth(year, month);
}

// Howard Hinnant's civil calendar algorithms (public domain facts about the calendar).
int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;
  int64_t month_index = month > 2 ? month - 3 : month + 9;
  int64_t day_of_year = (153 * month_index + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<int32_t>(era * 146097 + day_of_era - 719468);
}

CivilDate CivilFromDays(int32_t days) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t day_of_era = z - era * 146097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t year = year_of_era + era * 400;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_index = (5 * day_of_year + 2) / 153;
  int32_t day = static_cast<int32_t>(day_of_year - (153 * month_index + 2) / 5 + 1);
  int32_t month = static_cast<int32_t>(month_index < 10 ? month_index + 3 : month_index - 9);
  return CivilDate{static_cast<int32_t>(year + (month <= 2 ? 1 : 0)), month, day};
}

int32_t DayOfWeek(int32_t days) {
  int64_t result = (static_cast<int64_t>(days) + 4) % 7;  // 1970-01-01 was a Thursday.
  if (result < 0) result += 7;
  return static_cast<int32_t>(result);
}

int32_t DayOfYear(int32_t days) {
  CivilDate date = CivilFromDays(days);
  return days - DaysFromCivil(date.year, 1, 1) + 1;
}

int32_t TimestampDate(int64_t timestamp) {
  return static_cast<int32_t>(FloorDiv(timestamp, kMicrosPerDay));
}

CivilTime TimestampTime(int64_t timestamp) {
  // The remainder taken directly: multiplying the day back overflows near the int64 limits.
  int64_t micros_of_day = timestamp % kMicrosPerDay;
  if (micros_of_day < 0) micros_of_day += kMicrosPerDay;
  CivilTime time;
  time.hour = static_cast<int32_t>(micros_of_day / kMicrosPerHour);
  time.minute = static_cast<int32_t>((micros_of_day / kMicrosPerMinute) % 60);
  time.second = static_cast<int32_t>((micros_of_day / kMicrosPerSecond) % 60);
  time.micros = static_cast<int32_t>(micros_of_day % kMicrosPerSecond);
  return time;
}

int64_t TimestampFromParts(int32_t days, int32_t hour, int32_t minute, int32_t second,
                           int32_t micros) {
  return static_cast<int64_t>(days) * kMicrosPerDay + hour * kMicrosPerHour +
         minute * kMicrosPerMinute + second * kMicrosPerSecond + micros;
}

bool TryParseDate(std::string_view text, int32_t* result) {
  text = TrimSpaces(text);
  size_t pos = 0;
  if (!ParseDatePart(text, &pos, result)) return false;
  return pos == text.size();
}

bool TryParseTimestamp(std::string_view text, int64_t* result) {
  text = TrimSpaces(text);
  size_t pos = 0;
  int32_t days;
  if (!ParseDatePart(text, &pos, &days)) return false;
  if (pos == text.size()) {
    *result = static_cast<int64_t>(days) * kMicrosPerDay;
    return true;
  }
  if (text[pos] != ' ' && text[pos] != 'T') return false;
  pos++;
  int32_t hour, minute, second = 0, micros = 0;
  if (!ReadNumber(text, &pos, 1, 2, &hour) || hour > 23) return false;
  if (pos >= text.size() || text[pos] != ':') return false;
  pos++;
  if (!ReadNumber(text, &pos, 2, 2, &minute) || minute > 59) return false;
  if (pos < text.size() && text[pos] == ':') {
    pos++;
    if (!ReadNumber(text, &pos, 2, 2, &second) || second > 59) return false;
    if (pos < text.size() && text[pos] == '.') {
      pos++;
      int digits = 0;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
        if (digits < 6) micros = micros * 10 + (text[pos] - '0');
        digits++;
        pos++;
      }
      if (digits == 0) return false;
      for (int i = digits; i < 6; i++) micros *= 10;
    }
  }
  if (pos < text.size() && text[pos] == 'Z') {
    pos++;
  } else if (pos < text.size() && text[pos] == '+') {
    // Only a zero UTC offset is accepted: TIMESTAMP has no time zone.
    std::string_view offset = text.substr(pos);
    if (offset != "+00" && offset != "+00:00" && offset != "+0000") return false;
    pos = text.size();
  }
  if (pos != text.size()) return false;
  *result = TimestampFromParts(days, hour, minute, second, micros);
  return true;
}

bool TryParseInterval(std::string_view text, Interval* result) {
  text = TrimSpaces(text);
  Interval interval;
  size_t pos = 0;
  bool any = false;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') pos++;
    if (pos >= text.size()) break;
    bool negative = false;
    if (text[pos] == '-' || text[pos] == '+') {
      negative = text[pos] == '-';
      pos++;
    }
    int64_t number = 0;
    size_t digits_start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      number = number * 10 + (text[pos] - '0');
      if (number > 1000000000000LL) return false;
      pos++;
    }
    if (pos == digits_start) return false;
    if (negative) number = -number;
    while (pos < text.size() && text[pos] == ' ') pos++;
    size_t unit_start = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) pos++;
    std::string unit(text.substr(unit_start, pos - unit_start));
    for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!unit.empty() && unit.back() == 's') unit.pop_back();
    if (unit == "year" || unit == "yr" || unit == "y") {
      interval.months += static_cast<int32_t>(number * 12);
    } else if (unit == "month" || unit == "mon") {
      interval.months += static_cast<int32_t>(number);
    } else if (unit == "week" || unit == "w") {
      interval.days += static_cast<int32_t>(number * 7);
    } else if (unit == "day" || unit == "d") {
      interval.days += static_cast<int32_t>(number);
    } else if (unit == "hour" || unit == "h" || unit == "hr") {
      interval.micros += number * kMicrosPerHour;
    } else if (unit == "minute" || unit == "min" || unit == "m") {
      interval.micros += number * kMicrosPerMinute;
    } else if (unit == "second" || unit == "sec" || unit == "") {
      interval.micros += number * kMicrosPerSecond;
    } else if (unit == "millisecond" || unit == "ms") {
      interval.micros += number * 1000;
    } else if (unit == "microsecond" || unit == "u") {
      interval.micros += number;
    } else {
      return false;
    }
    any = true;
  }
  if (!any) return false;
  *result = interval;
  return true;
}

std::string FormatDate(int32_t days) {
  CivilDate date = CivilFromDays(days);
  char buffer[32];
  if (date.year < 0) {
    std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d (BC)", -date.year + 1, date.month,
                  date.day);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", date.year, date.month, date.day);
  }
  return buffer;
}

std::string FormatTimestamp(int64_t timestamp) {
  std::string result = FormatDate(TimestampDate(timestamp));
  CivilTime time = TimestampTime(timestamp);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), " %02d:%02d:%02d", time.hour, time.minute, time.second);
  result += buffer;
  if (time.micros != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%06d", time.micros);
    std::string fraction = buffer;
    while (fraction.back() == '0') fraction.pop_back();
    result += fraction;
  }
  return result;
}

std::string FormatInterval(const Interval& interval) {
  std::string result;
  auto append = [&result](int64_t value, const char* unit) {
    if (value == 0) return;
    if (!result.empty()) result += ' ';
    result += std::to_string(value) + " " + unit + (value == 1 || value == -1 ? "" : "s");
  };
  append(interval.months / 12, "year");
  append(interval.months % 12, "month");
  append(interval.days, "day");
  if (interval.micros != 0) {
    int64_t micros = interval.micros;
    bool negative = micros < 0;
    if (negative) micros = -micros;
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%s%02lld:%02lld:%02lld", negative ? "-" : "",
                  static_cast<long long>(micros / kMicrosPerHour),
                  static_cast<long long>((micros / kMicrosPerMinute) % 60),
                  static_cast<long long>((micros / kMicrosPerSecond) % 60));
    if (!result.empty()) result += ' ';
    result += buffer;
    if (micros % kMicrosPerSecond != 0) {
      std::snprintf(buffer, sizeof(buffer), ".%06lld",
                    static_cast<long long>(micros % kMicrosPerSecond));
      result += buffer;
    }
  }
  if (result.empty()) result = "00:00:00";
  return result;
}

int32_t AddIntervalToDate(int32_t days, const Interval& interval) {
  int64_t timestamp = AddIntervalToTimestamp(static_cast<int64_t>(days) * kMicrosPerDay, interval);
  return TimestampDate(timestamp);
}

int64_t AddIntervalToTimestamp(int64_t timestamp, const Interval& interval) {
  int32_t days = TimestampDate(timestamp);
  int64_t time_of_day = timestamp - static_cast<int64_t>(days) * kMicrosPerDay;
  if (interval.months != 0) {
    CivilDate date = CivilFromDays(days);
    int64_t month_index = static_cast<int64_t>(date.year) * 12 + (date.month - 1) + interval.months;
    int64_t year = FloorDiv(month_index, 12);
    int32_t month = static_cast<int32_t>(month_index - year * 12 + 1);
    if (year < -290000 || year > 290000) ThrowError(ErrorCode::kOutOfRange, "date out of range");
    int32_t day = std::min(date.day, DaysInMonth(static_cast<int32_t>(year), month));
    days = DaysFromCivil(static_cast<int32_t>(year), month, day);
  }
  int64_t result = (static_cast<int64_t>(days) + interval.days) * kMicrosPerDay + time_of_day;
  int64_t sum;
  if (__builtin_add_overflow(result, interval.micros, &sum)) {
    ThrowError(ErrorCode::kOutOfRange, "timestamp out of range");
  }
  return sum;
}

}  // namespace date_time
}  // namespace tarn
