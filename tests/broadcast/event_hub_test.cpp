// The event history behind GET /events: resuming after an id loses nothing the history still
// holds, says "gap" when it no longer does, and filters by committee.
#include <gtest/gtest.h>

#include <thread>

#include "broadcast/event_hub.hpp"
#include "core/time.hpp"
#include "store/sqlite/store.hpp"
#include "support/temp_dir.hpp"

namespace eoc::broadcast::event_hub_test {
namespace {

Event event(const std::string& type, const std::string& committee, int n) {
  return Event{type, committee, false, {{"n", n}}};
}

TEST(EventHub, ResumingFromAnyIdReturnsEveryLaterEventInOrder) {
  EventHub hub(100);
  for (int i = 0; i < 50; ++i) hub.publish(event("warning.issued", "", i));
  for (uint64_t resume = 0; resume <= 50; resume += 7) {
    auto r = hub.read(resume, {});
    ASSERT_EQ(r.events.size(), 50 - resume);
    EXPECT_FALSE(r.gap);
    for (size_t k = 0; k < r.events.size(); ++k) EXPECT_EQ(r.events[k].id, resume + 1 + k);
  }
}

TEST(EventHub, AResumePointOlderThanTheHistoryIsReportedAsAGap) {
  EventHub hub(10);
  for (int i = 0; i < 30; ++i) hub.publish(event("delivery.acked", "", i));
  auto r = hub.read(5, {});
  EXPECT_TRUE(r.gap);
  EXPECT_FALSE(hub.read(20, {}).gap);
  EXPECT_EQ(hub.read(20, {}).events.size(), 10u);
}

TEST(EventHub, ACommitteeFilterKeepsItsOwnAndDistrictWideEvents) {
  EventHub hub(100);
  hub.publish(event("delivery.acked", "650103001", 1));
  hub.publish(event("delivery.acked", "650103002", 2));
  hub.publish(event("team.status", "", 3));
  auto r = hub.read(0, EventFilter{"650103001"});
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].event.data["n"], 1);
  EXPECT_EQ(r.events[1].event.data["n"], 3);
  EXPECT_EQ(r.lastId, 3u);
}

TEST(EventHub, AWaitingReaderWakesOnPublishAndOnClose) {
  EventHub hub(100);
  std::thread publisher([&] { hub.publish(event("warning.issued", "", 1)); });
  auto r = hub.waitFor(0, {}, std::chrono::seconds(10));
  publisher.join();
  ASSERT_EQ(r.events.size(), 1u);
  std::thread closer([&] { hub.close(); });
  auto after = hub.waitFor(r.lastId, {}, std::chrono::seconds(10));
  closer.join();
  EXPECT_TRUE(after.events.empty());
  EXPECT_TRUE(hub.closed());
}

// Journal mode, on the SQLite build of the portable journal (one process: no watch). What holds
// across instances on PostgreSQL is tested with two eoc servers in tests/http/postgres/.
class JournaledHub : public ::testing::Test {
 protected:
  JournaledHub() : store_(store::sqlite::open(dir_.path(), clock_)) {}
  eoc::testing::TempDir dir_;
  SystemTimeSource clock_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(JournaledHub, IdsAreTheJournalsSequenceAndContinueAfterARestart) {
  {
    EventHub hub(100);
    hub.useJournal(store_->events());
    for (int i = 0; i < 3; ++i) hub.publish(event("warning.issued", "", i));
    EXPECT_EQ(hub.lastId(), 3u);
    EXPECT_EQ(store_->events().lastSeq(), 3);
  }
  EventHub again(100);
  again.useJournal(store_->events());
  EXPECT_EQ(again.lastId(), 3u);
  again.publish(event("warning.updated", "", 3));
  auto r = again.read(0, {});
  ASSERT_EQ(r.events.size(), 4u);  // the first three from the journal, the fourth from the history
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(r.events[k].id, k + 1);
    EXPECT_EQ(r.events[k].event.data["n"], int(k));
  }
  EXPECT_EQ(r.events[3].event.type, "warning.updated");
}

TEST_F(JournaledHub, AReaderBehindTheHistoryIsAnsweredFromTheJournalInOrderAndFiltered) {
  EventHub hub(5);
  hub.useJournal(store_->events());
  for (int i = 0; i < 30; ++i) hub.publish(event("delivery.acked", i % 3 == 0 ? "650103001" : "650103002", i));
  // The history holds 26..30; a reader at 10 gets 11.. from the journal, then the history.
  std::vector<int> seen;
  uint64_t after = 10;
  for (int round = 0; round < 10 && after < 30; ++round) {
    auto r = hub.waitFor(after, EventFilter{"650103001"}, std::chrono::milliseconds(0), 4);
    EXPECT_FALSE(r.gap);
    for (const auto& e : r.events) seen.push_back(e.event.data["n"]);
    ASSERT_GT(r.lastId, after);
    after = r.lastId;
  }
  std::vector<int> expected;
  for (int i = 10; i < 30; ++i)
    if (i % 3 == 0) expected.push_back(i);
  EXPECT_EQ(seen, expected);
}

TEST_F(JournaledHub, EventsPrunedFromTheJournalAreReportedAsAGap) {
  EventHub hub(5);
  hub.useJournal(store_->events());
  for (int i = 0; i < 20; ++i) hub.publish(event("team.status", "", i));
  const int64_t nowMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count();
  EXPECT_EQ(store_->events().prune(nowMs - 3600 * 1000, 10), 10);  // keeps the newest ten
  auto r = hub.read(3, {});
  EXPECT_TRUE(r.gap);
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front().id, 11u);
  EXPECT_FALSE(hub.read(10, {}).gap);
  EXPECT_EQ(store_->events().prune(nowMs + 1, 1000), 10);  // everything older than now goes
}

TEST_F(JournaledHub, TheRendererWritesTypedPayloadsAsTheEdgeStreamsThem) {
  EventHub hub(100);
  hub.useJournal(store_->events());
  hub.setRenderer([](const Event& e) { return nlohmann::json{{"rendered", e.type}}; });
  hub.publish(Event{"stock.movement", "", false, {}, false, std::make_shared<const int>(7)});
  auto rows = store_->events().after(0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(rows[0].data), (nlohmann::json{{"rendered", "stock.movement"}}));
  EXPECT_EQ(hub.read(0, {}).events.at(0).event.data["rendered"], "stock.movement");
}

}  // namespace
}  // namespace eoc::broadcast::event_hub_test
