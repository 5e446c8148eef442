#pragma once

// Templates for writing aggregate functions (aggregate_function.h): placing a state in the
// caller's bytes, folding a chunk of values into per-row states in one tight loop, writing
// a result, the value orders that min/max/quantiles share, and the binding error text.
// Header-only; everything here is stateless and may run concurrently on distinct states.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/exception.h"
#include "common/status.h"
#include "function/aggregate/aggregate_function.h"

namespace tarn::aggregate {

template <class State>
State& StateAt(uint8_t** states, idx_t row) {
  return *reinterpret_cast<State*>(states[row]);
}

// Whether every row folds into one state (an aggregate without GROUP BY).
inline bool AllSameState(uint8_t** states, idx_t count) {
  bool same = true;
  for (idx_t i = 1; i < count; i++) same &= states[i] == states[0];
  return same;
}

// Folds valid rows of `data` into one local copy of a state, kept in registers.
template <class T, class State, class Op>
bool FoldIntoOne(const T* data, const ValidityMask& mask, idx_t count, State& target, Op& op) {
  State local = target;
  bool overflow = false;
  if (mask.AllValid()) {
    for (idx_t i = 0; i < count; i++) overflow |= op(local, data[i]);
  } else {
    for (idx_t i = 0; i < count; i++) {
      if (mask.RowIsValid(i)) overflow |= op(local, data[i]);
    }
  }
  target = local;
  return overflow;
}

// Calls op(state, value) for every valid row; op returns true when the value made the
// state overflow, and the first such row throws `overflow_message` after the loop.
template <class T, class State, class Op>
void UpdateLoop(const Vector& input, idx_t count, uint8_t** states, Op op,
                const char* overflow_message = nullptr) {
  const T* data = input.Data<T>();
  const ValidityMask& mask = input.validity();
  if constexpr (std::is_trivially_copyable_v<State>) {
    if (count > 0 && AllSameState(states, count)) {
      if (FoldIntoOne(data, mask, count, StateAt<State>(states, 0), op)) {
        ThrowError(ErrorCode::kOutOfRange, overflow_message);
      }
      return;
    }
  }
  bool overflow = false;
  if (mask.AllValid()) {
    for (idx_t i = 0; i < count; i++) overflow |= op(StateAt<State>(states, i), data[i]);
  } else {
    for (idx_t i = 0; i < count; i++) {
      if (mask.RowIsValid(i)) overflow |= op(StateAt<State>(states, i), data[i]);
    }
  }
  if (overflow) ThrowError(ErrorCode::kOutOfRange, overflow_message);
}

// As UpdateLoop over two arguments; rows where either is NULL are skipped.
template <class A, class B, class State, class Op>
void BinaryUpdateLoop(const Vector& first, const Vector& second, idx_t count, uint8_t** states,
                      Op op) {
  const A* first_data = first.Data<A>();
  const B* second_data = second.Data<B>();
  const ValidityMask& first_mask = first.validity();
  const ValidityMask& second_mask = second.validity();
  bool all_valid = first_mask.AllValid() && second_mask.AllValid();
  for (idx_t i = 0; i < count; i++) {
    if (all_valid || (first_mask.RowIsValid(i) && second_mask.RowIsValid(i))) {
      op(StateAt<State>(states, i), first_data[i], second_data[i]);
    }
  }
}

template <class T>
void WriteValue(Vector& result, idx_t row, const T& value) {
  result.Data<T>()[row] = value;
  result.validity().SetValid(row);
}

inline void WriteNull(Vector& result, idx_t row) { result.validity().SetInvalid(row); }

// Sets up construction and destruction of `State` in the caller's bytes.
template <class State>
AggregateFunction MakeAggregate(const std::string& name, std::vector<LogicalType> arguments,
                                LogicalType return_type) {
  static_assert(alignof(State) <= 16, "states are aligned to 16 bytes");
  AggregateFunction function;
  function.name = name;
  function.argument_types = std::move(arguments);
  function.return_type = return_type;
  function.state_size = sizeof(State);
  function.initialize = [](uint8_t* state) { new (state) State(); };
  if constexpr (!std::is_trivially_destructible_v<State>) {
    function.destroy = [](uint8_t* state) { reinterpret_cast<State*>(state)->~State(); };
  }
  return function;
}

// Orders matching the comparison operators: NaN is larger than every other double (and
// equal to NaN), intervals compare as (months, days, micros), strings byte-wise as
// unsigned bytes. Each is a strict weak order, usable with std::sort.
template <class T>
bool LessThan(const T& a, const T& b) {
  return a < b;
}
template <>
inline bool LessThan<double>(const double& a, const double& b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}
template <>
inline bool LessThan<Interval>(const Interval& a, const Interval& b) {
  if (a.months != b.months) return a.months < b.months;
  if (a.days != b.days) return a.days < b.days;
  return a.micros < b.micros;
}
inline bool StringLess(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  // Most pairs differ in their first byte, which is cheaper to compare than to call memcmp.
  if (common > 0 && a[0] != b[0]) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  }
  int cmp = common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);
  return cmp < 0 || (cmp == 0 && a.size() < b.size());
}
template <>
inline bool LessThan<std::string_view>(const std::string_view& a, const std::string_view& b) {
  return StringLess(a, b);
}
template <>
inline bool LessThan<std::string>(const std::string& a, const std::string& b) {
  return StringLess(a, b);
}

// Calls visit(T{}) with the C++ type that holds values of `physical` in a Vector
// (std::string_view for strings).
template <class Visit>
decltype(auto) VisitPhysical(PhysicalType physical, Visit&& visit) {
  switch (physical) {
    case PhysicalType::kBool:
      return visit(bool{});
    case PhysicalType::kInt32:
      return visit(int32_t{});
    case PhysicalType::kInt64:
      return visit(int64_t{});
    case PhysicalType::kInt128:
      return visit(int128_t{});
    case PhysicalType::kDouble:
      return visit(double{});
    case PhysicalType::kInterval:
      return visit(Interval{});
    case PhysicalType::kString:
      return visit(std::string_view{});
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      ThrowError(ErrorCode::kType, "this function does not take nested values (LIST, STRUCT, MAP)");
  }
  return visit(bool{});
}

// "name(INTEGER, VARCHAR)".
inline std::string SignatureText(const std::string& name, const std::vector<LogicalType>& types) {
  std::string text = name + "(";
  for (size_t i = 0; i < types.size(); i++) {
    if (i > 0) text += ", ";
    text += types[i].ToString();
  }
  return text + ")";
}

// The kType error for a call no signature of `name` accepts.
inline Status NoMatch(const std::string& name, const std::vector<LogicalType>& types,
                      const std::string& candidates) {
  return Status::Error(ErrorCode::kType, "No function matches " + SignatureText(name, types) +
                                             ". Candidates: " + candidates);
}

}  // namespace tarn::aggregate
