#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "parser/parser.h"

namespace tarn {
namespace {

using Properties = std::vector<std::pair<std::string, std::string>>;

std::unique_ptr<Statement> ParseOne(const std::string& sql) {
  auto result = ParseSql(sql);
  EXPECT_TRUE(result.ok()) << sql << "\n" << result.status().message();
  if (!result.ok()) return std::make_unique<Statement>();
  auto statements = std::move(result).value();
  EXPECT_EQ(statements.size(), 1u) << sql;
  if (statements.size() != 1) return std::make_unique<Statement>();
  return std::move(statements[0]);
}

// Parses a statement that must carry the catalog DDL clauses.
std::unique_ptr<Statement> ParseDdl(const std::string& sql, StatementKind kind) {
  auto statement = ParseOne(sql);
  EXPECT_EQ(statement->kind, kind) << sql;
  if (!statement->ddl) {
    ADD_FAILURE() << "no ddl for " << sql;
    statement->ddl = std::make_unique<CatalogDdl>();
  }
  return statement;
}

std::string ErrorOf(const std::string& sql) {
  auto result = ParseSql(sql);
  EXPECT_FALSE(result.ok()) << sql;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), ErrorCode::kSyntax);
  return result.status().message();
}

// ---- CREATE [EXTERNAL] TABLE --------------------------------------------------------------

TEST(DdlParserTest, ExternalTableWithRegexSerdeAndPartitions) {
  std::string sql =
      "CREATE EXTERNAL TABLE IF NOT EXISTS logs.edge_requests (\n"
      "  `date` DATE,\n"
      "  time STRING COMMENT 'UTC time of the request',\n"
      "  location STRING,\n"
      "  bytes BIGINT,\n"
      "  status INT,\n"
      "  user STRING,\n"
      "  size DECIMAL(10,2),\n"
      "  timestamp TIMESTAMP,\n"
      "  comment VARCHAR(200)\n"
      ")\n"
      "COMMENT 'edge access logs'\n"
      "PARTITIONED BY (year STRING, month STRING COMMENT 'two digits')\n"
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
      "WITH SERDEPROPERTIES ('input.regex' = '^(\\\\S+)\\\\s+(\\\\S+)$')\n"
      "STORED AS TEXTFILE\n"
      "LOCATION 's3://example-logs/edge/'\n"
      "TBLPROPERTIES ('skip.header.line.count'='1', 'has_encrypted_data'='false')";
  auto statement = ParseDdl(sql, StatementKind::kCreateCatalogTable);
  const CatalogDdl& ddl = *statement->ddl;
  EXPECT_TRUE(ddl.external);
  EXPECT_TRUE(statement->if_not_exists);
  EXPECT_EQ(statement->schema, "logs");
  EXPECT_EQ(statement->name, "edge_requests");
  EXPECT_EQ(statement->text, sql);
  EXPECT_FALSE(statement->query);
  ASSERT_EQ(statement->columns.size(), 9u);
  std::vector<std::string> names;
  for (const auto& column : statement->columns) names.push_back(column.name);
  EXPECT_EQ(names, (std::vector<std::string>{"date", "time", "location", "bytes", "status", "user",
                                             "size", "timestamp", "comment"}));
  EXPECT_EQ(statement->columns[0].type, LogicalType(TypeId::kDate));
  EXPECT_EQ(statement->columns[1].type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(statement->columns[1].comment, "UTC time of the request");
  EXPECT_EQ(statement->columns[0].comment, "");
  EXPECT_EQ(statement->columns[3].type, LogicalType(TypeId::kBigint));
  EXPECT_EQ(statement->columns[4].type, LogicalType(TypeId::kInteger));
  EXPECT_EQ(statement->columns[6].type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(statement->columns[7].type, LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(statement->columns[8].type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(ddl.comment, "edge access logs");
  ASSERT_EQ(ddl.partition_columns.size(), 2u);
  EXPECT_EQ(ddl.partition_columns[0].name, "year");
  EXPECT_EQ(ddl.partition_columns[0].type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(ddl.partition_columns[1].comment, "two digits");
  EXPECT_EQ(ddl.serde, "org.apache.hadoop.hive.serde2.RegexSerDe");
  // '\\S' is Hive's spelling of the two characters \S.
  EXPECT_EQ(ddl.serde_properties, (Properties{{"input.regex", "^(\\S+)\\s+(\\S+)$"}}));
  EXPECT_EQ(ddl.stored_as, "textfile");
  EXPECT_EQ(ddl.location, "s3://example-logs/edge/");
  EXPECT_EQ(ddl.properties,
            (Properties{{"skip.header.line.count", "1"}, {"has_encrypted_data", "false"}}));
}

TEST(DdlParserTest, OpenCsvSerdeProperties) {
  auto statement = ParseDdl(
      "CREATE EXTERNAL TABLE sales_csv (region string, amount double)\n"
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'\n"
      "WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='\"', 'escapeChar'='\\\\')\n"
      "LOCATION '/data/sales/'\n"
      "TBLPROPERTIES ('skip.header.line.count'='1')",
      StatementKind::kCreateCatalogTable);
  const CatalogDdl& ddl = *statement->ddl;
  EXPECT_EQ(ddl.serde, "org.apache.hadoop.hive.serde2.OpenCSVSerde");
  EXPECT_EQ(ddl.serde_properties,
            (Properties{{"separatorChar", ","}, {"quoteChar", "\""}, {"escapeChar", "\\"}}));
  EXPECT_EQ(ddl.stored_as, "");
  EXPECT_EQ(ddl.properties, (Properties{{"skip.header.line.count", "1"}}));
  EXPECT_EQ(statement->columns[1].type, LogicalType(TypeId::kDouble));
}

TEST(DdlParserTest, JsonSerdeWithNestedHiveTypes) {
  auto statement = ParseDdl(
      "CREATE EXTERNAL TABLE events (\n"
      "  id bigint, tags array<string>, attributes map<string,int>,\n"
      "  payload struct<a:int,b:array<string>>, nested array<struct<a:int>>,\n"
      "  deep map<string,array<struct<x:double,`from`:string>>>,\n"
      "  flag boolean, small tinyint, medium smallint, ratio float, code char(2),\n"
      "  raw binary, amount decimal)\n"
      "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"
      "LOCATION 's3://bucket/events/'",
      StatementKind::kCreateCatalogTable);
  const auto& columns = statement->columns;
  ASSERT_EQ(columns.size(), 13u);
  EXPECT_EQ(columns[1].type, LogicalType::List(LogicalType(TypeId::kVarchar)));
  EXPECT_EQ(columns[2].type,
            LogicalType::Map(LogicalType(TypeId::kVarchar), LogicalType(TypeId::kInteger)));
  EXPECT_EQ(columns[3].type,
            LogicalType::Struct({{"a", LogicalType(TypeId::kInteger)},
                                 {"b", LogicalType::List(LogicalType(TypeId::kVarchar))}}));
  EXPECT_EQ(columns[4].type,
            LogicalType::List(LogicalType::Struct({{"a", LogicalType(TypeId::kInteger)}})));
  EXPECT_EQ(columns[5].type,
            LogicalType::Map(
                LogicalType(TypeId::kVarchar),
                LogicalType::List(LogicalType::Struct({{"x", LogicalType(TypeId::kDouble)},
                                                       {"from", LogicalType(TypeId::kVarchar)}}))));
  EXPECT_EQ(columns[6].type, LogicalType(TypeId::kBoolean));
  EXPECT_EQ(columns[7].type, LogicalType(TypeId::kInteger));
  EXPECT_EQ(columns[8].type, LogicalType(TypeId::kInteger));
  EXPECT_EQ(columns[9].type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(columns[10].type, LogicalType(TypeId::kVarchar));
  // No binary type: BINARY columns read as text. A bare DECIMAL is Hive's DECIMAL(10,0).
  EXPECT_EQ(columns[11].type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(columns[12].type, LogicalType::Decimal(10, 0));
  EXPECT_EQ(statement->ddl->serde, "org.openx.data.jsonserde.JsonSerDe");
}

TEST(DdlParserTest, RowFormatDelimitedDecodesHiveEscapes) {
  auto statement = ParseDdl(
      "CREATE EXTERNAL TABLE tsv (a string, b int)\n"
      "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'\n"
      "  COLLECTION ITEMS TERMINATED BY '\\002' MAP KEYS TERMINATED BY '\\u0003'\n"
      "  LINES TERMINATED BY '\\n' NULL DEFINED AS '\\\\N'\n"
      "STORED AS TEXTFILE LOCATION 's3://b/tsv'",
      StatementKind::kCreateCatalogTable);
  const CatalogDdl& ddl = *statement->ddl;
  EXPECT_EQ(ddl.serde, "delimited");
  EXPECT_EQ(ddl.serde_properties, (Properties{{"field.delim", "\t"},
                                              {"escape.delim", "\\"},
                                              {"collection.delim", "\x02"},
                                              {"mapkey.delim", "\x03"},
                                              {"line.delim", "\n"},
                                              {"serialization.null.format", "\\N"}}));
  EXPECT_EQ(ddl.stored_as, "textfile");

  auto ctrl_a = ParseDdl(
      "CREATE TABLE hive_default (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001'",
      StatementKind::kCreateCatalogTable);
  EXPECT_FALSE(ctrl_a->ddl->external);
  EXPECT_EQ(ctrl_a->ddl->serde_properties, (Properties{{"field.delim", std::string(1, '\x01')}}));
}

TEST(DdlParserTest, StoredAsWordsAndInputFormat) {
  for (const char* word : {"PARQUET", "orc", "JsonFile", "ION", "avro", "SEQUENCEFILE"}) {
    auto statement = ParseDdl(std::string("CREATE EXTERNAL TABLE t (a int) STORED AS ") + word,
                              StatementKind::kCreateCatalogTable);
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(statement->ddl->stored_as, lower);
  }
  auto statement = ParseDdl(
      "CREATE EXTERNAL TABLE elb_logs (request_ip string)\n"
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n"
      "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'\n"
      "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'\n"
      "LOCATION 's3://b/elb/'",
      StatementKind::kCreateCatalogTable);
  EXPECT_EQ(statement->ddl->stored_as,
            "inputformat:org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
}

TEST(DdlParserTest, HiveClausesWithoutExternalAndDoubleQuotedStrings) {
  auto statement = ParseDdl(
      "CREATE TABLE IF NOT EXISTS `Sales`.`Orders` (`Order Id` int, total double) "
      "LOCATION \"/lake/orders\" TBLPROPERTIES (\"classification\"=\"csv\")",
      StatementKind::kCreateCatalogTable);
  EXPECT_FALSE(statement->ddl->external);
  EXPECT_EQ(statement->schema, "Sales");
  EXPECT_EQ(statement->name, "Orders");
  EXPECT_EQ(statement->columns[0].name, "Order Id");
  EXPECT_EQ(statement->ddl->location, "/lake/orders");
  EXPECT_EQ(statement->ddl->properties, (Properties{{"classification", "csv"}}));

  auto commented =
      ParseDdl("CREATE TABLE t (a int) COMMENT 'x'", StatementKind::kCreateCatalogTable);
  EXPECT_EQ(commented->ddl->comment, "x");
}

TEST(DdlParserTest, HiveCreateTableAsSelect) {
  auto statement = ParseDdl(
      "CREATE TABLE daily PARTITIONED BY (dt, region) STORED AS PARQUET "
      "LOCATION '/lake/daily' TBLPROPERTIES ('parquet.compression'='SNAPPY') "
      "AS SELECT amount, dt, region FROM raw.sales",
      StatementKind::kCreateCatalogTable);
  const CatalogDdl& ddl = *statement->ddl;
  ASSERT_TRUE(statement->query);
  EXPECT_EQ(statement->query->select_list.size(), 3u);
  EXPECT_TRUE(statement->columns.empty());
  ASSERT_EQ(ddl.partition_columns.size(), 2u);
  EXPECT_EQ(ddl.partition_columns[0].name, "dt");
  EXPECT_EQ(ddl.partition_columns[1].name, "region");
  EXPECT_EQ(ddl.partition_columns[0].type, LogicalType());
  EXPECT_EQ(ddl.stored_as, "parquet");
  EXPECT_EQ(ddl.location, "/lake/daily");
  EXPECT_EQ(ddl.properties, (Properties{{"parquet.compression", "SNAPPY"}}));

  auto no_partitions = ParseDdl("CREATE TABLE copy STORED AS PARQUET AS SELECT 1 AS x",
                                StatementKind::kCreateCatalogTable);
  EXPECT_TRUE(no_partitions->query);
}

TEST(DdlParserTest, PlainCreateTableIsUnaffected) {
  auto plain = ParseOne("CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR, PRIMARY KEY (a))");
  EXPECT_EQ(plain->kind, StatementKind::kCreateTable);
  EXPECT_FALSE(plain->ddl);
  ASSERT_EQ(plain->columns.size(), 2u);
  EXPECT_TRUE(plain->columns[0].not_null);
  // DECIMAL without arguments keeps its default outside Hive DDL.
  auto decimal = ParseOne("CREATE TABLE t (d DECIMAL)");
  EXPECT_EQ(decimal->kind, StatementKind::kCreateTable);
  EXPECT_EQ(decimal->columns[0].type, LogicalType::Decimal(18, 3));

  auto ctas = ParseOne("CREATE TABLE t AS SELECT 1");
  EXPECT_EQ(ctas->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(ctas->query);
  EXPECT_FALSE(ctas->ddl);

  auto with = ParseOne(
      "CREATE TABLE t WITH (format = 'PARQUET', partitioned_by = ARRAY['year']) "
      "AS SELECT 1 AS year");
  EXPECT_EQ(with->kind, StatementKind::kCreateTable);
  EXPECT_EQ(with->copy_options.size(), 2u);
  EXPECT_FALSE(with->ddl);

  auto temporary = ParseOne("CREATE TEMPORARY TABLE t (a int)");
  EXPECT_EQ(temporary->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(temporary->temporary);
  EXPECT_TRUE(ParseOne("CREATE TEMP TABLE t AS SELECT 1")->temporary);
  EXPECT_FALSE(ParseOne("CREATE TABLE t (a int)")->temporary);

  // A column comment alone keeps the plain form.
  auto commented = ParseOne("CREATE TABLE t (a int COMMENT 'the key')");
  EXPECT_EQ(commented->kind, StatementKind::kCreateTable);
  EXPECT_EQ(commented->columns[0].comment, "the key");

  // Reserved words still cannot name columns of a plain table.
  EXPECT_NE(ErrorOf("CREATE TABLE t (select int)").find("\"select\""), std::string::npos);
}

// ---- Databases, USE, MSCK -----------------------------------------------------------------

TEST(DdlParserTest, CreateAndDropDatabase) {
  auto create = ParseDdl(
      "CREATE DATABASE IF NOT EXISTS web_logs COMMENT 'raw access logs' "
      "LOCATION 's3://lake/web_logs/' WITH DBPROPERTIES ('owner'='data-eng', 'tier'='raw')",
      StatementKind::kCreateDatabase);
  EXPECT_EQ(create->name, "web_logs");
  EXPECT_TRUE(create->if_not_exists);
  EXPECT_EQ(create->ddl->comment, "raw access logs");
  EXPECT_EQ(create->ddl->location, "s3://lake/web_logs/");
  EXPECT_EQ(create->ddl->properties, (Properties{{"owner", "data-eng"}, {"tier", "raw"}}));

  auto schema = ParseDdl("CREATE SCHEMA analytics", StatementKind::kCreateDatabase);
  EXPECT_EQ(schema->name, "analytics");
  EXPECT_FALSE(schema->if_not_exists);

  auto drop = ParseDdl("DROP DATABASE IF EXISTS web_logs CASCADE", StatementKind::kDropDatabase);
  EXPECT_EQ(drop->name, "web_logs");
  EXPECT_TRUE(drop->if_exists);
  EXPECT_TRUE(drop->ddl->cascade);
  auto restrict = ParseDdl("DROP SCHEMA analytics RESTRICT", StatementKind::kDropDatabase);
  EXPECT_FALSE(restrict->if_exists);
  EXPECT_FALSE(restrict->ddl->cascade);

  auto drop_table = ParseOne("DROP TABLE IF EXISTS web_logs.requests");
  EXPECT_EQ(drop_table->kind, StatementKind::kDrop);
  EXPECT_EQ(drop_table->schema, "web_logs");
  EXPECT_EQ(drop_table->name, "requests");
  EXPECT_TRUE(drop_table->if_exists);
}

TEST(DdlParserTest, UseAndMsckRepair) {
  auto use = ParseDdl("USE web_logs", StatementKind::kUse);
  EXPECT_EQ(use->name, "web_logs");
  EXPECT_EQ(ParseDdl("USE default", StatementKind::kUse)->name, "default");

  auto msck = ParseDdl("MSCK REPAIR TABLE web_logs.requests", StatementKind::kMsckRepair);
  EXPECT_EQ(msck->schema, "web_logs");
  EXPECT_EQ(msck->name, "requests");
  EXPECT_EQ(msck->text, "MSCK REPAIR TABLE web_logs.requests");
}

// ---- ALTER TABLE --------------------------------------------------------------------------

TEST(DdlParserTest, AlterTableAddPartitions) {
  auto statement = ParseDdl(
      "ALTER TABLE logs.requests ADD IF NOT EXISTS\n"
      "  PARTITION (year = '2024', month = 1) LOCATION 's3://b/requests/2024/01/'\n"
      "  PARTITION (year = 2024, month = -2, day = DATE '2024-02-03', src = NULL)\n"
      "  PARTITION (year = \"2025\", month = 12) LOCATION 's3://b/requests/2025/12/'",
      StatementKind::kAlterTable);
  const CatalogDdl& ddl = *statement->ddl;
  EXPECT_EQ(statement->schema, "logs");
  EXPECT_EQ(statement->name, "requests");
  EXPECT_EQ(ddl.alter_action, AlterTableAction::kAddPartitions);
  EXPECT_TRUE(statement->if_not_exists);
  ASSERT_EQ(ddl.partitions.size(), 3u);
  using Values = std::vector<std::pair<std::string, std::optional<std::string>>>;
  EXPECT_EQ(ddl.partitions[0].values, (Values{{"year", "2024"}, {"month", "1"}}));
  EXPECT_EQ(ddl.partitions[0].location, "s3://b/requests/2024/01/");
  EXPECT_EQ(
      ddl.partitions[1].values,
      (Values{{"year", "2024"}, {"month", "-2"}, {"day", "2024-02-03"}, {"src", std::nullopt}}));
  EXPECT_EQ(ddl.partitions[1].location, "");
  EXPECT_EQ(ddl.partitions[2].values, (Values{{"year", "2025"}, {"month", "12"}}));
  EXPECT_EQ(ddl.partitions[2].location, "s3://b/requests/2025/12/");
}

TEST(DdlParserTest, AlterTableDropPartitions) {
  auto statement = ParseDdl(
      "ALTER TABLE requests DROP IF EXISTS PARTITION (dt = '2024-01-01'), "
      "PARTITION (dt = '2024-01-02')",
      StatementKind::kAlterTable);
  EXPECT_EQ(statement->ddl->alter_action, AlterTableAction::kDropPartitions);
  EXPECT_TRUE(statement->if_exists);
  ASSERT_EQ(statement->ddl->partitions.size(), 2u);
  EXPECT_EQ(statement->ddl->partitions[1].values[0].first, "dt");
  EXPECT_EQ(statement->ddl->partitions[1].values[0].second, "2024-01-02");

  auto single = ParseDdl("ALTER TABLE requests DROP PARTITION (dt = '2024-01-01')",
                         StatementKind::kAlterTable);
  EXPECT_FALSE(single->if_exists);
  EXPECT_EQ(single->ddl->partitions.size(), 1u);
}

TEST(DdlParserTest, AlterTableColumnsPropertiesAndLocation) {
  auto add = ParseDdl(
      "ALTER TABLE requests ADD COLUMNS (referrer string COMMENT 'Referer header', "
      "`timestamp` timestamp)",
      StatementKind::kAlterTable);
  EXPECT_EQ(add->ddl->alter_action, AlterTableAction::kAddColumns);
  ASSERT_EQ(add->columns.size(), 2u);
  EXPECT_EQ(add->columns[0].comment, "Referer header");
  EXPECT_EQ(add->columns[1].name, "timestamp");
  EXPECT_EQ(add->columns[1].type, LogicalType(TypeId::kTimestamp));

  auto replace = ParseDdl("ALTER TABLE requests REPLACE COLUMNS (a int, b array<string>)",
                          StatementKind::kAlterTable);
  EXPECT_EQ(replace->ddl->alter_action, AlterTableAction::kReplaceColumns);
  EXPECT_EQ(replace->columns.size(), 2u);

  auto properties =
      ParseDdl("ALTER TABLE requests SET TBLPROPERTIES ('skip.header.line.count'='2')",
               StatementKind::kAlterTable);
  EXPECT_EQ(properties->ddl->alter_action, AlterTableAction::kSetTableProperties);
  EXPECT_EQ(properties->ddl->properties, (Properties{{"skip.header.line.count", "2"}}));

  auto location =
      ParseDdl("ALTER TABLE db.requests SET LOCATION 's3://b/moved/'", StatementKind::kAlterTable);
  EXPECT_EQ(location->ddl->alter_action, AlterTableAction::kSetLocation);
  EXPECT_EQ(location->ddl->location, "s3://b/moved/");
  EXPECT_EQ(location->schema, "db");

  auto partition_location =
      ParseDdl("ALTER TABLE requests PARTITION (dt = '2024-01-01') SET LOCATION 's3://b/x/'",
               StatementKind::kAlterTable);
  EXPECT_EQ(partition_location->ddl->alter_action, AlterTableAction::kSetPartitionLocation);
  ASSERT_EQ(partition_location->ddl->partitions.size(), 1u);
  EXPECT_EQ(partition_location->ddl->partitions[0].location, "s3://b/x/");
  EXPECT_EQ(partition_location->ddl->partitions[0].values[0].second, "2024-01-01");
}

// ---- SHOW, DESCRIBE, COMMENT ON -----------------------------------------------------------

TEST(DdlParserTest, ShowTablesVariants) {
  auto plain = ParseOne("SHOW TABLES");
  EXPECT_EQ(plain->kind, StatementKind::kShowTables);
  EXPECT_EQ(plain->schema, "");
  EXPECT_FALSE(plain->ddl);

  auto in = ParseOne("SHOW TABLES IN web_logs");
  EXPECT_EQ(in->kind, StatementKind::kShowTables);
  EXPECT_EQ(in->schema, "web_logs");
  EXPECT_FALSE(in->ddl);

  auto like = ParseOne("SHOW TABLES FROM web_logs LIKE 'req*|err*'");
  EXPECT_EQ(like->schema, "web_logs");
  ASSERT_TRUE(like->ddl);
  EXPECT_EQ(like->ddl->like_pattern, "req*|err*");

  auto bare = ParseOne("SHOW TABLES 'req*'");
  ASSERT_TRUE(bare->ddl);
  EXPECT_EQ(bare->ddl->like_pattern, "req*");
}

TEST(DdlParserTest, ShowCatalogObjects) {
  auto databases = ParseDdl("SHOW DATABASES", StatementKind::kShow);
  EXPECT_EQ(databases->ddl->show, ShowKind::kDatabases);
  EXPECT_EQ(databases->ddl->like_pattern, "");
  auto schemas = ParseDdl("SHOW SCHEMAS LIKE 'web*'", StatementKind::kShow);
  EXPECT_EQ(schemas->ddl->show, ShowKind::kDatabases);
  EXPECT_EQ(schemas->ddl->like_pattern, "web*");

  auto partitions = ParseDdl("SHOW PARTITIONS web_logs.requests", StatementKind::kShow);
  EXPECT_EQ(partitions->ddl->show, ShowKind::kPartitions);
  EXPECT_EQ(partitions->schema, "web_logs");
  EXPECT_EQ(partitions->name, "requests");

  auto create = ParseDdl("SHOW CREATE TABLE requests", StatementKind::kShow);
  EXPECT_EQ(create->ddl->show, ShowKind::kCreateTable);
  EXPECT_EQ(create->name, "requests");

  for (const char* sql :
       {"SHOW TABLE VERSIONS db.requests", "SHOW TABLE VERSIONS FOR db.requests",
        "SHOW TABLE VERSIONS OF db.requests", "SHOW TABLE VERSIONS IN db.requests"}) {
    auto versions = ParseDdl(sql, StatementKind::kShow);
    EXPECT_EQ(versions->ddl->show, ShowKind::kTableVersions) << sql;
    EXPECT_EQ(versions->schema, "db") << sql;
    EXPECT_EQ(versions->name, "requests") << sql;
  }

  auto columns = ParseDdl("SHOW COLUMNS IN requests FROM web_logs", StatementKind::kShow);
  EXPECT_EQ(columns->ddl->show, ShowKind::kColumns);
  EXPECT_EQ(columns->schema, "web_logs");
  EXPECT_EQ(columns->name, "requests");
  auto columns_qualified = ParseDdl("SHOW COLUMNS FROM db.t", StatementKind::kShow);
  EXPECT_EQ(columns_qualified->schema, "db");

  EXPECT_EQ(ParseDdl("SHOW CRAWLERS", StatementKind::kShow)->ddl->show, ShowKind::kCrawlers);
  auto properties = ParseDdl("SHOW TBLPROPERTIES db.requests", StatementKind::kShow);
  EXPECT_EQ(properties->ddl->show, ShowKind::kTableProperties);
  EXPECT_EQ(properties->name, "requests");

  // SHOW <table> still describes the table.
  auto describe = ParseOne("SHOW requests");
  EXPECT_EQ(describe->kind, StatementKind::kDescribe);
  ASSERT_TRUE(describe->table);
  EXPECT_EQ(describe->table->name, "requests");
  auto named_partitions = ParseOne("SHOW partitions");
  EXPECT_EQ(named_partitions->kind, StatementKind::kDescribe);
}

TEST(DdlParserTest, DescribeFormatted) {
  for (const char* sql :
       {"DESCRIBE FORMATTED web_logs.requests", "DESC EXTENDED web_logs.requests"}) {
    auto statement = ParseOne(sql);
    EXPECT_EQ(statement->kind, StatementKind::kDescribe);
    ASSERT_TRUE(statement->ddl) << sql;
    EXPECT_TRUE(statement->ddl->formatted);
    EXPECT_EQ(statement->schema, "web_logs");
    EXPECT_EQ(statement->name, "requests");
  }
  auto plain = ParseOne("DESCRIBE requests");
  EXPECT_FALSE(plain->ddl);
  EXPECT_EQ(plain->name, "requests");
  // A table named `formatted`.
  auto named = ParseOne("DESCRIBE formatted");
  EXPECT_FALSE(named->ddl);
  EXPECT_EQ(named->name, "formatted");
}

TEST(DdlParserTest, CommentOn) {
  auto table = ParseDdl("COMMENT ON TABLE web_logs.requests IS 'one row per request'",
                        StatementKind::kComment);
  EXPECT_EQ(table->schema, "web_logs");
  EXPECT_EQ(table->name, "requests");
  EXPECT_EQ(table->ddl->column, "");
  EXPECT_EQ(table->ddl->comment, "one row per request");

  auto column = ParseDdl("COMMENT ON COLUMN web_logs.requests.status IS 'HTTP status'",
                         StatementKind::kComment);
  EXPECT_EQ(column->schema, "web_logs");
  EXPECT_EQ(column->name, "requests");
  EXPECT_EQ(column->ddl->column, "status");
  EXPECT_EQ(column->ddl->comment, "HTTP status");

  auto cleared = ParseDdl("COMMENT ON COLUMN requests.status IS NULL", StatementKind::kComment);
  EXPECT_EQ(cleared->schema, "");
  EXPECT_EQ(cleared->name, "requests");
  EXPECT_EQ(cleared->ddl->column, "status");
  EXPECT_EQ(cleared->ddl->comment, "");

  EXPECT_NE(ErrorOf("COMMENT ON COLUMN requests IS 'x'").find("\"requests\""), std::string::npos);
}

// ---- Crawlers -----------------------------------------------------------------------------

TEST(DdlParserTest, CrawlerStatements) {
  auto create = ParseDdl(
      "CREATE CRAWLER IF NOT EXISTS nightly WITH (path = 's3://b/raw/', database = 'raw', "
      "exclusions = ARRAY['**/_tmp/**', '**.crc'], table_prefix = 'r_', sample_files = 5)",
      StatementKind::kCreateCrawler);
  EXPECT_EQ(create->name, "nightly");
  EXPECT_TRUE(create->if_not_exists);
  ASSERT_EQ(create->copy_options.size(), 5u);
  EXPECT_EQ(create->copy_options[0].name, "path");
  EXPECT_EQ(create->copy_options[0].values[0], Value::Varchar("s3://b/raw/"));
  EXPECT_EQ(create->copy_options[1].name, "database");
  EXPECT_TRUE(create->copy_options[2].is_list);
  ASSERT_EQ(create->copy_options[2].values.size(), 2u);
  EXPECT_EQ(create->copy_options[2].values[1], Value::Varchar("**.crc"));
  EXPECT_EQ(create->copy_options[4].values[0], Value::Bigint(5));

  EXPECT_EQ(ParseDdl("RUN CRAWLER nightly", StatementKind::kRunCrawler)->name, "nightly");
  EXPECT_EQ(ParseDdl("START CRAWLER nightly", StatementKind::kRunCrawler)->name, "nightly");
  auto drop = ParseDdl("DROP CRAWLER IF EXISTS nightly", StatementKind::kDropCrawler);
  EXPECT_EQ(drop->name, "nightly");
  EXPECT_TRUE(drop->if_exists);
  EXPECT_FALSE(ParseDdl("DROP CRAWLER nightly", StatementKind::kDropCrawler)->if_exists);
}

TEST(DdlParserTest, ScriptOfDdlStatements) {
  auto result = ParseSql(
      "CREATE DATABASE raw; USE raw;\n"
      "CREATE EXTERNAL TABLE t (a int) LOCATION '/x'; MSCK REPAIR TABLE t; SHOW PARTITIONS t;");
  ASSERT_TRUE(result.ok()) << result.status().message();
  const auto& statements = result.value();
  ASSERT_EQ(statements.size(), 5u);
  EXPECT_EQ(statements[0]->text, "CREATE DATABASE raw");
  EXPECT_EQ(statements[1]->text, "USE raw");
  EXPECT_EQ(statements[2]->text, "CREATE EXTERNAL TABLE t (a int) LOCATION '/x'");
  EXPECT_EQ(statements[3]->kind, StatementKind::kMsckRepair);
  EXPECT_EQ(statements[4]->kind, StatementKind::kShow);
}

// ---- The new words stay usable as names ---------------------------------------------------

TEST(DdlParserTest, NewKeywordsRemainIdentifiers) {
  auto query = ParseOne(
      "SELECT location, partitions, crawler, partition_0, msck, repair, serde, external, "
      "tblproperties, stored, formatted FROM crawler.location AS partitions "
      "WHERE location = 'x' ORDER BY partitions");
  EXPECT_EQ(query->kind, StatementKind::kSelect);
  ASSERT_TRUE(query->query);
  EXPECT_EQ(query->query->select_list.size(), 11u);
  EXPECT_EQ(query->query->from->schema, "crawler");
  EXPECT_EQ(query->query->from->name, "location");

  auto table = ParseOne("CREATE TABLE crawler (location VARCHAR, partitions INT, comment TEXT)");
  EXPECT_EQ(table->kind, StatementKind::kCreateTable);
  EXPECT_EQ(table->name, "crawler");
  ASSERT_EQ(table->columns.size(), 3u);
  EXPECT_EQ(table->columns[0].name, "location");

  auto insert = ParseOne("INSERT INTO crawler (location, partitions) VALUES ('a', 1)");
  EXPECT_EQ(insert->kind, StatementKind::kInsert);
  EXPECT_EQ(ParseOne("DROP TABLE crawler")->kind, StatementKind::kDrop);
  EXPECT_EQ(ParseOne("SELECT `location` FROM `crawler`")->query->select_list[0]->column_path,
            (std::vector<std::string>{"location"}));
}

TEST(DdlParserTest, HiveDefaultDatabaseQualifiesNames) {
  auto query = ParseOne("SELECT d.a FROM default.requests AS d JOIN `default`.other o ON true");
  ASSERT_TRUE(query->query);
  EXPECT_EQ(query->query->from->left->schema, "default");
  EXPECT_EQ(query->query->from->left->name, "requests");
  auto describe = ParseOne("DESCRIBE FORMATTED default.requests");
  ASSERT_TRUE(describe->ddl);
  EXPECT_EQ(describe->schema, "default");
  auto insert = ParseOne("INSERT INTO default.requests VALUES (1)");
  EXPECT_EQ(insert->schema, "default");
  auto msck = ParseDdl("MSCK REPAIR TABLE default.requests", StatementKind::kMsckRepair);
  EXPECT_EQ(msck->schema, "default");
  // A reserved word alone is still no table name.
  EXPECT_NE(ErrorOf("SELECT * FROM default").find("\"default\""), std::string::npos);
}

// ---- Errors -------------------------------------------------------------------------------

TEST(DdlParserTest, ErrorsPointAtTheOffendingToken) {
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) STORED BY x"),
            "syntax error at or near \"BY\"\n"
            "LINE 1: CREATE EXTERNAL TABLE t (a int) STORED BY x\n"
            "                                               ^");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD PARTITION (dt = ) LOCATION 'x'"),
            "syntax error at or near \")\"\n"
            "LINE 1: ALTER TABLE t ADD PARTITION (dt = ) LOCATION 'x'\n"
            "                                          ^");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int)\nROW FORMAT DELIMITED FIELDS TERMINATED ','"),
            "syntax error at or near \"','\"\n"
            "LINE 2: ROW FORMAT DELIMITED FIELDS TERMINATED ','\n"
            "                                               ^");
  // Each clause at most once; a Hive table needs columns or AS SELECT; untyped partition
  // columns only in a CTAS; MSCK needs REPAIR TABLE; unknown ALTER actions.
  EXPECT_NE(ErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 'x' LOCATION 'y'")
                .find("at or near \"LOCATION\"\nLINE 1: CREATE EXTERNAL TABLE t (a int) "
                      "LOCATION 'x' LOCATION"),
            std::string::npos);
  EXPECT_NE(ErrorOf("CREATE EXTERNAL TABLE t LOCATION 'x'").find("end of input"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (dt) LOCATION 'x'").find("\")\""),
      std::string::npos);
  EXPECT_NE(ErrorOf("MSCK TABLE t").find("\"TABLE\""), std::string::npos);
  EXPECT_NE(ErrorOf("ALTER TABLE t RENAME TO u").find("\"RENAME\""), std::string::npos);
  EXPECT_NE(ErrorOf("SHOW TABLES IN").find("end of input"), std::string::npos);
  EXPECT_NE(ErrorOf("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('k' 'v')").find("\"'v'\""),
            std::string::npos);
  // Statements that are still unsupported keep their message.
  EXPECT_NE(ErrorOf("ALTER VIEW v AS SELECT 1").find("ALTER statements are not supported"),
            std::string::npos);
  EXPECT_NE(ErrorOf("START TRANSACTION").find("START statements are not supported"),
            std::string::npos);
}

}  // namespace
}  // namespace tarn
