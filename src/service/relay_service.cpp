#include "service/relay_service.hpp"

#include <random>

#include "core/error.hpp"
#include "core/log.hpp"
#include "service/warnings_service.hpp"

namespace eoc::service {

namespace {
constexpr const char* kRelayTimers = "relay.";
constexpr const char* kPollTimer = "relay.poll";

// 4xx-kind ingest refusals: the upstream message itself is wrong for eoc (another district, not a
// signal eoc knows, already expired). Logged and dropped; asking again would change nothing.
bool refusedForGood(const EocError& e) { return e.info().status >= 400 && e.info().status < 500; }
}  // namespace

struct RelayService::Shared {
  std::mutex mutex;
  std::optional<relay::RelayFeeds> feeds;
  std::shared_ptr<relay::Fetcher> fetcher;
  WarningsService* warnings = nullptr;
  bool stopped = true;
  size_t drafted = 0, refused = 0, duplicates = 0;
};

Principal RelayService::relayPrincipal() { return Principal{Role::DutyOfficer, "relay", "上游预警接口", "relay"}; }

RelayService::RelayService(ServiceContext& context, WarningsService& warnings, std::shared_ptr<relay::Fetcher> fetcher)
    : context_(context), shared_(std::make_shared<Shared>()) {
  shared_->fetcher = std::move(fetcher);
  shared_->warnings = &warnings;
}

RelayService::~RelayService() { stop(); }

void RelayService::start() {
  const auto& settings = context_.config.relay;
  if (settings.feeds.empty()) return;
  {
    std::lock_guard lock(shared_->mutex);
    // The backoff jitter only spreads retries; the OS seed keeps two eocs from retrying in step.
    std::random_device os;
    const std::uint64_t seed = (std::uint64_t(os()) << 32) | os();
    shared_->feeds.emplace(settings, context_.clock.now(), seed);
    shared_->stopped = false;
  }
  log::info("relay", "polling upstream feeds", {{"feeds", settings.feeds.size()}});
  rearm();
}

void RelayService::stop() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = true;
  }
  context_.scheduler.cancelAll(kRelayTimers);
}

RelayStatus RelayService::status() const {
  std::lock_guard lock(shared_->mutex);
  RelayStatus out;
  if (shared_->feeds) out.feeds = shared_->feeds->status();
  out.drafted = shared_->drafted;
  out.refused = shared_->refused;
  out.duplicates = shared_->duplicates;
  return out;
}

void RelayService::rearm() {
  TimePoint next;
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopped || !shared_->feeds) return;
    next = shared_->feeds->nextDue();
  }
  if (next == TimePoint::max()) return;
  context_.scheduler.at(kPollTimer, next, [this] { poll(); });
}

void RelayService::poll() {
  std::vector<std::pair<size_t, relay::FetchRequest>> due;
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopped || !shared_->feeds) return;
    due = shared_->feeds->due(context_.clock.now());
  }
  for (auto& [feed, request] : due) {
    // The answer may come after stop() and even after this service is gone: it holds the shared
    // state only, and comes back here only while not stopped (stop() waits for a running poll).
    std::weak_ptr<Shared> weak = shared_;
    shared_->fetcher->fetch(request, [this, weak, feed = feed, request = request](relay::FetchResponse response) {
      auto shared = weak.lock();
      if (!shared) return;
      {
        std::lock_guard lock(shared->mutex);
        if (shared->stopped) return;
      }
      answered(feed, request, std::move(response));
    });
  }
  rearm();
}

void RelayService::answered(size_t feed, const relay::FetchRequest& request, relay::FetchResponse response) {
  std::vector<relay::RelayedCap> caps;
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopped || !shared_->feeds) return;
    caps = shared_->feeds->onResponse(feed, request, response, context_.clock.now());
  }
  const Principal relay = relayPrincipal();
  for (const auto& cap : caps) {
    try {
      auto result = shared_->warnings->ingest(relay, warnings::IngestRequest{cap.xml}, "relay:" + cap.feed);
      std::lock_guard lock(shared_->mutex);
      (result.duplicate ? shared_->duplicates : shared_->drafted)++;
    } catch (const EocError& e) {
      if (refusedForGood(e)) {
        log::warn("relay", "upstream message refused",
                  {{"feed", cap.feed}, {"source", cap.sourceUrl}, {"code", std::string(e.info().name)},
                   {"error", e.what()}});
        std::lock_guard lock(shared_->mutex);
        shared_->refused++;
      } else {
        log::error("relay", "ingest failed; the entry is tried again after the next poll",
                   {{"feed", cap.feed}, {"source", cap.sourceUrl}, {"error", e.what()}});
        std::lock_guard lock(shared_->mutex);
        if (shared_->feeds) shared_->feeds->at(feed).retryLater(cap.entryKey);
      }
    } catch (const std::exception& e) {
      log::error("relay", "ingest failed; the entry is tried again after the next poll",
                 {{"feed", cap.feed}, {"source", cap.sourceUrl}, {"error", e.what()}});
      std::lock_guard lock(shared_->mutex);
      if (shared_->feeds) shared_->feeds->at(feed).retryLater(cap.entryKey);
    }
  }
  // The next request of this feed (a linked CAP message) may be due at once.
  poll();
}

}  // namespace eoc::service
