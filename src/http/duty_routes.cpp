// The duty desk (应急值守): roster, duty log, handover — and the incident register with its
// reports upward and deadlines. Each handler parses (http/duty_requests.hpp), calls one use case
// with the caller (service/duty_service.hpp) and renders the typed result (http/duty_render.hpp).
#include "core/error.hpp"
#include "http/duty_render.hpp"
#include "http/duty_requests.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "service/duty_policy.hpp"
#include "service/duty_service.hpp"
#include "service/teams_service.hpp"

namespace eoc::http {

namespace {

using json = nlohmann::json;

const std::vector<Role> kDeskRead = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin};
const std::vector<Role> kAnyToken = {Role::DutyOfficer, Role::Approver, Role::Committee,
                                     Role::Team,        Role::Viewer,   Role::Admin};

bool phones(const RequestContext& ctx) { return ctx.principal && service::DutyPolicy::maySeePhones(*ctx.principal); }

}  // namespace

void addDutyRoutes(std::vector<Route>& routes, service::EocService& service) {
  const Limits& limits = service.config().limits;

  // --- roster -----------------------------------------------------------------------------------
  routes.push_back({"POST",
                    "/duty/roster",
                    "Import the duty roster (值班表) from an .xlsx or .csv body; replaces the range it covers",
                    {Role::DutyOfficer},
                    {{"filename", "string", "the file's name, named in messages"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto result = service.duty().importRoster(*ctx.principal, parseRosterUpload(ctx.req),
                                                                ctx.requestId);
                      replyJson(ctx, renderRosterImport(result), 201);
                    }});

  routes.push_back({"GET",
                    "/duty/now",
                    "Who is on duty (the shift, the leader, the officers and phones), or the gap",
                    kDeskRead,
                    {{"at", "string", "a time with offset (default now)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderDutyNow(service.duty().now(parseAt(ctx.req)), phones(ctx)));
                    }});

  routes.push_back({"GET",
                    "/duty/roster",
                    "The roster's shifts and gaps between from and to (default: 7 days from today)",
                    kDeskRead,
                    {{"from", "string", "a time with offset"}, {"to", "string", "a time with offset"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderRoster(service.duty().roster(parseRosterRange(ctx.req)), phones(ctx)));
                    }});

  // --- duty log ---------------------------------------------------------------------------------
  routes.push_back({"POST",
                    "/duty/log",
                    "Log a call, information or instruction (append-only; a correction names the entry)",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseLogEntryRequest(parseJsonBody(ctx.req, limits));
                      replyJson(ctx, renderLogEntry(service.duty().appendLog(*ctx.principal, request, ctx.requestId)),
                                201);
                    }});

  const std::vector<QueryParamDoc> logQuery = {
      {"since", "string", "entries at or after this time"},
      {"until", "string", "entries before this time"},
      {"kind", "string", "call_in, call_out, info, instruction or other", false,
       {"call_in", "call_out", "info", "instruction", "other"}},
      {"q", "string", "a substring of content, from or to"},
      {"incident", "string", "entries of this incident"},
      {"limit", "integer", "at most this many (1–5000)"}};
  routes.push_back({"GET", "/duty/log", "The duty log, filtered", kDeskRead, logQuery, "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderLog(service.duty().log(parseLogQuery(ctx.req))));
                    }});

  routes.push_back({"GET",
                    "/duty/log.html",
                    "The day's duty log, printable, with the officers' and the leader's signature lines",
                    kDeskRead,
                    {{"date", "string", "2026-12-02 (default today)"}},
                    "text/html",
                    [&service](RequestContext& ctx) {
                      auto day = service.duty().dayLog(parseDayParam(ctx.req, service.clock().now()));
                      ctx.res.set_content(renderDayLogHtml(day), "text/html; charset=utf-8");
                    }});

  routes.push_back({"GET",
                    "/duty/log.csv",
                    "The day's duty log as CSV (UTF-8 with BOM)",
                    kDeskRead,
                    {{"date", "string", "2026-12-02 (default today)"}},
                    "text/csv",
                    [&service](RequestContext& ctx) {
                      auto day = service.duty().dayLog(parseDayParam(ctx.req, service.clock().now()));
                      ctx.res.set_header("Content-Disposition", "attachment; filename=\"duty-log.csv\"");
                      ctx.res.set_content(renderDayLogCsv(day), "text/csv; charset=utf-8");
                    }});

  // --- handover ---------------------------------------------------------------------------------
  routes.push_back({"POST",
                    "/duty/handover",
                    "Hand over the shift: snapshot of open incidents, due reports, warnings, escalations, drills",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      json body = ctx.req.body.empty() ? json::object() : parseJsonBody(ctx.req, limits);
                      auto view = service.duty().handover(*ctx.principal, parseHandoverRequest(body), ctx.requestId);
                      replyJson(ctx, renderHandover(view), 201);
                    }});

  routes.push_back({"POST",
                    "/duty/handover/{id}/accept",
                    "Take over the shift (a person other than the one who handed over; once)",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderHandover(
                                         service.duty().accept(*ctx.principal, ctx.pathParam(0), ctx.requestId)));
                    }});

  routes.push_back({"GET", "/duty/handovers", "Handovers, newest first", kDeskRead,
                    {{"limit", "integer", "at most this many (default 20)"}}, "application/json",
                    [&service](RequestContext& ctx) {
                      size_t limit = 20;
                      if (auto v = queryValue(ctx.req, "limit")) limit = size_t(parseInteger("limit", *v, 1, 1000));
                      json list = json::array();
                      for (const auto& h : service.duty().handovers(limit)) list.push_back(renderHandover(h));
                      replyJson(ctx, {{"handovers", list}});
                    }});

  // --- incident register ------------------------------------------------------------------------
  routes.push_back({"POST", "/incidents",
                    "Register an incident (type, location, size, casualties, note, first_known_at, level); runs the "
                    "plan activation and starts its reporting deadlines",
                    {Role::DutyOfficer}, {}, "application/json", [&service, &limits](RequestContext& ctx) {
                      auto [body, registration] = splitIncidentRegistration(parseJsonBody(ctx.req, limits));
                      service.duty().checkRegistration(registration);
                      auto out = service.teams().createIncident(*ctx.principal, body, ctx.requestId,
                                                                registration.firstKnownAt, registration.level);
                      std::string id = out.value("id", "");
                      service.duty().incidentRegistered(id);
                      json desk = renderIncidentDesk(service.duty().incident(id));
                      for (auto& [key, value] : desk.items()) out[key] = value;
                      replyJson(ctx, out, 201);
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
                      json out = service.teams().incident(ctx.pathParam(0));
                      json desk = renderIncidentDesk(service.duty().incident(ctx.pathParam(0)));
                      for (auto& [key, value] : desk.items()) out[key] = value;
                      replyJson(ctx, out);
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
