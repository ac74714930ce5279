#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "socket_fanout.hpp"

namespace eoc::bench {

int connectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

namespace {
using Clock = std::chrono::steady_clock;

bool pollUntil(const std::vector<int>& fds, std::vector<std::string>& got, std::vector<bool>& done,
               const std::function<bool(size_t, const std::string&)>& ready, Clock::time_point deadline,
               const std::function<void(size_t)>& onDone) {
  size_t remaining = size_t(std::count(done.begin(), done.end(), false));
  std::vector<pollfd> pfds(fds.size());
  char buffer[16384];
  while (remaining > 0 && Clock::now() < deadline) {
    for (size_t i = 0; i < fds.size(); ++i) pfds[i] = {done[i] ? -1 : fds[i], POLLIN, 0};
    int n = ::poll(pfds.data(), pfds.size(), 100);
    if (n <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (done[i] || !(pfds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      auto r = ::recv(fds[i], buffer, sizeof buffer, 0);
      if (r <= 0) {
        done[i] = true;  // closed: counted as missing by the caller
        --remaining;
        continue;
      }
      got[i].append(buffer, size_t(r));
      if (ready(i, got[i])) {
        done[i] = true;
        --remaining;
        if (onDone) onDone(i);
      }
    }
  }
  return remaining == 0;
}

std::string remainingLength(size_t n) {
  std::string out;
  do {
    unsigned char byte = n % 128;
    n /= 128;
    if (n > 0) byte |= 128;
    out.push_back(char(byte));
  } while (n > 0);
  return out;
}

std::string utf8Field(const std::string& s) {
  return std::string{char(s.size() >> 8), char(s.size() & 0xff)} + s;
}

std::string connectPacket(const std::string& clientId) {
  std::string variable = utf8Field("MQTT") + std::string{4, 2, 0, 60} + utf8Field(clientId);
  return std::string{0x10} + remainingLength(variable.size()) + variable;
}

std::string subscribePacket(const std::string& topic) {
  std::string variable = std::string{0, 1} + utf8Field(topic) + std::string{0};
  return std::string{char(0x82)} + remainingLength(variable.size()) + variable;
}

std::string publishPacket(const std::string& topic, const std::string& payload) {
  std::string variable = utf8Field(topic) + payload;
  return std::string{0x30} + remainingLength(variable.size()) + variable;
}

void sendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += size_t(n);
  }
}
}  // namespace

bool awaitAll(const std::vector<int>& fds, const std::function<bool(size_t, const std::string&)>& ready,
              std::chrono::milliseconds timeout, std::vector<std::string>* leftovers) {
  std::vector<std::string> got(fds.size());
  std::vector<bool> done(fds.size(), false);
  bool ok = pollUntil(fds, got, done, ready, Clock::now() + timeout, {});
  if (leftovers) *leftovers = std::move(got);
  return ok;
}

FanoutResult awaitFanout(const std::vector<int>& fds, const std::function<void()>& publish,
                         const std::function<bool(size_t, const std::string&)>& seen,
                         std::chrono::milliseconds timeout) {
  FanoutResult result;
  std::vector<std::string> got(fds.size());
  std::vector<bool> done(fds.size(), false);
  std::vector<double> at(fds.size(), -1);
  const auto start = Clock::now();
  publish();
  pollUntil(fds, got, done, seen, start + timeout, [&](size_t i) {
    at[i] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  });
  for (double ms : at) {
    if (ms < 0) {
      ++result.missing;
      continue;
    }
    result.perSubscriberMs.push_back(ms);
    result.lastMs = std::max(result.lastMs, ms);
  }
  return result;
}

std::vector<int> mqttSubscribers(int port, size_t n, const std::string& topic, std::chrono::milliseconds timeout) {
  std::vector<int> fds;
  for (size_t i = 0; i < n; ++i) {
    int fd = connectLoopback(port);
    if (fd < 0) break;
    sendAll(fd, connectPacket("bench-sub-" + std::to_string(i)) + subscribePacket(topic));
    fds.push_back(fd);
  }
  // CONNACK (4 bytes) and SUBACK (5 bytes), and perhaps a retained message after them.
  if (fds.size() != n || !awaitAll(fds, [](size_t, const std::string& b) { return b.size() >= 9; }, timeout)) {
    for (int fd : fds) ::close(fd);
    fds.clear();
  }
  return fds;
}

FanoutResult mqttFanout(int port, size_t subscribers, const std::string& payload, std::chrono::milliseconds timeout) {
  const std::string topic = "eoc/warnings";
  std::vector<int> fds;
  for (size_t i = 0; i < subscribers; ++i) {
    int fd = connectLoopback(port);
    if (fd < 0) break;
    sendAll(fd, connectPacket("sub" + std::to_string(i)) + subscribePacket(topic));
    fds.push_back(fd);
  }
  FanoutResult result;
  // CONNACK (4 bytes) and SUBACK (5 bytes) before the subscription counts as live.
  if (fds.size() == subscribers && awaitAll(fds, [](size_t, const std::string& b) { return b.size() >= 9; }, timeout)) {
    int publisher = connectLoopback(port);
    sendAll(publisher, connectPacket("pub"));
    awaitAll({publisher}, [](size_t, const std::string& b) { return b.size() >= 4; }, timeout);
    const std::string packet = publishPacket(topic, payload);
    result = awaitFanout(
        fds, [&] { sendAll(publisher, packet); },
        [&](size_t, const std::string& b) { return b.size() >= packet.size(); }, timeout);
    ::close(publisher);
  } else {
    result.missing = subscribers;
  }
  for (int fd : fds) ::close(fd);
  return result;
}

}  // namespace eoc::bench
