#include "core/config.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace eoc {

std::string Config::validate() const {
  if (listenHost.empty()) return "listen: host is empty";
  if (listenPort < 0 || listenPort > 65535) return "listen: port " + std::to_string(listenPort) + " is out of range";
  if (httpThreads < 2) return "http_threads: need at least 2";
  if (backgroundThreads < 1) return "background_threads: need at least 1";
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
  return {};
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
          else fail("broadcast/" + bk, "unknown setting");
        }
      } else fail(key, "unknown setting");
    } catch (const nlohmann::json::exception& e) {
      fail(key, std::string("wrong type: ") + e.what());
    }
  }
}

}  // namespace eoc
