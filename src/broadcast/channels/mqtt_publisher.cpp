#include "broadcast/channels/mqtt_publisher.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <mosquitto.h>

#include "core/random_id.hpp"

namespace eoc::broadcast::channels {

namespace {

using SteadyClock = std::chrono::steady_clock;

void initLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

Verdict failed(Outcome outcome, std::string code, std::string message) {
  Verdict v;
  v.outcome = outcome;
  v.code = std::move(code);
  v.message = std::move(message);
  return v;
}

}  // namespace

struct MqttPublisher::Impl {
  struct Pending {
    MqttPublish message;
    SteadyClock::time_point deadline;
    std::function<void(Verdict)> done;
  };

  std::string host;
  int port = 1883;
  mosquitto* mosq = nullptr;
  std::mutex mutex;
  std::condition_variable wake;
  bool connected = false;
  bool stopping = false;
  std::string refused;                 // non-empty once the broker refused the credentials
  std::deque<Pending> queued;          // waiting for a connection
  std::map<int, Pending> inFlight;     // by message id, waiting for PUBACK
  std::thread timer;

  // With `mutex` held. Publishes one message; on failure leaves it to the caller.
  int sendLocked(Pending& p) {
    int mid = 0;
    const int rc = mosquitto_publish(mosq, &mid, p.message.topic.c_str(), int(p.message.payload.size()),
                                     p.message.payload.data(), p.message.qos, p.message.retain);
    if (rc == MOSQ_ERR_SUCCESS) inFlight.emplace(mid, std::move(p));
    return rc;
  }

  void onConnect(int rc) {
    std::vector<std::pair<std::function<void(Verdict)>, Verdict>> finished;
    {
      std::lock_guard lock(mutex);
      if (rc != 0) {
        refused = mosquitto_connack_string(rc);
        // Credentials or authorisation: waiting will not help.
        for (auto& p : queued) finished.emplace_back(std::move(p.done), failed(Outcome::Permanent, "connack " + std::to_string(rc), refused));
        queued.clear();
        mosquitto_disconnect(mosq);
      } else {
        connected = true;
        refused.clear();
        while (!queued.empty()) {
          Pending p = std::move(queued.front());
          queued.pop_front();
          if (int e = sendLocked(p); e != MOSQ_ERR_SUCCESS)
            finished.emplace_back(std::move(p.done), failed(Outcome::Transient, "publish", mosquitto_strerror(e)));
        }
      }
    }
    for (auto& [done, v] : finished) done(v);
  }

  void onDisconnect() {
    std::lock_guard lock(mutex);
    connected = false;
    // In-flight messages without PUBACK are resent by libmosquitto after reconnecting (QoS 1);
    // their deadlines still bound them.
  }

  void onPublish(int mid) {
    std::function<void(Verdict)> done;
    {
      std::lock_guard lock(mutex);
      auto it = inFlight.find(mid);
      if (it == inFlight.end()) return;
      done = std::move(it->second.done);
      inFlight.erase(it);
    }
    Verdict v;
    v.outcome = Outcome::Delivered;
    v.code = "puback";
    done(v);
  }

  // Fails whatever outlived its deadline.
  void runTimer() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      auto next = SteadyClock::time_point::max();
      std::vector<std::function<void(Verdict)>> expired;
      const auto now = SteadyClock::now();
      for (auto it = queued.begin(); it != queued.end();) {
        if (it->deadline <= now) {
          expired.push_back(std::move(it->done));
          it = queued.erase(it);
        } else {
          next = std::min(next, it->deadline);
          ++it;
        }
      }
      for (auto it = inFlight.begin(); it != inFlight.end();) {
        if (it->second.deadline <= now) {
          expired.push_back(std::move(it->second.done));
          it = inFlight.erase(it);
        } else {
          next = std::min(next, it->second.deadline);
          ++it;
        }
      }
      if (!expired.empty()) {
        const std::string why = connected ? "no PUBACK in time" : "broker not reachable in time";
        lock.unlock();
        for (auto& done : expired) done(failed(Outcome::Transient, "timeout", why));
        lock.lock();
        continue;
      }
      if (next == SteadyClock::time_point::max())
        wake.wait(lock);
      else
        wake.wait_until(lock, next);
    }
  }
};

MqttPublisher::MqttPublisher(const std::string& brokerUrl, const std::string& username, const std::string& password)
    : impl_(std::make_shared<Impl>()) {
  initLibrary();
  std::string authority = brokerUrl.substr(brokerUrl.find("://") + 3);
  const size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    impl_->host = authority.substr(0, colon);
    impl_->port = std::stoi(authority.substr(colon + 1));
  } else {
    impl_->host = authority;
  }
  const std::string clientId = "eoc-" + randomHex(8);
  impl_->mosq = mosquitto_new(clientId.c_str(), true, impl_.get());
  if (!impl_->mosq) throw std::runtime_error("mosquitto_new failed");
  mosquitto_int_option(impl_->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  if (!username.empty()) mosquitto_username_pw_set(impl_->mosq, username.c_str(), password.empty() ? nullptr : password.c_str());
  mosquitto_reconnect_delay_set(impl_->mosq, 1, 30, true);
  mosquitto_connect_callback_set(impl_->mosq, [](mosquitto*, void* self, int rc) { static_cast<Impl*>(self)->onConnect(rc); });
  mosquitto_disconnect_callback_set(impl_->mosq, [](mosquitto*, void* self, int) { static_cast<Impl*>(self)->onDisconnect(); });
  mosquitto_publish_callback_set(impl_->mosq, [](mosquitto*, void* self, int mid) { static_cast<Impl*>(self)->onPublish(mid); });
  // The network thread connects (and reconnects) without ever blocking eoc's threads.
  mosquitto_connect_async(impl_->mosq, impl_->host.c_str(), impl_->port, 30);
  mosquitto_loop_start(impl_->mosq);
  impl_->timer = std::thread([impl = impl_.get()] { impl->runTimer(); });
}

MqttPublisher::~MqttPublisher() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->timer.join();
  mosquitto_disconnect(impl_->mosq);
  mosquitto_loop_stop(impl_->mosq, true);
  std::vector<std::function<void(Verdict)>> left;
  for (auto& p : impl_->queued) left.push_back(std::move(p.done));
  for (auto& [_, p] : impl_->inFlight) left.push_back(std::move(p.done));
  impl_->queued.clear();
  impl_->inFlight.clear();
  mosquitto_destroy(impl_->mosq);
  for (auto& done : left) done(failed(Outcome::Transient, "stopped", "the publisher stopped"));
}

void MqttPublisher::publish(const MqttPublish& message, std::chrono::milliseconds timeout, std::function<void(Verdict)> done) {
  Impl::Pending p{message, SteadyClock::now() + timeout, std::move(done)};
  std::function<void(Verdict)> fail;
  Verdict verdict;
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->refused.empty()) {
      fail = std::move(p.done);
      verdict = failed(Outcome::Permanent, "connack", impl_->refused);
    } else if (impl_->connected) {
      if (int rc = impl_->sendLocked(p); rc != MOSQ_ERR_SUCCESS) {
        if (rc == MOSQ_ERR_NO_CONN) {
          impl_->connected = false;
          impl_->queued.push_back(std::move(p));
        } else {
          fail = std::move(p.done);
          verdict = failed(Outcome::Transient, "publish", mosquitto_strerror(rc));
        }
      }
    } else {
      impl_->queued.push_back(std::move(p));
    }
  }
  impl_->wake.notify_all();
  if (fail) fail(verdict);
}

}  // namespace eoc::broadcast::channels
