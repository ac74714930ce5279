// A CQL2 filter bound to a layer: type checks, three-valued logic, spatial predicates and the
// boxes it hands to the R-tree. Features are built in memory (no files): the filter is logic.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/error.hpp"
#include "gis/cql2/json_parser.hpp"
#include "gis/cql2/text_parser.hpp"
#include "gis/feature_filter.hpp"

namespace eoc::gis::feature_filter_test {
namespace {

using nlohmann::json;

LayerSpec shelterSpec() {
  LayerSpec spec;
  spec.id = "shelters";
  spec.geometryType = GeometryType::Point;
  spec.idField = "id";
  spec.fields = {{"id", FieldType::String, true},       {"name", FieldType::String, true},
                 {"capacity", FieldType::Integer, true}, {"area_m2", FieldType::Real, true},
                 {"open", FieldType::Boolean, true},     {"monitor", FieldType::String, false}};
  return spec;
}

Feature point(const std::string& id, double lon, double lat, json properties) {
  Feature f;
  f.id = id;
  f.point = Point(lon, lat);
  f.bbox = Box(f.point, f.point);
  properties["id"] = id;
  f.properties = std::move(properties);
  return f;
}

// Four shelters: S4 has no monitor (null) and an undeclared attribute.
const std::vector<Feature>& shelters() {
  static const std::vector<Feature> features = {
      point("S1", 87.50, 43.70, {{"name", "八一公园避难场所"}, {"capacity", 5000}, {"area_m2", 7500.5}, {"open", true}, {"monitor", "张三"}}),
      point("S2", 87.55, 43.75, {{"name", "红山广场"}, {"capacity", 1200}, {"area_m2", 1800.0}, {"open", false}, {"monitor", "李四"}}),
      point("S3", 87.60, 43.80, {{"name", "西山公园"}, {"capacity", 3000}, {"area_m2", 4500.25}, {"open", true}, {"monitor", "王五"}}),
      point("S4", 87.65, 43.85, {{"name", "O'Brien School"}, {"capacity", 800}, {"area_m2", 1200.0}, {"open", true}, {"monitor", nullptr}, {"colour", "red"}}),
  };
  return features;
}

const Layer& shelterLayer() {
  static const Layer layer(shelterSpec(), shelters());
  return layer;
}

std::set<std::string> selected(const FeatureFilter& filter) {
  std::set<std::string> ids;
  for (size_t i = 0; i < shelterLayer().features().size(); ++i)
    if (filter.matches(i)) ids.insert(shelterLayer().features()[i].id);
  return ids;
}

std::set<std::string> text(const std::string& expression) {
  return selected(FeatureFilter(cql2::parseText(expression), shelterLayer()));
}

EocError bindError(const std::string& expression) {
  try {
    FeatureFilter(cql2::parseText(expression), shelterLayer());
  } catch (const EocError& e) {
    return e;
  }
  ADD_FAILURE() << "bound without error: " << expression;
  return EocError(ErrorCode::Internal, "");
}

using Ids = std::set<std::string>;

TEST(FeatureFilter, ComparisonsOnNumbersStringsAndBooleans) {
  EXPECT_EQ(text("capacity > 3000"), (Ids{"S1"}));
  EXPECT_EQ(text("capacity >= 3000"), (Ids{"S1", "S3"}));
  EXPECT_EQ(text("capacity < 1200"), (Ids{"S4"}));
  EXPECT_EQ(text("capacity <= 1200"), (Ids{"S2", "S4"}));
  EXPECT_EQ(text("capacity <> 3000"), (Ids{"S1", "S2", "S4"}));
  EXPECT_EQ(text("area_m2 = 4500.25"), (Ids{"S3"}));
  EXPECT_EQ(text("area_m2 > 1800"), (Ids{"S1", "S3"}));  // a real compared with an integer literal
  EXPECT_EQ(text("name = '红山广场'"), (Ids{"S2"}));
  EXPECT_EQ(text("name = 'O''Brien School'"), (Ids{"S4"}));
  EXPECT_EQ(text("name < '西'"), (Ids{"S1", "S2", "S4"}));  // code point order: 八 < 红 < 西, ASCII first
  EXPECT_EQ(text("open = FALSE"), (Ids{"S2"}));
  EXPECT_EQ(text("TRUE = open"), (Ids{"S1", "S3", "S4"}));
  EXPECT_EQ(text("1 = 1"), (Ids{"S1", "S2", "S3", "S4"}));
  EXPECT_EQ(text("capacity > area_m2"), (Ids{}));  // property with property
}

TEST(FeatureFilter, LogicalOperatorsAndLiterals) {
  EXPECT_EQ(text("capacity > 1000 AND open = TRUE"), (Ids{"S1", "S3"}));
  EXPECT_EQ(text("capacity > 4000 OR capacity < 1000"), (Ids{"S1", "S4"}));
  EXPECT_EQ(text("NOT capacity > 1000"), (Ids{"S4"}));
  EXPECT_EQ(text("TRUE"), (Ids{"S1", "S2", "S3", "S4"}));
  EXPECT_EQ(text("FALSE"), (Ids{}));
  EXPECT_EQ(text("NOT (capacity > 1000 AND open = TRUE) AND capacity > 1000"), (Ids{"S2"}));
}

TEST(FeatureFilter, AdvancedComparisons) {
  EXPECT_EQ(text("name LIKE '%公园%'"), (Ids{"S1", "S3"}));
  EXPECT_EQ(text("name NOT LIKE '%公园%'"), (Ids{"S2", "S4"}));
  EXPECT_EQ(text("name LIKE '__公园'"), (Ids{"S3"}));
  EXPECT_EQ(text("capacity BETWEEN 1200 AND 3000"), (Ids{"S2", "S3"}));
  EXPECT_EQ(text("capacity NOT BETWEEN 1200 AND 3000"), (Ids{"S1", "S4"}));
  EXPECT_EQ(text("id IN ('S1', 'S4', 'S9')"), (Ids{"S1", "S4"}));
  EXPECT_EQ(text("id NOT IN ('S1', 'S4')"), (Ids{"S2", "S3"}));
  EXPECT_EQ(text("capacity IN (800, 5000)"), (Ids{"S1", "S4"}));
  EXPECT_EQ(text("monitor IS NULL"), (Ids{"S4"}));
  EXPECT_EQ(text("monitor IS NOT NULL"), (Ids{"S1", "S2", "S3"}));
}

TEST(FeatureFilter, NullPropertiesMakeComparisonsUnknownNotFalse) {
  // S4's monitor is null: neither the comparison nor its negation selects it (SQL semantics).
  EXPECT_EQ(text("monitor = '张三'"), (Ids{"S1"}));
  EXPECT_EQ(text("NOT monitor = '张三'"), (Ids{"S2", "S3"}));
  EXPECT_EQ(text("monitor LIKE '%'"), (Ids{"S1", "S2", "S3"}));
  EXPECT_EQ(text("NOT monitor LIKE '%'"), (Ids{}));
  EXPECT_EQ(text("monitor IN ('张三') OR capacity < 1000"), (Ids{"S1", "S4"}));  // unknown OR true = true
  // S4: unknown AND false is false, so NOT of it is true.
  EXPECT_EQ(text("NOT (monitor = 'x' AND capacity > 1000)"), (Ids{"S1", "S2", "S3", "S4"}));
  EXPECT_EQ(text("NOT (monitor = 'x' OR capacity < 1000)"), (Ids{"S1", "S2", "S3"}));  // S4: NOT(unknown OR true)
}

TEST(FeatureFilter, SpatialIntersectionOnPoints) {
  EXPECT_EQ(text("S_INTERSECTS(geometry, BBOX(87.52, 43.72, 87.62, 43.82))"), (Ids{"S2", "S3"}));
  // The boundary counts: S3 lies exactly on the polygon's edge.
  EXPECT_EQ(text("S_INTERSECTS(geometry, POLYGON((87.52 43.72, 87.60 43.72, 87.60 43.82, 87.52 43.82, 87.52 43.72)))"),
            (Ids{"S2", "S3"}));
  EXPECT_EQ(text("S_INTERSECTS(geometry, POINT(87.55 43.75))"), (Ids{"S2"}));
  EXPECT_EQ(text("S_INTERSECTS(geometry, LINESTRING(87.50 43.60, 87.50 43.90))"), (Ids{"S1"}));
  EXPECT_EQ(text("S_INTERSECTS(geometry, MULTILINESTRING((87.50 43.60, 87.50 43.90), (87.40 43.75, 87.70 43.75)))"),
            (Ids{"S1", "S2"}));
  EXPECT_EQ(text("S_INTERSECTS(geometry, MULTIPOINT((87.5 43.7), (87.65 43.85)))"), (Ids{"S1", "S4"}));
  EXPECT_EQ(text("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(87.5 43.7), POLYGON((87.64 43.84, 87.66 43.84, 87.66 43.86, 87.64 43.86, 87.64 43.84))))"),
            (Ids{"S1", "S4"}));
  EXPECT_EQ(text("capacity > 1000 AND S_INTERSECTS(geometry, BBOX(87.52, 43.72, 87.62, 43.82))"), (Ids{"S2", "S3"}));
  EXPECT_EQ(text("NOT S_INTERSECTS(geometry, BBOX(87.52, 43.72, 87.62, 43.82))"), (Ids{"S1", "S4"}));
  // A polygon with a hole around S2.
  EXPECT_EQ(text("S_INTERSECTS(geometry, POLYGON((87.4 43.6, 87.7 43.6, 87.7 43.9, 87.4 43.9, 87.4 43.6), "
                 "(87.54 43.74, 87.56 43.74, 87.56 43.76, 87.54 43.76, 87.54 43.74)))"),
            (Ids{"S1", "S3", "S4"}));
}

TEST(FeatureFilter, BboxAcrossTheAntimeridianAndClockwiseRingsWork) {
  EXPECT_EQ(text("S_INTERSECTS(geometry, BBOX(170, -90, 87.56, 90))"), (Ids{"S1", "S2"}));
  // A clockwise outer ring is corrected, not refused.
  EXPECT_EQ(text("S_INTERSECTS(geometry, POLYGON((87.52 43.72, 87.52 43.82, 87.62 43.82, 87.62 43.72, 87.52 43.72)))"),
            (Ids{"S2", "S3"}));
}

TEST(FeatureFilter, CandidateBoxesBoundTheSearch) {
  const auto boxes = [](const std::string& expression) {
    return FeatureFilter(cql2::parseText(expression), shelterLayer()).candidateBoxes();
  };
  EXPECT_FALSE(boxes("capacity > 3000"));
  ASSERT_TRUE(boxes("capacity > 3000 AND S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))"));
  EXPECT_EQ(boxes("capacity > 3000 AND S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))")->size(), 1u);
  // AND takes the smaller bound.
  const auto both = boxes("S_INTERSECTS(geometry, BBOX(0, 0, 10, 10)) AND S_INTERSECTS(geometry, BBOX(1, 1, 2, 2))");
  ASSERT_TRUE(both && both->size() == 1);
  EXPECT_EQ(both->front().max_corner().x(), 2);
  // OR is bounded only when every alternative is.
  EXPECT_FALSE(boxes("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) OR capacity > 3"));
  EXPECT_EQ(boxes("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) OR S_INTERSECTS(geometry, POINT(5 5))")->size(), 2u);
  EXPECT_FALSE(boxes("NOT S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))"));
  EXPECT_TRUE(boxes("FALSE")->empty());
  EXPECT_EQ(boxes("S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))")->size(), 2u);  // split at 180°
}

TEST(FeatureFilter, UnknownPropertiesAreNamedWithTheirPosition) {
  const EocError e = bindError("capacity > 3000 AND colour = 'red'");
  EXPECT_EQ(e.code(), ErrorCode::UnknownProperty);
  EXPECT_NE(e.detail().find("\"colour\""), std::string::npos) << e.detail();
  EXPECT_NE(e.detail().find("at character 21"), std::string::npos) << e.detail();
  EXPECT_NE(e.detail().find("queryables: id, name, capacity"), std::string::npos) << e.detail();
  EXPECT_EQ(bindError("S_INTERSECTS(geom, POINT(1 2))").code(), ErrorCode::UnknownProperty);
}

TEST(FeatureFilter, TypeMismatchesAreRefusedWithTheirPosition) {
  const auto mismatch = [](const std::string& expression, const std::string& part) {
    const EocError e = bindError(expression);
    EXPECT_EQ(e.code(), ErrorCode::InvalidFilter) << expression;
    EXPECT_NE(e.detail().find(part), std::string::npos) << e.detail();
  };
  mismatch("capacity = 'many'", "type mismatch: capacity is a number, a string literal at character 12");
  mismatch("name > 3", "type mismatch");
  mismatch("open < TRUE", "booleans compare only with = and <>");
  mismatch("capacity LIKE '1%'", "LIKE needs a string");
  mismatch("name BETWEEN 'a' AND 'b'", "BETWEEN needs numbers");
  mismatch("capacity IN (1, 'two')", "at character 17");
  mismatch("geometry = 3", "only be tested with S_INTERSECTS");
  mismatch("S_INTERSECTS(name, POINT(1 2))", "name is not a geometry");
  mismatch("S_INTERSECTS(POINT(1 2), POINT(1 2))", "one literal");
}

TEST(FeatureFilter, InvalidSpatialLiteralsAreRefused) {
  const auto invalid = [](const std::string& expression, const std::string& part) {
    const EocError e = bindError(expression);
    EXPECT_EQ(e.code(), ErrorCode::InvalidFilter) << expression;
    EXPECT_NE(e.detail().find(part), std::string::npos) << e.detail();
  };
  invalid("S_INTERSECTS(geometry, POINT(90 180))", "outside lon -180…180, lat -90…90");
  invalid("S_INTERSECTS(geometry, POINT(90 180))", "at character 24");
  invalid("S_INTERSECTS(geometry, POLYGON((0 0, 2 2, 2 0, 0 2, 0 0)))", "invalid polygon");
  invalid("S_INTERSECTS(geometry, BBOX(0, 10, 1, 5))", "south edge lies north");
}

TEST(FeatureFilter, JsonFiltersBindTheSameWay) {
  const FeatureFilter filter(cql2::parseJson(R"({"op": "and", "args": [
      {"op": ">", "args": [{"property": "capacity"}, 1000]},
      {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [87.52, 43.72, 87.62, 43.82]}]}]})"),
                             shelterLayer());
  EXPECT_EQ(selected(filter), (Ids{"S2", "S3"}));
  try {
    FeatureFilter(cql2::parseJson(R"({"op": "=", "args": [{"property": "capacity"}, "x"]})"), shelterLayer());
    ADD_FAILURE();
  } catch (const EocError& e) {
    EXPECT_NE(e.detail().find("at JSON pointer /args/1"), std::string::npos) << e.detail();
  }
}

TEST(FeatureFilter, LiteralTransformRunsBeforeValidation) {
  // A filter-crs with lat, lon axis order: the transform swaps, and the result is checked in CRS84.
  const LiteralTransform swap = [](cql2::GeometryLiteral& literal) {
    for (Point& p : literal.points) p = Point(p.y(), p.x());
  };
  const FeatureFilter filter(cql2::parseText("S_INTERSECTS(geometry, POINT(43.75 87.55))"), shelterLayer(), swap);
  EXPECT_EQ(selected(filter), (Ids{"S2"}));
}

LayerSpec areaSpec() {
  LayerSpec spec;
  spec.id = "zones";
  spec.geometryType = GeometryType::Polygon;
  spec.idField = "id";
  spec.fields = {{"id", FieldType::String, true}};
  return spec;
}

Feature square(const std::string& id, double west, double south, double size) {
  Feature f;
  f.id = id;
  f.area.resize(1);
  for (auto [x, y] : {std::pair{west, south}, {west + size, south}, {west + size, south + size}, {west, south + size}, {west, south}})
    bg::append(f.area[0].outer(), Point(x, y));
  bg::correct(f.area);
  f.bbox = bg::return_envelope<Box>(f.area);
  f.properties = {{"id", id}};
  return f;
}

TEST(FeatureFilter, SpatialIntersectionOnPolygons) {
  const Layer zones(areaSpec(), {square("A", 0, 0, 1), square("B", 2, 0, 1), square("C", 0, 2, 1)});
  const auto select = [&](const std::string& expression) {
    FeatureFilter filter(cql2::parseText(expression), zones);
    Ids ids;
    for (size_t i = 0; i < zones.features().size(); ++i)
      if (filter.matches(i)) ids.insert(zones.features()[i].id);
    return ids;
  };
  EXPECT_EQ(select("S_INTERSECTS(geometry, POINT(0.5 0.5))"), (Ids{"A"}));
  EXPECT_EQ(select("S_INTERSECTS(geometry, POINT(1 0.5))"), (Ids{"A"}));  // on the edge
  EXPECT_EQ(select("S_INTERSECTS(geometry, LINESTRING(0.5 0.5, 2.5 0.5))"), (Ids{"A", "B"}));
  EXPECT_EQ(select("S_INTERSECTS(geometry, BBOX(0.5, 0.5, 2.5, 2.5))"), (Ids{"A", "B", "C"}));
  EXPECT_EQ(select("S_INTERSECTS(geometry, POLYGON((1.2 -1, 1.8 -1, 1.8 5, 1.2 5, 1.2 -1)))"), (Ids{}));
  EXPECT_EQ(select("S_INTERSECTS(geometry, POLYGON((0.9 -1, 2.1 -1, 2.1 5, 0.9 5, 0.9 -1)))"), (Ids{"A", "B", "C"}));
}

}  // namespace
}  // namespace eoc::gis::feature_filter_test
