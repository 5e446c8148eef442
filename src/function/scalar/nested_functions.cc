// Functions that build and take apart LIST, STRUCT and MAP values: constructors
// (list_value, struct_pack, map), access (element_at / x[i], struct_extract / s.field,
// list_slice / x[a:b]), and list functions (length, contains, position, sort, distinct,
// concat, flatten, reverse, join, split, reductions).
//
// List kernels build their result the same way: they pick, per output row, which elements
// of an input list vector's child go into it (a list of element rows), then copy those
// elements into the result's child in one gather.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <string_view>

#include "common/string_distance.h"
#include "execution/key_encoder.h"
#include "function/cast.h"
#include "function/function.h"
#include "function/scalar_kernels.h"

namespace tarn {

namespace {

Status Mismatch(const std::string& name, const std::vector<LogicalType>& types,
                const std::string& expected) {
  return Status::Error(ErrorCode::kBinder, "No function matches " +
                                               FunctionSignatureText(name, types) + ": " + name +
                                               " takes " + expected);
}

BoundScalarFunction Bound(const std::string& name, std::vector<LogicalType> arguments,
                          LogicalType return_type, ScalarKernel kernel) {
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types = std::move(arguments);
  bound.return_type = std::move(return_type);
  bound.kernel = std::move(kernel);
  return bound;
}

bool IsList(const LogicalType& type) { return type.id() == TypeId::kList; }

// The element type for a list argument that may be a bare NULL.
LogicalType ElementOf(const LogicalType& type) {
  return IsList(type) ? type.ListChild() : LogicalType(TypeId::kNull);
}

// Writes result rows from chosen elements of `elements` (the child of an input list
// vector): row i gets element rows [starts[i], starts[i + 1]) of `picked`, or NULL where
// `valid[i]` is false.
void EmitLists(const Vector& elements, const std::vector<uint32_t>& picked,
               const std::vector<uint64_t>& starts, const std::vector<bool>& valid,
               Vector& result) {
  idx_t count = valid.size();
  result.set_list_size(0);
  idx_t offset = result.ReserveListElements(picked.size());
  if (!picked.empty()) result.child(0).CopyFrom(elements, picked.data(), picked.size(), offset);
  result.set_list_size(offset + picked.size());
  auto* entries = result.Data<ListEntry>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  for (idx_t i = 0; i < count; i++) {
    entries[i] = ListEntry{offset + starts[i], starts[i + 1] - starts[i]};
    if (!valid[i]) mask.SetInvalid(i);
  }
}

// Memcmp-ordered keys of every element of a list vector's child (NULLs sort last).
std::vector<std::string_view> ElementKeys(const Vector& list, Arena& arena) {
  const Vector& elements = list.child(0);
  std::vector<std::string_view> keys(list.list_size());
  if (!keys.empty()) {
    KeyOrder order{false, false};
    EncodeKeys({&elements}, nullptr, keys.size(), {order}, arena, keys.data());
  }
  return keys;
}

std::vector<std::string_view> RowKeys(const Vector& column, idx_t count, Arena& arena) {
  std::vector<std::string_view> keys(count);
  if (count > 0)
    EncodeKeys({&column}, nullptr, count, {KeyOrder{false, false}}, arena, keys.data());
  return keys;
}

// ---- constructors ----

Result<BoundScalarFunction> BindListValue(const std::vector<LogicalType>& types,
                                          const std::vector<std::optional<Value>>&) {
  LogicalType element(TypeId::kNull);
  for (const auto& type : types) {
    auto common = CommonSuperType(element, type);
    if (!common.ok()) {
      return Status::Error(ErrorCode::kType,
                           "list elements must share a type: " + common.status().message());
    }
    element = common.value();
  }
  // An empty list or one of NULLs has element type NULL until it meets another list.
  std::vector<LogicalType> arguments(types.size(), element);
  return Bound("list_value", arguments, LogicalType::List(element),
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 idx_t width = arguments.ColumnCount();
                 result.set_list_size(0);
                 result.ReserveListElements(count * width);
                 Vector& elements = result.child(0);
                 std::vector<uint32_t> rows(count);
                 std::iota(rows.begin(), rows.end(), 0);
                 auto* entries = result.Data<ListEntry>();
                 result.validity().SetAllValid();
                 for (idx_t i = 0; i < count; i++) entries[i] = ListEntry{i * width, width};
                 // Column c of row i goes to element i * width + c.
                 for (idx_t c = 0; c < width; c++) {
                   for (idx_t i = 0; i < count; i++) {
                     elements.CopyFrom(arguments.column(c), &rows[i], 1, i * width + c);
                   }
                 }
                 result.set_list_size(count * width);
               });
}

Result<BoundScalarFunction> BindStructPack(const std::vector<LogicalType>& types,
                                           const std::vector<std::optional<Value>>& constants) {
  if (types.empty() || types.size() % 2 != 0) {
    return Mismatch("struct_pack", types, "pairs of a field name and a value");
  }
  std::vector<ChildType> fields;
  for (size_t i = 0; i < types.size(); i += 2) {
    if (!constants[i] || constants[i]->type().id() != TypeId::kVarchar || constants[i]->is_null()) {
      return Mismatch("struct_pack", types, "pairs of a constant field name and a value");
    }
    std::string name = constants[i]->GetString();
    for (const auto& field : fields) {
      if (LogicalType::Struct({field}).FieldIndex(name) >= 0) {
        return Status::Error(ErrorCode::kBinder, "struct field \"" + name + "\" appears twice");
      }
    }
    fields.emplace_back(std::move(name), types[i + 1]);
  }
  std::vector<LogicalType> arguments;
  for (const auto& field : fields) {
    arguments.push_back(LogicalType(TypeId::kVarchar));
    arguments.push_back(field.second);
  }
  return Bound("struct_pack", arguments, LogicalType::Struct(fields),
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 result.validity().SetAllValid();
                 for (idx_t f = 0; f < result.ChildCount(); f++) {
                   result.child(f).CopyFrom(arguments.column(2 * f + 1), nullptr, count, 0);
                 }
               });
}

Result<BoundScalarFunction> BindMap(const std::vector<LogicalType>& types,
                                    const std::vector<std::optional<Value>>&) {
  if (types.size() != 2 || (!IsList(types[0]) && types[0].id() != TypeId::kNull) ||
      (!IsList(types[1]) && types[1].id() != TypeId::kNull)) {
    return Mismatch("map", types, "a list of keys and a list of values");
  }
  LogicalType key = ElementOf(types[0]), value = ElementOf(types[1]);
  LogicalType map = LogicalType::Map(key, value);
  return Bound(
      "map", {LogicalType::List(key), LogicalType::List(value)}, map,
      [](DataChunk& arguments, const FunctionData*, Vector& result) {
        idx_t count = arguments.size();
        const Vector& keys = arguments.column(0);
        const Vector& values = arguments.column(1);
        Arena arena(4096);
        std::vector<std::string_view> key_bytes = ElementKeys(keys, arena);
        std::vector<uint32_t> key_rows, value_rows;
        result.set_list_size(0);
        auto* entries = result.Data<ListEntry>();
        result.validity().SetAllValid();
        for (idx_t i = 0; i < count; i++) {
          entries[i] = ListEntry{key_rows.size(), 0};
          if (!keys.validity().RowIsValid(i) || !values.validity().RowIsValid(i)) {
            result.validity().SetInvalid(i);
            continue;
          }
          ListEntry key_entry = keys.Data<ListEntry>()[i];
          ListEntry value_entry = values.Data<ListEntry>()[i];
          if (key_entry.length != value_entry.length) {
            ThrowError(ErrorCode::kInvalidInput,
                       "map: " + std::to_string(key_entry.length) + " keys but " +
                           std::to_string(value_entry.length) + " values");
          }
          for (idx_t e = 0; e < key_entry.length; e++) {
            uint32_t key_row = static_cast<uint32_t>(key_entry.offset + e);
            if (!keys.child(0).validity().RowIsValid(key_row)) {
              ThrowError(ErrorCode::kInvalidInput, "map keys must not be NULL");
            }
            for (idx_t previous = 0; previous < e; previous++) {
              if (key_bytes[key_entry.offset + previous] == key_bytes[key_row]) {
                ThrowError(ErrorCode::kInvalidInput,
                           "map keys must be unique: " +
                               keys.child(0).GetValue(key_row).ToString() + " appears twice");
              }
            }
            key_rows.push_back(key_row);
            value_rows.push_back(static_cast<uint32_t>(value_entry.offset + e));
          }
          entries[i].length = key_entry.length;
        }
        idx_t offset = result.ReserveListElements(key_rows.size());
        Vector& entry_struct = result.child(0);
        if (!key_rows.empty()) {
          entry_struct.child(0).CopyFrom(keys.child(0), key_rows.data(), key_rows.size(), offset);
          entry_struct.child(1).CopyFrom(values.child(0), value_rows.data(), value_rows.size(),
                                         offset);
        }
        result.set_list_size(offset + key_rows.size());
      });
}

// ---- access ----

Result<int> FieldOf(const std::string& function, const LogicalType& type,
                    const std::optional<Value>& name) {
  if (!name || name->is_null() || name->type().id() != TypeId::kVarchar) {
    return Status::Error(ErrorCode::kBinder,
                         function + ": the field name must be a constant string");
  }
  int index = type.FieldIndex(name->GetString());
  if (index < 0) {
    std::vector<std::string> names;
    for (const auto& field : type.children()) names.push_back(field.first);
    return Status::Error(ErrorCode::kBinder, "struct " + type.ToString() + " has no field \"" +
                                                 name->GetString() + "\"." +
                                                 DidYouMean(name->GetString(), names));
  }
  return index;
}

BoundScalarFunction StructExtract(const std::string& name, const LogicalType& type, int field) {
  return Bound(name, {type, LogicalType(TypeId::kVarchar)}, type.children()[field].second,
               [field](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& input = arguments.column(0);
                 result.CopyFrom(input.child(field), nullptr, count, 0);
                 if (!input.validity().AllValid()) {
                   for (idx_t i = 0; i < count; i++) {
                     if (!input.validity().RowIsValid(i)) result.validity().SetInvalid(i);
                   }
                 }
               });
}

Result<BoundScalarFunction> BindStructExtract(const std::vector<LogicalType>& types,
                                              const std::vector<std::optional<Value>>& constants) {
  if (types.size() != 2 || types[0].id() != TypeId::kStruct) {
    if (types.size() == 2 && types[0].id() != TypeId::kNull) {
      return Status::Error(ErrorCode::kBinder, "cannot access field " +
                                                   (constants[1] ? constants[1]->ToString() : "") +
                                                   " of a value of type " + types[0].ToString() +
                                                   ": it is not a STRUCT");
    }
    return Mismatch("struct_extract", types, "a STRUCT and a field name");
  }
  TARN_ASSIGN_OR_RETURN(int field, FieldOf("struct_extract", types[0], constants[1]));
  return StructExtract("struct_extract", types[0], field);
}

// Rows of a list element picked by a 1-based index (negative counts from the end).
bool ElementRow(const ListEntry& entry, int64_t index, uint32_t* row) {
  int64_t length = static_cast<int64_t>(entry.length);
  if (index < 0) index += length + 1;
  if (index < 1 || index > length) return false;
  *row = static_cast<uint32_t>(entry.offset + static_cast<uint64_t>(index - 1));
  return true;
}

// Copies picked child rows (or NULL where picked[i] < 0) into a flat result.
void GatherElements(const Vector& elements, const std::vector<int64_t>& picked, Vector& result) {
  std::vector<uint32_t> rows(picked.size());
  for (size_t i = 0; i < picked.size(); i++) rows[i] = picked[i] < 0 ? 0 : uint32_t(picked[i]);
  if (elements.capacity() == 0 || picked.empty()) {
    result.validity().SetAllInvalid(picked.size());
    return;
  }
  result.CopyFrom(elements, rows.data(), rows.size(), 0);
  for (size_t i = 0; i < picked.size(); i++) {
    if (picked[i] < 0) result.validity().SetInvalid(i);
  }
}

Result<BoundScalarFunction> BindElementAt(const std::vector<LogicalType>& types,
                                          const std::vector<std::optional<Value>>& constants) {
  if (types.size() == 2 && types[0].id() == TypeId::kStruct) {
    TARN_ASSIGN_OR_RETURN(int field, FieldOf("element_at", types[0], constants[1]));
    return StructExtract("element_at", types[0], field);
  }
  if (types.size() == 2 && types[0].id() == TypeId::kMap) {
    LogicalType key = types[0].MapKey();
    if (!CanCastImplicitly(types[1], key)) {
      return Mismatch("element_at", types,
                      "a MAP(" + key.ToString() + ", ...) and a key of type " + key.ToString());
    }
    return Bound("element_at", {types[0], key}, types[0].MapValue(),
                 [](DataChunk& arguments, const FunctionData*, Vector& result) {
                   idx_t count = arguments.size();
                   const Vector& map = arguments.column(0);
                   const Vector& keys = map.child(0).child(0);
                   Arena arena(4096);
                   std::vector<std::string_view> key_bytes(map.list_size());
                   if (!key_bytes.empty()) {
                     EncodeKeys({&keys}, nullptr, key_bytes.size(), {KeyOrder{false, false}}, arena,
                                key_bytes.data());
                   }
                   std::vector<std::string_view> wanted =
                       RowKeys(arguments.column(1), count, arena);
                   std::vector<int64_t> picked(count, -1);
                   for (idx_t i = 0; i < count; i++) {
                     if (!map.validity().RowIsValid(i)) continue;
                     ListEntry entry = map.Data<ListEntry>()[i];
                     for (idx_t e = 0; e < entry.length; e++) {
                       if (key_bytes[entry.offset + e] == wanted[i]) {
                         picked[i] = static_cast<int64_t>(entry.offset + e);
                         break;
                       }
                     }
                   }
                   GatherElements(map.child(0).child(1), picked, result);
                 });
  }
  if (types.size() != 2 || !IsList(types[0]) || !CanCastImplicitly(types[1], TypeId::kBigint)) {
    return Mismatch("element_at", types,
                    "a LIST and a 1-based index, a MAP and a key, or a STRUCT and a field name");
  }
  return Bound("element_at", {types[0], LogicalType(TypeId::kBigint)}, types[0].ListChild(),
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& list = arguments.column(0);
                 const Vector& index = arguments.column(1);
                 std::vector<int64_t> picked(count, -1);
                 for (idx_t i = 0; i < count; i++) {
                   if (!list.validity().RowIsValid(i) || !index.validity().RowIsValid(i)) continue;
                   uint32_t row;
                   if (ElementRow(list.Data<ListEntry>()[i], index.Data<int64_t>()[i], &row)) {
                     picked[i] = row;
                   }
                 }
                 GatherElements(list.child(0), picked, result);
               });
}

// ---- list functions ----

// A function of one list argument (plus optional fixed extra arguments).
Result<LogicalType> ListArgument(const std::string& name, const std::vector<LogicalType>& types,
                                 size_t arguments, const std::string& expected) {
  if (types.size() != arguments || (!IsList(types[0]) && types[0].id() != TypeId::kNull)) {
    return Mismatch(name, types, expected);
  }
  // A bare NULL or an empty list ([] is NULL[]) acts as an INTEGER list.
  if (!IsList(types[0]) || types[0].ListChild().id() == TypeId::kNull) {
    return LogicalType::List(TypeId::kInteger);
  }
  return types[0];
}

ScalarBinder LengthBinder(std::string name) {
  return [name](const std::vector<LogicalType>& types,
                const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() != 1 ||
        (types[0].id() != TypeId::kMap && !IsList(types[0]) && types[0].id() != TypeId::kNull)) {
      return Mismatch(name, types, "a LIST or a MAP");
    }
    LogicalType type =
        types[0].id() == TypeId::kNull ? LogicalType::List(TypeId::kInteger) : types[0];
    return Bound(name, {type}, LogicalType(TypeId::kBigint),
                 [](DataChunk& arguments, const FunctionData*, Vector& result) {
                   ExecuteUnary<ListEntry, int64_t>(
                       arguments.column(0), result, arguments.size(),
                       [](const ListEntry& entry) { return static_cast<int64_t>(entry.length); });
                 });
  };
}

// list_contains (kPosition false) and list_position (true).
template <bool kPosition>
ScalarBinder SearchBinder(std::string name) {
  return [name](const std::vector<LogicalType>& types,
                const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() != 2) return Mismatch(name, types, "a LIST and a value");
    TARN_ASSIGN_OR_RETURN(LogicalType list,
                          ListArgument(name, {types[0]}, 1, "a LIST and a value"));
    auto common = CommonSuperType(list.ListChild(), types[1]);
    if (!common.ok()) return Mismatch(name, types, "a LIST and a value of its element type");
    LogicalType element = common.value();
    return Bound(name, {LogicalType::List(element), element},
                 LogicalType(kPosition ? TypeId::kBigint : TypeId::kBoolean),
                 [](DataChunk& arguments, const FunctionData*, Vector& result) {
                   idx_t count = arguments.size();
                   const Vector& list = arguments.column(0);
                   const Vector& needle = arguments.column(1);
                   Arena arena(4096);
                   std::vector<std::string_view> elements = ElementKeys(list, arena);
                   std::vector<std::string_view> wanted = RowKeys(needle, count, arena);
                   const Vector& children = list.child(0);
                   ValidityMask& mask = result.validity();
                   mask.SetAllValid();
                   for (idx_t i = 0; i < count; i++) {
                     if (!list.validity().RowIsValid(i) || !needle.validity().RowIsValid(i)) {
                       mask.SetInvalid(i);
                       continue;
                     }
                     ListEntry entry = list.Data<ListEntry>()[i];
                     int64_t found = 0;
                     for (idx_t e = 0; e < entry.length && found == 0; e++) {
                       idx_t row = entry.offset + e;
                       if (children.validity().RowIsValid(row) && elements[row] == wanted[i]) {
                         found = static_cast<int64_t>(e) + 1;
                       }
                     }
                     if constexpr (kPosition) {
                       if (found == 0) mask.SetInvalid(i);
                       result.Data<int64_t>()[i] = found;
                     } else {
                       result.Data<bool>()[i] = found != 0;
                     }
                   }
                 });
  };
}

// Functions that reorder or filter a list's elements: list_sort, list_reverse_sort,
// list_distinct, list_reverse.
enum class Reorder { kSort, kReverseSort, kDistinct, kReverse };

ScalarBinder ReorderBinder(std::string name, Reorder kind) {
  return [name, kind](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    bool descending = kind == Reorder::kReverseSort;
    std::vector<LogicalType> arguments;
    if (kind == Reorder::kSort && types.size() == 2) {
      std::string direction =
          constants[1] && !constants[1]->is_null() ? constants[1]->ToString() : "";
      for (char& c : direction) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (direction != "ASC" && direction != "DESC") {
        return Status::Error(ErrorCode::kBinder, name + ": the order must be 'ASC' or 'DESC'");
      }
      descending = direction == "DESC";
      TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument(name, {types[0]}, 1, "a LIST"));
      arguments = {list, LogicalType(TypeId::kVarchar)};
    } else {
      TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument(name, types, 1, "a LIST"));
      arguments = {list};
    }
    LogicalType list = arguments[0];
    return Bound(name, arguments, list,
                 [kind, descending](DataChunk& arguments, const FunctionData*, Vector& result) {
                   idx_t count = arguments.size();
                   const Vector& list = arguments.column(0);
                   Arena arena(4096);
                   std::vector<std::string_view> keys;
                   if (kind != Reorder::kReverse) keys = ElementKeys(list, arena);
                   const Vector& elements = list.child(0);
                   std::vector<uint32_t> picked;
                   std::vector<uint64_t> starts{0};
                   std::vector<bool> valid(count, true);
                   for (idx_t i = 0; i < count; i++) {
                     valid[i] = list.validity().RowIsValid(i);
                     ListEntry entry = valid[i] ? list.Data<ListEntry>()[i] : ListEntry{};
                     size_t begin = picked.size();
                     for (idx_t e = 0; e < entry.length; e++) {
                       auto row = static_cast<uint32_t>(entry.offset + e);
                       if (kind == Reorder::kDistinct) {
                         if (!elements.validity().RowIsValid(row)) continue;
                         bool seen = false;
                         for (size_t p = begin; p < picked.size() && !seen; p++) {
                           seen = keys[picked[p]] == keys[row];
                         }
                         if (seen) continue;
                       }
                       picked.push_back(row);
                     }
                     auto first = picked.begin() + static_cast<long>(begin);
                     if (kind == Reorder::kReverse) {
                       std::reverse(first, picked.end());
                     } else if (kind != Reorder::kDistinct) {
                       // NULLs last in either direction.
                       std::stable_sort(first, picked.end(), [&](uint32_t a, uint32_t b) {
                         bool a_null = !elements.validity().RowIsValid(a);
                         bool b_null = !elements.validity().RowIsValid(b);
                         if (a_null || b_null) return !a_null && b_null;
                         return descending ? keys[b] < keys[a] : keys[a] < keys[b];
                       });
                     }
                     starts.push_back(picked.size());
                   }
                   EmitLists(elements, picked, starts, valid, result);
                 });
  };
}

Result<BoundScalarFunction> BindListSlice(const std::vector<LogicalType>& types,
                                          const std::vector<std::optional<Value>>&) {
  if (types.size() != 3 || !CanCastImplicitly(types[1], TypeId::kBigint) ||
      !CanCastImplicitly(types[2], TypeId::kBigint)) {
    return Mismatch("list_slice", types, "a LIST and 1-based begin and end indexes");
  }
  TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument("list_slice", {types[0]}, 1, "a LIST"));
  LogicalType index(TypeId::kBigint);
  return Bound("list_slice", {list, index, index}, list,
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& list = arguments.column(0);
                 const Vector& from = arguments.column(1);
                 const Vector& to = arguments.column(2);
                 std::vector<uint32_t> picked;
                 std::vector<uint64_t> starts{0};
                 std::vector<bool> valid(count);
                 for (idx_t i = 0; i < count; i++) {
                   valid[i] = list.validity().RowIsValid(i);
                   if (valid[i]) {
                     ListEntry entry = list.Data<ListEntry>()[i];
                     auto length = static_cast<int64_t>(entry.length);
                     // A NULL bound leaves that side open; negative bounds count from the end.
                     int64_t begin = from.validity().RowIsValid(i) ? from.Data<int64_t>()[i] : 1;
                     int64_t end = to.validity().RowIsValid(i) ? to.Data<int64_t>()[i] : length;
                     if (begin < 0) begin += length + 1;
                     if (end < 0) end += length + 1;
                     begin = std::max<int64_t>(begin, 1);
                     end = std::min<int64_t>(end, length);
                     for (int64_t e = begin; e <= end; e++) {
                       picked.push_back(static_cast<uint32_t>(entry.offset + uint64_t(e - 1)));
                     }
                   }
                   starts.push_back(picked.size());
                 }
                 EmitLists(list.child(0), picked, starts, valid, result);
               });
}

Result<BoundScalarFunction> BindListConcat(const std::vector<LogicalType>& types,
                                           const std::vector<std::optional<Value>>&) {
  if (types.size() < 2) return Mismatch("list_concat", types, "two or more LISTs");
  LogicalType element(TypeId::kNull);
  for (const auto& type : types) {
    if (!IsList(type) && type.id() != TypeId::kNull) {
      return Mismatch("list_concat", types, "LISTs");
    }
    auto common = CommonSuperType(element, ElementOf(type));
    if (!common.ok()) return Mismatch("list_concat", types, "LISTs of one element type");
    element = common.value();
  }
  if (element.id() == TypeId::kNull) element = LogicalType(TypeId::kInteger);
  LogicalType list = LogicalType::List(element);
  return Bound("list_concat", std::vector<LogicalType>(types.size(), list), list,
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 // NULL lists count as empty (as DuckDB and array_cat in PostgreSQL); the result
                 // is NULL only when every argument is.
                 idx_t count = arguments.size();
                 result.set_list_size(0);
                 auto* entries = result.Data<ListEntry>();
                 result.validity().SetAllValid();
                 for (idx_t i = 0; i < count; i++) {
                   entries[i] = ListEntry{0, 0};
                   bool any = false;
                   for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
                     const Vector& list = arguments.column(c);
                     if (!list.validity().RowIsValid(i)) continue;
                     ListEntry entry = list.Data<ListEntry>()[i];
                     if (!any) entries[i].offset = result.list_size();
                     any = true;
                     idx_t offset = result.ReserveListElements(entry.length);
                     std::vector<uint32_t> rows(entry.length);
                     std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(entry.offset));
                     if (!rows.empty())
                       result.child(0).CopyFrom(list.child(0), rows.data(), rows.size(), offset);
                     result.set_list_size(offset + entry.length);
                     entries[i].length += entry.length;
                   }
                   if (!any) result.validity().SetInvalid(i);
                 }
               });
}

Result<BoundScalarFunction> BindFlatten(const std::vector<LogicalType>& types,
                                        const std::vector<std::optional<Value>>&) {
  if (types.size() != 1 || !IsList(types[0]) || !IsList(types[0].ListChild())) {
    return Mismatch("flatten", types, "a LIST of LISTs");
  }
  return Bound("flatten", {types[0]}, types[0].ListChild(),
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& outer = arguments.column(0);
                 const Vector& inner = outer.child(0);
                 std::vector<uint32_t> picked;
                 std::vector<uint64_t> starts{0};
                 std::vector<bool> valid(count);
                 for (idx_t i = 0; i < count; i++) {
                   valid[i] = outer.validity().RowIsValid(i);
                   ListEntry entry = valid[i] ? outer.Data<ListEntry>()[i] : ListEntry{};
                   for (idx_t e = 0; e < entry.length; e++) {
                     idx_t row = entry.offset + e;
                     if (!inner.validity().RowIsValid(row)) continue;
                     ListEntry sub = inner.Data<ListEntry>()[row];
                     for (idx_t s = 0; s < sub.length; s++) {
                       picked.push_back(static_cast<uint32_t>(sub.offset + s));
                     }
                   }
                   starts.push_back(picked.size());
                 }
                 EmitLists(inner.child(0), picked, starts, valid, result);
               });
}

Result<BoundScalarFunction> BindArrayToString(const std::vector<LogicalType>& types,
                                              const std::vector<std::optional<Value>>&) {
  if (types.size() != 2 || !CanCastImplicitly(types[1], TypeId::kVarchar)) {
    return Mismatch("array_to_string", types, "a LIST and a separator");
  }
  TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument("array_to_string", {types[0]}, 1, ""));
  return Bound("array_to_string", {list, LogicalType(TypeId::kVarchar)},
               LogicalType(TypeId::kVarchar),
               [](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& list = arguments.column(0);
                 const Vector& separator = arguments.column(1);
                 // Elements as text, NULL elements skipped (PostgreSQL's array_to_string).
                 Vector text(LogicalType(TypeId::kVarchar), std::max<idx_t>(list.list_size(), 1));
                 CastVector(list.child(0), text, list.list_size(), false);
                 auto* out = result.Data<std::string_view>();
                 ValidityMask& mask = result.validity();
                 mask.SetAllValid();
                 std::string joined;
                 for (idx_t i = 0; i < count; i++) {
                   if (!list.validity().RowIsValid(i) || !separator.validity().RowIsValid(i)) {
                     mask.SetInvalid(i);
                     continue;
                   }
                   ListEntry entry = list.Data<ListEntry>()[i];
                   joined.clear();
                   bool first = true;
                   for (idx_t e = 0; e < entry.length; e++) {
                     idx_t row = entry.offset + e;
                     if (!text.validity().RowIsValid(row)) continue;
                     if (!first) joined += separator.Data<std::string_view>()[i];
                     joined += text.Data<std::string_view>()[row];
                     first = false;
                   }
                   out[i] = result.AddString(joined);
                 }
               });
}

Result<BoundScalarFunction> BindStringSplit(const std::vector<LogicalType>& types,
                                            const std::vector<std::optional<Value>>&) {
  LogicalType varchar(TypeId::kVarchar);
  if (types.size() != 2 || !CanCastImplicitly(types[0], varchar) ||
      !CanCastImplicitly(types[1], varchar)) {
    return Mismatch("string_split", types, "a string and a separator");
  }
  return Bound(
      "string_split", {varchar, varchar}, LogicalType::List(varchar),
      [](DataChunk& arguments, const FunctionData*, Vector& result) {
        idx_t count = arguments.size();
        const Vector& input = arguments.column(0);
        const Vector& separator = arguments.column(1);
        result.set_list_size(0);
        auto* entries = result.Data<ListEntry>();
        result.validity().SetAllValid();
        Vector& parts = result.child(0);
        parts.ShareStringStorage(input);
        for (idx_t i = 0; i < count; i++) {
          entries[i] = ListEntry{result.list_size(), 0};
          if (!input.validity().RowIsValid(i) || !separator.validity().RowIsValid(i)) {
            result.validity().SetInvalid(i);
            continue;
          }
          std::string_view text = input.Data<std::string_view>()[i];
          std::string_view by = separator.Data<std::string_view>()[i];
          std::vector<std::string_view> pieces;
          if (by.empty()) {
            // An empty separator splits into characters (bytes of UTF-8 sequences
            // stay together).
            size_t start = 0;
            for (size_t p = 1; p <= text.size(); p++) {
              if (p == text.size() || (static_cast<unsigned char>(text[p]) & 0xC0) != 0x80) {
                pieces.push_back(text.substr(start, p - start));
                start = p;
              }
            }
          } else {
            size_t start = 0;
            while (true) {
              size_t found = text.find(by, start);
              if (found == std::string_view::npos) {
                pieces.push_back(text.substr(start));
                break;
              }
              pieces.push_back(text.substr(start, found - start));
              start = found + by.size();
            }
          }
          idx_t offset = result.ReserveListElements(pieces.size());
          for (size_t p = 0; p < pieces.size(); p++) {
            parts.Data<std::string_view>()[offset + p] = pieces[p];
            parts.validity().SetValid(offset + p);
          }
          result.set_list_size(offset + pieces.size());
          entries[i].length = pieces.size();
        }
      });
}

// ---- reductions: list_sum, list_min, list_max, list_avg, list_count, list_aggregate ----

enum class Reduction { kSum, kMin, kMax, kAvg, kCount };

Result<Reduction> ReductionNamed(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "sum") return Reduction::kSum;
  if (name == "min") return Reduction::kMin;
  if (name == "max") return Reduction::kMax;
  if (name == "avg" || name == "mean") return Reduction::kAvg;
  if (name == "count") return Reduction::kCount;
  return Status::Error(ErrorCode::kBinder, "list_aggregate: unknown aggregate '" + name +
                                               "' (supported: sum, min, max, avg, count)");
}

Result<BoundScalarFunction> BindReduction(const std::string& name, Reduction reduction,
                                          const LogicalType& list,
                                          std::vector<LogicalType> arguments) {
  const LogicalType& element = list.ListChild();
  LogicalType result_type = element;
  LogicalType work = element;  // The type elements are cast to before reducing.
  switch (reduction) {
    case Reduction::kCount:
      result_type = LogicalType(TypeId::kBigint);
      break;
    case Reduction::kAvg:
      if (!element.IsNumeric()) return Status::Error(ErrorCode::kBinder, name + " needs numbers");
      result_type = work = LogicalType(TypeId::kDouble);
      break;
    case Reduction::kSum:
      if (!element.IsNumeric()) return Status::Error(ErrorCode::kBinder, name + " needs numbers");
      if (element.IsInteger()) result_type = work = LogicalType(TypeId::kBigint);
      if (element.id() == TypeId::kDecimal) {
        result_type = work = LogicalType::Decimal(LogicalType::kMaxDecimalWidth, element.scale());
      }
      break;
    case Reduction::kMin:
    case Reduction::kMax:
      break;
  }
  return Bound(name, std::move(arguments), result_type,
               [reduction, work](DataChunk& arguments, const FunctionData*, Vector& result) {
                 idx_t count = arguments.size();
                 const Vector& list = arguments.column(0);
                 const Vector& elements = list.child(0);
                 ValidityMask& mask = result.validity();
                 mask.SetAllValid();
                 if (reduction == Reduction::kMin || reduction == Reduction::kMax) {
                   Arena arena(4096);
                   std::vector<std::string_view> keys = ElementKeys(list, arena);
                   std::vector<int64_t> picked(count, -1);
                   for (idx_t i = 0; i < count; i++) {
                     if (!list.validity().RowIsValid(i)) continue;
                     ListEntry entry = list.Data<ListEntry>()[i];
                     for (idx_t e = 0; e < entry.length; e++) {
                       idx_t row = entry.offset + e;
                       if (!elements.validity().RowIsValid(row)) continue;
                       bool better = picked[i] < 0 ||
                                     (reduction == Reduction::kMin ? keys[row] < keys[picked[i]]
                                                                   : keys[picked[i]] < keys[row]);
                       if (better) picked[i] = static_cast<int64_t>(row);
                     }
                   }
                   GatherElements(elements, picked, result);
                   return;
                 }
                 Vector values(work, std::max<idx_t>(list.list_size(), 1));
                 if (reduction != Reduction::kCount) {
                   CastVector(elements, values, list.list_size(), false);
                 }
                 for (idx_t i = 0; i < count; i++) {
                   if (!list.validity().RowIsValid(i)) {
                     mask.SetInvalid(i);
                     continue;
                   }
                   ListEntry entry = list.Data<ListEntry>()[i];
                   int64_t valid = 0;
                   int128_t integer_sum = 0;
                   double double_sum = 0;
                   for (idx_t e = 0; e < entry.length; e++) {
                     idx_t row = entry.offset + e;
                     if (!elements.validity().RowIsValid(row)) continue;
                     valid++;
                     if (reduction == Reduction::kCount) continue;
                     switch (work.physical()) {
                       case PhysicalType::kDouble:
                         double_sum += values.Data<double>()[row];
                         break;
                       case PhysicalType::kInt64:
                         integer_sum += values.Data<int64_t>()[row];
                         break;
                       default:
                         integer_sum += values.Data<int128_t>()[row];
                         break;
                     }
                   }
                   if (reduction == Reduction::kCount) {
                     result.Data<int64_t>()[i] = valid;
                   } else if (valid == 0) {
                     mask.SetInvalid(i);
                   } else if (reduction == Reduction::kAvg) {
                     result.Data<double>()[i] = double_sum / static_cast<double>(valid);
                   } else if (work.physical() == PhysicalType::kDouble) {
                     result.Data<double>()[i] = double_sum;
                   } else if (work.physical() == PhysicalType::kInt64) {
                     if (integer_sum > INT64_MAX || integer_sum < INT64_MIN) {
                       ThrowError(ErrorCode::kOutOfRange, "list_sum: BIGINT overflow");
                     }
                     result.Data<int64_t>()[i] = static_cast<int64_t>(integer_sum);
                   } else {
                     result.Data<int128_t>()[i] = integer_sum;
                   }
                 }
               });
}

ScalarBinder ReductionBinder(std::string name, Reduction reduction) {
  return
      [name, reduction](const std::vector<LogicalType>& types,
                        const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
        TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument(name, types, 1, "a LIST"));
        return BindReduction(name, reduction, list, {list});
      };
}

Result<BoundScalarFunction> BindListAggregate(const std::vector<LogicalType>& types,
                                              const std::vector<std::optional<Value>>& constants) {
  if (types.size() != 2 || !constants[1] || constants[1]->is_null()) {
    return Mismatch("list_aggregate", types, "a LIST and a constant aggregate name");
  }
  TARN_ASSIGN_OR_RETURN(LogicalType list, ListArgument("list_aggregate", {types[0]}, 1, ""));
  TARN_ASSIGN_OR_RETURN(Reduction reduction, ReductionNamed(constants[1]->ToString()));
  return BindReduction("list_aggregate", reduction, list, {list, LogicalType(TypeId::kVarchar)});
}

// ---- maps ----

ScalarBinder MapPartBinder(std::string name, int part) {
  return [name, part](const std::vector<LogicalType>& types,
                      const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() != 1 || types[0].id() != TypeId::kMap) return Mismatch(name, types, "a MAP");
    LogicalType part_type = part == 0 ? types[0].MapKey() : types[0].MapValue();
    return Bound(name, {types[0]}, LogicalType::List(part_type),
                 [part](DataChunk& arguments, const FunctionData*, Vector& result) {
                   idx_t count = arguments.size();
                   const Vector& map = arguments.column(0);
                   std::vector<uint32_t> picked;
                   std::vector<uint64_t> starts{0};
                   std::vector<bool> valid(count);
                   for (idx_t i = 0; i < count; i++) {
                     valid[i] = map.validity().RowIsValid(i);
                     ListEntry entry = valid[i] ? map.Data<ListEntry>()[i] : ListEntry{};
                     for (idx_t e = 0; e < entry.length; e++) {
                       picked.push_back(static_cast<uint32_t>(entry.offset + e));
                     }
                     starts.push_back(picked.size());
                   }
                   EmitLists(map.child(0).child(part), picked, starts, valid, result);
                 });
  };
}

}  // namespace

void RegisterNestedFunctions(FunctionRegistry& registry) {
  for (const char* name : {"list_value", "list_pack", "array_construct"}) {
    registry.RegisterScalar(name, BindListValue);
  }
  registry.RegisterScalar("struct_pack", BindStructPack);
  registry.RegisterScalar("map", BindMap);
  registry.RegisterScalar("struct_extract", BindStructExtract);
  for (const char* name : {"element_at", "list_extract", "list_element", "array_extract"}) {
    registry.RegisterScalar(name, BindElementAt);
  }
  for (const char* name : {"list_slice", "array_slice"}) {
    registry.RegisterScalar(name, BindListSlice);
  }
  for (const char* name : {"array_length", "list_length", "cardinality", "array_size"}) {
    registry.RegisterScalar(name, LengthBinder(name));
  }
  // length / len count characters of text (registered with the string functions) and
  // elements of a LIST or MAP.
  for (const char* name : {"length", "len"}) {
    const ScalarBinder* text_binder = registry.FindScalar(name);
    if (!text_binder) continue;
    ScalarBinder text = *text_binder;
    ScalarBinder elements = LengthBinder(name);
    registry.RegisterScalar(
        name, [text, elements](const std::vector<LogicalType>& types,
                               const std::vector<std::optional<Value>>& constants) {
          bool nested = types.size() == 1 &&
                        (types[0].id() == TypeId::kList || types[0].id() == TypeId::kMap);
          return nested ? elements(types, constants) : text(types, constants);
        });
  }
  for (const char* name : {"list_contains", "array_contains", "list_has"}) {
    registry.RegisterScalar(name, SearchBinder<false>(name));
  }
  for (const char* name : {"list_position", "array_position", "list_indexof"}) {
    registry.RegisterScalar(name, SearchBinder<true>(name));
  }
  for (const char* name : {"list_sort", "array_sort"}) {
    registry.RegisterScalar(name, ReorderBinder(name, Reorder::kSort));
  }
  registry.RegisterScalar("list_reverse_sort",
                          ReorderBinder("list_reverse_sort", Reorder::kReverseSort));
  for (const char* name : {"list_distinct", "array_distinct"}) {
    registry.RegisterScalar(name, ReorderBinder(name, Reorder::kDistinct));
  }
  for (const char* name : {"list_reverse", "array_reverse"}) {
    registry.RegisterScalar(name, ReorderBinder(name, Reorder::kReverse));
  }
  for (const char* name : {"list_concat", "array_concat", "array_cat", "list_cat"}) {
    registry.RegisterScalar(name, BindListConcat);
  }
  registry.RegisterScalar("flatten", BindFlatten);
  for (const char* name : {"array_to_string", "array_join", "list_to_string"}) {
    registry.RegisterScalar(name, BindArrayToString);
  }
  for (const char* name : {"string_split", "str_split", "string_to_array", "split"}) {
    registry.RegisterScalar(name, BindStringSplit);
  }
  registry.RegisterScalar("list_aggregate", BindListAggregate);
  registry.RegisterScalar("list_aggr", BindListAggregate);
  registry.RegisterScalar("list_sum", ReductionBinder("list_sum", Reduction::kSum));
  registry.RegisterScalar("list_min", ReductionBinder("list_min", Reduction::kMin));
  registry.RegisterScalar("list_max", ReductionBinder("list_max", Reduction::kMax));
  registry.RegisterScalar("list_avg", ReductionBinder("list_avg", Reduction::kAvg));
  registry.RegisterScalar("list_count", ReductionBinder("list_count", Reduction::kCount));
  registry.RegisterScalar("map_keys", MapPartBinder("map_keys", 0));
  registry.RegisterScalar("map_values", MapPartBinder("map_values", 1));
}

}  // namespace tarn
