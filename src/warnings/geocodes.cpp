#include "warnings/geocodes.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/ascii.hpp"
#include "core/error.hpp"

namespace eoc::warnings {

namespace {

// Upper case with spaces and the punctuation people put between "GB", "T" and "2260" removed.
std::string squeezed(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '/' || c == '-' || c == '_' || c == '.' || c == '\t') continue;
    out += char(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// A GB/T 2260 code at its own level: 12-digit and 9-digit forms lose their zero padding, so
// 650103000000 → 650103, 650103004000 → 650103004. Empty when it is not a division code.
std::string normalised(std::string_view raw) {
  std::string code;
  for (char c : raw)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') code += c;
  if (!allDigits(code) || (code.size() != 6 && code.size() != 9 && code.size() != 12)) return {};
  if (code.size() == 12 && code.ends_with("000")) code.resize(9);
  if (code.size() == 9 && code.ends_with("000")) code.resize(6);
  return code;
}

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

}  // namespace

bool isDivisionCodeScheme(std::string_view valueName) {
  const std::string s = squeezed(valueName);
  if (s == "CPEASGEOGRAPHICCODE") return true;
  for (std::string_view scheme : {"GBT2260", "GB2260"})
    if (s.starts_with(scheme)) {
      std::string_view edition = std::string_view(s).substr(scheme.size());
      if (edition.empty() || (edition.size() == 4 && allDigits(edition))) return true;
    }
  return false;
}

std::vector<std::string> committeesForArea(const Gazetteer& g, const std::vector<std::string>& geocodes,
                                           const std::vector<gis::Polygon>& polygons) {
  if (!g.committees) throw EocError(ErrorCode::Internal, "geocodes: no committees layer");
  const std::string& district = g.districtCode;
  if (district.size() != 6 || !allDigits(district))
    throw EocError(ErrorCode::Internal, "geocodes: district code '" + district + "' is not 6 digits");
  // The district and the divisions above it: province (2 digits + 0000) and city (4 + 00).
  const std::set<std::string> wholeDistrict{district, district.substr(0, 2) + "0000", district.substr(0, 4) + "00"};

  const auto& features = g.committees->features();
  std::vector<bool> chosen(features.size(), false);
  std::vector<std::string> outside, unknownInside, unreadable;
  auto choose = [&](const std::string& committee) {
    if (auto index = g.committees->indexOf(committee)) {
      chosen[*index] = true;
      return true;
    }
    return false;
  };

  for (const auto& raw : geocodes) {
    const std::string code = normalised(raw);
    if (code.empty()) {
      unreadable.push_back(raw);
      continue;
    }
    if (code.size() == 6) {
      if (wholeDistrict.count(code))
        std::fill(chosen.begin(), chosen.end(), true);
      else
        outside.push_back(raw);
      continue;
    }
    if (!code.starts_with(district)) {
      outside.push_back(raw);
      continue;
    }
    bool found = false;
    if (code.size() == 9) {
      found = choose(code);
    } else if (const gis::Feature* community = g.communities ? g.communities->find(code) : nullptr) {
      auto committee = community->properties.find("committee");
      found =
          committee != community->properties.end() && committee->is_string() && choose(committee->get<std::string>());
    } else {
      // A community eoc's layer does not list: the first nine digits are its street.
      found = choose(code.substr(0, 9));
    }
    if (!found) unknownInside.push_back(raw);
  }

  bool polygonsReach = false;
  if (!polygons.empty()) {
    gis::MultiPolygon area;
    area.assign(polygons.begin(), polygons.end());
    for (size_t i : g.committees->intersectingArea(area)) chosen[i] = polygonsReach = true;
  }

  std::vector<std::string> committees;
  for (size_t i = 0; i < features.size(); ++i)
    if (chosen[i]) committees.push_back(features[i].id);
  if (!committees.empty()) return committees;

  std::vector<std::string> reasons;
  if (!outside.empty())
    reasons.push_back((outside.size() == 1 ? "geocode " : "geocodes ") + joined(outside) +
                      (outside.size() == 1 ? " is" : " are") + " outside district " + district);
  if (!unknownInside.empty())
    reasons.push_back((unknownInside.size() == 1 ? "geocode " : "geocodes ") + joined(unknownInside) +
                      " names no committee of district " + district);
  if (!unreadable.empty()) {
    std::string reason(1, '\'');  // built by appending: GCC 12's false -Wrestrict on "literal" + temporary
    reason += joined(unreadable);
    reason += "' is not a GB/T 2260 code";
    reasons.push_back(std::move(reason));
  }
  if (!polygons.empty() && !polygonsReach)
    reasons.push_back("the polygon reaches no committee of district " + district);
  if (reasons.empty()) reasons.push_back("the alert names no GB/T 2260 geocode and no polygon");
  throw EocError(ErrorCode::OutsideDistrict, "area: " + joined(reasons, "; "));
}

}  // namespace eoc::warnings
