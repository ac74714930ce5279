// The Scheduler on a manual clock: what runs, when, and what never runs once cancelled. Waits are
// on conditions with deadlines, never sleeps.
#include "service/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "service/runtime.hpp"
#include "support/manual_clock.hpp"

namespace eoc::service::scheduler_test {
namespace {

using namespace std::chrono_literals;
using testing::ManualClock;

const TimePoint kStart = TimePoint(std::chrono::seconds(1'780'000'000));

// A flag one thread raises and another waits for, with a deadline.
class Signal {
 public:
  // Notifies under the lock: the waiter may destroy the Signal as soon as it sees the flag, and
  // must not do so while this thread is still inside notify_all (ThreadSanitizer found that race).
  void raise() {
    std::lock_guard lock(mutex_);
    raised_ = true;
    changed_.notify_all();
  }
  bool wait(std::chrono::milliseconds deadline = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return raised_; });
  }
  bool raised() {
    std::lock_guard lock(mutex_);
    return raised_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool raised_ = false;
};

class SchedulerTest : public ::testing::Test {
 protected:
  ManualClock clock{kStart};
  Runtime runtime{2, clock};
  Scheduler& scheduler = runtime.scheduler();
};

TEST_F(SchedulerTest, AOneShotRunsOnceWhenTheClockReachesItsTimeAndNotBefore) {
  int runs = 0;
  scheduler.at("test.once", kStart + 60s, [&] { ++runs; });
  EXPECT_EQ(scheduler.runDue(), 0u);
  clock.set(kStart + 59s);
  EXPECT_EQ(scheduler.runDue(), 0u);
  EXPECT_EQ(runs, 0);
  clock.set(kStart + 60s);
  EXPECT_EQ(scheduler.runDue(), 1u);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(scheduler.runDue(), 0u);
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(scheduler.scheduled("test.once"));
}

TEST_F(SchedulerTest, ATimerAlreadyDueRunsOnARuntimeThread) {
  Signal ran;
  std::thread::id where;
  scheduler.at("test.now", kStart, [&] {
    where = std::this_thread::get_id();
    ran.raise();
  });
  ASSERT_TRUE(ran.wait());
  EXPECT_NE(where, std::this_thread::get_id());
}

TEST_F(SchedulerTest, MovingTheClockPastATimerRunsItOnTheRuntimeWithoutWaitingForRealTime) {
  Signal ran;
  scheduler.at("test.later", kStart + std::chrono::hours(6), [&] { ran.raise(); });
  clock.set(kStart + std::chrono::hours(7));
  scheduler.clockMoved();
  EXPECT_TRUE(ran.wait());
}

TEST_F(SchedulerTest, ACancelledTimerNeverRuns) {
  int runs = 0;
  scheduler.at("test.cancelled", kStart + 10s, [&] { ++runs; });
  scheduler.at("test.kept", kStart + 10s, [&] { ++runs; });
  scheduler.cancel("test.cancelled");
  clock.set(kStart + 20s);
  EXPECT_EQ(scheduler.runDue(), 1u);
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(scheduler.scheduled("test.cancelled"));
}

TEST_F(SchedulerTest, CancellingAnAlreadyDueTimerRacingTheRuntimeRunsItAtMostOnceAndNeverAfterCancelReturned) {
  // Due at once: the runtime may pick it up before cancel() or not at all, never after.
  for (int i = 0; i < 200; ++i) {
    std::atomic<int> runs{0};
    std::atomic<bool> cancelled{false};
    std::atomic<bool> ranAfterCancel{false};
    scheduler.at("test.race", kStart, [&] {
      if (cancelled) ranAfterCancel = true;
      ++runs;
    });
    scheduler.cancelAll("test.race");  // waits for a run already under way
    cancelled = true;
    clock.set(kStart + 1s);
    scheduler.runDue();
    scheduler.cancelAll("test.");
    clock.set(kStart);
    EXPECT_LE(runs.load(), 1);
    EXPECT_FALSE(ranAfterCancel.load());
  }
}

TEST_F(SchedulerTest, SchedulingANameAgainReplacesTheEarlierTimer) {
  std::vector<std::string> ran;
  scheduler.at("test.name", kStart + 10s, [&] { ran.push_back("first"); });
  scheduler.at("test.name", kStart + 20s, [&] { ran.push_back("second"); });
  EXPECT_EQ(scheduler.size(), 1u);
  clock.set(kStart + 15s);
  EXPECT_EQ(scheduler.runDue(), 0u);
  clock.set(kStart + 20s);
  EXPECT_EQ(scheduler.runDue(), 1u);
  EXPECT_EQ(ran, std::vector<std::string>{"second"});
}

TEST_F(SchedulerTest, AfterRunsOnceInRealTimeWithoutTheClockMovingAndRunDueLeavesItAlone) {
  Signal ran;
  std::atomic<int> runs{0};
  const auto asked = std::chrono::steady_clock::now();
  scheduler.after("test.soon", 20ms, [&] {
    ++runs;
    ran.raise();
  });
  EXPECT_EQ(scheduler.runDue(), 0u);  // not the clock's: a manual clock standing still does not hold it
  ASSERT_TRUE(ran.wait());
  EXPECT_GE(std::chrono::steady_clock::now() - asked, 20ms);
  EXPECT_EQ(runs.load(), 1);
}

TEST_F(SchedulerTest, AnAfterReplacedByADueOneShotRunsOnceAsTheOneShot) {
  std::vector<std::string> ran;
  scheduler.after("test.flush", 1h, [&] { ran.push_back("later"); });
  scheduler.at("test.flush", kStart + 10s, [&] { ran.push_back("now"); });
  EXPECT_EQ(scheduler.size(), 1u);
  clock.set(kStart + 10s);  // due by the clock; its real-time wait (10 s) has not ended
  EXPECT_EQ(scheduler.runDue(), 1u);
  EXPECT_EQ(ran, std::vector<std::string>{"now"});
  EXPECT_EQ(scheduler.size(), 0u);
}

TEST_F(SchedulerTest, ACallbackMayRescheduleItsOwnName) {
  int runs = 0;
  std::function<void()> again = [&] {
    if (++runs < 3) scheduler.at("test.chain", clock.now() + 5s, again);
  };
  scheduler.at("test.chain", kStart + 5s, again);
  for (int step = 1; step <= 4; ++step) {
    clock.set(kStart + std::chrono::seconds(5 * step));
    scheduler.runDue();
  }
  EXPECT_EQ(runs, 3);
  EXPECT_FALSE(scheduler.scheduled("test.chain"));
}

TEST_F(SchedulerTest, CancelAllWaitsForARunningCallbackOfItsPrefixThenNothingOfItRuns) {
  Signal entered, release;
  std::atomic<int> finished{0};
  scheduler.at("owner.work", kStart, [&] {
    entered.raise();
    release.wait();
    ++finished;
  });
  scheduler.at("owner.next", kStart + 30s, [&] { ++finished; });
  ASSERT_TRUE(entered.wait());
  std::atomic<bool> returned{false};
  std::thread canceller([&] {
    scheduler.cancelAll("owner.");
    returned = true;
  });
  // The callback is still blocked: cancelAll cannot have returned yet.
  EXPECT_FALSE(returned.load());
  release.raise();
  canceller.join();
  EXPECT_EQ(finished.load(), 1) << "cancelAll returned only after the running callback ended";
  clock.set(kStart + 60s);
  EXPECT_EQ(scheduler.runDue(), 0u);
  EXPECT_EQ(finished.load(), 1);
}

TEST_F(SchedulerTest, CancelAllFromInsideACallbackOfItsOwnPrefixDoesNotWaitForItself) {
  Signal done;
  scheduler.at("self.job", kStart, [&] {
    scheduler.cancelAll("self.");
    done.raise();
  });
  EXPECT_TRUE(done.wait());
}

TEST_F(SchedulerTest, APeriodicTimerRunsAgainAfterEachRunUntilCancelled) {
  std::mutex mutex;
  std::condition_variable changed;
  int runs = 0;
  bool overlapped = false, inside = false;
  scheduler.every("test.tick", 5ms, [&] {
    {
      std::lock_guard lock(mutex);
      if (inside) overlapped = true;
      inside = true;
    }
    std::lock_guard lock(mutex);
    inside = false;
    ++runs;
    changed.notify_all();
  });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 10s, [&] { return runs >= 3; }));
  }
  scheduler.cancelAll("test.tick");
  int after;
  {
    std::lock_guard lock(mutex);
    after = runs;
  }
  // A one-shot scheduled now runs only after the runtime processed what was queued before it.
  Signal probe;
  scheduler.at("test.probe", kStart, [&] { probe.raise(); });
  ASSERT_TRUE(probe.wait());
  std::lock_guard lock(mutex);
  EXPECT_EQ(runs, after);
  EXPECT_FALSE(overlapped);
  EXPECT_FALSE(scheduler.scheduled("test.tick"));
}

TEST_F(SchedulerTest, AThrowingCallbackIsLoggedWithItsNameAndThePeriodicTimerGoesOn) {
  struct Captured {
    std::mutex mutex;
    std::string text;
  } captured;
  log::setSink(
      [](std::string_view line, void* self) {
        auto* c = static_cast<Captured*>(self);
        std::lock_guard lock(c->mutex);
        c->text += line;
      },
      &captured);
  std::atomic<int> runs{0};
  Signal twice;
  scheduler.every("test.failing", 1ms, [&] {
    if (++runs == 2) twice.raise();
    throw std::runtime_error("disk I/O error");
  });
  EXPECT_TRUE(twice.wait());
  scheduler.cancelAll("test.failing");
  log::setSink(nullptr);
  std::lock_guard lock(captured.mutex);
  EXPECT_NE(captured.text.find("\"timer\":\"test.failing\""), std::string::npos) << captured.text;
  EXPECT_NE(captured.text.find("disk I/O error"), std::string::npos) << captured.text;
}

TEST_F(SchedulerTest, AfterStopNothingIsScheduledAndNothingRuns) {
  int runs = 0;
  scheduler.at("test.before", kStart + 10s, [&] { ++runs; });
  scheduler.stop();
  scheduler.at("test.after", kStart, [&] { ++runs; });
  clock.set(kStart + 20s);
  EXPECT_EQ(scheduler.runDue(), 0u);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(scheduler.size(), 0u);
  scheduler.stop();  // idempotent
}

TEST(SchedulerLifetime, ASchedulerMayDieBeforeItsIoContextWithWaitsPending) {
  ManualClock clock{kStart};
  boost::asio::io_context io;
  {
    Scheduler scheduler(io, clock);
    scheduler.at("test.pending", kStart + 3600s, [] {});
    scheduler.every("test.tick", 1h, [] {});
  }
  io.run();  // the aborted waits complete against a scheduler that is gone
  SUCCEED();
}

}  // namespace
}  // namespace eoc::service::scheduler_test
