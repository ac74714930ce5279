// Rate budgets shared by instances: two Database objects on one store stand for two eoc
// instances (on PostgreSQL in the pg.* run, where they really are two connection pools); the
// budgets hold for both together, also when they take at the same moment from two threads.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/sqlite/repositories.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::throttle_repository_test {
namespace {

using testing::TestDatabase;

constexpr int64_t kBase = 1'780'000'000'000;  // Unix ms, 2026
const std::vector<ThrottleWindow> kDingTalk = {{20, 60'000}};           // 20 a minute per robot
const std::vector<ThrottleWindow> kFeishu = {{100, 60'000}, {5, 1'000}};  // 100 a minute and 5 a second

class ThrottleRepositoryTest : public ::testing::Test {
 protected:
  TestDatabase store;
  std::unique_ptr<sql::Database> dbA = store.open(), dbB = store.open();
  sqlite::ThrottleRepository a{*dbA}, b{*dbB};
};

TEST_F(ThrottleRepositoryTest, TwoInstancesTogetherNeverExceedTheRobotsWindow) {
  int sent = 0;
  for (int i = 0; i < 60; ++i) {  // one attempt a second, alternating instances
    auto& instance = i % 2 ? a : b;
    int64_t now = kBase + i * 1000;
    int64_t at = instance.takeSlot("dingtalk:robot-1", kDingTalk, now);
    if (at == now) ++sent;
    else EXPECT_EQ(at, kBase + 60'000) << i;  // the first send leaves the window then
  }
  EXPECT_EQ(sent, 20);
  // The window slides: a minute after the first send, one more.
  EXPECT_EQ(a.takeSlot("dingtalk:robot-1", kDingTalk, kBase + 60'000), kBase + 60'000);
  EXPECT_EQ(b.takeSlot("dingtalk:robot-1", kDingTalk, kBase + 60'000), kBase + 61'000);
  // Another robot has its own budget.
  EXPECT_EQ(b.takeSlot("dingtalk:robot-2", kDingTalk, kBase + 30'000), kBase + 30'000);
}

TEST_F(ThrottleRepositoryTest, ConcurrentTakesFromTwoInstancesGrantExactlyTheWindow) {
  std::atomic<int> granted{0};
  auto run = [&](sqlite::ThrottleRepository& instance) {
    for (int i = 0; i < 15; ++i)
      if (instance.takeSlot("wecom:robot", kDingTalk, kBase) == kBase) ++granted;
  };
  std::thread ta([&] { run(a); }), tb([&] { run(b); });
  ta.join();
  tb.join();
  EXPECT_EQ(granted.load(), 20);
}

TEST_F(ThrottleRepositoryTest, FeishusSecondWindowHoldsBesideItsMinute) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ((i % 2 ? a : b).takeSlot("feishu:bot", kFeishu, kBase + i), kBase + i);
  EXPECT_EQ(a.takeSlot("feishu:bot", kFeishu, kBase + 10), kBase + 1'000);  // the first leaves the second
  EXPECT_EQ(b.takeSlot("feishu:bot", kFeishu, kBase + 1'000), kBase + 1'000);
}

TEST_F(ThrottleRepositoryTest, ATokenBucketIsSharedAndRefills) {
  // 60 a minute, burst 3: three at once from either instance, then one a second.
  EXPECT_EQ(a.takeToken("token:t1", 1.0, 3, kBase), 0);
  EXPECT_EQ(b.takeToken("token:t1", 1.0, 3, kBase), 0);
  EXPECT_EQ(a.takeToken("token:t1", 1.0, 3, kBase), 0);
  EXPECT_EQ(b.takeToken("token:t1", 1.0, 3, kBase), 1000);
  EXPECT_EQ(b.takeToken("token:t1", 1.0, 3, kBase + 500), 500);
  EXPECT_EQ(a.takeToken("token:t1", 1.0, 3, kBase + 1000), 0);
  EXPECT_EQ(a.takeToken("token:t2", 1.0, 3, kBase + 1000), 0);  // another token: its own bucket
}

}  // namespace
}  // namespace eoc::store::throttle_repository_test
