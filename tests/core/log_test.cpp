#include "core/log.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"

namespace eoc::log_test {
namespace {

// Collects every line the logger writes while alive; restores stderr afterwards.
class CapturedLog {
 public:
  CapturedLog() { log::setSink(&CapturedLog::append, this); }
  ~CapturedLog() { log::setSink(nullptr); }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  static void append(std::string_view line, void* self) {
    auto* log = static_cast<CapturedLog*>(self);
    std::lock_guard lock(log->mutex_);
    log->lines_.emplace_back(line);
  }
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

TEST(Logger, WritesOneJsonObjectPerLineWithTimeLevelComponentAndMessage) {
  CapturedLog captured;
  log::error("warnings", "expiry failed", {{"warning", "w1"}, {"attempt", 2}});
  auto lines = captured.lines();
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].back(), '\n');
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["component"], "warnings");
  EXPECT_EQ(line["message"], "expiry failed");
  EXPECT_EQ(line["warning"], "w1");
  EXPECT_EQ(line["attempt"], 2);
  EXPECT_FALSE(line.contains("request_id")) << "background work has no request";
  // Beijing time with milliseconds: 2026-07-12T15:00:00.123+08:00
  const std::string time = line["time"];
  ASSERT_EQ(time.size(), 29u) << time;
  EXPECT_EQ(time.substr(19, 1), ".");
  EXPECT_EQ(time.substr(23), "+08:00");
  auto parsed = parseIso8601(time.substr(0, 19) + "+08:00");
  ASSERT_TRUE(parsed);
  EXPECT_LE(std::chrono::abs(*parsed - SystemTimeSource().now()), std::chrono::seconds(5));
}

TEST(Logger, NamesTheRequestOfTheInnermostScopeOnThisThreadOnly) {
  CapturedLog captured;
  {
    log::RequestIdScope outer("r-outer");
    log::info("http", "one");
    {
      log::RequestIdScope inner("r-inner");
      log::info("http", "two");
    }
    std::thread other([] { log::info("scheduler", "three"); });
    other.join();
    log::info("http", "four");
  }
  log::info("http", "five");
  auto lines = captured.lines();
  ASSERT_EQ(lines.size(), 5u);
  std::vector<std::string> ids;
  for (const auto& text : lines) ids.push_back(nlohmann::json::parse(text).value("request_id", "-"));
  EXPECT_EQ(ids, (std::vector<std::string>{"r-outer", "r-inner", "-", "r-outer", "-"}));
}

TEST(Logger, LinesFromManyThreadsNeverInterleave) {
  CapturedLog captured;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) log::info("test", std::string(100, char('a' + t)), {{"i", i}});
    });
  for (auto& t : threads) t.join();
  auto lines = captured.lines();
  ASSERT_EQ(lines.size(), 1600u);
  for (const auto& text : lines) {
    auto line = nlohmann::json::parse(text);  // throws on a torn line
    EXPECT_EQ(line["message"].get<std::string>().size(), 100u);
  }
}

TEST(Logger, InvalidUtf8FromAClientIsReplacedNotThrown) {
  CapturedLog captured;
  log::warn("broadcast", "ack note", {{"note", std::string("ok\xff\xfe")}});
  auto lines = captured.lines();
  ASSERT_EQ(lines.size(), 1u);
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["note"].get<std::string>().substr(0, 2), "ok");
}

}  // namespace
}  // namespace eoc::log_test
