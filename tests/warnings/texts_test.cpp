#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"
#include "warnings/warning_request.hpp"

using namespace eoc;
using namespace eoc::warnings;
using namespace eoc::warnings::testing;

TEST(WarningTexts, SignalTextFollowsTheNationalWording) {
  Desk desk;
  Warning w = desk.issued("rainstorm", "orange");
  auto t = shippedTexts().render(w, &w.messages[0], shippedCatalogue(), {"长江路街道"});
  EXPECT_TRUE(t.signal.starts_with("沙依巴克区应急管理局2026年7月12日15时00分发布暴雨橙色预警信号："));
  EXPECT_NE(t.signal.find(shippedCatalogue().require("rainstorm", "orange").criteria), std::string::npos);
  EXPECT_TRUE(t.signal.ends_with("。"));
  EXPECT_TRUE(t.guidance.starts_with("防御指南：1."));
  EXPECT_NE(t.guidance.find("；2."), std::string::npos);
  EXPECT_TRUE(t.headline.ends_with("[Ⅱ级/严重]"));
  EXPECT_TRUE(t.sms.starts_with("【沙依巴克区应急管理局】"));
  EXPECT_NE(t.english.find("orange rainstorm warning"), std::string::npos);
}

TEST(WarningTexts, UpgradeDowngradeContinueAndLiftAreWordedAsSuch) {
  Desk desk;
  Warning w = desk.issued("rainstorm", "orange");
  desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.approver, at("2026-07-12T16:00:00+08:00"));
  desk.lifecycle.update(w, WarningChanges{"yellow", {}, {}, {}}, desk.author, at("2026-07-12T17:00:00+08:00"));
  desk.lifecycle.update(w, WarningChanges{{}, at("2026-07-12T23:00:00+08:00"), {}, {}}, desk.author,
                        at("2026-07-12T18:00:00+08:00"));
  desk.lifecycle.cancel(w, "降雨已减弱", false, desk.author, at("2026-07-12T19:00:00+08:00"));
  auto text = [&](size_t i) { return shippedTexts().render(w, &w.messages[i], shippedCatalogue(), {}); };
  EXPECT_NE(text(1).signal.find("将暴雨橙色预警升级为暴雨红色预警信号"), std::string::npos) << text(1).signal;
  EXPECT_NE(text(2).signal.find("将暴雨红色预警降级为暴雨黄色预警信号"), std::string::npos) << text(2).signal;
  EXPECT_NE(text(3).signal.find("暴雨黄色预警信号继续有效"), std::string::npos) << text(3).signal;
  EXPECT_NE(text(4).signal.find("解除暴雨黄色预警信号"), std::string::npos) << text(4).signal;
  EXPECT_TRUE(text(4).guidance.empty());
  EXPECT_NE(text(4).note.find("降雨已减弱"), std::string::npos);
}

TEST(WarningTexts, FalseAlarmCancelIsPreWorded) {
  Desk desk;
  Warning w = desk.issued();
  desk.lifecycle.cancel(w, "", true, desk.author, at("2026-07-12T15:02:00+08:00"));
  auto t = shippedTexts().render(w, &w.messages[1], shippedCatalogue(), {});
  EXPECT_NE(t.signal.find("系误发"), std::string::npos);
  EXPECT_NE(t.sms.find("系误发"), std::string::npos);
}

TEST(WarningTexts, EveryExerciseTextBeginsWithTheExercisePrefix) {
  Desk desk;
  Warning w = desk.issued("strong_wind", "yellow", WarningStatus::Exercise);
  auto t = shippedTexts().render(w, &w.messages[0], shippedCatalogue(), {});
  for (auto* s : {&t.headline, &t.signal, &t.guidance, &t.sms}) EXPECT_TRUE(s->starts_with("【演练】")) << *s;
  EXPECT_TRUE(t.english.starts_with("[Exercise]"));
  EXPECT_NE(t.note.find("D-2026-07"), std::string::npos);
}

TEST(WarningTexts, TheSmsSignalFitsTheFirstSeventyCharactersForEveryTypeLevelAndMessageKind) {
  const auto& c = shippedCatalogue();
  std::vector<std::string> manyCommittees(18, "友好南路片区管委会");
  for (auto& type : c.types())
    for (auto& level : type.levels)
      for (auto status : {WarningStatus::Actual, WarningStatus::Exercise}) {
        Desk desk;
        Warning w = desk.issued(type.key, level.level, status);
        auto t = shippedTexts().render(w, &w.messages[0], c, manyCommittees);
        const std::string signal = type.zh + c.findLevel(level.level)->zh + "预警信号";
        auto pos = t.sms.find(signal);
        ASSERT_NE(pos, std::string::npos) << t.sms;
        EXPECT_LE(codePointCount(t.sms.substr(0, pos + signal.size())), 70u) << t.sms;
        EXPECT_GT(t.sms.size(), codePointCount(t.sms));  // really counted in characters, not bytes
      }
}

TEST(WarningTexts, TemplatesWithUnknownPlaceholdersAreRefusedAtLoad) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/plans/warning-texts.json");
  auto doc = nlohmann::json::parse(in);
  doc["templates"]["issue"] = "{station}发布{typo}";
  EXPECT_THROW(WarningTexts::fromJson(doc), EocError);
  doc = nlohmann::json::parse(std::ifstream(std::string(EOC_SOURCE_DIR) + "/plans/warning-texts.json"));
  doc["prefix"]["Exercise"] = "";
  EXPECT_THROW(WarningTexts::fromJson(doc), EocError);
}
