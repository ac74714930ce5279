// The service's webhook POST on the outbound client: https with a configured extra CA.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>

#include "broadcast/webhook_client.hpp"
#include "support/channel_env.hpp"

namespace eoc::testing::webhook_client_test {
namespace {

TEST(WebhookClient, PostsOverVerifiedHttpsOnceTheGatewaysCaIsConfigured) {
  ChannelEnv env;
  fakes::FakeHttpServer receiver([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{202, "", ""}; }, env.tls());
  receiver.start();
  auto post = [&] {
    auto promise = std::make_shared<std::promise<broadcast::WebhookResult>>();
    auto future = promise->get_future();
    broadcast::WebhookRequest r;
    r.url = receiver.baseUrl() + "/cap";
    r.body = "<alert/>";
    broadcast::postWebhook(env.threads.io(), r, [promise](broadcast::WebhookResult w) { promise->set_value(std::move(w)); });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return future.get();
  };
  auto unknownCa = post();
  EXPECT_EQ(unknownCa.status, 0);
  EXPECT_NE(unknownCa.error.find("tls"), std::string::npos) << unknownCa.error;
  auto options = broadcast::defaultWebhookClientOptions();
  options.extraCaFile = env.pki.caCert;
  broadcast::configureWebhookClient(env.threads.io(), options);
  auto ok = post();
  EXPECT_TRUE(ok.delivered()) << ok.error;
  EXPECT_EQ(ok.status, 202);
  EXPECT_EQ(receiver.requests().back().header("content-type"), "application/cap+xml");
}

// POSTs `n` webhooks at once to `url` and waits (deadline) for every verdict.
std::vector<broadcast::WebhookResult> postMany(boost::asio::io_context& io, const std::string& url, size_t n) {
  std::vector<std::future<broadcast::WebhookResult>> futures;
  for (size_t i = 0; i < n; ++i) {
    auto promise = std::make_shared<std::promise<broadcast::WebhookResult>>();
    futures.push_back(promise->get_future());
    broadcast::WebhookRequest r;
    r.url = url;
    r.body = "<alert/>";
    r.headers = {{"webhook-id", "msg_" + std::to_string(i)}};
    broadcast::postWebhook(io, r, [promise](broadcast::WebhookResult w) { promise->set_value(std::move(w)); });
  }
  std::vector<broadcast::WebhookResult> out;
  for (auto& f : futures) {
    EXPECT_EQ(f.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    out.push_back(f.get());
  }
  return out;
}

size_t deliveredCount(const std::vector<broadcast::WebhookResult>& results) {
  size_t n = 0;
  for (const auto& r : results) n += r.delivered() ? 1 : 0;
  return n;
}

TEST(WebhookClient, ABurstToOneReceiverReusesAFewKeptAliveTlsConnections) {
  ChannelEnv env;
  fakes::FakeHttpServer receiver([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{204, "", ""}; }, env.tls());
  receiver.start();
  auto options = broadcast::defaultWebhookClientOptions();
  options.extraCaFile = env.pki.caCert;
  broadcast::configureWebhookClient(env.threads.io(), options);
  auto results = postMany(env.threads.io(), receiver.baseUrl() + "/hook", 300);
  EXPECT_EQ(deliveredCount(results), 300u);
  EXPECT_EQ(receiver.requestCount(), 300u);
  // Far fewer TCP connections than POSTs: at most the per-origin bound were ever opened.
  EXPECT_LE(receiver.connectionsAccepted(), broadcast::kWebhookConnectionsPerOrigin);
  EXPECT_GE(receiver.connectionsAccepted(), 1u);

  // The switch: without keep-alive every POST has its own connection.
  auto perPost = options;
  perPost.keepAlive = false;
  perPost.maxConnectionsPerOrigin = 4096;
  perPost.maxIdlePerOrigin = 0;
  broadcast::configureWebhookClient(env.threads.io(), perPost);
  const size_t before = receiver.connectionsAccepted();
  EXPECT_EQ(deliveredCount(postMany(env.threads.io(), receiver.baseUrl() + "/hook", 20)), 20u);
  EXPECT_EQ(receiver.connectionsAccepted() - before, 20u);
}

TEST(WebhookClient, AReceiverThatClosesIdleConnectionsLosesNoDelivery) {
  ChannelEnv env;
  fakes::FakeHttpServer receiver([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{204, "", ""}; }, env.tls());
  receiver.setIdleTimeout(std::chrono::milliseconds(100));
  receiver.start();
  auto options = broadcast::defaultWebhookClientOptions();
  options.extraCaFile = env.pki.caCert;
  broadcast::configureWebhookClient(env.threads.io(), options);
  EXPECT_EQ(deliveredCount(postMany(env.threads.io(), receiver.baseUrl() + "/hook", 40)), 40u);
  const size_t opened = receiver.connectionsAccepted();
  // The receiver closes every connection the client keeps idle …
  ASSERT_TRUE(receiver.waitForClosed(opened, std::chrono::seconds(10)));
  // … and the next burst still arrives whole, on fresh connections.
  EXPECT_EQ(deliveredCount(postMany(env.threads.io(), receiver.baseUrl() + "/hook", 40)), 40u);
  EXPECT_EQ(receiver.requestCount(), 80u);
  EXPECT_GT(receiver.connectionsAccepted(), opened);
}

TEST(WebhookClient, AConnectionClosedUnderAWrittenRequestIsRetriedOnceOnAFreshOne) {
  ChannelEnv env;
  // The receiver drops the second request of every connection without answering: the race of a
  // server's idle timeout with our reuse, made certain.
  std::atomic<int> dropped{0};
  std::mutex seenMutex;
  std::map<size_t, int> perConnection;
  fakes::FakeHttpServer receiver(
      [&](const fakes::ReceivedRequest& r) {
        std::lock_guard lock(seenMutex);
        fakes::FakeAnswer answer{204, "", ""};
        if (++perConnection[r.connection] == 2) {
          answer.drop = true;
          ++dropped;
        }
        return answer;
      },
      env.tls());
  receiver.start();
  auto options = broadcast::defaultWebhookClientOptions();
  options.extraCaFile = env.pki.caCert;
  options.maxConnectionsPerOrigin = 1;
  broadcast::configureWebhookClient(env.threads.io(), options);
  for (int i = 0; i < 4; ++i) {
    auto results = postMany(env.threads.io(), receiver.baseUrl() + "/hook", 1);
    ASSERT_TRUE(results[0].delivered()) << i << ": " << results[0].error;
  }
  EXPECT_GE(dropped.load(), 1);
  // Every webhook delivered; each dropped one arrived once more, on a connection of its own.
  EXPECT_EQ(receiver.requestCount(), size_t(4 + dropped.load()));
  EXPECT_EQ(receiver.connectionsAccepted(), size_t(1 + dropped.load()));
}

}  // namespace
}  // namespace eoc::testing::webhook_client_test
