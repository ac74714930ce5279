#include "http/json_body.hpp"

#include "core/error.hpp"

namespace eoc::http {

nlohmann::json parseJsonBody(const httplib::Request& req, const Limits& limits) {
  if (req.body.empty()) return nlohmann::json::object();
  bool tooDeep = false;
  auto body = nlohmann::json::parse(
      req.body,
      [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > limits.maxJsonDepth) tooDeep = true;
        return !tooDeep;
      },
      false);
  if (tooDeep)
    throw EocError(ErrorCode::InvalidJson, "body: nested deeper than " + std::to_string(limits.maxJsonDepth) + " levels");
  if (body.is_discarded()) throw EocError(ErrorCode::InvalidJson, "body: not valid JSON");
  return body;
}

void replyJson(RequestContext& ctx, const nlohmann::json& body, int status) {
  ctx.res.status = status;
  ctx.res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

}  // namespace eoc::http
