#include "warnings/warning_request.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace eoc::warnings {

namespace bg = boost::geometry;

namespace {

WarningArea validateArea(const AreaInput& input, const DistrictGeometry& district) {
  WarningArea area;
  for (size_t i = 0; i < input.committees.size(); ++i) {
    const std::string field = "area.committees[" + std::to_string(i) + "]";
    const auto& code = input.committees[i];
    if (!district.committeeCodes.count(code))
      throw EocError(ErrorCode::UnknownCommittee, field + ": '" + code + "' is not a committee of the district");
    if (std::find(area.committees.begin(), area.committees.end(), code) != area.committees.end())
      throw EocError(ErrorCode::InvalidBody, field + ": '" + code + "' is listed twice");
    area.committees.push_back(code);
  }
  if (input.polygon) area.polygon = validateAreaPolygon(*input.polygon, district);
  return area;
}

void checkTimes(TimePoint onset, TimePoint expires, TimePoint now, const WarningPolicy& policy) {
  if (expires <= onset)
    throw EocError(ErrorCode::InvalidTime,
                   "expires: " + formatBeijing(expires) + " is not after onset " + formatBeijing(onset));
  if (expires <= now) throw EocError(ErrorCode::InvalidTime, "expires: " + formatBeijing(expires) + " is in the past");
  if (onset < now - policy.onsetPastTolerance)
    throw EocError(ErrorCode::InvalidTime, "onset: " + formatBeijing(onset) + " lies too far in the past");
  if (expires - onset > policy.maxDuration)
    throw EocError(ErrorCode::InvalidTime, "expires: a warning may last at most " +
                                               std::to_string(policy.maxDuration.count() / 3600) + " hours");
}

void checkDescription(const std::optional<std::string>& description, const WarningPolicy& policy) {
  if (description && codePointCount(*description) > policy.maxDescriptionCodePoints)
    throw EocError(ErrorCode::InvalidBody,
                   "description: longer than " + std::to_string(policy.maxDescriptionCodePoints) + " characters");
}

}  // namespace

size_t codePointCount(std::string_view s) {
  // Every UTF-8 code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return size_t(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

gis::Polygon validateAreaPolygon(const RingInput& ring, const DistrictGeometry& district, const std::string& field) {
  if (ring.size() < 4)
    throw EocError(ErrorCode::InvalidGeometry, field + ": a ring needs at least 4 positions (closed triangle)");
  gis::Polygon poly;
  for (size_t i = 0; i < ring.size(); ++i) {
    if (!isValidLonLat(ring[i].lon, ring[i].lat))
      throw EocError(ErrorCode::InvalidCoordinate,
                     field + ": position " + std::to_string(i) + " is not a valid lon/lat");
    poly.outer().push_back(gis::toPoint(ring[i]));
  }
  if (!bg::equals(poly.outer().front(), poly.outer().back()))
    throw EocError(ErrorCode::InvalidGeometry, field + ": ring is not closed (first and last positions differ)");
  bg::correct(poly);  // accept either orientation
  std::string why;
  if (!bg::is_valid(poly, why)) {
    if (why.find("self-intersection") != std::string::npos)
      throw EocError(ErrorCode::InvalidGeometry, field + ": ring intersects itself");
    throw EocError(ErrorCode::InvalidGeometry, field + ": " + why);
  }
  if (district.boundary.empty() || !bg::covered_by(poly, district.boundary))
    throw EocError(ErrorCode::OutsideDistrict, field + ": polygon reaches outside the district");
  return poly;
}

WarningRequest validateDraft(const DraftRequest& request, const SignalCatalogue& catalogue,
                             const DistrictGeometry& district, TimePoint now, const WarningPolicy& policy) {
  catalogue.require(request.type, request.level);  // UnknownHazard / UnknownLevel naming the field
  WarningRequest r;
  r.type = request.type;
  r.level = request.level;
  r.status = request.status;
  r.area = validateArea(request.area, district);
  r.onset = request.onset;
  r.expires = request.expires;
  checkTimes(r.onset, r.expires, now, policy);
  checkDescription(request.description, policy);
  r.description = request.description;
  if (request.drillId) {
    if (r.status != WarningStatus::Exercise)
      throw EocError(ErrorCode::InvalidParameter, "drill_id: only an Exercise belongs to a drill");
    r.drillId = request.drillId;
  }
  return r;
}

WarningChanges validateUpdate(const UpdateRequest& request, const Warning& current, const SignalCatalogue& catalogue,
                              const DistrictGeometry& district, TimePoint now, const WarningPolicy& policy) {
  if (request.status && *request.status != current.status) {
    if (*request.status == WarningStatus::Actual)
      throw EocError(ErrorCode::ExerciseCannotBecomeActual,
                     "status: warning " + current.id + " is " + std::string(statusName(current.status)) +
                         " and can never become Actual; draft a new Actual warning instead");
    throw EocError(ErrorCode::InvalidTransition, "status: the status of a warning never changes");
  }
  WarningChanges c;
  if (request.level) {
    catalogue.require(current.type, *request.level);
    c.level = request.level;
  }
  if (request.expires) {
    // An update may extend a warning whose onset lies long past: only the end is checked anew.
    checkTimes(current.onset, *request.expires, now,
               WarningPolicy{std::chrono::hours(24 * 365 * 10), policy.maxDuration, policy.maxDescriptionCodePoints});
    c.expires = request.expires;
  }
  if (request.area) c.area = validateArea(*request.area, district);
  checkDescription(request.description, policy);
  c.description = request.description;
  if (!c.level && !c.expires && !c.area && !c.description)
    throw EocError(ErrorCode::InvalidBody, "body: names nothing to change (level, expires, area or description)");
  return c;
}

void validateCancel(const CancelRequest& request) {
  if (request.reason.empty() && !request.falseAlarm)
    throw EocError(ErrorCode::InvalidBody, "reason: is required unless false_alarm is true");
}

}  // namespace eoc::warnings
