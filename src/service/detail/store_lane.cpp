#include "service/detail/store_lane.hpp"

#include "core/log.hpp"

namespace eoc::service::detail {

StoreLane::StoreLane(std::string component) : component_(std::move(component)), thread_([this] { loop(); }) {}

StoreLane::~StoreLane() { stop(); }

bool StoreLane::post(const std::string& key, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || !waiting_.insert(key).second) return false;
    queue_.push_back(Task{key, std::move(task)});
  }
  wake_.notify_one();
  return true;
}

void StoreLane::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

size_t StoreLane::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + running_;
}

void StoreLane::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything posted before has run
    Task task = std::move(queue_.front());
    queue_.pop_front();
    waiting_.erase(task.key);
    ++running_;
    lock.unlock();
    try {
      task.run();
    } catch (const std::exception& e) {
      log::error(component_, "store task failed", {{"task", task.key}, {"error", e.what()}});
    }
    lock.lock();
    --running_;
  }
}

}  // namespace eoc::service::detail
