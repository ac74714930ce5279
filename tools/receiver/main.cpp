// eoc-receiver: the webhook receiver as a process (see receiver.hpp).
//   eoc-receiver [--port N] [--secret whsec_...] [--fail NAME]... [--slow-ms N]
// Prints "listening <port>" then one JSON line per arrival to stdout until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "receiver.hpp"

namespace {
volatile std::sig_atomic_t gStop = 0;
void onSignal(int) { gStop = 1; }
}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::string secret;
  std::vector<std::string> failing;
  int slowMs = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--port") port = std::stoi(next());
    else if (arg == "--secret") secret = next();
    else if (arg == "--fail") failing.push_back(next());
    else if (arg == "--slow-ms") slowMs = std::stoi(next());
    else {
      std::cerr << "usage: eoc-receiver [--port N] [--secret whsec_...] [--fail NAME]... [--slow-ms N]\n";
      return 2;
    }
  }
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  eoc::tools::Receiver receiver(secret, /*keepBodies=*/false);
  for (const auto& name : failing) receiver.setBehaviour(name, eoc::tools::Behaviour::Fail);
  if (slowMs > 0) receiver.setDefaultBehaviour(eoc::tools::Behaviour::Slow, std::chrono::milliseconds(slowMs));
  std::cout << "listening " << receiver.up(port) << std::endl;
  size_t printed = 0;
  while (!gStop) {
    receiver.waitForArrivals(printed + 1, std::chrono::milliseconds(200));
    auto all = receiver.arrivals();
    for (; printed < all.size(); ++printed) {
      const auto& a = all[printed];
      std::printf("{\"name\":\"%s\",\"webhook_id\":\"%s\",\"signature_valid\":%s,\"duplicate\":%s,\"status\":%d}\n",
                  a.name.c_str(), a.webhookId.c_str(), a.signatureValid ? "true" : "false",
                  a.duplicate ? "true" : "false", a.answered);
    }
    std::fflush(stdout);
  }
  receiver.down();
  return 0;
}
