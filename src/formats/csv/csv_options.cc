#include "formats/csv/csv_options.h"

#include <cctype>
#include <set>

#include "types/numeric.h"

namespace tarn {

namespace {

Status OptionError(const std::string& option, const std::string& detail) {
  return Status::Error(ErrorCode::kInvalidOption,
                       "Invalid value for read_csv option '" + option + "': " + detail);
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Result<bool> ParseBoolOption(const std::string& option, const Value& value) {
  if (value.is_null()) return OptionError(option, "expected true or false, got NULL");
  switch (value.type().id()) {
    case TypeId::kBoolean:
      return value.GetBoolean();
    case TypeId::kInteger:
    case TypeId::kBigint: {
      int64_t number = value.GetBigint();
      if (number == 0 || number == 1) return number == 1;
      break;
    }
    case TypeId::kVarchar: {
      std::string text = Lower(value.GetString());
      if (text == "true" || text == "1" || text == "t" || text == "yes") return true;
      if (text == "false" || text == "0" || text == "f" || text == "no") return false;
      break;
    }
    default:
      break;
  }
  return OptionError(option, "expected true or false (or 1/0), got " + value.ToSqlLiteral());
}

Result<int64_t> ParseIntegerOption(const std::string& option, const Value& value, int64_t minimum) {
  int64_t number = 0;
  bool ok = false;
  if (!value.is_null()) {
    switch (value.type().id()) {
      case TypeId::kInteger:
      case TypeId::kBigint:
        number = value.GetBigint();
        ok = true;
        break;
      case TypeId::kVarchar:
        ok = numeric::TryParseInt64(value.GetString(), &number);
        break;
      default:
        break;
    }
  }
  if (!ok) return OptionError(option, "expected an integer, got " + value.ToSqlLiteral());
  if (number < minimum) {
    return OptionError(option, "expected an integer >= " + std::to_string(minimum) + ", got " +
                                   std::to_string(number));
  }
  return number;
}

Result<std::string> ParseStringOption(const std::string& option, const Value& value) {
  if (value.is_null() || value.type().id() != TypeId::kVarchar) {
    return OptionError(option, "expected a string, got " + value.ToSqlLiteral());
  }
  return value.GetString();
}

// A one-character option; `allow_empty` maps '' to '\0' (no quote / no escape).
Result<char> ParseCharOption(const std::string& option, const Value& value, bool allow_empty) {
  TARN_ASSIGN_OR_RETURN(std::string text, ParseStringOption(option, value));
  if (text == "\\t" || text == "tab") return '\t';
  if (text.empty() && allow_empty) return '\0';
  if (text.size() != 1 || text[0] == '\n' || text[0] == '\r') {
    return OptionError(option, std::string("expected a single character") +
                                   (allow_empty ? " or '' for none" : "") + ", got '" + text + "'");
  }
  return text[0];
}

Result<std::vector<std::pair<std::string, LogicalType>>> ParseTypeList(
    const std::string& option, const std::vector<std::pair<std::string, Value>>& entries) {
  std::vector<std::pair<std::string, LogicalType>> result;
  for (const auto& [name, value] : entries) {
    TARN_ASSIGN_OR_RETURN(std::string type_name, ParseStringOption(option, value));
    auto type = ParseTypeName(type_name);
    if (!type.ok()) {
      return OptionError(option, "column '" + name + "': " + type.status().message());
    }
    if (type.value().IsNested()) {
      return OptionError(option, "column '" + name + "': CSV fields hold scalar values, not " +
                                     type.value().ToString() + "; read it as VARCHAR");
    }
    result.emplace_back(name, type.value());
  }
  return result;
}

void AddPattern(const Value& value, std::vector<std::string>* patterns, Status* status) {
  if (value.is_null() || value.type().id() != TypeId::kVarchar) {
    *status = Status::Error(
        ErrorCode::kInvalidOption,
        "read_csv expects a file path or a list of paths, got " + value.ToSqlLiteral());
    return;
  }
  patterns->push_back(value.GetString());
}

constexpr const char* kKnownOptions =
    "auto_detect, all_varchar, columns, compression, delim, sep, escape, filename, header, "
    "hive_partitioning, ignore_errors, max_line_size, null_padding, nullstr, quote, sample_size, "
    "skip, types, "
    "dtypes";

}  // namespace

Result<CsvReadOptions> ParseCsvOptions(const TableFunctionInput& input) {
  CsvReadOptions options;
  Status status;
  for (const Value& value : input.positional) AddPattern(value, &options.patterns, &status);
  for (const auto& list : input.positional_lists) {
    for (const Value& value : list) AddPattern(value, &options.patterns, &status);
  }
  TARN_RETURN_IF_ERROR(status);
  if (options.patterns.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "read_csv needs a file path, a glob or a list of paths");
  }
  // Two spellings of one option (delim and sep, types and dtypes) are a mistake, not
  // "one of them wins".
  std::set<std::string> seen;
  auto check_repeated = [&seen](const std::string& raw_name) -> Status {
    std::string name = Lower(raw_name);
    if (name == "sep" || name == "delimiter") name = "delim";
    if (name == "dtypes") name = "types";
    if (!seen.insert(name).second) {
      return Status::Error(ErrorCode::kInvalidOption,
                           "read_csv option '" + raw_name + "' is given more than once (" +
                               "delim, sep and delimiter are one option, as are types and "
                               "dtypes)");
    }
    return Status::Ok();
  };
  for (const auto& [raw_name, value] : input.named) TARN_RETURN_IF_ERROR(check_repeated(raw_name));
  for (const auto& [raw_name, entries] : input.named_structs) {
    TARN_RETURN_IF_ERROR(check_repeated(raw_name));
  }
  for (const auto& [raw_name, value] : input.named) {
    std::string name = Lower(raw_name);
    if (name == "delim" || name == "sep" || name == "delimiter") {
      TARN_ASSIGN_OR_RETURN(char c, ParseCharOption(name, value, false));
      options.delimiter = c;
    } else if (name == "quote") {
      TARN_ASSIGN_OR_RETURN(char c, ParseCharOption(name, value, true));
      options.quote = c;
    } else if (name == "escape") {
      TARN_ASSIGN_OR_RETURN(char c, ParseCharOption(name, value, true));
      options.escape = c;
    } else if (name == "header") {
      TARN_ASSIGN_OR_RETURN(bool flag, ParseBoolOption(name, value));
      options.header = flag;
    } else if (name == "auto_detect") {
      TARN_ASSIGN_OR_RETURN(options.auto_detect, ParseBoolOption(name, value));
    } else if (name == "all_varchar") {
      TARN_ASSIGN_OR_RETURN(options.all_varchar, ParseBoolOption(name, value));
    } else if (name == "filename") {
      TARN_ASSIGN_OR_RETURN(options.filename_column, ParseBoolOption(name, value));
    } else if (name == "hive_partitioning") {
      TARN_ASSIGN_OR_RETURN(bool hive, ParseBoolOption(name, value));
      options.hive_partitioning = hive;
    } else if (name == "null_padding") {
      TARN_ASSIGN_OR_RETURN(options.null_padding, ParseBoolOption(name, value));
    } else if (name == "ignore_errors") {
      TARN_ASSIGN_OR_RETURN(options.ignore_errors, ParseBoolOption(name, value));
    } else if (name == "sample_size") {
      TARN_ASSIGN_OR_RETURN(int64_t rows, ParseIntegerOption(name, value, -1));
      if (rows == 0) return OptionError(name, "expected a positive number of rows or -1");
      options.sample_size = rows;
    } else if (name == "skip") {
      TARN_ASSIGN_OR_RETURN(options.skip_rows, ParseIntegerOption(name, value, 0));
    } else if (name == "max_line_size") {
      TARN_ASSIGN_OR_RETURN(int64_t size, ParseIntegerOption(name, value, 1));
      options.max_line_size = static_cast<uint64_t>(size);
    } else if (name == "nullstr") {
      TARN_ASSIGN_OR_RETURN(options.null_string, ParseStringOption(name, value));
    } else if (name == "compression") {
      TARN_ASSIGN_OR_RETURN(std::string text, ParseStringOption(name, value));
      TARN_ASSIGN_OR_RETURN(options.compression, ParseCompression(text));
    } else if (name == "columns" || name == "types" || name == "dtypes") {
      return OptionError(name, "expected a struct such as {'a': 'INTEGER'}");
    } else {
      return Status::Error(ErrorCode::kInvalidOption, "Unknown read_csv option '" + raw_name +
                                                          "'. Known options: " + kKnownOptions);
    }
  }
  for (const auto& [raw_name, entries] : input.named_structs) {
    std::string name = Lower(raw_name);
    if (name == "columns") {
      TARN_ASSIGN_OR_RETURN(options.columns, ParseTypeList(name, entries));
      if (options.columns.empty()) return OptionError(name, "expected at least one column");
    } else if (name == "types" || name == "dtypes") {
      TARN_ASSIGN_OR_RETURN(auto overrides, ParseTypeList(name, entries));
      for (auto& entry : overrides) options.type_overrides.push_back(std::move(entry));
    } else {
      return Status::Error(ErrorCode::kInvalidOption, "Unknown read_csv option '" + raw_name +
                                                          "' (or it does not take a "
                                                          "struct). Known options: " +
                                                          kKnownOptions);
    }
  }
  for (const auto& [raw_name, values] : input.named_lists) {
    return Status::Error(ErrorCode::kInvalidOption, "read_csv option '" + raw_name +
                                                        "' does not take a list. Known "
                                                        "options: " +
                                                        kKnownOptions);
  }
  if (!options.auto_detect && options.columns.empty()) {
    return OptionError("auto_detect", "auto_detect=false needs columns={'name': 'TYPE', ...}");
  }
  if (options.quote && options.delimiter && *options.quote == *options.delimiter &&
      *options.quote != '\0') {
    return OptionError("quote", "the quote character cannot be the delimiter");
  }
  return options;
}

}  // namespace tarn
