#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "formats/text_regex/apache_log.h"
#include "formats/text_regex/text_regex_table_function.h"

namespace tarn {
namespace {

namespace fs = std::filesystem;

class TextRegexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn_text_regex_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string dir_;
};

std::unique_ptr<TableScanBinding> Bind(const std::string& function, const std::string& path,
                                       const std::string& pattern,
                                       std::vector<std::pair<std::string, Value>> columns,
                                       bool ignore_errors = false) {
  TableFunctionInput input;
  input.positional.push_back(Value::Varchar(path));
  if (!pattern.empty()) input.named["pattern"] = Value::Varchar(pattern);
  if (ignore_errors) input.named["ignore_errors"] = Value::Boolean(true);
  if (!columns.empty()) input.named_structs["columns"] = std::move(columns);
  auto bound = (*TableFunctionRegistry::Get().Find(function))(input);
  EXPECT_TRUE(bound.ok()) << bound.status().message();
  return bound.ok() ? std::move(bound).value() : nullptr;
}

// All rows, in batch order, as "a|b" text, scanned by one thread.
std::vector<std::string> ScanAll(const TableScanBinding& binding) {
  std::vector<idx_t> projection;
  for (idx_t c = 0; c < binding.names().size(); c++) projection.push_back(c);
  auto global = binding.InitGlobal(projection);
  auto local = binding.InitLocal(*global);
  std::vector<std::string> rows;
  DataChunk chunk;
  idx_t last_batch = 0;
  while (true) {
    binding.Scan(*global, *local, chunk);
    if (chunk.size() == 0) break;
    EXPECT_GE(binding.BatchIndex(*local), last_batch);
    last_batch = binding.BatchIndex(*local);
    for (idx_t row = 0; row < chunk.size(); row++) {
      std::string text;
      for (idx_t c = 0; c < chunk.ColumnCount(); c++) {
        text += (c ? "|" : "") + chunk.GetValue(c, row).ToString();
      }
      rows.push_back(text);
    }
  }
  return rows;
}

TEST_F(TextRegexTest, ByteRangesReadEachLineOnce) {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 3000; i++) {
    // Lines of varying length; every 7th does not match; CRLF endings now and then.
    if (i % 7 == 3) {
      text += "garbage " + std::string(static_cast<size_t>(i % 13), 'x') + "\n";
      expected.push_back("NULL|NULL");
    } else {
      text += "k" + std::to_string(i) + "=" + std::to_string(i * 3) + (i % 5 == 0 ? "\r\n" : "\n");
      expected.push_back("k" + std::to_string(i) + "|" + std::to_string(i * 3));
    }
  }
  text += "last=1";  // No final line break.
  expected.push_back("last|1");
  std::string path = Write("kv.txt", text);
  auto binding = Bind("read_text_regex", path, "(\\w+)=(\\d+)",
                      {{"key", Value::Varchar("VARCHAR")}, {"value", Value::Varchar("BIGINT")}});
  ASSERT_TRUE(binding);
  EXPECT_EQ(ScanAll(*binding), expected);
  for (uint64_t morsel : {7, 64, 1000}) {
    static_cast<TextRegexTableBinding&>(*binding).set_morsel_size(morsel);
    EXPECT_EQ(ScanAll(*binding), expected) << "morsel size " << morsel;
  }
}

TEST_F(TextRegexTest, CastErrorsNameTheLineEvenInLaterRanges) {
  std::string text;
  for (int i = 0; i < 500; i++) text += "v=" + std::to_string(i) + "\n";
  text += "v=12x\n";
  for (int i = 0; i < 10; i++) text += "v=1\n";
  std::string path = Write("bad.txt", text);
  auto binding = Bind("read_text_regex", path, "v=(\\w+)", {{"v", Value::Varchar("INTEGER")}});
  ASSERT_TRUE(binding);
  static_cast<TextRegexTableBinding&>(*binding).set_morsel_size(256);
  try {
    ScanAll(*binding);
    ADD_FAILURE() << "expected a conversion error";
  } catch (const TarnException& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("line 501"), std::string::npos) << message;
    EXPECT_NE(message.find("'12x'"), std::string::npos) << message;
    EXPECT_NE(message.find("\"v\""), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
  }
  binding = Bind("read_text_regex", path, "v=(\\w+)", {{"v", Value::Varchar("INTEGER")}}, true);
  EXPECT_EQ(ScanAll(*binding).size(), 510u);
}

TEST_F(TextRegexTest, ApacheLogFromGzip) {
  std::string text =
      "1.2.3.4 - - [01/Jan/2024:00:00:00 +0100] \"GET / HTTP/1.1\" 200 10 \"-\" \"ua\"\n"
      "5.6.7.8 id user [29/Feb/2024:23:59:59 -0000] \"POST /x HTTP/2.0\" 201 -\n";
  std::string path = dir_ + "/a.log.gz";
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  auto binding = Bind("read_apache_log", path, "", {});
  ASSERT_TRUE(binding);
  EXPECT_EQ(binding->names(), ApacheLogColumnNames());
  EXPECT_EQ(ScanAll(*binding),
            (std::vector<std::string>{
                "1.2.3.4|-|-|2023-12-31 23:00:00|GET|/|HTTP/1.1|200|10|-|ua",
                "5.6.7.8|id|user|2024-02-29 23:59:59|POST|/x|HTTP/2.0|201|NULL|NULL|NULL"}));
}

TEST(ApacheLogTest, TimesAndClassification) {
  int64_t micros = 0;
  ASSERT_TRUE(ParseApacheLogTime("10/Oct/2000:13:55:36 -0700", &micros));
  EXPECT_EQ(micros, int64_t(971211336) * 1000000);  // 2000-10-10 20:55:36 UTC.
  EXPECT_FALSE(ParseApacheLogTime("31/Feb/2000:13:55:36 -0700", &micros));
  EXPECT_FALSE(ParseApacheLogTime("10/Foo/2000:13:55:36 -0700", &micros));
  EXPECT_FALSE(ParseApacheLogTime("10/Oct/2000:13:55:36 -07", &micros));

  std::string line =
      "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326\n";
  std::string combined =
      "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 - \"-\" \"x\"\n";
  EXPECT_TRUE(LooksLikeApacheLog(line + combined + line));
  EXPECT_TRUE(LooksLikeApacheLog(line + "\n\n" + line + line + "one odd line\n"));
  // A sample cut mid-line is judged on its complete lines.
  EXPECT_TRUE(LooksLikeApacheLog(line + line + "127.0.0.1 - - [10/Oct/20"));
  EXPECT_FALSE(LooksLikeApacheLog("a,b,c\n1,2,3\n4,5,6\n"));
  EXPECT_FALSE(LooksLikeApacheLog(line + "x\ny\nz\n"));
  EXPECT_FALSE(LooksLikeApacheLog(""));
  EXPECT_FALSE(
      LooksLikeApacheLog("127.0.0.1 - - [99/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n"));
}

}  // namespace
}  // namespace tarn
