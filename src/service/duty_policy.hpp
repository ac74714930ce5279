#pragma once
// Who may see or do what at the duty desk beyond the route's roles (one policy for the area):
// - the duty log and the reports upward are written by duty officers, each entry under the
//   token's person; an admin reads;
// - a handover is accepted by a person other than the one who handed it over (the domain's
//   checkCanAccept), and only by a duty officer;
// - a drill's incident (its activation an exercise) is drafted with the exercise prefix first.
#include "core/principal.hpp"

namespace eoc::service {

struct DutyPolicy {
  static bool mayWrite(const Principal& who) { return who.role == Role::DutyOfficer; }
  static bool mayAcceptHandover(const Principal& who) { return who.role == Role::DutyOfficer; }
  // Phones of officers on duty are shown to desk roles; others see names only.
  static bool maySeePhones(const Principal& who) {
    return who.role == Role::DutyOfficer || who.role == Role::Approver || who.role == Role::Admin;
  }
};

}  // namespace eoc::service
