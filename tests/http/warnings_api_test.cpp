// Warnings over HTTP on a real server and store: the lifecycle with two people, the rules that
// refuse, CAP validity, the public feed, persistence and expiry across restarts.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "broadcast/event_hub.hpp"
#include "core/random_id.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"
#include "warnings/cap_validator.hpp"

namespace eoc::testing::warnings_api_test {
namespace {

using nlohmann::json;

TimePoint at(const char* beijing) { return *parseIso8601(beijing); }

json draftBody(const std::string& status = "Actual", const std::string& level = "orange") {
  return {{"type", "rainstorm"},
          {"level", level},
          {"status", status},
          {"area", {{"committees", {"650103001", "650103009"}}}},
          {"onset", "2026-07-12T15:00:00+08:00"},
          {"expires", "2026-07-12T21:00:00+08:00"}};
}

struct Reply {
  int status = 0;
  json body;
  std::string text;
  std::string contentType;
};

class Desk {
 public:
  explicit Desk(TestServer& server) : server_(server) {}
  Reply post(const std::string& path, const json& body, const std::string& token) {
    auto cli = server_.client();
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return wrap(cli.Post(path, headers, body.dump(), "application/json"));
  }
  Reply get(const std::string& path, const std::string& token = {}) {
    auto cli = server_.client();
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return wrap(cli.Get(path, headers));
  }

 private:
  static Reply wrap(const httplib::Result& res) {
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.text = res->body;
    r.contentType = res->get_header_value("Content-Type");
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  TestServer& server_;
};

// A server whose clock reads 14:30 on the day of the sample warning, and the duty desk's people.
struct World {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(at("2026-07-12T14:30:00+08:00"));
  TestServer server{TestServer::defaultConfig(), clock};
  Desk desk{server};
  std::string officer = server.token(Role::DutyOfficer, "", "王敏");
  std::string approver = server.token(Role::Approver, "", "李强");
  std::string viewer = server.token(Role::Viewer, "", "赵六");

  std::string draft(const json& body = draftBody()) {
    auto r = desk.post("/warnings", body, officer);
    EXPECT_EQ(r.status, 201) << r.text;
    return r.body.value("id", "");
  }
  std::string issued(const json& body = draftBody()) {
    auto id = draft(body);
    auto r = desk.post("/warnings/" + id + "/issue", json::object(), approver);
    EXPECT_EQ(r.status, 200) << r.text;
    return id;
  }
  size_t auditCount(const std::string& kind) {
    auto r = desk.get("/audit?kind=" + kind, officer);
    return r.body["entries"].size();
  }
};

TEST(WarningsApi, AnActualWarningGoesThroughItsWholeLifeWithTwoPeopleAndEveryStepIsAudited) {
  World world;
  auto& desk = world.desk;
  auto drafted = desk.post("/warnings", draftBody(), world.officer);
  ASSERT_EQ(drafted.status, 201) << drafted.text;
  EXPECT_EQ(drafted.body["state"], "draft");
  EXPECT_EQ(drafted.body["author"], "王敏");
  const std::string id = drafted.body["id"];

  world.clock->set(at("2026-07-12T15:00:00+08:00"));
  auto issued = desk.post("/warnings/" + id + "/issue", json::object(), world.approver);
  ASSERT_EQ(issued.status, 200) << issued.text;
  EXPECT_EQ(issued.body["state"], "issued");
  EXPECT_EQ(issued.body["approver"], "李强");
  EXPECT_EQ(issued.body["sent"], "2026-07-12T15:00:00+08:00");
  const std::string firstIdentifier = issued.body["identifier"];
  EXPECT_TRUE(firstIdentifier.starts_with("65010300000000_20260712150000_")) << firstIdentifier;
  ASSERT_TRUE(issued.body["activation"].is_object()) << issued.text;
  EXPECT_TRUE(issued.body["activation"].contains("plans"));
  EXPECT_TRUE(issued.body["activation"].contains("id"));

  world.clock->set(at("2026-07-12T16:00:00+08:00"));
  auto raised = desk.post("/warnings/" + id + "/update", {{"level", "red"}}, world.approver);
  ASSERT_EQ(raised.status, 200) << raised.text;
  EXPECT_EQ(raised.body["state"], "updated");
  EXPECT_EQ(raised.body["level"], "red");
  ASSERT_EQ(raised.body["messages"].size(), 2u);
  EXPECT_EQ(raised.body["messages"][0]["identifier"], firstIdentifier);  // frozen
  EXPECT_EQ(raised.body["messages"][0]["sent"], "2026-07-12T15:00:00+08:00");
  EXPECT_EQ(raised.body["messages"][1]["references"],
            json::array({"eoc.650103," + firstIdentifier + ",2026-07-12T15:00:00+08:00"}));

  world.clock->set(at("2026-07-12T16:10:00+08:00"));
  auto cancelled = desk.post("/warnings/" + id + "/cancel", {{"false_alarm", true}}, world.officer);
  ASSERT_EQ(cancelled.status, 200) << cancelled.text;
  EXPECT_EQ(cancelled.body["state"], "cancelled");
  EXPECT_EQ(cancelled.body["messages"][2]["msg_type"], "Cancel");
  EXPECT_EQ(cancelled.body["messages"][2]["references"].size(), 2u);
  EXPECT_EQ(cancelled.body["texts"]["kind"], "false_alarm");

  auto shown = desk.get("/warnings/" + id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body["history"].size(), 4u);
  EXPECT_TRUE(shown.body["activation"].is_object());
  EXPECT_FALSE(shown.body["texts"]["sms"].get<std::string>().empty());
  auto cap = desk.get("/warnings/" + id + "/cap.xml");
  ASSERT_EQ(cap.status, 200);
  EXPECT_NE(cap.text.find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_TRUE(warnings::validateCapXml(cap.text).empty());
  for (const char* kind : {"warning.draft", "warning.issue", "warning.update", "warning.cancel"})
    EXPECT_EQ(world.auditCount(kind), 1u) << kind;
}

TEST(WarningsApi, TheAuthorCannotIssueTheirOwnActualDraftEvenWithAnApproverTokenInTheirName) {
  World world;
  auto id = world.draft();
  auto ownApproverToken = world.server.token(Role::Approver, "", "王敏");
  auto refused = world.desk.post("/warnings/" + id + "/issue", json::object(), ownApproverToken);
  EXPECT_EQ(refused.status, 403) << refused.text;
  EXPECT_EQ(refused.body["code"], "SelfApproval");
  EXPECT_EQ(refused.contentType, "application/problem+json");
  auto shown = world.desk.get("/warnings/" + id, world.officer);
  EXPECT_EQ(shown.body["state"], "draft");
  EXPECT_TRUE(shown.body["messages"].empty());
  EXPECT_EQ(world.desk.get("/warnings/" + id + "/cap.xml", world.officer).status, 404);
  EXPECT_EQ(world.auditCount("warning.issue"), 0u);
}

TEST(WarningsApi, AnExerciseIsIssuedByItsAuthorAloneAndNeverBecomesActual) {
  World world;
  auto id = world.draft(draftBody("Exercise"));
  auto issued = world.desk.post("/warnings/" + id + "/issue", json::object(), world.officer);
  ASSERT_EQ(issued.status, 200) << issued.text;
  auto relabel = world.desk.post("/warnings/" + id + "/update", {{"status", "Actual"}}, world.approver);
  EXPECT_EQ(relabel.status, 409);
  EXPECT_EQ(relabel.body["code"], "ExerciseCannotBecomeActual");
  auto shown = world.desk.get("/warnings/" + id);
  EXPECT_EQ(shown.body["status"], "Exercise");
  EXPECT_EQ(shown.body["messages"].size(), 1u);
  auto cap = world.desk.get("/warnings/" + id + "/cap.xml");
  EXPECT_NE(cap.text.find("<status>Exercise</status>"), std::string::npos);
  EXPECT_EQ(cap.text.find("<status>Actual</status>"), std::string::npos);
}

TEST(WarningsApi, BadInputIsRefusedWithAProblemNamingTheFieldAndNothingIsStored) {
  World world;
  json bowtie = {{"type", "Polygon"},
                 {"coordinates", {{{87.56, 43.78}, {87.58, 43.80}, {87.58, 43.78}, {87.56, 43.80}, {87.56, 43.78}}}}};
  json faraway = {{"type", "Polygon"},
                  {"coordinates", {{{87.0, 43.0}, {87.1, 43.0}, {87.1, 43.1}, {87.0, 43.1}, {87.0, 43.0}}}}};
  struct Case {
    const char* what;
    json body;
    int status;
    const char* code;
    const char* field;
  };
  std::vector<Case> cases = {
      {"hail has no blue signal", [] { auto b = draftBody(); b["type"] = "hail"; b["level"] = "blue"; return b; }(),
       400, "UnknownLevel", "level"},
      {"unknown type", [] { auto b = draftBody(); b["type"] = "meteor"; return b; }(), 400, "UnknownHazard", "type"},
      {"expires before onset", [] { auto b = draftBody(); b["expires"] = "2026-07-12T14:59:00+08:00"; return b; }(),
       400, "InvalidTime", "expires"},
      {"area outside the district", [&] { auto b = draftBody(); b["area"]["polygon"] = faraway; return b; }(), 400,
       "OutsideDistrict", "area.polygon"},
      {"self-intersecting polygon", [&] { auto b = draftBody(); b["area"]["polygon"] = bowtie; return b; }(), 400,
       "InvalidGeometry", "area.polygon"},
      {"unknown committee", [] { auto b = draftBody(); b["area"]["committees"] = {"650103099"}; return b; }(), 400,
       "UnknownCommittee", "area.committees[0]"},
  };
  for (const auto& c : cases) {
    auto r = world.desk.post("/warnings", c.body, world.officer);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.text;
    EXPECT_EQ(r.contentType, "application/problem+json") << c.what;
    EXPECT_EQ(r.body.value("code", ""), c.code) << c.what;
    EXPECT_NE(r.body.value("detail", "").find(c.field), std::string::npos) << c.what << ": " << r.text;
  }
  auto broken = world.server.client().Post("/warnings", {{"Authorization", "Bearer " + world.officer}}, "{\"type\":",
                                           "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(world.desk.get("/warnings", world.officer).body["count"], 0);
  EXPECT_EQ(world.auditCount("warning.draft"), 0u);

  // A cancelled warning cannot be issued, and the refusal changes nothing.
  auto id = world.draft();
  ASSERT_EQ(world.desk.post("/warnings/" + id + "/cancel", {{"reason", "起草有误"}}, world.officer).status, 200);
  auto again = world.desk.post("/warnings/" + id + "/issue", json::object(), world.approver);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "InvalidTransition");
  EXPECT_EQ(world.desk.get("/warnings/" + id, world.officer).body["state"], "cancelled");
  EXPECT_EQ(world.auditCount("warning.issue"), 0u);
}

TEST(WarningsApi, TheCapOfAnIssuedWarningValidatesAgainstTheOfficialSchemaWithXmllint) {
  World world;
  auto id = world.issued();
  auto cap = world.desk.get("/warnings/" + id + "/cap.xml");
  ASSERT_EQ(cap.status, 200);
  EXPECT_EQ(cap.contentType, "application/cap+xml");
  EXPECT_TRUE(warnings::validateCapXml(cap.text).empty());
  TempDir dir;
  auto file = dir.path() / "alert.xml";
  std::ofstream(file, std::ios::binary) << cap.text;
  std::string command = "xmllint --noout --nonet --schema '" + std::string(EOC_SOURCE_DIR) +
                        "/src/warnings/schema/CAP-v1.2.xsd' '" + file.string() + "' 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << cap.text;
}

TEST(WarningsApi, ReadersWithoutADeskTokenSeeNoDraftsAndTheFeedHoldsOnlyActualPublicWarnings) {
  World world;
  auto actual = world.issued();
  auto exercise = world.draft(draftBody("Exercise"));
  ASSERT_EQ(world.desk.post("/warnings/" + exercise + "/issue", json::object(), world.officer).status, 200);
  auto draft = world.draft();

  EXPECT_EQ(world.desk.get("/warnings/" + draft).status, 404);
  EXPECT_EQ(world.desk.get("/warnings/" + draft, world.viewer).status, 404);
  EXPECT_EQ(world.desk.get("/warnings/" + draft, world.officer).status, 200);
  auto anonymous = world.desk.get("/warnings");
  EXPECT_EQ(anonymous.body["count"], 2);
  EXPECT_EQ(world.desk.get("/warnings", world.officer).body["count"], 3);
  EXPECT_EQ(world.desk.get("/warnings?active=true&status=Exercise").body["count"], 1);

  auto feed = world.desk.get("/cap/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.text.find("/warnings/" + actual + "/cap.xml"), std::string::npos) << feed.text;
  EXPECT_EQ(feed.text.find(exercise), std::string::npos);
  EXPECT_EQ(feed.text.find(draft), std::string::npos);

  // Ended more than 48 h ago: gone from the feed.
  ASSERT_EQ(world.desk.post("/warnings/" + actual + "/cancel", {{"reason", "雨停"}}, world.officer).status, 200);
  EXPECT_NE(world.desk.get("/cap/feed.atom").text.find(actual), std::string::npos);
  world.clock->set(at("2026-07-14T15:00:00+08:00"));
  EXPECT_EQ(world.desk.get("/cap/feed.atom").text.find(actual), std::string::npos);
}

TEST(WarningsApi, IssuedWarningsSurviveARestartOfTheServerAndExpireOnStartWhenTheirTimeHasPassed) {
  auto clock = std::make_shared<ManualClock>(at("2026-07-12T14:30:00+08:00"));
  auto config = TestServer::defaultConfig();
  std::string id, capBefore, officer;
  json before;
  {
    TestServer server(config, clock);
    server.keepDataDir();
    Desk desk(server);
    officer = server.token(Role::DutyOfficer, "", "王敏");
    auto approver = server.token(Role::Approver, "", "李强");
    id = desk.post("/warnings", draftBody(), officer).body["id"];
    ASSERT_EQ(desk.post("/warnings/" + id + "/issue", json::object(), approver).status, 200);
    before = desk.get("/warnings/" + id).body;
    capBefore = desk.get("/warnings/" + id + "/cap.xml").text;
  }
  {
    TestServer server(config, clock);  // same store, nothing else carried over
    server.keepDataDir();
    Desk desk(server);
    auto after = desk.get("/warnings/" + id);
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(after.body["state"], "issued");
    EXPECT_EQ(after.body["identifier"], before["identifier"]);
    EXPECT_EQ(after.body["activation"], before["activation"]);
    EXPECT_EQ(desk.get("/warnings/" + id + "/cap.xml").text, capBefore);
  }
  clock->set(at("2026-07-12T21:30:00+08:00"));  // the server was down when it expired
  TestServer server(config, clock);
  Desk desk(server);
  auto after = desk.get("/warnings/" + id);
  EXPECT_EQ(after.body["state"], "expired");
  EXPECT_EQ(after.body["history"].back()["action"], "expire");
  EXPECT_EQ(desk.get("/audit?kind=warning.expire", officer).body["entries"].size(), 1u);
}

// Waits (bounded) for the event hub to announce `type`; no sleeping.
bool awaitEvent(TestServer& server, const std::string& type, std::chrono::seconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  uint64_t after = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto read = server.service().events().waitFor(after, broadcast::EventFilter{}, left);
    for (const auto& e : read.events)
      if (e.event.type == type) return true;
    if (!read.events.empty()) after = read.lastId;
  }
  return false;
}

TEST(WarningsApi, TheExpiryTimerRebuiltAtRestartFiresWhenTheWarningRunsOut) {
  // This clock runs with real time, so the Boost.Asio timer itself must fire.
  auto start = at("2026-07-12T15:00:00+08:00");
  auto clock = std::make_shared<ShiftedClock>(start);
  auto config = TestServer::defaultConfig();
  std::string id;
  json body = draftBody();
  body["onset"] = formatBeijing(start);
  body["expires"] = formatBeijing(start + std::chrono::seconds(12));
  {
    TestServer server(config, clock);
    server.keepDataDir();
    Desk desk(server);
    id = desk.post("/warnings", body, server.token(Role::DutyOfficer, "", "王敏")).body["id"];
    ASSERT_EQ(desk.post("/warnings/" + id + "/issue", json::object(), server.token(Role::Approver, "", "李强")).status,
              200);
  }
  TestServer server(config, clock);
  Desk desk(server);
  ASSERT_EQ(desk.get("/warnings/" + id).body["state"], "issued") << "restart took longer than the warning lasted";
  EXPECT_TRUE(awaitEvent(server, "warning.expired", std::chrono::seconds(30)));
  EXPECT_EQ(desk.get("/warnings/" + id).body["state"], "expired");
}

}  // namespace
}  // namespace eoc::testing::warnings_api_test
