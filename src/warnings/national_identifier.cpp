#include "warnings/national_identifier.hpp"

#include "core/ascii.hpp"

namespace eoc::warnings {

std::optional<NationalIdentifier> parseNationalIdentifier(std::string_view id) {
  // 14 digits, '_', 14 digits, then optionally '_' and one digit.
  if (id.size() != 29 && id.size() != 31) return std::nullopt;
  if (id[14] != '_' || !allDigits(id.substr(0, 14)) || !allDigits(id.substr(15, 14))) return std::nullopt;
  NationalIdentifier n;
  if (id.size() == 31) {
    if (id[29] != '_' || !allDigits(id.substr(30, 1))) return std::nullopt;
    n.sequence = id[30] - '0';
  }
  const std::string_view t = id.substr(15, 14);
  const std::string iso = std::string(t.substr(0, 4)) + "-" + std::string(t.substr(4, 2)) + "-" +
                          std::string(t.substr(6, 2)) + "T" + std::string(t.substr(8, 2)) + ":" +
                          std::string(t.substr(10, 2)) + ":" + std::string(t.substr(12, 2)) + "+08:00";
  auto recorded = parseIso8601(iso);
  // A real calendar date and time of day (no 31 April, no 24:00:00).
  if (!recorded || formatBeijingCompact(*recorded) != t) return std::nullopt;
  n.areaCode = std::string(id.substr(0, 6));
  n.department = std::string(id.substr(6, 3));
  n.unit = std::string(id.substr(9, 3));
  n.extension = std::string(id.substr(12, 2));
  n.recordedAt = *recorded;
  return n;
}

bool isStrictNationalIdentifier(std::string_view identifier) {
  auto n = parseNationalIdentifier(identifier);
  return n && n->sequence.has_value();
}

std::optional<UpstreamReference> parseUpstreamReference(std::string_view triple) {
  const auto first = triple.find(','), last = triple.rfind(',');
  if (first == std::string_view::npos || first == last || first == 0 || last + 1 == triple.size()) return std::nullopt;
  UpstreamReference r;
  r.sender = std::string(triple.substr(0, first));
  r.identifier = std::string(triple.substr(first + 1, last - first - 1));
  r.sent = std::string(triple.substr(last + 1));
  if (r.identifier.empty()) return std::nullopt;
  r.national = parseNationalIdentifier(r.identifier);
  return r;
}

nlohmann::json toJson(const UpstreamReference& r) {
  nlohmann::json national = nullptr;
  if (r.national) {
    national = {{"area_code", r.national->areaCode},
                {"unit_code", r.national->unitCode()},
                {"department", r.national->department},
                {"recorded_at", formatBeijing(r.national->recordedAt)},
                {"sequence", r.national->sequence ? nlohmann::json(*r.national->sequence) : nlohmann::json(nullptr)}};
  }
  return {{"sender", r.sender}, {"identifier", r.identifier}, {"sent", r.sent}, {"national", national}};
}

}  // namespace eoc::warnings
