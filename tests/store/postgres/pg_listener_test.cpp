#include "store/postgres/pg_listener.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "postgres/pg_test_support.hpp"
#include "store/postgres/pg_database.hpp"

namespace eoc::store::postgres::pg_listener_test {
namespace {

using testing::Observed;
using testing::TestSchema;

struct Heard {
  std::vector<std::string> payloads;  // "channel:payload"
  int connected = 0;
  int disconnected = 0;
};

class PgListener : public ::testing::Test {
 protected:
  PgListener() : db_(schema_.url(), schema_.database(2)) {}

  // Channels are per database, not per schema: each test listens on its own names.
  std::string channel(const std::string& base) const { return base + "_" + schema_.name(); }

  std::unique_ptr<Listener> listen(std::vector<std::string> channels) {
    ListenerOptions options;
    options.connect = schema_.connect();
    options.minBackoff = std::chrono::milliseconds(20);
    options.pingInterval = std::chrono::milliseconds(500);
    ListenerCallbacks callbacks;
    callbacks.onConnected = [this] { heard_.update([](Heard& h) { ++h.connected; }); };
    callbacks.onDisconnected = [this](const std::string&) { heard_.update([](Heard& h) { ++h.disconnected; }); };
    callbacks.onNotification = [this](const Notification& n) {
      heard_.update([&](Heard& h) { h.payloads.push_back(n.channel.substr(0, n.channel.find('_')) + ":" + n.payload); });
    };
    return std::make_unique<Listener>(schema_.url(), std::move(channels), callbacks, options);
  }

  void send(const std::string& channel, const std::string& payload) {
    db_.write([&](Transaction& tx) { tx.notify(channel, payload); });
  }

  TestSchema schema_;
  Database db_;
  Observed<Heard> heard_;
};

TEST_F(PgListener, CommittedNotificationsArriveInOrderAndRolledBackOnesNever) {
  auto listener = listen({channel("events"), channel("outbox")});
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) { return h.connected == 1; }));
  send(channel("events"), "1");
  EXPECT_THROW(db_.write([&](Transaction& tx) {
                 tx.notify(channel("events"), "rolled-back");
                 throw EocError(ErrorCode::Conflict, "abandon");
               }),
               EocError);
  db_.write([&](Transaction& tx) {
    tx.notify(channel("events"), "2");
    tx.notify(channel("outbox"), "d42");
  });
  send(channel("unheard"), "x");
  send(channel("events"), "3");
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) { return h.payloads.size() >= 4; }));
  EXPECT_EQ(heard_.get().payloads, (std::vector<std::string>{"events:1", "events:2", "outbox:d42", "events:3"}));
}

TEST_F(PgListener, ALostConnectionIsReportedReconnectedAndToldAsAGap) {
  auto listener = listen({channel("events")});
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) { return h.connected == 1; }));
  const int firstPid = listener->backendPid();
  ASSERT_GT(firstPid, 0);
  {
    Connection admin(schema_.url());
    admin.prepare("SELECT pg_terminate_backend(?1)").bind(1, firstPid).run();
  }
  // Sent while the listener may be away: it must either hear it or be told to look (a gap).
  send(channel("events"), "during");
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) { return h.disconnected >= 1 && h.connected >= 2; }));
  EXPECT_NE(listener->backendPid(), firstPid);
  send(channel("events"), "after");
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) {
    return !h.payloads.empty() && h.payloads.back() == "events:after";
  }));
  EXPECT_TRUE(listener->connected());
}

TEST_F(PgListener, AnUnreachableServerIsRetriedUntilStoppedAndStoppingIsPrompt) {
  ListenerOptions options;
  options.minBackoff = std::chrono::milliseconds(10);
  options.maxBackoff = std::chrono::milliseconds(40);
  ListenerCallbacks callbacks;
  callbacks.onDisconnected = [this](const std::string&) { heard_.update([](Heard& h) { ++h.disconnected; }); };
  auto listener = std::make_unique<Listener>("postgresql://eoc@127.0.0.1:1/eoc_test", std::vector<std::string>{"x"},
                                             callbacks, options);
  ASSERT_TRUE(heard_.waitUntil([](const Heard& h) { return h.disconnected >= 3; }));
  EXPECT_FALSE(listener->connected());
  auto start = std::chrono::steady_clock::now();
  listener.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(PgListenerChannels, ChannelNamesAreIdentifiersOnly) {
  EXPECT_THROW(Listener("postgresql://eoc@127.0.0.1:1/x", {"bad name; DROP TABLE audit"}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace eoc::store::postgres::pg_listener_test
