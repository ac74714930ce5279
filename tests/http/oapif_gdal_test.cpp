// GDAL's own OGC API – Features client (the OAPIF driver, through ogrinfo) must read every layer
// eoc serves, with the same feature counts and extents eoc loaded.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <regex>
#include <sstream>

#include "support/test_server.hpp"

namespace eoc::testing::oapif_gdal_test {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

TEST(OapifWithGdal, OgrinfoReadsEveryLayerWithItsCountAndExtent) {
  TestServer server;
  // GDAL_HTTP_TIMEOUT bounds the run; no proxy may interfere with loopback.
  std::string out = run("env -u http_proxy -u HTTP_PROXY GDAL_HTTP_TIMEOUT=20 ogrinfo -ro -so -al OAPIF:" +
                        server.baseUrl() + " 2>&1");
  std::map<std::string, long> counts;
  std::map<std::string, std::array<double, 4>> extents;
  std::regex layerRe(R"(Layer name: (\S+))"), countRe(R"(Feature Count: (\d+))"),
      extentRe(R"(Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\))");
  std::string current;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, layerRe)) current = m[1];
    else if (std::regex_search(line, m, countRe)) counts[current] = std::stol(m[1]);
    else if (std::regex_search(line, m, extentRe))
      extents[current] = {std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4])};
  }
  const auto& layers = server.service().layers().layers();
  ASSERT_FALSE(layers.empty());
  for (const auto& layer : layers) {
    ASSERT_TRUE(counts.count(layer.id())) << "ogrinfo did not list " << layer.id() << ":\n" << out;
    EXPECT_EQ(counts[layer.id()], long(layer.features().size())) << layer.id();
    ASSERT_TRUE(extents.count(layer.id())) << layer.id();
    auto box = layer.extent();
    const auto& e = extents[layer.id()];
    EXPECT_NEAR(e[0], box.min_corner().x(), 1e-5) << layer.id();
    EXPECT_NEAR(e[1], box.min_corner().y(), 1e-5) << layer.id();
    EXPECT_NEAR(e[2], box.max_corner().x(), 1e-5) << layer.id();
    EXPECT_NEAR(e[3], box.max_corner().y(), 1e-5) << layer.id();
  }
}

}  // namespace
}  // namespace eoc::testing::oapif_gdal_test
