#pragma once
// Who is calling: resolved from a bearer token by the service, checked by every use case.
#include <optional>
#include <string>
#include <string_view>

namespace eoc {

enum class Role { DutyOfficer, Approver, Committee, Team, Viewer, Admin };

std::string_view roleName(Role role);                       // "duty_officer", "committee", ...
std::optional<Role> parseRole(std::string_view name);

struct Principal {
  Role role = Role::Viewer;
  std::string subject;  // committee code for Committee, team id for Team, empty otherwise
  std::string name;     // the person; the two-person rule compares this, not the token
  std::string tokenId;  // short public id of the token (never the secret)

  // "committee:650103001" / "duty_officer" — as written in the audit log.
  std::string label() const;
};

}  // namespace eoc
