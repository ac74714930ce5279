#pragma once
// Who may see what of the warnings area: the ONE policy, called by the use cases (and by the live
// event stream, whose draft events follow the same rule). Who may call a route at all is declared
// by the route (http/route_table.hpp); who may issue, update or cancel which warning is the
// lifecycle's rule (warnings/lifecycle.hpp: roles and the two-person rule).
#include <optional>

#include "core/principal.hpp"

namespace eoc::service {

struct WarningsPolicy {
  // Drafts — never issued, so not yet public — are the duty desk's: duty officers, approvers and
  // admins. Everyone else (committees, teams, viewers, anonymous readers) sees issued warnings.
  static bool seesDrafts(const std::optional<Principal>& reader);
  // Whether `reader` may see a warning that has (`issued`) or has not been issued.
  static bool mayRead(bool issued, const std::optional<Principal>& reader) { return issued || seesDrafts(reader); }
};

}  // namespace eoc::service
