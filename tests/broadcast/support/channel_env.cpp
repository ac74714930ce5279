#include "support/channel_env.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace eoc::testing {

using namespace broadcast::channels;

IoThreads::IoThreads() : guard_(boost::asio::make_work_guard(io_)) {
  for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
}

IoThreads::~IoThreads() {
  guard_.reset();
  io_.stop();
  for (auto& t : threads_) t.join();
}

ChannelEnv::ChannelEnv() : pki(fakes::makeTestPki(scratch.path(), {"127.0.0.1", "localhost"}, "vendor")) {
  net::ClientOptions options;
  options.extraCaFile = pki.caCert;  // an on-premises gateway's CA, as config would give it
  client = net::HttpClient::create(threads.io(), options);
  sender = std::make_unique<ChannelSender>(threads.io(), client);
}

ChannelEnv::~ChannelEnv() {
  sender.reset();
  client->closeIdle();
}

Verdict ChannelEnv::send(const Channel& channel, const ChannelMessage& message, bool recipientDrills, RenderContext ctx) {
  auto promise = std::make_shared<std::promise<Verdict>>();
  auto future = promise->get_future();
  sender->send(channel, message, recipientDrills, ctx, [promise](Verdict v) { promise->set_value(std::move(v)); });
  if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
    ADD_FAILURE() << "no verdict within 20 s";
    return Verdict{};
  }
  return future.get();
}

ChannelMessage rainstormWarning(const std::string& deliveryId) {
  ChannelMessage m;
  m.deliveryId = deliveryId;
  m.warningId = "w-17";
  m.identifier = "65010341600000_20260712150000_0";
  m.status = "Actual";
  m.msgType = "Alert";
  m.eventCode = "11B03";
  m.signal = "暴雨橙色预警信号";
  m.level = "orange";
  m.headline = "沙依巴克区气象台发布暴雨橙色预警信号";
  m.description = "预计未来3小时内本区将出现50毫米以上降水，部分路段可能积水。";
  m.guidance = "停止户外作业；转移低洼地区人员；关注积水点。";
  m.smsText = "暴雨橙色预警：3小时内降水将达50毫米以上，请防范积水。";
  m.senderName = "沙依巴克区应急管理局";
  m.sent = TimePoint(std::chrono::seconds(1783839600));  // 2026-07-12 15:00 +08:00
  m.expires = m.sent + std::chrono::hours(6);
  m.ackToken = "Qm9vbTEyMzQ1Njc4OTBhYmNkZWY";
  m.ackUrl = "https://eoc.example/a/" + m.ackToken;
  m.areaCodes = {"650103001"};
  m.capXml = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><status>Actual</status></alert>";
  return m;
}

ChannelMessage drillOf(ChannelMessage m) {
  m.status = "Exercise";
  m.capXml = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><status>Exercise</status></alert>";
  return m;
}

Channel channelFrom(const std::string& json, bool drills) {
  auto list = nlohmann::json::array({nlohmann::json::parse(json)});
  return parseChannels(list, "test.json", "/channels", drills).at(0);
}

}  // namespace eoc::testing
