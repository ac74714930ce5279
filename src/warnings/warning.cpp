#include "warnings/warning.hpp"

#include "core/enum_names.hpp"

namespace eoc::warnings {

namespace {
constexpr EnumNames<WarningStatus, 3> kStatuses{{{
    {WarningStatus::Actual, "Actual"}, {WarningStatus::Exercise, "Exercise"}, {WarningStatus::Test, "Test"}}}};
constexpr EnumNames<WarningState, 5> kStates{{{{WarningState::Draft, "draft"},
                                               {WarningState::Issued, "issued"},
                                               {WarningState::Updated, "updated"},
                                               {WarningState::Cancelled, "cancelled"},
                                               {WarningState::Expired, "expired"}}}};
constexpr EnumNames<MsgType, 3> kMsgTypes{{{{MsgType::Alert, "Alert"}, {MsgType::Update, "Update"},
                                            {MsgType::Cancel, "Cancel"}}}};
}  // namespace

std::string_view statusName(WarningStatus s) { return kStatuses.name(s); }
std::optional<WarningStatus> parseStatus(std::string_view s) { return kStatuses.parse(s); }
std::string_view stateName(WarningState s) { return kStates.name(s); }
std::optional<WarningState> parseState(std::string_view s) { return kStates.parse(s); }
std::string_view msgTypeName(MsgType m) { return kMsgTypes.name(m); }
std::optional<MsgType> parseMsgType(std::string_view m) { return kMsgTypes.parse(m); }

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
