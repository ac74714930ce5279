#include "drills/drill_request.hpp"

#include "core/enum_names.hpp"

namespace eoc::drills {

namespace {
constexpr EnumNames<RunMode, 2> kRunModes{{{{RunMode::Simulated, "simulated"}, {RunMode::Live, "live"}}}};
}  // namespace

std::string_view runModeName(RunMode mode) { return kRunModes.name(mode); }

}  // namespace eoc::drills
