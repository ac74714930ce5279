#pragma once
// The one Boost.Asio io_context of eoc, its small thread pool and the Scheduler on it: everything
// that happens *later* (expiry, ack deadlines, delivery retries, freshness checks, drill clocks)
// runs here, never on an HTTP worker.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "service/scheduler.hpp"

namespace eoc::service {

class Runtime {
 public:
  Runtime(size_t threads, const TimeSource& clock);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  boost::asio::io_context& io() { return io_; }
  Scheduler& scheduler() { return scheduler_; }
  // Stops the scheduler (waiting for callbacks that are running), then the io_context (handlers
  // still queued are dropped), then joins the threads. Idempotent.
  void stop();

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  Scheduler scheduler_;
  std::vector<std::thread> threads_;
};

}  // namespace eoc::service
