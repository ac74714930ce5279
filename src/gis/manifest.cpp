#include "gis/manifest.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gis/layer_loader.hpp"

namespace eoc::gis {
namespace {

using nlohmann::json;

// Reads one JSON object and refuses keys it does not know, so that a typo ("requierd") in the
// manifest is an error instead of a silently ignored setting.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where, std::string file)
      : object_(object), where_(std::move(where)), file_(std::move(file)) {
    if (!object_.is_object()) fail("expected an object");
  }

  [[noreturn]] void fail(const std::string& what) const { throw GisError(file_ + ": " + where_ + ": " + what); }

  const json* optional(const char* key) {
    known_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  const json& required(const char* key) {
    const json* value = optional(key);
    if (!value) fail(std::string("missing key \"") + key + "\"");
    return *value;
  }
  std::string string(const char* key) { return asString(key, required(key)); }
  std::string string(const char* key, std::string fallback) {
    const json* value = optional(key);
    return value ? asString(key, *value) : fallback;
  }
  bool boolean(const char* key, bool fallback) {
    const json* value = optional(key);
    if (!value) return fallback;
    if (!value->is_boolean()) fail(std::string("key \"") + key + "\": expected true or false");
    return value->get<bool>();
  }
  double number(const char* key) {
    const json& value = required(key);
    if (!value.is_number() || value.get<double>() < 0) fail(std::string("key \"") + key + "\": expected a number >= 0");
    return value.get<double>();
  }
  // Call after reading every key.
  void rejectUnknownKeys() const {
    for (const auto& [key, value] : object_.items())
      if (!known_.contains(key)) fail("unknown key \"" + key + "\"");
  }

 private:
  std::string asString(const char* key, const json& value) const {
    if (!value.is_string() || value.get<std::string>().empty())
      fail(std::string("key \"") + key + "\": expected a non-empty string");
    return value.get<std::string>();
  }

  const json& object_;
  std::string where_;
  std::string file_;
  std::set<std::string, std::less<>> known_;
};

FieldType parseFieldType(const std::string& name, const ObjectReader& reader) {
  if (name == "string") return FieldType::String;
  if (name == "integer") return FieldType::Integer;
  if (name == "real") return FieldType::Real;
  if (name == "boolean") return FieldType::Boolean;
  reader.fail("type \"" + name + "\": expected string, integer, real or boolean");
}

bool isKnownCrs(const std::string& crs) {
  if (crs == "gcj02" || crs == "bd09") return true;
  if (crs.rfind("EPSG:", 0) != 0 || crs.size() == 5) return false;
  return crs.find_first_not_of("0123456789", 5) == std::string::npos;
}

LayerSpec parseLayer(const json& object, const std::string& where, const std::string& file) {
  ObjectReader reader(object, where, file);
  LayerSpec spec;
  spec.id = reader.string("id");
  spec.title = reader.string("title");
  spec.description = reader.string("description", "");
  spec.file = reader.string("file");
  const std::string geometry = reader.string("geometry");
  if (geometry == "Point") {
    spec.geometryType = GeometryType::Point;
  } else if (geometry == "Polygon") {
    spec.geometryType = GeometryType::Polygon;
  } else {
    reader.fail("geometry \"" + geometry + "\": expected Point or Polygon");
  }
  spec.idField = reader.string("id_field");
  spec.sourceCrs = reader.string("crs", "");
  if (!spec.sourceCrs.empty() && !isKnownCrs(spec.sourceCrs))
    reader.fail("crs \"" + spec.sourceCrs + "\": expected EPSG:nnnn, gcj02 or bd09");
  spec.insideDistrict = reader.boolean("inside_district", true);
  if (const json* count = reader.optional("count")) {
    if (!count->is_number_unsigned()) reader.fail("key \"count\": expected a whole number >= 0");
    spec.expectedCount = count->get<size_t>();
  }
  const json& fields = reader.required("fields");
  if (!fields.is_array()) reader.fail("key \"fields\": expected an array");
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    ObjectReader fieldReader(fields[i], where + ".fields[" + std::to_string(i) + "]", file);
    FieldSpec field;
    field.name = fieldReader.string("name");
    field.type = parseFieldType(fieldReader.string("type"), fieldReader);
    field.required = fieldReader.boolean("required", true);
    fieldReader.rejectUnknownKeys();
    if (!names.insert(field.name).second) fieldReader.fail("field \"" + field.name + "\" declared twice");
    spec.fields.push_back(std::move(field));
  }
  reader.rejectUnknownKeys();
  return spec;
}

}  // namespace

const LayerSpec* Manifest::find(const std::string& layerId) const {
  for (const LayerSpec& spec : layers)
    if (spec.id == layerId) return &spec;
  return nullptr;
}

Manifest readManifest(const std::filesystem::path& geodataDir) {
  Manifest manifest;
  manifest.path = geodataDir / "layers.json";
  const std::string file = manifest.path.string();
  std::ifstream in(manifest.path, std::ios::binary);
  if (!in) throw GisError(file + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  json root;
  try {
    root = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw GisError(file + ": invalid JSON: " + e.what());
  }
  ObjectReader top(root, "top level", file);
  {
    ObjectReader district(top.required("district"), "district", file);
    manifest.district.code = district.string("code");
    manifest.district.name = district.string("name");
    manifest.district.boundaryLayer = district.string("boundary_layer");
    manifest.district.toleranceMeters = district.number("tolerance_m");
    district.rejectUnknownKeys();
  }
  const json& layers = top.required("layers");
  if (!layers.is_array()) top.fail("key \"layers\": expected an array");
  top.rejectUnknownKeys();
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerSpec spec = parseLayer(layers[i], "layers[" + std::to_string(i) + "]", file);
    if (manifest.find(spec.id)) throw GisError(file + ": layers[" + std::to_string(i) + "]: duplicate layer id \"" + spec.id + "\"");
    manifest.layers.push_back(std::move(spec));
  }
  if (!manifest.find(manifest.district.boundaryLayer))
    throw GisError(file + ": district: boundary_layer \"" + manifest.district.boundaryLayer + "\" is not a layer");
  if (manifest.find(manifest.district.boundaryLayer)->geometryType != GeometryType::Polygon)
    throw GisError(file + ": district: boundary layer \"" + manifest.district.boundaryLayer + "\" must have Polygon geometry");
  return manifest;
}

}  // namespace eoc::gis
