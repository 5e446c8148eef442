#include "catalog/crawler/path_glob.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

PathGlob Compile(const std::string& pattern) {
  auto glob = PathGlob::Compile(pattern);
  EXPECT_TRUE(glob.ok()) << glob.status().message();
  return std::move(glob).value();
}

TEST(PathGlobTest, StarStaysWithinOneSegment) {
  PathGlob glob = Compile("*.csv");
  EXPECT_TRUE(glob.Matches("a.csv"));
  EXPECT_TRUE(glob.Matches(".csv"));
  EXPECT_FALSE(glob.Matches("dir/a.csv"));
  EXPECT_FALSE(glob.Matches("a.csv.gz"));
  EXPECT_TRUE(Compile("dir/*").Matches("dir/x"));
  EXPECT_FALSE(Compile("dir/*").Matches("dir/x/y"));
  EXPECT_TRUE(Compile("a*b*c").Matches("aXXbYYc"));
  EXPECT_FALSE(Compile("a*b*c").Matches("aXXbYY"));
}

TEST(PathGlobTest, DoubleStarSpansAnyDepth) {
  PathGlob glob = Compile("**/tmp/**");
  EXPECT_TRUE(glob.Matches("tmp/x.csv"));
  EXPECT_TRUE(glob.Matches("a/b/tmp/c/x.csv"));
  EXPECT_FALSE(glob.Matches("a/tmpx/x.csv"));
  EXPECT_TRUE(glob.ExcludesFolder("a/tmp"));
  EXPECT_TRUE(glob.ExcludesFolder("tmp"));
  EXPECT_FALSE(glob.ExcludesFolder("a"));
  PathGlob any_csv = Compile("**/*.csv");
  EXPECT_TRUE(any_csv.Matches("x.csv"));
  EXPECT_TRUE(any_csv.Matches("a/b/x.csv"));
  EXPECT_FALSE(any_csv.Matches("a/b/x.json"));
  EXPECT_FALSE(any_csv.ExcludesFolder("a"));
  EXPECT_TRUE(Compile("**").ExcludesFolder("anything/at/all"));
}

TEST(PathGlobTest, QuestionMarkAndClasses) {
  EXPECT_TRUE(Compile("file?.txt").Matches("file1.txt"));
  EXPECT_FALSE(Compile("file?.txt").Matches("file12.txt"));
  EXPECT_FALSE(Compile("file?.txt").Matches("file.txt"));
  PathGlob digits = Compile("part-[0-2].csv");
  EXPECT_TRUE(digits.Matches("part-0.csv"));
  EXPECT_TRUE(digits.Matches("part-2.csv"));
  EXPECT_FALSE(digits.Matches("part-3.csv"));
  EXPECT_TRUE(Compile("[abc]x").Matches("bx"));
  EXPECT_FALSE(Compile("[abc]x").Matches("dx"));
  EXPECT_TRUE(Compile("[!abc]x").Matches("dx"));
  EXPECT_FALSE(Compile("[!abc]x").Matches("ax"));
}

TEST(PathGlobTest, BracesGiveAlternatives) {
  PathGlob glob = Compile("logs/{2023,2024}/*.{csv,json}");
  EXPECT_TRUE(glob.Matches("logs/2023/a.csv"));
  EXPECT_TRUE(glob.Matches("logs/2024/b.json"));
  EXPECT_FALSE(glob.Matches("logs/2025/a.csv"));
  EXPECT_FALSE(glob.Matches("logs/2023/a.parquet"));
  PathGlob nested = Compile("{a,b{1,2}}/x");
  EXPECT_TRUE(nested.Matches("a/x"));
  EXPECT_TRUE(nested.Matches("b1/x"));
  EXPECT_TRUE(nested.Matches("b2/x"));
  EXPECT_FALSE(nested.Matches("b/x"));
  EXPECT_TRUE(Compile("{tmp,scratch}").ExcludesFolder("scratch"));
}

TEST(PathGlobTest, FolderExclusion) {
  PathGlob glob = Compile("staging/**");
  EXPECT_TRUE(glob.ExcludesFolder("staging"));
  EXPECT_FALSE(glob.ExcludesFolder("other/staging"));
  PathGlob exact = Compile("archive");
  EXPECT_TRUE(exact.ExcludesFolder("archive"));
  EXPECT_FALSE(exact.ExcludesFolder("archive2"));
}

TEST(PathGlobTest, BadPatternsAreRefused) {
  EXPECT_FALSE(PathGlob::Compile("").ok());
  EXPECT_FALSE(PathGlob::Compile("/").ok());
  EXPECT_FALSE(PathGlob::Compile("{a,b").ok());
  EXPECT_FALSE(PathGlob::Compile("[abc").ok());
  auto status = PathGlob::Compile("{a,b").status();
  EXPECT_NE(status.message().find("{a,b"), std::string::npos);
  // 13 nested two-way braces would be 8192 alternatives: refused, not expanded.
  std::string many;
  for (int i = 0; i < 13; i++) many += "{a,b}";
  EXPECT_FALSE(PathGlob::Compile(many).ok());
}

}  // namespace
}  // namespace tarn
