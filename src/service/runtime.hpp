#pragma once
// The one Boost.Asio io_context of eoc and its small thread pool: everything that happens
// *later* (expiry, ack deadlines, delivery retries, freshness checks, drill clocks) runs here,
// never on an HTTP worker.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace eoc::service {

class Runtime {
 public:
  explicit Runtime(size_t threads);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  boost::asio::io_context& io() { return io_; }
  // Lets queued handlers finish, cancels nothing by itself (owners cancel their timers first),
  // then joins the threads. Idempotent.
  void stop();

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace eoc::service
