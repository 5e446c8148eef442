#include "formats/json/json_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "formats/json/json_path.h"
#include "formats/json/json_table_function.h"
#include "formats/json/json_type_tree.h"

namespace tarn {
namespace {

class JsonReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("tarn_json_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Scans every morsel with `threads` threads; rows as "v1|v2|...", sorted by batch then
  // order within the batch.
  static std::vector<std::string> Scan(const JsonTableBinding& binding, int threads) {
    std::vector<idx_t> columns;
    for (idx_t c = 0; c < binding.types().size(); c++) columns.push_back(c);
    auto global = binding.InitGlobal(columns);
    std::mutex mutex;
    std::vector<std::pair<std::pair<idx_t, idx_t>, std::string>> rows;
    auto work = [&]() {
      auto local = binding.InitLocal(*global);
      DataChunk chunk;
      idx_t sequence = 0;
      while (true) {
        binding.Scan(*global, *local, chunk);
        if (chunk.size() == 0) break;
        idx_t batch = binding.BatchIndex(*local);
        std::lock_guard<std::mutex> lock(mutex);
        for (idx_t row = 0; row < chunk.size(); row++) {
          std::string text;
          for (idx_t c = 0; c < chunk.ColumnCount(); c++) {
            if (c > 0) text += "|";
            text += chunk.GetValue(c, row).ToString();
          }
          rows.push_back({{batch, sequence++}, text});
        }
      }
    };
    if (threads == 1) {
      work();  // On this thread, so that errors reach the caller.
    } else {
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; t++) pool.emplace_back(work);
      for (auto& thread : pool) thread.join();
    }
    std::sort(rows.begin(), rows.end());
    std::vector<std::string> result;
    for (auto& [key, text] : rows) result.push_back(text);
    return result;
  }

  std::filesystem::path directory_;
};

TEST_F(JsonReaderTest, ByteRangesReadEveryLineOnceInOrder) {
  std::string text;
  for (int i = 0; i < 20000; i++) {
    text += "{\"id\": " + std::to_string(i) + ", \"name\": \"n" + std::to_string(i % 97) +
            "\", \"value\": " + std::to_string(i * 0.5) + "}\n";
    if (i % 1000 == 0) text += "\n";
  }
  std::string path = Write("big.ndjson", text);
  JsonReadOptions options;
  options.patterns = {path};
  auto whole = JsonTableBinding::BindOptions(options, "read_json");
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  (*whole)->set_morsel_size(1ull << 40);
  auto expected = Scan(**whole, 1);
  ASSERT_EQ(expected.size(), 20000u);
  EXPECT_EQ(expected[3], "3|n3|1.5");
  for (uint64_t morsel : {uint64_t(4096), uint64_t(50000 + 7)}) {
    auto ranged = JsonTableBinding::BindOptions(options, "read_json");
    ASSERT_TRUE(ranged.ok());
    (*ranged)->set_morsel_size(morsel);
    auto global = (*ranged)->InitGlobal({0});
    EXPECT_GT((*ranged)->MaxThreads(*global), 10u);
    EXPECT_EQ(Scan(**ranged, 2), expected) << "morsel " << morsel;
  }
  EXPECT_NEAR((*whole)->EstimatedRows(), 20000, 4000);
}

TEST_F(JsonReaderTest, SkippedRecordsAreCountedAndShown) {
  std::string path = Write("mixed.ndjson", "{\"a\": 1}\n{\"a\": \"x\"}\n{\"a\": 2\n{\"a\": 3}\n");
  JsonReadOptions options;
  options.patterns = {path};
  options.sample_size = 1;
  options.ignore_errors = true;
  auto binding = JsonTableBinding::BindOptions(options, "read_json");
  ASSERT_TRUE(binding.ok()) << binding.status().message();
  EXPECT_EQ(Scan(**binding, 1), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ((*binding)->skipped_records(), 2u);
  EXPECT_NE((*binding)->ToString().find("ignore_errors skipped 2 records"), std::string::npos)
      << (*binding)->ToString();
}

TEST_F(JsonReaderTest, OversizedLineInRangeIsSkippedWithoutHoldingIt) {
  std::string text =
      "{\"a\": 1}\n{\"a\": \"" + std::string(3 * 1024 * 1024, 'x') + "\"}\n{\"a\": 2}\n";
  std::string path = Write("huge.ndjson", text);
  JsonReadOptions options;
  options.patterns = {path};
  options.columns = {{"a", TypeId::kVarchar}};
  options.maximum_object_size = 1024;
  options.ignore_errors = true;
  auto binding = JsonTableBinding::BindOptions(options, "read_json");
  ASSERT_TRUE(binding.ok()) << binding.status().message();
  EXPECT_EQ(Scan(**binding, 1), (std::vector<std::string>{"1", "2"}));
  options.ignore_errors = false;
  auto strict = JsonTableBinding::BindOptions(options, "read_json");
  ASSERT_TRUE(strict.ok());
  try {
    Scan(**strict, 1);
    FAIL() << "expected an error";
  } catch (const TarnException& error) {
    EXPECT_NE(std::string(error.what()).find("at byte offset 9 (record 2)"), std::string::npos)
        << error.what();
  }
}

TEST_F(JsonReaderTest, HostileInputFailsCleanly) {
  // Deep nesting, unbalanced brackets, binary bytes: clear errors, never a crash.
  for (std::string text :
       {std::string(100000, '[') + "1" + std::string(100000, ']'), std::string("[{\"a\": [1, 2}]"),
        std::string("\x01\x02\xff\xfe", 4), std::string("{\"a\": \"\\ud800\"}\n"),
        std::string("[") + std::string(5000, ',')}) {
    std::string path = Write("hostile.json", text);
    JsonReadOptions options;
    options.patterns = {path};
    auto binding = JsonTableBinding::BindOptions(options, "read_json");
    if (!binding.ok()) {
      EXPECT_EQ(binding.status().code(), ErrorCode::kInvalidInput) << binding.status().message();
      continue;
    }
    try {
      Scan(**binding, 1);
    } catch (const TarnException& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidInput) << error.what();
    }
  }
}

TEST(JsonTypeTreeTest, WidensAndKeepsNestedStructure) {
  JsonDocumentParser parser;
  JsonTypeNode root;
  for (std::string text : {"{\"a\": 1, \"o\": {\"x\": 1}, \"l\": [1, 2]}",
                           "{\"a\": 2.5, \"o\": {\"y\": \"2024-01-01\"}, \"l\": [3.5]}"}) {
    simdjson::dom::element element;
    ASSERT_EQ(parser.Parse(text, &element), simdjson::SUCCESS);
    root.Observe(element);
  }
  ASSERT_EQ(root.kind(), JsonKind::kObject);
  ASSERT_EQ(root.fields().size(), 3u);
  EXPECT_EQ(root.fields()[0].second->ToLogicalType(), LogicalType(TypeId::kDouble));
  const JsonTypeNode& object = *root.fields()[1].second;
  EXPECT_EQ(object.kind(), JsonKind::kObject);
  ASSERT_EQ(object.fields().size(), 2u);
  EXPECT_EQ(object.fields()[1].second->kind(), JsonKind::kDate);
  const JsonTypeNode& list = *root.fields()[2].second;
  EXPECT_EQ(list.kind(), JsonKind::kArray);
  ASSERT_NE(list.element(), nullptr);
  EXPECT_EQ(list.element()->kind(), JsonKind::kDouble);
  EXPECT_EQ(JoinJsonKinds(JsonKind::kBigint, JsonKind::kString), JsonKind::kVarchar);
  EXPECT_EQ(JoinJsonKinds(JsonKind::kDate, JsonKind::kString), JsonKind::kString);
}

TEST(JsonPathTest, ParsesAndFollows) {
  JsonDocumentParser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.Parse(std::string_view("{\"a\": {\"b c\": [10, 20, 30]}, \"a/b\": 1}"), &root),
            simdjson::SUCCESS);
  auto follow = [&](const std::string& text) -> std::string {
    auto path = JsonPath::Parse(text);
    if (!path.ok()) return "error: " + path.status().message();
    simdjson::dom::element result;
    if (!path->Follow(root, &result)) return "missing";
    std::string out;
    AppendJsonText(result, &out);
    return out;
  };
  EXPECT_EQ(follow("$.a.\"b c\"[1]"), "20");
  EXPECT_EQ(follow("$.a[\"b c\"][#-1]"), "30");
  EXPECT_EQ(follow("/a/b c/0"), "10");
  EXPECT_EQ(follow("/a~1b"), "1");
  EXPECT_EQ(follow("$.a.\"b c\"[3]"), "missing");
  EXPECT_EQ(follow("$"), "{\"a\":{\"b c\":[10,20,30]},\"a/b\":1}");
  EXPECT_NE(follow("$.a[").find("error: Invalid JSON path"), std::string::npos);
  EXPECT_NE(follow("$[-1]").find("[#-1]"), std::string::npos);
}

}  // namespace
}  // namespace tarn
