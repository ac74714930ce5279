#include "store/postgres/pg_listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "store/postgres/pg_error.hpp"

namespace eoc::store::postgres {

namespace {

bool isChannelName(const std::string& name) {
  return !name.empty() && name.size() < 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

Listener::Listener(std::string url, std::vector<std::string> channels, ListenerCallbacks callbacks,
                   ListenerOptions options)
    : url_(std::move(url)), channels_(std::move(channels)), callbacks_(std::move(callbacks)), options_(options) {
  for (const auto& channel : channels_)
    if (!isChannelName(channel)) throw std::invalid_argument("bad LISTEN channel name: " + channel);
  wakeFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wakeFd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  thread_ = std::thread([this] { run(); });
}

Listener::~Listener() {
  stopping_.store(true);
  uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wakeFd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  ::close(wakeFd_);
}

bool Listener::waitReadable(int socket, std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{wakeFd_, POLLIN, 0}, {socket, POLLIN, 0}};
  int count = socket >= 0 ? 2 : 1;
  int rc = ::poll(fds, nfds_t(count), int(std::max<int64_t>(0, timeout.count())));
  if (rc <= 0 || stopping_.load()) return false;
  return count == 2 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
}

void Listener::run() {
  std::chrono::milliseconds backoff = options_.minBackoff;
  while (!stopping_.load()) {
    std::string reason;
    try {
      Connection connection(url_, options_.connect);
      backoff = options_.minBackoff;
      reason = serve(connection);
    } catch (const std::exception& e) {
      reason = e.what();
    }
    connected_.store(false);
    backendPid_.store(0);
    if (stopping_.load()) break;
    if (callbacks_.onDisconnected) {
      try {
        callbacks_.onDisconnected(reason);
      } catch (...) {
      }
    }
    waitReadable(-1, backoff);
    backoff = std::min(backoff * 2, options_.maxBackoff);
  }
}

std::string Listener::serve(Connection& connection) {
  for (const auto& channel : channels_) connection.exec("LISTEN " + connection.quoteIdentifier(channel));
  connected_.store(true);
  backendPid_.store(connection.backendPid());
  connections_.fetch_add(1);
  // Only now, with every LISTEN in effect, may the caller read what it missed.
  if (callbacks_.onConnected) callbacks_.onConnected();
  auto lastTraffic = std::chrono::steady_clock::now();
  while (!stopping_.load()) {
    auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - lastTraffic);
    if (idle >= options_.pingInterval) {
      connection.exec("SELECT 1");  // throws PgError when the server is gone
      lastTraffic = std::chrono::steady_clock::now();
      // exec may have read notifications that arrived meanwhile: deliver them below
    } else if (!waitReadable(connection.socket(), options_.pingInterval - idle)) {
      continue;
    } else {
      if (!connection.consumeInput()) return "the connection to PostgreSQL was lost";
      lastTraffic = std::chrono::steady_clock::now();
    }
    for (const auto& notification : connection.takeNotifications())
      if (callbacks_.onNotification) callbacks_.onNotification(notification);
    if (connection.broken()) return "the connection to PostgreSQL was lost";
  }
  return "stopped";
}

}  // namespace eoc::store::postgres
