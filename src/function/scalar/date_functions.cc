// Date and time functions: current_date, now, date_part / extract and its shortcuts
// (year, month, ...), date_trunc, date_diff, date_add, strftime, strptime, make_date,
// last_day, dayname, monthname, to_timestamp, epoch. DATE and TIMESTAMP inputs are both
// accepted; kernels convert a DATE to midnight of that day. Weeks are ISO weeks
// (Monday first); day of week (dow) counts from Sunday = 0.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "function/function.h"
#include "function/scalar_kernels.h"
#include "types/date_time.h"

namespace tarn {

namespace {

using std::string_view;
using namespace date_time;

const LogicalType kVarchar(TypeId::kVarchar);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kDouble(TypeId::kDouble);
const LogicalType kDate(TypeId::kDate);
const LogicalType kTimestamp(TypeId::kTimestamp);
const LogicalType kInterval(TypeId::kInterval);

int64_t FloorDivide(int64_t a, int64_t b) {
  int64_t quotient = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) quotient--;
  return quotient;
}

enum class DatePart : uint8_t {
  kMillennium,
  kCentury,
  kDecade,
  kYear,
  kIsoYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDayOfWeek,
  kIsoDayOfWeek,
  kDayOfYear,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kEpoch,
};

bool ParseDatePart(string_view raw, DatePart* part) {
  std::string name;
  for (char c : raw) {
    if (c != ' ') name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  struct Alias {
    const char* name;
    DatePart part;
  };
  static const Alias kAliases[] = {
      {"millennium", DatePart::kMillennium},
      {"millennia", DatePart::kMillennium},
      {"millenniums", DatePart::kMillennium},
      {"century", DatePart::kCentury},
      {"centuries", DatePart::kCentury},
      {"decade", DatePart::kDecade},
      {"decades", DatePart::kDecade},
      {"year", DatePart::kYear},
      {"years", DatePart::kYear},
      {"yr", DatePart::kYear},
      {"yrs", DatePart::kYear},
      {"y", DatePart::kYear},
      {"isoyear", DatePart::kIsoYear},
      {"quarter", DatePart::kQuarter},
      {"quarters", DatePart::kQuarter},
      {"month", DatePart::kMonth},
      {"months", DatePart::kMonth},
      {"mon", DatePart::kMonth},
      {"week", DatePart::kWeek},
      {"weeks", DatePart::kWeek},
      {"w", DatePart::kWeek},
      {"day", DatePart::kDay},
      {"days", DatePart::kDay},
      {"d", DatePart::kDay},
      {"dayofmonth", DatePart::kDay},
      {"dow", DatePart::kDayOfWeek},
      {"dayofweek", DatePart::kDayOfWeek},
      {"weekday", DatePart::kDayOfWeek},
      {"isodow", DatePart::kIsoDayOfWeek},
      {"doy", DatePart::kDayOfYear},
      {"dayofyear", DatePart::kDayOfYear},
      {"hour", DatePart::kHour},
      {"hours", DatePart::kHour},
      {"h", DatePart::kHour},
      {"hr", DatePart::kHour},
      {"minute", DatePart::kMinute},
      {"minutes", DatePart::kMinute},
      {"min", DatePart::kMinute},
      {"m", DatePart::kMinute},
      {"second", DatePart::kSecond},
      {"seconds", DatePart::kSecond},
      {"sec", DatePart::kSecond},
      {"s", DatePart::kSecond},
      {"millisecond", DatePart::kMillisecond},
      {"milliseconds", DatePart::kMillisecond},
      {"ms", DatePart::kMillisecond},
      {"microsecond", DatePart::kMicrosecond},
      {"microseconds", DatePart::kMicrosecond},
      {"us", DatePart::kMicrosecond},
      {"epoch", DatePart::kEpoch},
  };
  for (const auto& alias : kAliases) {
    if (name == alias.name) {
      *part = alias.part;
      return true;
    }
  }
  return false;
}

DatePart ParseDatePartOrThrow(const char* function, string_view name) {
  DatePart part;
  if (!ParseDatePart(name, &part)) {
    ThrowError(ErrorCode::kInvalidInput,
               std::string(function) + ": unknown date part '" + std::string(name) + "'");
  }
  return part;
}

int32_t IsoDayOfWeek(int32_t days) {
  int32_t dow = DayOfWeek(days);
  return dow == 0 ? 7 : dow;
}

// The Thursday of the ISO week that contains `days` decides the ISO year.
int32_t IsoWeekThursday(int32_t days) { return days - (IsoDayOfWeek(days) - 1) + 3; }

int32_t IsoYear(int32_t days) { return CivilFromDays(IsoWeekThursday(days)).year; }

int32_t IsoWeek(int32_t days) {
  int32_t thursday = IsoWeekThursday(days);
  int32_t year = CivilFromDays(thursday).year;
  return (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
}

int64_t CenturyOf(int64_t year) {
  if (year > 0) return (year + 99) / 100;
  return -((1 - year + 99) / 100);  // Year 0 is 1 BC.
}

int64_t MillenniumOf(int64_t year) {
  if (year > 0) return (year + 999) / 1000;
  return -((1 - year + 999) / 1000);
}

// Integer value of `part` of a timestamp (epoch: whole seconds).
inline int64_t ExtractPart(DatePart part, int64_t micros) {
  int32_t days = TimestampDate(micros);
  int64_t micros_of_day = micros - static_cast<int64_t>(days) * kMicrosPerDay;
  switch (part) {
    case DatePart::kMillennium:
      return MillenniumOf(CivilFromDays(days).year);
    case DatePart::kCentury:
      return CenturyOf(CivilFromDays(days).year);
    case DatePart::kDecade:
      return FloorDivide(CivilFromDays(days).year, 10);
    case DatePart::kYear:
      return CivilFromDays(days).year;
    case DatePart::kIsoYear:
      return IsoYear(days);
    case DatePart::kQuarter:
      return (CivilFromDays(days).month - 1) / 3 + 1;
    case DatePart::kMonth:
      return CivilFromDays(days).month;
    case DatePart::kWeek:
      return IsoWeek(days);
    case DatePart::kDay:
      return CivilFromDays(days).day;
    case DatePart::kDayOfWeek:
      return DayOfWeek(days);
    case DatePart::kIsoDayOfWeek:
      return IsoDayOfWeek(days);
    case DatePart::kDayOfYear:
      return DayOfYear(days);
    case DatePart::kHour:
      return micros_of_day / kMicrosPerHour;
    case DatePart::kMinute:
      return (micros_of_day / kMicrosPerMinute) % 60;
    case DatePart::kSecond:
      return (micros_of_day / kMicrosPerSecond) % 60;
    case DatePart::kMillisecond:
      return (micros_of_day % kMicrosPerMinute) / 1000;
    case DatePart::kMicrosecond:
      return micros_of_day % kMicrosPerMinute;
    case DatePart::kEpoch:
      return FloorDivide(micros, kMicrosPerSecond);
  }
  return 0;
}

template <class In>
inline int64_t ToMicros(In value) {
  if constexpr (std::is_same_v<In, int32_t>) {
    return static_cast<int64_t>(value) * kMicrosPerDay;
  } else {
    return value;
  }
}

// Calls function.template operator()<In>() with In = int32_t for DATE, int64_t for TIMESTAMP.
template <class Function>
decltype(auto) DispatchTemporal(const LogicalType& type, Function&& function) {
  if (type.id() == TypeId::kDate) return function.template operator()<int32_t>();
  return function.template operator()<int64_t>();
}

bool IsTemporal(const LogicalType& type) {
  return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
}

// The DATE or TIMESTAMP a temporal argument binds as (NULL binds as TIMESTAMP).
LogicalType TemporalArgument(const LogicalType& type) {
  return type.id() == TypeId::kDate ? kDate : kTimestamp;
}

bool FitsTemporal(const LogicalType& type) {
  return IsTemporal(type) || type.id() == TypeId::kNull;
}

const Value* ConstantArgument(const std::vector<std::optional<Value>>& constants, size_t i) {
  if (i >= constants.size() || !constants[i].has_value()) return nullptr;
  return &*constants[i];
}

// ---- date_part and its shortcuts ----

ScalarKernel PartKernel(DatePart part, const LogicalType& input) {
  return DispatchTemporal(input, [part]<class In>() -> ScalarKernel {
    if (part == DatePart::kEpoch) {
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        ExecuteUnary<In, double>(
            arguments.column(arguments.ColumnCount() - 1), result, arguments.size(), [](In value) {
              return static_cast<double>(ToMicros(value)) / static_cast<double>(kMicrosPerSecond);
            });
      };
    }
    return [part](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteUnary<In, int64_t>(arguments.column(arguments.ColumnCount() - 1), result,
                                arguments.size(),
                                [part](In value) { return ExtractPart(part, ToMicros(value)); });
    };
  });
}

Result<BoundScalarFunction> BindDatePart(const std::string& name,
                                         const std::vector<LogicalType>& types,
                                         const std::vector<std::optional<Value>>& constants) {
  if (types.size() != 2 || ImplicitCastCost(types[0], kVarchar) < 0 || !FitsTemporal(types[1])) {
    return NoMatchingFunction(name, types,
                              name + "(VARCHAR, DATE), " + name + "(VARCHAR, TIMESTAMP)");
  }
  LogicalType input = TemporalArgument(types[1]);
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types = {kVarchar, input};
  const Value* part_value = ConstantArgument(constants, 0);
  if (part_value && !part_value->is_null()) {
    DatePart part;
    std::string part_name = part_value->CastTo(kVarchar).GetString();
    if (!ParseDatePart(part_name, &part)) {
      return Status::Error(ErrorCode::kInvalidInput,
                           name + ": unknown date part '" + part_name + "'");
    }
    bound.return_type = part == DatePart::kEpoch ? kDouble : kBigint;
    bound.kernel = PartKernel(part, input);
    return bound;
  }
  // A part that varies per row: BIGINT for every part (epoch in whole seconds).
  bound.return_type = kBigint;
  bound.kernel = DispatchTemporal(input, [&name]<class In>() -> ScalarKernel {
    return [name](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteBinary<string_view, In, int64_t>(
          arguments.column(0), arguments.column(1), result, arguments.size(),
          [&name](string_view part_name, In value) {
            return ExtractPart(ParseDatePartOrThrow(name.c_str(), part_name), ToMicros(value));
          });
    };
  });
  return bound;
}

ScalarBinder PartShortcutBinder(std::string name, DatePart part) {
  return [name, part](const std::vector<LogicalType>& types,
                      const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() != 1 || !FitsTemporal(types[0])) {
      return NoMatchingFunction(name, types, name + "(DATE), " + name + "(TIMESTAMP)");
    }
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types = {TemporalArgument(types[0])};
    bound.return_type = part == DatePart::kEpoch ? kDouble : kBigint;
    bound.kernel = PartKernel(part, bound.argument_types[0]);
    return bound;
  };
}

// ---- date_trunc ----

int64_t TruncateMicros(DatePart part, int64_t micros) {
  int32_t days = TimestampDate(micros);
  auto at_day = [](int32_t day) { return static_cast<int64_t>(day) * kMicrosPerDay; };
  auto year_start = [&](int64_t year) {
    return at_day(DaysFromCivil(static_cast<int32_t>(year), 1, 1));
  };
  switch (part) {
    case DatePart::kMillennium: {
      int64_t millennium = MillenniumOf(CivilFromDays(days).year);
      return year_start(millennium > 0 ? (millennium - 1) * 1000 + 1 : millennium * 1000 + 1);
    }
    case DatePart::kCentury: {
      int64_t century = CenturyOf(CivilFromDays(days).year);
      return year_start(century > 0 ? (century - 1) * 100 + 1 : century * 100 + 1);
    }
    case DatePart::kDecade:
      return year_start(FloorDivide(CivilFromDays(days).year, 10) * 10);
    case DatePart::kYear:
      return year_start(CivilFromDays(days).year);
    case DatePart::kIsoYear: {
      int32_t year = IsoYear(days);
      int32_t january_fourth = DaysFromCivil(year, 1, 4);
      return at_day(january_fourth - (IsoDayOfWeek(january_fourth) - 1));
    }
    case DatePart::kQuarter: {
      CivilDate date = CivilFromDays(days);
      return at_day(DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1));
    }
    case DatePart::kMonth: {
      CivilDate date = CivilFromDays(days);
      return at_day(DaysFromCivil(date.year, date.month, 1));
    }
    case DatePart::kWeek:
      return at_day(days - (IsoDayOfWeek(days) - 1));
    case DatePart::kDay:
    case DatePart::kDayOfWeek:
    case DatePart::kIsoDayOfWeek:
    case DatePart::kDayOfYear:
      return at_day(days);
    case DatePart::kHour:
      return FloorDivide(micros, kMicrosPerHour) * kMicrosPerHour;
    case DatePart::kMinute:
      return FloorDivide(micros, kMicrosPerMinute) * kMicrosPerMinute;
    case DatePart::kSecond:
    case DatePart::kEpoch:
      return FloorDivide(micros, kMicrosPerSecond) * kMicrosPerSecond;
    case DatePart::kMillisecond:
      return FloorDivide(micros, 1000) * 1000;
    case DatePart::kMicrosecond:
      return micros;
  }
  return micros;
}

template <class In>
In TruncateValue(DatePart part, In value) {
  int64_t truncated = TruncateMicros(part, ToMicros(value));
  if constexpr (std::is_same_v<In, int32_t>) {
    return TimestampDate(truncated);
  } else {
    return truncated;
  }
}

Result<BoundScalarFunction> BindDateTrunc(const std::vector<LogicalType>& types,
                                          const std::vector<std::optional<Value>>& constants) {
  if (types.size() != 2 || ImplicitCastCost(types[0], kVarchar) < 0 || !FitsTemporal(types[1])) {
    return NoMatchingFunction("date_trunc", types,
                              "date_trunc(VARCHAR, DATE), date_trunc(VARCHAR, TIMESTAMP)");
  }
  LogicalType input = TemporalArgument(types[1]);
  BoundScalarFunction bound;
  bound.name = "date_trunc";
  bound.argument_types = {kVarchar, input};
  bound.return_type = input;
  const Value* part_value = ConstantArgument(constants, 0);
  if (part_value && !part_value->is_null()) {
    DatePart part;
    std::string part_name = part_value->CastTo(kVarchar).GetString();
    if (!ParseDatePart(part_name, &part)) {
      return Status::Error(ErrorCode::kInvalidInput,
                           "date_trunc: unknown date part '" + part_name + "'");
    }
    bound.kernel = DispatchTemporal(input, [part]<class In>() -> ScalarKernel {
      return [part](DataChunk& arguments, const FunctionData*, Vector& result) {
        ExecuteUnary<In, In>(arguments.column(1), result, arguments.size(),
                             [part](In value) { return TruncateValue(part, value); });
      };
    });
    return bound;
  }
  bound.kernel = DispatchTemporal(input, []<class In>() -> ScalarKernel {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteBinary<string_view, In, In>(
          arguments.column(0), arguments.column(1), result, arguments.size(),
          [](string_view part_name, In value) {
            return TruncateValue(ParseDatePartOrThrow("date_trunc", part_name), value);
          });
    };
  });
  return bound;
}

// ---- date_diff ----

int64_t MonthIndex(int32_t days) {
  CivilDate date = CivilFromDays(days);
  return static_cast<int64_t>(date.year) * 12 + date.month - 1;
}

// Number of `part` boundaries crossed going from `start` to `end` (negative backwards).
int64_t DateDifference(DatePart part, int64_t start, int64_t end) {
  int32_t start_day = TimestampDate(start), end_day = TimestampDate(end);
  auto year_of = [](int32_t days) -> int64_t { return CivilFromDays(days).year; };
  switch (part) {
    case DatePart::kMillennium:
      return MillenniumOf(year_of(end_day)) - MillenniumOf(year_of(start_day));
    case DatePart::kCentury:
      return CenturyOf(year_of(end_day)) - CenturyOf(year_of(start_day));
    case DatePart::kDecade:
      return FloorDivide(year_of(end_day), 10) - FloorDivide(year_of(start_day), 10);
    case DatePart::kYear:
      return year_of(end_day) - year_of(start_day);
    case DatePart::kIsoYear:
      return IsoYear(end_day) - IsoYear(start_day);
    case DatePart::kQuarter:
      return FloorDivide(MonthIndex(end_day), 3) - FloorDivide(MonthIndex(start_day), 3);
    case DatePart::kMonth:
      return MonthIndex(end_day) - MonthIndex(start_day);
    case DatePart::kWeek: {
      int64_t end_monday = end_day - (IsoDayOfWeek(end_day) - 1);
      int64_t start_monday = start_day - (IsoDayOfWeek(start_day) - 1);
      return (end_monday - start_monday) / 7;
    }
    case DatePart::kDay:
    case DatePart::kDayOfWeek:
    case DatePart::kIsoDayOfWeek:
    case DatePart::kDayOfYear:
      return static_cast<int64_t>(end_day) - start_day;
    case DatePart::kHour:
      return FloorDivide(end, kMicrosPerHour) - FloorDivide(start, kMicrosPerHour);
    case DatePart::kMinute:
      return FloorDivide(end, kMicrosPerMinute) - FloorDivide(start, kMicrosPerMinute);
    case DatePart::kSecond:
    case DatePart::kEpoch:
      return FloorDivide(end, kMicrosPerSecond) - FloorDivide(start, kMicrosPerSecond);
    case DatePart::kMillisecond:
      return FloorDivide(end, 1000) - FloorDivide(start, 1000);
    case DatePart::kMicrosecond:
      return end - start;
  }
  return 0;
}

ScalarBinder DateDiffBinder(std::string name) {
  return [name](const std::vector<LogicalType>& types,
                const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    if (types.size() != 3 || ImplicitCastCost(types[0], kVarchar) < 0 || !FitsTemporal(types[1]) ||
        !FitsTemporal(types[2])) {
      return NoMatchingFunction(
          name, types, name + "(VARCHAR, DATE, DATE), " + name + "(VARCHAR, TIMESTAMP, TIMESTAMP)");
    }
    LogicalType input =
        types[1].id() == TypeId::kDate && types[2].id() == TypeId::kDate ? kDate : kTimestamp;
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types = {kVarchar, input, input};
    bound.return_type = kBigint;
    const Value* part_value = ConstantArgument(constants, 0);
    std::optional<DatePart> constant_part;
    if (part_value && !part_value->is_null()) {
      DatePart part;
      std::string part_name = part_value->CastTo(kVarchar).GetString();
      if (!ParseDatePart(part_name, &part)) {
        return Status::Error(ErrorCode::kInvalidInput,
                             name + ": unknown date part '" + part_name + "'");
      }
      constant_part = part;
    }
    bound.kernel = DispatchTemporal(input, [constant_part, name]<class In>() -> ScalarKernel {
      return [constant_part, name](DataChunk& arguments, const FunctionData*, Vector& result) {
        if (constant_part) {
          DatePart part = *constant_part;
          ExecuteBinary<In, In, int64_t>(arguments.column(1), arguments.column(2), result,
                                         arguments.size(), [part](In start, In end) {
                                           return DateDifference(part, ToMicros(start),
                                                                 ToMicros(end));
                                         });
          return;
        }
        ExecuteTernary<string_view, In, In, int64_t>(
            arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
            [&name](string_view part_name, In start, In end) {
              return DateDifference(ParseDatePartOrThrow(name.c_str(), part_name), ToMicros(start),
                                    ToMicros(end));
            });
      };
    });
    return bound;
  };
}

// ---- strftime / strptime ----

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

void AppendNumber(std::string& out, int64_t value, int width, char pad = '0') {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%lld", static_cast<long long>(value < 0 ? -value : value));
  std::string digits = buffer;
  if (value < 0) out += '-';
  for (int i = static_cast<int>(digits.size()); i < width; i++) out += pad;
  out += digits;
}

void FormatTimestampWith(std::string& out, int64_t micros, string_view format) {
  int32_t days = TimestampDate(micros);
  CivilDate date = CivilFromDays(days);
  CivilTime time = TimestampTime(micros);
  for (size_t i = 0; i < format.size(); i++) {
    char c = format[i];
    if (c != '%' || i + 1 == format.size()) {
      out += c;
      continue;
    }
    char code = format[++i];
    bool unpadded = false;
    if (code == '-' && i + 1 < format.size()) {
      unpadded = true;
      code = format[++i];
    }
    int width2 = unpadded ? 1 : 2;
    switch (code) {
      case 'Y':
        AppendNumber(out, date.year, unpadded ? 1 : 4);
        break;
      case 'y':
        AppendNumber(out, ((date.year % 100) + 100) % 100, width2);
        break;
      case 'C':
        AppendNumber(out, FloorDivide(date.year, 100), width2);
        break;
      case 'm':
        AppendNumber(out, date.month, width2);
        break;
      case 'd':
        AppendNumber(out, date.day, width2);
        break;
      case 'e':
        AppendNumber(out, date.day, 2, ' ');
        break;
      case 'H':
        AppendNumber(out, time.hour, width2);
        break;
      case 'I':
        AppendNumber(out, time.hour % 12 == 0 ? 12 : time.hour % 12, width2);
        break;
      case 'M':
        AppendNumber(out, time.minute, width2);
        break;
      case 'S':
        AppendNumber(out, time.second, width2);
        break;
      case 'f':
        AppendNumber(out, time.micros, 6);
        break;
      case 'g':
        AppendNumber(out, time.micros / 1000, 3);
        break;
      case 'p':
        out += time.hour < 12 ? "AM" : "PM";
        break;
      case 'b':
      case 'h':
        out += std::string(kMonthNames[date.month - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonthNames[date.month - 1];
        break;
      case 'a':
        out += std::string(kDayNames[DayOfWeek(days)]).substr(0, 3);
        break;
      case 'A':
        out += kDayNames[DayOfWeek(days)];
        break;
      case 'w':
        AppendNumber(out, DayOfWeek(days), 1);
        break;
      case 'u':
        AppendNumber(out, IsoDayOfWeek(days), 1);
        break;
      case 'j':
        AppendNumber(out, DayOfYear(days), unpadded ? 1 : 3);
        break;
      case 'V':
        AppendNumber(out, IsoWeek(days), width2);
        break;
      case 'G':
        AppendNumber(out, IsoYear(days), 4);
        break;
      case 'z':
        out += "+0000";
        break;
      case 'Z':
        out += "UTC";
        break;
      case 's':
        AppendNumber(out, FloorDivide(micros, kMicrosPerSecond), 1);
        break;
      case 'F':
        FormatTimestampWith(out, micros, "%Y-%m-%d");
        break;
      case 'T':
        FormatTimestampWith(out, micros, "%H:%M:%S");
        break;
      case 'D':
        FormatTimestampWith(out, micros, "%m/%d/%y");
        break;
      case '%':
        out += '%';
        break;
      default:
        ThrowError(ErrorCode::kInvalidInput, "strftime: unsupported format code '%" +
                                                 std::string(1, code) + "' in '" +
                                                 std::string(format) + "'");
    }
  }
}

Result<BoundScalarFunction> BindStrftime(const std::vector<LogicalType>& types,
                                         const std::vector<std::optional<Value>>&) {
  if (types.size() != 2 || !FitsTemporal(types[0]) || ImplicitCastCost(types[1], kVarchar) < 0) {
    return NoMatchingFunction("strftime", types,
                              "strftime(DATE, VARCHAR), strftime(TIMESTAMP, VARCHAR)");
  }
  LogicalType input = TemporalArgument(types[0]);
  BoundScalarFunction bound;
  bound.name = "strftime";
  bound.argument_types = {input, kVarchar};
  bound.return_type = kVarchar;
  bound.kernel = DispatchTemporal(input, []<class In>() -> ScalarKernel {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      std::string scratch;
      ExecuteBinary<In, string_view, string_view>(
          arguments.column(0), arguments.column(1), result, arguments.size(),
          [&](In value, string_view format) {
            scratch.clear();
            FormatTimestampWith(scratch, ToMicros(value), format);
            return result.AddString(scratch);
          });
    };
  });
  return bound;
}

bool ReadDigits(string_view text, size_t* pos, int max_digits, int64_t* value,
                int* digits_read = nullptr) {
  int count = 0;
  int64_t result = 0;
  while (*pos < text.size() && count < max_digits &&
         std::isdigit(static_cast<unsigned char>(text[*pos]))) {
    result = result * 10 + (text[*pos] - '0');
    (*pos)++;
    count++;
  }
  if (digits_read) *digits_read = count;
  *value = result;
  return count > 0;
}

// Matches one of `names` (full or three-letter, any case) at *pos; returns its index.
int ReadName(string_view text, size_t* pos, const char* const* names, int count) {
  for (int full = 1; full >= 0; full--) {
    for (int i = 0; i < count; i++) {
      string_view name = names[i];
      if (!full) name = name.substr(0, 3);
      if (*pos + name.size() > text.size()) continue;
      bool equal = true;
      for (size_t k = 0; k < name.size() && equal; k++) {
        equal = std::tolower(static_cast<unsigned char>(text[*pos + k])) ==
                std::tolower(static_cast<unsigned char>(name[k]));
      }
      if (equal) {
        *pos += name.size();
        return i;
      }
    }
  }
  return -1;
}

// Replaces the composite codes %F, %T and %D by their parts.
std::string ExpandFormat(string_view format) {
  std::string expanded;
  for (size_t i = 0; i < format.size(); i++) {
    if (format[i] == '%' && i + 1 < format.size()) {
      char code = format[i + 1];
      i++;
      if (code == 'F') {
        expanded += "%Y-%m-%d";
      } else if (code == 'T') {
        expanded += "%H:%M:%S";
      } else if (code == 'D') {
        expanded += "%m/%d/%y";
      } else {
        expanded += '%';
        expanded += code;
      }
    } else {
      expanded += format[i];
    }
  }
  return expanded;
}

bool ParseTimestampWithExpanded(string_view text, string_view format, int64_t* result) {
  int64_t year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  int64_t day_of_year = -1, offset_minutes = 0;
  bool pm = false, has_meridiem = false;
  size_t pos = 0;
  for (size_t i = 0; i < format.size(); i++) {
    char c = format[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) pos++;
      continue;
    }
    if (c != '%' || i + 1 == format.size()) {
      if (pos >= text.size() || text[pos] != c) return false;
      pos++;
      continue;
    }
    char code = format[++i];
    if (code == '-' && i + 1 < format.size()) code = format[++i];
    int64_t value;
    switch (code) {
      case 'Y': {
        bool negative = pos < text.size() && text[pos] == '-';
        if (negative || (pos < text.size() && text[pos] == '+')) pos++;
        if (!ReadDigits(text, &pos, 6, &value)) return false;
        year = negative ? -value : value;
        break;
      }
      case 'y':
        if (!ReadDigits(text, &pos, 2, &value)) return false;
        year = value < 69 ? 2000 + value : 1900 + value;
        break;
      case 'm':
        if (!ReadDigits(text, &pos, 2, &month)) return false;
        break;
      case 'd':
      case 'e':
        while (code == 'e' && pos < text.size() && text[pos] == ' ') pos++;
        if (!ReadDigits(text, &pos, 2, &day)) return false;
        break;
      case 'H':
        if (!ReadDigits(text, &pos, 2, &hour)) return false;
        break;
      case 'I':
        if (!ReadDigits(text, &pos, 2, &hour) || hour < 1 || hour > 12) return false;
        break;
      case 'M':
        if (!ReadDigits(text, &pos, 2, &minute)) return false;
        break;
      case 'S':
        if (!ReadDigits(text, &pos, 2, &second)) return false;
        break;
      case 'f': {
        int digits;
        if (!ReadDigits(text, &pos, 9, &micros, &digits)) return false;
        for (int k = digits; k < 6; k++) micros *= 10;
        for (int k = 6; k < digits; k++) micros /= 10;
        break;
      }
      case 'j':
        if (!ReadDigits(text, &pos, 3, &day_of_year) || day_of_year < 1) return false;
        break;
      case 'p': {
        if (pos + 2 > text.size()) return false;
        char first = static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos])));
        char second_letter =
            static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos + 1])));
        if ((first != 'A' && first != 'P') || second_letter != 'M') return false;
        pm = first == 'P';
        has_meridiem = true;
        pos += 2;
        break;
      }
      case 'b':
      case 'h':
      case 'B': {
        int index = ReadName(text, &pos, kMonthNames, 12);
        if (index < 0) return false;
        month = index + 1;
        break;
      }
      case 'a':
      case 'A':
        if (ReadName(text, &pos, kDayNames, 7) < 0) return false;
        break;
      case 'z': {
        if (pos < text.size() && text[pos] == 'Z') {
          pos++;
          break;
        }
        if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
        bool negative = text[pos] == '-';
        pos++;
        int64_t hours, minutes = 0;
        if (!ReadDigits(text, &pos, 2, &hours)) return false;
        if (pos < text.size() && text[pos] == ':') pos++;
        ReadDigits(text, &pos, 2, &minutes);
        offset_minutes = (negative ? -1 : 1) * (hours * 60 + minutes);
        break;
      }
      case 'Z':
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) pos++;
        break;
      case '%':
        if (pos >= text.size() || text[pos] != '%') return false;
        pos++;
        break;
      default:
        return false;
    }
  }
  if (pos != text.size()) return false;
  if (has_meridiem) {
    if (hour == 12) hour = 0;
    if (pm) hour += 12;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  int32_t days;
  if (day_of_year > 0) {
    if (day_of_year > (IsLeapYear(static_cast<int32_t>(year)) ? 366 : 365)) return false;
    days = DaysFromCivil(static_cast<int32_t>(year), 1, 1) + static_cast<int32_t>(day_of_year) - 1;
  } else {
    if (!IsValidDate(static_cast<int32_t>(year), static_cast<int32_t>(month),
                     static_cast<int32_t>(day)))
      return false;
    days = DaysFromCivil(static_cast<int32_t>(year), static_cast<int32_t>(month),
                         static_cast<int32_t>(day));
  }
  *result = TimestampFromParts(days, static_cast<int32_t>(hour), static_cast<int32_t>(minute),
                               static_cast<int32_t>(second), static_cast<int32_t>(micros)) -
            offset_minutes * kMicrosPerMinute;
  return true;
}

bool ParseTimestampWith(string_view text, string_view format, int64_t* result) {
  if (format.find('%') != string_view::npos &&
      (format.find("%F") != string_view::npos || format.find("%T") != string_view::npos ||
       format.find("%D") != string_view::npos)) {
    return ParseTimestampWithExpanded(text, ExpandFormat(format), result);
  }
  return ParseTimestampWithExpanded(text, format, result);
}

template <bool kTry>
void StrptimeKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinaryNullable<string_view, string_view, int64_t>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, string_view format, int64_t* out) {
        if (ParseTimestampWith(text, format, out)) return true;
        if (kTry) return false;
        ThrowError(ErrorCode::kConversion, "Could not parse string '" + std::string(text) +
                                               "' according to format '" + std::string(format) +
                                               "'");
      });
}

// ---- construction and conversion ----

void MakeDateKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteTernary<int64_t, int64_t, int64_t, int32_t>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [](int64_t year, int64_t month, int64_t day) {
        if (year < -290000 || year > 290000 || month < 1 || month > 12 || day < 1 || day > 31 ||
            !IsValidDate(static_cast<int32_t>(year), static_cast<int32_t>(month),
                         static_cast<int32_t>(day))) {
          ThrowError(ErrorCode::kOutOfRange,
                     "make_date: date field value out of range: " + std::to_string(year) + "-" +
                         std::to_string(month) + "-" + std::to_string(day));
        }
        return DaysFromCivil(static_cast<int32_t>(year), static_cast<int32_t>(month),
                             static_cast<int32_t>(day));
      });
}

void ToTimestampKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteUnary<double, int64_t>(arguments.column(0), result, arguments.size(), [](double seconds) {
    double micros = std::round(seconds * static_cast<double>(kMicrosPerSecond));
    if (!std::isfinite(micros) || micros >= 9.2e18 || micros <= -9.2e18) {
      ThrowError(ErrorCode::kOutOfRange,
                 "to_timestamp: " + std::to_string(seconds) + " seconds is out of range");
    }
    return static_cast<int64_t>(micros);
  });
}

// Binds a function of one DATE or TIMESTAMP argument.
template <class MakeKernel>
ScalarBinder TemporalUnaryBinder(std::string name, LogicalType return_type, MakeKernel make) {
  return [name, return_type, make](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() != 1 || !FitsTemporal(types[0])) {
      return NoMatchingFunction(name, types, name + "(DATE), " + name + "(TIMESTAMP)");
    }
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types = {TemporalArgument(types[0])};
    bound.return_type = return_type;
    bound.kernel = DispatchTemporal(bound.argument_types[0], make);
    return bound;
  };
}

struct LastDayKernel {
  template <class In>
  ScalarKernel operator()() const {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteUnary<In, int32_t>(arguments.column(0), result, arguments.size(), [](In value) {
        int32_t days = TimestampDate(ToMicros(value));
        CivilDate date = CivilFromDays(days);
        return DaysFromCivil(date.year, date.month, DaysInMonth(date.year, date.month));
      });
    };
  }
};

template <bool kMonth>
struct NameKernel {
  template <class In>
  ScalarKernel operator()() const {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteUnary<In, string_view>(arguments.column(0), result, arguments.size(), [](In value) {
        int32_t days = TimestampDate(ToMicros(value));
        return string_view(kMonth ? kMonthNames[CivilFromDays(days).month - 1]
                                  : kDayNames[DayOfWeek(days)]);
      });
    };
  }
};

struct EpochMillisecondsKernel {
  template <class In>
  ScalarKernel operator()() const {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteUnary<In, int64_t>(arguments.column(0), result, arguments.size(),
                                [](In value) { return FloorDivide(ToMicros(value), 1000); });
    };
  }
};

Result<BoundScalarFunction> BindDateAdd(const std::vector<LogicalType>& types,
                                        const std::vector<std::optional<Value>>&) {
  if (types.size() != 2 || !FitsTemporal(types[0]) ||
      (types[1].id() != TypeId::kInterval && types[1].id() != TypeId::kNull)) {
    return NoMatchingFunction("date_add", types,
                              "date_add(DATE, INTERVAL), date_add(TIMESTAMP, INTERVAL)");
  }
  BoundScalarFunction bound;
  bound.name = "date_add";
  bound.argument_types = {kTimestamp, kInterval};
  bound.return_type = kTimestamp;
  bound.kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
    ExecuteBinary<int64_t, Interval, int64_t>(arguments.column(0), arguments.column(1), result,
                                              arguments.size(),
                                              [](int64_t timestamp, const Interval& interval) {
                                                return AddIntervalToTimestamp(timestamp, interval);
                                              });
  };
  return bound;
}

// current_date / now: the clock read once at bind time, so every row (and every chunk) of
// one query sees the same instant.
template <class T>
ScalarBinder ConstantClockBinder(std::string name, LogicalType type, bool as_date) {
  return [name, type, as_date](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (!types.empty()) return NoMatchingFunction(name, types, name + "()");
    int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    T value = as_date ? static_cast<T>(TimestampDate(now)) : static_cast<T>(now);
    BoundScalarFunction bound;
    bound.name = name;
    bound.return_type = type;
    bound.kernel = [value](DataChunk& arguments, const FunctionData*, Vector& result) {
      result.validity().SetAllValid();
      T* out = result.Data<T>();
      for (idx_t i = 0; i < arguments.size(); i++) out[i] = value;
    };
    return bound;
  };
}

}  // namespace

void RegisterDateFunctions(FunctionRegistry& registry) {
  for (const char* name : {"current_date", "today"}) {
    registry.RegisterScalar(name, ConstantClockBinder<int32_t>(name, kDate, true));
  }
  for (const char* name : {"current_timestamp", "now", "get_current_timestamp"}) {
    registry.RegisterScalar(name, ConstantClockBinder<int64_t>(name, kTimestamp, false));
  }
  for (const char* name : {"date_part", "datepart", "extract"}) {
    std::string function_name = name;
    registry.RegisterScalar(name,
                            [function_name](const std::vector<LogicalType>& types,
                                            const std::vector<std::optional<Value>>& constants) {
                              return BindDatePart(function_name, types, constants);
                            });
  }
  struct Shortcut {
    const char* name;
    DatePart part;
  };
  static const Shortcut kShortcuts[] = {
      {"year", DatePart::kYear},
      {"month", DatePart::kMonth},
      {"day", DatePart::kDay},
      {"dayofmonth", DatePart::kDay},
      {"quarter", DatePart::kQuarter},
      {"week", DatePart::kWeek},
      {"weekofyear", DatePart::kWeek},
      {"dayofweek", DatePart::kDayOfWeek},
      {"isodow", DatePart::kIsoDayOfWeek},
      {"dayofyear", DatePart::kDayOfYear},
      {"hour", DatePart::kHour},
      {"minute", DatePart::kMinute},
      {"second", DatePart::kSecond},
      {"millisecond", DatePart::kMillisecond},
      {"microsecond", DatePart::kMicrosecond},
      {"decade", DatePart::kDecade},
      {"century", DatePart::kCentury},
      {"millennium", DatePart::kMillennium},
      {"isoyear", DatePart::kIsoYear},
      {"epoch", DatePart::kEpoch},
  };
  for (const auto& shortcut : kShortcuts) {
    registry.RegisterScalar(shortcut.name, PartShortcutBinder(shortcut.name, shortcut.part));
  }
  registry.RegisterScalar("date_trunc", BindDateTrunc);
  registry.RegisterScalar("datetrunc", BindDateTrunc);
  for (const char* name : {"date_diff", "datediff"}) {
    registry.RegisterScalar(name, DateDiffBinder(name));
  }
  registry.RegisterScalar("date_add", BindDateAdd);
  registry.RegisterScalar("strftime", BindStrftime);
  registry.RegisterScalar(
      "strptime",
      OverloadBinder("strptime", {{{kVarchar, kVarchar}, kTimestamp, StrptimeKernel<false>}}));
  registry.RegisterScalar(
      "try_strptime",
      OverloadBinder("try_strptime", {{{kVarchar, kVarchar}, kTimestamp, StrptimeKernel<true>}}));
  registry.RegisterScalar(
      "make_date",
      OverloadBinder("make_date", {{{kBigint, kBigint, kBigint}, kDate, MakeDateKernel}}));
  registry.RegisterScalar(
      "to_timestamp", OverloadBinder("to_timestamp", {{{kDouble}, kTimestamp, ToTimestampKernel}}));
  registry.RegisterScalar("last_day", TemporalUnaryBinder("last_day", kDate, LastDayKernel()));
  registry.RegisterScalar("dayname", TemporalUnaryBinder("dayname", kVarchar, NameKernel<false>()));
  registry.RegisterScalar("monthname",
                          TemporalUnaryBinder("monthname", kVarchar, NameKernel<true>()));
  registry.RegisterScalar("epoch_ms",
                          TemporalUnaryBinder("epoch_ms", kBigint, EpochMillisecondsKernel()));
}

}  // namespace tarn
