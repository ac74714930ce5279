#include "gis/support/geodata_fixture.hpp"

#include <fstream>
#include <random>
#include <sstream>

namespace eoc::gis::testing {

namespace fs = std::filesystem;

fs::path fixturePath(const std::string& relative) { return fs::path(EOC_SOURCE_DIR) / "tests/gis/fixtures" / relative; }

TempGeodata::TempGeodata() {
  std::random_device entropy;
  dir_ = fs::temp_directory_path() / ("eoc-gis-test-" + std::to_string(entropy()) + std::to_string(entropy()));
  fs::create_directories(dir_);
  fs::copy(fixturePath("good"), dir_, fs::copy_options::recursive);
}

TempGeodata::~TempGeodata() {
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

nlohmann::ordered_json TempGeodata::manifest() const {
  std::ifstream in(dir_ / "layers.json");
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::ordered_json::parse(text.str());
}

void TempGeodata::writeManifest(const nlohmann::ordered_json& manifest) const {
  std::ofstream(dir_ / "layers.json") << manifest.dump(2);
}

void TempGeodata::editManifest(const std::function<void(nlohmann::ordered_json&)>& edit) const {
  auto m = manifest();
  edit(m);
  writeManifest(m);
}

void TempGeodata::useBrokenFile(const std::string& layerId, const std::string& name) const {
  const fs::path source = fixturePath("broken/" + name);
  for (const char* extension : {".shx", ".dbf", ".cpg", ".prj"}) {
    fs::path sibling = source;
    sibling.replace_extension(extension);
    if (source.extension() == ".shp" && fs::exists(sibling)) fs::copy_file(sibling, dir_ / sibling.filename());
  }
  fs::copy_file(source, dir_ / name);
  editManifest([&](nlohmann::ordered_json& m) {
    for (auto& layer : m["layers"])
      if (layer["id"] == layerId) layer["file"] = name;
  });
}

}  // namespace eoc::gis::testing
