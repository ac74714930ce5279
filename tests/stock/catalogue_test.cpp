#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "stock/item_catalogue.hpp"
#include "support/stock_fixture.hpp"

namespace eoc::stock::catalogue_test {
namespace {

using nlohmann::json;

std::set<std::string> reliefStockLayerIds() {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/geodata/relief_stock.geojson");
  const json layer = json::parse(in);
  std::set<std::string> ids;
  for (const auto& f : layer["features"]) ids.insert(f["properties"]["id"].get<std::string>());
  return ids;
}

std::vector<std::string> problemsOf(const json& doc) {
  try {
    ItemCatalogue::fromJson(doc, {"W1", "W2", "W3"}, "items.json");
  } catch (const CatalogueError& e) {
    return e.problems();
  }
  return {};
}

TEST(ItemCatalogue, TheDistrictCatalogueLoadsWithThePublishedFigures) {
  const auto catalogue =
      ItemCatalogue::load(std::string(EOC_SOURCE_DIR) + "/plans/relief-items.json", reliefStockLayerIds());
  ASSERT_GE(catalogue.items().size(), 10u);
  // InaSAFE / BNPB Perka 7/2008, per person per week, as per day.
  EXPECT_DOUBLE_EQ(catalogue.find("drinking_water")->need->perPersonPerDay, 2.5);
  EXPECT_DOUBLE_EQ(catalogue.find("clean_water")->need->perPersonPerDay, 15);
  EXPECT_NEAR(catalogue.find("rice")->need->perPersonPerDay, 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(catalogue.find("family_kit")->need->peoplePerUnit, 5);
  EXPECT_DOUBLE_EQ(catalogue.find("toilet")->need->peoplePerUnit, 20);
  // a 12 m² tent at Sphere's 3.5 m² per person
  EXPECT_DOUBLE_EQ(catalogue.find("tent")->need->peoplePerUnit, 12 / 3.5);
  EXPECT_EQ(catalogue.find("tent")->need->basis, "12 m² per unit ÷ 3.5 m² per person");
  for (const auto& item : catalogue.items()) {
    EXPECT_FALSE(item.sources.empty()) << item.id;
    EXPECT_NE(std::find(catalogue.categories().begin(), catalogue.categories().end(), item.category),
              catalogue.categories().end())
        << item.id;
  }
  EXPECT_EQ(catalogue.find("quilt")->minimumAt("R01"), 2000);
  EXPECT_EQ(catalogue.find("quilt")->minimumAt("R04"), 0);
}

TEST(ItemCatalogue, EveryProblemIsNamedByFileAndJsonPointerAtOnce) {
  json doc = testing::waterRiceTentToiletSandbagCatalogueJson();
  doc["items"][0]["need"] = {{"per_person_per_week", -1}};
  doc["items"][1]["category"] = "食品类";
  doc["items"][2]["minimum"]["W9"] = 5;
  doc["items"][3]["need"] = {{"one_per_people", 20}, {"per_person_per_day", 1}};
  doc["items"][4]["colour"] = "red";
  doc["items"][4]["shelf_life_days"] = 0;
  const auto problems = problemsOf(doc);
  const std::vector<std::string> expected = {
      "items.json: /items/0/need/per_person_per_week: expected a number > 0",
      "items.json: /items/1/category: unknown category \"食品类\" (/categories)",
      "items.json: /items/2/minimum/W9: unknown warehouse \"W9\" (relief_stock layer)",
      "items.json: /items/3/need: expected only one of per_person_per_day, per_person_per_week, one_per_people",
      "items.json: /items/4/colour: unknown property",
      "items.json: /items/4/shelf_life_days: expected a whole number of days from 1 to 36500",
  };
  EXPECT_EQ(problems, expected);
}

TEST(ItemCatalogue, IdsAndNamesAreUniqueAndSourcesKnown) {
  json doc = testing::waterRiceTentToiletSandbagCatalogueJson();
  doc["items"][1]["id"] = "drinking_water";
  doc["items"][2]["name"] = "饮用水";
  doc["items"][3]["sources"] = {"who"};
  doc["items"][4]["id"] = "Sand Bag";
  doc["schema"] = "eoc.relief-items/2";
  const auto problems = problemsOf(doc);
  const std::vector<std::string> expected = {
      "items.json: /schema: expected \"eoc.relief-items/1\"",
      "items.json: /items/1/id: repeats item \"drinking_water\"",
      "items.json: /items/2/name: repeats the name \"饮用水\"",
      "items.json: /items/3/sources/0: unknown source \"who\" (/sources)",
      "items.json: /items/4/id: \"Sand Bag\" is not a lower-case key (a-z, 0-9, _; at most 40)",
  };
  EXPECT_EQ(problems, expected);
}

TEST(ItemCatalogue, AnAreaNeedNeedsBothAreasAndAnItemNeedsItsMinimumObject) {
  json doc = testing::waterRiceTentToiletSandbagCatalogueJson();
  doc["items"][2]["need"] = {{"one_per_people", {{"unit_area_m2", 12}}}};
  doc["items"][3].erase("minimum");
  const std::vector<std::string> expected = {
      "items.json: /items/2/need/one_per_people: missing \"area_m2_per_person\"",
      "items.json: /items/3/minimum: expected an object of warehouse id -> quantity ({} for none)",
  };
  EXPECT_EQ(problemsOf(doc), expected);
}

TEST(ItemCatalogue, AFileThatIsNotJsonIsNamed) {
  const std::string path = std::string(EOC_BINARY_DIR) + "/stock-broken-items.json";
  std::ofstream(path) << "{\"items\": [";
  try {
    ItemCatalogue::load(path, {});
    FAIL() << "expected CatalogueError";
  } catch (const CatalogueError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].rfind(path + ": /: invalid JSON", 0), 0u) << e.problems()[0];
  }
}

}  // namespace
}  // namespace eoc::stock::catalogue_test
