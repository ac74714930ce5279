#include "core/principal.hpp"

#include "core/enum_names.hpp"

namespace eoc {

namespace {
constexpr EnumNames<Role, 6> kRoles{{{
    {Role::DutyOfficer, "duty_officer"},
    {Role::Approver, "approver"},
    {Role::Committee, "committee"},
    {Role::Team, "team"},
    {Role::Viewer, "viewer"},
    {Role::Admin, "admin"},
}}};
}  // namespace

std::string_view roleName(Role role) { return kRoles.name(role); }

std::optional<Role> parseRole(std::string_view name) { return kRoles.parse(name); }

std::string Principal::label() const {
  std::string out(roleName(role));
  if (!subject.empty()) out += ":" + subject;
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

}  // namespace eoc
