// Warnings: draft, issue, update, cancel, list, read and the CAP XML of the latest message.
//
// The template of the road (docs/design.md, "The road of a request"): each handler parses its
// request (http/warnings_requests.hpp: syntax only), calls the one use case with the caller
// (service/warnings_service.hpp: meaning, rules, store) and renders the typed result
// (http/warnings_render.hpp). Who may call a route is declared here, in its row; what a caller
// may then see or do is decided by the use case.
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "http/warnings_render.hpp"
#include "http/warnings_requests.hpp"
#include "service/warnings_service.hpp"

namespace eoc::http {

namespace {

constexpr const char* kCapXmlType = "application/cap+xml";

}  // namespace

void addWarningsRoutes(std::vector<Route>& routes, service::EocService& service) {
  const std::vector<Role> desk = {Role::DutyOfficer, Role::Approver};
  const Limits& limits = service.config().limits;

  routes.push_back({"POST",
                    "/warnings",
                    "Draft a warning (duty officer)",
                    {Role::DutyOfficer},
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseDraftRequest(parseJsonBody(ctx.req, limits), limits);
                      auto view = service.warnings().draft(*ctx.principal, request, ctx.requestId);
                      replyJson(ctx, renderWarning(view), 201);
                    }});

  routes.push_back({"POST",
                    "/warnings/{id}/issue",
                    "Issue a draft: Actual needs an approver who did not draft it; Exercise/Test the author may issue",
                    desk,
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto view = service.warnings().issue(*ctx.principal, {ctx.pathParam(0)}, ctx.requestId);
                      replyJson(ctx, renderWarning(view));
                    }});

  routes.push_back(
      {"POST",
       "/warnings/{id}/update",
       "Upgrade, downgrade, extend or re-area a live warning (a CAP Update referencing every earlier message)",
       desk,
       {},
       "application/json",
       [&service, &limits](RequestContext& ctx) {
         auto request = parseUpdateRequest(ctx.pathParam(0), parseJsonBody(ctx.req, limits), limits);
         replyJson(ctx, renderWarning(service.warnings().update(*ctx.principal, request, ctx.requestId)));
       }});

  routes.push_back({"POST",
                    "/warnings/{id}/cancel",
                    "Withdraw a warning in one call ({\"false_alarm\": true} sends the pre-worded false-alarm Cancel)",
                    desk,
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseCancelRequest(ctx.pathParam(0), parseJsonBody(ctx.req, limits));
                      replyJson(ctx, renderWarning(service.warnings().cancel(*ctx.principal, request, ctx.requestId)));
                    }});

  routes.push_back({"GET",
                    "/warnings",
                    "Warnings and their history, newest first, with total and each one's delivery and ack "
                    "summary (drafts only for the duty desk)",
                    {},
                    {{"active", "boolean", "only issued or updated warnings"},
                     {"status", "string", "Actual, Exercise or Test"},
                     {"from", "string", "drafted at or after (北京时间 2026-07-12, 2026-07-12 15:00 or ISO +08:00)"},
                     {"to", "string", "drafted before (same forms)"},
                     {"type", "string", "signal type key (GET /signals)"},
                     {"level", "string", "blue, yellow, orange or red"},
                     {"state", "string", "draft, issued, updated, cancelled or expired"},
                     {"limit", "integer", "at most this many (default 1000)"},
                     {"offset", "integer", "skip this many (paging; default 0)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto list = service.warnings().list(parseListRequest(ctx.req), ctx.principal);
                      replyJson(ctx, renderWarningList(list));
                    }});

  routes.push_back({"GET",
                    "/warnings/stats",
                    "Issued warnings counted by month (北京时间), type and level: the annual report's table",
                    {},
                    {{"status", "string", "Actual, Exercise or Test"},
                     {"from", "string", "drafted at or after (北京时间)"},
                     {"to", "string", "drafted before (北京时间)"},
                     {"type", "string", "signal type key"},
                     {"level", "string", "blue, yellow, orange or red"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderWarningStats(service.warnings().stats(parseStatsRequest(ctx.req), ctx.principal)));
                    }});

  routes.push_back({"GET",
                    "/signals",
                    "The warning signal types in the district's order: most issued first (frequency_rank), "
                    "types that cannot occur here (occurs_here false) last",
                    {},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderSignals(service.warnings().signals())); }});

  routes.push_back({"GET",
                    "/warnings/{id}",
                    "One warning with its texts, activation, messages and history",
                    {},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderWarning(service.warnings().get({ctx.pathParam(0)}, ctx.principal)));
                    }});

  routes.push_back({"GET",
                    "/warnings/{id}/bulletin.html",
                    "The printable 预警信息发布单: signal, level, area, times, texts, approver and author, CAP identifiers",
                    {},
                    {},
                    "text/html; charset=utf-8",
                    [&service](RequestContext& ctx) {
                      auto bulletin = service.warnings().bulletin({ctx.pathParam(0)}, ctx.principal);
                      ctx.res.set_content(renderBulletinHtml(bulletin), "text/html; charset=utf-8");
                    }});

  routes.push_back({"GET",
                    "/warnings/{id}/cap.xml",
                    "The latest CAP 1.2 message of an issued warning, as sent",
                    {},
                    {},
                    kCapXmlType,
                    [&service](RequestContext& ctx) {
                      ctx.res.set_content(service.warnings().capXml({ctx.pathParam(0)}, ctx.principal), kCapXmlType);
                    }});
}

}  // namespace eoc::http
