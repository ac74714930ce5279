// eoc: config → service → server → wait for SIGTERM → graceful stop. Nothing else lives here.
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/principal.hpp"
#include "gis/layer_loader.hpp"
#include "http/drill_client.hpp"
#include "http/server.hpp"
#include "http/drill_command.hpp"
#include "service/duty_service.hpp"
#include "service/eoc_service.hpp"

namespace {

constexpr const char* kUsage = R"(usage:
  eoc serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--store URL] [--plans DIR] [--geodata DIR] [--web DIR]
  eoc check [--config FILE] [--plans DIR] [--geodata DIR]
  eoc token create --role ROLE [--subject ID] [--name NAME] [--data-dir DIR] [--store URL]
      roles: duty_officer approver committee (subject: 9-digit code) team (subject: team id) viewer admin
  eoc roster import FILE [--plans DIR] [--data-dir DIR]     the duty roster (.xlsx/.csv) into the store
  eoc import LAYER FILE [--from-crs EPSG:nnnn|gcj02|bd09] [--geodata DIR]
  eoc drill plan FILE|SCENARIO_ID [--data-dir DIR] [--store URL]
  eoc drill run ID --simulate [--seed N] [--data-dir DIR] [--store URL]
  eoc drill run ID [--speed N] [--server URL] [--token TOKEN]    live, on the serving eoc
  eoc drill finish ID [--server URL] [--token TOKEN]             end a live run there
  eoc drill report ID [--format json|html|csv] [--data-dir DIR] [--store URL]
  --store: SQLite in DIR or sqlite:DIR (default: the data dir), or postgresql://USER@HOST:PORT/DB
environment: EOC_LISTEN=HOST:PORT, EOC_DATA_DIR=DIR, EOC_STORE=URL, EOC_SERVER=URL (default http://EOC_LISTEN), EOC_TOKEN
)";

struct Arguments {
  std::vector<std::string> positional;
  std::string config, listen, dataDir, store, plans, geodata, web, role, subject, name, fromCrs, seed, format, server, token;
  std::optional<std::string> speed;
  bool simulate = false;
};

Arguments parseArguments(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) throw eoc::EocError(eoc::ErrorCode::InvalidParameter, arg + ": needs a value");
      out = argv[++i];
    };
    if (arg == "--config") value(a.config);
    else if (arg == "--listen") value(a.listen);
    else if (arg == "--data-dir") value(a.dataDir);
    else if (arg == "--store") value(a.store);
    else if (arg == "--plans") value(a.plans);
    else if (arg == "--geodata") value(a.geodata);
    else if (arg == "--web") value(a.web);
    else if (arg == "--role") value(a.role);
    else if (arg == "--subject") value(a.subject);
    else if (arg == "--name") value(a.name);
    else if (arg == "--from-crs") value(a.fromCrs);
    else if (arg == "--seed") value(a.seed);
    else if (arg == "--format") value(a.format);
    else if (arg == "--server") value(a.server);
    else if (arg == "--token") value(a.token);
    else if (arg == "--speed") value(a.speed.emplace());
    else if (arg == "--simulate") a.simulate = true;
    else if (arg.rfind("--", 0) == 0) throw eoc::EocError(eoc::ErrorCode::InvalidParameter, "unknown option " + arg);
    else a.positional.push_back(arg);
  }
  return a;
}

eoc::Config buildConfig(const Arguments& a) {
  eoc::Config config;
  if (!a.config.empty()) eoc::loadConfigFile(a.config, config);
  eoc::applyEnvironment(config);
  if (!a.listen.empty()) eoc::parseListen(a.listen, config);
  if (!a.dataDir.empty()) config.dataDir = a.dataDir;
  if (!a.store.empty()) config.store = a.store;
  if (!a.plans.empty()) config.plansDir = a.plans;
  if (!a.geodata.empty()) config.geodataDir = a.geodata;
  if (!a.web.empty()) config.webDir = a.web;
  if (auto problem = config.validate(); !problem.empty())
    throw eoc::EocError(eoc::ErrorCode::InvalidParameter, "config: " + problem);
  return config;
}

// The soft descriptor limit is often 1,024 while the hard one is far higher: every event stream,
// webhook connection and store connection holds one, and on the worst day the screens alone may
// pass a thousand. Take what the system allows, as nginx's worker_rlimit_nofile would.
void raiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const auto before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
    eoc::log::info("main", "descriptor limit raised",
                   {{"from", uint64_t(before)}, {"to", uint64_t(limit.rlim_cur)}});
}

int serve(const eoc::Config& config) {
  raiseDescriptorLimit();
  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  eoc::service::EocService service(config);
  service.start();
  eoc::http::Server server(service);
  int port = server.bind();
  if (port < 0) {
    eoc::log::error("main", "eoc: cannot listen on " + config.listenHost + ":" + std::to_string(config.listenPort));
    return 1;
  }
  // Scripts wait for this line ("ready on http://HOST:PORT/"): the port is the bound one.
  eoc::log::info("main", "eoc: ready on http://" + config.listenHost + ":" + std::to_string(port) + "/");
  std::thread listener([&server] { server.listen(); });
  int received = 0;
  sigwait(&signals, &received);
  eoc::log::info("main", std::string("eoc: ") + strsignal(received) + ", stopping");
  server.stop();  // stops accepting; in-flight requests finish before listen() returns
  listener.join();
  service.stop();
  eoc::log::info("main", "eoc: stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto args = parseArguments(argc, argv);
    if (args.positional.empty()) {
      std::cerr << kUsage;
      return 2;
    }
    const std::string& command = args.positional[0];
    auto config = buildConfig(args);
    if (command == "serve") return serve(config);
    if (command == "check") {
      for (const auto& line : eoc::service::checkData(config)) std::cout << line << "\n";
      std::cout << "eoc check: OK" << std::endl;
      return 0;
    }
    if (command == "token" && args.positional.size() == 2 && args.positional[1] == "create") {
      auto role = eoc::parseRole(args.role);
      if (!role) throw eoc::EocError(eoc::ErrorCode::InvalidParameter, "--role: unknown role \"" + args.role + "\"");
      auto token = eoc::service::createToken(config, *role, args.subject, args.name);
      std::cout << "token for " << args.role << (args.subject.empty() ? "" : ":" + args.subject)
                << " (shown once; store it safely):\n"
                << token << std::endl;
      return 0;
    }
    if (command == "roster" && args.positional.size() == 3 && args.positional[1] == "import") {
      // The store and the roster settings only: nothing of the serving eoc starts.
      auto result = eoc::service::importRosterFile(config, args.positional[2]);
      std::cout << "imported " << result.imported.size() << " shifts from " << eoc::formatBeijing(result.from)
                << " to " << eoc::formatBeijing(result.to) << " (replaced " << result.replaced << ", "
                << result.gaps.size() << " gaps)" << std::endl;
      return 0;
    }
    if (command == "import" && args.positional.size() == 3) {
      auto count = eoc::gis::importLayer(config.geodataDir, args.positional[1], args.positional[2], args.fromCrs);
      std::cout << "imported " << count << " features into layer " << args.positional[1] << std::endl;
      return 0;
    }
    if (command == "drill" && args.positional.size() == 3 &&
        ((args.positional[1] == "run" && !args.simulate) || args.positional[1] == "finish")) {
      eoc::http::RemoteDrillCommand remote{args.server, args.token, args.positional[1], args.positional[2], args.speed};
      if (remote.server.empty())
        remote.server = std::getenv("EOC_SERVER") ? std::getenv("EOC_SERVER")
                                                  : "http://" + config.listenHost + ":" + std::to_string(config.listenPort);
      if (remote.token.empty() && std::getenv("EOC_TOKEN")) remote.token = std::getenv("EOC_TOKEN");
      std::cout << eoc::http::runRemoteDrillCommand(remote) << std::endl;
      return 0;
    }
    if (command == "drill" && args.positional.size() == 3) {
      eoc::http::DrillCommand drill{args.positional[1], args.positional[2], args.simulate, 1,
                                       args.format.empty() ? "json" : args.format};
      if (!args.seed.empty()) {
        if (args.seed.find_first_not_of("0123456789") != std::string::npos || args.seed.size() > 19)
          throw eoc::EocError(eoc::ErrorCode::InvalidParameter, "--seed: must be a non-negative integer");
        drill.seed = std::stoull(args.seed);
      }
      // The store and the data only: nothing of the serving eoc starts (http/drill_command.hpp).
      std::cout << eoc::http::runDrillCommand(config, drill, eoc::Principal{eoc::Role::Admin, "", "cli", ""});
      return 0;
    }
    std::cerr << kUsage;
    return 2;
  } catch (const eoc::EocError& e) {
    std::cerr << "eoc: " << e.detail() << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "eoc: " << e.what() << std::endl;
    return 1;
  }
}
