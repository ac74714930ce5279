// The feed poller as a state machine on a manual clock: every answer is scripted here, as an
// upstream server would give it; the poller never sees a socket or a timer.
#include "relay/feed_poller.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "relay/relay_feeds.hpp"
#include "relay/support/upstream_alerts.hpp"

namespace eoc::relay::feed_poller_test {
namespace {

using testing::observatoryAlert;

const TimePoint kStart = *parseIso8601("2026-07-12T14:00:00+08:00");
constexpr const char* kFeedUrl = "https://observatory.example.invalid/warnings.atom";
constexpr int kInterval = 60;

std::string link(int n) { return "https://observatory.example.invalid/cap/" + std::to_string(n) + ".xml"; }

// An Atom entry; `embedded` puts the CAP inside instead of linking to link(n).
std::string entry(int n, const std::string& updated = "2026-07-12T14:00:00+08:00", bool embedded = false) {
  std::string xml = "<entry><id>urn:alert:" + std::to_string(n) + "</id><updated>" + updated + "</updated>";
  if (embedded) {
    std::string cap = observatoryAlert("65010041600000_20260712140000_" + std::to_string(n % 10));
    xml += "<content type=\"application/cap+xml\">" + cap.substr(cap.find("?>") + 2) + "</content>";
  } else {
    xml += "<link type=\"application/cap+xml\" href=\"" + link(n) + "\"/>";
  }
  return xml + "</entry>";
}

std::string atom(const std::vector<std::string>& entries) {
  std::string xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:feed</id>";
  for (const auto& e : entries) xml += e;
  return xml + "</feed>";
}

FetchResponse ok(std::string body, std::string etag = "", std::string lastModified = "") {
  FetchResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.etag = std::move(etag);
  r.lastModified = std::move(lastModified);
  return r;
}

FetchResponse status(int code) {
  FetchResponse r;
  r.status = code;
  return r;
}

FetchResponse refused() {
  FetchResponse r;
  r.error = "Connection refused";
  return r;
}

// The upstream as a table: URL → answer. Records what was asked.
struct ScriptedUpstream {
  std::map<std::string, FetchResponse> answers;
  std::vector<FetchRequest> asked;
  FetchResponse operator()(const FetchRequest& r) {
    asked.push_back(r);
    auto it = answers.find(r.url);
    return it == answers.end() ? status(404) : it->second;
  }
  size_t askedFor(const std::string& url) const {
    return size_t(std::count_if(asked.begin(), asked.end(), [&](const FetchRequest& r) { return r.url == url; }));
  }
};

struct Fixture {
  RelayFeed feed{kFeedUrl, kInterval, "observatory"};
  PollerLimits limits;
  FeedPoller poller{feed, limits, kStart, 42};
  ScriptedUpstream upstream;
  TimePoint now = kStart;

  std::vector<RelayedCap> poll() {
    return pollDue(
        poller, [this](const FetchRequest& r) { return upstream(r); }, now);
  }
  void advance(std::chrono::seconds by) { now += by; }
  void advanceTo(TimePoint t) { now = t; }
};

TEST(FeedPoller, TheFirstPollIsDueAtOnceAndAnEmbeddedAlertNeedsNoFurtherRequest) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1, "2026-07-12T14:00:00+08:00", true)}));
  auto request = f.poller.due(kStart);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->url, kFeedUrl);
  EXPECT_TRUE(request->ifNoneMatch.empty());
  EXPECT_EQ(request->maxBytes, f.limits.feed.maxFeedBytes);
  EXPECT_FALSE(f.poller.due(kStart)) << "one request at a time";
  auto handed = f.poller.onResponse(*request, f.upstream(*request), kStart);
  ASSERT_EQ(handed.size(), 1u);
  EXPECT_EQ(handed[0].feed, "observatory");
  EXPECT_EQ(handed[0].sourceUrl, kFeedUrl);
  EXPECT_NE(handed[0].xml.find("<identifier>65010041600000_20260712140000_1</identifier>"), std::string::npos);
  EXPECT_FALSE(f.poller.due(kStart));
  EXPECT_EQ(f.poller.nextDue(), kStart + std::chrono::seconds(kInterval));
}

TEST(FeedPoller, LinkedAlertsAreFetchedOneByOneThenTheFeedWaitsForItsInterval) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(2), entry(1)}));
  f.upstream.answers[link(1)] = ok(observatoryAlert("65010041600000_20260712140000_1"));
  f.upstream.answers[link(2)] = ok(observatoryAlert("65010041600000_20260712140000_2"));
  auto handed = f.poll();
  ASSERT_EQ(handed.size(), 2u);
  EXPECT_EQ(handed[0].sourceUrl, link(2));  // feed order
  EXPECT_EQ(handed[1].sourceUrl, link(1));
  ASSERT_EQ(f.upstream.asked.size(), 3u);
  EXPECT_EQ(f.upstream.asked[1].maxBytes, f.limits.feed.maxCapBytes);
  EXPECT_NE(f.upstream.asked[1].accept.find("application/cap+xml"), std::string::npos);
  EXPECT_EQ(f.poller.status().handedOn, 2u);
  f.advance(std::chrono::seconds(kInterval - 1));
  EXPECT_FALSE(f.poller.due(f.now));
  f.advance(std::chrono::seconds(1));
  EXPECT_TRUE(f.poller.due(f.now));
}

TEST(FeedPoller, AnUnchangedFeedIsAskedConditionallyAndA304CostsNothing) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1)}), "\"v1\"", "Sun, 12 Jul 2026 06:00:00 GMT");
  f.upstream.answers[link(1)] = ok(observatoryAlert("65010041600000_20260712140000_1"));
  ASSERT_EQ(f.poll().size(), 1u);

  f.upstream.answers[kFeedUrl] = status(304);
  f.upstream.asked.clear();
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_TRUE(f.poll().empty());
  ASSERT_EQ(f.upstream.asked.size(), 1u) << "no CAP request after a 304";
  EXPECT_EQ(f.upstream.asked[0].ifNoneMatch, "\"v1\"");
  EXPECT_EQ(f.upstream.asked[0].ifModifiedSince, "Sun, 12 Jul 2026 06:00:00 GMT");
  EXPECT_EQ(f.poller.status().notModified, 1u);
  EXPECT_EQ(f.poller.status().consecutiveFailures, 0);
  EXPECT_EQ(f.poller.nextDue(), f.now + std::chrono::seconds(kInterval));
  // The validators survive the 304 for the poll after.
  f.advance(std::chrono::seconds(kInterval));
  auto next = f.poller.due(f.now);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->ifNoneMatch, "\"v1\"");
}

TEST(FeedPoller, EachEntryIsHandedOnOnceAndAnEntryEditedInPlaceIsNewAgain) {
  Fixture f;
  f.upstream.answers[link(1)] = ok(observatoryAlert("65010041600000_20260712140000_1"));
  f.upstream.answers[link(2)] = ok(observatoryAlert("65010041600000_20260712141000_0"));
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1)}));
  EXPECT_EQ(f.poll().size(), 1u);
  // The same feed again without validators (a server that sends none): nothing new.
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_TRUE(f.poll().empty());
  EXPECT_EQ(f.upstream.askedFor(link(1)), 1u);
  // A new entry: only it.
  f.upstream.answers[kFeedUrl] = ok(atom({entry(2, "2026-07-12T14:10:00+08:00"), entry(1)}));
  f.advance(std::chrono::seconds(kInterval));
  auto handed = f.poll();
  ASSERT_EQ(handed.size(), 1u);
  EXPECT_EQ(handed[0].sourceUrl, link(2));
  // Entry 1 edited in place (a new <updated>): handed on again.
  f.upstream.answers[kFeedUrl] =
      ok(atom({entry(2, "2026-07-12T14:10:00+08:00"), entry(1, "2026-07-12T14:20:00+08:00")}));
  f.advance(std::chrono::seconds(kInterval));
  handed = f.poll();
  ASSERT_EQ(handed.size(), 1u);
  EXPECT_EQ(handed[0].sourceUrl, link(1));
}

TEST(FeedPoller, WhatIsRememberedIsBoundedByTheFeedItself) {
  Fixture f;
  std::vector<std::string> entries;
  for (int n = 1; n <= 50; ++n) {
    entries.push_back(entry(n, "2026-07-12T14:00:00+08:00", true));
  }
  f.upstream.answers[kFeedUrl] = ok(atom(entries));
  EXPECT_EQ(f.poll().size(), 50u);
  EXPECT_EQ(f.poller.status().remembered, 50u);
  // The feed rolls on: 40 old entries leave, 5 new ones come. Only the 5 are handed on and
  // only the 15 listed are remembered.
  entries.erase(entries.begin(), entries.begin() + 40);
  for (int n = 51; n <= 55; ++n) entries.push_back(entry(n, "2026-07-12T14:30:00+08:00", true));
  f.upstream.answers[kFeedUrl] = ok(atom(entries));
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_EQ(f.poll().size(), 5u);
  EXPECT_EQ(f.poller.status().remembered, 15u);
}

TEST(FeedPoller, FailuresBackOffExponentiallyWithJitterUpToTheCapAndASuccessRestoresTheInterval) {
  Fixture f;
  f.limits.maxBackoff = std::chrono::seconds(900);
  FeedPoller poller{f.feed, f.limits, kStart, 7};
  TimePoint now = kStart;
  // The n-th failure in a row waits within [d/2, d], d = min(60 s × 2^n, 900 s).
  const std::vector<std::pair<int, int>> ceilings{{1, 120}, {2, 240}, {3, 480}, {4, 900}, {5, 900}, {6, 900}};
  std::set<long long> waits;
  for (auto [failures, ceiling] : ceilings) {
    auto request = poller.due(now);
    ASSERT_TRUE(request) << failures;
    poller.onResponse(*request, refused(), now);
    const auto wait = (poller.nextDue() - now).count();
    EXPECT_GE(wait, ceiling / 2) << "failure " << failures;
    EXPECT_LE(wait, ceiling) << "failure " << failures;
    EXPECT_EQ(poller.status().consecutiveFailures, failures);
    EXPECT_EQ(poller.status().lastError, "feed: Connection refused");
    waits.insert(wait);
    EXPECT_FALSE(poller.due(poller.nextDue() - std::chrono::seconds(1)));
    now = poller.nextDue();
  }
  EXPECT_GT(waits.size(), 3u) << "jittered, not fixed steps";
  auto request = poller.due(now);
  ASSERT_TRUE(request);
  poller.onResponse(*request, ok(atom({})), now);
  EXPECT_EQ(poller.status().consecutiveFailures, 0);
  EXPECT_EQ(poller.nextDue(), now + std::chrono::seconds(kInterval));
}

TEST(FeedPoller, ServerErrorsBackOffAndRetryAfterIsHonouredWithinTheCap) {
  Fixture f;
  auto unavailable = status(503);
  unavailable.retryAfter = std::chrono::seconds(600);
  f.upstream.answers[kFeedUrl] = unavailable;
  f.poll();
  EXPECT_EQ(f.poller.nextDue(), kStart + std::chrono::seconds(600));
  EXPECT_EQ(f.poller.status().lastError, "feed: HTTP 503");
  unavailable.retryAfter = std::chrono::seconds(86400);  // more than max backoff: capped
  f.upstream.answers[kFeedUrl] = unavailable;
  f.advanceTo(f.poller.nextDue());
  f.poll();
  EXPECT_EQ(f.poller.nextDue(), f.now + f.limits.maxBackoff);
  for (int code : {404, 410, 500, 301}) {
    f.upstream.answers[kFeedUrl] = status(code);
    f.advanceTo(f.poller.nextDue());
    f.poll();
    EXPECT_EQ(f.poller.status().lastError, "feed: HTTP " + std::to_string(code));
  }
}

TEST(FeedPoller, AHostileOrBrokenFeedIsRefusedBacksOffAndKeepsNoValidators) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {testing::fixture("hostile-billion-laughs.xml"), "feed has a DOCTYPE/DTD"},
      {testing::fixture("hostile-external-entity-passwd.xml"), "feed has a DOCTYPE/DTD"},
      {"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>", "feed is not well-formed XML"},
      {"<html><body>maintenance</body></html>", "root element must be an Atom <feed> or RSS <rss>"},
  };
  for (const auto& [body, says] : cases) {
    Fixture f;
    f.upstream.answers[kFeedUrl] = ok(body, "\"bad\"");
    EXPECT_TRUE(f.poll().empty());
    EXPECT_NE(f.poller.status().lastError.find(says), std::string::npos) << f.poller.status().lastError;
    EXPECT_EQ(f.poller.status().consecutiveFailures, 1);
    f.advanceTo(f.poller.nextDue());
    auto again = f.poller.due(f.now);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->ifNoneMatch.empty()) << "a refused document is asked for again in full";
  }
  Fixture f;
  auto tooLarge = ok("");
  tooLarge.bodyTooLarge = true;  // the fetcher stopped reading at maxBytes
  f.upstream.answers[kFeedUrl] = tooLarge;
  EXPECT_TRUE(f.poll().empty());
  EXPECT_EQ(f.poller.status().lastError, "feed: answer larger than 4194304 bytes");
}

TEST(FeedPoller, TooManyEntriesAreRefusedBeforeAnyIsHandedOn) {
  Fixture f;
  f.limits.feed.maxEntries = 10;
  FeedPoller poller{f.feed, f.limits, kStart, 1};
  std::vector<std::string> entries;
  for (int n = 1; n <= 11; ++n) entries.push_back(entry(n, "2026-07-12T14:00:00+08:00", true));
  f.upstream.answers[kFeedUrl] = ok(atom(entries));
  EXPECT_TRUE(pollDue(
                  poller, [&](const FetchRequest& r) { return f.upstream(r); }, kStart)
                  .empty());
  EXPECT_EQ(poller.status().lastError, "feed: more than 10 entry elements");
}

TEST(FeedPoller, ALinkedDocumentThatIsNotCapIsRefusedOnceAndNotFetchedAgain) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1), entry(2)}));
  f.upstream.answers[link(1)] = ok("<html><body>Warning 1</body></html>");
  f.upstream.answers[link(2)] = ok(observatoryAlert("65010041600000_20260712140000_2"));
  auto handed = f.poll();
  ASSERT_EQ(handed.size(), 1u);
  EXPECT_EQ(handed[0].sourceUrl, link(2));
  EXPECT_EQ(f.poller.status().refusedEntries, 1u);
  EXPECT_NE(f.poller.status().lastError.find("not CAP: its root is <html>"), std::string::npos);
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_TRUE(f.poll().empty());
  EXPECT_EQ(f.upstream.askedFor(link(1)), 1u);
}

TEST(FeedPoller, ALinkedAlertThatIsMissingIsRetriedOnTheNextPollsThenGivenUp) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1)}));  // link(1) answers 404
  for (int poll = 1; poll <= 5; ++poll) {
    EXPECT_TRUE(f.poll().empty());
    f.advance(std::chrono::seconds(kInterval));
  }
  EXPECT_EQ(f.upstream.askedFor(link(1)), size_t(f.limits.maxCapAttempts));
  EXPECT_EQ(f.poller.status().consecutiveFailures, 0) << "a missing entry is not the feed failing";
}

TEST(FeedPoller, AServerErrorOnALinkedAlertEndsTheRoundAndTheRestFollowAfterTheBackoff) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1), entry(2), entry(3)}));
  f.upstream.answers[link(1)] = ok(observatoryAlert("65010041600000_20260712140000_1"));
  f.upstream.answers[link(2)] = status(503);
  f.upstream.answers[link(3)] = ok(observatoryAlert("65010041600000_20260712140000_3"));
  EXPECT_EQ(f.poll().size(), 1u);
  EXPECT_EQ(f.upstream.askedFor(link(3)), 0u) << "the struggling upstream is left alone";
  EXPECT_EQ(f.poller.status().consecutiveFailures, 1);
  f.upstream.answers[link(2)] = ok(observatoryAlert("65010041600000_20260712140000_2"));
  f.advanceTo(f.poller.nextDue());
  auto handed = f.poll();
  ASSERT_EQ(handed.size(), 2u);
  EXPECT_EQ(handed[0].sourceUrl, link(3));
  EXPECT_EQ(handed[1].sourceUrl, link(2)) << "the one that failed is asked for last";
  EXPECT_EQ(f.upstream.askedFor(link(1)), 1u);
}

TEST(FeedPoller, ARequestLeftUnansweredTimesOutAndItsLateAnswerIsIgnored) {
  Fixture f;
  auto lost = f.poller.due(kStart);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->timeout, f.limits.timeout);
  EXPECT_FALSE(f.poller.due(kStart + std::chrono::seconds(14)));
  // 10 s timeout + 5 s slack: given up, counted as a failure, backed off.
  EXPECT_FALSE(f.poller.due(kStart + std::chrono::seconds(15)));
  EXPECT_EQ(f.poller.status().consecutiveFailures, 1);
  EXPECT_EQ(f.poller.status().lastError, "feed: no answer within 10000 ms");
  EXPECT_TRUE(
      f.poller
          .onResponse(*lost, ok(atom({entry(1, "2026-07-12T14:00:00+08:00", true)})), kStart + std::chrono::seconds(16))
          .empty());
  EXPECT_EQ(f.poller.status().handedOn, 0u);
}

TEST(FeedPoller, AnEntryIngestCouldNotTakeIsHandedOnAgainAfterTheNextPoll) {
  Fixture f;
  f.upstream.answers[kFeedUrl] = ok(atom({entry(1, "2026-07-12T14:00:00+08:00", true)}));
  auto handed = f.poll();
  ASSERT_EQ(handed.size(), 1u);
  f.poller.retryLater(handed[0].entryKey);
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_EQ(f.poll().size(), 1u);
  f.advance(std::chrono::seconds(kInterval));
  EXPECT_TRUE(f.poll().empty());
}

TEST(RelayFeeds, EveryConfiguredFeedIsPolledAndTheEarliestDueTimeIsReported) {
  RelaySettings settings;
  settings.feeds = {{"https://a.example.invalid/feed.atom", 60, "a"}, {"https://b.example.invalid/rss.xml", 300, ""}};
  RelayFeeds feeds(settings, kStart, 99);
  ASSERT_EQ(feeds.size(), 2u);
  EXPECT_EQ(feeds.at(1).status().name, "https://b.example.invalid/rss.xml");  // no name: the URL
  auto due = feeds.due(kStart);
  ASSERT_EQ(due.size(), 2u);
  for (auto& [index, request] : due) feeds.onResponse(index, request, ok(atom({})), kStart);
  EXPECT_EQ(feeds.nextDue(), kStart + std::chrono::seconds(60));
  EXPECT_TRUE(feeds.due(kStart + std::chrono::seconds(59)).empty());
  EXPECT_EQ(feeds.due(kStart + std::chrono::seconds(60)).size(), 1u);
  EXPECT_EQ(RelayFeeds(RelaySettings{}, kStart, 1).nextDue(), TimePoint::max());
}

}  // namespace
}  // namespace eoc::relay::feed_poller_test
