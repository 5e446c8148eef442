#include "formats/parquet/parquet_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "formats/parquet/parquet_encoding.h"
#include "formats/parquet/thrift_compact_reader.h"

namespace tarn {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(TARN_TEST_DATA_DIR) + "/parquet/" + name;
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Reads every readable column of every row group; returns the number of rows read.
idx_t ReadAll(const std::string& path) {
  auto opened = ParquetFile::Open(path);
  if (!opened.ok()) return 0;
  std::shared_ptr<const ParquetFile> file = std::move(opened).value();
  idx_t rows_read = 0;
  for (idx_t group = 0; group < file->metadata().row_groups.size(); group++) {
    auto rows = static_cast<idx_t>(file->metadata().row_groups[group].num_rows);
    for (const ParquetColumn& column : file->columns()) {
      if (!column.unsupported.empty()) continue;
      ParquetColumnReader reader(file, group, column);
      Vector vector(column.type);
      for (idx_t done = 0; done < rows; done += kVectorSize) {
        vector.Reset();
        reader.Read(std::min<idx_t>(kVectorSize, rows - done), vector);
      }
    }
    rows_read += rows;
  }
  return rows_read;
}

TEST(ThriftCompactReaderTest, ReadsFieldsAndSkipsUnknownOnes) {
  // struct { 1: i32 = -3, 2: binary "ab", 5: list<i64> [1, 2], 6: struct { 1: true } }
  const uint8_t bytes[] = {0x15, 0x05, 0x18, 0x02, 'a',  'b',  0x39,
                           0x26, 0x02, 0x04, 0x1c, 0x11, 0x00, 0x00};
  ThriftCompactReader reader(bytes, sizeof(bytes));
  reader.BeginStruct();
  auto header = reader.ReadFieldHeader();
  EXPECT_EQ(header.id, 1);
  EXPECT_EQ(reader.ReadI32(), -3);
  header = reader.ReadFieldHeader();
  EXPECT_EQ(header.id, 2);
  EXPECT_EQ(reader.ReadBinary(), "ab");
  header = reader.ReadFieldHeader();
  EXPECT_EQ(header.id, 5);
  reader.Skip(header.type);
  header = reader.ReadFieldHeader();
  EXPECT_EQ(header.id, 6);
  reader.Skip(header.type);
  EXPECT_EQ(reader.ReadFieldHeader().type, ThriftType::kStop);
  EXPECT_EQ(reader.position(), sizeof(bytes));
}

TEST(ThriftCompactReaderTest, RejectsHostileInput) {
  const uint8_t long_binary[] = {0x18, 0xff, 0xff, 0xff, 0x0f};
  ThriftCompactReader binary(long_binary, sizeof(long_binary));
  binary.BeginStruct();
  binary.ReadFieldHeader();
  EXPECT_THROW(binary.ReadBinary(), TarnException);

  std::vector<uint8_t> deep(200, 0x1c);  // Struct fields nested 200 deep.
  ThriftCompactReader nested(deep.data(), deep.size());
  EXPECT_THROW(nested.Skip(ThriftType::kStruct), TarnException);

  const uint8_t huge_list[] = {0xf5, 0xff, 0xff, 0xff, 0xff, 0x0f};
  ThriftCompactReader list(huge_list, sizeof(huge_list));
  EXPECT_THROW(list.ReadListHeader(), TarnException);
}

TEST(ParquetEncodingTest, RleBitPackedHybrid) {
  // A repeated run of 5 x 3, then one bit-packed group of 8 values 0..7 at width 3.
  const uint8_t bytes[] = {0x0a, 0x03, 0x03, 0x88, 0xc6, 0xfa};
  RleBitPackedDecoder decoder(bytes, sizeof(bytes), 3);
  uint32_t values[13];
  decoder.GetBatch(values, 13);
  const uint32_t expected[] = {3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7};
  for (int i = 0; i < 13; i++) EXPECT_EQ(values[i], expected[i]) << i;
  EXPECT_THROW(decoder.GetBatch(values, 1), TarnException);
}

TEST(ParquetEncodingTest, DeltaBinaryPacked) {
  // Block size 128, 4 miniblocks, 5 values, first value 7; min delta -2 (zigzag 3),
  // widths [2, 0, 0, 0]; deltas (after the minimum) 0, 3, 1, 2 -> 7, 5, 6, 5, 5.
  std::vector<uint8_t> bytes = {0x80, 0x01, 0x04, 0x05, 0x0e, 0x03, 0x02, 0x00, 0x00, 0x00};
  uint8_t packed[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const int deltas[] = {0, 3, 1, 2};
  for (int i = 0; i < 4; i++) packed[i * 2 / 8] |= deltas[i] << (i * 2 % 8);
  bytes.insert(bytes.end(), packed, packed + 8);  // 32 values * 2 bits.
  DeltaBinaryPackedDecoder decoder(bytes.data(), bytes.size());
  ASSERT_EQ(decoder.total_values(), 5u);
  int64_t values[5];
  decoder.GetBatch(values, 5);
  const int64_t expected[] = {7, 5, 6, 5, 5};
  for (int i = 0; i < 5; i++) EXPECT_EQ(values[i], expected[i]) << i;
}

TEST(ParquetEncodingTest, DeltaByteArray) {
  // Prefix lengths [0, 2, 3] and suffixes "ab", "c", "d" (lengths [2, 1, 1]):
  // "ab", "abc", "abcd". Both length lists use one miniblock of width 2.
  auto delta = [](std::vector<int> values) {
    std::vector<uint8_t> bytes = {0x80, 0x01, 0x04, static_cast<uint8_t>(values.size()),
                                  static_cast<uint8_t>(values[0] * 2)};
    int min_delta = 1 << 20;
    for (size_t i = 1; i < values.size(); i++)
      min_delta = std::min(min_delta, values[i] - values[i - 1]);
    bytes.push_back(static_cast<uint8_t>(min_delta < 0 ? -2 * min_delta - 1 : 2 * min_delta));
    for (uint8_t width : {2, 0, 0, 0}) bytes.push_back(width);
    uint8_t packed[8] = {};
    for (size_t i = 1; i < values.size(); i++) {
      int bits = values[i] - values[i - 1] - min_delta;
      packed[(i - 1) * 2 / 8] |= bits << ((i - 1) * 2 % 8);
    }
    bytes.insert(bytes.end(), packed, packed + 8);
    return bytes;
  };
  std::vector<uint8_t> data = delta({0, 2, 3});
  std::vector<uint8_t> suffix_lengths = delta({2, 1, 1});
  data.insert(data.end(), suffix_lengths.begin(), suffix_lengths.end());
  for (char c : std::string("abcd")) data.push_back(static_cast<uint8_t>(c));
  std::string storage;
  std::vector<std::string_view> values;
  DecodeDeltaByteArray(data.data(), data.size(), 3, 1 << 20, &storage, &values);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0], "ab");
  EXPECT_EQ(values[1], "abc");
  EXPECT_EQ(values[2], "abcd");
  EXPECT_THROW(DecodeDeltaByteArray(data.data(), data.size(), 2, 1 << 20, &storage, &values),
               TarnException);
}

// Found by test/fuzz/parquet_metadata_fuzzer: statistics at the ends of the int64 range
// (a TIMESTAMP of -2^63 microseconds, an INT96 day far outside TIMESTAMP) must decode
// without overflowing.
TEST(ParquetReaderTest, StatisticsAtTheLimitsOfTheirTypes) {
  ParquetColumn timestamp;
  timestamp.type = LogicalType(TypeId::kTimestamp);
  timestamp.conversion = ParquetConversion::kInt64;
  int64_t lowest = INT64_MIN;
  std::string bytes(reinterpret_cast<const char*>(&lowest), 8);
  EXPECT_FALSE(ParquetStatisticValue(timestamp, bytes).ToString().empty());
  ParquetColumn int96;
  int96.type = LogicalType(TypeId::kTimestamp);
  int96.conversion = ParquetConversion::kInt96;
  std::string far(12, '\0');
  far[11] = static_cast<char>(0x80);  // Julian day -2^31.
  EXPECT_TRUE(ParquetStatisticValue(int96, far).is_null());
}

TEST(ParquetReaderTest, ReadsFixtures) {
  EXPECT_EQ(ReadAll(DataPath("small.parquet")), 10u);
  EXPECT_EQ(ReadAll(DataPath("v2.parquet")), 3000u);
  EXPECT_EQ(ReadAll(DataPath("types.parquet")), 3u);
  EXPECT_EQ(ReadAll(DataPath("nested_structs.parquet")), 4u);
  EXPECT_EQ(ReadAll(DataPath("nested_large.parquet")), 5000u);
}

// Random byte damage must give errors, never crashes, hangs or huge allocations.
TEST(ParquetReaderTest, SurvivesRandomCorruption) {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("tarn_parquet_fuzz_" + std::to_string(::getpid()) + ".parquet");
  std::mt19937 random(1234 + ::testing::UnitTest::GetInstance()->random_seed());
  for (const char* name : {"small.parquet", "v2.parquet", "types.parquet", "codec_snappy.parquet",
                           "nested_lists.parquet", "nested_structs.parquet"}) {
    std::string original = ReadWhole(DataPath(name));
    ASSERT_FALSE(original.empty()) << name;
    for (int trial = 0; trial < 150; trial++) {
      std::string damaged = original;
      int flips = 1 + static_cast<int>(random() % 4);
      for (int i = 0; i < flips; i++) {
        damaged[random() % damaged.size()] = static_cast<char>(random());
      }
      std::ofstream(path, std::ios::binary) << damaged;
      try {
        ReadAll(path.string());
      } catch (const TarnException& error) {
        EXPECT_NE(error.code(), ErrorCode::kInternal) << error.what();
      }
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tarn
