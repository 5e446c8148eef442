#include "catalog/catalog_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <thread>

#include "formats/hive_partitioning.h"

// GCC 12 reports braced lists of SqlParam (a std::variant) as maybe-uninitialized at -O2,
// a false positive of its variant copy.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace tarn {

namespace {

// Bumped when the catalog's tables change shape; a store with a newer version is refused.
constexpr int64_t kSchemaVersion = 1;

// The catalog's own tables. Names are stored as written and matched through their lower
// case `*_key` columns. Lists and maps are stored as text (see EncodeLines).
const char* const kSchemaStatements[] = {
    "CREATE TABLE IF NOT EXISTS tarn_meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS tarn_databases (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "comment TEXT, location TEXT, created_at TEXT)",
    "CREATE TABLE IF NOT EXISTS tarn_tables (database_key TEXT NOT NULL, name_key TEXT NOT NULL, "
    "database_name TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, location TEXT, "
    "format TEXT, serde_properties TEXT, table_properties TEXT, comment TEXT, version BIGINT, "
    "row_count BIGINT, size_bytes BIGINT, file_count BIGINT, fingerprint TEXT, created_at TEXT, "
    "updated_at TEXT, PRIMARY KEY (database_key, name_key))",
    "CREATE TABLE IF NOT EXISTS tarn_columns (database_key TEXT NOT NULL, table_key TEXT NOT NULL, "
    "version BIGINT NOT NULL, is_partition_key BIGINT NOT NULL, position BIGINT NOT NULL, "
    "name TEXT NOT NULL, type TEXT NOT NULL, comment TEXT, "
    "PRIMARY KEY (database_key, table_key, version, is_partition_key, position))",
    "CREATE TABLE IF NOT EXISTS tarn_table_versions (database_key TEXT NOT NULL, "
    "table_key TEXT NOT NULL, version BIGINT NOT NULL, format TEXT, created_at TEXT, "
    "reason TEXT, PRIMARY KEY (database_key, table_key, version))",
    "CREATE TABLE IF NOT EXISTS tarn_partitions (database_key TEXT NOT NULL, "
    "table_key TEXT NOT NULL, partition_name TEXT NOT NULL, location TEXT, missing BIGINT, "
    "row_count BIGINT, size_bytes BIGINT, file_count BIGINT, fingerprint TEXT, created_at TEXT, "
    "PRIMARY KEY (database_key, table_key, partition_name))",
    "CREATE TABLE IF NOT EXISTS tarn_crawlers (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "path TEXT, database_name TEXT, table_prefix TEXT, exclusions TEXT, schema_change TEXT, "
    "recrawl TEXT, created_at TEXT, last_run_at TEXT, last_report TEXT)",
};

std::string Key(const std::string& name) {
  std::string key = name;
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// Lists as lines of escaped text; maps as escaped `key=value` lines.
std::string EncodeLines(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); i++) {
    if (i > 0) out.push_back('\n');
    out += HivePartitions::EscapePathText(items[i]);
  }
  return out;
}

std::vector<std::string> DecodeLines(const std::optional<std::string>& text) {
  std::vector<std::string> items;
  if (!text || text->empty()) return items;
  size_t start = 0;
  while (true) {
    size_t end = text->find('\n', start);
    items.push_back(HivePartitions::DecodePathText(
        std::string_view(*text).substr(start, end == std::string::npos ? end : end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return items;
}

std::string EncodeMap(const std::map<std::string, std::string>& map) {
  std::string out;
  for (const auto& [key, value] : map) {
    if (!out.empty()) out.push_back('\n');
    out += HivePartitions::EscapePathText(key) + "=" + HivePartitions::EscapePathText(value);
  }
  return out;
}

std::map<std::string, std::string> DecodeMap(const std::optional<std::string>& text) {
  std::map<std::string, std::string> map;
  if (!text || text->empty()) return map;
  size_t start = 0;
  while (start <= text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string_view line = std::string_view(*text).substr(start, end - start);
    size_t equals = line.find('=');
    if (equals != std::string_view::npos) {
      map[HivePartitions::DecodePathText(line.substr(0, equals))] =
          HivePartitions::DecodePathText(line.substr(equals + 1));
    }
    start = end + 1;
  }
  return map;
}

// A partition's name as Hive writes it: `year=2024/month=1`, NULL as the default partition.
std::string PartitionName(const std::vector<CatalogColumn>& keys,
                          const std::vector<std::optional<std::string>>& values) {
  std::string name;
  for (size_t i = 0; i < values.size(); i++) {
    if (i > 0) name.push_back('/');
    name += HivePartitions::EscapePathText(i < keys.size() ? keys[i].name
                                                           : "partition_" + std::to_string(i));
    name.push_back('=');
    if (values[i]) {
      name += HivePartitions::EscapePathText(*values[i]);
    } else {
      name += HivePartitions::kDefaultPartition;
    }
  }
  return name;
}

std::vector<std::optional<std::string>> PartitionValues(const std::string& name) {
  std::vector<std::optional<std::string>> values;
  for (const HivePartitions::KeyValue& key_value : HivePartitions::ParsePath(name + "/file")) {
    values.push_back(key_value.second);
  }
  return values;
}

int64_t Number(const std::optional<std::string>& text, int64_t fallback = -1) {
  if (!text || text->empty()) return fallback;
  return std::strtoll(text->c_str(), nullptr, 10);
}

std::string Text(const std::optional<std::string>& text) { return text ? *text : std::string(); }

const char* KindName(CatalogTableKind kind) {
  switch (kind) {
    case CatalogTableKind::kManaged:
      return "MANAGED";
    case CatalogTableKind::kView:
      return "VIEW";
    case CatalogTableKind::kExternal:
      break;
  }
  return "EXTERNAL";
}

// Whether two column lists are the same schema (names and types; comments are not part of
// a schema version).
bool SameColumns(const std::vector<CatalogColumn>& left, const std::vector<CatalogColumn>& right) {
  if (left.size() != right.size()) return false;
  for (size_t i = 0; i < left.size(); i++) {
    if (left[i].name != right[i].name || left[i].type != right[i].type) return false;
  }
  return true;
}

bool SameComments(const std::vector<CatalogColumn>& left, const std::vector<CatalogColumn>& right) {
  for (size_t i = 0; i < left.size() && i < right.size(); i++) {
    if (left[i].comment != right[i].comment) return false;
  }
  return true;
}

Status NotFound(const std::string& what) {
  return Status::Error(ErrorCode::kCatalog, what + " does not exist");
}

}  // namespace

std::string CatalogNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S", &utc);
  return buffer;
}

class CatalogStore::Impl {
 public:
  explicit Impl(std::unique_ptr<SqlDriver> driver) : driver_(std::move(driver)) {}

  // Runs `body` in a transaction unless one is open on this store already (then it is
  // part of that one). `write` says whether the body may write (see SqlDriver::BeginRead).
  Status InTransaction(const std::function<Status()>& body, bool write = true) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (depth_ > 0) {
      depth_++;
      Status status;
      try {
        status = body();
      } catch (...) {
        depth_--;
        throw;
      }
      depth_--;
      return status;
    }
    TARN_RETURN_IF_ERROR(write ? driver_->Begin() : driver_->BeginRead());
    depth_ = 1;
    Status status;
    try {
      status = body();
    } catch (...) {
      depth_ = 0;
      (void)driver_->Rollback();
      throw;
    }
    depth_ = 0;
    if (!status.ok()) {
      (void)driver_->Rollback();
      return status;
    }
    Status committed = driver_->Commit();
    if (!committed.ok()) (void)driver_->Rollback();
    return committed;
  }

  // Runs `read` in a transaction (or the open one) and hands out what it returned.
  template <class T>
  Result<T> Read(const std::function<Result<T>(SqlDriver&)>& read, bool write = false) {
    std::optional<T> value;
    Status status = InTransaction(
        [&]() -> Status {
          Result<T> result = read(*driver_);
          if (!result.ok()) return result.status();
          value = std::move(result).value();
          return Status::Ok();
        },
        write);
    if (!status.ok()) return status;
    return std::move(*value);
  }

  SqlDriver& driver() { return *driver_; }

 private:
  std::unique_ptr<SqlDriver> driver_;
  std::recursive_mutex mutex_;
  int depth_ = 0;
};

namespace {

Result<std::vector<CatalogColumn>> LoadColumns(SqlDriver& driver, const std::string& database_key,
                                               const std::string& table_key, int64_t version,
                                               bool partition_keys) {
  TARN_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      driver.Query("SELECT name, type, comment FROM tarn_columns WHERE database_key = ? AND "
                   "table_key = ? AND version = ? AND is_partition_key = ? ORDER BY position",
                   {database_key, table_key, version, int64_t{partition_keys ? 1 : 0}}));
  std::vector<CatalogColumn> columns;
  for (const SqlRow& row : rows) {
    CatalogColumn column;
    column.name = Text(row[0]);
    Result<LogicalType> type = ParseTypeName(Text(row[1]));
    if (!type.ok()) {
      return Status::Error(ErrorCode::kCatalog, "the catalog stores column " + column.name +
                                                    " with the unknown type " + Text(row[1]));
    }
    column.type = type.value();
    column.comment = Text(row[2]);
    columns.push_back(std::move(column));
  }
  return columns;
}

Status StoreColumns(SqlDriver& driver, const std::string& database_key,
                    const std::string& table_key, int64_t version,
                    const std::vector<CatalogColumn>& columns, bool partition_keys) {
  for (size_t i = 0; i < columns.size(); i++) {
    TARN_RETURN_IF_ERROR(driver.Execute(
        "INSERT INTO tarn_columns (database_key, table_key, version, is_partition_key, "
        "position, name, type, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {database_key, table_key, version, int64_t{partition_keys ? 1 : 0}, static_cast<int64_t>(i),
         columns[i].name, columns[i].type.ToString(), columns[i].comment}));
  }
  return Status::Ok();
}

Status StoreVersion(SqlDriver& driver, const CatalogTable& table, int64_t version,
                    const std::string& reason) {
  std::string database_key = Key(table.database);
  std::string table_key = Key(table.name);
  TARN_RETURN_IF_ERROR(
      StoreColumns(driver, database_key, table_key, version, table.columns, false));
  TARN_RETURN_IF_ERROR(
      StoreColumns(driver, database_key, table_key, version, table.partition_keys, true));
  return driver.Execute(
      "INSERT INTO tarn_table_versions (database_key, table_key, version, format, created_at, "
      "reason) VALUES (?, ?, ?, ?, ?, ?)",
      {database_key, table_key, version, table.format, CatalogNow(), reason});
}

const char* const kTableColumns =
    "database_name, name, kind, location, format, serde_properties, table_properties, comment, "
    "version, row_count, size_bytes, file_count, fingerprint, created_at, updated_at";

Result<CatalogTable> TableFromRow(SqlDriver& driver, const SqlRow& row) {
  CatalogTable table;
  table.database = Text(row[0]);
  table.name = Text(row[1]);
  table.kind = Text(row[2]) == "MANAGED" ? CatalogTableKind::kManaged
               : Text(row[2]) == "VIEW"  ? CatalogTableKind::kView
                                         : CatalogTableKind::kExternal;
  table.location = Text(row[3]);
  table.format = Text(row[4]);
  table.serde_properties = DecodeMap(row[5]);
  table.table_properties = DecodeMap(row[6]);
  table.comment = Text(row[7]);
  table.version = Number(row[8], 1);
  table.row_count = Number(row[9]);
  table.size_bytes = Number(row[10]);
  table.file_count = Number(row[11]);
  table.fingerprint = Text(row[12]);
  table.created_at = Text(row[13]);
  table.updated_at = Text(row[14]);
  std::string database_key = Key(table.database);
  std::string table_key = Key(table.name);
  TARN_ASSIGN_OR_RETURN(table.columns,
                        LoadColumns(driver, database_key, table_key, table.version, false));
  TARN_ASSIGN_OR_RETURN(table.partition_keys,
                        LoadColumns(driver, database_key, table_key, table.version, true));
  return table;
}

Result<std::optional<CatalogTable>> LoadTable(SqlDriver& driver, const std::string& database,
                                              const std::string& name) {
  TARN_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      driver.Query(std::string("SELECT ") + kTableColumns +
                       " FROM tarn_tables WHERE database_key = ? AND name_key = ?",
                   {Key(database), Key(name)}));
  if (rows.empty()) return std::optional<CatalogTable>();
  TARN_ASSIGN_OR_RETURN(CatalogTable table, TableFromRow(driver, rows[0]));
  return std::optional<CatalogTable>(std::move(table));
}

Result<bool> DatabaseExists(SqlDriver& driver, const std::string& name) {
  TARN_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      driver.Query("SELECT name FROM tarn_databases WHERE name_key = ?", {Key(name)}));
  return !rows.empty();
}

Status StorePartitions(SqlDriver& driver, const CatalogTable& table,
                       const std::vector<CatalogPartition>& partitions, bool replace,
                       bool if_not_exists) {
  std::string database_key = Key(table.database);
  std::string table_key = Key(table.name);
  if (table.partition_keys.empty() && !partitions.empty()) {
    return Status::Error(ErrorCode::kCatalog,
                         "table " + table.database + "." + table.name + " is not partitioned");
  }
  for (const CatalogPartition& partition : partitions) {
    if (partition.values.size() != table.partition_keys.size()) {
      return Status::Error(ErrorCode::kCatalog,
                           "a partition of " + table.database + "." + table.name + " needs " +
                               std::to_string(table.partition_keys.size()) + " values, got " +
                               std::to_string(partition.values.size()));
    }
    std::string name = PartitionName(table.partition_keys, partition.values);
    TARN_ASSIGN_OR_RETURN(
        std::vector<SqlRow> existing,
        driver.Query("SELECT created_at FROM tarn_partitions WHERE database_key = ? AND "
                     "table_key = ? AND partition_name = ?",
                     {database_key, table_key, name}));
    std::string created_at = partition.created_at.empty() ? CatalogNow() : partition.created_at;
    if (!existing.empty()) {
      if (!replace) {
        if (if_not_exists) continue;
        return Status::Error(ErrorCode::kCatalog, "partition " + name + " of " + table.database +
                                                      "." + table.name + " already exists");
      }
      if (partition.created_at.empty()) created_at = Text(existing[0][0]);
      TARN_RETURN_IF_ERROR(
          driver.Execute("DELETE FROM tarn_partitions WHERE database_key = ? AND table_key = ? AND "
                         "partition_name = ?",
                         {database_key, table_key, name}));
    }
    Status inserted = driver.Execute(
        "INSERT INTO tarn_partitions (database_key, table_key, partition_name, location, "
        "missing, row_count, size_bytes, file_count, fingerprint, created_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {database_key, table_key, name, partition.location, int64_t{partition.missing ? 1 : 0},
         partition.row_count, partition.size_bytes, partition.file_count, partition.fingerprint,
         created_at});
    if (!inserted.ok() && driver.IsUniqueViolation(inserted)) {
      return Status::Error(ErrorCode::kCatalog, "partition " + name + " of " + table.database +
                                                    "." + table.name + " already exists");
    }
    TARN_RETURN_IF_ERROR(inserted);
  }
  return Status::Ok();
}

Result<CatalogTable> RequireTable(SqlDriver& driver, const std::string& database,
                                  const std::string& name) {
  TARN_ASSIGN_OR_RETURN(std::optional<CatalogTable> table, LoadTable(driver, database, name));
  if (!table) return NotFound("table " + database + "." + name);
  return std::move(*table);
}

// RequireTable for a transaction that changes the table's partitions: writing the table's
// row makes a concurrent DROP TABLE conflict with it instead of leaving orphan partitions.
Result<CatalogTable> LockTable(SqlDriver& driver, const std::string& database,
                               const std::string& name) {
  TARN_ASSIGN_OR_RETURN(CatalogTable table, RequireTable(driver, database, name));
  TARN_RETURN_IF_ERROR(
      driver.Execute("UPDATE tarn_tables SET name = name WHERE database_key = ? AND name_key = ?",
                     {Key(database), Key(name)}));
  return table;
}

// The columns CrawlerFromRow reads, in its order.
const char* const kCrawlerSelect =
    "SELECT name, path, database_name, table_prefix, exclusions, schema_change, recrawl, "
    "created_at, last_run_at, last_report FROM tarn_crawlers";

CatalogCrawler CrawlerFromRow(const SqlRow& row) {
  CatalogCrawler crawler;
  crawler.name = Text(row[0]);
  crawler.path = Text(row[1]);
  crawler.database = Text(row[2]);
  crawler.table_prefix = Text(row[3]);
  crawler.exclusions = DecodeLines(row[4]);
  crawler.schema_change =
      Text(row[5]) == "log" ? SchemaChangePolicy::kLog : SchemaChangePolicy::kUpdate;
  crawler.recrawl = Text(row[6]) == "new_folders_only" ? RecrawlPolicy::kNewFoldersOnly
                                                       : RecrawlPolicy::kEverything;
  crawler.created_at = Text(row[7]);
  crawler.last_run_at = Text(row[8]);
  crawler.last_report = Text(row[9]);
  return crawler;
}

std::vector<SqlParam> CrawlerParams(const CatalogCrawler& crawler) {
  return {crawler.name,
          crawler.path,
          crawler.database,
          crawler.table_prefix,
          EncodeLines(crawler.exclusions),
          std::string(crawler.schema_change == SchemaChangePolicy::kLog ? "log" : "update"),
          std::string(crawler.recrawl == RecrawlPolicy::kNewFoldersOnly ? "new_folders_only"
                                                                        : "everything"),
          crawler.created_at.empty() ? CatalogNow() : crawler.created_at,
          crawler.last_run_at.empty() ? SqlParam() : SqlParam(crawler.last_run_at),
          crawler.last_report,
          Key(crawler.name)};
}

}  // namespace

CatalogStore::CatalogStore(std::unique_ptr<SqlDriver> driver)
    : impl_(std::make_unique<Impl>(std::move(driver))) {}

CatalogStore::~CatalogStore() = default;

Result<std::unique_ptr<CatalogStore>> CatalogStore::Open(std::unique_ptr<SqlDriver> driver) {
  std::unique_ptr<CatalogStore> store(new CatalogStore(std::move(driver)));
  auto create_schema = [&]() -> Status {
    SqlDriver& sql = store->impl_->driver();
    for (const char* statement : kSchemaStatements) {
      TARN_RETURN_IF_ERROR(sql.Execute(statement, {}));
    }
    TARN_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        sql.Query("SELECT value FROM tarn_meta WHERE key = 'schema_version'", {}));
    if (rows.empty()) {
      return sql.Execute(
          "INSERT INTO tarn_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
          {std::to_string(kSchemaVersion)});
    }
    if (Number(rows[0][0], 0) > kSchemaVersion) {
      return Status::Error(ErrorCode::kInvalidInput,
                           "the catalog " + sql.Describe() +
                               " was written by a newer tarn (schema " + Text(rows[0][0]) +
                               "; this tarn knows up to " + std::to_string(kSchemaVersion) + ")");
    }
    return Status::Ok();
  };
  // Processes that open a new catalog at the same moment race to create its tables (a
  // locked SQLite file, PostgreSQL's own catalog rows, the schema_version row): the loser's
  // transaction fails with kCatalog and it tries again, by then finding the tables made.
  constexpr int kAttempts = 8;
  for (int attempt = 1;; attempt++) {
    Status status = store->impl_->InTransaction(create_schema);
    if (status.ok()) return store;
    if (status.code() != ErrorCode::kCatalog || attempt == kAttempts) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
}

Status CatalogStore::Transact(const std::function<Status()>& body) {
  return impl_->InTransaction(body);
}

std::string CatalogStore::Describe() const { return impl_->driver().Describe(); }

Status CatalogStore::CreateDatabase(const CatalogDatabase& database, bool if_not_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(bool exists, DatabaseExists(sql, database.name));
    if (exists) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "database " + database.name + " already exists");
    }
    // With IF NOT EXISTS, a database another process creates at the same moment is no
    // error; the statement must not fail either, as a failed statement ends a PostgreSQL
    // transaction.
    Status inserted = sql.Execute(
        std::string("INSERT INTO tarn_databases (name_key, name, comment, location, created_at) "
                    "VALUES (?, ?, ?, ?, ?)") +
            (if_not_exists ? " ON CONFLICT DO NOTHING" : ""),
        {Key(database.name), database.name, database.comment, database.location,
         database.created_at.empty() ? CatalogNow() : database.created_at});
    if (!inserted.ok() && sql.IsUniqueViolation(inserted)) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "database " + database.name + " already exists");
    }
    return inserted;
  });
}

Status CatalogStore::DropDatabase(const std::string& name, bool if_exists, bool cascade) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(bool exists, DatabaseExists(sql, name));
    if (!exists) return if_exists ? Status::Ok() : NotFound("database " + name);
    TARN_ASSIGN_OR_RETURN(std::vector<SqlRow> tables,
                          sql.Query("SELECT name FROM tarn_tables WHERE database_key = ? ORDER BY "
                                    "name_key",
                                    {Key(name)}));
    if (!tables.empty() && !cascade) {
      return Status::Error(ErrorCode::kCatalog,
                           "database " + name + " is not empty: it has " +
                               std::to_string(tables.size()) + " table(s) (" + Text(tables[0][0]) +
                               (tables.size() > 1 ? ", ..." : "") +
                               "); drop them first or use DROP DATABASE " + name + " CASCADE");
    }
    for (const char* table : {"tarn_columns", "tarn_table_versions", "tarn_partitions"}) {
      TARN_RETURN_IF_ERROR(sql.Execute(
          std::string("DELETE FROM ") + table + " WHERE database_key = ?", {Key(name)}));
    }
    TARN_RETURN_IF_ERROR(
        sql.Execute("DELETE FROM tarn_tables WHERE database_key = ?", {Key(name)}));
    return sql.Execute("DELETE FROM tarn_databases WHERE name_key = ?", {Key(name)});
  });
}

Result<std::optional<CatalogDatabase>> CatalogStore::GetDatabase(const std::string& name) {
  return impl_->Read<std::optional<CatalogDatabase>>(
      [&](SqlDriver& sql) -> Result<std::optional<CatalogDatabase>> {
        TARN_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                              sql.Query("SELECT name, comment, location, created_at FROM "
                                        "tarn_databases WHERE name_key = ?",
                                        {Key(name)}));
        if (rows.empty()) return std::optional<CatalogDatabase>();
        CatalogDatabase database{Text(rows[0][0]), Text(rows[0][1]), Text(rows[0][2]),
                                 Text(rows[0][3])};
        return std::optional<CatalogDatabase>(std::move(database));
      });
}

Result<std::vector<CatalogDatabase>> CatalogStore::ListDatabases() {
  return impl_->Read<std::vector<CatalogDatabase>>(
      [&](SqlDriver& sql) -> Result<std::vector<CatalogDatabase>> {
        TARN_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                              sql.Query("SELECT name, comment, location, created_at FROM "
                                        "tarn_databases ORDER BY name_key",
                                        {}));
        std::vector<CatalogDatabase> databases;
        for (const SqlRow& row : rows) {
          databases.push_back({Text(row[0]), Text(row[1]), Text(row[2]), Text(row[3])});
        }
        // Byte order whatever the store's collation.
        std::sort(databases.begin(), databases.end(),
                  [](const CatalogDatabase& a, const CatalogDatabase& b) {
                    return Key(a.name) < Key(b.name);
                  });
        return databases;
      });
}

Status CatalogStore::CreateTable(const CatalogTable& table, bool if_not_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(bool database_exists, DatabaseExists(sql, table.database));
    if (!database_exists) return NotFound("database " + table.database);
    std::string full_name = table.database + "." + table.name;
    TARN_ASSIGN_OR_RETURN(std::optional<CatalogTable> existing,
                          LoadTable(sql, table.database, table.name));
    if (existing) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "table " + full_name + " already exists");
    }
    std::string now = CatalogNow();
    Status inserted = sql.Execute(
        std::string("INSERT INTO tarn_tables (database_key, name_key, ") + kTableColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Key(table.database), Key(table.name), table.database, table.name,
         std::string(KindName(table.kind)), table.location, table.format,
         EncodeMap(table.serde_properties), EncodeMap(table.table_properties), table.comment,
         int64_t{1}, table.row_count, table.size_bytes, table.file_count, table.fingerprint,
         table.created_at.empty() ? now : table.created_at, now});
    if (!inserted.ok() && sql.IsUniqueViolation(inserted)) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "table " + full_name + " already exists");
    }
    TARN_RETURN_IF_ERROR(inserted);
    return StoreVersion(sql, table, 1, "CREATE TABLE");
  });
}

Result<std::optional<CatalogTable>> CatalogStore::GetTable(const std::string& database,
                                                           const std::string& name) {
  return impl_->Read<std::optional<CatalogTable>>(
      [&](SqlDriver& sql) { return LoadTable(sql, database, name); });
}

Result<std::vector<CatalogTable>> CatalogStore::ListTables(const std::string& database) {
  return impl_->Read<std::vector<CatalogTable>>(
      [&](SqlDriver& sql) -> Result<std::vector<CatalogTable>> {
        std::string query = std::string("SELECT ") + kTableColumns + " FROM tarn_tables";
        std::vector<SqlParam> params;
        if (!database.empty()) {
          query += " WHERE database_key = ?";
          params.push_back(Key(database));
        }
        query += " ORDER BY database_key, name_key";
        TARN_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, sql.Query(query, params));
        std::vector<CatalogTable> tables;
        for (const SqlRow& row : rows) {
          TARN_ASSIGN_OR_RETURN(CatalogTable table, TableFromRow(sql, row));
          tables.push_back(std::move(table));
        }
        std::sort(tables.begin(), tables.end(), [](const CatalogTable& a, const CatalogTable& b) {
          return std::make_pair(Key(a.database), Key(a.name)) <
                 std::make_pair(Key(b.database), Key(b.name));
        });
        return tables;
      });
}

Result<int64_t> CatalogStore::UpdateTable(const CatalogTable& table, const std::string& reason) {
  return impl_->Read<int64_t>(
      [&](SqlDriver& sql) -> Result<int64_t> {
        TARN_ASSIGN_OR_RETURN(CatalogTable stored, RequireTable(sql, table.database, table.name));
        int64_t version = stored.version;
        bool schema_changed = !SameColumns(stored.columns, table.columns) ||
                              !SameColumns(stored.partition_keys, table.partition_keys) ||
                              stored.format != table.format;
        if (schema_changed) {
          version++;
          Status stored_version = StoreVersion(sql, table, version, reason);
          if (!stored_version.ok() && sql.IsUniqueViolation(stored_version)) {
            return Status::Error(ErrorCode::kCatalog, "another process changed table " +
                                                          table.database + "." + table.name +
                                                          " at the same time; retry");
          }
          TARN_RETURN_IF_ERROR(stored_version);
        } else if (!SameComments(stored.columns, table.columns) ||
                   !SameComments(stored.partition_keys, table.partition_keys)) {
          // New comments on the same schema: the current version's columns are rewritten.
          TARN_RETURN_IF_ERROR(sql.Execute(
              "DELETE FROM tarn_columns WHERE database_key = ? AND table_key = ? AND version = ?",
              {Key(table.database), Key(table.name), version}));
          TARN_RETURN_IF_ERROR(StoreColumns(sql, Key(table.database), Key(table.name), version,
                                            table.columns, false));
          TARN_RETURN_IF_ERROR(StoreColumns(sql, Key(table.database), Key(table.name), version,
                                            table.partition_keys, true));
        }
        TARN_RETURN_IF_ERROR(sql.Execute(
            "UPDATE tarn_tables SET kind = ?, location = ?, format = ?, serde_properties = ?, "
            "table_properties = ?, comment = ?, version = ?, row_count = ?, size_bytes = ?, "
            "file_count = ?, fingerprint = ?, updated_at = ? WHERE database_key = ? AND name_key = "
            "?",
            {std::string(KindName(table.kind)), table.location, table.format,
             EncodeMap(table.serde_properties), EncodeMap(table.table_properties), table.comment,
             version, table.row_count, table.size_bytes, table.file_count, table.fingerprint,
             CatalogNow(), Key(table.database), Key(table.name)}));
        return version;
      },
      /*write=*/true);
}

Status CatalogStore::DropTable(const std::string& database, const std::string& name,
                               bool if_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(std::optional<CatalogTable> table, LoadTable(sql, database, name));
    if (!table) return if_exists ? Status::Ok() : NotFound("table " + database + "." + name);
    for (const char* store_table : {"tarn_columns", "tarn_table_versions", "tarn_partitions"}) {
      TARN_RETURN_IF_ERROR(sql.Execute(
          std::string("DELETE FROM ") + store_table + " WHERE database_key = ? AND table_key = ?",
          {Key(database), Key(name)}));
    }
    return sql.Execute("DELETE FROM tarn_tables WHERE database_key = ? AND name_key = ?",
                       {Key(database), Key(name)});
  });
}

Result<std::vector<CatalogTableVersion>> CatalogStore::ListTableVersions(
    const std::string& database, const std::string& name) {
  return impl_->Read<std::vector<CatalogTableVersion>>(
      [&](SqlDriver& sql) -> Result<std::vector<CatalogTableVersion>> {
        TARN_ASSIGN_OR_RETURN(CatalogTable table, RequireTable(sql, database, name));
        TARN_ASSIGN_OR_RETURN(
            std::vector<SqlRow> rows,
            sql.Query("SELECT version, format, created_at, reason FROM tarn_table_versions "
                      "WHERE database_key = ? AND table_key = ? ORDER BY version",
                      {Key(database), Key(name)}));
        std::vector<CatalogTableVersion> versions;
        for (const SqlRow& row : rows) {
          CatalogTableVersion version;
          version.version = Number(row[0], 1);
          version.format = Text(row[1]);
          version.created_at = Text(row[2]);
          version.reason = Text(row[3]);
          TARN_ASSIGN_OR_RETURN(version.columns,
                                LoadColumns(sql, Key(database), Key(name), version.version, false));
          TARN_ASSIGN_OR_RETURN(version.partition_keys,
                                LoadColumns(sql, Key(database), Key(name), version.version, true));
          versions.push_back(std::move(version));
        }
        (void)table;
        return versions;
      });
}

Status CatalogStore::AddPartitions(const std::string& database, const std::string& table,
                                   const std::vector<CatalogPartition>& partitions,
                                   bool if_not_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(CatalogTable stored, LockTable(sql, database, table));
    return StorePartitions(sql, stored, partitions, /*replace=*/false, if_not_exists);
  });
}

Status CatalogStore::PutPartitions(const std::string& database, const std::string& table,
                                   const std::vector<CatalogPartition>& partitions) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(CatalogTable stored, LockTable(sql, database, table));
    return StorePartitions(sql, stored, partitions, /*replace=*/true, false);
  });
}

Status CatalogStore::DropPartitions(
    const std::string& database, const std::string& table,
    const std::vector<std::vector<std::optional<std::string>>>& values, bool if_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(CatalogTable stored, LockTable(sql, database, table));
    for (const auto& partition_values : values) {
      std::string name = PartitionName(stored.partition_keys, partition_values);
      TARN_ASSIGN_OR_RETURN(
          std::vector<SqlRow> rows,
          sql.Query("SELECT partition_name FROM tarn_partitions WHERE database_key = ? AND "
                    "table_key = ? AND partition_name = ?",
                    {Key(database), Key(table), name}));
      if (rows.empty()) {
        if (if_exists) continue;
        return NotFound("partition " + name + " of " + stored.database + "." + stored.name);
      }
      TARN_RETURN_IF_ERROR(
          sql.Execute("DELETE FROM tarn_partitions WHERE database_key = ? AND table_key = ? AND "
                      "partition_name = ?",
                      {Key(database), Key(table), name}));
    }
    return Status::Ok();
  });
}

Result<std::vector<CatalogPartition>> CatalogStore::ListPartitions(const std::string& database,
                                                                   const std::string& table) {
  return impl_->Read<std::vector<CatalogPartition>>(
      [&](SqlDriver& sql) -> Result<std::vector<CatalogPartition>> {
        TARN_ASSIGN_OR_RETURN(
            std::vector<SqlRow> rows,
            sql.Query("SELECT partition_name, location, missing, row_count, size_bytes, "
                      "file_count, fingerprint, created_at FROM tarn_partitions WHERE "
                      "database_key = ? AND table_key = ? ORDER BY partition_name",
                      {Key(database), Key(table)}));
        std::sort(rows.begin(), rows.end(),
                  [](const SqlRow& a, const SqlRow& b) { return Text(a[0]) < Text(b[0]); });
        std::vector<CatalogPartition> partitions;
        partitions.reserve(rows.size());
        for (const SqlRow& row : rows) {
          CatalogPartition partition;
          partition.values = PartitionValues(Text(row[0]));
          partition.location = Text(row[1]);
          partition.missing = Number(row[2], 0) != 0;
          partition.row_count = Number(row[3]);
          partition.size_bytes = Number(row[4]);
          partition.file_count = Number(row[5]);
          partition.fingerprint = Text(row[6]);
          partition.created_at = Text(row[7]);
          partitions.push_back(std::move(partition));
        }
        return partitions;
      });
}

Status CatalogStore::CreateCrawler(const CatalogCrawler& crawler, bool if_not_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        sql.Query("SELECT name FROM tarn_crawlers WHERE name_key = ?", {Key(crawler.name)}));
    if (!rows.empty()) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "crawler " + crawler.name + " already exists");
    }
    Status inserted = sql.Execute(
        "INSERT INTO tarn_crawlers (name, path, database_name, table_prefix, exclusions, "
        "schema_change, recrawl, created_at, last_run_at, last_report, name_key) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        CrawlerParams(crawler));
    if (!inserted.ok() && sql.IsUniqueViolation(inserted)) {
      if (if_not_exists) return Status::Ok();
      return Status::Error(ErrorCode::kCatalog, "crawler " + crawler.name + " already exists");
    }
    return inserted;
  });
}

Result<std::optional<CatalogCrawler>> CatalogStore::GetCrawler(const std::string& name) {
  return impl_->Read<std::optional<CatalogCrawler>>(
      [&](SqlDriver& sql) -> Result<std::optional<CatalogCrawler>> {
        TARN_ASSIGN_OR_RETURN(
            std::vector<SqlRow> rows,
            sql.Query(std::string(kCrawlerSelect) + " WHERE name_key = ?", {Key(name)}));
        if (rows.empty()) return std::optional<CatalogCrawler>();
        return std::optional<CatalogCrawler>(CrawlerFromRow(rows[0]));
      });
}

Result<std::vector<CatalogCrawler>> CatalogStore::ListCrawlers() {
  return impl_->Read<std::vector<CatalogCrawler>>(
      [&](SqlDriver& sql) -> Result<std::vector<CatalogCrawler>> {
        TARN_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                              sql.Query(std::string(kCrawlerSelect) + " ORDER BY name_key", {}));
        std::vector<CatalogCrawler> crawlers;
        for (const SqlRow& row : rows) crawlers.push_back(CrawlerFromRow(row));
        std::sort(crawlers.begin(), crawlers.end(),
                  [](const CatalogCrawler& a, const CatalogCrawler& b) {
                    return Key(a.name) < Key(b.name);
                  });
        return crawlers;
      });
}

Status CatalogStore::UpdateCrawler(const CatalogCrawler& crawler) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        sql.Query("SELECT name FROM tarn_crawlers WHERE name_key = ?", {Key(crawler.name)}));
    if (rows.empty()) return NotFound("crawler " + crawler.name);
    return sql.Execute(
        "UPDATE tarn_crawlers SET name = ?, path = ?, database_name = ?, table_prefix = ?, "
        "exclusions = ?, schema_change = ?, recrawl = ?, created_at = ?, last_run_at = ?, "
        "last_report = ? WHERE name_key = ?",
        CrawlerParams(crawler));
  });
}

Status CatalogStore::DropCrawler(const std::string& name, bool if_exists) {
  return impl_->InTransaction([&]() -> Status {
    SqlDriver& sql = impl_->driver();
    TARN_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        sql.Query("SELECT name FROM tarn_crawlers WHERE name_key = ?", {Key(name)}));
    if (rows.empty()) return if_exists ? Status::Ok() : NotFound("crawler " + name);
    return sql.Execute("DELETE FROM tarn_crawlers WHERE name_key = ?", {Key(name)});
  });
}

}  // namespace tarn
