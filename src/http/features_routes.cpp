// OGC API – Features over the loaded layers: Part 1 (Core, GeoJSON), Part 2 (CRS by reference),
// Part 3 (queryables, CQL2 filters) and downloads. Default pages are served from pre-rendered
// GeoJSON: a concatenation of strings, never a re-serialisation. Request parsing is in
// features_request.cpp, CRS pages and downloads in features_render.cpp.

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "gis/crs.hpp"
#include "gis/feature_export.hpp"
#include "http/features_render.hpp"
#include "http/features_request.hpp"
#include "http/page_cache.hpp"
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
    // Part 2: crs, bbox-crs, Content-Crs
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    // Part 3 (OGC 19-079r2) and the CQL2 classes evaluated (OGC 21-065r2)
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
};

json link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title = {}) {
  json l = {{"href", href}, {"rel", rel}, {"type", type}};
  if (!title.empty()) l["title"] = title;
  return l;
}

json collectionJson(const gis::Layer& layer, const std::string& base) {
  auto box = layer.extent();
  std::string self = base + "/collections/" + layer.id();
  json crs = json::array();
  for (const auto& info : gis::supportedCrs()) crs.push_back(info.uri);
  json links = {link(self, "self", "application/json", layer.spec().title),
                link(self + "/items", "items", kGeoJson, layer.spec().title + " (GeoJSON)"),
                link(self + "/queryables", kQueryablesRel, "application/schema+json", "queryables")};
  for (const auto& format : gis::fileFormats())
    links.push_back(link(self + "/items?f=" + format.name, "items", format.mediaType,
                         layer.spec().title + " (" + format.name + ")"));
  return {
      {"id", layer.id()},
      {"title", layer.spec().title},
      {"description", layer.spec().description},
      {"itemType", "feature"},
      {"crs", crs},
      // Held in memory as CRS84, whatever the source file's CRS (geodata/layers.json "crs").
      {"storageCrs", gis::crsInfo(gis::Crs::Crs84).uri},
      {"extent",
       {{"spatial",
         {{"bbox", {{box.min_corner().x(), box.min_corner().y(), box.max_corner().x(), box.max_corner().y()}}},
          {"crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}}}},
      {"links", links},
  };
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

  routes.push_back({"GET", "/collections/{collectionId}/queryables",
                    "What filter and property=value may name on a layer (JSON Schema)", {}, {},
                    "application/schema+json", [&service](RequestContext& ctx) {
                      auto live = service.liveLayer(ctx.pathParam(0));
                      const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
                      ctx.res.set_content(queryablesSchema(layer, ctx.baseUrl).dump(-1, ' ', false, json::error_handler_t::replace),
                                          "application/schema+json");
                    }});

  std::vector<std::string> crsUris, formats = {"json", "geojson"}, downloadTypes;
  for (const auto& info : gis::supportedCrs()) crsUris.push_back(info.uri);
  for (const auto& format : gis::fileFormats()) {
    formats.push_back(format.name);
    downloadTypes.push_back(format.mediaType);
  }
  Route items{
      "GET",
      "/collections/{collectionId}/items",
      "Features of a layer: bbox, limit, offset, property=value, CQL2 filter, crs; f=gpkg|kml|csv downloads a file",
      {},
      {{"bbox", "string", "min1,min2,max1,max2 in bbox-crs axis order (default CRS84: minLon,minLat,maxLon,maxLat)"},
       {"bbox-crs", "string", "CRS of bbox (OGC API – Features Part 2)", false, crsUris},
       {"crs", "string", "CRS of the coordinates returned, in its axis order (Part 2)", false, crsUris},
       {"filter", "string", "CQL2 expression: comparisons, AND/OR/NOT, LIKE, BETWEEN, IN, IS NULL, S_INTERSECTS (Part 3)"},
       {"filter-lang", "string", "language of filter (default cql2-text)", false, {"cql2-text", "cql2-json"}},
       {"filter-crs", "string", "CRS of the geometry literals in filter (default CRS84)", false, crsUris},
       {"f", "string", "format: GeoJSON (default) or a file download: GeoPackage, KML (CRS84 only), CSV", false, formats},
       {"limit", "integer", "page size, default 100 (downloads: 10000), at most 10000"},
       {"offset", "integer", "index of the first feature"}},
      kGeoJson,
      [&service, cache](RequestContext& ctx) {
        // A live collection (team positions) is a fresh snapshot per request: never cached.
        auto live = service.liveLayer(ctx.pathParam(0));
        const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
        const ItemsRequest request = parseItemsRequest(ctx.req, layer, service.config().limits);
        if (!live && ctx.req.params.empty()) {
          std::string key = layer.id() + "|" + ctx.baseUrl;
          PageCache::Page page = cache->find(key);  // shared: stays whole while other hosts overflow the cache
          if (!page)
            page = cache->insert(key, renderItemsPage(layer, request, gis::selectFeatures(layer, request.query()), ctx.baseUrl));
          ctx.res.set_header("Content-Crs", contentCrs(gis::Crs::Crs84));
          ctx.res.set_header("Link", queryablesLinkHeader(layer, ctx.baseUrl));
          ctx.res.set_content(*page, kGeoJson);
          return;
        }
        respondItems(ctx, layer, request);
      }};
  items.moreResponseTypes = downloadTypes;
  routes.push_back(std::move(items));

  routes.push_back({"GET",
                    "/collections/{collectionId}/items/{featureId}",
                    "One feature (crs: coordinates in that CRS)",
                    {},
                    {{"crs", "string", "CRS of the coordinates returned, in its axis order (Part 2)", false, crsUris}},
                    kGeoJson,
                    [&service](RequestContext& ctx) {
                      auto live = service.liveLayer(ctx.pathParam(0));
                      const auto& layer = live ? *live : service.layers().require(ctx.pathParam(0));
                      const gis::Crs crs = parseFeatureCrs(ctx.req);
                      const auto* feature = layer.find(ctx.pathParam(1));
                      if (!feature)
                        throw EocError(ErrorCode::UnknownFeature,
                                       "no feature \"" + ctx.pathParam(1) + "\" in " + layer.id());
                      respondFeature(ctx, layer, *feature, crs);
                    }});
}

}  // namespace eoc::http
