#include "formats/json/json_vector_writer.h"

#include <cmath>

#include "formats/json/json_document.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

using simdjson::dom::element_type;

// An integral double that fits in int64 (the range check excludes 2^63 itself).
bool DoubleToInt64(double value, int64_t* result) {
  if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) return false;
  if (std::trunc(value) != value) return false;
  *result = static_cast<int64_t>(value);
  return true;
}

bool ElementToInt64(simdjson::dom::element value, int64_t* result) {
  switch (value.type()) {
    case element_type::INT64:
      *result = int64_t(value);
      return true;
    case element_type::DOUBLE:
      return DoubleToInt64(double(value), result);
    case element_type::STRING:
      return numeric::TryParseInt64(std::string_view(value), result);
    default:
      return false;
  }
}

}  // namespace

JsonVectorWriter::JsonVectorWriter(const LogicalType& type, OnMismatch mode)
    : root_(MakeNode(type)), mode_(mode) {}

JsonVectorWriter::Node JsonVectorWriter::MakeNode(const LogicalType& type) {
  Node node;
  node.type = type;
  switch (type.id()) {
    case TypeId::kStruct:
      for (const auto& [name, field_type] : type.children()) {
        node.children.push_back(MakeNode(field_type));
      }
      for (idx_t i = 0; i < type.children().size(); i++) {
        node.field_index.emplace(std::string_view(type.children()[i].first), i);
      }
      node.seen.assign(type.children().size(), 0);
      break;
    case TypeId::kList:
      node.children.push_back(MakeNode(type.ListChild()));
      break;
    case TypeId::kMap:
      node.children.push_back(MakeNode(type.MapKey()));
      node.children.push_back(MakeNode(type.MapValue()));
      break;
    default:
      break;
  }
  return node;
}

void JsonVectorWriter::SetNull(Vector& vector, idx_t row) {
  vector.validity().SetInvalid(row);
  switch (vector.type().physical()) {
    case PhysicalType::kStruct:
      for (idx_t i = 0; i < vector.ChildCount(); i++) SetNull(vector.child(i), row);
      break;
    case PhysicalType::kList:
      vector.Data<ListEntry>()[row] = ListEntry{0, 0};
      break;
    default:
      break;
  }
}

bool JsonVectorWriter::Mismatch(const Node& node, simdjson::dom::element value, Vector& vector,
                                idx_t row) {
  if (mode_ == OnMismatch::kNull) {
    SetNull(vector, row);
    return true;
  }
  failure_value_ = value;
  failure_type_ = node.type;
  return false;
}

bool JsonVectorWriter::WriteNode(Node& node, simdjson::dom::element value, Vector& vector,
                                 idx_t row) {
  const element_type kind = value.type();
  if (kind == element_type::NULL_VALUE) {
    SetNull(vector, row);
    return true;
  }
  switch (node.type.id()) {
    case TypeId::kStruct:
      if (kind != element_type::OBJECT) return Mismatch(node, value, vector, row);
      return WriteStruct(node, value, vector, row);
    case TypeId::kList:
      if (kind != element_type::ARRAY) return Mismatch(node, value, vector, row);
      return WriteList(node, value, vector, row);
    case TypeId::kMap:
      if (kind != element_type::OBJECT) return Mismatch(node, value, vector, row);
      return WriteMap(node, value, vector, row);
    default:
      vector.validity().SetValid(row);
      if (!WriteScalar(node.type, value, vector, row)) return Mismatch(node, value, vector, row);
      return true;
  }
}

idx_t JsonVectorWriter::FindField(Node& node, std::string_view key, idx_t expected) const {
  // Objects usually list their keys in the same order: try the field after the last one.
  const auto& fields = node.type.children();
  if (expected < fields.size() && fields[expected].first == key) return expected;
  auto found = node.field_index.find(key);
  return found == node.field_index.end() ? fields.size() : found->second;
}

bool JsonVectorWriter::WriteStruct(Node& node, simdjson::dom::element value, Vector& vector,
                                   idx_t row) {
  vector.validity().SetValid(row);
  const uint64_t generation = ++node.generation;
  const idx_t field_count = node.children.size();
  idx_t expected = 0;
  for (auto field : simdjson::dom::object(value)) {
    idx_t index = FindField(node, field.key, expected);
    if (index == field_count) continue;
    expected = index + 1;
    node.seen[index] = generation;
    if (!WriteNode(node.children[index], field.value, vector.child(index), row)) {
      failure_path_.insert(0, "." + std::string(field.key));
      return false;
    }
  }
  for (idx_t i = 0; i < field_count; i++) {
    if (node.seen[i] != generation) SetNull(vector.child(i), row);
  }
  return true;
}

bool JsonVectorWriter::WriteList(Node& node, simdjson::dom::element value, Vector& vector,
                                 idx_t row) {
  simdjson::dom::array array(value);
  const idx_t length = array.size();
  const idx_t offset = vector.ReserveListElements(length);
  Vector& elements = vector.child(0);
  Node& element_node = node.children[0];
  idx_t index = 0;
  for (auto item : array) {
    if (!WriteNode(element_node, item, elements, offset + index)) {
      failure_path_.insert(0, "[" + std::to_string(index) + "]");
      return false;
    }
    index++;
  }
  vector.set_list_size(offset + length);
  vector.validity().SetValid(row);
  vector.Data<ListEntry>()[row] = ListEntry{offset, length};
  return true;
}

bool JsonVectorWriter::WriteMap(Node& node, simdjson::dom::element value, Vector& vector,
                                idx_t row) {
  simdjson::dom::object object(value);
  const idx_t length = object.size();
  const idx_t offset = vector.ReserveListElements(length);
  Vector& entries = vector.child(0);
  Vector& keys = entries.child(0);
  Vector& values = entries.child(1);
  idx_t index = 0;
  for (auto field : object) {
    const idx_t target = offset + index;
    entries.validity().SetValid(target);
    keys.validity().SetValid(target);
    bool key_fits = node.children[0].type.IsNested()
                        ? false
                        : WriteText(node.children[0].type, field.key, keys, target);
    if (!key_fits) {
      if (mode_ == OnMismatch::kNull) {
        SetNull(vector, row);
        return true;
      }
      failure_path_ = "." + std::string(field.key);
      failure_value_ = value;
      failure_type_ = node.children[0].type;
      return false;
    }
    if (!WriteNode(node.children[1], field.value, values, target)) {
      failure_path_.insert(0, "." + std::string(field.key));
      return false;
    }
    index++;
  }
  vector.set_list_size(offset + length);
  vector.validity().SetValid(row);
  vector.Data<ListEntry>()[row] = ListEntry{offset, length};
  return true;
}

bool JsonVectorWriter::WriteText(const LogicalType& type, std::string_view text, Vector& vector,
                                 idx_t row) {
  switch (type.id()) {
    case TypeId::kVarchar:
      vector.Data<std::string_view>()[row] = vector.AddString(text);
      return true;
    case TypeId::kBoolean:
      return numeric::TryParseBoolean(text, &vector.Data<bool>()[row]);
    case TypeId::kInteger: {
      int64_t number;
      if (!numeric::TryParseInt64(text, &number) || number < INT32_MIN || number > INT32_MAX) {
        return false;
      }
      vector.Data<int32_t>()[row] = static_cast<int32_t>(number);
      return true;
    }
    case TypeId::kBigint:
      return numeric::TryParseInt64(text, &vector.Data<int64_t>()[row]);
    case TypeId::kDouble:
      return numeric::TryParseDouble(text, &vector.Data<double>()[row]);
    case TypeId::kDecimal: {
      int128_t unscaled;
      if (!numeric::TryParseDecimal(text, type.width(), type.scale(), &unscaled)) return false;
      if (type.physical() == PhysicalType::kInt64) {
        vector.Data<int64_t>()[row] = static_cast<int64_t>(unscaled);
      } else {
        vector.Data<int128_t>()[row] = unscaled;
      }
      return true;
    }
    case TypeId::kDate:
      return date_time::TryParseDate(text, &vector.Data<int32_t>()[row]);
    case TypeId::kTimestamp:
      return date_time::TryParseTimestamp(text, &vector.Data<int64_t>()[row]);
    case TypeId::kInterval:
      return date_time::TryParseInterval(text, &vector.Data<Interval>()[row]);
    default:
      return false;
  }
}

bool JsonVectorWriter::WriteScalar(const LogicalType& type, simdjson::dom::element value,
                                   Vector& vector, idx_t row) {
  const element_type kind = value.type();
  if (kind == element_type::STRING) return WriteText(type, std::string_view(value), vector, row);
  switch (type.id()) {
    case TypeId::kBoolean:
      if (kind != element_type::BOOL) return false;
      vector.Data<bool>()[row] = bool(value);
      return true;
    case TypeId::kInteger: {
      int64_t number;
      if (!ElementToInt64(value, &number) || number < INT32_MIN || number > INT32_MAX) {
        return false;
      }
      vector.Data<int32_t>()[row] = static_cast<int32_t>(number);
      return true;
    }
    case TypeId::kBigint:
      return ElementToInt64(value, &vector.Data<int64_t>()[row]);
    case TypeId::kDouble:
      switch (kind) {
        case element_type::DOUBLE:
          vector.Data<double>()[row] = double(value);
          return true;
        case element_type::INT64:
          vector.Data<double>()[row] = static_cast<double>(int64_t(value));
          return true;
        case element_type::UINT64:
          vector.Data<double>()[row] = static_cast<double>(uint64_t(value));
          return true;
        default:
          return false;
      }
    case TypeId::kDecimal:
      if (kind != element_type::INT64 && kind != element_type::UINT64 &&
          kind != element_type::DOUBLE) {
        return false;
      }
      scratch_.clear();
      AppendJsonText(value, &scratch_);
      return WriteText(type, scratch_, vector, row);
    case TypeId::kVarchar:
      scratch_.clear();
      AppendJsonText(value, &scratch_);
      vector.Data<std::string_view>()[row] = vector.AddString(scratch_);
      return true;
    default:
      return false;
  }
}

}  // namespace tarn
