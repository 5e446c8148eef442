#include "function/scalar/case_mapping.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

TEST(CaseMappingTest, AsciiAndLatin) {
  EXPECT_EQ(LowerUtf8("Hello, World 42"), "hello, world 42");
  EXPECT_EQ(UpperUtf8("Hello, World 42"), "HELLO, WORLD 42");
  EXPECT_EQ(LowerUtf8("ÅSA ÆØÉ Ÿ"), "åsa æøé ÿ");
  EXPECT_EQ(UpperUtf8("åsa æøé ÿ"), "ÅSA ÆØÉ Ÿ");
  // Multiplication and division signs are not letters.
  EXPECT_EQ(LowerUtf8("×÷"), "×÷");
  EXPECT_EQ(UpperUtf8("×÷"), "×÷");
  // Latin Extended-A alternates upper and lower case.
  EXPECT_EQ(LowerUtf8("ŁÓDŹ ŠČŘ"), "łódź ščř");
  EXPECT_EQ(UpperUtf8("łódź ščř"), "ŁÓDŹ ŠČŘ");
}

TEST(CaseMappingTest, GreekAndCyrillic) {
  EXPECT_EQ(LowerUtf8("ΑΘΗΝΑ Ά"), "αθηνα ά");
  EXPECT_EQ(UpperUtf8("αθηνας ά"), "ΑΘΗΝΑΣ Ά");
  EXPECT_EQ(LowerUtf8("МОСКВА ЁЖ"), "москва ёж");
  EXPECT_EQ(UpperUtf8("москва ёж"), "МОСКВА ЁЖ");
}

TEST(CaseMappingTest, OtherTextPassesThrough) {
  EXPECT_EQ(LowerUtf8("日本語 😀"), "日本語 😀");
  // Invalid UTF-8 (a lone continuation byte, a truncated sequence) is kept byte for byte.
  std::string invalid = std::string("A\x80") + "B\xC3";
  EXPECT_EQ(LowerUtf8(invalid), std::string("a\x80") + "b\xC3");
  EXPECT_EQ(LowerCodePoint(U'Ω'), U'ω');
  EXPECT_EQ(UpperCodePoint(U'ß'), U'ß');
}

}  // namespace
}  // namespace tarn
