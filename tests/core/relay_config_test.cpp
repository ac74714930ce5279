// relay: the upstream CAP feeds eoc polls, read from the config file and validated once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/config.hpp"
#include "core/error.hpp"

namespace eoc::relay_config_test {
namespace {

// Loads `json` as a config file; the error detail, or "" when it loaded.
std::string load(const std::string& json, Config& config) {
  auto path = std::filesystem::temp_directory_path() / ("eoc-relay-config-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << json;
  std::string error;
  try {
    loadConfigFile(path, config);
  } catch (const EocError& e) {
    error = e.detail();
  }
  std::filesystem::remove(path);
  return error;
}

TEST(RelayConfig, NoFeedsByDefaultAndTheDefaultsAreValid) {
  Config c;
  EXPECT_TRUE(c.relay.feeds.empty());
  EXPECT_EQ(c.relay.maxFeedBytes, 4u << 20);
  EXPECT_EQ(c.relay.maxCapBytes, 1u << 20);
  EXPECT_EQ(c.relay.maxEntries, 1000u);
  EXPECT_EQ(c.validate(), "");
}

TEST(RelayConfig, FeedsAreReadWithTheirIntervalAndName) {
  Config c;
  ASSERT_EQ(load(R"({"relay": {"feeds": [
                    {"url": "https://qxt.example.invalid/cap/atom.xml", "interval_seconds": 30, "name": "市气象台"},
                    {"url": "http://10.0.0.7/rss.xml"}],
                  "max_entries": 600, "timeout_ms": 5000, "max_backoff_seconds": 900}})",
                 c),
            "");
  ASSERT_EQ(c.relay.feeds.size(), 2u);
  EXPECT_EQ(c.relay.feeds[0].url, "https://qxt.example.invalid/cap/atom.xml");
  EXPECT_EQ(c.relay.feeds[0].intervalSeconds, 30);
  EXPECT_EQ(c.relay.feeds[0].name, "市气象台");
  EXPECT_EQ(c.relay.feeds[1].intervalSeconds, 60);  // default
  EXPECT_EQ(c.relay.maxEntries, 600u);
  EXPECT_EQ(c.relay.timeoutMs, 5000);
  EXPECT_EQ(c.relay.maxBackoffSeconds, 900);
  EXPECT_EQ(c.validate(), "");
}

TEST(RelayConfig, ShapesTheFileMayNotHaveAreRefusedNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> table{
      {R"({"relay": {"feed": []}})", "/relay/feed: unknown setting"},
      {R"({"relay": {"feeds": {"url": "http://a"}}})", "/relay/feeds: expected a list"},
      {R"({"relay": {"feeds": ["http://a"]}})", "/relay/feeds/0: expected an object"},
      {R"({"relay": {"feeds": [{"interval_seconds": 60}]}})", "/relay/feeds/0/url: missing"},
      {R"({"relay": {"feeds": [{"url": "http://a", "every": 60}]}})", "/relay/feeds/0/every: unknown setting"},
      {R"({"relay": {"feeds": [{"url": 7}]}})", "/relay: wrong type"},
      {R"({"relay": []})", "/relay: expected an object"},
  };
  for (const auto& [json, says] : table) {
    Config c;
    const std::string error = load(json, c);
    EXPECT_NE(error.find(says), std::string::npos) << json << " → " << error;
  }
}

TEST(RelayConfig, ValidationNamesTheBadFeed) {
  struct Case {
    std::vector<RelayFeed> feeds;
    int maxBackoff;
    const char* says;
  };
  const std::vector<Case> table{
      {{{"ftp://a.example.invalid/feed", 60, ""}}, 1800, "relay.feeds[0].url: 'ftp://a.example.invalid/feed' is not"},
      {{{"https://", 60, ""}}, 1800, "relay.feeds[0].url"},
      {{{"https://a.example.invalid/a b", 60, ""}}, 1800, "relay.feeds[0].url: contains white space"},
      {{{"https://a.example.invalid/f", 5, ""}},
       1800,
       "relay.feeds[0].interval_seconds: 5 is not between 10 and 86400"},
      {{{"https://a.example.invalid/f", 60, ""}, {"https://a.example.invalid/f", 60, ""}},
       1800,
       "relay.feeds[1].url: 'https://a.example.invalid/f' is listed twice"},
      {{{"https://a.example.invalid/f", 60, "x"}, {"https://b.example.invalid/f", 60, "x"}},
       1800,
       "relay.feeds[1].name: 'x' is used twice"},
      {{{"https://a.example.invalid/f", 3600, ""}},
       1800,
       "relay.max_backoff_seconds: 1800 is shorter than the longest interval_seconds, 3600"},
  };
  for (const auto& c : table) {
    Config config;
    config.relay.feeds = c.feeds;
    config.relay.maxBackoffSeconds = c.maxBackoff;
    EXPECT_NE(config.validate().find(c.says), std::string::npos) << config.validate();
  }
  Config small;
  small.relay.maxCapBytes = 10;
  EXPECT_EQ(small.validate(), "relay.max_cap_bytes: need at least 1024");
}

}  // namespace
}  // namespace eoc::relay_config_test
