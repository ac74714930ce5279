// LIKE over code points: % any run, _ one character (also a Chinese one), \ escapes.
#include <gtest/gtest.h>

#include "gis/cql2/like_pattern.hpp"

namespace eoc::gis::cql2::cql2_like_pattern_test {
namespace {

TEST(LikePattern, PercentMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(LikePattern("%").matches(""));
  EXPECT_TRUE(LikePattern("a%").matches("a"));
  EXPECT_TRUE(LikePattern("a%").matches("abc"));
  EXPECT_FALSE(LikePattern("a%").matches("ba"));
  EXPECT_TRUE(LikePattern("%c").matches("abc"));
  EXPECT_TRUE(LikePattern("%b%").matches("abc"));
  EXPECT_TRUE(LikePattern("a%b%c").matches("a-b-b-c"));
  EXPECT_FALSE(LikePattern("a%b%c").matches("a-c-b"));
}

TEST(LikePattern, UnderscoreMatchesExactlyOneCharacterAlsoChinese) {
  EXPECT_TRUE(LikePattern("a_c").matches("abc"));
  EXPECT_FALSE(LikePattern("a_c").matches("ac"));
  EXPECT_FALSE(LikePattern("a_c").matches("abbc"));
  EXPECT_TRUE(LikePattern("八_公园").matches("八一公园"));
  EXPECT_FALSE(LikePattern("八_公园").matches("八公园"));
  EXPECT_TRUE(LikePattern("__").matches("一二"));  // two characters, six bytes
  EXPECT_FALSE(LikePattern("___").matches("一二"));
}

TEST(LikePattern, ChineseLiteralsAndPercent) {
  EXPECT_TRUE(LikePattern("%公园%").matches("八一公园避难场所"));
  EXPECT_FALSE(LikePattern("%公园%").matches("八一广场"));
  EXPECT_TRUE(LikePattern("%场所").matches("八一公园避难场所"));
}

TEST(LikePattern, BackslashEscapesWildcards) {
  EXPECT_TRUE(LikePattern("100\\%").matches("100%"));
  EXPECT_FALSE(LikePattern("100\\%").matches("1000"));
  EXPECT_TRUE(LikePattern("a\\_b").matches("a_b"));
  EXPECT_FALSE(LikePattern("a\\_b").matches("axb"));
  EXPECT_TRUE(LikePattern("a\\\\b").matches("a\\b"));
}

TEST(LikePattern, IsCaseSensitive) {
  EXPECT_FALSE(LikePattern("abc").matches("ABC"));
  EXPECT_TRUE(LikePattern("ABC").matches("ABC"));
}

TEST(LikePattern, PathologicalPatternsStayFast) {
  // Many % against a long non-matching value: the single-backtrack algorithm is O(n·m) at worst.
  const std::string value(20000, 'a');
  EXPECT_FALSE(LikePattern("%a%a%a%a%a%a%a%a%a%b").matches(value));
  EXPECT_TRUE(LikePattern("%a%a%a%a%a%a%a%a%a%").matches(value));
}

}  // namespace
}  // namespace eoc::gis::cql2::cql2_like_pattern_test
