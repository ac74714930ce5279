#pragma once
// CAP ingest: an upstream alert (the city observatory) parsed safely, validated (schema + rules)
// and mapped onto our signal catalogue. The service turns the result into a relay draft.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "gis/geometry.hpp"
#include "warnings/cap_message.hpp"
#include "warnings/cap_validator.hpp"
#include "warnings/signal_catalogue.hpp"

namespace eoc::warnings {

struct CapReference {
  std::string sender, identifier, sent;
  std::string triple() const { return sender + "," + identifier + "," + sent; }
};

struct IngestedCap {
  CapAlert alert;
  TimePoint sent;
  std::vector<CapReference> references;  // Update/Cancel: superseded; Ack: acknowledged
  // Mapped signal (Alert/Update always; Cancel when recognisable, Ack never).
  std::optional<std::string> type;
  std::optional<std::string> level;
  std::optional<TimePoint> onset, expires;
  std::vector<gis::Polygon> polygons;    // lon/lat, from the lat,lon CAP text
  std::vector<std::string> geocodes;     // GB/T 2260 codes named by the alert (isDivisionCodeScheme)
  std::string triple() const { return alert.sender + "," + alert.identifier + "," + alert.sent; }
};

// Throws EocError(InvalidCap) with every reason when the alert is unsafe, invalid, or an
// Alert/Update whose event or colour does not map onto a type × level of the catalogue.
IngestedCap readIngestCap(std::string_view xml, const SignalCatalogue& catalogue,
                          const CapProfile& profile = CapProfile{false});

}  // namespace eoc::warnings
