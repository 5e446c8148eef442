#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tarn {

// One step of a JSON path: a member name, or an array index (negative counts from the end:
// -1 is the last element).
struct JsonPathStep {
  bool is_index = false;
  std::string key;
  int64_t index = 0;
};

// JsonPath is a parsed path into a JSON document. Accepted spellings:
//   '$'                   the whole document
//   '$.a.b[0]'            members and array indexes ([#-1] is the last element)
//   '$."key with space"'  quoted member names (also $["key"]); \" and \\ escape inside
//   '/a/b/0'              a JSON pointer (RFC 6901: ~1 is '/', ~0 is '~')
//   'a'                   anything else is one member name
// A value type; immutable after parsing, safe to share between threads.
class JsonPath {
 public:
  // Parses `text`; a malformed '$' path gives kInvalidInput naming the path and position.
  static Result<JsonPath> Parse(std::string_view text);
  // A path of one array index (for json -> 2).
  static JsonPath Index(int64_t index);

  // Follows the path from `root`; false when a step does not exist.
  bool Follow(simdjson::dom::element root, simdjson::dom::element* result) const;

  const std::vector<JsonPathStep>& steps() const { return steps_; }

 private:
  std::vector<JsonPathStep> steps_;
};

}  // namespace tarn
