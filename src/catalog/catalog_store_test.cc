#include "catalog/catalog_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <stdexcept>
#include <thread>

namespace tarn {
namespace {

// The catalog store's contract, checked against both stores: a SQLite file in a fresh
// temporary folder, and PostgreSQL at TARN_TEST_POSTGRES_URL (scripts/with_postgres.sh sets
// it up under scripts/run_tests.sh) in a fresh schema per test.

const char* PostgresUrl() {
  const char* url = std::getenv("TARN_TEST_POSTGRES_URL");
  return url && *url ? url : nullptr;
}

CatalogColumn Column(const std::string& name, const LogicalType& type,
                     const std::string& comment = "") {
  return CatalogColumn{name, type, comment};
}

CatalogTable MakeTable(const std::string& database, const std::string& name) {
  CatalogTable table;
  table.database = database;
  table.name = name;
  table.location = "/lake/" + database + "/" + name;
  table.format = "parquet";
  table.columns = {Column("id", TypeId::kBigint), Column("name", TypeId::kVarchar)};
  return table;
}

CatalogDatabase MakeDatabase(const std::string& name) {
  CatalogDatabase database;
  database.name = name;
  database.comment = "the " + name + " zone";
  database.location = "/lake/" + name;
  return database;
}

CatalogPartition MakePartition(std::vector<std::optional<std::string>> values,
                               const std::string& location) {
  CatalogPartition partition;
  partition.values = std::move(values);
  partition.location = location;
  return partition;
}

std::vector<std::string> TableNames(const std::vector<CatalogTable>& tables) {
  std::vector<std::string> names;
  for (const CatalogTable& table : tables) names.push_back(table.database + "." + table.name);
  return names;
}

std::vector<std::string> ColumnNames(const std::vector<CatalogColumn>& columns) {
  std::vector<std::string> names;
  for (const CatalogColumn& column : columns) names.push_back(column.name);
  return names;
}

// A partition's values as "a|b" with NULL as "<null>", for compact expectations.
std::string ValuesText(const CatalogPartition& partition) {
  std::string text;
  for (size_t i = 0; i < partition.values.size(); i++) {
    if (i > 0) text += "|";
    text += partition.values[i] ? *partition.values[i] : "<null>";
  }
  return text;
}

std::vector<std::string> PartitionTexts(const std::vector<CatalogPartition>& partitions) {
  std::vector<std::string> texts;
  for (const CatalogPartition& partition : partitions) texts.push_back(ValuesText(partition));
  return texts;
}

// "2026-11-22 01:10:00": digits everywhere but the separators.
bool IsCatalogTime(const std::string& text) {
  const std::string shape = "dddd-dd-dd dd:dd:dd";
  if (text.size() != shape.size()) return false;
  for (size_t i = 0; i < shape.size(); i++) {
    bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

#define ASSERT_OK(expression)                                     \
  do {                                                            \
    const ::tarn::Status _assert_status = (expression);           \
    ASSERT_TRUE(_assert_status.ok()) << _assert_status.message(); \
  } while (0)

#define EXPECT_CATALOG_ERROR(expression, text)                                                 \
  do {                                                                                         \
    const ::tarn::Status _expect_status = (expression);                                        \
    EXPECT_EQ(_expect_status.code(), ::tarn::ErrorCode::kCatalog) << _expect_status.message(); \
    EXPECT_NE(_expect_status.message().find(text), std::string::npos)                          \
        << "message: " << _expect_status.message() << "\nexpected: " << (text);                \
  } while (0)

class CatalogStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static std::atomic<int> sequence{0};
    int number = sequence++;
    if (IsPostgres()) {
      if (PostgresUrl() == nullptr) {
        GTEST_SKIP() << "TARN_TEST_POSTGRES_URL is not set; run under scripts/with_postgres.sh "
                        "(scripts/run_tests.sh does) to test the PostgreSQL store";
      }
      schema_ = "tarn_test_" + std::to_string(::getpid()) + "_" + std::to_string(number);
      Result<std::unique_ptr<SqlDriver>> maintenance = OpenPostgresDriver(PostgresUrl());
      ASSERT_TRUE(maintenance.ok()) << maintenance.status().message();
      maintenance_ = std::move(maintenance).value();
      ASSERT_OK(maintenance_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", {}));
      ASSERT_OK(maintenance_->Execute("CREATE SCHEMA " + schema_, {}));
    } else {
      directory_ =
          std::filesystem::temp_directory_path() /
          ("tarn_catalog_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(number));
      std::filesystem::remove_all(directory_);
      std::filesystem::create_directories(directory_);
    }
    Result<std::unique_ptr<CatalogStore>> store = OpenStore();
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }

  void TearDown() override {
    store_.reset();
    if (maintenance_) {
      EXPECT_TRUE(maintenance_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", {}).ok());
    }
    if (!directory_.empty()) std::filesystem::remove_all(directory_);
  }

  bool IsPostgres() const { return GetParam() == "postgresql"; }

  // The connection string of this test's schema.
  std::string ConnectionString() const {
    std::string url = PostgresUrl();
    url += url.find('?') == std::string::npos ? "?" : "&";
    return url + "options=-csearch_path%3D" + schema_;
  }
  std::string SqlitePath() const { return (directory_ / "catalog.db").string(); }

  Result<std::unique_ptr<SqlDriver>> OpenDriver() const {
    return IsPostgres() ? OpenPostgresDriver(ConnectionString()) : OpenSqliteDriver(SqlitePath());
  }

  // Another connection to the same store, as another process would open it.
  Result<std::unique_ptr<CatalogStore>> OpenStore() const {
    Result<std::unique_ptr<SqlDriver>> driver = OpenDriver();
    if (!driver.ok()) return driver.status();
    return CatalogStore::Open(std::move(driver).value());
  }

  std::unique_ptr<CatalogStore> OpenSecondStore() {
    Result<std::unique_ptr<CatalogStore>> store = OpenStore();
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::optional<CatalogTable> Table(const std::string& database, const std::string& name) {
    Result<std::optional<CatalogTable>> table = store_->GetTable(database, name);
    EXPECT_TRUE(table.ok()) << table.status().message();
    return table.ok() ? table.value() : std::nullopt;
  }

  std::vector<CatalogPartition> Partitions(const std::string& database, const std::string& table) {
    Result<std::vector<CatalogPartition>> partitions = store_->ListPartitions(database, table);
    EXPECT_TRUE(partitions.ok()) << partitions.status().message();
    return partitions.ok() ? partitions.value() : std::vector<CatalogPartition>();
  }

  std::filesystem::path directory_;
  std::string schema_;
  std::unique_ptr<SqlDriver> maintenance_;
  std::unique_ptr<CatalogStore> store_;
};

TEST_P(CatalogStoreTest, DescribeNamesTheStoreWithoutPassword) {
  if (IsPostgres()) {
    std::string url = PostgresUrl();
    // scripts/with_postgres.sh: postgresql://tarn@127.0.0.1:PORT/tarn_test
    EXPECT_EQ(store_->Describe().substr(0, 27), "postgresql://tarn@127.0.0.1");
    EXPECT_EQ(store_->Describe(), url.substr(0, url.find('?')));
  } else {
    EXPECT_EQ(store_->Describe(), "sqlite:" + SqlitePath());
  }
}

TEST_P(CatalogStoreTest, CreatesListsAndGetsDatabases) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("Raw"), false));
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("analytics"), false));
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("curated"), false));

  Result<std::optional<CatalogDatabase>> raw = store_->GetDatabase("RAW");
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  ASSERT_TRUE(raw.value().has_value());
  EXPECT_EQ(raw.value()->name, "Raw");
  EXPECT_EQ(raw.value()->comment, "the Raw zone");
  EXPECT_EQ(raw.value()->location, "/lake/Raw");
  EXPECT_TRUE(IsCatalogTime(raw.value()->created_at)) << raw.value()->created_at;

  Result<std::optional<CatalogDatabase>> missing = store_->GetDatabase("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value().has_value());

  Result<std::vector<CatalogDatabase>> databases = store_->ListDatabases();
  ASSERT_TRUE(databases.ok()) << databases.status().message();
  ASSERT_EQ(databases.value().size(), 3u);
  EXPECT_EQ(databases.value()[0].name, "analytics");
  EXPECT_EQ(databases.value()[1].name, "curated");
  EXPECT_EQ(databases.value()[2].name, "Raw");
}

TEST_P(CatalogStoreTest, CreatingAnExistingDatabaseFailsUnlessIfNotExists) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  EXPECT_CATALOG_ERROR(store_->CreateDatabase(MakeDatabase("raw"), false),
                       "database raw already exists");
  CatalogDatabase other_case = MakeDatabase("RAW");
  other_case.comment = "changed";
  EXPECT_CATALOG_ERROR(store_->CreateDatabase(other_case, false), "already exists");
  ASSERT_OK(store_->CreateDatabase(other_case, true));

  Result<std::vector<CatalogDatabase>> databases = store_->ListDatabases();
  ASSERT_TRUE(databases.ok());
  ASSERT_EQ(databases.value().size(), 1u);
  EXPECT_EQ(databases.value()[0].name, "raw");
  EXPECT_EQ(databases.value()[0].comment, "the raw zone");
}

TEST_P(CatalogStoreTest, DropDatabaseNeedsCascadeWhenItHasTables) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("empty"), false));
  CatalogTable table = MakeTable("raw", "events");
  table.partition_keys = {Column("day", TypeId::kDate)};
  ASSERT_OK(store_->CreateTable(table, false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "users"), false));
  ASSERT_OK(store_->AddPartitions("raw", "events", {MakePartition({"2024-01-01"}, "/p1")}, false));
  CatalogTable wider = table;
  wider.columns.push_back(Column("extra", TypeId::kDouble));
  ASSERT_EQ(store_->UpdateTable(wider, "ALTER TABLE ADD COLUMNS").value(), 2);

  EXPECT_CATALOG_ERROR(store_->DropDatabase("raw", false, false), "not empty");
  EXPECT_TRUE(Table("raw", "events").has_value());

  ASSERT_OK(store_->DropDatabase("empty", false, false));
  ASSERT_OK(store_->DropDatabase("RAW", false, true));
  EXPECT_FALSE(store_->GetDatabase("raw").value().has_value());
  EXPECT_FALSE(Table("raw", "events").has_value());
  Result<std::vector<CatalogTable>> all = store_->ListTables("");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all.value().empty());
  Result<std::vector<CatalogDatabase>> databases = store_->ListDatabases();
  ASSERT_TRUE(databases.ok());
  EXPECT_TRUE(databases.value().empty());

  EXPECT_CATALOG_ERROR(store_->DropDatabase("raw", false, false), "does not exist");
  ASSERT_OK(store_->DropDatabase("raw", true, false));

  // Nothing of the dropped tables survives: a new table of the same name starts afresh.
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store_->CreateTable(table, false));
  std::optional<CatalogTable> again = Table("raw", "events");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->version, 1);
  EXPECT_EQ(again->columns.size(), 2u);
  Result<std::vector<CatalogTableVersion>> versions = store_->ListTableVersions("raw", "events");
  ASSERT_TRUE(versions.ok()) << versions.status().message();
  EXPECT_EQ(versions.value().size(), 1u);
  EXPECT_TRUE(Partitions("raw", "events").empty());
}

TEST_P(CatalogStoreTest, CreateTableNeedsItsDatabase) {
  EXPECT_CATALOG_ERROR(store_->CreateTable(MakeTable("nope", "events"), false),
                       "database nope does not exist");
  EXPECT_CATALOG_ERROR(store_->CreateTable(MakeTable("nope", "events"), true), "nope");
}

TEST_P(CatalogStoreTest, TablesKeepTheirWrittenCaseAndMatchIgnoringIt) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("Raw"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("Raw", "WebEvents"), false));

  std::optional<CatalogTable> table = Table("raw", "WEBEVENTS");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->database, "Raw");
  EXPECT_EQ(table->name, "WebEvents");
  EXPECT_EQ(table->location, "/lake/Raw/WebEvents");
  EXPECT_EQ(table->version, 1);
  EXPECT_FALSE(Table("raw", "web_events").has_value());
  EXPECT_FALSE(Table("other", "webevents").has_value());

  EXPECT_CATALOG_ERROR(store_->CreateTable(MakeTable("Raw", "WebEvents"), false),
                       "table Raw.WebEvents already exists");
  EXPECT_CATALOG_ERROR(store_->CreateTable(MakeTable("raw", "webevents"), false),
                       "table raw.webevents already exists");
  CatalogTable changed = MakeTable("RAW", "webevents");
  changed.location = "/elsewhere";
  ASSERT_OK(store_->CreateTable(changed, true));
  table = Table("raw", "webevents");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->name, "WebEvents");
  EXPECT_EQ(table->location, "/lake/Raw/WebEvents");
}

TEST_P(CatalogStoreTest, TableDefinitionRoundTrips) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  LogicalType address = LogicalType::Struct({{"street", TypeId::kVarchar},
                                             {"zip", TypeId::kInteger},
                                             {"Geo", LogicalType::List(TypeId::kDouble)}});
  LogicalType deep = LogicalType::List(LogicalType::Struct(
      {{"attributes", LogicalType::Map(TypeId::kVarchar, LogicalType::List(TypeId::kInteger))},
       {"amount", LogicalType::Decimal(38, 10)}}));
  CatalogTable table;
  table.database = "raw";
  table.name = "orders";
  table.kind = CatalogTableKind::kManaged;
  table.columns = {Column("id", TypeId::kBigint, "order id"),
                   Column("price", LogicalType::Decimal(12, 3), "in EUR, it's \"net\""),
                   Column("tags", LogicalType::List(TypeId::kVarchar)),
                   Column("address", address),
                   Column("scores", LogicalType::Map(TypeId::kVarchar, TypeId::kDouble)),
                   Column("deep", deep),
                   Column("placed", TypeId::kTimestamp),
                   Column("paid", TypeId::kBoolean),
                   Column("wait", TypeId::kInterval)};
  table.partition_keys = {Column("year", TypeId::kInteger, "from the folder"),
                          Column("day", TypeId::kDate)};
  table.location = "/lake/raw/orders";
  table.format = "csv";
  table.serde_properties = {{"separatorChar", ","}, {"quoteChar", "\""}, {"escapeChar", "\\"}};
  table.table_properties = {{"skip.header.line.count", "1"},
                            {"classification", "csv"},
                            {"odd key=with\nnewline", "v=1%2F/x\n%"},
                            {"empty", ""}};
  table.comment = "orders\nas they arrive; 100% raw";
  table.row_count = 1000;
  table.size_bytes = 123456789012;
  table.file_count = 3;
  table.fingerprint = "d41d8cd98f00b204";
  ASSERT_OK(store_->CreateTable(table, false));

  std::optional<CatalogTable> stored = Table("raw", "orders");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->kind, CatalogTableKind::kManaged);
  ASSERT_EQ(stored->columns.size(), table.columns.size());
  for (size_t i = 0; i < table.columns.size(); i++) {
    EXPECT_EQ(stored->columns[i].name, table.columns[i].name);
    EXPECT_EQ(stored->columns[i].type, table.columns[i].type)
        << table.columns[i].name << ": " << stored->columns[i].type.ToString() << " vs "
        << table.columns[i].type.ToString();
    EXPECT_EQ(stored->columns[i].comment, table.columns[i].comment);
  }
  EXPECT_EQ(stored->columns[1].type.width(), 12);
  EXPECT_EQ(stored->columns[1].type.scale(), 3);
  ASSERT_EQ(stored->columns[3].type.children().size(), 3u);
  EXPECT_EQ(stored->columns[3].type.children()[2].first, "Geo");
  ASSERT_EQ(stored->partition_keys.size(), 2u);
  EXPECT_EQ(stored->partition_keys[0].name, "year");
  EXPECT_EQ(stored->partition_keys[0].type, LogicalType(TypeId::kInteger));
  EXPECT_EQ(stored->partition_keys[0].comment, "from the folder");
  EXPECT_EQ(stored->partition_keys[1].type, LogicalType(TypeId::kDate));
  EXPECT_EQ(stored->location, "/lake/raw/orders");
  EXPECT_EQ(stored->format, "csv");
  EXPECT_EQ(stored->serde_properties, table.serde_properties);
  EXPECT_EQ(stored->table_properties, table.table_properties);
  EXPECT_EQ(stored->comment, table.comment);
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->row_count, 1000);
  EXPECT_EQ(stored->size_bytes, 123456789012);
  EXPECT_EQ(stored->file_count, 3);
  EXPECT_EQ(stored->fingerprint, "d41d8cd98f00b204");
  EXPECT_TRUE(IsCatalogTime(stored->created_at)) << stored->created_at;
  EXPECT_TRUE(IsCatalogTime(stored->updated_at)) << stored->updated_at;

  // Unknown statistics stay unknown.
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "plain"), false));
  std::optional<CatalogTable> plain = Table("raw", "plain");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->kind, CatalogTableKind::kExternal);
  EXPECT_EQ(plain->row_count, -1);
  EXPECT_EQ(plain->size_bytes, -1);
  EXPECT_EQ(plain->file_count, -1);
  EXPECT_TRUE(plain->serde_properties.empty());
  EXPECT_TRUE(plain->table_properties.empty());
  EXPECT_TRUE(plain->partition_keys.empty());
  EXPECT_EQ(plain->comment, "");
}

TEST_P(CatalogStoreTest, ListsTablesByDatabaseAndName) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("Curated"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "gamma"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "Beta"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "alpha"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("Curated", "daily"), false));

  Result<std::vector<CatalogTable>> raw = store_->ListTables("RAW");
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  EXPECT_EQ(TableNames(raw.value()),
            (std::vector<std::string>{"raw.alpha", "raw.Beta", "raw.gamma"}));
  EXPECT_EQ(ColumnNames(raw.value()[1].columns), (std::vector<std::string>{"id", "name"}));

  Result<std::vector<CatalogTable>> all = store_->ListTables("");
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(TableNames(all.value()),
            (std::vector<std::string>{"Curated.daily", "raw.alpha", "raw.Beta", "raw.gamma"}));
}

TEST_P(CatalogStoreTest, UpdateTableVersionsOnlySchemaChanges) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  CatalogTable table = MakeTable("raw", "events");
  ASSERT_OK(store_->CreateTable(table, false));

  // Statistics, properties and comment: same version.
  CatalogTable refreshed = table;
  refreshed.version = 42;  // Ignored.
  refreshed.row_count = 10;
  refreshed.size_bytes = 2048;
  refreshed.file_count = 2;
  refreshed.fingerprint = "f1";
  refreshed.comment = "refreshed";
  refreshed.table_properties = {{"classification", "parquet"}};
  Result<int64_t> version = store_->UpdateTable(refreshed, "crawler raw_crawler: statistics");
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(version.value(), 1);
  std::optional<CatalogTable> stored = Table("raw", "events");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->row_count, 10);
  EXPECT_EQ(stored->size_bytes, 2048);
  EXPECT_EQ(stored->file_count, 2);
  EXPECT_EQ(stored->fingerprint, "f1");
  EXPECT_EQ(stored->comment, "refreshed");
  EXPECT_EQ(stored->table_properties.at("classification"), "parquet");

  // A new column: version 2, and the first schema stays readable.
  CatalogTable wider = refreshed;
  wider.columns.push_back(Column("amount", LogicalType::Decimal(10, 2)));
  version = store_->UpdateTable(wider, "ALTER TABLE ADD COLUMNS");
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(version.value(), 2);
  stored = Table("raw", "events");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(ColumnNames(stored->columns), (std::vector<std::string>{"id", "name", "amount"}));
  EXPECT_EQ(stored->columns[2].type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(stored->row_count, 10);

  Result<std::vector<CatalogTableVersion>> versions = store_->ListTableVersions("RAW", "Events");
  ASSERT_TRUE(versions.ok()) << versions.status().message();
  ASSERT_EQ(versions.value().size(), 2u);
  EXPECT_EQ(versions.value()[0].version, 1);
  EXPECT_EQ(versions.value()[0].reason, "CREATE TABLE");
  EXPECT_EQ(ColumnNames(versions.value()[0].columns), (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(versions.value()[0].format, "parquet");
  EXPECT_TRUE(IsCatalogTime(versions.value()[0].created_at));
  EXPECT_EQ(versions.value()[1].version, 2);
  EXPECT_EQ(versions.value()[1].reason, "ALTER TABLE ADD COLUMNS");
  EXPECT_EQ(ColumnNames(versions.value()[1].columns),
            (std::vector<std::string>{"id", "name", "amount"}));

  // A widened type, then a new format, then partition keys: one version each.
  CatalogTable widened = wider;
  widened.columns[0].type = TypeId::kVarchar;
  EXPECT_EQ(store_->UpdateTable(widened, "crawler c: id BIGINT -> VARCHAR").value(), 3);
  CatalogTable reformatted = widened;
  reformatted.format = "json";
  EXPECT_EQ(store_->UpdateTable(reformatted, "format").value(), 4);
  CatalogTable partitioned = reformatted;
  partitioned.partition_keys = {Column("day", TypeId::kDate)};
  EXPECT_EQ(store_->UpdateTable(partitioned, "partitioned").value(), 5);
  EXPECT_EQ(store_->UpdateTable(partitioned, "unchanged").value(), 5);

  versions = store_->ListTableVersions("raw", "events");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions.value().size(), 5u);
  EXPECT_EQ(versions.value()[2].columns[0].type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(versions.value()[1].columns[0].type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(versions.value()[3].format, "json");
  EXPECT_EQ(versions.value()[2].format, "parquet");
  EXPECT_TRUE(versions.value()[3].partition_keys.empty());
  ASSERT_EQ(versions.value()[4].partition_keys.size(), 1u);
  EXPECT_EQ(versions.value()[4].partition_keys[0].name, "day");
  EXPECT_EQ(versions.value()[4].reason, "partitioned");

  stored = Table("raw", "events");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->version, 5);
  EXPECT_EQ(stored->format, "json");
  ASSERT_EQ(stored->partition_keys.size(), 1u);

  Result<int64_t> missing = store_->UpdateTable(MakeTable("raw", "nope"), "x");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kCatalog);
  Result<std::vector<CatalogTableVersion>> missing_versions =
      store_->ListTableVersions("raw", "nope");
  EXPECT_FALSE(missing_versions.ok());
}

TEST_P(CatalogStoreTest, DropTableRemovesItsPartitionsAndVersions) {
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  CatalogTable table = MakeTable("raw", "events");
  table.partition_keys = {Column("day", TypeId::kVarchar)};
  ASSERT_OK(store_->CreateTable(table, false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "kept"), false));
  ASSERT_OK(store_->AddPartitions("raw", "events", {MakePartition({"a"}, "/a")}, false));
  CatalogTable wider = table;
  wider.columns.push_back(Column("x", TypeId::kInteger));
  ASSERT_EQ(store_->UpdateTable(wider, "ALTER TABLE ADD COLUMNS").value(), 2);

  ASSERT_OK(store_->DropTable("RAW", "EVENTS", false));
  EXPECT_FALSE(Table("raw", "events").has_value());
  EXPECT_TRUE(Table("raw", "kept").has_value());
  EXPECT_CATALOG_ERROR(store_->DropTable("raw", "events", false),
                       "table raw.events does not exist");
  ASSERT_OK(store_->DropTable("raw", "events", true));

  ASSERT_OK(store_->CreateTable(table, false));
  std::optional<CatalogTable> again = Table("raw", "events");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->version, 1);
  EXPECT_EQ(ColumnNames(again->columns), (std::vector<std::string>{"id", "name"}));
  Result<std::vector<CatalogTableVersion>> versions = store_->ListTableVersions("raw", "events");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions.value().size(), 1u);
  EXPECT_TRUE(Partitions("raw", "events").empty());
}

class PartitionedStoreTest : public CatalogStoreTest {
 protected:
  void SetUp() override {
    CatalogStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
    CatalogTable table = MakeTable("raw", "Sales");
    table.partition_keys = {Column("year", TypeId::kInteger), Column("region", TypeId::kVarchar)};
    ASSERT_OK(store_->CreateTable(table, false));
  }
};

TEST_P(PartitionedStoreTest, AddsAndListsPartitionsInTheOrderOfTheirValues) {
  CatalogPartition nine = MakePartition({"9", "us"}, "/lake/raw/sales/year=9/region=us");
  nine.row_count = 90;
  nine.size_bytes = 900;
  nine.file_count = 1;
  nine.fingerprint = "n9";
  ASSERT_OK(store_->AddPartitions(
      "RAW", "sales",
      {nine, MakePartition({"10", "eu"}, "/p10eu"), MakePartition({"2023", std::nullopt}, "/pnull"),
       MakePartition({"10", "a/b=c%20 d"}, "/odd")},
      false));

  std::vector<CatalogPartition> partitions = Partitions("raw", "SALES");
  EXPECT_EQ(PartitionTexts(partitions),
            (std::vector<std::string>{"10|a/b=c%20 d", "10|eu", "2023|<null>", "9|us"}));
  ASSERT_EQ(partitions.size(), 4u);
  EXPECT_EQ(partitions[0].location, "/odd");
  EXPECT_EQ(partitions[2].location, "/pnull");
  EXPECT_FALSE(partitions[2].values[1].has_value());
  EXPECT_EQ(partitions[3].location, "/lake/raw/sales/year=9/region=us");
  EXPECT_EQ(partitions[3].row_count, 90);
  EXPECT_EQ(partitions[3].size_bytes, 900);
  EXPECT_EQ(partitions[3].file_count, 1);
  EXPECT_EQ(partitions[3].fingerprint, "n9");
  EXPECT_FALSE(partitions[3].missing);
  EXPECT_EQ(partitions[1].row_count, -1);
  EXPECT_TRUE(IsCatalogTime(partitions[1].created_at)) << partitions[1].created_at;
}

TEST_P(PartitionedStoreTest, AddingAnExistingPartitionFailsUnlessIfNotExists) {
  ASSERT_OK(store_->AddPartitions("raw", "sales", {MakePartition({"10", "eu"}, "/first")}, false));
  EXPECT_CATALOG_ERROR(
      store_->AddPartitions("raw", "sales", {MakePartition({"10", "eu"}, "/second")}, false),
      "already exists");
  // One call is one transaction: the new partition before the duplicate is not kept.
  EXPECT_CATALOG_ERROR(
      store_->AddPartitions(
          "raw", "sales",
          {MakePartition({"11", "eu"}, "/new"), MakePartition({"10", "eu"}, "/second")}, false),
      "already exists");
  EXPECT_EQ(PartitionTexts(Partitions("raw", "sales")), (std::vector<std::string>{"10|eu"}));

  ASSERT_OK(store_->AddPartitions(
      "raw", "sales", {MakePartition({"11", "eu"}, "/new"), MakePartition({"10", "eu"}, "/second")},
      true));
  std::vector<CatalogPartition> partitions = Partitions("raw", "sales");
  EXPECT_EQ(PartitionTexts(partitions), (std::vector<std::string>{"10|eu", "11|eu"}));
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(partitions[0].location, "/first");
  EXPECT_EQ(partitions[1].location, "/new");
}

TEST_P(PartitionedStoreTest, RejectsPartitionsOfMissingTablesAndWrongArity) {
  EXPECT_CATALOG_ERROR(
      store_->AddPartitions("raw", "nope", {MakePartition({"1", "eu"}, "/x")}, false),
      "does not exist");
  Status wrong = store_->AddPartitions("raw", "sales", {MakePartition({"1"}, "/x")}, false);
  EXPECT_EQ(wrong.code(), ErrorCode::kCatalog) << wrong.message();
  EXPECT_TRUE(Partitions("raw", "sales").empty());
}

TEST_P(PartitionedStoreTest, PutPartitionsInsertsOrReplaces) {
  ASSERT_OK(store_->AddPartitions("raw", "sales", {MakePartition({"10", "eu"}, "/eu")}, false));
  CatalogPartition gone = MakePartition({"10", "eu"}, "/eu");
  gone.missing = true;
  gone.row_count = 7;
  gone.fingerprint = "after";
  ASSERT_OK(
      store_->PutPartitions("raw", "sales", {gone, MakePartition({"11", std::nullopt}, "/n")}));

  std::vector<CatalogPartition> partitions = Partitions("raw", "sales");
  EXPECT_EQ(PartitionTexts(partitions), (std::vector<std::string>{"10|eu", "11|<null>"}));
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_TRUE(partitions[0].missing);
  EXPECT_EQ(partitions[0].row_count, 7);
  EXPECT_EQ(partitions[0].fingerprint, "after");
  EXPECT_FALSE(partitions[1].missing);

  gone.missing = false;
  ASSERT_OK(store_->PutPartitions("raw", "sales", {gone}));
  partitions = Partitions("raw", "sales");
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_FALSE(partitions[0].missing);
}

TEST_P(PartitionedStoreTest, DropsPartitionsByValues) {
  ASSERT_OK(
      store_->AddPartitions("raw", "sales",
                            {MakePartition({"9", "us"}, "/1"), MakePartition({"10", "eu"}, "/2"),
                             MakePartition({"10", std::nullopt}, "/3")},
                            false));
  ASSERT_OK(store_->DropPartitions("raw", "sales", {{"9", "us"}, {"10", std::nullopt}}, false));
  EXPECT_EQ(PartitionTexts(Partitions("raw", "sales")), (std::vector<std::string>{"10|eu"}));

  EXPECT_CATALOG_ERROR(store_->DropPartitions("raw", "sales", {{"9", "us"}}, false),
                       "does not exist");
  ASSERT_OK(store_->DropPartitions("raw", "sales", {{"9", "us"}}, true));
  // One call is one transaction: a missing partition keeps the others.
  EXPECT_CATALOG_ERROR(store_->DropPartitions("raw", "sales", {{"10", "eu"}, {"1", "x"}}, false),
                       "does not exist");
  EXPECT_EQ(PartitionTexts(Partitions("raw", "sales")), (std::vector<std::string>{"10|eu"}));
}

TEST_P(CatalogStoreTest, CrawlersRoundTrip) {
  CatalogCrawler crawler;
  crawler.name = "RawLogs";
  crawler.path = "/data/raw";
  crawler.database = "raw";
  crawler.table_prefix = "log_";
  crawler.exclusions = {"**/_tmp/**", "*.{bak,old}", "a?c", "name with space, and = sign"};
  crawler.schema_change = SchemaChangePolicy::kLog;
  crawler.recrawl = RecrawlPolicy::kNewFoldersOnly;
  ASSERT_OK(store_->CreateCrawler(crawler, false));
  CatalogCrawler plain;
  plain.name = "alpha";
  plain.path = "/data/alpha";
  plain.database = "alpha_db";
  ASSERT_OK(store_->CreateCrawler(plain, false));

  Result<std::optional<CatalogCrawler>> stored = store_->GetCrawler("rawlogs");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  ASSERT_TRUE(stored.value().has_value());
  EXPECT_EQ(stored.value()->name, "RawLogs");
  EXPECT_EQ(stored.value()->path, "/data/raw");
  EXPECT_EQ(stored.value()->database, "raw");
  EXPECT_EQ(stored.value()->table_prefix, "log_");
  EXPECT_EQ(stored.value()->exclusions, crawler.exclusions);
  EXPECT_EQ(stored.value()->schema_change, SchemaChangePolicy::kLog);
  EXPECT_EQ(stored.value()->recrawl, RecrawlPolicy::kNewFoldersOnly);
  EXPECT_TRUE(IsCatalogTime(stored.value()->created_at)) << stored.value()->created_at;
  EXPECT_EQ(stored.value()->last_run_at, "");
  EXPECT_EQ(stored.value()->last_report, "");

  Result<std::optional<CatalogCrawler>> alpha = store_->GetCrawler("ALPHA");
  ASSERT_TRUE(alpha.ok());
  ASSERT_TRUE(alpha.value().has_value());
  EXPECT_TRUE(alpha.value()->exclusions.empty());
  EXPECT_EQ(alpha.value()->schema_change, SchemaChangePolicy::kUpdate);
  EXPECT_EQ(alpha.value()->recrawl, RecrawlPolicy::kEverything);

  EXPECT_FALSE(store_->GetCrawler("nope").value().has_value());
  EXPECT_CATALOG_ERROR(store_->CreateCrawler(crawler, false), "crawler RawLogs already exists");
  ASSERT_OK(store_->CreateCrawler(crawler, true));

  Result<std::vector<CatalogCrawler>> crawlers = store_->ListCrawlers();
  ASSERT_TRUE(crawlers.ok());
  ASSERT_EQ(crawlers.value().size(), 2u);
  EXPECT_EQ(crawlers.value()[0].name, "alpha");
  EXPECT_EQ(crawlers.value()[1].name, "RawLogs");

  CatalogCrawler ran = *stored.value();
  ran.last_run_at = "2026-11-22 01:10:00";
  ran.last_report = "3 tables created\n1 partition added";
  ran.exclusions = {"*.tmp"};
  ran.schema_change = SchemaChangePolicy::kUpdate;
  ASSERT_OK(store_->UpdateCrawler(ran));
  stored = store_->GetCrawler("RAWLOGS");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored.value().has_value());
  EXPECT_EQ(stored.value()->last_run_at, "2026-11-22 01:10:00");
  EXPECT_EQ(stored.value()->last_report, "3 tables created\n1 partition added");
  EXPECT_EQ(stored.value()->exclusions, (std::vector<std::string>{"*.tmp"}));
  EXPECT_EQ(stored.value()->schema_change, SchemaChangePolicy::kUpdate);
  EXPECT_EQ(stored.value()->recrawl, RecrawlPolicy::kNewFoldersOnly);
  EXPECT_EQ(stored.value()->created_at, ran.created_at);

  CatalogCrawler ghost = plain;
  ghost.name = "ghost";
  EXPECT_CATALOG_ERROR(store_->UpdateCrawler(ghost), "does not exist");
  EXPECT_FALSE(store_->GetCrawler("ghost").value().has_value());

  ASSERT_OK(store_->DropCrawler("rawLOGS", false));
  EXPECT_FALSE(store_->GetCrawler("RawLogs").value().has_value());
  EXPECT_CATALOG_ERROR(store_->DropCrawler("RawLogs", false), "does not exist");
  ASSERT_OK(store_->DropCrawler("RawLogs", true));
  crawlers = store_->ListCrawlers();
  ASSERT_TRUE(crawlers.ok());
  ASSERT_EQ(crawlers.value().size(), 1u);
  EXPECT_EQ(crawlers.value()[0].name, "alpha");
}

TEST_P(CatalogStoreTest, TransactBodyThatFailsLeavesNothing) {
  Status status = store_->Transact([&]() -> Status {
    TARN_RETURN_IF_ERROR(store_->CreateDatabase(MakeDatabase("raw"), false));
    TARN_RETURN_IF_ERROR(store_->CreateTable(MakeTable("raw", "events"), false));
    return Status::Error(ErrorCode::kInvalidInput, "the crawl failed half-way");
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "the crawl failed half-way");
  EXPECT_FALSE(store_->GetDatabase("raw").value().has_value());
  EXPECT_FALSE(Table("raw", "events").has_value());

  // A nested call's failure fails the whole body.
  status = store_->Transact([&]() -> Status {
    TARN_RETURN_IF_ERROR(store_->CreateDatabase(MakeDatabase("raw"), false));
    TARN_RETURN_IF_ERROR(store_->CreateTable(MakeTable("missing_db", "events"), false));
    return Status::Ok();
  });
  EXPECT_CATALOG_ERROR(status, "database missing_db does not exist");
  EXPECT_FALSE(store_->GetDatabase("raw").value().has_value());

  // The store works normally afterwards.
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  EXPECT_TRUE(store_->GetDatabase("raw").value().has_value());
}

TEST_P(CatalogStoreTest, TransactBodyThatThrowsLeavesNothingAndRethrows) {
  EXPECT_THROW(
      {
        Status ignored = store_->Transact([&]() -> Status {
          TARN_RETURN_IF_ERROR(store_->CreateDatabase(MakeDatabase("raw"), false));
          TARN_RETURN_IF_ERROR(store_->CreateTable(MakeTable("raw", "events"), false));
          throw std::runtime_error("crawler crashed");
        });
        (void)ignored;
      },
      std::runtime_error);
  EXPECT_FALSE(store_->GetDatabase("raw").value().has_value());
  EXPECT_FALSE(Table("raw", "events").has_value());
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "events"), false));
  EXPECT_TRUE(Table("raw", "events").has_value());
}

TEST_P(CatalogStoreTest, TransactCommitsNestedCallsTogether) {
  std::unique_ptr<CatalogStore> other = OpenSecondStore();
  ASSERT_NE(other, nullptr);
  CatalogTable table = MakeTable("raw", "events");
  table.partition_keys = {Column("day", TypeId::kVarchar)};
  ASSERT_OK(store_->Transact([&]() -> Status {
    TARN_RETURN_IF_ERROR(store_->CreateDatabase(MakeDatabase("raw"), false));
    TARN_RETURN_IF_ERROR(store_->CreateTable(table, false));
    // Reads inside the body see its own writes.
    Result<std::optional<CatalogTable>> inside = store_->GetTable("raw", "events");
    if (!inside.ok()) return inside.status();
    if (!inside.value().has_value()) {
      return Status::Error(ErrorCode::kInternal, "the body does not see its own table");
    }
    // A nested Transact joins the outer one.
    TARN_RETURN_IF_ERROR(store_->Transact([&]() -> Status {
      return store_->AddPartitions("raw", "events",
                                   {MakePartition({"a"}, "/a"), MakePartition({"b"}, "/b")}, false);
    }));
    CatalogTable counted = table;
    counted.row_count = 5;
    Result<int64_t> version = store_->UpdateTable(counted, "statistics");
    return version.status();
  }));

  std::optional<CatalogTable> stored = Table("raw", "events");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->row_count, 5);
  EXPECT_EQ(PartitionTexts(Partitions("raw", "events")), (std::vector<std::string>{"a", "b"}));
  Result<std::optional<CatalogTable>> seen = other->GetTable("raw", "events");
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  ASSERT_TRUE(seen.value().has_value());
  EXPECT_EQ(seen.value()->row_count, 5);
  Result<std::vector<CatalogPartition>> other_partitions = other->ListPartitions("raw", "events");
  ASSERT_TRUE(other_partitions.ok());
  EXPECT_EQ(other_partitions.value().size(), 2u);
}

TEST_P(CatalogStoreTest, SecondStoreSeesWhatTheFirstCommitted) {
  std::unique_ptr<CatalogStore> other = OpenSecondStore();
  ASSERT_NE(other, nullptr);
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store_->CreateTable(MakeTable("raw", "events"), false));

  Result<std::optional<CatalogTable>> seen = other->GetTable("RAW", "Events");
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  ASSERT_TRUE(seen.value().has_value());
  EXPECT_EQ(seen.value()->name, "events");
  EXPECT_EQ(seen.value()->version, 1);
  EXPECT_CATALOG_ERROR(other->CreateTable(MakeTable("raw", "events"), false),
                       "table raw.events already exists");

  // Nothing is cached: the first store sees the second's change at once.
  CatalogTable wider = MakeTable("raw", "events");
  wider.columns.push_back(Column("extra", TypeId::kInteger));
  Result<int64_t> version = other->UpdateTable(wider, "ALTER TABLE ADD COLUMNS");
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(version.value(), 2);
  std::optional<CatalogTable> mine = Table("raw", "events");
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->version, 2);
  EXPECT_EQ(mine->columns.size(), 3u);

  ASSERT_OK(other->DropTable("raw", "events", false));
  EXPECT_FALSE(Table("raw", "events").has_value());
}

TEST_P(CatalogStoreTest, ConcurrentCreatesOfOneTableLetExactlyOneWin) {
  std::unique_ptr<CatalogStore> other = OpenSecondStore();
  ASSERT_NE(other, nullptr);
  ASSERT_OK(store_->CreateDatabase(MakeDatabase("raw"), false));
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; round++) {
    std::string name = "events_" + std::to_string(round);
    Status statuses[2];
    std::latch start(2);
    auto create = [&](CatalogStore* store, int index) {
      CatalogTable table = MakeTable("raw", name);
      table.location = "/from/store_" + std::to_string(index);
      start.arrive_and_wait();
      statuses[index] = store->CreateTable(table, false);
    };
    std::thread first(create, store_.get(), 0);
    std::thread second(create, other.get(), 1);
    first.join();
    second.join();
    int winners = (statuses[0].ok() ? 1 : 0) + (statuses[1].ok() ? 1 : 0);
    ASSERT_EQ(winners, 1) << "round " << round << ": " << statuses[0].message() << " / "
                          << statuses[1].message();
    const Status& loser = statuses[0].ok() ? statuses[1] : statuses[0];
    EXPECT_CATALOG_ERROR(loser, "table raw." + name + " already exists");
    std::optional<CatalogTable> stored = Table("raw", name);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->location, statuses[0].ok() ? "/from/store_0" : "/from/store_1");
    Result<std::vector<CatalogTableVersion>> versions = store_->ListTableVersions("raw", name);
    ASSERT_TRUE(versions.ok());
    EXPECT_EQ(versions.value().size(), 1u);
    EXPECT_EQ(stored->columns.size(), 2u);
  }
  Result<std::vector<CatalogTable>> tables = other->ListTables("raw");
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables.value().size(), static_cast<size_t>(kRounds));
}

TEST_P(CatalogStoreTest, ConcurrentOpensOfAFreshStoreBothSucceed) {
  store_.reset();
  if (IsPostgres()) {
    ASSERT_OK(maintenance_->Execute("DROP SCHEMA " + schema_ + " CASCADE", {}));
    ASSERT_OK(maintenance_->Execute("CREATE SCHEMA " + schema_, {}));
  } else {
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  Result<std::unique_ptr<CatalogStore>> stores[2] = {Status::Ok(), Status::Ok()};
  std::latch start(2);
  auto open = [&](int index) {
    start.arrive_and_wait();
    stores[index] = OpenStore();
  };
  std::thread first(open, 0);
  std::thread second(open, 1);
  first.join();
  second.join();
  for (auto& store : stores) {
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_NE(store.value(), nullptr);
  }
  ASSERT_OK(stores[0].value()->CreateDatabase(MakeDatabase("raw"), false));
  EXPECT_TRUE(stores[1].value()->GetDatabase("raw").value().has_value());
}

INSTANTIATE_TEST_SUITE_P(Stores, CatalogStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });
INSTANTIATE_TEST_SUITE_P(Stores, PartitionedStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(CatalogStoreSqliteTest, InMemoryStoreWorksAndDescribesItself) {
  Result<std::unique_ptr<SqlDriver>> driver = OpenSqliteDriver(":memory:");
  ASSERT_TRUE(driver.ok()) << driver.status().message();
  Result<std::unique_ptr<CatalogStore>> store = CatalogStore::Open(std::move(driver).value());
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(store.value()->Describe(), "sqlite::memory:");
  ASSERT_OK(store.value()->CreateDatabase(MakeDatabase("raw"), false));
  ASSERT_OK(store.value()->CreateTable(MakeTable("raw", "events"), false));
  Result<std::optional<CatalogTable>> table = store.value()->GetTable("raw", "events");
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table.value().has_value());
  EXPECT_EQ(table.value()->location, "/lake/raw/events");
}

// The PostgreSQL driver on its own: placeholders, parameters and error mapping.
class PostgresDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresUrl() == nullptr) {
      GTEST_SKIP() << "TARN_TEST_POSTGRES_URL is not set; run under scripts/with_postgres.sh";
    }
    Result<std::unique_ptr<SqlDriver>> driver = OpenPostgresDriver(PostgresUrl());
    ASSERT_TRUE(driver.ok()) << driver.status().message();
    driver_ = std::move(driver).value();
    table_ = "tarn_driver_test_" + std::to_string(::getpid());
    ASSERT_OK(driver_->Execute("DROP TABLE IF EXISTS " + table_, {}));
    ASSERT_OK(driver_->Execute(
        "CREATE TABLE " + table_ + " (name TEXT PRIMARY KEY, size BIGINT, note TEXT)", {}));
  }
  void TearDown() override {
    if (driver_) {
      EXPECT_TRUE(driver_->Execute("DROP TABLE IF EXISTS " + table_, {}).ok());
    }
  }

  std::unique_ptr<SqlDriver> driver_;
  std::string table_;
};

TEST_F(PostgresDriverTest, BindsParametersAndLeavesQuotedQuestionMarks) {
  ASSERT_OK(driver_->Execute("INSERT INTO " + table_ + " (name, size, note) VALUES (?, ?, ?)",
                             {std::string("a?b"), int64_t{-9000000000}, SqlParam()}));
  Result<std::vector<SqlRow>> rows =
      driver_->Query("SELECT name, size, note, 'what?', 'it''s?', \"size\" + ? FROM " + table_ +
                         " WHERE name = ? -- really?\n",
                     {int64_t{1}, std::string("a?b")});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows.value().size(), 1u);
  const SqlRow& row = rows.value()[0];
  ASSERT_EQ(row.size(), 6u);
  EXPECT_EQ(row[0], std::optional<std::string>("a?b"));
  EXPECT_EQ(row[1], std::optional<std::string>("-9000000000"));
  EXPECT_FALSE(row[2].has_value());
  EXPECT_EQ(row[3], std::optional<std::string>("what?"));
  EXPECT_EQ(row[4], std::optional<std::string>("it's?"));
  EXPECT_EQ(row[5], std::optional<std::string>("-8999999999"));

  Status mismatch = driver_->Execute("SELECT ?", {});
  EXPECT_FALSE(mismatch.ok());
}

TEST_F(PostgresDriverTest, ReportsUniqueViolations) {
  ASSERT_OK(driver_->Execute("INSERT INTO " + table_ + " (name) VALUES (?)", {std::string("x")}));
  Status duplicate =
      driver_->Execute("INSERT INTO " + table_ + " (name) VALUES (?)", {std::string("x")});
  EXPECT_EQ(duplicate.code(), ErrorCode::kCatalog);
  EXPECT_TRUE(driver_->IsUniqueViolation(duplicate)) << duplicate.message();
  Status syntax = driver_->Execute("SELEC 1", {});
  EXPECT_EQ(syntax.code(), ErrorCode::kCatalog);
  EXPECT_FALSE(driver_->IsUniqueViolation(syntax));
  EXPECT_FALSE(driver_->IsUniqueViolation(Status::Ok()));
}

TEST_F(PostgresDriverTest, FailedStatementMakesCommitFail) {
  ASSERT_OK(driver_->Begin());
  ASSERT_OK(driver_->Execute("INSERT INTO " + table_ + " (name) VALUES ('kept?')", {}));
  EXPECT_FALSE(driver_->Execute("SELEC 1", {}).ok());
  Status commit = driver_->Commit();
  EXPECT_EQ(commit.code(), ErrorCode::kCatalog);
  ASSERT_OK(driver_->Rollback());
  Result<std::vector<SqlRow>> rows = driver_->Query("SELECT count(*) FROM " + table_, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[0][0], std::optional<std::string>("0"));
}

TEST_F(PostgresDriverTest, ConcurrentUpdatesOfOneRowCannotBothCommit) {
  Result<std::unique_ptr<SqlDriver>> other_driver = OpenPostgresDriver(PostgresUrl());
  ASSERT_TRUE(other_driver.ok()) << other_driver.status().message();
  SqlDriver& other = *other_driver.value();
  ASSERT_OK(driver_->Execute("INSERT INTO " + table_ + " (name, size) VALUES ('t', 1)", {}));

  ASSERT_OK(driver_->Begin());
  ASSERT_OK(other.Begin());
  Result<std::vector<SqlRow>> before = other.Query("SELECT size FROM " + table_, {});
  ASSERT_TRUE(before.ok());
  ASSERT_OK(driver_->Execute("UPDATE " + table_ + " SET size = 2 WHERE name = 't'", {}));
  ASSERT_OK(driver_->Commit());
  Status conflict = other.Execute("UPDATE " + table_ + " SET size = 3 WHERE name = 't'", {});
  EXPECT_EQ(conflict.code(), ErrorCode::kCatalog);
  EXPECT_NE(conflict.message().find("another process changed the catalog at the same time"),
            std::string::npos)
      << conflict.message();
  ASSERT_OK(other.Rollback());
  Result<std::vector<SqlRow>> after = driver_->Query("SELECT size FROM " + table_, {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after.value()[0][0], std::optional<std::string>("2"));
}

TEST(PostgresDriverConnectTest, UnreachableServerIsAnIoErrorNamingItWithoutPassword) {
  // Port 1 on the loopback: nothing listens there.
  Result<std::unique_ptr<SqlDriver>> driver =
      OpenPostgresDriver("postgresql://lake_user:s3cret-pw@127.0.0.1:1/lake?connect_timeout=5");
  ASSERT_FALSE(driver.ok());
  EXPECT_EQ(driver.status().code(), ErrorCode::kIo);
  const std::string& message = driver.status().message();
  EXPECT_NE(message.find("postgresql://lake_user@127.0.0.1:1/lake"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret-pw"), std::string::npos) << message;

  Result<std::unique_ptr<SqlDriver>> malformed =
      OpenPostgresDriver("postgresql://user:s3cret-pw@[::1/lake");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), ErrorCode::kIo);
  EXPECT_EQ(malformed.status().message().find("s3cret-pw"), std::string::npos)
      << malformed.status().message();
}

}  // namespace
}  // namespace tarn
