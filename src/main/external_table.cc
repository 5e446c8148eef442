// CREATE TABLE ... WITH (...) AS SELECT: a table whose rows live in files (the CTAS form
// of Athena). The query's result is written with the machinery of COPY ... TO (Hive folders
// for partitioned_by), and the table becomes a view that reads the files back, so later
// queries see the files as they are on disk and prune partitions by their folders.

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/exception.h"
#include "main/client_context.h"
#include "parser/parser.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

[[noreturn]] void Fail(const std::string& message) {
  ThrowError(ErrorCode::kInvalidOption, "CREATE TABLE ... WITH: " + message);
}

std::string TextProperty(const CopyOption& option) {
  if (option.is_list || option.values.size() != 1 || option.values[0].is_null() ||
      option.values[0].type().id() != TypeId::kVarchar) {
    Fail("property " + option.name + " expects a string, as in " + option.name + " = '...'");
  }
  return option.values[0].GetString();
}

CopyOption MakeOption(std::string name, std::vector<Value> values, bool is_list = false) {
  CopyOption option;
  option.name = std::move(name);
  option.values = std::move(values);
  option.is_list = is_list;
  return option;
}

// The table's properties, checked.
struct ExternalTableProperties {
  std::string format = "parquet";  // parquet, json or csv
  std::string location;
  std::vector<std::string> partitioned_by;
  std::string compression;  // Lower case; empty for the format's default.
  std::string delimiter;
};

ExternalTableProperties ReadProperties(const std::vector<CopyOption>& options) {
  ExternalTableProperties properties;
  for (const CopyOption& option : options) {
    if (option.name == "format") {
      std::string format = Lower(TextProperty(option));
      if (format == "parquet") {
        properties.format = "parquet";
      } else if (format == "json") {
        properties.format = "json";
      } else if (format == "textfile" || format == "csv") {
        properties.format = "csv";
      } else {
        ThrowError(ErrorCode::kNotImplemented,
                   "CREATE TABLE ... WITH: format '" + TextProperty(option) +
                       "' is not supported (formats: PARQUET, JSON, TEXTFILE, CSV)");
      }
    } else if (option.name == "external_location") {
      properties.location = TextProperty(option);
    } else if (option.name == "partitioned_by") {
      if (!option.is_list) Fail("partitioned_by expects a list: partitioned_by = ARRAY['year']");
      for (const Value& value : option.values) {
        if (value.is_null() || value.type().id() != TypeId::kVarchar) {
          Fail("partitioned_by expects column names as strings");
        }
        properties.partitioned_by.push_back(value.GetString());
      }
    } else if (option.name == "write_compression" || option.name == "parquet_compression" ||
               option.name == "compression") {
      properties.compression = Lower(TextProperty(option));
    } else if (option.name == "field_delimiter") {
      properties.delimiter = TextProperty(option);
    } else {
      Fail("unknown property \"" + option.name +
           "\" (properties: format, external_location, partitioned_by, write_compression, "
           "field_delimiter)");
    }
  }
  if (properties.location.empty()) {
    Fail("external_location is required: the folder that will hold the table's files");
  }
  while (properties.location.size() > 1 && properties.location.back() == '/') {
    properties.location.pop_back();
  }
  return properties;
}

}  // namespace

std::unique_ptr<QueryResult> ClientContext::CreateExternalTable(const Statement& statement,
                                                                std::string_view sql) {
  if (!statement.query) Fail("needs AS SELECT ...: the rows to write");
  ExternalTableProperties properties = ReadProperties(statement.copy_options);
  Catalog& catalog = database_.catalog();
  bool exists = catalog.GetTable(statement.name) || catalog.GetView(statement.name);
  if (exists && statement.if_not_exists) return std::make_unique<QueryResult>();
  if (exists && !statement.or_replace) {
    ThrowError(ErrorCode::kCatalog, "table \"" + statement.name + "\" already exists");
  }

  const std::string& format = properties.format;
  std::string extension = format == "parquet" ? ".parquet" : format == "json" ? ".json" : ".csv";
  // Like Athena, the location must be empty: the table is every file under it. OR REPLACE
  // first deletes what an earlier CREATE TABLE ... WITH wrote there (files of the format in
  // key=value folders), and nothing else.
  std::error_code error;
  std::filesystem::path location(properties.location);
  if (std::filesystem::exists(location, error)) {
    if (!std::filesystem::is_directory(location, error)) {
      ThrowError(ErrorCode::kIo, "CREATE TABLE ... WITH: external_location \"" +
                                     properties.location + "\" is a file, not a folder");
    }
    if (!std::filesystem::is_empty(location, error)) {
      if (!statement.or_replace) {
        ThrowError(ErrorCode::kIo, "CREATE TABLE ... WITH: external_location \"" +
                                       properties.location +
                                       "\" is not empty (the table would read the files already "
                                       "there); choose an empty or new folder, or use CREATE OR "
                                       "REPLACE TABLE to replace a table written there");
      }
      for (auto it = std::filesystem::recursive_directory_iterator(location, error);
           it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        std::string name = it->path().filename().string();
        bool table_folder = it->is_directory() && name.find('=') != std::string::npos;
        bool table_file = it->is_regular_file() && name.find(extension) != std::string::npos;
        if (!table_folder && !table_file) {
          ThrowError(ErrorCode::kIo, "CREATE OR REPLACE TABLE ... WITH: external_location \"" +
                                         properties.location + "\" holds \"" + it->path().string() +
                                         "\", which is not a " + format +
                                         " file of a table; delete it yourself");
        }
      }
      for (const auto& entry : std::filesystem::directory_iterator(location, error)) {
        std::filesystem::remove_all(entry.path(), error);
      }
    }
  }

  Statement copy;
  copy.kind = StatementKind::kCopy;
  copy.query = statement.query->Copy();
  copy.copy_options.push_back(MakeOption("format", {Value::Varchar(format)}));
  if (!properties.compression.empty() && properties.compression != "none" &&
      properties.compression != "uncompressed") {
    std::string codec = properties.compression;
    if (format == "parquet" && codec == "lz4") codec = "lz4_raw";
    copy.copy_options.push_back(MakeOption("compression", {Value::Varchar(codec)}));
  }
  if (format == "csv") {
    copy.copy_options.push_back(MakeOption("header", {Value::Boolean(true)}));
    if (!properties.delimiter.empty()) {
      copy.copy_options.push_back(MakeOption("delimiter", {Value::Varchar(properties.delimiter)}));
    }
  }
  std::string pattern;
  if (properties.partitioned_by.empty()) {
    std::filesystem::create_directories(location, error);
    if (error) {
      ThrowError(ErrorCode::kIo, "CREATE TABLE ... WITH: cannot create \"" + properties.location +
                                     "\": " + error.message());
    }
    copy.copy_path = properties.location + "/data_0" + extension;
    pattern = properties.location + "/*" + extension + "*";
  } else {
    std::vector<Value> keys;
    for (const auto& key : properties.partitioned_by) keys.push_back(Value::Varchar(key));
    copy.copy_options.push_back(MakeOption("partition_by", std::move(keys), true));
    copy.copy_path = properties.location;
    pattern = properties.location + "/**/*" + extension + "*";
  }
  std::unique_ptr<QueryResult> written = Copy(copy, sql);
  if (written->HasError()) return written;

  std::string function = format == "parquet" ? "read_parquet" : "read_" + format;
  std::string view_sql =
      "SELECT * FROM " + function + "(" + QuoteLiteral(pattern) +
      ", hive_partitioning = " + (properties.partitioned_by.empty() ? "false" : "true") + ")";
  auto parsed = ParseSql(view_sql);
  if (!parsed.ok() || parsed.value().size() != 1 || !parsed.value()[0]->query) {
    ThrowError(ErrorCode::kInternal, "CREATE TABLE ... WITH: cannot build the view " + view_sql);
  }
  ViewEntry view;
  view.name = statement.name;
  view.query = std::shared_ptr<const QueryNode>(parsed.value()[0]->query->Copy());
  if (exists && catalog.GetTable(statement.name)) {
    catalog.Drop(statement.name, false, true).ThrowIfError();
  }
  catalog.CreateView(std::move(view), statement.or_replace).ThrowIfError();
  return written;
}

}  // namespace tarn
