#pragma once
// `eoc drill plan|run --simulate|report` on the command line. The drills use cases run on the
// store with only what they need — the data files, the store and the drills service — and nothing
// else is started: no webhook delivery resumes, no warning expires, no live drill fires (a serving
// eoc may be running on the same store). Live runs belong to the serving eoc (http/drill_client).
#include <string>

#include "core/config.hpp"
#include "core/principal.hpp"
#include "service/drills_service.hpp"

namespace eoc::service {

// Returns what to print; throws EocError (naming the argument, file or field) on bad input.
std::string runDrillCommand(const Config& config, const DrillCommand& command, const Principal& who);

}  // namespace eoc::service
