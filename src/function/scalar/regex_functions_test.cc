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

TEST(RegexFunctionsTest, Matches) {
  EXPECT_EQ(Call("regexp_matches", {V("abc123"), V("[0-9]+")}), Value::Boolean(true));
  EXPECT_EQ(Call("regexp_matches", {V("abc"), V("^b")}), Value::Boolean(false));
  EXPECT_EQ(CallConstant("regexp_matches", {V("ABC"), V("abc"), V("i")}), Value::Boolean(true));
  EXPECT_EQ(Call("regexp_full_match", {V("abc123"), V("[a-z]+")}), Value::Boolean(false));
  EXPECT_EQ(Call("regexp_full_match", {V("abc"), V("[a-z]+")}), Value::Boolean(true));
  EXPECT_EQ(Call("regexp_matches", {V("héllo"), V("^h.llo$")}), Value::Boolean(true));
  EXPECT_TRUE(
      Call("regexp_matches", {Value::Null(LogicalType(TypeId::kVarchar)), V("a")}).is_null());
}

TEST(RegexFunctionsTest, Extract) {
  EXPECT_EQ(Call("regexp_extract", {V("key=value"), V("(\\w+)=(\\w+)")}), V("key=value"));
  EXPECT_EQ(Call("regexp_extract", {V("key=value"), V("(\\w+)=(\\w+)"), B(2)}), V("value"));
  EXPECT_EQ(Call("regexp_extract", {V("nothing"), V("[0-9]+")}), V(""));
  EXPECT_EQ(CallErrorCode("regexp_extract", {V("a"), V("(a)"), B(3)}), ErrorCode::kInvalidInput);
}

TEST(RegexFunctionsTest, Replace) {
  EXPECT_EQ(Call("regexp_replace", {V("a1b22c"), V("[0-9]+"), V("#")}), V("a#b22c"));
  EXPECT_EQ(CallConstant("regexp_replace", {V("a1b22c"), V("[0-9]+"), V("#"), V("g")}), V("a#b#c"));
  EXPECT_EQ(Call("regexp_replace", {V("john smith"), V("(\\w+) (\\w+)"), V("\\2, \\1")}),
            V("smith, john"));
  EXPECT_EQ(CallConstant("regexp_replace", {V("ABC"), V("b"), V("x"), V("gi")}), V("AxC"));
  EXPECT_EQ(CallErrorCode("regexp_replace", {V("abc"), V("b"), V("\\3")}),
            ErrorCode::kInvalidInput);
}

TEST(RegexFunctionsTest, BadPatternNamesPatternAndReason) {
  std::string message = BindError("regexp_matches", {V("abc"), V("a(b")});
  EXPECT_NE(message.find("'a(b'"), std::string::npos) << message;
  EXPECT_NE(message.find("missing )"), std::string::npos) << message;
  EXPECT_EQ(Bind("regexp_matches", {V("abc"), V("a(b")}, true).status().code(),
            ErrorCode::kInvalidInput);
  // A varying bad pattern fails when the kernel meets it.
  EXPECT_EQ(CallErrorCode("regexp_matches", {V("abc"), V("a(b")}), ErrorCode::kInvalidInput);
  EXPECT_NE(BindError("regexp_matches", {V("abc"), V("a"), V("q")}), "");
  EXPECT_NE(BindError("regexp_matches", {I(1), V("a")}), "");
}

TEST(RegexFunctionsTest, VaryingPatternsPerRow) {
  BoundScalarFunction bound = Bind("regexp_matches", {V(""), V("")}, false).ValueOrThrow();
  std::vector<Value> texts, patterns;
  for (int i = 0; i < 500; i++) {
    texts.push_back(V(i % 2 ? "abc" : "xyz"));
    patterns.push_back(V(i % 3 ? "b" : "^x"));
  }
  std::vector<Value> results = EvaluateScalarOnValues(bound, {texts, patterns}, texts.size());
  for (int i = 0; i < 500; i++) {
    bool expected = i % 3 ? i % 2 == 1 : i % 2 == 0;
    ASSERT_EQ(results[i].GetBoolean(), expected) << i;
  }
}

}  // namespace
}  // namespace tarn
