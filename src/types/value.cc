#include "types/value.h"

#include "function/cast.h"
#include "types/date_time.h"
#include "types/numeric.h"
#include "vector/vector.h"

namespace tarn {

Value Value::Null(LogicalType type) {
  Value value;
  value.type_ = type;
  return value;
}

Value Value::Boolean(bool b) {
  Value value;
  value.type_ = LogicalType(TypeId::kBoolean);
  value.is_null_ = false;
  value.boolean_ = b;
  return value;
}

Value Value::Integer(int32_t i) {
  Value value;
  value.type_ = LogicalType(TypeId::kInteger);
  value.is_null_ = false;
  value.integer_ = i;
  return value;
}

Value Value::Bigint(int64_t i) {
  Value value;
  value.type_ = LogicalType(TypeId::kBigint);
  value.is_null_ = false;
  value.integer_ = i;
  return value;
}

Value Value::Double(double d) {
  Value value;
  value.type_ = LogicalType(TypeId::kDouble);
  value.is_null_ = false;
  value.double_ = d;
  return value;
}

Value Value::Decimal(int128_t unscaled, uint8_t width, uint8_t scale) {
  Value value;
  value.type_ = LogicalType::Decimal(width, scale);
  value.is_null_ = false;
  value.integer_ = unscaled;
  return value;
}

Value Value::Date(int32_t days) {
  Value value;
  value.type_ = LogicalType(TypeId::kDate);
  value.is_null_ = false;
  value.integer_ = days;
  return value;
}

Value Value::Timestamp(int64_t micros) {
  Value value;
  value.type_ = LogicalType(TypeId::kTimestamp);
  value.is_null_ = false;
  value.integer_ = micros;
  return value;
}

Value Value::FromInterval(const Interval& interval) {
  Value value;
  value.type_ = LogicalType(TypeId::kInterval);
  value.is_null_ = false;
  value.interval_ = interval;
  return value;
}

Value Value::Varchar(std::string text) {
  Value value;
  value.type_ = LogicalType(TypeId::kVarchar);
  value.is_null_ = false;
  value.string_ = std::move(text);
  return value;
}

Value Value::List(const LogicalType& element_type, std::vector<Value> elements) {
  Value value;
  value.type_ = LogicalType::List(element_type);
  value.is_null_ = false;
  value.children_ = std::move(elements);
  return value;
}

Value Value::Struct(const LogicalType& type, std::vector<Value> fields) {
  Value value;
  value.type_ = type;
  value.is_null_ = false;
  value.children_ = std::move(fields);
  return value;
}

Value Value::Map(const LogicalType& type, std::vector<Value> entries) {
  Value value;
  value.type_ = type;
  value.is_null_ = false;
  value.children_ = std::move(entries);
  return value;
}

namespace {

// A value inside a nested value: strings quoted so that [a, b] and ['a, b'] differ.
std::string NestedElementText(const Value& value) {
  if (value.is_null()) return "NULL";
  if (value.type().id() == TypeId::kVarchar) return value.ToSqlLiteral();
  return value.ToString();
}

}  // namespace

Value Value::CastTo(const LogicalType& target) const {
  if (type_ == target) return *this;
  if (is_null_) return Null(target);
  Vector source(type_, 1);
  source.SetValue(0, *this);
  Vector result(target, 1);
  CastVector(source, result, 1, /*try_cast=*/false);
  return result.GetValue(0);
}

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return boolean_ ? "true" : "false";
    case TypeId::kInteger:
    case TypeId::kBigint:
      return numeric::Int128ToString(integer_);
    case TypeId::kDouble:
      return numeric::FormatDouble(double_);
    case TypeId::kDecimal:
      return numeric::FormatDecimal(integer_, type_.scale());
    case TypeId::kDate:
      return date_time::FormatDate(static_cast<int32_t>(integer_));
    case TypeId::kTimestamp:
      return date_time::FormatTimestamp(static_cast<int64_t>(integer_));
    case TypeId::kInterval:
      return date_time::FormatInterval(interval_);
    case TypeId::kVarchar:
      return string_;
    case TypeId::kList: {
      std::string text = "[";
      for (size_t i = 0; i < children_.size(); i++) {
        if (i > 0) text += ", ";
        text += NestedElementText(children_[i]);
      }
      return text + "]";
    }
    case TypeId::kStruct: {
      std::string text = "{";
      for (size_t i = 0; i < children_.size(); i++) {
        if (i > 0) text += ", ";
        text += Value::Varchar(type_.children()[i].first).ToSqlLiteral() + ": " +
                NestedElementText(children_[i]);
      }
      return text + "}";
    }
    case TypeId::kMap: {
      std::string text = "{";
      for (size_t i = 0; i < children_.size(); i++) {
        if (i > 0) text += ", ";
        const auto& entry = children_[i].children();
        text += NestedElementText(entry[0]) + "=" + NestedElementText(entry[1]);
      }
      return text + "}";
    }
  }
  return "?";
}

std::string Value::ToSqlLiteral() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kVarchar: {
      std::string result = "'";
      for (char c : string_) {
        if (c == '\'') result += '\'';
        result += c;
      }
      return result + "'";
    }
    case TypeId::kDate:
      return "DATE '" + ToString() + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + ToString() + "'";
    case TypeId::kInterval:
      return "INTERVAL '" + ToString() + "'";
    default:
      return ToString();
  }
}

bool Value::operator==(const Value& other) const {
  if (is_null_ || other.is_null_) return is_null_ == other.is_null_;
  if (type_ != other.type_) return false;
  switch (type_.physical()) {
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      return children_ == other.children_;
    case PhysicalType::kBool:
      return boolean_ == other.boolean_;
    case PhysicalType::kDouble:
      return double_ == other.double_;
    case PhysicalType::kInterval:
      return interval_ == other.interval_;
    case PhysicalType::kString:
      return string_ == other.string_;
    default:
      return integer_ == other.integer_;
  }
}

}  // namespace tarn
