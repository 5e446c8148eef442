#include "types/logical_type.h"

#include <algorithm>
#include <cctype>

namespace tarn {

PhysicalType LogicalType::physical() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kBoolean:
      return PhysicalType::kBool;
    case TypeId::kInteger:
    case TypeId::kDate:
      return PhysicalType::kInt32;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
      return PhysicalType::kInt64;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kDecimal:
      return width_ <= kMaxInt64DecimalWidth ? PhysicalType::kInt64 : PhysicalType::kInt128;
    case TypeId::kInterval:
      return PhysicalType::kInterval;
    case TypeId::kVarchar:
      return PhysicalType::kString;
  }
  return PhysicalType::kBool;
}

size_t LogicalType::PhysicalSize() const {
  switch (physical()) {
    case PhysicalType::kBool:
      return sizeof(bool);
    case PhysicalType::kInt32:
      return sizeof(int32_t);
    case PhysicalType::kInt64:
      return sizeof(int64_t);
    case PhysicalType::kInt128:
      return sizeof(int128_t);
    case PhysicalType::kDouble:
      return sizeof(double);
    case PhysicalType::kInterval:
      return sizeof(Interval);
    case PhysicalType::kString:
      return sizeof(std::string_view);
  }
  return 0;
}

bool LogicalType::IsNumeric() const {
  return id_ == TypeId::kInteger || id_ == TypeId::kBigint || id_ == TypeId::kDouble ||
         id_ == TypeId::kDecimal;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigint:
      return "BIGINT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(width_) + "," + std::to_string(scale_) + ")";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kVarchar:
      return "VARCHAR";
  }
  return "UNKNOWN";
}

namespace {

std::string Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) begin++;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
  return std::string(text.substr(begin, end - begin));
}

std::string Upper(std::string_view text) {
  std::string result(text);
  for (auto& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

Result<LogicalType> ParseTypeName(std::string_view raw_name) {
  std::string name = Upper(Trim(raw_name));
  std::string base = name;
  std::string arguments;
  size_t paren = name.find('(');
  if (paren != std::string::npos) {
    if (name.back() != ')') {
      return Status::Error(ErrorCode::kType, "malformed type name '" + std::string(raw_name) + "'");
    }
    base = Trim(name.substr(0, paren));
    arguments = name.substr(paren + 1, name.size() - paren - 2);
  }
  if (base == "DECIMAL" || base == "NUMERIC" || base == "DEC") {
    int width = 18, scale = 3;
    if (!arguments.empty()) {
      size_t comma = arguments.find(',');
      try {
        width = std::stoi(Trim(arguments.substr(0, comma)));
        scale = comma == std::string::npos ? 0 : std::stoi(Trim(arguments.substr(comma + 1)));
      } catch (...) {
        return Status::Error(ErrorCode::kType,
                             "malformed DECIMAL arguments in '" + std::string(raw_name) + "'");
      }
    }
    if (width < 1 || width > LogicalType::kMaxDecimalWidth || scale < 0 || scale > width) {
      return Status::Error(ErrorCode::kType,
                           "DECIMAL width must be between 1 and 38 and scale between 0 and "
                           "the width, got '" +
                               std::string(raw_name) + "'");
    }
    return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
  }
  if (!arguments.empty() && base != "VARCHAR" && base != "CHAR" && base != "CHARACTER VARYING") {
    return Status::Error(ErrorCode::kType, "type " + base + " takes no arguments");
  }
  if (base == "BOOLEAN" || base == "BOOL") return LogicalType(TypeId::kBoolean);
  if (base == "INTEGER" || base == "INT" || base == "INT4" || base == "SMALLINT" ||
      base == "TINYINT" || base == "INT2" || base == "INT1")
    return LogicalType(TypeId::kInteger);
  if (base == "BIGINT" || base == "INT8" || base == "LONG") return LogicalType(TypeId::kBigint);
  if (base == "DOUBLE" || base == "FLOAT" || base == "REAL" || base == "FLOAT8" ||
      base == "FLOAT4" || base == "DOUBLE PRECISION")
    return LogicalType(TypeId::kDouble);
  if (base == "VARCHAR" || base == "TEXT" || base == "STRING" || base == "CHAR" ||
      base == "CHARACTER VARYING")
    return LogicalType(TypeId::kVarchar);
  if (base == "DATE") return LogicalType(TypeId::kDate);
  if (base == "TIMESTAMP" || base == "DATETIME") return LogicalType(TypeId::kTimestamp);
  if (base == "INTERVAL") return LogicalType(TypeId::kInterval);
  return Status::Error(ErrorCode::kType, "unknown type '" + std::string(raw_name) + "'");
}

namespace {

// Rank of numeric types for widening: INTEGER < BIGINT < DECIMAL < DOUBLE.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInteger:
      return 1;
    case TypeId::kBigint:
      return 2;
    case TypeId::kDecimal:
      return 3;
    case TypeId::kDouble:
      return 4;
    default:
      return 0;
  }
}

LogicalType AsDecimal(const LogicalType& type) {
  if (type.id() == TypeId::kDecimal) return type;
  if (type.id() == TypeId::kInteger) return LogicalType::Decimal(10, 0);
  return LogicalType::Decimal(19, 0);
}

}  // namespace

Result<LogicalType> CommonSuperType(const LogicalType& left, const LogicalType& right) {
  if (left == right) return left;
  if (left.id() == TypeId::kNull) return right;
  if (right.id() == TypeId::kNull) return left;
  if (left.IsNumeric() && right.IsNumeric()) {
    int left_rank = NumericRank(left.id()), right_rank = NumericRank(right.id());
    if (left.id() == TypeId::kDouble || right.id() == TypeId::kDouble)
      return LogicalType(TypeId::kDouble);
    if (left.id() == TypeId::kDecimal || right.id() == TypeId::kDecimal) {
      LogicalType a = AsDecimal(left), b = AsDecimal(right);
      int scale = std::max(a.scale(), b.scale());
      int integral = std::max(a.width() - a.scale(), b.width() - b.scale());
      int width = std::min<int>(LogicalType::kMaxDecimalWidth, integral + scale);
      return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
    }
    return left_rank >= right_rank ? left : right;
  }
  if (left.IsTemporal() && right.IsTemporal()) return LogicalType(TypeId::kTimestamp);
  // String literals adapt to the other side (as PostgreSQL does for unknown literals);
  // the binder decides that case before calling here. Two different families meet in
  // VARCHAR only when one side is already VARCHAR.
  if (left.id() == TypeId::kVarchar || right.id() == TypeId::kVarchar) {
    return Status::Error(ErrorCode::kType, "cannot combine " + left.ToString() + " and " +
                                               right.ToString() + " without an explicit CAST");
  }
  return Status::Error(ErrorCode::kType,
                       "cannot combine " + left.ToString() + " and " + right.ToString());
}

}  // namespace tarn
