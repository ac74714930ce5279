#include <gtest/gtest.h>

#include "core/error.hpp"
#include "plans/support/plans_fixture.hpp"

namespace eoc::plans::activation_request_test {
namespace {

using nlohmann::json;
using testing::fixtureEngine;

json square(double lon, double lat, double size) {
  return {{"type", "Polygon"},
          {"coordinates", {{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}}}};
}

json warningWith(json fields) {
  json w = {{"type", "rainstorm"}, {"level", "orange"}, {"area", {{"committees", {"650103001"}}}}};
  for (const auto& [k, v] : fields.items()) w[k] = v;
  return {{"warning", w}};
}

json incidentWith(json fields) {
  json i = {{"type", "gas_leak"}, {"location", {87.55, 43.80}}};
  for (const auto& [k, v] : fields.items()) i[k] = v;
  return {{"incident", i}};
}

struct BadInput {
  const char* name;
  json body;
  ErrorCode code;
  const char* detail;  // the start of EocError::detail(): the field, then what is wrong
};

class BadActivationRequest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadActivationRequest, IsRefusedWithACodeAndTheField) {
  Limits limits;
  limits.maxPolygonVertices = 20;
  try {
    parseActivationRequest(GetParam().body, fixtureEngine(), limits);
    FAIL() << "accepted " << GetParam().body.dump();
  } catch (const EocError& e) {
    EXPECT_EQ(e.info().name, errorInfo(GetParam().code).name) << e.detail();
    EXPECT_EQ(e.detail().rfind(GetParam().detail, 0), 0u) << e.detail();
    EXPECT_GE(e.info().status, 400);
    EXPECT_LT(e.info().status, 500);
  }
}

json manyVertices() {
  json ring = json::array();
  for (int i = 0; i < 24; ++i) ring.push_back({87.55 + 0.01 * std::cos(i * 0.26), 43.80 + 0.01 * std::sin(i * 0.26)});
  ring.push_back(ring[0]);
  return {{"type", "Polygon"}, {"coordinates", {ring}}};
}

INSTANTIATE_TEST_SUITE_P(
    Activation, BadActivationRequest,
    ::testing::Values(
        BadInput{"UnknownSignalType", warningWith({{"type", "tornado"}}), ErrorCode::UnknownHazard,
                 "warning.type: \"tornado\" is not a known signal type"},
        BadInput{"PurpleLevel", warningWith({{"level", "purple"}}), ErrorCode::UnknownLevel,
                 "warning.level: \"purple\" is not one of blue, yellow, orange, red"},
        BadInput{"LevelTheTypeLacks", warningWith({{"type", "lightning"}, {"level", "blue"}}), ErrorCode::UnknownLevel,
                 "warning.level: \"blue\" is not one of yellow, orange, red"},
        BadInput{"CommitteeNotInDistrict", warningWith({{"area", {{"committees", {"650103001", "650103099"}}}}}),
                 ErrorCode::UnknownCommittee, "warning.area.committees[1]: \"650103099\" is not a committee"},
        BadInput{"NoArea", warningWith({{"area", json::object()}}), ErrorCode::InvalidBody, "warning.area:"},
        BadInput{"PolygonNotClosed",
                 warningWith({{"area", {{"polygon", {{"type", "Polygon"}, {"coordinates", {{{87.52, 43.72}, {87.56, 43.72}, {87.56, 43.76}, {87.52, 43.76}}}}}}}}}),
                 ErrorCode::InvalidGeometry, "warning.area.polygon.coordinates[0]: the ring is not closed"},
        BadInput{"PolygonThreePositions",
                 warningWith({{"area", {{"polygon", {{"type", "Polygon"}, {"coordinates", {{{87.52, 43.72}, {87.56, 43.72}, {87.52, 43.72}}}}}}}}}),
                 ErrorCode::InvalidGeometry, "warning.area.polygon.coordinates[0]: a ring needs at least 4 positions"},
        BadInput{"PolygonSelfIntersecting",
                 warningWith({{"area", {{"polygon", {{"type", "Polygon"}, {"coordinates", {{{87.52, 43.72}, {87.56, 43.76}, {87.56, 43.72}, {87.52, 43.76}, {87.52, 43.72}}}}}}}}}),
                 ErrorCode::InvalidGeometry, "warning.area.polygon: invalid polygon"},
        BadInput{"PolygonWithATextCoordinate",
                 warningWith({{"area", {{"polygon", {{"type", "Polygon"}, {"coordinates", {{{87.52, 43.72}, {"87.56", 43.72}, {87.56, 43.76}, {87.52, 43.72}}}}}}}}}),
                 ErrorCode::InvalidGeometry, "warning.area.polygon.coordinates[0][1]: expected [lon, lat]"},
        BadInput{"PolygonTooManyVertices", warningWith({{"area", {{"polygon", manyVertices()}}}}), ErrorCode::InvalidGeometry,
                 "warning.area.polygon.coordinates[0]: more than 20 vertices"},
        BadInput{"PolygonOfAnotherType", warningWith({{"area", {{"polygon", {{"type", "LineString"}, {"coordinates", json::array()}}}}}}),
                 ErrorCode::InvalidGeometry, "warning.area.polygon.type"},
        BadInput{"PolygonElsewhere", warningWith({{"area", {{"polygon", square(88.5, 44.5, 0.1)}}}}), ErrorCode::OutsideDistrict,
                 "warning.area.polygon: does not overlap the district"},
        BadInput{"OnsetNotIso", warningWith({{"onset", "tomorrow"}}), ErrorCode::InvalidTime, "warning.onset:"},
        BadInput{"ExpiresBeforeOnset", warningWith({{"onset", "2026-07-12T15:00:00+08:00"}, {"expires", "2026-07-12T14:00:00+08:00"}}),
                 ErrorCode::InvalidTime, "warning.expires: is not after onset"},
        BadInput{"UnknownIncidentType", incidentWith({{"type", "volcano"}}), ErrorCode::UnknownHazard,
                 "incident.type: \"volcano\" is not a known incident type"},
        BadInput{"MagnitudeFifteen", incidentWith({{"type", "earthquake"}, {"magnitude", 15}}), ErrorCode::InvalidBody,
                 "incident.magnitude: 15 is outside 0–10"},
        BadInput{"EarthquakeWithoutMagnitude", incidentWith({{"type", "earthquake"}}), ErrorCode::InvalidBody,
                 "incident.magnitude: is required for earthquake"},
        BadInput{"NegativeCasualties", incidentWith({{"casualties", -1}}), ErrorCode::InvalidBody, "incident.casualties: -1 is negative"},
        BadInput{"FractionalEvacuees", incidentWith({{"evacuated", 2.5}}), ErrorCode::InvalidBody, "incident.evacuated: expected a whole number"},
        BadInput{"UnknownSize", incidentWith({{"size", "huge"}}), ErrorCode::InvalidBody,
                 "incident.size: \"huge\" is not one of large, medium, small"},
        BadInput{"LocationNotAPair", incidentWith({{"location", {87.55}}}), ErrorCode::InvalidCoordinate, "incident.location:"},
        BadInput{"LocationOffTheGlobe", incidentWith({{"location", {200.0, 43.8}}}), ErrorCode::InvalidCoordinate, "incident.location:"},
        BadInput{"LocationOutsideDistrict", incidentWith({{"location", {87.70, 43.80}}}), ErrorCode::OutsideDistrict,
                 "incident.location: [87.7,43.8] is outside the district"},
        BadInput{"UnknownIncidentField", incidentWith({{"colour", "red"}}), ErrorCode::InvalidBody, "incident.colour: unknown field"},
        BadInput{"BothWarningAndIncident", json{{"warning", json::object()}, {"incident", json::object()}}, ErrorCode::InvalidBody, "body:"},
        BadInput{"NotAnObject", json::array(), ErrorCode::InvalidBody, "body:"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ActivationRequest, AcceptsAClockwisePolygonAndAMultiPolygon) {
  json clockwise = {{"type", "Polygon"}, {"coordinates", {{{87.52, 43.72}, {87.52, 43.76}, {87.56, 43.76}, {87.56, 43.72}, {87.52, 43.72}}}}};
  const auto input = parseActivationRequest(warningWith({{"area", {{"polygon", clockwise}}}}), fixtureEngine(), Limits{});
  const auto& w = std::get<WarningInput>(input);
  ASSERT_TRUE(w.polygon);
  EXPECT_GT(gis::bg::area(*w.polygon), 0);  // reoriented counter-clockwise

  json multi = {{"type", "MultiPolygon"}, {"coordinates", {square(87.51, 43.71, 0.01)["coordinates"], square(87.61, 43.81, 0.01)["coordinates"]}}};
  const auto both = parseActivationRequest(warningWith({{"area", {{"polygon", multi}}}}), fixtureEngine(), Limits{});
  EXPECT_EQ(std::get<WarningInput>(both).polygon->size(), 2u);
}

TEST(ActivationRequest, ReadsEveryIncidentField) {
  const auto input = parseActivationRequest(
      json{{"incident", {{"type", "earthquake"}, {"location", {87.55, 43.76}}, {"magnitude", 6.5}, {"depth_km", 10},
                         {"casualties", 4}, {"evacuated", 300}, {"area_km2", 12.5}}}},
      fixtureEngine(), Limits{});
  const auto& i = std::get<IncidentInput>(input);
  EXPECT_EQ(i.type, "earthquake");
  EXPECT_EQ(i.location, (GeoPoint{87.55, 43.76}));
  EXPECT_EQ(i.magnitude, 6.5);
  EXPECT_EQ(i.depthKm, 10);
  EXPECT_EQ(i.casualties, 4);
  EXPECT_EQ(i.evacuated, 300);
  EXPECT_EQ(i.areaKm2, 12.5);
}

}  // namespace
}  // namespace eoc::plans::activation_request_test
