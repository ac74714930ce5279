#pragma once
// Who receives broadcasts, as data. The file (default <geodata>/recipients.json) lists every
// recipient with its kind, what it covers, its webhook URL and secret (optional: no URL means
// in-app delivery over the event stream only), the phone list used when its ack is overdue, and
// whether it takes part in drills. Shape:
//   {"recipients": [{"code": "650103001", "kind": "committee", "name": "...",
//                    "committees": ["650103001"],
//                    "webhook": {"url": "http://...", "secret": "whsec_<base64>"},
//                    "channels": [{"kind": "wecom", "url": "https://...", ...}, ...],
//                    "phones": ["0991-..."], "drills": true, "cap_sender": "..."}]}
// "channels" lists how the recipient is reached (channels/channel.hpp: webhook, wecom, dingtalk,
// feishu, sms, mqtt, ebd); the older "webhook" object keeps working and becomes a webhook channel.
// A recipient covers exactly one of:
//   "committees": ["650103004", ...]   committee codes (a committee may omit it: its own code)
//   "all": true                        the whole district (a department)
//   "location": [lon, lat]             a point (a school, a community office): the committee
//                                      containing it
//   "area": {"type": "Polygon" | "MultiPolygon", "coordinates": ...}
//                                      GeoJSON in WGS84 lon/lat (a park, a department's zone):
//                                      every committee whose polygon intersects it
// Every committee code must exist in the committees layer; a location or area must lie in (touch)
// at least one committee. The committees a location or area falls in are computed at load from the
// committees' polygons and kept with the geometry: a message to those committees reaches it, and
// when the message carries a refined polygon, only if its geometry meets that polygon.
// Committees missing from the file are added as in-app recipients of their own committee, taking
// part in drills, so every committee can acknowledge.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "broadcast/channels/channel.hpp"
#include "gis/geometry.hpp"

namespace eoc::broadcast {

struct Recipient {
  std::string code;                     // unique; a committee's own code for committees
  std::string kind = "committee";       // committee | department | school | community | ...
  std::string name;
  std::vector<std::string> committees;  // covered committees (empty with coversAll)
  bool coversAll = false;
  std::optional<gis::Point> location;     // "location": the point it was given
  std::optional<gis::MultiPolygon> area;  // "area": the area it was given (valid, corrected)
  std::string url;                      // the "webhook" object's URL; empty: none
  std::string secret;                   // "whsec_<base64>"; never logged
  std::vector<channels::Channel> channels;  // every outbound channel, the "webhook" object included
  std::vector<std::string> phones;
  bool drills = false;                  // receives Exercise/Test messages
  std::string capSender;                // CAP sender of its Ack messages, if it sends any

  // Whether a message to the `targeted` committees reaches it (all, or one of its committees).
  bool covers(const std::unordered_set<std::string_view>& targeted) const;
  // Whether a message refined to `polygon` reaches it: a location inside (or on) the polygon, an
  // area intersecting it; recipients without geometry (committees, all) always.
  bool meets(const gis::Polygon& polygon) const;
};

// The recipients, indexed by code and by CAP sender: a broadcast looks a recipient up once per
// delivery and per outcome, and a city-wide list has thousands of entries.
class RecipientList {
 public:
  RecipientList() = default;
  explicit RecipientList(std::vector<Recipient> recipients);  // codes are unique (parseRecipients checks)

  const std::vector<Recipient>& all() const { return recipients_; }
  const Recipient* find(const std::string& code) const;
  const Recipient* findByCapSender(const std::string& sender) const;
  // The recipients a message to these committees reaches; exercise messages reach only
  // recipients flagged for drills. With a refined `polygon`, location and area recipients are
  // reached only when their geometry meets it (committee and all recipients as without).
  std::vector<const Recipient*> targets(const std::vector<std::string>& committees, bool exercise,
                                        const std::optional<gis::Polygon>& polygon = std::nullopt) const;

 private:
  std::vector<Recipient> recipients_;
  std::unordered_map<std::string, size_t> byCode_;
  std::unordered_map<std::string, size_t> byCapSender_;  // the first recipient naming a sender
};

// One committee of the committees layer: code, name and polygon (WGS84 lon/lat). The area may be
// empty when no recipient targets by location or area (such recipients then fail to load).
struct CommitteeGeometry {
  std::string code;
  std::string name;
  gis::MultiPolygon area;
};

// Reads and validates `file` (absent file: no entries), then completes the list with one in-app
// recipient per committee not listed. `committees` lists every committee of the committees layer.
// Throws EocError(InvalidParameter) naming the file, JSON pointer and field.
RecipientList loadRecipients(const std::filesystem::path& file, const std::vector<CommitteeGeometry>& committees);

// Parses a JSON document (the file's content); `source` names it in errors.
RecipientList parseRecipients(const std::string& text, const std::string& source,
                              const std::vector<CommitteeGeometry>& committees);

}  // namespace eoc::broadcast
