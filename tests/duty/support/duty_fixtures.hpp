#pragma once
// Shared by the duty tests: Beijing times written as people read them, the shipped data files, and
// a check that a call throws a given EocError.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "duty/reporting_rules.hpp"
#include "duty/roster_import.hpp"

namespace eoc::duty::testing {

// "2026-12-02 08:00" (Beijing) → TimePoint; fails the test on a typo.
TimePoint bj(const std::string& text);

std::filesystem::path repoPath(const std::string& relative);  // under the source tree
const RosterSettings& shippedRosterSettings();                // plans/duty-roster.json
std::set<std::string> shippedIncidentTypes();                 // the keys of plans/hazards.json "incidents"
const ReportingRules& shippedReportingRules();                // plans/reporting-rules.json

// Runs `f`, returns the EocError it throws; fails the test if it throws none.
template <class F>
EocError errorOf(F&& f) {
  try {
    f();
  } catch (const EocError& e) {
    return e;
  }
  ADD_FAILURE() << "no EocError thrown";
  return EocError(ErrorCode::Internal, "(none)");
}

}  // namespace eoc::duty::testing
