// Drills over real HTTP on the bundled plans, drill scenarios and geodata: planning (impact,
// exercise activation, MSEL, zone collections), MSEL edits, seeded simulated runs and the
// after-action report in its three formats; bad input is refused naming the field and stores nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/test_server.hpp"

namespace eoc::testing::drills_api_test {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  std::string text;
  std::string contentType;
  json body;
};

class DrillsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    duty_ = new std::string(server_->token(Role::DutyOfficer, "", "演练员甲"));
    viewer_ = new std::string(server_->token(Role::Viewer));
    admin_ = new std::string(server_->token(Role::Admin));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete duty_;
    delete viewer_;
    delete admin_;
  }
  static Reply wrap(const httplib::Result& res) {
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.text = res->body;
    r.contentType = res->get_header_value("Content-Type");
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  static httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  static Reply post(const std::string& path, const json& body, const std::string& token = *duty_) {
    return wrap(server_->client().Post(path, auth(token), body.dump(), "application/json"));
  }
  static Reply put(const std::string& path, const json& body, const std::string& token = *duty_) {
    return wrap(server_->client().Put(path, auth(token), body.dump(), "application/json"));
  }
  static Reply get(const std::string& path, const std::string& token = *viewer_) {
    return wrap(server_->client().Get(path, auth(token)));
  }
  static std::string plan(const json& body) {
    auto r = post("/drills", body);
    EXPECT_EQ(r.status, 201) << r.text;
    return r.body.value("id", "");
  }
  static size_t collectionCount() { return get("/collections").body["collections"].size(); }
  static size_t drillCreateAudits() {
    return get("/audit?kind=drill.create", *admin_).body["entries"].size();
  }

  static TestServer* server_;
  static std::string* duty_;
  static std::string* viewer_;
  static std::string* admin_;
};
TestServer* DrillsApi::server_ = nullptr;
std::string* DrillsApi::duty_ = nullptr;
std::string* DrillsApi::viewer_ = nullptr;
std::string* DrillsApi::admin_ = nullptr;

json ownEarthquake() {
  return {{"id", "quake-test"},
          {"title", "测试地震演练"},
          {"type", "earthquake"},
          {"location", {87.5544, 43.7622}},
          {"start", "2026-09-15T10:00:00+08:00"},
          {"earthquake", {{"magnitude", 6.0}, {"depth_km", 10}, {"strike_deg", 45}}},
          {"objectives", {{{"id", "O1"}, {"text", "10分钟内确认"}, {"kind", "ack_within"}, {"minutes", 10}}}},
          {"committees", {"650103009", "650103014"}},
          {"teams", {"T09", "T14"}}};
}

TEST_F(DrillsApi, PlanningALibraryScenarioGivesImpactAnExerciseActivationAMarkedMselAndAZoneCollection) {
  auto created = post("/drills", {{"scenario_id", "earthquake-yamalik"}});
  ASSERT_EQ(created.status, 201) << created.text;
  const auto& d = created.body;
  std::string id = d["id"];
  EXPECT_EQ(d["exercise"], true);
  EXPECT_EQ(d["status"], "Exercise");
  EXPECT_EQ(d["state"], "planned");
  EXPECT_EQ(d["impact"]["type"], "earthquake");
  EXPECT_GT(d["impact"]["earthquake"]["displaced"].get<long long>(), 0);
  EXPECT_FALSE(d["activation_id"].get<std::string>().empty());
  // The scenario names four committees and five teams: each is a participant and gets its inject.
  EXPECT_EQ(d["participants"]["committees"].size(), 4u);
  EXPECT_EQ(d["participants"]["teams"].size(), 5u);
  size_t dispatches = 0;
  for (const auto& row : d["msel"]) {
    EXPECT_EQ(row["description"].get<std::string>().rfind("【演练】", 0), 0u) << row.dump();
    dispatches += row["inject_type"] == "dispatch";
  }
  EXPECT_EQ(dispatches, 5u);

  EXPECT_EQ(get("/drills/" + id).body, d);
  std::string zones = d["zones_collection"];
  EXPECT_EQ(zones, "drill-" + id + "-zones");
  std::set<std::string> listed;
  auto collections = get("/collections").body["collections"];
  for (const auto& c : collections) listed.insert(c["id"].get<std::string>());
  EXPECT_TRUE(listed.count(zones));
  auto items = get("/collections/" + zones + "/items");
  ASSERT_EQ(items.status, 200) << items.text;
  ASSERT_FALSE(items.body["features"].empty());
  for (const auto& f : items.body["features"]) EXPECT_EQ(f["properties"]["kind"], "intensity_zone");
  EXPECT_EQ(get("/collections/drill-nosuch-zones/items").status, 404);
}

TEST_F(DrillsApi, AnInlineScenarioIsPlannedWithItsOwnParticipants) {
  auto created = post("/drills", {{"scenario", ownEarthquake()}});
  ASSERT_EQ(created.status, 201) << created.text;
  EXPECT_EQ(created.body["participants"]["teams"].size(), 2u);
  EXPECT_EQ(created.body["scenario"]["id"], "quake-test");
}

TEST_F(DrillsApi, TheSameSeedGivesTheSameReportAndAnotherSeedADifferentRun) {
  std::string a = plan({{"scenario_id", "earthquake-yamalik"}});
  std::string b = plan({{"scenario_id", "earthquake-yamalik"}});
  auto runA = post("/drills/" + a + "/run", {{"mode", "simulated"}, {"seed", 42}});
  ASSERT_EQ(runA.status, 200) << runA.text;
  EXPECT_EQ(runA.body["state"], "finished");
  ASSERT_EQ(post("/drills/" + b + "/run", {{"mode", "simulated"}, {"seed", 42}}).status, 200);
  auto reportA = get("/drills/" + a + "/report");
  auto reportB = get("/drills/" + b + "/report");
  ASSERT_EQ(reportA.status, 200) << reportA.text;
  json withoutIdA = reportA.body, withoutIdB = reportB.body;
  withoutIdA.erase("drill");
  withoutIdB.erase("drill");
  EXPECT_EQ(withoutIdA, withoutIdB);
  EXPECT_EQ(reportA.body["objectives"].size(), 3u);
  for (const auto& o : reportA.body["objectives"])
    EXPECT_TRUE(std::set<std::string>({"P", "S", "M", "U"}).count(o["rating"].get<std::string>())) << o.dump();

  ASSERT_EQ(post("/drills/" + b + "/run", {{"mode", "simulated"}, {"seed", 43}}).status, 200);
  EXPECT_NE(get("/drills/" + b + "/report").body["teams"], reportA.body["teams"]);
}

TEST_F(DrillsApi, TheReportIsServedAsHtmlAndCsvFromTheSameRun) {
  std::string id = plan({{"scenario_id", "earthquake-yamalik"}});
  EXPECT_EQ(get("/drills/" + id + "/report").status, 404);  // not run yet
  ASSERT_EQ(post("/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", 7}}).status, 200);
  auto html = get("/drills/" + id + "/report.html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.contentType, "text/html; charset=utf-8");
  EXPECT_NE(html.text.find("【演练】"), std::string::npos);
  auto csv = get("/drills/" + id + "/report.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.text.rfind("section,id,name,target_min,actual_min,rating\n", 0), 0u);
  EXPECT_EQ(get("/drills/" + id + "/report?format=csv").text, csv.text);
  EXPECT_EQ(get("/drills/" + id + "/report?format=html").text, html.text);
  // Every objective of the JSON report is a CSV line with the same rating.
  auto objectives = get("/drills/" + id + "/report").body["objectives"];
  ASSERT_FALSE(objectives.empty());
  for (const auto& o : objectives) {
    std::string line = "objective," + o["id"].get<std::string>() + ",";
    auto at = csv.text.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    auto end = csv.text.find('\n', at);
    EXPECT_EQ(csv.text.substr(end - 1, 1), o["rating"].get<std::string>());
  }
  EXPECT_EQ(get("/drills/" + id + "/report?format=pdf").status, 400);
}

TEST_F(DrillsApi, TheMselCanBeEditedBeforeTheRunButNotAfter) {
  std::string id = plan({{"scenario_id", "earthquake-yamalik"}});
  auto msel = get("/drills/" + id).body["msel"];
  ASSERT_GE(msel.size(), 2u);
  msel[0]["offset_min"] = 30;  // move the first inject last
  auto edited = put("/drills/" + id + "/msel", {{"msel", msel}});
  ASSERT_EQ(edited.status, 200) << edited.text;
  const auto& rows = edited.body["msel"];
  EXPECT_EQ(rows.size(), msel.size());
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1]["offset_min"], rows[i]["offset_min"]);
  EXPECT_EQ(get("/drills/" + id).body["msel"], rows);

  json broken = rows;
  broken[1]["offset_min"] = "soon";
  auto refused = post("/drills/" + id + "/msel", broken);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.value("detail", "").find("msel[1]"), std::string::npos) << refused.text;

  ASSERT_EQ(post("/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", 1}}).status, 200);
  auto late = put("/drills/" + id + "/msel", {{"msel", rows}});
  EXPECT_EQ(late.status, 409) << late.text;
  EXPECT_NE(late.body.value("detail", "").find("msel"), std::string::npos);
}

TEST_F(DrillsApi, BadInputIsRefusedNamingTheFieldAndNothingIsStored) {
  std::string id = plan({{"scenario_id", "rainstorm-waterlogging"}});
  auto badMagnitude = ownEarthquake();
  badMagnitude["earthquake"]["magnitude"] = 12;
  auto badType = ownEarthquake();
  badType["type"] = "meteor";
  struct Case {
    std::string path;
    json body;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {"/drills", {{"scenario_id", "no-such-drill"}}, 404, "scenario_id"},
      {"/drills", {{"scenario", badMagnitude}}, 400, "scenario.earthquake.magnitude"},
      {"/drills", {{"scenario", badType}}, 400, "scenario.type"},
      {"/drills", {{"scenario_id", "earthquake-yamalik"}, {"scenario", ownEarthquake()}}, 400, "scenario"},
      {"/drills", {{"scenario_id", "earthquake-yamalik"}, {"status", "Actual"}}, 409, "status"},
      {"/drills", {{"scenario_id", "earthquake-yamalik"}, {"speed", 1}}, 400, "speed"},
      {"/drills/" + id + "/run", {{"mode", "fast"}}, 400, "mode"},
      {"/drills/" + id + "/run", json::object(), 400, "mode"},
      {"/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", "42"}}, 400, "seed"},
      {"/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", 4.2}}, 400, "seed"},
      {"/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", -1}}, 400, "seed"},
      {"/drills/" + id + "/run", {{"mode", "simulated"}, {"status", "Actual"}}, 409, "status"},
      {"/drills/" + id + "/run", {{"mode", "simulated"}, {"response_model", {{"speed_kmh", -5}}}}, 400, "speed_kmh"},
      {"/drills/nosuch/run", {{"mode", "simulated"}}, 404, "nosuch"},
  };
  size_t collections = collectionCount(), audits = drillCreateAudits();
  for (const auto& c : cases) {
    auto r = post(c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body.dump() << " → " << r.text;
    EXPECT_EQ(r.contentType, "application/problem+json") << c.body.dump();
    EXPECT_NE(r.body.value("detail", "").find(c.field), std::string::npos) << c.body.dump() << " → " << r.text;
  }
  EXPECT_EQ(collectionCount(), collections);
  EXPECT_EQ(drillCreateAudits(), audits);
  auto unchanged = get("/drills/" + id);
  EXPECT_EQ(unchanged.body["state"], "planned");
  EXPECT_TRUE(unchanged.body["run"].is_null());
}

TEST_F(DrillsApi, OnlyDutyOfficersAndAdminsPlanAndRunWhileReadersRead) {
  std::string id = plan({{"scenario_id", "gas-leak-rescue"}});
  EXPECT_EQ(post("/drills", {{"scenario_id", "gas-leak-rescue"}}, *viewer_).status, 403);
  EXPECT_EQ(post("/drills/" + id + "/run", {{"mode", "simulated"}}, *viewer_).status, 403);
  EXPECT_EQ(post("/drills", {{"scenario_id", "gas-leak-rescue"}}, *admin_).status, 201);
  EXPECT_EQ(wrap(server_->client().Get("/drills/" + id)).status, 401);
  EXPECT_EQ(get("/drills/" + id, server_->token(Role::Approver)).status, 200);
  // Committees take part: they read the plan of a drill but neither run it nor read its evaluation.
  auto committee = server_->token(Role::Committee, "650103001");
  EXPECT_EQ(get("/drills/" + id, committee).status, 200);
  EXPECT_EQ(post("/drills/" + id + "/run", {{"mode", "simulated"}}, committee).status, 403);
  EXPECT_EQ(get("/drills/" + id + "/report", committee).status, 403);
}

TEST_F(DrillsApi, EveryLibraryScenarioPlansAndRuns) {
  auto library = get("/drills/scenarios").body["scenarios"];
  ASSERT_EQ(library.size(), 6u);
  for (const auto& s : library) {
    auto created = post("/drills", {{"scenario_id", s["id"]}});
    ASSERT_EQ(created.status, 201) << s.dump() << " → " << created.text;
    std::string id = created.body["id"];
    auto ran = post("/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", 5}});
    EXPECT_EQ(ran.status, 200) << s.dump() << " → " << ran.text;
    EXPECT_EQ(get("/drills/" + id + "/report.html").status, 200) << s.dump();
  }
}

// The drills panel shows each library scenario with its place, start, objectives, warning and
// units: GET /drills/scenarios gives them as the scenario files state them.
TEST_F(DrillsApi, TheScenarioLibraryShowsWhatEachScenarioFileStates) {
  auto library = get("/drills/scenarios").body["scenarios"];
  ASSERT_EQ(library.size(), 6u);
  size_t withWarning = 0;
  for (const auto& s : library) {
    std::ifstream in(std::string(EOC_SOURCE_DIR) + "/plans/drills/" + s["id"].get<std::string>() + ".json");
    ASSERT_TRUE(in) << s.dump();
    json file = json::parse(in);
    EXPECT_EQ(s["title"], file["title"]);
    EXPECT_EQ(s["type"], file["type"]);
    EXPECT_EQ(s["location"], file["location"]);
    EXPECT_EQ(s["start"], file["start"]);
    ASSERT_EQ(s["objectives"].size(), file["objectives"].size()) << s.dump();
    for (size_t i = 0; i < file["objectives"].size(); ++i) {
      EXPECT_EQ(s["objectives"][i]["id"], file["objectives"][i]["id"]);
      EXPECT_EQ(s["objectives"][i]["text"], file["objectives"][i]["text"]);
    }
    EXPECT_EQ(s["units"], file.value("units", json::array()));
    if (file.contains("warning")) {
      ++withWarning;
      EXPECT_EQ(s["warning"]["type"], file["warning"]["type"]);
      EXPECT_EQ(s["warning"]["level"], file["warning"]["level"]);
    } else if (!s["warning"].is_null()) {
      // A rainstorm drill warns at its own level without naming a signal in the file.
      EXPECT_EQ(s["type"], "rainstorm") << s.dump();
    }
  }
  EXPECT_GE(withWarning, 1u);
}

TEST(DrillsRestart, ADrillItsZonesAndItsReportSurviveARestart) {
  auto config = TestServer::defaultConfig();
  std::string id, html;
  json report;
  {
    TestServer server(config);
    server.keepDataDir();
    auto duty = server.token(Role::DutyOfficer);
    httplib::Headers h = {{"Authorization", "Bearer " + duty}};
    auto cli = server.client();
    auto created = cli.Post("/drills", h, json{{"scenario_id", "earthquake-yamalik"}}.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    id = json::parse(created->body)["id"];
    auto ran = cli.Post("/drills/" + id + "/run", h, json{{"mode", "simulated"}, {"seed", 9}}.dump(), "application/json");
    ASSERT_EQ(ran->status, 200) << ran->body;
    report = json::parse(cli.Get("/drills/" + id + "/report", h)->body);
    html = cli.Get("/drills/" + id + "/report.html", h)->body;
  }
  TestServer server(config);
  auto duty = server.token(Role::DutyOfficer);
  httplib::Headers h = {{"Authorization", "Bearer " + duty}};
  auto cli = server.client();
  auto again = cli.Get("/drills/" + id + "/report", h);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body), report);
  EXPECT_EQ(cli.Get("/drills/" + id + "/report.html", h)->body, html);
  auto zones = cli.Get("/collections/drill-" + id + "-zones/items");
  ASSERT_TRUE(zones);
  EXPECT_EQ(zones->status, 200);
}

}  // namespace
}  // namespace eoc::testing::drills_api_test
