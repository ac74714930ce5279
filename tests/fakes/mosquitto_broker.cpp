#include "mosquitto_broker.hpp"

#include <arpa/inet.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <pwd.h>
#include <unistd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace eoc::fakes {

namespace {

int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string currentUserName() {
  const passwd* entry = ::getpwuid(::geteuid());
  if (!entry) throw std::runtime_error("mosquitto broker: no user name for uid " + std::to_string(::geteuid()));
  return entry->pw_name;
}

}  // namespace

MosquittoBroker::MosquittoBroker(std::filesystem::path dir, std::string user, std::string password)
    : dir_(std::move(dir)), user_(std::move(user)), password_(std::move(password)) {
  std::filesystem::create_directories(dir_);
}

MosquittoBroker::~MosquittoBroker() { stop(); }

int MosquittoBroker::start(int port) {
  if (pid_ > 0) return port_;
  // A free port found by binding port 0 and closing it can be taken by a parallel test before
  // mosquitto binds it; mosquitto then exits at once. Such an early exit on a port we chose is
  // retried on another port; a broker that runs but never becomes ready is not.
  const int attempts = port ? 1 : 5;
  for (int attempt = 1;; ++attempt) {
    try {
      return startOnce(port ? port : freePort());
    } catch (const EarlyExit& e) {
      if (attempt >= attempts) throw std::runtime_error(e.what());
    }
  }
}

int MosquittoBroker::startOnce(int port) {
  port_ = port;
  const auto conf = dir_ / "mosquitto.conf";
  {
    std::ofstream out(conf);
    out << "listener " << port_ << " 127.0.0.1\n"
        << "log_dest stderr\nlog_type information\n"
        << "persistence false\n"
        // Started as root, mosquitto switches to the user "mosquitto", which cannot read the
        // password file inside the test's private (0700) temporary directory: stay who we are.
        << "user " << currentUserName() << "\n";
    if (user_.empty()) {
      out << "allow_anonymous true\n";
    } else {
      const auto passwords = dir_ / "passwords";
      std::ofstream(passwords).close();
      const std::string cmd = "mosquitto_passwd -b '" + passwords.string() + "' '" + user_ + "' '" + password_ + "' >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("mosquitto_passwd failed");
      out << "allow_anonymous false\npassword_file " << passwords.string() << "\n";
    }
  }
  int pipeFds[2];
  if (::pipe(pipeFds) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipeFds[1], STDOUT_FILENO);
    ::dup2(pipeFds[1], STDERR_FILENO);
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
    ::execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipeFds[1]);
  {
    std::lock_guard lock(mutex_);
    log_.clear();
    ended_ = false;
  }
  drain_ = std::thread([this, fd = pipeFds[0]] {
    char buf[512];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      std::lock_guard lock(mutex_);
      if (n <= 0) {
        ended_ = true;
        break;
      }
      log_.append(buf, size_t(n));
      if (log_.size() > (1 << 20)) log_.erase(0, log_.size() - 4096);  // keep only the tail
      logged_.notify_all();
    }
    ::close(fd);
    logged_.notify_all();
  });
  // Ready when the log says it opened its listener and runs.
  bool ready;
  bool exited;
  std::string log;
  {
    std::unique_lock lock(mutex_);
    ready = logged_.wait_for(lock, std::chrono::seconds(15), [this] {
      return ended_ || (log_.find("running") != std::string::npos && log_.find("listen socket") != std::string::npos);
    }) && !ended_;
    exited = ended_;
    log = log_;
  }
  if (!ready) {
    stop();
    if (exited) throw EarlyExit("mosquitto exited while starting on port " + std::to_string(port_) + ": " + log);
    throw std::runtime_error("mosquitto did not start: " + log);
  }
  return port_;
}

void MosquittoBroker::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();
}

}  // namespace eoc::fakes
