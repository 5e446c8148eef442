#include "storage/file_system.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>

#include "storage/compressed_stream.h"

namespace tarn {
namespace {

class FileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("tarn_fs_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& relative, const std::string& content) {
    std::filesystem::path path = directory_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  std::string Path(const std::string& relative) { return (directory_ / relative).string(); }

  std::string ReadStream(const std::string& path, Compression compression = Compression::kAuto) {
    auto stream = OpenInputStream(path, compression);
    EXPECT_TRUE(stream.ok()) << stream.status().message();
    std::string result;
    char buffer[777];
    while (true) {
      auto count = stream.value()->Read(buffer, sizeof(buffer));
      EXPECT_TRUE(count.ok()) << count.status().message();
      if (!count.ok() || count.value() == 0) break;
      result.append(buffer, count.value());
    }
    return result;
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
  size_t size = ZSTD_compress(output.data(), output.size(), text.data(), text.size(), 3);
  output.resize(size);
  return output;
}

TEST_F(FileSystemTest, GlobMatchesStarQuestionAndClassesSorted) {
  Write("b.csv", "x");
  Write("a.csv", "x");
  Write("c1.csv", "x");
  Write("c2.txt", "x");
  Write(".hidden.csv", "x");
  auto all = ExpandGlob(Path("*.csv"));
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all.value(), (std::vector<std::string>{Path("a.csv"), Path("b.csv"), Path("c1.csv")}));
  auto question = ExpandGlob(Path("c?.*"));
  ASSERT_TRUE(question.ok());
  EXPECT_EQ(question.value(), (std::vector<std::string>{Path("c1.csv"), Path("c2.txt")}));
  auto character_class = ExpandGlob(Path("[ab].csv"));
  ASSERT_TRUE(character_class.ok());
  EXPECT_EQ(character_class.value(), (std::vector<std::string>{Path("a.csv"), Path("b.csv")}));
  auto negated = ExpandGlob(Path("[!a].csv"));
  ASSERT_TRUE(negated.ok());
  EXPECT_EQ(negated.value(), (std::vector<std::string>{Path("b.csv")}));
}

TEST_F(FileSystemTest, DoubleStarMatchesAnyDepth) {
  Write("top.csv", "x");
  Write("year=2020/month=1/data.csv", "x");
  Write("year=2021/data.csv", "x");
  Write("year=2021/notes.txt", "x");
  auto files = ExpandGlob(Path("**/*.csv"));
  ASSERT_TRUE(files.ok()) << files.status().message();
  EXPECT_EQ(files.value(),
            (std::vector<std::string>{Path("top.csv"), Path("year=2020/month=1/data.csv"),
                                      Path("year=2021/data.csv")}));
  auto nested = ExpandGlob(Path("year=*/*.csv"));
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(nested.value(), (std::vector<std::string>{Path("year=2021/data.csv")}));
}

TEST_F(FileSystemTest, PlainPathAndMissingFiles) {
  std::string file = Write("plain.csv", "x");
  auto plain = ExpandGlob(file);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.value(), std::vector<std::string>{file});
  auto missing = ExpandGlob(Path("nothing*.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kIo);
  EXPECT_EQ(missing.status().message(),
            "No files found that match the pattern \"" + Path("nothing*.csv") + "\"");
  auto missing_plain = ExpandGlob(Path("absent.csv"));
  ASSERT_FALSE(missing_plain.ok());
  EXPECT_NE(missing_plain.status().message().find("absent.csv"), std::string::npos);
  Write("folder/inside.csv", "x");
  auto directory = ExpandGlob(Path("folder"));
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), ErrorCode::kIo);
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);
  EXPECT_NE(directory.status().message().find(Path("folder/*")), std::string::npos);
}

TEST_F(FileSystemTest, FileSizeAndPositionalReads) {
  std::string file = Write("data.bin", "0123456789");
  auto size = FileSize(file);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size.value(), 10u);
  auto opened = RandomAccessFile::Open(file);
  ASSERT_TRUE(opened.ok());
  char buffer[8];
  auto count = opened.value()->ReadAt(7, buffer, sizeof(buffer));
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(std::string(buffer, count.value()), "789");
  auto error = FileSize(Path("missing.bin"));
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), ErrorCode::kIo);
  EXPECT_NE(error.status().message().find("No such file or directory"), std::string::npos);
  EXPECT_NE(error.status().message().find("missing.bin"), std::string::npos);
}

TEST_F(FileSystemTest, StreamsDetectGzipAndZstdByContent) {
  std::string text;
  for (int i = 0; i < 50000; i++) text += std::to_string(i) + ",row " + std::to_string(i) + "\n";
  std::string plain = Write("plain.csv", text);
  // Misleading names: detection must look at the bytes.
  std::string gzip = Write("g.csv", GzipCompress(text));
  std::string zstd = Write("z.dat", ZstdCompress(text));
  EXPECT_EQ(DetectCompression(gzip).value(), Compression::kGzip);
  EXPECT_EQ(DetectCompression(zstd).value(), Compression::kZstd);
  EXPECT_EQ(DetectCompression(plain).value(), Compression::kNone);
  EXPECT_EQ(ReadStream(plain), text);
  EXPECT_EQ(ReadStream(gzip), text);
  EXPECT_EQ(ReadStream(zstd), text);
}

TEST_F(FileSystemTest, GzipWithSeveralMembers) {
  std::string both = GzipCompress("a,b\n1,2\n") + GzipCompress("3,4\n");
  std::string file = Write("multi.gz", both);
  EXPECT_EQ(ReadStream(file), "a,b\n1,2\n3,4\n");
}

TEST_F(FileSystemTest, CorruptCompressedDataNamesTheFile) {
  std::string text(100000, 'x');
  std::string gzip = GzipCompress(text);
  gzip.resize(gzip.size() / 2);
  std::string truncated = Write("cut.csv.gz", gzip);
  std::string garbage_zstd = ZstdCompress(text);
  for (size_t i = 8; i < garbage_zstd.size(); i++) garbage_zstd[i] = static_cast<char>(i * 7);
  std::string corrupt = Write("bad.csv.zst", garbage_zstd);
  for (const std::string& path : {truncated, corrupt}) {
    auto stream = OpenInputStream(path);
    ASSERT_TRUE(stream.ok());
    std::vector<char> buffer(1 << 16);
    Status failure;
    while (true) {
      auto count = stream.value()->Read(buffer.data(), buffer.size());
      if (!count.ok()) {
        failure = count.status();
        break;
      }
      if (count.value() == 0) break;
    }
    EXPECT_EQ(failure.code(), ErrorCode::kInvalidInput) << path;
    EXPECT_NE(failure.message().find(path), std::string::npos) << failure.message();
  }
}

TEST_F(FileSystemTest, CompressionOptionParsing) {
  EXPECT_EQ(ParseCompression("GZIP").value(), Compression::kGzip);
  EXPECT_EQ(ParseCompression("zstd").value(), Compression::kZstd);
  EXPECT_EQ(ParseCompression("none").value(), Compression::kNone);
  auto bad = ParseCompression("lz5");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidOption);
  EXPECT_NE(bad.status().message().find("auto, gzip, zstd or none"), std::string::npos);
}

TEST(SplitByteRangesTest, CutsIntoRangesWithTheRemainderInTheLast) {
  // 240 bytes in ranges of 100: [0,100) [100,240) (a 40-byte tail joins the last range).
  std::vector<ByteRange> ranges = SplitByteRanges(240, 100, true);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].end, 100u);
  EXPECT_FALSE(ranges[0].last);
  EXPECT_EQ(ranges[1].start, 100u);
  EXPECT_EQ(ranges[1].end, 240u);
  EXPECT_TRUE(ranges[1].last);
  // 360 bytes: the tail of 60 is more than half a range, so it is its own range.
  ranges = SplitByteRanges(360, 100, true);
  ASSERT_EQ(ranges.size(), 4u);
  EXPECT_EQ(ranges[3].start, 300u);
  EXPECT_EQ(ranges[3].end, 360u);
  // Small, empty and unsplittable files are one range.
  EXPECT_EQ(SplitByteRanges(150, 100, true).size(), 1u);
  EXPECT_EQ(SplitByteRanges(0, 100, true).size(), 1u);
  ranges = SplitByteRanges(1000, 100, false);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].end, 1000u);
  EXPECT_TRUE(ranges[0].last);
}

}  // namespace
}  // namespace tarn
