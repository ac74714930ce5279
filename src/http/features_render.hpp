#pragma once
// Answers of the features endpoints beyond Part 1's pre-rendered pages: pages in another CRS
// (Part 2, with Content-Crs), downloads as files (GeoPackage, KML, CSV) with a Content-Disposition
// that carries the layer's Chinese title (RFC 6266 / RFC 5987), and the queryables schema (Part 3).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gis/crs.hpp"
#include "gis/layer.hpp"
#include "http/features_request.hpp"
#include "http/route_table.hpp"

namespace eoc::http {

inline constexpr const char* kGeoJsonType = "application/geo+json";
inline constexpr const char* kQueryablesRel = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

// The FeatureCollection page for `request` over the selected `matched` indexes.
std::string renderItemsPage(const gis::Layer& layer, const ItemsRequest& request, const std::vector<size_t>& matched,
                            const std::string& baseUrl);
// Selects, then writes the page or the download into ctx.res, with its headers.
void respondItems(RequestContext& ctx, const gis::Layer& layer, const ItemsRequest& request);
// One feature, in `crs`, with its self and collection links.
void respondFeature(RequestContext& ctx, const gis::Layer& layer, const gis::Feature& feature, gis::Crs crs);

// "<http://www.opengis.net/def/crs/EPSG/0/4538>" (Part 2's Content-Crs value).
std::string contentCrs(gis::Crs crs);
// The Link header pointing a filterable resource at its queryables (Part 3).
std::string queryablesLinkHeader(const gis::Layer& layer, const std::string& baseUrl);

// attachment; filename="<ascii fallback>"; filename*=UTF-8''<percent-encoded title>: browsers
// and curl -OJ save "应急避难场所.gpkg", old clients fall back to "shelters.gpkg".
std::string contentDisposition(const std::string& title, const std::string& asciiName, const std::string& extension);

// JSON Schema (2020-12) of the layer's queryables: its validated fields and its geometry.
nlohmann::json queryablesSchema(const gis::Layer& layer, const std::string& baseUrl);

}  // namespace eoc::http
