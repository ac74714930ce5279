// bench-bare-httplib FILE PORT: answers every GET with FILE's bytes (read once), Nagle off and
// the same thread-pool size as eoc, so that a comparison measures eoc's own overhead.
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench-bare-httplib FILE PORT THREADS\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string body = buffer.str();
  size_t threads = std::stoul(argv[3]);
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.Get(".*", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/geo+json");
  });
  std::cerr << "bare httplib serving " << body.size() << " bytes on 127.0.0.1:" << argv[2] << std::endl;
  return server.listen("127.0.0.1", std::stoi(argv[2])) ? 0 : 1;
}
