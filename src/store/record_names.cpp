// The names of the store's record enums, as written in rows and shown by the API (every backend
// writes the same names).
#include "core/enum_names.hpp"
#include "store/activation_repository.hpp"
#include "store/drill_repository.hpp"

namespace eoc::store {

namespace {
constexpr EnumNames<ActivationSource, 3> kSources{{{
    {ActivationSource::Warning, "warning"},
    {ActivationSource::Incident, "incident"},
    {ActivationSource::Drill, "drill"},
}}};
constexpr EnumNames<ActionState, 3> kActionStates{{{
    {ActionState::Pending, "pending"},
    {ActionState::Done, "done"},
    {ActionState::Skipped, "skipped"},
}}};

}  // namespace

std::optional<ActivationSource> parseActivationSource(std::string_view name) { return kSources.parse(name); }

std::string_view activationSourceName(ActivationSource source) { return kSources.name(source); }

std::string_view actionStateName(ActionState state) { return kActionStates.name(state); }

std::optional<ActionState> parseActionState(std::string_view name) { return kActionStates.parse(name); }

namespace {
constexpr EnumNames<DrillState, 3> kDrillStates{{{
    {DrillState::Planned, "planned"},
    {DrillState::Running, "running"},
    {DrillState::Finished, "finished"},
}}};
}  // namespace

std::string_view drillStateName(DrillState state) { return kDrillStates.name(state); }
std::optional<DrillState> parseDrillState(std::string_view name) { return kDrillStates.parse(name); }

}  // namespace eoc::store
