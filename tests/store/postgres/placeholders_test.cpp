#include "store/postgres/placeholders.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace eoc::store::postgres::placeholders_test {
namespace {

TEST(PgPlaceholders, NumberedMarkersKeepTheirNumbersAndMayRepeat) {
  auto r = rewritePlaceholders("UPDATE t SET a = ?2, b = ?1 + ?2 WHERE id = ?1 AND c = ?10");
  EXPECT_EQ(r.text, "UPDATE t SET a = $2, b = $1 + $2 WHERE id = $1 AND c = $10");
  EXPECT_EQ(r.parameterCount, 10);
}

TEST(PgPlaceholders, BareMarkersCountOnFromTheLargestSoFarAsSqliteDoes) {
  auto r = rewritePlaceholders("SELECT ?, ?, ?5, ?");
  EXPECT_EQ(r.text, "SELECT $1, $2, $5, $6");
  EXPECT_EQ(r.parameterCount, 6);
}

TEST(PgPlaceholders, QuestionMarksInLiteralsIdentifiersAndCommentsStay) {
  auto r = rewritePlaceholders(
      "SELECT 'why? it''s ?1', \"odd?\"\"col\" -- a comment?\n FROM t /* ?2 */ WHERE a = ?1 AND b = $$?$$ "
      "AND c = $tag$ ? $ ?3 $tag$");
  EXPECT_EQ(r.text,
            "SELECT 'why? it''s ?1', \"odd?\"\"col\" -- a comment?\n FROM t /* ?2 */ WHERE a = $1 AND b = $$?$$ "
            "AND c = $tag$ ? $ ?3 $tag$");
  EXPECT_EQ(r.parameterCount, 1);
}

TEST(PgPlaceholders, PostgresStyleMarkersAreCountedAndKept) {
  auto r = rewritePlaceholders("SELECT $1, ?3, $12");
  EXPECT_EQ(r.text, "SELECT $1, $3, $12");
  EXPECT_EQ(r.parameterCount, 12);
}

TEST(PgPlaceholders, ATrailingCommentWithoutNewlineAndNoMarkersAtAll) {
  auto r = rewritePlaceholders("SELECT 1 -- done?");
  EXPECT_EQ(r.text, "SELECT 1 -- done?");
  EXPECT_EQ(r.parameterCount, 0);
}

TEST(PgPlaceholders, MalformedSqlIsRefused) {
  EXPECT_THROW(rewritePlaceholders("SELECT ?0"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT 'open"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT \"open"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT 1 /* open"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT $x$ open"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT ?99999"), std::invalid_argument);
}

}  // namespace
}  // namespace eoc::store::postgres::placeholders_test
