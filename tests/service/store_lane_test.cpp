// The broadcast's store lane: order, coalescing of waiting keys, a task that throws, and stop()
// running what was queued. Waits are on conditions with deadlines, never sleeps.
#include "service/detail/store_lane.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace eoc::service::store_lane_test {
namespace {

using namespace std::chrono_literals;
using detail::StoreLane;

// A gate a task waits at until the test opens it: holds the lane busy without sleeping.
class Gate {
 public:
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void arriveAndWait() {
    std::unique_lock lock(mutex_);
    arrived_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  bool waitArrived(std::chrono::milliseconds deadline = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return arrived_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  bool arrived_ = false;
};

// What the tasks did, in order, from the lane's thread.
class Record {
 public:
  void add(const std::string& what) {
    std::lock_guard lock(mutex_);
    done_.push_back(what);
    changed_.notify_all();
  }
  bool waitFor(size_t count, std::chrono::milliseconds deadline = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return done_.size() >= count; });
  }
  std::vector<std::string> done() {
    std::lock_guard lock(mutex_);
    return done_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> done_;
};

TEST(StoreLane, RunsTasksInPostedOrderOnItsOwnThread) {
  StoreLane lane("test");
  Record record;
  std::vector<bool> onLane;
  for (const char* key : {"a", "b", "c"})
    EXPECT_TRUE(lane.post(key, [&, key] {
      onLane.push_back(lane.onLane());
      record.add(key);
    }));
  ASSERT_TRUE(record.waitFor(3));
  EXPECT_EQ(record.done(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(onLane, (std::vector<bool>{true, true, true}));
  EXPECT_FALSE(lane.onLane());
}

TEST(StoreLane, AKeyAlreadyWaitingIsNotQueuedTwice) {
  StoreLane lane("test");
  Gate gate;
  Record record;
  lane.post("busy", [&] { gate.arriveAndWait(); });
  ASSERT_TRUE(gate.waitArrived());
  EXPECT_TRUE(lane.post("flush", [&] { record.add("flush 1"); }));
  EXPECT_FALSE(lane.post("flush", [&] { record.add("flush 2"); }));  // the waiting one will do it
  EXPECT_TRUE(lane.post("pump", [&] { record.add("pump"); }));
  EXPECT_EQ(lane.pending(), 3u);
  gate.open();
  ASSERT_TRUE(record.waitFor(2));
  lane.stop();
  EXPECT_EQ(record.done(), (std::vector<std::string>{"flush 1", "pump"}));
}

TEST(StoreLane, AKeyWhoseTaskIsRunningIsQueuedOnceMore) {
  // What arrives while a flush is writing must be written by a later one.
  StoreLane lane("test");
  Gate gate;
  Record record;
  lane.post("flush", [&] {
    gate.arriveAndWait();
    record.add("first");
  });
  ASSERT_TRUE(gate.waitArrived());
  EXPECT_TRUE(lane.post("flush", [&] { record.add("second"); }));
  gate.open();
  ASSERT_TRUE(record.waitFor(2));
  EXPECT_EQ(record.done(), (std::vector<std::string>{"first", "second"}));
}

TEST(StoreLane, ATaskThatThrowsDoesNotStopTheLane) {
  StoreLane lane("test");
  Record record;
  lane.post("bad", [] { throw std::runtime_error("disk I/O error"); });
  lane.post("good", [&] { record.add("good"); });
  ASSERT_TRUE(record.waitFor(1));
  EXPECT_EQ(record.done(), (std::vector<std::string>{"good"}));
}

TEST(StoreLane, StopRunsWhatWasQueuedAndRefusesNewWork) {
  StoreLane lane("test");
  Gate gate;
  Record record;
  lane.post("busy", [&] { gate.arriveAndWait(); });
  ASSERT_TRUE(gate.waitArrived());
  lane.post("flush", [&] { record.add("flush"); });
  std::thread stopper([&] { lane.stop(); });
  gate.open();
  stopper.join();
  // Everything queued before stop() ran before it returned.
  EXPECT_EQ(record.done(), (std::vector<std::string>{"flush"}));
  EXPECT_FALSE(lane.post("late", [&] { record.add("late"); }));
  EXPECT_EQ(lane.pending(), 0u);
}

}  // namespace
}  // namespace eoc::service::store_lane_test
