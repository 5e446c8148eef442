#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace tarn {

using idx_t = uint64_t;
using int128_t = __int128;

// The SQL types tarn knows. Each has one physical representation in a Vector:
//   kBoolean   -> bool            kInteger -> int32_t       kBigint -> int64_t
//   kDouble    -> double          kDate    -> int32_t (days since 1970-01-01)
//   kTimestamp -> int64_t (microseconds since 1970-01-01 00:00:00, no time zone)
//   kInterval  -> Interval        kVarchar -> std::string_view into an Arena
//   kDecimal   -> int64_t when width <= 18, int128_t otherwise (unscaled value)
//   kNull      -> bool (always invalid): the type of a bare NULL literal.
//   kList      -> ListEntry {offset, length} into one child Vector holding all elements.
//   kMap       -> as kList, whose child is STRUCT(key, value).
//   kStruct    -> no values of its own: one child Vector per field, row-aligned with it.
enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kInteger,
  kBigint,
  kDouble,
  kDecimal,
  kDate,
  kTimestamp,
  kInterval,
  kVarchar,
  kList,
  kStruct,
  kMap,
};

// The storage class behind a type; kernels switch on this, not on TypeId.
enum class PhysicalType : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kInt128,
  kDouble,
  kInterval,
  kString,
  kList,
  kStruct,
};

// One row of a LIST or MAP vector: elements [offset, offset + length) of its child.
struct ListEntry {
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval& other) const = default;
};

class LogicalType;
// A named child of a nested type: a STRUCT field, "element" of a LIST, "key" and "value"
// of a MAP's entry struct.
using ChildType = std::pair<std::string, LogicalType>;

// LogicalType is a value type: a TypeId plus decimal width and scale, and for nested types
// the child types (shared, immutable, so copies are cheap).
class LogicalType {
 public:
  static constexpr uint8_t kMaxDecimalWidth = 38;
  static constexpr uint8_t kMaxInt64DecimalWidth = 18;

  LogicalType() = default;
  LogicalType(TypeId id) : id_(id) {}  // NOLINT: implicit by design
  static LogicalType Decimal(uint8_t width, uint8_t scale) {
    LogicalType type(TypeId::kDecimal);
    type.width_ = width;
    type.scale_ = scale;
    return type;
  }
  static LogicalType List(const LogicalType& element);
  static LogicalType Struct(std::vector<ChildType> fields);
  // Stored as a list of STRUCT(key, value).
  static LogicalType Map(const LogicalType& key, const LogicalType& value);

  TypeId id() const { return id_; }
  uint8_t width() const { return width_; }
  uint8_t scale() const { return scale_; }
  PhysicalType physical() const;
  size_t PhysicalSize() const;

  bool IsNumeric() const;
  bool IsInteger() const { return id_ == TypeId::kInteger || id_ == TypeId::kBigint; }
  bool IsTemporal() const { return id_ == TypeId::kDate || id_ == TypeId::kTimestamp; }
  bool IsNested() const {
    return id_ == TypeId::kList || id_ == TypeId::kStruct || id_ == TypeId::kMap;
  }

  // Children of a nested type (empty otherwise). A LIST has one ("element"), a MAP one
  // (its entry STRUCT(key, value)), a STRUCT one per field.
  const std::vector<ChildType>& children() const;
  // The element type of a LIST, the entry struct of a MAP.
  const LogicalType& ListChild() const { return children()[0].second; }
  const LogicalType& MapKey() const { return ListChild().children()[0].second; }
  const LogicalType& MapValue() const { return ListChild().children()[1].second; }
  // The index of a STRUCT field by case-insensitive name, or -1.
  int FieldIndex(std::string_view name) const;

  std::string ToString() const;
  bool operator==(const LogicalType& other) const;
  bool operator!=(const LogicalType& other) const { return !(*this == other); }

 private:
  TypeId id_ = TypeId::kNull;
  uint8_t width_ = 0;
  uint8_t scale_ = 0;
  std::shared_ptr<const std::vector<ChildType>> children_;
};

// Parses a SQL type name: INTEGER, INT, BIGINT, DOUBLE, FLOAT, REAL, DECIMAL(p,s),
// NUMERIC, VARCHAR, TEXT, STRING, DATE, TIMESTAMP, BOOLEAN, BOOL, INTERVAL ..., and nested
// types in SQL and Hive spelling: INTEGER[], LIST(INTEGER), ARRAY<INT>,
// STRUCT(a INTEGER, b VARCHAR), STRUCT<a:INT,b:STRING>, MAP(VARCHAR, INTEGER), MAP<K,V>.
Result<LogicalType> ParseTypeName(std::string_view name);

// The smallest type both sides convert to implicitly (for UNION, CASE, comparisons,
// COALESCE), or an error naming both types.
Result<LogicalType> CommonSuperType(const LogicalType& left, const LogicalType& right);

}  // namespace tarn
