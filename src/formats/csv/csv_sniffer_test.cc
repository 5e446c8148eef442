#include "formats/csv/csv_sniffer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>

namespace tarn {
namespace {

// TARN_TEST_DATA_DIR is the absolute path of test/data, set by CMake for the unit tests.
std::string FixturePath(const std::string& name) {
  return std::string(TARN_TEST_DATA_DIR) + "/csv/" + name;
}

class CsvSnifferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("tarn_sniff_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& content) {
    std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  CsvSchema Sniff(const std::string& content, CsvReadOptions options = {}) {
    auto schema = SniffCsv(Write("input.csv", content), options);
    EXPECT_TRUE(schema.ok()) << schema.status().message();
    return schema.ok() ? schema.value() : CsvSchema();
  }

  std::filesystem::path directory_;
};

TEST_F(CsvSnifferTest, DetectsEveryDelimiter) {
  for (char delimiter : {',', '|', '\t', ';'}) {
    std::string d(1, delimiter);
    CsvSchema schema =
        Sniff("a" + d + "b" + d + "c\n1" + d + "x,y" + d + "2.5\n3" + d + "z" + d + "4.5\n");
    EXPECT_EQ(schema.dialect.delimiter, delimiter == ',' ? ',' : delimiter);
    if (delimiter == ',') continue;  // "x,y" makes the comma file ragged on purpose.
    ASSERT_EQ(schema.names.size(), 3u) << "delimiter " << d;
    EXPECT_TRUE(schema.header);
    EXPECT_EQ(schema.names, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(schema.types[0], LogicalType(TypeId::kBigint));
    EXPECT_EQ(schema.types[1], LogicalType(TypeId::kVarchar));
    EXPECT_EQ(schema.types[2], LogicalType::Decimal(18, 1));
  }
}

TEST_F(CsvSnifferTest, QuotesAndEscapes) {
  CsvSchema doubled = Sniff("name,quote\n\"Smith, J\",\"he said \"\"hi\"\"\"\nDoe,plain\n");
  EXPECT_EQ(doubled.dialect.delimiter, ',');
  EXPECT_EQ(doubled.dialect.quote, '"');
  EXPECT_EQ(doubled.dialect.escape, '"');
  EXPECT_EQ(doubled.names.size(), 2u);

  CsvSchema backslash = Sniff("a,b\n\"x \\\"y\\\" z\",1\n\"p\",2\n\"q \\\"r\\\"\",3\n");
  EXPECT_EQ(backslash.dialect.quote, '"');
  EXPECT_EQ(backslash.dialect.escape, '\\');
  EXPECT_EQ(backslash.types[1], LogicalType(TypeId::kBigint));

  CsvSchema single = Sniff("a,b\n'x,y',1\n'z,w',2\n");
  EXPECT_EQ(single.dialect.quote, '\'');
  EXPECT_EQ(single.names.size(), 2u);
}

TEST_F(CsvSnifferTest, HeaderOrNot) {
  CsvSchema with_header = Sniff("x,y\n1,2\n3,4\n");
  EXPECT_TRUE(with_header.header);
  EXPECT_EQ(with_header.names, (std::vector<std::string>{"x", "y"}));
  CsvSchema without = Sniff("1,2\n3,4\n");
  EXPECT_FALSE(without.header);
  EXPECT_EQ(without.names, (std::vector<std::string>{"column0", "column1"}));
  EXPECT_EQ(without.types[0], LogicalType(TypeId::kBigint));
  CsvReadOptions forced;
  forced.header = false;
  CsvSchema forced_schema = Sniff("x,y\n1,2\n", forced);
  EXPECT_FALSE(forced_schema.header);
  EXPECT_EQ(forced_schema.types[0], LogicalType(TypeId::kVarchar));
}

TEST_F(CsvSnifferTest, HeaderNamesAreTrimmedAndMadeUnique) {
  CsvSchema schema = Sniff(" id ,,id,ID\n1,2,3,4\n5,6,7,8\n");
  EXPECT_TRUE(schema.header);
  EXPECT_EQ(schema.names, (std::vector<std::string>{"id", "column1", "id_1", "ID_2"}));
}

TEST_F(CsvSnifferTest, EachType) {
  CsvSchema schema = Sniff(
      "b,i,d,dec,day,ts,s,big\n"
      "true,1,1.5e3,12345.67,2024-01-31,2024-01-31 10:11:12,x,12345678901234567890\n"
      "False,-20,2.25,0.5,1999-12-31,2024-02-01T00:00:00,y,1\n"
      ",,,,,,,\n");
  ASSERT_EQ(schema.types.size(), 8u);
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kBoolean));
  EXPECT_EQ(schema.types[1], LogicalType(TypeId::kBigint));
  EXPECT_EQ(schema.types[2], LogicalType(TypeId::kDouble));
  EXPECT_EQ(schema.types[3], LogicalType::Decimal(18, 2));
  EXPECT_EQ(schema.types[4], LogicalType(TypeId::kDate));
  EXPECT_EQ(schema.types[5], LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(schema.types[6], LogicalType(TypeId::kVarchar));
  EXPECT_EQ(schema.types[7], LogicalType(TypeId::kDouble));
}

TEST_F(CsvSnifferTest, WideDecimalsBecomeDouble) {
  CsvSchema schema = Sniff("v\n1234567890123456.789\n1.5\n");
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kDouble));
}

TEST_F(CsvSnifferTest, LeadingZeroCodesStayVarchar) {
  CsvSchema schema = Sniff("zip,n\n00501,1\n10001,2\n02134,3\n");
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kVarchar));
  EXPECT_EQ(schema.types[1], LogicalType(TypeId::kBigint));
}

TEST_F(CsvSnifferTest, MixedColumnsFallBack) {
  CsvSchema schema = Sniff("a,b,c\n1,2024-01-01,1\n2.5,hello,2024-01-01 10:00\n3,x,2\n");
  EXPECT_EQ(schema.types[0], LogicalType::Decimal(18, 1));
  EXPECT_EQ(schema.types[1], LogicalType(TypeId::kVarchar));
  EXPECT_EQ(schema.types[2], LogicalType(TypeId::kVarchar));
}

TEST_F(CsvSnifferTest, BomAndCrlf) {
  auto schema = SniffCsv(FixturePath("cities_bom_crlf.csv"), {});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->dialect.delimiter, ';');
  EXPECT_TRUE(schema->header);
  EXPECT_EQ(schema->names, (std::vector<std::string>{"city", "population", "ts"}));
  EXPECT_EQ(schema->types[1], LogicalType(TypeId::kBigint));
  EXPECT_EQ(schema->types[2], LogicalType(TypeId::kTimestamp));
  EXPECT_FALSE(schema->unsplittable);
}

TEST_F(CsvSnifferTest, FixtureWithQuotesNullsAndCodes) {
  auto schema = SniffCsv(FixturePath("people.csv"), {});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->names,
            (std::vector<std::string>{"id", "name", "price", "joined", "active", "zip"}));
  EXPECT_EQ(schema->types, (std::vector<LogicalType>{TypeId::kBigint, TypeId::kVarchar,
                                                     LogicalType::Decimal(18, 2), TypeId::kDate,
                                                     TypeId::kBoolean, TypeId::kVarchar}));
}

TEST_F(CsvSnifferTest, TrailingDelimiterColumnIsDropped) {
  auto schema = SniffCsv(FixturePath("items.tbl"), {});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->dialect.delimiter, '|');
  EXPECT_FALSE(schema->header);
  EXPECT_EQ(schema->physical_columns, 5u);
  EXPECT_EQ(schema->names.size(), 4u);
  EXPECT_EQ(schema->types[2], LogicalType::Decimal(18, 2));
  EXPECT_EQ(schema->types[3], LogicalType(TypeId::kDate));
}

TEST_F(CsvSnifferTest, QuotedNewlinesMakeTheFileUnsplittable) {
  auto schema = SniffCsv(FixturePath("notes.tsv"), {});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->dialect.delimiter, '\t');
  EXPECT_TRUE(schema->unsplittable);
  EXPECT_EQ(schema->names, (std::vector<std::string>{"id", "note"}));
}

TEST_F(CsvSnifferTest, SampleFromTheMiddleCatchesLateStrings) {
  std::string text = "code\n";
  for (int i = 0; i < 200000; i++) text += std::to_string(100000 + i) + "\n";
  text += "ABC\n";
  for (int i = 0; i < 50; i++) text += "1\n";
  CsvReadOptions small;
  small.sample_size = 1000;
  // The beginning alone says BIGINT; the chunk at the end sees "ABC".
  CsvSchema schema = Sniff(text, small);
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kVarchar));
  CsvReadOptions whole;
  whole.sample_size = -1;
  EXPECT_EQ(Sniff(text, whole).types[0], LogicalType(TypeId::kVarchar));
}

TEST_F(CsvSnifferTest, SampleSizeCountsDataRowsNotTheHeader) {
  CsvReadOptions one_row;
  one_row.sample_size = 1;
  // The header row plus one data row: "n" does not fit the BIGINT of "1", so a header.
  CsvSchema schema = Sniff("n,s\n1,a\n2,b\nx,c\n", one_row);
  EXPECT_TRUE(schema.header);
  EXPECT_EQ(schema.names, (std::vector<std::string>{"n", "s"}));
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kBigint));
}

TEST_F(CsvSnifferTest, OptionsOverrideDetection) {
  CsvReadOptions options;
  options.delimiter = ';';
  options.type_overrides = {{"b", TypeId::kVarchar}};
  CsvSchema schema = Sniff("a;b\n1;2\n", options);
  EXPECT_EQ(schema.types[0], LogicalType(TypeId::kBigint));
  EXPECT_EQ(schema.types[1], LogicalType(TypeId::kVarchar));
  CsvReadOptions varchar;
  varchar.all_varchar = true;
  EXPECT_EQ(Sniff("a;b\n1;2\n", varchar).types[0], LogicalType(TypeId::kVarchar));

  CsvReadOptions columns;
  columns.columns = {{"x", TypeId::kInteger}, {"y", TypeId::kDouble}};
  CsvSchema declared = Sniff("1,2\n3,4\n", columns);
  EXPECT_FALSE(declared.header);
  EXPECT_EQ(declared.names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(declared.types[0], LogicalType(TypeId::kInteger));

  CsvReadOptions wrong;
  wrong.columns = {{"x", TypeId::kInteger}};
  auto mismatch = SniffCsv(Write("two.csv", "1,2\n3,4\n"), wrong);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kInvalidOption);
  EXPECT_NE(mismatch.status().message().find("lists 1 columns"), std::string::npos);

  CsvReadOptions unknown;
  unknown.type_overrides = {{"nope", TypeId::kVarchar}};
  auto bad = SniffCsv(Write("three.csv", "a,b\n1,2\n"), unknown);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no column named 'nope'"), std::string::npos);
}

TEST_F(CsvSnifferTest, BinaryDataIsRejected) {
  std::string content = "a,b\n1,2\n";
  content += std::string("\x00\x01\x02", 3);
  auto schema = SniffCsv(Write("blob.csv", content), {});
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(schema.status().message().find("does not look like a CSV file (binary data at byte 8)"),
            std::string::npos)
      << schema.status().message();
}

TEST_F(CsvSnifferTest, EmptyFileNeedsColumns) {
  auto schema = SniffCsv(Write("empty.csv", ""), {});
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("is empty"), std::string::npos);
}

TEST_F(CsvSnifferTest, LineLongerThanMaxLineSizeIsNamedNotCalledEmpty) {
  CsvReadOptions options;
  options.max_line_size = 1000;
  // One line with no line break at all, and a long second line after a header.
  for (const std::string& content :
       {std::string(5000, 'x'), "a,b\n1,2\n3," + std::string(5000, 'y') + "\n4,5\n"}) {
    auto schema = SniffCsv(Write("long.csv", content), options);
    ASSERT_FALSE(schema.ok());
    const std::string& message = schema.status().message();
    EXPECT_NE(message.find("max_line_size"), std::string::npos) << message;
    EXPECT_NE(message.find(content[0] == 'x' ? "line 1:" : "line 3:"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("is empty"), std::string::npos) << message;
  }
  // Lines within the limit are fine, up to its exact size.
  options.max_line_size = 8;
  auto fits = SniffCsv(Write("fits.csv", "a,b\n1234,567\n"), options);
  EXPECT_TRUE(fits.ok()) << fits.status().message();
}

TEST_F(CsvSnifferTest, SkippingEveryLineSaysSoAndHugeSkipsDoNotOverflow) {
  std::string path = Write("three.csv", "a,b\n1,2\n3,4\n");
  for (int64_t skip : {int64_t{3}, int64_t{1000}, std::numeric_limits<int64_t>::max()}) {
    CsvReadOptions options;
    options.skip_rows = skip;
    auto schema = SniffCsv(path, options);
    ASSERT_FALSE(schema.ok()) << skip;
    const std::string& message = schema.status().message();
    EXPECT_NE(message.find("skip=" + std::to_string(skip)), std::string::npos) << message;
    EXPECT_EQ(message.find("is empty"), std::string::npos) << message;
    auto fields = CountFirstRowFields(path, CsvDialect{}, Compression::kNone, skip);
    ASSERT_TRUE(fields.ok());
    EXPECT_EQ(fields.value(), 0u);
  }
}

}  // namespace
}  // namespace tarn
