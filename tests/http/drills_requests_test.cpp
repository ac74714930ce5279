// Drill request bodies at the edge (http/drills_requests.hpp): syntax only, every refusal names
// its field, and nothing a client sends can make a drill anything but an Exercise.
#include "http/drills_requests.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/error.hpp"

using namespace eoc;
using nlohmann::json;

namespace {

// The error a parse produces and its detail; Internal "accepted" when it parsed.
template <class Parse>
std::pair<ErrorCode, std::string> rejection(Parse parse) {
  try {
    parse();
  } catch (const EocError& e) {
    return {e.code(), e.detail()};
  }
  return {ErrorCode::Internal, "accepted"};
}

json libraryScenario(const std::string& id) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/plans/drills/" + id + ".json");
  return json::parse(in);
}

}  // namespace

TEST(DrillsRequests, ARunBodyBecomesATypedRequest) {
  auto r = http::parseRunRequest({{"mode", "live"}, {"seed", 42}, {"speed", 60}});
  EXPECT_EQ(r.mode, drills::RunMode::Live);
  EXPECT_EQ(r.seed, 42u);
  EXPECT_EQ(r.speed, 60);
  EXPECT_EQ(drills::runModeName(r.mode), "live");
  EXPECT_EQ(http::parseRunRequest({{"mode", "simulated"}, {"status", "Exercise"}}).mode, drills::RunMode::Simulated);
}

TEST(DrillsRequests, ARunBodyNamingAnotherStatusIsRefusedAsActual) {
  for (const json& status : {json("Actual"), json("Test"), json(1)}) {
    auto [code, detail] = rejection([&] { http::parseRunRequest({{"mode", "simulated"}, {"status", status}}); });
    EXPECT_EQ(code, ErrorCode::ExerciseCannotBecomeActual) << status.dump();
    EXPECT_EQ(detail.rfind("status:", 0), 0u) << detail;
  }
}

TEST(DrillsRequests, BadRunBodiesNameTheirField) {
  const std::pair<json, std::string> cases[] = {
      {json::array(), "body:"},
      {{{"seed", 1}}, "mode:"},
      {{{"mode", "fast"}}, "mode:"},
      {{{"mode", "simulated"}, {"seed", -1}}, "seed:"},
      {{{"mode", "simulated"}, {"seed", 1.5}}, "seed:"},
      {{{"mode", "live"}, {"speed", 0}}, "speed:"},
      {{{"mode", "live"}, {"speed", 3601}}, "speed:"},
      {{{"mode", "live"}, {"rate", 1}}, "rate:"},
  };
  for (const auto& [body, field] : cases) {
    auto [code, detail] = rejection([&] { http::parseRunRequest(body); });
    EXPECT_NE(code, ErrorCode::Internal) << body.dump();
    EXPECT_EQ(detail.rfind(field, 0), 0u) << body.dump() << " → " << detail;
  }
}

TEST(DrillsRequests, APlanBodyGivesExactlyOneScenario) {
  auto named = http::parseCreateDrillRequest({{"scenario_id", "gas-leak-rescue"}});
  ASSERT_TRUE(named.scenarioId);
  EXPECT_EQ(*named.scenarioId, "gas-leak-rescue");
  EXPECT_FALSE(named.scenario);

  auto given = http::parseCreateDrillRequest({{"scenario", libraryScenario("gas-leak-rescue")}});
  ASSERT_TRUE(given.scenario);
  EXPECT_EQ(given.scenario->type, "gas_leak");
  EXPECT_EQ(given.scenario->source, libraryScenario("gas-leak-rescue"));

  json both = {{"scenario_id", "gas-leak-rescue"}, {"scenario", libraryScenario("gas-leak-rescue")}};
  EXPECT_EQ(rejection([&] { http::parseCreateDrillRequest(both); }).first, ErrorCode::InvalidBody);
  EXPECT_EQ(rejection([&] { http::parseCreateDrillRequest(json::object()); }).first, ErrorCode::InvalidBody);
  EXPECT_EQ(rejection([&] { http::parseCreateDrillRequest({{"scenario_id", 7}}); }).second.rfind("scenario_id:", 0), 0u);
  EXPECT_EQ(rejection([&] { http::parseCreateDrillRequest({{"scenario_id", "x"}, {"extra", 1}}); }).second.rfind("extra:", 0),
            0u);
}

TEST(DrillsRequests, AScenarioFieldErrorIsNamedUnderScenario) {
  json scenario = libraryScenario("earthquake-yamalik");
  scenario["earthquake"]["magnitude"] = "big";
  auto [code, detail] = rejection([&] { http::parseCreateDrillRequest({{"scenario", scenario}}); });
  EXPECT_NE(code, ErrorCode::Internal);
  EXPECT_EQ(detail.rfind("scenario.", 0), 0u) << detail;

  json actual = libraryScenario("earthquake-yamalik");
  actual["status"] = "Actual";
  EXPECT_NE(rejection([&] { http::parseCreateDrillRequest({{"scenario", actual}}); }).first, ErrorCode::Internal);
  EXPECT_EQ(rejection([&] { http::parseCreateDrillRequest({{"scenario_id", "x"}, {"status", "Actual"}}); }).first,
            ErrorCode::ExerciseCannotBecomeActual);
}

TEST(DrillsRequests, ANoticeAckTakesAnOptionalShortNote) {
  EXPECT_EQ(http::parseNoticeAckRequest("D1", nullptr).note, "");
  auto ack = http::parseNoticeAckRequest("D1", {{"note", "收到"}});
  EXPECT_EQ(ack.drillId, "D1");
  EXPECT_EQ(ack.note, "收到");
  EXPECT_EQ(rejection([&] { http::parseNoticeAckRequest("D1", {{"note", std::string(2001, 'x')}}); }).second.rfind("note:", 0),
            0u);
  EXPECT_EQ(rejection([&] { http::parseNoticeAckRequest("D1", {{"by", "me"}}); }).second.rfind("by:", 0), 0u);
  EXPECT_EQ(rejection([&] { http::parseNoticeAckRequest("D1", json::array()); }).second.rfind("body:", 0), 0u);
}

TEST(DrillsRequests, TheStateFilterKnowsTheThreeStates) {
  EXPECT_FALSE(http::parseDrillStateFilter(""));
  EXPECT_EQ(http::parseDrillStateFilter("running"), store::DrillState::Running);
  auto [code, detail] = rejection([] { http::parseDrillStateFilter("done"); });
  EXPECT_EQ(code, ErrorCode::InvalidParameter);
  EXPECT_EQ(detail.rfind("state:", 0), 0u);
}
