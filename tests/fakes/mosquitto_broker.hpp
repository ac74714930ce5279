#pragma once
// The real Debian mosquitto broker, started by a test on 127.0.0.1 and a free port, stopped by its
// own pid. Optionally with a password file (made with mosquitto_passwd) so that a test can see a
// refused login. Ready means mosquitto said so in its log, not that some time passed.
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <sys/types.h>

namespace eoc::fakes {

class MosquittoBroker {
 public:
  // `user`/`password` non-empty: anonymous clients are refused and only that login is accepted.
  explicit MosquittoBroker(std::filesystem::path dir, std::string user = {}, std::string password = {});
  ~MosquittoBroker();
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // Starts on `port` (0: a free one) and waits until it listens; returns the port.
  int start(int port = 0);
  void stop();
  int port() const { return port_; }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }

 private:
  struct EarlyExit : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  int startOnce(int port);

  std::filesystem::path dir_;
  std::string user_, password_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::thread drain_;  // reads the broker's log until it exits (a closed pipe would kill it)
  std::mutex mutex_;
  std::condition_variable logged_;
  std::string log_;
  bool ended_ = false;
};

}  // namespace eoc::fakes
