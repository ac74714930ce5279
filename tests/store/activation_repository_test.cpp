#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace eoc::store::activation_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::ActivationRepository;

using testing::beijing;

class ActivationRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  std::unique_ptr<Database> owned_ = dir.open();
  Database& db = *owned_;
  ActivationRepository activations{db};

  ActivationRecord sample(const std::string& id, size_t actions) {
    nlohmann::json body = {
        {"id", id}, {"plans", {{{"id", "flood"}, {"level", "III"}}}}, {"actions", nlohmann::json::array()}};
    for (size_t i = 0; i < actions; ++i) body["actions"].push_back("action " + std::to_string(i));
    return ActivationRecord{id,     beijing("2026-07-12T15:00:00+08:00"), ActivationSource::Warning, "W7", false, body,
                            actions};
  }
  bool set(const std::string& id, int n, ActionState state, const char* note) {
    return db.write([&](Transaction& tx) {
      return activations.setActionStatus(tx, id, n, state, note, "duty_officer (王强)",
                                         beijing("2026-07-12T15:10:00+08:00"));
    });
  }
};

TEST_F(ActivationRepositoryTest, AnInsertedActivationIsFoundAsItWasWritten) {
  ActivationRecord written = sample("A1", 3);
  db.write([&](Transaction& tx) { activations.insert(tx, written); });
  auto found = activations.find("A1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "A1");
  EXPECT_EQ(found->createdAt, written.createdAt);
  EXPECT_EQ(found->source, ActivationSource::Warning);
  EXPECT_EQ(found->sourceId, "W7");
  EXPECT_FALSE(found->exercise);
  EXPECT_EQ(found->body, written.body);
  EXPECT_EQ(found->actionCount, 3u);
  EXPECT_FALSE(activations.find("A2"));
}

TEST_F(ActivationRepositoryTest, ADrillActivationWithoutSourceIdKeepsItsExerciseFlag) {
  ActivationRecord drill = sample("D1", 0);
  drill.source = ActivationSource::Drill;
  drill.sourceId.reset();
  drill.exercise = true;
  db.write([&](Transaction& tx) { activations.insert(tx, drill); });
  auto found = activations.find("D1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, ActivationSource::Drill);
  EXPECT_FALSE(found->sourceId);
  EXPECT_TRUE(found->exercise);
  EXPECT_TRUE(activations.actionStatuses("D1").empty());
}

TEST_F(ActivationRepositoryTest, ActionsStartPendingAndChangeOneAtATime) {
  db.write([&](Transaction& tx) { activations.insert(tx, sample("A1", 3)); });
  auto initial = activations.actionStatuses("A1");
  ASSERT_EQ(initial.size(), 3u);
  for (int n = 0; n < 3; ++n) {
    EXPECT_EQ(initial[n].n, n);
    EXPECT_EQ(initial[n].state, ActionState::Pending);
    EXPECT_FALSE(initial[n].at);
  }
  EXPECT_TRUE(set("A1", 1, ActionState::Done, "已开放3号避难场所"));
  EXPECT_TRUE(set("A1", 2, ActionState::Skipped, "不适用"));
  auto after = activations.actionStatuses("A1");
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].state, ActionState::Pending);
  EXPECT_EQ(after[1].state, ActionState::Done);
  EXPECT_EQ(after[1].note, "已开放3号避难场所");
  EXPECT_EQ(after[1].byActor, "duty_officer (王强)");
  EXPECT_EQ(after[1].at, "2026-07-12T15:10:00+08:00");
  EXPECT_EQ(after[2].state, ActionState::Skipped);
}

TEST_F(ActivationRepositoryTest, SettingAnActionThatDoesNotExistReportsFalse) {
  db.write([&](Transaction& tx) { activations.insert(tx, sample("A1", 2)); });
  EXPECT_FALSE(set("A1", 2, ActionState::Done, ""));
  EXPECT_FALSE(set("A1", -1, ActionState::Done, ""));
  EXPECT_FALSE(set("nope", 0, ActionState::Done, ""));
  EXPECT_TRUE(activations.actionStatuses("nope").empty());
}

TEST_F(ActivationRepositoryTest, ADuplicateIdIsAConflictAndLeavesTheFirstIntact) {
  db.write([&](Transaction& tx) { activations.insert(tx, sample("A1", 2)); });
  try {
    db.write([&](Transaction& tx) { activations.insert(tx, sample("A1", 5)); });
    FAIL() << "a second A1 was inserted";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
  }
  EXPECT_EQ(activations.actionStatuses("A1").size(), 2u);
}

TEST_F(ActivationRepositoryTest, AnInsertThatRollsBackLeavesNeitherActivationNorActions) {
  EXPECT_THROW(db.write([&](Transaction& tx) {
    activations.insert(tx, sample("A1", 4));
    throw std::runtime_error("audit failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(activations.find("A1"));
  EXPECT_TRUE(activations.actionStatuses("A1").empty());
}

}  // namespace
}  // namespace eoc::store::activation_repository_test
