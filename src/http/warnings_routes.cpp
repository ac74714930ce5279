// Warnings: draft, issue, update, cancel, list, read and the CAP XML of the latest message.
// Handlers parse the body, call one WarningsService method and render; the domain decides.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/query.hpp"
#include "http/json_body.hpp"
#include "http/server.hpp"
#include "service/warnings_service.hpp"

namespace eoc::http {

namespace {

using nlohmann::json;

constexpr const char* kCapXmlType = "application/cap+xml";

}  // namespace

void addWarningsRoutes(std::vector<Route>& routes, service::EocService& service) {
  const std::vector<Role> desk = {Role::DutyOfficer, Role::Approver};

  routes.push_back({"POST", "/warnings", "Draft a warning (duty officer)", {Role::DutyOfficer}, {}, "application/json",
                    [&service](RequestContext& ctx) {
                      auto body = parseJsonBody(ctx.req, service.config().limits);
                      replyJson(ctx, service.warnings().draft(*ctx.principal, body, ctx.requestId), 201);
                    }});

  routes.push_back({"POST", "/warnings/{id}/issue",
                    "Issue a draft: Actual needs an approver who did not draft it; Exercise/Test the author may issue",
                    desk, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, service.warnings().issue(*ctx.principal, ctx.pathParam(0), ctx.requestId));
                    }});

  routes.push_back({"POST", "/warnings/{id}/update",
                    "Upgrade, downgrade, extend or re-area a live warning (a CAP Update referencing every earlier message)",
                    desk, {}, "application/json", [&service](RequestContext& ctx) {
                      auto body = parseJsonBody(ctx.req, service.config().limits);
                      replyJson(ctx, service.warnings().update(*ctx.principal, ctx.pathParam(0), body, ctx.requestId));
                    }});

  routes.push_back({"POST", "/warnings/{id}/cancel",
                    "Withdraw a warning in one call ({\"false_alarm\": true} sends the pre-worded false-alarm Cancel)",
                    desk, {}, "application/json", [&service](RequestContext& ctx) {
                      auto body = parseJsonBody(ctx.req, service.config().limits);
                      replyJson(ctx, service.warnings().cancel(*ctx.principal, ctx.pathParam(0), body, ctx.requestId));
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
                      service::WarningListQuery query;
                      if (auto active = queryValue(ctx.req, "active")) query.activeOnly = parseBoolean("active", *active);
                      if (auto status = queryValue(ctx.req, "status")) {
                        if (*status != "Actual" && *status != "Exercise" && *status != "Test")
                          throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
                        query.status = *status;
                      }
                      if (auto limit = queryValue(ctx.req, "limit"))
                        query.limit = size_t(parseInteger("limit", *limit, 1, 10000));
                      replyJson(ctx, service.warnings().list(query, ctx.principal));
                    }});

  routes.push_back({"GET", "/warnings/{id}", "One warning with its texts, activation, messages and history", {}, {},
                    "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, service.warnings().get(ctx.pathParam(0), ctx.principal));
                    }});

  routes.push_back({"GET", "/warnings/{id}/cap.xml", "The latest CAP 1.2 message of an issued warning, as sent", {},
                    {}, kCapXmlType, [&service](RequestContext& ctx) {
                      ctx.res.set_content(service.warnings().capXml(ctx.pathParam(0), ctx.principal), kCapXmlType);
                    }});
}

}  // namespace eoc::http
