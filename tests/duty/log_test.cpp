// The duty log: kinds, what an entry must say, the correction rule and the searches.
#include "duty/log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::log_test {
namespace {

using testing::bj;
using ::testing::ElementsAre;
using testing::errorOf;

LogEntry entry(const std::string& id, const std::string& at, LogKind kind, const std::string& content,
               const std::string& from = "", std::optional<std::string> corrects = std::nullopt) {
  LogEntry e;
  e.id = id;
  e.at = bj(at);
  e.kind = kind;
  e.content = content;
  e.from = from;
  e.corrects = std::move(corrects);
  e.author = "李娜";
  return e;
}

TEST(DutyLog, KindsHaveKeysAndChineseNames) {
  for (LogKind kind : {LogKind::CallIn, LogKind::CallOut, LogKind::Info, LogKind::Instruction, LogKind::Other})
    EXPECT_EQ(parseLogKind(logKindKey(kind)), kind);
  EXPECT_EQ(logKindName(LogKind::CallIn), "来电");
  EXPECT_EQ(logKindName(LogKind::Instruction), "指示");
  EXPECT_EQ(parseLogKind("phone"), std::nullopt);
}

TEST(DutyLog, AnEntryNeedsAKnownKindAndSomethingToSay) {
  LogEntryRequest request{
      "call_in", "雅山片区管委会 王主任", std::nullopt, "雅山北路月明楼市场门口积水约30厘米", "i1", std::nullopt};
  const LogEntryDraft draft = validateLogEntry(request);
  EXPECT_EQ(draft.kind, LogKind::CallIn);
  EXPECT_EQ(draft.from, "雅山片区管委会 王主任");
  EXPECT_EQ(draft.to, "");
  EXPECT_EQ(draft.incidentId, "i1");

  struct Case {
    std::function<void(LogEntryRequest&)> edit;
    ErrorCode code;
    std::string detail;
  };
  LogLimits limits;
  limits.maxContentCodePoints = 10;
  const std::vector<Case> cases = {
      {[](auto& r) { r.kind = "call"; }, ErrorCode::InvalidParameter,
       "kind: \"call\" is not one of call_in, call_out, info, instruction, other"},
      {[](auto& r) { r.content = " \n "; }, ErrorCode::InvalidBody, "content: must not be empty"},
      {[](auto& r) { r.content = "一二三四五六七八九十十一"; }, ErrorCode::InvalidBody,
       "content: longer than 10 characters"},
      {[](auto& r) {
         r.content = "一二三四五六七八九十";
         r.from = std::string(201, 'x');
       },
       ErrorCode::InvalidBody, "from: longer than 200 characters"},
      {[](auto& r) {
         r.content = "ok";
         r.corrects = "";
       },
       ErrorCode::InvalidBody, "corrects: must not be empty"},
  };
  for (const Case& c : cases) {
    LogEntryRequest r = request;
    c.edit(r);
    const EocError e = errorOf([&] { validateLogEntry(r, limits); });
    EXPECT_EQ(e.code(), c.code) << c.detail;
    EXPECT_EQ(e.detail(), c.detail);
  }
}

TEST(DutyLog, ACorrectionNamesAnEntryThatExistsAndKeepsItsIncident) {
  const LogEntry original = [] {
    LogEntry e = entry("L1", "2026-12-02 09:00", LogKind::CallIn, "积水30厘米");
    e.incidentId = "i7";
    return e;
  }();
  LogEntryDraft correction =
      validateLogEntry({"call_in", std::nullopt, std::nullopt, "更正：积水约50厘米", std::nullopt, "L1"});
  const LogEntryDraft applied = applyCorrectionRule(correction, &original);
  EXPECT_EQ(applied.incidentId, "i7");
  EXPECT_EQ(applied.corrects, "L1");

  correction.incidentId = "i8";  // naming its own incident wins
  EXPECT_EQ(applyCorrectionRule(correction, &original).incidentId, "i8");

  const EocError e = errorOf([&] { applyCorrectionRule(correction, nullptr); });
  EXPECT_EQ(e.code(), ErrorCode::NotFound);
  EXPECT_EQ(e.detail(), "corrects: no log entry \"L1\"");

  LogEntryDraft plain = validateLogEntry({"info", std::nullopt, std::nullopt, "天气晴", std::nullopt, std::nullopt});
  EXPECT_FALSE(applyCorrectionRule(plain, nullptr).incidentId);  // not a correction: nothing to look up
}

TEST(DutyLog, BothTheCorrectedEntryAndItsCorrectionsAreListed) {
  const std::vector<LogEntry> entries = {
      entry("L1", "2026-12-02 09:00", LogKind::CallIn, "积水30厘米"),
      entry("L2", "2026-12-02 09:10", LogKind::Info, "市气象台发布大风黄色预警"),
      entry("L3", "2026-12-02 09:20", LogKind::CallIn, "更正：积水约50厘米", "", "L1"),
      entry("L4", "2026-12-02 09:30", LogKind::CallIn, "再更正：积水约40厘米", "", "L1"),
  };
  const auto lines = linkCorrections(entries);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0].correctedBy, ElementsAre("L3", "L4"));
  EXPECT_TRUE(lines[1].correctedBy.empty());
  EXPECT_EQ(lines[0].entry.content, "积水30厘米");  // the corrected text stays as it was
}

TEST(DutyLog, SearchesBySinceUntilKindAndText) {
  const std::vector<LogEntry> entries = {
      entry("L1", "2026-12-02 09:00", LogKind::CallIn, "雅山北路积水", "110指挥中心"),
      entry("L2", "2026-12-02 10:00", LogKind::CallOut, "通知排水队伍T07"),
      entry("L3", "2026-12-02 11:00", LogKind::Instruction, "区长指示：全力排涝"),
      entry("L4", "2026-12-03 09:00", LogKind::CallIn, "Gas leak reported by XJ Gas"),
  };
  struct Case {
    LogQueryRequest request;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {{}, {"L1", "L2", "L3", "L4"}},
      {{bj("2026-12-02 10:00"), std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
       {"L2", "L3", "L4"}},
      {{std::nullopt, bj("2026-12-02 11:00"), std::nullopt, std::nullopt, std::nullopt, std::nullopt}, {"L1", "L2"}},
      {{std::nullopt, std::nullopt, "call_in", std::nullopt, std::nullopt, std::nullopt}, {"L1", "L4"}},
      {{std::nullopt, std::nullopt, std::nullopt, "积水", std::nullopt, std::nullopt}, {"L1"}},
      {{std::nullopt, std::nullopt, std::nullopt, "110", std::nullopt, std::nullopt}, {"L1"}},       // the caller too
      {{std::nullopt, std::nullopt, std::nullopt, "GAS LEAK", std::nullopt, std::nullopt}, {"L4"}},  // ASCII case
      {{bj("2026-12-02 00:00"), bj("2026-12-03 00:00"), "call_in", "雅山", std::nullopt, std::nullopt}, {"L1"}},
  };
  for (const Case& c : cases) {
    const LogQuery query = validateLogQuery(c.request);
    std::vector<std::string> ids;
    for (const LogEntry& e : entries)
      if (matches(e, query)) ids.push_back(e.id);
    EXPECT_EQ(ids, c.ids);
  }
  EXPECT_EQ(errorOf([] {
              validateLogQuery({std::nullopt, std::nullopt, "calls", std::nullopt, std::nullopt, std::nullopt});
            }).code(),
            ErrorCode::InvalidParameter);
  EXPECT_EQ(errorOf([] {
              validateLogQuery({bj("2026-12-02 10:00"), bj("2026-12-02 10:00"), std::nullopt, std::nullopt,
                                std::nullopt, std::nullopt});
            }).detail(),
            "until: must be after since");
  EXPECT_EQ(errorOf([] {
              validateLogQuery({std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0});
            }).detail(),
            "limit: must be between 1 and 5000");
}

}  // namespace
}  // namespace eoc::duty::log_test
