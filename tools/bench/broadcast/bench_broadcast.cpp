// bench-broadcast: issue -> last webhook received for N local receivers; issue -> event seen by
// the last of S SSE subscribers; and, side by side, the same payload fanned out by an MQTT broker
// (mosquitto) to the same numbers of subscribers. Prints one line per figure. For 1,000 receivers
// and more it also times the issuing transaction alone (10 runs, nothing sent): the part of the
// delay before the first POST may leave.
//   bench-broadcast REPO_DIR [--sizes 18,1000,10000] [--sse 500] [--mqtt-port N] [--keep-alive on|off|both]
// Webhooks run with kept-alive connections per origin and with one connection per POST (the switch);
// the MQTT side compares eoc's MQTT channel with mosquitto_pub over the same subscribers.
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "broadcast/event_hub.hpp"
#include "core/random_id.hpp"
#include "http/server.hpp"
#include "receiver.hpp"
#include "service/broadcast_service.hpp"
#include "service/eoc_service.hpp"
#include "service/runtime.hpp"
#include "socket_fanout.hpp"
#include "store/open.hpp"

namespace {

using namespace eoc;
using Ms = std::chrono::duration<double, std::milli>;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
  return v[i];
}

void report(const std::string& what, const std::vector<double>& perItem, const std::vector<double>& lastPerRun,
            size_t missing) {
  std::printf("%-44s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms | last of run: p50 %8.2f max %8.2f ms (%zu runs)%s\n",
              what.c_str(), percentile(perItem, 0.5), percentile(perItem, 0.99),
              perItem.empty() ? 0 : *std::max_element(perItem.begin(), perItem.end()), percentile(lastPerRun, 0.5),
              lastPerRun.empty() ? 0 : *std::max_element(lastPerRun.begin(), lastPerRun.end()), lastPerRun.size(),
              missing ? (" MISSING " + std::to_string(missing)).c_str() : "");
  std::fflush(stdout);
}

std::string capPayload() {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">";
  xml += "<identifier>65010300000000_20260712150000_1</identifier><sender>eoc.650103</sender>";
  for (int i = 0; i < 18; ++i) xml += "<area><areaDesc>片区管委会</areaDesc><geocode><valueName>GB/T 2260</valueName><value>650103001</value></geocode></area>";
  return xml + "</alert>";
}

class FixedClock final : public TimeSource {
 public:
  TimePoint now() const override { return std::chrono::time_point_cast<std::chrono::seconds>(Clock::now()); }
};

// KeepAlive and ConnectionPerPost deliver; IssueOnly times the issuing transaction alone (the
// service is not started, so nothing is sent): the part of the delay before any POST may leave.
enum class Mode { KeepAlive, ConnectionPerPost, IssueOnly };

void webhooks(size_t n, int runs, const std::string& payload, Mode mode) {
  const bool keepAlive = mode != Mode::ConnectionPerPost;
  auto dir = std::filesystem::temp_directory_path() / ("eoc-bench-broadcast-" + randomHex(6));
  Config config;
  FixedClock clock;
  gis::LayerCatalog layers;
  auto store = store::openStore(dir, clock);
  broadcast::EventHub events(20000);
  service::Runtime runtime(config.backgroundThreads, clock);
  service::ServiceContext ctx(config, clock, layers, *store, runtime.io(), runtime.scheduler(), events);
  tools::Receiver receiver(kSecret, /*keepBodies=*/false);
  receiver.up();
  nlohmann::json doc = {{"recipients", nlohmann::json::array()}};
  std::vector<broadcast::CommitteeGeometry> names;  // no geometry: every recipient targets by code
  std::vector<std::string> codes;
  for (size_t i = 0; i < n; ++i) {
    std::string code = "r" + std::to_string(100000 + i);
    names.push_back({code, code, {}});
    codes.push_back(code);
    doc["recipients"].push_back({{"code", code}, {"webhook", {{"url", receiver.url(code)}, {"secret", kSecret}}}});
  }
  service::BroadcastService broadcast(ctx, broadcast::parseRecipients(doc.dump(), "bench", names),
                                      service::BroadcastOptions{false, std::chrono::milliseconds(1000)});
  if (mode != Mode::IssueOnly) broadcast.start();
  // The switch: kept-alive connections per origin (the default), or one connection per POST.
  auto clientOptions = broadcast::defaultWebhookClientOptions();
  if (!keepAlive) {
    clientOptions.keepAlive = false;
    clientOptions.maxConnectionsPerOrigin = 4096;  // broadcast.max_in_flight bounds concurrency
    clientOptions.maxIdlePerOrigin = 0;
  }
  broadcast::configureWebhookClient(runtime.io(), clientOptions);
  std::vector<double> perWebhook, lastPerRun, issuing;
  size_t missing = 0, unrecorded = 0;
  for (int run = 0; run < runs; ++run) {
    const size_t base = receiver.count();
    service::OutgoingMessage m;
    m.warningId = "bench-" + std::to_string(run);
    m.identifier = "65010300000000_bench_" + randomHex(6);
    m.msgType = "Alert";
    m.status = "Actual";
    m.type = "rainstorm";
    m.level = "red";
    m.committees = codes;
    m.capXml = payload;
    m.sent = clock.now();
    m.expires = clock.now() + std::chrono::hours(6);
    const auto issued = std::chrono::system_clock::now();
    store->database().write([&](store::Transaction& tx) { broadcast.enqueue(tx, m); });
    // The issuing transaction: nothing may leave before it commits.
    issuing.push_back(Ms(std::chrono::system_clock::now() - issued).count());
    if (mode == Mode::IssueOnly) continue;
    if (!receiver.waitForArrivals(base + n, std::chrono::seconds(120))) missing += base + n - receiver.count();
    auto all = receiver.arrivals();
    double last = 0;
    for (size_t i = base; i < all.size(); ++i) {
      double ms = Ms(all[i].arrivedAt - issued).count();
      perWebhook.push_back(ms);
      last = std::max(last, ms);
    }
    lastPerRun.push_back(last);
    broadcast.waitIdle(std::chrono::seconds(60));
    // Arrived is half the work: the store must also say delivered, or a restart sends them again.
    const size_t recorded = broadcast.deliveries(m.warningId).summary.delivered;
    if (recorded < n) unrecorded += n - recorded;
  }
  if (mode == Mode::IssueOnly) {
    std::printf("%-44s min %8.2f ms  p50 %8.2f ms  max %8.2f ms (%d runs)\n",
                ("issuing transaction alone, " + std::to_string(n) + " recipients").c_str(),
                *std::min_element(issuing.begin(), issuing.end()), percentile(issuing, 0.5),
                *std::max_element(issuing.begin(), issuing.end()), runs);
  } else {
    report("webhooks issue->received, " + std::to_string(n) + (keepAlive ? " keep-alive" : " conn/POST"), perWebhook,
           lastPerRun, missing);
    std::printf("  of which the issuing transaction (%zu deliveries committed): p50 %.1f ms, max %.1f ms\n", n,
                percentile(issuing, 0.5), *std::max_element(issuing.begin(), issuing.end()));
    if (unrecorded) std::printf("  UNRECORDED %zu: arrived, but the store does not say delivered\n", unrecorded);
  }
  if (mode != Mode::IssueOnly) broadcast.stop();
  runtime.stop();
  receiver.down();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

void sse(const std::filesystem::path& repo, size_t subscribers, int runs) {
  Config config;
  config.listenHost = "127.0.0.1";
  config.listenPort = 0;
  config.plansDir = repo / "plans";
  config.geodataDir = repo / "geodata";
  config.dataDir = std::filesystem::temp_directory_path() / ("eoc-bench-sse-" + randomHex(6));
  config.broadcast.maxEventStreams = std::max<size_t>(subscribers + 10, config.broadcast.maxEventStreams);
  std::string token = service::createToken(config, Role::Viewer, "", "bench");
  service::EocService service(config);
  service.start();
  http::Server server(service);
  int port = server.bind();
  std::thread listener([&] { server.listen(); });
  std::vector<int> fds;
  const std::string request =
      "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  for (size_t i = 0; i < subscribers; ++i) {
    int fd = bench::connectLoopback(port);
    if (fd < 0) break;
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    fds.push_back(fd);
  }
  // Every stream has been greeted before the first publish.
  bool greeted = bench::awaitAll(
      fds, [](size_t, const std::string& b) { return b.find("eoc events after") != std::string::npos; },
      std::chrono::seconds(60));
  std::vector<double> perSubscriber, lastPerRun;
  size_t missing = greeted ? subscribers - fds.size() : subscribers;
  for (int run = 0; greeted && run < runs; ++run) {
    const std::string marker = "bench-" + std::to_string(run) + "-" + randomHex(4);
    auto result = bench::awaitFanout(
        fds, [&] { service.events().publish(Event{"warning.issued", "", false, {{"marker", marker}}}); },
        [&](size_t, const std::string& b) { return b.find(marker) != std::string::npos; }, std::chrono::seconds(30));
    perSubscriber.insert(perSubscriber.end(), result.perSubscriberMs.begin(), result.perSubscriberMs.end());
    lastPerRun.push_back(result.lastMs);
    missing += result.missing;
  }
  report("SSE publish->seen, " + std::to_string(subscribers) + " subscribers", perSubscriber, lastPerRun, missing);
  for (int fd : fds) ::close(fd);
  server.stop();
  listener.join();
  service.stop();
  std::error_code ignored;
  std::filesystem::remove_all(config.dataDir, ignored);
}

void mqtt(int port, size_t subscribers, int runs, const std::string& payload) {
  std::vector<double> perSubscriber, lastPerRun;
  size_t missing = 0;
  for (int run = 0; run < runs; ++run) {
    auto r = bench::mqttFanout(port, subscribers, payload, std::chrono::seconds(60));
    perSubscriber.insert(perSubscriber.end(), r.perSubscriberMs.begin(), r.perSubscriberMs.end());
    lastPerRun.push_back(r.lastMs);
    missing += r.missing;
  }
  report("mosquitto publish->received, " + std::to_string(subscribers) + " subs", perSubscriber, lastPerRun, missing);
}

// A child process, not waited for here (the fan-out is measured while it runs).
pid_t spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  return pid;
}

// The MQTT channel of eoc against mosquitto's own client: the same broker, the same `subscribers`
// connections (one topic: the committee topic every screen of that committee subscribes to), the
// same CAP payload. eoc: issue (the outbox write) -> last subscriber received, through the
// service's queue, its libmosquitto publisher (QoS 1, retained) and the broker. mosquitto_pub:
// process start -> last received, QoS 1, the payload from a file. Runs alternate.
void mqttChannel(int port, size_t subscribers, int runs, const std::string& payload) {
  auto dir = std::filesystem::temp_directory_path() / ("eoc-bench-mqtt-" + randomHex(6));
  std::filesystem::create_directories(dir);
  Config config;
  config.dataDir = dir;
  FixedClock clock;
  gis::LayerCatalog layers;
  auto store = store::openStore(dir, clock);
  broadcast::EventHub events(20000);
  service::Runtime runtime(config.backgroundThreads, clock);
  service::ServiceContext ctx(config, clock, layers, *store, runtime.io(), runtime.scheduler(), events);
  const std::string topic = "eoc/650103/650103001/warnings";
  const std::string url = "mqtt://127.0.0.1:" + std::to_string(port);
  nlohmann::json doc = {{"recipients",
                         {{{"code", "650103001"}, {"channels", {{{"kind", "mqtt"}, {"url", url}, {"topic", topic}}}}}}}};
  std::vector<broadcast::CommitteeGeometry> names = {{"650103001", "650103001", {}}};
  service::BroadcastService broadcast(ctx, broadcast::parseRecipients(doc.dump(), "bench", names),
                                      service::BroadcastOptions{false, std::chrono::milliseconds(1000)});
  broadcast.start();
  auto fds = bench::mqttSubscribers(port, subscribers, topic, std::chrono::seconds(120));
  if (fds.empty()) {
    std::printf("mqtt channel: %zu subscribers could not connect\n", subscribers);
    return;
  }
  std::vector<double> eocEach, eocLast, pubEach, pubLast;
  size_t eocMissing = 0, pubMissing = 0;
  for (int run = 0; run < runs; ++run) {
    // A marker per run: a subscriber has it when the bytes it read contain it (a retained message
    // of an earlier run carries another).
    const std::string marker = "65010300000000_mqtt_" + randomHex(6);
    std::string xml = payload;
    xml.replace(xml.find("65010300000000_20260712150000_1"), 31, marker);
    service::OutgoingMessage m;
    m.warningId = "mqtt-" + std::to_string(run);
    m.identifier = marker;
    m.msgType = "Alert";
    m.status = "Actual";
    m.type = "rainstorm";
    m.level = "red";
    m.committees = {"650103001"};
    m.capXml = xml;
    m.sent = clock.now();
    m.expires = clock.now() + std::chrono::hours(6);
    auto seen = [&](const std::string& mark) {
      return [mark](size_t, const std::string& b) { return b.find(mark) != std::string::npos; };
    };
    auto r = bench::awaitFanout(
        fds, [&] { store->database().write([&](store::Transaction& tx) { broadcast.enqueue(tx, m); }); },
        seen(marker), std::chrono::seconds(60));
    eocEach.insert(eocEach.end(), r.perSubscriberMs.begin(), r.perSubscriberMs.end());
    eocLast.push_back(r.lastMs);
    eocMissing += r.missing;
    broadcast.waitIdle(std::chrono::seconds(30));

    const std::string pubMarker = "65010300000000_pub_" + randomHex(6);
    std::string pubXml = payload;
    pubXml.replace(pubXml.find("65010300000000_20260712150000_1"), 31, pubMarker);
    const auto file = dir / "payload.xml";
    { std::ofstream(file) << pubXml; }
    pid_t child = -1;
    auto p = bench::awaitFanout(
        fds,
        [&] {
          child = spawn({"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(port), "-t", topic, "-q", "1",
                         "-f", file.string()});
        },
        seen(pubMarker), std::chrono::seconds(60));
    int status = 0;
    if (child > 0) ::waitpid(child, &status, 0);
    pubEach.insert(pubEach.end(), p.perSubscriberMs.begin(), p.perSubscriberMs.end());
    pubLast.push_back(p.lastMs);
    pubMissing += p.missing;
  }
  report("eoc MQTT channel issue->received, " + std::to_string(subscribers) + " subs", eocEach, eocLast, eocMissing);
  report("mosquitto_pub publish->received, " + std::to_string(subscribers) + " subs", pubEach, pubLast, pubMissing);
  const double eocP50 = percentile(eocLast, 0.5), pubP50 = percentile(pubLast, 0.5);
  std::printf("%-44s %.2f x (last received, p50 of runs; target within 1.5 x)\n", "eoc MQTT / mosquitto_pub",
              pubP50 > 0 ? eocP50 / pubP50 : 0.0);
  std::fflush(stdout);
  for (int fd : fds) ::close(fd);
  broadcast.stop();
  runtime.stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench-broadcast REPO_DIR [--sizes 18,1000,10000] [--sse 500] [--mqtt-port N] [--keep-alive on|off|both]\n";
    return 2;
  }
  std::filesystem::path repo = argv[1];
  std::vector<size_t> sizes = {18, 1000, 10000};
  size_t sseSubscribers = 500;
  int mqttPort = 0;
  std::string keepAlive = "both";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--sizes") {
      sizes.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoul(item));
    } else if (arg == "--sse") {
      sseSubscribers = std::stoul(argv[i + 1]);
    } else if (arg == "--mqtt-port") {
      mqttPort = std::stoi(argv[i + 1]);
    } else if (arg == "--keep-alive") {
      keepAlive = argv[i + 1];  // on | off | both
    }
  }
  const std::string payload = capPayload();
  for (size_t n : sizes) {
    int runs = n <= 100 ? 30 : n <= 1000 ? 5 : 3;
    if (n >= 1000) webhooks(n, 10, payload, Mode::IssueOnly);
    if (keepAlive != "off") webhooks(n, runs, payload, Mode::KeepAlive);
    if (keepAlive != "on") webhooks(n, runs, payload, Mode::ConnectionPerPost);
    if (mqttPort) {
      mqtt(mqttPort, n, runs, payload);
      mqttChannel(mqttPort, n, std::max(runs, 3), payload);
    }
  }
  if (sseSubscribers) {
    sse(repo, sseSubscribers, 10);
    if (mqttPort) mqtt(mqttPort, sseSubscribers, 10, payload);
  }
  return 0;
}
