// Point queries for the duty desk: where is this, and what is nearest to it.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/query.hpp"
#include "http/server.hpp"

namespace eoc::http {

namespace {
using nlohmann::json;

json featureSummary(const gis::Feature& f, double meters) {
  json out = {{"id", f.id}, {"distance_m", std::round(meters * 10) / 10}};
  if (auto it = f.properties.find("name"); it != f.properties.end()) out["name"] = *it;
  return out;
}
}  // namespace

void addGeoRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET",
                    "/geo/locate",
                    "Committee and community at a point, and the nearest open shelter",
                    {},
                    {{"lon", "number", "WGS84 longitude", true}, {"lat", "number", "WGS84 latitude", true}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto point = parseLonLat(ctx.req);
                      auto r = service.locate(point);
                      json body = {{"lon", point.lon}, {"lat", point.lat}, {"inside_district", r.insideDistrict}};
                      if (r.committee) {
                        json committee = {{"code", r.committee->id},
                                          {"name", r.committee->properties.value("name", "")}};
                        if (!r.insideDistrict) committee["distance_m"] = std::round(r.committeeMeters * 10) / 10;
                        body["committee"] = committee;
                      }
                      if (r.nearestCommunity)
                        body["community"] = featureSummary(*r.nearestCommunity->feature, r.nearestCommunity->meters);
                      if (r.nearestOpenShelter) {
                        auto shelter = featureSummary(*r.nearestOpenShelter->feature, r.nearestOpenShelter->meters);
                        const auto& p = r.nearestOpenShelter->feature->properties;
                        for (const char* key : {"class", "capacity", "status"})
                          if (auto it = p.find(key); it != p.end()) shelter[key] = *it;
                        body["nearest_shelter"] = shelter;
                      }
                      ctx.res.set_content(body.dump(), "application/json");
                    }});

  routes.push_back({"GET",
                    "/geo/nearest",
                    "The k nearest features of a point layer, by great-circle distance",
                    {},
                    {{"layer", "string", "layer id", true},
                     {"lon", "number", "WGS84 longitude", true},
                     {"lat", "number", "WGS84 latitude", true},
                     {"k", "integer", "how many (default 1)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto layerId = queryValue(ctx.req, "layer");
                      if (!layerId) throw EocError(ErrorCode::InvalidParameter, "layer: required (a collection id)");
                      auto point = parseLonLat(ctx.req);
                      size_t k = 1;
                      if (auto text = queryValue(ctx.req, "k"))
                        k = size_t(parseInteger("k", *text, 1, (long long)service.config().limits.maxNearestK));
                      auto hits = service.nearest(*layerId, point, k);
                      // Hand-assembled: this is the hot path of the nearest-shelter benchmark.
                      std::string body = "{\"layer\":" + json(*layerId).dump() + ",\"results\":[";
                      for (size_t i = 0; i < hits.size(); ++i) {
                        if (i) body += ',';
                        char distance[32];
                        std::snprintf(distance, sizeof distance, "%.1f", hits[i].meters);
                        body += "{\"distance_m\":";
                        body += distance;
                        body += ",\"feature\":";
                        body += hits[i].feature->geojson;
                        body += '}';
                      }
                      body += "]}";
                      ctx.res.set_content(body, "application/json");
                    }});
}

}  // namespace eoc::http
