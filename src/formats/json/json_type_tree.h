#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "types/logical_type.h"

namespace tarn {

// What the values seen at one place of a JSON document have in common, from the most
// specific to the most general. Widening is a lattice join: kNull joins to anything,
// kBigint and kDouble to kDouble, kDate and kTimestamp to kTimestamp, and every other mix
// to kVarchar (text that holds any value, written as JSON for objects and arrays).
enum class JsonKind : uint8_t {
  kNull,
  kBoolean,
  kBigint,
  kDouble,
  kDate,
  kTimestamp,
  kString,
  kObject,
  kArray,
  kVarchar,
};

// JsonTypeNode is the inferred type of one place in a JSON document: a kind, and for
// objects the member types in first-seen order, for arrays the type of their elements.
// Objects map to STRUCT and arrays to LIST (see ToLogicalType).
// Growth is bounded: objects with more than kMaxFields members and places deeper than
// kMaxDepth collapse to kVarchar (their values are kept as JSON text).
// Ownership: owns its children. Thread safety: none; built by one thread, then read-only.
class JsonTypeNode {
 public:
  static constexpr size_t kMaxFields = 10000;
  static constexpr size_t kMaxDepth = 64;

  JsonTypeNode() = default;
  JsonTypeNode(JsonTypeNode&&) = default;
  JsonTypeNode& operator=(JsonTypeNode&&) = default;

  // Widens this node so that it also describes `value`.
  void Observe(simdjson::dom::element value) { ObserveAt(value, 0); }

  JsonKind kind() const { return kind_; }
  // Members of an object node, in first-seen order.
  const std::vector<std::pair<std::string, std::unique_ptr<JsonTypeNode>>>& fields() const {
    return fields_;
  }
  // The element type of an array node (null when no element was seen).
  const JsonTypeNode* element() const { return element_.get(); }

  // The SQL type that holds every value seen: BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP,
  // VARCHAR (strings, and mixed kinds as JSON text), STRUCT for objects (the union of their
  // keys in first-seen order) and LIST for arrays (of the elements' joined type). A place
  // where only nulls were seen is VARCHAR, so is an object seen only empty and one whose
  // keys differ only in case; an array whose elements were never seen is VARCHAR[].
  LogicalType ToLogicalType() const;

  // The kind of one scalar value, looking into strings for ISO dates and timestamps.
  static JsonKind KindOf(simdjson::dom::element value);

 private:
  void ObserveAt(simdjson::dom::element value, size_t depth);
  void Widen(JsonKind kind);
  void CollapseToVarchar();

  JsonKind kind_ = JsonKind::kNull;
  std::vector<std::pair<std::string, std::unique_ptr<JsonTypeNode>>> fields_;
  std::unordered_map<std::string, size_t> field_index_;
  std::unique_ptr<JsonTypeNode> element_;
};

// The widest kind that covers both.
JsonKind JoinJsonKinds(JsonKind left, JsonKind right);

}  // namespace tarn
