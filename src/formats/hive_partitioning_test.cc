#include "formats/hive_partitioning.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "main/connection.h"
#include "main/database.h"

namespace tarn {
namespace {

TEST(HivePartitionsTest, ParsesDecodedKeysAndDefaultPartition) {
  auto keys =
      HivePartitions::ParsePath("data/year=2001/tag=a%2Fb/city=__HIVE_DEFAULT_PARTITION__/f.csv");
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].first, "year");
  EXPECT_EQ(*keys[0].second, "2001");
  EXPECT_EQ(*keys[1].second, "a/b");
  EXPECT_FALSE(keys[2].second.has_value());
  // The file name is not a folder; a bad escape stays as written.
  EXPECT_TRUE(HivePartitions::ParsePath("x/a=1.csv").empty());
  EXPECT_EQ(*HivePartitions::ParsePath("k=%zz/f")[0].second, "%zz");
}

TEST(HivePartitionsTest, InfersTypesFromAllValues) {
  auto built =
      HivePartitions::Build({"t/a=1/b=1.5/c=2020-01-02/d=x/f", "t/a=2/b=2/c=2020-01-03/d=1/f",
                             "t/a=__HIVE_DEFAULT_PARTITION__/b=3/c=2021-12-31/d=2/f"},
                            {});
  ASSERT_TRUE(built.ok()) << built.status().message();
  const HivePartitions& partitions = built.value();
  ASSERT_EQ(partitions.column_count(), 4u);
  EXPECT_EQ(partitions.types()[0].id(), TypeId::kBigint);
  EXPECT_EQ(partitions.types()[1].id(), TypeId::kDouble);
  EXPECT_EQ(partitions.types()[2].id(), TypeId::kDate);
  EXPECT_EQ(partitions.types()[3].id(), TypeId::kVarchar);
  EXPECT_TRUE(partitions.value(2, 0).is_null());

  TableFilter filter;
  filter.column = 10;  // Partition column 0 when the files have 10 columns.
  filter.op = CompareOperator::kGreaterOrEqual;
  filter.values = {Value::Bigint(2)};
  std::vector<bool> selected = partitions.SelectFiles({filter}, 10);
  EXPECT_EQ(selected, (std::vector<bool>{false, true, false}));
}

TEST(HivePartitionsTest, DetectsOnlyConsistentFolders) {
  EXPECT_TRUE(HivePartitions::Detect({"t/a=1/f", "t/a=2/f"}));
  EXPECT_FALSE(HivePartitions::Detect({"t/a=1/f", "t/b=2/f"}));
  EXPECT_FALSE(HivePartitions::Detect({"t/f"}));
  // A key stored in the files is not added again.
  auto built = HivePartitions::Build({"t/ID=1/f"}, {"id"});
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built.value().column_count(), 0u);
}

TEST(TableFilterTest, StatisticsRangesAndNulls) {
  TableFilter equal;
  equal.values = {Value::Bigint(5)};
  EXPECT_TRUE(equal.MayMatch(Value::Bigint(1), Value::Bigint(9), 0, 10));
  EXPECT_FALSE(equal.MayMatch(Value::Bigint(6), Value::Bigint(9), 0, 10));
  EXPECT_FALSE(equal.MayMatch(std::nullopt, std::nullopt, 10, 10));  // All NULL.
  EXPECT_TRUE(equal.MayMatch(std::nullopt, std::nullopt, std::nullopt, 10));
  TableFilter greater;
  greater.op = CompareOperator::kGreater;
  greater.values = {Value::Double(9)};
  // NaN is above every number and not in the statistics.
  EXPECT_TRUE(greater.MayMatch(Value::Double(1), Value::Double(2), 0, 10));
  TableFilter is_null;
  is_null.kind = TableFilterKind::kIsNull;
  EXPECT_FALSE(is_null.MayMatch(Value::Bigint(1), Value::Bigint(2), 0, 10));
  EXPECT_TRUE(is_null.MayMatch(Value::Bigint(1), Value::Bigint(2), 1, 10));
  TableFilter text;
  text.op = CompareOperator::kLess;
  text.values = {Value::Varchar("b")};
  // Byte order: "\xc3\xa9" (é) sorts after "z".
  EXPECT_FALSE(text.MayMatch(Value::Varchar("\xc3\xa9"), Value::Varchar("\xc3\xa9z"), 0, 3));
  EXPECT_TRUE(text.MayMatch(Value::Varchar("a"), Value::Varchar("\xc3\xa9"), 0, 3));
}

std::string Plan(Connection& connection, const std::string& sql) {
  auto result = connection.Query(sql);
  EXPECT_FALSE(result->HasError()) << result->error_message();
  std::string text;
  for (idx_t row = 0; row < result->RowCount(); row++) {
    text += result->GetValue(0, row).ToString() + "\n";
  }
  return text;
}

// EXPLAIN says which files partition filters skip; EXPLAIN ANALYZE reports files and row
// groups read.
TEST(LakePruningTest, ExplainReportsSkippedFilesAndRowGroups) {
  char pattern[] = "/tmp/tarn_lake_test_XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  std::string dir = pattern;
  Database database;
  Connection connection(database);
  auto written = connection.Query(
      "COPY (SELECT i AS id, i % 4 AS part FROM range(0, 8000) t(i) ORDER BY id) TO '" + dir +
      "/t' (FORMAT parquet, PARTITION_BY (part), ROW_GROUP_SIZE 500)");
  ASSERT_FALSE(written->HasError()) << written->error_message();
  std::string glob = "'" + dir + "/t/**/*.parquet'";

  std::string plan = Plan(connection, "EXPLAIN SELECT count(*) FROM " + glob + " WHERE part = 1");
  EXPECT_NE(plan.find("pushed filters: part = 1"), std::string::npos) << plan;
  EXPECT_NE(plan.find("files: 1 of 4 (partition filters skip 3)"), std::string::npos) << plan;

  plan = Plan(connection, "EXPLAIN ANALYZE SELECT count(*) FROM " + glob +
                              " WHERE part IN (1, 2) AND id < 1000");
  EXPECT_NE(plan.find("files read: 2 of 4 (2 skipped by partition filters)"), std::string::npos)
      << plan;
  // Each file holds 2000 rows, every 4th id, in 4 row groups of 500: ids below 1000 are all
  // in the first.
  EXPECT_NE(plan.find("row groups read: 2 of 8 (6 skipped by statistics)"), std::string::npos)
      << plan;
  auto count =
      connection.Query("SELECT count(*) FROM " + glob + " WHERE part IN (1, 2) AND id < 1000");
  ASSERT_FALSE(count->HasError());
  EXPECT_EQ(count->GetValue(0, 0).GetBigint(), 500);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tarn
