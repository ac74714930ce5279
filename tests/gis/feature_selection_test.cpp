// selectFeatures: bbox, property=value and CQL2 filter together, and the R-tree narrowing that
// must never change the answer.
#include <gtest/gtest.h>

#include <random>

#include "gis/cql2/text_parser.hpp"
#include "gis/feature_selection.hpp"
#include "gis/layer_loader.hpp"
#include "gis/support/geodata_fixture.hpp"

namespace eoc::gis::feature_selection_test {
namespace {

const LayerCatalog& catalog() {
  static const LayerCatalog loaded = loadCatalog(testing::fixturePath("good"));
  return loaded;
}

std::vector<std::string> ids(const Layer& layer, const std::vector<size_t>& indexes) {
  std::vector<std::string> out;
  for (size_t i : indexes) out.push_back(layer.features()[i].id);
  return out;
}

using Ids = std::vector<std::string>;

TEST(FeatureSelection, NoCriteriaSelectsEveryFeatureInLayerOrder) {
  const Layer& shelters = catalog().require("shelters");
  EXPECT_EQ(ids(shelters, selectFeatures(shelters, {})), (Ids{"S01", "S02", "S03"}));
}

TEST(FeatureSelection, CriteriaCombineWithAnd) {
  const Layer& shelters = catalog().require("shelters");
  FeatureQuery query;
  query.bbox = SpatialArea::fromBox(Box(Point(87.5, 43.7), Point(87.61, 43.8)));
  EXPECT_EQ(ids(shelters, selectFeatures(shelters, query)), (Ids{"S01", "S02"}));
  query.propertyEquals = {{"open", "true"}};
  EXPECT_EQ(ids(shelters, selectFeatures(shelters, query)), (Ids{"S01"}));
  const FeatureFilter filter(cql2::parseText("capacity < 1000"), shelters);
  query.filter = &filter;
  EXPECT_TRUE(selectFeatures(shelters, query).empty());
  query.propertyEquals.clear();
  EXPECT_EQ(ids(shelters, selectFeatures(shelters, query)), (Ids{"S02"}));
}

TEST(FeatureSelection, PropertyEqualityComparesText) {
  const Layer& shelters = catalog().require("shelters");
  const auto equal = [&](const std::string& name, const std::string& value) {
    FeatureQuery query;
    query.propertyEquals = {{name, value}};
    return ids(shelters, selectFeatures(shelters, query));
  };
  EXPECT_EQ(equal("capacity", "800"), (Ids{"S02"}));
  EXPECT_EQ(equal("area_m2", "2100.25"), (Ids{"S03"}));
  EXPECT_EQ(equal("area_m2", "2100.25x"), (Ids{}));
  EXPECT_EQ(equal("open", "false"), (Ids{"S02"}));
  EXPECT_EQ(equal("name", "西山公园"), (Ids{"S01"}));
}

TEST(FeatureSelection, PolygonLayersIntersectTheBboxByGeometry) {
  const Layer& committees = catalog().require("committees");
  // Inside the east committee's bbox but in the gap between its two parts (see layer_test).
  FeatureQuery query;
  query.bbox = SpatialArea::fromBox(Box(Point(87.60, 43.785), Point(87.62, 43.795)));
  EXPECT_TRUE(selectFeatures(committees, query).empty());
  query.bbox = SpatialArea::fromBox(Box(Point(87.55, 43.75), Point(87.60, 43.76)));
  EXPECT_EQ(selectFeatures(committees, query).size(), 2u);
}

// The R-tree may only narrow: the same filter over all features one by one gives the same set.
TEST(FeatureSelection, SpatialNarrowingNeverChangesTheAnswer) {
  std::vector<Feature> features;
  std::mt19937 random(7);
  std::uniform_real_distribution<double> lon(87.3, 87.7), lat(43.5, 43.9);
  std::uniform_int_distribution<int> capacity(0, 6000);
  for (int i = 0; i < 5000; ++i) {
    Feature f;
    f.id = "P" + std::to_string(i);
    f.point = Point(lon(random), lat(random));
    f.bbox = Box(f.point, f.point);
    f.properties = {{"id", f.id}, {"capacity", capacity(random)}};
    features.push_back(std::move(f));
  }
  LayerSpec spec;
  spec.id = "points";
  spec.idField = "id";
  spec.fields = {{"id", FieldType::String, true}, {"capacity", FieldType::Integer, true}};
  const Layer layer(spec, features);
  for (const char* expression : {
           "capacity > 3000 AND S_INTERSECTS(geometry, POLYGON((87.4 43.6, 87.5 43.6, 87.5 43.7, 87.4 43.6)))",
           "S_INTERSECTS(geometry, BBOX(87.35, 43.55, 87.45, 43.65)) OR S_INTERSECTS(geometry, POINT(87.5 43.7))",
           "S_INTERSECTS(geometry, BBOX(87.35, 43.55, 87.45, 43.65)) AND capacity BETWEEN 10 AND 5000",
           "NOT S_INTERSECTS(geometry, BBOX(87.3, 43.5, 87.6, 43.9)) AND capacity < 100",
       }) {
    SCOPED_TRACE(expression);
    const FeatureFilter filter(cql2::parseText(expression), layer);
    std::vector<size_t> expected;
    for (size_t i = 0; i < layer.features().size(); ++i)
      if (filter.matches(i)) expected.push_back(i);
    FeatureQuery query;
    query.filter = &filter;
    EXPECT_EQ(selectFeatures(layer, query), expected);
    EXPECT_FALSE(expected.empty());
  }
}

}  // namespace
}  // namespace eoc::gis::feature_selection_test
