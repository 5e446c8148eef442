#include "types/logical_type.h"

#include <algorithm>
#include <cctype>

#include "common/text_cursor.h"

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
    case TypeId::kList:
    case TypeId::kMap:
      return PhysicalType::kList;
    case TypeId::kStruct:
      return PhysicalType::kStruct;
  }
  return PhysicalType::kBool;
}

LogicalType LogicalType::List(const LogicalType& element) {
  LogicalType type(TypeId::kList);
  type.children_ =
      std::make_shared<const std::vector<ChildType>>(std::vector<ChildType>{{"element", element}});
  return type;
}

LogicalType LogicalType::Struct(std::vector<ChildType> fields) {
  LogicalType type(TypeId::kStruct);
  type.children_ = std::make_shared<const std::vector<ChildType>>(std::move(fields));
  return type;
}

LogicalType LogicalType::Map(const LogicalType& key, const LogicalType& value) {
  LogicalType type(TypeId::kMap);
  LogicalType entry = Struct({{"key", key}, {"value", value}});
  type.children_ =
      std::make_shared<const std::vector<ChildType>>(std::vector<ChildType>{{"entry", entry}});
  return type;
}

const std::vector<ChildType>& LogicalType::children() const {
  static const std::vector<ChildType> kNoChildren;
  return children_ ? *children_ : kNoChildren;
}

int LogicalType::FieldIndex(std::string_view name) const {
  const auto& fields = children();
  for (size_t i = 0; i < fields.size(); i++) {
    const std::string& field = fields[i].first;
    if (field.size() != name.size()) continue;
    bool same = true;
    for (size_t c = 0; c < name.size() && same; c++) {
      same = std::tolower(static_cast<unsigned char>(field[c])) ==
             std::tolower(static_cast<unsigned char>(name[c]));
    }
    if (same) return static_cast<int>(i);
  }
  return -1;
}

bool LogicalType::operator==(const LogicalType& other) const {
  if (id_ != other.id_ || width_ != other.width_ || scale_ != other.scale_) return false;
  if (children_ == other.children_) return true;
  return children() == other.children();
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
    case PhysicalType::kList:
      return sizeof(ListEntry);
    case PhysicalType::kStruct:
      return 0;
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
    case TypeId::kList:
      return ListChild().ToString() + "[]";
    case TypeId::kMap:
      return "MAP(" + MapKey().ToString() + ", " + MapValue().ToString() + ")";
    case TypeId::kStruct: {
      std::string text = "STRUCT(";
      for (size_t i = 0; i < children().size(); i++) {
        if (i > 0) text += ", ";
        const std::string& name = children()[i].first;
        bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
        for (char c : name)
          plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        text += plain ? name : "\"" + name + "\"";
        text += " " + children()[i].second.ToString();
      }
      return text + ")";
    }
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

Result<LogicalType> ParseScalarTypeName(std::string_view raw_name) {
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

// Recursive descent over a type name with nested parts. Scalar parts go to
// ParseScalarTypeName; `text_` is the whole name, for error messages.
class TypeNameParser : public TextCursor {
 public:
  explicit TypeNameParser(std::string_view text) : TextCursor(text) {}

  Result<LogicalType> ParseAll() {
    TARN_ASSIGN_OR_RETURN(LogicalType type, Parse(0));
    SkipSpace();
    if (position_ != text_.size())
      return Malformed("unexpected '" + std::string(1, text_[position_]) + "'");
    return type;
  }

 private:
  static constexpr int kMaxDepth = 64;

  Status Malformed(const std::string& why) const {
    return Status::Error(ErrorCode::kType,
                         "malformed type name '" + std::string(text_) + "': " + why);
  }
  // A bare or double-quoted word.
  std::string Word() {
    SkipSpace();
    std::string word;
    if (position_ < text_.size() && text_[position_] == '"') {
      position_++;
      while (position_ < text_.size()) {
        if (text_[position_] == '"') {
          if (position_ + 1 < text_.size() && text_[position_ + 1] == '"') {
            word += '"';
            position_ += 2;
            continue;
          }
          position_++;
          return word;
        }
        word += text_[position_++];
      }
      return word;
    }
    while (position_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[position_])) || text_[position_] == '_'))
      word += text_[position_++];
    return word;
  }

  Result<LogicalType> Parse(int depth) {
    if (depth > kMaxDepth) return Malformed("nested too deeply");
    TARN_ASSIGN_OR_RETURN(LogicalType type, ParseBase(depth));
    // Any number of [] suffixes.
    while (true) {
      size_t save = position_;
      if (Accept('[') && Accept(']')) {
        type = LogicalType::List(type);
        continue;
      }
      position_ = save;
      return type;
    }
  }

  Result<LogicalType> ParseBase(int depth) {
    SkipSpace();
    size_t start = position_;
    std::string word = Upper(Word());
    if (word.empty()) return Malformed("expected a type at position " + std::to_string(start + 1));
    if (word == "LIST" || word == "ARRAY") {
      char close = Accept('(') ? ')' : (Accept('<') ? '>' : 0);
      if (!close) return Malformed(word + " needs an element type");
      TARN_ASSIGN_OR_RETURN(LogicalType element, Parse(depth + 1));
      if (!Accept(close)) return Malformed("expected '" + std::string(1, close) + "'");
      return LogicalType::List(element);
    }
    if (word == "MAP") {
      char close = Accept('(') ? ')' : (Accept('<') ? '>' : 0);
      if (!close) return Malformed("MAP needs key and value types");
      TARN_ASSIGN_OR_RETURN(LogicalType key, Parse(depth + 1));
      if (!Accept(',')) return Malformed("MAP needs key and value types");
      TARN_ASSIGN_OR_RETURN(LogicalType value, Parse(depth + 1));
      if (!Accept(close)) return Malformed("expected '" + std::string(1, close) + "'");
      return LogicalType::Map(key, value);
    }
    if (word == "STRUCT" || word == "ROW") {
      char close = Accept('(') ? ')' : (Accept('<') ? '>' : 0);
      if (!close) return Malformed(word + " needs fields");
      std::vector<ChildType> fields;
      do {
        std::string name = Word();
        if (name.empty()) return Malformed("expected a field name");
        Accept(':');
        TARN_ASSIGN_OR_RETURN(LogicalType field_type, Parse(depth + 1));
        for (const auto& existing : fields) {
          if (Upper(existing.first) == Upper(name)) return Malformed("duplicate field " + name);
        }
        fields.emplace_back(std::move(name), std::move(field_type));
      } while (Accept(','));
      if (!Accept(close)) return Malformed("expected '" + std::string(1, close) + "'");
      return LogicalType::Struct(std::move(fields));
    }
    // A scalar: words (DOUBLE PRECISION) and an optional (width, scale).
    std::string scalar = word;
    while (true) {
      size_t save = position_;
      std::string next = Upper(Word());
      if (next == "PRECISION" || next == "VARYING") {
        scalar += " " + next;
        continue;
      }
      position_ = save;
      break;
    }
    SkipSpace();
    if (position_ < text_.size() && text_[position_] == '(') {
      size_t close = text_.find(')', position_);
      if (close == std::string_view::npos) return Malformed("missing ')'");
      scalar += std::string(text_.substr(position_, close + 1 - position_));
      position_ = close + 1;
    }
    return ParseScalarTypeName(scalar);
  }
};

}  // namespace

Result<LogicalType> ParseTypeName(std::string_view name) { return TypeNameParser(name).ParseAll(); }

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
  if (left.id() == right.id() && left.id() == TypeId::kList) {
    TARN_ASSIGN_OR_RETURN(LogicalType element,
                          CommonSuperType(left.ListChild(), right.ListChild()));
    return LogicalType::List(element);
  }
  if (left.id() == right.id() && left.id() == TypeId::kMap) {
    TARN_ASSIGN_OR_RETURN(LogicalType key, CommonSuperType(left.MapKey(), right.MapKey()));
    TARN_ASSIGN_OR_RETURN(LogicalType value, CommonSuperType(left.MapValue(), right.MapValue()));
    return LogicalType::Map(key, value);
  }
  if (left.id() == right.id() && left.id() == TypeId::kStruct &&
      left.children().size() == right.children().size()) {
    std::vector<ChildType> fields;
    for (size_t i = 0; i < left.children().size(); i++) {
      if (left.FieldIndex(right.children()[i].first) != static_cast<int>(i)) {
        return Status::Error(ErrorCode::kType, "cannot combine " + left.ToString() + " and " +
                                                   right.ToString() + ": fields differ");
      }
      TARN_ASSIGN_OR_RETURN(LogicalType field,
                            CommonSuperType(left.children()[i].second, right.children()[i].second));
      fields.emplace_back(left.children()[i].first, field);
    }
    return LogicalType::Struct(std::move(fields));
  }
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
