#pragma once
// Many raw TCP subscribers read with one poll() loop: the SSE and MQTT sides of the benchmark
// use it so that the client side costs the same for both.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace eoc::bench {

int connectLoopback(int port);  // blocking connect; -1 on failure

struct FanoutResult {
  std::vector<double> perSubscriberMs;  // publish -> subscriber saw it
  double lastMs = 0;
  size_t missing = 0;                   // subscribers that did not see it before the timeout
};

// Calls publish(), then reads every fd until `seen(i, bytesSoFar)` is true for each subscriber i.
FanoutResult awaitFanout(const std::vector<int>& fds, const std::function<void()>& publish,
                         const std::function<bool(size_t, const std::string&)>& seen,
                         std::chrono::milliseconds timeout);

// Reads from every fd until ready(i, bytes) holds (handshakes); false on timeout.
bool awaitAll(const std::vector<int>& fds, const std::function<bool(size_t, const std::string&)>& ready,
              std::chrono::milliseconds timeout, std::vector<std::string>* leftovers = nullptr);

// `n` MQTT 3.1.1 connections to a broker on loopback, each subscribed (QoS 0) to `topic` and
// acknowledged (CONNACK, SUBACK); empty when they could not all be made within `timeout`.
std::vector<int> mqttSubscribers(int port, size_t n, const std::string& topic, std::chrono::milliseconds timeout);

// MQTT 3.1.1 (QoS 0) against a broker on loopback: `subscribers` connections subscribe to one
// topic, one more connection publishes `payload`; returns the fan-out figures.
FanoutResult mqttFanout(int port, size_t subscribers, const std::string& payload, std::chrono::milliseconds timeout);

}  // namespace eoc::bench
