// Upstream publish → relay draft on the desk (issue 13): a real eoc service polls the fake
// upstream feed (tests/relay/support/fake_upstream.hpp) over loopback every interval_seconds;
// the bench publishes an alert at a random moment of the poll cycle and waits for the
// `warning.drafted` event the duty desk rings on. The latency is bounded by one interval plus the
// feed and CAP fetches and the ingest write: the target is < 2 × interval_seconds.
// Usage: bench-relay <source dir> [--interval 2] [--rounds 10]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "broadcast/event_hub.hpp"
#include "core/random_id.hpp"
#include "relay/support/fake_upstream.hpp"
#include "relay/support/upstream_alerts.hpp"
#include "service/eoc_service.hpp"

using namespace eoc;

namespace {

// The fixtures' alerts are dated 2026-07-12 14:00 (expiring that evening): eoc's clock runs from
// shortly after, at real speed.
class ShiftedClock final : public TimeSource {
 public:
  explicit ShiftedClock(TimePoint start) : shift_(start - SystemTimeSource().now()) {}
  TimePoint now() const override { return SystemTimeSource().now() + shift_; }

 private:
  std::chrono::seconds shift_;
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench-relay <source dir> [--interval s] [--rounds n]\n");
    return 2;
  }
  const std::filesystem::path source = argv[1];
  int interval = 2, rounds = 10;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--interval") interval = std::atoi(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
  }

  relay::testing::FakeUpstream upstream;
  Config config;
  config.plansDir = source / "plans";
  config.geodataDir = source / "geodata";
  config.dataDir = std::filesystem::temp_directory_path() / ("eoc-bench-relay-" + randomHex(8));
  config.relay.feeds.push_back(RelayFeed{upstream.url("/atom.xml"), interval, "bench"});
  const TimePoint day = *parseIso8601("2026-07-12T14:05:00+08:00");
  auto clock = std::make_shared<ShiftedClock>(day);
  service::EocService eoc(config, clock);
  eoc.start();

  std::mt19937_64 rng(std::random_device{}());
  std::uniform_int_distribution<int> phase(0, interval * 1000 - 1);
  std::vector<double> latencies;
  auto& events = eoc.events();
  uint64_t after = events.lastId();
  for (int n = 0; n < rounds; ++n) {
    // A random moment of the poll cycle, so that the figures cover the whole of it.
    std::this_thread::sleep_for(std::chrono::milliseconds(phase(rng)));
    const std::string identifier = "65010041600000_20260712140000_" + std::to_string(100 + n);
    const auto published = std::chrono::steady_clock::now();
    upstream.publish(relay::testing::observatoryAlert(identifier, relay::testing::geocodeArea("GB/T 2260", "650100")),
                     clock->now());
    bool seen = false;
    const auto deadline = published + std::chrono::seconds(interval * 5 + 10);
    while (!seen && std::chrono::steady_clock::now() < deadline) {
      auto read = events.waitFor(after, broadcast::EventFilter{"", true}, std::chrono::milliseconds(500));
      for (const auto& e : read.events) {
        after = std::max(after, e.id);
        if (e.event.type == "warning.drafted") seen = true;
      }
    }
    if (!seen) {
      std::fprintf(stderr, "round %d: no draft within the deadline\n", n);
      continue;
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - published).count());
  }
  eoc.stop();
  std::filesystem::remove_all(config.dataDir);
  if (latencies.empty()) return 1;
  const double target = 2000.0 * interval;
  const double p50 = percentile(latencies, 0.5), p99 = percentile(latencies, 0.99),
               worst = *std::max_element(latencies.begin(), latencies.end());
  std::printf("relay publish -> draft on the desk, interval %d s, %zu rounds: p50 %.0f ms, p99 %.0f ms, max %.0f ms "
              "(target < %.0f ms: %s)\n",
              interval, latencies.size(), p50, p99, worst, target, worst < target ? "met" : "MISSED");
  std::printf("feed requests %zu (304: %zu), CAP requests %zu\n", upstream.count("/atom.xml"),
              upstream.count("/atom.xml", 304), latencies.size());
  return worst < target ? 0 : 1;
}
