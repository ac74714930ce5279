// The relay against a real HTTP server on loopback: the fake upstream feed server (RFC 9110
// conditional requests, Atom and RSS, outages, hostile documents), reached through a blocking
// fetch. The clock the poller sees is a manual one; the network is real.
#include "relay/support/fake_upstream.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include "core/error.hpp"
#include "gis/layer_loader.hpp"
#include "gis/manifest.hpp"
#include "relay/feed_poller.hpp"
#include "relay/relay_feeds.hpp"
#include "relay/support/blocking_fetch.hpp"
#include "relay/support/upstream_alerts.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/geocodes.hpp"
#include "warnings/signal_catalogue.hpp"

namespace eoc::relay::fake_upstream_test {
namespace {

using testing::FakeUpstream;
using testing::observatoryAlert;

const TimePoint kStart = *parseIso8601("2026-07-12T14:05:00+08:00");
constexpr int kInterval = 60;

struct Relay {
  FakeUpstream upstream;
  PollerLimits limits;
  TimePoint now = kStart;

  FeedPoller poller(const std::string& path, std::uint64_t seed = 1) {
    return FeedPoller(RelayFeed{upstream.url(path), kInterval, path}, limits, now, seed);
  }
  std::vector<RelayedCap> poll(FeedPoller& p) { return pollDue(p, testing::blockingFetch, now); }
};

std::vector<std::string> identifiers(const std::vector<RelayedCap>& handed) {
  static const auto catalogue =
      warnings::SignalCatalogue::load(std::string(EOC_SOURCE_DIR) + "/plans/warning-signals.json");
  std::vector<std::string> out;
  for (const auto& cap : handed) out.push_back(warnings::readIngestCap(cap.xml, catalogue).alert.identifier);
  return out;
}

httplib::Result get(const FakeUpstream& upstream, const std::string& path, const httplib::Headers& headers) {
  httplib::Client client("127.0.0.1", upstream.port());
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  return client.Get(path.c_str(), headers);
}

TEST(FakeUpstream, AnswersConditionalRequestsAsRfc9110Says) {
  FakeUpstream upstream;
  upstream.publish(observatoryAlert("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  auto first = get(upstream, "/atom.xml", {});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag"), modified = first->get_header_value("Last-Modified");
  EXPECT_EQ(modified, "Sun, 12 Jul 2026 06:00:00 GMT");
  ASSERT_FALSE(etag.empty());

  struct Case {
    const char* name;
    httplib::Headers headers;
    int status;
  };
  const std::vector<Case> table{
      {"§13.1.2 the current tag", {{"If-None-Match", etag}}, 304},
      {"§13.1.2 weak comparison for GET", {{"If-None-Match", "W/" + etag}}, 304},
      {"§13.1.2 a list holding it", {{"If-None-Match", "\"other\", " + etag}}, 304},
      {"§13.1.2 any representation", {{"If-None-Match", "*"}}, 304},
      {"§13.1.2 another tag", {{"If-None-Match", "\"other\""}}, 200},
      {"§13.1.3 not modified since", {{"If-Modified-Since", modified}}, 304},
      {"§13.1.3 modified after an earlier date", {{"If-Modified-Since", "Sun, 12 Jul 2026 05:59:59 GMT"}}, 200},
      {"§5.6.7 obsolete RFC 850 date", {{"If-Modified-Since", "Sunday, 12-Jul-26 06:00:00 GMT"}}, 304},
      {"§5.6.7 obsolete asctime date", {{"If-Modified-Since", "Sun Jul 12 06:00:00 2026"}}, 304},
      {"§13.1.3 not a date: ignored", {{"If-Modified-Since", "yesterday"}}, 200},
      {"§13.2.2 If-None-Match decides over If-Modified-Since",
       {{"If-None-Match", "\"other\""}, {"If-Modified-Since", "Mon, 13 Jul 2026 00:00:00 GMT"}},
       200},
  };
  for (const auto& c : table) {
    auto res = get(upstream, "/atom.xml", c.headers);
    ASSERT_TRUE(res) << c.name;
    EXPECT_EQ(res->status, c.status) << c.name;
    if (c.status == 304) {
      EXPECT_TRUE(res->body.empty()) << c.name << ": §15.4.5 a 304 has no content";
      EXPECT_EQ(res->get_header_value("ETag"), etag) << c.name << ": §15.4.5 the ETag a 200 would carry";
    }
  }
  // A new alert changes both validators of both feeds.
  upstream.publish(observatoryAlert("65010041600000_20260712141000_0"), *parseIso8601("2026-07-12T14:10:00+08:00"));
  auto changed = get(upstream, "/atom.xml", {{"If-None-Match", etag}});
  EXPECT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
  EXPECT_EQ(get(upstream, "/rss.xml", {{"If-Modified-Since", modified}})->status, 200);
}

TEST(RelayAgainstFakeUpstream, AtomAndRssFeedsHandOnTheirLinkedAndEmbeddedAlertsOnce) {
  Relay r;
  r.upstream.publish(observatoryAlert("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  r.upstream.publish(observatoryAlert("65010041600000_20260712140100_0"), *parseIso8601("2026-07-12T14:01:00+08:00"),
                     true);
  for (const char* path : {"/atom.xml", "/rss.xml"}) {
    auto poller = r.poller(path);
    auto handed = r.poll(poller);
    EXPECT_EQ(identifiers(handed),
              (std::vector<std::string>{"65010041600000_20260712140100_0", "65010041600000_20260712140000_0"}))
        << path << ": " << poller.status().lastError;
    EXPECT_EQ(handed.at(1).sourceUrl, r.upstream.url("/cap/1.xml")) << path;  // Atom's relative link resolved
    r.now += std::chrono::seconds(kInterval);
    EXPECT_TRUE(r.poll(poller).empty()) << path;
    r.now = kStart;
  }
  EXPECT_EQ(r.upstream.count("/cap/1.xml"), 2u);  // once per feed
}

TEST(RelayAgainstFakeUpstream, AnUnchangedFeedCostsOne304AndNothingElse) {
  Relay r;
  r.upstream.publish(observatoryAlert("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  auto poller = r.poller("/atom.xml");
  ASSERT_EQ(r.poll(poller).size(), 1u);
  const size_t before = r.upstream.hits().size();

  r.now += std::chrono::seconds(kInterval);
  EXPECT_TRUE(r.poll(poller).empty());
  const auto hits = r.upstream.hits();
  ASSERT_EQ(hits.size(), before + 1) << "one request, for the feed only";
  const auto& conditional = hits.back();
  EXPECT_EQ(conditional.path, "/atom.xml");
  EXPECT_EQ(conditional.status, 304);
  EXPECT_EQ(conditional.bodyBytes, 0u);
  EXPECT_FALSE(conditional.ifNoneMatch.empty());
  EXPECT_EQ(conditional.ifModifiedSince, "Sun, 12 Jul 2026 06:00:00 GMT");
  EXPECT_EQ(poller.status().notModified, 1u) << poller.status().lastError;
}

TEST(RelayAgainstFakeUpstream, ANewlyPublishedAlertIsHandedOnOnceAtTheNextPoll) {
  Relay r;
  r.upstream.publish(observatoryAlert("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  auto poller = r.poller("/rss.xml");
  ASSERT_EQ(r.poll(poller).size(), 1u);
  r.upstream.publish(observatoryAlert("65010041600000_20260712140530_0"), *parseIso8601("2026-07-12T14:05:30+08:00"));
  r.now += std::chrono::seconds(kInterval - 1);
  EXPECT_TRUE(r.poll(poller).empty()) << "not before the interval";
  r.now += std::chrono::seconds(1);
  EXPECT_EQ(identifiers(r.poll(poller)), std::vector<std::string>{"65010041600000_20260712140530_0"});
  for (int i = 0; i < 3; ++i) {
    r.now += std::chrono::seconds(kInterval);
    EXPECT_TRUE(r.poll(poller).empty());
  }
  EXPECT_EQ(r.upstream.count("/cap/2.xml"), 1u);
  EXPECT_EQ(r.upstream.count("/rss.xml", 304), 3u);
}

TEST(RelayAgainstFakeUpstream, HostileFeedsAreRefusedWithoutACrashAndNothingIsHandedOn) {
  Relay r;
  std::string manyEntries = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
  for (int i = 0; i < 100000; ++i) manyEntries += "<entry/>";
  manyEntries += "</feed>";
  r.upstream.serve("/billion-laughs.xml", testing::fixture("hostile-billion-laughs.xml"));
  r.upstream.serve("/external-entity.xml", testing::fixture("hostile-external-entity-passwd.xml"));
  r.upstream.serve("/many-entries.xml", manyEntries);
  r.upstream.serveEndless("/fifty-megabytes.xml", 50u << 20);
  struct Case {
    const char* path;
    const char* says;
  };
  for (const auto& c : std::vector<Case>{{"/billion-laughs.xml", "feed has a DOCTYPE/DTD"},
                                         {"/external-entity.xml", "feed has a DOCTYPE/DTD"},
                                         {"/many-entries.xml", "feed: more than 1000 entry elements"},
                                         {"/fifty-megabytes.xml", "feed: answer larger than 4194304 bytes"}}) {
    auto poller = r.poller(c.path);
    EXPECT_TRUE(r.poll(poller).empty()) << c.path;
    EXPECT_NE(poller.status().lastError.find(c.says), std::string::npos) << c.path << ": " << poller.status().lastError;
    EXPECT_EQ(poller.status().consecutiveFailures, 1) << c.path;
    EXPECT_EQ(poller.status().lastError.find("root:x:0:0"), std::string::npos);
  }

  // A feed whose entry links to a "CAP" that is an HTML page: the feed is fine, the entry refused.
  r.upstream.serve("/feed-with-html-link.xml",
                   "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>e1</id><updated>2026-07-12T14:00:00+08:00"
                   "</updated><link type=\"application/cap+xml\" href=\"/page.html\"/></entry></feed>");
  r.upstream.serve("/page.html", "<html><body>暴雨预警</body></html>", "text/html");
  auto poller = r.poller("/feed-with-html-link.xml");
  EXPECT_TRUE(r.poll(poller).empty());
  EXPECT_EQ(poller.status().refusedEntries, 1u);
  EXPECT_EQ(poller.status().consecutiveFailures, 0);
  EXPECT_NE(poller.status().lastError.find("not CAP"), std::string::npos) << poller.status().lastError;
}

TEST(RelayAgainstFakeUpstream, AFeedThatGoesDownBacksOffAndRecoversToItsInterval) {
  Relay r;
  r.upstream.publish(observatoryAlert("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  auto poller = r.poller("/atom.xml");
  ASSERT_EQ(r.poll(poller).size(), 1u);

  r.upstream.goDown();
  r.upstream.publish(observatoryAlert("65010041600000_20260712140700_0"), *parseIso8601("2026-07-12T14:07:00+08:00"));
  TimePoint failedAt{};
  for (int failures = 1; failures <= 3; ++failures) {
    r.now = poller.nextDue();
    failedAt = r.now;
    EXPECT_TRUE(r.poll(poller).empty());
    EXPECT_EQ(poller.status().consecutiveFailures, failures);
    const auto ceiling = kInterval << failures;
    const auto wait = (poller.nextDue() - failedAt).count();
    EXPECT_GE(wait, ceiling / 2) << failures;
    EXPECT_LE(wait, ceiling) << failures;
  }
  EXPECT_FALSE(poller.status().lastError.empty());

  // Back, but overloaded for a while: 503 with Retry-After, which the poller waits out.
  r.upstream.comeBack();
  r.upstream.setOutage(true, 900);
  r.now = poller.nextDue();
  EXPECT_TRUE(r.poll(poller).empty());
  EXPECT_EQ(poller.nextDue(), r.now + std::chrono::seconds(900));
  EXPECT_EQ(poller.status().lastError, "feed: HTTP 503");

  r.upstream.setOutage(false);
  r.now = poller.nextDue();
  EXPECT_EQ(identifiers(r.poll(poller)), std::vector<std::string>{"65010041600000_20260712140700_0"});
  EXPECT_EQ(poller.status().consecutiveFailures, 0);
  EXPECT_EQ(poller.nextDue(), r.now + std::chrono::seconds(kInterval));
}

TEST(RelayAgainstFakeUpstream, ACityWideAlertFromTheFeedNamesEveryCommitteeAndAnotherDistrictsNone) {
  const auto layers = gis::loadCatalog(std::string(EOC_SOURCE_DIR) + "/geodata");
  const warnings::Gazetteer gazetteer{gis::readManifest(std::string(EOC_SOURCE_DIR) + "/geodata").district.code,
                                      &layers.require("committees"), layers.find(warnings::kCommunitiesLayer)};
  static const auto catalogue =
      warnings::SignalCatalogue::load(std::string(EOC_SOURCE_DIR) + "/plans/warning-signals.json");
  Relay r;
  r.upstream.publish(observatoryAlert("65010041600000_20260712140000_0",
                                      testing::geocodeArea("CPEAS Geographic Code", "650100000000")),
                     *parseIso8601("2026-07-12T14:00:00+08:00"));
  r.upstream.publish(observatoryAlert("65010441600000_20260712140100_0", testing::geocodeArea("GB/T 2260", "650104")),
                     *parseIso8601("2026-07-12T14:01:00+08:00"));
  auto poller = r.poller("/rss.xml");
  auto handed = r.poll(poller);
  ASSERT_EQ(handed.size(), 2u);
  auto other = warnings::readIngestCap(handed[0].xml, catalogue);
  auto city = warnings::readIngestCap(handed[1].xml, catalogue);
  EXPECT_EQ(warnings::committeesForArea(gazetteer, city.geocodes, city.polygons).size(),
            layers.require("committees").features().size());
  try {
    warnings::committeesForArea(gazetteer, other.geocodes, other.polygons);
    ADD_FAILURE() << "another district's alert named a committee";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::OutsideDistrict);
    EXPECT_NE(e.detail().find("650104"), std::string::npos);
  }
}

}  // namespace
}  // namespace eoc::relay::fake_upstream_test
