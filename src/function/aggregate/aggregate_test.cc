#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/exception.h"
#include "function/aggregate/aggregate_function.h"
#include "types/date_time.h"

namespace tarn {
namespace {

// Owns `count` initialized states of one aggregate, 16-byte aligned, destroyed at the end.
class States {
 public:
  States(const AggregateFunction& function, size_t count)
      : function_(function),
        stride_((function.state_size + 15) / 16),
        storage_(stride_ * count + 1),
        count_(count) {
    for (size_t i = 0; i < count_; i++) function_.initialize(at(i));
  }
  ~States() {
    if (!function_.destroy) return;
    for (size_t i = 0; i < count_; i++) function_.destroy(at(i));
  }
  uint8_t* at(size_t index) {
    return reinterpret_cast<uint8_t*>(storage_.data() + stride_ * index);
  }

 private:
  const AggregateFunction& function_;
  size_t stride_;
  std::vector<int128_t> storage_;
  size_t count_;
};

AggregateFunction Bind(const std::string& name, std::vector<LogicalType> types,
                       bool distinct = false) {
  auto bound = BindAggregate(name, types, distinct);
  EXPECT_TRUE(bound.ok()) << bound.status().message();
  return std::move(bound).ValueOrThrow();
}

using Column = std::vector<Value>;

// Feeds rows [begin, end) of `columns` into `state`, in chunks of at most `chunk` rows.
void Feed(const AggregateFunction& function, const std::vector<Column>& columns, size_t begin,
          size_t end, uint8_t* state, size_t chunk = kVectorSize) {
  for (size_t start = begin; start < end; start += chunk) {
    size_t count = std::min(chunk, end - start);
    std::vector<Vector> inputs;
    for (size_t c = 0; c < columns.size(); c++) {
      inputs.emplace_back(function.argument_types[c]);
      for (size_t row = 0; row < count; row++) {
        inputs[c].SetValue(row, columns[c][start + row].CastTo(function.argument_types[c]));
      }
    }
    std::vector<uint8_t*> targets(count, state);
    function.update(inputs.data(), count, targets.data());
  }
}

size_t RowCount(const std::vector<Column>& columns, size_t rows_without_columns) {
  return columns.empty() ? rows_without_columns : columns[0].size();
}

Value Finalize(const AggregateFunction& function, uint8_t* state) {
  Vector result(function.return_type, 1);
  function.finalize(state, result, 0);
  return result.GetValue(0);
}

// One state, all rows, in one pass.
Value Aggregate(const AggregateFunction& function, const std::vector<Column>& columns,
                size_t rows_without_columns = 0) {
  States states(function, 1);
  Feed(function, columns, 0, RowCount(columns, rows_without_columns), states.at(0));
  return Finalize(function, states.at(0));
}

// Two partial states over [0, split) and [split, n), combined into a third, empty state.
Value AggregateCombined(const AggregateFunction& function, const std::vector<Column>& columns,
                        size_t split) {
  States states(function, 3);
  size_t rows = RowCount(columns, 0);
  Feed(function, columns, 0, split, states.at(0), 97);
  Feed(function, columns, split, rows, states.at(1), 389);
  function.combine(states.at(0), states.at(2));
  function.combine(states.at(1), states.at(2));
  return Finalize(function, states.at(2));
}

Value Dec(int128_t unscaled, int width, int scale) {
  return Value::Decimal(unscaled, static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
}

Column Integers(std::initializer_list<std::optional<int32_t>> values) {
  Column column;
  for (const auto& value : values) {
    column.push_back(value ? Value::Integer(*value) : Value::Null(TypeId::kInteger));
  }
  return column;
}

TEST(AggregateTest, CountStarAndCount) {
  auto count_star = Bind("count_star", {});
  EXPECT_EQ(count_star.return_type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(Aggregate(count_star, {}, 5), Value::Bigint(5));
  EXPECT_EQ(Aggregate(count_star, {}, 0), Value::Bigint(0));
  auto count = Bind("count", {TypeId::kVarchar});
  Column strings = {Value::Varchar("a"), Value::Null(TypeId::kVarchar), Value::Varchar("")};
  EXPECT_EQ(Aggregate(count, {strings}), Value::Bigint(2));
  EXPECT_EQ(Aggregate(count, {Column{}}), Value::Bigint(0));
  EXPECT_EQ(Aggregate(Bind("COUNT", {TypeId::kInteger}), {Integers({std::nullopt})}),
            Value::Bigint(0));
  // count(NULL): a NULL-typed column counts nothing even when its mask says valid.
  auto count_null = Bind("count", {TypeId::kNull});
  States states(count_null, 1);
  Vector nulls(TypeId::kNull);
  std::vector<uint8_t*> targets(3, states.at(0));
  count_null.update(&nulls, 3, targets.data());
  EXPECT_EQ(Finalize(count_null, states.at(0)), Value::Bigint(0));
}

TEST(AggregateTest, IntegerSum) {
  auto sum = Bind("sum", {TypeId::kInteger});
  EXPECT_EQ(sum.return_type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(Aggregate(sum, {Integers({1, 2, std::nullopt, 3})}), Value::Bigint(6));
  EXPECT_TRUE(Aggregate(sum, {Column{}}).is_null());
  EXPECT_TRUE(Aggregate(sum, {Integers({std::nullopt, std::nullopt})}).is_null());
  // INTEGER sums beyond 32 bits.
  int32_t max = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(Aggregate(sum, {Integers({max, max, max})}), Value::Bigint(3LL * max));
}

TEST(AggregateTest, BigintSumAccumulatesIn128Bits) {
  auto sum = Bind("sum", {TypeId::kBigint});
  int64_t max = std::numeric_limits<int64_t>::max();
  // The running sum leaves the BIGINT range and comes back.
  Column column = {Value::Bigint(max), Value::Bigint(max), Value::Bigint(-max)};
  EXPECT_EQ(Aggregate(sum, {column}), Value::Bigint(max));
  Column too_big = {Value::Bigint(max), Value::Bigint(1)};
  try {
    Aggregate(sum, {too_big});
    FAIL() << "expected overflow";
  } catch (const TarnException& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
    EXPECT_NE(std::string(error.what()).find("9223372036854775808"), std::string::npos);
  }
  int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(Aggregate(sum, {Column{Value::Bigint(min), Value::Bigint(0)}}), Value::Bigint(min));
  EXPECT_THROW(Aggregate(sum, {Column{Value::Bigint(min), Value::Bigint(-1)}}), TarnException);
}

TEST(AggregateTest, DecimalSum) {
  auto sum = Bind("sum", {LogicalType::Decimal(5, 2)});
  EXPECT_EQ(sum.return_type, LogicalType::Decimal(38, 2));
  Value result = Aggregate(sum, {Column{Dec(125, 5, 2), Dec(250, 5, 2), Value::Null()}});
  EXPECT_EQ(result, Dec(375, 38, 2));
  EXPECT_EQ(result.ToString(), "3.75");
  // 10^18-scale values need more than 64 bits.
  auto wide = Bind("sum", {LogicalType::Decimal(18, 0)});
  Column big(20, Dec(999999999999999999LL, 18, 0));
  EXPECT_EQ(Aggregate(wide, {big}).GetInt128(), static_cast<int128_t>(999999999999999999LL) * 20);
  // Beyond 38 digits fails.
  int128_t max38 = 1;
  for (int i = 0; i < 38; i++) max38 *= 10;
  max38 -= 1;
  auto widest = Bind("sum", {LogicalType::Decimal(38, 0)});
  EXPECT_EQ(Aggregate(widest, {Column{Dec(max38, 38, 0), Dec(-5, 38, 0)}}).GetInt128(), max38 - 5);
  EXPECT_THROW(Aggregate(widest, {Column{Dec(max38, 38, 0), Dec(1, 38, 0)}}), TarnException);
}

TEST(AggregateTest, DoubleSumAndAverage) {
  auto sum = Bind("sum", {TypeId::kDouble});
  EXPECT_EQ(sum.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(Aggregate(sum, {Column{Value::Double(0.5), Value::Double(0.25), Value::Null()}}),
            Value::Double(0.75));
  auto avg = Bind("avg", {TypeId::kDouble});
  EXPECT_EQ(Aggregate(avg, {Column{Value::Double(1), Value::Double(2), Value::Null()}}),
            Value::Double(1.5));
  EXPECT_TRUE(Aggregate(avg, {Column{}}).is_null());
}

TEST(AggregateTest, ExactAverage) {
  auto avg = Bind("avg", {TypeId::kInteger});
  EXPECT_EQ(avg.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(Aggregate(avg, {Integers({1, 2, std::nullopt})}), Value::Double(1.5));
  EXPECT_EQ(Aggregate(avg, {Integers({-1, -2})}), Value::Double(-1.5));
  auto big = Bind("avg", {TypeId::kBigint});
  int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Aggregate(big, {Column{Value::Bigint(max), Value::Bigint(max)}}),
            Value::Double(static_cast<double>(max)));
  auto decimal = Bind("avg", {LogicalType::Decimal(5, 2)});
  EXPECT_EQ(Aggregate(decimal, {Column{Dec(125, 5, 2), Dec(250, 5, 2)}}), Value::Double(1.875));
  EXPECT_EQ(Aggregate(decimal, {Column{Dec(1, 5, 2), Dec(1, 5, 2), Dec(2, 5, 2)}}).GetDouble(),
            0.04 / 3);
  auto wide = Bind("avg", {LogicalType::Decimal(30, 10)});
  EXPECT_EQ(Aggregate(wide, {Column{Dec(15000000000, 30, 10)}}), Value::Double(1.5));
}

TEST(AggregateTest, MinMaxNumbers) {
  auto min = Bind("min", {TypeId::kInteger});
  auto max = Bind("max", {TypeId::kInteger});
  EXPECT_EQ(min.return_type, LogicalType(TypeId::kInteger));
  Column values = Integers({5, std::nullopt, -3, 7, 0});
  EXPECT_EQ(Aggregate(min, {values}), Value::Integer(-3));
  EXPECT_EQ(Aggregate(max, {values}), Value::Integer(7));
  EXPECT_TRUE(Aggregate(min, {Column{}}).is_null());
  double nan = std::nan("");
  Column doubles = {Value::Double(1), Value::Double(nan), Value::Double(-5)};
  EXPECT_TRUE(std::isnan(Aggregate(Bind("max", {TypeId::kDouble}), {doubles}).GetDouble()));
  EXPECT_EQ(Aggregate(Bind("min", {TypeId::kDouble}), {doubles}), Value::Double(-5));
  auto wide = Bind("max", {LogicalType::Decimal(30, 2)});
  EXPECT_EQ(wide.return_type, LogicalType::Decimal(30, 2));
  EXPECT_EQ(Aggregate(wide, {Column{Dec(-1, 30, 2), Dec(123456789012345678, 30, 2)}}),
            Dec(123456789012345678, 30, 2));
  Column dates = {Value::Date(10), Value::Date(-3), Value::Date(4)};
  EXPECT_EQ(Aggregate(Bind("min", {TypeId::kDate}), {dates}), Value::Date(-3));
  Interval month{1, 0, 0}, days{0, 40, 0};
  Column intervals = {Value::FromInterval(days), Value::FromInterval(month)};
  EXPECT_EQ(Aggregate(Bind("max", {TypeId::kInterval}), {intervals}), Value::FromInterval(month));
  Column booleans = {Value::Boolean(true), Value::Boolean(false)};
  EXPECT_EQ(Aggregate(Bind("min", {TypeId::kBoolean}), {booleans}), Value::Boolean(false));
}

TEST(AggregateTest, MinMaxStringsOwnTheirCopy) {
  auto min = Bind("min", {TypeId::kVarchar});
  auto max = Bind("max", {TypeId::kVarchar});
  States states(min, 1);
  States max_states(max, 1);
  {
    Vector input(TypeId::kVarchar);
    std::vector<std::string> texts = {"pear", "apple", std::string("ap\0z", 4), "\xc3\xa9t\xc3\xa9",
                                      "zebra"};
    for (size_t i = 0; i < texts.size(); i++) input.SetValue(i, Value::Varchar(texts[i]));
    input.validity().SetInvalid(4);
    std::vector<uint8_t*> targets(texts.size(), states.at(0));
    min.update(&input, texts.size(), targets.data());
    std::vector<uint8_t*> max_targets(texts.size(), max_states.at(0));
    max.update(&input, texts.size(), max_targets.data());
  }  // The input vector and its strings are gone.
  EXPECT_EQ(Finalize(min, states.at(0)), Value::Varchar(std::string("ap\0z", 4)));
  EXPECT_EQ(Finalize(max, max_states.at(0)), Value::Varchar("\xc3\xa9t\xc3\xa9"));
}

TEST(AggregateTest, VarianceFamily) {
  Column values = {Value::Integer(1), Value::Integer(2), Value::Null(), Value::Integer(3),
                   Value::Integer(4)};
  auto run = [&](const std::string& name, const Column& column) {
    auto function = Bind(name, {TypeId::kInteger});
    EXPECT_EQ(function.return_type, LogicalType(TypeId::kDouble));
    return Aggregate(function, {column});
  };
  EXPECT_NEAR(run("var_samp", values).GetDouble(), 5.0 / 3, 1e-12);
  EXPECT_NEAR(run("variance", values).GetDouble(), 5.0 / 3, 1e-12);
  EXPECT_NEAR(run("var_pop", values).GetDouble(), 1.25, 1e-12);
  EXPECT_NEAR(run("stddev", values).GetDouble(), std::sqrt(5.0 / 3), 1e-12);
  EXPECT_NEAR(run("stddev_samp", values).GetDouble(), std::sqrt(5.0 / 3), 1e-12);
  EXPECT_NEAR(run("stddev_pop", values).GetDouble(), std::sqrt(1.25), 1e-12);
  Column one = {Value::Integer(7)};
  EXPECT_TRUE(run("var_samp", one).is_null());
  EXPECT_TRUE(run("stddev", one).is_null());
  EXPECT_EQ(run("var_pop", one), Value::Double(0));
  EXPECT_TRUE(run("var_pop", Column{}).is_null());
  // Large offsets do not destroy precision (Welford).
  Column shifted;
  for (int i = 1; i <= 4; i++) shifted.push_back(Value::Double(1e9 + i));
  auto variance = Bind("var_samp", {TypeId::kDouble});
  EXPECT_NEAR(Aggregate(variance, {shifted}).GetDouble(), 5.0 / 3, 1e-6);
}

TEST(AggregateTest, BooleanAggregates) {
  Column mixed = {Value::Boolean(true), Value::Null(TypeId::kBoolean), Value::Boolean(false)};
  Column all_true = {Value::Boolean(true), Value::Boolean(true)};
  auto bool_and = Bind("bool_and", {TypeId::kBoolean});
  auto bool_or = Bind("bool_or", {TypeId::kBoolean});
  EXPECT_EQ(Aggregate(bool_and, {mixed}), Value::Boolean(false));
  EXPECT_EQ(Aggregate(bool_or, {mixed}), Value::Boolean(true));
  EXPECT_EQ(Aggregate(bool_and, {all_true}), Value::Boolean(true));
  EXPECT_EQ(Aggregate(bool_or, {Column{Value::Boolean(false)}}), Value::Boolean(false));
  EXPECT_TRUE(Aggregate(bool_or, {Column{}}).is_null());
  EXPECT_EQ(AggregateCombined(bool_and, {mixed}, 1), Value::Boolean(false));
}

TEST(AggregateTest, AnyValueAndFirst) {
  Column values = {Value::Null(TypeId::kVarchar), Value::Varchar("x"), Value::Varchar("y")};
  EXPECT_EQ(Aggregate(Bind("any_value", {TypeId::kVarchar}), {values}), Value::Varchar("x"));
  EXPECT_EQ(Aggregate(Bind("first", {TypeId::kInteger}), {Integers({std::nullopt, 4, 5})}),
            Value::Integer(4));
  EXPECT_TRUE(Aggregate(Bind("first", {TypeId::kInteger}), {Column{}}).is_null());
}

TEST(AggregateTest, StringAgg) {
  auto agg = Bind("string_agg", {TypeId::kVarchar, TypeId::kVarchar});
  Column values = {Value::Varchar("a"), Value::Null(TypeId::kVarchar), Value::Varchar("b"),
                   Value::Varchar("c")};
  Column separators(4, Value::Varchar(", "));
  EXPECT_EQ(Aggregate(agg, {values, separators}), Value::Varchar("a, b, c"));
  EXPECT_EQ(AggregateCombined(agg, {values, separators}, 2), Value::Varchar("a, b, c"));
  EXPECT_TRUE(Aggregate(agg, {Column{}, Column{}}).is_null());
  EXPECT_EQ(Aggregate(Bind("string_agg", {TypeId::kVarchar}), {values}), Value::Varchar("a,b,c"));
}

TEST(AggregateTest, SeveralGroupsInOneChunk) {
  auto sum = Bind("sum", {TypeId::kInteger});
  States states(sum, 2);
  Vector input(TypeId::kInteger);
  for (int i = 0; i < 10; i++) input.SetValue(i, Value::Integer(i));
  std::vector<uint8_t*> targets;
  for (int i = 0; i < 10; i++) targets.push_back(states.at(i % 2));
  sum.update(&input, 10, targets.data());
  EXPECT_EQ(Finalize(sum, states.at(0)), Value::Bigint(0 + 2 + 4 + 6 + 8));
  EXPECT_EQ(Finalize(sum, states.at(1)), Value::Bigint(1 + 3 + 5 + 7 + 9));
}

TEST(AggregateTest, CombineEqualsOnePass) {
  std::mt19937 random(7);
  Column integers, doubles, strings, decimals;
  for (int i = 0; i < 5000; i++) {
    bool null = random() % 7 == 0;
    int value = static_cast<int>(random() % 2001) - 1000;
    integers.push_back(null ? Value::Null(TypeId::kInteger) : Value::Integer(value));
    doubles.push_back(null ? Value::Null(TypeId::kDouble) : Value::Double(value / 4.0));
    strings.push_back(null ? Value::Null(TypeId::kVarchar)
                           : Value::Varchar("s" + std::to_string(value)));
    decimals.push_back(null ? Value::Null() : Dec(value * 1000003LL, 30, 3));
  }
  struct Case {
    std::string name;
    LogicalType type;
    const Column* column;
    bool distinct;
  };
  std::vector<Case> cases = {
      {"count", TypeId::kInteger, &integers, false},
      {"sum", TypeId::kInteger, &integers, false},
      {"sum", TypeId::kDouble, &doubles, false},
      {"sum", LogicalType::Decimal(30, 3), &decimals, false},
      {"avg", TypeId::kInteger, &integers, false},
      {"avg", LogicalType::Decimal(30, 3), &decimals, false},
      {"min", TypeId::kVarchar, &strings, false},
      {"max", TypeId::kVarchar, &strings, false},
      {"max", LogicalType::Decimal(30, 3), &decimals, false},
      {"min", TypeId::kDouble, &doubles, false},
      {"count", TypeId::kVarchar, &strings, true},
      {"sum", TypeId::kInteger, &integers, true},
      {"avg", TypeId::kDouble, &doubles, true},
  };
  for (const auto& test_case : cases) {
    auto function = Bind(test_case.name, {test_case.type}, test_case.distinct);
    Value one_pass = Aggregate(function, {*test_case.column});
    for (size_t split : {size_t(0), size_t(1), size_t(2500), size_t(4999), size_t(5000)}) {
      EXPECT_EQ(AggregateCombined(function, {*test_case.column}, split), one_pass)
          << test_case.name << "(" << test_case.type.ToString() << ") split " << split;
    }
  }
  for (const std::string name : {"var_samp", "var_pop", "stddev", "stddev_pop"}) {
    auto function = Bind(name, {TypeId::kDouble});
    double one_pass = Aggregate(function, {doubles}).GetDouble();
    for (size_t split : {size_t(0), size_t(1), size_t(2500), size_t(5000)}) {
      EXPECT_NEAR(AggregateCombined(function, {doubles}, split).GetDouble(), one_pass,
                  1e-9 * std::abs(one_pass))
          << name;
    }
  }
}

TEST(AggregateTest, Distinct) {
  Column values = Integers({1, 1, 2, std::nullopt, 2, 3});
  EXPECT_EQ(Aggregate(Bind("count", {TypeId::kInteger}, true), {values}), Value::Bigint(3));
  EXPECT_EQ(Aggregate(Bind("sum", {TypeId::kInteger}, true), {values}), Value::Bigint(6));
  EXPECT_EQ(Aggregate(Bind("avg", {TypeId::kInteger}, true), {values}), Value::Double(2));
  EXPECT_EQ(Aggregate(Bind("count", {TypeId::kInteger}, true), {Column{}}), Value::Bigint(0));
  EXPECT_TRUE(Aggregate(Bind("sum", {TypeId::kInteger}, true), {Column{}}).is_null());
  Column strings = {Value::Varchar("a"), Value::Varchar("b"), Value::Varchar("a"),
                    Value::Varchar(std::string("a\0", 2)), Value::Varchar("")};
  EXPECT_EQ(Aggregate(Bind("count", {TypeId::kVarchar}, true), {strings}), Value::Bigint(4));
  EXPECT_EQ(AggregateCombined(Bind("count", {TypeId::kVarchar}, true), {strings}, 2),
            Value::Bigint(4));
  EXPECT_EQ(Aggregate(Bind("max", {TypeId::kVarchar}, true), {strings}), Value::Varchar("b"));
  Column zeros = {Value::Double(0.0), Value::Double(-0.0), Value::Double(std::nan("")),
                  Value::Double(-std::nan(""))};
  EXPECT_EQ(Aggregate(Bind("count", {TypeId::kDouble}, true), {zeros}), Value::Bigint(2));
  Column decimals = {Dec(5, 30, 1), Dec(5, 30, 1), Dec(-5, 30, 1)};
  EXPECT_EQ(Aggregate(Bind("sum", {LogicalType::Decimal(30, 1)}, true), {decimals}), Dec(0, 38, 1));
  auto agg = Bind("string_agg", {TypeId::kVarchar, TypeId::kVarchar}, true);
  Column words = {Value::Varchar("x"), Value::Varchar("x"), Value::Varchar("x")};
  Column separators(3, Value::Varchar("|"));
  EXPECT_EQ(Aggregate(agg, {words, separators}), Value::Varchar("x"));
  // Many distinct values span several internal chunks at finalize.
  Column many;
  for (int i = 0; i < 5000; i++) many.push_back(Value::Integer(i % 3000));
  EXPECT_EQ(Aggregate(Bind("count", {TypeId::kInteger}, true), {many}), Value::Bigint(3000));
  EXPECT_EQ(Aggregate(Bind("sum", {TypeId::kInteger}, true), {many}),
            Value::Bigint(2999LL * 3000 / 2));
}

TEST(AggregateTest, BindErrors) {
  auto unknown = BindAggregate("summ", {TypeId::kInteger}, false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kBinder);
  EXPECT_NE(unknown.status().message().find("summ"), std::string::npos);
  auto wrong = BindAggregate("sum", {TypeId::kVarchar}, false);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kType);
  EXPECT_EQ(wrong.status().message(), "No function matches sum(VARCHAR). Candidates: sum(numeric)");
  EXPECT_FALSE(BindAggregate("avg", {TypeId::kDate}, false).ok());
  EXPECT_FALSE(BindAggregate("stddev", {TypeId::kVarchar}, false).ok());
  EXPECT_FALSE(BindAggregate("bool_and", {TypeId::kInteger}, false).ok());
  EXPECT_FALSE(BindAggregate("sum", {TypeId::kInteger, TypeId::kInteger}, false).ok());
  EXPECT_FALSE(BindAggregate("string_agg", {TypeId::kVarchar, TypeId::kInteger}, false).ok());
  // Values of other types are joined as text: the binder casts them to VARCHAR.
  auto integers = BindAggregate("string_agg", {TypeId::kInteger}, false);
  ASSERT_TRUE(integers.ok());
  EXPECT_EQ(integers.value().argument_types[0], LogicalType(TypeId::kVarchar));
  EXPECT_TRUE(IsAggregateFunction("sum"));
  EXPECT_TRUE(IsAggregateFunction("COUNT_STAR"));
  EXPECT_FALSE(IsAggregateFunction("lower"));
  auto names = AggregateFunctionNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "stddev_pop"), names.end());
}

}  // namespace
}  // namespace tarn

namespace tarn {
namespace {

// Binds an aggregate whose argument `constant_index` is the constant `constant`.
AggregateFunction BindWithConstant(const std::string& name, std::vector<LogicalType> types,
                                   const Value& constant, bool distinct = false) {
  std::vector<std::optional<Value>> constants(types.size());
  constants.back() = constant;
  auto bound = BindAggregate(name, types, distinct, constants);
  EXPECT_TRUE(bound.ok()) << bound.status().message();
  return std::move(bound).ValueOrThrow();
}

Column Doubles(std::initializer_list<std::optional<double>> values) {
  Column column;
  for (const auto& value : values) {
    column.push_back(value ? Value::Double(*value) : Value::Null(TypeId::kDouble));
  }
  return column;
}

TEST(QuantileTest, MedianInterpolatesAndSkipsNulls) {
  auto median = Bind("median", {TypeId::kInteger});
  EXPECT_EQ(median.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(Aggregate(median, {Integers({7, 1, std::nullopt, 3})}), Value::Double(3));
  EXPECT_EQ(Aggregate(median, {Integers({7, 1, 4, 3})}), Value::Double(3.5));
  EXPECT_EQ(Aggregate(median, {Integers({-5})}), Value::Double(-5));
  EXPECT_TRUE(Aggregate(median, {Column{}}).is_null());
  EXPECT_TRUE(Aggregate(median, {Integers({std::nullopt})}).is_null());
  // DECIMAL: divided by 10^scale; values beyond 64 bits.
  auto decimal = Bind("median", {LogicalType::Decimal(30, 2)});
  EXPECT_EQ(Aggregate(decimal, {Column{Dec(125, 30, 2), Dec(250, 30, 2)}}), Value::Double(1.875));
}

TEST(QuantileTest, ContinuousMatchesInclusiveMethod) {
  // statistics.quantiles([7, 1, 3, 3, 10, -2, 8, 5, 4], n=10, method='inclusive')
  Column values = Integers({7, 1, 3, 3, 10, -2, 8, 5, 4, std::nullopt});
  std::vector<double> expected = {0.4, 2.2, 3.0, 3.2, 4.0, 4.8, 6.2, 7.4, 8.4};
  for (size_t i = 0; i < expected.size(); i++) {
    Value q = Dec(static_cast<int>(i + 1), 2, 1);
    auto function = BindWithConstant("quantile_cont", {TypeId::kInteger, q.type()}, q);
    EXPECT_NEAR(Aggregate(function, {values}).GetDouble(), expected[i], 1e-12) << i;
  }
  auto low =
      BindWithConstant("quantile_cont", {TypeId::kDouble, TypeId::kInteger}, Value::Integer(0));
  auto high =
      BindWithConstant("quantile_cont", {TypeId::kDouble, TypeId::kDouble}, Value::Double(1.0));
  Column doubles = Doubles({2.5, -1.5, 9.25});
  EXPECT_EQ(Aggregate(low, {doubles}), Value::Double(-1.5));
  EXPECT_EQ(Aggregate(high, {doubles}), Value::Double(9.25));
  // Equal infinite neighbours do not interpolate to NaN.
  double infinity = std::numeric_limits<double>::infinity();
  auto quarter =
      BindWithConstant("quantile_cont", {TypeId::kDouble, TypeId::kDouble}, Value::Double(0.25));
  EXPECT_EQ(Aggregate(quarter, {Doubles({infinity, infinity, infinity})}), Value::Double(infinity));
}

TEST(QuantileTest, DiscreteReturnsAnInputValue) {
  // Ten values 1..10: q = 0.1 is the first value whose cumulative fraction reaches 0.1.
  Column values;
  for (int i = 10; i >= 1; i--) values.push_back(Value::Integer(i));
  auto at = [&](const Value& q, const std::string& name = "quantile_disc") {
    return Aggregate(BindWithConstant(name, {TypeId::kInteger, q.type()}, q), {values});
  };
  EXPECT_EQ(at(Dec(1, 2, 1)), Value::Integer(1));
  EXPECT_EQ(at(Value::Double(0.1)), Value::Integer(1));
  EXPECT_EQ(at(Dec(15, 3, 2)), Value::Integer(2));
  EXPECT_EQ(at(Dec(5, 2, 1)), Value::Integer(5));
  EXPECT_EQ(at(Dec(5, 2, 1), "quantile"), Value::Integer(5));
  EXPECT_EQ(at(Dec(5, 2, 1), "approx_quantile"), Value::Integer(5));
  EXPECT_EQ(at(Value::Integer(0)), Value::Integer(1));
  EXPECT_EQ(at(Value::Integer(1)), Value::Integer(10));
  EXPECT_EQ(at(Value::Double(0.99)), Value::Integer(10));
  auto strings =
      BindWithConstant("quantile_disc", {TypeId::kVarchar, TypeId::kDouble}, Value::Double(0.5));
  EXPECT_EQ(strings.return_type, LogicalType(TypeId::kVarchar));
  Column words = {Value::Varchar("pear"), Value::Varchar("apple"), Value::Varchar("fig"),
                  Value::Null(TypeId::kVarchar)};
  EXPECT_EQ(Aggregate(strings, {words, Column(4, Value::Double(0.5))}), Value::Varchar("fig"));
  // median of strings falls back to the discrete rule (the lower middle).
  EXPECT_EQ(Aggregate(Bind("median", {TypeId::kVarchar}), {words}), Value::Varchar("fig"));
  auto decimal = BindWithConstant("quantile_disc", {LogicalType::Decimal(5, 2), TypeId::kDouble},
                                  Value::Double(0.5));
  EXPECT_EQ(decimal.return_type, LogicalType::Decimal(5, 2));
}

TEST(QuantileTest, DatesAndTimestamps) {
  auto median = Bind("median", {TypeId::kDate});
  EXPECT_EQ(median.return_type, LogicalType(TypeId::kTimestamp));
  int64_t day = 86400LL * 1000000;
  EXPECT_EQ(Aggregate(median, {Column{Value::Date(10), Value::Date(11)}}),
            Value::Timestamp(10 * day + day / 2));
  auto disc =
      BindWithConstant("quantile_disc", {TypeId::kDate, TypeId::kDouble}, Value::Double(0.5));
  EXPECT_EQ(disc.return_type, LogicalType(TypeId::kDate));
  EXPECT_EQ(Aggregate(disc, {Column{Value::Date(11), Value::Date(10)}}), Value::Date(10));
  auto timestamps =
      BindWithConstant("quantile_cont", {TypeId::kTimestamp, TypeId::kDouble}, Value::Double(0.25));
  EXPECT_EQ(Aggregate(timestamps, {Column{Value::Timestamp(0), Value::Timestamp(1000)}}),
            Value::Timestamp(250));
}

TEST(QuantileTest, BindErrorsNameTheValue) {
  auto bind = [](const std::string& name, std::vector<LogicalType> types,
                 std::vector<std::optional<Value>> constants) {
    return BindAggregate(name, types, false, constants);
  };
  auto too_big = bind("quantile_cont", {TypeId::kInteger, TypeId::kDouble},
                      {std::nullopt, Value::Double(1.5)});
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().code(), ErrorCode::kOutOfRange);
  EXPECT_NE(too_big.status().message().find("1.5"), std::string::npos);
  EXPECT_NE(too_big.status().message().find("quantile_cont"), std::string::npos);
  EXPECT_FALSE(bind("quantile_disc", {TypeId::kInteger, LogicalType::Decimal(3, 2)},
                    {std::nullopt, Dec(-1, 3, 2)})
                   .ok());
  EXPECT_FALSE(
      bind("quantile_disc", {TypeId::kInteger, TypeId::kInteger}, {std::nullopt, Value::Integer(2)})
          .ok());
  EXPECT_FALSE(bind("quantile_disc", {TypeId::kInteger, TypeId::kDouble},
                    {std::nullopt, Value::Double(std::nan(""))})
                   .ok());
  auto not_constant = bind("quantile", {TypeId::kInteger, TypeId::kDouble}, {});
  ASSERT_FALSE(not_constant.ok());
  EXPECT_NE(not_constant.status().message().find("constant"), std::string::npos);
  EXPECT_FALSE(bind("quantile", {TypeId::kInteger, TypeId::kDouble},
                    {std::nullopt, Value::Null(TypeId::kDouble)})
                   .ok());
  auto wrong_type = bind("quantile_cont", {TypeId::kInteger, TypeId::kVarchar},
                         {std::nullopt, Value::Varchar("0.5")});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().code(), ErrorCode::kType);
  EXPECT_FALSE(bind("median", {TypeId::kInteger, TypeId::kInteger}, {}).ok());
  EXPECT_FALSE(bind("quantile_cont", {TypeId::kInteger}, {}).ok());
}

TEST(ModeTest, MostFrequentWithTiesToTheSmallest) {
  auto mode = Bind("mode", {TypeId::kInteger});
  EXPECT_EQ(mode.return_type, LogicalType(TypeId::kInteger));
  EXPECT_EQ(Aggregate(mode, {Integers({3, 1, 3, std::nullopt, std::nullopt, 1, 2})}),
            Value::Integer(1));
  EXPECT_EQ(Aggregate(mode, {Integers({5, 9, 9})}), Value::Integer(9));
  EXPECT_TRUE(Aggregate(mode, {Integers({std::nullopt})}).is_null());
  auto doubles = Bind("mode", {TypeId::kDouble});
  EXPECT_EQ(Aggregate(doubles, {Doubles({0.0, -0.0, 1.0, 1.0, -0.0})}).GetDouble(), 0.0);
  EXPECT_TRUE(
      std::isnan(Aggregate(doubles, {Doubles({std::nan(""), -std::nan(""), 1.0})}).GetDouble()));
  auto strings = Bind("mode", {TypeId::kVarchar});
  States states(strings, 1);
  {
    Vector input(TypeId::kVarchar);
    std::vector<std::string> words = {"b", "a", "b", "a", "c"};
    for (size_t i = 0; i < words.size(); i++) input.SetValue(i, Value::Varchar(words[i]));
    std::vector<uint8_t*> targets(words.size(), states.at(0));
    strings.update(&input, words.size(), targets.data());
  }  // The input's strings are gone.
  EXPECT_EQ(Finalize(strings, states.at(0)), Value::Varchar("a"));
}

TEST(ArgMinMaxTest, ArgumentOfTheExtremeRow) {
  auto arg_min = Bind("arg_min", {TypeId::kVarchar, TypeId::kDouble});
  auto max_by = Bind("max_by", {TypeId::kVarchar, TypeId::kDouble});
  EXPECT_EQ(arg_min.return_type, LogicalType(TypeId::kVarchar));
  Column names = {Value::Varchar("a"), Value::Varchar("b"), Value::Null(TypeId::kVarchar),
                  Value::Varchar("d"), Value::Varchar("e")};
  Column scores = Doubles({2.0, std::nullopt, -7.0, 9.0, 0.5});
  // Row c has the smallest score but a NULL name; row b has a NULL score: both skipped.
  EXPECT_EQ(Aggregate(arg_min, {names, scores}), Value::Varchar("e"));
  EXPECT_EQ(Aggregate(max_by, {names, scores}), Value::Varchar("d"));
  EXPECT_TRUE(Aggregate(arg_min, {Column{}, Column{}}).is_null());
  // Ties: the smallest argument for arg_min, the largest for arg_max, in every split.
  Column tied_names = {Value::Varchar("m"), Value::Varchar("z"), Value::Varchar("a"),
                       Value::Varchar("q")};
  Column tied_scores = Doubles({1.0, 1.0, 1.0, 1.0});
  for (size_t split = 0; split <= 4; split++) {
    EXPECT_EQ(AggregateCombined(arg_min, {tied_names, tied_scores}, split), Value::Varchar("a"));
    EXPECT_EQ(AggregateCombined(Bind("arg_max", {TypeId::kVarchar, TypeId::kDouble}),
                                {tied_names, tied_scores}, split),
              Value::Varchar("z"));
  }
  auto by_string = Bind("arg_max", {TypeId::kInteger, TypeId::kVarchar});
  EXPECT_EQ(Aggregate(by_string,
                      {Integers({1, 2, 3}), Column{Value::Varchar("pear"), Value::Varchar("zoo"),
                                                   Value::Varchar("apple")}}),
            Value::Integer(2));
  auto intervals = Bind("min_by", {TypeId::kInterval, TypeId::kDate});
  EXPECT_EQ(
      Aggregate(intervals, {Column{Value::FromInterval({1, 2, 3}), Value::FromInterval({0, 5, 0})},
                            Column{Value::Date(9), Value::Date(-9)}}),
      Value::FromInterval({0, 5, 0}));
}

TEST(StatisticsTest, TwoVariableStatisticsMatchReference) {
  // Reference values: python3 statistics.correlation / covariance / linear_regression.
  Column x = Integers({1, 2, 3, 4, 5, 6, 7, 8, std::nullopt, 9});
  Column y = Doubles({2.5, 3.1, 4.8, 4.9, 6.2, 7.9, 8.1, 9.6, 100.0, std::nullopt});
  auto run = [&](const std::string& name) {
    auto function = Bind(name, {TypeId::kDouble, TypeId::kInteger});
    return Aggregate(function, {y, x});
  };
  EXPECT_NEAR(run("corr").GetDouble(), 0.9895598306157937, 1e-12);
  EXPECT_NEAR(run("covar_samp").GetDouble(), 6.0928571428571425, 1e-12);
  EXPECT_NEAR(run("covar_pop").GetDouble(), 5.33125, 1e-12);
  EXPECT_NEAR(run("regr_slope").GetDouble(), 1.0154761904761904, 1e-12);
  EXPECT_NEAR(run("regr_intercept").GetDouble(), 1.317857142857143, 1e-12);
  EXPECT_NEAR(run("regr_r2").GetDouble(), 0.9792286583683583, 1e-12);
  EXPECT_NEAR(run("regr_avgx").GetDouble(), 4.5, 1e-12);
  EXPECT_NEAR(run("regr_avgy").GetDouble(), 5.8875, 1e-12);
  EXPECT_NEAR(run("regr_sxx").GetDouble(), 42.0, 1e-12);
  EXPECT_EQ(run("regr_count"), Value::Bigint(8));
  EXPECT_EQ(Bind("regr_count", {TypeId::kDouble, TypeId::kDouble}).return_type,
            LogicalType(TypeId::kBigint));
  for (const std::string name : {"corr", "covar_samp", "regr_slope", "regr_r2", "regr_sxy"}) {
    auto function = Bind(name, {TypeId::kDouble, TypeId::kInteger});
    double one_pass = Aggregate(function, {y, x}).GetDouble();
    for (size_t split : {size_t(0), size_t(3), size_t(10)}) {
      EXPECT_NEAR(AggregateCombined(function, {y, x}, split).GetDouble(), one_pass, 1e-12) << name;
    }
  }
  // Constant x: no slope, correlation or r2; constant y only: r2 is 1.
  auto constant = [&](const std::string& name, const Column& ys, const Column& xs) {
    return Aggregate(Bind(name, {TypeId::kDouble, TypeId::kDouble}), {ys, xs});
  };
  Column ones = Doubles({1, 1, 1});
  Column ramp = Doubles({1, 2, 3});
  EXPECT_TRUE(constant("regr_slope", ramp, ones).is_null());
  EXPECT_TRUE(constant("corr", ramp, ones).is_null());
  EXPECT_TRUE(constant("regr_r2", ramp, ones).is_null());
  EXPECT_EQ(constant("regr_r2", ones, ramp), Value::Double(1));
  EXPECT_EQ(constant("regr_slope", ones, ramp), Value::Double(0));
  EXPECT_TRUE(constant("covar_samp", Doubles({1}), Doubles({2})).is_null());
  EXPECT_EQ(constant("covar_pop", Doubles({1}), Doubles({2})), Value::Double(0));
  EXPECT_TRUE(constant("covar_pop", Column{}, Column{}).is_null());
  EXPECT_EQ(constant("regr_count", Column{}, Column{}), Value::Bigint(0));
  EXPECT_FALSE(BindAggregate("corr", {TypeId::kVarchar, TypeId::kDouble}, false).ok());
  EXPECT_FALSE(BindAggregate("corr", {TypeId::kDouble}, false).ok());
}

TEST(StatisticsTest, ProductSkewnessKurtosis) {
  auto product = Bind("product", {TypeId::kInteger});
  EXPECT_EQ(product.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(Aggregate(product, {Integers({2, std::nullopt, -3, 4})}), Value::Double(-24));
  EXPECT_TRUE(Aggregate(product, {Integers({std::nullopt})}).is_null());
  EXPECT_EQ(AggregateCombined(product, {Integers({2, 3, 5, 7})}, 2), Value::Double(210));
  // Bias-corrected sample skewness G1 and excess kurtosis G2 of 2, 4, 5, 9, 1 (by hand).
  Column values = Doubles({2, 4, 5, 9, 1, std::nullopt});
  EXPECT_NEAR(Aggregate(Bind("skewness", {TypeId::kDouble}), {values}).GetDouble(),
              0.9334509605008133, 1e-12);
  EXPECT_NEAR(Aggregate(Bind("kurtosis", {TypeId::kDouble}), {values}).GetDouble(),
              0.7620363481772792, 1e-12);
  for (size_t split : {size_t(1), size_t(2), size_t(4)}) {
    EXPECT_NEAR(AggregateCombined(Bind("kurtosis", {TypeId::kDouble}), {values}, split).GetDouble(),
                0.7620363481772792, 1e-12);
    EXPECT_NEAR(AggregateCombined(Bind("skewness", {TypeId::kDouble}), {values}, split).GetDouble(),
                0.9334509605008133, 1e-12);
  }
  // A large common offset does not change the shape.
  Column shifted;
  for (double v : {2, 4, 5, 9, 1}) shifted.push_back(Value::Double(1e9 + v));
  EXPECT_NEAR(Aggregate(Bind("skewness", {TypeId::kDouble}), {shifted}).GetDouble(),
              0.9334509605008133, 1e-6);
  EXPECT_TRUE(Aggregate(Bind("skewness", {TypeId::kDouble}), {Doubles({1, 2})}).is_null());
  EXPECT_TRUE(Aggregate(Bind("kurtosis", {TypeId::kDouble}), {Doubles({1, 2, 3})}).is_null());
  EXPECT_TRUE(Aggregate(Bind("skewness", {TypeId::kDouble}), {Doubles({4, 4, 4})}).is_null());
}

TEST(ApproxCountDistinctTest, ExactWhenSmallCloseWhenLarge) {
  auto approx = Bind("approx_count_distinct", {TypeId::kBigint});
  EXPECT_EQ(approx.return_type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(Aggregate(approx, {Column{}}), Value::Bigint(0));
  Column small;
  for (int i = 0; i < 120; i++) {
    small.push_back(i % 3 == 0 ? Value::Null(TypeId::kBigint) : Value::Bigint(i % 50));
  }
  // 80 non-NULL rows holding 50 distinct values:
  // python3 -c 'print(len({i % 50 for i in range(120) if i % 3}))'
  EXPECT_EQ(Aggregate(approx, {small}), Value::Bigint(50));
  for (int distinct : {1000, 20000, 200000}) {
    Column values;
    for (int i = 0; i < distinct + distinct / 2; i++) {
      values.push_back(Value::Bigint(static_cast<int64_t>(i % distinct) * 7919 - 1000000));
    }
    int64_t estimate = Aggregate(approx, {values}).GetBigint();
    EXPECT_NEAR(static_cast<double>(estimate), distinct, 0.05 * distinct) << distinct;
    // Merging partial sketches gives the very same estimate.
    EXPECT_EQ(AggregateCombined(approx, {values}, values.size() / 3).GetBigint(), estimate);
  }
  auto strings = Bind("approx_count_distinct", {TypeId::kVarchar});
  Column words;
  for (int i = 0; i < 5000; i++) words.push_back(Value::Varchar("w" + std::to_string(i % 3000)));
  EXPECT_NEAR(static_cast<double>(Aggregate(strings, {words}).GetBigint()), 3000, 150);
  auto doubles = Bind("approx_count_distinct", {TypeId::kDouble});
  EXPECT_EQ(Aggregate(doubles, {Doubles({0.0, -0.0, std::nan(""), 1.5})}), Value::Bigint(3));
}

TEST(MoreAggregatesTest, CombineEqualsOnePass) {
  std::mt19937 random(11);
  Column integers, strings;
  for (int i = 0; i < 3000; i++) {
    bool null = random() % 9 == 0;
    int value = static_cast<int>(random() % 200) - 100;
    integers.push_back(null ? Value::Null(TypeId::kInteger) : Value::Integer(value));
    strings.push_back(null ? Value::Null(TypeId::kVarchar)
                           : Value::Varchar("s" + std::to_string(value % 37)));
  }
  Column fractions(3000, Value::Double(0.3));
  std::vector<std::pair<AggregateFunction, std::vector<Column>>> cases;
  cases.push_back({Bind("median", {TypeId::kInteger}), {integers}});
  cases.push_back(
      {BindWithConstant("quantile_cont", {TypeId::kInteger, TypeId::kDouble}, Value::Double(0.3)),
       {integers, fractions}});
  cases.push_back(
      {BindWithConstant("quantile_disc", {TypeId::kVarchar, TypeId::kDouble}, Value::Double(0.3)),
       {strings, fractions}});
  cases.push_back({Bind("mode", {TypeId::kVarchar}), {strings}});
  cases.push_back({Bind("mode", {TypeId::kInteger}), {integers}});
  cases.push_back({Bind("arg_min", {TypeId::kVarchar, TypeId::kInteger}), {strings, integers}});
  cases.push_back({Bind("arg_max", {TypeId::kInteger, TypeId::kVarchar}), {integers, strings}});
  cases.push_back({Bind("approx_count_distinct", {TypeId::kVarchar}), {strings}});
  cases.push_back({Bind("median", {TypeId::kInteger}, true), {integers}});
  for (const auto& [function, columns] : cases) {
    Value one_pass = Aggregate(function, columns);
    EXPECT_FALSE(one_pass.is_null()) << function.name;
    for (size_t split : {size_t(0), size_t(1), size_t(1500), size_t(3000)}) {
      EXPECT_EQ(AggregateCombined(function, columns, split), one_pass)
          << function.name << " split " << split;
    }
  }
}

TEST(MoreAggregatesTest, NamesAreRegistered) {
  for (const std::string name : {"median",
                                 "quantile",
                                 "quantile_cont",
                                 "quantile_disc",
                                 "approx_quantile",
                                 "mode",
                                 "arg_min",
                                 "arg_max",
                                 "min_by",
                                 "max_by",
                                 "approx_count_distinct",
                                 "corr",
                                 "covar_pop",
                                 "covar_samp",
                                 "regr_slope",
                                 "regr_intercept",
                                 "regr_count",
                                 "regr_r2",
                                 "regr_avgx",
                                 "regr_avgy",
                                 "product",
                                 "skewness",
                                 "kurtosis"}) {
    EXPECT_TRUE(IsAggregateFunction(name)) << name;
  }
  auto names = AggregateFunctionNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

}  // namespace
}  // namespace tarn
