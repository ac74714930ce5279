#include <gtest/gtest.h>

#include "core/error.hpp"
#include "teams/position.hpp"

namespace eoc::teams::position_test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const TimePoint kNow = *parseIso8601("2026-07-12T15:00:00+08:00");

ErrorCode codeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const EocError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no EocError thrown";
  return ErrorCode::Internal;
}

TEST(PositionJson, AFullReportParsesWithItsOwnTime) {
  auto fix = parsePositionJson(json::parse(R"({"lon": 87.58, "lat": 43.79, "time": "2026-07-12T14:59:30+08:00",
      "accuracy": 8, "speed": 12.5, "heading": 90, "battery": 80})"),
                               kNow);
  EXPECT_DOUBLE_EQ(fix.point.lon, 87.58);
  EXPECT_EQ(fix.time, kNow - 30s);
  EXPECT_EQ(fix.speed, 12.5);
  EXPECT_EQ(fix.battery, 80);
}

TEST(PositionJson, BadFieldsAreRefusedWithTheirOwnCode) {
  struct Case {
    const char* body;
    ErrorCode code;
  };
  const Case cases[] = {
      {R"({"lat": 43.79})", ErrorCode::InvalidCoordinate},
      {R"({"lon": 187.0, "lat": 43.79})", ErrorCode::InvalidCoordinate},
      {R"({"lon": "87.5", "lat": 43.79})", ErrorCode::InvalidBody},
      {R"({"lon": 87.5, "lat": 43.79, "time": "2026-07-12 15:00"})", ErrorCode::InvalidTime},
      {R"({"lon": 87.5, "lat": 43.79, "battery": 120})", ErrorCode::InvalidBody},
      {R"({"lon": 87.5, "lat": 43.79, "heading": -3})", ErrorCode::InvalidBody},
      {R"({"lon": 87.5, "lat": 43.79, "speed": -1})", ErrorCode::InvalidBody},
      {R"({"lon": 87.5, "lat": 43.79, "altitude": 900})", ErrorCode::InvalidBody},
      {R"([87.5, 43.79])", ErrorCode::InvalidBody},
  };
  for (const auto& c : cases)
    EXPECT_EQ(codeOf([&] { parsePositionJson(json::parse(c.body), kNow); }), c.code) << c.body;
}

TEST(PositionOsmAnd, TheTrackerQueryConvertsKnotsAndUnixSeconds) {
  auto unix = std::to_string((kNow - 10s).time_since_epoch().count());
  std::multimap<std::string, std::string> q = {{"id", "T07"},      {"timestamp", unix}, {"lat", "43.79"},
                                               {"lon", "87.58"},   {"speed", "10"},     {"bearing", "45"},
                                               {"accuracy", "12"}, {"batt", "55"}};
  auto report = parseOsmAndQuery(q, kNow);
  EXPECT_EQ(report.deviceId, "T07");
  EXPECT_EQ(report.fix.time, kNow - 10s);
  EXPECT_NEAR(*report.fix.speed, 10 * 0.514444, 1e-4);
  EXPECT_EQ(report.fix.heading, 45);
  EXPECT_EQ(report.fix.battery, 55);
}

TEST(PositionOsmAnd, MillisecondTimestampsAreRecognised) {
  auto ms = std::to_string((kNow - 5s).time_since_epoch().count() * 1000);
  auto report = parseOsmAndQuery({{"lat", "43.79"}, {"lon", "87.58"}, {"timestamp", ms}}, kNow);
  EXPECT_EQ(report.fix.time, kNow - 5s);
}

TEST(PositionOsmAnd, GarbageNumbersAreRefused) {
  EXPECT_EQ(codeOf([] { parseOsmAndQuery({{"lat", "43.79x"}, {"lon", "87.58"}}, kNow); }),
            ErrorCode::InvalidCoordinate);
  EXPECT_EQ(codeOf([] { parseOsmAndQuery({{"lat", "43.79"}, {"lon", "87.58"}, {"timestamp", "soon"}}, kNow); }),
            ErrorCode::InvalidTime);
  EXPECT_EQ(codeOf([] { parseOsmAndQuery({{"lon", "87.58"}}, kNow); }), ErrorCode::InvalidCoordinate);
}

PositionFix fixAt(GeoPoint p, TimePoint t) { return PositionFix{p, t, std::nullopt, std::nullopt, std::nullopt, std::nullopt}; }

TEST(PositionChecks, FutureAndAncientFixesAreRejected) {
  GeoPoint p{87.58, 43.79};
  EXPECT_NO_THROW(checkFix(fixAt(p, kNow + 60s), kNow, std::nullopt, 0));
  EXPECT_EQ(codeOf([&] { checkFix(fixAt(p, kNow + 1h), kNow, std::nullopt, 0); }), ErrorCode::InvalidTime);
  EXPECT_EQ(codeOf([&] { checkFix(fixAt(p, kNow - 48h), kNow, std::nullopt, 0); }), ErrorCode::InvalidTime);
}

TEST(PositionChecks, ImpossibleReportedOrImpliedSpeedsAreRejected) {
  GeoPoint a{87.58, 43.79};
  auto fast = fixAt(a, kNow);
  fast.speed = 100;  // 360 km/h
  EXPECT_EQ(codeOf([&] { checkFix(fast, kNow, std::nullopt, 0); }), ErrorCode::InvalidParameter);

  // ~11.1 km north in 60 s is ~667 km/h; the same jump in 20 minutes is ~33 km/h and fine.
  GeoPoint b{87.58, 43.89};
  EXPECT_EQ(codeOf([&] { checkFix(fixAt(b, kNow), kNow, fixAt(a, kNow - 60s), 0); }), ErrorCode::InvalidParameter);
  EXPECT_NO_THROW(checkFix(fixAt(b, kNow), kNow, fixAt(a, kNow - 20min), 0));
}

TEST(PositionChecks, AnAbsurdReportedSpeedIsRefusedWithItsValueNotAnOverflow) {
  // Found by the fuzzer: 3e13 knots used to be cast to int for the message.
  PositionFix fix = fixAt({87.58, 43.79}, kNow);
  fix.speed = 1e13;  // m/s
  try {
    checkFix(fix, kNow, std::nullopt, 0);
    FAIL() << "an absurd speed was accepted";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidParameter);
    EXPECT_NE(std::string(e.detail()).find("36000000000000 km/h is impossible"), std::string::npos) << e.detail();
  }
}

TEST(PositionChecks, AJumpWithinTheFixesAccuracyIsNotASpeed) {
  GeoPoint a{87.58, 43.79};
  GeoPoint b{87.58, 43.7945};  // ~500 m
  auto prev = fixAt(a, kNow - 2s);
  prev.accuracy = 300;
  auto next = fixAt(b, kNow);
  next.accuracy = 300;
  EXPECT_NO_THROW(checkFix(next, kNow, prev, 0));
  next.accuracy = 0;
  prev.accuracy = 0;
  EXPECT_THROW(checkFix(next, kNow, prev, 0), EocError);
}

TEST(PositionChecks, PointsFarOutsideTheDistrictAreKeptButFlagged) {
  GeoPoint p{87.7, 43.9};
  EXPECT_TRUE(checkFix(fixAt(p, kNow), kNow, std::nullopt, 500).empty());
  EXPECT_EQ(checkFix(fixAt(p, kNow), kNow, std::nullopt, 8000), std::vector<std::string>{"outside_district"});
}

}  // namespace
}  // namespace eoc::teams::position_test
