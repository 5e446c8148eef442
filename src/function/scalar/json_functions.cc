// JSON functions over VARCHAR values that hold JSON text: json_extract (->),
// json_extract_string (->>), json_type, json_array_length, json_keys, json_valid, json,
// json_transform / from_json (text to a typed, possibly nested value), and the builders
// json_object, json_array and to_json. Input text is parsed with simdjson per row; constant paths
// are parsed once at bind time. Text that is not valid JSON is an error for every function except
// json_valid, which answers false.

#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "formats/json/json_document.h"
#include "formats/json/json_path.h"
#include "formats/json/json_vector_writer.h"
#include "function/function.h"
#include "function/scalar_kernels.h"
#include "types/numeric.h"

namespace tarn {

namespace {

using std::string_view;

const LogicalType kVarchar(TypeId::kVarchar);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kBoolean(TypeId::kBoolean);

// What the binder prepared: the path, when it was a constant.
struct JsonPathData : FunctionData {
  std::string name;
  std::optional<JsonPath> constant_path;
  bool path_is_index = false;  // The path argument is a BIGINT array index.
  bool has_path = false;
};

// Parses the JSON text of one row, or throws naming the function and the input.
simdjson::dom::element ParseOrThrow(JsonDocumentParser& parser, const std::string& name,
                                    string_view text) {
  simdjson::dom::element root;
  simdjson::error_code error = parser.Parse(text, &root);
  if (error != simdjson::SUCCESS) {
    std::string shown(text.substr(0, 60));
    if (text.size() > 60) shown += "...";
    ThrowError(ErrorCode::kInvalidInput, name + ": malformed JSON (" + JsonErrorText(error) +
                                             ") in input '" + shown +
                                             "'. Use json_valid(...) to find such values");
  }
  return root;
}

// Resolves the path of row `row` (the constant one, or a per-row parse).
const JsonPath* RowPath(const JsonPathData& data, DataChunk& arguments, idx_t row,
                        JsonPath* storage) {
  if (!data.has_path) return nullptr;
  if (data.constant_path) return &*data.constant_path;
  const Vector& path = arguments.column(1);
  if (data.path_is_index) {
    *storage = JsonPath::Index(path.Data<int64_t>()[row]);
  } else {
    *storage = JsonPath::Parse(path.Data<string_view>()[row]).ValueOrThrow();
  }
  return storage;
}

// Runs `op(element, row)` for every row whose input (and path) is not NULL and whose path
// exists in the document; other rows are NULL. `op` returns false to make a row NULL.
template <class Op>
void ForEachPathTarget(DataChunk& arguments, const FunctionData* bind_data, Vector& result,
                       Op&& op) {
  const auto& data = static_cast<const JsonPathData&>(*bind_data);
  JsonDocumentParser parser;
  JsonPath row_path;
  const Vector& input = arguments.column(0);
  const auto* texts = input.Data<string_view>();
  ValidityMask& mask = result.validity();
  mask.SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    bool valid = input.validity().RowIsValid(row) &&
                 (!data.has_path || arguments.column(1).validity().RowIsValid(row));
    if (!valid) {
      mask.SetInvalid(row);
      continue;
    }
    simdjson::dom::element root = ParseOrThrow(parser, data.name, texts[row]);
    const JsonPath* path = RowPath(data, arguments, row, &row_path);
    simdjson::dom::element target = root;
    if (path && !path->Follow(root, &target)) {
      mask.SetInvalid(row);
      continue;
    }
    if (!op(target, row)) mask.SetInvalid(row);
  }
}

// Binds name(VARCHAR) and name(VARCHAR, VARCHAR|BIGINT path) (the path only when
// `path_allowed`; required when `path_required`).
Result<BoundScalarFunction> BindPathFunction(const std::string& name,
                                             const std::vector<LogicalType>& types,
                                             const std::vector<std::optional<Value>>& constants,
                                             bool path_allowed, bool path_required,
                                             LogicalType return_type, ScalarKernel kernel) {
  std::string candidates = path_required ? "" : FunctionSignatureText(name, {kVarchar});
  if (path_allowed) {
    if (!candidates.empty()) candidates += ", ";
    candidates += FunctionSignatureText(name, {kVarchar, kVarchar}) + ", " +
                  FunctionSignatureText(name, {kVarchar, kBigint});
  }
  bool fits = !types.empty() && types.size() <= (path_allowed ? 2u : 1u) &&
              (!path_required || types.size() == 2) && ImplicitCastCost(types[0], kVarchar) >= 0;
  bool index_path = false;
  if (fits && types.size() == 2) {
    index_path = types[1].IsInteger();
    fits = index_path || ImplicitCastCost(types[1], kVarchar) >= 0;
  }
  if (!fits) return NoMatchingFunction(name, types, candidates);
  auto data = std::make_shared<JsonPathData>();
  data->name = name;
  data->has_path = types.size() == 2;
  data->path_is_index = index_path;
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types.push_back(kVarchar);
  if (data->has_path) {
    bound.argument_types.push_back(index_path ? kBigint : kVarchar);
    if (constants.size() > 1 && constants[1].has_value() && !constants[1]->is_null()) {
      if (index_path) {
        data->constant_path = JsonPath::Index(constants[1]->CastTo(kBigint).GetBigint());
      } else {
        TARN_ASSIGN_OR_RETURN(JsonPath path,
                              JsonPath::Parse(constants[1]->CastTo(kVarchar).GetString()));
        data->constant_path = std::move(path);
      }
    }
  }
  bound.return_type = return_type;
  bound.kernel = std::move(kernel);
  bound.bind_data = data;
  return bound;
}

ScalarBinder PathBinder(std::string name, bool path_allowed, bool path_required,
                        LogicalType return_type, ScalarKernel kernel) {
  return [=](const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) {
    return BindPathFunction(name, types, constants, path_allowed, path_required, return_type,
                            kernel);
  };
}

// ---- kernels ----

void ExtractKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  std::string text;
  auto* out = result.Data<string_view>();
  ForEachPathTarget(arguments, bind_data, result, [&](simdjson::dom::element target, idx_t row) {
    text.clear();
    AppendJsonText(target, &text);
    out[row] = result.AddString(text);
    return true;
  });
}

void ExtractStringKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  std::string text;
  auto* out = result.Data<string_view>();
  ForEachPathTarget(arguments, bind_data, result, [&](simdjson::dom::element target, idx_t row) {
    using simdjson::dom::element_type;
    if (target.type() == element_type::NULL_VALUE) return false;
    if (target.type() == element_type::STRING) {
      out[row] = result.AddString(string_view(target));
      return true;
    }
    text.clear();
    AppendJsonText(target, &text);
    out[row] = result.AddString(text);
    return true;
  });
}

const char* JsonTypeName(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::OBJECT:
      return "OBJECT";
    case element_type::ARRAY:
      return "ARRAY";
    case element_type::INT64:
      return "BIGINT";
    case element_type::UINT64:
      return "UBIGINT";
    case element_type::DOUBLE:
      return "DOUBLE";
    case element_type::STRING:
      return "VARCHAR";
    case element_type::BOOL:
      return "BOOLEAN";
    case element_type::NULL_VALUE:
      return "NULL";
  }
  return "NULL";
}

void TypeKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  auto* out = result.Data<string_view>();
  ForEachPathTarget(arguments, bind_data, result, [&](simdjson::dom::element target, idx_t row) {
    out[row] = string_view(JsonTypeName(target));  // Static storage.
    return true;
  });
}

void ArrayLengthKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  auto* out = result.Data<int64_t>();
  ForEachPathTarget(arguments, bind_data, result, [&](simdjson::dom::element target, idx_t row) {
    out[row] = target.type() == simdjson::dom::element_type::ARRAY
                   ? static_cast<int64_t>(simdjson::dom::array(target).size())
                   : 0;
    return true;
  });
}

void KeysKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  result.Reset();
  auto* entries = result.Data<ListEntry>();
  for (idx_t row = 0; row < arguments.size(); row++) entries[row] = ListEntry{0, 0};
  Vector& keys = result.child(0);
  ForEachPathTarget(arguments, bind_data, result, [&](simdjson::dom::element target, idx_t row) {
    idx_t length = 0;
    idx_t offset = result.list_size();
    if (target.type() == simdjson::dom::element_type::OBJECT) {
      simdjson::dom::object object(target);
      offset = result.ReserveListElements(object.size());
      auto* out = keys.Data<string_view>();
      for (auto field : object) {
        out[offset + length] = keys.AddString(field.key);
        length++;
      }
      result.set_list_size(offset + length);
    }
    entries[row] = ListEntry{offset, length};
    return true;
  });
}

// ---- json_transform / from_json ----

struct TransformData : FunctionData {
  std::string name;
  LogicalType type;
  bool strict = false;
};

// A structure description as json_transform takes it: JSON text where an object describes
// a STRUCT (keys are the field names), an array of one element a LIST, and a string a type
// name; or else a type name itself ('STRUCT(a INTEGER)[]').
Result<LogicalType> ParseStructureDescription(simdjson::dom::element description, int depth) {
  using simdjson::dom::element_type;
  if (depth > 64)
    return Status::Error(ErrorCode::kInvalidInput, "the structure is nested too deeply");
  switch (description.type()) {
    case element_type::STRING:
      return ParseTypeName(string_view(description));
    case element_type::OBJECT: {
      std::vector<ChildType> fields;
      for (auto field : simdjson::dom::object(description)) {
        TARN_ASSIGN_OR_RETURN(LogicalType field_type,
                              ParseStructureDescription(field.value, depth + 1));
        fields.emplace_back(std::string(field.key), std::move(field_type));
      }
      if (fields.empty()) {
        return Status::Error(ErrorCode::kInvalidInput, "an empty object describes no fields");
      }
      return LogicalType::Struct(std::move(fields));
    }
    case element_type::ARRAY: {
      simdjson::dom::array array(description);
      if (array.size() != 1) {
        return Status::Error(ErrorCode::kInvalidInput,
                             "an array describes a LIST by exactly one element type");
      }
      TARN_ASSIGN_OR_RETURN(LogicalType element,
                            ParseStructureDescription(array.at(0).value(), depth + 1));
      return LogicalType::List(element);
    }
    default:
      return Status::Error(ErrorCode::kInvalidInput,
                           "expected a type name, an object of fields or an array of one type");
  }
}

Result<LogicalType> ParseTransformType(const std::string& name, string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  Result<LogicalType> type = Status::Error(ErrorCode::kInvalidInput, "");
  if (first != string_view::npos && (text[first] == '{' || text[first] == '[')) {
    JsonDocumentParser parser;
    simdjson::dom::element root;
    simdjson::error_code error = parser.Parse(text, &root);
    if (error != simdjson::SUCCESS) {
      type =
          Status::Error(ErrorCode::kInvalidInput, "malformed JSON (" + JsonErrorText(error) + ")");
    } else {
      type = ParseStructureDescription(root, 0);
    }
  } else {
    type = ParseTypeName(text);
  }
  if (!type.ok()) {
    return Status::Error(ErrorCode::kBinder,
                         name + ": cannot read the type '" + std::string(text) +
                             "': " + type.status().message() +
                             ". Give a type name such as 'STRUCT(a INTEGER, b VARCHAR[])' or a "
                             "structure such as '{\"a\": \"INTEGER\", \"b\": [\"VARCHAR\"]}'");
  }
  return type;
}

void TransformKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  const auto& data = static_cast<const TransformData&>(*bind_data);
  result.Reset();
  JsonVectorWriter writer(data.type, data.strict ? JsonVectorWriter::OnMismatch::kFail
                                                 : JsonVectorWriter::OnMismatch::kNull);
  JsonDocumentParser parser;
  const Vector& input = arguments.column(0);
  const auto* texts = input.Data<string_view>();
  for (idx_t row = 0; row < arguments.size(); row++) {
    if (!input.validity().RowIsValid(row)) {
      JsonVectorWriter::SetNull(result, row);
      continue;
    }
    simdjson::dom::element root = ParseOrThrow(parser, data.name, texts[row]);
    if (!writer.Write(root, result, row)) {
      std::string shown;
      AppendJsonText(writer.failure_value(), &shown);
      if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
      ThrowError(ErrorCode::kInvalidInput, data.name + ": the value " + shown + " at '$" +
                                               writer.failure_path() + "' does not fit the type " +
                                               writer.failure_type().ToString() +
                                               " (json_transform makes such values NULL instead)");
    }
  }
}

ScalarBinder TransformBinder(std::string name, bool strict) {
  return [=](const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    std::string candidates = FunctionSignatureText(name, {kVarchar, kVarchar});
    if (types.size() != 2 || ImplicitCastCost(types[0], kVarchar) < 0 ||
        ImplicitCastCost(types[1], kVarchar) < 0) {
      return NoMatchingFunction(name, types, candidates);
    }
    if (constants.size() < 2 || !constants[1].has_value() || constants[1]->is_null()) {
      return Status::Error(ErrorCode::kBinder,
                           name + ": the type (second argument) must be a constant string");
    }
    auto data = std::make_shared<TransformData>();
    data->name = name;
    data->strict = strict;
    TARN_ASSIGN_OR_RETURN(data->type,
                          ParseTransformType(name, constants[1]->CastTo(kVarchar).GetString()));
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types = {kVarchar, kVarchar};
    bound.return_type = data->type;
    bound.kernel = TransformKernel;
    bound.bind_data = data;
    return bound;
  };
}

void ValidKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  JsonDocumentParser parser;
  ExecuteUnary<string_view, bool>(arguments.column(0), result, arguments.size(),
                                  [&](string_view text) {
                                    simdjson::dom::element root;
                                    return parser.Parse(text, &root) == simdjson::SUCCESS;
                                  });
}

// ---- builders ----

// Appends one SQL value as JSON: numbers and booleans as such, NULL as null, lists as
// arrays, structs and maps as objects, everything else (strings, dates, timestamps,
// intervals) as a JSON string of its text.
void AppendValueAsJson(const Vector& vector, idx_t row, std::string* out) {
  if (!vector.validity().RowIsValid(row) || vector.type().id() == TypeId::kNull) {
    out->append("null");
    return;
  }
  switch (vector.type().id()) {
    case TypeId::kBoolean:
      out->append(vector.Data<bool>()[row] ? "true" : "false");
      return;
    case TypeId::kInteger:
      out->append(std::to_string(vector.Data<int32_t>()[row]));
      return;
    case TypeId::kBigint:
      out->append(std::to_string(vector.Data<int64_t>()[row]));
      return;
    case TypeId::kDouble:
      AppendJsonDouble(vector.Data<double>()[row], out);
      return;
    case TypeId::kDecimal:
      out->append(vector.GetValue(row).ToString());
      return;
    case TypeId::kVarchar:
      AppendJsonString(vector.Data<string_view>()[row], out);
      return;
    case TypeId::kList: {
      ListEntry entry = vector.Data<ListEntry>()[row];
      out->push_back('[');
      for (idx_t i = 0; i < entry.length; i++) {
        if (i > 0) out->push_back(',');
        AppendValueAsJson(vector.child(0), entry.offset + i, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kStruct: {
      const auto& fields = vector.type().children();
      out->push_back('{');
      for (idx_t i = 0; i < fields.size(); i++) {
        if (i > 0) out->push_back(',');
        AppendJsonString(fields[i].first, out);
        out->push_back(':');
        AppendValueAsJson(vector.child(i), row, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kMap: {
      // An object; keys that are not strings are written as their text.
      ListEntry entry = vector.Data<ListEntry>()[row];
      const Vector& entries = vector.child(0);
      out->push_back('{');
      for (idx_t i = 0; i < entry.length; i++) {
        if (i > 0) out->push_back(',');
        const Vector& key = entries.child(0);
        if (key.type().id() == TypeId::kVarchar) {
          AppendJsonString(key.Data<string_view>()[entry.offset + i], out);
        } else {
          AppendJsonString(key.GetValue(entry.offset + i).ToString(), out);
        }
        out->push_back(':');
        AppendValueAsJson(entries.child(1), entry.offset + i, out);
      }
      out->push_back('}');
      return;
    }
    default:
      AppendJsonString(vector.GetValue(row).ToString(), out);
      return;
  }
}

std::vector<LogicalType> BuilderArgumentTypes(const std::vector<LogicalType>& types) {
  std::vector<LogicalType> arguments = types;
  for (auto& type : arguments) {
    if (type.id() == TypeId::kNull) type = kVarchar;
  }
  return arguments;
}

void ObjectKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string text;
  auto* out = result.Data<string_view>();
  result.validity().SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    text.assign("{");
    for (idx_t c = 0; c + 1 < arguments.ColumnCount(); c += 2) {
      const Vector& key = arguments.column(c);
      if (!key.validity().RowIsValid(row)) {
        ThrowError(ErrorCode::kInvalidInput,
                   "json_object: a key is NULL (argument " + std::to_string(c + 1) + ")");
      }
      if (c > 0) text.push_back(',');
      AppendJsonString(key.Data<string_view>()[row], &text);
      text.push_back(':');
      AppendValueAsJson(arguments.column(c + 1), row, &text);
    }
    text.push_back('}');
    out[row] = result.AddString(text);
  }
}

void ArrayKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string text;
  auto* out = result.Data<string_view>();
  result.validity().SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    text.assign("[");
    for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
      if (c > 0) text.push_back(',');
      AppendValueAsJson(arguments.column(c), row, &text);
    }
    text.push_back(']');
    out[row] = result.AddString(text);
  }
}

void ToJsonKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string text;
  auto* out = result.Data<string_view>();
  const Vector& input = arguments.column(0);
  result.validity().SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    if (!input.validity().RowIsValid(row)) {
      result.validity().SetInvalid(row);
      continue;
    }
    text.clear();
    AppendValueAsJson(input, row, &text);
    out[row] = result.AddString(text);
  }
}

Result<BoundScalarFunction> BindObject(const std::vector<LogicalType>& types,
                                       const std::vector<std::optional<Value>>&) {
  if (types.size() % 2 != 0) {
    return Status::Error(ErrorCode::kBinder,
                         "No function matches " + FunctionSignatureText("json_object", types) +
                             ": json_object takes key, value pairs (an even number of arguments)");
  }
  BoundScalarFunction bound;
  bound.name = "json_object";
  bound.argument_types = BuilderArgumentTypes(types);
  for (size_t i = 0; i < types.size(); i += 2) bound.argument_types[i] = kVarchar;
  bound.return_type = kVarchar;
  bound.kernel = ObjectKernel;
  return bound;
}

Result<BoundScalarFunction> BindArray(const std::vector<LogicalType>& types,
                                      const std::vector<std::optional<Value>>&) {
  BoundScalarFunction bound;
  bound.name = "json_array";
  bound.argument_types = BuilderArgumentTypes(types);
  bound.return_type = kVarchar;
  bound.kernel = ArrayKernel;
  return bound;
}

Result<BoundScalarFunction> BindToJson(const std::vector<LogicalType>& types,
                                       const std::vector<std::optional<Value>>&) {
  if (types.size() != 1) {
    return NoMatchingFunction("to_json", types, "to_json(ANY)");
  }
  BoundScalarFunction bound;
  bound.name = "to_json";
  bound.argument_types = BuilderArgumentTypes(types);
  bound.return_type = kVarchar;
  bound.kernel = ToJsonKernel;
  return bound;
}

}  // namespace

void RegisterJsonFunctions(FunctionRegistry& registry) {
  registry.RegisterScalar("json_extract",
                          PathBinder("json_extract", true, true, kVarchar, ExtractKernel));
  registry.RegisterScalar("json_extract_string", PathBinder("json_extract_string", true, true,
                                                            kVarchar, ExtractStringKernel));
  registry.RegisterScalar("json_type", PathBinder("json_type", true, false, kVarchar, TypeKernel));
  registry.RegisterScalar("json_array_length",
                          PathBinder("json_array_length", true, false, kBigint, ArrayLengthKernel));
  registry.RegisterScalar(
      "json_keys", PathBinder("json_keys", true, false, LogicalType::List(kVarchar), KeysKernel));
  registry.RegisterScalar("json_transform", TransformBinder("json_transform", false));
  registry.RegisterScalar("from_json", TransformBinder("from_json", false));
  registry.RegisterScalar("json_transform_strict", TransformBinder("json_transform_strict", true));
  registry.RegisterScalar("from_json_strict", TransformBinder("from_json_strict", true));
  registry.RegisterScalar("json", PathBinder("json", false, false, kVarchar, ExtractKernel));
  registry.RegisterScalar("json_valid",
                          OverloadBinder("json_valid", {{{kVarchar}, kBoolean, ValidKernel}}));
  registry.RegisterScalar("json_object", BindObject);
  registry.RegisterScalar("json_array", BindArray);
  registry.RegisterScalar("to_json", BindToJson);
}

}  // namespace tarn
