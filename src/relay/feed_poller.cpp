#include "relay/feed_poller.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace eoc::relay {

namespace {

// An answer later than its timeout plus this is given up on (the fetcher should have answered
// with a timeout error itself; this only guards against a driver that loses an answer).
constexpr std::chrono::seconds kAnswerSlack{5};

constexpr const char* kFeedAccept = "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1";
constexpr const char* kCapAccept = "application/cap+xml, application/xml;q=0.9, */*;q=0.1";

std::chrono::seconds ceilSeconds(std::chrono::milliseconds ms) { return std::chrono::ceil<std::chrono::seconds>(ms); }

bool serverTrouble(int status) { return status == 0 || status == 429 || status >= 500; }

std::string httpProblem(const FetchResponse& r, size_t maxBytes) {
  if (r.bodyTooLarge) return "answer larger than " + std::to_string(maxBytes) + " bytes";
  if (!r.error.empty()) return r.error;
  return "HTTP " + std::to_string(r.status);
}

}  // namespace

PollerLimits pollerLimits(const RelaySettings& s) {
  PollerLimits l;
  l.feed.maxFeedBytes = s.maxFeedBytes;
  l.feed.maxCapBytes = s.maxCapBytes;
  l.feed.maxEntries = s.maxEntries;
  l.timeout = std::chrono::milliseconds(s.timeoutMs);
  l.maxBackoff = std::chrono::seconds(s.maxBackoffSeconds);
  return l;
}

FeedPoller::FeedPoller(RelayFeed feed, PollerLimits limits, TimePoint firstPoll, std::uint64_t jitterSeed)
    : feed_(std::move(feed)), limits_(limits), jitter_(jitterSeed), nextPoll_(firstPoll) {
  if (feed_.name.empty()) feed_.name = feed_.url;
  status_.name = feed_.name;
  status_.url = feed_.url;
  status_.nextPoll = nextPoll_;
}

std::optional<FetchRequest> FeedPoller::due(TimePoint now) {
  if (inFlight_) {
    if (now < inFlight_->since + ceilSeconds(limits_.timeout) + kAnswerSlack) return std::nullopt;
    // Never answered: fail it as a timeout and go on.
    const InFlight lost = *inFlight_;
    inFlight_.reset();
    const std::string why = "no answer within " + std::to_string(limits_.timeout.count()) + " ms";
    if (lost.asked == Asked::Feed)
      feedFailed("feed: " + why, std::nullopt, now);
    else
      capFailed(lost, "entry " + lost.url + ": " + why, true, std::nullopt, now);
    settle(now);
  }
  FetchRequest request;
  request.id = nextId_++;
  request.timeout = limits_.timeout;
  if (!pending_.empty()) {
    Linked next = std::move(pending_.front());
    pending_.pop_front();
    request.url = next.url;
    request.accept = kCapAccept;
    request.maxBytes = limits_.feed.maxCapBytes;
    inFlight_ = InFlight{request.id, Asked::Cap, next.entryKey, next.url, now};
    ++status_.capRequests;
    status_.state = "fetching CAP";
    return request;
  }
  if (now < nextPoll_) return std::nullopt;
  request.url = feed_.url;
  request.ifNoneMatch = etag_;
  request.ifModifiedSince = lastModified_;
  request.accept = kFeedAccept;
  request.maxBytes = limits_.feed.maxFeedBytes;
  inFlight_ = InFlight{request.id, Asked::Feed, "", feed_.url, now};
  pollStarted_ = now;
  ++status_.feedRequests;
  status_.state = "polling";
  return request;
}

std::vector<RelayedCap> FeedPoller::onResponse(const FetchRequest& request, const FetchResponse& response,
                                               TimePoint now) {
  if (!inFlight_ || inFlight_->id != request.id) return {};  // stale: already timed out
  const InFlight asked = *inFlight_;
  inFlight_.reset();
  auto out = asked.asked == Asked::Feed ? onFeed(response, now) : onCap(asked, response, now);
  settle(now);
  return out;
}

std::vector<RelayedCap> FeedPoller::onFeed(const FetchResponse& r, TimePoint now) {
  if (r.status == 304 && r.error.empty()) {
    // RFC 9110 §15.4.5: the copy we hold is current. A 304 may carry a newer ETag.
    if (!r.etag.empty()) etag_ = r.etag;
    ++status_.notModified;
    status_.consecutiveFailures = 0;
    status_.lastSuccess = now;
    nextPoll_ = pollStarted_ + std::chrono::seconds(feed_.intervalSeconds);
    return {};
  }
  if (r.status != 200 || r.bodyTooLarge || !r.error.empty()) {
    feedFailed("feed: " + httpProblem(r, limits_.feed.maxFeedBytes), r.retryAfter, now);
    return {};
  }
  warnings::CapFeed doc;
  try {
    doc = warnings::parseCapFeed(r.body, feed_.url, limits_.feed);
  } catch (const EocError& e) {
    feedFailed(e.detail(), std::nullopt, now);
    return {};
  }
  etag_ = r.etag;
  lastModified_ = r.lastModified;
  status_.consecutiveFailures = 0;
  status_.lastSuccess = now;
  status_.lastError = doc.skipped.empty() ? "" : doc.skipped.back();
  nextPoll_ = pollStarted_ + std::chrono::seconds(feed_.intervalSeconds);

  // What is remembered from now on: the entries of this document already handed on, plus those
  // handed on below. Everything else is forgotten, so memory follows the feed's size.
  std::unordered_set<std::string> handed, seen;
  std::unordered_map<std::string, int> failures;
  std::vector<RelayedCap> out;
  std::deque<Linked> failedBefore;  // asked for after the others, so one bad link blocks nothing
  pending_.clear();
  for (auto& entry : doc.entries) {
    const std::string key = entry.key();
    if (!seen.insert(key).second) continue;  // listed twice in one document
    if (handed_.count(key)) {
      handed.insert(key);
      continue;
    }
    if (!entry.inlineCap.empty()) {
      out.push_back(RelayedCap{feed_.name, key, feed_.url, std::move(entry.inlineCap)});
      handed.insert(key);
      continue;
    }
    if (auto f = capFailures_.find(key); f != capFailures_.end()) {
      if (f->second >= limits_.maxCapAttempts) {
        handed.insert(key);  // given up: not asked for again while the entry stays in the feed
        continue;
      }
      failures.insert(*f);
      failedBefore.push_back(Linked{key, entry.capUrl});
      continue;
    }
    pending_.push_back(Linked{key, entry.capUrl});
  }
  pending_.insert(pending_.end(), failedBefore.begin(), failedBefore.end());
  handed_ = std::move(handed);
  capFailures_ = std::move(failures);
  status_.handedOn += out.size();
  return out;
}

std::vector<RelayedCap> FeedPoller::onCap(const InFlight& asked, const FetchResponse& r, TimePoint now) {
  if (r.status != 200 || r.bodyTooLarge || !r.error.empty()) {
    capFailed(asked, "entry " + asked.url + ": " + httpProblem(r, limits_.feed.maxCapBytes),
              !r.bodyTooLarge && serverTrouble(r.status), r.retryAfter, now);
    return {};
  }
  handed_.insert(asked.entryKey);
  capFailures_.erase(asked.entryKey);
  try {
    warnings::requireCapDocument(r.body, limits_.feed.maxCapBytes);
  } catch (const EocError& e) {
    // Refused for good: the entry stays remembered, so the same junk is not fetched again.
    ++status_.refusedEntries;
    status_.lastError = "entry " + asked.url + ": " + e.detail();
    return {};
  }
  ++status_.handedOn;
  return {RelayedCap{feed_.name, asked.entryKey, asked.url, r.body}};
}

void FeedPoller::feedFailed(const std::string& why, std::optional<std::chrono::seconds> retryAfter, TimePoint now) {
  status_.lastError = why;
  const int failures = ++status_.consecutiveFailures;
  auto wait = backoff(failures);
  if (retryAfter && *retryAfter > wait) wait = std::min(*retryAfter, limits_.maxBackoff);
  nextPoll_ = now + wait;
  pending_.clear();  // retried after the next good poll (none of them is remembered)
}

void FeedPoller::capFailed(const InFlight& asked, const std::string& why, bool serverTrouble,
                           std::optional<std::chrono::seconds> retryAfter, TimePoint now) {
  ++capFailures_[asked.entryKey];
  if (serverTrouble)
    feedFailed(why, retryAfter, now);  // the upstream is struggling: stop this round, back off
  else
    status_.lastError = why;
}

void FeedPoller::settle(TimePoint now) {
  status_.remembered = handed_.size();
  status_.nextPoll = nextPoll_;
  status_.state = pending_.empty() ? "waiting" : "fetching CAP";
  if (!pending_.empty()) queuedAt_ = now;
}

std::chrono::seconds FeedPoller::backoff(int failures) {
  const auto interval = std::chrono::seconds(feed_.intervalSeconds);
  const auto cap = std::max(limits_.maxBackoff, interval);
  auto ceiling = interval;
  for (int i = 0; i < failures && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  // "Equal jitter": at least half the ceiling, so a failing feed is never hammered, and spread
  // over the other half, so feeds failing together do not retry together.
  std::uniform_int_distribution<long long> draw(ceiling.count() / 2, ceiling.count());
  return std::max(std::chrono::seconds(1), std::chrono::seconds(draw(jitter_)));
}

void FeedPoller::retryLater(const std::string& entryKey) { handed_.erase(entryKey); }

TimePoint FeedPoller::nextDue() const {
  if (inFlight_) return inFlight_->since + ceilSeconds(limits_.timeout) + kAnswerSlack;
  if (!pending_.empty()) return queuedAt_;
  return nextPoll_;
}

}  // namespace eoc::relay
