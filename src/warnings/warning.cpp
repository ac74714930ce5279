#include "warnings/warning.hpp"

#include <array>
#include <utility>

namespace eoc::warnings {

namespace {
constexpr std::array<std::pair<WarningStatus, std::string_view>, 3> kStatuses{{
    {WarningStatus::Actual, "Actual"}, {WarningStatus::Exercise, "Exercise"}, {WarningStatus::Test, "Test"}}};
}

std::string_view statusName(WarningStatus s) {
  for (auto& [v, n] : kStatuses)
    if (v == s) return n;
  return "Actual";
}

std::optional<WarningStatus> parseStatus(std::string_view s) {
  for (auto& [v, n] : kStatuses)
    if (n == s) return v;
  return std::nullopt;
}

std::string_view stateName(WarningState s) {
  switch (s) {
    case WarningState::Draft: return "draft";
    case WarningState::Issued: return "issued";
    case WarningState::Updated: return "updated";
    case WarningState::Cancelled: return "cancelled";
    case WarningState::Expired: return "expired";
  }
  return "draft";
}

std::string_view msgTypeName(MsgType m) {
  switch (m) {
    case MsgType::Alert: return "Alert";
    case MsgType::Update: return "Update";
    case MsgType::Cancel: return "Cancel";
  }
  return "Alert";
}

bool WarningArea::operator==(const WarningArea& o) const {
  if (committees != o.committees || polygon.has_value() != o.polygon.has_value()) return false;
  return !polygon || gis::bg::equals(*polygon, *o.polygon);
}

std::string IssuedMessage::referenceTriple() const { return sender + "," + identifier + "," + formatBeijing(sent); }

std::optional<TimePoint> Warning::endedAt() const {
  if (state == WarningState::Expired) return expires;
  if (state == WarningState::Cancelled && !messages.empty()) return messages.back().sent;
  return std::nullopt;
}

}  // namespace eoc::warnings
