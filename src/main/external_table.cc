// CREATE TABLE ... WITH (...) AS SELECT: a lake catalog table whose rows live in files (the
// CTAS form of Athena). The query's result is written with the machinery of COPY ... TO
// (Hive folders for partitioned_by) and the partitions are registered in the catalog, so
// later queries prune them from the catalog.

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/exception.h"
#include "main/client_context.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
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
  CatalogStore& store = database_.lake().store();
  CatalogTable table;
  table.database = DatabaseOf(statement.schema);
  table.name = statement.name;
  table.format = properties.format;
  std::optional<CatalogTable> existing = store.GetTable(table.database, table.name).ValueOrThrow();
  if (existing && statement.if_not_exists) return std::make_unique<QueryResult>();
  if (existing && !statement.or_replace) {
    ThrowError(ErrorCode::kCatalog,
               "table " + table.database + "." + table.name + " already exists");
  }
  if (properties.location.empty()) {
    table.kind = CatalogTableKind::kManaged;
    table.location = ManagedLocation(table.database, table.name);
  } else {
    table.kind = CatalogTableKind::kExternal;
    table.location = AbsolutePath(properties.location);
  }
  if (!properties.compression.empty()) {
    table.table_properties["write.compression"] = properties.compression;
  }
  if (table.format == "csv") {
    table.serde_properties["separatorChar"] =
        properties.delimiter.empty() ? std::string(",") : properties.delimiter;
  }
  if (existing) {
    store.DropTable(existing->database, existing->name, false).ThrowIfError();
    RemoveManagedFiles(*existing);
  }
  // Like Athena, the location must be empty: the table is every file under it. OR REPLACE
  // first deletes what an earlier CREATE TABLE ... WITH wrote there (files of the format in
  // key=value folders), and nothing else.
  std::string extension = table.format == "parquet" ? ".parquet"
                          : table.format == "json"  ? ".json"
                                                    : ".csv";
  std::error_code error;
  std::filesystem::path location(table.location);
  if (statement.or_replace && std::filesystem::is_directory(location, error) &&
      !std::filesystem::is_empty(location, error)) {
    for (auto it = std::filesystem::recursive_directory_iterator(location, error);
         it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      std::string name = it->path().filename().string();
      bool table_folder = it->is_directory() && name.find('=') != std::string::npos;
      bool table_file = it->is_regular_file() && name.find(extension) != std::string::npos;
      if (!table_folder && !table_file) {
        ThrowError(ErrorCode::kIo, "CREATE OR REPLACE TABLE ... WITH: external_location \"" +
                                       table.location + "\" holds \"" + it->path().string() +
                                       "\", which is not a " + table.format +
                                       " file of a table; delete it yourself");
      }
    }
    for (const auto& entry : std::filesystem::directory_iterator(location, error)) {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
  return CreateTableAs(std::move(table), properties.partitioned_by, *statement.query, sql);
}

}  // namespace tarn
