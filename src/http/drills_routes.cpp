// Drills: plan from a scenario, edit the MSEL, run, and the after-action report (JSON, HTML,
// CSV). Handlers parse (http/drills_requests.hpp), call one DrillsService use case and render
// (http/drills_render.hpp); every rule lives in the service.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/drills_render.hpp"
#include "http/drills_requests.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "http/stock_needs_field.hpp"
#include "service/drills_service.hpp"

namespace eoc::http {

namespace {

using nlohmann::json;

const std::vector<Role> kPlanners = {Role::DutyOfficer, Role::Admin};
const std::vector<Role> kReaders = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin};
const std::vector<Role> kCommitteesOnly = {Role::Committee};
// Committees take part in drills: they may see the list and a drill's plan, not edit them.
const std::vector<Role> kParticipants = {Role::DutyOfficer, Role::Approver, Role::Viewer, Role::Admin, Role::Committee};

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kCsv = "text/csv; charset=utf-8";

// The report in one of its three forms; JSON and HTML carry the relief stock's needs for the
// drill's displaced (issue 16) when the reader may read stock.
void replyReport(RequestContext& ctx, service::EocService& service, const std::string& format) {
  const auto& id = ctx.pathParam(0);
  auto& drillsService = service.drills();
  auto needs = [&] { return stockNeeds(service, {NeedsSubject::Of::Drill, id, 0}, ctx.principal); };
  if (format == "json") {
    auto report = renderReport(drillsService.report(id));
    report["stock_needs"] = renderStockNeedsField(needs());
    replyJson(ctx, report);
  } else if (format == "html") {
    auto report = drillsService.report(id);
    std::optional<drills::ReliefSupplyLines> supply;
    if (auto lines = needs()) supply = drills::ReliefSupplyLines{lines->people, lines->days, std::move(lines->sentences)};
    ctx.res.set_content(drills::renderHtml(report, supply), kHtml);
  } else if (format == "csv") {
    ctx.res.set_content(drills::renderCsv(drillsService.report(id)), kCsv);
  } else {
    throw EocError(ErrorCode::InvalidParameter, "format: must be json, html or csv, got \"" + format + "\"");
  }
}

}  // namespace

void addDrillsRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET", "/drills/scenarios",
                    "The drill scenarios of plans/drills: id, title, type, location, start, objectives, warning, "
                    "committees, teams, units",
                    kReaders, {}, "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderScenarioLibrary(service.drills().scenarios())); }});

  routes.push_back({"POST", "/drills",
                    "Plan a drill (always an exercise) from {\"scenario\": {...}} or {\"scenario_id\": \"...\"}: impact, "
                    "exercise activation, teams and MSEL",
                    kPlanners, {}, "application/json", [&service](RequestContext& ctx) {
                      auto body = parseJsonBody(ctx.req, service.config().limits);
                      auto request = parseCreateDrillRequest(body);
                      replyJson(ctx, renderDrill(service.drills().create(*ctx.principal, request, ctx.requestId)), 201);
                    }});

  routes.push_back({"GET", "/drills", "The drills, newest first (?state=planned|running|finished, ?limit=)", kParticipants,
                    {{"state", "string", "planned, running or finished"}, {"limit", "integer", "at most 1000 (default 100)"}},
                    "application/json", [&service](RequestContext& ctx) {
                      auto state = parseDrillStateFilter(ctx.req.has_param("state") ? ctx.req.get_param_value("state") : "");
                      size_t limit = ctx.req.has_param("limit")
                                         ? size_t(parseInteger("limit", ctx.req.get_param_value("limit"), 1, 1000))
                                         : 100;
                      replyJson(ctx, renderDrillList(service.drills().list(state, limit)));
                    }});

  routes.push_back({"GET", "/drills/{id}", "One drill: scenario, impact, participants, MSEL, state", kParticipants, {},
                    "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderDrill(service.drills().get(ctx.pathParam(0)))); }});

  auto editMsel = [&service](RequestContext& ctx) {
    auto body = parseJsonBody(ctx.req, service.config().limits);
    replyJson(ctx, renderDrill(service.drills().replaceMsel(*ctx.principal, parseMselRequest(ctx.pathParam(0), body),
                                                           ctx.requestId)));
  };
  routes.push_back({"PUT", "/drills/{id}/msel", "Replace the MSEL before the run ({\"msel\": [rows]} or [rows])",
                    kPlanners, {}, "application/json", editMsel});
  routes.push_back({"POST", "/drills/{id}/msel", "Replace the MSEL before the run (as PUT)", kPlanners, {},
                    "application/json", editMsel});

  routes.push_back({"POST", "/drills/{id}/run",
                    "Run a drill: {\"mode\": \"simulated\", \"seed\": 42} (the same seed gives the same report) or "
                    "{\"mode\": \"live\", \"speed\": 1} (real participants; injects fire on schedule)",
                    kPlanners, {}, "application/json", [&service](RequestContext& ctx) {
                      auto body = parseJsonBody(ctx.req, service.config().limits);
                      auto request = parseRunRequest(body);
                      replyJson(ctx, renderDrill(service.drills().run(*ctx.principal, ctx.pathParam(0), request, ctx.requestId)));
                    }});

  routes.push_back({"POST", "/drills/{id}/finish",
                    "End a live run: lifts its exercise warning and writes the report from the real acks and team "
                    "status changes",
                    kPlanners, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderDrill(service.drills().finish(*ctx.principal, ctx.pathParam(0), ctx.requestId)));
                    }});
  routes.push_back({"POST", "/drills/{id}/ack",
                    "A committee acknowledges the notice of a live drill without a weather signal ({\"note\": ...})",
                    kCommitteesOnly, {}, "application/json", [&service](RequestContext& ctx) {
                      auto body = ctx.req.body.empty() ? nlohmann::json() : parseJsonBody(ctx.req, service.config().limits);
                      auto request = parseNoticeAckRequest(ctx.pathParam(0), body);
                      replyJson(ctx, renderNoticeAck(service.drills().ackNotice(*ctx.principal, request, ctx.requestId)));
                    }});

  routes.push_back({"GET",
                    "/drills/{id}/report",
                    "After-action report (JSON; ?format=html|csv for the others)",
                    kReaders,
                    {{"format", "string", "json (default), html or csv"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      std::string format = ctx.req.has_param("format") ? ctx.req.get_param_value("format") : "json";
                      replyReport(ctx, service, format);
                    }});
  routes.push_back({"GET", "/drills/{id}/report.html", "After-action report, printable HTML", kReaders, {}, kHtml,
                    [&service](RequestContext& ctx) { replyReport(ctx, service, "html"); }});
  routes.push_back({"GET", "/drills/{id}/report.csv", "After-action report, CSV", kReaders, {}, kCsv,
                    [&service](RequestContext& ctx) { replyReport(ctx, service, "csv"); }});
}

}  // namespace eoc::http
