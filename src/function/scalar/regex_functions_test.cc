#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/exception.h"
#include "function/function.h"
#include "function/scalar_kernels.h"
#include "types/date_time.h"

namespace tarn {

inline void PrintTo(const Value& value, std::ostream* out) {
  *out << value.type().ToString() << " " << value.ToSqlLiteral();
}

namespace {

// Binds `name` through the registry. With `constant` set, the arguments are also passed
// as constants (the binder may precompute), otherwise they count as varying columns.
[[maybe_unused]] Result<BoundScalarFunction> Bind(const std::string& name, const std::vector<Value>& arguments,
                                 bool constant) {
  const ScalarBinder* binder = FunctionRegistry::Get().FindScalar(name);
  if (binder == nullptr) return Status::Error(ErrorCode::kBinder, "no function " + name);
  std::vector<LogicalType> types;
  std::vector<std::optional<Value>> constants;
  for (const auto& argument : arguments) {
    types.push_back(argument.type());
    constants.push_back(constant ? std::optional<Value>(argument) : std::nullopt);
  }
  return (*binder)(types, constants);
}

// Calls `name` on one row, both with constant and with varying arguments, checks that
// both agree and returns the result.
[[maybe_unused]] Value Call(const std::string& name, const std::vector<Value>& arguments) {
  Value results[2];
  for (int constant = 0; constant < 2; constant++) {
    BoundScalarFunction bound = Bind(name, arguments, constant == 1).ValueOrThrow();
    std::vector<std::vector<Value>> columns;
    for (const auto& argument : arguments) columns.push_back({argument});
    results[constant] = EvaluateScalarOnValues(bound, columns, 1)[0];
  }
  EXPECT_EQ(results[0], results[1]) << name;
  EXPECT_EQ(results[0].type(), results[1].type()) << name;
  return results[1];
}

// Calls `name` on one row with all arguments constant (for binders that specialise on
// constants, such as round(DECIMAL, digits)).
[[maybe_unused]] Value CallConstant(const std::string& name, const std::vector<Value>& arguments) {
  BoundScalarFunction bound = Bind(name, arguments, true).ValueOrThrow();
  std::vector<std::vector<Value>> columns;
  for (const auto& argument : arguments) columns.push_back({argument});
  return EvaluateScalarOnValues(bound, columns, 1)[0];
}

[[maybe_unused]] std::string BindError(const std::string& name, const std::vector<Value>& arguments) {
  Result<BoundScalarFunction> bound = Bind(name, arguments, true);
  return bound.ok() ? "" : bound.status().message();
}

[[maybe_unused]] ErrorCode CallErrorCode(const std::string& name, const std::vector<Value>& arguments) {
  try {
    Call(name, arguments);
  } catch (const TarnException& error) {
    return error.code();
  }
  return ErrorCode::kOk;
}

[[maybe_unused]] Value V(const char* text) { return Value::Varchar(text); }
[[maybe_unused]] Value I(int32_t value) { return Value::Integer(value); }
[[maybe_unused]] Value B(int64_t value) { return Value::Bigint(value); }
[[maybe_unused]] Value D(double value) { return Value::Double(value); }

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
  BoundScalarFunction bound =
      Bind("regexp_matches", {V(""), V("")}, false).ValueOrThrow();
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
