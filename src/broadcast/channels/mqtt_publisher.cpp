#include "broadcast/channels/mqtt_publisher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
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
  std::thread network;
  std::atomic<bool> networkStop{false};
  int wakeFd = -1;  // eventfd: a publish or stop interrupts the network thread's poll()

  void wakeNetwork() const {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wakeFd, &one, sizeof one);
  }

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
        reconnectDelay = kFirstReconnectDelay;
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

  static constexpr int kKeepAliveSeconds = 30;
  static constexpr std::chrono::milliseconds kFirstReconnectDelay{1000};
  static constexpr std::chrono::milliseconds kLastReconnectDelay{30000};
  std::chrono::milliseconds reconnectDelay = kFirstReconnectDelay;  // network thread only

  // Waits on the wake descriptor (a stop) for at most `delay`.
  void pause(std::chrono::milliseconds delay) {
    pollfd wake{wakeFd, POLLIN, 0};
    if (::poll(&wake, 1, int(delay.count())) > 0) drainWake();
  }
  void drainWake() const {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wakeFd, &count, sizeof count);
  }

  // The connection's own loop, on a thread of the publisher's, with poll(). libmosquitto's
  // mosquitto_loop_start() runs select(), which refuses a socket numbered FD_SETSIZE (1024) or
  // above: in a process holding more descriptors than that (hundreds of event streams and
  // connections on the day that matters) it never connected and every message timed out.
  void runNetwork() {
    bool everTried = false;
    while (!networkStop) {
      int sock = mosquitto_socket(mosq);
      if (sock < 0) {
        bool wasRefused;
        {
          std::lock_guard lock(mutex);
          connected = false;
          wasRefused = !refused.empty();
        }
        if (wasRefused) {  // the broker refused the credentials: retrying will not help
          pause(std::chrono::milliseconds(1000));
          continue;
        }
        if (everTried) {
          pause(reconnectDelay);
          reconnectDelay = std::min(reconnectDelay * 2, kLastReconnectDelay);
          if (networkStop) break;
        }
        // Non-blocking connect: the CONNECT packet goes out when the socket becomes writable.
        const int rc = everTried ? mosquitto_reconnect_async(mosq)
                                 : mosquitto_connect_async(mosq, host.c_str(), port, kKeepAliveSeconds);
        everTried = true;
        if (rc != MOSQ_ERR_SUCCESS) continue;
        sock = mosquitto_socket(mosq);
        if (sock < 0) continue;
      }
      pollfd fds[2] = {{sock, short(POLLIN | (mosquitto_want_write(mosq) ? POLLOUT : 0)), 0}, {wakeFd, POLLIN, 0}};
      const int ready = ::poll(fds, 2, 1000);
      if (ready < 0) continue;  // EINTR
      if (fds[1].revents & POLLIN) drainWake();
      // A publish from another thread queued a packet: write it now rather than on the next
      // writable-socket event (none is asked for while nothing waits).
      if ((fds[0].revents & (POLLOUT | POLLERR)) || ((fds[1].revents & POLLIN) && mosquitto_want_write(mosq)))
        mosquitto_loop_write(mosq, 1);
      if (mosquitto_socket(mosq) >= 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
        mosquitto_loop_read(mosq, 1);
      if (mosquitto_socket(mosq) >= 0) mosquitto_loop_misc(mosq);  // keep-alive pings
    }
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
  // Every write happens on the network thread (runNetwork); a publish only queues and wakes it.
  mosquitto_threaded_set(impl_->mosq, true);
  mosquitto_connect_callback_set(impl_->mosq, [](mosquitto*, void* self, int rc) { static_cast<Impl*>(self)->onConnect(rc); });
  mosquitto_disconnect_callback_set(impl_->mosq, [](mosquitto*, void* self, int) { static_cast<Impl*>(self)->onDisconnect(); });
  mosquitto_publish_callback_set(impl_->mosq, [](mosquitto*, void* self, int mid) { static_cast<Impl*>(self)->onPublish(mid); });
  impl_->wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (impl_->wakeFd < 0) {
    mosquitto_destroy(impl_->mosq);
    throw std::runtime_error("eventfd failed");
  }
  // The network thread connects (and reconnects, 1 s doubling to 30 s) without ever blocking
  // eoc's threads; a name lookup of the broker happens there too.
  impl_->network = std::thread([impl = impl_.get()] { impl->runNetwork(); });
  impl_->timer = std::thread([impl = impl_.get()] { impl->runTimer(); });
}

MqttPublisher::~MqttPublisher() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->timer.join();
  impl_->networkStop = true;
  impl_->wakeNetwork();
  impl_->network.join();
  ::close(impl_->wakeFd);
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
  impl_->wakeNetwork();
  if (fail) fail(verdict);
}

}  // namespace eoc::broadcast::channels
