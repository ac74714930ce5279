#pragma once
// Rendered default pages of the OGC items (no query string: the hot path), kept per layer and
// base URL, built on first use. Bounded, because the base URL comes from the client's Host header:
// past the bound the cache empties itself. Thread-safe.
//
// A page is handed out as a shared pointer to an immutable string: a reader keeps its page whole
// however many other requests fill and empty the cache meanwhile.
#include <cstddef>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace eoc::http {

class PageCache {
 public:
  using Page = std::shared_ptr<const std::string>;

  explicit PageCache(size_t capacity = 256) : capacity_(capacity) {}

  // Null when the page is not cached.
  Page find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto it = pages_.find(key);
    return it == pages_.end() ? nullptr : it->second;
  }
  Page insert(const std::string& key, std::string body) {
    auto page = std::make_shared<const std::string>(std::move(body));
    std::unique_lock lock(mutex_);
    if (pages_.size() >= capacity_) pages_.clear();
    return pages_.emplace(key, std::move(page)).first->second;
  }

 private:
  size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Page> pages_;
};

}  // namespace eoc::http
