// Relief stock on two eoc instances sharing one PostgreSQL database: a movement on one is seen by
// the other (its levels follow the shared event journal), and an issue is checked against the
// ledger inside its transaction, so stock never goes below zero whichever instance wrote the
// earlier movement — also when both issue the last units at the same moment.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "postgres/shared_schema.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::stock_across_instances_test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

int post(TestServer& server, const std::string& token, const json& body, std::string* answer = nullptr) {
  auto res = server.client().Post("/stock/movements", {{"Authorization", "Bearer " + token}}, body.dump(),
                                  "application/json");
  if (!res) return 0;
  if (answer) *answer = res->body;
  return res->status;
}

long long onHand(TestServer& server, const std::string& token, const std::string& warehouse, const std::string& item) {
  auto res = server.client().Get("/stock/" + warehouse, {{"Authorization", "Bearer " + token}});
  if (!res || res->status != 200) return -1;
  const json body = json::parse(res->body);  // kept: a range-for over a temporary's member dangles
  for (const auto& h : body["items"])
    if (h["item"] == item) return h["on_hand"].get<long long>();
  return 0;
}

// Waits (bounded) until `server` shows `expected` on hand; returns what it showed last.
long long awaitOnHand(TestServer& server, const std::string& token, long long expected) {
  auto deadline = Clock::now() + std::chrono::seconds(20);
  long long seen = onHand(server, token, "R01", "tent");
  while (seen != expected && Clock::now() < deadline) {
    std::this_thread::yield();
    seen = onHand(server, token, "R01", "tent");
  }
  return seen;
}

json issue(long long quantity) {
  return {{"kind", "issue"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", quantity}, {"to", "S01"}};
}

TEST(StockAcrossInstances, MovementsOnOneInstanceAreSeenByTheOtherAndNeverTakeStockBelowZero) {
  SharedSchema schema;
  Instance a(schema), b(schema);
  auto duty = a.server().token(Role::DutyOfficer, "", "王值班");
  auto viewer = a.server().token(Role::Viewer, "", "大屏");
  ASSERT_EQ(post(a.server(), duty, {{"kind", "receive"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 10}}), 201);
  EXPECT_EQ(awaitOnHand(b.server(), viewer, 10), 10);  // B learnt of A's receipt

  std::string answer;
  ASSERT_EQ(post(b.server(), duty, issue(7), &answer), 201) << answer;
  // A checks against the ledger, not against what it last heard: 3 left, whatever A shows.
  EXPECT_EQ(post(a.server(), duty, issue(5), &answer), 409) << answer;
  EXPECT_NE(answer.find("InsufficientStock"), std::string::npos) << answer;
  EXPECT_EQ(awaitOnHand(a.server(), viewer, 3), 3);

  // Both instances issue the last 3 at once: exactly one may.
  int statusA = 0, statusB = 0;
  std::thread onA([&] { statusA = post(a.server(), duty, issue(3)); });
  std::thread onB([&] { statusB = post(b.server(), duty, issue(3)); });
  onA.join();
  onB.join();
  EXPECT_EQ((statusA == 201) + (statusB == 201), 1) << statusA << " " << statusB;
  EXPECT_EQ((statusA == 409) + (statusB == 409), 1) << statusA << " " << statusB;
  EXPECT_EQ(awaitOnHand(a.server(), viewer, 0), 0);
  EXPECT_EQ(awaitOnHand(b.server(), viewer, 0), 0);
  auto ledger = a.server().client().Get("/stock/ledger?item=tent", {{"Authorization", "Bearer " + viewer}});
  ASSERT_TRUE(ledger);
  long long sum = 0;
  const json entries = json::parse(ledger->body)["entries"];
  for (const auto& e : entries) sum += e["delta"].get<long long>();
  EXPECT_EQ(sum, 0);
}

}  // namespace
}  // namespace eoc::testing::stock_across_instances_test
