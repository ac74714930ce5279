#include "http/json_body.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace eoc::http {

nlohmann::json parseJsonBody(const httplib::Request& req, const Limits& limits) {
  return parseJsonBody(req.body, limits);
}

nlohmann::json parseJsonBody(const std::string& text, const Limits& limits) {
  if (text.empty()) return nlohmann::json::object();
  bool tooDeep = false;
  auto body = nlohmann::json::parse(
      text,
      [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > limits.maxJsonDepth) tooDeep = true;
        return !tooDeep;
      },
      false);
  if (tooDeep)
    throw EocError(ErrorCode::InvalidJson,
                   "body: nested deeper than " + std::to_string(limits.maxJsonDepth) + " levels");
  if (body.is_discarded()) throw EocError(ErrorCode::InvalidJson, "body: not valid JSON");
  return body;
}

void requireObject(const nlohmann::json& value, const std::string& field, std::initializer_list<std::string_view> known,
                   const std::string& prefix) {
  if (!value.is_object()) throw EocError(ErrorCode::InvalidBody, field + ": must be a JSON object");
  for (const auto& item : value.items())
    if (std::find(known.begin(), known.end(), item.key()) == known.end())
      throw EocError(ErrorCode::UnknownProperty, prefix + item.key() + ": unknown property");
}

std::string nonEmptyString(const nlohmann::json& value, const std::string& field) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty())
    throw EocError(ErrorCode::InvalidBody, field + ": must be a non-empty string");
  return value.get<std::string>();
}

std::optional<std::string> optionalNonEmptyString(const nlohmann::json& object, const std::string& key,
                                                  const std::string& field) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return nonEmptyString(*it, field);
}

TimePoint beijingTime(const nlohmann::json& object, const std::string& key) {
  auto it = object.find(key);
  if (it == object.end()) throw EocError(ErrorCode::InvalidTime, key + ": is required");
  if (!it->is_string())
    throw EocError(ErrorCode::InvalidTime, key + ": must be a string like 2026-07-12T15:00:00+08:00");
  const auto& text = it->get_ref<const std::string&>();
  auto t = parseIso8601(text);
  if (!t || !text.ends_with("+08:00"))
    throw EocError(ErrorCode::InvalidTime, key + ": '" + text + "' is not Beijing time like 2026-07-12T15:00:00+08:00");
  return *t;
}

void replyJson(RequestContext& ctx, const nlohmann::json& body, int status) {
  ctx.res.status = status;
  ctx.res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

}  // namespace eoc::http
