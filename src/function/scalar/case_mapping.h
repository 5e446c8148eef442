#pragma once

#include <string>
#include <string_view>

namespace tarn {

// Unicode-aware lower / upper case mapping of UTF-8 text, one code point to one code point.
// Covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (the scripts whose case maps
// without context); every other code point, and invalid UTF-8 bytes, pass through
// unchanged. Pure functions, safe from any thread.
std::string LowerUtf8(std::string_view text);
std::string UpperUtf8(std::string_view text);

// The same mappings for a single code point.
char32_t LowerCodePoint(char32_t code_point);
char32_t UpperCodePoint(char32_t code_point);

}  // namespace tarn
