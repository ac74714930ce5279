// Vendor rate limits as pure logic on a manual clock: sliding windows, the coalescing queue, the
// vendor's block time.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <set>

#include "broadcast/channels/rate_limit.hpp"

namespace eoc::testing::channels_rate_limit_test {
namespace {

using namespace broadcast::channels;
using namespace std::chrono_literals;

// Sends in any span of `length`: at most `count`.
void expectWithinLimit(const std::vector<Instant>& sends, size_t count, std::chrono::milliseconds length) {
  for (size_t i = 0; i < sends.size(); ++i) {
    size_t inSpan = 0;
    for (size_t k = i; k < sends.size() && sends[k] < sends[i] + length; ++k) ++inSpan;
    EXPECT_LE(inSpan, count) << "span starting at " << sends[i].count() << " ms";
  }
}

TEST(WindowLimiter, ASlotComesBackExactlyOneWindowAfterItWasSpent) {
  WindowLimiter limiter(vendorLimit(Kind::DingTalk));
  for (int i = 0; i < 20; ++i) {
    ASSERT_GT(limiter.available(Instant(i * 100)), 0u);
    limiter.record(Instant(i * 100));
  }
  EXPECT_EQ(limiter.available(Instant(5000)), 0u);
  EXPECT_EQ(limiter.nextFree(Instant(5000)), Instant(60000));
  EXPECT_EQ(limiter.available(Instant(59999)), 0u);
  EXPECT_EQ(limiter.available(Instant(60000)), 1u);
  EXPECT_EQ(limiter.available(Instant(61900)), 20u);
  limiter.blockUntil(Instant(600000));
  EXPECT_EQ(limiter.available(Instant(100000)), 0u);
  EXPECT_EQ(limiter.nextFree(Instant(100000)), Instant(600000));
}

TEST(WindowLimiter, FeishuHoldsBothFivePerSecondAndHundredPerMinute) {
  WindowLimiter limiter(vendorLimit(Kind::Feishu));
  std::vector<Instant> sends;
  Instant t{0};
  while (sends.size() < 250) {
    t = limiter.nextFree(t);
    limiter.record(t);
    sends.push_back(t);
  }
  expectWithinLimit(sends, 5, 1s);
  expectWithinLimit(sends, 100, 60s);
  EXPECT_EQ(sends[5], Instant(1000));     // the sixth waits for the second to pass
  EXPECT_EQ(sends[100], Instant(60000));  // the 101st for the minute
}

// 53 warnings within one minute to one DingTalk robot (one every 1.1 s): none lost, never more
// than 20 sends in any minute; the ones that had to wait go out as digests.
TEST(DestinationQueue, ABurstOf53WarningsToOneDingTalkRobotLosesNoneAndStaysWithinTwentyAMinute) {
  DestinationQueue queue(vendorLimit(Kind::DingTalk), 10);
  std::vector<Instant> sends;
  std::multiset<uint64_t> delivered;
  size_t digests = 0;
  uint64_t next = 0;
  Instant t{0};
  while (delivered.size() < 53 && t < Instant(3600000)) {
    const Instant arrival = next < 53 ? Instant(int64_t(next) * 1100) : Instant::max();
    t = std::min(arrival, queue.nextReady(t));
    while (next < 53 && Instant(int64_t(next) * 1100) <= t) queue.push({next++, false}, t);
    while (auto batch = queue.take(t)) {
      sends.push_back(t);
      if (batch->digest()) ++digests;
      for (auto id : batch->ids) delivered.insert(id);
    }
  }
  ASSERT_EQ(delivered.size(), 53u);
  for (uint64_t id = 0; id < 53; ++id) EXPECT_EQ(delivered.count(id), 1u) << id;
  expectWithinLimit(sends, 20, 60s);
  EXPECT_EQ(sends.size(), 20u + digests);
  EXPECT_GE(digests, 1u);
  EXPECT_LE(sends.back(), Instant(120000));  // all out within two minutes of the first
}

// Two instances, each with its own queue to one DingTalk robot, sharing one budget (in production
// the store's, store::ThrottleRepository::takeSlot, tested on both backends in
// tests/store/throttle_repository_test.cpp; here a window both consult): 30 warnings each within
// a minute — none lost, never more than 20 sends to the robot in any minute between them.
TEST(DestinationQueue, TwoInstancesSharingTheRobotsBudgetStayWithinTwentyAMinuteTogether) {
  WindowLimiter shared(vendorLimit(Kind::DingTalk));
  auto budget = [&shared](Instant now) {
    Instant at = shared.nextFree(now);
    if (at <= now) shared.record(now);
    return at;
  };
  std::vector<DestinationQueue> instances;
  instances.emplace_back(vendorLimit(Kind::DingTalk), 10, budget);
  instances.emplace_back(vendorLimit(Kind::DingTalk), 10, budget);
  std::vector<Instant> sends;
  std::multiset<uint64_t> delivered;
  uint64_t next = 0;
  Instant t{0};
  while (delivered.size() < 60 && t < Instant(3600000)) {
    const Instant arrival = next < 60 ? Instant(int64_t(next) * 1000) : Instant::max();
    t = std::min({arrival, instances[0].nextReady(t), instances[1].nextReady(t)});
    while (next < 60 && Instant(int64_t(next) * 1000) <= t) {
      instances[next % 2].push({next, false}, t);
      ++next;
    }
    for (auto& queue : instances)
      while (auto batch = queue.take(t)) {
        sends.push_back(t);
        for (auto id : batch->ids) delivered.insert(id);
      }
  }
  ASSERT_EQ(delivered.size(), 60u);
  for (uint64_t id = 0; id < 60; ++id) EXPECT_EQ(delivered.count(id), 1u) << id;
  std::sort(sends.begin(), sends.end());
  expectWithinLimit(sends, 20, 60s);
  EXPECT_GT(sends.size(), 20u);  // the window slid: sends went on after the first minute
}

TEST(DestinationQueue, AStoreThatCannotAnswerLeavesTheQueuesOwnWindowInCharge) {
  DestinationQueue queue(vendorLimit(Kind::DingTalk), 10,
                         [](Instant) -> Instant { throw std::runtime_error("store away"); });
  for (uint64_t id = 0; id < 25; ++id) queue.push({id, false}, Instant(0));
  size_t batches = 0;
  while (queue.take(Instant(0))) ++batches;
  EXPECT_EQ(batches, 20u);         // the queue's own window: twenty a minute
  EXPECT_EQ(queue.waiting(), 5u);  // the rest wait for it, nothing dropped
}

TEST(DestinationQueue, WithRoomEveryMessageGoesOutOnItsOwn) {
  DestinationQueue queue(vendorLimit(Kind::WeCom), 10);
  for (uint64_t i = 0; i < 5; ++i) queue.push({i, false}, Instant(0));
  for (uint64_t i = 0; i < 5; ++i) {
    auto batch = queue.take(Instant(0));
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->ids, std::vector<uint64_t>{i});
  }
  EXPECT_FALSE(queue.take(Instant(0)));
  EXPECT_EQ(queue.nextReady(Instant(0)), Instant::max());
}

TEST(DestinationQueue, ADigestNeverMixesDrillAndLiveMessages) {
  DestinationQueue queue(RateLimit{{{1, 60s}}}, 10);
  queue.push({1, false}, Instant(0));
  for (uint64_t i = 2; i <= 7; ++i) queue.push({i, i % 2 == 0}, Instant(0));  // 2,4,6 drill; 3,5,7 live
  std::vector<DestinationQueue::Batch> batches;
  for (Instant t{0}; queue.waiting() > 0; t = queue.nextReady(t))
    while (auto b = queue.take(t)) batches.push_back(*b);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].ids, std::vector<uint64_t>{1});
  EXPECT_TRUE(batches[1].drill);
  EXPECT_EQ(batches[1].ids, (std::vector<uint64_t>{2, 4, 6}));
  EXPECT_FALSE(batches[2].drill);
  EXPECT_EQ(batches[2].ids, (std::vector<uint64_t>{3, 5, 7}));
}

TEST(DestinationQueue, AVendorThrottleReturnsTheBatchAndBlocksForTheVendorsTime) {
  DestinationQueue queue(vendorLimit(Kind::DingTalk), 10);
  queue.push({1, false}, Instant(0));
  queue.push({2, false}, Instant(0));
  auto first = queue.take(Instant(0));
  ASSERT_TRUE(first);
  queue.throttled(*first, Instant(10), 600s);  // 130101: blocked for 10 minutes
  EXPECT_EQ(queue.waiting(), 2u);
  EXPECT_FALSE(queue.take(Instant(599000)));
  EXPECT_EQ(queue.nextReady(Instant(1000)), Instant(600010));
  auto after = queue.take(Instant(600010));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->ids, (std::vector<uint64_t>{1, 2}));  // both waited: one digest, in order
  EXPECT_EQ(queue.waiting(), 0u);
}

TEST(DestinationQueue, UnlimitedKindsNeverWait) {
  DestinationQueue queue(vendorLimit(Kind::Sms), 10);
  for (uint64_t i = 0; i < 1000; ++i) queue.push({i, false}, Instant(0));
  size_t taken = 0;
  while (auto b = queue.take(Instant(0))) {
    EXPECT_FALSE(b->digest());
    ++taken;
  }
  EXPECT_EQ(taken, 1000u);
}

}  // namespace
}  // namespace eoc::testing::channels_rate_limit_test
