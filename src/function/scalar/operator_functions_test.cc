#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/exception.h"
#include "function/function.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {
namespace {

const FunctionRegistry& Operators() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry built;
    RegisterOperatorFunctions(built);
    return built;
  }();
  return registry;
}

Result<BoundScalarFunction> TryBind(const std::string& name, std::vector<LogicalType> types,
                                    std::vector<std::optional<Value>> constants = {}) {
  constants.resize(types.size());
  const ScalarBinder* binder = Operators().FindScalar(name);
  EXPECT_NE(binder, nullptr) << name;
  return (*binder)(types, constants);
}

BoundScalarFunction Bind(const std::string& name, std::vector<LogicalType> types,
                         std::vector<std::optional<Value>> constants = {}) {
  auto bound = TryBind(name, types, constants);
  EXPECT_TRUE(bound.ok()) << bound.status().message();
  return std::move(bound).ValueOrThrow();
}

// Evaluates `function` over rows given per argument column, casting each value to the
// bound argument type as the engine does.
std::vector<Value> RunRows(const BoundScalarFunction& function,
                           const std::vector<std::vector<Value>>& columns) {
  idx_t count = columns.empty() ? 0 : columns[0].size();
  DataChunk chunk(function.argument_types);
  for (size_t c = 0; c < columns.size(); c++) {
    for (idx_t row = 0; row < count; row++) {
      chunk.column(c).SetValue(row, columns[c][row].CastTo(function.argument_types[c]));
    }
  }
  chunk.SetSize(count);
  Vector result(function.return_type);
  function.kernel(chunk, function.bind_data.get(), result);
  std::vector<Value> values;
  for (idx_t row = 0; row < count; row++) values.push_back(result.GetValue(row));
  return values;
}

Value Eval(const std::string& name, const Value& left, const Value& right) {
  return RunRows(Bind(name, {left.type(), right.type()}), {{left}, {right}})[0];
}

// As Eval, but the binder is told both arguments are constants.
Value EvalConstants(const std::string& name, const Value& left, const Value& right) {
  return RunRows(Bind(name, {left.type(), right.type()}, {left, right}), {{left}, {right}})[0];
}

// Runs and returns the error thrown, failing the test when nothing is thrown.
TarnException EvalError(const std::string& name, const Value& left, const Value& right) {
  try {
    Eval(name, left, right);
  } catch (const TarnException& error) {
    return error;
  }
  ADD_FAILURE() << "expected an error from " << left.ToString() << " " << name << " "
                << right.ToString();
  return TarnException(ErrorCode::kOk, "");
}

Value Dec(int128_t unscaled, int width, int scale) {
  return Value::Decimal(unscaled, static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
}
Value DateOf(int year, int month, int day) {
  return Value::Date(date_time::DaysFromCivil(year, month, day));
}
Value IntervalOf(int32_t months, int32_t days, int64_t micros) {
  Interval interval;
  interval.months = months;
  interval.days = days;
  interval.micros = micros;
  return Value::FromInterval(interval);
}

constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kBigMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kBigMin = std::numeric_limits<int64_t>::min();

// ---- Integers ----

TEST(OperatorFunctionsTest, IntegerArithmetic) {
  EXPECT_EQ(Eval("+", Value::Integer(2), Value::Integer(3)), Value::Integer(5));
  EXPECT_EQ(Eval("-", Value::Integer(2), Value::Integer(3)), Value::Integer(-1));
  EXPECT_EQ(Eval("*", Value::Integer(-4), Value::Integer(3)), Value::Integer(-12));
  EXPECT_EQ(Eval("/", Value::Integer(-7), Value::Integer(2)), Value::Integer(-3));
  EXPECT_EQ(Eval("/", Value::Integer(7), Value::Integer(-2)), Value::Integer(-3));
  EXPECT_EQ(Eval("%", Value::Integer(-7), Value::Integer(3)), Value::Integer(-1));
  EXPECT_EQ(Eval("%", Value::Integer(7), Value::Integer(-3)), Value::Integer(1));
  EXPECT_EQ(Eval("%", Value::Integer(kIntMin), Value::Integer(-1)), Value::Integer(0));
  auto mixed = Bind("+", {TypeId::kInteger, TypeId::kBigint});
  EXPECT_EQ(mixed.return_type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(mixed.argument_types[0], LogicalType(TypeId::kBigint));
  EXPECT_EQ(Eval("+", Value::Integer(kIntMax), Value::Bigint(1)), Value::Bigint(2147483648LL));
}

TEST(OperatorFunctionsTest, IntegerOverflowBoundaries) {
  EXPECT_EQ(Eval("+", Value::Integer(kIntMax - 1), Value::Integer(1)), Value::Integer(kIntMax));
  auto error = EvalError("+", Value::Integer(kIntMax), Value::Integer(1));
  EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
  EXPECT_STREQ(error.what(), "Overflow in addition of INTEGER (2147483647 + 1)");
  EXPECT_EQ(EvalError("-", Value::Integer(kIntMin), Value::Integer(1)).code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(EvalError("*", Value::Integer(65536), Value::Integer(32768)).code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(Eval("*", Value::Integer(65535), Value::Integer(32768)), Value::Integer(65535 * 32768));
  EXPECT_STREQ(EvalError("/", Value::Integer(kIntMin), Value::Integer(-1)).what(),
               "Overflow in division of INTEGER (-2147483648 / -1)");
  EXPECT_EQ(EvalError("+", Value::Bigint(kBigMax), Value::Bigint(1)).code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(EvalError("/", Value::Bigint(kBigMin), Value::Bigint(-1)).code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(Eval("-", Value::Bigint(kBigMin + 1), Value::Bigint(1)), Value::Bigint(kBigMin));
}

TEST(OperatorFunctionsTest, DivisionByZero) {
  for (const char* op : {"/", "%"}) {
    auto error = EvalError(op, Value::Integer(1), Value::Integer(0));
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
    EXPECT_STREQ(error.what(), "Division by zero");
    EXPECT_STREQ(EvalError(op, Value::Double(1), Value::Double(0)).what(), "Division by zero");
    EXPECT_STREQ(EvalError(op, Value::Bigint(1), Value::Bigint(0)).what(), "Division by zero");
  }
  EXPECT_STREQ(EvalError("/", Dec(15, 2, 1), Dec(0, 3, 2)).what(), "Division by zero");
}

TEST(OperatorFunctionsTest, NullsPropagateAndStaleValuesUnderNullsAreIgnored) {
  auto divide = Bind("/", {TypeId::kInteger, TypeId::kInteger});
  DataChunk chunk(divide.argument_types);
  int32_t* left = chunk.column(0).Data<int32_t>();
  int32_t* right = chunk.column(1).Data<int32_t>();
  left[0] = 10, right[0] = 0;  // NULL divisor with a zero underneath: no error.
  left[1] = 10, right[1] = 3;
  left[2] = kIntMin, right[2] = -1;  // NULL dividend over an overflowing pair.
  chunk.column(1).validity().SetInvalid(0);
  chunk.column(0).validity().SetInvalid(2);
  chunk.SetSize(3);
  Vector result(TypeId::kInteger);
  divide.kernel(chunk, nullptr, result);
  EXPECT_FALSE(result.validity().RowIsValid(0));
  EXPECT_TRUE(result.validity().RowIsValid(1));
  EXPECT_EQ(result.Data<int32_t>()[1], 3);
  EXPECT_FALSE(result.validity().RowIsValid(2));

  auto values = RunRows(Bind("+", {TypeId::kDouble, TypeId::kDouble}),
                        {{Value::Double(1), Value::Null()}, {Value::Null(), Value::Double(2)}});
  EXPECT_TRUE(values[0].is_null());
  EXPECT_TRUE(values[1].is_null());

  auto bare_null = Bind("+", {TypeId::kNull, TypeId::kInteger});
  EXPECT_EQ(bare_null.return_type, LogicalType(TypeId::kInteger));
  EXPECT_TRUE(RunRows(bare_null, {{Value::Null()}, {Value::Integer(1)}})[0].is_null());
  EXPECT_EQ(Bind("+", {TypeId::kDate, TypeId::kNull}).return_type, LogicalType(TypeId::kDate));
}

TEST(OperatorFunctionsTest, ErrorNamesTheFirstBadRow) {
  auto add = Bind("+", {TypeId::kInteger, TypeId::kInteger});
  try {
    RunRows(add, {{Value::Integer(1), Value::Integer(kIntMax - 5), Value::Integer(kIntMax)},
                  {Value::Integer(1), Value::Integer(6), Value::Integer(7)}});
    FAIL() << "expected overflow";
  } catch (const TarnException& error) {
    EXPECT_STREQ(error.what(), "Overflow in addition of INTEGER (2147483642 + 6)");
  }
}

// ---- Doubles ----

TEST(OperatorFunctionsTest, DoubleArithmetic) {
  EXPECT_EQ(Eval("/", Value::Double(1), Value::Double(4)), Value::Double(0.25));
  EXPECT_EQ(Eval("+", Value::Integer(1), Value::Double(0.5)), Value::Double(1.5));
  EXPECT_EQ(Eval("%", Value::Double(7.5), Value::Double(2)), Value::Double(1.5));
  auto mixed = Bind("*", {LogicalType::Decimal(10, 2), TypeId::kDouble});
  EXPECT_EQ(mixed.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(mixed.argument_types[0], LogicalType(TypeId::kDouble));
  EXPECT_EQ(RunRows(mixed, {{Dec(150, 10, 2)}, {Value::Double(2)}})[0], Value::Double(3));
}

// ---- Decimals ----

TEST(OperatorFunctionsTest, DecimalAdditionRules) {
  auto add = Bind("+", {LogicalType::Decimal(3, 2), LogicalType::Decimal(2, 1)});
  EXPECT_EQ(add.return_type, LogicalType::Decimal(4, 2));
  EXPECT_EQ(add.argument_types[0], LogicalType::Decimal(4, 2));
  EXPECT_EQ(add.argument_types[1], LogicalType::Decimal(4, 2));
  Value sum = RunRows(add, {{Dec(10, 3, 2)}, {Dec(2, 2, 1)}})[0];
  EXPECT_EQ(sum, Dec(30, 4, 2));
  EXPECT_EQ(sum.ToString(), "0.30");

  Value difference = Eval("-", Dec(10, 3, 2), Dec(25, 3, 1));
  EXPECT_EQ(difference.type(), LogicalType::Decimal(5, 2));
  EXPECT_EQ(difference.GetInt128(), -240);

  // An integer constant takes its narrowest width: 1 - l_discount stays narrow.
  auto narrow =
      Bind("-", {TypeId::kInteger, LogicalType::Decimal(5, 2)}, {Value::Integer(1), std::nullopt});
  EXPECT_EQ(narrow.return_type, LogicalType::Decimal(6, 2));
  EXPECT_EQ(RunRows(narrow, {{Value::Integer(1)}, {Dec(6, 5, 2)}})[0], Dec(94, 6, 2));
  auto wide = Bind("-", {TypeId::kInteger, LogicalType::Decimal(5, 2)});
  EXPECT_EQ(wide.return_type, LogicalType::Decimal(13, 2));
  auto bigint = Bind("+", {TypeId::kBigint, LogicalType::Decimal(5, 2)});
  EXPECT_EQ(bigint.return_type, LogicalType::Decimal(22, 2));
  auto constant_big = Bind("+", {LogicalType::Decimal(5, 2), TypeId::kBigint},
                           {std::nullopt, Value::Bigint(-12345)});
  EXPECT_EQ(constant_big.return_type, LogicalType::Decimal(8, 2));
}

TEST(OperatorFunctionsTest, DecimalAdditionOverflowAtWidth38) {
  int128_t max38 = 1;
  for (int i = 0; i < 38; i++) max38 *= 10;
  max38 -= 1;
  auto add = Bind("+", {LogicalType::Decimal(38, 0), LogicalType::Decimal(38, 0)});
  EXPECT_EQ(add.return_type, LogicalType::Decimal(38, 0));
  EXPECT_EQ(RunRows(add, {{Dec(max38 - 1, 38, 0)}, {Dec(1, 38, 0)}})[0], Dec(max38, 38, 0));
  auto error = EvalError("+", Dec(max38, 38, 0), Dec(1, 38, 0));
  EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
  EXPECT_NE(std::string(error.what()).find("Overflow in addition of DECIMAL(38,0)"),
            std::string::npos)
      << error.what();
  // Width 18 stays in 64 bits; width 19 moves to 128 bits.
  auto small = Bind("+", {LogicalType::Decimal(17, 2), LogicalType::Decimal(17, 2)});
  EXPECT_EQ(small.return_type, LogicalType::Decimal(18, 2));
  Value big = Eval("+", Dec(999999999999999999LL, 18, 0), Dec(1, 18, 0));
  EXPECT_EQ(big.type(), LogicalType::Decimal(19, 0));
  EXPECT_EQ(big.GetInt128(), static_cast<int128_t>(1000000000000000000LL));
}

TEST(OperatorFunctionsTest, DecimalMultiplication) {
  Value product = Eval("*", Dec(15, 2, 1), Dec(225, 3, 2));
  EXPECT_EQ(product.type(), LogicalType::Decimal(5, 3));
  EXPECT_EQ(product.GetInt128(), 3375);
  EXPECT_EQ(product.ToString(), "3.375");
  auto mixed = Bind("*", {LogicalType::Decimal(12, 2), TypeId::kInteger},
                    {std::nullopt, Value::Integer(100)});
  EXPECT_EQ(mixed.return_type, LogicalType::Decimal(15, 2));
  EXPECT_EQ(mixed.argument_types[0], LogicalType::Decimal(12, 2));
  EXPECT_EQ(mixed.argument_types[1], LogicalType::Decimal(3, 0));
  EXPECT_EQ(RunRows(mixed, {{Dec(-1234, 12, 2)}, {Value::Integer(100)}})[0], Dec(-123400, 15, 2));
  // 64-bit inputs into a 128-bit product.
  Value wide = Eval("*", Dec(999999999999999999LL, 18, 2), Dec(999999999999999999LL, 18, 2));
  EXPECT_EQ(wide.type(), LogicalType::Decimal(36, 4));
  int128_t expected = static_cast<int128_t>(999999999999999999LL) * 999999999999999999LL;
  EXPECT_EQ(wide.GetInt128(), expected);
  // Capped at width 38: a product that does not fit fails.
  EXPECT_EQ(EvalError("*", Dec(expected, 36, 0), Dec(1000, 4, 0)).code(), ErrorCode::kOutOfRange);
  auto too_fine = TryBind("*", {LogicalType::Decimal(38, 20), LogicalType::Decimal(38, 20)});
  EXPECT_FALSE(too_fine.ok());
}

TEST(OperatorFunctionsTest, DecimalDivisionIsExact) {
  // DECIMAL(4,2) / DECIMAL(3,1): scale max(6, 2 + 3 + 1) = 6, width 2 + 1 + 6 = 9.
  auto divide = Bind("/", {LogicalType::Decimal(4, 2), LogicalType::Decimal(3, 1)});
  EXPECT_EQ(divide.return_type, LogicalType::Decimal(9, 6));
  EXPECT_EQ(RunRows(divide, {{Dec(150, 4, 2)}, {Dec(30, 3, 1)}})[0], Dec(500000, 9, 6));
  // 2/3 rounds half away from zero at the last digit, either sign.
  EXPECT_EQ(RunRows(divide, {{Dec(200, 4, 2)}, {Dec(30, 3, 1)}})[0], Dec(666667, 9, 6));
  EXPECT_EQ(RunRows(divide, {{Dec(-200, 4, 2)}, {Dec(30, 3, 1)}})[0], Dec(-666667, 9, 6));
  // Past 38 digits the integer digits stay and the scale drops to 6.
  auto wide = Bind("/", {LogicalType::Decimal(38, 0), LogicalType::Decimal(38, 0)});
  EXPECT_EQ(wide.return_type, LogicalType::Decimal(38, 6));
  // 10^37 * 10^6 needs more than 128 bits before the divisor (> 2^64) brings it back.
  int128_t big = numeric::PowerOfTen(37);
  EXPECT_EQ(RunRows(wide, {{Dec(big, 38, 0)}, {Dec(numeric::PowerOfTen(25), 38, 0)}})[0],
            Dec(numeric::PowerOfTen(18), 38, 6));
  EXPECT_EQ(EvalError("/", Dec(big, 38, 0), Dec(1, 38, 0)).code(), ErrorCode::kOutOfRange);
  // % keeps the larger scale and the dividend's sign.
  EXPECT_EQ(Eval("%", Dec(75, 3, 1), Value::Integer(2)), Dec(15, 3, 1));
  EXPECT_EQ(Eval("%", Dec(-75, 3, 1), Dec(20, 3, 1)), Dec(-15, 3, 1));
  EXPECT_STREQ(EvalError("%", Dec(75, 3, 1), Dec(0, 3, 1)).what(), "Division by zero");
}

// ---- Dates and times ----

TEST(OperatorFunctionsTest, DatePlusDays) {
  EXPECT_EQ(Eval("+", DateOf(2024, 2, 28), Value::Integer(1)), DateOf(2024, 2, 29));
  EXPECT_EQ(Eval("+", DateOf(2023, 2, 28), Value::Integer(1)), DateOf(2023, 3, 1));
  EXPECT_EQ(Eval("+", Value::Integer(366), DateOf(2023, 12, 31)), DateOf(2024, 12, 31));
  EXPECT_EQ(Eval("-", DateOf(2024, 3, 1), Value::Integer(1)), DateOf(2024, 2, 29));
  EXPECT_EQ(Eval("-", DateOf(2024, 3, 1), Value::Bigint(1)), DateOf(2024, 2, 29));
  Value days = Eval("-", DateOf(2024, 3, 1), DateOf(2024, 2, 1));
  EXPECT_EQ(days, Value::Integer(29));
  EXPECT_EQ(Eval("-", DateOf(2023, 3, 1), DateOf(2023, 2, 1)), Value::Integer(28));
  EXPECT_EQ(Eval("-", DateOf(1969, 12, 31), DateOf(1970, 1, 2)), Value::Integer(-2));
}

TEST(OperatorFunctionsTest, DatePlusInterval) {
  Value month = IntervalOf(1, 0, 0);
  auto bound = Bind("+", {TypeId::kDate, TypeId::kInterval}, {std::nullopt, month});
  EXPECT_EQ(bound.return_type, LogicalType(TypeId::kDate));
  EXPECT_EQ(RunRows(bound, {{DateOf(2024, 1, 31)}, {month}})[0], DateOf(2024, 2, 29));
  EXPECT_EQ(RunRows(bound, {{DateOf(2023, 1, 31)}, {month}})[0], DateOf(2023, 2, 28));
  EXPECT_EQ(RunRows(bound, {{DateOf(2023, 12, 15)}, {month}})[0], DateOf(2024, 1, 15));
  EXPECT_EQ(EvalConstants("-", DateOf(2024, 3, 31), month), DateOf(2024, 2, 29));
  EXPECT_EQ(EvalConstants("-", DateOf(1998, 12, 1), IntervalOf(0, 90, 0)), DateOf(1998, 9, 2));
  EXPECT_EQ(EvalConstants("+", IntervalOf(12, 0, 0), DateOf(2024, 2, 29)), DateOf(2025, 2, 28));

  // A non-constant interval, or one with a time part, makes a TIMESTAMP.
  auto variable = Bind("+", {TypeId::kDate, TypeId::kInterval});
  EXPECT_EQ(variable.return_type, LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(variable.argument_types[0], LogicalType(TypeId::kTimestamp));
  Value hours = IntervalOf(0, 0, 2 * date_time::kMicrosPerHour);
  Value shifted = EvalConstants("-", DateOf(2024, 3, 1), hours);
  EXPECT_EQ(shifted.type(), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(shifted.ToString(), "2024-02-29 22:00:00");
}

TEST(OperatorFunctionsTest, TimestampArithmetic) {
  int64_t base = date_time::TimestampFromParts(date_time::DaysFromCivil(2024, 1, 31), 10, 0, 0, 0);
  Value timestamp = Value::Timestamp(base);
  Value later = Eval("+", timestamp, IntervalOf(1, 1, date_time::kMicrosPerHour));
  EXPECT_EQ(later.ToString(), "2024-03-01 11:00:00");
  EXPECT_EQ(Eval("+", IntervalOf(0, 0, 1), timestamp), Value::Timestamp(base + 1));
  EXPECT_EQ(Eval("-", timestamp, IntervalOf(0, 0, 1)), Value::Timestamp(base - 1));
  Value difference = Eval("-", later, timestamp);
  EXPECT_EQ(difference, IntervalOf(0, 30, date_time::kMicrosPerHour));
  Value negative = Eval("-", timestamp, later);
  EXPECT_EQ(negative, IntervalOf(0, -30, -date_time::kMicrosPerHour));
  EXPECT_EQ(Eval("-", DateOf(2024, 1, 2), timestamp),
            IntervalOf(0, -29, -10 * date_time::kMicrosPerHour));
}

TEST(OperatorFunctionsTest, IntervalArithmetic) {
  EXPECT_EQ(Eval("+", IntervalOf(1, 2, 3), IntervalOf(4, 5, 6)), IntervalOf(5, 7, 9));
  EXPECT_EQ(Eval("-", IntervalOf(1, 2, 3), IntervalOf(4, 5, 6)), IntervalOf(-3, -3, -3));
  EXPECT_EQ(Eval("*", IntervalOf(1, 2, 3), Value::Integer(3)), IntervalOf(3, 6, 9));
  EXPECT_EQ(Eval("*", Value::Integer(-2), IntervalOf(1, 2, 3)), IntervalOf(-2, -4, -6));
  EXPECT_EQ(EvalError("*", IntervalOf(kIntMax, 0, 0), Value::Integer(2)).code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(EvalError("+", IntervalOf(kIntMax, 0, 0), IntervalOf(1, 0, 0)).code(),
            ErrorCode::kOutOfRange);
}

// ---- negate ----

TEST(OperatorFunctionsTest, Negate) {
  auto run = [](const Value& value) {
    return RunRows(Bind("negate", {value.type()}), {{value}})[0];
  };
  EXPECT_EQ(run(Value::Integer(5)), Value::Integer(-5));
  EXPECT_EQ(run(Value::Integer(kIntMax)), Value::Integer(-kIntMax));
  EXPECT_EQ(run(Value::Bigint(-7)), Value::Bigint(7));
  EXPECT_EQ(run(Value::Double(1.5)), Value::Double(-1.5));
  EXPECT_EQ(run(Dec(-125, 5, 2)), Dec(125, 5, 2));
  EXPECT_EQ(run(Dec(125, 30, 2)), Dec(-125, 30, 2));
  EXPECT_EQ(run(IntervalOf(1, -2, 3)), IntervalOf(-1, 2, -3));
  EXPECT_TRUE(run(Value::Null(TypeId::kInteger)).is_null());
  try {
    run(Value::Integer(kIntMin));
    FAIL() << "expected overflow";
  } catch (const TarnException& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
    EXPECT_STREQ(error.what(), "Overflow in negation of INTEGER (-(-2147483648))");
  }
  EXPECT_THROW(run(Value::Bigint(kBigMin)), TarnException);
  EXPECT_FALSE(TryBind("negate", {TypeId::kVarchar}).ok());
  // Unary minus through "-" with one argument.
  EXPECT_EQ(RunRows(Bind("-", {TypeId::kInteger}), {{Value::Integer(3)}})[0], Value::Integer(-3));
  EXPECT_EQ(RunRows(Bind("+", {TypeId::kDouble}), {{Value::Double(3)}})[0], Value::Double(3));
}

// ---- Type errors ----

TEST(OperatorFunctionsTest, BadCombinationsNameOperatorAndTypes) {
  auto varchar = TryBind("+", {TypeId::kVarchar, TypeId::kInteger});
  ASSERT_FALSE(varchar.ok());
  EXPECT_EQ(varchar.status().code(), ErrorCode::kType);
  EXPECT_EQ(varchar.status().message(), "No operator matches VARCHAR + INTEGER");
  auto dates = TryBind("*", {TypeId::kDate, TypeId::kDate});
  ASSERT_FALSE(dates.ok());
  EXPECT_EQ(dates.status().message(), "No operator matches DATE * DATE");
  EXPECT_FALSE(TryBind("+", {TypeId::kDate, TypeId::kDate}).ok());
  EXPECT_FALSE(TryBind("-", {TypeId::kInteger, TypeId::kDate}).ok());
  EXPECT_FALSE(TryBind("+", {TypeId::kBoolean, TypeId::kBoolean}).ok());
  EXPECT_FALSE(TryBind("/", {TypeId::kInterval, TypeId::kInterval}).ok());
}

// ---- Comparisons ----

std::vector<bool> CompareAll(const Value& left, const Value& right) {
  std::vector<bool> results;
  for (const char* op : {"=", "<>", "<", "<=", ">", ">="}) {
    Value result = Eval(op, left, right);
    EXPECT_EQ(result.type(), LogicalType(TypeId::kBoolean));
    results.push_back(result.GetBoolean());
  }
  return results;
}

const std::vector<bool> kEqual = {true, false, false, true, false, true};
const std::vector<bool> kLess = {false, true, true, true, false, false};
const std::vector<bool> kGreater = {false, true, false, false, true, true};

TEST(OperatorFunctionsTest, CompareNumbers) {
  EXPECT_EQ(CompareAll(Value::Integer(1), Value::Integer(2)), kLess);
  EXPECT_EQ(CompareAll(Value::Integer(2), Value::Integer(2)), kEqual);
  EXPECT_EQ(CompareAll(Value::Bigint(kBigMax), Value::Integer(kIntMax)), kGreater);
  EXPECT_EQ(CompareAll(Value::Integer(-1), Value::Bigint(kBigMin)), kGreater);
  EXPECT_EQ(CompareAll(Value::Boolean(false), Value::Boolean(true)), kLess);
  // Decimals of different scales compare by value.
  EXPECT_EQ(CompareAll(Dec(150, 4, 2), Dec(15, 2, 1)), kEqual);
  EXPECT_EQ(CompareAll(Dec(151, 4, 2), Dec(15, 2, 1)), kGreater);
  EXPECT_EQ(CompareAll(Dec(300, 5, 2), Value::Integer(3)), kEqual);
  EXPECT_EQ(CompareAll(Value::Bigint(kBigMax), Dec(-1, 38, 10)), kGreater);
  auto narrow = Bind("<", {LogicalType::Decimal(15, 2), TypeId::kInteger},
                     {std::nullopt, Value::Integer(24)});
  EXPECT_EQ(narrow.argument_types[0], LogicalType::Decimal(15, 2));
  EXPECT_EQ(narrow.argument_types[1], LogicalType::Decimal(15, 2));
  EXPECT_EQ(CompareAll(Dec(25, 3, 1), Value::Double(2.5)), kEqual);
  EXPECT_EQ(CompareAll(Value::Integer(3), Value::Double(2.5)), kGreater);
}

TEST(OperatorFunctionsTest, CompareNaNLikePostgres) {
  double nan = std::nan("");
  EXPECT_EQ(CompareAll(Value::Double(nan), Value::Double(nan)), kEqual);
  EXPECT_EQ(CompareAll(Value::Double(nan), Value::Double(1e308)), kGreater);
  EXPECT_EQ(CompareAll(Value::Double(std::numeric_limits<double>::infinity()), Value::Double(nan)),
            kLess);
  EXPECT_EQ(CompareAll(Value::Double(-0.0), Value::Double(0.0)), kEqual);
}

TEST(OperatorFunctionsTest, CompareStringsByteWise) {
  EXPECT_EQ(CompareAll(Value::Varchar("abc"), Value::Varchar("abd")), kLess);
  EXPECT_EQ(CompareAll(Value::Varchar("ab"), Value::Varchar("abc")), kLess);
  EXPECT_EQ(CompareAll(Value::Varchar(""), Value::Varchar("")), kEqual);
  EXPECT_EQ(CompareAll(Value::Varchar(""), Value::Varchar("a")), kLess);
  EXPECT_EQ(CompareAll(Value::Varchar("B"), Value::Varchar("a")), kLess);
  // Bytes >= 0x80 sort after ASCII; embedded NUL bytes are ordinary bytes.
  EXPECT_EQ(CompareAll(Value::Varchar("\xc3\xa9"), Value::Varchar("z")), kGreater);
  EXPECT_EQ(
      CompareAll(Value::Varchar(std::string("a\0b", 3)), Value::Varchar(std::string("a\0c", 3))),
      kLess);
  EXPECT_EQ(CompareAll(Value::Varchar(std::string("a\0", 2)), Value::Varchar("a")), kGreater);
  EXPECT_EQ(
      CompareAll(Value::Varchar(std::string("a\0b", 3)), Value::Varchar(std::string("a\0b", 3))),
      kEqual);
}

TEST(OperatorFunctionsTest, CompareTemporal) {
  EXPECT_EQ(CompareAll(DateOf(2024, 2, 29), DateOf(2024, 3, 1)), kLess);
  int64_t midnight =
      static_cast<int64_t>(date_time::DaysFromCivil(2024, 1, 1)) * date_time::kMicrosPerDay;
  EXPECT_EQ(CompareAll(DateOf(2024, 1, 1), Value::Timestamp(midnight)), kEqual);
  EXPECT_EQ(CompareAll(DateOf(2024, 1, 1), Value::Timestamp(midnight + 1)), kLess);
  EXPECT_EQ(Bind("=", {TypeId::kDate, TypeId::kTimestamp}).argument_types[0],
            LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(CompareAll(IntervalOf(1, 0, 0), IntervalOf(0, 40, 0)), kGreater);
  EXPECT_EQ(CompareAll(IntervalOf(0, 1, 5), IntervalOf(0, 1, 7)), kLess);
  EXPECT_EQ(CompareAll(IntervalOf(2, 3, 4), IntervalOf(2, 3, 4)), kEqual);
}

TEST(OperatorFunctionsTest, CompareNullsAndErrors) {
  auto equal = Bind("=", {TypeId::kInteger, TypeId::kInteger});
  auto results = RunRows(equal, {{Value::Integer(1), Value::Null(), Value::Integer(3)},
                                 {Value::Null(), Value::Integer(2), Value::Integer(3)}});
  EXPECT_TRUE(results[0].is_null());
  EXPECT_TRUE(results[1].is_null());
  EXPECT_EQ(results[2], Value::Boolean(true));
  auto strings = Bind("<", {TypeId::kVarchar, TypeId::kNull});
  EXPECT_EQ(strings.argument_types[1], LogicalType(TypeId::kVarchar));

  auto mismatch = TryBind("=", {TypeId::kVarchar, TypeId::kInteger});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kType);
  EXPECT_EQ(mismatch.status().message(), "Cannot compare VARCHAR and INTEGER");
  auto reversed = TryBind("<", {TypeId::kDate, TypeId::kVarchar});
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().message(), "Cannot compare DATE and VARCHAR");
  EXPECT_FALSE(TryBind("=", {TypeId::kDate, TypeId::kInteger}).ok());
  EXPECT_FALSE(TryBind("=", {TypeId::kBoolean, TypeId::kInteger}).ok());
}

TEST(OperatorFunctionsTest, WholeChunk) {
  auto add = Bind("+", {TypeId::kBigint, TypeId::kBigint});
  DataChunk chunk(add.argument_types);
  for (idx_t i = 0; i < kVectorSize; i++) {
    chunk.column(0).Data<int64_t>()[i] = static_cast<int64_t>(i);
    chunk.column(1).Data<int64_t>()[i] = static_cast<int64_t>(i) * 10;
  }
  chunk.column(0).validity().SetInvalid(kVectorSize - 1);
  chunk.SetSize(kVectorSize);
  Vector result(TypeId::kBigint);
  add.kernel(chunk, nullptr, result);
  for (idx_t i = 0; i + 1 < kVectorSize; i++) {
    ASSERT_EQ(result.Data<int64_t>()[i], static_cast<int64_t>(i) * 11);
  }
  EXPECT_FALSE(result.validity().RowIsValid(kVectorSize - 1));
  auto less = Bind("<", {TypeId::kBigint, TypeId::kBigint});
  Vector flags(TypeId::kBoolean);
  less.kernel(chunk, nullptr, flags);
  EXPECT_FALSE(flags.Data<bool>()[0]);
  EXPECT_TRUE(flags.Data<bool>()[1]);
  EXPECT_FALSE(flags.validity().RowIsValid(kVectorSize - 1));
}

}  // namespace
}  // namespace tarn
