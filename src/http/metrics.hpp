#pragma once
// Prometheus counters for /metrics: requests by route template and status, and one latency
// histogram. Lock-free on the hot path once a (route, status) pair has been seen.
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace eoc::http {

class Metrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);
  // Prometheus text exposition format; `extra` is appended verbatim (gauges owned by others).
  std::string render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   0.5,    1.0};
  struct Counter {
    std::atomic<unsigned long long> value{0};
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Counter>> requests_;  // key: method|route|status
  std::array<std::atomic<unsigned long long>, kBuckets.size() + 1> buckets_{};
  std::atomic<unsigned long long> count_{0};
  std::atomic<unsigned long long> sumMicros_{0};
};

}  // namespace eoc::http
