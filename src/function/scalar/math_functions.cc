// Math functions: abs, round, floor, ceil, trunc, sqrt, cbrt, ln, log, exp, power, mod,
// sign, pi, random and the trigonometric functions. DECIMAL inputs stay DECIMAL where the
// result is exact; integer overflow and invalid arguments (square root of a negative
// number, logarithm of zero) throw, as in PostgreSQL.

#include <cmath>
#include <random>
#include <string>

#include "function/function.h"
#include "function/scalar_kernels.h"
#include "types/numeric.h"

namespace tarn {

namespace {

const LogicalType kInteger(TypeId::kInteger);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kDouble(TypeId::kDouble);

ScalarSignature Signature(std::vector<LogicalType> arguments, LogicalType return_type,
                          ScalarKernel kernel) {
  return ScalarSignature{std::move(arguments), return_type, std::move(kernel)};
}

template <class In, class Out, class Op>
ScalarKernel UnaryKernel(Op op) {
  return [op](DataChunk& arguments, const FunctionData*, Vector& result) {
    ExecuteUnary<In, Out>(arguments.column(0), result, arguments.size(), op);
  };
}

template <class A, class B, class Out, class Op>
ScalarKernel BinaryKernel(Op op) {
  return [op](DataChunk& arguments, const FunctionData*, Vector& result) {
    ExecuteBinary<A, B, Out>(arguments.column(0), arguments.column(1), result, arguments.size(),
                             op);
  };
}

// A kernel over unscaled decimals: reads In, writes Out, computes in int128.
template <class Op>
ScalarKernel DecimalUnaryKernel(const LogicalType& input, const LogicalType& output, Op op) {
  bool input_small = input.physical() == PhysicalType::kInt64;
  bool output_small = output.physical() == PhysicalType::kInt64;
  auto make = [op]<class In, class Out>() -> ScalarKernel {
    return [op](DataChunk& arguments, const FunctionData*, Vector& result) {
      ExecuteUnary<In, Out>(arguments.column(0), result, arguments.size(), [&op](In value) {
        return static_cast<Out>(op(static_cast<int128_t>(value)));
      });
    };
  };
  if (input_small && output_small) return make.template operator()<int64_t, int64_t>();
  if (input_small) return make.template operator()<int64_t, int128_t>();
  if (output_small) return make.template operator()<int128_t, int64_t>();
  return make.template operator()<int128_t, int128_t>();
}

// Divides rounding half away from zero.
int128_t DivideRounded(int128_t value, int128_t divisor) {
  int128_t quotient = value / divisor;
  int128_t remainder = value % divisor;
  if (remainder < 0) remainder = -remainder;
  if (remainder * 2 >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

int128_t DivideFloor(int128_t value, int128_t divisor) {
  int128_t quotient = value / divisor;
  if (value % divisor < 0) quotient--;
  return quotient;
}

int128_t DivideCeiling(int128_t value, int128_t divisor) {
  int128_t quotient = value / divisor;
  if (value % divisor > 0) quotient++;
  return quotient;
}

uint8_t ClampWidth(int width) {
  return static_cast<uint8_t>(std::max(1, std::min<int>(LogicalType::kMaxDecimalWidth, width)));
}

// Binds overloads for INTEGER/BIGINT/DOUBLE, and DECIMAL inputs through `decimal`.
using DecimalBinder = std::function<Result<BoundScalarFunction>(
    const std::vector<LogicalType>&, const std::vector<std::optional<Value>>&)>;

ScalarBinder NumericBinder(std::string name, std::vector<ScalarSignature> overloads,
                           DecimalBinder decimal, std::string decimal_candidates) {
  return [name, overloads, decimal, decimal_candidates](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    if (!types.empty() && types[0].id() == TypeId::kDecimal && decimal) {
      Result<BoundScalarFunction> bound = decimal(types, constants);
      if (bound.ok()) {
        bound->name = name;
        return bound;
      }
    }
    Result<BoundScalarFunction> bound = BindOverloads(name, types, overloads);
    if (!bound.ok() && !decimal_candidates.empty()) {
      return Status::Error(bound.status().code(),
                           bound.status().message() + ", " + decimal_candidates);
    }
    return bound;
  };
}

BoundScalarFunction MakeBound(std::vector<LogicalType> arguments, LogicalType return_type,
                              ScalarKernel kernel) {
  BoundScalarFunction bound;
  bound.argument_types = std::move(arguments);
  bound.return_type = return_type;
  bound.kernel = std::move(kernel);
  return bound;
}

// ---- abs, sign ----

template <class T>
T CheckedAbs(T value) {
  if (value == std::numeric_limits<T>::min()) {
    ThrowError(ErrorCode::kOutOfRange,
               "abs: value " + std::to_string(value) + " is out of range for its type");
  }
  return value < 0 ? -value : value;
}

ScalarBinder AbsBinder() {
  return NumericBinder(
      "abs",
      {Signature({kInteger}, kInteger, UnaryKernel<int32_t, int32_t>(CheckedAbs<int32_t>)),
       Signature({kBigint}, kBigint, UnaryKernel<int64_t, int64_t>(CheckedAbs<int64_t>)),
       Signature({kDouble}, kDouble,
                 UnaryKernel<double, double>([](double v) { return std::fabs(v); }))},
      [](const std::vector<LogicalType>& types,
         const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
        if (types.size() != 1) return Status::Error(ErrorCode::kBinder, "");
        return MakeBound(types, types[0], DecimalUnaryKernel(types[0], types[0], [](int128_t v) {
                           return v < 0 ? -v : v;
                         }));
      },
      "abs(DECIMAL)");
}

template <class T>
int32_t SignOf(T value) {
  return value > 0 ? 1 : (value < 0 ? -1 : 0);
}

ScalarBinder SignBinder() {
  return NumericBinder(
      "sign",
      {Signature({kInteger}, kInteger, UnaryKernel<int32_t, int32_t>(SignOf<int32_t>)),
       Signature({kBigint}, kInteger, UnaryKernel<int64_t, int32_t>(SignOf<int64_t>)),
       Signature({kDouble}, kDouble, UnaryKernel<double, double>([](double v) {
                   return std::isnan(v) ? v : static_cast<double>(SignOf(v));
                 }))},
      [](const std::vector<LogicalType>& types,
         const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
        if (types.size() != 1) return Status::Error(ErrorCode::kBinder, "");
        bool small = types[0].physical() == PhysicalType::kInt64;
        ScalarKernel kernel = small ? UnaryKernel<int64_t, int32_t>(SignOf<int64_t>)
                                    : UnaryKernel<int128_t, int32_t>(SignOf<int128_t>);
        return MakeBound(types, kInteger, kernel);
      },
      "sign(DECIMAL)");
}

// ---- round, floor, ceil, trunc ----

template <class T>
T Identity(T value) {
  return value;
}

double RoundDouble(double value, int64_t digits) {
  if (!std::isfinite(value)) return value;
  if (digits > 308) return value;
  if (digits < -308) return 0;
  if (digits >= 0) {
    double factor = std::pow(10.0, static_cast<double>(digits));
    double scaled = value * factor;
    if (!std::isfinite(scaled)) return value;
    return std::round(scaled) / factor;
  }
  double factor = std::pow(10.0, static_cast<double>(-digits));
  return std::round(value / factor) * factor;
}

int64_t RoundBigint(int64_t value, int64_t digits) {
  if (digits >= 0) return value;
  if (digits < -18) return 0;
  int128_t factor = numeric::PowerOfTen(static_cast<int>(-digits));
  int128_t rounded = DivideRounded(value, factor) * factor;
  if (rounded > INT64_MAX || rounded < INT64_MIN) {
    ThrowError(ErrorCode::kOutOfRange,
               "round: result for " + std::to_string(value) + " is out of range for BIGINT");
  }
  return static_cast<int64_t>(rounded);
}

// Binds the DECIMAL form of a function that rounds to an integer (scale 0) with `divide`.
template <int128_t (*kDivide)(int128_t, int128_t)>
Result<BoundScalarFunction> BindDecimalToInteger(const std::vector<LogicalType>& types, int extra) {
  const LogicalType& input = types[0];
  if (input.scale() == 0)
    return MakeBound(types, input, DecimalUnaryKernel(input, input, Identity<int128_t>));
  LogicalType output = LogicalType::Decimal(ClampWidth(input.width() - input.scale() + extra), 0);
  int128_t divisor = numeric::PowerOfTen(input.scale());
  return MakeBound(types, output, DecimalUnaryKernel(input, output, [divisor](int128_t v) {
                     return kDivide(v, divisor);
                   }));
}

int128_t DivideTruncate(int128_t value, int128_t divisor) { return value / divisor; }

ScalarBinder RoundBinder() {
  std::vector<ScalarSignature> overloads = {
      Signature({kInteger}, kInteger, UnaryKernel<int32_t, int32_t>(Identity<int32_t>)),
      Signature({kBigint}, kBigint, UnaryKernel<int64_t, int64_t>(Identity<int64_t>)),
      Signature({kDouble}, kDouble,
                UnaryKernel<double, double>([](double v) { return std::round(v); })),
      Signature({kBigint, kBigint}, kBigint, BinaryKernel<int64_t, int64_t, int64_t>(RoundBigint)),
      Signature({kDouble, kBigint}, kDouble, BinaryKernel<double, int64_t, double>(RoundDouble)),
  };
  return NumericBinder(
      "round", overloads,
      [](const std::vector<LogicalType>& types,
         const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
        if (types.size() == 1) return BindDecimalToInteger<DivideRounded>(types, 1);
        if (types.size() != 2 || ImplicitCastCost(types[1], kBigint) < 0) {
          return Status::Error(ErrorCode::kBinder, "");
        }
        const LogicalType& input = types[0];
        if (constants.size() < 2 || !constants[1].has_value() || constants[1]->is_null()) {
          // A digits argument that varies per row: round as DOUBLE.
          return MakeBound({kDouble, kBigint}, kDouble,
                           BinaryKernel<double, int64_t, double>(RoundDouble));
        }
        int64_t digits = constants[1]->CastTo(kBigint).GetBigint();
        if (digits >= input.scale()) {
          return MakeBound({input, kBigint}, input,
                           DecimalUnaryKernel(input, input, Identity<int128_t>));
        }
        int new_scale = static_cast<int>(std::max<int64_t>(digits, 0));
        LogicalType output =
            LogicalType::Decimal(ClampWidth(input.width() - input.scale() + new_scale + 1),
                                 static_cast<uint8_t>(new_scale));
        int64_t drop = input.scale() - digits;  // Digits rounded away.
        int64_t restore = new_scale - digits;   // Zeros put back for negative digits.
        ScalarKernel kernel;
        if (drop > LogicalType::kMaxDecimalWidth) {
          kernel = DecimalUnaryKernel(input, output, [](int128_t) { return int128_t(0); });
        } else {
          int128_t divisor = numeric::PowerOfTen(static_cast<int>(drop));
          int128_t factor = numeric::PowerOfTen(static_cast<int>(restore));
          kernel = DecimalUnaryKernel(input, output, [divisor, factor](int128_t v) {
            return DivideRounded(v, divisor) * factor;
          });
        }
        return MakeBound({input, kBigint}, output, kernel);
      },
      "round(DECIMAL), round(DECIMAL, BIGINT)");
}

template <int128_t (*kDivide)(int128_t, int128_t)>
ScalarBinder IntegralBinder(const std::string& name, double (*double_function)(double), int extra) {
  return NumericBinder(
      name,
      {Signature({kInteger}, kInteger, UnaryKernel<int32_t, int32_t>(Identity<int32_t>)),
       Signature({kBigint}, kBigint, UnaryKernel<int64_t, int64_t>(Identity<int64_t>)),
       Signature({kDouble}, kDouble, UnaryKernel<double, double>(double_function))},
      [extra](const std::vector<LogicalType>& types,
              const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
        if (types.size() != 1) return Status::Error(ErrorCode::kBinder, "");
        return BindDecimalToInteger<kDivide>(types, extra);
      },
      name + "(DECIMAL)");
}

// ---- functions over DOUBLE ----

double CheckedSqrt(double value) {
  if (value < 0) {
    ThrowError(ErrorCode::kInvalidInput, "cannot take square root of a negative number");
  }
  return std::sqrt(value);
}

template <double (*kLog)(double)>
double CheckedLog(double value) {
  if (value == 0) ThrowError(ErrorCode::kInvalidInput, "cannot take logarithm of zero");
  if (value < 0) {
    ThrowError(ErrorCode::kInvalidInput, "cannot take logarithm of a negative number");
  }
  return kLog(value);
}

double LogWithBase(double base, double value) {
  double numerator = CheckedLog<std::log>(value);
  double denominator = CheckedLog<std::log>(base);
  if (denominator == 0) ThrowError(ErrorCode::kOutOfRange, "log: division by zero (base 1)");
  return numerator / denominator;
}

double CheckedDomain(const char* name, double value, double low, double high) {
  if (value < low || value > high) {
    ThrowError(ErrorCode::kInvalidInput,
               std::string(name) + ": input " + numeric::FormatDouble(value) + " is out of range");
  }
  return value;
}

void RegisterDoubleUnary(FunctionRegistry& registry, const std::string& name,
                         double (*op)(double)) {
  registry.RegisterScalar(
      name, OverloadBinder(name, {Signature({kDouble}, kDouble, UnaryKernel<double, double>(op))}));
}

// ---- constants and random ----

void PiKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  result.validity().SetAllValid();
  double* out = result.Data<double>();
  for (idx_t i = 0; i < arguments.size(); i++) out[i] = M_PI;
}

void RandomKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  result.validity().SetAllValid();
  double* out = result.Data<double>();
  for (idx_t i = 0; i < arguments.size(); i++) out[i] = distribution(generator);
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  registry.RegisterScalar("abs", AbsBinder());
  registry.RegisterScalar("sign", SignBinder());
  registry.RegisterScalar("round", RoundBinder());
  registry.RegisterScalar("floor", IntegralBinder<DivideFloor>("floor", std::floor, 0));
  for (const char* name : {"ceil", "ceiling"}) {
    registry.RegisterScalar(name, IntegralBinder<DivideCeiling>(name, std::ceil, 1));
  }
  registry.RegisterScalar("trunc", IntegralBinder<DivideTruncate>("trunc", std::trunc, 0));
  RegisterDoubleUnary(registry, "sqrt", CheckedSqrt);
  RegisterDoubleUnary(registry, "cbrt", [](double v) { return std::cbrt(v); });
  RegisterDoubleUnary(registry, "ln", CheckedLog<std::log>);
  RegisterDoubleUnary(registry, "log10", CheckedLog<std::log10>);
  RegisterDoubleUnary(registry, "log2", CheckedLog<std::log2>);
  registry.RegisterScalar(
      "log", OverloadBinder("log", {Signature({kDouble}, kDouble,
                                              UnaryKernel<double, double>(CheckedLog<std::log10>)),
                                    Signature({kDouble, kDouble}, kDouble,
                                              BinaryKernel<double, double, double>(LogWithBase))}));
  RegisterDoubleUnary(registry, "exp", [](double v) { return std::exp(v); });
  RegisterDoubleUnary(registry, "sin", [](double v) { return std::sin(v); });
  RegisterDoubleUnary(registry, "cos", [](double v) { return std::cos(v); });
  RegisterDoubleUnary(registry, "tan", [](double v) { return std::tan(v); });
  RegisterDoubleUnary(registry, "asin",
                      [](double v) { return std::asin(CheckedDomain("asin", v, -1, 1)); });
  RegisterDoubleUnary(registry, "acos",
                      [](double v) { return std::acos(CheckedDomain("acos", v, -1, 1)); });
  RegisterDoubleUnary(registry, "atan", [](double v) { return std::atan(v); });
  RegisterDoubleUnary(registry, "degrees", [](double v) { return v * 180.0 / M_PI; });
  RegisterDoubleUnary(registry, "radians", [](double v) { return v * M_PI / 180.0; });
  registry.RegisterScalar(
      "atan2", OverloadBinder(
                   "atan2", {Signature({kDouble, kDouble}, kDouble,
                                       BinaryKernel<double, double, double>(
                                           [](double y, double x) { return std::atan2(y, x); }))}));
  for (const char* name : {"power", "pow"}) {
    registry.RegisterScalar(
        name,
        OverloadBinder(
            name, {Signature({kDouble, kDouble}, kDouble,
                             BinaryKernel<double, double, double>([](double base, double exponent) {
                               if (base == 0 && exponent < 0) {
                                 ThrowError(ErrorCode::kOutOfRange,
                                            "power: zero raised to a "
                                            "negative power is undefined");
                               }
                               return std::pow(base, exponent);
                             }))}));
  }
  const LogicalType boolean(TypeId::kBoolean);
  registry.RegisterScalar(
      "isnan", OverloadBinder(
                   "isnan", {Signature({kDouble}, boolean, UnaryKernel<double, bool>([](double v) {
                                         return std::isnan(v);
                                       }))}));
  registry.RegisterScalar(
      "isinf", OverloadBinder(
                   "isinf", {Signature({kDouble}, boolean, UnaryKernel<double, bool>([](double v) {
                                         return std::isinf(v);
                                       }))}));
  registry.RegisterScalar("pi", OverloadBinder("pi", {Signature({}, kDouble, PiKernel)}));
  registry.RegisterScalar("random", OverloadBinder("random", {Signature({}, kDouble, RandomKernel)},
                                                   /*is_volatile=*/true));
}

}  // namespace tarn
