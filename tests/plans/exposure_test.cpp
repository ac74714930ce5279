// Exposure is checked against an independent computation: GDAL/OGR reading the same fixture
// files, with OGR spatial filters (GEOS predicates) and Gauss-Krüger distances, never eoc's
// own layer indexes.
#include <memory>
#include <set>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include "plans/support/plans_fixture.hpp"

namespace eoc::plans::exposure_test {
namespace {

using nlohmann::json;
using testing::activateJson;
using testing::fixtureDistrictDir;

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset open(const char* file) {
  GDALAllRegister();
  Dataset ds(GDALDataset::Open((fixtureDistrictDir() / file).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw std::runtime_error(std::string("GDAL cannot open ") + file);
  return ds;
}

std::unique_ptr<OGRGeometry> committeeGeometry(const std::string& code) {
  Dataset ds = open("committees-west-east.geojson");
  OGRLayer* layer = ds->GetLayer(0);
  layer->SetAttributeFilter(("code = '" + code + "'").c_str());
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  if (!f) throw std::runtime_error("no committee " + code);
  return std::unique_ptr<OGRGeometry>(f->GetGeometryRef()->clone());
}

std::unique_ptr<OGRGeometry> fromGeoJson(const json& geometry) {
  return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::createFromGeoJson(geometry.dump().c_str()));
}

// Ids of the features of `file` whose geometry intersects `area` (and whose `cause` is one of
// `causes`, when given).
std::set<std::string> ogrInside(const char* file, const OGRGeometry& area, const std::set<std::string>& causes = {}) {
  Dataset ds = open(file);
  OGRLayer* layer = ds->GetLayer(0);
  std::unique_ptr<OGRGeometry> filter(area.clone());
  layer->SetSpatialFilter(filter.get());
  std::set<std::string> ids;
  for (auto& f : *layer) {
    if (!f->GetGeometryRef()->Intersects(&area)) continue;
    if (!causes.empty() && !causes.contains(f->GetFieldAsString("cause"))) continue;
    ids.insert(f->GetFieldAsString("id"));
  }
  return ids;
}

// Ids (and summed population) of the features within `meters` of `center`, measured in
// CGCS2000 / 3-degree Gauss-Kruger CM 87E (EPSG:4538).
std::set<std::string> ogrWithin(const char* file, GeoPoint center, double meters, long long* population = nullptr) {
  OGRSpatialReference wgs84, gk;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gk.importFromEPSG(4538);
  gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> toGk(OGRCreateCoordinateTransformation(&wgs84, &gk));
  OGRPoint c(center.lon, center.lat);
  c.transform(toGk.get());
  Dataset ds = open(file);
  std::set<std::string> ids;
  for (auto& f : *ds->GetLayer(0)) {
    std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
    g->transform(toGk.get());
    if (g->Distance(&c) <= meters) {
      ids.insert(f->GetFieldAsString("id"));
      if (population) *population += f->GetFieldAsInteger64("population");
    }
  }
  return ids;
}

template <typename Items>
std::set<std::string> ids(const Items& items) {
  std::set<std::string> out;
  for (const auto& e : items) out.insert(e.feature->id);
  return out;
}

json committeeWarning(const char* type, const char* level, std::vector<std::string> codes) {
  return {{"warning", {{"type", type}, {"level", level}, {"area", {{"committees", codes}}}}}};
}

TEST(Exposure, RainstormOverACommitteeExposesItsRainWaterloggingAndGeohazardPoints) {
  for (const std::string code : {"650103001", "650103002"}) {
    const Activation a = activateJson(committeeWarning("rainstorm", "orange", {code}));
    const auto area = committeeGeometry(code);
    EXPECT_EQ(ids(a.waterlogging), ogrInside("waterlogging-2rain-1snowmelt.geojson", *area, {"rainstorm"})) << code;
    EXPECT_EQ(ids(a.geohazards), ogrInside("geohazards-2points.geojson", *area)) << code;
    EXPECT_FALSE(a.waterlogging.empty());
  }
}

TEST(Exposure, SnowmeltWarningsExposeOnlySnowmeltWaterlogging) {
  const Activation a = activateJson(committeeWarning("heat", "orange", {"650103001", "650103002"}));
  std::unique_ptr<OGRGeometry> both(committeeGeometry("650103001")->Union(committeeGeometry("650103002").get()));
  EXPECT_EQ(ids(a.waterlogging), ogrInside("waterlogging-2rain-1snowmelt.geojson", *both, {"snowmelt"}));
  EXPECT_EQ(ids(a.waterlogging), (std::set<std::string>{"W2"}));
  EXPECT_TRUE(a.geohazards.empty());  // heat exposes no geohazards
}

TEST(Exposure, WindExposesNoHazardPointsButStillCommitteesAndPopulation) {
  const Activation a = activateJson(committeeWarning("strong_wind", "orange", {"650103002"}));
  EXPECT_TRUE(a.waterlogging.empty());
  EXPECT_TRUE(a.geohazards.empty());
  long long population = 0;
  Dataset ds = open("communities-6points.geojson");
  const auto area = committeeGeometry("650103002");
  for (auto& f : *ds->GetLayer(0))
    if (f->GetGeometryRef()->Intersects(area.get())) population += f->GetFieldAsInteger64("population");
  EXPECT_EQ(a.communitiesPopulation, population);
  ASSERT_EQ(a.committees.size(), 1u);
  EXPECT_EQ(a.committees[0].feature->id, "650103002");
  EXPECT_EQ(a.committees[0].exposedPopulation, population);
}

TEST(Exposure, APolygonWarningExposesWhatOgrFindsInsideThePolygon) {
  // Straddles the two committees: the south-west and south-east corners.
  const json polygon = {{"type", "Polygon"},
                        {"coordinates", {{{87.51, 43.71}, {87.64, 43.71}, {87.64, 43.83}, {87.51, 43.77}, {87.51, 43.71}}}}};
  const Activation a = activateJson({{"warning", {{"type", "rainstorm"}, {"level", "red"}, {"area", {{"polygon", polygon}}}}}});
  const auto area = fromGeoJson(polygon);
  EXPECT_EQ(ids(a.waterlogging), ogrInside("waterlogging-2rain-1snowmelt.geojson", *area, {"rainstorm"}));
  EXPECT_EQ(ids(a.geohazards), ogrInside("geohazards-2points.geojson", *area));
  std::set<std::string> committees;
  for (const auto& c : a.committees) committees.insert(c.feature->id);
  Dataset ds = open("committees-west-east.geojson");
  std::set<std::string> expected;
  for (auto& f : *ds->GetLayer(0))
    if (f->GetGeometryRef()->Intersects(area.get())) expected.insert(f->GetFieldAsString("code"));
  EXPECT_EQ(committees, expected);
  long long population = 0;
  Dataset communities = open("communities-6points.geojson");
  for (auto& f : *communities->GetLayer(0))
    if (f->GetGeometryRef()->Intersects(area.get())) population += f->GetFieldAsInteger64("population");
  EXPECT_EQ(a.communitiesPopulation, population);
}

TEST(Exposure, AnEarthquakeExposesGeohazardsAndCommunitiesWithinItsRadius) {
  const GeoPoint epicentre{87.53, 43.72};
  const Activation a = activateJson({{"incident", {{"type", "earthquake"}, {"location", {epicentre.lon, epicentre.lat}}, {"magnitude", 4.5}}}});
  ASSERT_GT(a.radiusMeters, 0);
  EXPECT_EQ(ids(a.geohazards), ogrWithin("geohazards-2points.geojson", epicentre, a.radiusMeters));
  long long population = 0;
  ogrWithin("communities-6points.geojson", epicentre, a.radiusMeters, &population);
  EXPECT_EQ(a.communitiesPopulation, population);
  EXPECT_GT(population, 0);
  for (const auto& g : a.geohazards) EXPECT_LE(*g.distanceMeters, a.radiusMeters);
}

TEST(Exposure, SheltersInsideOrReachingTheAreaWithTheirClassAndCapacity) {
  const Activation a = activateJson(committeeWarning("rainstorm", "red", {"650103002"}));
  // S2 and S3 lie inside the east committee; S1 (class I, 5 km) lies 1.6 km west of its edge;
  // S4 (class III, 500 m) is 6 km away.
  EXPECT_EQ(ids(a.shelters), (std::set<std::string>{"S1", "S2", "S3"}));
  const json rendered = toJson(a);
  for (const auto& s : rendered["exposed"]["shelters"]) {
    EXPECT_TRUE(s.contains("class"));
    EXPECT_TRUE(s["capacity"].is_number());
    EXPECT_FALSE(s["because"].get<std::string>().empty());
  }
}

}  // namespace
}  // namespace eoc::plans::exposure_test
