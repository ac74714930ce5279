#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/random_id.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::token_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::TokenRepository;

using testing::ManualClock;
using testing::TempDir;

class TokenRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  ManualClock clock{testing::beijing("2026-07-12T15:00:00+08:00")};
  std::unique_ptr<Database> owned_ = dir.open();
  Database& db = *owned_;
  TokenRepository tokens{db, clock, std::chrono::seconds(60)};
};

TEST_F(TokenRepositoryTest, ACreatedTokenAuthenticatesAsItsRoleSubjectAndName) {
  CreatedToken created = tokens.create(Role::Committee, "650103009", "李娜");
  EXPECT_TRUE(std::regex_match(created.token, std::regex("eoc_[0-9a-f]{16}_[0-9a-f]{64}"))) << created.token;
  EXPECT_EQ(created.token.substr(4, 16), created.tokenId);
  auto principal = tokens.authenticate(created.token);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->role, Role::Committee);
  EXPECT_EQ(principal->subject, "650103009");
  EXPECT_EQ(principal->name, "李娜");
  EXPECT_EQ(principal->tokenId, created.tokenId);
}

TEST_F(TokenRepositoryTest, TwoTokensNeverShareAnIdOrASecret) {
  CreatedToken a = tokens.create(Role::Viewer, "", "a");
  CreatedToken b = tokens.create(Role::Viewer, "", "a");
  EXPECT_NE(a.tokenId, b.tokenId);
  EXPECT_NE(a.token.substr(21), b.token.substr(21));
}

TEST_F(TokenRepositoryTest, WrongSecretUnknownIdAndMalformedTokensAreRefused) {
  CreatedToken created = tokens.create(Role::DutyOfficer, "", "王强");
  std::string wrongSecret = created.token;
  wrongSecret.back() = wrongSecret.back() == '0' ? '1' : '0';
  std::string unknownId = created.token;
  unknownId[4] = unknownId[4] == '0' ? '1' : '0';
  EXPECT_FALSE(tokens.authenticate(wrongSecret));
  EXPECT_FALSE(tokens.authenticate(unknownId));
  for (std::string malformed :
       {std::string(), std::string("eoc_"), created.token.substr(1), created.token + "0",
        "EOC" + created.token.substr(3), created.token.substr(0, 20) + "-" + created.token.substr(21),
        "eoc_" + created.tokenId + "_" + std::string(64, 'G')})
    EXPECT_FALSE(tokens.authenticate(malformed)) << malformed;
  EXPECT_TRUE(tokens.authenticate(created.token));  // the real one still works
}

TEST_F(TokenRepositoryTest, ARevokedTokenIsRefusedEvenRightAfterBeingCached) {
  CreatedToken created = tokens.create(Role::Approver, "", "赵敏");
  ASSERT_TRUE(tokens.authenticate(created.token));  // now cached
  EXPECT_TRUE(tokens.revoke(created.tokenId));
  EXPECT_FALSE(tokens.authenticate(created.token));
  EXPECT_FALSE(tokens.revoke(created.tokenId));  // already revoked
  EXPECT_FALSE(tokens.revoke("0000000000000000"));
}

TEST_F(TokenRepositoryTest, AVerifiedTokenIsServedFromMemoryWithinTheCacheTtl) {
  CreatedToken created = tokens.create(Role::Team, "T07", "");
  ASSERT_TRUE(tokens.authenticate(created.token));
  // Another process (the CLI) revokes it: this repository cannot know until the entry expires.
  auto otherInstance = dir.open();
  Database& otherProcess = *otherInstance;
  TokenRepository cli(otherProcess, clock);
  ASSERT_TRUE(cli.revoke(created.tokenId));
  clock.advance(std::chrono::seconds(59));
  EXPECT_TRUE(tokens.authenticate(created.token)) << "the second call should have cost no SQL";
  clock.advance(std::chrono::seconds(1));
  EXPECT_FALSE(tokens.authenticate(created.token)) << "the cached entry outlived its TTL";
}

TEST_F(TokenRepositoryTest, ATokenCreatedInARolledBackTransactionDoesNotExist) {
  std::string token;
  EXPECT_THROW(db.write([&](Transaction& tx) {
    token = tokens.create(tx, Role::Admin, "", "").token;
    throw std::runtime_error("audit failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(tokens.authenticate(token));
  EXPECT_TRUE(tokens.list().empty());
}

TEST_F(TokenRepositoryTest, ARevocationThatRollsBackLeavesTheTokenValid) {
  CreatedToken created = tokens.create(Role::Viewer, "", "");
  ASSERT_TRUE(tokens.authenticate(created.token));
  EXPECT_THROW(db.write([&](Transaction& tx) {
    tokens.revoke(tx, created.tokenId);
    throw std::runtime_error("audit failed");
  }),
               std::runtime_error);
  EXPECT_TRUE(tokens.authenticate(created.token));
}

TEST_F(TokenRepositoryTest, ThePlaintextSecretAppearsNowhereInTheDatabaseFiles) {
  CreatedToken created = tokens.create(Role::Admin, "", "root");
  std::string secret = created.token.substr(4 + 16 + 1);
  std::string bytes = testing::databaseBytes(dir.sqliteFile());
  // The hash must be found, or the search proves nothing (e.g. the row is not yet in these files).
  ASSERT_NE(bytes.find(sha256Hex(secret)), std::string::npos);
  EXPECT_EQ(bytes.find(secret), std::string::npos);
  EXPECT_EQ(bytes.find(created.token), std::string::npos);
}

TEST_F(TokenRepositoryTest, SubjectsMustFitTheirRole) {
  auto rejects = [&](Role role, const std::string& subject) {
    try {
      tokens.create(role, subject, "");
      return false;
    } catch (const EocError& e) {
      return e.code() == ErrorCode::InvalidParameter;
    }
  };
  EXPECT_TRUE(rejects(Role::Committee, ""));
  EXPECT_TRUE(rejects(Role::Committee, "65010300"));
  EXPECT_TRUE(rejects(Role::Committee, "6501030011"));
  EXPECT_TRUE(rejects(Role::Committee, "65010300a"));
  EXPECT_TRUE(rejects(Role::Team, ""));
  EXPECT_TRUE(rejects(Role::Team, "T 07"));
  EXPECT_TRUE(rejects(Role::Viewer, "650103001"));
  EXPECT_TRUE(rejects(Role::DutyOfficer, "x"));
  EXPECT_TRUE(tokens.list().empty()) << "a rejected token was stored";
  EXPECT_NO_THROW(tokens.create(Role::Committee, "650103001", ""));
  EXPECT_NO_THROW(tokens.create(Role::Team, "T07", ""));
  EXPECT_NO_THROW(tokens.create(Role::Admin, "", ""));
}

TEST_F(TokenRepositoryTest, ListingShowsEveryTokenAndItsRevocationWithoutSecrets) {
  CreatedToken first = tokens.create(Role::Committee, "650103002", "甲");
  clock.advance(std::chrono::seconds(5));
  CreatedToken second = tokens.create(Role::Viewer, "", "乙");
  tokens.revoke(first.tokenId);
  auto list = tokens.list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].tokenId, second.tokenId);  // newest first
  EXPECT_EQ(list[0].createdAt, "2026-07-12T15:00:05+08:00");
  EXPECT_FALSE(list[0].revokedAt);
  EXPECT_EQ(list[1].tokenId, first.tokenId);
  EXPECT_EQ(list[1].role, Role::Committee);
  EXPECT_EQ(list[1].subject, "650103002");
  EXPECT_EQ(list[1].revokedAt, "2026-07-12T15:00:05+08:00");
}

}  // namespace
}  // namespace eoc::store::token_repository_test
