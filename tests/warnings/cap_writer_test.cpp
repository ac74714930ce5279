#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "warnings/cap_validator.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
using namespace eoc::warnings::testing;

namespace {

CapAlert alertOf(const Warning& w, size_t i) {
  return buildCapAlert(w, w.messages.at(i), shippedCatalogue(), shippedTexts(), committeeAreas());
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (auto& s : v) out += s + "\n";
  return out;
}

// A warning taken through every message type: Alert, Update (upgrade), Cancel.
Warning fullLife(Desk& desk, const std::string& type, const std::string& level, WarningStatus status) {
  Warning w = desk.issued(type, level, status);
  desk.lifecycle.update(w, WarningChanges{{}, at("2026-07-13T03:00:00+08:00"), {}, {}}, desk.author,
                        at("2026-07-12T16:00:00+08:00"));
  desk.lifecycle.cancel(w, "天气过程结束", false, desk.author, at("2026-07-12T17:00:00+08:00"));
  return w;
}

}  // namespace

TEST(CapWriter, EverySignalTypeAndLevelInEveryMessageTypeValidatesAgainstTheXsdAndTheProfile) {
  size_t checked = 0;
  for (auto& type : shippedCatalogue().types())
    for (auto& level : type.levels)
      for (auto status : {WarningStatus::Actual, WarningStatus::Exercise, WarningStatus::Test}) {
        Desk desk;
        Warning w = fullLife(desk, type.key, level.level, status);
        for (size_t i = 0; i < w.messages.size(); ++i) {
          auto xml = writeCapXml(alertOf(w, i));
          auto violations = validateCapXml(xml);
          EXPECT_TRUE(violations.empty()) << type.key << " " << level.level << " message " << i << ":\n"
                                          << joined(violations) << xml;
          ++checked;
        }
      }
  EXPECT_EQ(checked, 60u * 3 * 3);
}

TEST(CapWriter, AlertCarriesSeverityColourCodeGeocodesAndLatFirstClosedPolygons) {
  Desk desk;
  Warning w = desk.issued("rainstorm", "red");
  auto a = parseCapXml(writeCapXml(alertOf(w, 0)));
  EXPECT_EQ(a.identifier, w.messages[0].identifier);
  EXPECT_EQ(a.sent, "2026-07-12T15:00:00+08:00");
  ASSERT_EQ(a.infos.size(), 1u);
  const auto& info = a.infos[0];
  EXPECT_EQ(info.language, "zh-CN");
  EXPECT_EQ(info.severity, "Extreme");
  EXPECT_TRUE(info.headline.ends_with("[Ⅰ级/特别严重]"));
  EXPECT_EQ(info.eventCodes.at(0).value, "11B03");
  EXPECT_EQ(info.parameters.at(0).valueName, "colour");
  EXPECT_EQ(info.parameters.at(0).value, "red");
  ASSERT_EQ(info.areas.size(), 1u);
  EXPECT_EQ(info.areas[0].areaDesc, "长江路街道、和田街街道");
  ASSERT_EQ(info.areas[0].geocodes.size(), 2u);
  EXPECT_EQ(info.areas[0].geocodes[0].valueName, "GB/T 2260");
  EXPECT_EQ(info.areas[0].geocodes[1].value, "650103002");
  ASSERT_EQ(info.areas[0].polygons.size(), 2u);
  const auto& poly = info.areas[0].polygons[0];
  EXPECT_TRUE(poly.starts_with("43.78")) << poly;  // latitude first
  EXPECT_EQ(poly.substr(0, poly.find(' ')), poly.substr(poly.rfind(' ') + 1));  // closed
}

TEST(CapWriter, UpdateAndCancelReferenceEveryEarlierMessage) {
  Desk desk;
  Warning w = fullLife(desk, "blizzard", "yellow", WarningStatus::Actual);
  auto cancel = parseCapXml(writeCapXml(alertOf(w, 2)));
  EXPECT_EQ(cancel.msgType, "Cancel");
  ASSERT_EQ(cancel.references.size(), 2u);
  EXPECT_EQ(cancel.references[0], "eoc.650103," + w.messages[0].identifier + ",2026-07-12T15:00:00+08:00");
  EXPECT_EQ(cancel.references[1], "eoc.650103," + w.messages[1].identifier + ",2026-07-12T16:00:00+08:00");
  EXPECT_EQ(cancel.infos.at(0).responseTypes.at(0), "AllClear");
}

TEST(CapWriter, ExerciseMessagesSayExerciseEverywhere) {
  Desk desk;
  Warning w = desk.issued("strong_wind", "orange", WarningStatus::Exercise);
  auto a = parseCapXml(writeCapXml(alertOf(w, 0)));
  EXPECT_EQ(a.status, "Exercise");
  EXPECT_NE(a.note.find("D-2026-07"), std::string::npos);
  EXPECT_TRUE(a.infos[0].headline.starts_with("【演练】"));
  EXPECT_TRUE(a.infos[0].description.starts_with("【演练】"));
}

TEST(CapWriter, AUserPolygonReplacesTheCommitteePolygons) {
  Desk desk;
  WarningRequest r{"fog", "yellow", WarningStatus::Actual, {{"650103001"}, {}}, at("2026-07-12T15:00:00+08:00"),
                   at("2026-07-12T18:00:00+08:00"), {}, {}};
  r.area.polygon =
      validateAreaPolygon(RingInput{{87.55, 43.78}, {87.551, 43.78}, {87.551, 43.781}, {87.55, 43.78}}, district());
  Warning w = desk.lifecycle.draft(r, "W9", desk.author, at("2026-07-12T14:55:00+08:00"));
  desk.lifecycle.issue(w, desk.approver, at("2026-07-12T15:00:00+08:00"));
  auto a = alertOf(w, 0);
  ASSERT_EQ(a.infos[0].areas[0].polygons.size(), 1u);
  EXPECT_NE(a.infos[0].areas[0].polygons[0].find("43.781000,87.551000"), std::string::npos);
  EXPECT_TRUE(validateCapXml(writeCapXml(a)).empty());
}

TEST(CapWriter, JsonRenderingCarriesTheSameMessage) {
  Desk desk;
  Warning w = desk.issued("heat", "orange");
  auto a = alertOf(w, 0);
  auto j = capToJson(a);
  EXPECT_EQ(j["identifier"], a.identifier);
  EXPECT_EQ(j["info"][0]["severity"], "Severe");
  EXPECT_EQ(j["info"][0]["area"][0]["geocode"][0]["value"], "650103001");
}

TEST(CapWriter, TheIndependentXmllintAcceptsAGeneratedMessage) {
  Desk desk;
  Warning w = fullLife(desk, "rainstorm", "orange", WarningStatus::Actual);
  const std::string path = std::string(EOC_BINARY_DIR) + "/warnings-xmllint-cancel.xml";
  std::ofstream(path) << writeCapXml(alertOf(w, 2));
  const std::string cmd = "xmllint --nonet --noout --schema " + std::string(EOC_SOURCE_DIR) +
                          "/src/warnings/schema/CAP-v1.2.xsd " + path + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[256];
  while (fgets(buf, sizeof buf, pipe)) output += buf;
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_NE(output.find("validates"), std::string::npos) << output;
}

TEST(AtomFeed, ListsActualWarningsLiveOrRecentlyEndedWithLinksToTheirCap) {
  Desk desk;
  Warning live = desk.issued("rainstorm", "orange");
  Warning exercise = desk.issued("rainstorm", "orange", WarningStatus::Exercise);
  Warning old = desk.issued("fog", "yellow");
  desk.lifecycle.cancel(old, "雾已消散", false, desk.author, at("2026-07-12T16:00:00+08:00"));
  const TimePoint now = at("2026-07-13T12:00:00+08:00");
  EXPECT_TRUE(belongsInFeed(live, now));
  EXPECT_FALSE(belongsInFeed(exercise, now));
  EXPECT_TRUE(belongsInFeed(old, now));
  EXPECT_FALSE(belongsInFeed(old, at("2026-07-14T16:00:01+08:00")));
  EXPECT_FALSE(belongsInFeed(desk.draft(), now));

  std::vector<FeedEntry> entries{{"live-1", alertOf(live, 0)}, {"ex-1", alertOf(exercise, 0)}};
  auto feed = writeAtomFeed(entries, "https://eoc.example", "沙依巴克区预警", now);
  EXPECT_NE(feed.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos);
  EXPECT_NE(feed.find("https://eoc.example/warnings/live-1/cap.xml"), std::string::npos);
  EXPECT_EQ(feed.find("ex-1"), std::string::npos);  // an exercise never reaches the public feed
  EXPECT_EQ(feed.find("【演练】"), std::string::npos);
}
