// The committee polygons must tile the district: no gaps, no overlaps, the 18 official codes.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "geodata/support/ogr_layer.hpp"

namespace eoc::test::committees_tiling_test {
namespace {

// code -> name of the 18 sub-districts 650103001..018 (the CSV also lists two farm units, 5xx).
std::map<std::string, std::string> csvSubdistricts() {
  std::ifstream in(geodataDir() / "sources" / "shayibake-subdistricts-2022.csv");
  std::map<std::string, std::string> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    const auto code = line.substr(0, comma);
    auto name = line.substr(comma + 1, line.find(',', comma + 1) - comma - 1);
    std::erase(name, '"');
    const int serial = std::stoi(code.substr(6));
    if (serial >= 1 && serial <= 18) {
      rows[code] = name;
    }
  }
  return rows;
}

class CommitteesTiling : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    boundary_ = new OgrLayerContents(readLayer(geodataDir() / "boundary.geojson"));
    committees_ = new OgrLayerContents(readLayer(geodataDir() / "committees.geojson"));
  }
  static void TearDownTestSuite() {
    delete boundary_;
    delete committees_;
  }
  static const OGRGeometry& boundary() { return *boundary_->features.at(0)->GetGeometryRef(); }
  static const std::vector<OGRFeatureUniquePtr>& committees() { return committees_->features; }

  static OgrLayerContents* boundary_;
  static OgrLayerContents* committees_;
};
OgrLayerContents* CommitteesTiling::boundary_ = nullptr;
OgrLayerContents* CommitteesTiling::committees_ = nullptr;

TEST_F(CommitteesTiling, BoundaryIsOneValidMultiPolygonOfAbout420SquareKilometres) {
  ASSERT_EQ(boundary_->features.size(), 1u);
  EXPECT_EQ(stringField(*boundary_->features[0], "code"), "650103");
  EXPECT_EQ(wkbFlatten(boundary().getGeometryType()), wkbMultiPolygon);
  EXPECT_TRUE(boundary().IsValid());
  EXPECT_NEAR(areaSquareMeters(boundary()) / 1e6, 420.0, 15.0);
}

TEST_F(CommitteesTiling, CodesAndNamesAreTheEighteenOfTheCsv) {
  std::map<std::string, std::string> fromFile;
  for (const auto& c : committees()) {
    fromFile[stringField(*c, "code")] = stringField(*c, "name");
  }
  EXPECT_EQ(committees().size(), 18u);
  EXPECT_EQ(fromFile, csvSubdistricts());
}

TEST_F(CommitteesTiling, EveryCommitteeIsAValidMultiPolygon) {
  for (const auto& c : committees()) {
    const OGRGeometry* g = c->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon) << stringField(*c, "code");
    EXPECT_TRUE(g->IsValid()) << stringField(*c, "code");
    EXPECT_GT(areaSquareMeters(*g), 100'000.0) << stringField(*c, "code");
  }
}

TEST_F(CommitteesTiling, AreasSumToTheBoundaryAreaWithinATenthOfAPercent) {
  double sum = 0;
  for (const auto& c : committees()) {
    sum += areaSquareMeters(*c->GetGeometryRef());
  }
  const double district = areaSquareMeters(boundary());
  EXPECT_NEAR(sum / district, 1.0, 0.001) << "sum " << sum << " m2, boundary " << district << " m2";
}

TEST_F(CommitteesTiling, NoTwoCommitteesOverlap) {
  const auto& all = committees();
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = i + 1; j < all.size(); ++j) {
      const OGRGeometry* a = all[i]->GetGeometryRef();
      const OGRGeometry* b = all[j]->GetGeometryRef();
      if (!a->Intersects(b)) {
        continue;
      }
      OGRGeometryUniquePtr overlap(a->Intersection(b));
      ASSERT_NE(overlap, nullptr);
      const double smaller = std::min(areaSquareMeters(*a), areaSquareMeters(*b));
      const double shared = overlap->IsEmpty() ? 0.0 : areaSquareMeters(*overlap);
      EXPECT_LT(shared, 1e-4 * smaller)
          << stringField(*all[i], "code") << " and " << stringField(*all[j], "code") << " share "
          << shared << " m2";
    }
  }
}

TEST_F(CommitteesTiling, UnionCoversTheBoundary) {
  OGRGeometryUniquePtr united(committees().at(0)->GetGeometryRef()->clone());
  for (size_t i = 1; i < committees().size(); ++i) {
    united.reset(united->Union(committees()[i]->GetGeometryRef()));
    ASSERT_NE(united, nullptr);
  }
  OGRGeometryUniquePtr uncovered(boundary().Difference(united.get()));
  ASSERT_NE(uncovered, nullptr);
  const double gap = uncovered->IsEmpty() ? 0.0 : areaSquareMeters(*uncovered);
  EXPECT_LT(gap, 1e-4 * areaSquareMeters(boundary())) << gap << " m2 of the district uncovered";
  OGRGeometryUniquePtr outside(united->Difference(&boundary()));
  ASSERT_NE(outside, nullptr);
  const double spill = outside->IsEmpty() ? 0.0 : areaSquareMeters(*outside);
  EXPECT_LT(spill, 1e-4 * areaSquareMeters(boundary())) << spill << " m2 outside the district";
}

TEST_F(CommitteesTiling, EachOfficePointLiesInsideItsOwnCommittee) {
  for (const auto& c : committees()) {
    const OGRPoint office(realField(*c, "office_lon"), realField(*c, "office_lat"));
    EXPECT_TRUE(c->GetGeometryRef()->Contains(&office)) << stringField(*c, "code");
  }
}

}  // namespace
}  // namespace eoc::test::committees_tiling_test
