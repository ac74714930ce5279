#include "service/scheduler.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/log.hpp"

namespace eoc::service {

namespace {
constexpr const char* kComponent = "scheduler";
}

struct Scheduler::State : std::enable_shared_from_this<State> {
  struct Entry {
    uint64_t generation = 0;
    std::optional<TimePoint> due;         // one-shot: when the clock reads this
    std::chrono::milliseconds period{0};  // periodic: real time between runs
    Callback callback;
    std::unique_ptr<boost::asio::steady_timer> timer;
    bool running = false;  // its callback is on some thread now (one-shots run once)
  };
  struct Running {
    std::string name;
    std::thread::id thread;
  };

  State(boost::asio::io_context& io, const TimeSource& clock) : io(io), clock(clock) {}

  boost::asio::io_context& io;
  const TimeSource& clock;
  mutable std::mutex mutex;
  std::condition_variable idle;  // a callback finished
  bool stopped = false;
  uint64_t nextGeneration = 1;
  std::map<std::string, Entry, std::less<>> entries;
  std::vector<Running> running;

  // Caller holds mutex. Waits `wait` of real time, then fire() decides.
  void wait(const std::string& name, Entry& entry, std::chrono::steady_clock::duration wait) {
    entry.timer->expires_after(std::max(wait, std::chrono::steady_clock::duration::zero()));
    entry.timer->async_wait(
        [weak = weak_from_this(), name, generation = entry.generation](const boost::system::error_code& ec) {
          if (ec) return;  // cancelled, replaced or re-timed: a newer wait (if any) decides
          if (auto self = weak.lock()) self->fire(name, generation);
        });
  }

  // Caller holds mutex.
  void waitForDue(const std::string& name, Entry& entry) {
    wait(name, entry, std::chrono::duration_cast<std::chrono::steady_clock::duration>(*entry.due - clock.now()));
  }

  void fire(const std::string& name, uint64_t generation) {
    std::unique_lock lock(mutex);
    auto it = entries.find(name);
    if (stopped || it == entries.end() || it->second.generation != generation || it->second.running) return;
    auto& entry = it->second;
    if (entry.due && clock.now() < *entry.due) {
      // The clock lags the steady clock (or was set back): wait again for what is left.
      waitForDue(name, entry);
      return;
    }
    run(lock, it);
  }

  // Caller holds `lock`; releases it while the callback runs.
  void run(std::unique_lock<std::mutex>& lock, std::map<std::string, Entry, std::less<>>::iterator it) {
    const std::string name = it->first;
    const uint64_t generation = it->second.generation;
    it->second.running = true;
    Callback callback = it->second.callback;  // the entry may be replaced while this runs
    running.push_back({name, std::this_thread::get_id()});
    lock.unlock();
    try {
      callback();
    } catch (const std::exception& e) {
      log::error(kComponent, "timer callback failed", {{"timer", name}, {"error", e.what()}});
    } catch (...) {
      log::error(kComponent, "timer callback failed", {{"timer", name}, {"error", "unknown exception"}});
    }
    lock.lock();
    auto mine = std::find_if(running.begin(), running.end(), [&](const Running& r) {
      return r.name == name && r.thread == std::this_thread::get_id();
    });
    if (mine != running.end()) running.erase(mine);
    auto now = entries.find(name);
    if (now != entries.end() && now->second.generation == generation) {
      // Not cancelled or replaced meanwhile (the callback may have re-scheduled its own name).
      if (now->second.period.count() > 0 && !stopped) {
        now->second.running = false;
        wait(name, now->second, now->second.period);
      } else {
        entries.erase(now);
      }
    }
    idle.notify_all();
  }

  Entry& replace(const std::string& name) {
    auto& entry = entries[name];  // destroying a replaced timer aborts its wait
    entry = Entry{};
    entry.generation = nextGeneration++;
    entry.timer = std::make_unique<boost::asio::steady_timer>(io);
    return entry;
  }
};

Scheduler::Scheduler(boost::asio::io_context& io, const TimeSource& clock)
    : state_(std::make_shared<State>(io, clock)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::at(const std::string& name, TimePoint due, Callback callback) {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) return;
  auto& entry = state_->replace(name);
  entry.due = due;
  entry.callback = std::move(callback);
  state_->waitForDue(name, entry);
}

void Scheduler::after(const std::string& name, std::chrono::milliseconds delay, Callback callback) {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) return;
  auto& entry = state_->replace(name);
  entry.callback = std::move(callback);
  state_->wait(name, entry, delay);
}

void Scheduler::every(const std::string& name, std::chrono::milliseconds period, Callback callback) {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) return;
  auto& entry = state_->replace(name);
  entry.period = std::max(period, std::chrono::milliseconds(1));
  entry.callback = std::move(callback);
  state_->wait(name, entry, entry.period);
}

void Scheduler::cancel(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  state_->entries.erase(name);
}

void Scheduler::cancelAll(std::string_view prefix) {
  std::unique_lock lock(state_->mutex);
  std::erase_if(state_->entries, [&](const auto& item) { return item.first.starts_with(prefix); });
  const auto self = std::this_thread::get_id();
  state_->idle.wait(lock, [&] {
    return std::none_of(state_->running.begin(), state_->running.end(),
                        [&](const State::Running& r) { return r.thread != self && r.name.starts_with(prefix); });
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopped = true;
  }
  cancelAll("");
}

size_t Scheduler::runDue() {
  std::unique_lock lock(state_->mutex);
  const TimePoint now = state_->clock.now();
  // What is due now, by name and generation: a callback that schedules anew (even for now) runs
  // at the next call, so that this one always ends.
  std::vector<std::pair<std::string, uint64_t>> due;
  for (const auto& [name, entry] : state_->entries)
    if (entry.due && !entry.running && *entry.due <= now) due.emplace_back(name, entry.generation);
  size_t ran = 0;
  for (const auto& [name, generation] : due) {
    auto it = state_->entries.find(name);
    if (state_->stopped || it == state_->entries.end() || it->second.generation != generation || it->second.running)
      continue;
    state_->run(lock, it);
    ++ran;
  }
  return ran;
}

void Scheduler::clockMoved() {
  std::lock_guard lock(state_->mutex);
  for (auto& [name, entry] : state_->entries)
    if (entry.due && !entry.running) state_->waitForDue(name, entry);
}

bool Scheduler::scheduled(const std::string& name) const {
  std::lock_guard lock(state_->mutex);
  return state_->entries.count(name) > 0;
}

size_t Scheduler::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->entries.size();
}

}  // namespace eoc::service
