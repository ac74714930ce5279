#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace eoc::store::warning_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::WarningRepository;
using sqlite::AuditRepository;

using testing::beijing;

class WarningRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  std::unique_ptr<Database> db = dir.open();
  std::unique_ptr<WarningRepository> warnings = std::make_unique<WarningRepository>(*db);

  static WarningRow row(const std::string& id, const std::string& state, const std::string& expires,
                        const std::string& approver = "李强") {
    WarningRow r;
    r.id = id;
    r.state = state;
    r.status = "Actual";
    r.type = "rainstorm";
    r.level = "orange";
    r.author = "王敏";
    r.approver = state == "draft" ? "" : approver;
    r.createdAt = beijing("2026-07-12T14:00:00+08:00");
    r.updatedAt = r.createdAt;
    r.expires = beijing(expires.c_str());
    r.body = {{"id", id}, {"level", "orange"}};
    r.history = nlohmann::json::array({{{"action", "draft"}}});
    return r;
  }
  void insert(const WarningRow& r) {
    db->write([&](Transaction& tx) { warnings->insert(tx, r); });
  }
  void reopen() {
    warnings.reset();
    db = dir.open();
    warnings = std::make_unique<WarningRepository>(*db);
  }
};

TEST_F(WarningRepositoryTest, AWarningItsMessagesAndItsIngestRecordSurviveReopeningTheFile) {
  auto w = row("w1", "issued", "2026-07-12T21:00:00+08:00");
  w.proposal = {{"action", "cancel"}};
  db->write([&](Transaction& tx) {
    warnings->insert(tx, w);
    warnings->addMessage(tx, WarningMessageRow{"65010300000000_20260712150000_1", "w1", "Alert",
                                               beijing("2026-07-12T15:00:00+08:00"), "<alert/>", {{"a", 1}}});
    warnings->recordIngest(tx, IngestRecord{"obs", "X1", "2026-07-12T14:50:00+08:00", "Alert", "w1", "drafted",
                                            beijing("2026-07-12T14:51:00+08:00")});
  });
  reopen();
  auto back = warnings->find("w1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->state, "issued");
  EXPECT_EQ(back->approver, "李强");
  EXPECT_EQ(back->expires, beijing("2026-07-12T21:00:00+08:00"));
  EXPECT_EQ(back->body, w.body);
  EXPECT_EQ(back->history, w.history);
  EXPECT_EQ(back->proposal, w.proposal);
  auto messages = warnings->messages("w1");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].capXml, "<alert/>");
  EXPECT_EQ(messages[0].sent, beijing("2026-07-12T15:00:00+08:00"));
  db->write([&](Transaction& tx) {
    EXPECT_EQ(warnings->relayOf(tx, "obs", "X1"), std::optional<std::string>("w1"));
    EXPECT_FALSE(warnings->relayOf(tx, "obs", "X2"));
    EXPECT_FALSE(warnings->relayOf(tx, "other", "X1"));
  });
}

TEST_F(WarningRepositoryTest, AStatusChangeIsRefusedByTheSchemaWhateverCodeTriesIt) {
  insert(row("w1", "draft", "2026-07-12T21:00:00+08:00"));
  EXPECT_THROW(db->write([&](Transaction& tx) {
    tx.prepare("UPDATE warnings SET status = 'Actual' WHERE id = 'w1'").run();  // no-op: already Actual
    tx.prepare("UPDATE warnings SET status = 'Exercise' WHERE id = 'w1'").run();
  }),
               EocError);
  EXPECT_EQ(warnings->find("w1")->status, "Actual");
}

TEST_F(WarningRepositoryTest, IssuedMessagesAreFrozenAndTheirIdentifiersUnique) {
  insert(row("w1", "issued", "2026-07-12T21:00:00+08:00"));
  WarningMessageRow m{"ID_1", "w1", "Alert", beijing("2026-07-12T15:00:00+08:00"), "<a/>", nullptr};
  db->write([&](Transaction& tx) { warnings->addMessage(tx, m); });
  try {
    db->write([&](Transaction& tx) { warnings->addMessage(tx, m); });
    FAIL() << "a duplicate identifier was stored";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
  }
  EXPECT_THROW(db->write([&](Transaction& tx) {
    tx.prepare("UPDATE warning_messages SET sent = '2026-07-12T16:00:00+08:00'").run();
  }),
               EocError);
  EXPECT_EQ(warnings->message("ID_1")->sent, beijing("2026-07-12T15:00:00+08:00"));
}

TEST_F(WarningRepositoryTest, UpdatingAnUnknownWarningIsNotFoundAndWritesNothing) {
  try {
    db->write([&](Transaction& tx) { warnings->update(tx, row("ghost", "issued", "2026-07-12T21:00:00+08:00")); });
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
  }
  EXPECT_FALSE(warnings->find("ghost"));
}

TEST_F(WarningRepositoryTest, LiveIsSoonestExpiryFirstAndListHidesDraftsWhenAsked) {
  insert(row("late", "issued", "2026-07-12T23:00:00+08:00"));
  insert(row("soon", "updated", "2026-07-12T18:00:00+08:00"));
  insert(row("draft", "draft", "2026-07-12T17:00:00+08:00"));
  auto gone = row("gone", "cancelled", "2026-07-12T19:00:00+08:00");
  gone.endedAt = beijing("2026-07-10T12:00:00+08:00");
  insert(gone);
  auto live = warnings->live();
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].id, "soon");
  EXPECT_EQ(live[1].id, "late");

  WarningFilter everything;
  EXPECT_EQ(warnings->list(everything).size(), 4u);
  WarningFilter publicView;
  publicView.includeDrafts = false;
  for (const auto& r : warnings->list(publicView)) EXPECT_NE(r.id, "draft");
  EXPECT_EQ(warnings->list(publicView).size(), 3u);
  WarningFilter active;
  active.liveOnly = true;
  EXPECT_EQ(warnings->list(active).size(), 2u);

  // The feed window: live ones plus what ended since the cut-off.
  EXPECT_EQ(warnings->liveOrEndedSince(beijing("2026-07-11T00:00:00+08:00")).size(), 2u);
  EXPECT_EQ(warnings->liveOrEndedSince(beijing("2026-07-10T00:00:00+08:00")).size(), 3u);
}

}  // namespace
}  // namespace eoc::store::warning_repository_test
