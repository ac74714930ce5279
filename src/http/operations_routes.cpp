// Health, readiness, metrics, the OpenAPI document and the audit log.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "http/query.hpp"
#include "http/server.hpp"

namespace eoc::http {

namespace {
using nlohmann::json;

json openApi(const std::vector<Route>& routes, const std::string& base) {
  json paths = json::object();
  for (const auto& route : routes) {
    json op = {{"summary", route.summary}};
    json params = json::array();
    for (size_t pos = route.path.find('{'); pos != std::string::npos; pos = route.path.find('{', pos + 1)) {
      auto close = route.path.find('}', pos);
      params.push_back({{"name", route.path.substr(pos + 1, close - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : route.query) {
      json schema = {{"type", q.type}};
      if (!q.values.empty()) schema["enum"] = q.values;
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", q.required},
                        {"description", q.description},
                        {"schema", schema}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!route.isPublic()) {
      op["security"] = {{{"bearer", json::array()}}};
      std::string roles;
      for (Role r : route.roles) roles += (roles.empty() ? "" : ", ") + std::string(roleName(r));
      op["x-roles"] = roles;
    }
    json content = {{route.responseType, json::object()}};
    for (const auto& type : route.moreResponseTypes) content[type] = json::object();
    op["responses"] = {
        {"200", {{"description", "success"}, {"content", content}}},
        {"4XX", {{"description", "bad input or not allowed"},
                 {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}},
    };
    std::string method = route.method;
    for (auto& c : method) c = char(std::tolower(static_cast<unsigned char>(c)));
    paths[route.path][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", "eoc — Shayibake District emergency operations"}, {"version", "1.0.0"}}},
      {"servers", {{{"url", base}}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Problem",
           {{"type", "object"},
            {"properties",
             {{"type", {{"type", "string"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}}},
              {"detail", {{"type", "string"}}},
              {"code", {{"type", "string"}}},
              {"instance", {{"type", "string"}}}}}}}}}}},
  };
}
// GET /audit
json renderAudit(const std::vector<store::AuditRecord>& records) {
  json entries = json::array();
  for (const auto& e : records)
    entries.push_back({{"seq", e.seq},
                       {"at", e.at},
                       {"actor", e.actor},
                       {"kind", e.kind},
                       {"target", e.target},
                       {"before", e.before},
                       {"after", e.after},
                       {"request_id", e.requestId}});
  return {{"entries", entries}};
}

}  // namespace

void addOperationsRoutes(std::vector<Route>& routes, service::EocService& service, const std::vector<Route>& all) {
  routes.push_back({"GET", "/healthz", "Liveness: the process answers", {}, {}, "application/json",
                    [](RequestContext& ctx) { ctx.res.set_content("{\"status\":\"ok\"}", "application/json"); }});

  routes.push_back({"GET", "/readyz", "Readiness: data and store loaded", {}, {}, "application/json",
                    [&service](RequestContext& ctx) {
                      bool ready = service.ready();
                      ctx.res.status = ready ? 200 : 503;
                      ctx.res.set_content(json{{"ready", ready}}.dump(), "application/json");
                    }});

  routes.push_back({"GET", "/metrics", "Prometheus metrics", {}, {}, "text/plain; version=0.0.4",
                    [](RequestContext&) { /* filled by the server, which owns the counters */ }});

  routes.push_back({"GET", "/api", "This API as OpenAPI 3", {}, {}, "application/vnd.oai.openapi+json;version=3.0",
                    [&all](RequestContext& ctx) {
                      ctx.res.set_content(openApi(all, ctx.baseUrl).dump(), "application/vnd.oai.openapi+json;version=3.0");
                    }});

  routes.push_back({"GET",
                    "/audit",
                    "The append-only audit log",
                    {Role::DutyOfficer, Role::Approver, Role::Admin},
                    {{"since", "string", "only entries at or after this time (+08:00)"},
                     {"actor", "string", "only this actor label"},
                     {"kind", "string", "only this kind, e.g. warning.issue"},
                     {"limit", "integer", "at most this many (default 1000)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      service::AuditQuery query;
                      if (auto since = queryValue(ctx.req, "since")) {
                        query.since = parseIso8601(*since);
                        if (!query.since)
                          throw EocError(ErrorCode::InvalidTime,
                                         "since: expected YYYY-MM-DDThh:mm:ss+08:00, got \"" + *since + "\"");
                      }
                      if (auto actor = queryValue(ctx.req, "actor")) query.actor = *actor;
                      if (auto kind = queryValue(ctx.req, "kind")) query.kind = *kind;
                      if (auto limit = queryValue(ctx.req, "limit"))
                        query.limit = size_t(parseInteger("limit", *limit, 1, 10000));
                      ctx.res.set_content(renderAudit(service.audit(query)).dump(-1, ' ', false, json::error_handler_t::replace),
                                          "application/json");
                    }});
}

}  // namespace eoc::http
