// POST /warnings bodies through both steps of the road before the use case: the edge's parser
// (syntax, http/warnings_requests.hpp) then the domain's validation (meaning). Every bad body is
// refused with its field named, whichever step refuses it.
#include "http/warnings_requests.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings::testing;
using nlohmann::json;

namespace {

const TimePoint kNow = at("2026-07-12T14:50:00+08:00");

json goodBody() {
  return json::parse(R"({"type": "rainstorm", "level": "orange", "status": "Actual",
    "area": {"committees": ["650103001"],
             "polygon": {"type": "Polygon", "coordinates": [[[87.55,43.78],[87.56,43.78],[87.56,43.79],[87.55,43.78]]]}},
    "onset": "2026-07-12T15:00:00+08:00", "expires": "2026-07-12T21:00:00+08:00"})");
}

warnings::WarningRequest parseAndValidate(const json& body, const Limits& limits = {}) {
  return warnings::validateDraft(http::parseDraftRequest(body, limits), shippedCatalogue(), district(), kNow);
}

// The error a body produces, and the field its detail names.
std::pair<ErrorCode, std::string> rejection(const json& body) {
  try {
    parseAndValidate(body);
  } catch (const EocError& e) {
    return {e.code(), e.detail()};
  }
  return {ErrorCode::Internal, "accepted"};
}

}  // namespace

TEST(WarningsRequests, AGoodBodyBecomesARequestWithAPolygon) {
  auto parsed = http::parseDraftRequest(goodBody(), Limits{});
  EXPECT_EQ(parsed.type, "rainstorm");
  ASSERT_TRUE(parsed.area.polygon);
  EXPECT_EQ(parsed.area.polygon->size(), 4u);
  auto r = parseAndValidate(goodBody());
  EXPECT_EQ(r.status, warnings::WarningStatus::Actual);
  ASSERT_TRUE(r.area.polygon);
  EXPECT_EQ(r.expires - r.onset, std::chrono::hours(6));
}

TEST(WarningsRequests, EveryBadBodyIsRefusedWithItsFieldNamed) {
  struct Case {
    const char* what;
    std::function<void(json&)> spoil;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"level the type lacks",
       [](json& b) {
         b["type"] = "sandstorm";
         b["level"] = "blue";
       },
       ErrorCode::UnknownLevel, "level"},
      {"unknown type", [](json& b) { b["type"] = "volcano"; }, ErrorCode::UnknownHazard, "type"},
      {"unknown status", [](json& b) { b["status"] = "Draft"; }, ErrorCode::InvalidParameter, "status"},
      {"unknown committee", [](json& b) { b["area"]["committees"] = {"650104001"}; }, ErrorCode::UnknownCommittee,
       "area.committees[0]"},
      {"no committee", [](json& b) { b["area"]["committees"] = json::array(); }, ErrorCode::InvalidBody,
       "area.committees"},
      {"committee not a string", [](json& b) { b["area"]["committees"] = {7}; }, ErrorCode::InvalidBody,
       "area.committees[0]"},
      {"area not an object", [](json& b) { b["area"] = "650103001"; }, ErrorCode::InvalidBody, "area"},
      {"expires before onset", [](json& b) { b["expires"] = "2026-07-12T14:59:00+08:00"; }, ErrorCode::InvalidTime,
       "expires"},
      {"UTC time", [](json& b) { b["onset"] = "2026-07-12T07:00:00Z"; }, ErrorCode::InvalidTime, "onset"},
      {"Xinjiang time", [](json& b) { b["onset"] = "2026-07-12T13:00:00+06:00"; }, ErrorCode::InvalidTime, "onset"},
      {"onset long past", [](json& b) { b["onset"] = "2026-07-12T10:00:00+08:00"; }, ErrorCode::InvalidTime, "onset"},
      {"expired already",
       [](json& b) {
         b["onset"] = "2026-07-12T14:00:00+08:00";
         b["expires"] = "2026-07-12T14:30:00+08:00";
       },
       ErrorCode::InvalidTime, "expires"},
      {"polygon outside",
       [](json& b) {
         b["area"]["polygon"]["coordinates"] = json::parse("[[[87.0,43.0],[87.1,43.0],[87.1,43.1],[87.0,43.0]]]");
       },
       ErrorCode::OutsideDistrict, "area.polygon"},
      {"self-intersecting polygon",
       [](json& b) {
         b["area"]["polygon"]["coordinates"] =
             json::parse("[[[87.55,43.78],[87.56,43.79],[87.56,43.78],[87.55,43.79],[87.55,43.78]]]");
       },
       ErrorCode::InvalidGeometry, "intersects itself"},
      {"open polygon",
       [](json& b) {
         b["area"]["polygon"]["coordinates"] =
             json::parse("[[[87.55,43.78],[87.56,43.78],[87.56,43.79],[87.55,43.79]]]");
       },
       ErrorCode::InvalidGeometry, "not closed"},
      {"polygon with a hole",
       [](json& b) {
         auto ring = b["area"]["polygon"]["coordinates"][0];
         b["area"]["polygon"]["coordinates"].push_back(ring);
       },
       ErrorCode::InvalidGeometry, "holes"},
      {"not a Polygon", [](json& b) { b["area"]["polygon"]["type"] = "MultiPolygon"; }, ErrorCode::InvalidGeometry,
       "area.polygon"},
      {"position not numbers",
       [](json& b) {
         b["area"]["polygon"]["coordinates"][0][2] = json::array({"87.56", 43.79});
       },
       ErrorCode::InvalidGeometry, "position 2"},
      {"latitude out of range",
       [](json& b) {
         b["area"]["polygon"]["coordinates"][0][1] = json::array({43.78, 187.0});
       },
       ErrorCode::InvalidCoordinate, "position 1"},
      {"unknown key", [](json& b) { b["priority"] = 1; }, ErrorCode::UnknownProperty, "priority"},
      {"unknown area key", [](json& b) { b["area"]["radius"] = 5; }, ErrorCode::UnknownProperty, "area.radius"},
      {"drill on Actual", [](json& b) { b["drill_id"] = "D1"; }, ErrorCode::InvalidParameter, "drill_id"},
      {"type not a string", [](json& b) { b["type"] = 3; }, ErrorCode::InvalidBody, "type"},
      {"no level", [](json& b) { b.erase("level"); }, ErrorCode::InvalidBody, "level"},
      {"not an object", [](json& b) { b = json::array(); }, ErrorCode::InvalidBody, "body"},
  };
  for (auto& c : cases) {
    json body = goodBody();
    c.spoil(body);
    auto [code, detail] = rejection(body);
    EXPECT_EQ(code, c.code) << c.what << ": " << detail;
    EXPECT_NE(detail.find(c.field), std::string::npos) << c.what << ": " << detail;
  }
}

TEST(WarningsRequests, TooManyVerticesIsRefusedBeforeAnyPositionIsRead) {
  Limits tight;
  tight.maxPolygonVertices = 3;
  try {
    http::parseDraftRequest(goodBody(), tight);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidGeometry);
    EXPECT_NE(e.detail().find("more than 3 vertices"), std::string::npos) << e.detail();
  }
}

TEST(WarningsRequests, AnUpdateCarriesOnlyWhatChanges) {
  auto u = http::parseUpdateRequest("w1", json{{"level", "red"}, {"status", "Exercise"}}, Limits{});
  EXPECT_EQ(u.id, "w1");
  EXPECT_EQ(u.level, "red");
  EXPECT_EQ(u.status, warnings::WarningStatus::Exercise);
  EXPECT_FALSE(u.expires);
  EXPECT_FALSE(u.area);
  EXPECT_THROW(http::parseUpdateRequest("w1", json{{"status", "Draft"}}, Limits{}), EocError);
  EXPECT_THROW(http::parseUpdateRequest("w1", json{{"colour", "red"}}, Limits{}), EocError);
  EXPECT_THROW(http::parseUpdateRequest("w1", json{{"expires", "tomorrow"}}, Limits{}), EocError);
}

TEST(WarningsRequests, ACancelReadsReasonAndFalseAlarm) {
  auto c = http::parseCancelRequest("w1", json{{"false_alarm", true}});
  EXPECT_TRUE(c.falseAlarm);
  EXPECT_EQ(http::parseCancelRequest("w1", json{{"reason", "降雨结束"}}).reason, "降雨结束");
  EXPECT_THROW(http::parseCancelRequest("w1", json{{"false_alarm", "yes"}}), EocError);
  EXPECT_THROW(http::parseCancelRequest("w1", json{{"reason", 5}}), EocError);
  EXPECT_THROW(http::parseCancelRequest("w1", json{{"why", "x"}}), EocError);
}
