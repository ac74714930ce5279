#pragma once
// Every endpoint eoc serves is one row of the route table: method, path template, who may call
// it, and its handler. The server, the OpenAPI document (/api) and the role test matrix are all
// generated from this one list, so a new route cannot be forgotten by any of them.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "core/principal.hpp"

namespace eoc::http {

struct QueryParamDoc {
  std::string name;
  std::string type;  // "string", "number", "integer", "boolean"
  std::string description;
  bool required = false;
  std::vector<std::string> values = {};  // the allowed values (OpenAPI enum); empty: any
};

struct RequestContext {
  const httplib::Request& req;
  httplib::Response& res;
  std::optional<Principal> principal;  // set when a valid token came with the request
  std::string requestId;
  std::string baseUrl;                 // "http://host:port" as the client sees us
  const std::string& pathParam(size_t i) const { return pathParams.at(i); }
  std::vector<std::string> pathParams;
};

using Handler = std::function<void(RequestContext&)>;

struct Route {
  std::string method;                  // GET, POST
  std::string path;                    // OpenAPI template: /collections/{collectionId}/items
  std::string summary;
  std::vector<Role> roles;             // empty: public, no token needed
  std::vector<QueryParamDoc> query;
  std::string responseType = "application/json";
  Handler handler;
  // GPS trackers such as OsmAnd cannot send headers: this route also takes the bearer token as
  // ?token=. Only routes that need it; the request log never records query strings.
  bool tokenInQuery = false;
  // Other media types the route answers (OGC items: the file downloads chosen with f=).
  std::vector<std::string> moreResponseTypes = {};
  // Public, yet not open: the path carries the credential (a capability URL such as the
  // acknowledgement link /a/{token}); a wrong one is 404. Such a route may change state.
  bool capabilityInPath = false;
  bool isPublic() const { return roles.empty(); }
};

// "/collections/{id}/items" -> "^/collections/([^/]+)/items$"
std::string pathTemplateToRegex(const std::string& path);

}  // namespace eoc::http
