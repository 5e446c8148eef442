#include "formats/csv/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "formats/csv/csv_table_function.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {
namespace {

// TARN_TEST_DATA_DIR is the absolute path of test/data, set by CMake for the unit tests.
std::string FixturePath(const std::string& name) {
  return std::string(TARN_TEST_DATA_DIR) + "/csv/" + name;
}

std::string RowText(const DataChunk& chunk, idx_t row) {
  std::string text;
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) {
    if (c > 0) text += "|";
    text += chunk.GetValue(c, row).ToString();
  }
  return text;
}

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("tarn_csv_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& content) {
    std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  std::unique_ptr<CsvTableBinding> Bind(CsvReadOptions options) {
    auto binding = CsvTableBinding::BindOptions(options);
    EXPECT_TRUE(binding.ok()) << binding.status().message();
    return binding.ok() ? std::move(binding).value() : nullptr;
  }

  // Scans with `threads` threads, each with its own local state; rows in scan order per
  // thread, concatenated (sorted when several threads ran).
  static std::vector<std::string> Scan(const TableScanBinding& binding,
                                       std::vector<idx_t> projection = {}, int threads = 1,
                                       bool all_columns = true) {
    if (projection.empty() && all_columns) {
      for (idx_t i = 0; i < binding.names().size(); i++) projection.push_back(i);
    }
    auto global = binding.InitGlobal(projection);
    std::vector<std::string> rows;
    std::mutex mutex;
    std::exception_ptr failure;
    auto work = [&] {
      try {
        auto local = binding.InitLocal(*global);
        DataChunk chunk;
        std::vector<std::string> mine;
        while (true) {
          binding.Scan(*global, *local, chunk);
          if (chunk.size() == 0) break;
          for (idx_t r = 0; r < chunk.size(); r++) mine.push_back(RowText(chunk, r));
        }
        std::lock_guard<std::mutex> lock(mutex);
        rows.insert(rows.end(), mine.begin(), mine.end());
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        failure = std::current_exception();
      }
    };
    if (threads == 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; t++) pool.emplace_back(work);
      for (auto& thread : pool) thread.join();
      std::sort(rows.begin(), rows.end());
    }
    if (failure) std::rethrow_exception(failure);
    return rows;
  }

  std::vector<std::string> Read(const std::string& path, CsvReadOptions options = {}) {
    options.patterns = {path};
    auto binding = Bind(options);
    if (!binding) return {};
    return Scan(*binding);
  }

  // The message of the TarnException that reading throws ("" when it does not throw).
  std::string ReadError(const std::string& path, CsvReadOptions options = {}) {
    options.patterns = {path};
    auto binding = CsvTableBinding::BindOptions(options);
    if (!binding.ok()) return binding.status().message();
    try {
      Scan(*binding.value());
    } catch (const TarnException& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
      return error.what();
    }
    return "";
  }

  std::filesystem::path directory_;
};

std::string GzipCompress(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string output(deflateBound(&stream, text.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  deflate(&stream, Z_FINISH);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  return output;
}

std::string ZstdCompress(const std::string& text) {
  std::string output(ZSTD_compressBound(text.size()), '\0');
  output.resize(ZSTD_compress(output.data(), output.size(), text.data(), text.size(), 3));
  return output;
}

TEST_F(CsvReaderTest, ReadsTypedFixture) {
  auto rows = Read(FixturePath("people.csv"));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|Alice|12.50|2021-03-04|true|00501",
                      "2|Bob|7.25|2020-12-31|false|10001",
                      "3|Smith, Carol|100.00|2019-01-15|true|94105",
                      "4|NULL|NULL|NULL|NULL|NULL",
                  }));
}

TEST_F(CsvReaderTest, QuotedNewlinesAndDoubledQuotes) {
  auto rows = Read(FixturePath("notes.tsv"));
  EXPECT_EQ(rows,
            (std::vector<std::string>{"1|line one\nline two", "2|he said \"hi\"", "3|plain"}));
}

TEST_F(CsvReaderTest, BackslashEscapes) {
  std::string path = Write("escaped.csv", "a,b\n\"x \\\"y\\\"\",1\n\"p\\\\q\",2\n");
  CsvReadOptions options;
  options.escape = '\\';
  EXPECT_EQ(Read(path, options), (std::vector<std::string>{"x \"y\"|1", "p\\q|2"}));
}

TEST_F(CsvReaderTest, BomCrlfAndTimestamps) {
  auto rows = Read(FixturePath("cities_bom_crlf.csv"));
  EXPECT_EQ(rows, (std::vector<std::string>{"Oslo|709037|2023-05-01 10:00:00",
                                            "Bergen|291940|2023-05-02 11:30:15"}));
}

TEST_F(CsvReaderTest, TrailingDelimiterColumnIsDropped) {
  CsvReadOptions options;
  options.patterns = {FixturePath("items.tbl")};
  auto binding = Bind(options);
  ASSERT_TRUE(binding);
  EXPECT_EQ(binding->names().size(), 4u);
  EXPECT_EQ(Scan(*binding),
            (std::vector<std::string>{"1|Widget|3.50|2024-01-02", "2|Gadget|12.75|2024-02-29",
                                      "3|Gizmo|0.99|2023-12-31"}));
  EXPECT_EQ(binding->ToString(), "read_csv(" + FixturePath("items.tbl") + ")");
}

TEST_F(CsvReaderTest, ProjectionFillsOnlyRequestedColumns) {
  CsvReadOptions options;
  options.patterns = {FixturePath("people.csv")};
  auto binding = Bind(options);
  ASSERT_TRUE(binding);
  EXPECT_EQ(Scan(*binding, {5, 1}), (std::vector<std::string>{"00501|Alice", "10001|Bob",
                                                              "94105|Smith, Carol", "NULL|NULL"}));
  // No columns at all (COUNT(*)): rows are still counted.
  EXPECT_EQ(Scan(*binding, {}, 1, false).size(), 4u);
}

TEST_F(CsvReaderTest, NullHandling) {
  std::string path = Write("nulls.csv", "s,n\n\"\",1\n,2\nNA,NA\nx,\n");
  EXPECT_EQ(Read(path), (std::vector<std::string>{"|1", "NULL|2", "NA|NA", "x|NULL"}))
      << "NA is a string without nullstr, so column n is VARCHAR";
  CsvReadOptions options;
  options.null_string = "NA";
  EXPECT_EQ(Read(path, options), (std::vector<std::string>{"|1", "|2", "NULL|NULL", "x|NULL"}));
}

TEST_F(CsvReaderTest, MissingFinalNewlineAndEmptyLines) {
  std::string path = Write("ragged_end.csv", "a,b\n\n1,2\r\n\r\n3,4");
  EXPECT_EQ(Read(path), (std::vector<std::string>{"1|2", "3|4"}));
}

TEST_F(CsvReaderTest, GzipAndZstdInputs) {
  std::string text = "id,name,amount\n";
  for (int i = 0; i < 20000; i++) {
    text +=
        std::to_string(i) + ",\"name, " + std::to_string(i) + "\"," + std::to_string(i) + ".25\n";
  }
  auto plain = Read(Write("plain.csv", text));
  ASSERT_EQ(plain.size(), 20000u);
  EXPECT_EQ(plain[7], "7|name, 7|7.25");
  EXPECT_EQ(Read(Write("data.csv.gz", GzipCompress(text))), plain);
  EXPECT_EQ(Read(Write("data.csv.zst", ZstdCompress(text))), plain);
  CsvReadOptions forced;
  forced.compression = Compression::kGzip;
  EXPECT_EQ(Read(Write("data.bin", GzipCompress(text)), forced), plain);
}

std::string GenerateFile(int rows) {
  std::string text = "id,code,price,day,note\n";
  for (int i = 0; i < rows; i++) {
    text += std::to_string(i * 7) + "," + std::to_string(i % 97) + "," + std::to_string(i % 1000) +
            "." + std::to_string(i % 10) + std::to_string(i % 7) + ",2020-0" +
            std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + ",";
    if (i % 5 == 0) {
      text += "\"quoted, with comma " + std::to_string(i) + "\"";
    } else if (i % 11 == 0) {
      text += "";
    } else {
      text += "note number " + std::to_string(i);
    }
    text += (i % 13 == 0) ? "\r\n" : "\n";
    if (i % 1001 == 0) text += "\n";
  }
  return text;
}

TEST_F(CsvReaderTest, ParallelRangesMatchSingleThreadedRead) {
  std::string path = Write("big.csv", GenerateFile(150000));
  ASSERT_GT(std::filesystem::file_size(path), 5u * 1024 * 1024);
  CsvReadOptions options;
  options.patterns = {path};
  auto whole = Bind(options);
  ASSERT_TRUE(whole);
  whole->set_morsel_size(1ull << 40);
  auto expected = Scan(*whole);
  ASSERT_EQ(expected.size(), 150000u);
  EXPECT_EQ(expected[5], "35|5|5.55|2020-06-15|quoted, with comma 5");
  std::sort(expected.begin(), expected.end());

  for (uint64_t morsel : {uint64_t(100000), uint64_t(256 * 1024 + 17)}) {
    auto ranged = Bind(options);
    ASSERT_TRUE(ranged);
    ranged->set_morsel_size(morsel);
    auto global = ranged->InitGlobal({0});
    EXPECT_GT(ranged->MaxThreads(*global), 10u);
    EXPECT_EQ(Scan(*ranged, {}, 2), expected) << "morsel " << morsel;
    EXPECT_EQ(Scan(*ranged, {}, 1).size(), expected.size());
  }
  EXPECT_NEAR(whole->EstimatedRows(), 150000, 30000);
}

TEST_F(CsvReaderTest, ProgressReachesOne) {
  CsvReadOptions options;
  options.patterns = {FixturePath("people.csv")};
  auto binding = Bind(options);
  ASSERT_TRUE(binding);
  auto global = binding->InitGlobal({0});
  auto local = binding->InitLocal(*global);
  EXPECT_EQ(binding->Progress(*global), 0.0);
  DataChunk chunk;
  do {
    binding->Scan(*global, *local, chunk);
  } while (chunk.size() > 0);
  EXPECT_EQ(binding->Progress(*global), 1.0);
}

TEST_F(CsvReaderTest, ConversionErrorNamesFileLineColumnAndFix) {
  std::string text = "id,zip\n";
  for (int i = 1; i <= 200; i++)
    text += std::to_string(i) + "," + (i == 120 ? "9A001" : "10001") + "\n";
  std::string path = Write("zips.csv", text);
  CsvReadOptions options;
  options.sample_size = 10;
  EXPECT_EQ(ReadError(path, options),
            "Error reading \"" + path +
                "\" line 121, column \"zip\" (2): could not convert \"9A001\" to BIGINT. The "
                "type was detected from a sample; fix it with types={'zip': 'VARCHAR'} or "
                "sample_size=-1");
  options.ignore_errors = true;
  EXPECT_EQ(Read(path, options).size(), 199u);
  options.ignore_errors = false;
  options.sample_size = -1;
  EXPECT_EQ(Read(path, options)[119], "120|9A001");
}

TEST_F(CsvReaderTest, RaggedRows) {
  std::string path = Write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
  std::string short_error = ReadError(path);
  EXPECT_NE(short_error.find("\"" + path + "\" line 3: expected 3 fields but found 2"),
            std::string::npos)
      << short_error;
  EXPECT_NE(short_error.find("null_padding=true"), std::string::npos);
  EXPECT_NE(short_error.find("ignore_errors=true"), std::string::npos);

  CsvReadOptions skip;
  skip.ignore_errors = true;
  EXPECT_EQ(Read(path, skip), (std::vector<std::string>{"1|2|3", "10|11|12"}));

  std::string long_only = Write("long.csv", "a,b\n1,2\n3,4,5\n");
  std::string long_error = ReadError(long_only);
  EXPECT_NE(long_error.find("line 3: expected 2 fields but found 3"), std::string::npos)
      << long_error;

  std::string short_only = Write("short.csv", "a,b,c\n1,2,3\n4\n5,6\n");
  CsvReadOptions padding;
  padding.null_padding = true;
  EXPECT_EQ(Read(short_only, padding),
            (std::vector<std::string>{"1|2|3", "4|NULL|NULL", "5|6|NULL"}));
}

TEST_F(CsvReaderTest, UnterminatedQuoteAtEndOfFile) {
  std::string path = Write("open_quote.csv", "a,b\n1,x\n2,\"never closed\n3,y\n");
  CsvReadOptions options;
  options.quote = '"';
  std::string error = ReadError(path, options);
  EXPECT_NE(error.find("line 3: unterminated quoted field"), std::string::npos) << error;
  EXPECT_NE(error.find("at end of file"), std::string::npos);
}

TEST_F(CsvReaderTest, TextAfterClosingQuote) {
  std::string path = Write("after_quote.csv", "a,b\n1,\"x\"y\n");
  CsvReadOptions options;
  options.delimiter = ',';
  options.quote = '"';
  options.escape = '"';
  std::string error = ReadError(path, options);
  EXPECT_NE(error.find("line 2: unexpected character after a closing quote 'y'"), std::string::npos)
      << error;
}

TEST_F(CsvReaderTest, LineLongerThanMaxLineSize) {
  std::string text = "a,b\n1,short\n2," + std::string(5000, 'x') + "\n3,z\n";
  std::string path = Write("long_line.csv", text);
  CsvReadOptions options;
  options.max_line_size = 1000;
  std::string error = ReadError(path, options);
  EXPECT_NE(error.find("line 3: line is longer than max_line_size (1000 bytes)"), std::string::npos)
      << error;
  // A line far beyond the read buffer: bounded memory, clean error.
  std::string huge = "a\n" + std::string(6 * 1024 * 1024, 'y') + "\n";
  std::string huge_path = Write("huge_line.csv", huge);
  CsvReadOptions defaults;
  defaults.columns = {{"a", TypeId::kVarchar}};
  std::string huge_error = ReadError(huge_path, defaults);
  EXPECT_NE(huge_error.find("line 2: line is longer than max_line_size (2097152 bytes)"),
            std::string::npos)
      << huge_error;
}

TEST_F(CsvReaderTest, BinaryGarbageIsRejected) {
  std::string garbage("PK\x03\x04\x00\x00\x08\x00", 8);
  std::string path = Write("archive.csv", garbage);
  EXPECT_EQ(ReadError(path),
            "\"" + path + "\" does not look like a CSV file (binary data at byte 4)");
}

TEST_F(CsvReaderTest, FilenameColumnAndManyFiles) {
  std::string a = Write("part-1.csv", "k,v\n1,a\n2,b\n");
  std::string b = Write("part-2.csv", "k,v\n3,c\n");
  Write("other.txt", "k,v,w\n1,2,3\n");
  CsvReadOptions options;
  options.patterns = {(directory_ / "part-*.csv").string()};
  options.filename_column = true;
  auto binding = Bind(options);
  ASSERT_TRUE(binding);
  EXPECT_EQ(binding->names(), (std::vector<std::string>{"k", "v", "filename"}));
  EXPECT_EQ(Scan(*binding), (std::vector<std::string>{"1|a|" + a, "2|b|" + a, "3|c|" + b}));
  EXPECT_EQ(Scan(*binding, {2, 0}), (std::vector<std::string>{a + "|1", a + "|2", b + "|3"}));
  EXPECT_NE(binding->ToString().find(": 2 files)"), std::string::npos);

  Write("part-3.csv", "k,v,w\n4,d,e\n");
  auto mismatch = CsvTableBinding::BindOptions(options);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("part-3.csv\" line 1 has 3 fields"), std::string::npos)
      << mismatch.status().message();
}

TEST_F(CsvReaderTest, TableFunctionOptions) {
  std::string path = Write("opts.csv", "# comment line\nx;y\n1;2\n3;4\n");
  TableFunctionInput input;
  input.positional = {Value::Varchar(path)};
  input.named["skip"] = Value::Integer(1);
  input.named["delim"] = Value::Varchar(";");
  input.named["header"] = Value::Integer(1);
  input.named_structs["types"] = {{"y", Value::Varchar("DOUBLE")}};
  auto binding = CsvTableBinding::Bind(input);
  ASSERT_TRUE(binding.ok()) << binding.status().message();
  EXPECT_EQ(binding.value()->names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(binding.value()->types()[1], LogicalType(TypeId::kDouble));
  EXPECT_EQ(Scan(*binding.value()), (std::vector<std::string>{"1|2.0", "3|4.0"}));

  TableFunctionInput columns;
  columns.positional_lists = {{Value::Varchar(path)}};
  columns.named["skip"] = Value::Varchar("2");
  columns.named["header"] = Value::Boolean(false);
  columns.named_structs["columns"] = {{"a", Value::Varchar("INTEGER")},
                                      {"b", Value::Varchar("VARCHAR")}};
  auto declared = CsvTableBinding::Bind(columns);
  ASSERT_TRUE(declared.ok()) << declared.status().message();
  EXPECT_EQ(declared.value()->types()[0], LogicalType(TypeId::kInteger));
  EXPECT_EQ(Scan(*declared.value()), (std::vector<std::string>{"1|2", "3|4"}));

  TableFunctionInput unknown;
  unknown.positional = {Value::Varchar(path)};
  unknown.named["delimiterz"] = Value::Varchar(",");
  auto unknown_result = CsvTableBinding::Bind(unknown);
  ASSERT_FALSE(unknown_result.ok());
  EXPECT_EQ(unknown_result.status().code(), ErrorCode::kInvalidOption);
  EXPECT_NE(unknown_result.status().message().find("Unknown read_csv option 'delimiterz'"),
            std::string::npos);
  EXPECT_NE(unknown_result.status().message().find("null_padding"), std::string::npos);

  TableFunctionInput bad_bool;
  bad_bool.positional = {Value::Varchar(path)};
  bad_bool.named["header"] = Value::Varchar("maybe");
  auto bad_bool_result = CsvTableBinding::Bind(bad_bool);
  ASSERT_FALSE(bad_bool_result.ok());
  EXPECT_EQ(bad_bool_result.status().code(), ErrorCode::kInvalidOption);
  EXPECT_NE(bad_bool_result.status().message().find("'header'"), std::string::npos);
  EXPECT_NE(bad_bool_result.status().message().find("true or false"), std::string::npos);

  TableFunctionInput bad_type;
  bad_type.positional = {Value::Varchar(path)};
  bad_type.named_structs["columns"] = {{"a", Value::Varchar("NOT_A_TYPE")}};
  EXPECT_EQ(CsvTableBinding::Bind(bad_type).status().code(), ErrorCode::kInvalidOption);

  TableFunctionInput bad_compression;
  bad_compression.positional = {Value::Varchar(path)};
  bad_compression.named["compression"] = Value::Varchar("rar");
  EXPECT_EQ(CsvTableBinding::Bind(bad_compression).status().code(), ErrorCode::kInvalidOption);

  TableFunctionInput missing;
  missing.positional = {Value::Varchar((directory_ / "none*.csv").string())};
  auto missing_result = CsvTableBinding::Bind(missing);
  ASSERT_FALSE(missing_result.ok());
  EXPECT_EQ(missing_result.status().code(), ErrorCode::kIo);
}

TEST_F(CsvReaderTest, RegistryKnowsNamesAndExtensions) {
  TableFunctionRegistry registry;
  RegisterCsvTableFunctions(registry);
  EXPECT_NE(registry.Find("read_csv"), nullptr);
  EXPECT_NE(registry.Find("read_csv_auto"), nullptr);
  EXPECT_EQ(registry.FunctionForPath("data/lineitem.tbl"), "read_csv");
  EXPECT_EQ(registry.FunctionForPath("x.tsv.gz"), "read_csv");
  TableFunctionInput input;
  input.positional = {Value::Varchar(FixturePath("items.tbl"))};
  auto binding = (*registry.Find("read_csv"))(input);
  ASSERT_TRUE(binding.ok()) << binding.status().message();
  EXPECT_EQ(binding.value()->names().size(), 4u);
}

TEST_F(CsvReaderTest, RandomInputFailsCleanlyOrReads) {
  const char alphabet[] = {'a', '1', '2', '.', '-', ',', '"', '\n', '\r', '\\', '|', ' ', '\''};
  uint64_t state = 12345;
  int read_ok = 0;
  for (int iteration = 0; iteration < 300; iteration++) {
    std::string text;
    int length = 1 + iteration * 3;
    for (int i = 0; i < length; i++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(state >> 33) % sizeof(alphabet)];
    }
    std::string path = Write("random.csv", text);
    for (bool ignore : {false, true}) {
      CsvReadOptions options;
      options.patterns = {path};
      options.ignore_errors = ignore;
      options.null_padding = ignore;
      auto binding = CsvTableBinding::BindOptions(options);
      if (!binding.ok()) continue;
      try {
        Scan(*binding.value());
        read_ok++;
      } catch (const TarnException& error) {
        EXPECT_EQ(error.code(), ErrorCode::kInvalidInput) << error.what();
        EXPECT_NE(std::string(error.what()).find(path), std::string::npos);
      }
    }
  }
  EXPECT_GT(read_ok, 100);
}

// Values whose scaled digits exceed 64 bits must be range errors, never wrapped numbers:
// 184467440737095517 * 100 is 2^64 + 84.
TEST_F(CsvReaderTest, DecimalBeyondItsWidthIsAnErrorNotAWrappedValue) {
  std::string path = Write("wide.csv", "a\n1.5\n184467440737095517\n");
  CsvReadOptions options;
  options.header = true;
  options.columns = {{"a", LogicalType::Decimal(18, 2)}};
  std::string error = ReadError(path, options);
  EXPECT_NE(error.find("line 3, column \"a\" (1): could not convert \"184467440737095517\" to "
                       "DECIMAL(18,2)"),
            std::string::npos)
      << error;
}

// Rows of int, decimal, date and text columns, with empty lines now and then. `quote_every`
// > 0 quotes the text of every such row (same value), `crlf_every` > 0 ends such rows with
// "\r\n": either sends the blocks holding them down the general splitting path.
std::string GenerateTypedRows(int rows, int quote_every, int crlf_every) {
  std::string text = "id|amount|day|note\n";
  for (int i = 0; i < rows; i++) {
    std::string note = i % 17 == 0 ? "" : "note " + std::to_string(i * 31);
    // A quoted empty field is an empty string, not NULL: only non-empty notes are quoted.
    bool quoted = quote_every > 0 && i % quote_every == quote_every - 1 && !note.empty();
    text += std::to_string(i - 1000) + "|" + (i % 3 == 0 ? "-" : "") + std::to_string(i % 5000) +
            "." + std::to_string(i % 10) + std::to_string(i % 7) + "|" +
            std::to_string(1990 + i % 12) + "-0" + std::to_string(1 + i % 9) + "-2" +
            std::to_string(i % 9) + "|" + (quoted ? "\"" + note + "\"" : note) +
            (crlf_every > 0 && i % crlf_every == 0 ? "\r\n" : "\n");
    if (i % 40001 == 0) text += "\n";
  }
  return text;
}

TEST_F(CsvReaderTest, QuoteFreeBlocksSplitLikeQuotedOnes) {
  const int kRows = 120000;  // About 3.5 MB: rows cross several read blocks.
  std::string plain = Write("plain.csv", GenerateTypedRows(kRows, 0, 0));
  ASSERT_GT(std::filesystem::file_size(plain), 3u * 1024 * 1024);
  CsvReadOptions options;
  options.delimiter = '|';
  options.quote = '"';
  options.header = true;
  options.columns = {{"id", TypeId::kInteger},
                     {"amount", LogicalType::Decimal(15, 2)},
                     {"day", TypeId::kDate},
                     {"note", TypeId::kVarchar}};
  options.null_string = "";
  auto expected = Read(plain, options);
  ASSERT_EQ(expected.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(expected[3], "-997|-3.33|1993-04-23|note 93");
  EXPECT_EQ(expected[17], "-983|17.73|1995-09-28|NULL");

  // The same values, but some blocks hold a quote character or a carriage return.
  for (auto [quote_every, crlf_every] :
       {std::pair{50000, 0}, std::pair{0, 70000}, std::pair{7, 5}}) {
    std::string path = Write("variant.csv", GenerateTypedRows(kRows, quote_every, crlf_every));
    EXPECT_EQ(Read(path, options), expected) << quote_every << " " << crlf_every;
  }

  // Projections and byte ranges split the same way.
  options.patterns = {plain};
  auto binding = Bind(options);
  ASSERT_TRUE(binding);
  auto projected = Scan(*binding, {3, 0});
  ASSERT_EQ(projected.size(), expected.size());
  EXPECT_EQ(projected[3], "note 93|-997");
  // Fields after the last stored one, or all of them, are only counted.
  auto first_column = Scan(*binding, {0});
  ASSERT_EQ(first_column.size(), expected.size());
  EXPECT_EQ(first_column[3], "-997");
  EXPECT_EQ(Scan(*binding, {2, 1})[17], "1995-09-28|17.73");
  EXPECT_EQ(Scan(*binding, {}, 1, false).size(), expected.size());
  std::sort(expected.begin(), expected.end());
  for (uint64_t morsel : {uint64_t(100000), uint64_t(1024 * 1024 + 5)}) {
    binding->set_morsel_size(morsel);
    EXPECT_EQ(Scan(*binding, {}, 2), expected) << "morsel " << morsel;
  }
}

TEST_F(CsvReaderTest, QuoteFreeBlocksReportBadRowsLikeQuotedOnes) {
  CsvReadOptions options;
  options.delimiter = ',';
  options.quote = '"';
  options.header = false;
  options.columns = {{"a", TypeId::kInteger}, {"b", TypeId::kVarchar}};
  std::string rows;
  for (int i = 0; i < 3000; i++) rows += std::to_string(i) + ",x\n";
  for (std::string tail : {std::string(""), std::string("\"q\",\"y\"\n")}) {
    std::string ragged = Write("ragged.csv", rows + "3000,x,extra\n" + tail);
    std::string error = ReadError(ragged, options);
    EXPECT_NE(error.find("line 3001: expected 2 fields but found 3"), std::string::npos) << error;
    std::string short_row = Write("short.csv", rows + "3000\n" + tail);
    error = ReadError(short_row, options);
    EXPECT_NE(error.find("line 3001: expected 2 fields but found 1"), std::string::npos) << error;
    std::string bad_value = Write("bad.csv", rows + "30x0,x\n" + tail);
    error = ReadError(bad_value, options);
    EXPECT_NE(error.find("line 3001, column \"a\" (1): could not convert \"30x0\" to INTEGER"),
              std::string::npos)
        << error;
  }
  // With only the first column stored, the rest of each row is counted, not walked.
  auto projected_error = [&](const std::string& path) -> std::string {
    CsvReadOptions projected = options;
    projected.patterns = {path};
    auto binding = Bind(projected);
    if (!binding) return "";
    try {
      Scan(*binding, {0});
    } catch (const TarnException& error) {
      return error.what();
    }
    return "";
  };
  std::string error = projected_error(Write("p_long.csv", rows + "3000,x,extra\n3001,y\n"));
  EXPECT_NE(error.find("line 3001: expected 2 fields but found 3"), std::string::npos) << error;
  // A short row followed by a long one has the right number of delimiters in all.
  error = projected_error(Write("p_short.csv", rows + "3000\n3001,y,z\n"));
  EXPECT_NE(error.find("line 3001: expected 2 fields but found 1"), std::string::npos) << error;
  error = projected_error(Write("p_count.csv", rows + "3000,x,y\n3001\n"));
  EXPECT_NE(error.find("line 3001: expected 2 fields but found 3"), std::string::npos) << error;
  {
    CsvReadOptions counted = options;
    counted.patterns = {Write("p_none.csv", rows + "3000,x,y\n")};
    auto binding = Bind(counted);
    ASSERT_TRUE(binding);
    EXPECT_THROW(Scan(*binding, {}, 1, false), TarnException);
  }

  CsvReadOptions lenient = options;
  lenient.ignore_errors = true;
  EXPECT_EQ(Read(Write("skip.csv", rows + "3000,x,extra\n3001,y\n"), lenient).size(), 3001u);
  lenient.ignore_errors = false;
  lenient.null_padding = true;
  auto padded = Read(Write("pad.csv", rows + "3000\n3001,y"), lenient);
  ASSERT_EQ(padded.size(), 3002u);
  EXPECT_EQ(padded[3000], "3000|NULL");
  EXPECT_EQ(padded[3001], "3001|y");
  CsvReadOptions one_column;
  one_column.header = false;
  one_column.columns = {{"a", TypeId::kVarchar}};
  // Empty lines are skipped, as on the general path.
  EXPECT_EQ(Read(Write("one.csv", "p\n\nq\n\n\nr\n"), one_column),
            (std::vector<std::string>{"p", "q", "r"}));
  one_column.max_line_size = 10;
  EXPECT_EQ(Read(Write("exact.csv", "p\n0123456789\nr\n"), one_column),
            (std::vector<std::string>{"p", "0123456789", "r"}));
  error = ReadError(Write("long.csv", "p\nq\n0123456789012\nr\n"), one_column);
  EXPECT_NE(error.find("line 3: line is longer than max_line_size (10 bytes)"), std::string::npos)
      << error;
}

// The digit loops give what the general parsers give: same values, same rounding, same
// errors.
TEST_F(CsvReaderTest, DecimalEdgesMatchTheGeneralParser) {
  const std::vector<std::string> values = {"0",
                                           "-0",
                                           "7",
                                           "7.",
                                           ".5",
                                           "-.5",
                                           "-1.5",
                                           "12.34",
                                           "-0.01",
                                           "1.999",
                                           "-1.005",
                                           "0.004",
                                           "00012.30",
                                           "+3.25",
                                           " 4.5 ",
                                           "1e2",
                                           "9999999999999.99",
                                           "-9999999999999.99",
                                           "9999999999999.995",
                                           "99999999999999.9",
                                           "12345.67",
                                           "123456.78",
                                           "1234567.",
                                           "-1234567.8",
                                           "12.3.4",
                                           "1.2x",
                                           "x1.2",
                                           "-",
                                           ".",
                                           "--1",
                                           "1-2",
                                           "12345678",
                                           "123456789",
                                           "1234567.891",
                                           "0.1234"};
  std::string text = "v\n";
  for (const auto& value : values) text += value + "\n";
  CsvReadOptions options;
  options.header = true;
  options.quote = '"';
  options.columns = {{"v", LogicalType::Decimal(15, 2)}};
  for (const auto& value : values) {
    std::string path = Write("one.csv", "v\n" + value + "\n");
    int128_t general;
    bool parses = numeric::TryParseDecimal(value, 15, 2, &general);
    if (parses) {
      auto rows = Read(path, options);
      ASSERT_EQ(rows.size(), 1u) << value;
      EXPECT_EQ(rows[0], Value::Decimal(general, 15, 2).ToString()) << value;
    } else {
      EXPECT_NE(
          ReadError(path, options).find("could not convert \"" + value + "\" to DECIMAL(15,2)"),
          std::string::npos)
          << value;
    }
  }
  auto rows = Read(Write("all.csv", "v\n7\n-1.5\n1.999\n-1.005\n.5\n"), options);
  EXPECT_EQ(rows, (std::vector<std::string>{"7.00", "-1.50", "2.00", "-1.01", "0.50"}));
  EXPECT_NE(ReadError(Write("wide.csv", "v\n99999999999999.9\n"), options)
                .find("line 2, column \"v\" (1): could not convert \"99999999999999.9\" to "
                      "DECIMAL(15,2)"),
            std::string::npos);
  // Scales at the edge of 64 bits.
  CsvReadOptions wide = options;
  wide.columns = {{"v", LogicalType::Decimal(18, 17)}};
  EXPECT_EQ(Read(Write("w.csv", "v\n1.5\n-9.99999999999999999\n"), wide),
            (std::vector<std::string>{"1.50000000000000000", "-9.99999999999999999"}));
  wide.columns = {{"v", LogicalType::Decimal(18, 0)}};
  EXPECT_EQ(Read(Write("w0.csv", "v\n999999999999999999\n-12\n"), wide),
            (std::vector<std::string>{"999999999999999999", "-12"}));
}

TEST_F(CsvReaderTest, DatesRoundTripAndInvalidDatesFailAsBefore) {
  std::string text = "d\n";
  std::vector<std::string> dates;
  for (int year : {0, 1, 4, 100, 399, 400, 1582, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024,
                   2100, 2400, 9999}) {
    for (int month = 1; month <= 12; month++) {
      for (int day = 1; day <= date_time::DaysInMonth(year, month); day++) {
        char date[48];
        std::snprintf(date, sizeof(date), "%04d-%02d-%02d", year, month, day);
        dates.push_back(date);
        text += std::string(date) + "\n";
      }
    }
  }
  CsvReadOptions options;
  options.header = true;
  options.columns = {{"d", TypeId::kDate}};
  auto rows = Read(Write("dates.csv", text), options);
  EXPECT_EQ(rows, dates);
  // Leap days: 2000 and 2400 are leap years, 1900 and 2100 are not.
  EXPECT_EQ(std::count(dates.begin(), dates.end(), "2000-02-29"), 1);
  EXPECT_EQ(std::count(dates.begin(), dates.end(), "1900-02-29"), 0);
  for (std::string bad : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                          "2024-01-00", "2024-1a-01", "x024-01-01", "2:24-01-01",
                          "2024-01-0:", "2024-01-/1", "2024/01/01", "2024-01_01", "2024-01-011"}) {
    std::string error = ReadError(Write("bad.csv", "d\n2024-02-29\n" + bad + "\n"), options);
    EXPECT_EQ(error, "Error reading \"" + (directory_ / "bad.csv").string() +
                         "\" line 3, column \"d\" (1): could not convert \"" + bad +
                         "\" to DATE. Fix the declared type of the column, or skip such rows "
                         "with ignore_errors=true");
  }
  // Other spellings still go to the general parser.
  EXPECT_EQ(Read(Write("loose.csv", "d\n2024-2-9\n 2024-02-09\n-0001-12-31\n"), options),
            (std::vector<std::string>{"2024-02-09", "2024-02-09", "0002-12-31 (BC)"}));
}

TEST_F(CsvReaderTest, IntegersMatchTheGeneralParser) {
  const std::vector<std::string> values = {"0",
                                           "-0",
                                           "7",
                                           "-7",
                                           "12345678",
                                           "-12345678",
                                           "123456789",
                                           "00000001",
                                           "2147483647",
                                           "-2147483648",
                                           "2147483648",
                                           "-2147483649",
                                           "999999999999999999",
                                           "9223372036854775807",
                                           "9223372036854775808",
                                           "+5",
                                           " 5",
                                           "5 ",
                                           "1a",
                                           "a1",
                                           "-",
                                           "1-",
                                           "1.0",
                                           "0x10",
                                           "12:4"};
  CsvReadOptions options;
  options.header = true;
  for (TypeId type : {TypeId::kInteger, TypeId::kBigint}) {
    options.columns = {{"v", type}};
    for (const auto& value : values) {
      std::string path = Write("one.csv", "v\n" + value + "\n");
      int64_t general64 = 0;
      int32_t general32 = 0;
      bool parses = type == TypeId::kBigint ? numeric::TryParseInt64(value, &general64)
                                            : numeric::TryParseInt32(value, &general32);
      if (type == TypeId::kInteger) general64 = general32;
      if (parses) {
        EXPECT_EQ(Read(path, options), std::vector<std::string>{std::to_string(general64)})
            << value;
      } else {
        EXPECT_NE(ReadError(path, options).find("could not convert \"" + value + "\""),
                  std::string::npos)
            << value;
      }
    }
  }
}

}  // namespace
}  // namespace tarn
