// The duty desk (应急值守): roster, duty log, handover (the incident register with its reports
// upward: http/incidents_routes.cpp). Each handler parses (http/duty_requests.hpp), calls one use case
// with the caller (service/duty_service.hpp) and renders the typed result (http/duty_render.hpp).
#include "core/error.hpp"
#include "http/duty_render.hpp"
#include "http/duty_requests.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "service/duty_policy.hpp"
#include "service/duty_service.hpp"

namespace eoc::http {

namespace {

using json = nlohmann::json;

const std::vector<Role> kDeskRead = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin};

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

  // --- zero reports (零报告) ---------------------------------------------------------------------
  routes.push_back({"GET",
                    "/duty/zero-reports",
                    "Zero reports (零报告) due while a response is active, filed or waiting, with the draft",
                    kDeskRead,
                    {{"since", "string", "days due at or after this time (default: today 00:00)"},
                     {"until", "string", "up to this time and the next daily time after it (default now)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderZeroReports(
                                         service.duty().zeroReports(*ctx.principal, parseZeroReportQuery(ctx.req))));
                    }});

  routes.push_back({"POST",
                    "/duty/zero-reports",
                    "File a zero report: date (default: the earliest waiting), content, to, channel phone|written",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseZeroReportRequest(parseJsonBody(ctx.req, limits));
                      auto filed = service.duty().fileZeroReport(*ctx.principal, request, ctx.requestId);
                      replyJson(ctx, renderZeroReportFiled(filed, service.clock().now()), 201);
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
}

}  // namespace eoc::http
