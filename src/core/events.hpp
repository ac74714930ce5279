#pragma once
// What domain modules publish when something changes (a warning issued, a team en route, an
// ack received...). The broadcast module's event hub implements EventSink and serves the events
// to the dashboard and committee screens over SSE; domain code only knows this interface.
#include <any>
#include <string>

#include <nlohmann/json.hpp>

namespace eoc {

struct Event {
  std::string type;       // "<area>.<what>": "warning.issued", "team.status", "delivery.acked", ...
  std::string committee;  // the committee code it concerns, empty when it concerns everyone
  bool exercise = false;  // produced by a drill: screens must show it as such
  // The changed thing as the API renders it — for areas that render their own event data.
  nlohmann::json data;
  // Not yet public (a warning draft, a relay awaiting review): only the duty desk (duty
  // officers, approvers, admins) may see it, as GET /warnings hides drafts from everyone else.
  bool deskOnly = false;
  // The changed thing as its area's typed result (e.g. a std::shared_ptr<const
  // service::WarningView> for "warning.*"): the HTTP edge renders it with that area's renderer
  // when it streams the event, so an event shows exactly what the API shows. Empty: use `data`.
  std::any payload{};
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Must not block on the network: called from HTTP workers and the background runtime,
  // typically right after a transaction commits.
  virtual void publish(Event event) = 0;
};

}  // namespace eoc
