#pragma once
// The real shipped catalogue and texts, a box-shaped stand-in for the district boundary, three
// committees and the people of a duty desk: what every warnings test starts from.
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "warnings/cap_writer.hpp"
#include "warnings/lifecycle.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::warnings::testing {

std::string fixture(const std::string& name);  // tests/warnings/fixtures/<name> contents
const SignalCatalogue& shippedCatalogue();
const WarningTexts& shippedTexts();
const DistrictGeometry& district();            // committees 650103001…003 inside a district box
std::vector<CommitteeArea> committeeAreas();   // three adjacent squares inside the box

Principal person(Role role, const std::string& name);
TimePoint at(const std::string& beijing);     // "2026-07-12T15:00:00+08:00"

struct Desk {
  IdentifierSequence ids{"65010300000000"};
  WarningLifecycle lifecycle{shippedCatalogue(), "eoc.650103", ids};
  Principal author = person(Role::DutyOfficer, "王敏");
  Principal approver = person(Role::Approver, "李强");
  Principal otherOfficer = person(Role::DutyOfficer, "张伟");
  Warning draft(const std::string& type = "rainstorm", const std::string& level = "orange",
                WarningStatus status = WarningStatus::Actual);
  Warning issued(const std::string& type = "rainstorm", const std::string& level = "orange",
                 WarningStatus status = WarningStatus::Actual);
};

}  // namespace eoc::warnings::testing
