#include <gtest/gtest.h>

#include <climits>
#include <fstream>
#include <map>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
using eoc::warnings::testing::shippedCatalogue;

namespace {

// CMA Order No. 16 (docs/design.md "Warnings"), written out independently of the data file.
const std::map<std::string, std::pair<std::string, std::vector<std::string>>> kDesignTable{
    {"typhoon", {"11B01", {"blue", "yellow", "orange", "red"}}},
    {"rainstorm", {"11B03", {"blue", "yellow", "orange", "red"}}},
    {"blizzard", {"11B04", {"blue", "yellow", "orange", "red"}}},
    {"cold_wave", {"11B05", {"blue", "yellow", "orange", "red"}}},
    {"strong_wind", {"11B06", {"blue", "yellow", "orange", "red"}}},
    {"sandstorm", {"11B07", {"yellow", "orange", "red"}}},
    {"heat", {"11B09", {"yellow", "orange", "red"}}},
    {"drought", {"11B22", {"orange", "red"}}},
    {"lightning", {"11B14", {"yellow", "orange", "red"}}},
    {"hail", {"11B15", {"orange", "red"}}},
    {"frost", {"11B16", {"blue", "yellow", "orange"}}},
    {"fog", {"11B17", {"yellow", "orange", "red"}}},
    {"haze", {"11B19", {"yellow", "orange", "red"}}},
    {"road_icing", {"11B21", {"yellow", "orange", "red"}}},
};
const std::map<std::string, std::string> kLocal{{"forest_fire_risk", "11B25"}, {"waterlogging_risk", "11B36"},
                                                {"geohazard_risk", "11B37"}, {"snow_disaster", "11B40"},
                                                {"dust", "11B51"}};

nlohmann::json shippedJson() {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/plans/warning-signals.json");
  return nlohmann::json::parse(in);
}

ErrorCode codeOf(const nlohmann::json& doc) {
  try {
    SignalCatalogue::fromJson(doc);
  } catch (const EocError& e) {
    return e.code();
  }
  return ErrorCode::Internal;
}

}  // namespace

TEST(SignalCatalogue, ShipsExactlyTheFourteenCmaTypesWithTheirCodesAndRealLevelsPlusTheLocalOnes) {
  const auto& c = shippedCatalogue();
  EXPECT_EQ(c.types().size(), kDesignTable.size() + kLocal.size());
  for (auto& [key, expected] : kDesignTable) {
    auto* t = c.findType(key);
    ASSERT_NE(t, nullptr) << key;
    EXPECT_EQ(t->code, expected.first) << key;
    EXPECT_EQ(c.levelsOf(key), expected.second) << key;
  }
  for (auto& [key, code] : kLocal) {
    ASSERT_NE(c.findType(key), nullptr) << key;
    EXPECT_EQ(c.findType(key)->code, code);
  }
}

TEST(SignalCatalogue, RefusesLevelsATypeDoesNotHave) {
  const auto& c = shippedCatalogue();
  EXPECT_FALSE(c.hasLevel("sandstorm", "blue"));
  EXPECT_FALSE(c.hasLevel("frost", "red"));
  EXPECT_FALSE(c.hasLevel("hail", "yellow"));
  try {
    c.require("frost", "red");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::UnknownLevel);
    EXPECT_NE(e.detail().find("blue, yellow, orange"), std::string::npos) << e.detail();
  }
  EXPECT_THROW(c.require("volcano", "red"), EocError);
}

TEST(SignalCatalogue, AppliesTheXinjiangThresholdsAsTheDistrictDefault) {
  const auto& c = shippedCatalogue();
  EXPECT_EQ(c.districtRegion(), "xinjiang");
  auto& blue = c.require("rainstorm", "blue");
  ASSERT_TRUE(blue.threshold);
  EXPECT_DOUBLE_EQ(blue.threshold->value, 24.1);
  EXPECT_NE(blue.criteria.find("24.1"), std::string::npos);
  EXPECT_DOUBLE_EQ(c.require("rainstorm", "red").threshold->value, 48.1);
  EXPECT_DOUBLE_EQ(c.require("blizzard", "blue").threshold->value, 12.1);
  EXPECT_FALSE(c.require("rainstorm", "orange").threshold);  // national criterion stays
}

TEST(SignalCatalogue, OverridesOfAnotherRegionAreValidatedButNotApplied) {
  auto doc = shippedJson();
  doc["district_region"] = "guangdong";
  auto c = SignalCatalogue::fromJson(doc);
  EXPECT_EQ(c.require("rainstorm", "blue").criteria.find("24.1"), std::string::npos);
}

TEST(SignalCatalogue, EveryLevelHasCriteriaAndGuidanceAndEveryColourMapsToItsCapSeverity) {
  const auto& c = shippedCatalogue();
  const std::map<std::string, std::string> severity{
      {"red", "Extreme"}, {"orange", "Severe"}, {"yellow", "Moderate"}, {"blue", "Minor"}};
  for (auto& [key, sev] : severity) EXPECT_EQ(c.findLevel(key)->severity, sev);
  for (auto& t : c.types())
    for (auto& l : t.levels) {
      EXPECT_FALSE(l.criteria.empty()) << t.key << " " << l.level;
      EXPECT_FALSE(l.guidance.empty()) << t.key << " " << l.level;
    }
}

TEST(SignalCatalogue, BrokenCataloguesStopLoadingWithTheFieldNamed) {
  auto badCode = shippedJson();
  badCode["types"][0]["code"] = "B01";
  EXPECT_EQ(codeOf(badCode), ErrorCode::InvalidBody);

  auto unknownLevel = shippedJson();
  unknownLevel["types"][0]["levels"]["purple"] = unknownLevel["types"][0]["levels"]["red"];
  try {
    SignalCatalogue::fromJson(unknownLevel);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_NE(e.detail().find("/types/0/levels/purple"), std::string::npos) << e.detail();
  }

  auto overrideOfMissingLevel = shippedJson();
  overrideOfMissingLevel["regional_overrides"]["xinjiang"]["frost"]["red"] = {{"criteria", "x"}};
  EXPECT_EQ(codeOf(overrideOfMissingLevel), ErrorCode::InvalidBody);

  auto duplicate = shippedJson();
  duplicate["types"].push_back(duplicate["types"][0]);
  EXPECT_EQ(codeOf(duplicate), ErrorCode::InvalidBody);

  auto noGuidance = shippedJson();
  noGuidance["types"][1]["levels"]["red"]["guidance"] = nlohmann::json::array();
  EXPECT_EQ(codeOf(noGuidance), ErrorCode::InvalidBody);
}

// The district's order (issue 19): what the office issues most — strong wind, rainstorm,
// lightning — leads the list; typhoon cannot occur inland and goes last, flagged.
TEST(SignalCatalogue, OrdersTypesByTheDistrictsFrequencyWithTyphoonOutOfTheDefaultList) {
  const auto ordered = shippedCatalogue().byFrequency();
  ASSERT_GE(ordered.size(), 3u);
  EXPECT_EQ(ordered[0]->key, "strong_wind");
  EXPECT_EQ(ordered[1]->key, "rainstorm");
  EXPECT_EQ(ordered[2]->key, "lightning");
  EXPECT_EQ(ordered.back()->key, "typhoon");
  EXPECT_FALSE(ordered.back()->occursHere);
  for (size_t i = 0; i + 1 < ordered.size(); ++i)
    if (ordered[i]->occursHere && ordered[i + 1]->occursHere && ordered[i + 1]->frequencyRank) {
      EXPECT_LT(ordered[i]->frequencyRank.value_or(INT_MAX), *ordered[i + 1]->frequencyRank);
    }
}

TEST(SignalCatalogue, RefusesABadFrequencyRankOrOccursHere) {
  auto doc = shippedJson();
  doc["types"][1]["frequency_rank"] = doc["types"][4]["frequency_rank"];  // a shared rank
  EXPECT_EQ(codeOf(doc), ErrorCode::InvalidBody);
  doc = shippedJson();
  doc["types"][1]["frequency_rank"] = 0;
  EXPECT_EQ(codeOf(doc), ErrorCode::InvalidBody);
  doc = shippedJson();
  doc["types"][1]["occurs_here"] = "yes";
  EXPECT_EQ(codeOf(doc), ErrorCode::InvalidBody);
  doc = shippedJson();
  doc["types"][0]["frequency_rank"] = 99;  // typhoon: cannot occur here, so no frequency
  EXPECT_EQ(codeOf(doc), ErrorCode::InvalidBody);
  try {
    doc = shippedJson();
    doc["types"][1]["frequency_rank"] = -3;
    SignalCatalogue::fromJson(doc);
    FAIL() << "a negative rank was accepted";
  } catch (const EocError& e) {
    EXPECT_NE(std::string(e.what()).find("/types/1/frequency_rank"), std::string::npos) << e.what();
  }
}
