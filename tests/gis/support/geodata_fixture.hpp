#pragma once
// A throw-away copy of tests/gis/fixtures/good in the system temp folder, so that tests can swap in
// broken files or edit the manifest without ever writing into the repository.
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace eoc::gis::testing {

std::filesystem::path fixturePath(const std::string& relative);  // under tests/gis/fixtures/

class TempGeodata {
 public:
  TempGeodata();  // a fresh copy of fixtures/good
  ~TempGeodata();
  TempGeodata(const TempGeodata&) = delete;
  TempGeodata& operator=(const TempGeodata&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  nlohmann::ordered_json manifest() const;
  void writeManifest(const nlohmann::ordered_json& manifest) const;
  void editManifest(const std::function<void(nlohmann::ordered_json&)>& edit) const;
  // Copies fixtures/broken/<name> (and its shapefile siblings) in and points layer `layerId` at it.
  void useBrokenFile(const std::string& layerId, const std::string& name) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace eoc::gis::testing
