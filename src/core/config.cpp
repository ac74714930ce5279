#include "core/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace eoc {

namespace {

std::string validateRelay(const RelaySettings& r) {
  if (r.maxFeedBytes < 1024) return "relay.max_feed_bytes: need at least 1024";
  if (r.maxCapBytes < 1024) return "relay.max_cap_bytes: need at least 1024";
  if (r.maxEntries < 1) return "relay.max_entries: need at least 1";
  if (r.timeoutMs < 100) return "relay.timeout_ms: need at least 100";
  for (size_t i = 0; i < r.feeds.size(); ++i) {
    const auto& f = r.feeds[i];
    const std::string where = "relay.feeds[" + std::to_string(i) + "]";
    const bool http = f.url.starts_with("http://") && f.url.size() > 7;
    const bool https = f.url.starts_with("https://") && f.url.size() > 8;
    if (!http && !https) return where + ".url: '" + f.url + "' is not an http:// or https:// URL";
    if (f.url.find_first_of(" \t\r\n") != std::string::npos) return where + ".url: contains white space";
    // Polling faster than every 10 s only loads the upstream; warnings are minutes-scale.
    if (f.intervalSeconds < 10 || f.intervalSeconds > 86400)
      return where + ".interval_seconds: " + std::to_string(f.intervalSeconds) + " is not between 10 and 86400";
    for (size_t k = 0; k < i; ++k) {
      if (r.feeds[k].url == f.url) return where + ".url: '" + f.url + "' is listed twice";
      if (!f.name.empty() && r.feeds[k].name == f.name) return where + ".name: '" + f.name + "' is used twice";
    }
  }
  int slowest = 0;
  for (const auto& f : r.feeds) slowest = std::max(slowest, f.intervalSeconds);
  if (r.maxBackoffSeconds < slowest)
    return "relay.max_backoff_seconds: " + std::to_string(r.maxBackoffSeconds) +
           " is shorter than the longest interval_seconds, " + std::to_string(slowest);
  return {};
}

RelayFeed relayFeedFromJson(const nlohmann::json& j, const std::string& where,
                            const std::function<void(const std::string&, const std::string&)>& fail) {
  if (!j.is_object()) fail(where, "expected an object {url, interval_seconds, name}");
  RelayFeed feed;
  bool hasUrl = false;
  for (auto& [key, value] : j.items()) {
    if (key == "url") feed.url = value.get<std::string>(), hasUrl = true;
    else if (key == "interval_seconds") feed.intervalSeconds = value.get<int>();
    else if (key == "name") feed.name = value.get<std::string>();
    else fail(where + "/" + key, "unknown setting");
  }
  if (!hasUrl) fail(where + "/url", "missing");
  return feed;
}

}  // namespace

std::string Config::validate() const {
  if (listenHost.empty()) return "listen: host is empty";
  if (auto scheme = store.find("://"); scheme != std::string::npos) {
    std::string name = store.substr(0, scheme);
    if (name != "postgresql" && name != "postgres")
      return "store: \"" + name + "://\" is not a store; use a path, sqlite:PATH or postgresql://USER@HOST:PORT/DB";
  }
  if (listenPort < 0 || listenPort > 65535) return "listen: port " + std::to_string(listenPort) + " is out of range";
  if (httpThreads < 2) return "http_threads: need at least 2";
  if (backgroundThreads < 1) return "background_threads: need at least 1";
  if (stock.expiryWindowDays < 0 || stock.expiryWindowDays > 3650)
    return "stock.expiry_window_days: must be between 0 and 3650";
  if (limits.defaultPageSize == 0 || limits.defaultPageSize > limits.maxPageSize)
    return "limits.default_page_size must be between 1 and limits.max_page_size";
  if (limits.maxJsonDepth < 4) return "limits.max_json_depth: need at least 4";
  if (limits.maxPolygonVertices < 4) return "limits.max_polygon_vertices: need at least 4";
  if (limits.writesPerMinutePerToken > 0 && limits.writeBurstPerToken < 1)
    return "limits.write_burst_per_token: need at least 1 when writes are rate-limited";
  const auto& b = broadcast;
  if (b.ackDeadlineRed < 1 || b.ackDeadlineOrange < 1 || b.ackDeadlineYellow < 1 || b.ackDeadlineBlue < 1)
    return "broadcast.ack_deadline_*: need at least 1 second";
  if (b.escalationRepeat < 1) return "broadcast.escalation_repeat_seconds: need at least 1";
  if (b.retryBaseMs < 1 || b.retryMaxMs < b.retryBaseMs)
    return "broadcast.retry_base_ms must be at least 1 and not above broadcast.retry_max_ms";
  if (b.webhookTimeoutMs < 1) return "broadcast.webhook_timeout_ms: need at least 1";
  if (b.maxInFlight < 1) return "broadcast.max_in_flight: need at least 1";
  if (b.maxEventStreams < 1) return "broadcast.max_event_streams: need at least 1";
  if (b.keepAliveSeconds < 1) return "broadcast.keep_alive_seconds: need at least 1";
  if (b.eventRetainHours < 1) return "broadcast.event_retain_hours: need at least 1";
  if (b.eventRetainCount < 1000) return "broadcast.event_retain_count: need at least 1000";
  return validateRelay(relay);
}

void parseListen(const std::string& text, Config& config) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw EocError(ErrorCode::InvalidParameter, "listen: expected HOST:PORT, got \"" + text + "\"");
  std::string port = text.substr(colon + 1);
  for (char c : port)
    if (c < '0' || c > '9') throw EocError(ErrorCode::InvalidParameter, "listen: port \"" + port + "\" is not a number");
  if (port.size() > 5) throw EocError(ErrorCode::InvalidParameter, "listen: port \"" + port + "\" is out of range");
  config.listenHost = text.substr(0, colon);
  config.listenPort = std::stoi(port);
}

void applyEnvironment(Config& config) {
  if (const char* listen = std::getenv("EOC_LISTEN"); listen && *listen) parseListen(listen, config);
  if (const char* dir = std::getenv("EOC_DATA_DIR"); dir && *dir) config.dataDir = dir;
  if (const char* store = std::getenv("EOC_STORE"); store && *store) config.store = store;
}

void loadConfigFile(const std::filesystem::path& file, Config& config) {
  std::ifstream in(file);
  if (!in) throw EocError(ErrorCode::InvalidParameter, file.string() + ": cannot open config file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw EocError(ErrorCode::InvalidJson, file.string() + ": " + e.what());
  }
  auto fail = [&](const std::string& key, const std::string& why) {
    throw EocError(ErrorCode::InvalidParameter, file.string() + ": /" + key + ": " + why);
  };
  if (!j.is_object()) fail("", "expected an object");
  for (auto& [key, value] : j.items()) {
    try {
      if (key == "listen") parseListen(value.get<std::string>(), config);
      else if (key == "data_dir") config.dataDir = value.get<std::string>();
      else if (key == "store") config.store = value.get<std::string>();
      else if (key == "plans_dir") config.plansDir = value.get<std::string>();
      else if (key == "geodata_dir") config.geodataDir = value.get<std::string>();
      else if (key == "web_dir") config.webDir = value.get<std::string>();
      else if (key == "public_base_url") config.publicBaseUrl = value.get<std::string>();
      else if (key == "http_threads") config.httpThreads = value.get<size_t>();
      else if (key == "background_threads") config.backgroundThreads = value.get<size_t>();
      else if (key == "limits") {
        for (auto& [lk, lv] : value.items()) {
          if (lk == "max_body_bytes") config.limits.maxBodyBytes = lv.get<size_t>();
          else if (lk == "max_uri_bytes") config.limits.maxUriBytes = lv.get<size_t>();
          else if (lk == "max_json_depth") config.limits.maxJsonDepth = lv.get<int>();
          else if (lk == "max_polygon_vertices") config.limits.maxPolygonVertices = lv.get<size_t>();
          else if (lk == "default_page_size") config.limits.defaultPageSize = lv.get<size_t>();
          else if (lk == "max_page_size") config.limits.maxPageSize = lv.get<size_t>();
          else if (lk == "max_nearest_k") config.limits.maxNearestK = lv.get<size_t>();
          else if (lk == "writes_per_minute_per_token") config.limits.writesPerMinutePerToken = lv.get<size_t>();
          else if (lk == "write_burst_per_token") config.limits.writeBurstPerToken = lv.get<size_t>();
          else fail("limits/" + lk, "unknown setting");
        }
      } else if (key == "broadcast") {
        auto& b = config.broadcast;
        for (auto& [bk, bv] : value.items()) {
          if (bk == "recipients_file") b.recipientsFile = bv.get<std::string>();
          else if (bk == "ack_deadline_red_seconds") b.ackDeadlineRed = bv.get<int>();
          else if (bk == "ack_deadline_orange_seconds") b.ackDeadlineOrange = bv.get<int>();
          else if (bk == "ack_deadline_yellow_seconds") b.ackDeadlineYellow = bv.get<int>();
          else if (bk == "ack_deadline_blue_seconds") b.ackDeadlineBlue = bv.get<int>();
          else if (bk == "escalation_repeat_seconds") b.escalationRepeat = bv.get<int>();
          else if (bk == "retry_base_ms") b.retryBaseMs = bv.get<int>();
          else if (bk == "retry_max_ms") b.retryMaxMs = bv.get<int>();
          else if (bk == "webhook_timeout_ms") b.webhookTimeoutMs = bv.get<int>();
          else if (bk == "max_in_flight") b.maxInFlight = bv.get<size_t>();
          else if (bk == "max_event_streams") b.maxEventStreams = bv.get<size_t>();
          else if (bk == "keep_alive_seconds") b.keepAliveSeconds = bv.get<int>();
          else if (bk == "event_retain_hours") b.eventRetainHours = bv.get<int>();
          else if (bk == "event_retain_count") b.eventRetainCount = bv.get<int64_t>();
          else if (bk == "extra_ca_file") b.extraCaFile = bv.get<std::string>();
          else if (bk == "sms_report_key") b.smsReportKey = bv.get<std::string>();
          else fail("broadcast/" + bk, "unknown setting");
        }
      } else if (key == "relay") {
        auto& r = config.relay;
        if (!value.is_object()) fail(key, "expected an object");
        for (auto& [rk, rv] : value.items()) {
          if (rk == "feeds") {
            if (!rv.is_array()) fail("relay/feeds", "expected a list of {url, interval_seconds, name}");
            r.feeds.clear();
            for (size_t i = 0; i < rv.size(); ++i)
              r.feeds.push_back(relayFeedFromJson(rv[i], "relay/feeds/" + std::to_string(i), fail));
          } else if (rk == "max_feed_bytes") r.maxFeedBytes = rv.get<size_t>();
          else if (rk == "max_cap_bytes") r.maxCapBytes = rv.get<size_t>();
          else if (rk == "max_entries") r.maxEntries = rv.get<size_t>();
          else if (rk == "timeout_ms") r.timeoutMs = rv.get<int>();
          else if (rk == "max_backoff_seconds") r.maxBackoffSeconds = rv.get<int>();
          else fail("relay/" + rk, "unknown setting");
        }
      } else if (key == "stock") {
        if (!value.is_object()) fail(key, "expected an object");
        for (auto& [sk, sv] : value.items()) {
          if (sk == "expiry_window_days") config.stock.expiryWindowDays = sv.get<int>();
          else fail("stock/" + sk, "unknown setting");
        }
      } else fail(key, "unknown setting");
    } catch (const nlohmann::json::exception& e) {
      fail(key, std::string("wrong type: ") + e.what());
    }
  }
}

}  // namespace eoc
