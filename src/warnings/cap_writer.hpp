#pragma once
// Builds the CAP 1.2 alert for one issued message of a warning and renders it as XML, JSON and,
// for many warnings, as an Atom feed. Every alert built here validates against the XSD and the
// eoc profile (tests prove it for every signal type × level and every message type).
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gis/geometry.hpp"
#include "warnings/cap_message.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"
#include "warnings/warning.hpp"

namespace eoc::warnings {

// One warned committee as the caller knows it from the committees layer.
struct CommitteeArea {
  std::string code;          // 9-digit GB/T 2260 code
  std::string name;          // "友好南路片区管委会"
  gis::MultiPolygon area;    // WGS84 lon/lat; holes are dropped in CAP (it has none)
};

// `committees` must be those of w.area.committees (in any order; missing geometry is allowed and
// then only the geocode is written).
CapAlert buildCapAlert(const Warning& w, const IssuedMessage& message, const SignalCatalogue& catalogue,
                       const WarningTexts& texts, const std::vector<CommitteeArea>& committees);

std::string writeCapXml(const CapAlert& alert);
nlohmann::json capToJson(const CapAlert& alert);

// "lat,lon lat,lon …" of a ring given in lon/lat, closed; empty when it has fewer than 3 distinct
// vertices.
std::string formatCapPolygon(const gis::Polygon::ring_type& ring);

// Whether the public Atom feed lists `w` at `now`: Actual, issued, live or ended at most
// `keepEnded` ago.
bool belongsInFeed(const Warning& w, TimePoint now, std::chrono::hours keepEnded = std::chrono::hours(48));

struct FeedEntry {
  std::string warningId;   // the entry links to {baseUrl}/warnings/{warningId}/cap.xml
  CapAlert alert;          // the warning's latest message
};
// Atom 1.0. Entries that are not Actual + Public are left out, whatever the caller passes.
std::string writeAtomFeed(const std::vector<FeedEntry>& entries, const std::string& baseUrl,
                          const std::string& title, TimePoint updated);

}  // namespace eoc::warnings
