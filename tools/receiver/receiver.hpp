#pragma once
// The webhook receiver used by the broadcast tests and benchmark: a real HTTP server on loopback
// that checks Standard Webhooks signatures, records every arrival, and on command answers slowly,
// fails, or goes down (closes its port) and comes back up on the same port.
//
// Hooks are POST /hook/<name>; each name may have its own behaviour. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace eoc::tools {

struct Arrival {
  std::string name;       // the <name> of /hook/<name>
  std::string webhookId;  // idempotency key
  std::string timestamp;  // webhook-timestamp header
  bool signatureValid = false;
  bool duplicate = false;  // this webhook-id had arrived before
  int answered = 200;      // what the receiver answered
  size_t bodyBytes = 0;
  std::string body;                                  // kept only when keepBodies
  std::chrono::system_clock::time_point arrivedAt;   // wall clock: comparable across processes
};

enum class Behaviour { Ok, Fail, Slow };

class Receiver {
 public:
  // `secret` ("whsec_...") verifies signatures; empty: no signature expected.
  explicit Receiver(std::string secret, bool keepBodies = true);
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  // Binds 127.0.0.1:port (0: any free port) and serves on a thread; returns the port.
  int up(int port = 0);
  // Closes the port: new connections are refused until up(port()) again.
  void down();
  int port() const { return port_; }
  std::string url(const std::string& name) const;

  void setBehaviour(const std::string& name, Behaviour behaviour, std::chrono::milliseconds delay = {});
  void setDefaultBehaviour(Behaviour behaviour, std::chrono::milliseconds delay = {});

  std::vector<Arrival> arrivals() const;
  std::vector<Arrival> arrivalsFor(const std::string& name) const;
  size_t count() const;
  // Waits until at least n arrivals were recorded; false on timeout.
  bool waitForArrivals(size_t n, std::chrono::milliseconds timeout) const;
  // Arrivals answered 2xx, distinct webhook ids.
  size_t distinctDelivered() const;

 private:
  void handle(const std::string& name, const std::string& id, const std::string& timestamp,
              const std::string& signature, const std::string& body, int& status);

  std::string secret_;
  bool keepBodies_;
  int port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  // The counts waitForArrivals() callers wait for: a waiter is woken when the smallest is reached,
  // not at every one of 10,000 arrivals (each wake-up took CPU from the deliveries being measured).
  mutable std::multiset<size_t> awaited_;
  std::vector<Arrival> arrivals_;
  std::map<std::string, int> seen_;
  std::map<std::string, std::pair<Behaviour, std::chrono::milliseconds>> behaviours_;
  std::pair<Behaviour, std::chrono::milliseconds> default_{Behaviour::Ok, {}};
};

}  // namespace eoc::tools
