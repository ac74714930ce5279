#pragma once
// `eoc drill run ID` (live) and `eoc drill finish ID` ask the serving eoc over HTTP: a live run
// belongs to the process whose timers fire its injects and whose server takes the committees'
// acknowledgements, so the command line is a client of it, not a second owner of the store.
#include <optional>
#include <string>

namespace eoc::http {

struct RemoteDrillCommand {
  std::string server;  // "http://127.0.0.1:8080"
  std::string token;   // a duty officer's or admin's bearer token
  std::string verb;    // "run" (live) | "finish"
  std::string drillId;
  std::optional<std::string> speed;  // passed on as given; the server validates it
};

// Returns the server's answer (the drill as JSON). Throws std::runtime_error naming the server
// and, for an answer that is not 2xx, the status and the problem's detail.
std::string runRemoteDrillCommand(const RemoteDrillCommand& command);

}  // namespace eoc::http
