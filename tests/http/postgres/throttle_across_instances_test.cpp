// Rate limits hold across eoc instances sharing one PostgreSQL store (docs/store-backends.md §7,
// "Throttles across instances").
//
// The per-token write limit of the HTTP edge: one token's writes spread over two instances get
// the burst together, not a burst each.
//
// A vendor's limit: two real eoc services on one schema
// and one manual clock both send to the same DingTalk robot — the vendor fake, which answers
// 130101 and blocks the robot for ten minutes past 20 messages a minute. Warnings are issued
// alternately on A and B, one a second; every instance runs its own broadcast tick. The robot
// never sees more than 20 in any minute, never answers 130101, and no warning is lost: those
// that had to wait go out, coalesced, once the window has room.
#include <gtest/gtest.h>

#include <barrier>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "dingtalk_fake.hpp"
#include "postgres/shared_schema.hpp"
#include "service/broadcast_service.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::throttle_across_instances_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "SEC7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1";

// One broadcast tick on both instances at the same instant, then until both are idle.
void tickBoth(TestServer& a, TestServer& b, TimePoint now) {
  std::barrier start(2);
  auto run = [&](TestServer& s) {
    start.arrive_and_wait();
    s.service().broadcast().runDue(now);
  };
  std::thread ta([&] { run(a); });
  std::thread tb([&] { run(b); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.service().broadcast().waitIdle(20s));
  ASSERT_TRUE(b.service().broadcast().waitIdle(20s));
}

TEST(ThrottleAcrossInstances, TwoInstancesSendingToOneDingTalkRobotKeepItsTwentyAMinuteAndLoseNothing) {
  SharedSchema schema;
  auto clock = std::make_shared<ManualClock>(SystemTimeSource().now());
  fakes::DingTalkFake robot("t-shared", kSecret, std::nullopt, [clock] {
    return std::chrono::system_clock::time_point(clock->now().time_since_epoch());
  });
  robot.start();
  TempDir dir;
  const auto recipientsFile = dir.path() / "recipients.json";
  std::ofstream(recipientsFile) << json{{"recipients",
                                         {{{"code", "650103001"},
                                           {"drills", true},
                                           {"channels", {{{"kind", "dingtalk"}, {"url", robot.robotUrl()},
                                                          {"secret", kSecret}}}}}}}}
                                       .dump();
  auto configFor = [&] {
    Config config = schema.instance();  // a data dir of its own, the shared schema
    config.broadcast.recipientsFile = recipientsFile;
    config.broadcast.ackDeadlineOrange = 3600;  // no escalation re-sends within the test's minutes
    config.publicBaseUrl = "https://eoc.example";
    return config;
  };
  Instance instanceA(configFor(), clock), instanceB(configFor(), clock);
  TestServer& a = instanceA.server();
  TestServer& b = instanceB.server();
  const std::string officerA = a.token(Role::DutyOfficer, "", "王值班");
  const std::string officerB = b.token(Role::DutyOfficer, "", "李值班");

  // 30 warnings in 30 s, alternately on A and B.
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) {
    TestServer& on = i % 2 ? b : a;
    httplib::Headers auth = {{"Authorization", "Bearer " + (i % 2 ? officerB : officerA)}};
    json body = {{"type", "rainstorm"},
                 {"level", "orange"},
                 {"status", "Exercise"},
                 {"area", {{"committees", {"650103001"}}}},
                 {"onset", formatBeijing(clock->now())},
                 {"expires", formatBeijing(clock->now() + std::chrono::hours(6))}};
    auto drafted = on.client().Post("/warnings", auth, body.dump(), "application/json");
    ASSERT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
    ids.push_back(json::parse(drafted->body)["id"]);
    auto issued = on.client().Post("/warnings/" + ids.back() + "/issue", auth, "", "application/json");
    ASSERT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "no answer");
    clock->advance(1s);
    tickBoth(a, b, clock->now());
  }
  // Time runs on, a tick a second, until the window has let the waiting ones through.
  for (int s = 0; s < 150; ++s) {
    clock->advance(1s);
    tickBoth(a, b, clock->now());
  }

  EXPECT_EQ(robot.count(130101), 0u);
  const auto accepted = robot.accepted();
  for (size_t i = 20; i < accepted.size(); ++i)
    EXPECT_GE(accepted[i].at - accepted[i - 20].at, 60s) << "messages " << i - 20 << " and " << i;
  EXPECT_GE(accepted.size(), 21u) << "the window let 20 through, then the waiting ones";
  EXPECT_LT(accepted.size(), 30u) << "those that waited went out coalesced";
  // Nothing lost: every warning is recorded delivered on the robot, whichever instance sent it.
  httplib::Headers auth = {{"Authorization", "Bearer " + officerA}};
  for (const auto& id : ids) {
    auto report = a.client().Get("/warnings/" + id + "/deliveries", auth);
    ASSERT_TRUE(report && report->status == 200) << (report ? report->body : "no answer");
    auto r = json::parse(report->body);
    ASSERT_EQ(r["recipients"].size(), 1u) << r.dump();
    EXPECT_EQ(r["recipients"][0]["channels"]["dingtalk"]["state"], "delivered") << id << ": " << r.dump();
  }
}

TEST(ThrottleAcrossInstances, OneTokensWritesSpreadOverTwoInstancesShareOneBurst) {
  SharedSchema schema;
  auto configFor = [&] {
    Config config = schema.instance();
    config.limits.writesPerMinutePerToken = 1;  // a refill a minute: at most one during this test
    config.limits.writeBurstPerToken = 5;
    return config;
  };
  Instance instanceA(configFor()), instanceB(configFor());
  TestServer& a = instanceA.server();
  TestServer& b = instanceB.server();
  const std::string flood = a.token(Role::DutyOfficer, "", "flood");
  const std::string other = b.token(Role::DutyOfficer, "", "other");
  httplib::Headers floodAuth{{"Authorization", "Bearer " + flood}};
  int accepted = 0, limited = 0;
  for (int i = 0; i < 20; ++i) {
    TestServer& on = i % 2 ? b : a;
    auto res = on.client().Post("/incidents", floodAuth, "{}", "application/json");
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      EXPECT_FALSE(res->get_header_value("Retry-After").empty());
      EXPECT_NE(res->get_header_value("Content-Type").find("application/problem+json"), std::string::npos);
      EXPECT_NE(res->body.find("\"TooManyRequests\""), std::string::npos) << res->body;
    } else {
      ++accepted;
    }
  }
  // Each instance alone would have let 5 through (10 in all); together they let the one burst
  // through, plus at most the one refill of a minute.
  EXPECT_GE(accepted, 5);
  EXPECT_LE(accepted, 6);
  EXPECT_EQ(accepted + limited, 20);
  // Another token, on either instance, still writes; reads of the flooding token still answer.
  for (TestServer* on : {&a, &b}) {
    auto res = on->client().Post("/incidents", {{"Authorization", "Bearer " + other}}, "{}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_NE(res->status, 429) << res->body;
    auto read = on->client().Get("/incidents", floodAuth);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, 200) << read->body;
  }
}

}  // namespace
}  // namespace eoc::testing::throttle_across_instances_test
