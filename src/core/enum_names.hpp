#pragma once
// The one table between an enum and the names it has in JSON, CAP, SQL and the command line:
//
//   constexpr EnumNames<Role, 2> kRoles{{{Role::Viewer, "viewer"}, {Role::Admin, "admin"}}};
//   kRoles.name(Role::Admin)   -> "admin"
//   kRoles.parse("viewer")     -> Role::Viewer;  kRoles.parse("root") -> nullopt
//   kRoles.list()              -> "viewer, admin" (for error messages)
//
// Every value of the enum must be in the table: name() of a value that is not is a bug and throws
// std::logic_error rather than inventing a name.
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace eoc {

template <class Enum, std::size_t N>
class EnumNames {
 public:
  using Entry = std::pair<Enum, std::string_view>;

  constexpr explicit EnumNames(std::array<Entry, N> entries) : entries_(entries) {}

  constexpr std::string_view name(Enum value) const {
    for (const auto& [v, n] : entries_)
      if (v == value) return n;
    throw std::logic_error("EnumNames: a value without a name");
  }

  constexpr std::optional<Enum> parse(std::string_view text) const {
    for (const auto& [v, n] : entries_)
      if (n == text) return v;
    return std::nullopt;
  }

  // The values in table order.
  constexpr std::array<Enum, N> values() const {
    std::array<Enum, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = entries_[i].first;
    return out;
  }

  // "a, b, c": the names in table order, for messages that say what would have been accepted.
  std::string list(std::string_view separator = ", ") const {
    std::string out;
    for (const auto& entry : entries_) {
      if (!out.empty()) out += separator;
      out += entry.second;
    }
    return out;
  }

 private:
  std::array<Entry, N> entries_;
};

}  // namespace eoc
