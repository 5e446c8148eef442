#include "formats/parquet/parquet_record_assembler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/exception.h"
#include "formats/parquet/thrift_compact_writer.h"

namespace tarn {
namespace {

// Hand-written files in the layouts that older writers use (two-level lists, repeated
// fields without a LIST annotation), which the fixture writer cannot produce. The expected
// values follow from the levels by the format's rules, written out by hand.

struct SchemaNodeSpec {
  std::string name;
  int repetition = 0;  // 0 required, 1 optional, 2 repeated
  int physical = -1;   // -1 for a group
  int num_children = 0;
  int converted_type = -1;  // 3 = LIST, 1 = MAP
};

struct Entry {
  int repetition;
  int definition;
  int value;  // Written only when definition is the leaf's maximum.
};

struct LeafSpec {
  std::string path;
  int max_definition;
  int max_repetition;
  std::vector<Entry> entries;
};

int Width(int max_level) {
  int width = 0;
  while (max_level > 0) {
    width++;
    max_level >>= 1;
  }
  return width;
}

// Levels as RLE runs of one value each, behind their 4-byte length.
void AppendLevels(const std::vector<int>& levels, int max_level, std::string* out) {
  std::string runs;
  for (int level : levels) {
    runs.push_back(2);  // A repeated run of length 1.
    for (int i = 0; i < (Width(max_level) + 7) / 8; i++) {
      runs.push_back(static_cast<char>(level >> (8 * i)));
    }
  }
  uint32_t length = static_cast<uint32_t>(runs.size());
  out->append(reinterpret_cast<const char*>(&length), 4);
  out->append(runs);
}

std::string WriteFile(const std::vector<SchemaNodeSpec>& schema,
                      const std::vector<LeafSpec>& leaves, int64_t rows) {
  std::string file = "PAR1";
  struct Chunk {
    int64_t offset;
    int64_t size;
    int64_t values;
  };
  std::vector<Chunk> chunks;
  for (const LeafSpec& leaf : leaves) {
    std::string body;
    std::vector<int> repetition, definition;
    std::string values;
    for (const Entry& entry : leaf.entries) {
      repetition.push_back(entry.repetition);
      definition.push_back(entry.definition);
      if (entry.definition == leaf.max_definition) {
        int32_t value = entry.value;
        values.append(reinterpret_cast<const char*>(&value), 4);
      }
    }
    if (leaf.max_repetition > 0) AppendLevels(repetition, leaf.max_repetition, &body);
    if (leaf.max_definition > 0) AppendLevels(definition, leaf.max_definition, &body);
    body += values;
    ThriftCompactWriter header;
    header.BeginStruct();
    header.FieldI32(1, 0);
    header.FieldI32(2, static_cast<int32_t>(body.size()));
    header.FieldI32(3, static_cast<int32_t>(body.size()));
    header.FieldStructBegin(5);
    header.FieldI32(1, static_cast<int32_t>(leaf.entries.size()));
    header.FieldI32(2, 0);
    header.FieldI32(3, 3);
    header.FieldI32(4, 3);
    header.EndStruct();
    header.EndStruct();
    Chunk chunk{static_cast<int64_t>(file.size()), 0, static_cast<int64_t>(leaf.entries.size())};
    file += header.bytes() + body;
    chunk.size = static_cast<int64_t>(file.size()) - chunk.offset;
    chunks.push_back(chunk);
  }
  ThriftCompactWriter footer;
  footer.BeginStruct();
  footer.FieldI32(1, 1);
  footer.FieldListBegin(2, ThriftType::kStruct, static_cast<uint32_t>(schema.size()));
  for (const SchemaNodeSpec& node : schema) {
    footer.BeginStruct();
    if (node.physical >= 0) footer.FieldI32(1, node.physical);
    if (&node != &schema[0]) footer.FieldI32(3, node.repetition);
    footer.FieldBinary(4, node.name);
    if (node.num_children > 0) footer.FieldI32(5, node.num_children);
    if (node.converted_type >= 0) footer.FieldI32(6, node.converted_type);
    footer.EndStruct();
  }
  footer.FieldI64(3, rows);
  footer.FieldListBegin(4, ThriftType::kStruct, 1);
  footer.BeginStruct();
  footer.FieldListBegin(1, ThriftType::kStruct, static_cast<uint32_t>(leaves.size()));
  for (size_t i = 0; i < leaves.size(); i++) {
    footer.BeginStruct();
    footer.FieldI64(2, chunks[i].offset);
    footer.FieldStructBegin(3);
    footer.FieldI32(1, 1);  // INT32
    footer.FieldListBegin(2, ThriftType::kI32, 1);
    footer.ListI32(0);
    footer.FieldListBegin(3, ThriftType::kBinary, 1);
    footer.ListBinary(leaves[i].path);
    footer.FieldI32(4, 0);
    footer.FieldI64(5, chunks[i].values);
    footer.FieldI64(6, chunks[i].size);
    footer.FieldI64(7, chunks[i].size);
    footer.FieldI64(9, chunks[i].offset);
    footer.EndStruct();
    footer.EndStruct();
  }
  footer.FieldI64(2, 0);
  footer.FieldI64(3, rows);
  footer.EndStruct();
  footer.EndStruct();
  std::string bytes = footer.Release();
  file += bytes;
  uint32_t length = static_cast<uint32_t>(bytes.size());
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  return file;
}

class LegacyLayoutTest : public ::testing::Test {
 protected:
  // Writes the file and returns every column's rows as text.
  std::vector<std::vector<std::string>> Read(const std::string& bytes,
                                             std::vector<std::string>* types = nullptr) {
    std::ofstream(path_, std::ios::binary) << bytes;
    auto opened = ParquetFile::Open(path_.string());
    opened.status().ThrowIfError();
    std::shared_ptr<const ParquetFile> file = std::move(opened).value();
    std::vector<std::vector<std::string>> columns;
    auto rows = static_cast<idx_t>(file->metadata().row_groups[0].num_rows);
    for (const ParquetColumn& column : file->columns()) {
      if (types) types->push_back(column.type.ToString());
      ParquetColumnReader reader(file, 0, column);
      Vector vector(column.type);
      reader.Read(rows, vector);
      std::vector<std::string> values;
      for (idx_t row = 0; row < rows; row++) values.push_back(vector.GetValue(row).ToString());
      columns.push_back(std::move(values));
    }
    return columns;
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("tarn_legacy_" + std::to_string(::getpid()) + ".parquet");
};

TEST_F(LegacyLayoutTest, TwoLevelListsAndUnannotatedRepeatedFields) {
  const int kInt32 = 1;
  std::vector<SchemaNodeSpec> schema = {
      {"schema", 0, -1, 6},
      // optional group a (LIST) { repeated int32 array; }
      {"a", 1, -1, 1, 3},
      {"array", 2, kInt32},
      // repeated int32 b;
      {"b", 2, kInt32},
      // optional group c (LIST) { repeated group pair { required int32 x; required int32 y; } }
      {"c", 1, -1, 1, 3},
      {"pair", 2, -1, 2},
      {"x", 0, kInt32},
      {"y", 0, kInt32},
      // optional group d (LIST) { repeated group array { required int32 v; } }
      {"d", 1, -1, 1, 3},
      {"array", 2, -1, 1},
      {"v", 0, kInt32},
      // optional group e (LIST) { repeated group list { optional int32 element; } }
      {"e", 1, -1, 1, 3},
      {"list", 2, -1, 1},
      {"element", 1, kInt32},
      // repeated group f { required int32 g; }
      {"f", 2, -1, 1},
      {"g", 0, kInt32},
  };
  std::vector<LeafSpec> leaves = {
      {"a", 2, 1, {{0, 2, 1}, {1, 2, 2}, {0, 1, 0}, {0, 0, 0}}},
      {"b", 1, 1, {{0, 1, 5}, {1, 1, 6}, {0, 0, 0}, {0, 1, 7}}},
      {"x", 2, 1, {{0, 2, 1}, {0, 0, 0}, {0, 1, 0}}},
      {"y", 2, 1, {{0, 2, 2}, {0, 0, 0}, {0, 1, 0}}},
      {"v", 2, 1, {{0, 2, 9}, {1, 2, 8}, {0, 1, 0}, {0, 0, 0}}},
      {"element", 3, 1, {{0, 2, 0}, {1, 3, 4}, {0, 0, 0}, {0, 3, 5}}},
      {"g", 1, 1, {{0, 1, 1}, {0, 0, 0}, {0, 1, 2}, {1, 1, 3}}},
  };
  std::vector<std::string> types;
  auto columns = Read(WriteFile(schema, leaves, 3), &types);
  std::vector<std::string> expected_types = {
      "INTEGER[]",           "INTEGER[]", "STRUCT(x INTEGER, y INTEGER)[]",
      "STRUCT(v INTEGER)[]", "INTEGER[]", "STRUCT(g INTEGER)[]"};
  EXPECT_EQ(types, expected_types);
  using Rows = std::vector<std::string>;
  EXPECT_EQ(columns[0], (Rows{"[1, 2]", "[]", "NULL"}));
  EXPECT_EQ(columns[1], (Rows{"[5, 6]", "[]", "[7]"}));
  EXPECT_EQ(columns[2], (Rows{"[{'x': 1, 'y': 2}]", "NULL", "[]"}));
  EXPECT_EQ(columns[3], (Rows{"[{'v': 9}, {'v': 8}]", "[]", "NULL"}));
  EXPECT_EQ(columns[4], (Rows{"[NULL, 4]", "NULL", "[5]"}));
  EXPECT_EQ(columns[5], (Rows{"[{'g': 1}]", "[]", "[{'g': 2}, {'g': 3}]"}));
}

TEST_F(LegacyLayoutTest, RejectsLevelsThatContradictTheSchema) {
  std::vector<SchemaNodeSpec> schema = {{"schema", 0, -1, 1}, {"b", 2, 1}};
  // A record that starts with repetition level 1.
  std::vector<LeafSpec> bad_start = {{"b", 1, 1, {{1, 1, 5}, {0, 1, 6}}}};
  EXPECT_THROW(Read(WriteFile(schema, bad_start, 2)), TarnException);
  // A definition level above the maximum.
  std::vector<LeafSpec> bad_level = {{"b", 1, 1, {{0, 2, 5}}}};
  bad_level[0].max_definition = 2;  // Written with a wider bit width than the schema allows.
  EXPECT_THROW(Read(WriteFile(schema, bad_level, 1)), TarnException);
  // Fewer records than the row group says.
  std::vector<LeafSpec> short_chunk = {{"b", 1, 1, {{0, 1, 5}, {1, 1, 6}}}};
  EXPECT_THROW(Read(WriteFile(schema, short_chunk, 2)), TarnException);
  // Two leaves of one list that disagree on its length.
  std::vector<SchemaNodeSpec> pairs = {
      {"schema", 0, -1, 1}, {"f", 2, -1, 2}, {"x", 0, 1}, {"y", 0, 1}};
  std::vector<LeafSpec> disagree = {{"x", 1, 1, {{0, 1, 1}, {1, 1, 2}}}, {"y", 1, 1, {{0, 1, 1}}}};
  EXPECT_THROW(Read(WriteFile(pairs, disagree, 1)), TarnException);
}

TEST_F(LegacyLayoutTest, MalformedAnnotationsLeaveTheColumnUnreadable) {
  // A LIST group with two children, next to a readable column.
  std::vector<SchemaNodeSpec> schema = {
      {"schema", 0, -1, 2}, {"a", 1, -1, 2, 3}, {"x", 2, 1}, {"y", 2, 1}, {"b", 1, 1}};
  std::ofstream(path_, std::ios::binary) << WriteFile(schema, {}, 0);
  auto opened = ParquetFile::Open(path_.string());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  const auto& columns = opened.value()->columns();
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_NE(columns[0].unsupported.find("annotated LIST"), std::string::npos);
  EXPECT_TRUE(columns[1].unsupported.empty());
}

}  // namespace
}  // namespace tarn
