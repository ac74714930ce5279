#include "gis/layer_loader.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/random_id.hpp"
#include "gis/detail/feature_reader.hpp"
#include "gis/detail/layer_validation.hpp"
#include "gis/manifest.hpp"

namespace eoc::gis {
namespace {

namespace fs = std::filesystem;

std::vector<Feature> readLayer(const fs::path& file, const LayerSpec& spec, const detail::CrsChoice& crs,
                               const detail::District* district) {
  const std::string label = file.string();
  std::vector<Feature> features = detail::readFeatures(file, label, spec, crs);
  detail::finishLayer(label, spec, features, spec.insideDistrict ? district : nullptr);
  return features;
}

detail::District districtOf(const Manifest& manifest, const std::vector<Feature>& boundary) {
  detail::District district;
  district.toleranceMeters = manifest.district.toleranceMeters;
  for (const Feature& feature : boundary)
    district.area.insert(district.area.end(), feature.area.begin(), feature.area.end());
  return district;
}

std::vector<Feature> loadBoundary(const fs::path& geodataDir, const Manifest& manifest) {
  const LayerSpec& spec = *manifest.find(manifest.district.boundaryLayer);
  return readLayer(geodataDir / spec.file, spec, {.override = "", .fallback = spec.sourceCrs}, nullptr);
}

// Writes `text` to `target` so that readers see either the old or the new file, never half of one.
void writeAtomically(const fs::path& target, const std::string& text) {
  // Appended piece by piece: `"." + string` trips GCC 12's -Wrestrict false positive in Release.
  std::string hiddenName = ".";
  hiddenName += target.filename().string();
  hiddenName += ".tmp-";
  hiddenName += randomHex(6);
  const fs::path temporary = target.parent_path() / hiddenName;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw GisError(target.string() + ": cannot write " + temporary.string());
    }
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw GisError(target.string() + ": cannot replace: " + error.message());
  }
}

std::string featureCollection(const LayerSpec& spec, const std::vector<Feature>& features) {
  // No top-level "id" in the stored file: the id lives in its property, where OGR reads it back.
  std::string text = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (size_t i = 0; i < features.size(); ++i) {
    text += detail::renderFeature(features[i], spec.geometryType, false);
    text += i + 1 < features.size() ? ",\n" : "\n";
  }
  return text + "]}\n";
}

// Points the manifest entry at the imported GeoJSON (which is WGS84, hence no "crs"), keeping
// every other key and the key order of the file.
void repointManifest(const Manifest& manifest, const std::string& layerId, const std::string& fileName) {
  std::ifstream in(manifest.path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto root = nlohmann::ordered_json::parse(text.str());
  for (auto& layer : root["layers"]) {
    if (layer["id"] != layerId) continue;
    if (layer["file"] == fileName && !layer.contains("crs")) return;
    layer["file"] = fileName;
    layer.erase("crs");
  }
  writeAtomically(manifest.path, root.dump(2, ' ', false) + "\n");
}

}  // namespace

LayerCatalog loadCatalog(const fs::path& geodataDir) {
  const Manifest manifest = readManifest(geodataDir);
  std::vector<Feature> boundary = loadBoundary(geodataDir, manifest);
  const detail::District district = districtOf(manifest, boundary);
  std::vector<Layer> layers;
  layers.reserve(manifest.layers.size());
  for (const LayerSpec& spec : manifest.layers) {
    if (spec.id == manifest.district.boundaryLayer) {
      layers.emplace_back(spec, std::move(boundary));
      continue;
    }
    layers.emplace_back(spec, readLayer(geodataDir / spec.file, spec, {.override = "", .fallback = spec.sourceCrs}, &district));
  }
  return LayerCatalog(std::move(layers));
}

size_t importLayer(const fs::path& geodataDir, const std::string& layerId, const fs::path& source,
                   const std::string& fromCrs) {
  const Manifest manifest = readManifest(geodataDir);
  const LayerSpec* spec = manifest.find(layerId);
  if (!spec) throw GisError(manifest.path.string() + ": no layer \"" + layerId + "\"");
  const bool isBoundary = layerId == manifest.district.boundaryLayer;
  std::optional<detail::District> district;
  if (!isBoundary) district = districtOf(manifest, loadBoundary(geodataDir, manifest));

  const std::vector<Feature> features =
      readLayer(source, *spec, {.override = fromCrs, .fallback = spec->sourceCrs}, district ? &*district : nullptr);
  const std::string fileName = layerId + ".geojson";
  writeAtomically(geodataDir / fileName, featureCollection(*spec, features));
  repointManifest(manifest, layerId, fileName);
  return features.size();
}

}  // namespace eoc::gis
