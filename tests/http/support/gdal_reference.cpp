#include "support/gdal_reference.hpp"

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "support/test_server.hpp"

namespace eoc::testing {

std::string runCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::set<std::string> sqliteSelect(const nlohmann::json& featureCollection, const std::string& idField,
                                   const std::string& where) {
  // A clean FeatureCollection: only type, geometry and properties per feature (the OGC page's
  // links and numberMatched, and the top-level ids, mean nothing to the reference).
  nlohmann::json clean = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
  for (const auto& f : featureCollection["features"])
    clean["features"].push_back({{"type", "Feature"}, {"geometry", f["geometry"]}, {"properties", f["properties"]}});
  TempDir dir;
  const auto file = dir.path() / "layer.geojson";
  std::ofstream(file) << clean.dump();
  GDALAllRegister();
  struct Closer {
    void operator()(GDALDataset* d) const { GDALClose(d); }
  };
  std::unique_ptr<GDALDataset, Closer> dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) throw std::runtime_error("GDAL cannot open the fetched GeoJSON");
  const std::string sql = "SELECT \"" + idField + "\" FROM layer WHERE " + where;
  CPLErrorReset();
  OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLite");
  if (!result) throw std::runtime_error("SQLite rejected: " + sql + ": " + CPLGetLastErrorMsg());
  std::set<std::string> ids;
  while (OGRFeatureUniquePtr feature{result->GetNextFeature()}) ids.insert(feature->GetFieldAsString(0));
  dataset->ReleaseResultSet(result);
  return ids;
}

std::vector<std::array<double, 2>> gdaltransform(const std::vector<std::array<double, 2>>& lonLat,
                                                 const std::string& target) {
  TempDir dir;
  const auto input = dir.path() / "in.txt";
  {
    std::ofstream out(input);
    out.precision(17);
    for (const auto& p : lonLat) out << p[0] << ' ' << p[1] << '\n';
  }
  const std::string output = runCommand("gdaltransform -s_srs EPSG:4326 -t_srs " + target + " < " + input.string());
  std::vector<std::array<double, 2>> result;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream values(line);
    double x = 0, y = 0;
    if (values >> x >> y) result.push_back({x, y});
  }
  if (result.size() != lonLat.size()) throw std::runtime_error("gdaltransform answered: " + output.substr(0, 300));
  return result;
}

std::vector<std::array<double, 2>> coordinatesOf(const nlohmann::json& geometry) {
  std::vector<std::array<double, 2>> out;
  const std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_array() && node.size() >= 2 && node[0].is_number()) {
      out.push_back({node[0].get<double>(), node[1].get<double>()});
      return;
    }
    if (node.is_array())
      for (const auto& child : node) walk(child);
  };
  walk(geometry["coordinates"]);
  return out;
}

}  // namespace eoc::testing
