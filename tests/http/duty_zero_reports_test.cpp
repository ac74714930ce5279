// Zero reports (零报告) over HTTP with the real store, on an injected clock: while a response is
// active (here a level-III incident registered at 07:00) a zero report is due at 09:00 Beijing
// time; the daily timer reminds at 08:30 and escalates once at 09:00 when it is unfiled; a report
// filed before 09:00 meets it; a day without a response owes nothing; bad input is 4xx
// problem+json; a restart keeps the due report and its escalation and raises what fell due while
// eoc was down; the handover lists a waiting zero report.
#include <gtest/gtest.h>

#include <optional>

#include "broadcast/event_hub.hpp"
#include "service/duty_service.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::duty_zero_reports_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class DutyZeroReports : public ::testing::Test {
 protected:
  // 07:00 Beijing time on 2 December 2026: the daily time (09:00) is two hours away.
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-12-02T07:00:00+08:00"));
  std::unique_ptr<TestServer> server = std::make_unique<TestServer>(TestServer::defaultConfig(), clock);
  std::string officer = server->token(Role::DutyOfficer, "", "李娜");
  std::string viewer = server->token(Role::Viewer, "", "观察员");

  httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  std::pair<int, json> post(const std::string& path, const json& body, const std::string& token) {
    auto cli = server->client();
    auto res = cli.Post(path, auth(token), body.dump(), "application/json");
    if (!res) return {0, json()};
    return {res->status, res->body.empty() ? json() : json::parse(res->body)};
  }
  std::pair<int, json> get(const std::string& path, const std::string& token) {
    auto cli = server->client();
    auto res = cli.Get(path, auth(token));
    if (!res) return {0, json()};
    return {res->status, res->body.empty() ? json() : json::parse(res->body)};
  }
  // Events of `type` published so far; report.overdue and report.received only of zero reports.
  std::vector<json> events(const std::string& type) {
    std::vector<json> out;
    for (const auto& e : server->service().events().read(0, {"", true}).events)
      if (e.event.type == type && (!type.starts_with("report.") || e.event.data.value("stage", "") == "zero"))
        out.push_back(e.event.data);
    return out;
  }
  // Waits (bounded) until `count` events of `type` were published: the timer runs on the
  // runtime's threads.
  bool waitForEvents(const std::string& type, size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (events(type).size() >= count) return true;
      server->service().events().waitFor(server->service().events().lastId(), {"", true}, 200ms);
    }
    return events(type).size() >= count;
  }
  // Moves the clock to `hhmm` today and runs the zero-report check as its timer would, on this
  // thread, so that "nothing happened" is asserted after the check ran. (The timer may run the
  // same check at the same moment: the escalation row makes either one raise it, once.)
  void at(const std::string& hhmm) {
    clock->set(*parseIso8601("2026-12-02T" + hhmm + ":00+08:00"));
    server->service().clockMoved();
    server->service().duty().checkZeroReports(clock->now());
  }
  std::vector<json> zeroEscalations() {
    std::vector<json> out;
    json body = get("/escalations?open=false", officer).second;
    for (const auto& e : body["reports"])
      if (e["kind"] == "zero_report") out.push_back(e);
    return out;
  }
  json fileZero(const std::string& content = "截至8时50分，沙依巴克区未发生需报告的新灾情和突发事件。") {
    return post("/duty/zero-reports",
                {{"date", "2026-12-02"}, {"content", content}, {"to", "市应急管理局"}, {"channel", "written"}}, officer)
        .second;
  }
  void registerIncident(const std::string& level) {
    auto [status, body] =
        post("/incidents", {{"type", "gas_leak"}, {"location", {87.58, 43.79}}, {"level", level}}, officer);
    ASSERT_EQ(status, 201) << body.dump();
  }
};

TEST_F(DutyZeroReports, DueFiledAndEscalatedByTheDailyTimerOnTheInjectedClock) {
  struct Case {
    const char* name;
    std::optional<std::string> level;    // the incident registered at 07:00, if any
    std::optional<std::string> fileAt;   // when the officer files today's zero report
    size_t due;                          // zero reports due today
    size_t escalations;                  // after 09:00 and again after 10:00
  };
  const std::vector<Case> cases = {
      {"level-III response, filed 08:50", "III", "08:50", 1, 0},
      {"level-III response, unfiled", "III", std::nullopt, 1, 1},
      {"level-I response, filed late at 09:20", "I", "09:20", 1, 1},
      {"level-IV incident only: no response", "IV", std::nullopt, 0, 0},
      {"no response", std::nullopt, std::nullopt, 0, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    clock->set(*parseIso8601("2026-12-02T07:00:00+08:00"));
    server = std::make_unique<TestServer>(TestServer::defaultConfig(), clock);
    officer = server->token(Role::DutyOfficer, "", "李娜");
    if (c.level) registerIncident(*c.level);

    auto before = get("/duty/zero-reports", officer).second;
    ASSERT_EQ(before["due"].size(), c.due) << before.dump();
    if (c.due) {
      EXPECT_EQ(before["due"][0]["date"], "2026-12-02");
      EXPECT_EQ(before["due"][0]["due_at"], "2026-12-02T09:00:00+08:00");  // configured 09:00, Beijing
      EXPECT_EQ(before["due"][0]["overdue"], false);
      EXPECT_EQ(before["waiting"], "2026-12-02");
      EXPECT_NE(before["draft"]["text"].get<std::string>().find("沙依巴克区"), std::string::npos) << before.dump();
      EXPECT_NE(before["draft"]["title"].get<std::string>().find("零报告"), std::string::npos);
    } else {
      EXPECT_TRUE(before["waiting"].is_null());
      EXPECT_TRUE(before["draft"].is_null());
    }

    // 08:30: the reminder, from the timer itself, when one is due and unfiled.
    clock->set(*parseIso8601("2026-12-02T08:30:00+08:00"));
    server->service().clockMoved();
    if (c.due) {
      ASSERT_TRUE(waitForEvents("zero_report.reminder", 1));
      EXPECT_EQ(events("zero_report.reminder")[0]["due_at"], "2026-12-02T09:00:00+08:00");
    }
    if (c.fileAt && *c.fileAt < "09:00") {
      at(*c.fileAt);
      auto filed = fileZero();
      EXPECT_EQ(filed["date"], "2026-12-02") << filed.dump();
      EXPECT_EQ(filed["due"]["met"], true);
      EXPECT_EQ(filed["due"]["late"], false);
    }
    at("09:00");
    if (c.escalations) {
      // Raised once, by this check or by the timer firing at the same moment on its own thread.
      ASSERT_TRUE(waitForEvents("report.overdue", 1));
      auto list = zeroEscalations();
      ASSERT_EQ(list.size(), 1u);
      EXPECT_EQ(list[0]["id"], "zero-report:2026-12-02");
      EXPECT_EQ(list[0]["due_at"], "2026-12-02T09:00:00+08:00");
      EXPECT_EQ(list[0]["state"], "open");
      EXPECT_EQ(get("/duty/zero-reports", officer).second["due"][0]["overdue"], true);
    }
    if (c.fileAt && *c.fileAt >= "09:00") {
      at(*c.fileAt);
      auto filed = fileZero();
      EXPECT_EQ(filed["due"]["late"], true) << filed.dump();
      EXPECT_EQ(filed["closed_escalations"], json::array({"zero-report:2026-12-02"}));
    }
    at("10:00");  // once: the timer and a second look raise nothing more
    EXPECT_EQ(events("report.overdue").size(), c.escalations);
    EXPECT_EQ(zeroEscalations().size(), c.escalations);
    if (!c.due) {
      EXPECT_TRUE(events("zero_report.reminder").empty());
    }
    auto after = get("/duty/zero-reports", officer).second;
    EXPECT_EQ(after["filed"].size(), c.fileAt ? 1u : 0u) << after.dump();
    // The next one is tomorrow's, while the response goes on.
    if (c.due) {
      EXPECT_EQ(after["due"].back()["date"], "2026-12-03");
    }
  }
}

TEST_F(DutyZeroReports, TheTimerEscalatesAnUnfiledReportOnItsOwn) {
  registerIncident("III");
  clock->set(*parseIso8601("2026-12-02T09:00:00+08:00"));
  server->service().clockMoved();
  ASSERT_TRUE(waitForEvents("report.overdue", 1));
  EXPECT_EQ(events("report.overdue")[0]["escalation"], "zero-report:2026-12-02");
  EXPECT_EQ(zeroEscalations().size(), 1u);
}

TEST_F(DutyZeroReports, BadInputIs4xxProblemJsonAndNothingIsFiled) {
  registerIncident("III");
  struct Case {
    const char* name;
    json body;
    std::string token;
    int status;
    std::string code;
  };
  const std::string ok = "截至8时，未发生需报告的新灾情。";
  const std::vector<Case> cases = {
      {"not a date", {{"date", "2026-13-01"}, {"content", ok}, {"to", "市应急管理局"}, {"channel", "written"}}, officer, 400, "InvalidTime"},
      {"no content", {{"date", "2026-12-02"}, {"to", "市应急管理局"}, {"channel", "written"}}, officer, 400, "InvalidBody"},
      {"empty content", {{"date", "2026-12-02"}, {"content", "  "}, {"to", "市应急管理局"}, {"channel", "written"}}, officer, 400, "InvalidBody"},
      {"unknown key", {{"date", "2026-12-02"}, {"content", ok}, {"to", "x"}, {"channel", "written"}, {"stage", "zero"}}, officer, 400, "UnknownProperty"},
      {"channel fax", {{"date", "2026-12-02"}, {"content", ok}, {"to", "x"}, {"channel", "fax"}}, officer, 400, "InvalidParameter"},
      {"content a number", {{"date", "2026-12-02"}, {"content", 7}, {"to", "x"}, {"channel", "phone"}}, officer, 400, "InvalidBody"},
      {"a day to come", {{"date", "2026-12-05"}, {"content", ok}, {"to", "x"}, {"channel", "phone"}}, officer, 400, "InvalidTime"},
      {"a day with no response", {{"date", "2026-12-01"}, {"content", ok}, {"to", "x"}, {"channel", "phone"}}, officer, 409, "Conflict"},
      {"a viewer", {{"date", "2026-12-02"}, {"content", ok}, {"to", "x"}, {"channel", "phone"}}, viewer, 403, "Forbidden"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto cli = server->client();
    auto res = cli.Post("/duty/zero-reports", auth(c.token), c.body.dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_EQ(json::parse(res->body)["code"], c.code) << res->body;
  }
  EXPECT_TRUE(get("/duty/zero-reports", officer).second["filed"].empty());
  EXPECT_EQ(get("/duty/zero-reports?since=yesterday", officer).first, 400);
  EXPECT_EQ(get("/duty/zero-reports?since=2026-12-02T10:00:00%2B08:00&until=2026-12-02T09:00:00%2B08:00", officer).first,
            400);
  // Filed once; the second for the same day is a conflict naming the first.
  ASSERT_EQ(post("/duty/zero-reports", {{"content", ok}, {"to", "市应急管理局"}, {"channel", "written"}}, officer).first,
            201);  // no date: the earliest waiting day, today
  auto again = post("/duty/zero-reports",
                    {{"date", "2026-12-02"}, {"content", ok}, {"to", "市应急管理局"}, {"channel", "written"}}, officer);
  EXPECT_EQ(again.first, 409);
  EXPECT_NE(again.second["detail"].get<std::string>().find("filed already"), std::string::npos);
  EXPECT_EQ(get("/duty/zero-reports", officer).second["filed"].size(), 1u);
}

TEST_F(DutyZeroReports, ARestartKeepsTheDueReportAndItsEscalationAndRaisesWhatFellDueMeanwhile) {
  registerIncident("III");
  Config config = server->config();
  server->keepDataDir();
  server.reset();
  clock->set(*parseIso8601("2026-12-02T09:10:00+08:00"));  // 09:00 passed while eoc was down
  server = std::make_unique<TestServer>(config, clock);
  officer = server->token(Role::DutyOfficer, "", "李娜");
  ASSERT_EQ(zeroEscalations().size(), 1u);
  EXPECT_EQ(events("report.overdue").size(), 1u);  // raised by start()
  auto due = get("/duty/zero-reports", officer).second["due"];
  ASSERT_FALSE(due.empty());
  EXPECT_EQ(due[0]["overdue"], true);

  // A second restart raises nothing again and keeps both.
  server->keepDataDir();
  server.reset();
  server = std::make_unique<TestServer>(config, clock);
  officer = server->token(Role::DutyOfficer, "", "李娜");
  EXPECT_EQ(zeroEscalations().size(), 1u);
  EXPECT_TRUE(events("report.overdue").empty());
  EXPECT_EQ(get("/duty/zero-reports", officer).second["waiting"], "2026-12-02");

  // The handover lists the waiting zero reports: today's, overdue, and tomorrow's, to come.
  auto [hs, handover] = post("/duty/handover", {{"notes", "零报告未报"}}, officer);
  ASSERT_EQ(hs, 201) << handover.dump();
  const json zero = handover["snapshot"]["zero_reports"];
  ASSERT_EQ(zero.size(), 2u) << zero.dump();
  EXPECT_EQ(zero[0]["date"], "2026-12-02");
  EXPECT_EQ(zero[0]["overdue"], true);
  EXPECT_EQ(zero[1]["date"], "2026-12-03");
  EXPECT_EQ(zero[1]["due_at"], "2026-12-03T09:00:00+08:00");
  EXPECT_EQ(zero[1]["overdue"], false);
}

}  // namespace
}  // namespace eoc::testing::duty_zero_reports_test
