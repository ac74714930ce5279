#pragma once
// geodata/layers.json: the district and the list of layers with their schemas. Parsed strictly:
// unknown keys, missing keys and wrong types are GisError naming the manifest and the key.
#include <filesystem>
#include <string>
#include <vector>

#include "gis/layer.hpp"

namespace eoc::gis {

struct DistrictSpec {
  std::string code;           // GB/T 2260, "650103"
  std::string name;           // "沙依巴克区"
  std::string boundaryLayer;  // id of the layer whose polygons are the district
  double toleranceMeters = 0; // how far outside the boundary a feature may still lie
};

struct Manifest {
  std::filesystem::path path;  // the layers.json it was read from
  DistrictSpec district;
  std::vector<LayerSpec> layers;  // manifest order
  const LayerSpec* find(const std::string& layerId) const;
};

Manifest readManifest(const std::filesystem::path& geodataDir);

}  // namespace eoc::gis
