#include "formats/parquet/parquet_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "common/exception.h"
#include "formats/parquet/parquet_record_assembler.h"

namespace tarn {

namespace {

// Pages with more values or bytes than this are refused as corrupt: no real writer comes
// near, and it bounds what one page can make the reader allocate.
constexpr int64_t kMaxPageValues = int64_t(1) << 24;
constexpr int64_t kMaxPageBytes = int64_t(1) << 28;
// Level entries one batch of records of a nested column may hold (a batch is up to 2048
// rows): more is refused rather than growing the batch's vectors without bound.
constexpr idx_t kMaxBatchEntries = idx_t(1) << 25;

struct ParquetInt96 {
  uint8_t bytes[12];
};

std::string FileError(const std::string& path, const std::string& why) {
  return "Invalid Parquet file \"" + path + "\": " + why;
}

int BitWidth(int max_level) {
  int width = 0;
  while (max_level > 0) {
    width++;
    max_level >>= 1;
  }
  return width;
}

// Converters: one call per value, inlined into the decode loops. `arena` receives the
// text of conversions that produce strings.
struct Converter {
  Arena* arena = nullptr;
};
struct Identity : Converter {
  template <class T>
  T operator()(T value) const {
    return value;
  }
};
template <class Output>
struct Widen : Converter {
  template <class T>
  Output operator()(T value) const {
    return static_cast<Output>(value);
  }
};
struct Uint32ToInt64 : Converter {
  int64_t operator()(int32_t value) const { return static_cast<uint32_t>(value); }
};
struct Uint64ToInt128 : Converter {
  int128_t operator()(int64_t value) const { return static_cast<uint64_t>(value); }
};
struct MillisToMicros : Converter {
  int64_t operator()(int64_t value) const {
    return static_cast<int64_t>(static_cast<uint64_t>(value) * 1000u);
  }
};
struct NanosToMicros : Converter {
  int64_t operator()(int64_t value) const {
    int64_t quotient = value / 1000;
    return (value % 1000 < 0) ? quotient - 1 : quotient;
  }
};
struct TimeText : Converter {
  int64_t units_per_second;
  std::string_view operator()(int64_t value) const {
    // Times of day are formatted as DuckDB prints its TIME type.
    if (value < 0) value = 0;
    int64_t micros = units_per_second == 1000      ? value * 1000
                     : units_per_second == 1000000 ? value
                                                   : value / 1000;
    int64_t seconds = micros / 1000000;
    int64_t fraction = micros % 1000000;
    char text[32];
    int length = std::snprintf(
        text, sizeof(text), "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
        static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    if (fraction != 0) {
      length += std::snprintf(text + length, sizeof(text) - length, ".%06lld",
                              static_cast<long long>(fraction));
      while (text[length - 1] == '0') length--;
    }
    return arena->AddString(std::string_view(text, length));
  }
  std::string_view operator()(int32_t value) const { return (*this)(static_cast<int64_t>(value)); }
};
struct Int96ToMicros : Converter {
  // Days from the epoch whose microseconds fit a TIMESTAMP (with a day to spare for the
  // nanoseconds of the day).
  static constexpr int64_t kMaxEpochDays = INT64_MAX / (86400LL * 1000000) - 1;

  static bool InRange(const ParquetInt96& value) {
    int32_t julian_day;
    std::memcpy(&julian_day, value.bytes + 8, 4);
    int64_t days = static_cast<int64_t>(julian_day) - kUnixEpochJulianDay;
    return days >= -kMaxEpochDays && days <= kMaxEpochDays;
  }
  int64_t operator()(const ParquetInt96& value) const {
    if (!InRange(value)) {
      ThrowError(ErrorCode::kInvalidInput,
                 "an INT96 timestamp's Julian day is outside the range of TIMESTAMP");
    }
    int64_t nanos;
    int32_t julian_day;
    std::memcpy(&nanos, value.bytes, 8);
    std::memcpy(&julian_day, value.bytes + 8, 4);
    constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
    return (static_cast<int64_t>(julian_day) - kUnixEpochJulianDay) * kMicrosPerDay + nanos / 1000;
  }

  static constexpr int64_t kUnixEpochJulianDay = 2440588;
};
struct UuidText : Converter {
  std::string_view operator()(std::string_view bytes) const {
    static const char kHex[] = "0123456789abcdef";
    char text[36];
    int position = 0;
    for (size_t i = 0; i < 16 && i < bytes.size(); i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) text[position++] = '-';
      auto byte = static_cast<uint8_t>(bytes[i]);
      text[position++] = kHex[byte >> 4];
      text[position++] = kHex[byte & 15];
    }
    return arena->AddString(std::string_view(text, position));
  }
};
template <class Output>
struct BinaryDecimal : Converter {
  Output operator()(std::string_view bytes) const {
    if (bytes.empty()) return 0;
    bool negative = static_cast<uint8_t>(bytes[0]) & 0x80;
    size_t start = 0;
    // Leading bytes beyond the output's width must be pure sign extension.
    while (bytes.size() - start > sizeof(Output)) {
      if (static_cast<uint8_t>(bytes[start]) != (negative ? 0xff : 0x00)) {
        ThrowError(ErrorCode::kInvalidInput, "decimal value of " + std::to_string(bytes.size()) +
                                                 " bytes does not fit its declared precision");
      }
      start++;
    }
    using Unsigned = std::conditional_t<sizeof(Output) == 8, uint64_t, unsigned __int128>;
    Unsigned value = negative ? ~Unsigned(0) : Unsigned(0);
    for (size_t i = start; i < bytes.size(); i++) {
      value = (value << 8) | static_cast<uint8_t>(bytes[i]);
    }
    return static_cast<Output>(value);
  }
};
struct Float16ToDouble : Converter {
  double operator()(std::string_view bytes) const {
    uint16_t bits = static_cast<uint8_t>(bytes[0]) | (static_cast<uint8_t>(bytes[1]) << 8);
    int sign = bits >> 15;
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double value;
    if (exponent == 0) {
      value = std::ldexp(mantissa, -24);
    } else if (exponent == 31) {
      value = mantissa == 0 ? HUGE_VAL : std::nan("");
    } else {
      value = std::ldexp(mantissa + 1024, exponent - 25);
    }
    return sign ? -value : value;
  }
};
struct IntervalFromBytes : Converter {
  Interval operator()(std::string_view bytes) const {
    uint32_t months, days, millis;
    std::memcpy(&months, bytes.data(), 4);
    std::memcpy(&days, bytes.data() + 4, 4);
    std::memcpy(&millis, bytes.data() + 8, 4);
    Interval interval;
    interval.months = static_cast<int32_t>(months);
    interval.days = static_cast<int32_t>(days);
    interval.micros = static_cast<int64_t>(millis) * 1000;
    return interval;
  }
};

struct TypeMapping {
  LogicalType type;
  ParquetConversion conversion;
  std::string unsupported;
};

TypeMapping DecimalMapping(const ParquetSchemaElement& element, int precision, int scale,
                           ParquetConversion narrow, ParquetConversion wide) {
  if (precision <= 0 || scale < 0 || scale > precision) {
    return {LogicalType(TypeId::kVarchar), ParquetConversion::kString,
            "column \"" + element.name + "\" has an invalid DECIMAL(" + std::to_string(precision) +
                "," + std::to_string(scale) + ")"};
  }
  if (precision > LogicalType::kMaxDecimalWidth) {
    return {LogicalType(TypeId::kVarchar), ParquetConversion::kString,
            "column \"" + element.name + "\" is DECIMAL(" + std::to_string(precision) + "," +
                std::to_string(scale) + "), wider than the 38 digits tarn supports"};
  }
  auto type = LogicalType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
  return {type, precision <= LogicalType::kMaxInt64DecimalWidth ? narrow : wide, ""};
}

TypeMapping MapLeafType(const ParquetSchemaElement& element) {
  using Kind = ParquetLogicalType::Kind;
  const ParquetLogicalType& logical = element.logical_type;
  auto converted = element.converted_type;
  auto is = [&](ParquetConvertedType type) { return converted && *converted == type; };
  bool decimal = logical.kind == Kind::kDecimal || is(ParquetConvertedType::kDecimal);
  int precision = logical.kind == Kind::kDecimal ? logical.decimal_precision : element.precision;
  int scale = logical.kind == Kind::kDecimal ? logical.decimal_scale : element.scale;
  TypeMapping varchar{LogicalType(TypeId::kVarchar), ParquetConversion::kString, ""};
  switch (*element.type) {
    case ParquetPhysicalType::kBoolean:
      return {LogicalType(TypeId::kBoolean), ParquetConversion::kBoolean, ""};
    case ParquetPhysicalType::kInt32:
      if (decimal) {
        return DecimalMapping(element, precision, scale, ParquetConversion::kInt32ToDecimal64,
                              ParquetConversion::kInt32ToDecimal128);
      }
      if (logical.kind == Kind::kDate || is(ParquetConvertedType::kDate)) {
        return {LogicalType(TypeId::kDate), ParquetConversion::kInt32, ""};
      }
      if (logical.kind == Kind::kTime || is(ParquetConvertedType::kTimeMillis)) {
        return {LogicalType(TypeId::kVarchar), ParquetConversion::kInt32TimeMillis, ""};
      }
      if ((logical.kind == Kind::kInteger && !logical.is_signed && logical.bit_width == 32) ||
          is(ParquetConvertedType::kUint32)) {
        return {LogicalType(TypeId::kBigint), ParquetConversion::kUint32, ""};
      }
      return {LogicalType(TypeId::kInteger), ParquetConversion::kInt32, ""};
    case ParquetPhysicalType::kInt64:
      if (decimal) {
        return DecimalMapping(element, precision, scale, ParquetConversion::kInt64,
                              ParquetConversion::kInt64ToDecimal128);
      }
      if (logical.kind == Kind::kTimestamp || is(ParquetConvertedType::kTimestampMillis) ||
          is(ParquetConvertedType::kTimestampMicros)) {
        ParquetTimeUnit unit = logical.kind == Kind::kTimestamp ? logical.unit
                               : is(ParquetConvertedType::kTimestampMillis)
                                   ? ParquetTimeUnit::kMillis
                                   : ParquetTimeUnit::kMicros;
        ParquetConversion conversion =
            unit == ParquetTimeUnit::kMillis  ? ParquetConversion::kInt64MillisToMicros
            : unit == ParquetTimeUnit::kNanos ? ParquetConversion::kInt64NanosToMicros
                                              : ParquetConversion::kInt64;
        return {LogicalType(TypeId::kTimestamp), conversion, ""};
      }
      if (logical.kind == Kind::kTime || is(ParquetConvertedType::kTimeMicros)) {
        bool nanos = logical.kind == Kind::kTime && logical.unit == ParquetTimeUnit::kNanos;
        return {LogicalType(TypeId::kVarchar),
                nanos ? ParquetConversion::kInt64TimeNanos : ParquetConversion::kInt64TimeMicros,
                ""};
      }
      if ((logical.kind == Kind::kInteger && !logical.is_signed) ||
          is(ParquetConvertedType::kUint64)) {
        return {LogicalType::Decimal(20, 0), ParquetConversion::kUint64, ""};
      }
      return {LogicalType(TypeId::kBigint), ParquetConversion::kInt64, ""};
    case ParquetPhysicalType::kInt96:
      return {LogicalType(TypeId::kTimestamp), ParquetConversion::kInt96, ""};
    case ParquetPhysicalType::kFloat:
      return {LogicalType(TypeId::kDouble), ParquetConversion::kFloat, ""};
    case ParquetPhysicalType::kDouble:
      return {LogicalType(TypeId::kDouble), ParquetConversion::kDouble, ""};
    case ParquetPhysicalType::kByteArray:
      if (decimal) {
        return DecimalMapping(element, precision, scale, ParquetConversion::kBinaryToDecimal64,
                              ParquetConversion::kBinaryToDecimal128);
      }
      return varchar;
    case ParquetPhysicalType::kFixedLenByteArray:
      if (decimal) {
        return DecimalMapping(element, precision, scale, ParquetConversion::kBinaryToDecimal64,
                              ParquetConversion::kBinaryToDecimal128);
      }
      if (logical.kind == Kind::kUuid && element.type_length == 16) {
        return {LogicalType(TypeId::kVarchar), ParquetConversion::kUuid, ""};
      }
      if (logical.kind == Kind::kFloat16 && element.type_length == 2) {
        return {LogicalType(TypeId::kDouble), ParquetConversion::kFloat16, ""};
      }
      if (is(ParquetConvertedType::kInterval) && element.type_length == 12) {
        return {LogicalType(TypeId::kInterval), ParquetConversion::kInterval, ""};
      }
      return varchar;
  }
  return {LogicalType(TypeId::kVarchar), ParquetConversion::kString,
          "column \"" + element.name + "\" has the unknown physical type " +
              std::to_string(static_cast<int>(*element.type))};
}

// The schema as a tree (the flat list stores it depth first with child counts).
struct SchemaNode {
  const ParquetSchemaElement* element = nullptr;
  std::vector<SchemaNode> children;
  idx_t leaf_count = 1;
};

// Parses the subtree at schema[*next] and moves *next past it.
Result<SchemaNode> ParseSchemaNode(const std::vector<ParquetSchemaElement>& schema, size_t* next,
                                   int depth) {
  if (*next >= schema.size()) {
    return Status::Error(ErrorCode::kInvalidInput,
                         "the schema lists fewer elements than its groups' children");
  }
  if (depth > 100) {
    return Status::Error(ErrorCode::kInvalidInput, "the schema is nested deeper than 100 levels");
  }
  SchemaNode node;
  node.element = &schema[(*next)++];
  const ParquetSchemaElement& element = *node.element;
  if (element.num_children < 0) {
    return Status::Error(ErrorCode::kInvalidInput,
                         "schema element \"" + element.name + "\" has a negative child count");
  }
  if (element.num_children == 0) return node;
  if (static_cast<size_t>(element.num_children) > schema.size() - *next) {
    return Status::Error(ErrorCode::kInvalidInput, "schema element \"" + element.name + "\" has " +
                                                       std::to_string(element.num_children) +
                                                       " children but the schema ends before");
  }
  node.leaf_count = 0;
  for (int32_t i = 0; i < element.num_children; i++) {
    TARN_ASSIGN_OR_RETURN(SchemaNode child, ParseSchemaNode(schema, next, depth + 1));
    node.leaf_count += child.leaf_count;
    node.children.push_back(std::move(child));
  }
  return node;
}

Status SchemaError(const std::string& path, const std::string& why) {
  return Status::Error(ErrorCode::kInvalidInput, "nested column \"" + path + "\" " + why);
}

// Builds the ParquetField of a schema subtree. `parent_definition` and `parent_repetition`
// are the levels of the enclosing value; `as_element` says that a repeated node is the
// repeated level of a LIST or MAP (or of an unannotated repeated field) and so stands for
// one element rather than a whole list.
class NestedFieldBuilder {
 public:
  explicit NestedFieldBuilder(idx_t first_leaf) : next_leaf_(first_leaf) {}

  Result<ParquetField> Build(const SchemaNode& node, int parent_definition, int parent_repetition,
                             const std::string& parent_path, bool as_element) {
    const ParquetSchemaElement& element = *node.element;
    ParquetRepetition repetition = element.repetition.value_or(ParquetRepetition::kRequired);
    std::string path = parent_path.empty() ? element.name : parent_path + "." + element.name;
    if (repetition == ParquetRepetition::kRepeated && !as_element) {
      // A repeated field without a LIST annotation: a list of required elements.
      ParquetField list;
      list.kind = ParquetField::Kind::kList;
      list.name = element.name;
      list.definition_level = parent_definition;
      list.element_definition_level = parent_definition + 1;
      list.repetition_level = parent_repetition + 1;
      TARN_ASSIGN_OR_RETURN(ParquetField item,
                            Build(node, parent_definition, parent_repetition, parent_path, true));
      list.type = LogicalType::List(item.type);
      list.children.push_back(std::move(item));
      return list;
    }
    int definition = parent_definition + (repetition != ParquetRepetition::kRequired ? 1 : 0);
    int repetition_level = parent_repetition + (repetition == ParquetRepetition::kRepeated ? 1 : 0);
    ParquetField field;
    field.name = element.name;
    field.definition_level = definition;
    if (node.children.empty()) return BuildLeaf(element, path, definition, repetition_level);
    using Kind = ParquetLogicalType::Kind;
    auto converted = element.converted_type;
    bool is_list =
        element.logical_type.kind == Kind::kList || converted == ParquetConvertedType::kList;
    bool is_map = element.logical_type.kind == Kind::kMap ||
                  converted == ParquetConvertedType::kMap ||
                  (converted == ParquetConvertedType::kMapKeyValue &&
                   repetition != ParquetRepetition::kRepeated);
    if (is_list || is_map) {
      if (node.children.size() != 1) {
        return SchemaError(path, std::string("is annotated ") + (is_list ? "LIST" : "MAP") +
                                     " but has " + std::to_string(node.children.size()) +
                                     " children instead of one repeated group");
      }
      const SchemaNode& repeated = node.children[0];
      if (repeated.element->repetition != ParquetRepetition::kRepeated) {
        return SchemaError(path, std::string("is annotated ") + (is_list ? "LIST" : "MAP") +
                                     " but its child \"" + repeated.element->name +
                                     "\" is not repeated");
      }
      field.kind = ParquetField::Kind::kList;
      field.element_definition_level = definition + 1;
      field.repetition_level = repetition_level + 1;
      if (is_map) {
        if (repeated.children.size() != 2) {
          return SchemaError(path, "is a MAP whose key_value group has " +
                                       std::to_string(repeated.children.size()) +
                                       " children instead of a key and a value");
        }
        TARN_ASSIGN_OR_RETURN(ParquetField entry,
                              Build(repeated, definition, repetition_level, path, true));
        entry.children[0].name = "key";
        entry.children[1].name = "value";
        field.type = LogicalType::Map(entry.children[0].type, entry.children[1].type);
        entry.type = field.type.ListChild();
        field.children.push_back(std::move(entry));
        return field;
      }
      // The backward-compatibility rules: a repeated primitive, a repeated group of several
      // fields, or one named "array" or "<list>_tuple" is the element itself; otherwise the
      // repeated group's only child is (the standard three-level layout).
      const std::string& name = repeated.element->name;
      bool repeated_is_element = repeated.children.empty() || repeated.children.size() > 1 ||
                                 name == "array" || name == element.name + "_tuple";
      ParquetField item;
      if (repeated_is_element) {
        TARN_ASSIGN_OR_RETURN(item, Build(repeated, definition, repetition_level, path, true));
      } else {
        TARN_ASSIGN_OR_RETURN(item, Build(repeated.children[0], definition + 1,
                                          repetition_level + 1, path + "." + name, false));
      }
      field.type = LogicalType::List(item.type);
      field.children.push_back(std::move(item));
      return field;
    }
    field.kind = ParquetField::Kind::kStruct;
    std::vector<ChildType> types;
    for (const SchemaNode& child : node.children) {
      TARN_ASSIGN_OR_RETURN(ParquetField built,
                            Build(child, definition, repetition_level, path, false));
      types.emplace_back(built.name, built.type);
      field.children.push_back(std::move(built));
    }
    field.type = LogicalType::Struct(std::move(types));
    return field;
  }

 private:
  Result<ParquetField> BuildLeaf(const ParquetSchemaElement& element, const std::string& path,
                                 int definition, int repetition) {
    if (!element.type) return SchemaError(path, "has a leaf without a physical type");
    if (element.type == ParquetPhysicalType::kFixedLenByteArray && element.type_length <= 0) {
      return SchemaError(path, "has a FIXED_LEN_BYTE_ARRAY leaf of the invalid length " +
                                   std::to_string(element.type_length));
    }
    TypeMapping mapping = MapLeafType(element);
    ParquetField field;
    field.kind = ParquetField::Kind::kLeaf;
    field.name = element.name;
    field.type = mapping.type;
    field.definition_level = definition;
    field.repetition_level = repetition;
    ParquetColumn& leaf = field.leaf;
    leaf.name = path;
    leaf.type = mapping.type;
    leaf.conversion = mapping.conversion;
    leaf.element = element;
    leaf.first_leaf = next_leaf_++;
    leaf.leaf_count = 1;
    leaf.max_definition_level = definition;
    leaf.max_repetition_level = repetition;
    leaf.unsupported = mapping.unsupported;
    return field;
  }

  idx_t next_leaf_;
};

// The first reason a leaf of `field` cannot be read, or "".
std::string UnsupportedLeaf(const ParquetField& field) {
  if (field.kind == ParquetField::Kind::kLeaf) return field.leaf.unsupported;
  for (const ParquetField& child : field.children) {
    std::string why = UnsupportedLeaf(child);
    if (!why.empty()) return why;
  }
  return "";
}

void CollectLeaves(const ParquetField& field, std::vector<const ParquetColumn*>* leaves) {
  if (field.kind == ParquetField::Kind::kLeaf) {
    leaves->push_back(&field.leaf);
    return;
  }
  for (const ParquetField& child : field.children) CollectLeaves(child, leaves);
}

}  // namespace

std::vector<const ParquetColumn*> ParquetLeafColumns(const std::vector<ParquetColumn>& columns) {
  std::vector<const ParquetColumn*> leaves;
  for (const ParquetColumn& column : columns) {
    if (column.nested()) {
      CollectLeaves(*column.field, &leaves);
      // A column whose tree could not be built still occupies its leaves.
    } else if (column.element.num_children == 0 &&
               column.element.repetition != ParquetRepetition::kRepeated) {
      leaves.push_back(&column);
    }
    while (leaves.size() < column.first_leaf + column.leaf_count) leaves.push_back(nullptr);
  }
  return leaves;
}

Result<std::vector<ParquetColumn>> BuildParquetColumns(const ParquetFileMetaData& metadata) {
  const auto& schema = metadata.schema;
  if (schema.empty()) return Status::Error(ErrorCode::kInvalidInput, "the schema is empty");
  std::vector<ParquetColumn> columns;
  size_t next = 1;
  idx_t leaf = 0;
  for (int32_t child = 0; child < schema[0].num_children; child++) {
    if (next >= schema.size()) {
      return Status::Error(ErrorCode::kInvalidInput,
                           "the schema lists fewer elements than the root's " +
                               std::to_string(schema[0].num_children) + " children");
    }
    const ParquetSchemaElement& element = schema[next];
    ParquetColumn column;
    column.name = element.name;
    column.first_leaf = leaf;
    column.element = element;
    bool repeated = element.repetition == ParquetRepetition::kRepeated;
    if (element.num_children > 0 || repeated || !element.type) {
      TARN_ASSIGN_OR_RETURN(SchemaNode node, ParseSchemaNode(schema, &next, 0));
      column.leaf_count = node.leaf_count;
      if (element.num_children <= 0 && !element.type) {
        return Status::Error(ErrorCode::kInvalidInput,
                             "schema leaf \"" + element.name + "\" has no physical type");
      }
      NestedFieldBuilder builder(leaf);
      auto field = builder.Build(node, 0, 0, "", false);
      if (field.ok()) {
        column.type = field.value().type;
        column.unsupported = UnsupportedLeaf(field.value());
        column.field = std::make_shared<const ParquetField>(std::move(field).value());
      } else {
        column.type = LogicalType(TypeId::kVarchar);
        column.unsupported = field.status().message();
      }
      column.max_repetition_level = repeated ? 1 : 0;
    } else {
      next++;
      column.max_definition_level = element.repetition == ParquetRepetition::kOptional ? 1 : 0;
      if (element.type == ParquetPhysicalType::kFixedLenByteArray && element.type_length <= 0) {
        return Status::Error(ErrorCode::kInvalidInput, "FIXED_LEN_BYTE_ARRAY column \"" +
                                                           element.name +
                                                           "\" has the invalid length " +
                                                           std::to_string(element.type_length));
      }
      TypeMapping mapping = MapLeafType(element);
      column.type = mapping.type;
      column.conversion = mapping.conversion;
      column.unsupported = mapping.unsupported;
    }
    leaf += column.leaf_count;
    columns.push_back(std::move(column));
  }
  return columns;
}

Result<std::shared_ptr<ParquetFile>> ParquetFile::Open(const std::string& path) {
  std::shared_ptr<ParquetFile> file(new ParquetFile());
  TARN_ASSIGN_OR_RETURN(file->file_, RandomAccessFile::Open(path));
  uint64_t size = file->file_->size();
  auto corrupt = [&](const std::string& why) {
    return Status::Error(ErrorCode::kInvalidInput, FileError(path, why));
  };
  if (size < 12) {
    return corrupt("the file is " + std::to_string(size) +
                   " bytes long, too short for a Parquet file (truncated?)");
  }
  char head[4];
  char tail[8];
  TARN_ASSIGN_OR_RETURN(size_t head_read, file->file_->ReadAt(0, head, 4));
  TARN_ASSIGN_OR_RETURN(size_t tail_read, file->file_->ReadAt(size - 8, tail, 8));
  if (head_read != 4 || tail_read != 8) return corrupt("short read of the file's ends");
  if (std::memcmp(head, "PAR1", 4) != 0) {
    return corrupt("not a Parquet file: it does not start with the magic bytes PAR1");
  }
  if (std::memcmp(tail + 4, "PARE", 4) == 0) {
    return Status::Error(ErrorCode::kNotImplemented,
                         FileError(path, "encrypted Parquet files are not supported"));
  }
  if (std::memcmp(tail + 4, "PAR1", 4) != 0) {
    return corrupt("it does not end with the magic bytes PAR1 (truncated file?)");
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, tail, 4);
  if (footer_length > size - 12) {
    return corrupt("the footer length " + std::to_string(footer_length) +
                   " is larger than the file (" + std::to_string(size) + " bytes)");
  }
  uint64_t footer_offset = size - 8 - footer_length;
  std::vector<uint8_t> footer(footer_length);
  TARN_ASSIGN_OR_RETURN(
      size_t footer_read,
      file->file_->ReadAt(footer_offset, reinterpret_cast<char*>(footer.data()), footer_length));
  if (footer_read != footer_length) return corrupt("short read of the footer");
  auto metadata = ParseParquetFileMetaData(footer.data(), footer.size());
  if (!metadata.ok()) {
    return corrupt("footer at byte " + std::to_string(footer_offset) + ": " +
                   metadata.status().message());
  }
  file->metadata_ = std::move(metadata).value();
  for (size_t i = 0; i < file->metadata_.row_groups.size(); i++) {
    if (file->metadata_.row_groups[i].num_rows < 0) {
      return corrupt("row group " + std::to_string(i) + " has a negative row count");
    }
  }
  auto columns = BuildParquetColumns(file->metadata_);
  if (!columns.ok()) return corrupt(columns.status().message());
  file->columns_ = std::move(columns).value();
  return file;
}

ParquetColumnReader::ParquetColumnReader(std::shared_ptr<const ParquetFile> file, idx_t row_group,
                                         const ParquetColumn& column)
    : file_(std::move(file)), row_group_(row_group), column_(column) {
  auto fail = [&](const std::string& why) {
    ThrowError(ErrorCode::kInvalidInput, FileError(file_->path(), Where() + ": " + why));
  };
  if (!column_.unsupported.empty()) {
    ThrowError(ErrorCode::kNotImplemented,
               "Parquet file \"" + file_->path() + "\": " + column_.unsupported);
  }
  if (column_.nested()) {
    assembler_ = std::make_unique<ParquetRecordAssembler>(file_, row_group_, *column_.field);
    return;
  }
  const ParquetRowGroup& group = file_->metadata().row_groups[row_group_];
  if (column_.first_leaf >= group.columns.size()) {
    fail("the row group has " + std::to_string(group.columns.size()) + " column chunks for " +
         std::to_string(column_.first_leaf + 1) + " schema leaves");
  }
  const ParquetColumnChunk& chunk = group.columns[column_.first_leaf];
  if (chunk.file_path) fail("column chunks in other files are not supported");
  if (!chunk.meta_data) fail("the column chunk has no metadata (encrypted column?)");
  const ParquetColumnMetaData& meta = *chunk.meta_data;
  if (meta.type != *column_.element.type) {
    fail(std::string("the column chunk's type ") + ParquetPhysicalTypeName(meta.type) +
         " differs from the schema's " + ParquetPhysicalTypeName(*column_.element.type));
  }
  switch (meta.codec) {
    case ParquetCodec::kUncompressed:
      codec_ = BlockCodec::kUncompressed;
      break;
    case ParquetCodec::kSnappy:
      codec_ = BlockCodec::kSnappy;
      break;
    case ParquetCodec::kGzip:
      codec_ = BlockCodec::kGzip;
      break;
    case ParquetCodec::kZstd:
      codec_ = BlockCodec::kZstd;
      break;
    case ParquetCodec::kLz4Raw:
      codec_ = BlockCodec::kLz4Raw;
      break;
    default:
      ThrowError(ErrorCode::kNotImplemented,
                 FileError(file_->path(), Where() + ": the compression codec " +
                                              ParquetCodecName(meta.codec) +
                                              " is not supported (use SNAPPY, GZIP, ZSTD, "
                                              "LZ4_RAW or UNCOMPRESSED)"));
  }
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < start) {
    start = *meta.dictionary_page_offset;
  }
  int64_t size = meta.total_compressed_size;
  uint64_t file_size = file_->size();
  if (start < 4 || size <= 0 || static_cast<uint64_t>(start) >= file_size ||
      static_cast<uint64_t>(size) > file_size - static_cast<uint64_t>(start)) {
    fail("the column chunk at byte " + std::to_string(start) + " of " + std::to_string(size) +
         " bytes lies outside the file (" + std::to_string(file_size) + " bytes)");
  }
  chunk_offset_ = static_cast<uint64_t>(start);
  chunk_size_ = static_cast<size_t>(size);
  chunk_ = std::shared_ptr<uint8_t[]>(new uint8_t[chunk_size_]);
  auto read =
      file_->file().ReadAt(chunk_offset_, reinterpret_cast<char*>(chunk_.get()), chunk_size_);
  if (!read.ok()) read.status().ThrowIfError();
  if (read.value() != chunk_size_) fail("short read of the column chunk");
  values_remaining_in_chunk_ = meta.num_values;
  index_buffer_.resize(kVectorSize);
  definition_buffer_.resize(kVectorSize);
}

ParquetColumnReader::~ParquetColumnReader() = default;

std::string ParquetColumnReader::Where() const {
  std::string where =
      "row group " + std::to_string(row_group_) + ", column \"" + column_.name + "\"";
  if (chunk_) where += ", page at byte " + std::to_string(chunk_offset_ + page_offset_);
  return where;
}

void ParquetColumnReader::Fail(const std::string& why) const {
  ThrowError(ErrorCode::kInvalidInput, why);
}

void ParquetColumnReader::FailCorrupt(const std::string& why) const {
  ThrowError(ErrorCode::kInvalidInput, FileError(file_->path(), Where() + ": " + why));
}

void ParquetColumnReader::BufferPageLevels(idx_t num_values) {
  page_repetition_levels_.assign(num_values, 0);
  page_definition_levels_.assign(num_values, 0);
  if (column_.max_repetition_level > 0) {
    repetition_levels_.GetBatch(page_repetition_levels_.data(), num_values);
  }
  if (column_.max_definition_level > 0) {
    definition_levels_.GetBatch(page_definition_levels_.data(), num_values);
  }
  uint8_t max_repetition = 0;
  uint8_t max_definition = 0;
  for (idx_t i = 0; i < num_values; i++) {
    max_repetition = std::max(max_repetition, page_repetition_levels_[i]);
    max_definition = std::max(max_definition, page_definition_levels_[i]);
  }
  if (max_repetition > column_.max_repetition_level) {
    Fail("repetition level " + std::to_string(max_repetition) + " exceeds the maximum " +
         std::to_string(column_.max_repetition_level));
  }
  if (max_definition > column_.max_definition_level) {
    Fail("definition level " + std::to_string(max_definition) + " exceeds the maximum " +
         std::to_string(column_.max_definition_level));
  }
  page_level_position_ = 0;
}

const uint8_t* ParquetColumnReader::DecompressPage(const ParquetPageHeader& header,
                                                   const uint8_t* data, size_t compressed_size,
                                                   size_t uncompressed_size) {
  if (codec_ == BlockCodec::kUncompressed) {
    page_owner_ = std::shared_ptr<void>(chunk_, const_cast<uint8_t*>(data));
    return data;
  }
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[std::max<size_t>(uncompressed_size, 1)]);
  Status status =
      Decompress(codec_, std::string_view(reinterpret_cast<const char*>(data), compressed_size),
                 uncompressed_size, reinterpret_cast<char*>(buffer.get()));
  if (!status.ok()) Fail(status.message());
  page_owner_ = buffer;
  return buffer.get();
}

void ParquetColumnReader::PrepareDataPage(const uint8_t* values, size_t values_size,
                                          idx_t num_values, ParquetEncoding encoding) {
  page_values_left_ = num_values;
  page_value_index_ = 0;
  values_ = values;
  values_size_ = values_size;
  values_position_ = 0;
  boolean_bit_ = 0;
  page_encoding_ = encoding;
  page_string_storage_.reset();
  page_is_dictionary_encoded_ =
      encoding == ParquetEncoding::kPlainDictionary || encoding == ParquetEncoding::kRleDictionary;
  ParquetPhysicalType physical = *column_.element.type;
  auto unsupported = [&] {
    Fail(std::string("the encoding ") + ParquetEncodingName(encoding) + " is not valid for " +
         ParquetPhysicalTypeName(physical) + " columns");
  };
  if (page_is_dictionary_encoded_) {
    if (dictionary_size_ == 0 && dictionary_.empty() && !dictionary_owner_) {
      Fail("dictionary-encoded page without a dictionary page");
    }
    if (values_size == 0) {
      if (num_values > 0 && column_.max_definition_level == 0) Fail("empty dictionary index data");
      rle_values_ = RleBitPackedDecoder(values, 0, 0);
      return;
    }
    int bit_width = values[0];
    if (bit_width > 32) Fail("dictionary index bit width " + std::to_string(bit_width));
    rle_values_ = RleBitPackedDecoder(values + 1, values_size - 1, bit_width);
    return;
  }
  switch (encoding) {
    case ParquetEncoding::kPlain:
      return;
    case ParquetEncoding::kRle: {
      if (physical != ParquetPhysicalType::kBoolean) unsupported();
      if (values_size < 4) Fail("RLE boolean data is shorter than its length prefix");
      uint32_t length;
      std::memcpy(&length, values, 4);
      if (length > values_size - 4) Fail("RLE boolean data runs past the end of the page");
      rle_values_ = RleBitPackedDecoder(values + 4, length, 1);
      return;
    }
    case ParquetEncoding::kDeltaBinaryPacked:
      if (physical != ParquetPhysicalType::kInt32 && physical != ParquetPhysicalType::kInt64) {
        unsupported();
      }
      delta_ = std::make_unique<DeltaBinaryPackedDecoder>(values, values_size);
      if (delta_->total_values() > num_values) {
        Fail("DELTA_BINARY_PACKED data holds more values than the page");
      }
      return;
    case ParquetEncoding::kDeltaLengthByteArray:
      if (physical != ParquetPhysicalType::kByteArray) unsupported();
      DecodeDeltaLengthByteArray(values, values_size, num_values, &page_strings_);
      return;
    case ParquetEncoding::kDeltaByteArray: {
      if (physical != ParquetPhysicalType::kByteArray &&
          physical != ParquetPhysicalType::kFixedLenByteArray) {
        unsupported();
      }
      page_string_storage_ = std::make_shared<std::string>();
      DecodeDeltaByteArray(values, values_size, num_values, static_cast<size_t>(kMaxPageBytes),
                           page_string_storage_.get(), &page_strings_);
      return;
    }
    case ParquetEncoding::kByteStreamSplit: {
      size_t width = 0;
      switch (physical) {
        case ParquetPhysicalType::kInt32:
        case ParquetPhysicalType::kFloat:
          width = 4;
          break;
        case ParquetPhysicalType::kInt64:
        case ParquetPhysicalType::kDouble:
          width = 8;
          break;
        default:
          unsupported();
      }
      if (values_size % width != 0)
        Fail("BYTE_STREAM_SPLIT data size is not a multiple of the width");
      page_value_count_ = values_size / width;
      return;
    }
    default:
      Fail(std::string("unsupported encoding ") + ParquetEncodingName(encoding) + " (" +
           std::to_string(static_cast<int>(encoding)) + ")");
  }
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::NextPage(Convert& convert) {
  while (true) {
    if (chunk_position_ >= chunk_size_) {
      page_offset_ = chunk_position_;
      Fail("the column chunk ends before all the row group's rows were read");
    }
    page_offset_ = chunk_position_;
    size_t header_size = 0;
    auto parsed = ParseParquetPageHeader(chunk_.get() + chunk_position_,
                                         chunk_size_ - chunk_position_, &header_size);
    if (!parsed.ok()) Fail("corrupt page header: " + parsed.status().message());
    const ParquetPageHeader& header = parsed.value();
    size_t position = chunk_position_ + header_size;
    if (header.compressed_page_size < 0 ||
        static_cast<size_t>(header.compressed_page_size) > chunk_size_ - position) {
      Fail("the page of " + std::to_string(header.compressed_page_size) +
           " bytes runs past the end of the column chunk (" +
           std::to_string(chunk_size_ - position) + " bytes left)");
    }
    if (header.uncompressed_page_size < 0 || header.uncompressed_page_size > kMaxPageBytes) {
      Fail("invalid uncompressed page size " + std::to_string(header.uncompressed_page_size));
    }
    const uint8_t* data = chunk_.get() + position;
    size_t compressed = static_cast<size_t>(header.compressed_page_size);
    size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
    chunk_position_ = position + compressed;
    switch (header.type) {
      case ParquetPageType::kDictionaryPage: {
        if (!header.dictionary_page_header) Fail("dictionary page without its header");
        int32_t count = header.dictionary_page_header->num_values;
        if (count < 0 || count > kMaxPageValues) {
          Fail("invalid dictionary size " + std::to_string(count));
        }
        const uint8_t* page = DecompressPage(header, data, compressed, uncompressed);
        size_t page_size = codec_ == BlockCodec::kUncompressed ? compressed : uncompressed;
        DecodeDictionary<Physical, Output>(page, page_size, static_cast<idx_t>(count), convert);
        dictionary_owner_ = page_owner_;
        continue;
      }
      case ParquetPageType::kDataPage: {
        if (!header.data_page_header) Fail("data page without its header");
        const ParquetDataPageHeader& data_header = *header.data_page_header;
        if (data_header.num_values < 0 || data_header.num_values > kMaxPageValues) {
          Fail("invalid page value count " + std::to_string(data_header.num_values));
        }
        const uint8_t* page = DecompressPage(header, data, compressed, uncompressed);
        size_t page_size = codec_ == BlockCodec::kUncompressed ? compressed : uncompressed;
        size_t offset = 0;
        if (column_.max_repetition_level > 0) {
          if (data_header.repetition_level_encoding != ParquetEncoding::kRle) {
            Fail(std::string("repetition levels in the encoding ") +
                 ParquetEncodingName(data_header.repetition_level_encoding) + " are not supported");
          }
          if (page_size < 4) Fail("repetition levels are shorter than their length prefix");
          uint32_t length;
          std::memcpy(&length, page, 4);
          if (length > page_size - 4) Fail("repetition levels run past the end of the page");
          repetition_levels_ =
              RleBitPackedDecoder(page + 4, length, BitWidth(column_.max_repetition_level));
          offset = 4 + length;
        }
        if (column_.max_definition_level > 0) {
          if (data_header.definition_level_encoding != ParquetEncoding::kRle) {
            Fail(std::string("definition levels in the encoding ") +
                 ParquetEncodingName(data_header.definition_level_encoding) + " are not supported");
          }
          if (page_size - offset < 4) {
            Fail("definition levels are shorter than their length prefix");
          }
          uint32_t length;
          std::memcpy(&length, page + offset, 4);
          if (length > page_size - offset - 4) {
            Fail("definition levels run past the end of the page");
          }
          definition_levels_ = RleBitPackedDecoder(page + offset + 4, length,
                                                   BitWidth(column_.max_definition_level));
          offset += 4 + length;
        }
        if (buffer_levels_) BufferPageLevels(static_cast<idx_t>(data_header.num_values));
        PrepareDataPage(page + offset, page_size - offset,
                        static_cast<idx_t>(data_header.num_values), data_header.encoding);
        return;
      }
      case ParquetPageType::kDataPageV2: {
        if (!header.data_page_header_v2) Fail("data page v2 without its header");
        const ParquetDataPageHeaderV2& v2 = *header.data_page_header_v2;
        if (v2.num_values < 0 || v2.num_values > kMaxPageValues || v2.num_nulls < 0 ||
            v2.num_nulls > v2.num_values) {
          Fail("invalid page value count " + std::to_string(v2.num_values));
        }
        if (v2.repetition_levels_byte_length < 0 || v2.definition_levels_byte_length < 0 ||
            static_cast<uint64_t>(v2.repetition_levels_byte_length) +
                    static_cast<uint64_t>(v2.definition_levels_byte_length) >
                std::min(compressed, uncompressed)) {
          Fail("level lengths run past the end of the page");
        }
        size_t levels = static_cast<size_t>(v2.repetition_levels_byte_length) +
                        static_cast<size_t>(v2.definition_levels_byte_length);
        if (column_.max_definition_level > 0) {
          definition_levels_ =
              RleBitPackedDecoder(data + v2.repetition_levels_byte_length,
                                  static_cast<size_t>(v2.definition_levels_byte_length),
                                  BitWidth(column_.max_definition_level));
        }
        if (column_.max_repetition_level > 0) {
          repetition_levels_ =
              RleBitPackedDecoder(data, static_cast<size_t>(v2.repetition_levels_byte_length),
                                  BitWidth(column_.max_repetition_level));
        }
        if (buffer_levels_) BufferPageLevels(static_cast<idx_t>(v2.num_values));
        const uint8_t* values = data + levels;
        size_t values_size = compressed - levels;
        if (v2.is_compressed && codec_ != BlockCodec::kUncompressed) {
          ParquetPageHeader values_header = header;
          values = DecompressPage(values_header, values, values_size, uncompressed - levels);
          values_size = uncompressed - levels;
        } else {
          page_owner_ = std::shared_ptr<void>(chunk_, const_cast<uint8_t*>(values));
        }
        PrepareDataPage(values, values_size, static_cast<idx_t>(v2.num_values), v2.encoding);
        return;
      }
      default:
        continue;  // Index pages carry nothing a scan needs.
    }
  }
}

template <class Physical>
void ParquetColumnReader::DecodePhysical(Physical* target, idx_t count) {
  switch (page_encoding_) {
    case ParquetEncoding::kPlain:
      if constexpr (std::is_same_v<Physical, bool>) {
        if (boolean_bit_ + count > static_cast<uint64_t>(values_size_ - values_position_) * 8) {
          Fail("PLAIN boolean values run past the end of the page");
        }
        for (idx_t i = 0; i < count; i++) {
          uint64_t bit = boolean_bit_ + i;
          target[i] = (values_[values_position_ + (bit >> 3)] >> (bit & 7)) & 1;
        }
        boolean_bit_ += count;
      } else if constexpr (std::is_same_v<Physical, std::string_view>) {
        const auto* base = reinterpret_cast<const char*>(values_);
        if (*column_.element.type == ParquetPhysicalType::kFixedLenByteArray) {
          size_t length = static_cast<size_t>(column_.element.type_length);
          if (count * length > values_size_ - values_position_) {
            Fail("PLAIN FIXED_LEN_BYTE_ARRAY values run past the end of the page");
          }
          for (idx_t i = 0; i < count; i++) {
            target[i] = std::string_view(base + values_position_, length);
            values_position_ += length;
          }
        } else {
          for (idx_t i = 0; i < count; i++) {
            if (values_size_ - values_position_ < 4) {
              Fail("PLAIN BYTE_ARRAY value runs past the end of the page");
            }
            uint32_t length;
            std::memcpy(&length, base + values_position_, 4);
            values_position_ += 4;
            if (length > values_size_ - values_position_) {
              Fail("PLAIN BYTE_ARRAY value of " + std::to_string(length) +
                   " bytes runs past the end of the page");
            }
            target[i] = std::string_view(base + values_position_, length);
            values_position_ += length;
          }
        }
      } else {
        size_t bytes = count * sizeof(Physical);
        if (bytes > values_size_ - values_position_) {
          Fail("PLAIN values run past the end of the page (" + std::to_string(count) +
               " values of " + std::to_string(sizeof(Physical)) + " bytes, " +
               std::to_string(values_size_ - values_position_) + " bytes left)");
        }
        if (bytes > 0) std::memcpy(static_cast<void*>(target), values_ + values_position_, bytes);
        values_position_ += bytes;
      }
      break;
    case ParquetEncoding::kRle:
      if constexpr (std::is_same_v<Physical, bool>) {
        rle_values_.GetBatch(target, count);
      } else {
        Fail("RLE values are only valid for booleans");
      }
      break;
    case ParquetEncoding::kDeltaBinaryPacked:
      if constexpr (std::is_same_v<Physical, int32_t> || std::is_same_v<Physical, int64_t>) {
        delta_->GetBatch(target, count);
      } else {
        Fail("DELTA_BINARY_PACKED is only valid for INT32 and INT64");
      }
      break;
    case ParquetEncoding::kDeltaLengthByteArray:
    case ParquetEncoding::kDeltaByteArray:
      if constexpr (std::is_same_v<Physical, std::string_view>) {
        if (page_value_index_ + count > page_strings_.size()) {
          Fail("the page holds fewer string values than its levels say");
        }
        bool fixed = *column_.element.type == ParquetPhysicalType::kFixedLenByteArray;
        for (idx_t i = 0; i < count; i++) {
          target[i] = page_strings_[page_value_index_ + i];
          if (fixed && target[i].size() != static_cast<size_t>(column_.element.type_length)) {
            Fail("a FIXED_LEN_BYTE_ARRAY value has the wrong length");
          }
        }
      } else {
        Fail("DELTA byte array encodings are only valid for byte arrays");
      }
      break;
    case ParquetEncoding::kByteStreamSplit:
      if constexpr (std::is_arithmetic_v<Physical> && !std::is_same_v<Physical, bool>) {
        if (page_value_index_ + count > page_value_count_) {
          Fail("the page holds fewer BYTE_STREAM_SPLIT values than its levels say");
        }
        for (idx_t i = 0; i < count; i++) {
          uint8_t bytes[sizeof(Physical)];
          for (size_t b = 0; b < sizeof(Physical); b++) {
            bytes[b] = values_[b * page_value_count_ + page_value_index_ + i];
          }
          std::memcpy(&target[i], bytes, sizeof(Physical));
        }
      } else {
        Fail("BYTE_STREAM_SPLIT is not supported for this column type");
      }
      break;
    default:
      Fail(std::string("unsupported encoding ") + ParquetEncodingName(page_encoding_));
  }
  page_value_index_ += count;
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::DecodeValues(Output* target, idx_t count, Convert& convert) {
  if (count == 0) return;
  if (page_is_dictionary_encoded_) {
    if (index_buffer_.size() < count) index_buffer_.resize(count);
    rle_values_.GetBatch(index_buffer_.data(), count);
    const auto* dictionary = reinterpret_cast<const Output*>(dictionary_.data());
    const uint32_t* indices = index_buffer_.data();
    const idx_t size = dictionary_size_;
    bool in_range = true;
    for (idx_t i = 0; i < count; i++) {
      uint32_t index = indices[i];
      in_range &= index < size;
      target[i] = dictionary[in_range ? index : 0];
    }
    if (!in_range) {
      uint32_t largest = *std::max_element(indices, indices + count);
      Fail("dictionary index " + std::to_string(largest) + " is out of range (the dictionary has " +
           std::to_string(dictionary_size_) + " entries)");
    }
    return;
  }
  if constexpr (std::is_same_v<Convert, Identity> && std::is_same_v<Physical, Output>) {
    DecodePhysical(target, count);
  } else {
    if (physical_scratch_.size() < count * sizeof(Physical)) {
      physical_scratch_.resize(count * sizeof(Physical));
    }
    auto* physical = reinterpret_cast<Physical*>(physical_scratch_.data());
    DecodePhysical(physical, count);
    for (idx_t i = 0; i < count; i++) target[i] = convert(physical[i]);
  }
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::DecodeDictionary(const uint8_t* data, size_t size, idx_t count,
                                           Convert convert) {
  if constexpr (std::is_same_v<Physical, bool>) {
    Fail("BOOLEAN columns cannot be dictionary-encoded");
  } else {
    dictionary_.assign(std::max<size_t>(count, 1) * sizeof(Output), 0);
    values_ = data;
    values_size_ = size;
    values_position_ = 0;
    page_value_index_ = 0;
    page_encoding_ = ParquetEncoding::kPlain;
    page_is_dictionary_encoded_ = false;
    dictionary_arena_ = std::make_shared<Arena>(1024);
    convert.arena = dictionary_arena_.get();
    DecodeValues<Physical, Output>(reinterpret_cast<Output*>(dictionary_.data()), count, convert);
    dictionary_size_ = count;
    page_values_left_ = 0;
  }
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::ReadPageEntries(idx_t batch, Vector& output, idx_t offset,
                                          const std::shared_ptr<Arena>& batch_arena,
                                          Convert& convert) {
  constexpr bool kStrings = std::is_same_v<Output, std::string_view>;
  Output* data = output.Data<Output>() + offset;
  ValidityMask& validity = output.validity();
  convert.arena = batch_arena.get();
  idx_t present = batch;
  const int max_level = column_.max_definition_level;
  if (max_level > 0) {
    present = 0;
    for (idx_t i = 0; i < batch; i++) present += definition_buffer_[i] == max_level;
  }
  if (present == batch) {
    DecodeValues<Physical, Output>(data, batch, convert);
  } else {
    if (scratch_.size() < batch * sizeof(Output)) scratch_.resize(batch * sizeof(Output));
    auto* values = reinterpret_cast<Output*>(scratch_.data());
    DecodeValues<Physical, Output>(values, present, convert);
    idx_t next = 0;
    for (idx_t i = 0; i < batch; i++) {
      if (definition_buffer_[i] == max_level) {
        data[i] = values[next++];
      } else {
        data[i] = Output{};
        validity.SetInvalid(offset + i);
      }
    }
  }
  if constexpr (kStrings) {
    if (page_is_dictionary_encoded_) {
      if (dictionary_owner_) output.KeepAlive(dictionary_owner_);
      if (dictionary_arena_) output.KeepAlive(dictionary_arena_);
    } else {
      if (page_owner_) output.KeepAlive(page_owner_);
      if (page_string_storage_) output.KeepAlive(page_string_storage_);
    }
  }
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::ReadTyped(idx_t count, Vector& output, Convert convert) {
  constexpr bool kStrings = std::is_same_v<Output, std::string_view>;
  std::shared_ptr<Arena> batch_arena;
  if constexpr (kStrings && !std::is_same_v<Convert, Identity>) {
    batch_arena = std::make_shared<Arena>(4096);
    output.KeepAlive(batch_arena);
  }
  idx_t filled = 0;
  while (filled < count) {
    if (page_values_left_ == 0) {
      convert.arena = batch_arena.get();
      NextPage<Physical, Output>(convert);
      continue;
    }
    idx_t batch = std::min<idx_t>(count - filled, page_values_left_);
    if (column_.max_definition_level > 0) {
      definition_levels_.GetBatch(definition_buffer_.data(), batch);
    }
    ReadPageEntries<Physical, Output>(batch, output, filled, batch_arena, convert);
    page_values_left_ -= batch;
    filled += batch;
  }
}

template <class Physical, class Output, class Convert>
idx_t ParquetColumnReader::ReadRecordsTyped(idx_t records, Vector& output,
                                            std::vector<uint8_t>* definition,
                                            std::vector<uint8_t>* repetition, Convert convert) {
  constexpr bool kStrings = std::is_same_v<Output, std::string_view>;
  std::shared_ptr<Arena> batch_arena;
  if constexpr (kStrings && !std::is_same_v<Convert, Identity>) {
    batch_arena = std::make_shared<Arena>(4096);
    output.KeepAlive(batch_arena);
  }
  idx_t filled = 0;
  idx_t started = 0;
  while (true) {
    if (page_values_left_ == 0) {
      // Past the last record of the batch: stop at the chunk's end, without reading on.
      if (started == records &&
          (chunk_position_ >= chunk_size_ ||
           static_cast<int64_t>(chunk_entries_read_) >= values_remaining_in_chunk_)) {
        break;
      }
      convert.arena = batch_arena.get();
      NextPage<Physical, Output>(convert);
      continue;
    }
    // The entries up to (not including) the start of record records + 1.
    const uint8_t* levels = page_repetition_levels_.data() + page_level_position_;
    idx_t available = page_values_left_;
    idx_t take = 0;
    for (; take < available; take++) {
      if (levels[take] == 0) {
        if (started == records) break;
        started++;
      } else if (started == 0) {
        Fail("a record starts with the repetition level " + std::to_string(levels[take]) +
             " instead of 0");
      }
    }
    if (take > 0) {
      if (filled + take > kMaxBatchEntries) {
        Fail("a batch of " + std::to_string(records) + " records holds more than " +
             std::to_string(kMaxBatchEntries) + " values");
      }
      if (filled + take > output.capacity()) {
        output.Resize(filled, std::max<idx_t>(filled + take, output.capacity() * 2));
      }
      if (definition_buffer_.size() < take) definition_buffer_.resize(take);
      if (take > 0) {
        std::memcpy(definition_buffer_.data(),
                    page_definition_levels_.data() + page_level_position_, take);
      }
      definition->insert(definition->end(), definition_buffer_.begin(),
                         definition_buffer_.begin() + take);
      repetition->insert(repetition->end(), levels, levels + take);
      ReadPageEntries<Physical, Output>(take, output, filled, batch_arena, convert);
      filled += take;
      page_values_left_ -= take;
      page_level_position_ += take;
      chunk_entries_read_ += take;
    }
    if (take < available) break;
  }
  return filled;
}

template <class Physical, class Output, class Convert>
void ParquetColumnReader::ReadWith(idx_t count, Vector& output, std::vector<uint8_t>* definition,
                                   std::vector<uint8_t>* repetition, idx_t* entries,
                                   Convert convert) {
  if (entries != nullptr) {
    *entries = ReadRecordsTyped<Physical, Output>(count, output, definition, repetition, convert);
  } else {
    ReadTyped<Physical, Output>(count, output, convert);
  }
}

void ParquetColumnReader::Read(idx_t count, Vector& output) {
  if (assembler_) {
    assembler_->Read(count, output);
    return;
  }
  Dispatch(count, output, nullptr, nullptr, nullptr);
}

idx_t ParquetColumnReader::ReadRecords(idx_t records, Vector& output,
                                       std::vector<uint8_t>* definition,
                                       std::vector<uint8_t>* repetition) {
  buffer_levels_ = true;
  idx_t entries = 0;
  Dispatch(records, output, definition, repetition, &entries);
  return entries;
}

// Calls Read (entries == nullptr) or ReadRecords with the types of the column's conversion.
void ParquetColumnReader::Dispatch(idx_t count, Vector& output, std::vector<uint8_t>* definition,
                                   std::vector<uint8_t>* repetition, idx_t* entries) {
  using C = ParquetConversion;
  try {
    switch (column_.conversion) {
      case C::kBoolean:
        ReadWith<bool, bool>(count, output, definition, repetition, entries, Identity{});
        break;
      case C::kInt32:
        ReadWith<int32_t, int32_t>(count, output, definition, repetition, entries, Identity{});
        break;
      case C::kUint32:
        ReadWith<int32_t, int64_t>(count, output, definition, repetition, entries, Uint32ToInt64{});
        break;
      case C::kInt32ToDecimal64:
        ReadWith<int32_t, int64_t>(count, output, definition, repetition, entries,
                                   Widen<int64_t>{});
        break;
      case C::kInt32ToDecimal128:
        ReadWith<int32_t, int128_t>(count, output, definition, repetition, entries,
                                    Widen<int128_t>{});
        break;
      case C::kInt64:
        ReadWith<int64_t, int64_t>(count, output, definition, repetition, entries, Identity{});
        break;
      case C::kInt64ToDecimal128:
        ReadWith<int64_t, int128_t>(count, output, definition, repetition, entries,
                                    Widen<int128_t>{});
        break;
      case C::kUint64:
        ReadWith<int64_t, int128_t>(count, output, definition, repetition, entries,
                                    Uint64ToInt128{});
        break;
      case C::kInt64MillisToMicros:
        ReadWith<int64_t, int64_t>(count, output, definition, repetition, entries,
                                   MillisToMicros{});
        break;
      case C::kInt64NanosToMicros:
        ReadWith<int64_t, int64_t>(count, output, definition, repetition, entries, NanosToMicros{});
        break;
      case C::kInt32TimeMillis: {
        TimeText convert;
        convert.units_per_second = 1000;
        ReadWith<int32_t, std::string_view>(count, output, definition, repetition, entries,
                                            convert);
        break;
      }
      case C::kInt64TimeMicros:
      case C::kInt64TimeNanos: {
        TimeText convert;
        convert.units_per_second = column_.conversion == C::kInt64TimeMicros ? 1000000 : 1000000000;
        ReadWith<int64_t, std::string_view>(count, output, definition, repetition, entries,
                                            convert);
        break;
      }
      case C::kInt96:
        ReadWith<ParquetInt96, int64_t>(count, output, definition, repetition, entries,
                                        Int96ToMicros{});
        break;
      case C::kFloat:
        ReadWith<float, double>(count, output, definition, repetition, entries, Widen<double>{});
        break;
      case C::kDouble:
        ReadWith<double, double>(count, output, definition, repetition, entries, Identity{});
        break;
      case C::kString:
        ReadWith<std::string_view, std::string_view>(count, output, definition, repetition, entries,
                                                     Identity{});
        break;
      case C::kUuid:
        ReadWith<std::string_view, std::string_view>(count, output, definition, repetition, entries,
                                                     UuidText{});
        break;
      case C::kBinaryToDecimal64:
        ReadWith<std::string_view, int64_t>(count, output, definition, repetition, entries,
                                            BinaryDecimal<int64_t>{});
        break;
      case C::kBinaryToDecimal128:
        ReadWith<std::string_view, int128_t>(count, output, definition, repetition, entries,
                                             BinaryDecimal<int128_t>{});
        break;
      case C::kFloat16:
        ReadWith<std::string_view, double>(count, output, definition, repetition, entries,
                                           Float16ToDouble{});
        break;
      case C::kInterval:
        ReadWith<std::string_view, Interval>(count, output, definition, repetition, entries,
                                             IntervalFromBytes{});
        break;
    }
  } catch (const TarnException& error) {
    if (error.code() == ErrorCode::kInvalidInput) {
      ThrowError(error.code(), FileError(file_->path(), Where() + ": " + error.what()));
    }
    throw;
  }
}

}  // namespace tarn

namespace tarn {

Value ParquetStatisticValue(const ParquetColumn& column, std::string_view bytes) {
  using C = ParquetConversion;
  const LogicalType& type = column.type;
  Arena arena(256);
  auto fixed = [&](auto& value) -> bool {
    if (bytes.size() != sizeof(value)) return false;
    std::memcpy(&value, bytes.data(), sizeof(value));
    return true;
  };
  auto decimal = [&](int128_t unscaled) {
    return Value::Decimal(unscaled, type.width(), type.scale());
  };
  int32_t int32_value = 0;
  int64_t int64_value = 0;
  switch (column.conversion) {
    case C::kBoolean:
      if (bytes.size() != 1) break;
      return Value::Boolean(bytes[0] != 0);
    case C::kInt32:
      if (bytes.size() != 4) break;
      std::memcpy(&int32_value, bytes.data(), 4);
      return type.id() == TypeId::kDate ? Value::Date(int32_value) : Value::Integer(int32_value);
    case C::kUint32:
      if (bytes.size() != 4) break;
      std::memcpy(&int32_value, bytes.data(), 4);
      return Value::Bigint(Uint32ToInt64{}(int32_value));
    case C::kInt32ToDecimal64:
    case C::kInt32ToDecimal128:
      if (bytes.size() != 4) break;
      std::memcpy(&int32_value, bytes.data(), 4);
      return decimal(int32_value);
    case C::kInt64:
    case C::kInt64ToDecimal128:
    case C::kUint64:
    case C::kInt64MillisToMicros:
    case C::kInt64NanosToMicros:
      if (bytes.size() != 8) break;
      std::memcpy(&int64_value, bytes.data(), 8);
      if (column.conversion == C::kUint64) return decimal(Uint64ToInt128{}(int64_value));
      if (type.id() == TypeId::kDecimal) return decimal(int64_value);
      if (column.conversion == C::kInt64MillisToMicros) {
        return Value::Timestamp(MillisToMicros{}(int64_value));
      }
      if (column.conversion == C::kInt64NanosToMicros) {
        return Value::Timestamp(NanosToMicros{}(int64_value));
      }
      return type.id() == TypeId::kTimestamp ? Value::Timestamp(int64_value)
                                             : Value::Bigint(int64_value);
    case C::kInt32TimeMillis:
    case C::kInt64TimeMicros:
    case C::kInt64TimeNanos: {
      TimeText convert;
      convert.arena = &arena;
      convert.units_per_second = column.conversion == C::kInt32TimeMillis   ? 1000
                                 : column.conversion == C::kInt64TimeMicros ? 1000000
                                                                            : 1000000000;
      if (column.conversion == C::kInt32TimeMillis) {
        if (bytes.size() != 4) break;
        std::memcpy(&int32_value, bytes.data(), 4);
        return Value::Varchar(std::string(convert(int32_value)));
      }
      if (bytes.size() != 8) break;
      std::memcpy(&int64_value, bytes.data(), 8);
      return Value::Varchar(std::string(convert(int64_value)));
    }
    case C::kInt96: {
      ParquetInt96 value{};
      if (!fixed(value) || !Int96ToMicros::InRange(value)) break;
      return Value::Timestamp(Int96ToMicros{}(value));
    }
    case C::kFloat: {
      float value = 0;
      if (!fixed(value)) break;
      return Value::Double(value);
    }
    case C::kDouble: {
      double value = 0;
      if (!fixed(value)) break;
      return Value::Double(value);
    }
    case C::kString:
      return Value::Varchar(std::string(bytes));
    case C::kUuid: {
      if (bytes.size() != 16) break;
      UuidText convert;
      convert.arena = &arena;
      return Value::Varchar(std::string(convert(bytes)));
    }
    case C::kBinaryToDecimal64:
    case C::kBinaryToDecimal128:
      if (bytes.size() > 16) break;
      return decimal(BinaryDecimal<int128_t>{}(bytes));
    case C::kFloat16:
      if (bytes.size() != 2) break;
      return Value::Double(Float16ToDouble{}(bytes));
    case C::kInterval:
      if (bytes.size() != 12) break;
      return Value::FromInterval(IntervalFromBytes{}(bytes));
  }
  return Value::Null(TypeId::kVarchar);
}

}  // namespace tarn
