#include "gis/detail/feature_reader.hpp"

#include <cmath>
#include <optional>

#include "gis/chinese_datums.hpp"
#include "gis/detail/gdal.hpp"
#include "gis/layer_loader.hpp"

namespace eoc::gis::detail {
namespace {

using nlohmann::json;

enum class OffsetDatum { None, Gcj02, Bd09 };

struct SourceCrs {
  OGRSpatialReference reference;
  OffsetDatum datum = OffsetDatum::None;
};

// "EPSG:nnnn", "gcj02" or "bd09" (the latter two are lon/lat in an offset datum, read as WGS84
// and then shifted by chinese_datums).
SourceCrs namedCrs(const std::string& name, const std::string& label) {
  SourceCrs crs;
  int epsg = 4326;
  if (name == "gcj02") {
    crs.datum = OffsetDatum::Gcj02;
  } else if (name == "bd09") {
    crs.datum = OffsetDatum::Bd09;
  } else if (name.rfind("EPSG:", 0) == 0 && name.size() > 5 &&
             name.find_first_not_of("0123456789", 5) == std::string::npos && name.size() < 12) {
    epsg = std::stoi(name.substr(5));
  } else {
    throw GisError(label + ": unknown CRS \"" + name + "\" (expected EPSG:nnnn, gcj02 or bd09)");
  }
  ErrorCapture errors;
  if (crs.reference.importFromEPSG(epsg) != OGRERR_NONE)
    throw GisError(label + ": unknown CRS \"" + name + "\"" + errors.suffix());
  return crs;
}

// The CRS the coordinates are in. A manifest "gcj02"/"bd09" also applies to files that declare
// plain geographic WGS84: GeoJSON always does (RFC 7946), and no file can declare the offset.
SourceCrs sourceCrs(OGRLayer& layer, const CrsChoice& choice, const std::string& label) {
  if (!choice.override.empty()) return namedCrs(choice.override, label);
  const OGRSpatialReference* declared = layer.GetSpatialRef();
  if (declared) {
    if ((choice.fallback == "gcj02" || choice.fallback == "bd09") && declared->IsGeographic())
      return namedCrs(choice.fallback, label);
    SourceCrs crs;
    crs.reference = *declared;
    return crs;
  }
  if (!choice.fallback.empty()) return namedCrs(choice.fallback, label);
  throw GisError(label + ": no CRS declared and none given in layers.json");
}

OGRLayer& pickLayer(GDALDataset& dataset, const LayerSpec& spec, const std::string& label) {
  const int count = dataset.GetLayerCount();
  if (count == 1) return *dataset.GetLayer(0);
  if (OGRLayer* named = dataset.GetLayerByName(spec.id.c_str())) return *named;
  throw GisError(label + ": holds " + std::to_string(count) + " layers and none is named \"" + spec.id + "\"");
}

// GeoJSON / WKT spelling ("LineString"), which is what people writing the data know.
std::string typeName(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint: return "Point";
    case wkbLineString: return "LineString";
    case wkbPolygon: return "Polygon";
    case wkbMultiPoint: return "MultiPoint";
    case wkbMultiLineString: return "MultiLineString";
    case wkbMultiPolygon: return "MultiPolygon";
    case wkbGeometryCollection: return "GeometryCollection";
    default: return OGRGeometryTypeToName(wkbFlatten(type));
  }
}

Polygon::ring_type toRing(const OGRLinearRing& ring) {
  Polygon::ring_type out;
  out.reserve(static_cast<size_t>(ring.getNumPoints()));
  for (int i = 0; i < ring.getNumPoints(); ++i) out.emplace_back(ring.getX(i), ring.getY(i));
  return out;
}

Polygon toPolygon(const OGRPolygon& polygon) {
  Polygon out;
  if (const OGRLinearRing* exterior = polygon.getExteriorRing()) out.outer() = toRing(*exterior);
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i) out.inners().push_back(toRing(*polygon.getInteriorRing(i)));
  return out;
}

GeoPoint toWgs84(GeoPoint p, OffsetDatum datum) {
  switch (datum) {
    case OffsetDatum::Gcj02: return gcj02ToWgs84(p);
    case OffsetDatum::Bd09: return gcj02ToWgs84(bd09ToGcj02(p));
    case OffsetDatum::None: break;
  }
  return p;
}

json propertyValue(OGRFeature& feature, int index, const OGRFieldDefn& definition) {
  if (!feature.IsFieldSetAndNotNull(index)) return nullptr;
  switch (definition.GetType()) {
    case OFTInteger:
      if (definition.GetSubType() == OFSTBoolean) return feature.GetFieldAsInteger(index) != 0;
      return feature.GetFieldAsInteger(index);
    case OFTInteger64: return static_cast<std::int64_t>(feature.GetFieldAsInteger64(index));
    case OFTReal: return feature.GetFieldAsDouble(index);
    case OFTIntegerList: {
      int n = 0;
      const int* values = feature.GetFieldAsIntegerList(index, &n);
      return json(std::vector<int>(values, values + n));
    }
    case OFTInteger64List: {
      int n = 0;
      const GIntBig* values = feature.GetFieldAsInteger64List(index, &n);
      return json(std::vector<std::int64_t>(values, values + n));
    }
    case OFTRealList: {
      int n = 0;
      const double* values = feature.GetFieldAsDoubleList(index, &n);
      return json(std::vector<double>(values, values + n));
    }
    case OFTStringList: {
      json list = json::array();
      if (char** values = feature.GetFieldAsStringList(index))
        for (; *values; ++values) list.push_back(*values);
      return list;
    }
    default: return feature.GetFieldAsString(index);  // String, Date, Time, DateTime, Binary
  }
}

class FeatureContext {
 public:
  FeatureContext(const std::string& label, size_t position) : label_(label), position_(position) {}
  void identify(const std::string& id) { id_ = id; }
  [[noreturn]] void fail(const std::string& what) const {
    throw GisError(label_ + ": feature " + (id_.empty() ? "#" + std::to_string(position_) : id_) + ": " + what);
  }
  [[noreturn]] void failField(const std::string& field, const std::string& what) const { fail("field " + field + ": " + what); }

 private:
  const std::string& label_;
  size_t position_;
  std::string id_;
};

std::string describe(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Checks one declared field and normalises its value in `properties` (0/1 integers declared
// boolean become true/false).
void checkField(const FieldSpec& field, const OGRFeatureDefn& definition, json& properties, const FeatureContext& at) {
  const int index = definition.GetFieldIndex(field.name.c_str());
  auto it = properties.find(field.name);
  if (index < 0 || it == properties.end() || it->is_null()) {
    if (field.required) at.failField(field.name, "missing");
    return;
  }
  const OGRFieldDefn& fieldDefinition = *definition.GetFieldDefn(index);
  const OGRFieldType type = fieldDefinition.GetType();
  const bool isBooleanSubtype = fieldDefinition.GetSubType() == OFSTBoolean;
  json& value = *it;
  switch (field.type) {
    case FieldType::String:
      if (type != OFTString) at.failField(field.name, "expected string, got " + describe(value));
      break;
    case FieldType::Integer:
      if ((type != OFTInteger && type != OFTInteger64) || isBooleanSubtype)
        at.failField(field.name, "expected integer, got " + describe(value));
      break;
    case FieldType::Real:
      if ((type != OFTInteger && type != OFTInteger64 && type != OFTReal) || isBooleanSubtype)
        at.failField(field.name, "expected real, got " + describe(value));
      break;
    case FieldType::Boolean:
      if (isBooleanSubtype) break;
      if ((type == OFTInteger || type == OFTInteger64) && (value == 0 || value == 1)) {
        value = value == 1;
        break;
      }
      at.failField(field.name, "expected boolean, got " + describe(value));
  }
}

std::string featureId(const LayerSpec& spec, const json& properties, const FeatureContext& at) {
  auto it = properties.find(spec.idField);
  if (it == properties.end() || it->is_null()) at.failField(spec.idField, "missing (it is the id field)");
  std::string id;
  if (it->is_string()) {
    id = it->get<std::string>();
  } else if (it->is_number_integer()) {
    id = it->dump();
  } else {
    at.failField(spec.idField, "expected a string or integer id, got " + describe(*it));
  }
  if (id.empty()) at.failField(spec.idField, "empty id");
  return id;
}

void readGeometry(OGRGeometry* geometry, const LayerSpec& spec, OffsetDatum datum, Feature& out,
                  const FeatureContext& at) {
  if (!geometry) at.fail("no geometry");
  const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
  if (spec.geometryType == GeometryType::Point) {
    if (type != wkbPoint) at.fail("expected Point geometry, got " + typeName(type));
    if (geometry->IsEmpty()) at.fail("empty geometry");
    const OGRPoint& p = *geometry->toPoint();
    out.point = toPoint(toWgs84(GeoPoint{p.getX(), p.getY()}, datum));
  } else {
    if (type == wkbPolygon) {
      out.area.push_back(toPolygon(*geometry->toPolygon()));
    } else if (type == wkbMultiPolygon) {
      for (const OGRPolygon* part : *geometry->toMultiPolygon()) out.area.push_back(toPolygon(*part));
    } else {
      at.fail("expected Polygon geometry, got " + typeName(type));
    }
    if (geometry->IsEmpty()) at.fail("empty geometry");
    if (datum != OffsetDatum::None)
      bg::for_each_point(out.area, [datum](Point& p) { p = toPoint(toWgs84(toGeoPoint(p), datum)); });
  }
}

}  // namespace

std::vector<Feature> readFeatures(const std::filesystem::path& file, const std::string& label, const LayerSpec& spec,
                                  const CrsChoice& choice) {
  ErrorCapture errors;  // declared first so that it also covers closing the dataset
  DatasetPtr dataset = openVector(file, label);
  OGRLayer& layer = pickLayer(*dataset, spec, label);
  SourceCrs source = sourceCrs(layer, choice, label);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  // Without this EPSG:4326/4490 axes come out lat,lon (GDAL ≥ 3); eoc is lon,lat throughout.
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  source.reference.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  TransformationPtr toWgs84Transform(OGRCreateCoordinateTransformation(&source.reference, &wgs84));
  if (!toWgs84Transform) throw GisError(label + ": cannot transform its CRS to WGS84" + errors.suffix());

  const OGRFeatureDefn& definition = *layer.GetLayerDefn();
  std::vector<Feature> features;
  layer.ResetReading();
  size_t position = 0;
  while (FeaturePtr ogrFeature{layer.GetNextFeature()}) {
    FeatureContext at(label, ++position);
    Feature feature;
    feature.properties = json::object();
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
      const OGRFieldDefn& field = *definition.GetFieldDefn(i);
      feature.properties[field.GetNameRef()] = propertyValue(*ogrFeature, i, field);
    }
    feature.id = featureId(spec, feature.properties, at);
    at.identify(feature.id);
    for (const FieldSpec& field : spec.fields) checkField(field, definition, feature.properties, at);

    GeometryPtr geometry(ogrFeature->StealGeometry());
    if (geometry && !geometry->IsEmpty() && geometry->transform(toWgs84Transform.get()) != OGRERR_NONE)
      at.fail("cannot transform coordinates to WGS84" + errors.suffix());
    readGeometry(geometry.get(), spec, source.datum, feature, at);
    features.push_back(std::move(feature));
  }
  if (!errors.lastError().empty()) throw GisError(label + ": read error: " + errors.lastError());
  return features;
}

}  // namespace eoc::gis::detail
