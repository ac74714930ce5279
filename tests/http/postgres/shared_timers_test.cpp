// Timers fire once across eoc instances sharing one PostgreSQL store (docs/store-backends.md §7):
// two real eoc services on one schema, on the same manual clock, fire the ack-deadline escalation
// and the warning expiry at the same moment. Each firing is a conditional write in the store, so
// one instance's write takes effect and only that instance publishes the event; the other finds
// the work done. Every instance also runs its own one-second broadcast tick meanwhile, as in
// production.
#include <gtest/gtest.h>

#include <barrier>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broadcast/event_hub.hpp"
#include "core/time.hpp"
#include "postgres/shared_schema.hpp"
#include "support/manual_clock.hpp"
#include "service/broadcast_service.hpp"
#include "service/exercise_warnings.hpp"
#include "service/warnings_service.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::shared_timers_test {
namespace {

using nlohmann::json;

// How many distinct events of `type` either instance has published since `afterA`/`afterB`. Events
// cross instances (one global sequence, docs/store-backends.md §7), so the winner's event may
// also be in the other's hub by now: counted once, by its id.
size_t published(TestServer& a, uint64_t afterA, TestServer& b, uint64_t afterB, const std::string& type) {
  std::set<uint64_t> ids;
  for (auto [server, after] : {std::pair{&a, afterA}, std::pair{&b, afterB}})
    for (const auto& e : server->service().events().read(after, broadcast::EventFilter{"", true}, 100000).events)
      if (e.event.type == type) ids.insert(e.id);
  return ids.size();
}

// Runs f(a) and f(b) on two threads released at the same instant.
template <class F>
void together(TestServer& a, TestServer& b, F f) {
  std::barrier start(2);
  std::thread ta([&] {
    start.arrive_and_wait();
    f(a);
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    f(b);
  });
  ta.join();
  tb.join();
}

// Two real eoc services on one schema, moved together by one manual clock.
class SharedTimers : public ::testing::Test {
 protected:
  SharedSchema schema;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(SystemTimeSource().now());
  Instance instanceA{schema.instance(), clock};
  Instance instanceB{schema.instance(), clock};
  TestServer& a = instanceA.server();
  TestServer& b = instanceB.server();
};

TEST_F(SharedTimers, TwoInstancesFiringTogetherEscalateOnceAndExpireOnce) {

  // Issued on A, for two committees (in-app recipients, each with an ack deadline).
  auto officer = a.token(Role::DutyOfficer, "", "王值班");
  httplib::Headers auth = {{"Authorization", "Bearer " + officer}};
  json body = {{"type", "rainstorm"},
               {"level", "orange"},
               {"status", "Exercise"},
               {"area", {{"committees", {"650103001", "650103002"}}}},
               {"onset", formatBeijing(clock->now())},
               {"expires", formatBeijing(clock->now() + std::chrono::hours(6))}};
  auto drafted = a.client().Post("/warnings", auth, body.dump(), "application/json");
  ASSERT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
  const std::string id = json::parse(drafted->body)["id"];
  auto issued = a.client().Post("/warnings/" + id + "/issue", auth, "", "application/json");
  ASSERT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "no answer");
  // One committee acknowledges on B: only the other one escalates.
  auto ack = b.client().Post("/warnings/" + id + "/ack",
                             {{"Authorization", "Bearer " + b.token(Role::Committee, "650103001", "钱")}}, "{}",
                             "application/json");
  ASSERT_TRUE(ack && ack->status == 200) << (ack ? ack->body : "no answer");

  const uint64_t beforeA = a.service().events().lastId();
  const uint64_t beforeB = b.service().events().lastId();
  // Past the orange ack deadline (600 s): both instances' timers fire at once, three times over.
  clock->advance(std::chrono::seconds(601));
  for (int round = 0; round < 3; ++round)
    together(a, b, [&](TestServer& s) { s.service().broadcast().runDue(clock->now()); });
  EXPECT_EQ(published(a, beforeA, b, beforeB, "escalation.raised"), 1u);
  auto escalations = a.client().Get("/escalations", auth);
  ASSERT_TRUE(escalations && escalations->status == 200) << (escalations ? escalations->body : "no answer");
  auto list = json::parse(escalations->body)["escalations"];
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["recipient"], "650103002");
  EXPECT_EQ(list[0]["repeats"], 0);

  // Its repeat falls due: repeated once, by one instance.
  clock->advance(std::chrono::seconds(a.config().broadcast.escalationRepeat + 1));
  together(a, b, [&](TestServer& s) { s.service().broadcast().runDue(clock->now()); });
  EXPECT_EQ(published(a, beforeA, b, beforeB, "escalation.repeated"), 1u);
  list = json::parse(a.client().Get("/escalations", auth)->body)["escalations"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["repeats"], 1);

  // Past the expiry: both instances expire at once; one write takes effect, one event.
  clock->advance(std::chrono::hours(6));
  std::vector<std::string> expiredByA, expiredByB;
  together(a, b, [&](TestServer& s) {
    (&s == &a ? expiredByA : expiredByB) = s.service().warnings().expireDue(clock->now());
  });
  EXPECT_EQ(expiredByA.size() + expiredByB.size(), 1u);
  EXPECT_EQ(published(a, beforeA, b, beforeB, "warning.expired"), 1u);
  auto warning = b.client().Get("/warnings/" + id, auth);
  ASSERT_TRUE(warning && warning->status == 200);
  EXPECT_EQ(json::parse(warning->body)["state"], "expired");
  EXPECT_TRUE(a.service().warnings().expireDue(clock->now()).empty()) << "expired once, not again";
}

TEST_F(SharedTimers, TwoInstancesFiringOneDrillsWarningInjectTogetherIssueOneExerciseWarning) {
  const Principal controller{Role::DutyOfficer, "", "演练控制员", ""};
  auto db = schema.connection();
  // Five drills, each one's warning inject fired by both instances at the same instant: a race
  // lost by the check-then-draft of old shows up in one round or another.
  for (int round = 0; round < 5; ++round) {
    const std::string drill = "D" + std::to_string(round);
    service::ExerciseWarning exercise{drill, "rainstorm", "yellow", {"650103003"}, clock->now(),
                                      clock->now() + std::chrono::hours(6), "【演练】暴雨内涝"};
    std::string byA, byB;
    together(a, b, [&](TestServer& s) {
      try {
        (&s == &a ? byA : byB) = s.service().warnings().issueExercise(controller, exercise, "drill:" + drill);
      } catch (const std::exception& e) {
        ADD_FAILURE() << drill << " on " << (&s == &a ? "A" : "B") << ": " << e.what();
      }
    });
    EXPECT_EQ(byA, byB) << drill << ": both instances name the one warning";
    auto count = [&](const std::string& sql) {
      auto statement = db.prepare(sql);
      statement.bind(1, drill);
      EXPECT_TRUE(statement.step());
      return statement.int64(0);
    };
    EXPECT_EQ(count("SELECT count(*) FROM warnings WHERE body_json::jsonb ->> 'drill_id' = $1"), 1)
        << drill << ": one exercise warning, not one per instance";
    EXPECT_EQ(count("SELECT count(*) FROM warning_messages m JOIN warnings w ON w.id = m.warning_id "
                    "WHERE w.body_json::jsonb ->> 'drill_id' = $1"),
              1)
        << drill << ": issued once";
    EXPECT_EQ(b.service().warnings().issuedFor(drill), byA);
  }
}

// Message identifiers come from each process's own sequence (ten a second); two instances issuing
// at the same second would draw the same one. The one that finds it taken draws the next.
TEST_F(SharedTimers, TwoInstancesIssuingDifferentWarningsInTheSameSecondGiveEachMessageItsOwnIdentifier) {
  const Principal officer{Role::DutyOfficer, "", "王值班", ""};
  std::set<std::string> identifiers;
  for (int round = 0; round < 5; ++round) {
    std::string idA, idB;
    together(a, b, [&](TestServer& s) {
      try {
        warnings::DraftRequest request;
        request.type = "rainstorm";
        request.level = "blue";
        request.status = warnings::WarningStatus::Exercise;
        request.area.committees = {"650103001"};
        request.onset = clock->now();
        request.expires = clock->now() + std::chrono::hours(6);
        auto drafted = s.service().warnings().draft(officer, request, "r");
        auto issued = s.service().warnings().issue(officer, warnings::IssueRequest{drafted.warning.id}, "r");
        (&s == &a ? idA : idB) = issued.warning.messages.back().identifier;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "round " << round << " on " << (&s == &a ? "A" : "B") << ": " << e.what();
      }
    });
    EXPECT_NE(idA, idB) << "round " << round;
    identifiers.insert(idA);
    identifiers.insert(idB);
  }
  EXPECT_EQ(identifiers.size(), 10u) << "every message its own identifier, none lost to a 409";
}

}  // namespace
}  // namespace eoc::testing::shared_timers_test
