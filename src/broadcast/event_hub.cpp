#include "broadcast/event_hub.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "core/time.hpp"
#include "store/event_repository.hpp"

namespace eoc::broadcast {

namespace {

// Rows read from the journal per round trip (a reader far behind reads in pages).
constexpr size_t kJournalPage = 1000;

StampedEvent fromRow(const store::EventRow& row) {
  nlohmann::json data = nlohmann::json::parse(row.data, nullptr, false);
  if (data.is_discarded()) data = nullptr;
  return StampedEvent{uint64_t(row.seq), row.at, Event{row.type, row.committee, row.exercise, std::move(data), row.deskOnly}};
}

}  // namespace

EventHub::EventHub(size_t historySize) : historySize_(historySize == 0 ? 1 : historySize) {}

EventHub::~EventHub() { watch_.reset(); }

void EventHub::setRenderer(Renderer renderer) {
  std::lock_guard lock(mutex_);
  renderer_ = std::move(renderer);
}

void EventHub::useJournal(store::EventRepository& journal) {
  {
    std::lock_guard lock(mutex_);
    journal_ = &journal;
    nextId_ = uint64_t(journal.lastSeq()) + 1;
  }
  // The watch's first connection runs catchUp() too: whatever was appended between lastSeq() and
  // its LISTEN is read then.
  watch_ = journal.watch([this] { catchUp(); });
}

void EventHub::push(StampedEvent e) {
  nextId_ = e.id + 1;
  history_.push_back(std::move(e));
  while (history_.size() > historySize_) history_.pop_front();
}

void EventHub::publish(Event event) {
  if (!journal_) {
    {
      std::lock_guard lock(mutex_);
      push(StampedEvent{nextId_, formatBeijing(SystemTimeSource().now()), std::move(event)});
    }
    changed_.notify_all();
    return;
  }
  Renderer renderer;
  {
    std::lock_guard lock(mutex_);
    renderer = renderer_;
  }
  auto now = SystemTimeSource().now();
  store::EventRow row;
  row.atMs = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  row.at = formatBeijing(now);
  row.type = event.type;
  row.committee = event.committee;
  row.exercise = event.exercise;
  row.deskOnly = event.deskOnly;
  nlohmann::json data = renderer ? renderer(event) : event.data;
  row.data = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Published after the change committed: a journal that cannot be written loses the event for
  // the screens (the change itself is stored), never the request that made it.
  int64_t seq = 0;
  try {
    seq = journal_->append(row);
  } catch (const std::exception& e) {
    log::error("events", "event not written to the journal; screens miss it until they reload",
               {{"type", row.type}, {"error", e.what()}});
    return;
  }
  std::lock_guard ingest(ingestMutex_);
  {
    std::lock_guard lock(mutex_);
    if (uint64_t(seq) < nextId_) return;  // a catch-up already brought it
    if (uint64_t(seq) == nextId_) {
      push(StampedEvent{uint64_t(seq), row.at,
                        Event{row.type, row.committee, row.exercise, std::move(data), row.deskOnly}});
      changed_.notify_all();
      return;
    }
  }
  // Another instance's events came first: read them, and ours, in sequence order.
  try {
    catchUpHeld();
  } catch (const std::exception& e) {
    log::warn("events", "journal not read after publishing; the next notification reads it",
              {{"error", e.what()}});
  }
}

void EventHub::catchUp() {
  if (!journal_) return;
  std::lock_guard ingest(ingestMutex_);
  catchUpHeld();
}

void EventHub::observeJournal(Observer observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

void EventHub::catchUpHeld() {
  for (;;) {
    uint64_t after;
    {
      std::lock_guard lock(mutex_);
      after = nextId_ - 1;
    }
    auto rows = journal_->after(int64_t(after), kJournalPage);
    if (rows.empty()) return;
    std::vector<StampedEvent> taken;
    Observer observer;
    {
      std::lock_guard lock(mutex_);
      for (const auto& r : rows)
        if (uint64_t(r.seq) >= nextId_) {
          taken.push_back(fromRow(r));
          push(taken.back());
        }
      observer = observer_;
    }
    changed_.notify_all();
    if (observer)
      for (const auto& e : taken) observer(e);
    if (rows.size() < kJournalPage) return;
  }
}

bool EventHub::covers(uint64_t afterId) const {
  uint64_t first = history_.empty() ? nextId_ : history_.front().id;
  return afterId + 1 >= first;
}

ReadResult EventHub::collect(uint64_t afterId, const EventFilter& filter, size_t max) const {
  ReadResult result;
  result.lastId = afterId;
  if (!history_.empty() && afterId + 1 < history_.front().id && afterId < nextId_ - 1) result.gap = true;
  auto it = std::upper_bound(history_.begin(), history_.end(), afterId,
                             [](uint64_t id, const StampedEvent& e) { return id < e.id; });
  for (; it != history_.end() && result.events.size() < max; ++it) {
    result.lastId = it->id;
    if (filter.matches(it->event)) result.events.push_back(*it);
  }
  return result;
}

std::optional<ReadResult> EventHub::readJournal(uint64_t afterId, const EventFilter& filter, size_t max) const {
  std::vector<store::EventRow> rows;
  try {
    rows = journal_->after(int64_t(afterId), std::min(max, kJournalPage));
  } catch (const std::exception& e) {
    log::warn("events", "journal not read for a resuming stream", {{"after", afterId}, {"error", e.what()}});
    return std::nullopt;
  }
  ReadResult result;
  result.lastId = afterId;
  // Sequence numbers have no holes (a rolled-back append gives its number back), so a first row
  // beyond afterId + 1 means the rows between were pruned.
  if (rows.empty() || uint64_t(rows.front().seq) > afterId + 1) {
    std::lock_guard lock(mutex_);
    uint64_t first = rows.empty() ? (history_.empty() ? nextId_ : history_.front().id) : uint64_t(rows.front().seq);
    if (afterId + 1 < first) result.gap = true;
  }
  for (const auto& row : rows) {
    result.lastId = uint64_t(row.seq);
    auto e = fromRow(row);
    if (filter.matches(e.event)) result.events.push_back(std::move(e));
  }
  return result;
}

ReadResult EventHub::read(uint64_t afterId, const EventFilter& filter, size_t max) const {
  {
    std::lock_guard lock(mutex_);
    if (!journal_ || covers(afterId)) return collect(afterId, filter, max);
  }
  if (auto r = readJournal(afterId, filter, max)) return *r;
  return ReadResult{{}, false, afterId};
}

ReadResult EventHub::waitFor(uint64_t afterId, const EventFilter& filter, std::chrono::milliseconds timeout,
                             size_t max) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (journal_ && !covers(afterId) && !closed_) {
    // Behind the history: page through the journal (outside the lock) until caught up.
    lock.unlock();
    auto r = readJournal(afterId, filter, max);
    lock.lock();
    if (!r) {  // the store is away: wait as for news, then let the caller come back
      changed_.wait_until(lock, deadline);
      return ReadResult{{}, false, afterId};
    }
    if (!r->events.empty() || r->gap || r->lastId == afterId) return *r;
    afterId = r->lastId;
  }
  while (true) {
    auto result = collect(afterId, filter, max);
    if (!result.events.empty() || result.gap || closed_) return result;
    afterId = result.lastId;  // skip non-matching events for good
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      auto last = collect(afterId, filter, max);
      return last;
    }
  }
}

uint64_t EventHub::lastId() const {
  std::lock_guard lock(mutex_);
  return nextId_ - 1;
}

void EventHub::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
  watch_.reset();
}

bool EventHub::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

}  // namespace eoc::broadcast
