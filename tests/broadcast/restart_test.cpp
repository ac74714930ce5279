// kill -9 of the process between the commit of the outbox and the delivery: a restarted service
// delivers every recorded delivery, each exactly once, with the recorded webhook ids.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "receiver.hpp"
#include "store/delivery_repository.hpp"
#include "support/harness.hpp"

namespace eoc::testing::restart_test {
namespace {

broadcast::RecipientList recipientsAt(int port, size_t n) {
  nlohmann::json doc = {{"recipients", nlohmann::json::array()}};
  for (size_t i = 1; i <= n; ++i)
    doc["recipients"].push_back(
        {{"code", committeeCode(i)},
         {"webhook",
          {{"url", "http://127.0.0.1:" + std::to_string(port) + "/hook/" + committeeCode(i)}, {"secret", kSecret}}}});
  return broadcast::parseRecipients(doc.dump(), "test", committeeLayer(n));
}

TEST(Restart, DeliveriesCommittedBeforeAKillAreAllDeliveredAfterRestartExactlyOnce) {
  TempDir dir;
  // Reserve a port for the receiver, then close it so nothing is delivered before the kill.
  int port;
  {
    tools::Receiver probe("");
    port = probe.up();
  }
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The "eoc" that dies: commits the outbox, then SIGKILL before any delivery can start.
    {
      Harness h(dir.path(), recipientsAt(port, 18), Config{}, /*start=*/false);
      h.issue("w1", [] {
        std::vector<std::string> all;
        for (size_t i = 1; i <= 18; ++i) all.push_back(committeeCode(i));
        return all;
      }());
      ::raise(SIGKILL);
    }
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  tools::Receiver receiver(kSecret);
  receiver.up(port);
  Harness restarted(dir.path(), recipientsAt(port, 18));  // start() resumes what is pending
  ASSERT_TRUE(receiver.waitForArrivals(18, std::chrono::seconds(20)));
  ASSERT_TRUE(restarted.service->waitIdle(std::chrono::seconds(20)));

  store::DeliveryRepository& repo = restarted.store->deliveries();
  std::set<std::string> recorded;
  std::set<std::string> retried;  // a loaded machine may refuse a first connection: a retry is fine
  for (const auto& d : repo.deliveries("w1")) {
    recorded.insert(d.id);
    EXPECT_EQ(d.state, "delivered");
    EXPECT_GE(d.attempts, 1);
    if (d.attempts > 1) retried.insert(d.id);
  }
  std::set<std::string> arrived;
  for (const auto& a : receiver.arrivals()) {
    EXPECT_TRUE(a.signatureValid);
    // A second arrival of the same webhook-id can only come from a recorded retry.
    if (a.duplicate) {
      EXPECT_TRUE(retried.count(a.webhookId)) << a.webhookId;
    }
    arrived.insert(a.webhookId);
  }
  EXPECT_EQ(recorded.size(), 18u);
  EXPECT_EQ(arrived, recorded);
}

}  // namespace
}  // namespace eoc::testing::restart_test
