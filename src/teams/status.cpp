#include "teams/status.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace eoc::teams {

namespace {

using S = TeamStatus;

constexpr EnumNames<S, 6> kNames{{{
    {S::Available, "available"},
    {S::Notified, "notified"},
    {S::EnRoute, "en_route"},
    {S::OnScene, "on_scene"},
    {S::Returning, "returning"},
    {S::Unavailable, "unavailable"},
}}};

// The transition table: the only place the machine is defined.
constexpr std::array<std::pair<S, S>, 11> kTransitions{{
    {S::Available, S::Notified},
    {S::Available, S::Unavailable},
    {S::Notified, S::EnRoute},
    {S::Notified, S::Available},
    {S::Notified, S::Unavailable},
    {S::EnRoute, S::OnScene},
    {S::EnRoute, S::Returning},
    {S::OnScene, S::Returning},
    {S::Returning, S::Available},
    {S::Returning, S::Unavailable},
    {S::Unavailable, S::Available},
}};

}  // namespace

const std::vector<TeamStatus>& allStatuses() {
  static const std::vector<TeamStatus> all = [] {
    auto values = kNames.values();
    return std::vector<TeamStatus>(values.begin(), values.end());
  }();
  return all;
}

std::string_view statusName(TeamStatus status) { return kNames.name(status); }

std::optional<TeamStatus> parseStatus(std::string_view name) { return kNames.parse(name); }

bool canTransition(TeamStatus from, TeamStatus to) {
  return std::find(kTransitions.begin(), kTransitions.end(), std::pair{from, to}) != kTransitions.end();
}

std::vector<TeamStatus> allowedNext(TeamStatus from) {
  std::vector<TeamStatus> out;
  for (TeamStatus to : allStatuses())
    if (canTransition(from, to)) out.push_back(to);
  return out;
}

void requireTransition(std::string_view teamId, TeamStatus from, TeamStatus to) {
  if (canTransition(from, to)) return;
  std::string allowed;
  for (TeamStatus s : allowedNext(from)) allowed += (allowed.empty() ? "" : ", ") + std::string(statusName(s));
  throw EocError(ErrorCode::InvalidTransition, "team " + std::string(teamId) + ": cannot go from " +
                                                   std::string(statusName(from)) + " to " +
                                                   std::string(statusName(to)) + " (allowed: " + allowed + ")");
}

}  // namespace eoc::teams
