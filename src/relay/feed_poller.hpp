#pragma once
// One upstream CAP feed, polled: a state machine with no thread, no timer and no socket of its
// own. The driver asks due(now) for the next request, makes it, and gives the answer back to
// onResponse(…, now), which returns the CAP messages to ingest. Time only ever comes in as
// arguments, so tests run it on a manual clock.
//
//   waiting ──now ≥ next poll──▶ feed requested ──200──▶ linked CAP messages requested one by one
//      ▲                              │ 304: nothing to do            │ each 200: handed on
//      └──── interval (success) ──────┴──── backoff (error) ──────────┘
//
// - Conditional GET: the ETag and Last-Modified of the last 200 go out as If-None-Match and
//   If-Modified-Since; a 304 ends the poll at once (no parse, no CAP request, nothing handed on).
// - Errors (no answer, a status other than 200/304, a feed too large, unsafe or not a feed) back
//   off exponentially with jitter: the n-th failure in a row waits a uniformly drawn time in
//   [d/2, d], d = min(interval × 2^n, max backoff), or the upstream's Retry-After when longer (also
//   capped). The first success returns to the normal interval.
// - Each entry is handed on once: the poller remembers the entries of the last feed document it
//   handed on (bounded by relay.max_entries; an entry that leaves the feed is forgotten). An entry
//   edited in place (a new <updated>) is a new entry. A restart forgets everything and hands the
//   feed on again, which is harmless: ingest is idempotent by (sender, identifier).
// - A linked CAP that fails is retried on the next polls (after the entries that did not fail),
//   at most 3 times; a server error or no answer also ends the round and backs the feed off. A
//   linked document that is not CAP is refused once and not fetched again.
// - Hostile input: the feed and each CAP have byte limits (the fetcher stops reading), the feed
//   an entry limit, both the hardened XML parse of ingest; a request unanswered after its timeout
//   counts as failed.
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/config.hpp"
#include "core/time.hpp"
#include "relay/fetch.hpp"
#include "warnings/cap_feed.hpp"

namespace eoc::relay {

struct PollerLimits {
  warnings::CapFeedLimits feed;
  std::chrono::milliseconds timeout{10000};
  std::chrono::seconds maxBackoff{1800};
  int maxCapAttempts = 3;
};
PollerLimits pollerLimits(const RelaySettings& settings);

// One CAP message to ingest, and where it came from.
struct RelayedCap {
  std::string feed;       // the feed's name (its URL when it has none)
  std::string entryKey;   // identifies the entry version: give it back to retryLater()
  std::string sourceUrl;  // the linked CAP's URL, or the feed's URL for an embedded alert
  std::string xml;
};

struct FeedStatus {
  std::string name, url;
  std::string state = "waiting";         // waiting | polling | fetching CAP
  std::optional<TimePoint> lastSuccess;  // last 200 or 304 of the feed
  std::string lastError;                 // the latest problem, feed or entry ("" when none)
  int consecutiveFailures = 0;
  TimePoint nextPoll{};
  size_t feedRequests = 0, notModified = 0, capRequests = 0, handedOn = 0, refusedEntries = 0;
  size_t remembered = 0;  // entries known as handed on
};

class FeedPoller {
 public:
  // The first poll is due at `firstPoll`; `jitterSeed` makes the backoff draws reproducible.
  FeedPoller(RelayFeed feed, PollerLimits limits, TimePoint firstPoll, std::uint64_t jitterSeed);

  // The request to make now: a queued linked CAP, else the feed when its poll is due; nullopt
  // while waiting or while a request is out (until that one times out).
  std::optional<FetchRequest> due(TimePoint now);
  // The answer to `request` (as due() returned it; an answer to anything else is ignored).
  std::vector<RelayedCap> onResponse(const FetchRequest& request, const FetchResponse& response, TimePoint now);
  // Ingest could not take this entry for a reason that may pass (the store was busy): it is
  // handed on again after the next poll.
  void retryLater(const std::string& entryKey);

  // When due() may next return a request.
  TimePoint nextDue() const;
  const FeedStatus& status() const { return status_; }
  const RelayFeed& feed() const { return feed_; }

 private:
  enum class Asked { Feed, Cap };
  struct InFlight {
    std::uint64_t id;
    Asked asked;
    std::string entryKey, url;
    TimePoint since;
  };
  struct Linked {
    std::string entryKey, url;
  };

  std::vector<RelayedCap> onFeed(const FetchResponse& response, TimePoint now);
  std::vector<RelayedCap> onCap(const InFlight& asked, const FetchResponse& response, TimePoint now);
  void feedFailed(const std::string& why, std::optional<std::chrono::seconds> retryAfter, TimePoint now);
  void capFailed(const InFlight& asked, const std::string& why, bool serverTrouble,
                 std::optional<std::chrono::seconds> retryAfter, TimePoint now);
  void settle(TimePoint now);
  std::chrono::seconds backoff(int failures);

  RelayFeed feed_;
  PollerLimits limits_;
  std::mt19937_64 jitter_;
  std::uint64_t nextId_ = 1;
  TimePoint nextPoll_;
  TimePoint queuedAt_{};  // when the pending CAP requests became due
  TimePoint pollStarted_{};
  std::string etag_, lastModified_;
  std::unordered_set<std::string> handed_;            // entry keys handed on, all present in the last feed
  std::unordered_map<std::string, int> capFailures_;  // linked CAP failures per entry key
  std::deque<Linked> pending_;
  std::optional<InFlight> inFlight_;
  FeedStatus status_;
};

}  // namespace eoc::relay
