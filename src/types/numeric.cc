#include "types/numeric.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace tarn {
namespace numeric {

namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

bool TryParseBoolean(std::string_view text, bool* result) {
  text = TrimSpaces(text);
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "t") || text == "1" ||
      EqualsIgnoreCase(text, "yes") || EqualsIgnoreCase(text, "y")) {
    *result = true;
    return true;
  }
  if (EqualsIgnoreCase(text, "false") || EqualsIgnoreCase(text, "f") || text == "0" ||
      EqualsIgnoreCase(text, "no") || EqualsIgnoreCase(text, "n")) {
    *result = false;
    return true;
  }
  return false;
}

bool TryParseInt64(std::string_view text, int64_t* result) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *result);
  return error == std::errc() && end == text.data() + text.size();
}

bool TryParseInt32(std::string_view text, int32_t* result) {
  int64_t wide;
  if (!TryParseInt64(text, &wide)) return false;
  if (wide < INT32_MIN || wide > INT32_MAX) return false;
  *result = static_cast<int32_t>(wide);
  return true;
}

bool TryParseDouble(std::string_view text, double* result) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *result);
  if (error == std::errc::result_out_of_range) return false;
  return error == std::errc() && end == text.data() + text.size();
}

int128_t PowerOfTen(int exponent) {
  int128_t result = 1;
  for (int i = 0; i < exponent; i++) result *= 10;
  return result;
}

int128_t MaxDecimalValue(int width) { return PowerOfTen(width) - 1; }

bool TryGetDecimalShape(std::string_view text, DecimalShape* shape) {
  text = TrimSpaces(text);
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) pos++;
  DecimalShape result;
  bool leading = true;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (!(leading && text[pos] == '0')) {
      leading = false;
      result.integral_digits++;
    }
    pos++;
  }
  size_t digits_before = pos;
  if (pos < text.size() && text[pos] == '.') {
    pos++;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      result.fraction_digits++;
      pos++;
    }
  }
  if (pos == 0 || (digits_before == 0 && result.fraction_digits == 0)) return false;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    result.has_exponent = true;
    pos++;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) pos++;
    size_t exponent_start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) pos++;
    if (pos == exponent_start) return false;
  }
  if (pos != text.size()) return false;
  *shape = result;
  return true;
}

bool TryParseDecimal(std::string_view text, uint8_t width, uint8_t scale, int128_t* result) {
  text = TrimSpaces(text);
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    pos++;
  }
  // Collect all significant digits and the position of the decimal point.
  char digits[96];
  int digit_count = 0;
  int point_position = -1;
  bool any_digit = false;
  for (; pos < text.size(); pos++) {
    char c = text[pos];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      any_digit = true;
      if (digit_count == 0 && c == '0' && point_position < 0) continue;  // Leading zero.
      if (digit_count >= 90) return false;
      digits[digit_count++] = c;
    } else if (c == '.' && point_position < 0) {
      point_position = digit_count;
    } else {
      break;
    }
  }
  if (!any_digit) return false;
  if (point_position < 0) point_position = digit_count;
  int exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    pos++;
    bool exponent_negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
      exponent_negative = text[pos] == '-';
      pos++;
    }
    size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      exponent = exponent * 10 + (text[pos] - '0');
      if (exponent > 100) return false;
      pos++;
    }
    if (pos == start) return false;
    if (exponent_negative) exponent = -exponent;
  }
  if (pos != text.size()) return false;
  // The value is 0.digits * 10^(point_position + exponent); we want it times 10^scale.
  int integral_end = point_position + exponent + scale;  // Digits that are kept.
  int128_t value = 0;
  int128_t max_value = MaxDecimalValue(width);
  for (int i = 0; i < integral_end; i++) {
    int digit = i < digit_count ? digits[i] - '0' : 0;
    value = value * 10 + digit;
    if (value > max_value) return false;
  }
  if (integral_end >= 0 && integral_end < digit_count && digits[integral_end] >= '5') {
    value += 1;
    if (value > max_value) return false;
  }
  *result = negative ? -value : value;
  return true;
}

std::string Int128ToString(int128_t value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  // Work on the unsigned magnitude so that the minimum value does not overflow.
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                         : static_cast<unsigned __int128>(value);
  char buffer[48];
  int pos = 47;
  buffer[pos] = '\0';
  while (magnitude > 0) {
    buffer[--pos] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  if (negative) buffer[--pos] = '-';
  return std::string(buffer + pos);
}

std::string FormatDecimal(int128_t unscaled, uint8_t scale) {
  if (scale == 0) return Int128ToString(unscaled);
  bool negative = unscaled < 0;
  std::string digits = Int128ToString(negative ? -unscaled : unscaled);
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  digits.insert(digits.size() - scale, ".");
  return negative ? "-" + digits : digits;
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  // Shortest digits that read back to the same double, in plain notation for magnitudes a
  // person reads as plain numbers (500000.0, 0.00012) and in exponent form otherwise.
  char buffer[400];
  double magnitude = std::fabs(value);
  auto format = magnitude >= 1e-5 && magnitude < 1e16 ? std::chars_format::fixed
                                                      : std::chars_format::scientific;
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value, format);
  std::string text(buffer, end);
  // Integral values print with ".0" so that they read as doubles, unless in exponent form.
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

double DecimalToDouble(int128_t unscaled, uint8_t scale) {
  return static_cast<double>(unscaled) / static_cast<double>(PowerOfTen(scale));
}

}  // namespace numeric
}  // namespace tarn
