// The event history behind GET /events: resuming after an id loses nothing the history still
// holds, says "gap" when it no longer does, and filters by committee.
#include <gtest/gtest.h>

#include <thread>

#include "broadcast/event_hub.hpp"

namespace eoc::broadcast {
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

}  // namespace
}  // namespace eoc::broadcast
