#pragma once
// What every vendor fake shares: a TLS server on loopback, a clock the test may drive (vendor rate
// limits and timestamp windows are judged on it), and a sliding per-window counter.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "fake_http_server.hpp"

namespace eoc::fakes {

using WallClock = std::function<std::chrono::system_clock::time_point()>;

// Requests counted in any span of `length`: more than `count` is over the limit.
class SlidingWindow {
 public:
  SlidingWindow(size_t count, std::chrono::milliseconds length) : count_(count), length_(length) {}
  // Records the request at `now` and says whether it was within the limit.
  bool admit(std::chrono::system_clock::time_point now) {
    while (!times_.empty() && times_.front() <= now - length_) times_.pop_front();
    if (times_.size() >= count_) return false;
    times_.push_back(now);
    return true;
  }

 private:
  size_t count_;
  std::chrono::milliseconds length_;
  std::deque<std::chrono::system_clock::time_point> times_;
};

class VendorFake {
 public:
  VendorFake(std::optional<TlsFiles> tls, WallClock clock)
      : clock_(clock ? std::move(clock) : WallClock([] { return std::chrono::system_clock::now(); })),
        server_(std::make_unique<FakeHttpServer>([this](const ReceivedRequest& r) { return handle(r); }, std::move(tls))) {}
  virtual ~VendorFake() = default;
  FakeHttpServer& server() { return *server_; }
  int start(int port = 0) { return server_->start(port); }
  void stop() { server_->stop(); }

 protected:
  virtual FakeAnswer handle(const ReceivedRequest& request) = 0;
  std::chrono::system_clock::time_point now() const { return clock_(); }
  mutable std::mutex mutex_;

 private:
  WallClock clock_;
  std::unique_ptr<FakeHttpServer> server_;
};

}  // namespace eoc::fakes
