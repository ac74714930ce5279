#include "support/duty_fixtures.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace eoc::duty::testing {

TimePoint bj(const std::string& text) {
  auto t = parseIso8601(text.substr(0, 10) + "T" + text.substr(11) + ":00+08:00");
  if (!t) ADD_FAILURE() << "bad test time " << text;
  return t.value_or(TimePoint{});
}

std::filesystem::path repoPath(const std::string& relative) { return std::filesystem::path(EOC_SOURCE_DIR) / relative; }

const RosterSettings& shippedRosterSettings() {
  static const RosterSettings settings = RosterSettings::load(repoPath("plans/duty-roster.json"));
  return settings;
}

std::set<std::string> shippedIncidentTypes() {
  std::ifstream in(repoPath("plans/hazards.json"));
  const auto doc = nlohmann::json::parse(in);
  std::set<std::string> types;
  for (const auto& [key, value] : doc.at("incidents").items()) types.insert(key);
  return types;
}

const ReportingRules& shippedReportingRules() {
  static const ReportingRules rules =
      ReportingRules::load(repoPath("plans/reporting-rules.json"), shippedIncidentTypes());
  return rules;
}

}  // namespace eoc::duty::testing
