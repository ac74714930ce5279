// OGC API – Features Part 1 (Core, GeoJSON) over the loaded layers. Features are served from
// their pre-rendered GeoJSON: a page is a concatenation of strings, never a re-serialisation.
#include <set>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/page_cache.hpp"
#include "http/query.hpp"
#include "http/server.hpp"

namespace eoc::http {

namespace {

using nlohmann::json;

constexpr const char* kGeoJson = "application/geo+json";
constexpr const char* kOpenApiType = "application/vnd.oai.openapi+json;version=3.0";

const std::vector<std::string> kConformance = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
};

// Query parameters with a meaning of their own; any other name is a property filter.
const std::set<std::string> kReservedParams = {"bbox", "limit", "offset", "f", "datetime", "bbox-crs", "crs"};

json link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title = {}) {
  json l = {{"href", href}, {"rel", rel}, {"type", type}};
  if (!title.empty()) l["title"] = title;
  return l;
}

json collectionJson(const gis::Layer& layer, const std::string& base) {
  auto box = layer.extent();
  std::string self = base + "/collections/" + layer.id();
  return {
      {"id", layer.id()},
      {"title", layer.spec().title},
      {"description", layer.spec().description},
      {"itemType", "feature"},
      {"crs", {"http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
      {"extent",
       {{"spatial",
         {{"bbox", {{box.min_corner().x(), box.min_corner().y(), box.max_corner().x(), box.max_corner().y()}}},
          {"crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}}}},
      {"links",
       {link(self, "self", "application/json", layer.spec().title),
        link(self + "/items", "items", kGeoJson, layer.spec().title + " (GeoJSON)")}},
  };
}

// Property values compare by their text: "status=open", "class=II", "capacity=1333".
bool propertyEquals(const json& value, const std::string& wanted) {
  if (value.is_string()) return value.get_ref<const std::string&>() == wanted;
  if (value.is_boolean()) return (value.get<bool>() ? "true" : "false") == wanted;
  if (value.is_number_integer()) return std::to_string(value.get<long long>()) == wanted;
  if (value.is_number_float()) {
    try {
      return value.get<double>() == std::stod(wanted);
    } catch (...) {
      return false;
    }
  }
  return false;
}

std::string encodeQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    out += out.empty() ? "?" : "&";
    out += httplib::detail::encode_query_param(k) + "=" + httplib::detail::encode_query_param(v);
  }
  return out;
}

std::string renderItems(const gis::Layer& layer, const httplib::Request& req, const std::string& base,
                        const Limits& limits) {
  size_t limit = limits.defaultPageSize;
  size_t offset = 0;
  std::optional<gis::Box> bbox;
  std::vector<std::pair<std::string, std::string>> filters;
  std::vector<std::pair<std::string, std::string>> echoed;  // for next/prev links, in a stable order
  for (const auto& [name, value] : req.params) {
    if (name == "limit") {
      limit = size_t(parseInteger("limit", value, 1, (long long)limits.maxPageSize));
    } else if (name == "offset") {
      offset = size_t(parseInteger("offset", value, 0, 1'000'000'000));
      continue;
    } else if (name == "bbox") {
      bbox = parseBbox(value);
    } else if (name == "f") {
      if (value != "json" && value != "geojson")
        throw EocError(ErrorCode::InvalidParameter, "f: only json is served, got \"" + value + "\"");
    } else if (name == "bbox-crs" || name == "crs") {
      if (value != "http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        throw EocError(ErrorCode::InvalidParameter, name + ": only CRS84 is served");
    } else if (!kReservedParams.count(name)) {
      bool known = false;
      for (const auto& field : layer.spec().fields) known = known || field.name == name;
      if (!known) {
        std::string names;
        for (const auto& field : layer.spec().fields) names += (names.empty() ? "" : ", ") + field.name;
        throw EocError(ErrorCode::UnknownProperty,
                       "\"" + name + "\" is not a property of " + layer.id() + " (filterable: " + names + ")");
      }
      filters.emplace_back(name, value);
    }
    echoed.emplace_back(name, value);
  }

  std::vector<size_t> matched;
  const auto& features = layer.features();
  if (bbox) matched = layer.intersecting(*bbox);
  else {
    matched.resize(features.size());
    for (size_t i = 0; i < matched.size(); ++i) matched[i] = i;
  }
  if (!filters.empty()) {
    std::vector<size_t> kept;
    for (size_t i : matched) {
      const auto& props = features[i].properties;
      bool ok = true;
      for (const auto& [name, value] : filters) {
        auto it = props.find(name);
        ok = ok && it != props.end() && propertyEquals(*it, value);
      }
      if (ok) kept.push_back(i);
    }
    matched.swap(kept);
  }

  size_t first = std::min(offset, matched.size());
  size_t last = std::min(matched.size(), first + limit);
  std::string self = base + "/collections/" + layer.id() + "/items";
  json links = json::array();
  auto withOffset = [&](size_t o) {
    auto params = echoed;
    params.emplace_back("offset", std::to_string(o));
    return self + encodeQuery(params);
  };
  links.push_back(link(withOffset(offset), "self", kGeoJson));
  links.push_back(link(base + "/collections/" + layer.id(), "collection", "application/json"));
  if (last < matched.size()) links.push_back(link(withOffset(last), "next", kGeoJson, "next page"));
  if (first > 0) links.push_back(link(withOffset(first > limit ? first - limit : 0), "prev", kGeoJson, "previous page"));

  std::string body = "{\"type\":\"FeatureCollection\",\"numberMatched\":" + std::to_string(matched.size()) +
                     ",\"numberReturned\":" + std::to_string(last - first) + ",\"links\":" + links.dump() +
                     ",\"features\":[";
  for (size_t i = first; i < last; ++i) {
    if (i > first) body += ',';
    body += features[matched[i]].geojson;
  }
  body += "]}";
  return body;
}

}  // namespace

void addFeaturesRoutes(std::vector<Route>& routes, service::EocService& service) {
  auto cache = std::make_shared<PageCache>();

  routes.push_back({"GET", "/", "Landing page (OGC API – Features); browsers get the duty-desk dashboard", {}, {},
                    "application/json", [&service](RequestContext& ctx) {
                      const auto& b = ctx.baseUrl;
                      json body = {
                          {"title", "eoc — 沙依巴克区应急指挥服务"},
                          {"description", "Emergency plans, GIS layers, warnings and teams of Shayibake District"},
                          {"links",
                           {link(b + "/", "self", "application/json", "this document"),
                            link(b + "/api", "service-desc", kOpenApiType, "the API definition"),
                            link(b + "/conformance", "conformance", "application/json", "conformance classes"),
                            link(b + "/collections", "data", "application/json", "the GIS layers")}},
                      };
                      (void)service;
                      ctx.res.set_content(body.dump(), "application/json");
                    }});

  routes.push_back({"GET", "/conformance", "Conformance classes", {}, {}, "application/json",
                    [](RequestContext& ctx) {
                      ctx.res.set_content(json{{"conformsTo", kConformance}}.dump(), "application/json");
                    }});

  routes.push_back({"GET", "/collections", "The GIS layers", {}, {}, "application/json",
                    [&service](RequestContext& ctx) {
                      json collections = json::array();
                      for (const auto& layer : service.layers().layers()) {
                        auto live = service.liveLayer(layer.id());
                        collections.push_back(collectionJson(live ? *live : layer, ctx.baseUrl));
                      }
                      for (const auto& extra : service.extraLayers()) collections.push_back(collectionJson(*extra, ctx.baseUrl));
                      json body = {{"links", {link(ctx.baseUrl + "/collections", "self", "application/json")}},
                                   {"collections", collections}};
                      ctx.res.set_content(body.dump(), "application/json");
                    }});

  routes.push_back({"GET", "/collections/{collectionId}", "One layer's description", {}, {}, "application/json",
                    [&service](RequestContext& ctx) {
                      auto live = service.liveLayer(ctx.pathParam(0));
                      const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
                      ctx.res.set_content(collectionJson(layer, ctx.baseUrl).dump(), "application/json");
                    }});

  routes.push_back(
      {"GET",
       "/collections/{collectionId}/items",
       "Features of a layer (bbox, limit, offset, equality filters on properties)",
       {},
       {{"bbox", "string", "minLon,minLat,maxLon,maxLat (CRS84)"},
        {"limit", "integer", "page size, default 100, at most 10000"},
        {"offset", "integer", "index of the first feature"}},
       kGeoJson,
       [&service, cache](RequestContext& ctx) {
         // A live collection (team positions) is a fresh snapshot per request: never cached.
         auto live = service.liveLayer(ctx.pathParam(0));
         const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
         if (!live && ctx.req.params.empty()) {
           std::string key = layer.id() + "|" + ctx.baseUrl;
           auto page = cache->find(key);  // shared: stays whole while other hosts overflow the cache
           if (!page) page = cache->insert(key, renderItems(layer, ctx.req, ctx.baseUrl, service.config().limits));
           ctx.res.set_content(*page, kGeoJson);
           return;
         }
         ctx.res.set_content(renderItems(layer, ctx.req, ctx.baseUrl, service.config().limits), kGeoJson);
       }});

  routes.push_back({"GET", "/collections/{collectionId}/items/{featureId}", "One feature", {}, {}, kGeoJson,
                    [&service](RequestContext& ctx) {
                      auto live = service.liveLayer(ctx.pathParam(0));
                      const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
                      const auto* feature = layer.find(ctx.pathParam(1));
                      if (!feature)
                        throw EocError(ErrorCode::UnknownFeature,
                                       "no feature \"" + ctx.pathParam(1) + "\" in " + layer.id());
                      // The pre-rendered Feature ends with '}': splice in the required links.
                      std::string self = ctx.baseUrl + "/collections/" + layer.id();
                      json links = {link(self + "/items/" + feature->id, "self", kGeoJson),
                                    link(self, "collection", "application/json")};
                      std::string body = feature->geojson;
                      body.insert(body.size() - 1, ",\"links\":" + links.dump());
                      ctx.res.set_content(body, kGeoJson);
                    }});
}

}  // namespace eoc::http
