#pragma once
// The report text drafted for the officer (报告文稿) from what eoc knows of an incident — time,
// place, type, casualties and impact, measures taken, next steps, reporter and phone — for the
// officer to edit before it is recorded. The wording is data: the "drafts" section of
// plans/reporting-rules.json, checked at load; a fact not known reads as the configured
// "to be verified" text, so that nothing unknown looks known.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "duty/calendar.hpp"
#include "duty/reports.hpp"
#include "plans/levels.hpp"

namespace eoc::duty {

class DraftTemplates {
 public:
  // `doc` is the "drafts" object; `pointer` where it sits in `origin`. Every template may use only
  // its own placeholders; throws EocError(InvalidBody) "<origin>: <pointer>: …".
  static DraftTemplates fromJson(const nlohmann::json& doc, const std::string& origin, const std::string& pointer);

  const std::string& unit() const { return unit_; }
  const std::string& district() const { return district_; }
  const std::string& unknown() const { return unknown_; }
  const std::string& exercisePrefix() const { return exercisePrefix_; }
  std::string stageName(ReportStage stage) const;        // 首报 …
  std::string channelName(ReportChannel channel) const;  // 电话 / 书面
  std::string levelText(plans::Level level) const;       // 较大（Ⅲ级）

  // Fills template `key` ("title", "line:3", "zero_title", …) with `values`.
  std::string fill(const std::string& key, const std::map<std::string, std::string>& values) const;
  std::size_t lineCount() const { return lines_.size(); }

 private:
  std::string unit_, district_, unknown_, exercisePrefix_, listSeparator_, listEnd_, noCasualties_;
  std::map<std::string, std::string> stages_, channels_, levels_, casualtyItems_;
  std::map<std::string, std::string> templates_;  // title, zero_title, zero_text, line:0 …
  std::vector<std::string> lines_;
  friend struct DraftRenderer;
};

struct Casualties {
  std::optional<int> dead;
  std::optional<int> missing;
  std::optional<int> injured;
};

// What the service knows when the officer asks for a draft.
struct DraftFacts {
  ReportStage stage = ReportStage::First;
  bool exercise = false;  // a drill's incident: every text begins with the exercise prefix
  std::string type;       // 燃气泄漏 (the incident type's name)
  std::optional<plans::Level> level;
  std::optional<TimePoint> occurredAt;  // when it happened (else when the desk learned of it)
  std::string place;                    // address, or the committee and coordinates
  Casualties casualties;
  std::string impact;                  // 影响: free text, may be empty
  std::vector<std::string> measures;   // 已采取措施: dispatches, actions done, log instructions
  std::vector<std::string> nextSteps;  // 下一步工作: pending actions
  std::string reporter;                // the officer on duty
  std::string phone;                   // their phone (the roster's)
  TimePoint now{};
};

struct DraftText {
  std::string title;
  std::string text;  // lines separated by "\n"; the title is not repeated in it
};

DraftText draftIncidentReport(const DraftFacts& facts, const DraftTemplates& templates);

struct ZeroDraftFacts {
  Date date{};
  bool exercise = false;
  std::string reporter;
  std::string phone;
  TimePoint now{};
};
DraftText draftZeroReport(const ZeroDraftFacts& facts, const DraftTemplates& templates);

}  // namespace eoc::duty
