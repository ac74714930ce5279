#pragma once
// Publishing to an MQTT broker with Debian's libmosquitto: QoS 1 (done when the broker's PUBACK
// arrives), retained. One connection per broker, kept open and reconnected by the publisher's own
// network thread (poll(): any descriptor number works); publish() never blocks its caller: a
// message published while the connection is being (re)established waits in a queue and goes out
// on connect. Every publish is bounded by its timeout; a broker refusing the credentials is a
// permanent failure.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "broadcast/channels/classify.hpp"
#include "broadcast/channels/render.hpp"

namespace eoc::broadcast::channels {

class MqttPublisher {
 public:
  // `brokerUrl`: mqtt://host[:port] (1883 by default).
  MqttPublisher(const std::string& brokerUrl, const std::string& username, const std::string& password);
  ~MqttPublisher();
  MqttPublisher(const MqttPublisher&) = delete;
  MqttPublisher& operator=(const MqttPublisher&) = delete;

  // `done` runs exactly once, on the publisher's network or timer thread.
  void publish(const MqttPublish& message, std::chrono::milliseconds timeout, std::function<void(Verdict)> done);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace eoc::broadcast::channels
