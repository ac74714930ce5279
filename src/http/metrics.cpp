#include "http/metrics.hpp"

#include <sstream>

namespace eoc::http {

void Metrics::record(const std::string& method, const std::string& route, int status, double seconds) {
  std::string key = method + "|" + route + "|" + std::to_string(status);
  Counter* counter = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto& slot = requests_[key];
    if (!slot) slot = std::make_unique<Counter>();
    counter = slot.get();
  }
  counter->value.fetch_add(1, std::memory_order_relaxed);
  size_t bucket = kBuckets.size();
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      bucket = i;
      break;
    }
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sumMicros_.fetch_add(static_cast<unsigned long long>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const std::string& extra) const {
  std::ostringstream out;
  out << "# HELP eoc_http_requests_total HTTP requests by route template and status.\n"
         "# TYPE eoc_http_requests_total counter\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, counter] : requests_) {
      auto a = key.find('|');
      auto b = key.rfind('|');
      out << "eoc_http_requests_total{method=\"" << key.substr(0, a) << "\",route=\"" << key.substr(a + 1, b - a - 1)
          << "\",status=\"" << key.substr(b + 1) << "\"} " << counter->value.load() << "\n";
    }
  }
  out << "# HELP eoc_http_request_duration_seconds Time from routing to response.\n"
         "# TYPE eoc_http_request_duration_seconds histogram\n";
  unsigned long long cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i].load();
    out << "eoc_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
  }
  cumulative += buckets_[kBuckets.size()].load();
  out << "eoc_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n";
  out << "eoc_http_request_duration_seconds_sum " << double(sumMicros_.load()) / 1e6 << "\n";
  out << "eoc_http_request_duration_seconds_count " << count_.load() << "\n";
  out << extra;
  return out.str();
}

}  // namespace eoc::http
