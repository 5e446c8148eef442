#pragma once

// Calls of registered scalar functions on single rows of Values, shared by the function
// unit tests: each call runs both with constant and with varying arguments and checks
// that the two agree, since binders may specialise on constants.

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/exception.h"
#include "function/function.h"
#include "function/scalar_kernels.h"

namespace tarn {

inline void PrintTo(const Value& value, std::ostream* out) {
  *out << value.type().ToString() << " " << value.ToSqlLiteral();
}

// Binds `name` through the registry. With `constant` set, the arguments are also passed
// as constants (the binder may precompute), otherwise they count as varying columns.
inline Result<BoundScalarFunction> Bind(const std::string& name,
                                        const std::vector<Value>& arguments, bool constant) {
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
inline Value Call(const std::string& name, const std::vector<Value>& arguments) {
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
inline Value CallConstant(const std::string& name, const std::vector<Value>& arguments) {
  BoundScalarFunction bound = Bind(name, arguments, true).ValueOrThrow();
  std::vector<std::vector<Value>> columns;
  for (const auto& argument : arguments) columns.push_back({argument});
  return EvaluateScalarOnValues(bound, columns, 1)[0];
}

inline std::string BindError(const std::string& name, const std::vector<Value>& arguments) {
  Result<BoundScalarFunction> bound = Bind(name, arguments, true);
  return bound.ok() ? "" : bound.status().message();
}

inline ErrorCode CallErrorCode(const std::string& name, const std::vector<Value>& arguments) {
  try {
    Call(name, arguments);
  } catch (const TarnException& error) {
    return error.code();
  }
  return ErrorCode::kOk;
}

inline Value V(const char* text) { return Value::Varchar(text); }
inline Value I(int32_t value) { return Value::Integer(value); }
inline Value B(int64_t value) { return Value::Bigint(value); }
inline Value D(double value) { return Value::Double(value); }

}  // namespace tarn
