#pragma once
// The requests of the warnings area, one struct per endpoint, and the ONE place that checks what
// they mean.
//
// The road: the HTTP edge parses a body into one of these structs (syntax: JSON types, required
// and unknown keys, time text; http/warnings_requests.hpp), the use case (service/warnings_service)
// calls validate*() here (meaning: the signal catalogue, the district, times, the two statuses), and
// only a validated WarningRequest / WarningChanges reaches the lifecycle. Nothing here knows JSON.
// Every failure throws EocError naming the field as the client wrote it ("area.committees[1]").
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/geo_point.hpp"
#include "core/time.hpp"
#include "gis/geometry.hpp"
#include "warnings/lifecycle.hpp"
#include "warnings/signal_catalogue.hpp"

namespace eoc::warnings {

// What validation needs to know about the district (the service builds it from the layers).
struct DistrictGeometry {
  std::set<std::string, std::less<>> committeeCodes;  // 9-digit codes of the committees layer
  gis::MultiPolygon boundary;                         // the district boundary, WGS84
};

struct WarningPolicy {
  // How far onset may lie in the past ("already reached and likely to continue").
  std::chrono::seconds onsetPastTolerance{std::chrono::hours(1)};
  std::chrono::seconds maxDuration{std::chrono::hours(24 * 7)};
  size_t maxDescriptionCodePoints = 2000;
};

// The outer ring of a GeoJSON Polygon as sent: (lon, lat) positions, not yet checked.
using RingInput = std::vector<GeoPoint>;

struct AreaInput {
  std::vector<std::string> committees;  // as sent, in order
  std::optional<RingInput> polygon;
};

// POST /warnings
struct DraftRequest {
  std::string type;
  std::string level;
  WarningStatus status = WarningStatus::Actual;
  AreaInput area;
  TimePoint onset{};
  TimePoint expires{};
  std::optional<std::string> description;
  std::optional<std::string> drillId;
};

// POST /warnings/{id}/issue
struct IssueRequest {
  std::string id;
};

// POST /warnings/{id}/update: only what changes.
struct UpdateRequest {
  std::string id;
  std::optional<WarningStatus> status;  // may only name the warning's own status
  std::optional<std::string> level;
  std::optional<TimePoint> expires;
  std::optional<AreaInput> area;
  std::optional<std::string> description;
};

// POST /warnings/{id}/cancel
struct CancelRequest {
  std::string id;
  std::string reason;
  bool falseAlarm = false;
};

// GET /warnings
// GET /warnings: the desk's list and the warning history (issue 19). Times are drafted-at
// bounds, [from, to).
struct ListRequest {
  bool activeOnly = false;  // issued or updated only
  std::optional<WarningStatus> status;
  std::optional<TimePoint> from, to;
  std::optional<std::string> type, level;  // signal type and colour keys
  std::optional<WarningState> state;
  size_t limit = 1000;
  size_t offset = 0;
};

// GET /warnings/stats: counts by month, type and level for the annual report.
struct StatsRequest {
  std::optional<WarningStatus> status;
  std::optional<TimePoint> from, to;
  std::optional<std::string> type, level;
};

// GET /warnings/{id} and GET /warnings/{id}/cap.xml
struct ReadRequest {
  std::string id;
};

// GET /cap/feed.atom
struct FeedRequest {
  std::string baseUrl;  // "http://host:port" as the client sees eoc, for the feed's links
};

// POST /cap/ingest
struct IngestRequest {
  std::string xml;  // one CAP 1.2 message, untrusted
};

WarningRequest validateDraft(const DraftRequest& request, const SignalCatalogue& catalogue,
                             const DistrictGeometry& district, TimePoint now, const WarningPolicy& policy = {});

// `current` is the warning being updated: its status decides what a "status" field may say
// (asking an Exercise/Test to become Actual → ExerciseCannotBecomeActual).
WarningChanges validateUpdate(const UpdateRequest& request, const Warning& current, const SignalCatalogue& catalogue,
                              const DistrictGeometry& district, TimePoint now, const WarningPolicy& policy = {});

// A reason is required unless it is a false alarm (that Cancel carries pre-worded text).
void validateCancel(const CancelRequest& request);

// A ring as sent → a valid, closed, simple polygon inside the district, or throws naming `field`.
gis::Polygon validateAreaPolygon(const RingInput& ring, const DistrictGeometry& district,
                                 const std::string& field = "area.polygon");

size_t codePointCount(std::string_view utf8);

}  // namespace eoc::warnings
