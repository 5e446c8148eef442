// Arithmetic (+ - * / % negate) and comparison (= <> < <= > >=) operators.
//
// Binders pick the argument types the engine casts to and a kernel specialised for the
// physical types involved; kernels are one loop per chunk over dense arrays. Errors
// (overflow, division by zero) are collected as flags inside the loop and reported once
// per chunk for the first offending row, so the loop itself has no throw.

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "common/exception.h"
#include "execution/key_encoder.h"
#include "function/function.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {
namespace {

// ---- Error flags set by per-row operations ----

constexpr uint8_t kNoError = 0;
constexpr uint8_t kOverflow = 1;
constexpr uint8_t kDivisionByZero = 2;

// How an operator is named in error messages.
struct OperatorText {
  const char* noun;    // "addition"
  const char* symbol;  // "+"
};

constexpr OperatorText kAdditionText{"addition", "+"};
constexpr OperatorText kSubtractionText{"subtraction", "-"};
constexpr OperatorText kMultiplicationText{"multiplication", "*"};
constexpr OperatorText kDivisionText{"division", "/"};
constexpr OperatorText kModuloText{"modulo", "%"};
constexpr OperatorText kNegationText{"negation", "-"};

[[noreturn]] void ThrowBinaryError(uint8_t error, OperatorText text, const Vector& left,
                                   const Vector& right, const Vector& result, idx_t row) {
  if (error & kDivisionByZero) ThrowError(ErrorCode::kOutOfRange, "Division by zero");
  ThrowError(ErrorCode::kOutOfRange, std::string("Overflow in ") + text.noun + " of " +
                                         result.type().ToString() + " (" +
                                         left.GetValue(row).ToString() + " " + text.symbol + " " +
                                         right.GetValue(row).ToString() + ")");
}

[[noreturn]] void ThrowUnaryError(OperatorText text, const Vector& input, const Vector& result,
                                  idx_t row) {
  ThrowError(ErrorCode::kOutOfRange, std::string("Overflow in ") + text.noun + " of " +
                                         result.type().ToString() + " (" + text.symbol + "(" +
                                         input.GetValue(row).ToString() + "))");
}

// ---- Loops ----

// result[i] = op(left[i], right[i]) where `op(A, B, Out*)` returns an error flag. NULL in
// either argument gives NULL without looking at the (possibly stale) values.
template <class A, class B, class Out, class Op>
void BinaryLoop(DataChunk& arguments, Vector& result, OperatorText text, Op op) {
  idx_t count = arguments.size();
  const Vector& left = arguments.column(0);
  const Vector& right = arguments.column(1);
  const A* a = left.Data<A>();
  const B* b = right.Data<B>();
  Out* out = result.Data<Out>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  uint8_t errors = kNoError;
  bool all_valid = left.validity().AllValid() && right.validity().AllValid();
  if (all_valid) {
    for (idx_t i = 0; i < count; i++) errors |= op(a[i], b[i], &out[i]);
  } else {
    for (idx_t i = 0; i < count; i++) {
      if (left.validity().RowIsValid(i) && right.validity().RowIsValid(i)) {
        errors |= op(a[i], b[i], &out[i]);
      } else {
        mask.SetInvalid(i);
      }
    }
  }
  if (errors == kNoError) return;
  for (idx_t i = 0; i < count; i++) {
    if (!all_valid && !(left.validity().RowIsValid(i) && right.validity().RowIsValid(i))) {
      continue;
    }
    Out scratch;
    uint8_t error = op(a[i], b[i], &scratch);
    if (error != kNoError) ThrowBinaryError(error, text, left, right, result, i);
  }
}

template <class In, class Out, class Op>
void UnaryLoop(DataChunk& arguments, Vector& result, OperatorText text, Op op) {
  idx_t count = arguments.size();
  const Vector& input = arguments.column(0);
  const In* in = input.Data<In>();
  Out* out = result.Data<Out>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  uint8_t errors = kNoError;
  bool all_valid = input.validity().AllValid();
  if (all_valid) {
    for (idx_t i = 0; i < count; i++) errors |= op(in[i], &out[i]);
  } else {
    for (idx_t i = 0; i < count; i++) {
      if (input.validity().RowIsValid(i)) {
        errors |= op(in[i], &out[i]);
      } else {
        mask.SetInvalid(i);
      }
    }
  }
  if (errors == kNoError) return;
  for (idx_t i = 0; i < count; i++) {
    if (!input.validity().RowIsValid(i)) continue;
    Out scratch;
    if (op(in[i], &scratch) != kNoError) ThrowUnaryError(text, input, result, i);
  }
}

// ---- Per-row arithmetic ----

// Addition and subtraction are written with wrapping unsigned arithmetic and a sign test
// (overflow iff the result's sign differs from both operands' for +) so that the loops
// vectorize; the overflow builtins do not.
template <class T>
uint8_t CheckedAdd(T a, T b, T* out) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
    using Unsigned = std::make_unsigned_t<T>;
    T sum = static_cast<T>(static_cast<Unsigned>(a) + static_cast<Unsigned>(b));
    *out = sum;
    return static_cast<uint8_t>(static_cast<Unsigned>((a ^ sum) & (b ^ sum)) >>
                                (sizeof(T) * 8 - 1));
  } else {
    return __builtin_add_overflow(a, b, out) ? kOverflow : kNoError;
  }
}
template <class T>
uint8_t CheckedSubtract(T a, T b, T* out) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
    using Unsigned = std::make_unsigned_t<T>;
    T difference = static_cast<T>(static_cast<Unsigned>(a) - static_cast<Unsigned>(b));
    *out = difference;
    return static_cast<uint8_t>(static_cast<Unsigned>((a ^ b) & (a ^ difference)) >>
                                (sizeof(T) * 8 - 1));
  } else {
    return __builtin_sub_overflow(a, b, out) ? kOverflow : kNoError;
  }
}
template <class T>
uint8_t CheckedMultiply(T a, T b, T* out) {
  return __builtin_mul_overflow(a, b, out) ? kOverflow : kNoError;
}
// Integer division truncates toward zero; MIN / -1 overflows.
template <class T>
uint8_t CheckedDivide(T a, T b, T* out) {
  if (b == 0) {
    *out = 0;
    return kDivisionByZero;
  }
  if (b == -1) return __builtin_sub_overflow(T(0), a, out) ? kOverflow : kNoError;
  *out = a / b;
  return kNoError;
}
template <class T>
uint8_t CheckedModulo(T a, T b, T* out) {
  if (b == 0) {
    *out = 0;
    return kDivisionByZero;
  }
  *out = b == -1 ? T(0) : a % b;
  return kNoError;
}
template <class T>
uint8_t CheckedNegate(T a, T* out) {
  return __builtin_sub_overflow(T(0), a, out) ? kOverflow : kNoError;
}

uint8_t AddIntervals(Interval a, Interval b, Interval* out) {
  bool overflow = __builtin_add_overflow(a.months, b.months, &out->months);
  overflow |= __builtin_add_overflow(a.days, b.days, &out->days);
  overflow |= __builtin_add_overflow(a.micros, b.micros, &out->micros);
  return overflow ? kOverflow : kNoError;
}
uint8_t NegateInterval(Interval a, Interval* out) {
  bool overflow = __builtin_sub_overflow(0, a.months, &out->months);
  overflow |= __builtin_sub_overflow(0, a.days, &out->days);
  overflow |= __builtin_sub_overflow(int64_t(0), a.micros, &out->micros);
  return overflow ? kOverflow : kNoError;
}
uint8_t SubtractIntervals(Interval a, Interval b, Interval* out) {
  Interval negated;
  if (NegateInterval(b, &negated) != kNoError) return kOverflow;
  return AddIntervals(a, negated, out);
}
template <class Factor>
uint8_t MultiplyInterval(Interval a, Factor factor, Interval* out) {
  int64_t months, days;
  bool overflow = __builtin_mul_overflow(static_cast<int64_t>(a.months), factor, &months);
  overflow |= __builtin_mul_overflow(static_cast<int64_t>(a.days), factor, &days);
  overflow |= __builtin_mul_overflow(a.micros, static_cast<int64_t>(factor), &out->micros);
  overflow |= months < std::numeric_limits<int32_t>::min() ||
              months > std::numeric_limits<int32_t>::max() ||
              days < std::numeric_limits<int32_t>::min() ||
              days > std::numeric_limits<int32_t>::max();
  out->months = static_cast<int32_t>(months);
  out->days = static_cast<int32_t>(days);
  return overflow ? kOverflow : kNoError;
}

// Days (int32) plus an integer count of days of type N.
template <class N>
uint8_t AddDays(int32_t days, N delta, int32_t* out) {
  int64_t sum;
  bool overflow = __builtin_add_overflow(static_cast<int64_t>(days), delta, &sum);
  overflow |=
      sum < std::numeric_limits<int32_t>::min() || sum > std::numeric_limits<int32_t>::max();
  *out = static_cast<int32_t>(sum);
  return overflow ? kOverflow : kNoError;
}
template <class N>
uint8_t SubtractDays(int32_t days, N delta, int32_t* out) {
  int64_t difference;
  bool overflow = __builtin_sub_overflow(static_cast<int64_t>(days), delta, &difference);
  overflow |= difference < std::numeric_limits<int32_t>::min() ||
              difference > std::numeric_limits<int32_t>::max();
  *out = static_cast<int32_t>(difference);
  return overflow ? kOverflow : kNoError;
}

uint8_t SubtractTimestamps(int64_t a, int64_t b, Interval* out) {
  int64_t difference;
  if (__builtin_sub_overflow(a, b, &difference)) return kOverflow;
  out->months = 0;
  out->days = static_cast<int32_t>(difference / date_time::kMicrosPerDay);
  out->micros = difference % date_time::kMicrosPerDay;
  return kNoError;
}

// Wraps a function as a type so the loops inline it instead of calling through a pointer.
template <auto kFunction>
struct Inline {
  template <class... Args>
  uint8_t operator()(Args... arguments) const {
    return kFunction(arguments...);
  }
};

// ---- Kernel factories ----

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide, kModulo };

OperatorText TextOf(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return kAdditionText;
    case ArithmeticOp::kSubtract:
      return kSubtractionText;
    case ArithmeticOp::kMultiply:
      return kMultiplicationText;
    case ArithmeticOp::kDivide:
      return kDivisionText;
    case ArithmeticOp::kModulo:
      return kModuloText;
  }
  return kAdditionText;
}

template <class T>
ScalarKernel IntegerKernel(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<T, T, T>(arguments, result, kAdditionText, Inline<CheckedAdd<T>>{});
      };
    case ArithmeticOp::kSubtract:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<T, T, T>(arguments, result, kSubtractionText, Inline<CheckedSubtract<T>>{});
      };
    case ArithmeticOp::kMultiply:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<T, T, T>(arguments, result, kMultiplicationText, Inline<CheckedMultiply<T>>{});
      };
    case ArithmeticOp::kDivide:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<T, T, T>(arguments, result, kDivisionText, Inline<CheckedDivide<T>>{});
      };
    case ArithmeticOp::kModulo:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<T, T, T>(arguments, result, kModuloText, Inline<CheckedModulo<T>>{});
      };
  }
  return nullptr;
}

ScalarKernel DoubleKernel(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<double, double, double>(arguments, result, kAdditionText,
                                           [](double a, double b, double* out) {
                                             *out = a + b;
                                             return kNoError;
                                           });
      };
    case ArithmeticOp::kSubtract:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<double, double, double>(arguments, result, kSubtractionText,
                                           [](double a, double b, double* out) {
                                             *out = a - b;
                                             return kNoError;
                                           });
      };
    case ArithmeticOp::kMultiply:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<double, double, double>(arguments, result, kMultiplicationText,
                                           [](double a, double b, double* out) {
                                             *out = a * b;
                                             return kNoError;
                                           });
      };
    case ArithmeticOp::kDivide:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<double, double, double>(arguments, result, kDivisionText,
                                           [](double a, double b, double* out) {
                                             *out = a / b;
                                             return b == 0.0 ? kDivisionByZero : kNoError;
                                           });
      };
    case ArithmeticOp::kModulo:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<double, double, double>(arguments, result, kModuloText,
                                           [](double a, double b, double* out) {
                                             if (b == 0.0) {
                                               *out = 0;
                                               return kDivisionByZero;
                                             }
                                             *out = std::fmod(a, b);
                                             return kNoError;
                                           });
      };
  }
  return nullptr;
}

// Decimal + and -: both arguments already have the result type; the sum must stay
// within the result width.
template <class T>
ScalarKernel DecimalAddKernel(bool subtract, int width) {
  T max_value = static_cast<T>(numeric::MaxDecimalValue(width));
  if (subtract) {
    return [max_value](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<T, T, T>(arguments, result, kSubtractionText,
                          [max_value](T a, T b, T* out) -> uint8_t {
                            uint8_t overflow = CheckedSubtract(a, b, out);
                            return overflow | (*out > max_value) | (*out < -max_value);
                          });
    };
  }
  return [max_value](DataChunk& arguments, const FunctionData*, Vector& result) {
    BinaryLoop<T, T, T>(arguments, result, kAdditionText, [max_value](T a, T b, T* out) -> uint8_t {
      uint8_t overflow = CheckedAdd(a, b, out);
      return overflow | (*out > max_value) | (*out < -max_value);
    });
  };
}

// Decimal *: unscaled values multiply exactly in 128 bits; the product's scale is the sum
// of the scales, so no rescaling is needed.
template <class A, class B, class Out>
ScalarKernel DecimalMultiplyKernel(int width) {
  int128_t max_value = numeric::MaxDecimalValue(width);
  return [max_value](DataChunk& arguments, const FunctionData*, Vector& result) {
    BinaryLoop<A, B, Out>(
        arguments, result, kMultiplicationText, [max_value](A a, B b, Out* out) -> uint8_t {
          int128_t product;
          bool overflow =
              __builtin_mul_overflow(static_cast<int128_t>(a), static_cast<int128_t>(b), &product);
          overflow |= product > max_value || product < -max_value;
          *out = static_cast<Out>(product);
          return overflow ? kOverflow : kNoError;
        });
  };
}

template <class A, class B>
ScalarKernel DecimalMultiplyKernelFor(const LogicalType& result_type) {
  if (result_type.physical() == PhysicalType::kInt64) {
    return DecimalMultiplyKernel<A, B, int64_t>(result_type.width());
  }
  return DecimalMultiplyKernel<A, B, int128_t>(result_type.width());
}

template <class A>
ScalarKernel DecimalMultiplyKernelFor(const LogicalType& right, const LogicalType& result_type) {
  if (right.physical() == PhysicalType::kInt64) {
    return DecimalMultiplyKernelFor<A, int64_t>(result_type);
  }
  return DecimalMultiplyKernelFor<A, int128_t>(result_type);
}

// ---- Exact decimal division and remainder ----

using uint128_t = unsigned __int128;

// The magnitude of an unscaled decimal, which always fits: |value| < 10^38 < 2^127.
uint128_t Magnitude(int128_t value) {
  return value < 0 ? uint128_t(0) - static_cast<uint128_t>(value) : static_cast<uint128_t>(value);
}

// An unsigned integer wider than 128 bits, as little-endian 64-bit limbs. It holds a
// decimal magnitude (< 2^127) times a power of ten up to 10^76 (< 2^253), which is all
// that a scaled dividend needs.
struct WideUnsigned {
  static constexpr int kMaxLimbs = 6;
  uint64_t limbs[kMaxLimbs] = {};
  int size = 0;
};

WideUnsigned ToWide(uint128_t value) {
  WideUnsigned wide;
  wide.limbs[0] = static_cast<uint64_t>(value);
  wide.limbs[1] = static_cast<uint64_t>(value >> 64);
  wide.size = wide.limbs[1] != 0 ? 2 : (wide.limbs[0] != 0 ? 1 : 0);
  return wide;
}

void MultiplyWide(WideUnsigned& value, uint64_t factor) {
  uint64_t carry = 0;
  for (int i = 0; i < value.size; i++) {
    uint128_t product = static_cast<uint128_t>(value.limbs[i]) * factor + carry;
    value.limbs[i] = static_cast<uint64_t>(product);
    carry = static_cast<uint64_t>(product >> 64);
  }
  if (carry != 0) value.limbs[value.size++] = carry;
}

// value * 10^exponent for 0 <= exponent <= 76, in steps of 10^19 (the largest power of
// ten below 2^64).
WideUnsigned ScaleWide(uint128_t value, int exponent) {
  WideUnsigned wide = ToWide(value);
  while (exponent > 0) {
    int step = std::min(exponent, 19);
    MultiplyWide(wide, static_cast<uint64_t>(numeric::PowerOfTen(step)));
    exponent -= step;
  }
  return wide;
}

// Long division of a wide dividend by a non-zero 128-bit divisor. Always computes the
// remainder; returns false when the quotient needs more than 127 bits (its value is then
// meaningless).
bool DivideWide(const WideUnsigned& dividend, uint128_t divisor, uint128_t* quotient,
                uint128_t* remainder) {
  bool fits = true;
  uint128_t result = 0;
  if (divisor >> 64 == 0) {
    // One limb at a time: the running remainder is below the divisor, so it and the next
    // limb fit in 128 bits.
    uint64_t small_divisor = static_cast<uint64_t>(divisor);
    uint64_t rest = 0;
    for (int i = dividend.size - 1; i >= 0; i--) {
      uint128_t current = (static_cast<uint128_t>(rest) << 64) | dividend.limbs[i];
      uint64_t digit = static_cast<uint64_t>(current / small_divisor);
      rest = static_cast<uint64_t>(current % small_divisor);
      if (result >> 64 != 0) fits = false;
      result = (result << 64) | digit;
    }
    *remainder = rest;
  } else {
    // One bit at a time: the divisor is below 2^127, so the remainder shifted left by one
    // bit still fits in 128 bits.
    uint128_t rest = 0;
    for (int bit = dividend.size * 64 - 1; bit >= 0; bit--) {
      rest = (rest << 1) | ((dividend.limbs[bit / 64] >> (bit % 64)) & 1);
      if (result >> 127 != 0) fits = false;
      result <<= 1;
      if (rest >= divisor) {
        rest -= divisor;
        result |= 1;
      }
    }
    *remainder = rest;
  }
  *quotient = result;
  return fits && result >> 127 == 0;
}

// Rounds quotient = dividend / divisor (truncated, with remainder `rest`, all magnitudes)
// half away from zero.
uint128_t RoundQuotient(uint128_t quotient, uint128_t rest, uint128_t divisor) {
  return rest >= divisor - rest ? quotient + 1 : quotient;
}

// round(a * 10^shift / b) half away from zero when a * 10^shift overflows 128 bits.
uint8_t DivideDecimalWide(int128_t a, int128_t b, int shift, int128_t max_value, int128_t* out) {
  uint128_t divisor = Magnitude(b);
  uint128_t quotient, rest;
  if (!DivideWide(ScaleWide(Magnitude(a), shift), divisor, &quotient, &rest)) {
    *out = 0;
    return kOverflow;
  }
  quotient = RoundQuotient(quotient, rest, divisor);
  if (quotient > static_cast<uint128_t>(max_value)) {
    *out = 0;
    return kOverflow;
  }
  int128_t magnitude = static_cast<int128_t>(quotient);
  *out = (a < 0) != (b < 0) ? -magnitude : magnitude;
  return kNoError;
}

// Decimal /: result = round(a * 10^shift / b) half away from zero, where shift is the
// result scale minus the dividend's scale plus the divisor's (never negative under the
// result type rule). The scaled dividend is multiplied in 64 or 128 bits when it fits and
// divided exactly in wider arithmetic otherwise.
template <class A, class B, class Out>
ScalarKernel DecimalDivideKernel(int shift, int width) {
  int128_t max_value = numeric::MaxDecimalValue(width);
  int128_t factor = shift <= LogicalType::kMaxDecimalWidth ? numeric::PowerOfTen(shift) : 0;
  return [shift, max_value, factor](DataChunk& arguments, const FunctionData*, Vector& result) {
    BinaryLoop<A, B, Out>(
        arguments, result, kDivisionText,
        [shift, max_value, factor](A a, B b, Out* out) -> uint8_t {
          if (b == 0) {
            *out = 0;
            return kDivisionByZero;
          }
          int128_t quotient;
          if constexpr (std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>) {
            int64_t scaled;
            if (factor <= std::numeric_limits<int64_t>::max() &&
                !__builtin_mul_overflow(a, static_cast<int64_t>(factor), &scaled)) {
              int64_t truncated = scaled / b, rest = scaled % b;
              int64_t rest_magnitude = rest < 0 ? -rest : rest;
              int64_t divisor_magnitude = b < 0 ? -b : b;
              if (rest_magnitude >= divisor_magnitude - rest_magnitude) {
                truncated += (scaled < 0) != (b < 0) ? -1 : 1;
              }
              quotient = truncated;
              *out = static_cast<Out>(quotient);
              return quotient > max_value || quotient < -max_value ? kOverflow : kNoError;
            }
          }
          int128_t scaled;
          if (factor != 0 && !__builtin_mul_overflow(static_cast<int128_t>(a), factor, &scaled)) {
            uint128_t divisor = Magnitude(b);
            uint128_t magnitude = Magnitude(scaled);
            uint128_t rounded = RoundQuotient(magnitude / divisor, magnitude % divisor, divisor);
            quotient = static_cast<int128_t>(rounded);
            if ((scaled < 0) != (b < 0)) quotient = -quotient;
          } else {
            uint8_t error = DivideDecimalWide(a, b, shift, max_value, &quotient);
            if (error != kNoError) {
              *out = 0;
              return error;
            }
          }
          *out = static_cast<Out>(quotient);
          return quotient > max_value || quotient < -max_value ? kOverflow : kNoError;
        });
  };
}

// Decimal %: both operands are brought to the result scale (a_shift and b_shift are the
// powers of ten that get them there; at most one is non-zero) and the remainder takes the
// sign of the dividend, as integer % does. It always fits the result type: it is smaller
// than both operands in magnitude.
template <class A, class B, class Out>
ScalarKernel DecimalModuloKernel(int a_shift, int b_shift) {
  int128_t a_factor = numeric::PowerOfTen(a_shift);
  int128_t b_factor = numeric::PowerOfTen(b_shift);
  return [a_shift, a_factor, b_factor](DataChunk& arguments, const FunctionData*, Vector& result) {
    BinaryLoop<A, B, Out>(
        arguments, result, kModuloText,
        [a_shift, a_factor, b_factor](A a, B b, Out* out) -> uint8_t {
          if (b == 0) {
            *out = 0;
            return kDivisionByZero;
          }
          int128_t divisor;
          if (__builtin_mul_overflow(static_cast<int128_t>(b), b_factor, &divisor)) {
            // |b| * 10^b_shift > 2^127 > |a|, and a needs no scaling then: a is the remainder.
            *out = static_cast<Out>(a);
            return kNoError;
          }
          int128_t scaled;
          uint128_t rest;
          uint128_t divisor_magnitude = Magnitude(divisor);
          if (!__builtin_mul_overflow(static_cast<int128_t>(a), a_factor, &scaled)) {
            rest = Magnitude(scaled) % divisor_magnitude;
          } else {
            uint128_t quotient;
            DivideWide(ScaleWide(Magnitude(a), a_shift), divisor_magnitude, &quotient, &rest);
          }
          int128_t remainder = static_cast<int128_t>(rest);
          *out = static_cast<Out>(a < 0 ? -remainder : remainder);
          return kNoError;
        });
  };
}

// Calls make.template operator()<A, B, Out>() with the physical types of two decimal
// operands and of the result: each is int64_t or int128_t.
template <class A, class B, class Make>
ScalarKernel DecimalKernelForResult(const LogicalType& result, Make make) {
  if (result.physical() == PhysicalType::kInt64) return make.template operator()<A, B, int64_t>();
  return make.template operator()<A, B, int128_t>();
}
template <class A, class Make>
ScalarKernel DecimalKernelForRight(const LogicalType& right, const LogicalType& result, Make make) {
  if (right.physical() == PhysicalType::kInt64) {
    return DecimalKernelForResult<A, int64_t>(result, make);
  }
  return DecimalKernelForResult<A, int128_t>(result, make);
}
template <class Make>
ScalarKernel DecimalKernelFor(const LogicalType& left, const LogicalType& right,
                              const LogicalType& result, Make make) {
  if (left.physical() == PhysicalType::kInt64) {
    return DecimalKernelForRight<int64_t>(right, result, make);
  }
  return DecimalKernelForRight<int128_t>(right, result, make);
}

// ---- Comparisons ----

enum class CompareOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// Total orders per physical type: Less and Equal. Doubles order NaN after everything and
// equal to itself (as PostgreSQL does); intervals compare as (months, days, micros);
// strings compare byte-wise as unsigned bytes.
template <class T>
struct Order {
  static bool Less(T a, T b) { return a < b; }
  static bool Equal(T a, T b) { return a == b; }
};
template <>
struct Order<double> {
  static bool Less(double a, double b) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  }
  static bool Equal(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }
};
template <>
struct Order<Interval> {
  static bool Less(const Interval& a, const Interval& b) {
    if (a.months != b.months) return a.months < b.months;
    if (a.days != b.days) return a.days < b.days;
    return a.micros < b.micros;
  }
  static bool Equal(const Interval& a, const Interval& b) { return a == b; }
};
template <>
struct Order<std::string_view> {
  static bool Less(std::string_view a, std::string_view b) {
    size_t common = std::min(a.size(), b.size());
    int cmp = common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);
    return cmp < 0 || (cmp == 0 && a.size() < b.size());
  }
  static bool Equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
  }
};

template <class T, CompareOp kOp>
inline bool CompareValues(const T& a, const T& b) {
  using O = Order<T>;
  if constexpr (kOp == CompareOp::kEqual) return O::Equal(a, b);
  if constexpr (kOp == CompareOp::kNotEqual) return !O::Equal(a, b);
  if constexpr (kOp == CompareOp::kLess) return O::Less(a, b);
  if constexpr (kOp == CompareOp::kLessEqual) return !O::Less(b, a);
  if constexpr (kOp == CompareOp::kGreater) return O::Less(b, a);
  if constexpr (kOp == CompareOp::kGreaterEqual) return !O::Less(a, b);
  return false;
}

template <class T, CompareOp kOp>
void CompareLoop(DataChunk& arguments, const FunctionData*, Vector& result) {
  idx_t count = arguments.size();
  const Vector& left = arguments.column(0);
  const Vector& right = arguments.column(1);
  const T* a = left.Data<T>();
  const T* b = right.Data<T>();
  bool* out = result.Data<bool>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  if (left.validity().AllValid() && right.validity().AllValid()) {
    for (idx_t i = 0; i < count; i++) out[i] = CompareValues<T, kOp>(a[i], b[i]);
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    if (left.validity().RowIsValid(i) && right.validity().RowIsValid(i)) {
      out[i] = CompareValues<T, kOp>(a[i], b[i]);
    } else {
      out[i] = false;
      mask.SetInvalid(i);
    }
  }
}

template <class T>
ScalarKernel CompareKernel(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual:
      return CompareLoop<T, CompareOp::kEqual>;
    case CompareOp::kNotEqual:
      return CompareLoop<T, CompareOp::kNotEqual>;
    case CompareOp::kLess:
      return CompareLoop<T, CompareOp::kLess>;
    case CompareOp::kLessEqual:
      return CompareLoop<T, CompareOp::kLessEqual>;
    case CompareOp::kGreater:
      return CompareLoop<T, CompareOp::kGreater>;
    case CompareOp::kGreaterEqual:
      return CompareLoop<T, CompareOp::kGreaterEqual>;
  }
  return nullptr;
}

// Nested values compare through their key encoding: field by field, element by element,
// a list before every longer list it begins (NULL inside equals NULL, sorts last).
template <CompareOp kOp>
void NestedCompareLoop(DataChunk& arguments, const FunctionData*, Vector& result) {
  idx_t count = arguments.size();
  const Vector& left = arguments.column(0);
  const Vector& right = arguments.column(1);
  Arena arena(4096);
  std::vector<std::string_view> left_keys(count), right_keys(count);
  EncodeKeys({&left}, nullptr, count, {}, arena, left_keys.data());
  EncodeKeys({&right}, nullptr, count, {}, arena, right_keys.data());
  bool* out = result.Data<bool>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  for (idx_t i = 0; i < count; i++) {
    if (left.validity().RowIsValid(i) && right.validity().RowIsValid(i)) {
      out[i] = CompareValues<std::string_view, kOp>(left_keys[i], right_keys[i]);
    } else {
      out[i] = false;
      mask.SetInvalid(i);
    }
  }
}

ScalarKernel CompareKernelFor(PhysicalType physical, CompareOp op) {
  switch (physical) {
    case PhysicalType::kBool:
      return CompareKernel<bool>(op);
    case PhysicalType::kInt32:
      return CompareKernel<int32_t>(op);
    case PhysicalType::kInt64:
      return CompareKernel<int64_t>(op);
    case PhysicalType::kInt128:
      return CompareKernel<int128_t>(op);
    case PhysicalType::kDouble:
      return CompareKernel<double>(op);
    case PhysicalType::kInterval:
      return CompareKernel<Interval>(op);
    case PhysicalType::kString:
      return CompareKernel<std::string_view>(op);
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      switch (op) {
        case CompareOp::kEqual:
          return NestedCompareLoop<CompareOp::kEqual>;
        case CompareOp::kNotEqual:
          return NestedCompareLoop<CompareOp::kNotEqual>;
        case CompareOp::kLess:
          return NestedCompareLoop<CompareOp::kLess>;
        case CompareOp::kLessEqual:
          return NestedCompareLoop<CompareOp::kLessEqual>;
        case CompareOp::kGreater:
          return NestedCompareLoop<CompareOp::kGreater>;
        case CompareOp::kGreaterEqual:
          return NestedCompareLoop<CompareOp::kGreaterEqual>;
      }
  }
  return nullptr;
}

// ---- Binding ----

BoundScalarFunction MakeBound(const std::string& name, std::vector<LogicalType> arguments,
                              LogicalType return_type, ScalarKernel kernel) {
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types = std::move(arguments);
  bound.return_type = return_type;
  bound.kernel = std::move(kernel);
  return bound;
}

Status NoOperatorMatches(const std::string& symbol, const LogicalType& left,
                         const LogicalType& right) {
  return Status::Error(ErrorCode::kType, "No operator matches " + left.ToString() + " " + symbol +
                                             " " + right.ToString());
}

const std::optional<Value>* ConstantAt(const std::vector<std::optional<Value>>& constants,
                                       size_t index) {
  if (index >= constants.size() || !constants[index].has_value()) return nullptr;
  return &constants[index];
}

int DecimalDigits(int128_t value) {
  if (value < 0) value = -value;
  int digits = 1;
  while (value >= 10 && digits < LogicalType::kMaxDecimalWidth) {
    value /= 10;
    digits++;
  }
  return digits;
}

// The decimal type an operand takes in decimal arithmetic. Integer constants take the
// narrowest width that holds them so that `1 - l_discount` stays narrow.
LogicalType AsDecimalOperand(const LogicalType& type, const std::optional<Value>* constant) {
  if (type.id() == TypeId::kDecimal) return type;
  if (constant != nullptr && type.IsInteger()) {
    const Value& value = **constant;
    int digits = value.is_null() ? 1 : DecimalDigits(value.GetInt128());
    return LogicalType::Decimal(static_cast<uint8_t>(digits), 0);
  }
  if (type.id() == TypeId::kInteger) return LogicalType::Decimal(10, 0);
  return LogicalType::Decimal(19, 0);
}

// The type of DECIMAL(p1,s1) / DECIMAL(p2,s2): scale max(6, s1 + p2 + 1) and as many
// integer digits as the dividend's integer digits plus the divisor's scale. Beyond 38
// digits the integer digits are kept and the scale gives way, down to min(scale, 6).
LogicalType DecimalQuotientType(const LogicalType& a, const LogicalType& b) {
  int scale = std::max(6, a.scale() + b.width() + 1);
  int integral = a.width() - a.scale() + b.scale();
  int width = integral + scale;
  if (width > LogicalType::kMaxDecimalWidth) {
    scale = std::max(LogicalType::kMaxDecimalWidth - integral, std::min(scale, 6));
    width = LogicalType::kMaxDecimalWidth;
  }
  return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
}

Result<BoundScalarFunction> BindNumericArithmetic(
    const std::string& name, ArithmeticOp op, const LogicalType& left, const LogicalType& right,
    const std::vector<std::optional<Value>>& constants) {
  if (left.id() == TypeId::kDouble || right.id() == TypeId::kDouble) {
    LogicalType type(TypeId::kDouble);
    return MakeBound(name, {type, type}, type, DoubleKernel(op));
  }
  if (left.id() == TypeId::kDecimal || right.id() == TypeId::kDecimal) {
    LogicalType a = AsDecimalOperand(left, ConstantAt(constants, 0));
    LogicalType b = AsDecimalOperand(right, ConstantAt(constants, 1));
    switch (op) {
      case ArithmeticOp::kAdd:
      case ArithmeticOp::kSubtract: {
        int scale = std::max(a.scale(), b.scale());
        int integral = std::max(a.width() - a.scale(), b.width() - b.scale());
        int width = std::min<int>(LogicalType::kMaxDecimalWidth, integral + scale + 1);
        LogicalType type =
            LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
        bool subtract = op == ArithmeticOp::kSubtract;
        ScalarKernel kernel = type.physical() == PhysicalType::kInt64
                                  ? DecimalAddKernel<int64_t>(subtract, width)
                                  : DecimalAddKernel<int128_t>(subtract, width);
        return MakeBound(name, {type, type}, type, std::move(kernel));
      }
      case ArithmeticOp::kMultiply: {
        int scale = a.scale() + b.scale();
        if (scale > LogicalType::kMaxDecimalWidth) {
          return Status::Error(ErrorCode::kType,
                               "DECIMAL multiplication " + a.ToString() + " * " + b.ToString() +
                                   " needs scale " + std::to_string(scale) +
                                   ", more than the maximum of 38; CAST an operand to DOUBLE");
        }
        int width = std::min<int>(LogicalType::kMaxDecimalWidth, a.width() + b.width());
        LogicalType type =
            LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
        ScalarKernel kernel = a.physical() == PhysicalType::kInt64
                                  ? DecimalMultiplyKernelFor<int64_t>(b, type)
                                  : DecimalMultiplyKernelFor<int128_t>(b, type);
        return MakeBound(name, {a, b}, type, std::move(kernel));
      }
      case ArithmeticOp::kDivide: {
        LogicalType type = DecimalQuotientType(a, b);
        int shift = type.scale() - a.scale() + b.scale();
        int width = type.width();
        ScalarKernel kernel =
            DecimalKernelFor(a, b, type, [shift, width]<class A, class B, class Out>() {
              return DecimalDivideKernel<A, B, Out>(shift, width);
            });
        return MakeBound(name, {a, b}, type, std::move(kernel));
      }
      case ArithmeticOp::kModulo: {
        int scale = std::max(a.scale(), b.scale());
        int width = std::min(a.width() - a.scale(), b.width() - b.scale()) + scale;
        LogicalType type =
            LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
        int a_shift = scale - a.scale(), b_shift = scale - b.scale();
        ScalarKernel kernel =
            DecimalKernelFor(a, b, type, [a_shift, b_shift]<class A, class B, class Out>() {
              return DecimalModuloKernel<A, B, Out>(a_shift, b_shift);
            });
        return MakeBound(name, {a, b}, type, std::move(kernel));
      }
    }
  }
  LogicalType type = (left.id() == TypeId::kBigint || right.id() == TypeId::kBigint)
                         ? LogicalType(TypeId::kBigint)
                         : LogicalType(TypeId::kInteger);
  ScalarKernel kernel =
      type.id() == TypeId::kBigint ? IntegerKernel<int64_t>(op) : IntegerKernel<int32_t>(op);
  return MakeBound(name, {type, type}, type, std::move(kernel));
}

// Whether a constant INTERVAL argument has no sub-day part, so DATE +/- it stays a DATE.
bool IsDayGranularConstant(const std::optional<Value>* constant) {
  if (constant == nullptr) return false;
  const Value& value = **constant;
  return value.is_null() || value.GetInterval().micros == 0;
}

// DATE (+|-) INTERVAL where the date is argument `date_index`.
BoundScalarFunction BindDatePlusInterval(const std::string& name, bool subtract, size_t date_index,
                                         size_t interval_index,
                                         const std::vector<std::optional<Value>>& constants) {
  LogicalType interval_type(TypeId::kInterval);
  OperatorText text = subtract ? kSubtractionText : kAdditionText;
  bool date_result = IsDayGranularConstant(ConstantAt(constants, interval_index));
  LogicalType point_type = date_result ? LogicalType(TypeId::kDate) : TypeId::kTimestamp;
  std::vector<LogicalType> arguments(2);
  arguments[date_index] = point_type;
  arguments[interval_index] = interval_type;
  ScalarKernel kernel;
  if (date_result) {
    auto op = [subtract](int32_t days, Interval interval, int32_t* out) -> uint8_t {
      if (subtract && NegateInterval(interval, &interval) != kNoError) return kOverflow;
      *out = date_time::AddIntervalToDate(days, interval);
      return kNoError;
    };
    if (date_index == 0) {
      kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<int32_t, Interval, int32_t>(arguments, result, text, op);
      };
    } else {
      kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<Interval, int32_t, int32_t>(arguments, result, text,
                                               [op](Interval interval, int32_t days, int32_t* out) {
                                                 return op(days, interval, out);
                                               });
      };
    }
  } else {
    auto op = [subtract](int64_t timestamp, Interval interval, int64_t* out) -> uint8_t {
      if (subtract && NegateInterval(interval, &interval) != kNoError) return kOverflow;
      *out = date_time::AddIntervalToTimestamp(timestamp, interval);
      return kNoError;
    };
    if (date_index == 0) {
      kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<int64_t, Interval, int64_t>(arguments, result, text, op);
      };
    } else {
      kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
        BinaryLoop<Interval, int64_t, int64_t>(
            arguments, result, text, [op](Interval interval, int64_t timestamp, int64_t* out) {
              return op(timestamp, interval, out);
            });
      };
    }
  }
  return MakeBound(name, std::move(arguments), point_type, std::move(kernel));
}

BoundScalarFunction BindTimestampPlusInterval(const std::string& name, bool subtract,
                                              size_t timestamp_index) {
  OperatorText text = subtract ? kSubtractionText : kAdditionText;
  auto op = [subtract](int64_t timestamp, Interval interval, int64_t* out) -> uint8_t {
    if (subtract && NegateInterval(interval, &interval) != kNoError) return kOverflow;
    *out = date_time::AddIntervalToTimestamp(timestamp, interval);
    return kNoError;
  };
  ScalarKernel kernel;
  std::vector<LogicalType> arguments;
  if (timestamp_index == 0) {
    arguments = {TypeId::kTimestamp, TypeId::kInterval};
    kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<int64_t, Interval, int64_t>(arguments, result, text, op);
    };
  } else {
    arguments = {TypeId::kInterval, TypeId::kTimestamp};
    kernel = [op, text](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<Interval, int64_t, int64_t>(
          arguments, result, text, [op](Interval interval, int64_t timestamp, int64_t* out) {
            return op(timestamp, interval, out);
          });
    };
  }
  return MakeBound(name, std::move(arguments), TypeId::kTimestamp, std::move(kernel));
}

template <class N>
BoundScalarFunction BindDatePlusDays(const std::string& name, bool subtract, bool date_first,
                                     const LogicalType& days_type) {
  std::vector<LogicalType> arguments;
  ScalarKernel kernel;
  if (subtract) {
    arguments = {TypeId::kDate, days_type};
    kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<int32_t, N, int32_t>(arguments, result, kSubtractionText,
                                      Inline<SubtractDays<N>>{});
    };
  } else if (date_first) {
    arguments = {TypeId::kDate, days_type};
    kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<int32_t, N, int32_t>(arguments, result, kAdditionText, Inline<AddDays<N>>{});
    };
  } else {
    arguments = {days_type, TypeId::kDate};
    kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<N, int32_t, int32_t>(
          arguments, result, kAdditionText,
          [](N delta, int32_t days, int32_t* out) { return AddDays<N>(days, delta, out); });
    };
  }
  return MakeBound(name, std::move(arguments), TypeId::kDate, std::move(kernel));
}

template <class N>
BoundScalarFunction BindIntervalTimesInteger(const std::string& name, bool interval_first,
                                             const LogicalType& factor_type) {
  std::vector<LogicalType> arguments;
  ScalarKernel kernel;
  if (interval_first) {
    arguments = {TypeId::kInterval, factor_type};
    kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<Interval, N, Interval>(arguments, result, kMultiplicationText,
                                        Inline<MultiplyInterval<N>>{});
    };
  } else {
    arguments = {factor_type, TypeId::kInterval};
    kernel = [](DataChunk& arguments, const FunctionData*, Vector& result) {
      BinaryLoop<N, Interval, Interval>(arguments, result, kMultiplicationText,
                                        [](N factor, Interval interval, Interval* out) {
                                          return MultiplyInterval<N>(interval, factor, out);
                                        });
    };
  }
  return MakeBound(name, std::move(arguments), TypeId::kInterval, std::move(kernel));
}

Result<BoundScalarFunction> BindTemporalArithmetic(
    const std::string& name, ArithmeticOp op, const LogicalType& left, const LogicalType& right,
    const std::vector<std::optional<Value>>& constants) {
  TypeId l = left.id(), r = right.id();
  const TypeId kDate = TypeId::kDate, kTimestamp = TypeId::kTimestamp,
               kInterval = TypeId::kInterval;
  if (op == ArithmeticOp::kAdd || op == ArithmeticOp::kSubtract) {
    bool subtract = op == ArithmeticOp::kSubtract;
    if (l == kDate && right.IsInteger()) {
      return r == TypeId::kInteger ? BindDatePlusDays<int32_t>(name, subtract, true, right)
                                   : BindDatePlusDays<int64_t>(name, subtract, true, right);
    }
    if (!subtract && left.IsInteger() && r == kDate) {
      return l == TypeId::kInteger ? BindDatePlusDays<int32_t>(name, false, false, left)
                                   : BindDatePlusDays<int64_t>(name, false, false, left);
    }
    if (l == kDate && r == kInterval) {
      return BindDatePlusInterval(name, subtract, 0, 1, constants);
    }
    if (!subtract && l == kInterval && r == kDate) {
      return BindDatePlusInterval(name, false, 1, 0, constants);
    }
    if (l == kTimestamp && r == kInterval) return BindTimestampPlusInterval(name, subtract, 0);
    if (!subtract && l == kInterval && r == kTimestamp) {
      return BindTimestampPlusInterval(name, false, 1);
    }
    if (l == kInterval && r == kInterval) {
      ScalarKernel kernel =
          subtract ? ScalarKernel([](DataChunk& arguments, const FunctionData*, Vector& result) {
            BinaryLoop<Interval, Interval, Interval>(arguments, result, kSubtractionText,
                                                     Inline<SubtractIntervals>{});
          })
                   : ScalarKernel([](DataChunk& arguments, const FunctionData*, Vector& result) {
                       BinaryLoop<Interval, Interval, Interval>(arguments, result, kAdditionText,
                                                                Inline<AddIntervals>{});
                     });
      return MakeBound(name, {kInterval, kInterval}, kInterval, std::move(kernel));
    }
    if (subtract && l == kDate && r == kDate) {
      return MakeBound(name, {kDate, kDate}, TypeId::kInteger,
                       [](DataChunk& arguments, const FunctionData*, Vector& result) {
                         BinaryLoop<int32_t, int32_t, int32_t>(arguments, result, kSubtractionText,
                                                               Inline<CheckedSubtract<int32_t>>{});
                       });
    }
    if (subtract && left.IsTemporal() && right.IsTemporal()) {
      return MakeBound(name, {kTimestamp, kTimestamp}, kInterval,
                       [](DataChunk& arguments, const FunctionData*, Vector& result) {
                         BinaryLoop<int64_t, int64_t, Interval>(arguments, result, kSubtractionText,
                                                                Inline<SubtractTimestamps>{});
                       });
    }
  }
  if (op == ArithmeticOp::kMultiply) {
    if (l == kInterval && right.IsInteger()) {
      return r == TypeId::kInteger ? BindIntervalTimesInteger<int32_t>(name, true, right)
                                   : BindIntervalTimesInteger<int64_t>(name, true, right);
    }
    if (left.IsInteger() && r == kInterval) {
      return l == TypeId::kInteger ? BindIntervalTimesInteger<int32_t>(name, false, left)
                                   : BindIntervalTimesInteger<int64_t>(name, false, left);
    }
  }
  return NoOperatorMatches(TextOf(op).symbol, left, right);
}

Result<BoundScalarFunction> BindArithmeticTyped(
    const std::string& name, ArithmeticOp op, const LogicalType& left, const LogicalType& right,
    const std::vector<std::optional<Value>>& constants) {
  if (left.IsNumeric() && right.IsNumeric()) {
    return BindNumericArithmetic(name, op, left, right, constants);
  }
  return BindTemporalArithmetic(name, op, left, right, constants);
}

ScalarKernel NegateKernelFor(const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kInt32:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        UnaryLoop<int32_t, int32_t>(arguments, result, kNegationText,
                                    Inline<CheckedNegate<int32_t>>{});
      };
    case PhysicalType::kInt64:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        UnaryLoop<int64_t, int64_t>(arguments, result, kNegationText,
                                    Inline<CheckedNegate<int64_t>>{});
      };
    case PhysicalType::kInt128:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        UnaryLoop<int128_t, int128_t>(arguments, result, kNegationText,
                                      Inline<CheckedNegate<int128_t>>{});
      };
    case PhysicalType::kDouble:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        UnaryLoop<double, double>(arguments, result, kNegationText, [](double a, double* out) {
          *out = -a;
          return kNoError;
        });
      };
    case PhysicalType::kInterval:
      return [](DataChunk& arguments, const FunctionData*, Vector& result) {
        UnaryLoop<Interval, Interval>(arguments, result, kNegationText, Inline<NegateInterval>{});
      };
    default:
      return nullptr;
  }
}

Result<BoundScalarFunction> BindNegate(const std::string& name,
                                       const std::vector<LogicalType>& types) {
  if (types.size() != 1) {
    return Status::Error(ErrorCode::kBinder,
                         "negate takes one argument, got " + std::to_string(types.size()));
  }
  LogicalType type = types[0].id() == TypeId::kNull ? LogicalType(TypeId::kInteger) : types[0];
  if (!type.IsNumeric() && type.id() != TypeId::kInterval) {
    return Status::Error(ErrorCode::kType, "No operator matches -" + types[0].ToString());
  }
  return MakeBound(name, {type}, type, NegateKernelFor(type));
}

Result<BoundScalarFunction> BindUnaryPlus(const std::string& name, const LogicalType& given) {
  LogicalType type = given.id() == TypeId::kNull ? LogicalType(TypeId::kInteger) : given;
  if (!type.IsNumeric() && type.id() != TypeId::kInterval) {
    return Status::Error(ErrorCode::kType, "No operator matches +" + given.ToString());
  }
  return MakeBound(name, {type}, type,
                   [](DataChunk& arguments, const FunctionData*, Vector& result) {
                     result.validity().SetAllValid();
                     result.CopyFrom(arguments.column(0), nullptr, arguments.size(), 0);
                   });
}

ScalarBinder ArithmeticBinder(std::string name, ArithmeticOp op) {
  return [name, op](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    if (types.size() == 1 && op == ArithmeticOp::kAdd) return BindUnaryPlus(name, types[0]);
    if (types.size() == 1 && op == ArithmeticOp::kSubtract) return BindNegate(name, types);
    if (types.size() != 2) {
      return Status::Error(ErrorCode::kBinder, "operator " + name + " takes two arguments, got " +
                                                   std::to_string(types.size()));
    }
    const LogicalType& left = types[0];
    const LogicalType& right = types[1];
    bool left_null = left.id() == TypeId::kNull, right_null = right.id() == TypeId::kNull;
    if (!left_null && !right_null) return BindArithmeticTyped(name, op, left, right, constants);
    // A bare NULL takes whichever type makes the operator resolve, preferring the other
    // side's type.
    std::vector<LogicalType> candidates;
    if (!left_null) candidates.push_back(left);
    if (!right_null) candidates.push_back(right);
    candidates.insert(candidates.end(), {TypeId::kInteger, TypeId::kInterval, TypeId::kDouble});
    for (const LogicalType& candidate : candidates) {
      auto bound = BindArithmeticTyped(name, op, left_null ? candidate : left,
                                       right_null ? candidate : right, constants);
      if (bound.ok()) return bound;
    }
    return NoOperatorMatches(TextOf(op).symbol, left, right);
  };
}

// Common type for a comparison; integer constants against decimals take their narrowest
// decimal type, and decimals that cannot share one exact type compare as DOUBLE.
Result<LogicalType> ComparisonType(const LogicalType& left, const LogicalType& right,
                                   const std::vector<std::optional<Value>>& constants) {
  bool left_varchar = left.id() == TypeId::kVarchar, right_varchar = right.id() == TypeId::kVarchar;
  if (left_varchar != right_varchar && left.id() != TypeId::kNull && right.id() != TypeId::kNull) {
    return Status::Error(ErrorCode::kType,
                         "Cannot compare " + left.ToString() + " and " + right.ToString());
  }
  LogicalType a = left, b = right;
  if (a.id() == TypeId::kDecimal && b.IsInteger())
    b = AsDecimalOperand(b, ConstantAt(constants, 1));
  if (b.id() == TypeId::kDecimal && a.IsInteger())
    a = AsDecimalOperand(a, ConstantAt(constants, 0));
  if (a.id() == TypeId::kDecimal && b.id() == TypeId::kDecimal) {
    int scale = std::max(a.scale(), b.scale());
    int integral = std::max(a.width() - a.scale(), b.width() - b.scale());
    if (integral + scale > LogicalType::kMaxDecimalWidth) return LogicalType(TypeId::kDouble);
    return LogicalType::Decimal(static_cast<uint8_t>(integral + scale),
                                static_cast<uint8_t>(scale));
  }
  auto common = CommonSuperType(a, b);
  if (!common.ok()) {
    return Status::Error(ErrorCode::kType,
                         "Cannot compare " + left.ToString() + " and " + right.ToString());
  }
  return common.value();
}

// The type both operands of a comparison are cast to.
Result<LogicalType> ComparisonOperands(const std::string& name,
                                       const std::vector<LogicalType>& types,
                                       const std::vector<std::optional<Value>>& constants) {
  if (types.size() != 2) {
    return Status::Error(ErrorCode::kBinder, "operator " + name + " takes two arguments, got " +
                                                 std::to_string(types.size()));
  }
  return ComparisonType(types[0], types[1], constants);
}

ScalarBinder ComparisonBinder(std::string name, CompareOp op) {
  return [name, op](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    Result<LogicalType> common = ComparisonOperands(name, types, constants);
    if (!common.ok()) return common.status();
    LogicalType type = common.value();
    return MakeBound(name, {type, type}, TypeId::kBoolean, CompareKernelFor(type.physical(), op));
  };
}

// a IS [NOT] DISTINCT FROM b: equality in which NULL equals NULL and differs from every
// value; the result is never NULL. The name is also what the physical planner takes as a
// hash join key that matches NULLs.
ScalarBinder DistinctionBinder(std::string name, bool distinct) {
  return [name, distinct](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    Result<LogicalType> common = ComparisonOperands(name, types, constants);
    if (!common.ok()) return common.status();
    LogicalType type = common.value();
    ScalarKernel equal = CompareKernelFor(type.physical(), CompareOp::kEqual);
    ScalarKernel kernel = [equal, distinct](DataChunk& arguments, const FunctionData* bind_data,
                                            Vector& result) {
      equal(arguments, bind_data, result);
      const ValidityMask& left = arguments.column(0).validity();
      const ValidityMask& right = arguments.column(1).validity();
      bool* out = result.Data<bool>();
      for (idx_t row = 0; row < arguments.size(); row++) {
        bool left_null = !left.RowIsValid(row);
        bool right_null = !right.RowIsValid(row);
        bool same = left_null || right_null ? left_null && right_null : out[row];
        out[row] = same != distinct;
      }
      result.validity().SetAllValid();
    };
    return MakeBound(name, {type, type}, TypeId::kBoolean, std::move(kernel));
  };
}

}  // namespace

void RegisterOperatorFunctions(FunctionRegistry& registry) {
  registry.RegisterScalar("+", ArithmeticBinder("+", ArithmeticOp::kAdd));
  registry.RegisterScalar("-", ArithmeticBinder("-", ArithmeticOp::kSubtract));
  registry.RegisterScalar("*", ArithmeticBinder("*", ArithmeticOp::kMultiply));
  registry.RegisterScalar("/", ArithmeticBinder("/", ArithmeticOp::kDivide));
  registry.RegisterScalar("%", ArithmeticBinder("%", ArithmeticOp::kModulo));
  // mod(x, y) is x % y: the same result types, kernel and errors.
  registry.RegisterScalar(
      "mod",
      [modulo = ArithmeticBinder("mod", ArithmeticOp::kModulo)](
          const std::vector<LogicalType>& types,
          const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
        if (types.size() != 2) {
          return Status::Error(ErrorCode::kBinder,
                               "mod takes two arguments, got " + std::to_string(types.size()));
        }
        return modulo(types, constants);
      });
  registry.RegisterScalar("negate", [](const std::vector<LogicalType>& types,
                                       const std::vector<std::optional<Value>>&) {
    return BindNegate("negate", types);
  });
  registry.RegisterScalar("=", ComparisonBinder("=", CompareOp::kEqual));
  registry.RegisterScalar("<>", ComparisonBinder("<>", CompareOp::kNotEqual));
  registry.RegisterScalar("!=", ComparisonBinder("!=", CompareOp::kNotEqual));
  registry.RegisterScalar("<", ComparisonBinder("<", CompareOp::kLess));
  registry.RegisterScalar("<=", ComparisonBinder("<=", CompareOp::kLessEqual));
  registry.RegisterScalar(">", ComparisonBinder(">", CompareOp::kGreater));
  registry.RegisterScalar(">=", ComparisonBinder(">=", CompareOp::kGreaterEqual));
  registry.RegisterScalar("is distinct from", DistinctionBinder("is distinct from", true));
  registry.RegisterScalar("is not distinct from", DistinctionBinder("is not distinct from", false));
}

}  // namespace tarn
