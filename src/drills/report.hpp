#pragma once
// After-action report (AQ/T 9009 evaluation): each objective's target against what happened,
// rated P/S/M/U, per-committee acknowledgement latency, per-team notified → en route → on scene,
// the impact's open problems, and the improvement plan.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drills/impact.hpp"
#include "drills/scenario.hpp"
#include "drills/simulation.hpp"

namespace eoc::drills {

// P: performed without challenges (actual ≤ target); S: some challenges (≤ 1.25 × target);
// M: major challenges (≤ 2 × target); U: unable to perform (later, or never happened).
enum class Rating { P, S, M, U };
char ratingLetter(Rating r);
Rating rate(std::optional<double> actualMin, double targetMin);

struct ObjectiveResult {
  Objective objective;
  std::optional<double> actualMin;
  Rating rating = Rating::U;
  std::string evidence;  // which committee/team set the figure
};

struct ImprovementRow {
  std::string issue;
  std::string correctiveAction;
  std::string capabilityElement;  // 组织指挥 / 预警信息发布 / 队伍调度 / 避难场所保障 ...
  std::string responsibleUnit;
  std::string due;                // ISO date time (+08:00)
};

struct AfterActionReport {
  std::string drillId;
  std::string title;
  std::string type;
  std::string mode;
  TimePoint start{};
  std::vector<ObjectiveResult> objectives;
  RunRecord run;
  ImpactHeadlines impact;
  std::vector<ImprovementRow> improvements;
};

// Improvements: one row per objective rated M or U, per committee later than the ack target or
// silent, for uncovered hazard points and for a shelter shortfall; due 30 days after the drill.
AfterActionReport buildReport(const std::string& drillId, const Scenario& scenario, const RunRecord& run,
                              const ImpactHeadlines& impact);

nlohmann::json toJson(const AfterActionReport& report);
// The relief stock's needs for the drill's displaced, in the words of the stock area (one sentence
// per item; the HTTP edge asks the stock service for them): a subsection of the impact.
struct ReliefSupplyLines {
  long long people = 0;
  int days = 0;
  std::vector<std::string> sentences;
};

// Printable Chinese HTML with an inline SVG timeline of the team milestones, and the relief
// stock's needs under the impact when given.
std::string renderHtml(const AfterActionReport& report, const std::optional<ReliefSupplyLines>& supply = std::nullopt);
// One line per objective, committee and team: section,id,name,target_min,actual_min,rating.
std::string renderCsv(const AfterActionReport& report);

}  // namespace eoc::drills
