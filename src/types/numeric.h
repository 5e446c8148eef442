#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/logical_type.h"

namespace tarn {

// Text <-> number conversions shared by casts, the CSV reader and literals. Parsing is
// strict: surrounding spaces are allowed, anything else that is not part of the number
// makes the parse fail (returns false, never throws).
namespace numeric {

bool TryParseBoolean(std::string_view text, bool* result);
bool TryParseInt32(std::string_view text, int32_t* result);
bool TryParseInt64(std::string_view text, int64_t* result);
bool TryParseDouble(std::string_view text, double* result);

// Parses a decimal number into an unscaled integer at `scale`, rounding half away from
// zero when the text has more fractional digits. Fails when the value needs more than
// `width` digits. Accepts an exponent ("1.5e3").
bool TryParseDecimal(std::string_view text, uint8_t width, uint8_t scale, int128_t* result);

// Shape of a decimal literal: digits before and after the point, as written.
struct DecimalShape {
  int integral_digits = 0;
  int fraction_digits = 0;
  bool has_exponent = false;
};
bool TryGetDecimalShape(std::string_view text, DecimalShape* shape);

// 10^exponent for 0 <= exponent <= 38.
int128_t PowerOfTen(int exponent);
// The largest unscaled value of a DECIMAL of this width (10^width - 1).
int128_t MaxDecimalValue(int width);

std::string Int128ToString(int128_t value);
std::string FormatDecimal(int128_t unscaled, uint8_t scale);
// Shortest text that reads back to the same double ("0.1", "1e+300", "nan", "inf").
std::string FormatDouble(double value);

// Converts an unscaled decimal to double.
double DecimalToDouble(int128_t unscaled, uint8_t scale);

}  // namespace numeric
}  // namespace tarn
