#include "fake_http_server.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <cctype>

namespace eoc::fakes {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

std::string ReceivedRequest::header(const std::string& lowerName) const {
  auto it = headers.find(lowerName);
  return it == headers.end() ? std::string() : it->second;
}

std::string percentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::map<std::string, std::string> decodeForm(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    std::string pair = text.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string::npos)
        out[percentDecode(pair)] = "";
      else
        out[percentDecode(pair.substr(0, eq))] = percentDecode(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

struct FakeHttpServer::Impl {
  asio::io_context io;  // owns the sockets; sync operations need no running loop
  std::unique_ptr<ssl::context> tls;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread acceptThread;
  std::mutex mutex;
  std::condition_variable stopped;
  bool stopping = false;
  std::vector<std::thread> threads;
  std::vector<int> openFds;
};

FakeHttpServer::FakeHttpServer(Handler handler, std::optional<TlsFiles> tls)
    : handler_(std::move(handler)), tlsFiles_(std::move(tls)), impl_(std::make_unique<Impl>()) {
  if (tlsFiles_) {
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tlsFiles_->cert.string());
    impl_->tls->use_private_key_file(tlsFiles_->key.string(), ssl::context::pem);
  }
}

FakeHttpServer::~FakeHttpServer() { stop(); }

bool FakeHttpServer::running() const { return impl_->acceptor != nullptr; }

std::string FakeHttpServer::baseUrl(const std::string& host) const {
  return std::string(tlsFiles_ ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

int FakeHttpServer::start(int port) {
  if (impl_->acceptor) return port_;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = false;
  }
  auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  acceptor->open(endpoint.protocol());
  acceptor->set_option(asio::socket_base::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen();
  port_ = acceptor->local_endpoint().port();
  impl_->acceptor = std::move(acceptor);
  impl_->acceptThread = std::thread([this] {
    for (;;) {
      auto socket = std::make_shared<tcp::socket>(impl_->io);
      beast::error_code ec;
      impl_->acceptor->accept(*socket, ec);
      std::lock_guard lock(impl_->mutex);
      if (impl_->stopping) return;
      if (ec) continue;
      const size_t index = ++connections_;
      impl_->openFds.push_back(socket->native_handle());
      impl_->threads.emplace_back([this, socket, index] { serve(socket, index); });
    }
  });
  return port_;
}

void FakeHttpServer::stop() {
  if (!impl_->acceptor) return;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    // shutdown() wakes a thread blocked in accept() or read() on that descriptor (Linux).
    ::shutdown(impl_->acceptor->native_handle(), SHUT_RDWR);
    for (int fd : impl_->openFds) ::shutdown(fd, SHUT_RDWR);
    impl_->openFds.clear();
  }
  impl_->stopped.notify_all();
  impl_->acceptThread.join();
  {
    std::lock_guard lock(impl_->mutex);
    threads.swap(impl_->threads);
  }
  for (auto& t : threads) t.join();
  beast::error_code ignored;
  impl_->acceptor->close(ignored);
  impl_->acceptor.reset();
}

namespace {

template <class Stream>
bool serveOne(Stream& stream, beast::flat_buffer& buffer, const FakeHttpServer::Handler& handler, size_t index,
              const std::function<void(const ReceivedRequest&)>& record,
              const std::function<bool(std::chrono::milliseconds)>& wait) {
  ReceivedRequest recorded;
  FakeAnswer answer;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code ec;
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return false;
  auto req = parser.release();
  recorded.method = std::string(req.method_string());
  recorded.target = std::string(req.target());
  const size_t q = recorded.target.find('?');
  recorded.path = recorded.target.substr(0, q);
  if (q != std::string::npos) recorded.query = decodeForm(recorded.target.substr(q + 1));
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    recorded.headers[name] = std::string(field.value());
  }
  recorded.body = std::move(req.body());
  recorded.connection = index;
  recorded.at = std::chrono::steady_clock::now();
  answer = handler(recorded);
  record(recorded);  // before answering: a client that has its answer finds the request recorded
  if (answer.delay.count() > 0 && !wait(answer.delay)) return false;  // stopped while holding the answer
  if (answer.drop) return false;                                        // closed without a word
  bhttp::response<bhttp::string_body> res(static_cast<bhttp::status>(answer.status), 11);
  res.set(bhttp::field::server, "eoc-fake");
  if (!answer.contentType.empty()) res.set(bhttp::field::content_type, answer.contentType);
  res.keep_alive(req.keep_alive() && !answer.close);
  res.body() = answer.body;
  res.prepare_payload();
  bhttp::write(stream, res, ec);
  return !ec && res.keep_alive();
}

}  // namespace

void FakeHttpServer::serve(std::shared_ptr<void> opaque, size_t index) {
  auto socket = std::static_pointer_cast<tcp::socket>(opaque);
  beast::flat_buffer buffer;
  std::function<bool(std::chrono::milliseconds)> wait = [this](std::chrono::milliseconds delay) {
    std::unique_lock lock(impl_->mutex);
    return !impl_->stopped.wait_for(lock, delay, [this] { return impl_->stopping; });
  };
  std::function<void(const ReceivedRequest&)> record = [this](const ReceivedRequest& r) {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(r);
    }
    arrived_.notify_all();
  };
  const int fd = socket->native_handle();
  // Readable (a next request, or the peer closing) within the idle timeout; always when none is set.
  auto nextRequestStarts = [&]() {
    const auto idle = idleTimeout_.load();
    if (idle <= 0 || buffer.size() > 0) return true;
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, int(idle)) > 0;
  };
  auto loop = [&](auto& stream) {
    while (serveOne(stream, buffer, handler_, index, record, wait) && nextRequestStarts()) {
    }
  };
  if (impl_->tls) {
    beast::ssl_stream<tcp::socket&> stream(*socket, *impl_->tls);
    beast::error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (!ec) loop(stream);
  } else {
    loop(*socket);
  }
  beast::error_code ignored;
  {
    std::lock_guard lock(impl_->mutex);
    auto& fds = impl_->openFds;
    fds.erase(std::remove(fds.begin(), fds.end(), socket->native_handle()), fds.end());
    socket->shutdown(tcp::socket::shutdown_both, ignored);
    socket->close(ignored);
  }
  {
    std::lock_guard lock(mutex_);
    ++closed_;
  }
  arrived_.notify_all();
}

size_t FakeHttpServer::connectionsClosed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool FakeHttpServer::waitForClosed(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return closed_ >= n; });
}

std::vector<ReceivedRequest> FakeHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t FakeHttpServer::requestCount() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

bool FakeHttpServer::waitForRequests(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

}  // namespace eoc::fakes
