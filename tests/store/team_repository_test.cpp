#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::team_repository_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::TeamRepository;
using sqlite::IncidentRepository;

using testing::beijing;

class TeamRepositoryTest : public ::testing::Test {
 protected:
  testing::TestDatabase dir;
  std::unique_ptr<Database> db = dir.open();
  std::unique_ptr<TeamRepository> teams = std::make_unique<TeamRepository>(*db);

  // Dispatches name an incident of the register (store/incident_repository.hpp).
  void insertIncident(Transaction& tx, const std::string& id, const std::string& type) {
    IncidentRow row;
    row.id = id;
    row.createdAt = beijing("2026-07-12T15:00:00+08:00");
    row.createdBy = "duty_officer";
    row.type = type;
    row.firstKnownAt = row.createdAt;
    IncidentRepository(*db).insert(tx, row);
  }

  void reopen() {
    teams.reset();
    db.reset();
    db = dir.open();
    teams = std::make_unique<TeamRepository>(*db);
  }
  PositionRecord fix(const std::string& team, double lat, const char* at) {
    return PositionRecord{team, 87.58, lat, beijing(at), beijing(at), 8.0, std::nullopt, 90.0, 77.0, ""};
  }
};

TEST_F(TeamRepositoryTest, StatusChangesSurviveReopeningWithTheirHistoryNewestFirst) {
  db->write([&](Transaction& tx) {
    teams->recordStatus(tx, {"T07", "available", "notified", beijing("2026-07-12T15:00:00+08:00"), "duty_officer",
                             "gas leak", std::string("I1")});
    teams->recordStatus(tx, {"T07", "notified", "en_route", beijing("2026-07-12T15:03:00+08:00"), "team:T07", "",
                             std::string("I1")});
  });
  reopen();
  auto states = teams->states();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].status, "en_route");
  EXPECT_EQ(states[0].since, beijing("2026-07-12T15:03:00+08:00"));
  EXPECT_EQ(states[0].incidentId, "I1");
  auto history = teams->history("T07", 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].change.to, "en_route");
  EXPECT_EQ(history[1].change.from, "available");
  EXPECT_EQ(history[1].change.note, "gas leak");
  EXPECT_GT(history[0].seq, history[1].seq);
}

TEST_F(TeamRepositoryTest, TheTrackIsBoundedAndTheLatestFixIsKeptPerTeam) {
  db->write([&](Transaction& tx) {
    teams->appendPosition(tx, fix("T01", 43.70, "2026-07-12T15:00:00+08:00"), 3);
    for (int i = 0; i < 6; ++i) {
      std::string at = "2026-07-12T15:0" + std::to_string(i) + ":30+08:00";
      teams->appendPosition(tx, fix("T02", 43.80 + i * 0.001, at.c_str()), 3);
    }
  });
  auto track = teams->track("T02", 100);
  ASSERT_EQ(track.size(), 3u);
  EXPECT_DOUBLE_EQ(track[0].lat, 43.805);
  EXPECT_DOUBLE_EQ(track[2].lat, 43.803);
  EXPECT_EQ(teams->track("T01", 100).size(), 1u);
  auto latest = teams->latestPositions();
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].teamId, "T01");
  EXPECT_DOUBLE_EQ(latest[1].lat, 43.805);
  EXPECT_EQ(latest[1].accuracy, 8.0);
  EXPECT_FALSE(latest[1].speed);
}

TEST_F(TeamRepositoryTest, IncidentsAndDispatchMilestonesKeepTheFirstTime) {
  db->write([&](Transaction& tx) {
    insertIncident(tx, "I1", "gas_leak");
    teams->insertDispatch(tx, {"I1", "T07", beijing("2026-07-12T15:01:00+08:00"), "duty_officer", true, "nearest",
                               420.0, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(teams->markMilestone(tx, "I1", "T07", DispatchMilestone::Notified, beijing("2026-07-12T15:01:00+08:00")));
    EXPECT_TRUE(teams->markMilestone(tx, "I1", "T07", DispatchMilestone::EnRoute, beijing("2026-07-12T15:04:00+08:00")));
    EXPECT_TRUE(teams->markMilestone(tx, "I1", "T07", DispatchMilestone::EnRoute, beijing("2026-07-12T15:09:00+08:00")));
    EXPECT_FALSE(teams->markMilestone(tx, "I1", "T99", DispatchMilestone::OnScene, beijing("2026-07-12T15:09:00+08:00")));
  });
  auto incident = IncidentRepository(*db).find("I1");
  ASSERT_TRUE(incident);
  EXPECT_EQ(incident->type, "gas_leak");
  EXPECT_TRUE(incident->activation.is_null());
  auto d = teams->dispatches("I1");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].forced);
  EXPECT_EQ(d[0].etaSeconds, 420.0);
  EXPECT_EQ(d[0].enRouteAt, "2026-07-12T15:04:00+08:00");
  EXPECT_FALSE(d[0].onSceneAt);
  EXPECT_FALSE(IncidentRepository(*db).find("I2"));
}

TEST_F(TeamRepositoryTest, DuplicateIncidentsAndDispatchesAreConflicts) {
  auto insert = [&] {
    db->write([&](Transaction& tx) {
      insertIncident(tx, "I1", "fire");
    });
  };
  insert();
  try {
    insert();
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
  }
  DispatchRecord d{"I1", "T01", beijing("2026-07-12T15:00:00+08:00"), "x", false, "", std::nullopt,
                   std::nullopt, std::nullopt, std::nullopt};
  db->write([&](Transaction& tx) { teams->insertDispatch(tx, d); });
  EXPECT_THROW(db->write([&](Transaction& tx) { teams->insertDispatch(tx, d); }), EocError);
}

}  // namespace
}  // namespace eoc::store::team_repository_test
