#include "relay/relay_feeds.hpp"

#include <algorithm>
#include <iterator>

namespace eoc::relay {

RelayFeeds::RelayFeeds(const RelaySettings& settings, TimePoint now, std::uint64_t seed) {
  const PollerLimits limits = pollerLimits(settings);
  pollers_.reserve(settings.feeds.size());
  for (size_t i = 0; i < settings.feeds.size(); ++i) pollers_.emplace_back(settings.feeds[i], limits, now, seed + i);
}

std::vector<std::pair<size_t, FetchRequest>> RelayFeeds::due(TimePoint now) {
  std::vector<std::pair<size_t, FetchRequest>> out;
  for (size_t i = 0; i < pollers_.size(); ++i)
    if (auto request = pollers_[i].due(now)) out.emplace_back(i, std::move(*request));
  return out;
}

std::vector<RelayedCap> RelayFeeds::onResponse(size_t feed, const FetchRequest& request, const FetchResponse& response,
                                               TimePoint now) {
  return pollers_.at(feed).onResponse(request, response, now);
}

TimePoint RelayFeeds::nextDue() const {
  TimePoint next = TimePoint::max();
  for (const auto& p : pollers_) next = std::min(next, p.nextDue());
  return next;
}

std::vector<FeedStatus> RelayFeeds::status() const {
  std::vector<FeedStatus> out;
  for (const auto& p : pollers_) out.push_back(p.status());
  return out;
}

std::vector<RelayedCap> pollDue(FeedPoller& poller, const BlockingFetch& fetch, TimePoint now) {
  std::vector<RelayedCap> out;
  while (auto request = poller.due(now)) {
    auto handed = poller.onResponse(*request, fetch(*request), now);
    std::move(handed.begin(), handed.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace eoc::relay
