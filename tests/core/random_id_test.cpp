#include "core/random_id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace eoc::random_id_test {
namespace {

TEST(RandomId, HexOfRequestedLengthAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = randomHex(16);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomId, Sha256MatchesTheStandardTestVector) {
  // FIPS 180-2 example "abc".
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomId, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace eoc::random_id_test
