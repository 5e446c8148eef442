#include <gtest/gtest.h>

#include <cmath>
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

Value Dec(int64_t unscaled, uint8_t width, uint8_t scale) {
  return Value::Decimal(unscaled, width, scale);
}

TEST(MathFunctionsTest, Abs) {
  EXPECT_EQ(Call("abs", {I(-5)}), I(5));
  EXPECT_EQ(Call("abs", {B(-5)}), B(5));
  EXPECT_EQ(Call("abs", {D(-2.5)}), D(2.5));
  EXPECT_EQ(Call("abs", {Dec(-1234, 6, 2)}), Dec(1234, 6, 2));
  EXPECT_EQ(Call("abs", {Value::Decimal(-int128_t(INT64_MAX) * 100, 30, 4)}),
            Value::Decimal(int128_t(INT64_MAX) * 100, 30, 4));
  EXPECT_EQ(CallErrorCode("abs", {I(INT32_MIN)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(CallErrorCode("abs", {B(INT64_MIN)}), ErrorCode::kOutOfRange);
  EXPECT_TRUE(Call("abs", {Value::Null(LogicalType(TypeId::kInteger))}).is_null());
  EXPECT_EQ(BindError("abs", {V("x")}).rfind("No function matches abs(VARCHAR)", 0), 0u);
}

TEST(MathFunctionsTest, RoundDecimalAndDouble) {
  EXPECT_EQ(Call("round", {D(2.5)}), D(3));
  EXPECT_EQ(Call("round", {D(-2.5)}), D(-3));
  EXPECT_EQ(Call("round", {D(1.2345), I(2)}), D(1.23));
  EXPECT_EQ(Call("round", {D(1250), I(-2)}), D(1300));
  EXPECT_EQ(Call("round", {Dec(-125, 5, 2)}), Value::Decimal(-1, 4, 0));
  EXPECT_EQ(Call("round", {Dec(995, 5, 2)}), Value::Decimal(10, 4, 0));
  EXPECT_EQ(CallConstant("round", {Dec(12345, 6, 3), I(1)}), Value::Decimal(123, 5, 1));
  EXPECT_EQ(CallConstant("round", {Dec(-12355, 6, 3), I(2)}), Value::Decimal(-1236, 6, 2));
  EXPECT_EQ(CallConstant("round", {Dec(12345, 6, 3), I(5)}), Dec(12345, 6, 3));
  EXPECT_EQ(CallConstant("round", {Dec(125049, 8, 2), I(-2)}), Value::Decimal(1300, 7, 0));
  // Digits that vary per row round through DOUBLE.
  EXPECT_EQ(CallConstant("round", {Dec(12345, 6, 3), I(1)}).type().id(), TypeId::kDecimal);
  BoundScalarFunction varying = Bind("round", {Dec(12345, 6, 3), I(1)}, false).ValueOrThrow();
  EXPECT_EQ(varying.return_type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(Call("round", {I(7)}), I(7));
  EXPECT_EQ(Call("round", {B(1249), I(-2)}), B(1200));
  EXPECT_EQ(Call("round", {B(-1250), I(-2)}), B(-1300));
}

TEST(MathFunctionsTest, FloorCeilTrunc) {
  EXPECT_EQ(Call("floor", {D(-1.5)}), D(-2));
  EXPECT_EQ(Call("ceil", {D(-1.5)}), D(-1));
  EXPECT_EQ(Call("ceiling", {D(1.1)}), D(2));
  EXPECT_EQ(Call("trunc", {D(-1.7)}), D(-1));
  EXPECT_EQ(Call("floor", {Dec(-150, 5, 2)}).ToString(), "-2");
  EXPECT_EQ(Call("ceil", {Dec(-150, 5, 2)}).ToString(), "-1");
  EXPECT_EQ(Call("ceil", {Dec(999, 3, 2)}).ToString(), "10");
  EXPECT_EQ(Call("trunc", {Dec(-199, 5, 2)}).ToString(), "-1");
  EXPECT_EQ(Call("floor", {I(3)}), I(3));
}

TEST(MathFunctionsTest, DoubleFunctionsAndErrors) {
  EXPECT_EQ(Call("sqrt", {I(16)}), D(4));
  EXPECT_EQ(CallErrorCode("sqrt", {D(-1)}), ErrorCode::kInvalidInput);
  EXPECT_NEAR(Call("cbrt", {D(27)}).GetDouble(), 3.0, 1e-12);
  EXPECT_NEAR(Call("ln", {D(std::exp(2.0))}).GetDouble(), 2.0, 1e-12);
  EXPECT_EQ(Call("log10", {D(1000)}), D(3));
  EXPECT_EQ(Call("log", {D(100)}), D(2));
  EXPECT_NEAR(Call("log", {D(2), D(8)}).GetDouble(), 3.0, 1e-12);
  EXPECT_EQ(Call("log2", {B(8)}), D(3));
  EXPECT_EQ(CallErrorCode("ln", {D(0)}), ErrorCode::kInvalidInput);
  EXPECT_EQ(CallErrorCode("log10", {D(-3)}), ErrorCode::kInvalidInput);
  EXPECT_EQ(Call("exp", {D(0)}), D(1));
  EXPECT_EQ(Call("power", {I(2), I(10)}), D(1024));
  EXPECT_EQ(Call("pow", {D(4), D(0.5)}), D(2));
  EXPECT_EQ(Call("sqrt", {Dec(225, 5, 2)}), D(1.5));
}

TEST(MathFunctionsTest, ModAndSign) {
  EXPECT_EQ(Call("mod", {I(7), I(3)}), I(1));
  EXPECT_EQ(Call("mod", {I(-7), I(3)}), I(-1));
  EXPECT_EQ(Call("mod", {B(INT64_MIN), B(-1)}), B(0));
  EXPECT_EQ(CallErrorCode("mod", {I(7), I(0)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(Call("mod", {D(7.5), D(2)}), D(1.5));
  EXPECT_EQ(Call("mod", {Dec(755, 5, 2), Dec(200, 5, 2)}), Dec(155, 5, 2));
  EXPECT_EQ(Call("sign", {I(-9)}), I(-1));
  EXPECT_EQ(Call("sign", {D(0)}), D(0));
  EXPECT_EQ(Call("sign", {Dec(5, 3, 1)}), I(1));
}

TEST(MathFunctionsTest, ModIsTheModuloOperator) {
  for (bool constant : {false, true}) {
    for (const std::vector<Value>& arguments :
         {std::vector<Value>{Dec(75, 2, 1), I(2)}, std::vector<Value>{B(7), Dec(25, 3, 2)},
          std::vector<Value>{I(7), D(2)}}) {
      BoundScalarFunction mod = Bind("mod", arguments, constant).ValueOrThrow();
      BoundScalarFunction modulo = Bind("%", arguments, constant).ValueOrThrow();
      EXPECT_EQ(mod.return_type, modulo.return_type);
      EXPECT_EQ(mod.argument_types, modulo.argument_types);
    }
  }
  EXPECT_EQ(CallErrorCode("mod", {D(7), D(0)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(CallErrorCode("mod", {Dec(75, 2, 1), Dec(0, 2, 1)}), ErrorCode::kOutOfRange);
}

TEST(MathFunctionsTest, PiAndRandom) {
  EXPECT_EQ(Call("pi", {}), D(M_PI));
  BoundScalarFunction random = Bind("random", {}, true).ValueOrThrow();
  EXPECT_TRUE(random.is_volatile);
  std::vector<Value> values = EvaluateScalarOnValues(random, {}, 100);
  double sum = 0;
  for (const auto& value : values) {
    ASSERT_GE(value.GetDouble(), 0.0);
    ASSERT_LT(value.GetDouble(), 1.0);
    sum += value.GetDouble();
  }
  EXPECT_NE(values[0], values[1]);
  EXPECT_GT(sum, 20);
  EXPECT_LT(sum, 80);
}

}  // namespace
}  // namespace tarn
