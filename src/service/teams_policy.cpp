#include "service/teams_policy.hpp"

#include "core/error.hpp"

namespace eoc::service {

bool TeamsPolicy::seesPhones(const Principal* who) {
  return who && (who->role == Role::DutyOfficer || who->role == Role::Admin);
}

void TeamsPolicy::requireActsFor(const Principal& who, const std::string& id, bool dutyOfficerMay) {
  if (who.role == Role::Team && who.subject == id) return;
  if (dutyOfficerMay && who.role == Role::DutyOfficer) return;
  if (who.role == Role::Team)
    throw EocError(ErrorCode::Forbidden, "team " + who.subject + " may not act for team " + id);
  throw EocError(ErrorCode::Forbidden, "role " + std::string(roleName(who.role)) + " may not act for team " + id);
}

}  // namespace eoc::service
