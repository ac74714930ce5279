#include "teams/roster.hpp"

#include <set>
#include <sstream>

#include "core/error.hpp"

namespace eoc::teams {

namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    auto first = item.find_first_not_of(' ');
    auto last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
  }
  return out;
}

[[noreturn]] void reject(const gis::Layer& layer, const gis::Feature& f, const std::string& field,
                         const std::string& why) {
  throw EocError(ErrorCode::InvalidParameter,
                 "layer " + layer.id() + ": feature " + f.id + ": " + field + ": " + why);
}

std::string text(const gis::Feature& f, const char* name) {
  auto it = f.properties.find(name);
  return it != f.properties.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long integer(const gis::Feature& f, const char* name) {
  auto it = f.properties.find(name);
  return it != f.properties.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

}  // namespace

std::vector<Team> buildRoster(const gis::Layer& layer) {
  std::vector<Team> roster;
  std::set<std::string> seen;
  for (const auto& f : layer.features()) {
    Team t;
    t.id = f.id;
    if (!seen.insert(t.id).second) reject(layer, f, "id", "repeats an earlier team");
    t.name = text(f, "name");
    t.unit = text(f, "unit");
    t.committee = text(f, "committee");
    long long headcount = integer(f, "headcount");
    if (headcount <= 0 || headcount > 100000) reject(layer, f, "headcount", "must be a positive number of people");
    t.headcount = int(headcount);
    auto keys = splitList(text(f, "specialties"));
    if (keys.empty()) reject(layer, f, "specialties", "a team needs at least one specialty");
    for (const auto& key : keys) {
      auto bit = specialtyBit(key);
      if (!bit) reject(layer, f, "specialties", "unknown specialty \"" + key + "\"");
      t.specialties |= *bit;
    }
    t.equipment = splitList(text(f, "equipment"));
    t.vehicles = int(integer(f, "vehicles"));
    if (t.vehicles < 0) reject(layer, f, "vehicles", "must not be negative");
    t.home = f.location();
    t.leader = text(f, "leader");
    t.phone = text(f, "phone");
    long long interval = integer(f, "report_interval_s");
    if (interval <= 0 || interval > 86400) reject(layer, f, "report_interval_s", "must be 1..86400 seconds");
    t.reportInterval = std::chrono::seconds(interval);
    roster.push_back(std::move(t));
  }
  return roster;
}

std::string maskPhone(const std::string& phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return phone.substr(0, 3) + "****" + phone.substr(phone.size() - 4);
}

}  // namespace eoc::teams
