// The incident register: register (with the plan activation, first_known_at and level), list,
// read, dispatch teams, report upward in stages, draft the report, close. Handlers parse
// (http/incidents_requests.hpp, http/duty_requests.hpp), call one use case (IncidentsService or
// DutyService) and render (http/incidents_render.hpp, http/duty_render.hpp).
#include "core/error.hpp"
#include "http/duty_render.hpp"
#include "http/duty_requests.hpp"
#include "http/incidents_render.hpp"
#include "http/incidents_requests.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "service/duty_service.hpp"
#include "service/incidents_service.hpp"

namespace eoc::http {

namespace {

using json = nlohmann::json;

const std::vector<Role> kDeskRead = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin};
const std::vector<Role> kAnyToken = {Role::DutyOfficer, Role::Approver, Role::Committee,
                                     Role::Team,        Role::Viewer,   Role::Admin};

// The incident with the duty desk's side: state, level, first_known_at, reports, due reports, log.
json withDesk(json incident, const service::IncidentDesk& desk) {
  json d = renderIncidentDesk(desk);
  for (auto& [key, value] : d.items()) incident[key] = value;
  return incident;
}

}  // namespace

void addIncidentsRoutes(std::vector<Route>& routes, service::EocService& service) {
  const Limits& limits = service.config().limits;

  // --- incident register ------------------------------------------------------------------------
  routes.push_back({"POST", "/incidents",
                    "Register an incident (type, location, size, casualties, note, first_known_at, level); runs the "
                    "plan activation and starts its reporting deadlines",
                    {Role::DutyOfficer}, {}, "application/json", [&service, &limits](RequestContext& ctx) {
                      auto request =
                          parseCreateIncident(parseJsonBody(ctx.req, limits), service.incidents().engine(), limits);
                      auto view = service.incidents().create(*ctx.principal, request, ctx.requestId);
                      replyJson(ctx, withDesk(renderIncident(view), service.duty().incident(view.row.id)), 201);
                    }});

  routes.push_back({"GET",
                    "/incidents",
                    "The incident register with each incident's due reports (newest first)",
                    kDeskRead,
                    {{"state", "string", "open or closed", false, {"open", "closed"}},
                     {"since", "string", "first known at or after this time"},
                     {"type", "string", "an incident type of plans/hazards.json"},
                     {"limit", "integer", "at most this many (1–10000)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      json list = json::array();
                      for (const auto& d : service.duty().incidents(parseIncidentList(ctx.req)))
                        list.push_back(renderIncidentDesk(d));
                      replyJson(ctx, {{"incidents", list}});
                    }});

  routes.push_back({"GET", "/incidents/{id}",
                    "An incident with its activation, dispatch times, reports, due reports and log entries",
                    kAnyToken, {}, "application/json", [&service](RequestContext& ctx) {
                      auto view = service.incidents().incident(ctx.pathParam(0));
                      replyJson(ctx, withDesk(renderIncident(view), service.duty().incident(view.row.id)));
                    }});

  routes.push_back({"POST", "/incidents/{id}/dispatch",
                    "Dispatch teams to an open incident (unavailable teams only with force and a reason)",
                    {Role::DutyOfficer}, {}, "application/json", [&service, &limits](RequestContext& ctx) {
                      auto request = parseDispatchIncident(ctx.pathParam(0), parseJsonBody(ctx.req, limits));
                      auto view = service.incidents().dispatch(*ctx.principal, request, ctx.requestId);
                      replyJson(ctx, withDesk(renderIncident(view), service.duty().incident(view.row.id)));
                    }});

  routes.push_back({"POST",
                    "/incidents/{id}/reports",
                    "Record a report upward: stage first|update|final, channel phone|written, content, to",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseReportRequest(parseJsonBody(ctx.req, limits));
                      auto filed = service.duty().fileReport(*ctx.principal, ctx.pathParam(0), request, ctx.requestId);
                      replyJson(ctx, renderReportFiled(filed), 201);
                    }});

  routes.push_back({"GET",
                    "/incidents/{id}/report-draft",
                    "The report text drafted from the incident, for the officer to edit before recording it",
                    {Role::DutyOfficer, Role::Approver, Role::Admin},
                    {{"stage", "string", "first, update or final (default first)", false, {"first", "update", "final"}}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      std::string stage = queryValue(ctx.req, "stage").value_or("first");
                      replyJson(ctx, renderDraft(service.duty().draft(*ctx.principal, ctx.pathParam(0), stage)));
                    }});

  routes.push_back({"POST",
                    "/incidents/{id}/close",
                    "Close an incident (needs its final report)",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto desk = service.duty().close(*ctx.principal, ctx.pathParam(0), ctx.requestId);
                      replyJson(ctx, renderIncidentDesk(desk));
                    }});
}

}  // namespace eoc::http
