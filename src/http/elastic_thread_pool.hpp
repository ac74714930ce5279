#pragma once
// cpp-httplib's task queue for eoc: `core` workers always, growing up to `max` when every worker
// is busy. GET /events holds its worker for the life of the stream (a cpp-httplib trait); with
// max = httpThreads + broadcast.maxEventStreams and the stream count capped at maxEventStreams,
// at least httpThreads workers are always free of streams, so streams cannot starve the API.
// Threads above `core` are only created when needed and stay until shutdown.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace eoc::http {

class ElasticThreadPool final : public httplib::TaskQueue {
 public:
  ElasticThreadPool(size_t core, size_t max) : max_(max < core ? core : max) {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < core; ++i) spawn();
  }
  ~ElasticThreadPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (!shutdown_ && jobs_.size() > idle_ && threads_.size() < max_) spawn();
    }
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (shutdown_) return;
      shutdown_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

  size_t threads() const {
    std::lock_guard lock(mutex_);
    return threads_.size();
  }

 private:
  void spawn() {
    threads_.emplace_back([this] {
      std::unique_lock lock(mutex_);
      while (true) {
        ++idle_;
        ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // shutdown with nothing left to do
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
      }
    });
  }

  const size_t max_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace eoc::http
