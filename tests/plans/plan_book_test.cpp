#include <fstream>

#include <gtest/gtest.h>

#include "plans/json_schema.hpp"
#include "plans/plan_book.hpp"
#include "plans/support/plans_fixture.hpp"

namespace eoc::plans::plan_book_test {
namespace {

using nlohmann::json;
using testing::knownNames;
using testing::shippedPlansDir;
using testing::TempDir;

json readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

void writeFile(const std::filesystem::path& path, const json& doc) { std::ofstream(path) << doc.dump(2); }

// A copy of the shipped plans/ folder that a test may break.
void copyShippedPlans(const std::filesystem::path& to) {
  for (const auto& entry : std::filesystem::directory_iterator(shippedPlansDir()))
    if (entry.is_regular_file()) std::filesystem::copy_file(entry.path(), to / entry.path().filename());
}

std::string loadError(const std::filesystem::path& dir) {
  try {
    loadPlanBook(dir, knownNames());
  } catch (const PlanBookError& e) {
    return e.what();
  }
  return "";
}

TEST(PlanBook, ShippedPlansLoadAsTwelvePlansIncludingTheTwoTheDistrictNamed) {
  const PlanBook& book = testing::shippedBook();
  ASSERT_EQ(book.plans().size(), 12u);
  ASSERT_NE(book.find("overall"), nullptr);
  ASSERT_NE(book.find("earthquake"), nullptr);
  EXPECT_EQ(book.find("overall")->title, "沙依巴克区生产安全、自然灾害事故总体应急预案");
  EXPECT_EQ(book.find("earthquake")->title, "沙依巴克区地震应急预案");
  EXPECT_TRUE(book.find("overall")->overall);
  for (size_t i = 1; i < book.plans().size(); ++i) EXPECT_LT(book.plans()[i - 1].id, book.plans()[i].id);
}

TEST(PlanBook, EveryShippedPlanFileValidatesAgainstTheSchemaOnItsOwn) {
  const JsonSchema schema(readFile(shippedPlansDir() / "schema.json"));
  size_t checked = 0;
  for (const auto& plan : testing::shippedBook().plans()) {
    const auto violations = schema.validate(readFile(shippedPlansDir() / plan.file));
    EXPECT_TRUE(violations.empty()) << plan.file << ": " << (violations.empty() ? "" : violations[0].pointer + " " + violations[0].message);
    ++checked;
  }
  EXPECT_EQ(checked, 12u);
}

TEST(PlanBook, EveryPlanHasFourLevelsWithActionsAndTheCommonWarningsMapToPlans) {
  std::set<std::string> watched;
  for (const auto& plan : testing::shippedBook().plans()) {
    ASSERT_EQ(plan.levels.size(), 4u) << plan.id;
    EXPECT_EQ(plan.levels.front().level, Level::IV);
    EXPECT_EQ(plan.levels.back().level, Level::I);
    for (const auto& level : plan.levels) {
      EXPECT_FALSE(level.actions.empty()) << plan.id << " " << levelKey(level.level);
      for (const auto& trigger : level.triggers)
        if (const auto* w = std::get_if<WarningTrigger>(&trigger.rule)) watched.insert(w->type);
    }
  }
  for (const char* type : {"strong_wind", "rainstorm", "lightning"}) EXPECT_TRUE(watched.contains(type)) << type;
}

TEST(PlanBook, SummaryAndFullDocumentAreServedPerPlan) {
  const PlanBook& book = testing::shippedBook();
  const json summary = book.summaryJson();
  ASSERT_EQ(summary["plans"].size(), 12u);
  EXPECT_EQ(summary["plans"][0]["levels"].size(), 4u);
  const json* flood = book.planJson("flood");
  ASSERT_NE(flood, nullptr);
  EXPECT_EQ((*flood)["id"], "flood");
  EXPECT_TRUE(flood->contains("contacts"));
  EXPECT_EQ(book.planJson("no-such-plan"), nullptr);
}

struct Breakage {
  const char* name;
  const char* file;
  const char* pointer;  // where to write `value`; "-" removes the member at the pointer instead
  json value;
  const char* expected;  // a line of the error
};

class BrokenPlan : public ::testing::TestWithParam<Breakage> {};

TEST_P(BrokenPlan, IsRefusedWithFileAndJsonPointer) {
  const Breakage& b = GetParam();
  TempDir dir;
  copyShippedPlans(dir.path());
  json doc = readFile(dir.path() / b.file);
  if (b.value.is_discarded()) {
    const json::json_pointer ptr(b.pointer);
    doc[ptr.parent_pointer()].erase(ptr.back());
  } else {
    doc[json::json_pointer(b.pointer)] = b.value;
  }
  writeFile(dir.path() / b.file, doc);
  const std::string error = loadError(dir.path());
  const std::string expected = (dir.path() / b.file).generic_string() + ": " + b.expected;
  EXPECT_NE(error.find(expected), std::string::npos) << "expected line: " << expected << "\ngot:\n" << error;
}

const json kRemove = json::value_t::discarded;

INSTANTIATE_TEST_SUITE_P(
    PlanBook, BrokenPlan,
    ::testing::Values(
        Breakage{"UnknownUnit", "flood.json", "/response/levels/2/actions/0/unit", "区水务局",
                 "/response/levels/2/actions/0/unit: \"区水务局\" does not match pattern"},
        Breakage{"UnknownUnitKey", "flood.json", "/response/levels/2/actions/0/unit", "water_bureau",
                 "/response/levels/2/actions/0/unit: unknown unit \"water_bureau\""},
        Breakage{"PurpleWarning", "meteorological.json", "/response/levels/0/triggers/0/warning/min_level", "purple",
                 "/response/levels/0/triggers/0/warning/min_level: \"purple\" is not one of"},
        Breakage{"LevelTheSignalDoesNotHave", "meteorological.json", "/response/levels/0/triggers/1/warning/min_level", "blue",
                 "/response/levels/0/triggers/1/warning/min_level: signal \"lightning\" has no level \"blue\""},
        Breakage{"UnknownSignal", "flood.json", "/monitoring/signals/0/type", "monsoon",
                 "/monitoring/signals/0/type: unknown signal type \"monsoon\""},
        Breakage{"UnknownIncident", "gas.json", "/response/levels/0/triggers/0/incident/type", "gas_explosion",
                 "/response/levels/0/triggers/0/incident/type: unknown incident type \"gas_explosion\""},
        Breakage{"UnknownSpecialty", "earthquake.json", "/response/levels/1/teams/0/specialty", "divers",
                 "/response/levels/1/teams/0/specialty: unknown team specialty \"divers\""},
        Breakage{"UnknownLayer", "flood.json", "/response/levels/0/actions/1/layer", "rivers",
                 "/response/levels/0/actions/1/layer: unknown layer \"rivers\""},
        Breakage{"UnknownPlan", "disaster-relief.json", "/response/levels/0/triggers/0/plan/ids/1", "tsunami",
                 "/response/levels/0/triggers/0/plan/ids/1: unknown plan \"tsunami\""},
        Breakage{"MissingTitle", "gas.json", "/title", kRemove, "/: missing required property \"title\""},
        Breakage{"UnknownProperty", "overall.json", "/owner", "张三", "/owner: unknown property \"owner\""},
        Breakage{"NegativeDeadline", "hazmat.json", "/response/levels/0/actions/0/deadline_min", -5,
                 "/response/levels/0/actions/0/deadline_min: -5 is less than the minimum 0"},
        Breakage{"WrongLevelName", "geohazard.json", "/response/levels/0/name", "重大",
                 "/response/levels/0/name: level IV is called \"一般\""},
        Breakage{"LevelTwice", "geohazard.json", "/response/levels/1/level", "IV", "/response/levels/1/level: level \"IV\" appears twice"},
        Breakage{"IdNotFileName", "environment.json", "/id", "env", "/id: id \"env\" must equal the file name \"environment\""},
        Breakage{"ThreeLevels", "power-outage.json", "/grading", json::array({{{"level", "I"}, {"name", "特别重大"}, {"criteria", {"x"}}}}),
                 "/grading: expected at least 4 items, got 1"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PlanBook, EveryProblemOfEveryFileIsReportedAtOnce) {
  TempDir dir;
  copyShippedPlans(dir.path());
  json flood = readFile(dir.path() / "flood.json");
  flood["response"]["levels"][2]["actions"][0]["unit"] = "water_bureau";
  flood["contacts"][0]["unit"] = "mayor";
  writeFile(dir.path() / "flood.json", flood);
  json gas = readFile(dir.path() / "gas.json");
  gas["revised"] = "2024/09/10";
  writeFile(dir.path() / "gas.json", gas);
  try {
    loadPlanBook(dir.path(), knownNames());
    FAIL() << "broken plans loaded";
  } catch (const PlanBookError& e) {
    EXPECT_EQ(e.problems().size(), 3u) << e.what();
  }
}

TEST(PlanBook, OtherModulesFilesAndSubfoldersAreNotReadAsPlans) {
  TempDir dir;
  copyShippedPlans(dir.path());
  std::ofstream(dir.path() / "warning-signals.json") << "{ this is not even JSON";
  std::ofstream(dir.path() / "warning-texts.json") << R"({"schema": "eoc.warning-texts/1", "station": "x"})";
  std::filesystem::create_directories(dir.path() / "drills");
  std::ofstream(dir.path() / "drills" / "earthquake-yamalik.json") << R"({"scenario": "not a plan"})";
  EXPECT_EQ(loadPlanBook(dir.path(), knownNames()).plans().size(), 12u);
}

TEST(PlanBook, HazardsNamingAnUnknownSignalTypeAreRefused) {
  TempDir dir;
  copyShippedPlans(dir.path());
  json hazards = readFile(dir.path() / "hazards.json");
  hazards["exposure"]["warnings"]["tornado"] = {{"geohazards", true}};
  writeFile(dir.path() / "hazards.json", hazards);
  EXPECT_NE(loadError(dir.path()).find("hazards.json: /exposure/warnings/tornado: unknown signal type \"tornado\""), std::string::npos);
}

TEST(JsonSchema, RefusesAKeywordItDoesNotImplement) {
  EXPECT_THROW(JsonSchema(json{{"type", "object"}, {"patternProperties", json::object()}}), std::invalid_argument);
  EXPECT_THROW(JsonSchema(json{{"$ref", "#/$defs/missing"}}), std::invalid_argument);
}

TEST(JsonSchema, OneOfReportsTheErrorsOfTheClosestAlternative) {
  const JsonSchema schema(json::parse(R"({"oneOf": [
      {"type": "object", "required": ["warning"], "additionalProperties": false,
       "properties": {"warning": {"type": "object", "properties": {"min_level": {"enum": ["blue", "red"]}}}}},
      {"type": "object", "required": ["incident"], "additionalProperties": false,
       "properties": {"incident": {"type": "object"}}}]})"));
  const auto violations = schema.validate(json::parse(R"({"warning": {"min_level": "purple"}})"));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].pointer, "/warning/min_level");
  EXPECT_TRUE(schema.validate(json::parse(R"({"incident": {}})")).empty());
}

TEST(JsonSchema, PointersEscapeSlashAndTilde) {
  const JsonSchema schema(json::parse(R"({"type": "object", "additionalProperties": {"type": "integer"}})"));
  const auto violations = schema.validate(json::parse(R"({"a/b~c": "x"})"));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].pointer, "/a~1b~0c");
}

TEST(JsonSchema, CountsStringLengthInCharactersNotBytes) {
  const JsonSchema schema(json::parse(R"({"type": "string", "minLength": 4})"));
  EXPECT_TRUE(schema.validate("地震预案").empty());
  EXPECT_FALSE(schema.validate("地震").empty());
}

}  // namespace
}  // namespace eoc::plans::plan_book_test
