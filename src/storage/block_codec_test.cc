#include "storage/block_codec.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace tarn {
namespace {

const BlockCodec kAllCodecs[] = {BlockCodec::kUncompressed, BlockCodec::kSnappy, BlockCodec::kGzip,
                                 BlockCodec::kZstd, BlockCodec::kLz4Raw};

std::string SampleInput(size_t size) {
  std::string text;
  std::mt19937 random(42);
  while (text.size() < size) {
    text += "row " + std::to_string(random() % 1000) + ", value ";
  }
  text.resize(size);
  return text;
}

TEST(BlockCodecTest, RoundTripsEveryCodec) {
  for (BlockCodec codec : kAllCodecs) {
    for (size_t size : {size_t(0), size_t(1), size_t(100), size_t(200000)}) {
      std::string input = SampleInput(size);
      std::string compressed;
      ASSERT_TRUE(Compress(codec, input, &compressed).ok()) << BlockCodecName(codec);
      std::vector<char> output(size + 1, 'x');
      Status status = Decompress(codec, compressed, size, output.data());
      ASSERT_TRUE(status.ok()) << BlockCodecName(codec) << ": " << status.message();
      EXPECT_EQ(std::string(output.data(), size), input) << BlockCodecName(codec);
      EXPECT_EQ(output[size], 'x') << BlockCodecName(codec) << " wrote past the end";
    }
  }
}

TEST(BlockCodecTest, CompressesRepetitiveInput) {
  std::string input(100000, 'a');
  for (BlockCodec codec : kAllCodecs) {
    if (codec == BlockCodec::kUncompressed) continue;
    std::string compressed;
    ASSERT_TRUE(Compress(codec, input, &compressed).ok());
    EXPECT_LT(compressed.size(), input.size() / 10) << BlockCodecName(codec);
  }
}

TEST(BlockCodecTest, RefusesWrongExpectedSize) {
  std::string input = SampleInput(5000);
  for (BlockCodec codec : kAllCodecs) {
    std::string compressed;
    ASSERT_TRUE(Compress(codec, input, &compressed).ok());
    // Too small: must fail without writing past the smaller buffer.
    std::vector<char> small(4000 + 1, 'x');
    Status too_small = Decompress(codec, compressed, 4000, small.data());
    EXPECT_FALSE(too_small.ok()) << BlockCodecName(codec);
    EXPECT_EQ(too_small.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(small[4000], 'x') << BlockCodecName(codec) << " wrote past the end";
    // Too large: the output is shorter than promised.
    std::vector<char> large(6000);
    EXPECT_FALSE(Decompress(codec, compressed, 6000, large.data()).ok()) << BlockCodecName(codec);
  }
}

TEST(BlockCodecTest, RefusesCorruptInput) {
  std::string input = SampleInput(5000);
  for (BlockCodec codec : kAllCodecs) {
    if (codec == BlockCodec::kUncompressed) continue;
    std::string compressed;
    ASSERT_TRUE(Compress(codec, input, &compressed).ok());
    std::vector<char> output(5000);
    std::string truncated = compressed.substr(0, compressed.size() / 2);
    EXPECT_FALSE(Decompress(codec, truncated, 5000, output.data()).ok()) << BlockCodecName(codec);
    std::string garbage(300, '\xff');
    EXPECT_FALSE(Decompress(codec, garbage, 5000, output.data()).ok()) << BlockCodecName(codec);
    EXPECT_FALSE(Decompress(codec, "", 5000, output.data()).ok()) << BlockCodecName(codec);
  }
}

TEST(BlockCodecTest, SurvivesRandomBitFlips) {
  std::string input = SampleInput(3000);
  std::mt19937 random(7);
  for (BlockCodec codec : kAllCodecs) {
    std::string compressed;
    ASSERT_TRUE(Compress(codec, input, &compressed).ok());
    for (int trial = 0; trial < 200; trial++) {
      std::string corrupt = compressed;
      corrupt[random() % corrupt.size()] ^= static_cast<char>(1 << (random() % 8));
      std::vector<char> output(3000 + 16, 'x');
      (void)Decompress(codec, corrupt, 3000, output.data());
      for (size_t i = 3000; i < output.size(); i++) ASSERT_EQ(output[i], 'x');
    }
  }
}

TEST(BlockCodecTest, ParsesNames) {
  EXPECT_EQ(ParseBlockCodec("SNAPPY").value(), BlockCodec::kSnappy);
  EXPECT_EQ(ParseBlockCodec("lz4").value(), BlockCodec::kLz4Raw);
  EXPECT_EQ(ParseBlockCodec("none").value(), BlockCodec::kUncompressed);
  EXPECT_FALSE(ParseBlockCodec("brotli").ok());
}

}  // namespace
}  // namespace tarn
