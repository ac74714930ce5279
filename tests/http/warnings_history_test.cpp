// The warning history and what the desk prints and picks (issue 19): GET /signals in the
// district's order, GET /warnings with its filters, total and delivery/ack summary per warning,
// GET /warnings/stats for the annual report, and the printable 预警信息发布单.
#include <gtest/gtest.h>

#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::warnings_history_test {
namespace {

using nlohmann::json;

TimePoint at(const char* beijing) { return *parseIso8601(beijing); }

struct Reply {
  int status = 0;
  json body;
  std::string text, contentType;
};

struct History {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(at("2026-07-12T14:30:00+08:00"));
  TestServer server{TestServer::defaultConfig(), clock};
  std::string officer = server.token(Role::DutyOfficer, "", "王敏");
  std::string approver = server.token(Role::Approver, "", "李强");

  Reply call(const std::string& method, const std::string& path, const json& body, const std::string& token) {
    auto cli = server.client();
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    auto res = method == "GET" ? cli.Get(path, headers) : cli.Post(path, headers, body.dump(), "application/json");
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.text = res->body;
    r.contentType = res->get_header_value("Content-Type");
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  Reply get(const std::string& path, const std::string& token = {}) { return call("GET", path, nullptr, token); }

  // Drafted now, issued by the approver; the clock then moves on an hour.
  std::string issue(const std::string& type, const std::string& level, const std::vector<std::string>& committees,
                    const std::string& status = "Actual") {
    const auto now = clock->now();
    json body = {{"type", type},
                 {"level", level},
                 {"status", status},
                 {"area", {{"committees", committees}}},
                 {"onset", formatBeijing(now)},
                 {"expires", formatBeijing(now + std::chrono::hours(6))}};
    auto drafted = call("POST", "/warnings", body, officer);
    EXPECT_EQ(drafted.status, 201) << drafted.text;
    const std::string id = drafted.body.value("id", "");
    auto issued = call("POST", "/warnings/" + id + "/issue", json::object(), status == "Actual" ? approver : officer);
    EXPECT_EQ(issued.status, 200) << issued.text;
    clock->advance(std::chrono::hours(1));
    return id;
  }
};

TEST(SignalsApi, ListsTheDistrictsMostIssuedTypesFirstAndTyphoonLastAsNotOccurringHere) {
  History h;
  auto r = h.get("/signals");
  ASSERT_EQ(r.status, 200) << r.text;
  const auto& signals = r.body["signals"];
  ASSERT_GE(signals.size(), 4u);
  EXPECT_EQ(signals[0]["type"], "strong_wind");
  EXPECT_EQ(signals[1]["type"], "rainstorm");
  EXPECT_EQ(signals[2]["type"], "lightning");
  EXPECT_EQ(signals[0]["name"], "大风");
  EXPECT_EQ(signals[0]["frequency_rank"], 1);
  EXPECT_EQ(signals.back()["type"], "typhoon");
  EXPECT_EQ(signals.back()["occurs_here"], false);
  EXPECT_EQ(signals[2]["levels"], json::array({"yellow", "orange", "red"}));  // lightning has no blue
}

TEST(WarningHistory, FiltersByTypeStateAndTimeWithTotalAndEachWarningsDeliveryAndAckSummary) {
  History h;
  const auto rain = h.issue("rainstorm", "orange", {"650103001", "650103009"});
  const auto wind = h.issue("strong_wind", "yellow", {"650103001"});
  const auto wind2 = h.issue("strong_wind", "blue", {"650103002"});
  auto cancelled = h.call("POST", "/warnings/" + wind + "/cancel", {{"reason", "大风减弱"}}, h.officer);
  ASSERT_EQ(cancelled.status, 200) << cancelled.text;
  auto ack = h.call("POST", "/warnings/" + rain + "/ack", {{"note", "已转发"}},
                    h.server.token(Role::Committee, "650103009", "赵"));
  ASSERT_EQ(ack.status, 200) << ack.text;

  auto all = h.get("/warnings?limit=2", h.officer);
  ASSERT_EQ(all.status, 200) << all.text;
  EXPECT_EQ(all.body["total"], 3);
  EXPECT_EQ(all.body["count"], 2);
  EXPECT_EQ(all.body["warnings"][0]["id"], wind2);  // newest first
  auto next = h.get("/warnings?limit=2&offset=2", h.officer);
  ASSERT_EQ(next.body["count"], 1);
  const auto& rainItem = next.body["warnings"][0];
  EXPECT_EQ(rainItem["id"], rain);
  EXPECT_EQ(rainItem["delivery"]["ack_expected"], 2);
  EXPECT_EQ(rainItem["delivery"]["acked"], 1);
  EXPECT_GE(rainItem["delivery"]["recipients"].get<int>(), 2);

  auto winds = h.get("/warnings?type=strong_wind", h.officer);
  EXPECT_EQ(winds.body["total"], 2);
  auto gone = h.get("/warnings?type=strong_wind&state=cancelled", h.officer);
  ASSERT_EQ(gone.body["total"], 1) << gone.text;
  EXPECT_EQ(gone.body["warnings"][0]["id"], wind);
  // Drafted 14:30, 15:30, 16:30: [15:00, 16:30) holds the second only; the desk's minute form.
  auto window = h.get("/warnings?from=2026-07-12%2015:00&to=2026-07-12T16:30:00%2B08:00", h.officer);
  ASSERT_EQ(window.body["total"], 1) << window.text;
  EXPECT_EQ(window.body["warnings"][0]["id"], wind);
  EXPECT_EQ(h.get("/warnings?level=orange", h.officer).body["total"], 1);
  EXPECT_EQ(h.get("/warnings?from=2026-07-13", h.officer).body["total"], 0);
}

TEST(WarningHistory, RefusesFiltersThatMeanNothingNamingTheField) {
  History h;
  struct Case {
    std::string query, code, field;
  };
  for (const auto& c : std::vector<Case>{{"type=monsoon", "UnknownHazard", "type"},
                                         {"level=purple", "UnknownLevel", "level"},
                                         {"state=lost", "InvalidParameter", "state"},
                                         {"from=yesterday", "InvalidTime", "from"},
                                         {"from=2026-07-12&to=2026-07-11", "InvalidTime", "from"},
                                         {"offset=-1", "InvalidLimit", "offset"}}) {
    auto r = h.get("/warnings?" + c.query, h.officer);
    EXPECT_EQ(r.status, 400) << c.query << ": " << r.text;
    EXPECT_EQ(r.body["code"], c.code) << c.query;
    EXPECT_EQ(r.body["detail"].get<std::string>().rfind(c.field, 0), 0u) << r.body["detail"];
    EXPECT_NE(r.contentType.find("application/problem+json"), std::string::npos);
  }
  EXPECT_EQ(h.get("/warnings/stats?type=monsoon").status, 400);
}

TEST(WarningStats, CountsIssuedWarningsByMonthTypeAndLevelLeavingDraftsOut) {
  History h;
  h.issue("strong_wind", "yellow", {"650103001"});
  h.issue("strong_wind", "yellow", {"650103002"});
  h.issue("rainstorm", "orange", {"650103001"});
  h.clock->set(at("2026-08-03T10:00:00+08:00"));
  h.issue("lightning", "yellow", {"650103001"});
  h.issue("lightning", "yellow", {"650103001"}, "Exercise");
  // A draft never issued is no part of any report.
  auto draft = h.call("POST", "/warnings",
                      {{"type", "hail"}, {"level", "orange"}, {"status", "Actual"},
                       {"area", {{"committees", {"650103001"}}}}, {"onset", "2026-08-03T15:00:00+08:00"},
                       {"expires", "2026-08-03T18:00:00+08:00"}},
                      h.officer);
  ASSERT_EQ(draft.status, 201) << draft.text;

  auto r = h.get("/warnings/stats?status=Actual&from=2026-01-01&to=2027-01-01");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["total"], 4);
  EXPECT_EQ(r.body["by_month"], json({{"2026-07", 3}, {"2026-08", 1}}));
  EXPECT_EQ(r.body["by_type"], json({{"lightning", 1}, {"rainstorm", 1}, {"strong_wind", 2}}));
  ASSERT_EQ(r.body["cells"].size(), 3u);
  EXPECT_EQ(r.body["cells"][0],
            json({{"month", "2026-07"}, {"type", "rainstorm"}, {"name", "暴雨"}, {"level", "orange"},
                  {"level_name", "橙色"}, {"count", 1}}));
  EXPECT_EQ(r.body["cells"][1]["count"], 2);
  EXPECT_EQ(h.get("/warnings/stats").body["total"], 5);  // with the exercise
}

TEST(WarningBulletin, IsAPrintablePageNamingSignalAreaTimesPeopleAndTheCapIdentifier) {
  History h;
  const auto id = h.issue("rainstorm", "orange", {"650103001", "650103009"});
  auto r = h.get("/warnings/" + id + "/bulletin.html");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_NE(r.contentType.find("text/html"), std::string::npos);
  const auto full = h.get("/warnings/" + id, h.officer).body;
  const std::string identifier = full["messages"][0]["identifier"];
  for (const std::string& expected : {std::string("预警信息发布单"), std::string("暴雨橙色预警信号"),
                                      std::string("11B03"), std::string("Ⅱ级"), std::string("王敏"),
                                      std::string("李强"), identifier, std::string("2026-07-12T14:30:00+08:00"),
                                      full["texts"]["signal"].get<std::string>(), std::string("@media print")})
    EXPECT_NE(r.text.find(expected), std::string::npos) << expected;
  const json layer = h.get("/collections/committees/items?limit=1000").body;
  for (const auto& f : layer["features"])
    if (f["id"] == "650103001" || f["id"] == "650103009") {
      EXPECT_NE(r.text.find(f["properties"]["name"].get<std::string>()), std::string::npos) << f["id"];
    }
  EXPECT_EQ(r.text.find("【演练】"), std::string::npos);

  const auto drill = h.issue("lightning", "yellow", {"650103001"}, "Exercise");
  auto d = h.get("/warnings/" + drill + "/bulletin.html");
  ASSERT_EQ(d.status, 200);
  const auto title = d.text.find("<title>");
  EXPECT_EQ(d.text.find("【演练】", title), title + 7);  // first in the title

  EXPECT_EQ(h.get("/warnings/wnope/bulletin.html").status, 404);
}

TEST(WarningBulletin, ADraftIsTheDesksOnly) {
  History h;
  auto drafted = h.call("POST", "/warnings",
                        {{"type", "rainstorm"}, {"level", "blue"}, {"status", "Actual"},
                         {"area", {{"committees", {"650103001"}}}}, {"onset", "2026-07-12T15:00:00+08:00"},
                         {"expires", "2026-07-12T18:00:00+08:00"}},
                        h.officer);
  const std::string id = drafted.body["id"];
  EXPECT_EQ(h.get("/warnings/" + id + "/bulletin.html").status, 404);
  auto desk = h.get("/warnings/" + id + "/bulletin.html", h.officer);
  EXPECT_EQ(desk.status, 200);
  EXPECT_NE(desk.text.find("（待审批）"), std::string::npos);
}

}  // namespace
}  // namespace eoc::testing::warnings_history_test
