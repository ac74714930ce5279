#include <gtest/gtest.h>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
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

// The error a body produces, and the field its detail names.
std::pair<ErrorCode, std::string> rejection(const json& body) {
  try {
    parseWarningRequest(body, shippedCatalogue(), district(), Limits{}, kNow);
  } catch (const EocError& e) {
    return {e.code(), e.detail()};
  }
  return {ErrorCode::Internal, "accepted"};
}

}  // namespace

TEST(WarningRequest, AGoodBodyBecomesARequestWithAPolygon) {
  auto r = parseWarningRequest(goodBody(), shippedCatalogue(), district(), Limits{}, kNow);
  EXPECT_EQ(r.type, "rainstorm");
  EXPECT_EQ(r.status, WarningStatus::Actual);
  ASSERT_TRUE(r.area.polygon);
  EXPECT_EQ(r.expires - r.onset, std::chrono::hours(6));
}

TEST(WarningRequest, EveryBadInputIsRefusedWithItsFieldNamed) {
  struct Case {
    const char* what;
    std::function<void(json&)> spoil;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"level the type lacks", [](json& b) { b["type"] = "sandstorm"; b["level"] = "blue"; }, ErrorCode::UnknownLevel, "level"},
      {"unknown type", [](json& b) { b["type"] = "volcano"; }, ErrorCode::UnknownHazard, "type"},
      {"unknown status", [](json& b) { b["status"] = "Draft"; }, ErrorCode::InvalidParameter, "status"},
      {"unknown committee", [](json& b) { b["area"]["committees"] = {"650104001"}; }, ErrorCode::UnknownCommittee, "area.committees[0]"},
      {"no committee", [](json& b) { b["area"]["committees"] = json::array(); }, ErrorCode::InvalidBody, "area.committees"},
      {"expires before onset", [](json& b) { b["expires"] = "2026-07-12T14:59:00+08:00"; }, ErrorCode::InvalidTime, "expires"},
      {"UTC time", [](json& b) { b["onset"] = "2026-07-12T07:00:00Z"; }, ErrorCode::InvalidTime, "onset"},
      {"Xinjiang time", [](json& b) { b["onset"] = "2026-07-12T13:00:00+06:00"; }, ErrorCode::InvalidTime, "onset"},
      {"onset long past", [](json& b) { b["onset"] = "2026-07-12T10:00:00+08:00"; }, ErrorCode::InvalidTime, "onset"},
      {"expired already", [](json& b) { b["onset"] = "2026-07-12T14:00:00+08:00"; b["expires"] = "2026-07-12T14:30:00+08:00"; }, ErrorCode::InvalidTime, "expires"},
      {"polygon outside", [](json& b) { b["area"]["polygon"]["coordinates"] = json::parse("[[[87.0,43.0],[87.1,43.0],[87.1,43.1],[87.0,43.0]]]"); }, ErrorCode::OutsideDistrict, "area.polygon"},
      {"self-intersecting polygon", [](json& b) { b["area"]["polygon"]["coordinates"] = json::parse("[[[87.55,43.78],[87.56,43.79],[87.56,43.78],[87.55,43.79],[87.55,43.78]]]"); }, ErrorCode::InvalidGeometry, "intersects itself"},
      {"open polygon", [](json& b) { b["area"]["polygon"]["coordinates"] = json::parse("[[[87.55,43.78],[87.56,43.78],[87.56,43.79],[87.55,43.79]]]"); }, ErrorCode::InvalidGeometry, "not closed"},
      {"polygon with a hole", [](json& b) { auto ring = b["area"]["polygon"]["coordinates"][0]; b["area"]["polygon"]["coordinates"].push_back(ring); }, ErrorCode::InvalidGeometry, "holes"},
      {"latitude out of range", [](json& b) { b["area"]["polygon"]["coordinates"][0][1] = json::array({43.78, 187.0}); }, ErrorCode::InvalidCoordinate, "position 1"},
      {"unknown key", [](json& b) { b["priority"] = 1; }, ErrorCode::UnknownProperty, "priority"},
      {"drill on Actual", [](json& b) { b["drill_id"] = "D1"; }, ErrorCode::InvalidParameter, "drill_id"},
      {"type not a string", [](json& b) { b["type"] = 3; }, ErrorCode::InvalidBody, "type"},
  };
  for (auto& c : cases) {
    json body = goodBody();
    c.spoil(body);
    auto [code, detail] = rejection(body);
    EXPECT_EQ(code, c.code) << c.what << ": " << detail;
    EXPECT_NE(detail.find(c.field), std::string::npos) << c.what << ": " << detail;
  }
}

TEST(WarningRequest, TooManyVerticesIsRefusedBeforeAnyGeometryWork) {
  Limits tight;
  tight.maxPolygonVertices = 3;
  EXPECT_THROW(parseWarningRequest(goodBody(), shippedCatalogue(), district(), tight, kNow), EocError);
}

TEST(WarningChanges, AnExerciseCanNeverBeAskedToBecomeActual) {
  Desk desk;
  Warning w = desk.issued("rainstorm", "orange", WarningStatus::Exercise);
  try {
    parseWarningChanges(json{{"status", "Actual"}, {"level", "red"}}, w, shippedCatalogue(), district(), Limits{}, kNow);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::ExerciseCannotBecomeActual);
  }
  auto same = parseWarningChanges(json{{"status", "Exercise"}, {"level", "red"}}, w, shippedCatalogue(), district(),
                                  Limits{}, kNow);
  EXPECT_EQ(same.level, "red");
  EXPECT_THROW(parseWarningChanges(json::object(), w, shippedCatalogue(), district(), Limits{}, kNow), EocError);
  EXPECT_THROW(parseWarningChanges(json{{"level", "purple"}}, w, shippedCatalogue(), district(), Limits{}, kNow), EocError);
}

TEST(CancelRequest, AFalseAlarmNeedsNoReasonButAnOrdinaryCancelDoes) {
  EXPECT_TRUE(parseCancelRequest(json{{"false_alarm", true}}).falseAlarm);
  EXPECT_THROW(parseCancelRequest(json::object()), EocError);
  EXPECT_EQ(parseCancelRequest(json{{"reason", "降雨结束"}}).reason, "降雨结束");
}

TEST(CodePoints, CountsChineseCharactersNotBytes) {
  EXPECT_EQ(codePointCount("【演练】暴雨"), 6u);
  EXPECT_EQ(codePointCount("abc"), 3u);
}
