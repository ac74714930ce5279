#pragma once
// The relay, wired: every feed of config `relay.feeds` polled by one job on the one Scheduler
// ("relay.poll"), its requests made by the outbound HTTP client (RelayFetcher), each new upstream
// CAP message handed to the same use case as POST /cap/ingest (WarningsService::ingest) in the name
// of a service principal, so that the audit log names the relay and the two-person rule needs a
// person to issue what it drafted.
//
// Concurrency: relay::RelayFeeds is not thread-safe; it is only touched under mutex_. Answers
// arrive on io_context threads; ingest (a store write) runs on that thread after the lock is
// released, so a slow write never holds up the bookkeeping of another feed.
// Lifetime: stop() cancels the job and waits for it; answers still in flight afterwards find
// stopped_ set and drop what they carry (shared state, so they never touch a destroyed service).
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/principal.hpp"
#include "relay/fetch.hpp"
#include "relay/relay_feeds.hpp"
#include "service/service_context.hpp"

namespace eoc::service {

class WarningsService;

// What GET /relay/feeds shows: each feed's state and counters.
struct RelayStatus {
  std::vector<relay::FeedStatus> feeds;
  size_t drafted = 0;   // upstream messages that became (or changed) a relay warning
  size_t refused = 0;   // refused by ingest (outside the district, not CAP we relay, expired)
  size_t duplicates = 0;
};

class RelayService {
 public:
  // The principal the relay ingests as: a duty officer named for the interface, not a person.
  static Principal relayPrincipal();

  RelayService(ServiceContext& context, WarningsService& warnings, std::shared_ptr<relay::Fetcher> fetcher);
  ~RelayService();
  RelayService(const RelayService&) = delete;
  RelayService& operator=(const RelayService&) = delete;

  // Arms the first poll (every feed is due at once). Nothing happens without feeds.
  void start();
  void stop();
  RelayStatus status() const;

 private:
  struct Shared;
  void poll();
  void answered(size_t feed, const relay::FetchRequest& request, relay::FetchResponse response);
  void rearm();

  ServiceContext& context_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace eoc::service
