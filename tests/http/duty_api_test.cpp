// The duty desk over HTTP with the real store: the roster (import, who is on duty, every bad file
// refused as 4xx naming row/column with nothing imported), the duty log (append-only, 100
// concurrent writers, corrections, printable day), incidents with reporting deadlines on an
// injected clock (escalation + report.overdue, report.received closing it, close needs the final
// report), the handover, and due reports and escalations surviving a restart.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "broadcast/event_hub.hpp"
#include "service/duty_service.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::duty_api_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const char* kGoodRoster =
    "日期,班次,带班领导,值班员,电话\n"
    "2026-12-02,白班,张主任,李娜、王强,13800000001、13800000002\n"
    "2026/12/2,夜班,张主任,赵敏,13800000003\n"
    "2026-12-03,08:00-20:00,刘副主任,钱程,13800000004\n";

class DutyApi : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-12-02T10:00:00+08:00"));
  std::unique_ptr<TestServer> server = std::make_unique<TestServer>(TestServer::defaultConfig(), clock);
  std::string officer = server->token(Role::DutyOfficer, "", "李娜");
  std::string incoming = server->token(Role::DutyOfficer, "", "赵敏");
  std::string viewer = server->token(Role::Viewer, "", "观察员");

  httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  std::pair<int, json> send(const std::string& path, const std::string& body, const std::string& type,
                            const std::string& token) {
    auto cli = server->client();
    auto res = cli.Post(path, auth(token), body, type);
    if (!res) return {0, json()};
    return {res->status, res->body.empty() ? json() : json::parse(res->body)};
  }
  std::pair<int, json> post(const std::string& path, const json& body, const std::string& token) {
    return send(path, body.dump(), "application/json", token);
  }
  std::pair<int, std::string> getText(const std::string& path, const std::string& token) {
    auto cli = server->client();
    auto res = cli.Get(path, auth(token));
    if (!res) return {0, ""};
    return {res->status, res->body};
  }
  std::pair<int, json> get(const std::string& path, const std::string& token) {
    auto [status, body] = getText(path, token);
    return {status, body.empty() ? json() : json::parse(body)};
  }
  // Events of `type` published so far (the desk sees desk-only ones).
  std::vector<json> events(const std::string& type) {
    std::vector<json> out;
    for (const auto& e : server->service().events().read(0, {"", true}).events)
      if (e.event.type == type) out.push_back(e.event.data);
    return out;
  }
  // Waits (bounded) until `count` events of `type` were published: the timers run on the
  // runtime's threads.
  bool waitForEvents(const std::string& type, size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    uint64_t after = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (events(type).size() >= count) return true;
      after = server->service().events().lastId();
      server->service().events().waitFor(after, {"", true}, 200ms);
    }
    return events(type).size() >= count;
  }
  std::string ago(std::chrono::minutes m) { return formatBeijing(clock->now() - m); }
};

TEST_F(DutyApi, ARosterImportsAndTellsWhoIsOnDutyAndTheGaps) {
  auto [status, body] = send("/duty/roster?filename=roster.csv", kGoodRoster, "text/csv", officer);
  ASSERT_EQ(status, 201) << body.dump();
  EXPECT_EQ(body["imported"], 3);
  EXPECT_EQ(body["from"], "2026-12-02T08:00:00+08:00");
  EXPECT_EQ(body["to"], "2026-12-03T20:00:00+08:00");
  // Night shift ends 2026-12-03 08:00 and the day shift begins then: no gap inside.
  EXPECT_TRUE(body["gaps"].empty()) << body["gaps"].dump();

  auto now = get("/duty/now", officer).second;
  EXPECT_EQ(now["shift"]["leader"], "张主任");
  ASSERT_EQ(now["shift"]["officers"].size(), 2u);
  EXPECT_EQ(now["shift"]["officers"][1]["name"], "王强");
  EXPECT_EQ(now["shift"]["officers"][1]["phone"], "13800000002");
  auto night = get("/duty/now?at=2026-12-03T02:00:00%2B08:00", officer).second;
  EXPECT_EQ(night["shift"]["officers"][0]["name"], "赵敏");
  // Viewers see names, not phones.
  EXPECT_FALSE(get("/duty/now", viewer).second["shift"]["officers"][0].contains("phone"));
  auto gap = get("/duty/now?at=2026-12-04T09:00:00%2B08:00", officer).second;
  EXPECT_TRUE(gap["shift"].is_null());
  EXPECT_FALSE(gap["gap"].is_null());
  auto roster = get("/duty/roster?from=2026-12-02T00:00:00%2B08:00&to=2026-12-05T00:00:00%2B08:00", officer).second;
  EXPECT_EQ(roster["shifts"].size(), 3u);
  EXPECT_EQ(roster["gaps"].size(), 2u);  // before the first shift and after the last
}

TEST_F(DutyApi, EveryBadRosterIs4xxNamingRowAndColumnAndNothingIsImported) {
  struct Case {
    const char* name;
    std::string body;
    int status;
    std::vector<std::string> mentions;
  };
  std::vector<Case> cases = {
      {"missing column", "日期,班次,值班员,电话\n2026-12-02,白班,李娜,13800000001\n", 400, {"带班领导"}},
      {"bad date", "日期,班次,带班领导,值班员,电话\n2026-13-45,白班,张主任,李娜,13800000001\n", 400, {"row 2", "日期"}},
      {"overlapping shifts",
       "日期,班次,带班领导,值班员,电话\n2026-12-02,08:00-20:00,张主任,李娜,13800000001\n"
       "2026-12-02,12:00-18:00,张主任,王强,13800000002\n",
       400,
       {"overlap"}},
      {"empty file", "", 400, {"body"}},
      {"not a spreadsheet", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 400, {}},
      {"10 MB", std::string(10 * 1024 * 1024, 'a'), 413, {}},
  };
  for (const auto& c : cases) {
    auto cli = server->client();
    auto res = cli.Post("/duty/roster", auth(officer), c.body, "text/csv");
    ASSERT_TRUE(res) << c.name;
    EXPECT_EQ(res->status, c.status) << c.name << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << c.name;
    for (const auto& m : c.mentions) EXPECT_NE(res->body.find(m), std::string::npos) << c.name << ": " << res->body;
  }
  auto roster = get("/duty/roster?from=2026-11-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00", officer).second;
  EXPECT_TRUE(roster["shifts"].empty()) << roster.dump();
  EXPECT_EQ(send("/duty/roster", kGoodRoster, "text/csv", viewer).first, 403);
}

TEST_F(DutyApi, AHundredConcurrentLogWritersLoseNothing) {
  constexpr int kWriters = 100;
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      auto [status, body] = post("/duty/log", {{"kind", "call_in"}, {"from", "社区"}, {"content", "来电 " + std::to_string(i)}},
                                 officer);
      if (status == 201) ++created;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), kWriters);
  auto log = get("/duty/log?limit=5000", officer).second["entries"];
  ASSERT_EQ(log.size(), size_t(kWriters));
  std::set<std::string> contents;
  for (const auto& e : log) contents.insert(e["content"].get<std::string>());
  EXPECT_EQ(contents.size(), size_t(kWriters));
}

TEST_F(DutyApi, TheLogIsSearchedCorrectedAndPrinted) {
  auto [s1, first] = post("/duty/log", {{"kind", "call_in"}, {"from", "八一街道"}, {"content", "报告燃气异味"}}, officer);
  ASSERT_EQ(s1, 201) << first.dump();
  EXPECT_EQ(first["author"], "李娜");
  EXPECT_EQ(first["at"], "2026-12-02T10:00:00+08:00");
  auto [s2, fix] = post("/duty/log",
                        {{"kind", "call_in"}, {"from", "八一街道"}, {"content", "更正：天然气异味"}, {"corrects", first["id"]}},
                        officer);
  ASSERT_EQ(s2, 201) << fix.dump();
  post("/duty/log", {{"kind", "instruction"}, {"content", "请街道核实"}}, officer);
  auto all = get("/duty/log", officer).second["entries"];
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["corrected_by"], json::array({fix["id"]}));
  auto found = get("/duty/log?q=%E5%A4%A9%E7%84%B6%E6%B0%94", officer).second["entries"];  // 天然气
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["id"], fix["id"]);
  EXPECT_EQ(get("/duty/log?kind=instruction", officer).second["entries"].size(), 1u);

  auto bad = post("/duty/log", {{"kind", "gossip"}, {"content", "x"}}, officer);
  EXPECT_EQ(bad.first, 400);
  EXPECT_NE(bad.second["detail"].get<std::string>().find("kind"), std::string::npos);
  EXPECT_EQ(post("/duty/log", {{"kind", "info"}, {"content", ""}}, officer).first, 400);
  EXPECT_EQ(post("/duty/log", {{"kind", "info"}, {"content", "x"}, {"corrects", "L000000"}}, officer).first, 404);
  EXPECT_EQ(post("/duty/log", {{"kind", "info"}, {"content", "x"}}, viewer).first, 403);

  auto [hs, html] = getText("/duty/log.html?date=2026-12-02", officer);
  EXPECT_EQ(hs, 200);
  EXPECT_NE(html.find("报告燃气异味"), std::string::npos);
  EXPECT_NE(html.find("带班领导"), std::string::npos);
  auto [cs, csv] = getText("/duty/log.csv?date=2026-12-02", officer);
  EXPECT_EQ(cs, 200);
  EXPECT_NE(csv.find("\"请街道核实\""), std::string::npos);
  EXPECT_EQ(getText("/duty/log.html?date=2026-02-30", officer).first, 400);
}

TEST_F(DutyApi, AReportFallingDueRaisesAnEscalationAndTheReportClosesIt) {
  auto [status, incident] = post("/incidents",
                                 {{"type", "gas_leak"}, {"location", {87.58, 43.79}}, {"level", "III"},
                                  {"first_known_at", ago(45min)}},
                                 officer);
  ASSERT_EQ(status, 201) << incident.dump();
  std::string id = incident["id"];
  EXPECT_EQ(incident["first_known_at"], "2026-12-02T09:15:00+08:00");
  EXPECT_EQ(incident["state"], "open");
  // Hand-computed: serious-event phone 30 min → 09:45 (overdue at 10:00); written: the earlier of
  // 60 min (serious-event) and 120 min (production-safety) → 10:15.
  auto due = incident["due_reports"];
  ASSERT_EQ(due.size(), 2u) << due.dump();
  EXPECT_EQ(due[0]["channel"], "phone");
  EXPECT_EQ(due[0]["due_at"], "2026-12-02T09:45:00+08:00");
  EXPECT_EQ(due[0]["overdue"], true);
  EXPECT_EQ(due[1]["channel"], "written");
  EXPECT_EQ(due[1]["due_at"], "2026-12-02T10:15:00+08:00");
  EXPECT_EQ(due[1]["overdue"], false);

  ASSERT_EQ(events("report.overdue").size(), 1u);
  EXPECT_EQ(events("report.overdue")[0]["channel"], "phone");
  auto escalations = get("/escalations", officer).second["reports"];
  ASSERT_EQ(escalations.size(), 1u);
  EXPECT_EQ(escalations[0]["incident_id"], id);

  // 16 minutes later the written report falls due: its timer raises it on the runtime's threads.
  clock->advance(16min);
  server->service().clockMoved();
  ASSERT_TRUE(waitForEvents("report.overdue", 2));
  EXPECT_EQ(events("report.overdue")[1]["channel"], "written");
  EXPECT_EQ(get("/escalations", officer).second["reports"].size(), 2u);

  auto draft = get("/incidents/" + id + "/report-draft?stage=first", officer).second;
  EXPECT_NE(draft["text"].get<std::string>().find("燃气泄漏"), std::string::npos) << draft.dump();

  auto [rs, filed] = post("/incidents/" + id + "/reports",
                          {{"stage", "first"}, {"channel", "written"}, {"content", draft["text"]}, {"to", "市应急管理局"}},
                          officer);
  ASSERT_EQ(rs, 201) << filed.dump();
  // A written report meets the phone deadline too: both escalations close.
  EXPECT_EQ(filed["closed_escalations"].size(), 2u) << filed.dump();
  EXPECT_TRUE(get("/escalations", officer).second["reports"].empty());
  ASSERT_EQ(events("report.received").size(), 1u);
  EXPECT_EQ(events("report.received")[0]["incident_id"], id);

  EXPECT_EQ(post("/incidents/" + id + "/close", json::object(), officer).first, 409);  // no final report
  EXPECT_EQ(post("/incidents/" + id + "/reports", {{"stage", "later"}, {"channel", "phone"}, {"content", "x"}, {"to", "y"}},
                 officer)
                .first,
            400);
  ASSERT_EQ(post("/incidents/" + id + "/reports",
                 {{"stage", "final"}, {"channel", "written"}, {"content", "终报"}, {"to", "市应急管理局"}}, officer)
                .first,
            201);
  auto [cs, closed] = post("/incidents/" + id + "/close", json::object(), officer);
  ASSERT_EQ(cs, 200) << closed.dump();
  EXPECT_EQ(closed["state"], "closed");
  EXPECT_EQ(get("/incidents?state=open", officer).second["incidents"].size(), 0u);
  EXPECT_EQ(get("/incidents?state=closed&type=gas_leak", officer).second["incidents"].size(), 1u);
  EXPECT_EQ(get("/incidents?state=maybe", officer).first, 400);
}

TEST_F(DutyApi, BadIncidentRegistrationsAre4xx) {
  EXPECT_EQ(post("/incidents", {{"type", "fire"}, {"location", {87.58, 43.79}}, {"first_known_at", "yesterday"}}, officer)
                .first,
            400);
  EXPECT_EQ(post("/incidents",
                 {{"type", "fire"}, {"location", {87.58, 43.79}}, {"first_known_at", formatBeijing(clock->now() + 1h)}},
                 officer)
                .first,
            400);
  auto level = post("/incidents", {{"type", "fire"}, {"location", {87.58, 43.79}}, {"level", "V"}}, officer);
  EXPECT_EQ(level.first, 400);
  EXPECT_EQ(level.second["code"], "UnknownLevel");
  EXPECT_TRUE(get("/incidents", officer).second["incidents"].empty());
}

TEST_F(DutyApi, AHandoverSnapshotsWhatIsOpenAndIsAcceptedOnceByAnother) {
  send("/duty/roster", kGoodRoster, "text/csv", officer);
  auto incident = post("/incidents",
                       {{"type", "gas_leak"}, {"location", {87.58, 43.79}}, {"level", "III"}, {"first_known_at", ago(5min)}},
                       officer)
                      .second;
  auto [hs, handover] = post("/duty/handover", {{"notes", "燃气泄漏待续报"}}, officer);
  ASSERT_EQ(hs, 201) << handover.dump();
  ASSERT_EQ(handover["snapshot"]["incidents"].size(), 1u);
  EXPECT_EQ(handover["snapshot"]["incidents"][0]["id"], incident["id"]);
  EXPECT_EQ(handover["snapshot"]["incidents"][0]["pending"].size(), 2u);
  EXPECT_EQ(handover["snapshot"]["outgoing"]["leader"], "张主任");
  std::string id = handover["id"];
  EXPECT_EQ(post("/duty/handover/" + id + "/accept", json::object(), officer).first, 403);  // not oneself
  auto [as, accepted] = post("/duty/handover/" + id + "/accept", json::object(), incoming);
  ASSERT_EQ(as, 200) << accepted.dump();
  EXPECT_EQ(accepted["accepted_by"], "赵敏");
  EXPECT_EQ(post("/duty/handover/" + id + "/accept", json::object(), incoming).first, 409);
  auto list = get("/duty/handovers", officer).second["handovers"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["accepted_by"], "赵敏");
}

TEST_F(DutyApi, ARestartKeepsDueReportsAndEscalationsAndRaisesWhatFellDueMeanwhile) {
  auto incident = post("/incidents",
                       {{"type", "gas_leak"}, {"location", {87.58, 43.79}}, {"level", "III"}, {"first_known_at", ago(40min)}},
                       officer)
                      .second;
  std::string id = incident["id"];
  ASSERT_EQ(get("/escalations", officer).second["reports"].size(), 1u);  // the phone report
  Config config = server->config();
  server->keepDataDir();
  server.reset();
  clock->advance(30min);  // the written report (due 10:20) fell due while eoc was down
  server = std::make_unique<TestServer>(config, clock);
  std::string desk = server->token(Role::DutyOfficer, "", "李娜");
  auto reports = get("/escalations", desk).second["reports"];
  ASSERT_EQ(reports.size(), 2u) << reports.dump();
  EXPECT_EQ(reports[0]["channel"], "phone");
  EXPECT_EQ(reports[1]["channel"], "written");
  auto again = get("/incidents/" + id, desk).second;
  EXPECT_EQ(again["due_reports"][0]["overdue"], true);
  EXPECT_EQ(again["due_reports"][1]["overdue"], true);
  EXPECT_EQ(events("report.overdue").size(), 1u);  // only the one raised after the restart
}

}  // namespace
}  // namespace eoc::testing::duty_api_test
