#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vector/vector.h"

namespace tarn {

// JsonVectorWriter converts parsed JSON values into one row of a Vector of a fixed
// LogicalType, straight into the vector's memory: objects fill STRUCT children (a key
// matches the field of exactly that name; keys the struct lacks are ignored, fields the
// object lacks are NULL), arrays fill the one child of a LIST, objects fill a MAP (keys
// converted from their text), and scalars convert as read_json documents (a JSON string
// converts to a number, date or timestamp type when its text parses as one; a VARCHAR
// takes a string's text and any other value's minified JSON text). JSON null is NULL.
//
// What happens when a value does not fit its type depends on the mode: kFail makes Write
// return false and leaves failure_path(), failure_value() and failure_type() describing
// the innermost value that did not fit; kNull writes NULL at that place and goes on.
// Recursion follows the type, so it is bounded by the type's depth.
// Thread safety: none (the writer keeps per-call scratch state); one writer per thread.
class JsonVectorWriter {
 public:
  enum class OnMismatch : uint8_t { kFail, kNull };

  explicit JsonVectorWriter(const LogicalType& type, OnMismatch mode = OnMismatch::kFail);
  JsonVectorWriter(JsonVectorWriter&&) = default;
  JsonVectorWriter& operator=(JsonVectorWriter&&) = default;

  const LogicalType& type() const { return root_.type; }

  // Writes `value` into row `row` of `vector`, whose type must be type(). Returns false
  // (kFail mode only) when some part of the value does not fit.
  bool Write(simdjson::dom::element value, Vector& vector, idx_t row) {
    failure_path_.clear();
    return WriteNode(root_, value, vector, row);
  }

  // After a failed Write: where inside the value the misfit is (empty for the value
  // itself, else like ".address.zip" or "[3].name"), the JSON value there, and the type it
  // should have had.
  const std::string& failure_path() const { return failure_path_; }
  simdjson::dom::element failure_value() const { return failure_value_; }
  const LogicalType& failure_type() const { return failure_type_; }

  // Sets row `row` of `vector` to NULL, and for a STRUCT all of its fields too.
  static void SetNull(Vector& vector, idx_t row);

 private:
  struct Node {
    LogicalType type;
    std::vector<Node> children;  // STRUCT fields; LIST element; MAP key and value.
    // STRUCT only: field lookup by exact name, and the generation each field was last seen.
    // The views point into `type`'s field names (shared, immutable storage).
    std::unordered_map<std::string_view, idx_t> field_index;
    std::vector<uint64_t> seen;
    uint64_t generation = 0;
  };

  static Node MakeNode(const LogicalType& type);
  bool WriteNode(Node& node, simdjson::dom::element value, Vector& vector, idx_t row);
  bool WriteStruct(Node& node, simdjson::dom::element value, Vector& vector, idx_t row);
  bool WriteList(Node& node, simdjson::dom::element value, Vector& vector, idx_t row);
  bool WriteMap(Node& node, simdjson::dom::element value, Vector& vector, idx_t row);
  // Converts a scalar (not an object or array) into a scalar type; false when it does not fit.
  bool WriteScalar(const LogicalType& type, simdjson::dom::element value, Vector& vector,
                   idx_t row);
  // Converts text (a JSON string, or a MAP key) into a scalar type.
  bool WriteText(const LogicalType& type, std::string_view text, Vector& vector, idx_t row);
  // Handles a misfit at this place: NULL (kNull) or a recorded failure (kFail).
  bool Mismatch(const Node& node, simdjson::dom::element value, Vector& vector, idx_t row);
  idx_t FindField(Node& node, std::string_view key, idx_t expected) const;

  Node root_;
  OnMismatch mode_;
  std::string scratch_;
  std::string failure_path_;
  simdjson::dom::element failure_value_;
  LogicalType failure_type_;
};

}  // namespace tarn
