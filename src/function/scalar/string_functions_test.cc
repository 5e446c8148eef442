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

TEST(StringFunctionsTest, CaseAndLength) {
  EXPECT_EQ(Call("lower", {V("HeLLo Ä")}), V("hello ä"));
  EXPECT_EQ(Call("upper", {V("ça")}), V("ÇA"));
  EXPECT_EQ(Call("upper", {V("straße")}), V("STRAßE"));
  EXPECT_EQ(Call("length", {V("héllo")}), B(5));
  EXPECT_EQ(Call("char_length", {V("日本")}), B(2));
  EXPECT_EQ(Call("strlen", {V("héllo")}), B(6));
  EXPECT_EQ(Call("length", {V("")}), B(0));
  EXPECT_TRUE(Call("length", {Value::Null(LogicalType(TypeId::kVarchar))}).is_null());
  EXPECT_TRUE(Call("upper", {Value()}).is_null());
}

TEST(StringFunctionsTest, NoMatchErrorNamesCandidates) {
  EXPECT_EQ(BindError("lower", {I(1)}),
            "No function matches lower(INTEGER). Candidates: lower(VARCHAR)");
  EXPECT_NE(BindError("substr", {V("a")}), "");
  Result<BoundScalarFunction> bound = Bind("lower", {I(1)}, true);
  EXPECT_EQ(bound.status().code(), ErrorCode::kBinder);
}

TEST(StringFunctionsTest, SubstrFollowsPostgres) {
  EXPECT_EQ(Call("substr", {V("hello"), B(2), B(3)}), V("ell"));
  EXPECT_EQ(Call("substring", {V("hello"), I(2)}), V("ello"));
  EXPECT_EQ(Call("substr", {V("hello"), B(0), B(3)}), V("he"));
  EXPECT_EQ(Call("substr", {V("hello"), B(-5), B(3)}), V(""));
  EXPECT_EQ(Call("substr", {V("hello"), B(4), B(100)}), V("lo"));
  EXPECT_EQ(Call("substr", {V("hello"), B(10)}), V(""));
  EXPECT_EQ(Call("substr", {V("añob"), B(2), B(2)}), V("ño"));
  EXPECT_EQ(Call("substr", {V("x"), B(INT64_MAX), B(INT64_MAX)}), V(""));
  EXPECT_EQ(CallErrorCode("substr", {V("hello"), B(1), B(-1)}), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Call("substr", {V("hello"), Value::Null(LogicalType(TypeId::kBigint))}).is_null());
}

TEST(StringFunctionsTest, LeftRight) {
  EXPECT_EQ(Call("left", {V("héllo"), B(2)}), V("hé"));
  EXPECT_EQ(Call("left", {V("hello"), B(-2)}), V("hel"));
  EXPECT_EQ(Call("right", {V("héllo"), B(4)}), V("éllo"));
  EXPECT_EQ(Call("right", {V("hello"), B(-2)}), V("llo"));
  EXPECT_EQ(Call("right", {V("hello"), B(99)}), V("hello"));
}

TEST(StringFunctionsTest, Trim) {
  EXPECT_EQ(Call("trim", {V("  a b  ")}), V("a b"));
  EXPECT_EQ(Call("ltrim", {V("  a  ")}), V("a  "));
  EXPECT_EQ(Call("rtrim", {V("  a  ")}), V("  a"));
  EXPECT_EQ(Call("trim", {V("xxaxyx"), V("xy")}), V("a"));
  EXPECT_EQ(Call("ltrim", {V("ééaé"), V("é")}), V("aé"));
  EXPECT_EQ(Call("trim", {V("xxx"), V("x")}), V(""));
}

TEST(StringFunctionsTest, ReplaceRepeatReversePad) {
  EXPECT_EQ(Call("replace", {V("abcabc"), V("bc"), V("X")}), V("aXaX"));
  EXPECT_EQ(Call("replace", {V("abc"), V(""), V("X")}), V("abc"));
  EXPECT_EQ(Call("repeat", {V("ab"), B(3)}), V("ababab"));
  EXPECT_EQ(Call("repeat", {V("ab"), B(-1)}), V(""));
  EXPECT_EQ(CallErrorCode("repeat", {V("ab"), B(INT64_MAX)}), ErrorCode::kOutOfRange);
  EXPECT_EQ(Call("reverse", {V("añb")}), V("bña"));
  EXPECT_EQ(Call("lpad", {V("7"), B(3), V("0")}), V("007"));
  EXPECT_EQ(Call("lpad", {V("hello"), B(2)}), V("he"));
  EXPECT_EQ(Call("rpad", {V("ab"), B(5), V("xy")}), V("abxyx"));
  EXPECT_EQ(Call("rpad", {V("ñ"), B(3)}), V("ñ  "));
}

TEST(StringFunctionsTest, Search) {
  EXPECT_EQ(Call("starts_with", {V("hello"), V("he")}), Value::Boolean(true));
  EXPECT_EQ(Call("ends_with", {V("hello"), V("he")}), Value::Boolean(false));
  EXPECT_EQ(Call("contains", {V("hello"), V("ll")}), Value::Boolean(true));
  EXPECT_EQ(Call("strpos", {V("héllo"), V("llo")}), B(3));
  EXPECT_EQ(Call("strpos", {V("hello"), V("z")}), B(0));
  EXPECT_EQ(Call("position", {V("llo"), V("héllo")}), B(3));
  EXPECT_EQ(Call("split_part", {V("a,b,,c"), V(","), B(2)}), V("b"));
  EXPECT_EQ(Call("split_part", {V("a,b,,c"), V(","), B(3)}), V(""));
  EXPECT_EQ(Call("split_part", {V("a,b,,c"), V(","), B(-1)}), V("c"));
  EXPECT_EQ(Call("split_part", {V("a,b"), V(","), B(5)}), V(""));
  EXPECT_EQ(CallErrorCode("split_part", {V("a,b"), V(","), B(0)}), ErrorCode::kInvalidInput);
}

TEST(StringFunctionsTest, ConcatSkipsNullsOperatorPropagates) {
  Value null_varchar = Value::Null(LogicalType(TypeId::kVarchar));
  EXPECT_EQ(Call("concat", {V("a"), null_varchar, I(1), D(2.5)}), V("a12.5"));
  EXPECT_EQ(Call("concat", {null_varchar}), V(""));
  EXPECT_EQ(Call("||", {V("a"), I(7)}), V("a7"));
  EXPECT_TRUE(Call("||", {V("a"), null_varchar}).is_null());
  EXPECT_EQ(Call("||", {Value::Date(0), V("!")}), V("1970-01-01!"));
}

TEST(StringFunctionsTest, Like) {
  auto like = [](const char* text, const char* pattern) {
    return Call("like", {V(text), V(pattern)}).GetBoolean();
  };
  EXPECT_TRUE(like("hello", "hello"));
  EXPECT_FALSE(like("hello", "hell"));
  EXPECT_TRUE(like("hello", "he%"));
  EXPECT_TRUE(like("hello", "%llo"));
  EXPECT_TRUE(like("hello", "%ll%"));
  EXPECT_FALSE(like("hello", "%lx%"));
  EXPECT_TRUE(like("hello", "%"));
  EXPECT_TRUE(like("", "%"));
  EXPECT_TRUE(like("hello", "h_l%o"));
  EXPECT_TRUE(like("héllo", "h_llo"));
  EXPECT_FALSE(like("hello", "h_llo_"));
  EXPECT_TRUE(like("abcabcabd", "%abc%abd"));
  EXPECT_TRUE(like("mississippi", "m%iss%ppi"));
  EXPECT_FALSE(like("mississippi", "m%iss%ppix"));
  EXPECT_TRUE(Call("like", {V("100%"), V("100!%"), V("!")}).GetBoolean());
  EXPECT_FALSE(Call("like", {V("1000"), V("100!%"), V("!")}).GetBoolean());
  EXPECT_TRUE(Call("like", {V("a_b"), V("a!_b"), V("!")}).GetBoolean());
  EXPECT_TRUE(Call("ilike", {V("HeLLo"), V("hel%")}).GetBoolean());
  EXPECT_TRUE(Call("ilike", {V("HeLLo"), V("%L_O")}).GetBoolean());
  EXPECT_FALSE(Call("not like", {V("hello"), V("h%")}).GetBoolean());
  EXPECT_TRUE(Call("not ilike", {V("hello"), V("X%")}).GetBoolean());
  EXPECT_TRUE(Call("like", {Value::Null(LogicalType(TypeId::kVarchar)), V("%")}).is_null());
  EXPECT_NE(BindError("like", {V("a"), V("b"), V("xy")}), "");
}

TEST(StringFunctionsTest, LikeOverManyRowsWithNulls) {
  BoundScalarFunction bound = Bind("like", {V(""), V("%b%")}, true).ValueOrThrow();
  std::vector<Value> texts, patterns;
  for (int i = 0; i < 3000; i++) {
    texts.push_back(i % 5 == 0 ? Value::Null(LogicalType(TypeId::kVarchar))
                               : V(i % 2 ? "abc" : "xyz"));
    patterns.push_back(V("%b%"));
  }
  std::vector<Value> results = EvaluateScalarOnValues(bound, {texts, patterns}, texts.size());
  for (int i = 0; i < 3000; i++) {
    if (i % 5 == 0) {
      ASSERT_TRUE(results[i].is_null());
    } else {
      ASSERT_EQ(results[i].GetBoolean(), i % 2 == 1);
    }
  }
}

}  // namespace
}  // namespace tarn
