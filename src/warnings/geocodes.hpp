#pragma once
// GB/T 2260 area codes of an upstream CAP alert → the committees of the district it warns.
//
// Upstream senders (the city observatory, the national early-warning release system 12379,
// GB/T 35965.1-2018) address a warning by administrative division code, not by our committees:
//   6 digits   GB/T 2260 province (650000), city (650100) or county/district (650103);
//   9 digits   a street / township (650103004) — in eoc, a committee;
//   12 digits  the statistical division code (统计用区划代码): 9-digit street + 3-digit village
//              or community (650103004002). Upstream also writes the higher levels in this
//              12-digit form, zero-padded (650100000000 is the city).
// The district's own code is data (geodata/layers.json via the service), never written here.
#include <string>
#include <string_view>
#include <vector>

#include "gis/geometry.hpp"
#include "gis/layer.hpp"

namespace eoc::warnings {

// Whether a CAP <geocode><valueName> names the administrative division code scheme. Accepted
// (case, spaces and the punctuation / - _ . ignored):
//   "GB/T 2260"              eoc's own CAP, and the standard GB/T 35965.1-2018 cites for area codes;
//                            also "GB/T2260", "GB2260", "GB/T 2260-2007" (edition year);
//   "CPEAS Geographic Code"  what the China Meteorological Administration's CAP carries (the
//                            national release system's codes, mostly 12 digits).
bool isDivisionCodeScheme(std::string_view valueName);

// Layer id of the communities in geodata/layers.json (layer ids are part of the data contract).
inline constexpr const char* kCommunitiesLayer = "communities";

// The places of one district by code: views over loaded layers, which must outlive it.
struct Gazetteer {
  std::string districtCode;                 // 6-digit GB/T 2260 code of the district
  const gis::Layer* committees = nullptr;   // Polygon layer, feature id = 9-digit street code
  const gis::Layer* communities = nullptr;  // optional Point layer, id = 12-digit code,
                                            // property "committee" = its committee's code
};

// The committees an upstream alert's area names, in committees-layer order, without repeats:
//   the district or an ancestor (province, city)     → every committee;
//   a committee's 9-digit code                       → that committee;
//   a community's 12-digit code                      → its committee (the communities layer;
//                                                      an unlisted one → the committee of its
//                                                      first nine digits, as the code says);
//   polygons (lon/lat)                               → every committee they touch.
// Codes of other districts are ignored when something else is ours ("a mixed list keeps
// ours"). Throws EocError(OutsideDistrict) naming the codes when nothing is ours.
std::vector<std::string> committeesForArea(const Gazetteer& gazetteer, const std::vector<std::string>& geocodes,
                                           const std::vector<gis::Polygon>& polygons);

}  // namespace eoc::warnings
