#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
};

// The storage class behind a type; kernels switch on this, not on TypeId.
enum class PhysicalType : uint8_t { kBool, kInt32, kInt64, kInt128, kDouble, kInterval, kString };

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval& other) const = default;
};

// LogicalType is a value type: a TypeId plus decimal width and scale.
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

  TypeId id() const { return id_; }
  uint8_t width() const { return width_; }
  uint8_t scale() const { return scale_; }
  PhysicalType physical() const;
  size_t PhysicalSize() const;

  bool IsNumeric() const;
  bool IsInteger() const { return id_ == TypeId::kInteger || id_ == TypeId::kBigint; }
  bool IsTemporal() const { return id_ == TypeId::kDate || id_ == TypeId::kTimestamp; }

  std::string ToString() const;
  bool operator==(const LogicalType& other) const {
    return id_ == other.id_ && width_ == other.width_ && scale_ == other.scale_;
  }
  bool operator!=(const LogicalType& other) const { return !(*this == other); }

 private:
  TypeId id_ = TypeId::kNull;
  uint8_t width_ = 0;
  uint8_t scale_ = 0;
};

// Parses a SQL type name: INTEGER, INT, BIGINT, DOUBLE, FLOAT, REAL, DECIMAL(p,s),
// NUMERIC, VARCHAR, TEXT, STRING, DATE, TIMESTAMP, BOOLEAN, BOOL, INTERVAL ...
Result<LogicalType> ParseTypeName(std::string_view name);

// The smallest type both sides convert to implicitly (for UNION, CASE, comparisons,
// COALESCE), or an error naming both types.
Result<LogicalType> CommonSuperType(const LogicalType& left, const LogicalType& right);

}  // namespace tarn
