#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::drill_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::DrillRepository;
using sqlite::AuditRepository;

using nlohmann::json;
using testing::beijing;

class DrillRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  std::unique_ptr<Database> owned_ = dir.open();
  Database& db = *owned_;
  DrillRepository drills{db};
  AuditRepository audit{db};

  static DrillRecord sample(const std::string& id) {
    DrillRecord r;
    r.id = id;
    r.createdAt = r.updatedAt = beijing("2026-09-15T09:00:00+08:00");
    r.createdBy = "duty_officer (王强)";
    r.scenario = {{"id", "earthquake-yamalik"}, {"type", "earthquake"}, {"location", {87.5544, 43.7622}}};
    r.impact = {{"type", "earthquake"}, {"displaced", 1234}};
    r.msel = json::array({{{"seq", 1}, {"offset_min", 0}, {"description", "【演练】情景发布"}}});
    return r;
  }
  void insert(const DrillRecord& r) { db.write([&](Transaction& tx) { drills.insert(tx, r); }); }
};

TEST_F(DrillRepositoryTest, AnInsertedDrillIsFoundAsItWasWrittenAndStartsPlanned) {
  auto written = sample("D1");
  insert(written);
  auto found = drills.find("D1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->createdAt, written.createdAt);
  EXPECT_EQ(found->createdBy, written.createdBy);
  EXPECT_EQ(found->state, DrillState::Planned);
  EXPECT_EQ(found->scenario, written.scenario);
  EXPECT_EQ(found->impact, written.impact);
  EXPECT_EQ(found->msel, written.msel);
  EXPECT_FALSE(found->activationId);
  EXPECT_TRUE(found->run.is_null());
  EXPECT_TRUE(found->report.is_null());
  EXPECT_FALSE(drills.find("D2"));
}

TEST_F(DrillRepositoryTest, ASecondDrillWithTheSameIdIsAConflictAndLeavesTheFirstAlone) {
  insert(sample("D1"));
  auto other = sample("D1");
  other.createdBy = "someone else";
  try {
    insert(other);
    FAIL() << "expected Conflict";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
  }
  EXPECT_EQ(drills.find("D1")->createdBy, "duty_officer (王强)");
}

TEST_F(DrillRepositoryTest, TheMselCanBeReplacedOnlyWhilePlanned) {
  insert(sample("D1"));
  json edited = json::array({{{"seq", 1}, {"offset_min", 5}, {"description", "【演练】改"}}});
  auto at = beijing("2026-09-15T09:10:00+08:00");
  EXPECT_TRUE(db.write([&](Transaction& tx) { return drills.replaceMsel(tx, "D1", edited, at); }));
  EXPECT_EQ(drills.find("D1")->msel, edited);
  EXPECT_EQ(drills.find("D1")->updatedAt, at);

  json run = {{"mode", "simulated"}, {"seed", 42}};
  json report = {{"objectives", json::array()}};
  EXPECT_TRUE(db.write([&](Transaction& tx) {
    return drills.recordRun(tx, "D1", DrillState::Finished, run, report, at);
  }));
  EXPECT_FALSE(db.write([&](Transaction& tx) { return drills.replaceMsel(tx, "D1", json::array(), at); }));
  auto found = drills.find("D1");
  EXPECT_EQ(found->msel, edited);
  EXPECT_EQ(found->state, DrillState::Finished);
  EXPECT_EQ(found->run, run);
  EXPECT_EQ(found->report, report);
  EXPECT_FALSE(db.write([&](Transaction& tx) { return drills.replaceMsel(tx, "nope", edited, at); }));
}

TEST_F(DrillRepositoryTest, AWriteAndItsAuditEntryRollBackTogether) {
  EXPECT_THROW(db.write([&](Transaction& tx) {
                 drills.insert(tx, sample("D1"));
                 audit.append(tx, AuditEntry{beijing("2026-09-15T09:00:00+08:00"), "duty_officer", "drill.create",
                                             "D1", nullptr, {{"id", "D1"}}, ""});
                 throw std::runtime_error("the caller fails after both writes");
               }),
               std::runtime_error);
  EXPECT_FALSE(drills.find("D1"));
  EXPECT_TRUE(audit.query(AuditQuery{}).empty());
  EXPECT_TRUE(drills.ids().empty());
}

TEST_F(DrillRepositoryTest, TheSchemaRefusesADrillThatIsNotAnExercise) {
  insert(sample("D1"));
  EXPECT_THROW(db.write([&](Transaction& tx) { tx.prepare("UPDATE drills SET exercise = 0 WHERE id = 'D1'").run(); }),
               EocError);
}

TEST_F(DrillRepositoryTest, IdsListEveryDrillOldestFirst) {
  auto later = sample("D0");
  later.createdAt = beijing("2026-09-16T09:00:00+08:00");
  insert(later);
  insert(sample("D9"));
  EXPECT_EQ(drills.ids(), (std::vector<std::string>{"D9", "D0"}));
}

}  // namespace
}  // namespace eoc::store::drill_repository_test
