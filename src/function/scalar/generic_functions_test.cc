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

TEST(GenericFunctionsTest, Coalesce) {
  Value null_integer = Value::Null(LogicalType(TypeId::kInteger));
  EXPECT_EQ(Call("coalesce", {null_integer, I(2), I(3)}), I(2));
  EXPECT_EQ(Call("coalesce", {null_integer, B(5)}), B(5));
  EXPECT_EQ(Call("coalesce", {Value(), V("x")}), V("x"));
  EXPECT_TRUE(Call("coalesce", {null_integer, Value()}).is_null());
  EXPECT_EQ(Call("coalesce", {I(1), Value::Decimal(25, 5, 1)}).ToString(), "1.0");
  EXPECT_EQ(Call("ifnull", {Value::Null(LogicalType(TypeId::kVarchar)), V("d")}), V("d"));
  Result<BoundScalarFunction> mixed = Bind("coalesce", {V("a"), I(1)}, true);
  EXPECT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().code(), ErrorCode::kType);
  EXPECT_NE(BindError("ifnull", {I(1)}), "");
}

TEST(GenericFunctionsTest, CoalesceManyRows) {
  BoundScalarFunction bound = Bind("coalesce", {V(""), V("")}, false).ValueOrThrow();
  std::vector<Value> first, second;
  for (int i = 0; i < 3000; i++) {
    first.push_back(i % 2 ? Value::Null(LogicalType(TypeId::kVarchar)) : V("first"));
    second.push_back(i % 3 ? Value::Null(LogicalType(TypeId::kVarchar)) : V("second"));
  }
  std::vector<Value> results = EvaluateScalarOnValues(bound, {first, second}, first.size());
  for (int i = 0; i < 3000; i++) {
    if (i % 2 == 0) {
      ASSERT_EQ(results[i], V("first"));
    } else if (i % 3 == 0) {
      ASSERT_EQ(results[i], V("second"));
    } else {
      ASSERT_TRUE(results[i].is_null());
    }
  }
}

TEST(GenericFunctionsTest, NullIf) {
  EXPECT_TRUE(Call("nullif", {I(1), I(1)}).is_null());
  EXPECT_EQ(Call("nullif", {I(1), I(2)}), I(1));
  EXPECT_EQ(Call("nullif", {V("a"), Value::Null(LogicalType(TypeId::kVarchar))}), V("a"));
  EXPECT_TRUE(Call("nullif", {Value::Null(LogicalType(TypeId::kInteger)), I(2)}).is_null());
}

TEST(GenericFunctionsTest, GreatestLeastSkipNulls) {
  EXPECT_EQ(Call("greatest", {I(1), Value::Null(LogicalType(TypeId::kInteger)), I(3)}), I(3));
  EXPECT_EQ(Call("least", {I(5), D(2.5), B(4)}), D(2.5));
  EXPECT_EQ(Call("greatest", {V("apple"), V("pear")}), V("pear"));
  EXPECT_EQ(Call("least", {Value::Date(10), Value::Timestamp(5)}), Value::Timestamp(5));
  EXPECT_TRUE(Call("least", {Value::Null(LogicalType(TypeId::kInteger))}).is_null());
  EXPECT_EQ(Call("greatest", {Value::Decimal(15, 3, 1), I(1)}).ToString(), "1.5");
}

TEST(GenericFunctionsTest, TypeofAndHash) {
  EXPECT_EQ(Call("typeof", {I(1)}), V("INTEGER"));
  EXPECT_EQ(Call("typeof", {Value::Decimal(1, 5, 2)}), V("DECIMAL(5,2)"));
  EXPECT_EQ(Call("typeof", {Value::Null(LogicalType(TypeId::kVarchar))}), V("VARCHAR"));
  EXPECT_EQ(Call("hash", {V("abc")}), Call("hash", {V("abc")}));
  EXPECT_NE(Call("hash", {V("abc")}), Call("hash", {V("abd")}));
  EXPECT_NE(Call("hash", {I(1)}), Call("hash", {I(2)}));
  EXPECT_EQ(Call("hash", {D(0.0)}), Call("hash", {D(-0.0)}));
  EXPECT_FALSE(Call("hash", {Value::Null(LogicalType(TypeId::kInteger))}).is_null());
  EXPECT_NE(Call("hash", {I(1), I(2)}), Call("hash", {I(2), I(1)}));
}

}  // namespace
}  // namespace tarn
