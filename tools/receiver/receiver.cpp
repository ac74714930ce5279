#include "receiver.hpp"

#include <httplib.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include "broadcast/signature.hpp"

namespace eoc::tools {

namespace {
// This cpp-httplib listens with a backlog of 5 (compiled into the library): a burst of webhooks
// then meets dropped handshakes and 1 s SYN retransmits. listen() again raises the backlog of
// the already-listening socket; it is found by its port.
void raiseListenBacklog(int port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = 0;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting) continue;
    sockaddr_in addr{};
    socklen_t addrLen = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addrLen) != 0 || addr.sin_family != AF_INET) continue;
    if (ntohs(addr.sin_port) == port) ::listen(fd, 4096);
  }
}
}  // namespace

Receiver::Receiver(std::string secret, bool keepBodies) : secret_(std::move(secret)), keepBodies_(keepBodies) {}

Receiver::~Receiver() { down(); }

int Receiver::up(int port) {
  down();
  server_ = std::make_unique<httplib::Server>();
  server_->set_tcp_nodelay(true);
  // Requests per kept-alive connection before the server closes it: 1,000 like nginx's
  // keepalive_requests (its default since 1.19.10), the usual front of a webhook endpoint. Debian's
  // cpp-httplib closes after 5, which no common web server does and which would measure eoc's
  // reconnections instead of its deliveries.
  server_->set_keep_alive_max_count(1000);
  server_->new_task_queue = [] { return new httplib::ThreadPool(8); };
  server_->Post(R"(/hook/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    int status = 200;
    handle(req.matches[1].str(), req.get_header_value("webhook-id"), req.get_header_value("webhook-timestamp"),
           req.get_header_value("webhook-signature"), req.body, status);
    res.status = status;
    // Accepted: 204 and no body, as webhook endpoints commonly answer. This cpp-httplib writes a
    // body in a second send() after the headers, a second TCP segment with nodelay: every
    // delivery would cost the sender two reads, which is the receiver's habit, not eoc's cost.
    if (status >= 300) res.set_content("failing on command", "text/plain");
  });
  int bound = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) throw std::runtime_error("receiver: cannot bind 127.0.0.1:" + std::to_string(port));
  port_ = bound;
  raiseListenBacklog(port_);
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  // This cpp-httplib has no wait_until_ready(): stop() before the loop runs would be lost.
  while (!server_->is_running()) std::this_thread::yield();
  return port_;
}

void Receiver::down() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

std::string Receiver::url(const std::string& name) const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hook/" + name;
}

void Receiver::setBehaviour(const std::string& name, Behaviour behaviour, std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  behaviours_[name] = {behaviour, delay};
}

void Receiver::setDefaultBehaviour(Behaviour behaviour, std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  default_ = {behaviour, delay};
}

void Receiver::handle(const std::string& name, const std::string& id, const std::string& timestamp,
                      const std::string& signature, const std::string& body, int& status) {
  std::pair<Behaviour, std::chrono::milliseconds> behaviour;
  {
    std::lock_guard lock(mutex_);
    auto it = behaviours_.find(name);
    behaviour = it != behaviours_.end() ? it->second : default_;
  }
  if (behaviour.first == Behaviour::Slow) std::this_thread::sleep_for(behaviour.second);  // the behaviour under test
  status = behaviour.first == Behaviour::Fail ? 503 : 204;
  Arrival a;
  a.name = name;
  a.webhookId = id;
  a.timestamp = timestamp;
  a.signatureValid = !secret_.empty() && broadcast::verifyWebhook(secret_, id, timestamp, body, signature);
  a.answered = status;
  a.bodyBytes = body.size();
  if (keepBodies_) a.body = body;
  a.arrivedAt = std::chrono::system_clock::now();
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    a.duplicate = seen_[id]++ > 0;
    arrivals_.push_back(std::move(a));
    wake = !awaited_.empty() && arrivals_.size() >= *awaited_.begin();
  }
  if (wake) arrived_.notify_all();
}

std::vector<Arrival> Receiver::arrivals() const {
  std::lock_guard lock(mutex_);
  return arrivals_;
}

std::vector<Arrival> Receiver::arrivalsFor(const std::string& name) const {
  std::lock_guard lock(mutex_);
  std::vector<Arrival> out;
  for (const auto& a : arrivals_)
    if (a.name == name) out.push_back(a);
  return out;
}

size_t Receiver::count() const {
  std::lock_guard lock(mutex_);
  return arrivals_.size();
}

bool Receiver::waitForArrivals(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  auto mine = awaited_.insert(n);
  const bool reached = arrived_.wait_for(lock, timeout, [&] { return arrivals_.size() >= n; });
  awaited_.erase(mine);
  return reached;
}

size_t Receiver::distinctDelivered() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> ids;
  for (const auto& a : arrivals_)
    if (a.answered < 300) ids.insert(a.webhookId);
  return ids.size();
}

}  // namespace eoc::tools
