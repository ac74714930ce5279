#include "http/features_render.hpp"

#include <cctype>

#include "gis/feature_export.hpp"
#include "gis/feature_geojson.hpp"
#include "gis/feature_selection.hpp"
#include "gis/queryables.hpp"

namespace eoc::http {
namespace {

using nlohmann::json;

json link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title = {}) {
  json l = {{"href", href}, {"rel", rel}, {"type", type}};
  if (!title.empty()) l["title"] = title;
  return l;
}

std::string encodeQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    out += out.empty() ? "?" : "&";
    out += httplib::detail::encode_query_param(k) + "=" + httplib::detail::encode_query_param(v);
  }
  return out;
}

std::string itemsUrl(const gis::Layer& layer, const std::string& baseUrl) {
  return baseUrl + "/collections/" + layer.id() + "/items";
}

// The request's parameters with `offset` (and, for alternates, `f`) replaced.
std::string pageUrl(const gis::Layer& layer, const ItemsRequest& request, const std::string& baseUrl, size_t offset,
                    const char* format = nullptr) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& p : request.echoed)
    if (!format || p.first != "f") params.push_back(p);
  if (format) params.emplace_back("f", format);
  params.emplace_back("offset", std::to_string(offset));
  return itemsUrl(layer, baseUrl) + encodeQuery(params);
}

bool isAttrChar(unsigned char c) {  // RFC 5987 attr-char
  if (std::isalnum(c)) return true;
  for (char allowed : std::string_view("!#$&+-.^_`|~"))
    if (c == static_cast<unsigned char>(allowed)) return true;
  return false;
}

}  // namespace

std::string contentCrs(gis::Crs crs) { return std::string("<") + gis::crsInfo(crs).uri + ">"; }

std::string queryablesLinkHeader(const gis::Layer& layer, const std::string& baseUrl) {
  return "<" + baseUrl + "/collections/" + layer.id() + "/queryables>; rel=\"" + kQueryablesRel +
         "\"; type=\"application/schema+json\"";
}

std::string contentDisposition(const std::string& title, const std::string& asciiName, const std::string& extension) {
  // A file name has no path separators, quotes or control characters, whatever the title holds
  // ("片区管委会/街道").
  std::string name;
  for (unsigned char c : title) name += (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == '"') ? '_' : char(c);
  name += extension;
  std::string fallback;
  for (unsigned char c : asciiName) fallback += (std::isalnum(c) || c == '-' || c == '_' || c == '.') ? char(c) : '_';
  if (fallback.empty()) fallback = "features";
  fallback += extension;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : name) {
    if (isAttrChar(c)) {
      encoded += char(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0x0F];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

std::string renderItemsPage(const gis::Layer& layer, const ItemsRequest& request, const std::vector<size_t>& matched,
                            const std::string& baseUrl) {
  const size_t first = std::min(request.offset, matched.size());
  const size_t last = std::min(matched.size(), first + request.limit);
  json links = json::array();
  links.push_back(link(pageUrl(layer, request, baseUrl, request.offset), "self", kGeoJsonType));
  links.push_back(link(baseUrl + "/collections/" + layer.id(), "collection", "application/json"));
  for (const auto& format : gis::fileFormats())
    links.push_back(link(pageUrl(layer, request, baseUrl, request.offset, format.name), "alternate", format.mediaType,
                         std::string("download (") + format.name + ")"));
  if (last < matched.size()) links.push_back(link(pageUrl(layer, request, baseUrl, last), "next", kGeoJsonType, "next page"));
  if (first > 0)
    links.push_back(link(pageUrl(layer, request, baseUrl, first > request.limit ? first - request.limit : 0), "prev",
                         kGeoJsonType, "previous page"));

  std::string body = "{\"type\":\"FeatureCollection\",\"numberMatched\":" + std::to_string(matched.size()) +
                     ",\"numberReturned\":" + std::to_string(last - first) + ",\"links\":" + links.dump() +
                     ",\"features\":[";
  const auto& features = layer.features();
  const gis::GeometryType type = layer.spec().geometryType;
  for (size_t i = first; i < last; ++i) {
    if (i > first) body += ',';
    // CRS84: the text rendered at load, concatenated; another CRS: transformed per feature.
    if (request.crs == gis::Crs::Crs84) body += features[matched[i]].geojson;
    else body += gis::renderFeature(features[matched[i]], type, request.crs);
  }
  body += "]}";
  return body;
}

void respondItems(RequestContext& ctx, const gis::Layer& layer, const ItemsRequest& request) {
  const std::vector<size_t> matched = gis::selectFeatures(layer, request.query());
  ctx.res.set_header("Content-Crs", contentCrs(request.crs));
  ctx.res.set_header("Link", queryablesLinkHeader(layer, ctx.baseUrl));
  if (!request.download) {
    ctx.res.set_content(renderItemsPage(layer, request, matched, ctx.baseUrl), kGeoJsonType);
    return;
  }
  // Paged like the GeoJSON (parseItemsRequest makes a download's default page max_page_size): a
  // Link header names the next file when the selection does not fit.
  const size_t first = std::min(request.offset, matched.size());
  const size_t last = std::min(matched.size(), first + request.limit);
  const std::vector<size_t> slice(matched.begin() + static_cast<std::ptrdiff_t>(first),
                                  matched.begin() + static_cast<std::ptrdiff_t>(last));
  const gis::FileFormatInfo& format = gis::fileFormatInfo(*request.download);
  ctx.res.set_header("Content-Disposition", contentDisposition(layer.spec().title, layer.id(), format.extension));
  if (last < matched.size())
    ctx.res.set_header("Link", "<" + pageUrl(layer, request, ctx.baseUrl, last) + ">; rel=\"next\"");
  ctx.res.set_content(gis::writeFeatures(layer, slice, *request.download, request.crs), format.mediaType);
}

void respondFeature(RequestContext& ctx, const gis::Layer& layer, const gis::Feature& feature, gis::Crs crs) {
  const std::string self = ctx.baseUrl + "/collections/" + layer.id();
  std::string selfHref = self + "/items/" + feature.id;
  if (crs != gis::Crs::Crs84) selfHref += "?crs=" + httplib::detail::encode_query_param(gis::crsInfo(crs).uri);
  const json links = {link(selfHref, "self", kGeoJsonType), link(self, "collection", "application/json")};
  // The rendered Feature ends with '}': splice in the required links.
  std::string body = gis::renderFeature(feature, layer.spec().geometryType, crs);
  body.insert(body.size() - 1, ",\"links\":" + links.dump());
  ctx.res.set_header("Content-Crs", contentCrs(crs));
  ctx.res.set_content(body, kGeoJsonType);
}

json queryablesSchema(const gis::Layer& layer, const std::string& baseUrl) {
  json properties = json::object();
  const char* geometryFormat = layer.spec().geometryType == gis::GeometryType::Point ? "geometry-point" : "geometry-multipolygon";
  for (const gis::Queryable& q : gis::queryables(layer.spec())) {
    if (q.isGeometry) properties[q.name] = {{"title", q.name}, {"format", geometryFormat}};
    else properties[q.name] = {{"title", q.name}, {"type", gis::fieldTypeName(q.type)}};
  }
  return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
          {"$id", baseUrl + "/collections/" + layer.id() + "/queryables"},
          {"type", "object"},
          {"title", layer.spec().title},
          {"description", "Properties that filter (CQL2 filter=, or property=value) may name"},
          {"properties", properties},
          {"additionalProperties", false}};
}

}  // namespace eoc::http
