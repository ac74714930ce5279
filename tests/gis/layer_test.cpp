#include <gtest/gtest.h>

#include "gis/geodesy.hpp"
#include "gis/layer_loader.hpp"
#include "gis/support/geodata_fixture.hpp"

namespace eoc::gis::layer_test {
namespace {

const LayerCatalog& catalog() {
  static const LayerCatalog loaded = loadCatalog(testing::fixturePath("good"));
  return loaded;
}

MultiPolygon box(double west, double south, double east, double north) {
  MultiPolygon area;
  area.resize(1);
  for (auto [x, y] : {std::pair{west, south}, {east, south}, {east, north}, {west, north}, {west, south}})
    bg::append(area[0].outer(), Point(x, y));
  bg::correct(area);
  return area;
}

std::vector<std::string> ids(const Layer& layer, const std::vector<size_t>& indexes) {
  std::vector<std::string> out;
  for (size_t i : indexes) out.push_back(layer.features()[i].id);
  return out;
}

TEST(Layer, ContainingFindsTheCommitteeOfAPointAndNoneOutside) {
  const Layer& committees = catalog().require("committees");
  EXPECT_EQ(ids(committees, committees.containing({87.52, 43.75})), std::vector<std::string>{"650103001"});
  EXPECT_EQ(ids(committees, committees.containing({87.63, 43.82})), std::vector<std::string>{"650103002"});
  // On the shared edge both committees contain the point.
  EXPECT_EQ(ids(committees, committees.containing({87.58, 43.72})), (std::vector<std::string>{"650103001", "650103002"}));
  // In the gap between the two parts of the east committee, and far outside.
  EXPECT_TRUE(committees.containing({87.62, 43.79}).empty());
  EXPECT_TRUE(committees.containing({88.0, 44.0}).empty());
}

TEST(Layer, IntersectingAreaOnPointsReturnsThePointsCoveredInLayerOrder) {
  const Layer& shelters = catalog().require("shelters");
  EXPECT_EQ(ids(shelters, shelters.intersectingArea(box(87.54, 43.74, 87.61, 43.80))), (std::vector<std::string>{"S01", "S02"}));
  EXPECT_EQ(ids(shelters, shelters.intersectingArea(box(87.61, 43.82, 87.63, 43.84))), std::vector<std::string>{"S03"});
  EXPECT_TRUE(shelters.intersectingArea(box(87.56, 43.76, 87.59, 43.78)).empty());
  EXPECT_TRUE(shelters.intersectingArea(MultiPolygon{}).empty());
}

TEST(Layer, IntersectingAreaOnPolygonsReturnsEveryPolygonTouched) {
  const Layer& committees = catalog().require("committees");
  EXPECT_EQ(ids(committees, committees.intersectingArea(box(87.55, 43.75, 87.60, 43.76))),
            (std::vector<std::string>{"650103001", "650103002"}));
  EXPECT_EQ(ids(committees, committees.intersectingArea(box(87.51, 43.71, 87.52, 43.72))),
            std::vector<std::string>{"650103001"});
  // Inside the bbox of the east committee but in the gap between its parts.
  EXPECT_TRUE(committees.intersectingArea(box(87.60, 43.785, 87.62, 43.795)).empty());
}

TEST(Layer, NearestOnPolygonsIsZeroInsideAndEdgeDistanceOutside) {
  const Layer& committees = catalog().require("committees");
  const auto inside = committees.nearest({87.52, 43.75}, 2);
  ASSERT_EQ(inside.size(), 2u);
  EXPECT_EQ(committees.features()[inside[0].index].id, "650103001");
  EXPECT_EQ(inside[0].meters, 0.0);
  // From the point to the east committee's west edge at 87.58 E: 0.06° of longitude at 43.75 N.
  EXPECT_NEAR(inside[1].meters, haversineMeters({87.52, 43.75}, {87.58, 43.75}), 5.0);
  const auto accepted = committees.nearest({87.52, 43.75}, 5, [&](size_t i) { return i == 1; });
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].index, 1u);
}

TEST(Layer, NearestAndWithinRadiusOnPointsUseGreatCircleDistance) {
  const Layer& shelters = catalog().require("shelters");
  const auto nearest = shelters.nearest({87.599, 43.789}, 2);
  ASSERT_EQ(nearest.size(), 2u);
  EXPECT_EQ(shelters.features()[nearest[0].index].id, "S01");
  EXPECT_DOUBLE_EQ(nearest[0].meters, haversineMeters({87.599, 43.789}, {87.60, 43.79}));
  // From S01: S03 is ≈4.76 km away, S02 ≈5.99 km.
  const auto within = shelters.withinRadius({87.60, 43.79}, 5000);
  ASSERT_EQ(within.size(), 2u);
  EXPECT_EQ(shelters.features()[within[0].index].id, "S01");
  EXPECT_EQ(shelters.features()[within[1].index].id, "S03");
  EXPECT_EQ(shelters.withinRadius({87.60, 43.79}, 6000).size(), 3u);
}

TEST(Layer, IntersectingBoxAndFindById) {
  const Layer& shelters = catalog().require("shelters");
  EXPECT_EQ(ids(shelters, shelters.intersecting(Box(Point(87.5, 43.7), Point(87.7, 43.9)))),
            (std::vector<std::string>{"S01", "S02", "S03"}));
  EXPECT_EQ(shelters.indexOf("S02"), 1u);
  EXPECT_EQ(shelters.find("S99"), nullptr);
  const Box extent = shelters.extent();
  EXPECT_DOUBLE_EQ(extent.min_corner().x(), 87.55);
  EXPECT_DOUBLE_EQ(extent.max_corner().y(), 43.83);
}

}  // namespace
}  // namespace eoc::gis::layer_test
