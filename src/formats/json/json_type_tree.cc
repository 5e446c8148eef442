#include "formats/json/json_type_tree.h"

#include <cctype>

#include "types/date_time.h"

namespace tarn {

JsonKind JoinJsonKinds(JsonKind left, JsonKind right) {
  if (left == right) return left;
  if (left == JsonKind::kNull) return right;
  if (right == JsonKind::kNull) return left;
  auto either = [&](JsonKind a, JsonKind b) {
    return (left == a && right == b) || (left == b && right == a);
  };
  if (either(JsonKind::kBigint, JsonKind::kDouble)) return JsonKind::kDouble;
  if (either(JsonKind::kDate, JsonKind::kTimestamp)) return JsonKind::kTimestamp;
  auto is_text = [](JsonKind kind) {
    return kind == JsonKind::kDate || kind == JsonKind::kTimestamp || kind == JsonKind::kString;
  };
  if (is_text(left) && is_text(right)) return JsonKind::kString;
  return JsonKind::kVarchar;
}

JsonKind JsonTypeNode::KindOf(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::NULL_VALUE:
      return JsonKind::kNull;
    case element_type::BOOL:
      return JsonKind::kBoolean;
    case element_type::INT64:
      return JsonKind::kBigint;
    case element_type::UINT64:
      // simdjson uses UINT64 only above INT64_MAX, which BIGINT does not hold.
      return JsonKind::kDouble;
    case element_type::DOUBLE:
      return JsonKind::kDouble;
    case element_type::STRING: {
      std::string_view text(value);
      // Cheap rejection first: ISO dates start with four digits and a dash.
      if (text.size() >= 10 && text.size() <= 40 && text[4] == '-' && text[0] >= '0' &&
          text[0] <= '9') {
        int32_t days;
        if (date_time::TryParseDate(text, &days)) return JsonKind::kDate;
        int64_t micros;
        if (date_time::TryParseTimestamp(text, &micros)) return JsonKind::kTimestamp;
      }
      return JsonKind::kString;
    }
    case element_type::OBJECT:
      return JsonKind::kObject;
    case element_type::ARRAY:
      return JsonKind::kArray;
  }
  return JsonKind::kVarchar;
}

void JsonTypeNode::Widen(JsonKind kind) {
  JsonKind joined = JoinJsonKinds(kind_, kind);
  if (joined == kind_) return;
  kind_ = joined;
  if (kind_ != JsonKind::kObject && kind_ != JsonKind::kArray) {
    fields_.clear();
    field_index_.clear();
    element_.reset();
  }
}

void JsonTypeNode::CollapseToVarchar() {
  kind_ = JsonKind::kVarchar;
  fields_.clear();
  field_index_.clear();
  element_.reset();
}

void JsonTypeNode::ObserveAt(simdjson::dom::element value, size_t depth) {
  if (kind_ == JsonKind::kVarchar) return;
  JsonKind kind = KindOf(value);
  Widen(kind);
  if (kind_ == JsonKind::kVarchar || kind != kind_) return;
  if (kind_ == JsonKind::kObject) {
    if (depth >= kMaxDepth) {
      CollapseToVarchar();
      return;
    }
    for (auto field : simdjson::dom::object(value)) {
      auto [it, inserted] = field_index_.try_emplace(std::string(field.key), fields_.size());
      if (inserted) {
        if (fields_.size() >= kMaxFields) {
          CollapseToVarchar();
          return;
        }
        fields_.emplace_back(std::string(field.key), std::make_unique<JsonTypeNode>());
      }
      fields_[it->second].second->ObserveAt(field.value, depth + 1);
    }
  } else if (kind_ == JsonKind::kArray) {
    if (depth >= kMaxDepth) {
      CollapseToVarchar();
      return;
    }
    if (!element_) element_ = std::make_unique<JsonTypeNode>();
    for (auto item : simdjson::dom::array(value)) element_->ObserveAt(item, depth + 1);
  }
}

LogicalType JsonTypeNode::ToLogicalType() const {
  switch (kind_) {
    case JsonKind::kBoolean:
      return TypeId::kBoolean;
    case JsonKind::kBigint:
      return TypeId::kBigint;
    case JsonKind::kDouble:
      return TypeId::kDouble;
    case JsonKind::kDate:
      return TypeId::kDate;
    case JsonKind::kTimestamp:
      return TypeId::kTimestamp;
    case JsonKind::kObject: {
      // An object seen only empty, or with keys that differ only in case (which SQL field
      // names cannot tell apart), stays JSON text.
      if (fields_.empty()) return TypeId::kVarchar;
      std::vector<ChildType> fields;
      std::unordered_map<std::string, size_t> folded;
      for (const auto& [name, node] : fields_) {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!folded.emplace(std::move(lower), fields.size()).second) return TypeId::kVarchar;
        fields.emplace_back(name, node->ToLogicalType());
      }
      return LogicalType::Struct(std::move(fields));
    }
    case JsonKind::kArray:
      return LogicalType::List(element_ ? element_->ToLogicalType()
                                        : LogicalType(TypeId::kVarchar));
    default:
      return TypeId::kVarchar;
  }
}

}  // namespace tarn
