#include "formats/json/json_document.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace tarn {

namespace {

constexpr size_t kMaxDepthForText = 1024;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Copies `text` with ".0" after every integer literal of 19 or more digits outside strings,
// so that simdjson reads it as a double. Returns false when there is none (nothing to do).
bool RewriteBigIntegers(std::string_view text, std::string* out) {
  out->clear();
  bool changed = false;
  bool in_string = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (in_string) {
      out->push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out->push_back(text[i + 1]);
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
      i++;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out->push_back(c);
      i++;
      continue;
    }
    if (IsDigit(c) || c == '-') {
      size_t start = i;
      i++;
      while (i < text.size() && IsDigit(text[i])) i++;
      bool plain = i >= text.size() || (text[i] != '.' && text[i] != 'e' && text[i] != 'E');
      size_t digits = i - start - (c == '-' ? 1 : 0);
      out->append(text.substr(start, i - start));
      if (plain && digits >= 19) {
        out->append(".0");
        changed = true;
      }
      continue;
    }
    out->push_back(c);
    i++;
  }
  return changed;
}

void AppendJsonTextAt(simdjson::dom::element element, std::string* out, size_t depth) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::OBJECT: {
      out->push_back('{');
      bool first = true;
      for (auto field : simdjson::dom::object(element)) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(field.key, out);
        out->push_back(':');
        if (depth >= kMaxDepthForText) {
          out->append("null");
        } else {
          AppendJsonTextAt(field.value, out, depth + 1);
        }
      }
      out->push_back('}');
      return;
    }
    case element_type::ARRAY: {
      out->push_back('[');
      bool first = true;
      for (auto value : simdjson::dom::array(element)) {
        if (!first) out->push_back(',');
        first = false;
        if (depth >= kMaxDepthForText) {
          out->append("null");
        } else {
          AppendJsonTextAt(value, out, depth + 1);
        }
      }
      out->push_back(']');
      return;
    }
    case element_type::INT64: {
      char buffer[32];
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), int64_t(element));
      out->append(buffer, result.ptr);
      return;
    }
    case element_type::UINT64: {
      char buffer[32];
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), uint64_t(element));
      out->append(buffer, result.ptr);
      return;
    }
    case element_type::DOUBLE:
      AppendJsonDouble(double(element), out);
      return;
    case element_type::STRING:
      AppendJsonString(std::string_view(element), out);
      return;
    case element_type::BOOL:
      out->append(bool(element) ? "true" : "false");
      return;
    case element_type::NULL_VALUE:
      out->append("null");
      return;
  }
}

}  // namespace

simdjson::error_code JsonDocumentParser::Parse(const char* text, size_t size, bool padded,
                                               simdjson::dom::element* root) {
  simdjson::error_code error;
  if (padded) {
    error = parser_.parse(reinterpret_cast<const uint8_t*>(text), size, false).get(*root);
  } else {
    error = ParseCopy(std::string_view(text, size), root);
  }
  if (error == simdjson::NUMBER_ERROR) {
    if (RewriteBigIntegers(std::string_view(text, size), &rewritten_)) {
      std::string copy = std::move(rewritten_);
      error = ParseCopy(copy, root);
      rewritten_ = std::move(copy);
    }
  }
  return error;
}

simdjson::error_code JsonDocumentParser::ParseCopy(std::string_view text,
                                                   simdjson::dom::element* root) {
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING);
  if (!text.empty()) std::memcpy(padded_.data(), text.data(), text.size());
  std::memset(padded_.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return parser_.parse(reinterpret_cast<const uint8_t*>(padded_.data()), text.size(), false)
      .get(*root);
}

std::string JsonErrorText(simdjson::error_code error) {
  switch (error) {
    case simdjson::NUMBER_ERROR:
      return "invalid number (or a number outside the DOUBLE range)";
    case simdjson::STRING_ERROR:
      return "invalid string (a bad escape sequence or an unpaired surrogate)";
    case simdjson::UNCLOSED_STRING:
      return "unclosed string";
    case simdjson::UNESCAPED_CHARS:
      return "unescaped control character inside a string";
    case simdjson::TAPE_ERROR:
      return "malformed JSON (missing or extra commas, colons, braces, brackets or quotes)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "incomplete object or array";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::DEPTH_ERROR:
      return "nested more than 1024 levels deep";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "invalid literal (expected a value such as true, false, null, a number or a string)";
    case simdjson::EMPTY:
      return "empty document";
    case simdjson::CAPACITY:
      return "document too large";
    case simdjson::TRAILING_CONTENT:
      return "unexpected content after the value";
    default:
      return simdjson::error_message(error);
  }
}

void AppendJsonText(simdjson::dom::element element, std::string* out) {
  AppendJsonTextAt(element, out, 0);
}

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); i++) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default: {
        char escape[7] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15], 0};
        out->append(escape, 6);
      }
    }
  }
  out->append(text.data() + run_start, text.size() - run_start);
  out->push_back('"');
}

void AppendJsonDouble(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  std::string_view text(buffer, result.ptr - buffer);
  out->append(text);
  if (text.find_first_of(".eEn") == std::string_view::npos) out->append(".0");
}

}  // namespace tarn
