// The service's webhook POST on the outbound client: https with a configured extra CA.
#include <gtest/gtest.h>

#include <future>

#include "broadcast/webhook_client.hpp"
#include "support/channel_env.hpp"

namespace eoc::testing {
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

}  // namespace
}  // namespace eoc::testing
