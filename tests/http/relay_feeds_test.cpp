// The relay wired end to end: a real eoc polls the fake upstream feed server over loopback
// (tests/relay/support/fake_upstream.hpp: RFC 4287 / RSS 2.0, RFC 9110 conditional GET, outages)
// with its own outbound HTTP client on the one Scheduler, and every new alert goes through the
// same ingest as POST /cap/ingest, in the name of the relay. Time runs for real (a clock shifted
// to the fixtures' day) with a one-second poll interval; every wait is for a condition, with a
// deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "broadcast/event_hub.hpp"
#include "fake_http_server.hpp"
#include "test_pki.hpp"
#include "relay/support/fake_upstream.hpp"
#include "relay/support/upstream_alerts.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::relay_feeds_test {
namespace {

using nlohmann::json;
using relay::testing::FakeUpstream;
using relay::testing::geocodeArea;
using relay::testing::observatoryAlert;

const TimePoint kDay = *parseIso8601("2026-07-12T14:05:00+08:00");
constexpr auto kDeadline = std::chrono::seconds(30);

// Polls `done` until it holds or the deadline passes (a condition with a deadline, not a sleep
// standing in for one); answers whether it held.
bool eventually(const std::function<bool()>& done, std::chrono::seconds deadline = kDeadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

struct RelayDesk {
  FakeUpstream upstream;
  std::unique_ptr<TestServer> server;
  std::string officer;

  void start(const std::vector<std::string>& paths) {
    Config config = TestServer::defaultConfig();
    for (const auto& path : paths) config.relay.feeds.push_back(RelayFeed{upstream.url(path), 1, path});
    config.relay.timeoutMs = 2000;
    config.relay.maxBackoffSeconds = 4;
    server = std::make_unique<TestServer>(config, std::make_shared<ShiftedClock>(kDay));
    officer = server->token(Role::DutyOfficer, "", "王敏");
  }
  json get(const std::string& path) {
    auto res = server->client().Get(path, {{"Authorization", "Bearer " + officer}});
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  json warnings() { return get("/warnings")["warnings"]; }
  json feed(size_t i) { return get("/relay/feeds")["feeds"][i]; }
};

std::string cityWide(const std::string& identifier) {
  return observatoryAlert(identifier, geocodeArea("GB/T 2260", "650100"));
}

TEST(RelayFeeds, APolledCityWideAlertBecomesOneRelayDraftForEveryCommitteeAuditedAsTheRelay) {
  RelayDesk desk;
  desk.upstream.publish(cityWide("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  desk.start({"/atom.xml"});
  ASSERT_TRUE(eventually([&] { return desk.warnings().size() == 1; })) << desk.get("/relay/feeds").dump();

  const json w = desk.get("/warnings/" + desk.warnings()[0]["id"].get<std::string>());
  EXPECT_EQ(w["state"], "draft");
  std::vector<std::string> committees;
  const json layer = desk.get("/collections/committees/items?limit=1000");
  for (const auto& f : layer["features"]) committees.push_back(f["id"]);
  ASSERT_EQ(committees.size(), 18u);
  EXPECT_EQ(w["area"]["committees"].get<std::vector<std::string>>(), committees);
  EXPECT_EQ(w["upstream"]["identifier"], "65010041600000_20260712140000_0");
  EXPECT_EQ(w["upstream"]["national"]["area_code"], "650100");
  EXPECT_EQ(w["author"], "上游预警接口");

  const auto audit = desk.get("/audit?kind=warning.relay");
  ASSERT_EQ(audit["entries"].size(), 1u) << audit.dump();
  EXPECT_EQ(audit["entries"][0]["actor"], "duty_officer:relay (上游预警接口)");
  EXPECT_EQ(desk.get("/relay/feeds")["drafted"], 1);

  // The dashboard rings on the event: warning.drafted carrying the upstream reference.
  auto events = desk.server->service().events().read(0, broadcast::EventFilter{"", true});
  size_t drafted = 0;
  for (const auto& e : events.events)
    if (e.event.type == "warning.drafted") ++drafted;
  EXPECT_EQ(drafted, 1u);
}

TEST(RelayFeeds, NotModifiedCostsNothingAndAnAlertIsDraftedOnce) {
  RelayDesk desk;
  desk.upstream.publish(cityWide("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  desk.start({"/atom.xml"});
  ASSERT_TRUE(eventually([&] { return desk.warnings().size() == 1; }));
  const size_t capFetches = desk.upstream.count("/cap/1.xml");
  // Three more polls, each a conditional GET answered 304 …
  ASSERT_TRUE(eventually([&] { return desk.upstream.count("/atom.xml", 304) >= 3; }));
  for (const auto& hit : desk.upstream.hits())
    if (hit.path == "/atom.xml" && hit.status == 304) {
      EXPECT_FALSE(hit.ifNoneMatch.empty());
    }
  // … that fetch no CAP again and draft nothing again.
  EXPECT_EQ(desk.upstream.count("/cap/1.xml"), capFetches);
  EXPECT_EQ(desk.warnings().size(), 1u);
  EXPECT_EQ(desk.get("/audit?kind=warning.relay")["entries"].size(), 1u);
  EXPECT_GE(desk.feed(0)["not_modified"].get<int>(), 3);

  // A new alert changes the feed: drafted on a following poll.
  desk.upstream.publish(cityWide("65010041600000_20260712141000_1"), *parseIso8601("2026-07-12T14:10:00+08:00"));
  ASSERT_TRUE(eventually([&] { return desk.warnings().size() == 2; }));
}

TEST(RelayFeeds, AHostileFeedIsRefusedWhileTheGoodFeedBesideItIsRelayed) {
  RelayDesk desk;
  desk.upstream.serve("/hostile.xml", relay::testing::fixture("hostile-billion-laughs.xml"));
  desk.upstream.publish(cityWide("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  desk.start({"/hostile.xml", "/rss.xml"});
  ASSERT_TRUE(eventually([&] { return desk.warnings().size() == 1; }));
  ASSERT_TRUE(eventually([&] { return desk.feed(0)["consecutive_failures"].get<int>() >= 1; }));
  EXPECT_FALSE(desk.feed(0)["last_error"].get<std::string>().empty());
  EXPECT_EQ(desk.feed(0)["handed_on"], 0);
  // Still serving.
  EXPECT_EQ(desk.server->client().Get("/healthz")->status, 200);
}

// The fake upstream goes down before eoc's first poll (connections refused), eoc backs off (one
// second interval, four at most), and the alert published once it is back is relayed.
TEST(RelayFeeds, AFeedThatIsDownIsRetriedWithBackoffAndRelayedOnceItIsBack) {
  RelayDesk desk;
  desk.upstream.goDown();
  desk.start({"/atom.xml"});
  ASSERT_TRUE(eventually([&] { return desk.feed(0)["consecutive_failures"].get<int>() >= 2; }))
      << desk.get("/relay/feeds").dump();
  EXPECT_TRUE(desk.warnings().empty());
  desk.upstream.comeBack();
  desk.upstream.publish(cityWide("65010041600000_20260712140000_0"), *parseIso8601("2026-07-12T14:00:00+08:00"));
  ASSERT_TRUE(eventually([&] { return desk.warnings().size() == 1; })) << desk.get("/relay/feeds").dump();
  EXPECT_EQ(desk.feed(0)["consecutive_failures"], 0);
}

// An HTTPS feed behind the office's own CA (a provincial gateway, an on-premises mirror): the relay
// trusts broadcast.extra_ca_file as the channels do; without it the same feed fails verification.
TEST(RelayFeeds, AnHttpsFeedIsTrustedThroughTheExtraCaFileAndRefusedWithoutIt) {
  TempDir scratch;
  const auto pki = fakes::makeTestPki(scratch.path(), {"127.0.0.1"}, "feed");
  std::string cap = cityWide("65010041600000_20260712140000_0");
  if (cap.starts_with("<?xml")) cap = cap.substr(cap.find("?>") + 2);
  const std::string atom =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<id>urn:test:tls-feed</id><title>市气象台</title><updated>2026-07-12T14:00:00+08:00</updated>"
      "<entry><id>urn:test:tls-feed:1</id><title>预警 1</title><updated>2026-07-12T14:00:00+08:00</updated>"
      "<content type=\"application/cap+xml\">" +
      cap + "</content></entry></feed>\n";
  fakes::FakeHttpServer feed(
      [&](const fakes::ReceivedRequest& r) {
        if (r.path != "/atom.xml") return fakes::FakeAnswer{404, "text/plain", "not found"};
        return fakes::FakeAnswer{200, "application/atom+xml", atom};
      },
      fakes::TlsFiles{pki.serverCert, pki.serverKey});
  feed.start();
  auto run = [&](bool trustCa) {
    Config config = TestServer::defaultConfig();
    config.relay.feeds.push_back(RelayFeed{feed.baseUrl() + "/atom.xml", 1, "tls"});
    config.relay.timeoutMs = 2000;
    config.relay.maxBackoffSeconds = 4;
    if (trustCa) config.broadcast.extraCaFile = pki.caCert;
    auto server = std::make_unique<TestServer>(config, std::make_shared<ShiftedClock>(kDay));
    return server;
  };
  {
    auto server = run(false);
    const std::string officer = server->token(Role::DutyOfficer, "", "王敏");
    auto feeds = [&] {
      auto res = server->client().Get("/relay/feeds", {{"Authorization", "Bearer " + officer}});
      return res ? json::parse(res->body, nullptr, false)["feeds"][0] : json();
    };
    ASSERT_TRUE(eventually([&] { return feeds().value("consecutive_failures", 0) >= 1; })) << feeds().dump();
    EXPECT_NE(feeds()["last_error"].get<std::string>().find("tls"), std::string::npos) << feeds().dump();
    EXPECT_EQ(feed.requestCount(), 0u);  // refused before anything was sent
  }
  {
    auto server = run(true);
    const std::string officer = server->token(Role::DutyOfficer, "", "王敏");
    auto warnings = [&] {
      auto res = server->client().Get("/warnings", {{"Authorization", "Bearer " + officer}});
      return res ? json::parse(res->body, nullptr, false)["warnings"] : json::array();
    };
    ASSERT_TRUE(eventually([&] { return warnings().size() == 1; }));
    const std::string id = warnings()[0]["id"];
    auto w = server->client().Get("/warnings/" + id, {{"Authorization", "Bearer " + officer}});
    ASSERT_TRUE(w);
    EXPECT_EQ(json::parse(w->body)["upstream"]["identifier"], "65010041600000_20260712140000_0");
    EXPECT_GE(feed.requestCount(), 1u);
  }
}

TEST(RelayFeeds, AnotherDistrictsAlertIsRefusedAndLoggedNotDrafted) {
  RelayDesk desk;
  desk.upstream.publish(observatoryAlert("65010441600000_20260712140000_0", geocodeArea("GB/T 2260", "650104")),
                        *parseIso8601("2026-07-12T14:00:00+08:00"));
  desk.start({"/atom.xml"});
  ASSERT_TRUE(eventually([&] { return desk.get("/relay/feeds")["refused"].get<int>() == 1; }));
  EXPECT_TRUE(desk.warnings().empty());
}

}  // namespace
}  // namespace eoc::testing::relay_feeds_test
