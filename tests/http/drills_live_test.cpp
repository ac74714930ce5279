// Live drill runs on a real eoc: the exercise warning goes out as CAP Exercise to drill-flagged
// webhook receivers only (tools/receiver checks the signatures), real acknowledgements and team
// status changes are scored in the report, a drill without a weather signal is acknowledged at
// /drills/{id}/ack, and a restart resumes a running drill without firing anything twice. Time is
// a manual clock the test moves; injects fire through DrillsService::fireDue, as its timer does.
#include <gtest/gtest.h>

#include <fstream>

#include "receiver.hpp"
#include "service/broadcast_service.hpp"
#include "service/drills_service.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::drills_live_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kA = "650103001";
constexpr const char* kB = "650103002";
constexpr const char* kC = "650103003";  // its only recipient does not take part in drills

struct Reply {
  int status = 0;
  std::string text;
  json body;
};

class LiveDrill {
 public:
  explicit LiveDrill(Config config = TestServer::defaultConfig(), TimePoint start = TimePoint{})
      : receiver_(kSecret),
        clock_(std::make_shared<ManualClock>(start == TimePoint{} ? SystemTimeSource().now() : start)) {
    receiver_.up();
    config.broadcast.recipientsFile = dir_.path() / "recipients.json";
    json recipients = json::array();
    for (auto [code, drills] : {std::pair{kA, true}, std::pair{kB, true}, std::pair{kC, false}})
      recipients.push_back({{"code", code},
                            {"kind", "committee"},
                            {"name", std::string("片区") + code},
                            {"committees", {code}},
                            {"webhook", {{"url", receiver_.url(code)}, {"secret", kSecret}}},
                            {"phones", {"0991-0000000"}},
                            {"drills", drills}});
    std::ofstream(config.broadcast.recipientsFile) << json{{"recipients", recipients}}.dump();
    server_ = std::make_unique<TestServer>(config, clock_);
    duty_ = server_->token(Role::DutyOfficer, "", "演练控制员");
    viewer_ = server_->token(Role::Viewer);
    admin_ = server_->token(Role::Admin);
  }

  static Reply wrap(const httplib::Result& res) {
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.text = res->body;
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  Reply post(const std::string& path, const json& body, const std::string& token) {
    return wrap(server_->client().Post(path, {{"Authorization", "Bearer " + token}},
                                       body.is_null() ? "" : body.dump(), "application/json"));
  }
  Reply get(const std::string& path, const std::string& token) {
    return wrap(server_->client().Get(path, {{"Authorization", "Bearer " + token}}));
  }
  void at(std::chrono::seconds sinceStart) { clock_->set(start() + sinceStart); }
  TimePoint start() const { return start_; }
  void markStart() { start_ = clock_->now(); }

  TempDir dir_;
  tools::Receiver receiver_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestServer> server_;
  std::string duty_, viewer_, admin_;
  TimePoint start_{};
};

json rainstormScenario() {
  return {{"id", "live-rain"},
          {"title", "暴雨内涝实战演练"},
          {"type", "rainstorm"},
          {"location", {87.5860, 43.7920}},
          {"start", "2026-07-01T10:00:00+08:00"},
          {"rainstorm", {{"rate_mm_h", 35}, {"duration_h", 3}, {"warning_level", "orange"}}},
          {"objectives",
           {{{"id", "O1"}, {"text", "预警片区10分钟内确认"}, {"kind", "ack_within"}, {"minutes", 10}},
            {{"id", "O2"}, {"text", "首支队伍20分钟内到场"}, {"kind", "first_on_scene"}, {"minutes", 20}}}},
          {"committees", {kA, kB, kC}},
          {"teams", {"T01", "T02"}}};
}

const json& row(const json& rows, const std::string& key, const std::string& value) {
  for (const auto& r : rows)
    if (r.value(key, "") == value) return r;
  static const json none;
  return none;
}

TEST(LiveDrill, RealAcksAndTeamStatusChangesAreScoredAndOnlyExerciseMessagesReachOnlyDrillRecipients) {
  LiveDrill d;
  auto planned = d.post("/drills", {{"scenario", rainstormScenario()}}, d.duty_);
  ASSERT_EQ(planned.status, 201) << planned.text;
  std::string id = planned.body["id"];

  d.markStart();
  auto started = d.post("/drills/" + id + "/run", {{"mode", "live"}}, d.duty_);
  ASSERT_EQ(started.status, 200) << started.text;
  EXPECT_EQ(started.body["state"], "running");
  ASSERT_TRUE(started.body["run"]["warning_id"].is_string()) << started.text;
  std::string warningId = started.body["run"]["warning_id"];

  // The exercise warning reaches the two drill-flagged receivers, signed, marked as an exercise.
  ASSERT_TRUE(d.receiver_.waitForArrivals(2, 20s));
  ASSERT_TRUE(d.server_->service().broadcast().waitIdle(20s));
  EXPECT_EQ(d.receiver_.arrivalsFor(kA).size(), 1u);
  EXPECT_EQ(d.receiver_.arrivalsFor(kB).size(), 1u);
  EXPECT_TRUE(d.receiver_.arrivalsFor(kC).empty()) << "a recipient not flagged for drills got the exercise";
  for (const auto& a : d.receiver_.arrivals()) {
    EXPECT_TRUE(a.signatureValid);
    EXPECT_NE(a.body.find("Exercise"), std::string::npos) << a.body.substr(0, 400);
    EXPECT_EQ(a.body.find("Actual"), std::string::npos) << a.body.substr(0, 400);
    EXPECT_NE(a.body.find("【演练】"), std::string::npos);
    EXPECT_NE(a.body.find(id), std::string::npos) << "the drill id travels in the CAP note";
  }
  auto warning = d.get("/warnings/" + warningId, d.viewer_);
  ASSERT_EQ(warning.status, 200) << warning.text;
  EXPECT_EQ(warning.body["status"], "Exercise");
  EXPECT_EQ(warning.body["drill_id"], id);

  // Minute 1: the dispatch injects fire, once, however often the timer looks.
  d.at(60s);
  EXPECT_EQ(d.server_->service().drills().fireDue(d.clock_->now()), 2u);
  EXPECT_EQ(d.server_->service().drills().fireDue(d.clock_->now()), 0u);

  auto t01 = d.server_->token(Role::Team, "T01", "一队队长");
  auto t02 = d.server_->token(Role::Team, "T02", "二队队长");
  auto status = [&](const std::string& team, const std::string& token, const std::string& to, int second) {
    d.at(std::chrono::seconds(second));
    auto r = d.post("/teams/" + team + "/status", {{"status", to}}, token);
    EXPECT_EQ(r.status, 200) << team << " → " << to << ": " << r.text;
  };
  status("T01", t01, "notified", 120);
  status("T02", t02, "notified", 180);
  d.at(240s);
  auto acked = d.post("/warnings/" + warningId + "/ack", {{"note", "已转发至各社区"}},
                      d.server_->token(Role::Committee, kA, "片区A值班员"));
  ASSERT_EQ(acked.status, 200) << acked.text;
  auto notTargeted = d.post("/warnings/" + warningId + "/ack", json::object(),
                            d.server_->token(Role::Committee, kC, "片区C值班员"));
  EXPECT_EQ(notTargeted.status, 403) << notTargeted.text;
  status("T01", t01, "en_route", 300);
  status("T01", t01, "on_scene", 900);

  d.at(20min);
  auto finished = d.post("/drills/" + id + "/finish", json(), d.duty_);
  ASSERT_EQ(finished.status, 200) << finished.text;
  EXPECT_EQ(finished.body["state"], "finished");

  auto report = d.get("/drills/" + id + "/report", d.viewer_);
  ASSERT_EQ(report.status, 200) << report.text;
  EXPECT_EQ(report.body["overview"]["mode"], "live");
  EXPECT_EQ(report.body["overview"]["controller"], "演练控制员");
  EXPECT_EQ(report.body["overview"]["exercise_warning"], warningId);
  EXPECT_EQ(report.body["overview"]["start"], formatBeijing(d.start()));
  EXPECT_EQ(report.body["overview"]["finished_at"], formatBeijing(d.start() + 20min));
  auto html = d.get("/drills/" + id + "/report.html", d.viewer_);
  EXPECT_NE(html.text.find("实战演练"), std::string::npos);
  EXPECT_NE(html.text.find(warningId + "（CAP Exercise）"), std::string::npos);
  const auto& acks = report.body["committee_acks"];
  EXPECT_DOUBLE_EQ(row(acks, "committee", kA)["latency_min"].get<double>(), 4.0);
  EXPECT_TRUE(row(acks, "committee", kB)["ack_min"].is_null());
  EXPECT_TRUE(row(acks, "committee", kC)["ack_min"].is_null());
  const auto& teams = report.body["teams"];
  const auto& first = row(teams, "team", "T01");
  EXPECT_DOUBLE_EQ(first["dispatched_min"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(first["notified_min"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(first["en_route_min"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(first["on_scene_min"].get<double>(), 15.0);
  const auto& second = row(teams, "team", "T02");
  EXPECT_DOUBLE_EQ(second["notified_min"].get<double>(), 3.0);
  EXPECT_TRUE(second["on_scene_min"].is_null());
  const auto& objectives = report.body["objectives"];
  EXPECT_EQ(row(objectives, "id", "O1")["rating"], "U") << "B and C never acknowledged";
  EXPECT_EQ(row(objectives, "id", "O2")["rating"], "P") << "T01 on scene at 15 of 20 minutes";

  // Finishing lifted the exercise warning; the Cancel went to the same two receivers only.
  EXPECT_EQ(d.get("/warnings/" + warningId, d.viewer_).body["state"], "cancelled");
  ASSERT_TRUE(d.receiver_.waitForArrivals(4, 20s));
  ASSERT_TRUE(d.server_->service().broadcast().waitIdle(20s));
  EXPECT_TRUE(d.receiver_.arrivalsFor(kC).empty());
  for (const auto& a : d.receiver_.arrivals()) EXPECT_EQ(a.body.find("Actual"), std::string::npos);
  auto actual = d.get("/warnings?status=Actual", d.duty_);
  ASSERT_EQ(actual.status, 200) << actual.text;
  EXPECT_TRUE(actual.body["warnings"].empty()) << actual.text;

  // A live run is the record of the drill: it is neither run again nor overwritten by a simulation.
  EXPECT_EQ(d.post("/drills/" + id + "/run", {{"mode", "simulated"}}, d.duty_).status, 409);
  EXPECT_EQ(d.post("/drills/" + id + "/run", {{"mode", "live"}}, d.duty_).status, 409);
  EXPECT_EQ(d.post("/drills/" + id + "/finish", json(), d.duty_).status, 409);
}

TEST(LiveDrill, ADrillWithoutAWeatherSignalIsAcknowledgedAtItsNoticeByParticipatingCommitteesOnly) {
  LiveDrill d;
  auto planned = d.post("/drills", {{"scenario_id", "gas-leak-rescue"}}, d.duty_);
  ASSERT_EQ(planned.status, 201) << planned.text;
  std::string id = planned.body["id"];
  std::string committee = planned.body["participants"]["committees"][0]["code"];
  auto clerk = d.server_->token(Role::Committee, committee, "片区值班员");

  EXPECT_EQ(d.post("/drills/" + id + "/ack", json::object(), clerk).status, 409) << "not running yet";
  d.markStart();
  auto started = d.post("/drills/" + id + "/run", {{"mode", "live"}, {"speed", 2}}, d.duty_);
  ASSERT_EQ(started.status, 200) << started.text;
  EXPECT_TRUE(started.body["run"]["warning_id"].is_null()) << "no weather signal: no CAP warning";

  // The list finds the running drill (a desk that did not start it, a committee screen).
  auto running = d.get("/drills?state=running", clerk);
  ASSERT_EQ(running.status, 200) << running.text;
  ASSERT_EQ(running.body["drills"].size(), 1u) << running.text;
  EXPECT_EQ(running.body["drills"][0]["id"], id);
  EXPECT_EQ(running.body["drills"][0]["mode"], "live");
  EXPECT_TRUE(d.get("/drills?state=finished", d.viewer_).body["drills"].empty());
  auto badState = d.get("/drills?state=paused", d.viewer_);
  EXPECT_EQ(badState.status, 400);
  EXPECT_NE(badState.text.find("state"), std::string::npos);
  EXPECT_EQ(d.get("/drills?limit=0", d.viewer_).status, 400);

  d.at(90s);  // 3 drill minutes at speed 2
  auto ack = d.post("/drills/" + id + "/ack", {{"note", "已组织疏散"}}, clerk);
  ASSERT_EQ(ack.status, 200) << ack.text;
  EXPECT_FALSE(ack.body["duplicate"].get<bool>());
  EXPECT_TRUE(ack.body["exercise"].get<bool>());
  d.at(120s);
  auto again = d.post("/drills/" + id + "/ack", json::object(), clerk);
  ASSERT_EQ(again.status, 200) << again.text;
  EXPECT_TRUE(again.body["duplicate"].get<bool>());
  EXPECT_EQ(again.body["acked_at"], ack.body["acked_at"]);

  std::string other = committee == kA ? kB : kA;
  auto outsider = d.post("/drills/" + id + "/ack", json::object(), d.server_->token(Role::Committee, other, "别的片区"));
  EXPECT_EQ(outsider.status, 403) << outsider.text;
  EXPECT_EQ(d.post("/drills/" + id + "/ack", json::object(), d.viewer_).status, 403);
  auto badNote = d.post("/drills/" + id + "/ack", {{"note", 5}}, clerk);
  EXPECT_EQ(badNote.status, 400);
  EXPECT_NE(badNote.text.find("note"), std::string::npos);
  EXPECT_EQ(d.post("/drills/" + id + "/finish", json(), d.viewer_).status, 403);

  d.at(10min);
  auto finished = d.post("/drills/" + id + "/finish", json(), d.duty_);
  ASSERT_EQ(finished.status, 200) << finished.text;
  auto report = d.get("/drills/" + id + "/report", d.viewer_);
  ASSERT_EQ(report.status, 200) << report.text;
  EXPECT_DOUBLE_EQ(row(report.body["committee_acks"], "committee", committee)["latency_min"].get<double>(), 3.0);
  EXPECT_EQ(row(report.body["objectives"], "id", "O1")["rating"], "P");
  EXPECT_EQ(d.receiver_.count(), 0u) << "a drill notice is not a CAP broadcast";
  EXPECT_EQ(d.get("/audit?kind=drill.ack", d.admin_).body["entries"].size(), 1u);
}

TEST(LiveDrill, ARestartResumesARunningDrillFiringWhatFellDueOnceAndIssuingNoSecondWarning) {
  auto config = TestServer::defaultConfig();
  std::string id, warningId;
  TimePoint start{};
  {
    LiveDrill d(config);
    d.server_->keepDataDir();
    auto planned = d.post("/drills", {{"scenario", rainstormScenario()}}, d.duty_);
    ASSERT_EQ(planned.status, 201) << planned.text;
    id = planned.body["id"];
    d.markStart();
    start = d.start();
    auto started = d.post("/drills/" + id + "/run", {{"mode", "live"}}, d.duty_);
    ASSERT_EQ(started.status, 200) << started.text;
    warningId = started.body["run"]["warning_id"];
    ASSERT_TRUE(d.server_->service().broadcast().waitIdle(20s));
  }
  // eoc was down from minute 0 to minute 5: the dispatch injects (minute 1) fire at start, once.
  LiveDrill d(config, start + 5min);
  d.start_ = start;
  auto drill = d.get("/drills/" + id, d.viewer_);
  ASSERT_EQ(drill.status, 200) << drill.text;
  EXPECT_EQ(drill.body["state"], "running");
  EXPECT_EQ(drill.body["run"]["dispatched"].size(), 2u) << drill.text;
  EXPECT_EQ(drill.body["run"]["warning_id"], warningId);
  EXPECT_EQ(d.server_->service().drills().fireDue(d.clock_->now()), 0u);
  size_t drillWarnings = 0;
  auto warnings = d.get("/warnings", d.duty_).body["warnings"];
  for (const auto& w : warnings)
    if (w.value("drill_id", "") == id) ++drillWarnings;
  EXPECT_EQ(drillWarnings, 1u);
  auto injects = d.get("/audit?kind=drill.inject", d.admin_).body["entries"];
  size_t fired = 0;
  for (const auto& e : injects) fired += e["after"]["seq"].size();
  auto msel = drill.body["msel"];
  size_t dueByMinute5 = 0;
  for (const auto& r : msel) dueByMinute5 += r["offset_min"].get<int>() <= 5;
  EXPECT_EQ(fired, dueByMinute5) << "every row due by minute 5 fired exactly once";
}

TEST(LiveDrill, AScenarioSignalNotInTheCatalogueIsRefusedWhenPlanned) {
  LiveDrill d;
  auto scenario = rainstormScenario();
  scenario["warning"] = {{"type", "rainstorm"}, {"level", "purple"}};
  auto r = d.post("/drills", {{"scenario", scenario}}, d.duty_);
  EXPECT_EQ(r.status, 400) << r.text;
  EXPECT_NE(r.text.find("scenario.warning.level"), std::string::npos) << r.text;
  auto status = d.post("/drills", {{"scenario_id", "grassland-fire"}}, d.duty_);
  ASSERT_EQ(status.status, 201) << status.text;
  auto live = d.post("/drills/" + status.body["id"].get<std::string>() + "/run", {{"mode", "live"}, {"status", "Actual"}},
                     d.duty_);
  EXPECT_EQ(live.status, 409) << live.text;
  EXPECT_NE(live.text.find("Exercise"), std::string::npos) << live.text;
}

}  // namespace
}  // namespace eoc::testing::drills_live_test
