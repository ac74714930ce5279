#include "service/runtime.hpp"

namespace eoc::service {

Runtime::Runtime(size_t threads, const TimeSource& clock)
    : work_(boost::asio::make_work_guard(io_)), scheduler_(io_, clock) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
}

Runtime::~Runtime() { stop(); }

void Runtime::stop() {
  scheduler_.stop();
  if (work_) {
    work_.reset();
    io_.stop();
  }
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

}  // namespace eoc::service
