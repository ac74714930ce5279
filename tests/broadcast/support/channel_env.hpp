#pragma once
// What the channel tests share: an io_context on two threads (like the service's background pool),
// a test CA with a loopback server certificate, a sender trusting that CA, a typical warning
// message, and "send and wait for the verdict" with a deadline.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "broadcast/channels/sender.hpp"
#include "support/harness.hpp"
#include "fake_http_server.hpp"
#include "test_pki.hpp"

namespace eoc::testing {

class IoThreads {
 public:
  IoThreads();
  ~IoThreads();
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<std::thread> threads_;
};

struct ChannelEnv {
  TempDir scratch;
  IoThreads threads;
  fakes::TestPki pki;
  std::shared_ptr<net::HttpClient> client;
  std::unique_ptr<broadcast::channels::ChannelSender> sender;
  ChannelEnv();
  ~ChannelEnv();
  fakes::TlsFiles tls() const { return {pki.serverCert, pki.serverKey}; }
  // Sends and waits (at most 20 s) for the verdict.
  broadcast::channels::Verdict send(const broadcast::channels::Channel& channel,
                                    const broadcast::channels::ChannelMessage& message, bool recipientDrills = true,
                                    broadcast::channels::RenderContext ctx = {});
};

// An orange rainstorm warning for committee 650103001, Actual, with an ack link.
broadcast::channels::ChannelMessage rainstormWarning(const std::string& deliveryId = "d-0001");
broadcast::channels::ChannelMessage drillOf(broadcast::channels::ChannelMessage m);
// A channel from one JSON entry (through the recipients parser's channel validation).
broadcast::channels::Channel channelFrom(const std::string& json, bool drills = true);

}  // namespace eoc::testing
