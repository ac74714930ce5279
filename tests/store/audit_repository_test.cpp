#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace eoc::store::audit_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::AuditRepository;

using testing::beijing;

class AuditRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  std::unique_ptr<Database> owned_ = dir.open();
  Database& db = *owned_;
  AuditRepository audit{db};

  int64_t append(const char* at, const std::string& actor, const std::string& kind, const std::string& target) {
    return db.write([&](Transaction& tx) {
      return audit.append(tx, AuditEntry{beijing(at), actor, kind, target, nullptr, {{"target", target}}, "r"});
    });
  }
};

TEST_F(AuditRepositoryTest, AnEntryRoundTripsWithItsBeforeAndAfterDocuments) {
  db.write([&](Transaction& tx) {
    audit.append(tx, AuditEntry{beijing("2026-07-12T15:00:00+08:00"),
                                "approver (赵敏)",
                                "warning.issue",
                                "W7",
                                {{"state", "approved"}},
                                {{"state", "issued"}, {"level", "orange"}},
                                "req-42"});
  });
  auto rows = audit.query({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_GT(rows[0].seq, 0);
  EXPECT_EQ(rows[0].at, "2026-07-12T15:00:00+08:00");
  EXPECT_EQ(rows[0].actor, "approver (赵敏)");
  EXPECT_EQ(rows[0].kind, "warning.issue");
  EXPECT_EQ(rows[0].target, "W7");
  EXPECT_EQ(rows[0].before, (nlohmann::json{{"state", "approved"}}));
  EXPECT_EQ(rows[0].after, (nlohmann::json{{"state", "issued"}, {"level", "orange"}}));
  EXPECT_EQ(rows[0].requestId, "req-42");
}

TEST_F(AuditRepositoryTest, AnEntryAppendedInATransactionThatRollsBackLeavesNothing) {
  EXPECT_THROW(db.write([&](Transaction& tx) {
    audit.append(tx, AuditEntry{beijing("2026-07-12T15:00:00+08:00"), "duty_officer", "warning.draft", "W1", nullptr,
                                nullptr, ""});
    throw EocError(ErrorCode::InvalidBody, "the change itself failed");
  }),
               EocError);
  EXPECT_TRUE(audit.query({}).empty());
}

TEST_F(AuditRepositoryTest, TheSchemaRefusesUpdateAndDeleteOfEntries) {
  append("2026-07-12T15:00:00+08:00", "duty_officer", "warning.draft", "W1");
  for (const char* sql : {"UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"}) {
    try {
      db.write([&](Transaction& tx) { tx.prepare(sql).run(); });
      ADD_FAILURE() << sql << " was allowed";
    } catch (const EocError& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  auto rows = audit.query({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor, "duty_officer");
}

TEST_F(AuditRepositoryTest, QueriesFilterByTimeActorAndKindAndPageBySeq) {
  int64_t a = append("2026-07-12T14:59:59+08:00", "duty_officer", "warning.draft", "W1");
  int64_t b = append("2026-07-12T15:00:00+08:00", "approver", "warning.issue", "W1");
  int64_t c = append("2026-07-12T16:00:00+08:00", "duty_officer", "warning.issue", "W2");
  int64_t d = append("2026-07-13T09:00:00+08:00", "committee:650103001", "warning.ack", "W2");
  ASSERT_LT(a, b);
  ASSERT_LT(b, c);
  ASSERT_LT(c, d);
  auto seqs = [](const std::vector<AuditRecord>& rows) {
    std::vector<int64_t> out;
    for (auto& row : rows) out.push_back(row.seq);
    return out;
  };
  EXPECT_EQ(seqs(audit.query({})), (std::vector<int64_t>{a, b, c, d}));
  EXPECT_EQ(seqs(audit.query({.since = beijing("2026-07-12T15:00:00+08:00")})), (std::vector<int64_t>{b, c, d}));
  // The same instant written in another offset is still compared as a time.
  EXPECT_EQ(seqs(audit.query({.since = beijing("2026-07-12T08:00:00+00:00")})), (std::vector<int64_t>{c, d}));
  EXPECT_EQ(seqs(audit.query({.actor = "duty_officer"})), (std::vector<int64_t>{a, c}));
  EXPECT_EQ(seqs(audit.query({.kind = "warning.issue"})), (std::vector<int64_t>{b, c}));
  EXPECT_EQ(seqs(audit.query({.actor = "duty_officer", .kind = "warning.issue"})), (std::vector<int64_t>{c}));
  EXPECT_EQ(seqs(audit.query({.afterSeq = b, .limit = 1})), (std::vector<int64_t>{c}));
  EXPECT_EQ(seqs(audit.query({.limit = 2})), (std::vector<int64_t>{a, b}));
}

}  // namespace
}  // namespace eoc::store::audit_repository_test
