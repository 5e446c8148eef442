#include "formats/json/json_options.h"

#include <cctype>

#include "types/numeric.h"

namespace tarn {

namespace {

constexpr const char* kKnownOptions =
    "case_insensitive, columns, compression, filename, format, hive_partitioning, ignore_errors, "
    "maximum_object_size, sample_size";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class OptionReader {
 public:
  explicit OptionReader(const std::string& function_name) : function_name_(function_name) {}

  Status Error(const std::string& option, const std::string& detail) const {
    return Status::Error(ErrorCode::kInvalidOption, "Invalid value for " + function_name_ +
                                                        " option '" + option + "': " + detail);
  }

  Result<bool> Bool(const std::string& option, const Value& value) const {
    if (!value.is_null()) {
      switch (value.type().id()) {
        case TypeId::kBoolean:
          return value.GetBoolean();
        case TypeId::kInteger:
        case TypeId::kBigint:
          if (value.GetBigint() == 0 || value.GetBigint() == 1) return value.GetBigint() == 1;
          break;
        case TypeId::kVarchar: {
          bool result;
          if (numeric::TryParseBoolean(value.GetString(), &result)) return result;
          break;
        }
        default:
          break;
      }
    }
    return Error(option, "expected true or false, got " + value.ToSqlLiteral());
  }

  Result<int64_t> Integer(const std::string& option, const Value& value, int64_t minimum) const {
    int64_t number = 0;
    bool ok = false;
    if (!value.is_null()) {
      if (value.type().IsInteger()) {
        number = value.GetBigint();
        ok = true;
      } else if (value.type().id() == TypeId::kVarchar) {
        ok = numeric::TryParseInt64(value.GetString(), &number);
      }
    }
    if (!ok) return Error(option, "expected an integer, got " + value.ToSqlLiteral());
    if (number < minimum) {
      return Error(option, "expected an integer >= " + std::to_string(minimum) + ", got " +
                               std::to_string(number));
    }
    return number;
  }

  Result<std::string> String(const std::string& option, const Value& value) const {
    if (value.is_null() || value.type().id() != TypeId::kVarchar) {
      return Error(option, "expected a string, got " + value.ToSqlLiteral());
    }
    return value.GetString();
  }

 private:
  std::string function_name_;
};

}  // namespace

const char* JsonFormatName(JsonFormat format) {
  switch (format) {
    case JsonFormat::kAuto:
      return "auto";
    case JsonFormat::kNewlineDelimited:
      return "newline_delimited";
    case JsonFormat::kArray:
      return "array";
    case JsonFormat::kUnstructured:
      return "unstructured";
  }
  return "auto";
}

Result<JsonReadOptions> ParseJsonOptions(const TableFunctionInput& input,
                                         const std::string& function_name) {
  JsonReadOptions options;
  OptionReader reader(function_name);
  auto add_pattern = [&](const Value& value) -> Status {
    if (value.is_null() || value.type().id() != TypeId::kVarchar) {
      return Status::Error(
          ErrorCode::kInvalidOption,
          function_name + " expects a file path or a list of paths, got " + value.ToSqlLiteral());
    }
    options.patterns.push_back(value.GetString());
    return Status::Ok();
  };
  for (const Value& value : input.positional) TARN_RETURN_IF_ERROR(add_pattern(value));
  for (const auto& list : input.positional_lists) {
    for (const Value& value : list) TARN_RETURN_IF_ERROR(add_pattern(value));
  }
  if (options.patterns.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         function_name + " needs a file path, a glob or a list of paths");
  }
  for (const auto& [raw_name, value] : input.named) {
    std::string name = Lower(raw_name);
    if (name == "format") {
      TARN_ASSIGN_OR_RETURN(std::string text, reader.String(name, value));
      text = Lower(text);
      if (text == "auto") {
        options.format = JsonFormat::kAuto;
      } else if (text == "newline_delimited" || text == "ndjson" || text == "jsonl" ||
                 text == "lines") {
        options.format = JsonFormat::kNewlineDelimited;
      } else if (text == "array") {
        options.format = JsonFormat::kArray;
      } else if (text == "unstructured") {
        options.format = JsonFormat::kUnstructured;
      } else {
        return reader.Error(name,
                            "expected 'auto', 'newline_delimited', 'array' or "
                            "'unstructured', got '" +
                                text + "'");
      }
    } else if (name == "sample_size") {
      TARN_ASSIGN_OR_RETURN(int64_t records, reader.Integer(name, value, -1));
      if (records == 0) return reader.Error(name, "expected a positive number of records or -1");
      options.sample_size = records;
    } else if (name == "ignore_errors") {
      TARN_ASSIGN_OR_RETURN(options.ignore_errors, reader.Bool(name, value));
    } else if (name == "filename") {
      TARN_ASSIGN_OR_RETURN(options.filename_column, reader.Bool(name, value));
    } else if (name == "case_insensitive") {
      TARN_ASSIGN_OR_RETURN(options.case_insensitive, reader.Bool(name, value));
    } else if (name == "hive_partitioning") {
      TARN_ASSIGN_OR_RETURN(bool hive, reader.Bool(name, value));
      options.hive_partitioning = hive;
    } else if (name == "maximum_object_size") {
      TARN_ASSIGN_OR_RETURN(int64_t size, reader.Integer(name, value, 1));
      constexpr int64_t kLimit = int64_t(1) << 31;
      if (size > kLimit) {
        return reader.Error(
            name, "at most " + std::to_string(kLimit) + " bytes, got " + std::to_string(size));
      }
      options.maximum_object_size = static_cast<uint64_t>(size);
    } else if (name == "compression") {
      TARN_ASSIGN_OR_RETURN(std::string text, reader.String(name, value));
      TARN_ASSIGN_OR_RETURN(options.compression, ParseCompression(text));
    } else if (name == "columns") {
      return reader.Error(name, "expected a struct such as {'a': 'INTEGER'}");
    } else {
      return Status::Error(ErrorCode::kInvalidOption, "Unknown " + function_name + " option '" +
                                                          raw_name +
                                                          "'. Known options: " + kKnownOptions);
    }
  }
  for (const auto& [raw_name, entries] : input.named_structs) {
    std::string name = Lower(raw_name);
    if (name != "columns") {
      return Status::Error(ErrorCode::kInvalidOption,
                           "Unknown " + function_name + " option '" + raw_name +
                               "' (or it does not take a struct). Known options: " + kKnownOptions);
    }
    for (const auto& [column, value] : entries) {
      TARN_ASSIGN_OR_RETURN(std::string type_name, reader.String(name, value));
      auto type = ParseTypeName(type_name);
      if (!type.ok()) {
        return reader.Error(name, "column '" + column + "': " + type.status().message());
      }
      options.columns.emplace_back(column, type.value());
    }
    if (options.columns.empty()) return reader.Error(name, "expected at least one column");
  }
  for (const auto& [raw_name, values] : input.named_lists) {
    return Status::Error(ErrorCode::kInvalidOption,
                         function_name + " option '" + raw_name +
                             "' does not take a list. Known options: " + kKnownOptions);
  }
  return options;
}

}  // namespace tarn
