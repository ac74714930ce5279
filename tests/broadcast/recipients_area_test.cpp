// Recipients that target by area: a location (a school, a community office) or a GeoJSON area (a
// park, a department's zone) placed in the committees by their polygons at load, and reached by a
// warning with a refined polygon only when their geometry meets it. The committees are the
// harness's row of adjacent squares (support/harness.hpp).
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "broadcast/recipients.hpp"
#include "core/error.hpp"
#include "receiver.hpp"
#include "support/harness.hpp"

namespace eoc::testing::recipients_area_test {
namespace {

using json = nlohmann::json;

// GeoJSON of a lon/lat box, counter-clockwise and closed.
json boxRing(double west, double south, double east, double north) {
  return json::array({{west, south}, {east, south}, {east, north}, {west, north}, {west, south}});
}
json boxPolygon(double west, double south, double east, double north) {
  return {{"type", "Polygon"}, {"coordinates", json::array({boxRing(west, south, east, north)})}};
}

// The middle latitude of the row of committees, and a point at `x` (0..n) along it.
constexpr double kMidLat = kSouth + kSide / 2;
json at(double x) { return json::array({kWest + x * kSide, kMidLat}); }

broadcast::RecipientList parse(const json& recipients, size_t committees = 3) {
  return broadcast::parseRecipients(json{{"recipients", recipients}}.dump(), "r.json", committeeLayer(committees));
}

std::set<std::string> codesOf(const std::vector<const broadcast::Recipient*>& targets) {
  std::set<std::string> out;
  for (const auto* r : targets) out.insert(r->code);
  return out;
}

// Expects parse(recipients) to fail naming exactly `pointer`, with `why` in the reason.
void expectRefused(const json& recipients, const std::string& pointer, const std::string& why) {
  try {
    parse(recipients);
    ADD_FAILURE() << "accepted: " << recipients.dump();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidParameter);
    EXPECT_NE(e.detail().find("r.json: " + pointer + ": "), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find(why), std::string::npos) << e.detail();
  }
}

TEST(RecipientsByArea, ALocationMapsToTheCommitteeContainingIt) {
  auto list = parse(json::array({{{"code", "school-7"}, {"kind", "school"}, {"location", at(1.5)}},
                                 {{"code", "office-3"}, {"kind", "community"}, {"location", at(2.9)}},
                                 {{"code", "on-edge"}, {"kind", "school"}, {"location", at(1.0)}}}));
  const auto* school = list.find("school-7");
  ASSERT_NE(school, nullptr);
  EXPECT_EQ(school->committees, std::vector<std::string>{committeeCode(2)});
  ASSERT_TRUE(school->location);
  EXPECT_DOUBLE_EQ(school->location->x(), kWest + 1.5 * kSide);
  EXPECT_FALSE(school->area);
  EXPECT_EQ(list.find("office-3")->committees, std::vector<std::string>{committeeCode(3)});
  // Exactly on the edge between committees 1 and 2: one committee, the first in layer order.
  EXPECT_EQ(list.find("on-edge")->committees, std::vector<std::string>{committeeCode(1)});
  // It is targeted by its committee's messages and not by the others'.
  EXPECT_TRUE(codesOf(list.targets({committeeCode(2)}, false)).count("school-7"));
  EXPECT_FALSE(codesOf(list.targets({committeeCode(1), committeeCode(3)}, false)).count("school-7"));
}

TEST(RecipientsByArea, AnAreaSpanningTwoCommitteesMapsToBothAndKeepsItsGeometry) {
  json clockwise = json::array();  // either winding is accepted
  for (const auto& p : boxRing(kWest + 2.2 * kSide, kSouth + 0.002, kWest + 2.4 * kSide, kSouth + 0.004))
    clockwise.insert(clockwise.begin(), p);
  json zone = {
      {"type", "MultiPolygon"},
      {"coordinates",
       json::array({json::array({boxRing(kWest + 0.2 * kSide, kSouth + 0.002, kWest + 0.4 * kSide, kSouth + 0.004)}),
                    json::array({clockwise})})}};
  auto list = parse(
      json::array({{{"code", "park"},
                    {"kind", "park"},
                    {"area", boxPolygon(kWest + 0.5 * kSide, kSouth + 0.002, kWest + 1.5 * kSide, kSouth + 0.008)}},
                   {{"code", "zone"}, {"kind", "department"}, {"area", zone}}}));
  const auto* park = list.find("park");
  ASSERT_NE(park, nullptr);
  EXPECT_EQ(park->committees, (std::vector<std::string>{committeeCode(1), committeeCode(2)}));
  ASSERT_TRUE(park->area);
  EXPECT_EQ(park->area->size(), 1u);
  EXPECT_FALSE(park->location);
  EXPECT_EQ(list.find("zone")->committees, (std::vector<std::string>{committeeCode(1), committeeCode(3)}));
  EXPECT_EQ(list.find("zone")->area->size(), 2u);
  // The committees themselves are still completed as in-app recipients.
  for (size_t i = 1; i <= 3; ++i) EXPECT_NE(list.find(committeeCode(i)), nullptr) << i;
}

TEST(RecipientsByArea, ALocationOrAreaOutsideEveryCommitteeIsRefusedByPointer) {
  expectRefused(json::array({{{"code", "far"}, {"kind", "school"}, {"location", at(3.5)}}}), "/recipients/0/location",
                "lies in no committee");
  expectRefused(json::array({{{"code", "ok"}, {"kind", "school"}, {"location", at(0.5)}},
                             {{"code", "far"},
                              {"kind", "park"},
                              {"area", boxPolygon(kWest + 4 * kSide, kSouth, kWest + 5 * kSide, kSouth + kSide)}}}),
                "/recipients/1/area", "meets no committee");
}

TEST(RecipientsByArea, MalformedGeometryIsRefusedByField) {
  const double west = kWest + 0.2 * kSide, east = kWest + 0.8 * kSide;
  const double south = kSouth + 0.002, north = kSouth + 0.008;
  auto withArea = [](json area) { return json::array({{{"code", "p"}, {"kind", "park"}, {"area", std::move(area)}}}); };
  auto polygonOf = [](json ring) { return json{{"type", "Polygon"}, {"coordinates", json::array({std::move(ring)})}}; };

  json unclosed = boxRing(west, south, east, north);
  unclosed.back() = json::array({west, south + 0.001});
  expectRefused(withArea(polygonOf(unclosed)), "/recipients/0/area/coordinates/0", "not closed");

  json bowtie = json::array({{west, south}, {east, north}, {east, south}, {west, north}, {west, south}});
  expectRefused(withArea(polygonOf(bowtie)), "/recipients/0/area", "crosses itself");
  json crossed = json::array(
      {{west, south}, {east, south}, {east, north}, {west + 0.001, south - 0.001}, {west, north}, {west, south}});
  expectRefused(withArea(polygonOf(crossed)), "/recipients/0/area", "self-intersection");
  json flat = json::array({{west, south}, {east, south}, {east, south}, {west, south}});
  expectRefused(withArea(polygonOf(flat)), "/recipients/0/area", "invalid polygon");

  // A NaN cannot be written in JSON: serialisers write null, which is refused by position.
  json withNan = boxRing(west, south, east, north);
  withNan[2][1] = std::numeric_limits<double>::quiet_NaN();
  expectRefused(withArea(polygonOf(withNan)), "/recipients/0/area/coordinates/0/2", "expected [lon, lat]");

  json threePoints = json::array({{west, south}, {east, south}, {east, north}});
  expectRefused(withArea(polygonOf(threePoints)), "/recipients/0/area/coordinates/0", "at least 4 positions");

  json outOfRange = boxRing(west, south, east, north);
  outOfRange[1][0] = 187.5;
  expectRefused(withArea(polygonOf(outOfRange)), "/recipients/0/area/coordinates/0/1", "not a finite lon/lat");

  json tooMany = json::array();
  for (size_t k = 0; k < 10000; ++k) tooMany.push_back({west + (east - west) * double(k) / 10000, south});
  tooMany.push_back({east, north});
  tooMany.push_back({west, south});
  expectRefused(withArea(polygonOf(tooMany)), "/recipients/0/area/coordinates/0", "more than 10000 vertices");

  expectRefused(withArea({{"type", "Point"}, {"coordinates", at(0.5)}}), "/recipients/0/area/type", "\"Point\"");
  expectRefused(withArea({{"type", "Polygon"}}), "/recipients/0/area/coordinates", "required");

  auto school = [](const char* key, json value) {
    return json::array({{{"code", "s"}, {"kind", "school"}, {key, std::move(value)}}});
  };
  expectRefused(school("location", json::array({kWest})), "/recipients/0/location", "expected [lon, lat]");
  expectRefused(school("location", json::array({kWest, 91.0})), "/recipients/0/location", "not a finite lon/lat");
  // Exactly one of committees, all, location, area.
  json both = school("committees", json::array({committeeCode(1)}));
  both[0]["location"] = at(0.5);
  expectRefused(both, "/recipients/0/location", "only one of");
  json allAndArea = school("all", true);
  allAndArea[0]["area"] = boxPolygon(west, south, east, north);
  expectRefused(allAndArea, "/recipients/0/area", "only one of");
}

// Committee 2 spans x 1..2. The warning polygon covers its western part; one park and one school
// lie inside it, another park and school in the same committee outside it.
class WarningPolygon : public ::testing::Test {
 protected:
  static double lon(double x) { return kWest + x * kSide; }
  broadcast::RecipientList list = parse(json::array({
      {{"code", "park-in"}, {"kind", "park"}, {"area", boxPolygon(lon(1.2), kSouth + 0.002, lon(1.3), kSouth + 0.004)}},
      {{"code", "park-out"},
       {"kind", "park"},
       {"area", boxPolygon(lon(1.6), kSouth + 0.002, lon(1.8), kSouth + 0.004)}},
      {{"code", "park-across"},  // committees 1 and 2, reaching into the polygon from committee 1
       {"kind", "park"},
       {"drills", true},
       {"area", boxPolygon(lon(0.8), kSouth + 0.005, lon(1.15), kSouth + 0.006)}},
      {{"code", "school-in"}, {"kind", "school"}, {"location", at(1.25)}, {"drills", true}},
      {{"code", "school-out"}, {"kind", "school"}, {"location", at(1.7)}, {"drills", true}},
      {{"code", "fire"}, {"kind", "department"}, {"all", true}, {"drills", true}},
      {{"code", "school-list"}, {"kind", "school"}, {"committees", json::array({committeeCode(2)})}},
  }));
  gis::Polygon warning = box(lon(1.1), kSouth + 0.001, lon(1.4), kSouth + 0.009);
};

TEST_F(WarningPolygon, ReachesOnlyTheAreaAndLocationRecipientsItMeets) {
  const std::vector<std::string> committees{committeeCode(2)};
  EXPECT_EQ(codesOf(list.targets(committees, false, warning)),
            (std::set<std::string>{"park-in", "park-across", "school-in", "fire", "school-list", committeeCode(2)}));
  // Without a polygon the same message reaches every recipient of the committee.
  EXPECT_EQ(codesOf(list.targets(committees, false)),
            (std::set<std::string>{"park-in", "park-out", "park-across", "school-in", "school-out", "fire",
                                   "school-list", committeeCode(2)}));
  // Meeting the polygon is not enough: the message must also target one of its committees.
  EXPECT_EQ(codesOf(list.targets({committeeCode(3)}, false, warning)),
            (std::set<std::string>{"fire", committeeCode(3)}));
}

TEST_F(WarningPolygon, LeavesCommitteeAndAllRecipientsAsWithoutIt) {
  for (const auto& committees :
       {std::vector<std::string>{committeeCode(1)}, std::vector<std::string>{committeeCode(2), committeeCode(3)}}) {
    for (bool exercise : {false, true}) {
      std::set<std::string> with, without;
      for (const auto* r : list.targets(committees, exercise, warning))
        if (!r->location && !r->area) with.insert(r->code);
      for (const auto* r : list.targets(committees, exercise))
        if (!r->location && !r->area) without.insert(r->code);
      EXPECT_EQ(with, without);
      EXPECT_TRUE(with.count("fire"));
    }
  }
}

TEST_F(WarningPolygon, ExerciseMessagesSkipAreaRecipientsWithoutDrills) {
  const std::vector<std::string> committees{committeeCode(2)};
  // park-in meets the polygon but takes no part in drills; park-across and school-in do.
  EXPECT_EQ(codesOf(list.targets(committees, true, warning)),
            (std::set<std::string>{"park-across", "school-in", "fire", committeeCode(2)}));
  EXPECT_EQ(codesOf(list.targets(committees, true)),
            (std::set<std::string>{"park-across", "school-in", "school-out", "fire", committeeCode(2)}));
}

TEST(BroadcastByArea, AnAreaRecipientWithAWebhookGetsADeliveryRowAndOneOutsideThePolygonNone) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  auto lon = [](double x) { return kWest + x * kSide; };
  json doc = {{"recipients", json::array({{{"code", "park"},
                                           {"kind", "park"},
                                           {"area", boxPolygon(lon(1.2), kSouth + 0.002, lon(1.3), kSouth + 0.004)},
                                           {"webhook", {{"url", receiver.url("park")}, {"secret", kSecret}}}},
                                          {{"code", "park-out"},
                                           {"kind", "park"},
                                           {"area", boxPolygon(lon(1.6), kSouth + 0.002, lon(1.8), kSouth + 0.004)},
                                           {"webhook", {{"url", receiver.url("park-out")}, {"secret", kSecret}}}}})}};
  Harness h(dir.path(), broadcast::parseRecipients(doc.dump(), "test", committeeLayer(2)));
  auto m = h.issue("w1", {committeeCode(2)}, "red", "Actual", "Alert",
                   box(lon(1.1), kSouth + 0.001, lon(1.4), kSouth + 0.009));
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(1, std::chrono::milliseconds(20000)));
  ASSERT_TRUE(h.service->waitIdle(std::chrono::milliseconds(20000)));
  ASSERT_EQ(receiver.arrivals().size(), 1u);
  EXPECT_EQ(receiver.arrivals().front().name, "park");
  EXPECT_TRUE(receiver.arrivals().front().signatureValid);
  EXPECT_EQ(receiver.arrivals().front().body, m.capXml);

  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  std::map<std::string, json> byRecipient;
  for (const auto& r : report["recipients"]) byRecipient[r["recipient"]] = r;
  EXPECT_EQ(byRecipient.size(), 2u);  // the park and committee 2's in-app screen
  ASSERT_TRUE(byRecipient.count("park"));
  EXPECT_EQ(byRecipient["park"]["channel"], "webhook");
  EXPECT_EQ(byRecipient["park"]["kind"], "park");
  EXPECT_FALSE(byRecipient["park"]["delivered_at"].is_null());
  ASSERT_EQ(byRecipient["park"]["deliveries"].size(), 1u);
  EXPECT_EQ(byRecipient["park"]["deliveries"][0]["message"], m.identifier);
  EXPECT_TRUE(byRecipient.count(committeeCode(2)));
  EXPECT_FALSE(byRecipient.count("park-out"));
  EXPECT_EQ(report["summary"]["targeted"], 2);
}

}  // namespace
}  // namespace eoc::testing::recipients_area_test
