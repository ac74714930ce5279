// Broadcast: delivery reports, acknowledgements, escalations and the live event stream.
#include <atomic>
#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "broadcast/event_hub.hpp"
#include "core/error.hpp"
#include "http/broadcast_render.hpp"
#include "http/broadcast_requests.hpp"
#include "http/event_render.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "http/duty_render.hpp"
#include "service/duty_service.hpp"
#include "service/broadcast_service.hpp"
#include "service/warnings_policy.hpp"

namespace eoc::http {

namespace {
using nlohmann::json;

const std::vector<Role> kReaders = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin, Role::Committee};
const std::vector<Role> kAnyone = {Role::DutyOfficer, Role::Approver, Role::Viewer,
                                   Role::Admin,       Role::Committee, Role::Team};

// Streams in use, shared by every /events handler of one server.
struct StreamSlots {
  std::atomic<size_t> active{0};
};

std::string frame(const broadcast::StampedEvent& e) {
  json data = renderEventData(e.event);
  json envelope = {{"id", e.id}, {"type", e.event.type}, {"at", e.at}, {"committee", e.event.committee},
                   {"exercise", e.event.exercise}, {"data", std::move(data)}};
  return "id: " + std::to_string(e.id) + "\nevent: " + e.event.type + "\ndata: " +
         envelope.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

}  // namespace

void addBroadcastRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET",
                    "/warnings/{id}/deliveries",
                    "Per recipient: first sent, attempts, delivered, acked (by whom, note), latency, escalations "
                    "(a committee sees the summary and its own row)",
                    kReaders,
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      const bool committee = ctx.principal->role == Role::Committee;
                      auto report = service.broadcast().deliveries(ctx.pathParam(0),
                                                                   committee ? ctx.principal->subject : "");
                      ctx.res.set_content(renderDeliveryReport(report).dump(), "application/json");
                    }});

  routes.push_back({"POST",
                    "/warnings/{id}/ack",
                    "Acknowledge a warning for the caller's own committee (idempotent; optional note)",
                    {Role::Committee},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto request = parseAckRequest(ctx.pathParam(0), parseJsonBody(ctx.req, service.config().limits));
                      auto outcome = service.broadcast().ack(*ctx.principal, request, ctx.requestId);
                      ctx.res.set_content(renderAckOutcome(outcome).dump(), "application/json");
                    }});

  routes.push_back({"GET",
                    "/escalations",
                    "Escalations of overdue acks, with the committee's phone list, and of reports upward fallen due (reports)",
                    {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin},
                    {{"open", "boolean", "only open escalations (default true)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      bool open = true;
                      if (auto v = queryValue(ctx.req, "open")) open = parseBoolean("open", *v);
                      auto body = renderEscalationList(service.broadcast().escalations(open));
                      // Reports upward that fell due unmet (the duty desk's escalations).
                      body["reports"] = nlohmann::json::array();
                      for (const auto& e : service.duty().escalations(open))
                        body["reports"].push_back(renderReportEscalation(e));
                      ctx.res.set_content(body.dump(), "application/json");
                    }});

  routes.push_back({"POST",
                    "/escalations/{id}/close",
                    "Close an open escalation with a note (duty officer)",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto request = parseCloseEscalation(ctx.pathParam(0),
                                                          parseJsonBody(ctx.req, service.config().limits));
                      auto closed = service.broadcast().closeEscalation(*ctx.principal, request, ctx.requestId);
                      ctx.res.set_content(renderEscalation(closed).dump(), "application/json");
                    }});

  // Events written to the shared journal (PostgreSQL) carry their data as this edge renders it,
  // so that another instance streams exactly what this one would.
  service.events().setRenderer(renderEventData);
  auto slots = std::make_shared<StreamSlots>();
  routes.push_back(
      {"GET",
       "/events",
       "Live events (SSE): warnings, deliveries, acks, escalations, teams; Last-Event-ID resumes",
       kAnyone,
       {{"committee", "string", "only events of this committee (and district-wide ones)"},
        {"last_event_id", "integer", "resume after this id (as the Last-Event-ID header)"}},
       "text/event-stream",
       [&service, slots](RequestContext& ctx) {
         const auto& settings = service.config().broadcast;
         broadcast::EventFilter filter;
         if (auto c = queryValue(ctx.req, "committee")) filter.committee = *c;
         // A committee screen sees its own committee only.
         if (ctx.principal->role == Role::Committee) filter.committee = ctx.principal->subject;
         // Desk-only events are drafts: the warnings area's policy says who sees them.
         filter.desk = service::WarningsPolicy::seesDrafts(ctx.principal);
         auto& hub = service.events();
         uint64_t after = hub.lastId();
         std::string resume = ctx.req.get_header_value("Last-Event-ID");
         if (auto q = queryValue(ctx.req, "last_event_id")) resume = *q;
         if (!resume.empty()) after = uint64_t(parseInteger("last_event_id", resume, 0, INT64_MAX));

         if (slots->active.fetch_add(1) >= settings.maxEventStreams) {
           slots->active.fetch_sub(1);
           ctx.res.set_header("Retry-After", "5");
           throw EocError(ErrorCode::NotReady, "all " + std::to_string(settings.maxEventStreams) +
                                                   " event streams are in use; retry later");
         }
         ctx.res.set_header("Cache-Control", "no-cache");
         ctx.res.set_header("X-Accel-Buffering", "no");
         struct Cursor {
           uint64_t after;
           bool greeted = false;
           std::chrono::steady_clock::time_point lastWrite = std::chrono::steady_clock::now();
         };
         auto cursor = std::make_shared<Cursor>(Cursor{after});
         const auto keepAlive = std::chrono::seconds(settings.keepAliveSeconds);
         ctx.res.set_chunked_content_provider(
             "text/event-stream",
             [&hub, filter, cursor, keepAlive](size_t, httplib::DataSink& sink) {
               std::string out;
               if (!cursor->greeted) {
                 out = "retry: 3000\n: eoc events after " + std::to_string(cursor->after) + "\n\n";
                 cursor->greeted = true;
               }
               // Short waits so that a stopping server is not held up by idle streams.
               auto r = hub.waitFor(cursor->after, filter, std::chrono::milliseconds(out.empty() ? 1000 : 0));
               if (r.gap)
                 out += "event: gap\ndata: " +
                        json{{"after", cursor->after}, {"detail", "events were dropped from the history; reload state"}}
                            .dump() +
                        "\n\n";
               for (const auto& e : r.events) out += frame(e);
               cursor->after = std::max(cursor->after, r.lastId);
               auto now = std::chrono::steady_clock::now();
               if (out.empty() && now - cursor->lastWrite >= keepAlive) out = ": keep-alive\n\n";
               if (!out.empty()) {
                 if (!sink.write(out.data(), out.size())) return false;
                 cursor->lastWrite = now;
               }
               if (hub.closed()) sink.done();
               return true;
             },
             [slots](bool) { slots->active.fetch_sub(1); });
       }});
}

}  // namespace eoc::http
