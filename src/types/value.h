#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/logical_type.h"

namespace tarn {

// Value is one SQL value of any type, used for constants, INSERT rows, results handed to
// clients and tests. Not for bulk data: kernels work on Vectors.
// Thread safety: a value type.
class Value {
 public:
  Value() = default;  // NULL of type NULL.
  static Value Null(LogicalType type = LogicalType(TypeId::kNull));
  static Value Boolean(bool value);
  static Value Integer(int32_t value);
  static Value Bigint(int64_t value);
  static Value Double(double value);
  static Value Decimal(int128_t unscaled, uint8_t width, uint8_t scale);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  static Value FromInterval(const Interval& interval);
  static Value Varchar(std::string text);
  // Nested values. `type` is the full nested type; children must already have the child
  // types (List elements the element type, Struct fields the field types, Map entries
  // STRUCT(key, value) values).
  static Value List(const LogicalType& element_type, std::vector<Value> elements);
  static Value Struct(const LogicalType& type, std::vector<Value> fields);
  static Value Map(const LogicalType& type, std::vector<Value> entries);

  const LogicalType& type() const { return type_; }
  bool is_null() const { return is_null_; }

  bool GetBoolean() const { return boolean_; }
  int32_t GetInteger() const { return static_cast<int32_t>(integer_); }
  int64_t GetBigint() const { return static_cast<int64_t>(integer_); }
  int128_t GetInt128() const { return integer_; }  // Decimals and integers.
  double GetDouble() const { return double_; }
  const Interval& GetInterval() const { return interval_; }
  const std::string& GetString() const { return string_; }
  // Elements of a LIST, fields of a STRUCT, entry structs of a MAP.
  const std::vector<Value>& children() const { return children_; }

  // Converts to another type, with the same rules as CAST. Throws kConversion.
  Value CastTo(const LogicalType& target) const;

  // The text a user reads: decimals at their scale, ISO dates, "NULL" for null.
  std::string ToString() const;
  // As ToString, but strings quoted as SQL literals (for EXPLAIN and error messages).
  std::string ToSqlLiteral() const;

  // Equality with SQL NULL treated as equal to NULL (for tests and grouping of constants).
  bool operator==(const Value& other) const;

 private:
  LogicalType type_;
  bool is_null_ = true;
  bool boolean_ = false;
  int128_t integer_ = 0;
  double double_ = 0;
  Interval interval_;
  std::string string_;
  std::vector<Value> children_;
};

}  // namespace tarn
