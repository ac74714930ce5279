#include <algorithm>
#include <cmath>

#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

// Locks the bucket's row for the rest of the transaction (creating it, full, the first time) and
// returns its tokens and last update. An UPDATE, not SELECT ... FOR UPDATE: the same statement on
// both backends (SQLite's one writer holds every row already).
std::pair<double, int64_t> lockBucket(Transaction& tx, const std::string& bucket, double full, int64_t nowMs) {
  tx.prepare("INSERT INTO throttles (bucket, tokens, updated_ms) VALUES (?1, ?2, ?3) ON CONFLICT (bucket) DO NOTHING")
      .bindAll(bucket, full, nowMs)
      .run();
  Statement s = tx.prepare(
      "UPDATE throttles SET updated_ms = throttles.updated_ms WHERE bucket = ?1 RETURNING tokens, updated_ms");
  s.bindAll(bucket);
  if (!s.step()) throw EocError(ErrorCode::StorageError, "throttles: bucket " + bucket + " vanished");
  std::pair<double, int64_t> row{s.real(0), s.int64(1)};
  s.run();
  return row;
}

}  // namespace

int64_t ThrottleRepository::takeToken(const std::string& bucket, double perSecond, double burst, int64_t nowMs) {
  if (perSecond <= 0) return 0;
  // claim(): READ COMMITTED on PostgreSQL, so the row lock orders the takers of one bucket.
  return db_.claim([&](Transaction& tx) -> int64_t {
    auto [tokens, updatedMs] = lockBucket(tx, bucket, burst, nowMs);
    if (nowMs > updatedMs) tokens = std::min(burst, tokens + double(nowMs - updatedMs) / 1000.0 * perSecond);
    int64_t wait = 0;
    if (tokens >= 1.0) tokens -= 1.0;
    else wait = std::max<int64_t>(1, int64_t(std::ceil((1.0 - tokens) / perSecond * 1000.0)));
    tx.prepare("UPDATE throttles SET tokens = ?2, updated_ms = ?3 WHERE bucket = ?1")
        .bindAll(bucket, tokens, std::max(nowMs, updatedMs))
        .run();
    return wait;
  });
}

int64_t ThrottleRepository::takeSlot(const std::string& bucket, const std::vector<ThrottleWindow>& windows,
                                     int64_t nowMs) {
  if (windows.empty()) return nowMs;
  int64_t longest = 0, most = 0;
  for (const auto& w : windows) {
    longest = std::max(longest, w.lengthMs);
    most = std::max(most, w.count);
  }
  return db_.claim([&](Transaction& tx) -> int64_t {
    lockBucket(tx, bucket, 0, nowMs);
    // The sends still inside the longest window, newest first (at most the largest count matter).
    Statement recent = tx.prepare(
        "SELECT at_ms FROM throttle_sends WHERE bucket = ?1 AND at_ms > ?2 ORDER BY at_ms DESC LIMIT ?3");
    recent.bindAll(bucket, nowMs - longest, most);
    std::vector<int64_t> sends;
    while (recent.step()) sends.push_back(recent.int64(0));
    int64_t freeAt = nowMs;
    for (const auto& w : windows) {
      // The window frees a slot when the count-th newest send inside it leaves it.
      std::vector<int64_t> inside;
      for (int64_t at : sends)
        if (at > nowMs - w.lengthMs) inside.push_back(at);
      if (int64_t(inside.size()) >= w.count && w.count > 0) freeAt = std::max(freeAt, inside[size_t(w.count - 1)] + w.lengthMs);
    }
    if (freeAt > nowMs) return freeAt;
    tx.prepare("INSERT INTO throttle_sends (bucket, at_ms) VALUES (?1, ?2)").bindAll(bucket, nowMs).run();
    tx.prepare("DELETE FROM throttle_sends WHERE bucket = ?1 AND at_ms <= ?2").bindAll(bucket, nowMs - longest).run();
    return nowMs;
  });
}

}  // namespace eoc::store::sqlite
