// The lake catalog statements of ClientContext: databases, catalog tables (Hive/Athena
// DDL, CTAS and INSERT into their files), partitions, SHOW and DESCRIBE of catalog
// objects, crawlers, and the name resolution that lets queries read catalog tables and
// the information_schema / tarn_catalog views.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>
#include <set>
#include <system_error>

#include "catalog/catalog_table_scan.h"
#include "catalog/crawler/crawler.h"
#include "common/exception.h"
#include "common/string_distance.h"
#include "formats/hive_partitioning.h"
#include "function/cast.h"
#include "function/value_rows_binding.h"
#include "main/client_context.h"
#include "parser/parser.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

template <class T>
T Unwrap(Result<T> result) {
  return std::move(result).ValueOrThrow();
}

void Check(const Status& status) { status.ThrowIfError(); }

std::string QuoteText(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

// A SERDEPROPERTIES value as SHOW CREATE TABLE prints it: the parser decodes Hive's
// backslash escapes there, so control characters become octal escapes ('\001') and a
// backslash is doubled; a quote is doubled, as SQL strings do.
std::string QuoteSerdeProperty(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (byte < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\%03o", byte);
      out += buffer;
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

bool ShowPatternMatches(const std::string& pattern, const std::string& name) {
  if (pattern.empty()) return true;
  size_t start = 0;
  while (true) {
    size_t bar = pattern.find('|', start);
    std::string alternative =
        Lower(pattern.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    std::string text = Lower(name);
    // Wildcard match with backtracking over the last star.
    size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
      if (p < alternative.size() && (alternative[p] == '_' || alternative[p] == text[t])) {
        p++;
        t++;
      } else if (p < alternative.size() && (alternative[p] == '*' || alternative[p] == '%')) {
        star = p++;
        mark = t;
      } else if (star != std::string::npos) {
        p = star + 1;
        t = ++mark;
      } else {
        break;
      }
    }
    while (p < alternative.size() && (alternative[p] == '*' || alternative[p] == '%')) p++;
    if (t == text.size() && p == alternative.size()) return true;
    if (bar == std::string::npos) return false;
    start = bar + 1;
  }
}

namespace {

std::map<std::string, std::string> PropertyMap(
    const std::vector<std::pair<std::string, std::string>>& properties) {
  std::map<std::string, std::string> map;
  for (const auto& [key, value] : properties) map[key] = value;
  return map;
}

// The table's format and serde properties from ROW FORMAT / STORED AS, as Hive reads them.
void ApplyStorage(const CatalogDdl& ddl, CatalogTable* table) {
  std::string serde = Lower(ddl.serde);
  std::string stored = Lower(ddl.stored_as);
  table->serde_properties = PropertyMap(ddl.serde_properties);
  if (!ddl.serde.empty()) table->serde_properties["serialization.lib"] = ddl.serde;
  auto unsupported = [&](const std::string& what) {
    ThrowError(ErrorCode::kNotImplemented,
               "tables " + what +
                   " are not supported; tarn reads PARQUET, TEXTFILE (CSV and delimited), JSON "
                   "and RegexSerDe tables");
  };
  if (stored == "parquet" || serde.find("parquet") != std::string::npos ||
      (stored.rfind("inputformat:", 0) == 0 && stored.find("parquet") != std::string::npos)) {
    table->format = "parquet";
  } else if (stored == "json" || stored == "jsonfile" || serde.find("json") != std::string::npos) {
    table->format = "json";
  } else if (serde.find("regexserde") != std::string::npos) {
    table->format = "regex";
    if (!table->serde_properties.count("input.regex")) {
      ThrowError(ErrorCode::kInvalidOption,
                 "a RegexSerDe table needs WITH SERDEPROPERTIES ('input.regex' = '...')");
    }
  } else if (stored == "orc" || stored == "avro" || stored == "sequencefile" || stored == "ion" ||
             stored == "rcfile") {
    unsupported("STORED AS " + ddl.stored_as);
  } else if (!stored.empty() && stored != "textfile" &&
             stored.find("textinputformat") == std::string::npos) {
    unsupported("STORED AS " + ddl.stored_as);
  } else {
    table->format = "csv";
    if (serde.find("opencsvserde") != std::string::npos) return;
    if (!serde.empty() && serde != "delimited" &&
        serde.find("lazysimpleserde") == std::string::npos) {
      unsupported("with ROW FORMAT SERDE '" + ddl.serde + "'");
    }
    // Hive's text tables: fields separated by \001 unless the DDL says otherwise.
    table->serde_properties["serialization.lib"] =
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
    if (!table->serde_properties.count("field.delim") &&
        !table->serde_properties.count("separatorChar")) {
      table->serde_properties["field.delim"] = std::string(1, '\001');
    }
  }
}

std::vector<CatalogColumn> ToCatalogColumns(const std::vector<ColumnDefinition>& definitions) {
  std::vector<CatalogColumn> columns;
  std::set<std::string> seen;
  for (const ColumnDefinition& definition : definitions) {
    if (!seen.insert(Lower(definition.name)).second) {
      ThrowError(ErrorCode::kCatalog, "column " + definition.name + " is specified more than once");
    }
    columns.push_back({definition.name, definition.type, definition.comment});
  }
  return columns;
}

// Where a partition's files go when ALTER TABLE ADD PARTITION or a write does not say:
// the table's folder, one key=value level per key.
std::string DefaultPartitionLocation(const CatalogTable& table,
                                     const std::vector<std::optional<std::string>>& values) {
  std::string location = table.location;
  for (size_t i = 0; i < values.size(); i++) {
    location += "/" + HivePartitions::EscapePathText(table.partition_keys[i].name) + "=";
    location += values[i] ? HivePartitions::EscapePathText(*values[i])
                          : std::string(HivePartitions::kDefaultPartition);
  }
  return location;
}

// The values of a PARTITION (...) spec in the order of the table's keys.
std::vector<std::optional<std::string>> SpecValues(const CatalogTable& table,
                                                   const PartitionSpec& spec) {
  const std::string name = table.database + "." + table.name;
  if (table.partition_keys.empty()) {
    ThrowError(ErrorCode::kCatalog, "table " + name + " is not partitioned");
  }
  std::vector<std::optional<std::string>> values(table.partition_keys.size());
  std::vector<bool> given(table.partition_keys.size(), false);
  for (const auto& [key, value] : spec.values) {
    size_t index = table.partition_keys.size();
    for (size_t i = 0; i < table.partition_keys.size(); i++) {
      if (Lower(table.partition_keys[i].name) == Lower(key)) index = i;
    }
    if (index == table.partition_keys.size()) {
      std::string keys;
      for (const auto& column : table.partition_keys) {
        keys += (keys.empty() ? "" : ", ") + column.name;
      }
      ThrowError(ErrorCode::kCatalog,
                 "table " + name + " has no partition key " + key + " (its keys: " + keys + ")");
    }
    values[index] = value;
    given[index] = true;
  }
  for (size_t i = 0; i < given.size(); i++) {
    if (!given[i]) {
      ThrowError(ErrorCode::kCatalog, "PARTITION (...) of " + name + " needs a value for " +
                                          table.partition_keys[i].name);
    }
  }
  return values;
}

bool Hidden(const std::string& name) { return name.empty() || name[0] == '.' || name[0] == '_'; }

// The value of partition key `level` that folder `name` holds (NULL for Hive's default
// partition), or nothing when the folder is not `key=value` for that key.
std::optional<std::optional<std::string>> PartitionFolderValue(const CatalogTable& table,
                                                               size_t level,
                                                               const std::string& name) {
  if (Hidden(name) || level >= table.partition_keys.size()) return std::nullopt;
  size_t equals = name.find('=');
  if (equals == std::string::npos) return std::nullopt;
  std::string key = HivePartitions::DecodePathText(name.substr(0, equals));
  if (Lower(key) != Lower(table.partition_keys[level].name)) return std::nullopt;
  std::string raw = name.substr(equals + 1);
  if (raw == HivePartitions::kDefaultPartition) return std::optional<std::string>();
  return std::optional<std::string>(HivePartitions::DecodePathText(raw));
}

// The key=value folders under a table's location whose keys are the table's partition
// keys in order (what MSCK REPAIR TABLE registers).
std::vector<CatalogPartition> DiscoverPartitions(const CatalogTable& table) {
  std::vector<CatalogPartition> found;
  std::function<void(const std::string&, size_t, std::vector<std::optional<std::string>>&)> walk =
      [&](const std::string& folder, size_t level,
          std::vector<std::optional<std::string>>& values) {
        if (level == table.partition_keys.size()) {
          CatalogPartition partition;
          partition.values = values;
          partition.location = folder;
          found.push_back(std::move(partition));
          return;
        }
        std::error_code error;
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
          if (entry.is_directory(error)) names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
          std::optional<std::optional<std::string>> value =
              PartitionFolderValue(table, level, name);
          if (!value) continue;
          values.push_back(*value);
          walk(folder + "/" + name, level + 1, values);
          values.pop_back();
        }
      };
  std::vector<std::optional<std::string>> values;
  walk(table.location, 0, values);
  return found;
}

// The partitions that hold `files`, written under the table's location by a write into it:
// each file's folder, read as one key=value level per partition key.
std::vector<CatalogPartition> PartitionsOfFiles(const CatalogTable& table,
                                                const std::vector<std::string>& files) {
  std::vector<CatalogPartition> found;
  std::set<std::string> seen;
  for (const std::string& file : files) {
    std::string folder = std::filesystem::path(file).parent_path().string();
    if (folder.size() <= table.location.size() ||
        folder.compare(0, table.location.size(), table.location) != 0 ||
        folder[table.location.size()] != '/' || !seen.insert(folder).second) {
      continue;
    }
    CatalogPartition partition;
    partition.location = folder;
    size_t begin = table.location.size() + 1;
    while (begin <= folder.size()) {
      size_t end = folder.find('/', begin);
      if (end == std::string::npos) end = folder.size();
      std::optional<std::optional<std::string>> value =
          PartitionFolderValue(table, partition.values.size(), folder.substr(begin, end - begin));
      if (!value) break;
      partition.values.push_back(*value);
      begin = end + 1;
    }
    if (partition.values.size() == table.partition_keys.size())
      found.push_back(std::move(partition));
  }
  return found;
}

std::string ColumnList(const std::vector<CatalogColumn>& columns, bool with_comments) {
  std::string text;
  for (size_t i = 0; i < columns.size(); i++) {
    text += i == 0 ? "  " : ",\n  ";
    text += "`" + columns[i].name + "` " + columns[i].type.ToString();
    if (with_comments && !columns[i].comment.empty())
      text += " COMMENT " + QuoteText(columns[i].comment);
  }
  return text;
}

std::string ShowCreateTable(const CatalogTable& table) {
  if (table.kind == CatalogTableKind::kView) {
    auto sql = table.table_properties.find("tarn.view_sql");
    return sql == table.table_properties.end() ? std::string() : sql->second;
  }
  std::string ddl = std::string("CREATE ") +
                    (table.kind == CatalogTableKind::kExternal ? "EXTERNAL " : "") + "TABLE `" +
                    table.database + "`.`" + table.name + "` (\n" +
                    ColumnList(table.columns, true) + ")";
  if (!table.comment.empty()) ddl += "\nCOMMENT " + QuoteText(table.comment);
  if (!table.partition_keys.empty()) {
    ddl += "\nPARTITIONED BY (\n" + ColumnList(table.partition_keys, true) + ")";
  }
  std::map<std::string, std::string> serde = table.serde_properties;
  std::string library = serde.count("serialization.lib") ? serde["serialization.lib"] : "";
  serde.erase("serialization.lib");
  // TBLPROPERTIES are read as plain SQL strings, SERDEPROPERTIES with Hive's escapes.
  auto properties_text = [](const std::map<std::string, std::string>& map, bool serde) {
    std::string text;
    for (const auto& [key, value] : map) {
      text += (text.empty() ? "\n  " : ",\n  ");
      text += serde ? QuoteSerdeProperty(key) + "=" + QuoteSerdeProperty(value)
                    : QuoteText(key) + "=" + QuoteText(value);
    }
    return text;
  };
  if (table.format == "parquet") {
    ddl += "\nSTORED AS PARQUET";
  } else if (table.format == "json") {
    ddl += "\nROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nSTORED AS TEXTFILE";
  } else if (table.format == "regex") {
    ddl += "\nROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\nWITH SERDEPROPERTIES (" +
           properties_text(serde, true) + ")\nSTORED AS TEXTFILE";
  } else if (table.format == "apache_log") {
    ddl += "\nSTORED AS TEXTFILE";
  } else {
    if (library.empty() || Lower(library).find("opencsvserde") != std::string::npos) {
      ddl += "\nROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'";
    } else {
      ddl += "\nROW FORMAT SERDE " + QuoteText(library);
    }
    if (!serde.empty()) ddl += "\nWITH SERDEPROPERTIES (" + properties_text(serde, true) + ")";
    ddl += "\nSTORED AS TEXTFILE";
  }
  ddl += "\nLOCATION " + QuoteText(table.location);
  std::map<std::string, std::string> properties = table.table_properties;
  if (table.format == "apache_log") properties["classification"] = "apache_log";
  if (!properties.empty()) ddl += "\nTBLPROPERTIES (" + properties_text(properties, false) + ")";
  return ddl;
}

Value OptionalBigint(int64_t value) {
  return value < 0 ? Value::Null(TypeId::kBigint) : Value::Bigint(value);
}

std::string ColumnsText(const std::vector<CatalogColumn>& columns) {
  std::string text;
  for (const auto& column : columns) {
    text += (text.empty() ? "" : ", ") + column.name + " " + column.type.ToString();
  }
  return text;
}

std::string PartitionText(const CatalogTable& table, const CatalogPartition& partition) {
  std::string text;
  for (size_t i = 0; i < partition.values.size(); i++) {
    if (i > 0) text.push_back('/');
    text += (i < table.partition_keys.size() ? table.partition_keys[i].name : "?") + "=" +
            (partition.values[i] ? *partition.values[i]
                                 : std::string(HivePartitions::kDefaultPartition));
  }
  return text;
}

const LogicalType kText(TypeId::kVarchar);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kBoolean(TypeId::kBoolean);

std::string CopyExtension(const std::string& format) {
  return format == "parquet" ? ".parquet" : format == "json" ? ".json" : ".csv";
}

CopyOption MakeOption(std::string name, std::vector<Value> values, bool is_list = false) {
  CopyOption option;
  option.name = std::move(name);
  option.values = std::move(values);
  option.is_list = is_list;
  return option;
}

std::string RandomTag() {
  std::random_device random;
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "%08x%08x", random(), random());
  return buffer;
}

std::string OptionText(const CopyOption& option) {
  if (option.is_list || option.values.size() != 1 || option.values[0].is_null()) {
    ThrowError(ErrorCode::kInvalidOption,
               "option " + option.name + " expects one value, as in " + option.name + " = '...'");
  }
  return option.values[0].ToString();
}

}  // namespace

TableResolver ClientContext::MakeTableResolver() {
  return [this](const std::string& schema, const std::string& name) {
    return ResolveTable(schema, name);
  };
}

std::string ClientContext::ManagedLocation(const std::string& database, const std::string& table) {
  std::optional<CatalogDatabase> entry = Unwrap(database_.lake().store().GetDatabase(database));
  if (entry && !entry->location.empty()) return entry->location + "/" + Lower(table);
  return database_.lake().ManagedTableLocation(database, table);
}

std::string ClientContext::DatabaseOf(const std::string& schema) const {
  return schema.empty() ? current_database_ : schema;
}

std::optional<CatalogTable> ClientContext::FindCatalogTable(const std::string& schema,
                                                            const std::string& name) {
  return Unwrap(database_.lake().store().GetTable(DatabaseOf(schema), name));
}

CatalogTable ClientContext::RequireCatalogTable(const std::string& schema,
                                                const std::string& name) {
  std::string database = DatabaseOf(schema);
  CatalogStore& store = database_.lake().store();
  std::optional<CatalogTable> table = Unwrap(store.GetTable(database, name));
  if (table) return std::move(*table);
  if (!Unwrap(store.GetDatabase(database))) {
    ThrowError(ErrorCode::kCatalog, "database " + database + " does not exist");
  }
  std::vector<std::string> names;
  for (const CatalogTable& other : Unwrap(store.ListTables(database))) names.push_back(other.name);
  ThrowError(ErrorCode::kCatalog,
             "table " + database + "." + name + " does not exist." + DidYouMean(name, names));
}

ResolvedTable ClientContext::ResolveTable(const std::string& schema, const std::string& name) {
  ResolvedTable resolved;
  std::string lower_schema = Lower(schema);
  if (lower_schema == "information_schema" || lower_schema == "tarn_catalog") {
    resolved.scan = CatalogView(lower_schema, Lower(name));
    return resolved;
  }
  CatalogStore& store = database_.lake().store();
  std::string database = DatabaseOf(schema);
  std::optional<CatalogTable> table = Unwrap(store.GetTable(database, name));
  if (!table) {
    if (!Unwrap(store.GetDatabase(database))) {
      std::vector<std::string> names;
      for (const auto& other : Unwrap(store.ListDatabases())) names.push_back(other.name);
      ThrowError(ErrorCode::kCatalog,
                 "database " + database + " does not exist." + DidYouMean(database, names));
    }
    for (const CatalogTable& other : Unwrap(store.ListTables(database))) {
      resolved.candidates.push_back(other.name);
    }
    return resolved;
  }
  if (table->kind == CatalogTableKind::kView) {
    auto parsed = ParseSql(table->table_properties["tarn.view_sql"]);
    if (!parsed.ok() || parsed.value().size() != 1 || !parsed.value()[0]->query) {
      ThrowError(ErrorCode::kCatalog, "the stored query of view " + table->database + "." +
                                          table->name + " does not parse");
    }
    auto view = std::make_shared<ViewEntry>();
    view->name = table->name;
    view->query = std::shared_ptr<const QueryNode>(parsed.value()[0]->query->Copy());
    resolved.view = std::move(view);
    return resolved;
  }
  std::vector<CatalogPartition> partitions;
  if (!table->partition_keys.empty()) {
    partitions = Unwrap(store.ListPartitions(table->database, table->name));
  }
  resolved.scan = Unwrap(BindCatalogTableScan(*table, std::move(partitions)));
  return resolved;
}

std::unique_ptr<QueryResult> ClientContext::CreateCatalogView(const Statement& statement,
                                                              std::string_view sql) {
  CatalogStore& store = database_.lake().store();
  Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(*statement.query);  // Validates the view now.
  CatalogTable view;
  view.database = DatabaseOf(statement.schema);
  view.name = statement.name;
  view.kind = CatalogTableKind::kView;
  view.format = "view";
  for (size_t i = 0; i < bound.names.size(); i++) {
    view.columns.push_back({bound.names[i], bound.types[i], ""});
  }
  view.table_properties["tarn.view_sql"] = statement.text;
  std::optional<CatalogTable> existing = Unwrap(store.GetTable(view.database, view.name));
  if (existing) {
    if (existing->kind != CatalogTableKind::kView) {
      ThrowError(ErrorCode::kCatalog,
                 "a table named " + view.database + "." + view.name + " already exists");
    }
    if (!statement.or_replace) {
      ThrowError(ErrorCode::kCatalog,
                 "view " + view.database + "." + view.name + " already exists");
    }
    Unwrap(store.UpdateTable(view, "CREATE OR REPLACE VIEW"));
    return std::make_unique<QueryResult>();
  }
  Check(store.CreateTable(view, false));
  return std::make_unique<QueryResult>();
}

std::shared_ptr<const TableScanBinding> ClientContext::CatalogView(const std::string& schema,
                                                                   const std::string& name) {
  CatalogStore& store = database_.lake().store();
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<std::vector<Value>> rows;
  auto columns = [&](std::vector<std::pair<std::string, LogicalType>> list) {
    for (auto& [column, type] : list) {
      names.push_back(column);
      types.push_back(type);
    }
  };
  auto text = [](const std::string& value) { return Value::Varchar(value); };
  std::vector<CatalogTable> tables;
  if (name != "schemata" && name != "databases" && name != "crawlers") {
    tables = Unwrap(store.ListTables(""));
  }
  Catalog& session = database_.catalog();
  if (schema == "information_schema" && name == "schemata") {
    columns({{"catalog_name", kText}, {"schema_name", kText}, {"comment", kText}});
    for (const CatalogDatabase& database : Unwrap(store.ListDatabases())) {
      rows.push_back({text("tarn"), text(database.name), text(database.comment)});
    }
  } else if (schema == "information_schema" && name == "tables") {
    columns({{"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"table_type", kText},
             {"comment", kText}});
    for (const std::string& session_name : session.Names()) {
      bool view = session.GetView(session_name) != nullptr;
      rows.push_back({text("tarn"), text("session"), text(session_name),
                      text(view ? "VIEW" : "LOCAL TEMPORARY"), Value::Null(TypeId::kVarchar)});
    }
    for (const CatalogTable& table : tables) {
      rows.push_back({text("tarn"), text(table.database), text(table.name),
                      text(table.kind == CatalogTableKind::kExternal ? "EXTERNAL TABLE"
                           : table.kind == CatalogTableKind::kView   ? "VIEW"
                                                                     : "BASE TABLE"),
                      text(table.comment)});
    }
  } else if (schema == "information_schema" && name == "columns") {
    columns({{"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"column_name", kText},
             {"ordinal_position", kBigint},
             {"data_type", kText},
             {"is_nullable", kText},
             {"comment", kText},
             {"is_partition_key", kBoolean}});
    for (const std::string& session_name : session.Names()) {
      auto entry = session.GetTable(session_name);
      if (!entry) continue;
      for (size_t i = 0; i < entry->column_names.size(); i++) {
        rows.push_back({text("tarn"), text("session"), text(entry->name),
                        text(entry->column_names[i]), Value::Bigint(static_cast<int64_t>(i + 1)),
                        text(entry->types[i].ToString()), text(entry->not_null[i] ? "NO" : "YES"),
                        Value::Null(TypeId::kVarchar), Value::Boolean(false)});
      }
    }
    for (const CatalogTable& table : tables) {
      int64_t position = 0;
      for (bool keys : {false, true}) {
        for (const CatalogColumn& column : keys ? table.partition_keys : table.columns) {
          rows.push_back({text("tarn"), text(table.database), text(table.name), text(column.name),
                          Value::Bigint(++position), text(column.type.ToString()), text("YES"),
                          text(column.comment), Value::Boolean(keys)});
        }
      }
    }
  } else if (schema == "tarn_catalog" && name == "databases") {
    columns({{"name", kText}, {"comment", kText}, {"location", kText}, {"created_at", kText}});
    for (const CatalogDatabase& database : Unwrap(store.ListDatabases())) {
      rows.push_back({text(database.name), text(database.comment), text(database.location),
                      text(database.created_at)});
    }
  } else if (schema == "tarn_catalog" && name == "tables") {
    columns({{"database", kText},
             {"name", kText},
             {"kind", kText},
             {"format", kText},
             {"location", kText},
             {"columns", kText},
             {"partition_keys", kText},
             {"version", kBigint},
             {"row_count", kBigint},
             {"size_bytes", kBigint},
             {"file_count", kBigint},
             {"comment", kText},
             {"crawler", kText},
             {"created_at", kText},
             {"updated_at", kText}});
    for (const CatalogTable& table : tables) {
      auto crawler = table.table_properties.find("tarn.crawler");
      rows.push_back({text(table.database), text(table.name),
                      text(table.kind == CatalogTableKind::kExternal ? "EXTERNAL"
                           : table.kind == CatalogTableKind::kView   ? "VIEW"
                                                                     : "MANAGED"),
                      text(table.format), text(table.location), text(ColumnsText(table.columns)),
                      text(ColumnsText(table.partition_keys)), Value::Bigint(table.version),
                      OptionalBigint(table.row_count), OptionalBigint(table.size_bytes),
                      OptionalBigint(table.file_count), text(table.comment),
                      crawler == table.table_properties.end() ? Value::Null(TypeId::kVarchar)
                                                              : text(crawler->second),
                      text(table.created_at), text(table.updated_at)});
    }
  } else if (schema == "tarn_catalog" && name == "columns") {
    columns({{"database", kText},
             {"table", kText},
             {"position", kBigint},
             {"name", kText},
             {"type", kText},
             {"comment", kText},
             {"partition_key", kBoolean}});
    for (const CatalogTable& table : tables) {
      int64_t position = 0;
      for (bool keys : {false, true}) {
        for (const CatalogColumn& column : keys ? table.partition_keys : table.columns) {
          rows.push_back({text(table.database), text(table.name), Value::Bigint(++position),
                          text(column.name), text(column.type.ToString()), text(column.comment),
                          Value::Boolean(keys)});
        }
      }
    }
  } else if (schema == "tarn_catalog" && name == "partitions") {
    columns({{"database", kText},
             {"table", kText},
             {"partition", kText},
             {"location", kText},
             {"missing", kBoolean},
             {"row_count", kBigint},
             {"size_bytes", kBigint},
             {"file_count", kBigint},
             {"created_at", kText}});
    for (const CatalogTable& table : tables) {
      if (table.partition_keys.empty()) continue;
      for (const CatalogPartition& partition :
           Unwrap(store.ListPartitions(table.database, table.name))) {
        rows.push_back({text(table.database), text(table.name),
                        text(PartitionText(table, partition)), text(partition.location),
                        Value::Boolean(partition.missing), OptionalBigint(partition.row_count),
                        OptionalBigint(partition.size_bytes), OptionalBigint(partition.file_count),
                        text(partition.created_at)});
      }
    }
  } else if (schema == "tarn_catalog" && name == "table_versions") {
    columns({{"database", kText},
             {"table", kText},
             {"version", kBigint},
             {"columns", kText},
             {"partition_keys", kText},
             {"format", kText},
             {"created_at", kText},
             {"reason", kText},
             {"current", kBoolean}});
    for (const CatalogTable& table : tables) {
      for (const CatalogTableVersion& version :
           Unwrap(store.ListTableVersions(table.database, table.name))) {
        rows.push_back({text(table.database), text(table.name), Value::Bigint(version.version),
                        text(ColumnsText(version.columns)),
                        text(ColumnsText(version.partition_keys)), text(version.format),
                        text(version.created_at), text(version.reason),
                        Value::Boolean(version.version == table.version)});
      }
    }
  } else if (schema == "tarn_catalog" && name == "crawlers") {
    columns({{"name", kText},
             {"path", kText},
             {"database", kText},
             {"table_prefix", kText},
             {"exclusions", kText},
             {"schema_change_policy", kText},
             {"recrawl_policy", kText},
             {"created_at", kText},
             {"last_run_at", kText},
             {"last_report", kText}});
    for (const CatalogCrawler& crawler : Unwrap(store.ListCrawlers())) {
      std::string exclusions;
      for (const auto& glob : crawler.exclusions)
        exclusions += (exclusions.empty() ? "" : ", ") + glob;
      rows.push_back(
          {text(crawler.name), text(crawler.path), text(crawler.database),
           text(crawler.table_prefix), text(exclusions),
           text(crawler.schema_change == SchemaChangePolicy::kLog ? "log" : "update"),
           text(crawler.recrawl == RecrawlPolicy::kNewFoldersOnly ? "new_folders_only"
                                                                  : "everything"),
           text(crawler.created_at),
           crawler.last_run_at.empty() ? Value::Null(TypeId::kVarchar) : text(crawler.last_run_at),
           text(crawler.last_report)});
    }
  } else {
    const char* views = schema == "information_schema"
                            ? "schemata, tables, columns"
                            : "databases, tables, columns, partitions, table_versions, crawlers";
    ThrowError(ErrorCode::kCatalog,
               schema + "." + name + " does not exist (" + schema + " has: " + views + ")");
  }
  return std::make_shared<ValueRowsBinding>(schema + "." + name, std::move(names), std::move(types),
                                            std::move(rows));
}

std::unique_ptr<QueryResult> ClientContext::ExecuteCatalogStatement(const Statement& statement,
                                                                    std::string_view sql) {
  CatalogStore& store = database_.lake().store();
  const CatalogDdl empty_ddl;
  const CatalogDdl& ddl = statement.ddl ? *statement.ddl : empty_ddl;
  switch (statement.kind) {
    case StatementKind::kCreateDatabase: {
      CatalogDatabase database;
      database.name = statement.name;
      database.comment = ddl.comment;
      database.location = ddl.location.empty()
                              ? database_.lake().ManagedTableLocation(statement.name, "")
                              : AbsolutePath(ddl.location);
      while (database.location.size() > 1 && database.location.back() == '/') {
        database.location.pop_back();
      }
      Check(store.CreateDatabase(database, statement.if_not_exists));
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kDropDatabase: {
      if (Lower(statement.name) == Lake::kDefaultDatabase) {
        ThrowError(ErrorCode::kCatalog, "the default database cannot be dropped");
      }
      std::vector<CatalogTable> managed;
      if (ddl.cascade) {
        for (CatalogTable& table : Unwrap(store.ListTables(statement.name))) {
          if (table.kind == CatalogTableKind::kManaged) managed.push_back(std::move(table));
        }
      }
      Check(store.DropDatabase(statement.name, statement.if_exists, ddl.cascade));
      for (const CatalogTable& table : managed) RemoveManagedFiles(table);
      if (Lower(current_database_) == Lower(statement.name)) {
        current_database_ = Lake::kDefaultDatabase;
      }
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kUse: {
      std::optional<CatalogDatabase> database = Unwrap(store.GetDatabase(statement.name));
      if (!database) {
        std::vector<std::string> names;
        for (const auto& other : Unwrap(store.ListDatabases())) names.push_back(other.name);
        ThrowError(ErrorCode::kCatalog, "database " + statement.name + " does not exist." +
                                            DidYouMean(statement.name, names));
      }
      current_database_ = database->name;
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kCreateCatalogTable:
      return CreateCatalogTable(statement, sql);
    case StatementKind::kMsckRepair: {
      CatalogTable table = RequireCatalogTable(statement.schema, statement.name);
      if (table.partition_keys.empty()) {
        ThrowError(ErrorCode::kCatalog,
                   "table " + table.database + "." + table.name +
                       " is not partitioned: MSCK REPAIR TABLE has nothing to do");
      }
      std::set<std::string> known;
      for (const CatalogPartition& partition :
           Unwrap(store.ListPartitions(table.database, table.name))) {
        known.insert(PartitionText(table, partition));
      }
      std::vector<CatalogPartition> added;
      std::vector<std::vector<std::string>> rows;
      for (CatalogPartition& partition : DiscoverPartitions(table)) {
        std::string text = PartitionText(table, partition);
        if (known.count(text)) continue;
        rows.push_back({text, partition.location});
        added.push_back(std::move(partition));
      }
      Check(store.AddPartitions(table.database, table.name, added, /*if_not_exists=*/true));
      return QueryResult::FromStrings({"partition_added", "location"}, rows);
    }
    case StatementKind::kAlterTable:
      return AlterCatalogTable(statement);
    case StatementKind::kShow:
      return ShowCatalog(statement);
    case StatementKind::kComment: {
      CatalogTable table = RequireCatalogTable(statement.schema, statement.name);
      if (ddl.column.empty()) {
        table.comment = ddl.comment;
      } else {
        bool found = false;
        for (auto* list : {&table.columns, &table.partition_keys}) {
          for (CatalogColumn& column : *list) {
            if (Lower(column.name) == Lower(ddl.column)) {
              column.comment = ddl.comment;
              found = true;
            }
          }
        }
        if (!found) {
          ThrowError(ErrorCode::kCatalog,
                     "table " + table.database + "." + table.name + " has no column " + ddl.column);
        }
      }
      Unwrap(store.UpdateTable(table, "COMMENT ON COLUMN " + ddl.column));
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kCreateCrawler: {
      CatalogCrawler crawler;
      crawler.name = statement.name;
      for (const CopyOption& option : statement.copy_options) {
        if (option.name == "path") {
          crawler.path = AbsolutePath(OptionText(option));
        } else if (option.name == "database") {
          crawler.database = OptionText(option);
        } else if (option.name == "table_prefix") {
          crawler.table_prefix = OptionText(option);
        } else if (option.name == "exclusions") {
          for (const Value& value : option.values) {
            if (!value.is_null()) crawler.exclusions.push_back(value.ToString());
          }
        } else if (option.name == "schema_change_policy") {
          std::string policy = Lower(OptionText(option));
          if (policy != "update" && policy != "log") {
            ThrowError(ErrorCode::kInvalidOption,
                       "schema_change_policy must be 'update' or 'log', got '" + policy + "'");
          }
          crawler.schema_change =
              policy == "log" ? SchemaChangePolicy::kLog : SchemaChangePolicy::kUpdate;
        } else if (option.name == "recrawl_policy") {
          std::string policy = Lower(OptionText(option));
          if (policy != "everything" && policy != "new_folders_only") {
            ThrowError(
                ErrorCode::kInvalidOption,
                "recrawl_policy must be 'everything' or 'new_folders_only', got '" + policy + "'");
          }
          crawler.recrawl = policy == "new_folders_only" ? RecrawlPolicy::kNewFoldersOnly
                                                         : RecrawlPolicy::kEverything;
        } else {
          ThrowError(ErrorCode::kInvalidOption,
                     "unknown crawler option \"" + option.name +
                         "\" (options: path, database, table_prefix, exclusions, "
                         "schema_change_policy, recrawl_policy)");
        }
      }
      if (crawler.path.empty()) {
        ThrowError(ErrorCode::kInvalidOption, "CREATE CRAWLER needs path = '<folder to crawl>'");
      }
      if (crawler.database.empty()) crawler.database = current_database_;
      Check(store.CreateCrawler(crawler, statement.if_not_exists));
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kRunCrawler: {
      std::optional<CatalogCrawler> crawler = Unwrap(store.GetCrawler(statement.name));
      if (!crawler) {
        std::vector<std::string> names;
        for (const auto& other : Unwrap(store.ListCrawlers())) names.push_back(other.name);
        ThrowError(ErrorCode::kCatalog, "crawler " + statement.name + " does not exist." +
                                            DidYouMean(statement.name, names));
      }
      CrawlOptions options;
      options.path = crawler->path;
      options.database = crawler->database;
      options.table_prefix = crawler->table_prefix;
      options.exclusions = crawler->exclusions;
      options.schema_change = crawler->schema_change;
      options.recrawl = crawler->recrawl;
      options.crawler_name = crawler->name;
      options.threads = Threads();
      CrawlReport report = Unwrap(Crawl(store, options));
      crawler->last_run_at = CatalogNow();
      crawler->last_report = report.ToString();
      Check(store.UpdateCrawler(*crawler));
      std::vector<std::vector<std::string>> rows;
      for (const CrawlReportRow& row : report.Rows())
        rows.push_back({row.kind, row.table, row.detail});
      return QueryResult::FromStrings({"kind", "table", "detail"}, rows);
    }
    case StatementKind::kDropCrawler:
      Check(store.DropCrawler(statement.name, statement.if_exists));
      return std::make_unique<QueryResult>();
    default:
      ThrowError(ErrorCode::kInternal, "not a catalog statement");
  }
}

void ClientContext::RemoveManagedFiles(const CatalogTable& table) {
  if (table.kind != CatalogTableKind::kManaged || table.location.empty()) return;
  std::error_code error;
  std::filesystem::remove_all(table.location, error);
}

std::unique_ptr<QueryResult> ClientContext::CreateCatalogTable(const Statement& statement,
                                                               std::string_view sql) {
  CatalogStore& store = database_.lake().store();
  const CatalogDdl empty_ddl;
  const CatalogDdl& ddl = statement.ddl ? *statement.ddl : empty_ddl;
  CatalogTable table;
  table.database = DatabaseOf(statement.schema);
  table.name = statement.name;
  table.kind = ddl.external ? CatalogTableKind::kExternal : CatalogTableKind::kManaged;
  table.comment = ddl.comment;
  table.table_properties = PropertyMap(ddl.properties);
  if (table.table_properties.count("comment") && table.comment.empty()) {
    table.comment = table.table_properties["comment"];
    table.table_properties.erase("comment");
  }
  ApplyStorage(ddl, &table);
  if (ddl.stored_as.empty() && ddl.serde.empty() && statement.query) table.format = "parquet";
  std::optional<CatalogTable> existing = Unwrap(store.GetTable(table.database, table.name));
  if (existing) {
    if (statement.if_not_exists) return std::make_unique<QueryResult>();
    ThrowError(ErrorCode::kCatalog,
               "table " + table.database + "." + table.name + " already exists");
  }
  if (!Unwrap(store.GetDatabase(table.database))) {
    ThrowError(ErrorCode::kCatalog, "database " + table.database + " does not exist");
  }
  if (ddl.location.empty()) {
    if (table.kind == CatalogTableKind::kExternal) {
      ThrowError(ErrorCode::kInvalidOption,
                 "CREATE EXTERNAL TABLE " + table.name +
                     " needs LOCATION '<folder>': the folder that holds the table's files");
    }
    table.location = ManagedLocation(table.database, table.name);
  } else {
    table.location = AbsolutePath(ddl.location);
  }
  if (!statement.query) {
    table.columns = ToCatalogColumns(statement.columns);
    table.partition_keys = ToCatalogColumns(ddl.partition_columns);
    for (const CatalogColumn& key : table.partition_keys) {
      for (const CatalogColumn& column : table.columns) {
        if (Lower(key.name) == Lower(column.name)) {
          ThrowError(ErrorCode::kCatalog, "partition key " + key.name +
                                              " is also a column; in Hive DDL partition keys are "
                                              "listed only in PARTITIONED BY");
        }
      }
    }
    if (table.columns.empty()) {
      ThrowError(ErrorCode::kCatalog, "table " + table.name + " needs at least one column");
    }
    if (table.kind == CatalogTableKind::kManaged) {
      std::error_code error;
      std::filesystem::create_directories(table.location, error);
      // tarn writes every file of a managed table, so its counts start known.
      if (std::filesystem::is_empty(table.location, error) && !error) {
        table.row_count = table.file_count = table.size_bytes = 0;
      }
    }
    Check(store.CreateTable(table, false));
    return std::make_unique<QueryResult>();
  }
  std::vector<std::string> keys;
  for (const ColumnDefinition& key : ddl.partition_columns) keys.push_back(key.name);
  return CreateTableAs(std::move(table), keys, *statement.query, sql);
}

std::unique_ptr<QueryResult> ClientContext::CreateTableAs(CatalogTable table,
                                                          const std::vector<std::string>& keys,
                                                          const QueryNode& query,
                                                          std::string_view sql) {
  CatalogStore& store = database_.lake().store();
  Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(query);
  table.columns.clear();
  table.partition_keys.clear();
  for (const std::string& key : keys) {
    bool found = false;
    for (size_t i = 0; i < bound.names.size(); i++) {
      if (Lower(bound.names[i]) == Lower(key)) {
        table.partition_keys.push_back({bound.names[i], bound.types[i], ""});
        found = true;
      }
    }
    if (!found) {
      ThrowError(ErrorCode::kBinder, "partition key " + key + " is not a column of the query");
    }
  }
  for (size_t i = 0; i < bound.names.size(); i++) {
    bool is_key = false;
    for (const std::string& key : keys) is_key = is_key || Lower(key) == Lower(bound.names[i]);
    if (!is_key) table.columns.push_back({bound.names[i], bound.types[i], ""});
  }
  // Like Athena, the location must be empty: the table is every file under it.
  std::error_code error;
  if (std::filesystem::exists(table.location, error)) {
    if (!std::filesystem::is_directory(table.location, error)) {
      ThrowError(ErrorCode::kIo, "the location \"" + table.location + "\" of table " + table.name +
                                     " is a file, not a folder");
    }
    if (!std::filesystem::is_empty(table.location, error)) {
      ThrowError(ErrorCode::kIo, "the location \"" + table.location + "\" of table " + table.name +
                                     " is not empty (the table would read the files already "
                                     "there); choose an empty or new folder");
    }
  }
  std::filesystem::create_directories(table.location, error);
  if (error) {
    ThrowError(ErrorCode::kIo, "cannot create \"" + table.location + "\": " + error.message());
  }
  table.table_properties["tarn.written_by"] = "CREATE TABLE AS";
  // The location is empty: the table's counts are what the write adds.
  table.row_count = table.file_count = table.size_bytes = 0;
  if (table.format == "csv") table.table_properties["skip.header.line.count"] = "1";
  // The table is registered with its files in one step: if the write fails, neither stays.
  std::unique_ptr<QueryResult> written;
  Status status = store.Transact([&]() -> Status {
    TARN_RETURN_IF_ERROR(store.CreateTable(table, false));
    try {
      written = WriteToCatalogTable(table, query, sql, {}, /*by_name=*/true);
    } catch (...) {
      if (table.kind == CatalogTableKind::kManaged) RemoveManagedFiles(table);
      throw;
    }
    return Status::Ok();
  });
  if (!status.ok()) {
    RemoveManagedFiles(table);
    Check(status);
  }
  // Like CREATE TABLE AS into memory, no rows: the table is the result.
  return std::make_unique<QueryResult>();
}

std::unique_ptr<QueryResult> ClientContext::WriteToCatalogTable(
    const CatalogTable& table, const QueryNode& query, std::string_view sql,
    const std::vector<std::string>& insert_columns, bool by_name) {
  CatalogStore& store = database_.lake().store();
  if (table.format != "parquet" && table.format != "csv" && table.format != "json") {
    ThrowError(ErrorCode::kNotImplemented, "tarn writes PARQUET, JSON and TEXTFILE tables; " +
                                               table.database + "." + table.name + " is " +
                                               table.format);
  }
  // The query's columns in the table's order (data columns, then partition keys), cast to
  // the table's types.
  Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(query);
  size_t width = table.columns.size() + table.partition_keys.size();
  auto column_at = [&](size_t i) -> const CatalogColumn& {
    return i < table.columns.size() ? table.columns[i]
                                    : table.partition_keys[i - table.columns.size()];
  };
  // The query column that fills each table column, or none (NULL).
  std::vector<std::optional<size_t>> sources(width);
  const std::string full_name = table.database + "." + table.name;
  if (!insert_columns.empty()) {
    if (insert_columns.size() != bound.names.size()) {
      ThrowError(ErrorCode::kBinder, "INSERT names " + std::to_string(insert_columns.size()) +
                                         " columns but supplies " +
                                         std::to_string(bound.names.size()) + " values");
    }
    for (size_t q = 0; q < insert_columns.size(); q++) {
      std::optional<size_t> target;
      for (size_t i = 0; i < width; i++) {
        if (Lower(column_at(i).name) == Lower(insert_columns[q])) target = i;
      }
      if (!target) {
        ThrowError(ErrorCode::kBinder,
                   "table " + full_name + " has no column \"" + insert_columns[q] + "\"");
      }
      if (sources[*target]) {
        ThrowError(ErrorCode::kBinder,
                   "column \"" + insert_columns[q] + "\" is named twice in INSERT");
      }
      sources[*target] = q;
    }
  } else if (by_name) {
    for (size_t i = 0; i < width; i++) {
      for (size_t q = 0; q < bound.names.size(); q++) {
        if (Lower(bound.names[q]) == Lower(column_at(i).name)) sources[i] = q;
      }
    }
  } else {
    if (bound.names.size() != width) {
      ThrowError(ErrorCode::kBinder, "table " + full_name + " has " + std::to_string(width) +
                                         " columns (partition keys last) but " +
                                         std::to_string(bound.names.size()) +
                                         " values were supplied");
    }
    for (size_t i = 0; i < width; i++) sources[i] = i;
  }
  std::vector<BoundExpressionPtr> expressions;
  BoundQuery cast;
  for (size_t i = 0; i < width; i++) {
    const CatalogColumn& column = column_at(i);
    cast.names.push_back(column.name);
    cast.types.push_back(column.type);
    if (!sources[i]) {
      expressions.push_back(BoundExpression::Constant(Value::Null(column.type)));
      continue;
    }
    size_t source = *sources[i];
    if (!CastExists(bound.types[source], column.type)) {
      ThrowError(ErrorCode::kType, "cannot write " + bound.types[source].ToString() +
                                       " into column " + column.name + " of type " +
                                       column.type.ToString());
    }
    expressions.push_back(
        AddCast(BoundExpression::ColumnRef(source, bound.types[source], ""), column.type));
  }
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  projection->types = cast.types;
  projection->expressions = std::move(expressions);
  projection->estimated_rows = bound.plan->estimated_rows;
  projection->children.push_back(std::move(bound.plan));
  cast.plan = std::move(projection);

  std::string extension = CopyExtension(table.format);
  std::vector<CopyOption> options;
  options.push_back(MakeOption("format", {Value::Varchar(table.format)}));
  auto compression = table.table_properties.find("write.compression");
  if (compression != table.table_properties.end() && compression->second != "none" &&
      compression->second != "uncompressed") {
    std::string codec = compression->second;
    if (table.format == "parquet" && codec == "lz4") codec = "lz4_raw";
    options.push_back(MakeOption("compression", {Value::Varchar(codec)}));
  }
  if (table.format == "csv") {
    auto separator = table.serde_properties.find("separatorChar");
    if (separator == table.serde_properties.end())
      separator = table.serde_properties.find("field.delim");
    std::string delimiter = separator == table.serde_properties.end() ? "," : separator->second;
    options.push_back(MakeOption("delimiter", {Value::Varchar(delimiter)}));
    // A header line only where the table skips one when reading.
    auto skip = table.table_properties.find("skip.header.line.count");
    bool header = skip != table.table_properties.end() && skip->second == "1";
    options.push_back(MakeOption("header", {Value::Boolean(header)}));
  }
  std::error_code error;
  std::filesystem::create_directories(table.location, error);
  std::string path;
  if (table.partition_keys.empty()) {
    path = table.location + "/data_" + RandomTag() + extension;
  } else {
    std::vector<Value> keys;
    for (const CatalogColumn& key : table.partition_keys) keys.push_back(Value::Varchar(key.name));
    options.push_back(MakeOption("partition_by", std::move(keys), true));
    options.push_back(MakeOption("append", {Value::Boolean(true)}));
    path = table.location;
  }
  std::vector<std::string> files;
  std::unique_ptr<QueryResult> written = CopyQueryTo(std::move(cast), path, options, &files);
  if (!table.partition_keys.empty()) {
    Check(store.AddPartitions(table.database, table.name, PartitionsOfFiles(table, files),
                              /*if_not_exists=*/true));
  }
  // Statistics for DESCRIBE FORMATTED and the planner: the rows and files written are added
  // to the counts the catalog holds. Counts it does not know (a table over files tarn did not
  // write) stay unknown for rows; files and bytes are then counted under the location once.
  std::optional<CatalogTable> stored = Unwrap(store.GetTable(table.database, table.name));
  if (stored) {
    int64_t rows_written = written->RowCount() == 1 && written->ColumnCount() == 1
                               ? written->GetValue(0, 0).GetBigint()
                               : 0;
    if (stored->row_count >= 0) stored->row_count += rows_written;
    std::error_code error;
    if (stored->file_count >= 0 && stored->size_bytes >= 0) {
      for (const std::string& file : files) {
        stored->file_count++;
        stored->size_bytes += static_cast<int64_t>(std::filesystem::file_size(file, error));
      }
      Unwrap(store.UpdateTable(*stored, "statistics"));
      return written;
    }
    stored->file_count = 0;
    stored->size_bytes = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(table.location, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (Hidden(it->path().filename().string())) {
        if (it->is_directory(error)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(error)) continue;
      stored->file_count++;
      stored->size_bytes += static_cast<int64_t>(it->file_size(error));
    }
    Unwrap(store.UpdateTable(*stored, "statistics"));
  }
  return written;
}

std::unique_ptr<QueryResult> ClientContext::AlterCatalogTable(const Statement& statement) {
  CatalogStore& store = database_.lake().store();
  const CatalogDdl& ddl = *statement.ddl;
  CatalogTable table = RequireCatalogTable(statement.schema, statement.name);
  switch (ddl.alter_action) {
    case AlterTableAction::kAddPartitions: {
      std::vector<CatalogPartition> partitions;
      for (const PartitionSpec& spec : ddl.partitions) {
        CatalogPartition partition;
        partition.values = SpecValues(table, spec);
        partition.location = spec.location.empty()
                                 ? DefaultPartitionLocation(table, partition.values)
                                 : AbsolutePath(spec.location);
        partitions.push_back(std::move(partition));
      }
      Check(store.AddPartitions(table.database, table.name, partitions, statement.if_not_exists));
      break;
    }
    case AlterTableAction::kDropPartitions: {
      std::vector<std::vector<std::optional<std::string>>> values;
      for (const PartitionSpec& spec : ddl.partitions) values.push_back(SpecValues(table, spec));
      Check(store.DropPartitions(table.database, table.name, values, statement.if_exists));
      break;
    }
    case AlterTableAction::kSetPartitionLocation: {
      std::vector<std::optional<std::string>> values = SpecValues(table, ddl.partitions.at(0));
      std::vector<CatalogPartition> partitions =
          Unwrap(store.ListPartitions(table.database, table.name));
      bool found = false;
      for (CatalogPartition& partition : partitions) {
        if (partition.values != values) continue;
        partition.location = AbsolutePath(ddl.partitions[0].location);
        Check(store.PutPartitions(table.database, table.name, {partition}));
        found = true;
      }
      if (!found) {
        ThrowError(ErrorCode::kCatalog,
                   "table " + table.database + "." + table.name + " has no such partition");
      }
      break;
    }
    case AlterTableAction::kAddColumns:
    case AlterTableAction::kReplaceColumns: {
      std::vector<CatalogColumn> added = ToCatalogColumns(statement.columns);
      std::string reason;
      if (ddl.alter_action == AlterTableAction::kReplaceColumns) {
        table.columns = added;
        reason = "ALTER TABLE REPLACE COLUMNS";
      } else {
        for (const CatalogColumn& column : added) {
          for (const auto* list : {&table.columns, &table.partition_keys}) {
            for (const CatalogColumn& existing : *list) {
              if (Lower(existing.name) == Lower(column.name)) {
                ThrowError(ErrorCode::kCatalog, "table " + table.database + "." + table.name +
                                                    " already has a column " + existing.name);
              }
            }
          }
          table.columns.push_back(column);
          reason += (reason.empty() ? "ALTER TABLE ADD COLUMNS " : ", ") + column.name;
        }
      }
      Unwrap(store.UpdateTable(table, reason));
      break;
    }
    case AlterTableAction::kSetTableProperties:
      for (const auto& [key, value] : ddl.properties) {
        if (key == "comment") {
          table.comment = value;
        } else {
          table.table_properties[key] = value;
        }
      }
      Unwrap(store.UpdateTable(table, "ALTER TABLE SET TBLPROPERTIES"));
      break;
    case AlterTableAction::kSetLocation:
      table.location = AbsolutePath(ddl.location);
      Unwrap(store.UpdateTable(table, "ALTER TABLE SET LOCATION"));
      break;
  }
  return std::make_unique<QueryResult>();
}

std::unique_ptr<QueryResult> ClientContext::ShowCatalog(const Statement& statement) {
  CatalogStore& store = database_.lake().store();
  const CatalogDdl& ddl = *statement.ddl;
  std::vector<std::vector<std::string>> rows;
  switch (ddl.show) {
    case ShowKind::kDatabases:
      for (const CatalogDatabase& database : Unwrap(store.ListDatabases())) {
        if (ShowPatternMatches(ddl.like_pattern, database.name)) rows.push_back({database.name});
      }
      return QueryResult::FromStrings({"database_name"}, rows);
    case ShowKind::kCrawlers:
      for (const CatalogCrawler& crawler : Unwrap(store.ListCrawlers())) {
        rows.push_back({crawler.name, crawler.path, crawler.database,
                        crawler.last_run_at.empty() ? "never" : crawler.last_run_at});
      }
      return QueryResult::FromStrings({"name", "path", "database", "last_run_at"}, rows);
    default:
      break;
  }
  CatalogTable table = RequireCatalogTable(statement.schema, statement.name);
  switch (ddl.show) {
    case ShowKind::kPartitions:
      for (const CatalogPartition& partition :
           Unwrap(store.ListPartitions(table.database, table.name))) {
        if (!partition.missing) rows.push_back({PartitionText(table, partition)});
      }
      return QueryResult::FromStrings({"partition"}, rows);
    case ShowKind::kCreateTable:
      return QueryResult::FromStrings({"createtab_stmt"}, {{ShowCreateTable(table)}});
    case ShowKind::kTableVersions: {
      std::vector<std::vector<Value>> values;
      for (const CatalogTableVersion& version :
           Unwrap(store.ListTableVersions(table.database, table.name))) {
        values.push_back({Value::Bigint(version.version), Value::Varchar(version.created_at),
                          Value::Varchar(version.reason),
                          Value::Varchar(ColumnsText(version.columns)),
                          Value::Varchar(ColumnsText(version.partition_keys)),
                          Value::Boolean(version.version == table.version)});
      }
      return QueryResult::FromRows(
          {"version", "created_at", "reason", "columns", "partition_keys", "current"},
          {kBigint, kText, kText, kText, kText, kBoolean}, values);
    }
    case ShowKind::kColumns:
      for (const auto* list : {&table.columns, &table.partition_keys}) {
        for (const CatalogColumn& column : *list) rows.push_back({column.name});
      }
      return QueryResult::FromStrings({"field"}, rows);
    case ShowKind::kTableProperties: {
      std::map<std::string, std::string> properties = table.table_properties;
      if (!table.comment.empty()) properties["comment"] = table.comment;
      for (const auto& [key, value] : properties) rows.push_back({key, value});
      return QueryResult::FromStrings({"prpt_name", "prpt_value"}, rows);
    }
    default:
      ThrowError(ErrorCode::kInternal, "unexpected SHOW");
  }
}

std::unique_ptr<QueryResult> ClientContext::DescribeCatalogTable(const CatalogTable& table,
                                                                 bool formatted) {
  std::vector<std::vector<std::string>> rows;
  for (const CatalogColumn& column : table.columns) {
    rows.push_back({column.name, column.type.ToString(), column.comment});
  }
  if (!table.partition_keys.empty()) {
    for (const CatalogColumn& column : table.partition_keys) {
      rows.push_back({column.name, column.type.ToString(), column.comment});
    }
    rows.push_back({"", "", ""});
    rows.push_back({"# Partition Information", "", ""});
    rows.push_back({"# col_name", "data_type", "comment"});
    for (const CatalogColumn& column : table.partition_keys) {
      rows.push_back({column.name, column.type.ToString(), column.comment});
    }
  }
  if (formatted) {
    auto number = [](int64_t value) {
      return value < 0 ? std::string("unknown") : std::to_string(value);
    };
    rows.push_back({"", "", ""});
    rows.push_back({"# Detailed Table Information", "", ""});
    rows.push_back({"Database:", table.database, ""});
    rows.push_back({"Table:", table.name, ""});
    rows.push_back({"Table Type:",
                    table.kind == CatalogTableKind::kExternal ? "EXTERNAL_TABLE" : "MANAGED_TABLE",
                    ""});
    rows.push_back({"Location:", table.location, ""});
    rows.push_back({"Format:", table.format, ""});
    rows.push_back({"Version:", std::to_string(table.version), ""});
    rows.push_back({"CreateTime:", table.created_at, ""});
    rows.push_back({"LastUpdateTime:", table.updated_at, ""});
    if (!table.comment.empty()) rows.push_back({"Comment:", table.comment, ""});
    rows.push_back({"Rows:", number(table.row_count), ""});
    rows.push_back({"Size (bytes):", number(table.size_bytes), ""});
    rows.push_back({"Files:", number(table.file_count), ""});
    if (!table.serde_properties.empty()) {
      rows.push_back({"# Storage Desc Params", "", ""});
      for (const auto& [key, value] : table.serde_properties) rows.push_back({"", key, value});
    }
    if (!table.table_properties.empty()) {
      rows.push_back({"Table Parameters:", "", ""});
      for (const auto& [key, value] : table.table_properties) rows.push_back({"", key, value});
    }
  }
  return QueryResult::FromStrings({"column_name", "column_type", "comment"}, rows);
}

}  // namespace tarn
