#include "formats/json/json_path.h"

#include <charconv>

namespace tarn {

namespace {

Status PathError(std::string_view text, size_t position, const std::string& detail) {
  return Status::Error(ErrorCode::kInvalidInput, "Invalid JSON path '" + std::string(text) +
                                                     "' at position " +
                                                     std::to_string(position + 1) + ": " + detail);
}

// Reads a quoted name starting at text[*position] == '"'; moves past the closing quote.
bool ReadQuotedName(std::string_view text, size_t* position, std::string* name) {
  size_t i = *position + 1;
  name->clear();
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      name->push_back(text[i + 1]);
      i += 2;
      continue;
    }
    if (c == '"') {
      *position = i + 1;
      return true;
    }
    name->push_back(c);
    i++;
  }
  return false;
}

void ParsePointer(std::string_view text, std::vector<JsonPathStep>* steps) {
  size_t i = 0;
  while (i < text.size()) {
    // text[i] == '/'
    size_t end = text.find('/', i + 1);
    if (end == std::string_view::npos) end = text.size();
    std::string token;
    for (size_t j = i + 1; j < end; j++) {
      if (text[j] == '~' && j + 1 < end && (text[j + 1] == '0' || text[j + 1] == '1')) {
        token.push_back(text[j + 1] == '0' ? '~' : '/');
        j++;
      } else {
        token.push_back(text[j]);
      }
    }
    JsonPathStep step;
    step.key = token;
    steps->push_back(std::move(step));
    i = end;
  }
}

}  // namespace

JsonPath JsonPath::Index(int64_t index) {
  JsonPath path;
  JsonPathStep step;
  step.is_index = true;
  step.index = index;
  path.steps_.push_back(step);
  return path;
}

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  JsonPath path;
  if (text.empty() || (text[0] != '$' && text[0] != '/')) {
    JsonPathStep step;
    step.key = std::string(text);
    path.steps_.push_back(std::move(step));
    return path;
  }
  if (text[0] == '/') {
    // A pointer step is a member name; Follow also accepts it as an array index.
    ParsePointer(text, &path.steps_);
    return path;
  }
  size_t i = 1;
  while (i < text.size()) {
    char c = text[i];
    if (c == '.') {
      i++;
      if (i >= text.size()) return PathError(text, i, "expected a member name after '.'");
      JsonPathStep step;
      if (text[i] == '"') {
        if (!ReadQuotedName(text, &i, &step.key)) {
          return PathError(text, i, "unclosed quoted member name");
        }
      } else {
        size_t start = i;
        while (i < text.size() && text[i] != '.' && text[i] != '[') i++;
        step.key = std::string(text.substr(start, i - start));
        if (step.key.empty()) return PathError(text, start, "empty member name");
        if (step.key == "*") return PathError(text, start, "wildcards are not supported");
      }
      path.steps_.push_back(std::move(step));
    } else if (c == '[') {
      i++;
      JsonPathStep step;
      if (i < text.size() && text[i] == '"') {
        if (!ReadQuotedName(text, &i, &step.key)) {
          return PathError(text, i, "unclosed quoted member name");
        }
      } else {
        step.is_index = true;
        bool from_end = false;
        if (i < text.size() && text[i] == '#') {
          from_end = true;
          i++;
          if (i < text.size() && text[i] == ']') {
            return PathError(text, i, "'#' needs an offset such as [#-1]");
          }
        }
        size_t start = i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) i++;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') i++;
        std::string_view number = text.substr(start, i - start);
        if (!number.empty() && number[0] == '+') number.remove_prefix(1);
        int64_t index = 0;
        auto parsed = std::from_chars(number.data(), number.data() + number.size(), index);
        if (number.empty() || parsed.ec != std::errc() ||
            parsed.ptr != number.data() + number.size()) {
          if (i < text.size() && text[i] == '*') {
            return PathError(text, i, "wildcards are not supported");
          }
          return PathError(text, start, "expected an array index such as [0] or [#-1]");
        }
        if (from_end && index >= 0) {
          return PathError(text, start, "an index from the end must be negative, as in [#-1]");
        }
        if (!from_end && index < 0) {
          return PathError(text, start, "negative indexes are written [#-1]");
        }
        step.index = index;
      }
      if (i >= text.size() || text[i] != ']') return PathError(text, i, "expected ']'");
      i++;
      path.steps_.push_back(std::move(step));
    } else {
      return PathError(text, i, std::string("unexpected character '") + c + "'");
    }
  }
  return path;
}

bool JsonPath::Follow(simdjson::dom::element root, simdjson::dom::element* result) const {
  using simdjson::dom::element_type;
  simdjson::dom::element current = root;
  for (const JsonPathStep& step : steps_) {
    if (current.type() == element_type::ARRAY) {
      simdjson::dom::array array(current);
      int64_t index = step.index;
      if (!step.is_index) {
        // A JSON pointer token names array elements by number.
        auto parsed = std::from_chars(step.key.data(), step.key.data() + step.key.size(), index);
        if (step.key.empty() || parsed.ec != std::errc() ||
            parsed.ptr != step.key.data() + step.key.size() || index < 0) {
          return false;
        }
      }
      int64_t size = static_cast<int64_t>(array.size());
      if (index < 0) index += size;
      if (index < 0 || index >= size) return false;
      if (array.at(static_cast<size_t>(index)).get(current) != simdjson::SUCCESS) return false;
    } else if (current.type() == element_type::OBJECT) {
      if (step.is_index) return false;
      simdjson::dom::object object(current);
      // The last member of a name wins when a document repeats it.
      bool found = false;
      for (auto field : object) {
        if (field.key == step.key) {
          current = field.value;
          found = true;
        }
      }
      if (!found) return false;
    } else {
      return false;
    }
  }
  *result = current;
  return true;
}

}  // namespace tarn
