// Response teams, incidents, dispatch and pre-positioning. Handlers parse, call one
// TeamsService use case and render (http/teams_render.hpp); ownership (service/teams_policy.hpp)
// and state rules live in the service.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/query.hpp"
#include "http/json_body.hpp"
#include "http/server.hpp"
#include "http/teams_render.hpp"
#include "service/teams_service.hpp"
#include "teams/position.hpp"
#include "teams/requests.hpp"

namespace eoc::http {

namespace {

using nlohmann::json;

const Principal* readerOf(const RequestContext& ctx) { return ctx.principal ? &*ctx.principal : nullptr; }

const std::vector<Role> kAnyToken = {Role::DutyOfficer, Role::Approver, Role::Committee,
                                     Role::Team,        Role::Viewer,   Role::Admin};

}  // namespace

void addTeamsRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET", "/teams", "The 30 response teams with live status, position and freshness", {}, {},
                    "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderTeamList(service.teams().list(readerOf(ctx))));
                    }});

  routes.push_back({"GET", "/teams/summary", "Roll call: teams and people by status and by specialty", {}, {},
                    "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderTeamSummary(service.teams().summary())); }});

  routes.push_back({"GET", "/teams/{id}", "One team", {}, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderTeam(service.teams().team(readerOf(ctx), ctx.pathParam(0))));
                    }});

  routes.push_back({"GET", "/teams/{id}/history", "A team's status history and recent track", kAnyToken, {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderTeamHistory(service.teams().history(ctx.pathParam(0))));
                    }});

  routes.push_back({"POST", "/teams/{id}/status",
                    "Change a team's status (its own team token, or the duty officer); 409 lists the allowed next states",
                    {Role::DutyOfficer, Role::Team}, {}, "application/json", [&service](RequestContext& ctx) {
                      auto request = teams::parseStatusRequest(parseJsonBody(ctx.req, service.config().limits));
                      replyJson(ctx, renderTeam(service.teams().changeStatus(*ctx.principal, ctx.pathParam(0), request,
                                                                             ctx.requestId)));
                    }});

  routes.push_back(
      {"POST",
       "/teams/{id}/position",
       "Report a team's position (own team token): a JSON body, or the OsmAnd tracker query",
       {Role::Team},
       {{"id", "string", "OsmAnd: device id, must equal the team id"},
        {"timestamp", "string", "OsmAnd: Unix seconds (or ms) or ISO 8601"},
        {"lat", "number", "OsmAnd: latitude"},
        {"lon", "number", "OsmAnd: longitude"},
        {"speed", "number", "OsmAnd: knots"},
        {"bearing", "number", "OsmAnd: degrees"},
        {"accuracy", "number", "OsmAnd: metres"},
        {"batt", "number", "OsmAnd: battery percent"},
        {"token", "string", "the team's bearer token, for trackers that cannot send an Authorization header"}},
       "application/json",
       [&service](RequestContext& ctx) {
         auto now = service.clock().now();
         teams::PositionFix fix;
         if (ctx.req.body.empty() && ctx.req.has_param("lat")) {
           auto report = teams::parseOsmAndQuery(ctx.req.params, now);
           if (!report.deviceId.empty() && report.deviceId != ctx.pathParam(0))
             throw EocError(ErrorCode::InvalidParameter,
                            "id: \"" + report.deviceId + "\" is not the team in the path (" + ctx.pathParam(0) + ")");
           fix = report.fix;
         } else {
           fix = teams::parsePositionJson(parseJsonBody(ctx.req, service.config().limits), now);
         }
         replyJson(ctx, renderPositionResult(
                             service.teams().reportPosition(*ctx.principal, ctx.pathParam(0), fix, ctx.requestId)));
       },
       /*tokenInQuery=*/true});

  // POST /incidents, GET /incidents/{id} and dispatch: the incident register, http/incidents_routes.cpp.

  routes.push_back({"GET",
                    "/dispatch/recommend",
                    "Available teams ranked by ETA (method labelled) until `people` are covered",
                    kAnyToken,
                    {{"lon", "number", "target longitude", true},
                     {"lat", "number", "target latitude", true},
                     {"specialty", "string", "flood fire search_rescue hazmat medical snow logistics comms"},
                     {"people", "integer", "people needed; 0 ranks every available team"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      GeoPoint target = parseLonLat(ctx.req);
                      std::string specialty = queryValue(ctx.req, "specialty").value_or("");
                      int people = 0;
                      if (auto p = queryValue(ctx.req, "people")) people = int(parseInteger("people", *p, 0, 1000000));
                      replyJson(ctx, renderRecommendation(service.teams().recommend(target, specialty, people)));
                    }});

  routes.push_back({"POST", "/activations/{id}/prepositioning",
                    "Propose teams for a warning's exposed waterlogging and geohazard points (minimum total ETA)",
                    {Role::DutyOfficer}, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderPrepositionProposal(service.teams().proposePrepositioning(ctx.pathParam(0))));
                    }});

  routes.push_back({"POST", "/activations/{id}/prepositioning/accept",
                    "Accept the proposal (or the given assignments): every team goes to notified in one commit",
                    {Role::DutyOfficer}, {}, "application/json", [&service](RequestContext& ctx) {
                      auto request = teams::parsePrepositionAccept(parseJsonBody(ctx.req, service.config().limits));
                      replyJson(ctx, renderPrepositionAccepted(service.teams().acceptPrepositioning(
                                         *ctx.principal, ctx.pathParam(0), request, ctx.requestId)));
                    }});
}

}  // namespace eoc::http
