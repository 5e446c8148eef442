#include "cli/result_printer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "types/numeric.h"

namespace tarn {
namespace {

// Builds a result with the given columns and rows, split into chunks of `chunk_rows` so
// that printing across chunk boundaries is exercised.
QueryResult MakeResult(const std::vector<std::string>& names, const std::vector<LogicalType>& types,
                       const std::vector<std::vector<Value>>& rows, idx_t chunk_rows = 3) {
  QueryResult result;
  result.SetSchema(names, types);
  for (size_t start = 0; start < rows.size(); start += chunk_rows) {
    DataChunk chunk(types);
    size_t end = std::min(rows.size(), start + chunk_rows);
    for (size_t row = start; row < end; row++) {
      for (size_t column = 0; column < types.size(); column++) {
        chunk.column(column).SetValue(row - start, rows[row][column]);
      }
    }
    chunk.SetSize(end - start);
    result.AddChunk(std::move(chunk));
  }
  return result;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

std::string Print(const QueryResult& result, OutputMode mode, size_t max_width = 120,
                  uint64_t max_rows = 40) {
  PrintOptions options;
  options.mode = mode;
  options.max_width = max_width;
  options.max_rows = max_rows;
  return ResultPrinter(options).ToString(result);
}

TEST(ResultPrinterTest, TableHasNameAndTypeRowsAndAlignsNumbersRight) {
  QueryResult result = MakeResult({"name", "total"}, {TypeId::kVarchar, TypeId::kBigint},
                                  {{Value::Varchar("a"), Value::Bigint(10)},
                                   {Value::Varchar("bb"), Value::Null(TypeId::kBigint)}});
  std::string expected =
      "┌─────────┬────────┐\n"
      "│ name    │ total  │\n"
      "│ varchar │ bigint │\n"
      "├─────────┼────────┤\n"
      "│ a       │     10 │\n"
      "│ bb      │   NULL │\n"
      "└─────────┴────────┘\n";
  EXPECT_EQ(Print(result, OutputMode::kTable), expected);
}

TEST(ResultPrinterTest, TableShowsDecimalTypeAndExactValue) {
  QueryResult result =
      MakeResult({"price"}, {LogicalType::Decimal(18, 2)}, {{Value::Decimal(12345, 18, 2)}});
  std::string text = Print(result, OutputMode::kTable);
  EXPECT_NE(text.find("decimal(18,2)"), std::string::npos) << text;
  EXPECT_NE(text.find("123.45"), std::string::npos) << text;
}

TEST(ResultPrinterTest, TableAlignsWideCharactersByDisplayWidth) {
  QueryResult result =
      MakeResult({"s"}, {TypeId::kVarchar}, {{Value::Varchar("日本")}, {Value::Varchar("abcd")}});
  std::vector<std::string> lines = Lines(Print(result, OutputMode::kTable));
  ASSERT_EQ(lines.size(), 7u);
  // Every line of the box is equally wide on screen.
  for (const auto& line : lines) EXPECT_EQ(DisplayWidth(line), DisplayWidth(lines[0])) << line;
  EXPECT_EQ(lines[4], "│ 日本    │");
}

TEST(ResultPrinterTest, TableTruncatesLongValuesToFitWidth) {
  std::string long_text(500, 'x');
  QueryResult result = MakeResult({"id", "text"}, {TypeId::kInteger, TypeId::kVarchar},
                                  {{Value::Integer(1), Value::Varchar(long_text)}});
  std::vector<std::string> lines = Lines(Print(result, OutputMode::kTable, 60));
  for (const auto& line : lines) EXPECT_LE(DisplayWidth(line), 60u) << line;
  EXPECT_NE(lines[4].find("…"), std::string::npos);
  EXPECT_EQ(DisplayWidth(lines[0]), 60u);
}

TEST(ResultPrinterTest, TableElidesColumnsThatCannotFit) {
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<Value> row;
  for (int i = 0; i < 30; i++) {
    names.push_back("column_" + std::to_string(i));
    types.push_back(TypeId::kInteger);
    row.push_back(Value::Integer(i));
  }
  QueryResult result = MakeResult(names, types, {row});
  std::string text = Print(result, OutputMode::kTable, 80);
  for (const auto& line : Lines(text)) EXPECT_LE(DisplayWidth(line), 80u) << line;
  EXPECT_NE(text.find("30 columns ("), std::string::npos) << text;
  EXPECT_NE(text.find("colu"), std::string::npos);
  // The last column is still shown, after the ellipsis column.
  EXPECT_NE(text.find(" 29 │"), std::string::npos) << text;
}

TEST(ResultPrinterTest, TableNeverCutsNumbers) {
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<Value> row;
  for (int i = 0; i < 12; i++) {
    names.push_back("a_rather_long_column_name_" + std::to_string(i));
    types.push_back(i % 2 == 0 ? LogicalType(TypeId::kBigint) : LogicalType(TypeId::kVarchar));
    row.push_back(i % 2 == 0 ? Value::Bigint(1234567890123) : Value::Varchar(std::string(40, 'y')));
  }
  QueryResult result = MakeResult(names, types, {row});
  std::string text = Print(result, OutputMode::kTable, 100);
  for (const auto& line : Lines(text)) EXPECT_LE(DisplayWidth(line), 100u) << line;
  EXPECT_NE(text.find("1234567890123"), std::string::npos) << text;
  EXPECT_EQ(text.find("123456789012…"), std::string::npos) << text;
  EXPECT_NE(text.find("12 columns ("), std::string::npos) << text;
}

TEST(ResultPrinterTest, TableWithOneHugeNumberStillFitsTheWidth) {
  QueryResult result = MakeResult({"d"}, {LogicalType::Decimal(38, 0)},
                                  {{Value::Decimal(numeric::PowerOfTen(37), 38, 0)}});
  std::string text = Print(result, OutputMode::kTable, 20);
  for (const auto& line : Lines(text)) EXPECT_LE(DisplayWidth(line), 20u) << line;
}

TEST(ResultPrinterTest, TableElidesMiddleRowsOfLongResults) {
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 1000; i++) rows.push_back({Value::Integer(i)});
  QueryResult result = MakeResult({"i"}, {TypeId::kInteger}, rows, 2048);
  std::vector<std::string> lines = Lines(Print(result, OutputMode::kTable));
  // 4 header lines, 20 rows, marker, 20 rows, bottom rule, footer.
  ASSERT_EQ(lines.size(), 4u + 20 + 1 + 20 + 1 + 1);
  EXPECT_NE(lines[4].find(" 0 │"), std::string::npos);
  EXPECT_NE(lines[23].find(" 19 │"), std::string::npos);
  EXPECT_NE(lines[24].find("·"), std::string::npos);
  EXPECT_NE(lines[25].find(" 980 │"), std::string::npos);
  EXPECT_NE(lines[44].find(" 999 │"), std::string::npos);
  EXPECT_EQ(lines.back(), "1000 rows (40 shown)");
}

TEST(ResultPrinterTest, TableWithNoRowsSaysSo) {
  QueryResult result = MakeResult({"a"}, {TypeId::kInteger}, {});
  std::vector<std::string> lines = Lines(Print(result, OutputMode::kTable));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines.back(), "(0 rows)");
}

TEST(ResultPrinterTest, TableEscapesControlCharacters) {
  QueryResult result = MakeResult({"s"}, {TypeId::kVarchar}, {{Value::Varchar("a\nb")}});
  std::string text = Print(result, OutputMode::kTable);
  EXPECT_NE(text.find("a\\nb"), std::string::npos) << text;
  EXPECT_EQ(Lines(text).size(), 6u);  // Still one line for the row.
}

TEST(ResultPrinterTest, StatementsWithoutColumnsPrintNothing) {
  QueryResult result;
  for (auto mode : {OutputMode::kTable, OutputMode::kCsv, OutputMode::kJson, OutputMode::kLine}) {
    EXPECT_EQ(Print(result, mode), "");
  }
  auto error = QueryResult::Error(ErrorCode::kBinder, "nope");
  EXPECT_EQ(ResultPrinter().ToString(*error), "");
}

TEST(ResultPrinterTest, CsvQuotesOnlyWhenNeededAndNullIsEmpty) {
  QueryResult result = MakeResult({"a", "b,c"}, {TypeId::kVarchar, TypeId::kInteger},
                                  {{Value::Varchar("plain"), Value::Integer(1)},
                                   {Value::Varchar("has,comma"), Value::Null(TypeId::kInteger)},
                                   {Value::Varchar("say \"hi\""), Value::Integer(-3)},
                                   {Value::Varchar(" padded"), Value::Integer(0)},
                                   {Value::Varchar("two\nlines"), Value::Integer(2)},
                                   {Value::Varchar(""), Value::Integer(5)},
                                   {Value::Null(TypeId::kVarchar), Value::Integer(6)}});
  std::string expected =
      "a,\"b,c\"\n"
      "plain,1\n"
      "\"has,comma\",\n"
      "\"say \"\"hi\"\"\",-3\n"
      "\" padded\",0\n"
      "\"two\nlines\",2\n"
      "\"\",5\n"
      ",6\n";
  EXPECT_EQ(Print(result, OutputMode::kCsv), expected);
}

TEST(ResultPrinterTest, JsonWritesOneObjectPerRowWithTypedValues) {
  QueryResult result = MakeResult(
      {"i", "d", "f", "s", "b", "day"},
      {TypeId::kBigint, LogicalType::Decimal(10, 3), TypeId::kDouble, TypeId::kVarchar,
       TypeId::kBoolean, TypeId::kDate},
      {{Value::Bigint(-7), Value::Decimal(1500, 10, 3), Value::Double(0.1),
        Value::Varchar("q\"\\\n\x01"), Value::Boolean(true), Value::Date(0)},
       {Value::Null(TypeId::kBigint), Value::Decimal(-5, 10, 3), Value::Double(1.0 / 0.0),
        Value::Null(TypeId::kVarchar), Value::Boolean(false), Value::Null(TypeId::kDate)}});
  std::string expected =
      "{\"i\":-7,\"d\":1.500,\"f\":0.1,\"s\":\"q\\\"\\\\\\n\\u0001\",\"b\":true,"
      "\"day\":\"1970-01-01\"}\n"
      "{\"i\":null,\"d\":-0.005,\"f\":null,\"s\":null,\"b\":false,\"day\":null}\n";
  EXPECT_EQ(Print(result, OutputMode::kJson), expected);
}

TEST(ResultPrinterTest, JsonReplacesInvalidUtf8) {
  EXPECT_EQ(QuoteJsonString("a\xff"), "\"a\xEF\xBF\xBD\"");
  EXPECT_EQ(QuoteJsonString("é"), "\"é\"");
}

TEST(ResultPrinterTest, LineModeAlignsNamesAndSeparatesRows) {
  QueryResult result = MakeResult({"a", "long_name"}, {TypeId::kInteger, TypeId::kVarchar},
                                  {{Value::Integer(1), Value::Varchar("x")},
                                   {Value::Integer(2), Value::Null(TypeId::kVarchar)}});
  std::string expected =
      "        a = 1\n"
      "long_name = x\n"
      "\n"
      "        a = 2\n"
      "long_name = NULL\n";
  EXPECT_EQ(Print(result, OutputMode::kLine), expected);
}

TEST(ResultPrinterTest, ParsesModeNames) {
  EXPECT_EQ(ParseOutputMode("CSV"), OutputMode::kCsv);
  EXPECT_EQ(ParseOutputMode("json"), OutputMode::kJson);
  EXPECT_EQ(ParseOutputMode("line"), OutputMode::kLine);
  EXPECT_EQ(ParseOutputMode("table"), OutputMode::kTable);
  EXPECT_FALSE(ParseOutputMode("xml").has_value());
}

TEST(DisplayWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("é"), 1u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute accent.
  EXPECT_EQ(DisplayWidth("日本語"), 6u);
  EXPECT_EQ(DisplayWidth("\xff"), 1u);
}

TEST(DisplayWidthTest, TruncatesOnCharacterBoundaries) {
  EXPECT_EQ(TruncateToDisplayWidth("abcdef", 4), "abc…");
  EXPECT_EQ(TruncateToDisplayWidth("abcd", 4), "abcd");
  EXPECT_EQ(TruncateToDisplayWidth("日本語", 4), "日…");
  EXPECT_EQ(TruncateToDisplayWidth("ééééé", 3), "éé…");
}

}  // namespace
}  // namespace tarn
