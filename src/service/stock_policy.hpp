#pragma once
// Who may do what with the relief stock: the ONE policy of the area, asked by the use cases.
// Routes declare the same roles (http/stock_routes.cpp) so the OpenAPI document shows them.
#include <optional>

#include "core/principal.hpp"

namespace eoc::service {

struct StockPolicy {
  // Moving stock (receive, issue, transfer, write-off, count, a stocktake) is the duty desk's:
  // duty officers and admins. Approvers approve warnings, not stock.
  static bool mayMove(const Principal& actor) { return actor.role == Role::DutyOfficer || actor.role == Role::Admin; }
  // Stock, the ledger and the needs are for every signed-in role except teams in the field.
  static bool mayRead(const std::optional<Principal>& reader) { return reader && reader->role != Role::Team; }
};

}  // namespace eoc::service
