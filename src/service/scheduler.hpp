#pragma once
// The one Scheduler of eoc: every "later" of the services (a warning's expiry, a drill's next
// inject, the teams' freshness sweep, the broadcast pump) is a named timer here, run on the
// Runtime's Boost.Asio threads.
//
// - Named: scheduling a name that is already scheduled replaces it. Names are "<area>.<what>"
//   ("warnings.expire:w1a2b3", "broadcast.tick"); an owner cancels its own by that prefix.
// - Clocked by the injected TimeSource: at() takes a time of that clock. The Asio timer waits for
//   the clock's distance to it, then asks the clock again and waits for what is left if the clock
//   lags (a manual clock in a test). runDue() and clockMoved() let a test that moved its clock by
//   hand run what fell due, without sleeping.
// - Cancel-safe: once cancel() or cancelAll() returned, the callback of a cancelled timer never
//   starts. cancelAll() (and stop()) also wait until no callback of theirs is still running,
//   except one running on the calling thread (a callback may cancel its own kind).
// - A callback that throws is logged with its timer's name; the timer (if periodic) goes on.
//
// Destruction order — the one rule: whoever owns what a callback uses calls cancelAll(its
// prefix) before destroying it (services do so in stop(), from their destructors at the latest).
// Never call cancelAll() while holding a lock a callback of that prefix may wait for. The
// Scheduler's own bookkeeping is shared with pending Asio handlers, so the Scheduler, the
// io_context and the services may then be destroyed in any order.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace eoc::service {

class Scheduler {
 public:
  using Callback = std::function<void()>;

  Scheduler(boost::asio::io_context& io, const TimeSource& clock);
  ~Scheduler();  // stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `callback` once, on a runtime thread, when the clock reads `due` or later (at once if it
  // already does). Ignored after stop().
  void at(const std::string& name, TimePoint due, Callback callback);
  // Runs `callback` once, on a runtime thread, after `delay` of real time, whatever the clock
  // reads: for coalescing work over milliseconds (the broadcast's outcome batches), not for
  // anything a user waits for by the clock. runDue() and clockMoved() leave it alone.
  void after(const std::string& name, std::chrono::milliseconds delay, Callback callback);
  // Runs `callback` every `period` of real time (the first run one period from now), each run
  // starting a period after the previous one ended: runs of one timer never overlap.
  void every(const std::string& name, std::chrono::milliseconds period, Callback callback);

  // The timer will not start its callback any more; returns at once (a run in progress ends on
  // its own). Unknown names are ignored.
  void cancel(const std::string& name);
  // Cancels every timer whose name starts with `prefix`, then waits until none of their callbacks
  // is running on another thread.
  void cancelAll(std::string_view prefix);
  // cancelAll("") and refuses new timers; idempotent.
  void stop();

  // Runs, on the calling thread, every one-shot timer the clock says is due; returns how many
  // ran. For tests that move a manual clock.
  size_t runDue();
  // The clock jumped (a test moved it): re-times every one-shot timer, so that what is now due
  // runs at once on the runtime threads.
  void clockMoved();

  bool scheduled(const std::string& name) const;
  size_t size() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace eoc::service
