// Upstream Atom / RSS feeds of CAP: entries that link to or embed an alert, through the same
// hardened XML reading as ingest.
#include "warnings/cap_feed.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/cap_writer.hpp"
#include "warnings/support/warning_world.hpp"

namespace eoc::warnings::cap_feed_test {
namespace {

using testing::fixture;

constexpr const char* kObservatoryFeed = "https://observatory.example.invalid/feeds/warnings.atom";

std::string refusal(const std::string& xml, const CapFeedLimits& limits = {}) {
  try {
    parseCapFeed(xml, kObservatoryFeed, limits);
  } catch (const EocError& e) {
    return std::string(e.info().name) + ": " + e.detail();
  }
  return "accepted";
}

std::string atomWithEntries(size_t n) {
  std::string xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
  for (size_t i = 0; i < n; ++i) xml += "<entry/>";
  return xml + "</feed>";
}

TEST(CapFeed, AnAtomFeedGivesItsLinkedAndEmbeddedAlertsAndSaysWhatItLeftOut) {
  auto feed = parseCapFeed(fixture("feed-atom-linked-and-embedded.xml"), kObservatoryFeed);
  EXPECT_EQ(feed.kind, CapFeedKind::Atom);
  ASSERT_EQ(feed.entries.size(), 2u);

  const auto& linked = feed.entries[0];
  EXPECT_EQ(linked.id, "urn:cap:wlmqqxt:65010041600000_20260712140000_3");
  EXPECT_EQ(linked.updated, "2026-07-12T14:00:00+08:00");
  // The CAP-typed link, not the HTML one, resolved against the feed's URL.
  EXPECT_EQ(linked.capUrl, "https://observatory.example.invalid/feeds/cap/65010041600000_20260712140000_3.xml");
  EXPECT_TRUE(linked.inlineCap.empty());

  const auto& embedded = feed.entries[1];
  EXPECT_TRUE(embedded.capUrl.empty());
  // The embedded alert stands on its own (its namespace came from the feed element) and is
  // exactly what ingest accepts.
  auto in = readIngestCap(embedded.inlineCap, testing::shippedCatalogue());
  EXPECT_EQ(in.alert.identifier, "65010041600000_20260712141500_0");
  EXPECT_EQ(in.type, "strong_wind");
  EXPECT_EQ(in.level, "blue");
  EXPECT_EQ(in.geocodes, std::vector<std::string>{"650100000000"});  // CPEAS spelling kept

  ASSERT_EQ(feed.skipped.size(), 2u);
  EXPECT_NE(feed.skipped[0].find("urn:uuid:notice-without-cap: neither links to nor embeds"), std::string::npos);
  EXPECT_NE(feed.skipped[1].find("'file:///etc/passwd' is not an http(s) URL"), std::string::npos);
}

TEST(CapFeed, AnRssFeedShapedLikeCmasGivesItsItemsLinks) {
  auto feed = parseCapFeed(fixture("feed-rss-cma-style.xml"),
                           "https://severeweather.example.invalid/v2/cap-alerts/cn-cma-xx/rss.xml");
  EXPECT_EQ(feed.kind, CapFeedKind::Rss);
  ASSERT_EQ(feed.entries.size(), 3u);
  EXPECT_EQ(feed.entries[0].id, "65010041600000_20260712140000");
  EXPECT_EQ(feed.entries[0].updated, "Sun, 12 Jul 2026 06:00:00 GMT");
  EXPECT_EQ(
      feed.entries[0].capUrl,
      "https://severeweather.example.invalid/v2/cap-alerts/cn-cma-xx/2026/07/12/65010041600000_20260712140000.xml");
  EXPECT_EQ(
      feed.entries[1].capUrl,
      "https://severeweather.example.invalid/v2/cap-alerts/cn-cma-xx/2026/07/12/65010941600000_20260712133000.xml");
  EXPECT_EQ(feed.entries[2].capUrl, "https://severeweather.example.invalid/cap/x.xml");
  EXPECT_EQ(feed.entries[2].key(), "65010041600000_20260712120000\n");  // no pubDate
}

TEST(CapFeed, EocsOwnPublicFeedReadsBackAsAFeedOfItsWarnings) {
  testing::Desk desk;
  Warning w = desk.issued();
  FeedEntry entry{w.id, buildCapAlert(w, w.messages.back(), testing::shippedCatalogue(), testing::shippedTexts(),
                                      testing::committeeAreas())};
  const std::string atom = writeAtomFeed({entry}, "http://127.0.0.1:8080", "eoc CAP feed", w.messages.back().sent);
  auto feed = parseCapFeed(atom, "http://127.0.0.1:8080/cap/feed.atom");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].capUrl, "http://127.0.0.1:8080/warnings/" + w.id + "/cap.xml");
  EXPECT_EQ(feed.entries[0].id, "urn:cap:eoc.650103:" + w.messages.back().identifier);
}

TEST(CapFeed, HostileOrWrongFeedsAreRefusedWithAClearReason) {
  CapFeedLimits small;
  small.maxFeedBytes = 64 * 1024;
  small.maxEntries = 100;
  const std::vector<std::pair<std::string, std::string>> cases{
      {fixture("hostile-billion-laughs.xml"), "InvalidCap: feed has a DOCTYPE/DTD"},
      {fixture("hostile-external-entity-passwd.xml"), "InvalidCap: feed has a DOCTYPE/DTD"},
      {"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>", "InvalidCap: feed is not well-formed XML"},
      {std::string(70 * 1024, ' '), "PayloadTooLarge: feed is 71680 bytes"},
      {atomWithEntries(101), "InvalidCap: feed: more than 100 entry elements"},
      {"<rss version=\"2.0\"/>", "InvalidCap: feed: an RSS document without <channel>"},
      {fixture("observatory-rainstorm-orange-alert.xml"), "InvalidCap: feed: the root element must be an Atom <feed>"},
      {"<feed><entry/></feed>", "InvalidCap: feed: the root element must be an Atom <feed>"},  // no Atom namespace
      {"", "InvalidCap: feed is empty"},
  };
  for (const auto& [xml, says] : cases) {
    const std::string got = refusal(xml, small);
    EXPECT_EQ(got.rfind(says, 0), 0u) << got;
    EXPECT_EQ(got.find("root:x:0:0"), std::string::npos);  // /etc/passwd never read
  }
  EXPECT_EQ(refusal(atomWithEntries(100), small), "accepted");
  EXPECT_EQ(refusal(atomWithEntries(100000), CapFeedLimits{}), "InvalidCap: feed: more than 1000 entry elements");
}

TEST(CapFeed, AnEmbeddedAlertOverTheCapLimitIsLeftOutNotTheWholeFeed) {
  CapFeedLimits limits;
  limits.maxCapBytes = 1024;
  auto feed = parseCapFeed(fixture("feed-atom-linked-and-embedded.xml"), kObservatoryFeed, limits);
  ASSERT_EQ(feed.entries.size(), 1u);  // the linked one
  EXPECT_NE(feed.skipped.at(0).find("embedded alert of"), std::string::npos) << feed.skipped.at(0);
}

TEST(CapFeed, ALinkedDocumentMustBeCap) {
  EXPECT_NO_THROW(requireCapDocument(fixture("observatory-rainstorm-orange-alert.xml"), 1 << 20));
  auto why = [](const std::string& xml) {
    try {
      requireCapDocument(xml, 1 << 20);
    } catch (const EocError& e) {
      return e.detail();
    }
    return std::string("accepted");
  };
  EXPECT_NE(why("<html><body>Not found</body></html>").find("not CAP: its root is <html>"), std::string::npos);
  EXPECT_NE(why("<!DOCTYPE html><html></html>").find("DOCTYPE"), std::string::npos);
  EXPECT_NE(why("{\"alert\": true}").find("not well-formed"), std::string::npos);
  EXPECT_NE(why(fixture("wrong-namespace-cap-1.1.xml")).find("urn:oasis:names:tc:emergency:cap:1.1"),
            std::string::npos);
}

TEST(CapFeed, LinksResolveAgainstTheFeedAndOnlyHttpSurvives) {
  const std::string base = "https://a.example.invalid/dir/feed.xml?page=2";
  const std::vector<std::pair<std::string, std::string>> table{
      {"https://b.example.invalid/x.xml", "https://b.example.invalid/x.xml"},
      {"HTTP://b.example.invalid/x.xml", "HTTP://b.example.invalid/x.xml"},
      {"//c.example.invalid/y.xml", "https://c.example.invalid/y.xml"},
      {"/root.xml", "https://a.example.invalid/root.xml"},
      {"cap/1.xml", "https://a.example.invalid/dir/cap/1.xml"},
      {"?page=3", "https://a.example.invalid/dir/feed.xml?page=3"},
      {"  cap/2.xml\n", "https://a.example.invalid/dir/cap/2.xml"},
      {"file:///etc/passwd", ""},
      {"javascript:alert(1)", ""},
      {"ftp://a.example.invalid/x.xml", ""},
      {"#top", ""},
      {"cap/with space.xml", ""},
      {"", ""},
      // No host, no server to ask (found by the cap_feed fuzz target).
      {"https:/b.example.invalid/x.xml", ""},
      {"https:///x.xml", ""},
      {"http:x.xml", ""},
      {"//", ""},
  };
  for (const auto& [ref, want] : table) EXPECT_EQ(resolveHttpUrl(base, ref), want) << ref;
  EXPECT_EQ(resolveHttpUrl("https://a.example.invalid", "x.xml"), "https://a.example.invalid/x.xml");
  EXPECT_EQ(resolveHttpUrl("file:///feeds/x.atom", "x.xml"), "");  // only an http(s) feed has relatives
}

}  // namespace
}  // namespace eoc::warnings::cap_feed_test
