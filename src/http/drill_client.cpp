#include "http/drill_client.hpp"

#include <stdexcept>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace eoc::http {

std::string runRemoteDrillCommand(const RemoteDrillCommand& c) {
  if (c.token.empty())
    throw std::runtime_error("drill " + c.verb + ": needs a duty officer's token (--token or EOC_TOKEN)");
  nlohmann::json body = nlohmann::json::object();
  if (c.verb == "run") {
    body["mode"] = "live";
    if (c.speed) {
      // A number when it reads as one; otherwise the text itself, so the server names what is wrong.
      auto parsed = nlohmann::json::parse(*c.speed, nullptr, false);
      body["speed"] = parsed.is_number() ? parsed : nlohmann::json(*c.speed);
    }
  } else if (c.verb != "finish") {
    throw std::runtime_error("drill: the remote commands are run and finish, got \"" + c.verb + "\"");
  }
  httplib::Client client(c.server);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  auto res = client.Post("/drills/" + c.drillId + "/" + c.verb, {{"Authorization", "Bearer " + c.token}}, body.dump(),
                         "application/json");
  if (!res) throw std::runtime_error("--server: cannot reach " + c.server + " (" + httplib::to_string(res.error()) + ")");
  if (res->status < 200 || res->status > 299) {
    auto problem = nlohmann::json::parse(res->body, nullptr, false);
    std::string detail = problem.is_object() ? problem.value("detail", res->body) : res->body;
    throw std::runtime_error(c.server + " answered " + std::to_string(res->status) + ": " + detail);
  }
  return res->body;
}

}  // namespace eoc::http
