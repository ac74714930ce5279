#include "core/principal.hpp"

#include <array>
#include <utility>

namespace eoc {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{{
    {Role::DutyOfficer, "duty_officer"},
    {Role::Approver, "approver"},
    {Role::Committee, "committee"},
    {Role::Team, "team"},
    {Role::Viewer, "viewer"},
    {Role::Admin, "admin"},
}};
}

std::string_view roleName(Role role) {
  for (auto& [r, n] : kRoles)
    if (r == role) return n;
  return "viewer";
}

std::optional<Role> parseRole(std::string_view name) {
  for (auto& [r, n] : kRoles)
    if (n == name) return r;
  return std::nullopt;
}

std::string Principal::label() const {
  std::string out(roleName(role));
  if (!subject.empty()) out += ":" + subject;
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

}  // namespace eoc
