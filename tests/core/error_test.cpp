#include "core/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace eoc {
namespace {

TEST(ErrorCatalogue, EveryCodeHasAUniqueNameAndAnHttpStatus) {
  std::set<std::string_view> names;
  for (const auto& info : errorCatalogue()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_GE(info.status, 400);
    EXPECT_LT(info.status, 600);
    EXPECT_FALSE(info.title.empty());
    EXPECT_EQ(errorInfo(info.code).name, info.name);
  }
}

TEST(ErrorCatalogue, ErrorCarriesCodeAndDetail) {
  EocError e(ErrorCode::InvalidBbox, "bbox: minLon 88 is greater than maxLon 87");
  EXPECT_EQ(e.info().status, 400);
  EXPECT_EQ(e.info().name, "InvalidBbox");
  EXPECT_EQ(e.detail(), "bbox: minLon 88 is greater than maxLon 87");
}

}  // namespace
}  // namespace eoc

namespace eoc {
namespace {

TEST(ErrorCatalogue, EveryCodeIsDocumentedInApiMd) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/docs/api.md");
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& info : errorCatalogue())
    EXPECT_NE(text.str().find("| `" + std::string(info.name) + "` | " + std::to_string(info.status) + " |"),
              std::string::npos)
        << info.name << " is missing from docs/api.md";
}

}  // namespace
}  // namespace eoc
