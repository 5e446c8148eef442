// median, quantile_cont, quantile_disc, quantile, approx_quantile.
//
// approx_quantile is answered exactly, with quantile_disc semantics over all values of the
// group: the result is always one of the input values and never wrong, at the cost of
// memory proportional to the group (the same as quantile_disc).

#include "function/aggregate/quantile_aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>

#include "function/aggregate/aggregate_state.h"
#include "types/numeric.h"

namespace tarn {
namespace {

using aggregate::LessThan;
using aggregate::MakeAggregate;
using aggregate::NoMatch;
using aggregate::StateAt;
using aggregate::VisitPhysical;
using aggregate::WriteNull;
using aggregate::WriteValue;

// The requested fraction q. Decimal and integer constants keep their exact value so that
// the discrete index is computed without rounding (0.1 * 10 rows is exactly row 1).
struct QuantileFraction {
  double value = 0.5;
  int128_t numerator = 1;
  int128_t denominator = 2;  // 0: only `value` is known (a DOUBLE constant).
};

// Index (0-based) into the sorted values of the first value whose cumulative fraction
// (index + 1) / n is at least q.
idx_t DiscreteIndex(const QuantileFraction& fraction, idx_t n) {
  int128_t reached;  // ceil(n * q)
  if (fraction.denominator > 0) {
    int128_t product = static_cast<int128_t>(n) * fraction.numerator;
    reached = (product + fraction.denominator - 1) / fraction.denominator;
  } else {
    // n - floor(n - n * q) is ceil(n * q), without ceil turning 3.0000000000000004 into 4.
    double scaled = static_cast<double>(n) * fraction.value;
    reached = static_cast<int128_t>(n) -
              static_cast<int128_t>(std::floor(static_cast<double>(n) - scaled));
  }
  reached = std::clamp<int128_t>(reached, 1, static_cast<int128_t>(n));
  return static_cast<idx_t>(reached - 1);
}

template <class T>
using Stored = std::conditional_t<std::is_same_v<T, std::string_view>, std::string, T>;

template <class T>
struct QuantileState {
  std::vector<Stored<T>> values;
};

template <class T>
bool StoredLess(const Stored<T>& a, const Stored<T>& b) {
  return LessThan<Stored<T>>(a, b);
}

// How the selected value(s) become the result.
enum class Interpolation {
  kDiscrete,     // The value at DiscreteIndex, of the input type.
  kToDouble,     // Interpolated as double, divided by `divisor` (10^scale for decimals).
  kToTimestamp,  // Interpolated in microseconds; each input unit is `divisor` micros.
};

template <class T>
AggregateFunction Quantile(const std::string& name, std::vector<LogicalType> arguments,
                           LogicalType return_type, QuantileFraction fraction,
                           Interpolation interpolation, int128_t divisor) {
  using State = QuantileState<T>;
  auto function = MakeAggregate<State>(name, std::move(arguments), return_type);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    const T* data = inputs[0].Data<T>();
    const ValidityMask& mask = inputs[0].validity();
    if (count > 0 && aggregate::AllSameState(states, count)) {
      auto& values = StateAt<State>(states, 0).values;
      values.reserve(values.size() + count);
      for (idx_t i = 0; i < count; i++) {
        if (mask.RowIsValid(i)) values.emplace_back(data[i]);
      }
      return;
    }
    for (idx_t i = 0; i < count; i++) {
      if (mask.RowIsValid(i)) StateAt<State>(states, i).values.emplace_back(data[i]);
    }
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const State*>(source_bytes);
    auto& target = *reinterpret_cast<State*>(target_bytes);
    target.values.insert(target.values.end(), source.values.begin(), source.values.end());
  };
  function.finalize = [fraction, interpolation, divisor, name](uint8_t* state_bytes, Vector& result,
                                                               idx_t row) {
    auto& values = reinterpret_cast<State*>(state_bytes)->values;
    idx_t n = values.size();
    if (n == 0) return WriteNull(result, row);
    if (interpolation == Interpolation::kDiscrete) {
      idx_t index = DiscreteIndex(fraction, n);
      std::nth_element(values.begin(), values.begin() + index, values.end(), StoredLess<T>);
      if constexpr (std::is_same_v<T, std::string_view>) {
        WriteValue<std::string_view>(result, row, result.AddString(values[index]));
      } else {
        WriteValue<T>(result, row, values[index]);
      }
      return;
    }
    if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, int128_t>) {
      // The position q * (n - 1) splits into a row and a weight; an exact q gives an exact
      // split, so that e.g. q = 0.1 over 9 values is row 0 with weight exactly 8 / 10.
      idx_t low_index;
      long double weight;
      if (fraction.denominator > 0) {
        int128_t scaled = fraction.numerator * static_cast<int128_t>(n - 1);
        low_index = static_cast<idx_t>(scaled / fraction.denominator);
        weight = static_cast<long double>(scaled % fraction.denominator) /
                 static_cast<long double>(fraction.denominator);
      } else {
        double position = fraction.value * static_cast<double>(n - 1);
        low_index = std::min<idx_t>(static_cast<idx_t>(std::floor(position)), n - 1);
        weight = position - static_cast<double>(low_index);
      }
      std::nth_element(values.begin(), values.begin() + low_index, values.end(), StoredLess<T>);
      T low = values[low_index];
      T high = low;
      if (weight > 0 && low_index + 1 < n) {
        high = *std::min_element(values.begin() + low_index + 1, values.end(), StoredLess<T>);
      }
      if (interpolation == Interpolation::kToDouble) {
        // low * (1 - w) + high * w in long double, rounded to double only at the end, so
        // that integers interpolate to what exact arithmetic rounds to (0.4, not
        // 0.40000000000000036).
        long double scale = static_cast<long double>(divisor);
        long double low_value = static_cast<long double>(low);
        long double high_value = static_cast<long double>(high);
        long double answer = low_value == high_value || weight == 0
                                 ? low_value
                                 : low_value * (1 - weight) + high_value * weight;
        return WriteValue<double>(result, row, static_cast<double>(answer / scale));
      }
      int128_t low_micros = static_cast<int128_t>(low) * divisor;
      int128_t high_micros = static_cast<int128_t>(high) * divisor;
      long double offset = static_cast<long double>(high_micros - low_micros) * weight;
      int128_t answer = low_micros + static_cast<int128_t>(std::llround(offset));
      if (answer > std::numeric_limits<int64_t>::max() ||
          answer < std::numeric_limits<int64_t>::min()) {
        ThrowError(ErrorCode::kOutOfRange, name + ": the result is out of the range of TIMESTAMP");
      }
      WriteValue<int64_t>(result, row, static_cast<int64_t>(answer));
    }
  };
  return function;
}

std::string Candidates(const std::string& name) {
  if (name == "median") return "median(any orderable type)";
  return name + "(any orderable type, numeric constant in [0, 1])";
}

// Reads the constant q of `name`; errors name the function and the offending value.
Result<QuantileFraction> ReadFraction(const std::string& name, const LogicalType& type,
                                      const std::optional<Value>& constant) {
  if (!constant) {
    return Status::Error(ErrorCode::kBinder, name +
                                                 ": the quantile (second argument) must be a "
                                                 "constant between 0 and 1, not an expression "
                                                 "over columns");
  }
  if (constant->is_null()) {
    return Status::Error(ErrorCode::kInvalidInput, name + ": the quantile must not be NULL");
  }
  QuantileFraction fraction;
  fraction.denominator = 0;
  switch (type.id()) {
    case TypeId::kInteger:
    case TypeId::kBigint:
      fraction.numerator = constant->GetInt128();
      fraction.denominator = 1;
      fraction.value = static_cast<double>(fraction.numerator);
      break;
    case TypeId::kDecimal:
      fraction.value = static_cast<double>(static_cast<long double>(constant->GetInt128()) /
                                           numeric::PowerOfTen(type.scale()));
      if (type.scale() <= 18) {
        fraction.numerator = constant->GetInt128();
        fraction.denominator = numeric::PowerOfTen(type.scale());
      }
      break;
    case TypeId::kDouble:
      fraction.value = constant->GetDouble();
      break;
    default:
      return Status::Error(ErrorCode::kType,
                           name + ": the quantile must be a number, not " + type.ToString());
  }
  bool in_range = fraction.denominator > 0
                      ? fraction.numerator >= 0 && fraction.numerator <= fraction.denominator
                      : fraction.value >= 0 && fraction.value <= 1;
  if (!in_range) {
    return Status::Error(ErrorCode::kOutOfRange, name + ": the quantile " + constant->ToString() +
                                                     " is not between 0 and 1");
  }
  return fraction;
}

}  // namespace

Result<AggregateFunction> BindQuantileAggregate(
    const std::string& name, const std::vector<LogicalType>& types,
    const std::vector<std::optional<Value>>& constants) {
  bool is_median = name == "median";
  if (types.size() != (is_median ? 1u : 2u)) return NoMatch(name, types, Candidates(name));
  LogicalType type = types[0].id() == TypeId::kNull ? LogicalType(TypeId::kInteger) : types[0];
  std::vector<LogicalType> arguments = {type};
  QuantileFraction fraction;
  if (!is_median) {
    const LogicalType& fraction_type = types[1];
    if (!fraction_type.IsNumeric() && fraction_type.id() != TypeId::kNull) {
      return NoMatch(name, types, Candidates(name));
    }
    auto read = ReadFraction(name, fraction_type,
                             constants.size() > 1 ? constants[1] : std::optional<Value>());
    if (!read.ok()) return read.status();
    fraction = std::move(read).value();
    arguments.push_back(fraction_type);
  }
  bool continuous = is_median || name == "quantile_cont";
  Interpolation interpolation = Interpolation::kDiscrete;
  LogicalType return_type = type;
  int128_t divisor = 1;
  if (continuous) {
    switch (type.id()) {
      case TypeId::kInteger:
      case TypeId::kBigint:
      case TypeId::kDouble:
        interpolation = Interpolation::kToDouble;
        return_type = LogicalType(TypeId::kDouble);
        break;
      case TypeId::kDecimal:
        interpolation = Interpolation::kToDouble;
        return_type = LogicalType(TypeId::kDouble);
        divisor = numeric::PowerOfTen(type.scale());
        break;
      case TypeId::kDate:
        interpolation = Interpolation::kToTimestamp;
        return_type = LogicalType(TypeId::kTimestamp);
        divisor = static_cast<int128_t>(86400) * 1000000;
        break;
      case TypeId::kTimestamp:
        interpolation = Interpolation::kToTimestamp;
        break;
      default:
        break;
    }
  }
  return VisitPhysical(type.physical(), [&](auto tag) -> Result<AggregateFunction> {
    using T = decltype(tag);
    return Quantile<T>(name, arguments, return_type, fraction, interpolation, divisor);
  });
}

}  // namespace tarn
