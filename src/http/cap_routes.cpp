// The public CAP feed and CAP ingest from the city observatory (the warnings area's CAP routes;
// the same road as http/warnings_routes.cpp).
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/server.hpp"
#include "http/warnings_render.hpp"
#include "service/relay_service.hpp"
#include "service/warnings_service.hpp"

namespace eoc::http {

void addCapRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET", "/cap/feed.atom", "Atom feed of Actual, Public warnings: live and ended within 48 h", {},
                    {}, "application/atom+xml", [&service](RequestContext& ctx) {
                      ctx.res.set_content(service.warnings().feed({ctx.baseUrl}), "application/atom+xml");
                    }});

  routes.push_back(
      {"POST",
       "/cap/ingest",
       "Relay an upstream CAP 1.2 message (Alert → relay draft; Update/Cancel → the draft or a proposal; Ack)",
       {Role::DutyOfficer, Role::Admin},
       {},
       "application/json",
       [&service](RequestContext& ctx) {
         auto result = service.warnings().ingest(*ctx.principal, {ctx.req.body}, ctx.requestId);
         const bool created = result.outcome == service::IngestOutcome::Drafted && !result.duplicate;
         replyJson(ctx, renderIngest(result), created ? 201 : 200);
       }});

  routes.push_back({"GET",
                    "/relay/feeds",
                    "The upstream CAP feeds eoc polls (config relay.feeds): state, last success, last error, counters",
                    {Role::DutyOfficer, Role::Approver, Role::Admin},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderRelayStatus(service.relay().status())); }});
}

}  // namespace eoc::http
