#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/exception.h"
#include "function/function.h"
#include "function/scalar/function_test_calls.h"
#include "function/scalar_kernels.h"
#include "types/date_time.h"

namespace tarn {

namespace {

Value Date(int32_t year, int32_t month, int32_t day) {
  return Value::Date(date_time::DaysFromCivil(year, month, day));
}

Value Ts(const char* text) { return V(text).CastTo(LogicalType(TypeId::kTimestamp)); }

int64_t Part(const char* part, const Value& value) {
  return Call("date_part", {V(part), value}).GetBigint();
}

TEST(DateFunctionsTest, PartsOfADateBefore1970) {
  Value date = Date(1969, 12, 31);  // A Wednesday in ISO week 1 of 1970.
  EXPECT_EQ(Part("year", date), 1969);
  EXPECT_EQ(Part("month", date), 12);
  EXPECT_EQ(Part("day", date), 31);
  EXPECT_EQ(Part("dow", date), 3);
  EXPECT_EQ(Part("isodow", date), 3);
  EXPECT_EQ(Part("doy", date), 365);
  EXPECT_EQ(Part("week", date), 1);
  EXPECT_EQ(Part("isoyear", date), 1970);
  EXPECT_EQ(Part("quarter", date), 4);
  EXPECT_EQ(Part("decade", date), 196);
  EXPECT_EQ(Part("century", date), 20);
  EXPECT_EQ(Part("millennium", date), 2);
  EXPECT_EQ(Part("hour", date), 0);
  EXPECT_EQ(CallConstant("date_part", {V("epoch"), date}), D(-86400));
  EXPECT_EQ(Call("year", {date}), B(1969));
  EXPECT_EQ(Call("month", {date}), B(12));
  EXPECT_EQ(Call("day", {date}), B(31));
  EXPECT_EQ(Part("year", Date(-44, 3, 15)), -44);
  EXPECT_EQ(Part("century", Date(0, 6, 1)), -1);
}

TEST(DateFunctionsTest, PartsOfLeapDays) {
  Value date = Date(2000, 2, 29);  // A Tuesday.
  EXPECT_EQ(Part("doy", date), 60);
  EXPECT_EQ(Part("dow", date), 2);
  EXPECT_EQ(Part("week", date), 9);
  EXPECT_EQ(Part("quarter", date), 1);
  EXPECT_EQ(Part("century", date), 20);
  EXPECT_EQ(Part("millennium", date), 2);
  EXPECT_EQ(Part("doy", Date(2024, 12, 31)), 366);
  EXPECT_EQ(Part("dow", Date(2023, 1, 1)), 0);
  EXPECT_EQ(Part("isodow", Date(2023, 1, 1)), 7);
  EXPECT_EQ(Part("week", Date(2023, 1, 1)), 52);
  EXPECT_EQ(Part("week", Date(2020, 12, 31)), 53);
}

TEST(DateFunctionsTest, PartsOfATimestampBefore1970) {
  Value timestamp = Ts("1969-12-31 23:59:58.123456");
  EXPECT_EQ(Part("day", timestamp), 31);
  EXPECT_EQ(Part("hour", timestamp), 23);
  EXPECT_EQ(Part("minute", timestamp), 59);
  EXPECT_EQ(Part("second", timestamp), 58);
  EXPECT_EQ(Part("millisecond", timestamp), 58123);
  EXPECT_EQ(Part("microsecond", timestamp), 58123456);
  EXPECT_NEAR(CallConstant("date_part", {V("epoch"), timestamp}).GetDouble(), -1.876544, 1e-9);
  EXPECT_EQ(Call("extract", {V("YEAR"), timestamp}), B(1969));
  EXPECT_EQ(Call("hour", {timestamp}), B(23));
  EXPECT_EQ(Call("epoch", {timestamp}), CallConstant("date_part", {V("epoch"), timestamp}));
}

TEST(DateFunctionsTest, BadPartIsAnError) {
  EXPECT_NE(BindError("date_part", {V("fortnight"), Date(2000, 1, 1)}).find("fortnight"),
            std::string::npos);
  EXPECT_EQ(CallErrorCode("date_part", {V("fortnight"), Date(2000, 1, 1)}),
            ErrorCode::kInvalidInput);
  EXPECT_NE(BindError("date_part", {V("year"), I(1)}), "");
  EXPECT_NE(BindError("year", {V("2020-01-01")}), "");
}

TEST(DateFunctionsTest, DateTrunc) {
  EXPECT_EQ(Call("date_trunc", {V("month"), Date(2000, 2, 29)}), Date(2000, 2, 1));
  EXPECT_EQ(Call("date_trunc", {V("week"), Date(1969, 12, 31)}), Date(1969, 12, 29));
  EXPECT_EQ(Call("date_trunc", {V("quarter"), Date(1969, 12, 31)}), Date(1969, 10, 1));
  EXPECT_EQ(Call("date_trunc", {V("year"), Date(1969, 12, 31)}), Date(1969, 1, 1));
  EXPECT_EQ(Call("date_trunc", {V("decade"), Date(1969, 12, 31)}), Date(1960, 1, 1));
  EXPECT_EQ(Call("date_trunc", {V("century"), Date(1969, 12, 31)}), Date(1901, 1, 1));
  EXPECT_EQ(Call("date_trunc", {V("millennium"), Date(1969, 12, 31)}), Date(1001, 1, 1));
  EXPECT_EQ(Call("date_trunc", {V("hour"), Ts("1969-12-31 23:59:59.5")}),
            Ts("1969-12-31 23:00:00"));
  EXPECT_EQ(Call("date_trunc", {V("minute"), Ts("1969-12-31 23:59:59.5")}),
            Ts("1969-12-31 23:59:00"));
  EXPECT_EQ(Call("date_trunc", {V("second"), Ts("1969-12-31 23:59:59.5")}),
            Ts("1969-12-31 23:59:59"));
  EXPECT_EQ(Call("date_trunc", {V("day"), Ts("1969-12-31 23:59:59.5")}), Ts("1969-12-31"));
  EXPECT_EQ(Call("date_trunc", {V("month"), Ts("2024-02-29 10:00")}), Ts("2024-02-01"));
}

TEST(DateFunctionsTest, DateDiffCountsBoundaries) {
  EXPECT_EQ(Call("date_diff", {V("month"), Date(2020, 1, 31), Date(2020, 2, 1)}), B(1));
  EXPECT_EQ(Call("date_diff", {V("year"), Date(2019, 12, 31), Date(2020, 1, 1)}), B(1));
  EXPECT_EQ(Call("date_diff", {V("year"), Date(2021, 6, 1), Date(2020, 1, 1)}), B(-1));
  EXPECT_EQ(Call("date_diff", {V("day"), Date(2020, 2, 28), Date(2020, 3, 1)}), B(2));
  EXPECT_EQ(Call("datediff", {V("week"), Date(2024, 3, 3), Date(2024, 3, 4)}), B(1));
  EXPECT_EQ(Call("date_diff", {V("week"), Date(2024, 3, 4), Date(2024, 3, 10)}), B(0));
  EXPECT_EQ(Call("date_diff", {V("quarter"), Date(1969, 12, 31), Date(1970, 1, 1)}), B(1));
  EXPECT_EQ(Call("date_diff", {V("hour"), Ts("1969-12-31 23:59"), Ts("1970-01-01 00:01")}), B(1));
  EXPECT_EQ(Call("date_diff", {V("minute"), Date(2020, 1, 1), Ts("2020-01-01 01:00")}), B(60));
}

TEST(DateFunctionsTest, Strftime) {
  EXPECT_EQ(Call("strftime", {Date(2000, 2, 29), V("%Y/%m/%d %A %a %B %b %j")}),
            V("2000/02/29 Tuesday Tue February Feb 060"));
  EXPECT_EQ(Call("strftime", {Ts("1969-12-31 13:05:09.25"), V("%H:%M:%S.%f %I%p %%")}),
            V("13:05:09.250000 01PM %"));
  EXPECT_EQ(Call("strftime", {Date(1999, 1, 2), V("%y-%-m-%-d %F")}), V("99-1-2 1999-01-02"));
  EXPECT_EQ(CallErrorCode("strftime", {Date(1999, 1, 2), V("%Q")}), ErrorCode::kInvalidInput);
}

TEST(DateFunctionsTest, Strptime) {
  EXPECT_EQ(Call("strptime", {V("29/02/2000 13:05"), V("%d/%m/%Y %H:%M")}), Ts("2000-02-29 13:05"));
  EXPECT_EQ(Call("strptime", {V("Feb 29 2000 01:02:03 PM"), V("%b %d %Y %I:%M:%S %p")}),
            Ts("2000-02-29 13:02:03"));
  EXPECT_EQ(Call("strptime", {V("2020-01-01T10:00:00+02:00"), V("%Y-%m-%dT%H:%M:%S%z")}),
            Ts("2020-01-01 08:00:00"));
  EXPECT_EQ(Call("strptime", {V("1969-12-31 23:59:59.5"), V("%F %T.%f")}),
            Ts("1969-12-31 23:59:59.5"));
  EXPECT_EQ(Call("strptime", {V("99 060"), V("%y %j")}), Ts("1999-03-01"));
  EXPECT_EQ(CallErrorCode("strptime", {V("30/02/2000"), V("%d/%m/%Y")}), ErrorCode::kConversion);
  EXPECT_EQ(CallErrorCode("strptime", {V("2000-01-01 junk"), V("%Y-%m-%d")}),
            ErrorCode::kConversion);
  EXPECT_TRUE(Call("try_strptime", {V("30/02/2000"), V("%d/%m/%Y")}).is_null());
}

TEST(DateFunctionsTest, ConstructionAndNames) {
  EXPECT_EQ(Call("make_date", {I(2000), I(2), I(29)}), Date(2000, 2, 29));
  EXPECT_EQ(Call("make_date", {I(1969), I(1), I(1)}), Date(1969, 1, 1));
  EXPECT_EQ(CallErrorCode("make_date", {I(2001), I(2), I(29)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(CallErrorCode("make_date", {B(2001), B(4294967297LL), B(1)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(Call("last_day", {Date(2000, 2, 10)}), Date(2000, 2, 29));
  EXPECT_EQ(Call("last_day", {Date(1900, 2, 1)}), Date(1900, 2, 28));
  EXPECT_EQ(Call("last_day", {Ts("1969-12-05 10:00")}), Date(1969, 12, 31));
  EXPECT_EQ(Call("dayname", {Date(1969, 12, 31)}), V("Wednesday"));
  EXPECT_EQ(Call("monthname", {Date(2000, 2, 29)}), V("February"));
  EXPECT_EQ(Call("to_timestamp", {D(-1.5)}), Ts("1969-12-31 23:59:58.5"));
  EXPECT_EQ(CallErrorCode("to_timestamp", {D(1e300)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(Call("epoch", {Date(1969, 12, 31)}), D(-86400));
  EXPECT_EQ(Call("epoch_ms", {Ts("1970-01-01 00:00:01.5")}), B(1500));
}

TEST(DateFunctionsTest, DateAddAndClock) {
  Value month = V("1 month").CastTo(LogicalType(TypeId::kInterval));
  EXPECT_EQ(Call("date_add", {Date(2000, 1, 31), month}), Ts("2000-02-29"));
  EXPECT_EQ(Call("date_add", {Ts("1969-12-31 12:00"), month}), Ts("1970-01-31 12:00"));
  Value today = CallConstant("current_date", {});
  EXPECT_EQ(today.type(), LogicalType(TypeId::kDate));
  EXPECT_GT(today.GetInteger(), date_time::DaysFromCivil(2024, 1, 1));
  Value now = CallConstant("now", {});
  EXPECT_EQ(now.type(), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(date_time::TimestampDate(now.GetBigint()), today.GetInteger());
}

}  // namespace
}  // namespace tarn
