// The live-run rules without a server: when injects fall due at a given speed, that each fires
// once, that the stored state round-trips, and how real acknowledgements and team status changes
// become drill minutes (facts before the start or before a team's dispatch never count).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "drills/live_run.hpp"

namespace eoc::drills::live_run_test {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = *parseIso8601("2026-11-26T10:00:00+08:00");
constexpr GeoPoint kScene{87.55, 43.76};

MselRow row(int seq, int offsetMin, const std::string& type, const std::string& to = "") {
  MselRow r;
  r.seq = seq;
  r.offsetMin = offsetMin;
  r.injectType = type;
  r.to = to;
  r.description = std::string(kExerciseMark) + type;
  return r;
}

const std::vector<MselRow> kMsel = {row(1, 0, "scenario"), row(2, 0, "warning"), row(3, 1, "dispatch", "一队"),
                                    row(4, 30, "action"), row(5, 45, "checkpoint")};

LiveRun started(double speed) {
  LiveRun run;
  run.speed = speed;
  run.startedAt = kStart;
  run.controller = "演练控制员";
  return run;
}

std::vector<int> seqs(const std::vector<MselRow>& rows) {
  std::vector<int> out;
  for (const auto& r : rows) out.push_back(r.seq);
  return out;
}

TEST(LiveRun, InjectsFallDueAtTheirOffsetDividedByTheSpeedAndFireOnce) {
  auto run = started(1);
  EXPECT_EQ(seqs(dueRows(run, kMsel, kStart)), (std::vector<int>{1, 2}));
  for (int seq : {1, 2}) run.fired[seq] = kStart;
  EXPECT_TRUE(dueRows(run, kMsel, kStart + 59s).empty());
  EXPECT_EQ(seqs(dueRows(run, kMsel, kStart + 60s)), (std::vector<int>{3}));
  EXPECT_EQ(nextDue(run, kMsel), kStart + 60s);
  run.fired[3] = kStart + 60s;
  EXPECT_EQ(nextDue(run, kMsel), kStart + 30min);
  EXPECT_EQ(seqs(dueRows(run, kMsel, kStart + 2h)), (std::vector<int>{4, 5}));

  auto fast = started(60);  // an hour of drill in a real minute
  fast.fired = {{1, kStart}, {2, kStart}};
  EXPECT_EQ(dueAt(fast, kMsel[2]), kStart + 1s);
  EXPECT_EQ(dueAt(fast, kMsel[4]), kStart + 45s);
  auto odd = started(7);  // 1 minute / 7 = 8.57 s: rounded up, never early
  EXPECT_EQ(dueAt(odd, kMsel[2]), kStart + 9s);
  for (const auto& r : kMsel) fast.fired[r.seq] = kStart;
  EXPECT_FALSE(nextDue(fast, kMsel).has_value());
}

TEST(LiveRun, TheStoredStateRoundTripsAndBrokenStateIsNamed) {
  auto run = started(2.5);
  run.fired = {{1, kStart}, {3, kStart + 30s}};
  run.warningId = "wabc123";
  run.warnedAt = kStart;
  run.dispatched["T01"] = kStart + 30s;
  run.noticeAcks["650103001"] = {kStart + 90s, "committee:650103001", "已转发"};
  auto back = parseLiveRun(toJson(run));
  EXPECT_EQ(toJson(back), toJson(run));
  EXPECT_EQ(back.fired.size(), 2u);
  EXPECT_EQ(back.noticeAcks.at("650103001").note, "已转发");

  auto broken = toJson(run);
  broken["started_at"] = "yesterday";
  try {
    parseLiveRun(broken);
    FAIL() << "a broken start time was accepted";
  } catch (const EocError& e) {
    EXPECT_NE(std::string(e.detail()).find("run.started_at"), std::string::npos) << e.detail();
  }
  EXPECT_THROW(parseLiveRun(nlohmann::json{{"mode", "simulated"}}), EocError);
}

TEST(LiveRun, TheRecordCountsOnlyWhatHappenedAfterTheStartAndAfterEachDispatch) {
  auto run = started(2);  // drill minutes = 2 × real minutes
  run.warningId = "w1";
  run.warnedAt = kStart + 30s;  // drill minute 1
  run.dispatched["T1"] = kStart + 60s;  // drill minute 2
  std::vector<Participant> committees = {{"A", "甲"}, {"B", "乙"}, {"C", "丙"}};
  std::vector<TeamAtHome> teams = {{"T1", "一队", {87.56, 43.76}}, {"T2", "二队", {87.55, 43.77}}};
  std::vector<AckFact> acks = {{"A", kStart - 10min},  // an ack from before the drill: ignored
                               {"A", kStart + 150s},   // drill minute 5
                               {"A", kStart + 200s},   // a later repeat: the first counts
                               {"B", kStart + 600s}};  // minute 20
  std::vector<StatusFact> changes = {{"T1", "notified", kStart + 30s},  // before its dispatch: ignored
                                     {"T1", "notified", kStart + 90s},  // minute 3
                                     {"T1", "en_route", kStart + 120s}, // minute 4
                                     {"T1", "on_scene", kStart + 450s}, // minute 15
                                     {"T2", "notified", kStart - 1h},   // before the drill: ignored
                                     {"T2", "en_route", kStart + 60s}}; // not dispatched: counted from the start
  auto record = liveRunRecord(run, kScene, committees, teams, acks, changes);
  EXPECT_EQ(record.mode, "live");
  ASSERT_EQ(record.acks.size(), 3u);
  EXPECT_DOUBLE_EQ(record.acks[0].warnedMin, 1.0);
  EXPECT_DOUBLE_EQ(*record.acks[0].ackMin, 5.0);
  EXPECT_DOUBLE_EQ(*record.acks[1].ackMin, 20.0);
  EXPECT_FALSE(record.acks[2].ackMin.has_value());
  ASSERT_EQ(record.teams.size(), 2u);
  EXPECT_DOUBLE_EQ(record.teams[0].dispatchedMin, 2.0);
  EXPECT_DOUBLE_EQ(*record.teams[0].notifiedMin, 3.0);
  EXPECT_DOUBLE_EQ(*record.teams[0].enRouteMin, 4.0);
  EXPECT_DOUBLE_EQ(*record.teams[0].onSceneMin, 15.0);
  EXPECT_NEAR(record.teams[0].distanceKm, 0.8031, 0.0005);  // 0.01° of longitude at 43.76° N
  EXPECT_DOUBLE_EQ(record.teams[1].dispatchedMin, 0.0);
  EXPECT_FALSE(record.teams[1].notifiedMin.has_value());
  EXPECT_DOUBLE_EQ(*record.teams[1].enRouteMin, 2.0);
}

TEST(LiveRun, WithoutAWarningTheNoticeAcksCountAndNothingIsAckedBeforeTheNoticeWentOut) {
  auto run = started(1);
  std::vector<Participant> committees = {{"A", "甲"}};
  run.noticeAcks["A"] = {kStart + 3min, "committee:A", ""};
  auto unwarned = liveRunRecord(run, kScene, committees, {}, {}, {});
  EXPECT_FALSE(unwarned.acks[0].ackMin.has_value()) << "no notice went out, so nothing was acknowledged";
  run.warnedAt = kStart + 1min;
  auto record = liveRunRecord(run, kScene, committees, {}, {{"A", kStart + 2min}}, {});
  EXPECT_DOUBLE_EQ(*record.acks[0].ackMin, 3.0) << "notice acks count, warning acks do not, without a warning";
}

}  // namespace
}  // namespace eoc::drills::live_run_test
