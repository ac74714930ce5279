#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace eoc {
namespace {

std::filesystem::path writeTemp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("eoc-config-test-" + std::to_string(::getpid()) + name);
  std::ofstream(path) << text;
  return path;
}

TEST(Config, DefaultsAreValid) { EXPECT_EQ(Config{}.validate(), ""); }

TEST(Config, ListenParsesHostAndPort) {
  Config c;
  parseListen("0.0.0.0:9000", c);
  EXPECT_EQ(c.listenHost, "0.0.0.0");
  EXPECT_EQ(c.listenPort, 9000);
}

TEST(Config, ListenRejectsMissingOrNonNumericPort) {
  Config c;
  for (const char* bad : {"localhost", ":80", "host:", "host:80a", "host:123456"})
    EXPECT_THROW(parseListen(bad, c), EocError) << bad;
}

TEST(Config, FileSetsOnlyTheKeysItHas) {
  auto path = writeTemp("ok.json", R"({"listen": "127.0.0.1:0", "limits": {"max_page_size": 500}})");
  Config c;
  loadConfigFile(path, c);
  EXPECT_EQ(c.listenPort, 0);
  EXPECT_EQ(c.limits.maxPageSize, 500u);
  EXPECT_EQ(c.limits.defaultPageSize, 100u);
  std::filesystem::remove(path);
}

TEST(Config, FileWithUnknownKeyNamesTheKey) {
  auto path = writeTemp("bad.json", R"({"limits": {"max_pages": 5}})");
  Config c;
  try {
    loadConfigFile(path, c);
    FAIL() << "expected an error";
  } catch (const EocError& e) {
    EXPECT_NE(e.detail().find("/limits/max_pages"), std::string::npos) << e.detail();
  }
  std::filesystem::remove(path);
}

TEST(Config, ValidateNamesTheBadSetting) {
  Config c;
  c.limits.defaultPageSize = 20000;
  EXPECT_NE(c.validate().find("default_page_size"), std::string::npos);
}

}  // namespace
}  // namespace eoc

namespace eoc {
namespace {

// The configuration example in README.md is what operators copy: it must load as it stands, and
// it must show the defaults, so that copying it changes nothing.
TEST(Config, TheReadmeExampleLoadsAndShowsTheDefaults) {
  std::ifstream in(std::filesystem::path(EOC_SOURCE_DIR) / "README.md");
  std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto section = readme.find("## Configuration");
  ASSERT_NE(section, std::string::npos);
  auto open = readme.find("```json\n", section);
  ASSERT_NE(open, std::string::npos);
  open += 8;
  auto close = readme.find("```", open);
  ASSERT_NE(close, std::string::npos);
  auto file = writeTemp("readme.json", readme.substr(open, close - open));
  Config loaded;
  ASSERT_NO_THROW(loadConfigFile(file, loaded));
  std::filesystem::remove(file);
  EXPECT_EQ(loaded.validate(), "");
  Config defaults;
  EXPECT_EQ(loaded.listenPort, defaults.listenPort);
  EXPECT_EQ(loaded.broadcast.ackDeadlineRed, defaults.broadcast.ackDeadlineRed);
  EXPECT_EQ(loaded.broadcast.ackDeadlineBlue, defaults.broadcast.ackDeadlineBlue);
  EXPECT_EQ(loaded.broadcast.maxEventStreams, defaults.broadcast.maxEventStreams);
  EXPECT_EQ(loaded.broadcast.retryMaxMs, defaults.broadcast.retryMaxMs);
  EXPECT_EQ(loaded.limits.maxPolygonVertices, defaults.limits.maxPolygonVertices);
  EXPECT_EQ(loaded.limits.maxBodyBytes, defaults.limits.maxBodyBytes);
}

}  // namespace
}  // namespace eoc
