#include "service/warnings_policy.hpp"

namespace eoc::service {

bool WarningsPolicy::seesDrafts(const std::optional<Principal>& reader) {
  return reader && (reader->role == Role::DutyOfficer || reader->role == Role::Approver || reader->role == Role::Admin);
}

}  // namespace eoc::service
