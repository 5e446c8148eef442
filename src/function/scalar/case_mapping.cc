#include "function/scalar/case_mapping.h"

#include "common/utf8.h"

namespace tarn {

namespace {

// Ranges where upper and lower case letters alternate: the upper case letter on one
// parity, its lower case letter right after it.
struct AlternatingRange {
  char32_t first;  // The first upper case letter.
  char32_t last;   // The last lower case letter.
};

constexpr AlternatingRange kAlternatingRanges[] = {
    {0x0100, 0x012F}, {0x0132, 0x0137}, {0x0139, 0x0148}, {0x014A, 0x0177},
    {0x0179, 0x017E}, {0x0460, 0x0481}, {0x048A, 0x04BF}, {0x04D0, 0x04FF},
};

bool InAlternatingRange(char32_t code_point, bool* is_upper) {
  for (const AlternatingRange& range : kAlternatingRanges) {
    if (code_point >= range.first && code_point <= range.last) {
      *is_upper = ((code_point - range.first) % 2) == 0;
      return true;
    }
  }
  return false;
}

template <char32_t (*kMap)(char32_t)>
std::string MapUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t position = 0;
  while (position < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[position]);
    if (byte < 0x80) {
      out.push_back(static_cast<char>(kMap(byte)));
      position++;
      continue;
    }
    uint32_t code_point;
    size_t length = DecodeUtf8(text, position, &code_point);
    if (length == 0) {
      out.push_back(text[position]);  // Invalid bytes pass through one at a time.
      position++;
      continue;
    }
    AppendUtf8(kMap(static_cast<char32_t>(code_point)), &out);
    position += length;
  }
  return out;
}

}  // namespace

char32_t LowerCodePoint(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x178) return 0xFF;
  bool is_upper;
  if (InAlternatingRange(c, &is_upper)) return is_upper ? c + 1 : c;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 0x3F;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  return c;
}

char32_t UpperCodePoint(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 0x20 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  bool is_upper;
  if (InAlternatingRange(c, &is_upper)) return is_upper ? c : c - 1;
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
  if (c == 0x3C2) return 0x3A3;  // Final sigma.
  if (c >= 0x3B1 && c <= 0x3CB) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

std::string LowerUtf8(std::string_view text) { return MapUtf8<LowerCodePoint>(text); }
std::string UpperUtf8(std::string_view text) { return MapUtf8<UpperCodePoint>(text); }

}  // namespace tarn
