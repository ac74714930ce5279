#include "http/features_request.hpp"

#include <array>

#include "core/error.hpp"
#include "gis/cql2/json_parser.hpp"
#include "gis/cql2/text_parser.hpp"
#include "gis/queryables.hpp"
#include "http/query.hpp"

namespace eoc::http {
namespace {

constexpr std::array<const char*, 10> kReserved = {"bbox",   "bbox-crs",    "crs",        "limit", "offset",
                                                    "f",      "filter",      "filter-lang", "filter-crs", "datetime"};

std::string formatNames() {
  std::string names = "json, geojson";
  for (const auto& format : gis::fileFormats()) names += std::string(", ") + format.name;
  return names;
}

// bbox in a CRS other than CRS84: four numbers min1,min2,max1,max2 in the CRS's own axis order
// (EPSG:4326/4490 latitude first, EPSG:4538 northing first), as Part 2 defines bbox-crs.
gis::SpatialArea projectedBbox(const std::string& text, gis::Crs crs) {
  std::vector<double> v;
  size_t start = 0;
  while (v.size() < 5) {
    const size_t comma = text.find(',', start);
    v.push_back(parseNumber("bbox", text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (v.size() != 4)
    throw EocError(ErrorCode::InvalidBbox, std::string("bbox: expected 4 comma-separated numbers in ") +
                                               gis::crsInfo(crs).uri + " axis order (minimum and maximum of axis 1, then of axis 2 as min1,min2,max1,max2)");
  if (v[0] > v[2] || v[1] > v[3])
    throw EocError(ErrorCode::InvalidBbox, "bbox: each minimum must not exceed its maximum (min1,min2,max1,max2)");
  gis::cql2::GeometryLiteral outline;
  outline.polygons.push_back(gis::boxInCrs84(crs, gis::Box(gis::Point(v[0], v[1]), gis::Point(v[2], v[3])), "bbox"));
  try {
    return gis::SpatialArea::fromLiteral(std::move(outline), "bbox", std::string("bbox-crs ") + gis::crsInfo(crs).uri);
  } catch (const EocError& e) {
    throw EocError(ErrorCode::InvalidBbox, e.detail());
  }
}

gis::FeatureFilter bindFilter(const httplib::Request& req, const gis::Layer& layer, const std::string& text) {
  const std::string language = queryValue(req, "filter-lang").value_or("cql2-text");
  const gis::Crs filterCrs = gis::requireCrs("filter-crs", queryValue(req, "filter-crs").value_or(gis::crsInfo(gis::Crs::Crs84).uri));
  gis::cql2::Expression expression;
  if (language == "cql2-text") {
    expression = gis::cql2::parseText(text);
  } else if (language == "cql2-json") {
    expression = gis::cql2::parseJson(text);
  } else {
    throw EocError(ErrorCode::InvalidParameter,
                   "filter-lang: \"" + language.substr(0, 40) + "\" is not supported; supported: cql2-text, cql2-json");
  }
  return gis::FeatureFilter(expression, layer, gis::literalTransform(filterCrs));
}

}  // namespace

bool isReservedItemsParameter(const std::string& name) {
  for (const char* reserved : kReserved)
    if (name == reserved) return true;
  return false;
}

gis::FeatureQuery ItemsRequest::query() const {
  gis::FeatureQuery q;
  q.bbox = bbox;
  q.propertyEquals = propertyEquals;
  q.filter = filter ? &*filter : nullptr;
  return q;
}

ItemsRequest parseItemsRequest(const httplib::Request& req, const gis::Layer& layer, const Limits& limits) {
  ItemsRequest request;
  request.limit = limits.defaultPageSize;
  std::optional<std::string> bboxText;
  for (const auto& [name, value] : req.params) {
    if (name == "limit") {
      request.limit = size_t(parseInteger("limit", value, 1, static_cast<long long>(limits.maxPageSize)));
      request.limitGiven = true;
    } else if (name == "offset") {
      request.offset = size_t(parseInteger("offset", value, 0, 1'000'000'000));
      continue;  // the links set their own
    } else if (name == "bbox") {
      bboxText = value;
    } else if (name == "crs") {
      request.crs = gis::requireCrs("crs", value);
    } else if (name == "f") {
      if (value != "json" && value != "geojson") {
        request.download = gis::parseFileFormat(value);
        if (!request.download)
          throw EocError(ErrorCode::InvalidParameter,
                         "f: \"" + value.substr(0, 40) + "\" is not a served format; served: " + formatNames());
      }
    } else if (!isReservedItemsParameter(name)) {
      bool known = false;
      for (const auto& field : layer.spec().fields) known = known || field.name == name;
      if (!known) {
        std::string names;
        for (const auto& field : layer.spec().fields) names += (names.empty() ? "" : ", ") + field.name;
        throw EocError(ErrorCode::UnknownProperty,
                       "\"" + name + "\" is not a property of " + layer.id() + " (filterable: " + names + ")");
      }
      request.propertyEquals.emplace_back(name, value);
    }
    request.echoed.emplace_back(name, value);
  }
  if (bboxText) {
    const gis::Crs bboxCrs =
        gis::requireCrs("bbox-crs", queryValue(req, "bbox-crs").value_or(gis::crsInfo(gis::Crs::Crs84).uri));
    request.bbox = bboxCrs == gis::Crs::Crs84 ? gis::SpatialArea::fromBox(parseBbox(*bboxText))
                                              : projectedBbox(*bboxText, bboxCrs);
  } else if (auto bboxCrs = queryValue(req, "bbox-crs")) {
    gis::requireCrs("bbox-crs", *bboxCrs);  // meaningless alone, but an unknown CRS is still an error
  }
  if (auto text = queryValue(req, "filter")) request.filter.emplace(bindFilter(req, layer, *text));
  if (request.download) {
    gis::checkFormatAcceptsCrs(*request.download, request.crs);
    // A file holds the whole selection (up to max_page_size features) unless limit says less.
    if (!request.limitGiven) request.limit = limits.maxPageSize;
  }
  return request;
}

gis::Crs parseFeatureCrs(const httplib::Request& req) {
  auto text = queryValue(req, "crs");
  return text ? gis::requireCrs("crs", *text) : gis::Crs::Crs84;
}

}  // namespace eoc::http
