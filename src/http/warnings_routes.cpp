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

warnings::ListRequest parseListRequest(const httplib::Request& req) {
  warnings::ListRequest request;
  if (auto active = queryValue(req, "active")) request.activeOnly = parseBoolean("active", *active);
  if (auto status = queryValue(req, "status")) {
    request.status = warnings::parseStatus(*status);
    if (!request.status) throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
  }
  if (auto limit = queryValue(req, "limit")) request.limit = size_t(parseInteger("limit", *limit, 1, 10000));
  return request;
}

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
                    "Warnings, newest first (drafts only for the duty desk)",
                    {},
                    {{"active", "boolean", "only issued or updated warnings"},
                     {"status", "string", "Actual, Exercise or Test"},
                     {"limit", "integer", "at most this many (default 1000)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto list = service.warnings().list(parseListRequest(ctx.req), ctx.principal);
                      replyJson(ctx, renderWarningList(list));
                    }});

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
