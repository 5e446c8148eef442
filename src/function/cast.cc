#include "function/cast.h"

#include <charconv>
#include <cmath>
#include <string>

#include "common/exception.h"
#include "common/text_cursor.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

enum class CastOutcome : uint8_t { kOk, kConversion, kOutOfRange };

[[noreturn]] void ThrowCastError(const Vector& source, idx_t row, const LogicalType& target,
                                 CastOutcome outcome) {
  Value value = source.GetValue(row);
  const bool out_of_range = outcome == CastOutcome::kOutOfRange;
  const ErrorCode code = out_of_range ? ErrorCode::kOutOfRange : ErrorCode::kConversion;
  const std::string reason = out_of_range ? ": the value is out of range" : "";
  if (source.type().id() == TypeId::kVarchar) {
    ThrowError(code, "Could not convert string '" + value.GetString() + "' to " +
                         target.ToString() + reason);
  }
  ThrowError(code, "Could not convert " + source.type().ToString() + " value " + value.ToString() +
                       " to " + target.ToString() + reason);
}

// The one loop behind every cast: NULL stays NULL, a failed row becomes NULL under
// try_cast and throws otherwise.
template <class Src, class Dst, class Op>
void CastLoop(const Vector& source, Vector& result, idx_t count, bool try_cast, Op&& op) {
  const Src* in = source.Data<Src>();
  Dst* out = result.Data<Dst>();
  const ValidityMask& mask = source.validity();
  ValidityMask& result_mask = result.validity();
  result_mask.SetAllValid();
  bool all_valid = mask.AllValid();
  for (idx_t i = 0; i < count; i++) {
    if (!all_valid && !mask.RowIsValid(i)) {
      result_mask.SetInvalid(i);
      continue;
    }
    CastOutcome outcome = op(in[i], &out[i]);
    if (outcome != CastOutcome::kOk) {
      if (!try_cast) ThrowCastError(source, i, result.type(), outcome);
      result_mask.SetInvalid(i);
    }
  }
}

// ---- Numbers stored as scaled integers (BOOLEAN, INTEGER, BIGINT, DECIMAL) ----

struct IntegerRange {
  int128_t min;
  int128_t max;
};

IntegerRange RangeOf(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kInteger:
      return {INT32_MIN, INT32_MAX};
    case TypeId::kBigint:
      return {INT64_MIN, INT64_MAX};
    default: {
      int128_t max = numeric::MaxDecimalValue(type.width());
      return {-max, max};
    }
  }
}

int ScaleOf(const LogicalType& type) { return type.id() == TypeId::kDecimal ? type.scale() : 0; }

template <class Src, class Dst>
void ScaledToScaled(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  int source_scale = ScaleOf(source.type());
  int target_scale = ScaleOf(result.type());
  IntegerRange range = RangeOf(result.type());
  if (target_scale >= source_scale) {
    int128_t factor = numeric::PowerOfTen(target_scale - source_scale);
    CastLoop<Src, Dst>(source, result, count, try_cast, [&](Src value, Dst* out) {
      int128_t scaled;
      if (__builtin_mul_overflow(static_cast<int128_t>(value), factor, &scaled) ||
          scaled < range.min || scaled > range.max) {
        return CastOutcome::kOutOfRange;
      }
      *out = static_cast<Dst>(scaled);
      return CastOutcome::kOk;
    });
    return;
  }
  int128_t divisor = numeric::PowerOfTen(source_scale - target_scale);
  CastLoop<Src, Dst>(source, result, count, try_cast, [&](Src value, Dst* out) {
    int128_t wide = static_cast<int128_t>(value);
    int128_t quotient = wide / divisor;
    int128_t remainder = wide % divisor;
    if (remainder < 0) remainder = -remainder;
    if (remainder * 2 >= divisor) quotient += wide < 0 ? -1 : 1;
    if (quotient < range.min || quotient > range.max) return CastOutcome::kOutOfRange;
    *out = static_cast<Dst>(quotient);
    return CastOutcome::kOk;
  });
}

template <class Src>
void CastToDestinationScaled(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  switch (result.type().physical()) {
    case PhysicalType::kInt32:
      return ScaledToScaled<Src, int32_t>(source, result, count, try_cast);
    case PhysicalType::kInt64:
      return ScaledToScaled<Src, int64_t>(source, result, count, try_cast);
    case PhysicalType::kInt128:
      return ScaledToScaled<Src, int128_t>(source, result, count, try_cast);
    default:
      break;
  }
  ThrowError(ErrorCode::kInternal, "bad scaled integer cast target " + result.type().ToString());
}

template <class Src>
void CastFromScaledInteger(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  int source_scale = ScaleOf(source.type());
  switch (result.type().id()) {
    case TypeId::kBoolean:
      CastLoop<Src, bool>(source, result, count, try_cast, [](Src value, bool* out) {
        *out = value != 0;
        return CastOutcome::kOk;
      });
      return;
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDecimal:
      return CastToDestinationScaled<Src>(source, result, count, try_cast);
    case TypeId::kDouble: {
      double divisor = static_cast<double>(numeric::PowerOfTen(source_scale));
      CastLoop<Src, double>(source, result, count, try_cast, [divisor](Src value, double* out) {
        *out = static_cast<double>(static_cast<int128_t>(value)) / divisor;
        return CastOutcome::kOk;
      });
      return;
    }
    case TypeId::kVarchar: {
      CastLoop<Src, std::string_view>(
          source, result, count, try_cast, [&](Src value, std::string_view* out) {
            if constexpr (std::is_same_v<Src, bool>) {
              *out = value ? std::string_view("true") : std::string_view("false");
            } else if constexpr (std::is_same_v<Src, int128_t>) {
              *out = result.AddString(numeric::FormatDecimal(value, source_scale));
            } else {
              if (source_scale > 0) {
                *out = result.AddString(numeric::FormatDecimal(value, source_scale));
              } else {
                char buffer[32];
                auto end = std::to_chars(buffer, buffer + sizeof(buffer), value).ptr;
                *out = result.AddString(std::string_view(buffer, end - buffer));
              }
            }
            return CastOutcome::kOk;
          });
      return;
    }
    default:
      break;
  }
  ThrowError(ErrorCode::kType, "Unsupported cast from " + source.type().ToString() + " to " +
                                   result.type().ToString());
}

// ---- DOUBLE ----

template <class Dst>
void DoubleToInteger(const Vector& source, Vector& result, idx_t count, bool try_cast, double low,
                     double high) {
  CastLoop<double, Dst>(source, result, count, try_cast, [low, high](double value, Dst* out) {
    if (!std::isfinite(value)) return CastOutcome::kConversion;
    double rounded = std::round(value);
    if (rounded < low || rounded >= high) return CastOutcome::kOutOfRange;
    *out = static_cast<Dst>(rounded);
    return CastOutcome::kOk;
  });
}

template <class Dst>
void DoubleToDecimal(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  uint8_t width = result.type().width(), scale = result.type().scale();
  // Through the shortest decimal text, so that 0.145 rounds as written (to 0.15).
  CastLoop<double, Dst>(source, result, count, try_cast, [width, scale](double value, Dst* out) {
    if (!std::isfinite(value)) return CastOutcome::kConversion;
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof(buffer), value).ptr;
    int128_t unscaled;
    if (!numeric::TryParseDecimal(std::string_view(buffer, end - buffer), width, scale,
                                  &unscaled)) {
      return CastOutcome::kOutOfRange;
    }
    *out = static_cast<Dst>(unscaled);
    return CastOutcome::kOk;
  });
}

void CastFromDouble(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  switch (result.type().id()) {
    case TypeId::kBoolean:
      CastLoop<double, bool>(source, result, count, try_cast, [](double value, bool* out) {
        if (std::isnan(value)) return CastOutcome::kConversion;
        *out = value != 0;
        return CastOutcome::kOk;
      });
      return;
    case TypeId::kInteger:
      return DoubleToInteger<int32_t>(source, result, count, try_cast, -2147483648.0, 2147483648.0);
    case TypeId::kBigint:
      return DoubleToInteger<int64_t>(source, result, count, try_cast, -9223372036854775808.0,
                                      9223372036854775808.0);
    case TypeId::kDecimal:
      if (result.type().physical() == PhysicalType::kInt64) {
        return DoubleToDecimal<int64_t>(source, result, count, try_cast);
      }
      return DoubleToDecimal<int128_t>(source, result, count, try_cast);
    case TypeId::kVarchar:
      CastLoop<double, std::string_view>(source, result, count, try_cast,
                                         [&result](double value, std::string_view* out) {
                                           *out = result.AddString(numeric::FormatDouble(value));
                                           return CastOutcome::kOk;
                                         });
      return;
    default:
      break;
  }
  ThrowError(ErrorCode::kType, "Unsupported cast from DOUBLE to " + result.type().ToString());
}

// ---- VARCHAR ----

// A text that failed to parse as an integer type is out of range when it is a well-formed
// whole number, and a conversion error otherwise.
CastOutcome IntegerParseFailure(std::string_view text) {
  numeric::DecimalShape shape;
  if (numeric::TryGetDecimalShape(text, &shape) && shape.fraction_digits == 0 &&
      !shape.has_exponent && text.find('.') == std::string_view::npos) {
    return CastOutcome::kOutOfRange;
  }
  return CastOutcome::kConversion;
}

template <class Dst>
void VarcharToDecimal(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  uint8_t width = result.type().width(), scale = result.type().scale();
  CastLoop<std::string_view, Dst>(
      source, result, count, try_cast, [width, scale](std::string_view text, Dst* out) {
        int128_t unscaled;
        if (!numeric::TryParseDecimal(text, width, scale, &unscaled)) {
          numeric::DecimalShape shape;
          return numeric::TryGetDecimalShape(text, &shape) ? CastOutcome::kOutOfRange
                                                           : CastOutcome::kConversion;
        }
        *out = static_cast<Dst>(unscaled);
        return CastOutcome::kOk;
      });
}

void CastFromVarchar(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  switch (result.type().id()) {
    case TypeId::kBoolean:
      CastLoop<std::string_view, bool>(
          source, result, count, try_cast, [](std::string_view text, bool* out) {
            return numeric::TryParseBoolean(text, out) ? CastOutcome::kOk
                                                       : CastOutcome::kConversion;
          });
      return;
    case TypeId::kInteger:
      CastLoop<std::string_view, int32_t>(
          source, result, count, try_cast, [](std::string_view text, int32_t* out) {
            return numeric::TryParseInt32(text, out) ? CastOutcome::kOk : IntegerParseFailure(text);
          });
      return;
    case TypeId::kBigint:
      CastLoop<std::string_view, int64_t>(
          source, result, count, try_cast, [](std::string_view text, int64_t* out) {
            return numeric::TryParseInt64(text, out) ? CastOutcome::kOk : IntegerParseFailure(text);
          });
      return;
    case TypeId::kDouble:
      CastLoop<std::string_view, double>(
          source, result, count, try_cast, [](std::string_view text, double* out) {
            return numeric::TryParseDouble(text, out) ? CastOutcome::kOk : CastOutcome::kConversion;
          });
      return;
    case TypeId::kDecimal:
      if (result.type().physical() == PhysicalType::kInt64) {
        return VarcharToDecimal<int64_t>(source, result, count, try_cast);
      }
      return VarcharToDecimal<int128_t>(source, result, count, try_cast);
    case TypeId::kDate:
      CastLoop<std::string_view, int32_t>(source, result, count, try_cast,
                                          [](std::string_view text, int32_t* out) {
                                            if (date_time::TryParseDate(text, out))
                                              return CastOutcome::kOk;
                                            // A timestamp text converts to its date, as in
                                            // PostgreSQL.
                                            int64_t timestamp;
                                            if (date_time::TryParseTimestamp(text, &timestamp)) {
                                              *out = date_time::TimestampDate(timestamp);
                                              return CastOutcome::kOk;
                                            }
                                            return CastOutcome::kConversion;
                                          });
      return;
    case TypeId::kTimestamp:
      CastLoop<std::string_view, int64_t>(
          source, result, count, try_cast, [](std::string_view text, int64_t* out) {
            return date_time::TryParseTimestamp(text, out) ? CastOutcome::kOk
                                                           : CastOutcome::kConversion;
          });
      return;
    case TypeId::kInterval:
      CastLoop<std::string_view, Interval>(
          source, result, count, try_cast, [](std::string_view text, Interval* out) {
            return date_time::TryParseInterval(text, out) ? CastOutcome::kOk
                                                          : CastOutcome::kConversion;
          });
      return;
    default:
      break;
  }
  ThrowError(ErrorCode::kType, "Unsupported cast from VARCHAR to " + result.type().ToString());
}

// ---- DATE, TIMESTAMP, INTERVAL ----

void CastFromTemporal(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  TypeId from = source.type().id(), to = result.type().id();
  if (from == TypeId::kDate && to == TypeId::kTimestamp) {
    CastLoop<int32_t, int64_t>(source, result, count, try_cast, [](int32_t days, int64_t* out) {
      *out = static_cast<int64_t>(days) * date_time::kMicrosPerDay;
      return CastOutcome::kOk;
    });
    return;
  }
  if (from == TypeId::kTimestamp && to == TypeId::kDate) {
    CastLoop<int64_t, int32_t>(source, result, count, try_cast, [](int64_t micros, int32_t* out) {
      *out = date_time::TimestampDate(micros);
      return CastOutcome::kOk;
    });
    return;
  }
  if (to == TypeId::kVarchar) {
    if (from == TypeId::kDate) {
      CastLoop<int32_t, std::string_view>(source, result, count, try_cast,
                                          [&result](int32_t days, std::string_view* out) {
                                            *out = result.AddString(date_time::FormatDate(days));
                                            return CastOutcome::kOk;
                                          });
      return;
    }
    if (from == TypeId::kTimestamp) {
      CastLoop<int64_t, std::string_view>(
          source, result, count, try_cast, [&result](int64_t micros, std::string_view* out) {
            *out = result.AddString(date_time::FormatTimestamp(micros));
            return CastOutcome::kOk;
          });
      return;
    }
    CastLoop<Interval, std::string_view>(
        source, result, count, try_cast, [&result](const Interval& value, std::string_view* out) {
          *out = result.AddString(date_time::FormatInterval(value));
          return CastOutcome::kOk;
        });
    return;
  }
  ThrowError(ErrorCode::kType, "Unsupported cast from " + source.type().ToString() + " to " +
                                   result.type().ToString());
}

bool IsScaledInteger(TypeId id) {
  return id == TypeId::kBoolean || id == TypeId::kInteger || id == TypeId::kBigint ||
         id == TypeId::kDecimal;
}

// LIST -> LIST, MAP -> MAP, STRUCT -> STRUCT (fields by position): the rows keep their
// shape and the children are cast.
void CastNested(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  if (source.type().physical() == PhysicalType::kList) {
    idx_t elements = source.list_size();
    result.ReserveListElements(elements);
    CastVector(source.child(0), result.child(0), elements, try_cast);
    result.set_list_size(elements);
    std::copy(source.Data<ListEntry>(), source.Data<ListEntry>() + count, result.Data<ListEntry>());
  } else {
    for (idx_t i = 0; i < result.ChildCount(); i++) {
      CastVector(source.child(i), result.child(i), count, try_cast);
    }
  }
  for (idx_t i = 0; i < count; i++) result.validity().Set(i, source.validity().RowIsValid(i));
}

void NestedToVarchar(const Vector& source, Vector& result, idx_t count) {
  auto* out = result.Data<std::string_view>();
  for (idx_t i = 0; i < count; i++) {
    if (!source.validity().RowIsValid(i)) {
      result.validity().SetInvalid(i);
      continue;
    }
    result.validity().SetValid(i);
    out[i] = result.AddString(source.GetValue(i).ToString());
  }
}

// Reads nested values from text as tarn prints them: [1, 2], ['a', NULL], {'k': v},
// {k=v}; JSON-style double quotes work too. Scalars inside are cast from their text.
class NestedTextParser : public TextCursor {
 public:
  explicit NestedTextParser(std::string_view text) : TextCursor(text) {}

  // False when the text is not a value of `type`.
  bool ParseAll(const LogicalType& type, Value* value) {
    if (!Parse(type, value, 0)) return false;
    SkipSpace();
    return position_ == text_.size();
  }

 private:
  static constexpr int kMaxDepth = 64;

  // A quoted string or bare text up to a delimiter at this level; `quoted` tells which.
  bool Scalar(std::string* out, bool* quoted) {
    SkipSpace();
    out->clear();
    *quoted = false;
    if (position_ < text_.size() && (text_[position_] == '\'' || text_[position_] == '"')) {
      char quote = text_[position_++];
      *quoted = true;
      while (position_ < text_.size()) {
        char c = text_[position_++];
        if (c == quote) {
          if (position_ < text_.size() && text_[position_] == quote) {
            *out += quote;
            position_++;
            continue;
          }
          return true;
        }
        if (c == '\\' && quote == '"' && position_ < text_.size()) c = text_[position_++];
        *out += c;
      }
      return false;
    }
    size_t start = position_;
    while (position_ < text_.size() &&
           std::string_view(",]}:=").find(text_[position_]) == std::string_view::npos) {
      position_++;
    }
    std::string_view raw = text_.substr(start, position_ - start);
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back())))
      raw.remove_suffix(1);
    *out = std::string(raw);
    return true;
  }

  bool Parse(const LogicalType& type, Value* value, int depth) {
    if (depth > kMaxDepth) return false;
    SkipSpace();
    if (type.id() == TypeId::kList) {
      if (!Accept('[')) return BareNull(type, value);
      std::vector<Value> elements;
      if (!Accept(']')) {
        do {
          Value element;
          if (!Parse(type.ListChild(), &element, depth + 1)) return false;
          elements.push_back(std::move(element));
        } while (Accept(','));
        if (!Accept(']')) return false;
      }
      *value = Value::List(type.ListChild(), std::move(elements));
      return true;
    }
    if (type.id() == TypeId::kStruct || type.id() == TypeId::kMap) {
      if (!Accept('{')) return BareNull(type, value);
      std::vector<Value> fields(type.id() == TypeId::kStruct ? type.children().size() : 0);
      for (size_t i = 0; i < fields.size(); i++) fields[i] = Value::Null(type.children()[i].second);
      std::vector<Value> entries;
      if (!Accept('}')) {
        do {
          if (type.id() == TypeId::kStruct) {
            std::string name;
            bool quoted;
            if (!Scalar(&name, &quoted) || !Accept(':')) return false;
            int field = type.FieldIndex(name);
            if (field < 0) return false;
            if (!Parse(type.children()[field].second, &fields[field], depth + 1)) return false;
          } else {
            Value key, item;
            if (!Parse(type.MapKey(), &key, depth + 1)) return false;
            if (!Accept('=') && !Accept(':')) return false;
            if (!Parse(type.MapValue(), &item, depth + 1)) return false;
            entries.push_back(Value::Struct(type.ListChild(), {std::move(key), std::move(item)}));
          }
        } while (Accept(','));
        if (!Accept('}')) return false;
      }
      *value = type.id() == TypeId::kStruct ? Value::Struct(type, std::move(fields))
                                            : Value::Map(type, std::move(entries));
      return true;
    }
    std::string text;
    bool quoted;
    if (!Scalar(&text, &quoted)) return false;
    if (!quoted && (text == "NULL" || text == "null")) {
      *value = Value::Null(type);
      return true;
    }
    Vector source(LogicalType(TypeId::kVarchar), 1);
    source.SetValue(0, Value::Varchar(text));
    Vector result(type, 1);
    CastVector(source, result, 1, /*try_cast=*/true);
    if (!result.validity().RowIsValid(0)) return false;
    *value = result.GetValue(0);
    return true;
  }

  bool BareNull(const LogicalType& type, Value* value) {
    std::string text;
    bool quoted;
    if (!Scalar(&text, &quoted) || quoted || (text != "NULL" && text != "null")) return false;
    *value = Value::Null(type);
    return true;
  }
};

void VarcharToNested(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  const auto* in = source.Data<std::string_view>();
  for (idx_t i = 0; i < count; i++) {
    if (!source.validity().RowIsValid(i)) {
      result.SetValue(i, Value::Null(result.type()));
      continue;
    }
    Value value;
    if (!NestedTextParser(in[i]).ParseAll(result.type(), &value)) {
      if (!try_cast) ThrowCastError(source, i, result.type(), CastOutcome::kConversion);
      value = Value::Null(result.type());
    }
    result.SetValue(i, value);
  }
}

bool SameShape(const LogicalType& from, const LogicalType& to) {
  return from.id() == to.id() && from.IsNested() && from.children().size() == to.children().size();
}

}  // namespace

void CastVector(const Vector& source, Vector& result, idx_t count, bool try_cast) {
  const LogicalType& from = source.type();
  const LogicalType& to = result.type();
  if (from.id() == TypeId::kNull) {
    result.validity().SetAllInvalid(count);
    return;
  }
  if (from == to) {
    result.CopyFrom(source, nullptr, count, 0);
    return;
  }
  if (!CastExists(from, to)) {
    ThrowError(ErrorCode::kType,
               "Unsupported cast from " + from.ToString() + " to " + to.ToString());
  }
  if (from.id() == TypeId::kVarchar && to.IsNested()) {
    return VarcharToNested(source, result, count, try_cast);
  }
  if (from.IsNested()) {
    if (to.id() == TypeId::kVarchar) return NestedToVarchar(source, result, count);
    return CastNested(source, result, count, try_cast);
  }
  if (from.id() == TypeId::kVarchar) return CastFromVarchar(source, result, count, try_cast);
  if (from.id() == TypeId::kDouble) return CastFromDouble(source, result, count, try_cast);
  if (IsScaledInteger(from.id())) {
    switch (from.physical()) {
      case PhysicalType::kBool:
        return CastFromScaledInteger<bool>(source, result, count, try_cast);
      case PhysicalType::kInt32:
        return CastFromScaledInteger<int32_t>(source, result, count, try_cast);
      case PhysicalType::kInt64:
        return CastFromScaledInteger<int64_t>(source, result, count, try_cast);
      case PhysicalType::kInt128:
        return CastFromScaledInteger<int128_t>(source, result, count, try_cast);
      default:
        break;
    }
  }
  CastFromTemporal(source, result, count, try_cast);
}

bool CastExists(const LogicalType& from, const LogicalType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (to.id() == TypeId::kNull) return false;
  if (from.IsNested() || to.IsNested()) {
    if (to.id() == TypeId::kVarchar || from.id() == TypeId::kVarchar) return true;
    if (!SameShape(from, to)) return false;
    for (size_t i = 0; i < from.children().size(); i++) {
      if (!CastExists(from.children()[i].second, to.children()[i].second)) return false;
    }
    return true;
  }
  if (to.id() == TypeId::kVarchar || from.id() == TypeId::kVarchar) return true;
  bool from_number = from.IsNumeric() || from.id() == TypeId::kBoolean;
  bool to_number = to.IsNumeric() || to.id() == TypeId::kBoolean;
  if (from_number && to_number) return true;
  return from.IsTemporal() && to.IsTemporal();
}

bool CanCastImplicitly(const LogicalType& from, const LogicalType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  switch (from.id()) {
    case TypeId::kInteger:
      if (to.id() == TypeId::kBigint || to.id() == TypeId::kDouble) return true;
      return to.id() == TypeId::kDecimal && to.width() - to.scale() >= 10;
    case TypeId::kBigint:
      if (to.id() == TypeId::kDouble) return true;
      return to.id() == TypeId::kDecimal && to.width() - to.scale() >= 19;
    case TypeId::kDecimal:
      if (to.id() == TypeId::kDouble) return true;
      return to.id() == TypeId::kDecimal && to.scale() >= from.scale() &&
             to.width() - to.scale() >= from.width() - from.scale();
    case TypeId::kDate:
      return to.id() == TypeId::kTimestamp;
    case TypeId::kList:
    case TypeId::kStruct:
    case TypeId::kMap:
      if (!SameShape(from, to)) return false;
      for (size_t i = 0; i < from.children().size(); i++) {
        if (from.id() == TypeId::kStruct && to.FieldIndex(from.children()[i].first) != int(i))
          return false;
        if (!CanCastImplicitly(from.children()[i].second, to.children()[i].second)) return false;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace tarn
