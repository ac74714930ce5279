#pragma once
// Who may see or do what with a team, beyond the role a route declares: the one policy of the
// teams area, asked by TeamsService.
#include <string>

#include "core/principal.hpp"

namespace eoc::service {

class TeamsPolicy {
 public:
  // Leaders' phones are unmasked for the desk (duty officers, admins) only; the public (no token)
  // and the teams themselves see them masked.
  static bool seesPhones(const Principal* who);
  // A team token acts for its own team only; a duty officer for any team when `dutyOfficerMay`.
  // Throws EocError(Forbidden) otherwise.
  static void requireActsFor(const Principal& who, const std::string& teamId, bool dutyOfficerMay);
};

}  // namespace eoc::service
