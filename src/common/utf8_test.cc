#include "common/utf8.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

TEST(Utf8Test, DecodesEveryLengthAndRoundTrips) {
  std::string text = "a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80";  // a, é, 日, 😀
  std::vector<uint32_t> expected = {0x61, 0xE9, 0x65E5, 0x1F600};
  std::vector<size_t> lengths = {1, 2, 3, 4};
  size_t position = 0;
  std::string encoded;
  for (size_t i = 0; i < expected.size(); i++) {
    uint32_t code_point = 0;
    ASSERT_EQ(DecodeUtf8(text, position, &code_point), lengths[i]);
    EXPECT_EQ(code_point, expected[i]);
    AppendUtf8(code_point, &encoded);
    position += lengths[i];
  }
  EXPECT_EQ(encoded, text);
}

TEST(Utf8Test, RejectsInvalidSequences) {
  uint32_t code_point;
  EXPECT_EQ(DecodeUtf8("\x80", 0, &code_point), 0u);              // Continuation byte first.
  EXPECT_EQ(DecodeUtf8("\xC3", 0, &code_point), 0u);              // Truncated.
  EXPECT_EQ(DecodeUtf8("\xC0\xAF", 0, &code_point), 0u);          // Overlong '/'.
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80", 0, &code_point), 0u);      // Surrogate U+D800.
  EXPECT_EQ(DecodeUtf8("\xF4\x90\x80\x80", 0, &code_point), 0u);  // Beyond U+10FFFF.
  EXPECT_EQ(DecodeUtf8("\xC3(", 0, &code_point), 0u);             // Bad continuation.
}

}  // namespace
}  // namespace tarn
