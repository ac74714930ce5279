#pragma once
// LISTEN on a dedicated connection, handing notifications to a callback on the listener's own
// thread — how one eoc instance learns that another committed an event.
//
// PostgreSQL delivers a NOTIFY only to connections listening when the sender commits, and never
// again (NOTIFY manual page). A listener that lost its connection has therefore missed an
// unknown number of notifications, so notifications carry ids and the store stays the source
// of truth:
// - onConnected() runs each time the LISTENs are in place: at the first connection and after
//   every reconnection. The caller reads the store from the last id it handled — what was
//   committed before LISTEN took effect, or during the gap, is found there; what is committed
//   after arrives as a notification (possibly also found by that read: handle ids idempotently).
// - onNotification() runs for each notification, in commit order.
// - onDisconnected(reason) runs when the connection is lost or cannot be made; the listener
//   retries with a backoff (minBackoff doubling to maxBackoff) until it is stopped.
// Callbacks run on the listener thread, one at a time; they must be quick and must not throw
// (an exception is caught and treated as a lost connection). A silent connection is checked
// with a query every `pingInterval`, so a dead server is noticed even with nothing to deliver.
// The destructor stops the thread promptly (an eventfd wakes it), whatever it is waiting for;
// only a connection attempt in progress runs to its connect timeout first.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace eoc::store::postgres {

struct ListenerCallbacks {
  std::function<void()> onConnected;
  std::function<void(const Notification&)> onNotification;
  std::function<void(const std::string& reason)> onDisconnected;
};

struct ListenerOptions {
  ConnectOptions connect;
  std::chrono::milliseconds minBackoff{100};
  std::chrono::milliseconds maxBackoff{5000};
  std::chrono::milliseconds pingInterval{10000};
};

class Listener {
 public:
  // Starts the thread at once; the channels are SQL identifiers (letters, digits, '_').
  Listener(std::string url, std::vector<std::string> channels, ListenerCallbacks callbacks,
           ListenerOptions options = {});
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener();

  bool connected() const { return connected_.load(); }
  // The server process of the current connection (0 when not connected), for tests that cut it.
  int backendPid() const { return backendPid_.load(); }
  int64_t connections() const { return connections_.load(); }

 private:
  void run();
  // Listens until the connection breaks or stop; returns the reason it ended.
  std::string serve(Connection& connection);
  // Waits up to `timeout` for the socket (when >= 0) to become readable or for stop; true when
  // the socket is readable.
  bool waitReadable(int socket, std::chrono::milliseconds timeout);

  std::string url_;
  std::vector<std::string> channels_;
  ListenerCallbacks callbacks_;
  ListenerOptions options_;
  int wakeFd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::atomic<int> backendPid_{0};
  std::atomic<int64_t> connections_{0};
  std::thread thread_;
};

}  // namespace eoc::store::postgres
