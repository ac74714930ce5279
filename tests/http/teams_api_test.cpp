// The teams API end to end: roll call, the status machine over HTTP, role checks, position
// reports (JSON and OsmAnd), freshness, incidents, recommendation, dispatch with its milestone
// times, pre-positioning, the live OGC collection, and state surviving a restart.
#include <gtest/gtest.h>

#include <regex>

#include "broadcast/event_hub.hpp"
#include "gis/geodesy.hpp"
#include "service/incidents_service.hpp"
#include "service/teams_service.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::teams_api_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class TeamsApi : public ::testing::Test {
 protected:
  // The freshness timer reads this clock too, so it can never disagree with the test.
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-07-12T15:00:00+08:00"));
  TestServer server{TestServer::defaultConfig(), clock};
  std::string duty = server.token(Role::DutyOfficer, "", "王值班");

  httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  std::pair<int, json> post(const std::string& path, const json& body, const std::string& token) {
    auto cli = server.client();
    auto res = cli.Post(path, auth(token), body.is_null() ? "" : body.dump(), "application/json");
    if (!res) return {0, json()};
    return {res->status, res->body.empty() ? json() : json::parse(res->body)};
  }
  std::pair<int, json> get(const std::string& path, const std::string& token = {}) {
    auto cli = server.client();
    auto res = token.empty() ? cli.Get(path) : cli.Get(path, auth(token));
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body)};
  }
  json team(const std::string& id) { return get("/teams/" + id).second; }
  // A team's home base, from the layer the roster is built from.
  GeoPoint home(const std::string& id) { return server.service().layers().require("teams").find(id)->location(); }
  std::string now(std::chrono::seconds offset = 0s) { return formatBeijing(server.service().clock().now() + offset); }
};

TEST_F(TeamsApi, RollCallCountsThirtyTeamsOf2797PeopleAllAvailable) {
  auto [status, body] = get("/teams/summary");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["teams"], 30);
  EXPECT_EQ(body["people"], 2797);
  EXPECT_EQ(body["by_status"]["available"]["teams"], 30);
  EXPECT_EQ(body["by_status"]["available"]["people"], 2797);
  EXPECT_EQ(body["by_status"]["on_scene"]["teams"], 0);
  // Specialty counts agree with the roster as listed.
  auto list = get("/teams").second["teams"];
  std::map<std::string, int> people;
  for (const auto& t : list)
    for (const auto& s : t["specialties"]) people[s] += t["headcount"].get<int>();
  for (const auto& [key, n] : people) EXPECT_EQ(body["by_specialty"][key]["people"], n) << key;
}

TEST_F(TeamsApi, PublicListingsMaskPhonesAndUnknownTeamsAre404) {
  std::regex masked(R"(\d{3}\*{4}\d{4})");
  json listed = get("/teams").second["teams"];
  for (const auto& t : listed)
    EXPECT_TRUE(std::regex_match(t["phone"].get<std::string>(), masked)) << t["phone"];
  EXPECT_EQ(get("/teams/T99").first, 404);
}

TEST_F(TeamsApi, TheStatusMachineRefusesSkipsWith409NamingTheAllowedStates) {
  std::string t01 = server.token(Role::Team, "T01", "周队长");
  auto [status, body] = post("/teams/T01/status", {{"status", "on_scene"}}, t01);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(body["code"], "InvalidTransition");
  EXPECT_NE(body["detail"].get<std::string>().find("allowed: notified, unavailable"), std::string::npos);

  for (const char* next : {"notified", "en_route", "on_scene", "returning", "available"}) {
    auto [s, b] = post("/teams/T01/status", {{"status", next}, {"note", std::string("→ ") + next}}, t01);
    ASSERT_EQ(s, 200) << next << " " << b.dump();
    EXPECT_EQ(b["status"], next);
  }
  auto history = get("/teams/T01/history", duty).second["status_history"];
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0]["from"], "returning");
  EXPECT_EQ(history[0]["to"], "available");
  EXPECT_EQ(history[4]["by"], "team:T01 (周队长)");
  auto audit = get("/audit?kind=team.status", server.token(Role::Admin)).second;
  EXPECT_EQ(audit["entries"].size(), 5u);
  EXPECT_EQ(post("/teams/T01/status", {{"status", "resting"}}, t01).first, 400);
}

TEST_F(TeamsApi, RolesATeamMovesOnlyItselfAndACommitteeCannotDispatch) {
  std::string t02 = server.token(Role::Team, "T02");
  std::string committee = server.token(Role::Committee, "650103001");
  EXPECT_EQ(post("/teams/T01/status", {{"status", "notified"}}, t02).first, 403);
  EXPECT_EQ(post("/teams/T01/position", {{"lon", 87.58}, {"lat", 43.79}}, t02).first, 403);
  EXPECT_EQ(post("/teams/T01/status", {{"status", "notified"}}, committee).first, 403);
  EXPECT_EQ(post("/incidents", {{"type", "gas_leak"}, {"location", {87.58, 43.79}}}, committee).first, 403);
  EXPECT_EQ(post("/incidents/i1/dispatch", {{"teams", {"T01"}}}, committee).first, 403);
  EXPECT_EQ(post("/teams/T01/status", {{"status", "notified"}}, "").first, 401);
  // A duty officer may move any team, but may not forge a team's position.
  EXPECT_EQ(post("/teams/T01/status", {{"status", "notified"}}, duty).first, 200);
  EXPECT_EQ(post("/teams/T01/position", {{"lon", 87.58}, {"lat", 43.79}}, duty).first, 403);
  EXPECT_EQ(team("T01")["status"], "notified");
}

TEST_F(TeamsApi, PositionsAreValidatedAndServedLiveInTheOgcCollection) {
  std::string t03 = server.token(Role::Team, "T03");
  GeoPoint h = home("T03");
  json fix = {{"lon", h.lon + 0.002}, {"lat", h.lat + 0.001}, {"time", now(-5s)}, {"accuracy", 8},
              {"speed", 4.5},         {"heading", 90},        {"battery", 81}};
  auto [status, body] = post("/teams/T03/position", fix, t03);
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["freshness"], "fresh");
  EXPECT_TRUE(body["flags"].empty());

  EXPECT_EQ(post("/teams/T03/position", {{"lon", h.lon}, {"lat", h.lat}, {"time", now(1h)}}, t03).second["code"],
            "InvalidTime");
  EXPECT_EQ(post("/teams/T03/position", {{"lon", h.lon}, {"lat", h.lat}, {"time", now(-72h)}}, t03).first, 400);
  EXPECT_EQ(post("/teams/T03/position", {{"lon", h.lon}, {"lat", h.lat}, {"speed", 90}}, t03).first, 400);
  // 0.3° (~33 km) in a few seconds: refused as an impossible jump.
  EXPECT_EQ(post("/teams/T03/position", {{"lon", h.lon}, {"lat", h.lat + 0.3}, {"time", now()}}, t03).first, 400);

  auto items = get("/collections/teams/items?status=available&limit=100").second;
  bool seen = false;
  for (const auto& f : items["features"])
    if (f["id"] == "T03") {
      seen = true;
      EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), h.lon + 0.002, 1e-9);
      EXPECT_EQ(f["properties"]["freshness"], "fresh");
      EXPECT_FALSE(f["properties"]["position_time"].is_null());
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(items["numberMatched"], 30);
  auto one = get("/collections/teams/items/T03").second;
  EXPECT_EQ(one["properties"]["status"], "available");
}

TEST_F(TeamsApi, TheOsmAndTrackerQueryIsAcceptedAndFarPointsAreKeptButFlagged) {
  std::string t04 = server.token(Role::Team, "T04");
  auto cli = server.client();
  std::string ts = std::to_string(server.service().clock().now().time_since_epoch().count() - 3);
  auto res = cli.Post("/teams/T04/position?id=T04&timestamp=" + ts +
                          "&lat=43.80&lon=87.58&speed=5&bearing=180&accuracy=10&batt=64",
                      auth(t04), "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = json::parse(res->body);
  EXPECT_NEAR(body["position"]["speed"].get<double>(), 5 * 1852.0 / 3600, 1e-9);
  EXPECT_EQ(body["position"]["battery"], 64);

  auto wrongId = cli.Post("/teams/T04/position?id=T05&lat=43.80&lon=87.58", auth(t04), "", "text/plain");
  ASSERT_TRUE(wrongId);
  EXPECT_EQ(wrongId->status, 400);

  // A team with no earlier fix reports ~20 km east of the district: kept, but flagged.
  std::string t05 = server.token(Role::Team, "T05");
  auto [status, far] = post("/teams/T05/position", {{"lon", 87.85}, {"lat", 43.80}, {"time", now()}}, t05);
  ASSERT_EQ(status, 200) << far.dump();
  EXPECT_EQ(far["flags"], json::array({"outside_district"}));
  EXPECT_EQ(team("T05")["position"]["flags"], json::array({"outside_district"}));
}

TEST_F(TeamsApi, ATrackerThatCannotSendHeadersPutsItsTokenInTheQueryOfThePositionRouteOnly) {
  std::string t07 = server.token(Role::Team, "T07");
  std::string admin = server.token(Role::Admin);
  auto cli = server.client();
  std::string ts = std::to_string(server.service().clock().now().time_since_epoch().count() - 2);
  auto fix = cli.Post("/teams/T07/position?id=T07&timestamp=" + ts + "&lat=43.79&lon=87.57&token=" + t07, "",
                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(fix);
  ASSERT_EQ(fix->status, 200) << fix->body;
  EXPECT_NEAR(team("T07")["position"]["lat"].get<double>(), 43.79, 1e-9);

  auto wrong = cli.Post("/teams/T07/position?lat=43.79&lon=87.57&token=eoc_nope_nope", "", "text/plain");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401) << wrong->body;
  auto otherTeam = cli.Post("/teams/T08/position?lat=43.79&lon=87.57&token=" + t07, "", "text/plain");
  ASSERT_TRUE(otherTeam);
  EXPECT_EQ(otherTeam->status, 403) << otherTeam->body;
  // Every other route still wants the header: a token in a URL leaks into proxies and histories.
  auto audit = cli.Get("/audit?token=" + admin);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 401) << audit->body;
}

TEST_F(TeamsApi, FreshnessTiersFollowEachTeamsIntervalAndStaleOrLostRaiseEvents) {
  auto& teams = server.service().teams();
  std::string t06 = server.token(Role::Team, "T06");
  GeoPoint h = home("T06");
  ASSERT_EQ(post("/teams/T06/position", {{"lon", h.lon}, {"lat", h.lat}, {"time", now()}}, t06).first, 200);
  auto interval = std::chrono::seconds(team("T06")["report_interval_s"].get<long long>());
  TimePoint t0 = clock->now();
  auto tierAfter = [&](double beats) {
    clock->set(t0 + std::chrono::seconds(static_cast<long long>(beats * double(interval.count()))));
    teams.evaluateFreshness(clock->now());
    return team("T06")["freshness"].get<std::string>();
  };
  EXPECT_EQ(tierAfter(1.5), "fresh");
  EXPECT_EQ(tierAfter(3), "aging");
  auto before = server.service().events().lastId();
  EXPECT_EQ(tierAfter(6), "stale");
  EXPECT_EQ(tierAfter(20), "lost");
  auto raised = server.service().events().read(before, {}).events;
  std::vector<std::string> tiers;
  for (const auto& e : raised)
    if (e.event.type == "team.freshness" && e.event.data["team"] == "T06") tiers.push_back(e.event.data["freshness"]);
  EXPECT_EQ(tiers, (std::vector<std::string>{"stale", "lost"}));
  // Teams that never reported stay "none" and raise nothing.
  EXPECT_EQ(team("T07")["freshness"], "none");
}

TEST_F(TeamsApi, IncidentRecommendationAndDispatchRecordTheAfterActionTimes) {
  GeoPoint scene = home("T10");
  auto [status, incident] = post("/incidents",
                                 {{"type", "gas_leak"}, {"location", {scene.lon, scene.lat}}, {"size", "small"},
                                  {"casualties", 0}, {"note", "燃气管道泄漏"}},
                                 duty);
  ASSERT_EQ(status, 201) << incident.dump();
  std::string id = incident["id"];
  EXPECT_TRUE(incident["activation"].is_object());
  EXPECT_EQ(incident["note"], "燃气管道泄漏");

  char path[160];
  std::snprintf(path, sizeof path, "/dispatch/recommend?lon=%.6f&lat=%.6f&specialty=logistics&people=200", scene.lon,
                scene.lat);
  auto [rs, rec] = get(path, duty);
  ASSERT_EQ(rs, 200) << rec.dump();
  auto ranked = rec["teams"];
  ASSERT_FALSE(ranked.empty());
  EXPECT_TRUE(rec["covered"].get<bool>());
  for (size_t i = 0; i < ranked.size(); ++i) {
    EXPECT_EQ(ranked[i]["eta_method"], "turnout 5 min + haversine × 1.35 ÷ 30 km/h");
    // Hand-computed from the home base: 300 s + distance × 1.35 / (30 km/h).
    GeoPoint from = home(ranked[i]["id"]);
    double expected = 300 + gis::haversineMeters(from, scene) * 1.35 / (30000.0 / 3600);
    EXPECT_NEAR(ranked[i]["eta_s"].get<double>(), expected, 0.51);
    if (i > 0) {
      EXPECT_LE(ranked[i - 1]["eta_s"].get<double>(), ranked[i]["eta_s"].get<double>());
    }
  }
  EXPECT_GE(ranked.back()["cumulative_headcount"].get<int>(), 200);
  if (ranked.size() > 1) {
    EXPECT_LT(ranked[ranked.size() - 2]["cumulative_headcount"].get<int>(), 200);
  }

  std::string first = ranked[0]["id"];
  auto [ds, dispatched] = post("/incidents/" + id + "/dispatch", {{"teams", {first}}}, duty);
  ASSERT_EQ(ds, 200) << dispatched.dump();
  EXPECT_EQ(team(first)["status"], "notified");
  EXPECT_EQ(team(first)["incident"], id);
  // Busy now: refused without force, and the recommendation no longer offers it.
  auto [again, refused] = post("/incidents/" + id + "/dispatch", {{"teams", {first}}}, duty);
  EXPECT_EQ(again, 409);
  EXPECT_EQ(get(path, duty).second["teams"][0]["id"] == first, false);
  EXPECT_EQ(post("/incidents/" + id + "/dispatch", {{"teams", {"T20"}}, {"force", true}}, duty).first, 400);

  std::string token = server.token(Role::Team, first);
  ASSERT_EQ(post("/teams/" + first + "/status", {{"status", "en_route"}}, token).first, 200);
  ASSERT_EQ(post("/teams/" + first + "/status", {{"status", "on_scene"}}, token).first, 200);
  auto after = get("/incidents/" + id, duty).second;
  ASSERT_EQ(after["dispatches"].size(), 1u);
  auto d = after["dispatches"][0];
  EXPECT_FALSE(d["notified_at"].is_null());
  EXPECT_FALSE(d["en_route_at"].is_null());
  EXPECT_FALSE(d["on_scene_at"].is_null());
  EXPECT_FALSE(d["forced"].get<bool>());

  // A second incident may take the busy team only by force, with a reason.
  auto second = post("/incidents", {{"type", "fire"}, {"location", {scene.lon, scene.lat}}}, duty).second;
  std::string id2 = second["id"];
  EXPECT_EQ(post("/incidents/" + id2 + "/dispatch", {{"teams", {first}}}, duty).first, 409);
  auto [fs, forced] =
      post("/incidents/" + id2 + "/dispatch", {{"teams", {first}}, {"force", true}, {"reason", "最近的队伍"}}, duty);
  ASSERT_EQ(fs, 200) << forced.dump();
  EXPECT_TRUE(forced["dispatches"][0]["forced"].get<bool>());
  EXPECT_EQ(get("/incidents/nope", duty).first, 404);
}

TEST_F(TeamsApi, BadRecommendationQueriesAreRefused) {
  EXPECT_EQ(get("/dispatch/recommend?lon=87.58&lat=43.79&specialty=diving", duty).first, 400);
  EXPECT_EQ(get("/dispatch/recommend?lat=43.79", duty).first, 400);
  EXPECT_EQ(get("/dispatch/recommend?lon=87.58&lat=43.79&people=-3", duty).first, 400);
}

TEST_F(TeamsApi, PrepositioningCoversExposedPointsOptimallyAndIsAcceptedInOneCall) {
  // A rainstorm warning over the whole district, issued as an exercise by its author.
  json committees = json::array();
  for (const auto& c : server.service().layers().require("committees").features()) committees.push_back(c.id);
  json warning = {{"type", "rainstorm"},     {"level", "red"},      {"status", "Exercise"},
                  {"area", {{"committees", committees}}}, {"onset", now()}, {"expires", now(6h)}};
  auto [ws, drafted] = post("/warnings", warning, duty);
  ASSERT_EQ(ws, 201) << drafted.dump();
  auto [is, issued] = post("/warnings/" + drafted["id"].get<std::string>() + "/issue", json(), duty);
  ASSERT_EQ(is, 200) << issued.dump();
  ASSERT_TRUE(issued["activation"].is_object()) << issued.dump();
  std::string activation = issued["activation"]["id"];

  auto [ps, proposal] = post("/activations/" + activation + "/prepositioning", json(), duty);
  ASSERT_EQ(ps, 200) << proposal.dump();
  ASSERT_GT(proposal["covered"].get<int>(), 0) << proposal.dump();
  EXPECT_LE(proposal["total_eta_s"].get<double>(), proposal["greedy_total_eta_s"].get<double>());
  std::set<std::string> teamsUsed;
  for (const auto& a : proposal["assignments"]) {
    EXPECT_TRUE(teamsUsed.insert(a["team"]).second) << "a team used twice";
    auto specialties = team(a["team"])["specialties"];
    EXPECT_NE(std::find(specialties.begin(), specialties.end(), a["specialty"]), specialties.end());
  }

  auto [as, accepted] = post("/activations/" + activation + "/prepositioning/accept", json(), duty);
  ASSERT_EQ(as, 200) << accepted.dump();
  EXPECT_EQ(accepted["accepted"].size(), proposal["assignments"].size());
  for (const auto& a : accepted["accepted"]) EXPECT_EQ(team(a["team"])["status"], "notified");
  auto summary = get("/teams/summary").second;
  EXPECT_EQ(summary["by_status"]["notified"]["teams"], proposal["assignments"].size());
  EXPECT_EQ(post("/activations/nope/prepositioning", json(), duty).first, 404);
}

TEST(TeamsRestart, StatusPositionsAndIncidentsSurviveARestart) {
  TempDir dir;
  Config config = TestServer::defaultConfig();
  config.dataDir = dir.path();
  Principal officer{Role::DutyOfficer, "", "王值班", "tok1"};
  Principal t08{Role::Team, "T08", "", "tok2"};
  std::string incidentId;
  {
    service::EocService service(config);
    service.start();
    auto& teams = service.teams();
    teams.changeStatus(officer, "T08", {teams::TeamStatus::Unavailable, "车辆维修"}, "r1");
    auto home = service.layers().require("teams").find("T09")->location();
    Principal t09{Role::Team, "T09", "", "tok3"};
    teams.reportPosition(t09, "T09", {{home.lon, home.lat}, service.clock().now(), 5.0, {}, {}, 70.0}, "r2");
    service::CreateIncidentRequest fire;
    fire.input.type = "fire";
    fire.input.location = home;
    incidentId = service.incidents().create(officer, fire, "r3").row.id;
    service.stop();
  }
  service::EocService again(config);
  again.start();
  auto t08state = again.teams().team(nullptr, "T08");
  EXPECT_EQ(t08state.live.status, teams::TeamStatus::Unavailable);
  EXPECT_EQ(t08state.live.note, "车辆维修");
  auto t09state = again.teams().team(nullptr, "T09");
  ASSERT_TRUE(t09state.live.fix);
  EXPECT_EQ(t09state.live.fix->battery, 70.0);
  EXPECT_EQ(again.incidents().incident(incidentId).row.type, "fire");
  EXPECT_EQ(again.teams().summary().byStatus.at("unavailable").people, t08state.team.headcount);
  (void)t08;
  again.stop();
}

}  // namespace
}  // namespace eoc::testing::teams_api_test
