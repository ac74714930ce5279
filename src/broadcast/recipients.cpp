#include "broadcast/recipients.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "broadcast/signature.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/geo_point.hpp"

namespace eoc::broadcast {

bool Recipient::covers(const std::unordered_set<std::string_view>& targeted) const {
  if (coversAll) return true;
  return std::any_of(committees.begin(), committees.end(), [&](const std::string& c) { return targeted.count(c) > 0; });
}

bool Recipient::meets(const gis::Polygon& polygon) const {
  if (location) return gis::bg::covered_by(*location, polygon);
  if (area) return gis::bg::intersects(*area, polygon);
  return true;
}

RecipientList::RecipientList(std::vector<Recipient> recipients) : recipients_(std::move(recipients)) {
  byCode_.reserve(recipients_.size());
  for (size_t i = 0; i < recipients_.size(); ++i) {
    byCode_.emplace(recipients_[i].code, i);
    if (!recipients_[i].capSender.empty()) byCapSender_.emplace(recipients_[i].capSender, i);
  }
}

const Recipient* RecipientList::find(const std::string& code) const {
  auto it = byCode_.find(code);
  return it == byCode_.end() ? nullptr : &recipients_[it->second];
}

const Recipient* RecipientList::findByCapSender(const std::string& sender) const {
  if (sender.empty()) return nullptr;
  auto it = byCapSender_.find(sender);
  return it == byCapSender_.end() ? nullptr : &recipients_[it->second];
}

std::vector<const Recipient*> RecipientList::targets(const std::vector<std::string>& committees, bool exercise,
                                                     const std::optional<gis::Polygon>& polygon) const {
  // A city-wide message names every committee: look them up in a set, not a list per recipient.
  const std::unordered_set<std::string_view> targeted(committees.begin(), committees.end());
  std::vector<const Recipient*> out;
  for (const auto& r : recipients_)
    if (r.covers(targeted) && (!exercise || r.drills) && (!polygon || r.meets(*polygon))) out.push_back(&r);
  return out;
}

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& pointer, const std::string& why) {
  throw EocError(ErrorCode::InvalidParameter, source + ": " + pointer + ": " + why);
}

bool isHttpUrl(const std::string& url) {
  for (std::string_view scheme : {"http://", "https://"})
    if (url.size() > scheme.size() && url.compare(0, scheme.size(), scheme) == 0 &&
        url.find_first_of(" \t\r\n<>\"") == std::string::npos)
      return true;
  return false;
}

std::vector<std::string> stringList(const nlohmann::json& j, const std::string& source, const std::string& at) {
  if (!j.is_array()) fail(source, at, "expected an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string() || j[i].get<std::string>().empty())
      fail(source, at + "/" + std::to_string(i), "expected a non-empty string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

std::string brief(const nlohmann::json& j) {
  std::string text = j.dump();
  return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

// One GeoJSON position: [lon, lat] (an altitude may follow), finite, in range.
gis::Point position(const nlohmann::json& p, const std::string& source, const std::string& at) {
  if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number() ||
      (p.size() == 3 && !p[2].is_number()))
    fail(source, at, "expected [lon, lat] numbers, got " + brief(p));
  const double lon = p[0].get<double>(), lat = p[1].get<double>();
  if (!isValidLonLat(lon, lat)) fail(source, at, brief(p) + " is not a finite lon/lat (lon -180..180, lat -90..90)");
  return gis::Point(lon, lat);
}

// The same bound as the API's polygons (limits.max_polygon_vertices, default).
const size_t kMaxAreaVertices = Limits{}.maxPolygonVertices;

// One linear ring: >= 4 positions, first == last.
gis::Polygon::ring_type ring(const nlohmann::json& positions, const std::string& source, const std::string& at,
                             size_t& vertices) {
  if (!positions.is_array()) fail(source, at, "expected an array of positions");
  if (positions.size() < 4)
    fail(source, at, "a ring needs at least 4 positions (a closed triangle), got " + std::to_string(positions.size()));
  vertices += positions.size();
  if (vertices > kMaxAreaVertices) fail(source, at, "more than " + std::to_string(kMaxAreaVertices) + " vertices");
  gis::Polygon::ring_type out;
  for (size_t i = 0; i < positions.size(); ++i)
    out.push_back(position(positions[i], source, at + "/" + std::to_string(i)));
  if (!gis::bg::equals(out.front(), out.back())) fail(source, at, "the ring is not closed (first position != last)");
  return out;
}

gis::Polygon polygon(const nlohmann::json& rings, const std::string& source, const std::string& at, size_t& vertices) {
  if (!rings.is_array() || rings.empty()) fail(source, at, "expected an array of linear rings");
  gis::Polygon out;
  out.outer() = ring(rings[0], source, at + "/0", vertices);
  for (size_t i = 1; i < rings.size(); ++i)
    out.inners().push_back(ring(rings[i], source, at + "/" + std::to_string(i), vertices));
  return out;
}

// A GeoJSON Polygon or MultiPolygon, either winding, valid.
gis::MultiPolygon area(const nlohmann::json& g, const std::string& source, const std::string& at) {
  if (!g.is_object()) fail(source, at, "expected a GeoJSON Polygon or MultiPolygon object");
  if (!g.contains("type") || !g["type"].is_string())
    fail(source, at + "/type", "expected \"Polygon\" or \"MultiPolygon\"");
  if (!g.contains("coordinates")) fail(source, at + "/coordinates", "required");
  const std::string type = g["type"];
  const auto& coordinates = g["coordinates"];
  size_t vertices = 0;
  gis::MultiPolygon out;
  if (type == "Polygon") {
    out.push_back(polygon(coordinates, source, at + "/coordinates", vertices));
  } else if (type == "MultiPolygon") {
    if (!coordinates.is_array() || coordinates.empty())
      fail(source, at + "/coordinates", "expected an array of polygons");
    for (size_t i = 0; i < coordinates.size(); ++i)
      out.push_back(polygon(coordinates[i], source, at + "/coordinates/" + std::to_string(i), vertices));
  } else {
    fail(source, at + "/type", "\"" + type + "\" is not \"Polygon\" or \"MultiPolygon\"");
  }
  gis::bg::correct(out);  // orientation only: GeoJSON readers must accept either winding
  std::string reason;
  if (!gis::bg::is_valid(out, reason)) {
    gis::bg::validity_failure_type failure;
    gis::bg::is_valid(out, failure);
    // After correct() a ring still "wrongly oriented" has no signed area: it folds onto itself
    // (a symmetric bow-tie) or is flat.
    if (failure == gis::bg::failure_wrong_orientation)
      fail(source, at, "invalid polygon: a ring crosses itself or encloses no area");
    fail(source, at, "invalid polygon: " + reason);
  }
  return out;
}

// The committee a location falls in: the one whose interior holds it, else (exactly on an edge)
// the first, in layer order, whose boundary carries it. Empty: outside every committee.
std::vector<std::string> committeesAt(const gis::Point& p, const std::vector<CommitteeGeometry>& committees) {
  for (const auto& c : committees)
    if (gis::bg::within(p, c.area)) return {c.code};
  for (const auto& c : committees)
    if (gis::bg::covered_by(p, c.area)) return {c.code};
  return {};
}

// Every committee whose polygon intersects the area, in layer order.
std::vector<std::string> committeesMeeting(const gis::MultiPolygon& a,
                                           const std::vector<CommitteeGeometry>& committees) {
  std::vector<std::string> out;
  const auto box = gis::bg::return_envelope<gis::Box>(a);
  for (const auto& c : committees)
    if (!c.area.empty() && gis::bg::intersects(box, gis::bg::return_envelope<gis::Box>(c.area)) &&
        gis::bg::intersects(a, c.area))
      out.push_back(c.code);
  return out;
}

}  // namespace

RecipientList parseRecipients(const std::string& text, const std::string& source,
                              const std::vector<CommitteeGeometry>& committees) {
  std::map<std::string, std::string> names;
  for (const auto& c : committees) names.emplace(c.code, c.name);
  std::vector<Recipient> list;
  std::unordered_set<std::string> codes;
  if (!text.empty()) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) fail(source, "", "not valid JSON");
    if (!doc.is_object() || !doc.contains("recipients") || !doc["recipients"].is_array())
      fail(source, "/recipients", "expected an array");
    const auto& items = doc["recipients"];
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string at = "/recipients/" + std::to_string(i);
      const auto& j = items[i];
      if (!j.is_object()) fail(source, at, "expected an object");
      for (auto& [key, _] : j.items())
        if (key != "code" && key != "kind" && key != "name" && key != "committees" && key != "all" &&
            key != "location" && key != "area" && key != "webhook" && key != "phones" && key != "drills" &&
            key != "cap_sender" && key != "channels")
          fail(source, at + "/" + key, "unknown field");
      Recipient r;
      if (!j.contains("code") || !j["code"].is_string() || j["code"].get<std::string>().empty())
        fail(source, at + "/code", "required non-empty string");
      r.code = j["code"];
      if (!codes.insert(r.code).second) fail(source, at + "/code", "duplicate recipient " + r.code);
      if (j.contains("kind")) {
        if (!j["kind"].is_string() || j["kind"].get<std::string>().empty()) fail(source, at + "/kind", "expected a string");
        r.kind = j["kind"];
      }
      // What it covers: exactly one of committees, all, location, area.
      std::string covering;
      for (const char* key : {"committees", "all", "location", "area"})
        if (j.contains(key)) {
          if (!covering.empty())
            fail(source, at + "/" + key,
                 "give only one of committees, all, location or area (\"" + covering + "\" is given too)");
          covering = key;
        }
      if (j.contains("all")) {
        if (!j["all"].is_boolean()) fail(source, at + "/all", "expected a boolean");
        r.coversAll = j["all"];
      }
      if (j.contains("committees")) r.committees = stringList(j["committees"], source, at + "/committees");
      if (j.contains("location")) {
        r.location = position(j["location"], source, at + "/location");
        r.committees = committeesAt(*r.location, committees);
        if (r.committees.empty()) fail(source, at + "/location", "lies in no committee of the committees layer");
      }
      if (j.contains("area")) {
        r.area = area(j["area"], source, at + "/area");
        r.committees = committeesMeeting(*r.area, committees);
        if (r.committees.empty()) fail(source, at + "/area", "meets no committee of the committees layer");
      }
      if (r.kind == "committee" && !names.count(r.code)) fail(source, at + "/code", "unknown committee " + r.code);
      if (r.kind == "committee" && r.committees.empty() && !r.coversAll) r.committees = {r.code};
      if (r.committees.empty() && !r.coversAll)
        fail(source, at + "/committees", "a recipient must cover committees, all, a location or an area");
      for (size_t k = 0; k < r.committees.size(); ++k)
        if (!names.count(r.committees[k]))
          fail(source, at + "/committees/" + std::to_string(k), "unknown committee " + r.committees[k]);
      if (j.contains("name")) {
        if (!j["name"].is_string()) fail(source, at + "/name", "expected a string");
        r.name = j["name"];
      } else if (names.count(r.code)) {
        r.name = names[r.code];
      }
      if (j.contains("webhook")) {
        const auto& w = j["webhook"];
        if (!w.is_object() || !w.contains("url") || !w["url"].is_string())
          fail(source, at + "/webhook/url", "required string");
        r.url = w["url"];
        if (!isHttpUrl(r.url)) fail(source, at + "/webhook/url", "must be an http:// or https:// URL");
        if (w.contains("secret")) {
          if (!w["secret"].is_string() || !isWebhookSecret(w["secret"].get<std::string>()))
            fail(source, at + "/webhook/secret", "must be whsec_ followed by base64 of at least 16 bytes");
          r.secret = w["secret"];
        }
      }
      if (j.contains("phones")) r.phones = stringList(j["phones"], source, at + "/phones");
      if (j.contains("drills")) {
        if (!j["drills"].is_boolean()) fail(source, at + "/drills", "expected a boolean");
        r.drills = j["drills"];
      }
      if (!r.url.empty()) r.channels.push_back({channels::Kind::Webhook, channels::WebhookChannel{r.url, r.secret}});
      if (j.contains("channels")) {
        auto listed = channels::parseChannels(j["channels"], source, at + "/channels", r.drills);
        for (auto& c : listed) {
          for (const auto& existing : r.channels)
            if (existing.destinationKey() == c.destinationKey())
              fail(source, at + "/channels", "the webhook " + c.url() + " is given twice (\"webhook\" and \"channels\")");
          r.channels.push_back(std::move(c));
        }
      }
      if (j.contains("cap_sender")) {
        if (!j["cap_sender"].is_string()) fail(source, at + "/cap_sender", "expected a string");
        r.capSender = j["cap_sender"];
      }
      list.push_back(std::move(r));
    }
  }
  for (const auto& c : committees)
    if (codes.insert(c.code).second) {
      Recipient r;
      r.code = c.code;
      r.name = c.name;
      r.committees = {c.code};
      r.drills = true;  // in-app screens mark exercises plainly; drills must reach them
      list.push_back(std::move(r));
    }
  return RecipientList(std::move(list));
}

RecipientList loadRecipients(const std::filesystem::path& file, const std::vector<CommitteeGeometry>& committees) {
  std::string text;
  if (!file.empty() && std::filesystem::exists(file)) {
    std::ifstream in(file);
    if (!in) fail(file.string(), "", "cannot read");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    if (text.empty()) fail(file.string(), "", "empty file");
  }
  return parseRecipients(text, file.string(), committees);
}

}  // namespace eoc::broadcast
