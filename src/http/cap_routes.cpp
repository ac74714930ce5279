// The public CAP feed and CAP ingest from the city observatory.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "service/warnings_service.hpp"

namespace eoc::http {

void addCapRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET", "/cap/feed.atom", "Atom feed of Actual, Public warnings: live and ended within 48 h", {},
                    {}, "application/atom+xml", [&service](RequestContext& ctx) {
                      ctx.res.set_content(service.warnings().feed(ctx.baseUrl), "application/atom+xml");
                    }});

  routes.push_back(
      {"POST",
       "/cap/ingest",
       "Relay an upstream CAP 1.2 message (Alert → relay draft; Update/Cancel → the draft or a proposal; Ack)",
       {Role::DutyOfficer, Role::Admin},
       {},
       "application/json",
       [&service](RequestContext& ctx) {
         service::IngestResult result;
         try {
           result = service.warnings().ingest(*ctx.principal, ctx.req.body, ctx.requestId);
         } catch (const service::AcksNotEnabled& e) {
           // Not a client mistake and not a failure: this eoc has no acknowledgement tracking.
           writeProblem(ctx.res, ErrorCode::Internal, e.what(), ctx.req.path, ctx.requestId);
           auto body = nlohmann::json::parse(ctx.res.body);
           body["status"] = 501;
           body["title"] = "Not Implemented";
           body["code"] = "AcksNotEnabled";
           auto type = body["type"].get<std::string>();
           body["type"] = type.substr(0, type.rfind('/') + 1) + "AcksNotEnabled";
           ctx.res.status = 501;
           ctx.res.set_content(body.dump(), kProblemJson);
           return;
         }
         nlohmann::json body = {{"outcome", result.outcome}, {"duplicate", result.duplicate}};
         if (!result.warningId.empty()) body["warning_id"] = result.warningId;
         if (result.outcome == "acknowledged") body["acknowledged"] = result.acknowledged;
         if (!result.warning.is_null()) body["warning"] = result.warning;
         ctx.res.status = result.outcome == "drafted" && !result.duplicate ? 201 : 200;
         ctx.res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
       }});
}

}  // namespace eoc::http
