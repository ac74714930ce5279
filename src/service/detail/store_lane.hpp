#pragma once
// One thread for a service's work that waits on the store (a commit's fsync, a claim, an
// escalation's transaction), so that the io_context's few threads — which carry every outbound
// connection — never stand still in the disk. Tasks run one after another, in the order posted.
//
// Keyed: a task whose key is already waiting (posted, not yet started) is not queued again; the
// waiting one does the work (a pump or a flush reads the state when it runs, not when posted).
// A key whose task is running may be queued once more: what arrived meanwhile is not lost.
//
// A task that throws is logged with its key; the lane goes on.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace eoc::service::detail {

class StoreLane {
 public:
  explicit StoreLane(std::string component);
  ~StoreLane();  // stop()
  StoreLane(const StoreLane&) = delete;
  StoreLane& operator=(const StoreLane&) = delete;

  // Queues `task` unless a task of `key` is already waiting; false when not queued (waiting
  // already, or the lane stopped).
  bool post(const std::string& key, std::function<void()> task);
  // Refuses new posts, runs every task already queued, then ends the thread. Idempotent. Never
  // call it from a task.
  void stop();
  bool onLane() const { return std::this_thread::get_id() == laneId_; }
  // Tasks posted and not yet finished (tests wait on the state they change, not on this).
  size_t pending() const;

 private:
  struct Task {
    std::string key;
    std::function<void()> run;
  };
  void loop();

  const std::string component_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  std::set<std::string> waiting_;  // keys in queue_
  size_t running_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // after the state it uses: started once that exists
  const std::thread::id laneId_ = thread_.get_id();  // thread_ itself changes when joined
};

}  // namespace eoc::service::detail
