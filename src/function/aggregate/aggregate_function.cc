// Aggregate functions: count, sum, product, avg, min, max, the variance family,
// bool_and/bool_or, any_value/first and string_agg, and the binding of every aggregate:
// quantiles (quantile_aggregate.cc), mode, arg_min/arg_max, two-variable statistics and
// moments (statistics_aggregates.cc), approx_count_distinct (hyper_log_log.cc) and the
// DISTINCT wrapper (distinct_aggregate.cc).
//
// Every state is a plain struct placement-constructed in the caller's bytes; states that
// own heap memory (strings) have a destroy function. Update loops are templated on the
// input type and the state, one loop per chunk.

#include "function/aggregate/aggregate_function.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/exception.h"
#include "common/string_distance.h"
#include "function/aggregate/aggregate_state.h"
#include "function/aggregate/arg_min_max_aggregate.h"
#include "function/aggregate/array_aggregate.h"
#include "function/aggregate/distinct_aggregate.h"
#include "function/aggregate/hyper_log_log.h"
#include "function/aggregate/mode_aggregate.h"
#include "function/aggregate/quantile_aggregate.h"
#include "function/aggregate/statistics_aggregates.h"
#include "types/numeric.h"

namespace tarn {
namespace {

using aggregate::LessThan;
using aggregate::MakeAggregate;
using aggregate::NoMatch;
using aggregate::StateAt;
using aggregate::StringLess;
using aggregate::UpdateLoop;
using aggregate::WriteNull;
using aggregate::WriteValue;

// ---- count ----

struct CountState {
  int64_t count = 0;
};

AggregateFunction CountStar() {
  auto function = MakeAggregate<CountState>("count_star", {}, TypeId::kBigint);
  function.update = [](Vector*, idx_t count, uint8_t** states) {
    for (idx_t i = 0; i < count; i++) StateAt<CountState>(states, i).count++;
  };
  function.combine = [](const uint8_t* source, uint8_t* target) {
    reinterpret_cast<CountState*>(target)->count +=
        reinterpret_cast<const CountState*>(source)->count;
  };
  function.finalize = [](uint8_t* state, Vector& result, idx_t row) {
    WriteValue<int64_t>(result, row, reinterpret_cast<CountState*>(state)->count);
  };
  return function;
}

AggregateFunction Count(const LogicalType& type) {
  auto function = CountStar();
  function.name = "count";
  function.argument_types = {type};
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    const ValidityMask& mask = inputs[0].validity();
    if (mask.AllValid()) {
      for (idx_t i = 0; i < count; i++) StateAt<CountState>(states, i).count++;
    } else {
      for (idx_t i = 0; i < count; i++) {
        if (mask.RowIsValid(i)) StateAt<CountState>(states, i).count++;
      }
    }
  };
  return function;
}

// ---- sum ----

struct IntegerSumState {
  int128_t sum = 0;
  bool has_value = false;
};

template <class T>
AggregateFunction IntegerSum(const LogicalType& type) {
  auto function = MakeAggregate<IntegerSumState>("sum", {type}, TypeId::kBigint);
  // 2^64 rows of 64-bit values would be needed to overflow 128 bits: no check here.
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<T, IntegerSumState>(inputs[0], count, states, [](IntegerSumState& state, T value) {
      state.sum += value;
      state.has_value = true;
      return false;
    });
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const IntegerSumState*>(source_bytes);
    auto& target = *reinterpret_cast<IntegerSumState*>(target_bytes);
    target.sum += source.sum;
    target.has_value |= source.has_value;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<IntegerSumState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    if (state.sum > std::numeric_limits<int64_t>::max() ||
        state.sum < std::numeric_limits<int64_t>::min()) {
      ThrowError(ErrorCode::kOutOfRange, "Overflow in sum: the result " +
                                             numeric::Int128ToString(state.sum) +
                                             " does not fit in BIGINT");
    }
    WriteValue<int64_t>(result, row, static_cast<int64_t>(state.sum));
  };
  return function;
}

struct DecimalSumState {
  int128_t sum = 0;
  bool has_value = false;
};

constexpr const char* kDecimalSumOverflow =
    "Overflow in sum of DECIMAL: the result does not "
    "fit in DECIMAL(38)";

template <class T>
AggregateFunction DecimalSum(const LogicalType& type) {
  auto function = MakeAggregate<DecimalSumState>(
      "sum", {type}, LogicalType::Decimal(LogicalType::kMaxDecimalWidth, type.scale()));
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<T, DecimalSumState>(
        inputs[0], count, states,
        [](DecimalSumState& state, T value) {
          state.has_value = true;
          return __builtin_add_overflow(state.sum, static_cast<int128_t>(value), &state.sum);
        },
        kDecimalSumOverflow);
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const DecimalSumState*>(source_bytes);
    auto& target = *reinterpret_cast<DecimalSumState*>(target_bytes);
    if (__builtin_add_overflow(target.sum, source.sum, &target.sum)) {
      ThrowError(ErrorCode::kOutOfRange, kDecimalSumOverflow);
    }
    target.has_value |= source.has_value;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<DecimalSumState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    int128_t max_value = numeric::MaxDecimalValue(LogicalType::kMaxDecimalWidth);
    if (state.sum > max_value || state.sum < -max_value) {
      ThrowError(ErrorCode::kOutOfRange, kDecimalSumOverflow);
    }
    WriteValue<int128_t>(result, row, state.sum);
  };
  return function;
}

struct DoubleSumState {
  double sum = 0;
  bool has_value = false;
};

AggregateFunction DoubleSum() {
  auto function = MakeAggregate<DoubleSumState>("sum", {TypeId::kDouble}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<double, DoubleSumState>(inputs[0], count, states,
                                       [](DoubleSumState& state, double value) {
                                         state.sum += value;
                                         state.has_value = true;
                                         return false;
                                       });
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const DoubleSumState*>(source_bytes);
    auto& target = *reinterpret_cast<DoubleSumState*>(target_bytes);
    target.sum += source.sum;
    target.has_value |= source.has_value;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<DoubleSumState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    WriteValue<double>(result, row, state.sum);
  };
  return function;
}

// ---- product ----

struct ProductState {
  double product = 1;
  bool has_value = false;
};

// product(x) multiplies in DOUBLE whatever the input type, so it overflows to infinity
// instead of failing.
AggregateFunction Product() {
  auto function = MakeAggregate<ProductState>("product", {TypeId::kDouble}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<double, ProductState>(inputs[0], count, states,
                                     [](ProductState& state, double value) {
                                       state.product *= value;
                                       state.has_value = true;
                                       return false;
                                     });
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const ProductState*>(source_bytes);
    auto& target = *reinterpret_cast<ProductState*>(target_bytes);
    target.product *= source.product;
    target.has_value |= source.has_value;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<ProductState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    WriteValue<double>(result, row, state.product);
  };
  return function;
}

// ---- avg ----

struct ExactAverageState {
  int128_t sum = 0;
  int64_t count = 0;
};

constexpr const char* kAverageOverflow = "Overflow in avg: the running sum exceeds 128 bits";

// avg over integers and decimals: the sum is exact; the division by the count (and by
// 10^scale for decimals) happens once, in long double.
template <class T>
AggregateFunction ExactAverage(const LogicalType& type) {
  auto function = MakeAggregate<ExactAverageState>("avg", {type}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<T, ExactAverageState>(
        inputs[0], count, states,
        [](ExactAverageState& state, T value) {
          state.count++;
          return __builtin_add_overflow(state.sum, static_cast<int128_t>(value), &state.sum);
        },
        kAverageOverflow);
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const ExactAverageState*>(source_bytes);
    auto& target = *reinterpret_cast<ExactAverageState*>(target_bytes);
    if (__builtin_add_overflow(target.sum, source.sum, &target.sum)) {
      ThrowError(ErrorCode::kOutOfRange, kAverageOverflow);
    }
    target.count += source.count;
  };
  long double divisor = type.id() == TypeId::kDecimal
                            ? static_cast<long double>(numeric::PowerOfTen(type.scale()))
                            : 1.0L;
  function.finalize = [divisor](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<ExactAverageState*>(state_bytes);
    if (state.count == 0) return WriteNull(result, row);
    int128_t quotient = state.sum / state.count;
    int128_t remainder = state.sum % state.count;
    long double average =
        static_cast<long double>(quotient) + static_cast<long double>(remainder) / state.count;
    WriteValue<double>(result, row, static_cast<double>(average / divisor));
  };
  return function;
}

struct DoubleAverageState {
  double sum = 0;
  int64_t count = 0;
};

AggregateFunction DoubleAverage() {
  auto function = MakeAggregate<DoubleAverageState>("avg", {TypeId::kDouble}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<double, DoubleAverageState>(inputs[0], count, states,
                                           [](DoubleAverageState& state, double value) {
                                             state.sum += value;
                                             state.count++;
                                             return false;
                                           });
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const DoubleAverageState*>(source_bytes);
    auto& target = *reinterpret_cast<DoubleAverageState*>(target_bytes);
    target.sum += source.sum;
    target.count += source.count;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<DoubleAverageState*>(state_bytes);
    if (state.count == 0) return WriteNull(result, row);
    WriteValue<double>(result, row, state.sum / static_cast<double>(state.count));
  };
  return function;
}

// ---- min / max / any_value ----

// The value kept by min, max and any_value. Strings are copied into the state.
template <class T>
struct KeptValue {
  T value{};
  bool has_value = false;
};
template <>
struct KeptValue<std::string_view> {
  std::string value;
  bool has_value = false;
};

enum class KeepRule { kMin, kMax, kFirst };

template <class T, KeepRule kRule>
bool Replaces(const KeptValue<T>& state, const T& candidate) {
  if (!state.has_value) return true;
  if constexpr (kRule == KeepRule::kMin) return LessThan<T>(candidate, state.value);
  if constexpr (kRule == KeepRule::kMax) return LessThan<T>(state.value, candidate);
  return false;
}

template <KeepRule kRule>
bool ReplacesString(const KeptValue<std::string_view>& state, std::string_view candidate) {
  if (!state.has_value) return true;
  if constexpr (kRule == KeepRule::kMin) return StringLess(candidate, state.value);
  if constexpr (kRule == KeepRule::kMax) return StringLess(state.value, candidate);
  return false;
}

template <class T, KeepRule kRule>
AggregateFunction KeepValue(const std::string& name, const LogicalType& type) {
  using State = KeptValue<T>;
  auto function = MakeAggregate<State>(name, {type}, type);
  if constexpr (std::is_same_v<T, std::string_view>) {
    function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
      UpdateLoop<std::string_view, State>(inputs[0], count, states,
                                          [](State& state, std::string_view value) {
                                            if (ReplacesString<kRule>(state, value)) {
                                              state.value.assign(value.data(), value.size());
                                              state.has_value = true;
                                            }
                                            return false;
                                          });
    };
    function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
      auto& source = *reinterpret_cast<const State*>(source_bytes);
      auto& target = *reinterpret_cast<State*>(target_bytes);
      if (source.has_value && ReplacesString<kRule>(target, source.value)) {
        target.value = source.value;
        target.has_value = true;
      }
    };
    function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
      auto& state = *reinterpret_cast<State*>(state_bytes);
      if (!state.has_value) return WriteNull(result, row);
      WriteValue<std::string_view>(result, row, result.AddString(state.value));
    };
  } else {
    function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
      UpdateLoop<T, State>(inputs[0], count, states, [](State& state, const T& value) {
        if (Replaces<T, kRule>(state, value)) {
          state.value = value;
          state.has_value = true;
        }
        return false;
      });
    };
    function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
      auto& source = *reinterpret_cast<const State*>(source_bytes);
      auto& target = *reinterpret_cast<State*>(target_bytes);
      if (source.has_value && Replaces<T, kRule>(target, source.value)) target = source;
    };
    function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
      auto& state = *reinterpret_cast<State*>(state_bytes);
      if (!state.has_value) return WriteNull(result, row);
      WriteValue<T>(result, row, state.value);
    };
  }
  return function;
}

template <KeepRule kRule>
AggregateFunction KeepValueFor(const std::string& name, const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kBool:
      return KeepValue<bool, kRule>(name, type);
    case PhysicalType::kInt32:
      return KeepValue<int32_t, kRule>(name, type);
    case PhysicalType::kInt64:
      return KeepValue<int64_t, kRule>(name, type);
    case PhysicalType::kInt128:
      return KeepValue<int128_t, kRule>(name, type);
    case PhysicalType::kDouble:
      return KeepValue<double, kRule>(name, type);
    case PhysicalType::kInterval:
      return KeepValue<Interval, kRule>(name, type);
    case PhysicalType::kString:
      return KeepValue<std::string_view, kRule>(name, type);
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      ThrowError(ErrorCode::kType,
                 name + " does not take nested values yet (" + type.ToString() + ")");
  }
  return KeepValue<bool, kRule>(name, type);
}

// ---- variance family (Welford, merged with Chan's formula) ----

struct VarianceState {
  int64_t count = 0;
  double mean = 0;
  double squared_distance = 0;  // Sum of squared distances from the mean.
};

enum class VarianceKind { kSample, kPopulation, kSampleStddev, kPopulationStddev };

AggregateFunction Variance(const std::string& name, VarianceKind kind) {
  auto function = MakeAggregate<VarianceState>(name, {TypeId::kDouble}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<double, VarianceState>(inputs[0], count, states,
                                      [](VarianceState& state, double value) {
                                        state.count++;
                                        double delta = value - state.mean;
                                        state.mean += delta / static_cast<double>(state.count);
                                        state.squared_distance += delta * (value - state.mean);
                                        return false;
                                      });
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const VarianceState*>(source_bytes);
    auto& target = *reinterpret_cast<VarianceState*>(target_bytes);
    if (source.count == 0) return;
    if (target.count == 0) {
      target = source;
      return;
    }
    double source_count = static_cast<double>(source.count);
    double target_count = static_cast<double>(target.count);
    double total = source_count + target_count;
    double delta = source.mean - target.mean;
    target.mean += delta * source_count / total;
    target.squared_distance +=
        source.squared_distance + delta * delta * source_count * target_count / total;
    target.count += source.count;
  };
  function.finalize = [kind](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<VarianceState*>(state_bytes);
    bool sample = kind == VarianceKind::kSample || kind == VarianceKind::kSampleStddev;
    int64_t needed = sample ? 2 : 1;
    if (state.count < needed) return WriteNull(result, row);
    double variance = std::max(0.0, state.squared_distance) /
                      static_cast<double>(sample ? state.count - 1 : state.count);
    bool stddev = kind == VarianceKind::kSampleStddev || kind == VarianceKind::kPopulationStddev;
    WriteValue<double>(result, row, stddev ? std::sqrt(variance) : variance);
  };
  return function;
}

// ---- bool_and / bool_or ----

struct BooleanState {
  bool value = false;
  bool has_value = false;
};

AggregateFunction BooleanAggregate(const std::string& name, bool is_and) {
  auto function = MakeAggregate<BooleanState>(name, {TypeId::kBoolean}, TypeId::kBoolean);
  if (is_and) {
    function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
      UpdateLoop<bool, BooleanState>(inputs[0], count, states, [](BooleanState& state, bool v) {
        state.value = state.has_value ? (state.value && v) : v;
        state.has_value = true;
        return false;
      });
    };
  } else {
    function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
      UpdateLoop<bool, BooleanState>(inputs[0], count, states, [](BooleanState& state, bool v) {
        state.value = state.has_value ? (state.value || v) : v;
        state.has_value = true;
        return false;
      });
    };
  }
  function.combine = [is_and](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const BooleanState*>(source_bytes);
    auto& target = *reinterpret_cast<BooleanState*>(target_bytes);
    if (!source.has_value) return;
    if (!target.has_value) {
      target = source;
      return;
    }
    target.value = is_and ? (target.value && source.value) : (target.value || source.value);
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<BooleanState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    WriteValue<bool>(result, row, state.value);
  };
  return function;
}

// ---- string_agg ----

struct StringAggregateState {
  std::string value;
  // The separator that came with the first value; combine puts it between two parts.
  std::string first_separator;
  bool has_value = false;
};

AggregateFunction StringAggregate(size_t argument_count) {
  std::vector<LogicalType> arguments(argument_count, LogicalType(TypeId::kVarchar));
  auto function = MakeAggregate<StringAggregateState>("string_agg", arguments, TypeId::kVarchar);
  function.update = [argument_count](Vector* inputs, idx_t count, uint8_t** states) {
    const Vector& values = inputs[0];
    const auto* text = values.Data<std::string_view>();
    const std::string_view* separators =
        argument_count > 1 ? inputs[1].Data<std::string_view>() : nullptr;
    for (idx_t i = 0; i < count; i++) {
      if (!values.validity().RowIsValid(i)) continue;
      std::string_view separator = ",";
      if (separators != nullptr) {
        separator = inputs[1].validity().RowIsValid(i) ? separators[i] : std::string_view();
      }
      auto& state = StateAt<StringAggregateState>(states, i);
      if (state.has_value) {
        state.value.append(separator);
      } else {
        state.first_separator.assign(separator);
        state.has_value = true;
      }
      state.value.append(text[i]);
    }
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const StringAggregateState*>(source_bytes);
    auto& target = *reinterpret_cast<StringAggregateState*>(target_bytes);
    if (!source.has_value) return;
    if (!target.has_value) {
      target = source;
      return;
    }
    target.value += source.first_separator;
    target.value += source.value;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<StringAggregateState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    WriteValue<std::string_view>(result, row, result.AddString(state.value));
  };
  return function;
}

// ---- Binding ----

const std::vector<std::string>& Names() {
  // Sorted by name.
  static const std::vector<std::string> names = {"any_value",
                                                 "approx_count_distinct",
                                                 "approx_quantile",
                                                 "arg_max",
                                                 "arg_min",
                                                 "argmax",
                                                 "argmin",
                                                 "array_agg",
                                                 "avg",
                                                 "bool_and",
                                                 "bool_or",
                                                 "corr",
                                                 "count",
                                                 "count_star",
                                                 "covar_pop",
                                                 "covar_samp",
                                                 "every",
                                                 "first",
                                                 "kurtosis",
                                                 "list",
                                                 "max",
                                                 "max_by",
                                                 "median",
                                                 "min",
                                                 "min_by",
                                                 "mode",
                                                 "product",
                                                 "quantile",
                                                 "quantile_cont",
                                                 "quantile_disc",
                                                 "regr_avgx",
                                                 "regr_avgy",
                                                 "regr_count",
                                                 "regr_intercept",
                                                 "regr_r2",
                                                 "regr_slope",
                                                 "regr_sxx",
                                                 "regr_sxy",
                                                 "regr_syy",
                                                 "skewness",
                                                 "stddev",
                                                 "stddev_pop",
                                                 "stddev_samp",
                                                 "string_agg",
                                                 "sum",
                                                 "var_pop",
                                                 "var_samp",
                                                 "variance"};
  return names;
}

std::string Lower(const std::string& text) {
  std::string result = text;
  for (auto& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

Result<AggregateFunction> BindPlain(const std::string& name, const std::vector<LogicalType>& types,
                                    const std::vector<std::optional<Value>>& constants) {
  if (name == "count_star" || (name == "count" && types.empty())) {
    if (!types.empty()) return NoMatch(name, types, "count_star()");
    return CountStar();
  }
  if (name == "median" || name == "quantile" || name == "quantile_cont" ||
      name == "quantile_disc" || name == "approx_quantile") {
    return BindQuantileAggregate(name, types, constants);
  }
  if (name == "arg_min" || name == "arg_max" || name == "min_by" || name == "max_by" ||
      name == "argmin" || name == "argmax") {
    if (types.size() != 2) return NoMatch(name, types, name + "(any type, any type)");
    bool is_max = name == "arg_max" || name == "max_by" || name == "argmax";
    return ArgMinMaxAggregate(name, is_max, types[0], types[1]);
  }
  if (IsBivariateStatistic(name)) {
    auto numeric_or_null = [](const LogicalType& type) {
      return type.IsNumeric() || type.id() == TypeId::kNull;
    };
    if (types.size() != 2 || !numeric_or_null(types[0]) || !numeric_or_null(types[1])) {
      return NoMatch(name, types, name + "(numeric, numeric)");
    }
    return BivariateStatistic(name);
  }
  if (name == "string_agg") {
    if (types.empty() || types.size() > 2) {
      return NoMatch(name, types, "string_agg(any type), string_agg(any type, VARCHAR)");
    }
    // Values of any type are joined as their text (they are cast to VARCHAR); the
    // separator must be text.
    if (types.size() == 2 && types[1].id() != TypeId::kVarchar && types[1].id() != TypeId::kNull) {
      return NoMatch(name, types, "string_agg(any type), string_agg(any type, VARCHAR)");
    }
    return StringAggregate(types.size());
  }
  if (types.size() != 1) {
    return NoMatch(name, types, name + "(one argument)");
  }
  const LogicalType& given = types[0];
  LogicalType type = given;
  if (name == "count" || name == "min" || name == "max" || name == "any_value" || name == "first") {
    AggregateFunction function;
    if (name == "count") {
      function = Count(type);
    } else if (name == "min") {
      function = KeepValueFor<KeepRule::kMin>(name, type);
    } else if (name == "max") {
      function = KeepValueFor<KeepRule::kMax>(name, type);
    } else {
      function = KeepValueFor<KeepRule::kFirst>(name, type);
    }
    // A bare NULL argument holds no values whatever its validity mask says.
    if (type.id() == TypeId::kNull) function.update = [](Vector*, idx_t, uint8_t**) {};
    return function;
  }
  if (type.id() == TypeId::kNull) type = LogicalType(TypeId::kInteger);
  if (name == "sum") {
    switch (type.id()) {
      case TypeId::kInteger:
        return IntegerSum<int32_t>(type);
      case TypeId::kBigint:
        return IntegerSum<int64_t>(type);
      case TypeId::kDouble:
        return DoubleSum();
      case TypeId::kDecimal:
        return type.physical() == PhysicalType::kInt64 ? DecimalSum<int64_t>(type)
                                                       : DecimalSum<int128_t>(type);
      default:
        return NoMatch(name, types, "sum(numeric)");
    }
  }
  if (name == "avg") {
    switch (type.id()) {
      case TypeId::kInteger:
        return ExactAverage<int32_t>(type);
      case TypeId::kBigint:
        return ExactAverage<int64_t>(type);
      case TypeId::kDouble:
        return DoubleAverage();
      case TypeId::kDecimal:
        return type.physical() == PhysicalType::kInt64 ? ExactAverage<int64_t>(type)
                                                       : ExactAverage<int128_t>(type);
      default:
        return NoMatch(name, types, "avg(numeric)");
    }
  }
  if (name == "stddev" || name == "stddev_samp" || name == "stddev_pop" || name == "variance" ||
      name == "var_samp" || name == "var_pop") {
    if (!type.IsNumeric()) return NoMatch(name, types, name + "(numeric)");
    VarianceKind kind = VarianceKind::kSample;
    if (name == "stddev" || name == "stddev_samp") kind = VarianceKind::kSampleStddev;
    if (name == "stddev_pop") kind = VarianceKind::kPopulationStddev;
    if (name == "var_pop") kind = VarianceKind::kPopulation;
    return Variance(name, kind);
  }
  if (name == "product" || name == "skewness" || name == "kurtosis") {
    if (!type.IsNumeric()) return NoMatch(name, types, name + "(numeric)");
    return name == "product" ? Product() : MomentStatistic(name);
  }
  if (name == "mode") return ModeAggregate(given);
  if (name == "array_agg" || name == "list") return ArrayAggregate(given);
  if (name == "approx_count_distinct") return ApproxCountDistinct(given);
  if (name == "bool_and" || name == "every" || name == "bool_or") {
    if (given.id() != TypeId::kBoolean && given.id() != TypeId::kNull) {
      return NoMatch(name, types, name + "(BOOLEAN)");
    }
    return BooleanAggregate(name, name != "bool_or");
  }
  return Status::Error(ErrorCode::kBinder, "Unknown aggregate function '" + name + "'");
}

}  // namespace

Result<AggregateFunction> BindAggregate(
    const std::string& raw_name, const std::vector<LogicalType>& argument_types, bool distinct,
    const std::vector<std::optional<Value>>& constant_arguments) {
  std::string name = Lower(raw_name);
  if (!IsAggregateFunction(name)) {
    return Status::Error(ErrorCode::kBinder, "Unknown aggregate function '" + raw_name + "'." +
                                                 DidYouMean(name, Names()));
  }
  auto function = BindPlain(name, argument_types, constant_arguments);
  if (!function.ok()) return function.status();
  // count(DISTINCT) over no arguments is count(*); min/max ignore duplicates anyway.
  if (!distinct || argument_types.empty() || name == "min" || name == "max") return function;
  return MakeDistinctAggregate(std::move(function).value());
}

bool IsAggregateFunction(const std::string& name) {
  std::string lower = Lower(name);
  const auto& names = Names();
  return std::find(names.begin(), names.end(), lower) != names.end();
}

std::vector<std::string> AggregateFunctionNames() { return Names(); }

}  // namespace tarn
