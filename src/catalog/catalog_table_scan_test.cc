#include "catalog/catalog_table_scan.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "main/connection.h"
#include "main/database.h"

namespace tarn {
namespace {

namespace fs = std::filesystem;

class CatalogTableScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn_catalog_scan_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& relative) const { return dir_ + "/" + relative; }

  void Write(const std::string& relative, const std::string& text) const {
    fs::create_directories(fs::path(Path(relative)).parent_path());
    std::ofstream out(Path(relative), std::ios::binary);
    out << text;
  }

  void WriteGzip(const std::string& relative, const std::string& text) const {
    fs::create_directories(fs::path(Path(relative)).parent_path());
    gzFile file = gzopen(Path(relative).c_str(), "wb");
    ASSERT_NE(file, nullptr);
    gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
    gzclose(file);
  }

  // Writes the rows of `select` to the Parquet file `relative` (options after FORMAT).
  void CopyParquet(const std::string& select, const std::string& relative,
                   const std::string& options = "") {
    fs::create_directories(fs::path(Path(relative)).parent_path());
    Run("COPY (" + select + ") TO '" + Path(relative) + "' (FORMAT parquet" + options + ")");
  }

  void Run(const std::string& sql) {
    auto result = connection_.Query(sql);
    ASSERT_FALSE(result->HasError()) << sql << ": " << result->error_message();
  }

  // A folder holding a file that fails if anything opens it as data.
  void WriteCorrupt(const std::string& folder) const {
    Write(folder + "/part-0.parquet", "this is not a parquet file at all");
    Write(folder + "/part-0.csv", "\x01\x02\x03\xff\xfe binary garbage\n");
  }

  Database database_;
  Connection connection_{database_};
  std::string dir_;
};

using Rows = std::vector<std::vector<Value>>;

// Scans the whole binding on one thread, returning the rows as text.
std::vector<std::string> ScanAll(const TableScanBinding& binding, std::vector<idx_t> projection,
                                 const std::vector<TableFilter>& filters = {},
                                 std::vector<std::string>* report = nullptr) {
  auto global = binding.InitGlobalFiltered(projection, filters);
  auto local = binding.InitLocal(*global);
  std::vector<std::string> rows;
  DataChunk chunk;
  while (true) {
    binding.Scan(*global, *local, chunk);
    if (chunk.size() == 0) break;
    for (idx_t row = 0; row < chunk.size(); row++) {
      std::string text;
      for (idx_t column = 0; column < chunk.ColumnCount(); column++) {
        text += (column ? "|" : "") + chunk.GetValue(column, row).ToString();
      }
      rows.push_back(text);
    }
  }
  if (report) *report = binding.ScanReport(*global);
  return rows;
}

std::vector<idx_t> AllColumns(const TableScanBinding& binding) {
  std::vector<idx_t> columns;
  for (idx_t c = 0; c < binding.names().size(); c++) columns.push_back(c);
  return columns;
}

// The error message a full scan throws, or "" when it succeeds.
std::string ScanError(const TableScanBinding& binding,
                      const std::vector<TableFilter>& filters = {}) {
  try {
    ScanAll(binding, AllColumns(binding), filters);
  } catch (const TarnException& error) {
    return error.what();
  }
  return "";
}

CatalogPartition Partition(std::vector<std::optional<std::string>> values, std::string location) {
  CatalogPartition partition;
  partition.values = std::move(values);
  partition.location = std::move(location);
  return partition;
}

TableFilter Equal(idx_t column, Value value) {
  TableFilter filter;
  filter.column = column;
  filter.values = {std::move(value)};
  return filter;
}

TEST_F(CatalogTableScanTest, ParquetPruningOpensOnlySelectedPartitionFolders) {
  // Files store INTEGER "ID" and "Name" and a column the catalog does not list; the catalog
  // says id BIGINT (a crawler widened it) and has a column `score` the files lack.
  for (int year : {2001, 2002}) {
    CopyParquet(
        "SELECT CAST(i AS INTEGER) AS \"ID\", 'n' || CAST(i AS VARCHAR) AS \"Name\", "
        "i * 10 AS unlisted FROM range(" +
            std::to_string(year - 2000) + ", " + std::to_string(year - 2000 + 2) + ") t(i)",
        "events/year=" + std::to_string(year) + "/part-0.parquet");
  }
  // Files that readers must skip, and a partition whose data would fail to read.
  Write("events/year=2002/_SUCCESS", "");
  Write("events/year=2002/.part-0.parquet.crc", "crc garbage");
  Write("events/year=2002/_temporary/0/part-9.parquet", "garbage");
  WriteCorrupt("events/year=2003");

  CatalogTable table;
  table.database = "raw";
  table.name = "events";
  table.format = "parquet";
  table.location = Path("events");
  table.columns = {
      {"id", TypeId::kBigint, ""}, {"name", TypeId::kVarchar, ""}, {"score", TypeId::kDouble, ""}};
  table.partition_keys = {{"year", TypeId::kInteger, ""}};
  std::vector<CatalogPartition> partitions = {Partition({"2001"}, Path("events/year=2001")),
                                              Partition({"2002"}, Path("events/year=2002")),
                                              Partition({"2003"}, Path("events/year=2003"))};
  auto bound = BindCatalogTableScan(table, partitions);
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  const TableScanBinding& scan = *bound.value();
  EXPECT_EQ(scan.names(), (std::vector<std::string>{"id", "name", "score", "year"}));
  EXPECT_EQ(scan.types()[0], LogicalType(TypeId::kBigint));
  EXPECT_EQ(scan.ToString(), "catalog_scan(raw.events: parquet, 3 partitions)");

  std::vector<TableFilter> filters = {Equal(3, Value::Integer(2002))};
  EXPECT_EQ(scan.ExplainFilters(filters),
            (std::vector<std::string>{"partitions: 1 of 3 (catalog)"}));
  std::vector<std::string> report;
  auto rows = ScanAll(scan, AllColumns(scan), filters, &report);
  EXPECT_EQ(rows, (std::vector<std::string>{"2|n2|NULL|2002", "3|n3|NULL|2002"}));
  EXPECT_EQ(report,
            (std::vector<std::string>{"partitions read: 1 of 3 (catalog)", "files read: 1"}));

  // Projection of the partition key alone still counts the rows.
  rows = ScanAll(scan, {3}, {Equal(3, Value::Integer(2001))});
  EXPECT_EQ(rows, (std::vector<std::string>{"2001", "2001"}));

  // IN and ranges prune too; an unfiltered scan reaches the corrupt partition and says where.
  TableFilter range;
  range.column = 3;
  range.op = CompareOperator::kLess;
  range.values = {Value::Integer(2003)};
  rows = ScanAll(scan, {0, 3}, {range});
  EXPECT_EQ(rows.size(), 4u);
  std::string error = ScanError(scan);
  EXPECT_NE(error.find("catalog table raw.events"), std::string::npos) << error;
  EXPECT_NE(error.find("year=2003"), std::string::npos) << error;
}

TEST_F(CatalogTableScanTest, MissingPartitionsAreSkippedAndNullKeysMatchIsNull) {
  CopyParquet("SELECT 1 AS a", "t/k=1/f.parquet");
  CopyParquet("SELECT 2 AS a", "t/k=__HIVE_DEFAULT_PARTITION__/f.parquet");
  WriteCorrupt("t/k=3");
  CatalogTable table;
  table.database = "db";
  table.name = "t";
  table.location = Path("t");
  table.columns = {{"a", TypeId::kInteger, ""}};
  table.partition_keys = {{"k", TypeId::kBigint, ""}};
  CatalogPartition missing = Partition({"3"}, Path("t/k=3"));
  missing.missing = true;
  auto bound = BindCatalogTableScan(
      table, {Partition({"1"}, Path("t/k=1")),
              Partition({std::nullopt}, Path("t/k=__HIVE_DEFAULT_PARTITION__")), missing});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  const TableScanBinding& scan = *bound.value();
  auto rows = ScanAll(scan, AllColumns(scan));
  EXPECT_EQ(rows, (std::vector<std::string>{"1|1", "2|NULL"}));
  EXPECT_EQ(scan.ExplainFilters({}),
            (std::vector<std::string>{"partitions: 2 of 3 (catalog; 1 missing skipped)"}));
  TableFilter is_null;
  is_null.column = 1;
  is_null.kind = TableFilterKind::kIsNull;
  rows = ScanAll(scan, AllColumns(scan), {is_null});
  EXPECT_EQ(rows, (std::vector<std::string>{"2|NULL"}));
}

TEST_F(CatalogTableScanTest, ParquetCastFailureNamesFileColumnAndValue) {
  CopyParquet("SELECT '12' AS n UNION ALL SELECT 'abc'", "c/f.parquet");
  CatalogTable table;
  table.database = "db";
  table.name = "casts";
  table.location = Path("c");
  table.columns = {{"n", TypeId::kInteger, ""}};
  auto bound = BindCatalogTableScan(table, {});
  ASSERT_TRUE(bound.ok());
  std::string error = ScanError(*bound.value());
  EXPECT_NE(error.find("catalog table db.casts"), std::string::npos) << error;
  EXPECT_NE(error.find(Path("c/f.parquet")), std::string::npos) << error;
  EXPECT_NE(error.find("'abc'"), std::string::npos) << error;
  EXPECT_NE(error.find("\"n\""), std::string::npos) << error;
}

TEST_F(CatalogTableScanTest, CsvUsesSerdePropertiesHeaderSkipAndNullPadding) {
  // OpenCSV style: '|' separator, quoted fields, two header lines; the older file lacks the
  // column added later, and one file is gzip-compressed.
  Write("csv/a.csv", "id|name|score\nignored|header|line\n1|\"x|y\"|1.5\n2|plain|\n");
  Write("csv/b.csv", "id|name\nignored|header\n3|old\n");
  WriteGzip("csv/sub/c.csv.gz", "id|name|score\nh|h|h\n4|zipped|4.25\n");
  Write("csv/_SUCCESS", "");
  CatalogTable table;
  table.database = "db";
  table.name = "people";
  table.format = "csv";
  table.location = Path("csv");
  table.columns = {
      {"id", TypeId::kInteger, ""}, {"name", TypeId::kVarchar, ""}, {"score", TypeId::kDouble, ""}};
  table.serde_properties = {{"separatorChar", "|"}, {"quoteChar", "\""}};
  table.table_properties = {{"skip.header.line.count", "2"}};
  auto bound = BindCatalogTableScan(table, {});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  auto rows = ScanAll(*bound.value(), AllColumns(*bound.value()));
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows,
            (std::vector<std::string>{"1|x|y|1.5", "2|plain|NULL", "3|old|NULL", "4|zipped|4.25"}));
}

TEST_F(CatalogTableScanTest, DelimitedCsvHasNoQuotingAndBackslashNNulls) {
  Write("d/p=x/f.tsv", "1\t\"quoted\"\t\\N\n2\tb\tc\n");
  CatalogTable table;
  table.database = "db";
  table.name = "delimited";
  table.format = "csv";
  table.location = Path("d");
  table.columns = {
      {"id", TypeId::kBigint, ""}, {"b", TypeId::kVarchar, ""}, {"c", TypeId::kVarchar, ""}};
  table.partition_keys = {{"p", TypeId::kVarchar, ""}};
  table.serde_properties = {{"serialization.lib", "delimited"}, {"field.delim", "\t"}};
  auto bound = BindCatalogTableScan(table, {Partition({"x"}, Path("d/p=x"))});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  auto rows = ScanAll(*bound.value(), AllColumns(*bound.value()));
  EXPECT_EQ(rows, (std::vector<std::string>{"1|\"quoted\"|NULL|x", "2|b|c|x"}));
}

TEST_F(CatalogTableScanTest, JsonMatchesNamesIgnoringCase) {
  Write("j/day=2024-01-02/a.json",
        "{\"ID\": 1, \"Label\": \"one\", \"other\": true}\n{\"id\": 2}\n");
  CatalogTable table;
  table.database = "db";
  table.name = "docs";
  table.format = "json";
  table.location = Path("j");
  table.columns = {{"id", TypeId::kBigint, ""}, {"label", TypeId::kVarchar, ""}};
  table.partition_keys = {{"day", TypeId::kDate, ""}};
  auto bound = BindCatalogTableScan(table, {Partition({"2024-01-02"}, Path("j/day=2024-01-02"))});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  auto rows = ScanAll(*bound.value(), AllColumns(*bound.value()));
  EXPECT_EQ(rows, (std::vector<std::string>{"1|one|2024-01-02", "2|NULL|2024-01-02"}));
  // A date filter on the key prunes the partition.
  TableFilter later;
  later.column = 2;
  later.op = CompareOperator::kGreater;
  later.values = {Value::Date(19724)};  // 2024-01-02
  EXPECT_TRUE(ScanAll(*bound.value(), {0}, {later}).empty());
}

TEST_F(CatalogTableScanTest, RegexAndApacheLogTables) {
  Write("r/x.txt", "a=1 b=two\nnot matching\na=3 b=four\n");
  CatalogTable regex;
  regex.database = "db";
  regex.name = "kv";
  regex.format = "regex";
  regex.location = Path("r");
  regex.columns = {{"a", TypeId::kInteger, ""}, {"b", TypeId::kVarchar, ""}};
  regex.serde_properties = {{"input.regex", "a=(\\d+) b=(\\w+)"}};
  auto bound = BindCatalogTableScan(regex, {});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  EXPECT_EQ(ScanAll(*bound.value(), {0, 1}),
            (std::vector<std::string>{"1|two", "NULL|NULL", "3|four"}));

  WriteGzip("logs/access.log.gz",
            "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 "
            "\"http://x/\" \"Mozilla/5.0\"\n");
  CatalogTable logs;
  logs.database = "db";
  logs.name = "access";
  logs.format = "apache_log";
  logs.location = Path("logs");
  logs.columns = {{"client_ip", TypeId::kVarchar, ""},
                  {"time", TypeId::kTimestamp, ""},
                  {"status", TypeId::kBigint, ""},
                  {"nonexistent", TypeId::kVarchar, ""}};
  bound = BindCatalogTableScan(logs, {});
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  EXPECT_EQ(ScanAll(*bound.value(), AllColumns(*bound.value())),
            (std::vector<std::string>{"10.0.0.1|2000-10-10 20:55:36|200|NULL"}));
}

TEST_F(CatalogTableScanTest, BadPartitionValueFailsOnlyWhenRead) {
  CopyParquet("SELECT 1 AS a", "b/k=1/f.parquet");
  CopyParquet("SELECT 2 AS a", "b/k=oops/f.parquet");
  CatalogTable table;
  table.database = "db";
  table.name = "bad";
  table.location = Path("b");
  table.columns = {{"a", TypeId::kInteger, ""}};
  table.partition_keys = {{"k", TypeId::kInteger, ""}};
  auto bound = BindCatalogTableScan(
      table, {Partition({"1"}, Path("b/k=1")), Partition({"oops"}, Path("b/k=oops"))});
  ASSERT_TRUE(bound.ok());
  // A filter cannot judge 'oops', so the partition is read and its value reported.
  std::string error = ScanError(*bound.value(), {Equal(1, Value::Integer(1))});
  EXPECT_NE(error.find("'oops'"), std::string::npos) << error;
  EXPECT_NE(error.find("k=oops"), std::string::npos) << error;
}

TEST_F(CatalogTableScanTest, ThreadsSharePartitionsAndBatchIndexGrows) {
  for (int p = 0; p < 3; p++) {
    CopyParquet("SELECT i AS v FROM range(" + std::to_string(p * 10000) + ", " +
                    std::to_string(p * 10000 + 10000) + ") t(i)",
                "m/p=" + std::to_string(p) + "/f.parquet", ", ROW_GROUP_SIZE 1000");
  }
  CatalogTable table;
  table.database = "db";
  table.name = "many";
  table.location = Path("m");
  table.columns = {{"v", TypeId::kBigint, ""}};
  table.partition_keys = {{"p", TypeId::kInteger, ""}};
  std::vector<CatalogPartition> partitions;
  for (int p = 0; p < 3; p++) {
    partitions.push_back(Partition({std::to_string(p)}, Path("m/p=" + std::to_string(p))));
  }
  auto bound = BindCatalogTableScan(table, partitions);
  ASSERT_TRUE(bound.ok());
  const TableScanBinding& scan = *bound.value();
  auto global = scan.InitGlobalFiltered({0, 1}, {});
  std::mutex mutex;
  // (batch index, first value, partition) per chunk.
  std::vector<std::tuple<idx_t, int64_t, int32_t>> chunks;
  int64_t total = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([&] {
      auto local = scan.InitLocal(*global);
      DataChunk chunk;
      while (true) {
        scan.Scan(*global, *local, chunk);
        if (chunk.size() == 0) break;
        std::lock_guard<std::mutex> lock(mutex);
        for (idx_t row = 0; row < chunk.size(); row++) {
          total += chunk.GetValue(0, row).GetBigint();
          EXPECT_EQ(chunk.GetValue(0, row).GetBigint() / 10000,
                    chunk.GetValue(1, row).GetInteger());
        }
        chunks.emplace_back(scan.BatchIndex(*local), chunk.GetValue(0, 0).GetBigint(),
                            chunk.GetValue(1, 0).GetInteger());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(total, int64_t(29999) * 30000 / 2);
  EXPECT_DOUBLE_EQ(scan.Progress(*global), 1.0);
  // Sorting by batch index restores the input order.
  std::sort(chunks.begin(), chunks.end());
  for (size_t i = 1; i < chunks.size(); i++) {
    EXPECT_LT(std::get<1>(chunks[i - 1]), std::get<1>(chunks[i]));
  }
}

TEST_F(CatalogTableScanTest, BindChecksTheCatalogOnly) {
  CatalogTable table;
  table.database = "db";
  table.name = "nowhere";
  table.format = "orc";
  table.location = Path("does/not/exist");
  table.columns = {{"a", TypeId::kInteger, ""}};
  EXPECT_FALSE(BindCatalogTableScan(table, {}).ok());
  table.format = "parquet";
  table.row_count = 42;
  auto bound = BindCatalogTableScan(table, {});
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(bound.value()->EstimatedRows(), 42);
  // A location that does not exist reads as empty.
  EXPECT_TRUE(ScanAll(*bound.value(), {0}).empty());
  table.format = "regex";
  EXPECT_FALSE(BindCatalogTableScan(table, {}).ok());  // No input.regex.
  table.format = "csv";
  table.serde_properties = {{"separatorChar", "ab"}};
  EXPECT_FALSE(BindCatalogTableScan(table, {}).ok());
}

}  // namespace
}  // namespace tarn
