#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tarn {

// Decodes the UTF-8 sequence at text[position]: returns its length in bytes, or 0 when the
// bytes there are not valid UTF-8 (truncated, overlong, surrogate or beyond U+10FFFF).
size_t DecodeUtf8(std::string_view text, size_t position, uint32_t* code_point);

// Appends the UTF-8 encoding of a valid code point.
void AppendUtf8(uint32_t code_point, std::string* out);

}  // namespace tarn
