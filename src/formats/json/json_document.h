#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace tarn {

// JsonDocumentParser parses one JSON document at a time into simdjson's DOM. On top of
// simdjson it reads integers beyond the 64-bit range as DOUBLE (simdjson rejects them), and
// it takes text without the padding simdjson needs by copying it into a padded buffer.
// Ownership: the element returned by Parse points into this parser and stays valid until
// the next Parse. Thread safety: none; one parser per thread.
class JsonDocumentParser {
 public:
  JsonDocumentParser() = default;
  JsonDocumentParser(const JsonDocumentParser&) = delete;
  JsonDocumentParser& operator=(const JsonDocumentParser&) = delete;

  // Parses text[0, size). `padded` says that simdjson::SIMDJSON_PADDING bytes after the
  // text may be read. Returns simdjson's error code (SUCCESS on success).
  simdjson::error_code Parse(const char* text, size_t size, bool padded,
                             simdjson::dom::element* root);
  simdjson::error_code Parse(std::string_view text, simdjson::dom::element* root) {
    return Parse(text.data(), text.size(), false, root);
  }

 private:
  simdjson::error_code ParseCopy(std::string_view text, simdjson::dom::element* root);

  simdjson::dom::parser parser_;
  std::string padded_;
  std::string rewritten_;
};

// A short description of a simdjson parse error for users ("invalid number", "unclosed
// string"...).
std::string JsonErrorText(simdjson::error_code error);

// Appends the minified JSON text of `element` (keys in document order, strings escaped,
// non-ASCII characters kept as UTF-8).
void AppendJsonText(simdjson::dom::element element, std::string* out);
// Appends `text` as a JSON string literal with quotes and escapes.
void AppendJsonString(std::string_view text, std::string* out);
// Appends a double as JSON number text: the shortest text that reads back as the same
// double, with ".0" added to integral values so that they stay DOUBLE when read again.
void AppendJsonDouble(double value, std::string* out);

}  // namespace tarn
