// Plans and activations: GET /plans, /plans/{id}, POST /activations, GET /activations/{id},
// POST /activations/{id}/actions/{n}. Handlers parse (http/plans_requests.hpp), call one
// PlansService use case and render (http/plans_render.hpp).
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/plans_render.hpp"
#include "http/plans_requests.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "http/stock_needs_field.hpp"
#include "service/plans_service.hpp"

namespace eoc::http {

void addPlansRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET", "/plans", "The district's emergency plans (summaries)", {}, {}, "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderPlanList(service.plans().listPlans())); }});

  routes.push_back({"GET", "/plans/{planId}", "One plan in full", {}, {}, "application/json",
                    [&service](RequestContext& ctx) { replyJson(ctx, renderPlan(service.plans().plan(ctx.pathParam(0)))); }});

  routes.push_back({"POST",
                    "/activations",
                    "Turn a warning or an incident into a plan activation",
                    {Role::DutyOfficer, Role::Admin},
                    {{"dry_run", "boolean", "compute without storing"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      bool dryRun = false;
                      if (auto text = queryValue(ctx.req, "dry_run")) dryRun = parseBoolean("dry_run", *text);
                      plans::ActivationRequest request{parseJsonBody(ctx.req, service.config().limits), dryRun};
                      auto result = service.plans().activate(*ctx.principal, request, ctx.requestId);
                      auto activation = renderActivation(result);
                      // The relief stock's needs sentence (issue 16), as GET /activations/{id}
                      // gives it; a dry run is not stored, so its needs are those of its people.
                      const NeedsSubject subject =
                          result.dryRun ? NeedsSubject{NeedsSubject::Of::People, "",
                                                       result.record.body.value("people_to_shelter", 0LL)}
                                        : NeedsSubject{NeedsSubject::Of::Activation, result.record.id, 0};
                      activation["stock_needs"] = renderStockNeedsField(stockNeeds(service, subject, ctx.principal));
                      replyJson(ctx, activation, dryRun ? 200 : 201);
                    }});

  routes.push_back({"GET",
                    "/activations/{activationId}",
                    "A stored activation with the status of each action",
                    {Role::DutyOfficer, Role::Approver, Role::Committee, Role::Team, Role::Viewer, Role::Admin},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto activation = renderActivation(service.plans().activation(ctx.pathParam(0)));
                      // The relief stock's needs sentence (issue 16).
                      activation["stock_needs"] = renderStockNeedsField(stockNeeds(
                          service, {NeedsSubject::Of::Activation, ctx.pathParam(0), 0}, ctx.principal));
                      replyJson(ctx, activation);
                    }});

  routes.push_back({"POST",
                    "/activations/{activationId}/actions/{n}",
                    "Mark an action of the checklist done, skipped (with a note) or pending",
                    {Role::DutyOfficer, Role::Admin},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      int n = int(parseInteger("n", ctx.pathParam(1), 1, 100000));
                      auto request =
                          parseActionStatusRequest(ctx.pathParam(0), n, parseJsonBody(ctx.req, service.config().limits));
                      replyJson(ctx, renderActivation(service.plans().setActionStatus(*ctx.principal, request,
                                                                                      ctx.requestId)));
                    }});
}

}  // namespace eoc::http
