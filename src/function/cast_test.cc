#include "function/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/exception.h"
#include "types/date_time.h"

namespace tarn {
namespace {

const LogicalType kBoolean(TypeId::kBoolean);
const LogicalType kInteger(TypeId::kInteger);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kDouble(TypeId::kDouble);
const LogicalType kVarchar(TypeId::kVarchar);
const LogicalType kDate(TypeId::kDate);
const LogicalType kTimestamp(TypeId::kTimestamp);
const LogicalType kInterval(TypeId::kInterval);

// Casts the values (all of one type) and returns the results.
std::vector<Value> CastAll(const std::vector<Value>& values, const LogicalType& from,
                           const LogicalType& to, bool try_cast = false) {
  Vector source(from, values.size());
  for (size_t i = 0; i < values.size(); i++) source.SetValue(i, values[i]);
  Vector result(to, values.size());
  CastVector(source, result, values.size(), try_cast);
  std::vector<Value> out;
  for (size_t i = 0; i < values.size(); i++) out.push_back(result.GetValue(i));
  return out;
}

Value CastOne(const Value& value, const LogicalType& to, bool try_cast = false) {
  return CastAll({value}, value.type(), to, try_cast)[0];
}

ErrorCode CastErrorCode(const Value& value, const LogicalType& to) {
  try {
    CastOne(value, to);
  } catch (const TarnException& error) {
    return error.code();
  }
  return ErrorCode::kOk;
}

std::string CastErrorMessage(const Value& value, const LogicalType& to) {
  try {
    CastOne(value, to);
  } catch (const TarnException& error) {
    return error.what();
  }
  return "";
}

TEST(CastTest, IntegerWidening) {
  EXPECT_EQ(CastOne(Value::Integer(INT32_MIN), kBigint), Value::Bigint(INT32_MIN));
  EXPECT_EQ(CastOne(Value::Integer(INT32_MAX), kDouble), Value::Double(2147483647.0));
  EXPECT_EQ(CastOne(Value::Integer(-42), LogicalType::Decimal(12, 2)),
            Value::Decimal(-4200, 12, 2));
  EXPECT_EQ(CastOne(Value::Bigint(INT64_MIN), LogicalType::Decimal(38, 10)).ToString(),
            "-9223372036854775808.0000000000");
}

TEST(CastTest, IntegerNarrowingOverflow) {
  EXPECT_EQ(CastOne(Value::Bigint(INT32_MIN), kInteger), Value::Integer(INT32_MIN));
  EXPECT_EQ(CastErrorMessage(Value::Bigint(3000000000LL), kInteger),
            "Could not convert BIGINT value 3000000000 to INTEGER: the value is out of range");
  EXPECT_EQ(CastErrorCode(Value::Bigint(3000000000LL), kInteger), ErrorCode::kOutOfRange);
  EXPECT_TRUE(CastOne(Value::Bigint(3000000000LL), kInteger, true).is_null());
  EXPECT_EQ(CastErrorCode(Value::Integer(1000), LogicalType::Decimal(4, 2)),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(CastOne(Value::Integer(99), LogicalType::Decimal(4, 2)), Value::Decimal(9900, 4, 2));
}

TEST(CastTest, DoubleToIntegerRoundsHalfAwayFromZero) {
  EXPECT_EQ(CastOne(Value::Double(2.5), kInteger), Value::Integer(3));
  EXPECT_EQ(CastOne(Value::Double(-2.5), kInteger), Value::Integer(-3));
  EXPECT_EQ(CastOne(Value::Double(2.4999), kBigint), Value::Bigint(2));
  EXPECT_EQ(CastOne(Value::Double(-2147483648.4), kInteger), Value::Integer(INT32_MIN));
  EXPECT_EQ(CastErrorCode(Value::Double(2147483647.5), kInteger), ErrorCode::kOutOfRange);
  EXPECT_EQ(CastErrorCode(Value::Double(9.3e18), kBigint), ErrorCode::kOutOfRange);
  EXPECT_EQ(CastErrorCode(Value::Double(std::nan("")), kInteger), ErrorCode::kConversion);
  EXPECT_EQ(CastErrorCode(Value::Double(INFINITY), kBigint), ErrorCode::kConversion);
  EXPECT_TRUE(CastOne(Value::Double(NAN), kInteger, true).is_null());
}

TEST(CastTest, DecimalRescaling) {
  // 1.25 -> scale 1 rounds half away from zero.
  EXPECT_EQ(CastOne(Value::Decimal(125, 5, 2), LogicalType::Decimal(5, 1)),
            Value::Decimal(13, 5, 1));
  EXPECT_EQ(CastOne(Value::Decimal(-125, 5, 2), LogicalType::Decimal(5, 1)),
            Value::Decimal(-13, 5, 1));
  EXPECT_EQ(CastOne(Value::Decimal(-125, 5, 2), kInteger), Value::Integer(-1));
  EXPECT_EQ(CastOne(Value::Decimal(-150, 5, 2), kInteger), Value::Integer(-2));
  EXPECT_EQ(CastOne(Value::Decimal(125, 5, 2), LogicalType::Decimal(20, 4)),
            Value::Decimal(12500, 20, 4));
  // int128 storage down to int64 storage.
  EXPECT_EQ(CastOne(Value::Decimal(123456, 30, 3), LogicalType::Decimal(10, 1)),
            Value::Decimal(1235, 10, 1));
  EXPECT_EQ(CastErrorCode(Value::Decimal(123456, 30, 3), LogicalType::Decimal(3, 1)),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(CastOne(Value::Decimal(12345, 10, 4), kDouble), Value::Double(1.2345));
}

TEST(CastTest, DoubleToDecimalUsesShortestText) {
  EXPECT_EQ(CastOne(Value::Double(0.145), LogicalType::Decimal(5, 2)), Value::Decimal(15, 5, 2));
  EXPECT_EQ(CastOne(Value::Double(-0.145), LogicalType::Decimal(5, 2)), Value::Decimal(-15, 5, 2));
  EXPECT_EQ(CastOne(Value::Double(1e20), LogicalType::Decimal(25, 2)).ToString(),
            "100000000000000000000.00");
  EXPECT_EQ(CastErrorCode(Value::Double(1000), LogicalType::Decimal(5, 2)), ErrorCode::kOutOfRange);
  EXPECT_EQ(CastErrorCode(Value::Double(NAN), LogicalType::Decimal(5, 2)), ErrorCode::kConversion);
}

TEST(CastTest, BooleanAndIntegers) {
  EXPECT_EQ(CastOne(Value::Boolean(true), kInteger), Value::Integer(1));
  EXPECT_EQ(CastOne(Value::Boolean(false), kBigint), Value::Bigint(0));
  EXPECT_EQ(CastOne(Value::Boolean(true), kDouble), Value::Double(1));
  EXPECT_EQ(CastOne(Value::Integer(-7), kBoolean), Value::Boolean(true));
  EXPECT_EQ(CastOne(Value::Bigint(0), kBoolean), Value::Boolean(false));
  EXPECT_EQ(CastOne(Value::Boolean(true), kVarchar), Value::Varchar("true"));
}

TEST(CastTest, ToVarchar) {
  EXPECT_EQ(CastOne(Value::Integer(INT32_MIN), kVarchar), Value::Varchar("-2147483648"));
  EXPECT_EQ(CastOne(Value::Bigint(INT64_MAX), kVarchar), Value::Varchar("9223372036854775807"));
  EXPECT_EQ(CastOne(Value::Double(0.1), kVarchar), Value::Varchar("0.1"));
  EXPECT_EQ(CastOne(Value::Double(3), kVarchar), Value::Varchar("3.0"));
  EXPECT_EQ(CastOne(Value::Decimal(-5, 4, 2), kVarchar), Value::Varchar("-0.05"));
  EXPECT_EQ(CastOne(Value::Decimal(int128_t(10) * INT64_MAX, 30, 5), kVarchar),
            Value::Varchar("922337203685477.58070"));
  EXPECT_EQ(CastOne(Value::Date(-1), kVarchar), Value::Varchar("1969-12-31"));
  EXPECT_EQ(CastOne(Value::Timestamp(1500000), kVarchar), Value::Varchar("1970-01-01 00:00:01.5"));
  Interval interval;
  interval.days = 3;
  EXPECT_EQ(CastOne(Value::FromInterval(interval), kVarchar), Value::Varchar("3 days"));
}

TEST(CastTest, VarcharToNumbers) {
  EXPECT_EQ(CastOne(Value::Varchar("00501"), kInteger), Value::Integer(501));
  EXPECT_EQ(CastOne(Value::Varchar(" 12 "), kInteger), Value::Integer(12));
  EXPECT_EQ(CastOne(Value::Varchar("-2147483648"), kInteger), Value::Integer(INT32_MIN));
  EXPECT_EQ(CastErrorMessage(Value::Varchar("abc"), kInteger),
            "Could not convert string 'abc' to INTEGER");
  EXPECT_EQ(CastErrorCode(Value::Varchar("abc"), kInteger), ErrorCode::kConversion);
  EXPECT_EQ(CastErrorCode(Value::Varchar("1.5"), kInteger), ErrorCode::kConversion);
  EXPECT_EQ(CastErrorMessage(Value::Varchar("3000000000"), kInteger),
            "Could not convert string '3000000000' to INTEGER: the value is out of range");
  EXPECT_EQ(CastOne(Value::Varchar("3000000000"), kBigint), Value::Bigint(3000000000LL));
  EXPECT_EQ(CastOne(Value::Varchar("1e3"), LogicalType::Decimal(10, 2)),
            Value::Decimal(100000, 10, 2));
  EXPECT_EQ(CastOne(Value::Varchar("-1.235"), LogicalType::Decimal(10, 2)),
            Value::Decimal(-124, 10, 2));
  EXPECT_EQ(CastErrorCode(Value::Varchar("12345"), LogicalType::Decimal(4, 1)),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(CastErrorCode(Value::Varchar("1.2.3"), LogicalType::Decimal(4, 1)),
            ErrorCode::kConversion);
  EXPECT_EQ(CastOne(Value::Varchar("1e3"), kDouble), Value::Double(1000));
  EXPECT_EQ(CastOne(Value::Varchar(" t"), kBoolean), Value::Boolean(true));
  EXPECT_EQ(CastErrorCode(Value::Varchar("maybe"), kBoolean), ErrorCode::kConversion);
}

TEST(CastTest, VarcharToTemporal) {
  EXPECT_EQ(CastOne(Value::Varchar("2020-02-29"), kDate),
            Value::Date(date_time::DaysFromCivil(2020, 2, 29)));
  EXPECT_EQ(CastErrorMessage(Value::Varchar("2020-02-30"), kDate),
            "Could not convert string '2020-02-30' to DATE");
  EXPECT_EQ(CastOne(Value::Varchar("2020-01-02 03:04:05"), kDate),
            Value::Date(date_time::DaysFromCivil(2020, 1, 2)));
  EXPECT_EQ(CastOne(Value::Varchar("1969-12-31 23:59:59.5"), kTimestamp),
            Value::Timestamp(-500000));
  EXPECT_EQ(CastErrorCode(Value::Varchar("2021-02-29 00:00"), kTimestamp), ErrorCode::kConversion);
  Value interval = CastOne(Value::Varchar("1 month 2 days"), kInterval);
  EXPECT_EQ(interval.GetInterval().months, 1);
  EXPECT_EQ(interval.GetInterval().days, 2);
  EXPECT_EQ(CastErrorCode(Value::Varchar("3 fortnights"), kInterval), ErrorCode::kConversion);
}

TEST(CastTest, DateAndTimestamp) {
  EXPECT_EQ(CastOne(Value::Date(-1), kTimestamp), Value::Timestamp(-date_time::kMicrosPerDay));
  EXPECT_EQ(CastOne(Value::Timestamp(-1), kDate), Value::Date(-1));
  EXPECT_EQ(CastOne(Value::Timestamp(date_time::kMicrosPerDay + 5), kDate), Value::Date(1));
}

TEST(CastTest, NullsAndTryCast) {
  std::vector<Value> values = {Value::Varchar("1"), Value::Null(kVarchar), Value::Varchar("x"),
                               Value::Varchar("4")};
  std::vector<Value> cast = CastAll(values, kVarchar, kInteger, /*try_cast=*/true);
  EXPECT_EQ(cast[0], Value::Integer(1));
  EXPECT_TRUE(cast[1].is_null());
  EXPECT_TRUE(cast[2].is_null());
  EXPECT_EQ(cast[3], Value::Integer(4));
  EXPECT_THROW(CastAll(values, kVarchar, kInteger, false), TarnException);
  std::vector<Value> from_null = CastAll({Value(), Value()}, LogicalType(TypeId::kNull), kDate);
  EXPECT_TRUE(from_null[0].is_null());
  EXPECT_TRUE(from_null[1].is_null());
}

TEST(CastTest, UnsupportedCastIsATypeError) {
  EXPECT_FALSE(CastExists(kDate, kInteger));
  EXPECT_FALSE(CastExists(kInterval, kDouble));
  EXPECT_TRUE(CastExists(kDate, kVarchar));
  EXPECT_TRUE(CastExists(kVarchar, kInterval));
  EXPECT_TRUE(CastExists(kBoolean, LogicalType::Decimal(4, 1)));
  EXPECT_EQ(CastErrorCode(Value::Date(1), kInteger), ErrorCode::kType);
}

TEST(CastTest, ImplicitCasts) {
  EXPECT_TRUE(CanCastImplicitly(kInteger, kBigint));
  EXPECT_TRUE(CanCastImplicitly(kInteger, kDouble));
  EXPECT_TRUE(CanCastImplicitly(kInteger, LogicalType::Decimal(10, 0)));
  EXPECT_TRUE(CanCastImplicitly(kInteger, LogicalType::Decimal(12, 2)));
  EXPECT_FALSE(CanCastImplicitly(kInteger, LogicalType::Decimal(9, 0)));
  EXPECT_TRUE(CanCastImplicitly(kBigint, LogicalType::Decimal(19, 0)));
  EXPECT_FALSE(CanCastImplicitly(kBigint, LogicalType::Decimal(18, 0)));
  EXPECT_FALSE(CanCastImplicitly(kBigint, kInteger));
  EXPECT_TRUE(CanCastImplicitly(LogicalType::Decimal(5, 2), LogicalType::Decimal(7, 3)));
  EXPECT_FALSE(CanCastImplicitly(LogicalType::Decimal(5, 2), LogicalType::Decimal(5, 3)));
  EXPECT_FALSE(CanCastImplicitly(LogicalType::Decimal(5, 2), LogicalType::Decimal(6, 1)));
  EXPECT_TRUE(CanCastImplicitly(LogicalType::Decimal(38, 2), kDouble));
  EXPECT_FALSE(CanCastImplicitly(kDouble, LogicalType::Decimal(38, 2)));
  EXPECT_TRUE(CanCastImplicitly(kDate, kTimestamp));
  EXPECT_FALSE(CanCastImplicitly(kTimestamp, kDate));
  EXPECT_TRUE(CanCastImplicitly(LogicalType(TypeId::kNull), kInterval));
  EXPECT_FALSE(CanCastImplicitly(kInteger, kVarchar));
  EXPECT_FALSE(CanCastImplicitly(kVarchar, kInteger));
}

TEST(CastTest, ManyRowsWithNulls) {
  Vector source(kBigint);
  for (idx_t i = 0; i < kVectorSize; i++) {
    if (i % 3 == 0) {
      source.validity().SetInvalid(i);
    } else {
      source.Data<int64_t>()[i] = static_cast<int64_t>(i) * 1000;
    }
  }
  Vector result(LogicalType::Decimal(12, 1));
  CastVector(source, result, kVectorSize, false);
  for (idx_t i = 0; i < kVectorSize; i++) {
    ASSERT_EQ(result.validity().RowIsValid(i), i % 3 != 0);
    if (i % 3 != 0) {
      ASSERT_EQ(result.Data<int64_t>()[i], static_cast<int64_t>(i) * 10000);
    }
  }
}

}  // namespace
}  // namespace tarn
