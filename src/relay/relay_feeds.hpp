#pragma once
// Every feed of relay.feeds, for the one driver that runs them (a job on the service's
// scheduler making the requests with its outbound HTTP client). Not thread-safe: the driver
// calls it from one place at a time.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "relay/feed_poller.hpp"

namespace eoc::relay {

class RelayFeeds {
 public:
  // Every feed's first poll is due at `now`; jitter draws are seeded from `seed` and the index.
  RelayFeeds(const RelaySettings& settings, TimePoint now, std::uint64_t seed);

  size_t size() const { return pollers_.size(); }
  FeedPoller& at(size_t index) { return pollers_.at(index); }
  const FeedPoller& at(size_t index) const { return pollers_.at(index); }

  // The requests due at `now`, at most one per feed: (feed index, request).
  std::vector<std::pair<size_t, FetchRequest>> due(TimePoint now);
  std::vector<RelayedCap> onResponse(size_t feed, const FetchRequest& request, const FetchResponse& response,
                                     TimePoint now);
  // The earliest time any feed has something to do; TimePoint::max() without feeds.
  TimePoint nextDue() const;
  std::vector<FeedStatus> status() const;

 private:
  std::vector<FeedPoller> pollers_;
};

// A fetch that answers before it returns (tests; a driver on a thread of its own).
using BlockingFetch = std::function<FetchResponse(const FetchRequest&)>;

// Makes every request `poller` has due at `now`, one after the other (the feed, then each linked
// CAP message), and returns everything handed on.
std::vector<RelayedCap> pollDue(FeedPoller& poller, const BlockingFetch& fetch, TimePoint now);

}  // namespace eoc::relay
