#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/exception.h"
#include "common/status.h"
#include "function/cast.h"
#include "function/function.h"

namespace tarn {

// Building blocks for scalar functions: loops that apply a per-row operation to dense
// argument vectors while propagating NULLs, and binder helpers that pick an overload and
// format "No function matches" errors. Everything here is stateless and thread-safe; the
// loops are templates so that the per-row operation inlines (no virtual call per value).
//
// Loop contract: inputs are dense (row i of every argument is row i of the result),
// `count` rows. A row whose inputs include a NULL becomes NULL without calling the
// operation. The plain variants take `Out op(In...)`; the *Nullable variants take
// `bool op(In..., Out* out)` and make the row NULL when op returns false.

template <class In, class Out, class Op>
void ExecuteUnary(const Vector& input, Vector& result, idx_t count, Op&& op) {
  const In* in = input.Data<In>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  const ValidityMask& mask = input.validity();
  if (mask.AllValid()) {
    for (idx_t i = 0; i < count; i++) out[i] = op(in[i]);
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    if (mask.RowIsValid(i)) {
      out[i] = op(in[i]);
    } else {
      result_mask.SetInvalid(i);
    }
  }
}

template <class In, class Out, class Op>
void ExecuteUnaryNullable(const Vector& input, Vector& result, idx_t count, Op&& op) {
  const In* in = input.Data<In>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  const ValidityMask& mask = input.validity();
  for (idx_t i = 0; i < count; i++) {
    if (!mask.RowIsValid(i) || !op(in[i], &out[i])) result_mask.SetInvalid(i);
  }
}

template <class A, class B, class Out, class Op>
void ExecuteBinary(const Vector& left, const Vector& right, Vector& result, idx_t count, Op&& op) {
  const A* a = left.Data<A>();
  const B* b = right.Data<B>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  if (left.validity().AllValid() && right.validity().AllValid()) {
    for (idx_t i = 0; i < count; i++) out[i] = op(a[i], b[i]);
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    if (left.validity().RowIsValid(i) && right.validity().RowIsValid(i)) {
      out[i] = op(a[i], b[i]);
    } else {
      result_mask.SetInvalid(i);
    }
  }
}

template <class A, class B, class Out, class Op>
void ExecuteBinaryNullable(const Vector& left, const Vector& right, Vector& result, idx_t count,
                           Op&& op) {
  const A* a = left.Data<A>();
  const B* b = right.Data<B>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  for (idx_t i = 0; i < count; i++) {
    if (!left.validity().RowIsValid(i) || !right.validity().RowIsValid(i) ||
        !op(a[i], b[i], &out[i])) {
      result_mask.SetInvalid(i);
    }
  }
}

template <class A, class B, class C, class Out, class Op>
void ExecuteTernary(const Vector& first, const Vector& second, const Vector& third, Vector& result,
                    idx_t count, Op&& op) {
  const A* a = first.Data<A>();
  const B* b = second.Data<B>();
  const C* c = third.Data<C>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  bool all_valid =
      first.validity().AllValid() && second.validity().AllValid() && third.validity().AllValid();
  for (idx_t i = 0; i < count; i++) {
    if (all_valid || (first.validity().RowIsValid(i) && second.validity().RowIsValid(i) &&
                      third.validity().RowIsValid(i))) {
      out[i] = op(a[i], b[i], c[i]);
    } else {
      result_mask.SetInvalid(i);
    }
  }
}

template <class A, class B, class C, class Out, class Op>
void ExecuteTernaryNullable(const Vector& first, const Vector& second, const Vector& third,
                            Vector& result, idx_t count, Op&& op) {
  const A* a = first.Data<A>();
  const B* b = second.Data<B>();
  const C* c = third.Data<C>();
  Out* out = result.Data<Out>();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  for (idx_t i = 0; i < count; i++) {
    if (!first.validity().RowIsValid(i) || !second.validity().RowIsValid(i) ||
        !third.validity().RowIsValid(i) || !op(a[i], b[i], c[i], &out[i])) {
      result_mask.SetInvalid(i);
    }
  }
}

// Calls `function.template operator()<T>()` with T the C++ type that stores `type`.
template <class Function>
decltype(auto) DispatchPhysical(const LogicalType& type, Function&& function) {
  switch (type.physical()) {
    case PhysicalType::kBool:
      return function.template operator()<bool>();
    case PhysicalType::kInt32:
      return function.template operator()<int32_t>();
    case PhysicalType::kInt64:
      return function.template operator()<int64_t>();
    case PhysicalType::kInt128:
      return function.template operator()<int128_t>();
    case PhysicalType::kDouble:
      return function.template operator()<double>();
    case PhysicalType::kInterval:
      return function.template operator()<Interval>();
    case PhysicalType::kString:
      return function.template operator()<std::string_view>();
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      ThrowError(ErrorCode::kType, "this function does not take nested values (LIST, STRUCT, MAP)");
  }
  return function.template operator()<bool>();
}

// ---- Binder helpers ----

// "name(T1, T2)".
inline std::string FunctionSignatureText(const std::string& name,
                                         const std::vector<LogicalType>& types) {
  std::string text = name + "(";
  for (size_t i = 0; i < types.size(); i++) {
    if (i > 0) text += ", ";
    text += types[i].ToString();
  }
  return text + ")";
}

// The binder error for a call that matches no overload, e.g.
//   No function matches lower(INTEGER). Candidates: lower(VARCHAR)
inline Status NoMatchingFunction(const std::string& name, const std::vector<LogicalType>& given,
                                 const std::string& candidates) {
  return Status::Error(
      ErrorCode::kBinder,
      "No function matches " + FunctionSignatureText(name, given) + ". Candidates: " + candidates);
}

// One concrete overload: exact argument types, the result type and the kernel.
struct ScalarSignature {
  std::vector<LogicalType> arguments;
  LogicalType return_type;
  ScalarKernel kernel;
};

// Cost of passing `given` where `wanted` is expected: 0 when equal, larger for wider
// implicit conversions, -1 when the argument does not fit.
inline int ImplicitCastCost(const LogicalType& given, const LogicalType& wanted) {
  if (given == wanted) return 0;
  if (!CanCastImplicitly(given, wanted)) return -1;
  if (given.id() == TypeId::kNull) return 1;
  switch (wanted.id()) {
    case TypeId::kBigint:
      return 2;
    case TypeId::kDecimal:
      return 3;
    case TypeId::kDouble:
      return 4;
    default:
      return 2;
  }
}

// Picks the overload whose parameters the arguments fit with the cheapest implicit casts
// (the first one on ties) and binds it, or returns NoMatchingFunction listing them all.
inline Result<BoundScalarFunction> BindOverloads(const std::string& name,
                                                 const std::vector<LogicalType>& given,
                                                 const std::vector<ScalarSignature>& overloads,
                                                 bool is_volatile = false) {
  int best = -1;
  int best_cost = 0;
  for (size_t o = 0; o < overloads.size(); o++) {
    const auto& parameters = overloads[o].arguments;
    if (parameters.size() != given.size()) continue;
    int cost = 0;
    bool fits = true;
    for (size_t i = 0; i < given.size() && fits; i++) {
      int argument_cost = ImplicitCastCost(given[i], parameters[i]);
      if (argument_cost < 0) fits = false;
      cost += argument_cost;
    }
    if (fits && (best < 0 || cost < best_cost)) {
      best = static_cast<int>(o);
      best_cost = cost;
    }
  }
  if (best < 0) {
    std::string candidates;
    for (size_t o = 0; o < overloads.size(); o++) {
      if (o > 0) candidates += ", ";
      candidates += FunctionSignatureText(name, overloads[o].arguments);
    }
    return NoMatchingFunction(name, given, candidates);
  }
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types = overloads[best].arguments;
  bound.return_type = overloads[best].return_type;
  bound.kernel = overloads[best].kernel;
  bound.is_volatile = is_volatile;
  return bound;
}

// A binder for a function with a fixed list of overloads.
inline ScalarBinder OverloadBinder(std::string name, std::vector<ScalarSignature> overloads,
                                   bool is_volatile = false) {
  return [name = std::move(name), overloads = std::move(overloads), is_volatile](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    return BindOverloads(name, types, overloads, is_volatile);
  };
}

// Evaluates a bound function over `count` rows given as Values per argument (each
// argument column is cast to the bound argument type first, as the engine's binder
// does). For constant folding and tests; not for bulk data.
inline std::vector<Value> EvaluateScalarOnValues(const BoundScalarFunction& function,
                                                 const std::vector<std::vector<Value>>& columns,
                                                 idx_t count) {
  DataChunk chunk(function.argument_types, std::max<idx_t>(count, 1));
  for (size_t c = 0; c < columns.size(); c++) {
    for (idx_t row = 0; row < count; row++) {
      chunk.column(c).SetValue(row, columns[c][row].CastTo(function.argument_types[c]));
    }
  }
  chunk.SetSize(count);
  Vector result(function.return_type, std::max<idx_t>(count, 1));
  function.kernel(chunk, function.bind_data.get(), result);
  std::vector<Value> values;
  for (idx_t row = 0; row < count; row++) values.push_back(result.GetValue(row));
  return values;
}

}  // namespace tarn
