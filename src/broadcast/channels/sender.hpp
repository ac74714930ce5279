#pragma once
// One attempt on one channel: render the message for the vendor, send it (HTTPS through the shared
// outbound client, MQTT through a publisher per broker), classify the answer. The broadcast service
// decides what to do with the verdict (record, retry, back off, escalate); the per-destination
// queue (rate_limit.hpp) decides when an attempt may start.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "broadcast/channels/classify.hpp"
#include "broadcast/channels/mqtt_publisher.hpp"
#include "broadcast/channels/render.hpp"
#include "net/http_client.hpp"

namespace eoc::broadcast::channels {

class ChannelSender {
 public:
  // `client`: the outbound HTTP client; null: the io_context's shared client.
  explicit ChannelSender(boost::asio::io_context& io, std::shared_ptr<net::HttpClient> client = nullptr);
  ~ChannelSender();

  // `done` runs exactly once, never on the caller's stack: on an io_context thread, or on the
  // MQTT publisher's thread. A message the channel must not carry (drill to a non-drill recipient)
  // is a permanent failure with code "refused".
  void send(const Channel& channel, const ChannelMessage& message, bool recipientDrills, const RenderContext& ctx,
            std::function<void(Verdict)> done);

 private:
  MqttPublisher& publisherFor(const MqttPublish& p);
  boost::asio::io_context& io_;
  std::shared_ptr<net::HttpClient> client_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<MqttPublisher>> publishers_;  // by broker URL and login
};

}  // namespace eoc::broadcast::channels
