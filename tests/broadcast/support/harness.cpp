#include "support/harness.hpp"

#include "core/random_id.hpp"
#include "store/open.hpp"

#include <cstdio>

namespace eoc::testing {

std::string committeeCode(size_t i) {
  char code[16];
  std::snprintf(code, sizeof code, "650103%03zu", i);
  return code;
}

gis::Polygon box(double west, double south, double east, double north) {
  gis::Polygon p;
  p.outer() = {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}};
  return p;
}

std::vector<broadcast::CommitteeGeometry> committeeLayer(size_t n) {
  std::vector<broadcast::CommitteeGeometry> out;
  for (size_t i = 1; i <= n; ++i)
    out.push_back({committeeCode(i), "committee " + std::to_string(i),
                   gis::MultiPolygon{box(lonAt(i - 1), kSouth, lonAt(i), kSouth + kSide)}});
  return out;
}

namespace {
Config withFastTimeouts(Config c) {
  c.broadcast.webhookTimeoutMs = 2000;
  return c;
}
}  // namespace

Harness::Harness(const std::filesystem::path& dataDir, broadcast::RecipientList recipients, Config cfg, bool start)
    : config(withFastTimeouts(std::move(cfg))),
      clock(*parseIso8601("2026-07-12T15:00:00+08:00")),
      store(store::openStore(dataDir, clock)),
      runtime(2, clock),
      context(config, clock, layers, *store, runtime.io(), runtime.scheduler(), events) {
  service::BroadcastOptions options;
  options.autoTick = false;  // time moves only through runDue(clock.now())
  service = std::make_unique<service::BroadcastService>(context, std::move(recipients), options);
  if (start) service->start();
}

Harness::~Harness() {
  service->stop();
  runtime.stop();
  service.reset();
}

service::OutgoingMessage Harness::issue(const std::string& warningId, const std::vector<std::string>& committees,
                                        const std::string& level, const std::string& status,
                                        const std::string& msgType, const std::optional<gis::Polygon>& polygon) {
  service::OutgoingMessage m;
  m.warningId = warningId;
  m.identifier = "65010300000000_20260712150000_" + randomHex(4);
  m.msgType = msgType;
  m.status = status;
  m.type = "rainstorm";
  m.level = level;
  m.committees = committees;
  m.polygon = polygon;
  m.capXml = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>" + m.identifier +
             "</identifier></alert>";
  m.sms = "【沙依巴克区应急管理局】暴雨红色预警";
  // What the chat and SMS channels render; the warning id in the headline lets a test find each one.
  m.texts.headline = "暴雨" + level + "预警 " + warningId;
  m.texts.signal = "预计未来3小时内将出现强降水。";
  m.texts.guidance = "转移低洼地区人员。";
  m.texts.sms = "暴雨预警 " + warningId;
  m.sent = clock.now();
  m.expires = clock.now() + std::chrono::hours(6);
  store->database().write([&](store::Transaction& tx) { service->enqueue(tx, m); });
  return m;
}

}  // namespace eoc::testing
