#include "catalog/crawler/crawler.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "catalog/crawler/file_classifier.h"
#include "main/connection.h"
#include "main/database.h"
#include "main/query_result.h"

namespace tarn {
namespace {

// Fixture trees are generated per test in a fresh temporary folder.
class CrawlTree {
 public:
  CrawlTree() {
    char pattern[] = "/tmp/tarn_crawl_test_XXXXXX";
    root_ = mkdtemp(pattern);
  }
  ~CrawlTree() { std::filesystem::remove_all(root_); }

  std::string Path(const std::string& relative) const { return root_ + "/" + relative; }

  void Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path path = Path(relative);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
  }

  void WriteGzip(const std::string& relative, const std::string& content) const {
    std::filesystem::path path = Path(relative);
    std::filesystem::create_directories(path.parent_path());
    gzFile file = gzopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(file);
  }

  void WriteZstd(const std::string& relative, const std::string& content) const {
    std::string plain = Path(relative + ".plain_tmp");
    Write(relative + ".plain_tmp", content);
    std::string command = "zstd -q -f --rm '" + plain + "' -o '" + Path(relative) + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  // Writes a Parquet file with tarn: COPY (select) TO path.
  void WriteParquet(const std::string& relative, const std::string& select) const {
    std::filesystem::path path = Path(relative);
    std::filesystem::create_directories(path.parent_path());
    Database database;
    Connection connection(database);
    auto result =
        connection.Query("COPY (" + select + ") TO '" + path.string() + "' (FORMAT parquet)");
    ASSERT_FALSE(result->HasError()) << result->error_message();
  }

  void Remove(const std::string& relative) const { std::filesystem::remove_all(Path(relative)); }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

std::unique_ptr<CatalogStore> OpenStore() {
  auto driver = OpenSqliteDriver(":memory:");
  EXPECT_TRUE(driver.ok()) << driver.status().message();
  auto store = CatalogStore::Open(std::move(driver).value());
  EXPECT_TRUE(store.ok()) << store.status().message();
  return std::move(store).value();
}

CrawlOptions Options(const std::string& path) {
  CrawlOptions options;
  options.path = path;
  options.database = "raw";
  options.crawler_name = "test_crawler";
  options.threads = 2;
  return options;
}

CrawlReport RunCrawl(CatalogStore& store, const CrawlOptions& options) {
  auto report = Crawl(store, options);
  EXPECT_TRUE(report.ok()) << report.status().message();
  if (!report.ok()) return CrawlReport();
  return std::move(report).value();
}

CatalogTable GetTable(CatalogStore& store, const std::string& name) {
  auto table = store.GetTable("raw", name);
  EXPECT_TRUE(table.ok()) << table.status().message();
  EXPECT_TRUE(table.ok() && table.value().has_value()) << "no table raw." << name;
  if (!table.ok() || !table.value()) return CatalogTable();
  return *table.value();
}

std::vector<std::string> ColumnTexts(const std::vector<CatalogColumn>& columns) {
  std::vector<std::string> texts;
  for (const CatalogColumn& column : columns)
    texts.push_back(column.name + " " + column.type.ToString());
  return texts;
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------
// Classifiers

TEST(FileClassifierTest, ParquetFromTheFooter) {
  CrawlTree tree;
  tree.WriteParquet("data.bin",
                    "SELECT range AS id, CAST(range AS INTEGER) AS small, 'x' || range AS label "
                    "FROM range(1234)");
  auto schema = ClassifyFile(tree.Path("data.bin"));
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->format, "parquet");
  EXPECT_EQ(ColumnTexts(schema->columns), (Strings{"id BIGINT", "small INTEGER", "label VARCHAR"}));
  EXPECT_EQ(schema->row_count, 1234);
}

TEST(FileClassifierTest, JsonByContentWhateverTheExtension) {
  CrawlTree tree;
  tree.Write("events.log",
             "{\"a\": 1, \"b\": \"x\", \"c\": 1.5}\n{\"a\": 2, \"b\": \"y\", \"c\": null}\n");
  tree.Write("array.txt", "[{\"a\": 1}, {\"a\": 2}]");
  auto ndjson = ClassifyFile(tree.Path("events.log"));
  ASSERT_TRUE(ndjson.ok()) << ndjson.status().message();
  EXPECT_EQ(ndjson->format, "json");
  EXPECT_EQ(ColumnTexts(ndjson->columns), (Strings{"a BIGINT", "b VARCHAR", "c DOUBLE"}));
  auto array = ClassifyFile(tree.Path("array.txt"));
  ASSERT_TRUE(array.ok()) << array.status().message();
  EXPECT_EQ(array->format, "json");
  EXPECT_EQ(ColumnTexts(array->columns), (Strings{"a BIGINT"}));
}

TEST(FileClassifierTest, CsvByContentWithDialect) {
  CrawlTree tree;
  tree.Write("people.txt", "id|name|born\n1|ann|2001-02-03\n2|bob|1999-12-31\n");
  auto schema = ClassifyFile(tree.Path("people.txt"));
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->format, "csv");
  EXPECT_EQ(schema->dialect.delimiter, '|');
  EXPECT_TRUE(schema->header);
  EXPECT_EQ(ColumnTexts(schema->columns), (Strings{"id BIGINT", "name VARCHAR", "born DATE"}));
  EXPECT_EQ(schema->compression, Compression::kNone);
}

TEST(FileClassifierTest, CompressedFiles) {
  CrawlTree tree;
  tree.WriteGzip("a.csv.gz", "x,y\n1,2\n3,4\n");
  tree.WriteZstd("b.json.zst", "{\"k\": \"v\", \"n\": 7}\n");
  auto csv = ClassifyFile(tree.Path("a.csv.gz"));
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(csv->format, "csv");
  EXPECT_EQ(csv->compression, Compression::kGzip);
  EXPECT_EQ(ColumnTexts(csv->columns), (Strings{"x BIGINT", "y BIGINT"}));
  auto json = ClassifyFile(tree.Path("b.json.zst"));
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ(json->format, "json");
  EXPECT_EQ(json->compression, Compression::kZstd);
  EXPECT_EQ(ColumnTexts(json->columns), (Strings{"k VARCHAR", "n BIGINT"}));
}

TEST(FileClassifierTest, ApacheAccessLogBeforeCsv) {
  CrawlTree tree;
  std::string log;
  for (int i = 0; i < 5; i++) {
    log += "127.0.0." + std::to_string(i) +
           " - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 "
           "\"http://example.com/\" \"Mozilla/4.08\"\n";
  }
  tree.WriteGzip("access.csv.gz", log);
  auto schema = ClassifyFile(tree.Path("access.csv.gz"));
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->format, "apache_log");
  EXPECT_EQ(schema->compression, Compression::kGzip);
  ASSERT_EQ(schema->columns.size(), 11u);
  EXPECT_EQ(schema->columns[0].name, "client_ip");
  EXPECT_EQ(schema->columns[10].name, "user_agent");
}

TEST(FileClassifierTest, UnreadableFilesGiveTheReason) {
  CrawlTree tree;
  tree.Write("corrupt.parquet", std::string("PAR1") + std::string(100, 'z') + "PAR1");
  tree.Write("notes.txt", "just one line of prose\nand another one\n");
  tree.Write("binary.dat", std::string("\x01\x02\x00\x03", 4) + std::string(50, '\x7f'));
  tree.Write("empty.csv", "");
  std::string content;
  for (int i = 0; i < 2000; i++) content += std::to_string(i) + ",value" + std::to_string(i) + "\n";
  tree.WriteGzip("whole.csv.gz", content);
  std::ifstream in(tree.Path("whole.csv.gz"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  tree.Write("truncated.csv.gz", bytes.substr(0, bytes.size() / 2));

  auto corrupt = ClassifyFile(tree.Path("corrupt.parquet"));
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("corrupt Parquet"), std::string::npos)
      << corrupt.status().message();
  auto prose = ClassifyFile(tree.Path("notes.txt"));
  ASSERT_FALSE(prose.ok());
  EXPECT_NE(prose.status().message().find("no classifier"), std::string::npos);
  EXPECT_FALSE(ClassifyFile(tree.Path("binary.dat")).ok());
  auto empty = ClassifyFile(tree.Path("empty.csv"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty file"), std::string::npos);
  auto truncated = ClassifyFile(tree.Path("truncated.csv.gz"));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated.csv.gz"), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Folder rules

TEST(CrawlerTest, HivePartitionsWithTypedKeys) {
  CrawlTree tree;
  tree.Write("events/year=2023/day=2023-01-05/region=eu/a.csv", "id,name\n1,a\n2,b\n");
  tree.Write("events/year=2023/day=2023-01-06/region=us/b.csv", "id,name\n3,c\n");
  tree.Write("events/year=2024/day=2024-02-01/region=us%2Fwest/c.csv", "id,name\n4,d\n");
  tree.Write("events/year=2024/day=2024-02-01/region=us%2Fwest/_SUCCESS", "");
  tree.Write("events/year=2024/day=2024-02-01/region=us%2Fwest/.c.csv.crc", "xx");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(report.tables_created, (Strings{"events"}));
  EXPECT_EQ(report.files_seen, 3);
  EXPECT_EQ(report.files_read, 3);
  EXPECT_EQ(report.partitions_added["events"], 3);
  CatalogTable table = GetTable(*store, "events");
  EXPECT_EQ(table.kind, CatalogTableKind::kExternal);
  EXPECT_EQ(table.format, "csv");
  EXPECT_EQ(table.location, tree.Path("events"));
  EXPECT_EQ(ColumnTexts(table.columns), (Strings{"id BIGINT", "name VARCHAR"}));
  EXPECT_EQ(ColumnTexts(table.partition_keys),
            (Strings{"year BIGINT", "day DATE", "region VARCHAR"}));
  EXPECT_EQ(table.serde_properties["separatorChar"], ",");
  EXPECT_EQ(table.serde_properties["quoteChar"], "\"");
  EXPECT_EQ(table.table_properties["classification"], "csv");
  EXPECT_EQ(table.table_properties["skip.header.line.count"], "1");
  EXPECT_EQ(table.table_properties["compressionType"], "none");
  EXPECT_EQ(table.table_properties["tarn.crawler"], "test_crawler");
  EXPECT_EQ(table.file_count, 3);
  EXPECT_EQ(table.row_count, -1);
  auto partitions = store->ListPartitions("raw", "events");
  ASSERT_TRUE(partitions.ok());
  ASSERT_EQ(partitions->size(), 3u);
  std::vector<std::string> texts;
  for (const CatalogPartition& partition : partitions.value()) {
    texts.push_back(*partition.values[0] + "|" + *partition.values[1] + "|" + *partition.values[2]);
    EXPECT_EQ(partition.file_count, 1);
    EXPECT_FALSE(partition.fingerprint.empty());
    EXPECT_FALSE(partition.missing);
  }
  EXPECT_EQ(Sorted(texts),
            (Strings{"2023|2023-01-05|eu", "2023|2023-01-06|us", "2024|2024-02-01|us/west"}));
  EXPECT_EQ(partitions.value()[0].location.rfind(tree.Path("events/year=20"), 0), 0u);
}

TEST(CrawlerTest, UnnamedPartitionLevelsAndRootFiles) {
  CrawlTree tree;
  tree.Write("logs/2023/01/a.json", "{\"id\": 1, \"msg\": \"x\"}\n");
  tree.Write("logs/2023/02/b.json", "{\"id\": 2, \"msg\": \"y\"}\n");
  tree.Write("logs/2024/01/c.json", "{\"id\": 3, \"msg\": \"z\"}\n");
  tree.Write("top.csv", "a,b\n1,2\n");
  auto store = OpenStore();
  CrawlOptions options = Options(tree.root());
  options.table_prefix = "raw_";
  CrawlReport report = RunCrawl(*store, options);
  std::string root_table = "raw_" + std::filesystem::path(tree.root()).filename().string();
  std::transform(root_table.begin(), root_table.end(), root_table.begin(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
  });
  EXPECT_EQ(Sorted(report.tables_created), Sorted({root_table, "raw_logs"}));
  CatalogTable logs = GetTable(*store, "raw_logs");
  EXPECT_EQ(logs.format, "json");
  EXPECT_EQ(ColumnTexts(logs.partition_keys),
            (Strings{"partition_0 VARCHAR", "partition_1 VARCHAR"}));
  EXPECT_EQ(ColumnTexts(logs.columns), (Strings{"id BIGINT", "msg VARCHAR"}));
  auto partitions = store->ListPartitions("raw", "raw_logs");
  ASSERT_TRUE(partitions.ok());
  EXPECT_EQ(partitions->size(), 3u);
  CatalogTable top = GetTable(*store, root_table);
  EXPECT_EQ(top.format, "csv");
  EXPECT_TRUE(top.partition_keys.empty());
  EXPECT_EQ(top.location, tree.root());
  EXPECT_FALSE(top.fingerprint.empty());
}

TEST(CrawlerTest, CompatiblePartitionsMergeWithWidening) {
  CrawlTree tree;
  tree.Write("sales/2023/a.json", "{\"id\": 1, \"amount\": 5}\n");
  tree.Write("sales/2024/b.json", "{\"id\": 2, \"amount\": 5.5, \"note\": \"late\"}\n");
  tree.WriteParquet("metrics/k=1/m.parquet", "SELECT CAST(range AS INTEGER) AS v FROM range(10)");
  tree.WriteParquet("metrics/k=2/m.parquet", "SELECT range AS v, 1.5::DOUBLE AS w FROM range(5)");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(report.tables_created), (Strings{"metrics", "sales"}));
  CatalogTable sales = GetTable(*store, "sales");
  EXPECT_EQ(ColumnTexts(sales.columns), (Strings{"id BIGINT", "amount DOUBLE", "note VARCHAR"}));
  EXPECT_EQ(ColumnTexts(sales.partition_keys), (Strings{"partition_0 VARCHAR"}));
  CatalogTable metrics = GetTable(*store, "metrics");
  EXPECT_EQ(ColumnTexts(metrics.columns), (Strings{"v BIGINT", "w DOUBLE"}));
  EXPECT_EQ(ColumnTexts(metrics.partition_keys), (Strings{"k BIGINT"}));
  EXPECT_EQ(metrics.row_count, 15);
  EXPECT_EQ(metrics.file_count, 2);
  EXPECT_EQ(metrics.table_properties["classification"], "parquet");
}

TEST(CrawlerTest, IncompatibleSiblingsBecomeSeparateTables) {
  CrawlTree tree;
  tree.Write("mixed/part=a/x.csv", "id,name\n1,ann\n");
  tree.Write("mixed/part=b/y.json", "{\"id\": 1, \"name\": \"bob\"}\n");
  tree.Write("mixed/part=c/z.csv", "code,label,size\nq,w,1\n");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(report.tables_created), (Strings{"part_a", "part_b", "part_c"}));
  CatalogTable a = GetTable(*store, "part_a");
  EXPECT_EQ(a.format, "csv");
  EXPECT_EQ(a.location, tree.Path("mixed/part=a"));
  EXPECT_TRUE(a.partition_keys.empty());
  EXPECT_EQ(GetTable(*store, "part_b").format, "json");
  EXPECT_EQ(ColumnTexts(GetTable(*store, "part_c").columns),
            (Strings{"code VARCHAR", "label VARCHAR", "size BIGINT"}));
  // Recrawling a split folder finds the same tables and changes nothing.
  CrawlReport again = RunCrawl(*store, Options(tree.root()));
  EXPECT_TRUE(again.tables_created.empty());
  EXPECT_TRUE(again.tables_updated.empty());
  EXPECT_EQ(Sorted(again.tables_unchanged), (Strings{"part_a", "part_b", "part_c"}));
  EXPECT_TRUE(again.schema_changes.empty());
}

TEST(CrawlerTest, UnreadableFolderKeepsItsPartition) {
  CrawlTree tree;
  tree.Write("t/p=1/a.csv", "x,y\n1,2\n");
  tree.Write("t/p=2/a.csv", "x,y\n3,4\n");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  tree.Write("t/p=2/a.csv", "");
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(report.unreadable_files.size(), 1u);
  EXPECT_TRUE(report.partitions_missing.empty());
  auto partitions = store->ListPartitions("raw", "t");
  ASSERT_TRUE(partitions.ok());
  ASSERT_EQ(partitions->size(), 2u);
  // Its fingerprint is not refreshed, so the next crawl looks at the folder again.
  CrawlReport third = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(third.files_read, 1);
  EXPECT_EQ(third.unreadable_files.size(), 1u);
}

TEST(CrawlerTest, InconsistentDepthsSplitAtTheNearestConsistentLevel) {
  CrawlTree tree;
  tree.Write("data/top.csv", "a,b\n1,2\n");
  tree.Write("data/nested/year=2023/x.csv", "a,b\n3,4\n");
  tree.Write("data/other/month=1/y.csv", "a,b\n5,6\n");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(report.tables_created), (Strings{"data", "nested", "other"}));
  EXPECT_TRUE(GetTable(*store, "data").partition_keys.empty());
  EXPECT_EQ(ColumnTexts(GetTable(*store, "nested").partition_keys), (Strings{"year BIGINT"}));
  EXPECT_EQ(ColumnTexts(GetTable(*store, "other").partition_keys), (Strings{"month BIGINT"}));
}

TEST(CrawlerTest, ExclusionsSkipFilesAndFolders) {
  CrawlTree tree;
  tree.Write("t/a.csv", "x,y\n1,2\n");
  tree.Write("t/b.bak", "garbage that would be unreadable");
  tree.Write("t/tmp/c.csv", "x,y\n1,2\n");
  tree.Write("scratch/d.csv", "x,y\n1,2\n");
  auto store = OpenStore();
  CrawlOptions options = Options(tree.root());
  options.exclusions = {"**/tmp/**", "**/*.bak", "{scratch,junk}"};
  CrawlReport report = RunCrawl(*store, options);
  EXPECT_EQ(report.tables_created, (Strings{"t"}));
  EXPECT_EQ(report.files_seen, 1);
  EXPECT_EQ(report.files_excluded, 3);
  EXPECT_TRUE(report.unreadable_files.empty());
  EXPECT_TRUE(GetTable(*store, "t").partition_keys.empty());
  CrawlOptions bad = options;
  bad.exclusions = {"{unclosed"};
  EXPECT_FALSE(Crawl(*store, bad).ok());
}

TEST(CrawlerTest, CorruptFileIsReportedAndTheCrawlGoesOn) {
  CrawlTree tree;
  tree.WriteParquet("p/k=1/good.parquet", "SELECT range AS v FROM range(3)");
  tree.Write("p/k=2/bad.parquet", "PAR1 this is not a parquet file PAR1");
  tree.WriteParquet("p/k=2/good.parquet", "SELECT range AS v FROM range(4)");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(report.tables_created, (Strings{"p"}));
  ASSERT_EQ(report.unreadable_files.size(), 1u);
  EXPECT_EQ(report.unreadable_files[0].path, tree.Path("p/k=2/bad.parquet"));
  EXPECT_NE(report.ToString().find("Unreadable file " + tree.Path("p/k=2/bad.parquet")),
            std::string::npos);
  bool row_found = false;
  for (const CrawlReportRow& row : report.Rows()) {
    if (row.kind == "unreadable_file") row_found = true;
  }
  EXPECT_TRUE(row_found);
  auto partitions = store->ListPartitions("raw", "p");
  ASSERT_TRUE(partitions.ok());
  EXPECT_EQ(partitions->size(), 2u);
}

// ---------------------------------------------------------------------------------------
// Recrawls

TEST(CrawlerTest, RecrawlAddsPartitionsAndMarksVanishedOnesMissing) {
  CrawlTree tree;
  tree.Write("ev/dt=2024-01-01/a.csv", "id,v\n1,2\n");
  tree.Write("ev/dt=2024-01-01/b.csv", "id,v\n3,4\n");
  tree.Write("ev/dt=2024-01-02/a.csv", "id,v\n5,6\n");
  auto store = OpenStore();
  CrawlReport first = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(first.partitions_added["ev"], 2);
  tree.Remove("ev/dt=2024-01-02");
  tree.Write("ev/dt=2024-01-03/a.csv", "id,v\n7,8\n");
  CrawlReport second = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(second.tables_updated, (Strings{"ev"}));
  EXPECT_EQ(second.partitions_added["ev"], 1);
  EXPECT_EQ(second.partitions_missing["ev"], 1);
  EXPECT_EQ(second.files_read, 1);
  EXPECT_EQ(second.files_unchanged, 2);
  auto partitions = store->ListPartitions("raw", "ev");
  ASSERT_TRUE(partitions.ok());
  ASSERT_EQ(partitions->size(), 3u);
  std::vector<std::string> states;
  for (const CatalogPartition& partition : partitions.value()) {
    states.push_back(*partition.values[0] + (partition.missing ? " missing" : " present"));
  }
  EXPECT_EQ(Sorted(states),
            (Strings{"2024-01-01 present", "2024-01-02 missing", "2024-01-03 present"}));
  CatalogTable table = GetTable(*store, "ev");
  EXPECT_EQ(table.version, 1);
  EXPECT_EQ(table.file_count, 3);
}

TEST(CrawlerTest, NoChangeRecrawlReadsNothing) {
  CrawlTree tree;
  for (int p = 0; p < 5; p++) {
    for (int f = 0; f < 3; f++) {
      tree.Write("t/p=" + std::to_string(p) + "/f" + std::to_string(f) + ".json",
                 "{\"a\": " + std::to_string(f) + "}\n");
    }
  }
  tree.Write("flat/x.csv", "a,b\n1,2\n");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  CrawlReport again = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(again.files_seen, 16);
  EXPECT_EQ(again.files_read, 0);
  EXPECT_EQ(again.files_unchanged, 16);
  EXPECT_EQ(Sorted(again.tables_unchanged), (Strings{"flat", "t"}));
  EXPECT_TRUE(again.tables_updated.empty());
  EXPECT_TRUE(again.partitions_added.empty());
  EXPECT_TRUE(again.schema_changes.empty());
}

TEST(CrawlerTest, SchemaChangeUnderUpdateRecordsVersionTwo) {
  CrawlTree tree;
  tree.WriteParquet("m/k=1/a.parquet", "SELECT CAST(range AS INTEGER) AS y FROM range(3)");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  tree.WriteParquet("m/k=2/a.parquet", "SELECT range AS y, 'n' AS x FROM range(2)");
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(report.schema_changes.size(), 1u);
  EXPECT_TRUE(report.schema_changes[0].applied);
  EXPECT_EQ(report.schema_changes[0].description,
            "added column x VARCHAR; widened y INTEGER -> BIGINT");
  CatalogTable table = GetTable(*store, "m");
  EXPECT_EQ(table.version, 2);
  EXPECT_EQ(ColumnTexts(table.columns), (Strings{"y BIGINT", "x VARCHAR"}));
  EXPECT_EQ(table.row_count, 5);
  auto versions = store->ListTableVersions("raw", "m");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(ColumnTexts(versions.value()[0].columns), (Strings{"y INTEGER"}));
  EXPECT_EQ(versions.value()[1].reason,
            "crawler test_crawler: added column x VARCHAR; widened y INTEGER -> BIGINT");
}

TEST(CrawlerTest, SchemaChangeUnderLogLeavesTheTable) {
  CrawlTree tree;
  tree.WriteParquet("m/k=1/a.parquet", "SELECT CAST(range AS INTEGER) AS y FROM range(3)");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  tree.WriteParquet("m/k=2/a.parquet", "SELECT range AS y, 'n' AS x FROM range(2)");
  CrawlOptions options = Options(tree.root());
  options.schema_change = SchemaChangePolicy::kLog;
  CrawlReport report = RunCrawl(*store, options);
  ASSERT_EQ(report.schema_changes.size(), 1u);
  EXPECT_FALSE(report.schema_changes[0].applied);
  EXPECT_NE(report.ToString().find("not applied"), std::string::npos);
  CatalogTable table = GetTable(*store, "m");
  EXPECT_EQ(table.version, 1);
  EXPECT_EQ(ColumnTexts(table.columns), (Strings{"y INTEGER"}));
  auto versions = store->ListTableVersions("raw", "m");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
}

TEST(CrawlerTest, NewFoldersOnlyReadsOnlyNewPartitions) {
  CrawlTree tree;
  tree.Write("t/p=1/a.json", "{\"a\": 1}\n");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  // A changed file in a known partition is not read under kNewFoldersOnly.
  tree.Write("t/p=1/a.json", "{\"a\": 1, \"b\": \"changed\"}\n");
  tree.Write("t/p=2/a.json", "{\"a\": 2}\n");
  tree.Write("u/x.csv", "a,b\n1,2\n");
  CrawlOptions options = Options(tree.root());
  options.recrawl = RecrawlPolicy::kNewFoldersOnly;
  CrawlReport report = RunCrawl(*store, options);
  EXPECT_EQ(report.files_read, 2);
  EXPECT_EQ(report.files_unchanged, 1);
  EXPECT_EQ(report.tables_created, (Strings{"u"}));
  EXPECT_EQ(report.partitions_added["t"], 1);
  EXPECT_TRUE(report.schema_changes.empty());
  EXPECT_EQ(ColumnTexts(GetTable(*store, "t").columns), (Strings{"a BIGINT"}));
}

TEST(CrawlerTest, InterruptedCrawlRollsBackEverything) {
  CrawlTree tree;
  tree.Write("a/p=1/x.csv", "i,j\n1,2\n");
  tree.Write("b/y.csv", "i,j\n1,2\n");
  tree.Write("c/z.json", "{\"k\": 1}\n");
  auto store = OpenStore();
  ASSERT_EQ(setenv("TARN_CRAWL_FAIL_AFTER_WRITES", "3", 1), 0);
  auto failed = Crawl(*store, Options(tree.root()));
  unsetenv("TARN_CRAWL_FAIL_AFTER_WRITES");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("interrupted after 3"), std::string::npos);
  auto database = store->GetDatabase("raw");
  ASSERT_TRUE(database.ok());
  EXPECT_FALSE(database->has_value());
  auto tables = store->ListTables("");
  ASSERT_TRUE(tables.ok());
  EXPECT_TRUE(tables->empty());
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(report.tables_created), (Strings{"a", "b", "c"}));
  // Interrupting a recrawl keeps the first crawl's state.
  tree.Write("a/p=2/x.csv", "i,j\n3,4\n");
  ASSERT_EQ(setenv("TARN_CRAWL_FAIL_AFTER_WRITES", "2", 1), 0);
  EXPECT_FALSE(Crawl(*store, Options(tree.root())).ok());
  unsetenv("TARN_CRAWL_FAIL_AFTER_WRITES");
  auto partitions = store->ListPartitions("raw", "a");
  ASSERT_TRUE(partitions.ok());
  EXPECT_EQ(partitions->size(), 1u);
}

TEST(CrawlerTest, TablesNotMadeByThisCrawlerAreConflicts) {
  CrawlTree tree;
  tree.Write("events/a.csv", "id,name\n1,x\n");
  tree.Write("other/a.csv", "id,name\n1,x\n");
  auto store = OpenStore();
  ASSERT_TRUE(store->CreateDatabase(CatalogDatabase{"raw", "", "", ""}, false).ok());
  CatalogTable manual;
  manual.database = "raw";
  manual.name = "events";
  manual.location = "/somewhere/else";
  manual.format = "parquet";
  manual.columns = {CatalogColumn{"z", TypeId::kDouble, ""}};
  ASSERT_TRUE(store->CreateTable(manual, false).ok());
  CatalogTable foreign = manual;
  foreign.name = "other";
  foreign.table_properties["tarn.crawler"] = "someone_else";
  ASSERT_TRUE(store->CreateTable(foreign, false).ok());
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(report.conflicts.size(), 2u);
  EXPECT_TRUE(report.tables_created.empty());
  std::vector<std::string> conflict_tables = {report.conflicts[0].table, report.conflicts[1].table};
  EXPECT_EQ(Sorted(conflict_tables), (Strings{"events", "other"}));
  CatalogTable after = GetTable(*store, "events");
  EXPECT_EQ(after.location, "/somewhere/else");
  EXPECT_EQ(ColumnTexts(after.columns), (Strings{"z DOUBLE"}));
  EXPECT_EQ(report.files_read, 0);
}

// ---------------------------------------------------------------------------------------
// Unpartitioned folders whose files do not share a schema: a table per file

// One row per result row, the values as text joined by "|".
Strings QueryRows(Connection& connection, const std::string& sql) {
  auto result = connection.Query(sql);
  EXPECT_FALSE(result->HasError()) << sql << ": " << result->error_message();
  Strings rows;
  if (result->HasError()) return rows;
  for (idx_t row = 0; row < result->RowCount(); row++) {
    std::string text;
    for (idx_t column = 0; column < result->ColumnCount(); column++) {
      if (column > 0) text += "|";
      text += result->GetValue(column, row).ToString();
    }
    rows.push_back(text);
  }
  return rows;
}

// The crawled folder holds two CSVs with the same columns (one gzip-compressed), a CSV
// with other columns, NDJSON, a file no classifier accepts, and a table subfolder.
void WriteMixedRoot(const CrawlTree& tree) {
  tree.Write("weather.csv", "day,temp,wind\n2024-01-01,3.5,2\n2024-01-02,4.5,3\n");
  tree.WriteGzip("weather-more.csv.gz", "day,temp,wind\n2024-02-01,1.5,7\n");
  tree.Write("stations.csv", "code,label,height\nA,alpha,10\nB,beta,20\nC,gamma,30\n");
  tree.Write("events.ndjson",
             "{\"id\": 1, \"kind\": \"view\"}\n{\"id\": 2, \"kind\": \"click\"}\n");
  tree.Write("readme.md", "just some words\n");
  tree.Write("sub/x.csv", "p,q\n1,2\n");
}

TEST(CrawlerTest, MixedFolderGivesATablePerFile) {
  CrawlTree tree;
  WriteMixedRoot(tree);
  Database database;
  Connection connection(database);
  CatalogStore& store = database.lake().store();
  CrawlReport report = RunCrawl(store, Options(tree.root()));
  EXPECT_EQ(Sorted(report.tables_created),
            (Strings{"events", "stations", "sub", "weather", "weather_more"}));
  ASSERT_EQ(report.unreadable_files.size(), 1u);
  EXPECT_EQ(report.unreadable_files[0].path, tree.Path("readme.md"));
  EXPECT_EQ(report.files_read, 6);

  CatalogTable weather = GetTable(store, "weather");
  EXPECT_EQ(weather.location, tree.Path("weather.csv"));
  EXPECT_EQ(weather.format, "csv");
  EXPECT_EQ(ColumnTexts(weather.columns),
            (Strings{"day DATE", "temp DECIMAL(18,1)", "wind BIGINT"}));
  EXPECT_EQ(weather.table_properties["tarn.single_file"], "true");
  EXPECT_EQ(weather.table_properties["compressionType"], "none");
  EXPECT_EQ(weather.table_properties.count("tarn.read_subfolders"), 0u);
  EXPECT_EQ(weather.file_count, 1);
  EXPECT_EQ(weather.size_bytes,
            static_cast<int64_t>(std::filesystem::file_size(tree.Path("weather.csv"))));
  EXPECT_FALSE(weather.fingerprint.empty());
  // Same columns, other compression: a table of its own.
  CatalogTable more = GetTable(store, "weather_more");
  EXPECT_EQ(more.location, tree.Path("weather-more.csv.gz"));
  EXPECT_EQ(more.table_properties["compressionType"], "gzip");
  EXPECT_EQ(ColumnTexts(more.columns), (Strings{"day DATE", "temp DECIMAL(18,1)", "wind BIGINT"}));
  EXPECT_NE(more.fingerprint, weather.fingerprint);
  CatalogTable stations = GetTable(store, "stations");
  EXPECT_EQ(stations.location, tree.Path("stations.csv"));
  EXPECT_EQ(ColumnTexts(stations.columns),
            (Strings{"code VARCHAR", "label VARCHAR", "height BIGINT"}));
  CatalogTable events = GetTable(store, "events");
  EXPECT_EQ(events.location, tree.Path("events.ndjson"));
  EXPECT_EQ(events.format, "json");
  EXPECT_EQ(ColumnTexts(events.columns), (Strings{"id BIGINT", "kind VARCHAR"}));
  EXPECT_EQ(GetTable(store, "sub").location, tree.Path("sub"));

  // Each table reads only its own file.
  EXPECT_EQ(QueryRows(connection, "SELECT count(*), sum(temp), sum(wind) FROM raw.weather"),
            (Strings{"2|8.0|5"}));
  EXPECT_EQ(QueryRows(connection, "SELECT day, temp, wind FROM raw.weather_more"),
            (Strings{"2024-02-01|1.5|7"}));
  EXPECT_EQ(QueryRows(connection, "SELECT code, height FROM raw.stations ORDER BY code"),
            (Strings{"A|10", "B|20", "C|30"}));
  EXPECT_EQ(QueryRows(connection, "SELECT id, kind FROM raw.events ORDER BY id"),
            (Strings{"1|view", "2|click"}));
  EXPECT_EQ(QueryRows(connection, "SELECT p, q FROM raw.sub"), (Strings{"1|2"}));
}

TEST(CrawlerTest, PerFileTablesFromSql) {
  CrawlTree tree;
  WriteMixedRoot(tree);
  Database database;
  Connection connection(database);
  auto created = connection.Query("CREATE CRAWLER mixed WITH (path = '" + tree.root() +
                                  "', database = 'raw', table_prefix = 'm_')");
  ASSERT_FALSE(created->HasError()) << created->error_message();
  Strings created_tables;
  for (const std::string& row : QueryRows(connection, "RUN CRAWLER mixed")) {
    if (row.rfind("table_created|", 0) == 0) created_tables.push_back(row.substr(14));
  }
  EXPECT_EQ(Sorted(created_tables),
            (Strings{"m_events|", "m_stations|", "m_sub|", "m_weather_more|", "m_weather|"}));
  EXPECT_EQ(QueryRows(connection, "SELECT sum(height) FROM raw.m_stations"), (Strings{"60"}));
  EXPECT_EQ(QueryRows(connection, "SELECT count(*) FROM raw.m_weather_more"), (Strings{"1"}));
}

TEST(CrawlerTest, CompatibleFilesInAFolderStayOneTable) {
  CrawlTree tree;
  tree.Write("t/a.csv", "id,v\n1,2\n");
  tree.Write("t/b.csv", "id,v,w\n3,4.5,x\n");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(report.tables_created, (Strings{"t"}));
  EXPECT_TRUE(report.unreadable_files.empty());
  CatalogTable table = GetTable(*store, "t");
  EXPECT_EQ(table.location, tree.Path("t"));
  EXPECT_EQ(table.table_properties.count("tarn.single_file"), 0u);
  EXPECT_EQ(ColumnTexts(table.columns), (Strings{"id BIGINT", "v DECIMAL(20,1)", "w VARCHAR"}));
  EXPECT_EQ(table.file_count, 2);
}

TEST(CrawlerTest, PartitionFoldersKeepMisfitsAsUnreadable) {
  CrawlTree tree;
  tree.Write("t/p=1/a.csv", "id,v\n1,2\n");
  tree.Write("t/p=1/b.json", "{\"other\": \"x\"}\n");
  tree.Write("t/p=2/a.csv", "id,v\n3,4\n");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(report.tables_created, (Strings{"t"}));
  ASSERT_EQ(report.unreadable_files.size(), 1u);
  EXPECT_EQ(report.unreadable_files[0].path, tree.Path("t/p=1/b.json"));
  EXPECT_NE(report.unreadable_files[0].reason.find("does not fit"), std::string::npos);
  EXPECT_NE(report.unreadable_files[0].reason.find("(other VARCHAR)"), std::string::npos);
  EXPECT_NE(report.unreadable_files[0].reason.find("(id BIGINT, v BIGINT)"), std::string::npos);
}

TEST(CrawlerTest, PerFileTableNamesAvoidCollisions) {
  CrawlTree tree;
  tree.Write("d/a.csv", "x,y\n1,2\n");
  tree.Write("d/a.json", "{\"k\": 1}\n");
  tree.Write("d/d.txt", "m;n;o\nq;r;s\n");
  tree.Write("a/file.csv", "x,y\n1,2\n");
  auto store = OpenStore();
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  // The folder a keeps its name; the files of d are named after their path, then numbered.
  EXPECT_EQ(Sorted(report.tables_created), (Strings{"a", "d", "d_a", "d_a_2"}));
  EXPECT_EQ(GetTable(*store, "a").location, tree.Path("a"));
  EXPECT_EQ(GetTable(*store, "d").location, tree.Path("d/d.txt"));
  EXPECT_EQ(GetTable(*store, "d_a").location, tree.Path("d/a.csv"));
  EXPECT_EQ(GetTable(*store, "d_a_2").location, tree.Path("d/a.json"));
  CrawlReport again = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(again.tables_unchanged), (Strings{"a", "d", "d_a", "d_a_2"}));
  EXPECT_TRUE(again.tables_created.empty());
  EXPECT_EQ(again.files_read, 0);
}

TEST(CrawlerTest, RecrawlOfPerFileTablesIsStable) {
  CrawlTree tree;
  tree.Write("weather.csv", "day,temp,wind\n2024-01-01,3.5,2\n");
  tree.Write("stations.csv", "code,label,height\nA,alpha,10\n");
  tree.Write("events.ndjson", "{\"id\": 1, \"kind\": \"view\"}\n");
  auto store = OpenStore();
  CrawlReport first = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(Sorted(first.tables_created), (Strings{"events", "stations", "weather"}));

  CrawlReport same = RunCrawl(*store, Options(tree.root()));
  EXPECT_TRUE(same.tables_created.empty());
  EXPECT_TRUE(same.tables_updated.empty());
  EXPECT_TRUE(same.tables_missing.empty());
  EXPECT_EQ(Sorted(same.tables_unchanged), (Strings{"events", "stations", "weather"}));
  EXPECT_EQ(same.files_read, 0);
  EXPECT_EQ(same.files_unchanged, 3);

  // A changed file updates its table only; a new file with a new schema is a new table.
  tree.Write("stations.csv", "code,label,height,depth\nA,alpha,10,1.5\nB,beta,20,2.5\n");
  tree.Write("trips.json", "{\"trip\": 7, \"km\": 1.25, \"ok\": true}\n");
  CrawlReport changed = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(changed.tables_created, (Strings{"trips"}));
  EXPECT_EQ(changed.tables_updated, (Strings{"stations"}));
  EXPECT_EQ(Sorted(changed.tables_unchanged), (Strings{"events", "weather"}));
  EXPECT_EQ(changed.files_read, 2);
  ASSERT_EQ(changed.schema_changes.size(), 1u);
  EXPECT_EQ(changed.schema_changes[0].description, "added column depth DECIMAL(18,1)");
  CatalogTable stations = GetTable(*store, "stations");
  EXPECT_EQ(stations.version, 2);
  EXPECT_EQ(stations.location, tree.Path("stations.csv"));
  EXPECT_EQ(GetTable(*store, "trips").location, tree.Path("trips.json"));

  // A new file whose schema fits another file's is still a table of its own: the folder
  // is split.
  tree.Write("weather-2.csv", "day,temp,wind\n2024-01-02,4.5,3\n");
  CrawlReport added = RunCrawl(*store, Options(tree.root()));
  EXPECT_EQ(added.tables_created, (Strings{"weather_2"}));
  EXPECT_EQ(added.files_read, 1);
  EXPECT_EQ(GetTable(*store, "weather").file_count, 1);
}

TEST(CrawlerTest, VanishedFileTableIsReportedMissing) {
  CrawlTree tree;
  tree.Write("weather.csv", "day,temp,wind\n2024-01-01,3.5,2\n");
  tree.Write("events.ndjson", "{\"id\": 1, \"kind\": \"view\"}\n");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  tree.Remove("events.ndjson");

  CrawlReport gone = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(gone.tables_missing.size(), 1u);
  EXPECT_EQ(gone.tables_missing[0].table, "events");
  EXPECT_EQ(gone.tables_missing[0].location, tree.Path("events.ndjson"));
  EXPECT_EQ(gone.tables_unchanged, (Strings{"weather"}));
  EXPECT_TRUE(gone.tables_updated.empty());
  EXPECT_NE(gone.ToString().find("Tables missing (1): events\n"), std::string::npos);
  bool row_found = false;
  for (const CrawlReportRow& row : gone.Rows()) {
    if (row.kind == "table_missing" && row.table == "events" &&
        row.detail == tree.Path("events.ndjson")) {
      row_found = true;
    }
  }
  EXPECT_TRUE(row_found);
  CatalogTable events = GetTable(*store, "events");  // Kept.
  EXPECT_EQ(events.table_properties["tarn.missing"], "true");
  EXPECT_EQ(ColumnTexts(events.columns), (Strings{"id BIGINT", "kind VARCHAR"}));

  // Still missing: reported again, no new write.
  CrawlReport still = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(still.tables_missing.size(), 1u);
  EXPECT_TRUE(still.tables_updated.empty());
  EXPECT_EQ(GetTable(*store, "events").table_properties["tarn.missing"], "true");

  // Back: the mark is cleared.
  tree.Write("events.ndjson", "{\"id\": 1, \"kind\": \"view\"}\n");
  CrawlReport back = RunCrawl(*store, Options(tree.root()));
  EXPECT_TRUE(back.tables_missing.empty());
  EXPECT_EQ(back.tables_updated, (Strings{"events"}));
  EXPECT_TRUE(back.tables_created.empty());
  EXPECT_EQ(GetTable(*store, "events").table_properties.count("tarn.missing"), 0u);
  EXPECT_NE(back.ToString().find("Tables missing (0)\n"), std::string::npos);
}

TEST(CrawlerTest, VanishedFolderTableIsReportedMissing) {
  CrawlTree tree;
  tree.Write("t/p=1/a.csv", "x,y\n1,2\n");
  tree.Write("u/a.csv", "x,y\n1,2\n");
  auto store = OpenStore();
  RunCrawl(*store, Options(tree.root()));
  tree.Remove("u");
  CrawlReport report = RunCrawl(*store, Options(tree.root()));
  ASSERT_EQ(report.tables_missing.size(), 1u);
  EXPECT_EQ(report.tables_missing[0].table, "u");
  EXPECT_EQ(report.tables_missing[0].location, tree.Path("u"));
  EXPECT_EQ(report.tables_unchanged, (Strings{"t"}));
  EXPECT_EQ(GetTable(*store, "u").table_properties["tarn.missing"], "true");
  EXPECT_EQ(GetTable(*store, "u").version, 1);
  tree.Write("u/a.csv", "x,y\n1,2\n");
  CrawlReport back = RunCrawl(*store, Options(tree.root()));
  EXPECT_TRUE(back.tables_missing.empty());
  EXPECT_EQ(back.tables_updated, (Strings{"u"}));
  EXPECT_EQ(GetTable(*store, "u").table_properties.count("tarn.missing"), 0u);
}

TEST(CrawlerTest, MissingFolderIsAnError) {
  auto store = OpenStore();
  auto report = Crawl(*store, Options("/nonexistent/tarn/crawl/path"));
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("/nonexistent/tarn/crawl/path"), std::string::npos);
}

}  // namespace
}  // namespace tarn
