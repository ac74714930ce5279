#include "service/runtime.hpp"

namespace eoc::service {

Runtime::Runtime(size_t threads) : work_(boost::asio::make_work_guard(io_)) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
}

Runtime::~Runtime() { stop(); }

void Runtime::stop() {
  if (work_) {
    work_.reset();
    io_.stop();
  }
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

}  // namespace eoc::service
