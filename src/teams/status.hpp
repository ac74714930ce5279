#pragma once
// The team status machine, after Resgrid's unit states:
//
//   available -> notified -> en_route -> on_scene -> returning -> available
//   available / notified / returning -> unavailable (off duty) -> available
//   notified -> available (stood down before leaving); en_route -> returning (recalled)
//
// Anything else is refused with the list of states allowed next.
#include <optional>
#include <string_view>
#include <vector>

namespace eoc::teams {

enum class TeamStatus { Available, Notified, EnRoute, OnScene, Returning, Unavailable };

const std::vector<TeamStatus>& allStatuses();
std::string_view statusName(TeamStatus status);  // "available", "en_route", ...
std::optional<TeamStatus> parseStatus(std::string_view name);

// The states a team in `from` may move to, in the order of allStatuses().
std::vector<TeamStatus> allowedNext(TeamStatus from);
bool canTransition(TeamStatus from, TeamStatus to);

// Throws EocError(InvalidTransition) "team T07: cannot go from available to on_scene (allowed:
// notified, unavailable)" unless canTransition(from, to).
void requireTransition(std::string_view teamId, TeamStatus from, TeamStatus to);

}  // namespace eoc::teams
