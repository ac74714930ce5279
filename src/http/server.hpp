#pragma once
// The HTTP edge of eoc: cpp-httplib configured once (thread pool, timeouts, limits, Nagle off),
// the route table registered, and the cross-cutting work done in one wrapper per request:
// request id, authentication and role check, EocError → problem+json, one JSON log line, metrics.
#include <memory>
#include <string>
#include <vector>

#include "http/route_table.hpp"
#include "service/eoc_service.hpp"

namespace eoc::http {

class Server {
 public:
  explicit Server(service::EocService& service);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port from the config (port 0: any free port). Returns the bound port; the socket
  // already accepts connections (queued by the kernel) when this returns.
  int bind();
  // Serves until stop(); returns false if the server could not run.
  bool listen();
  // Stops accepting, lets in-flight requests finish, returns when the listener has left.
  void stop();

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<Route> routes_;
};

// Route groups, one file each.
void addOperationsRoutes(std::vector<Route>& routes, service::EocService& service, const std::vector<Route>& all);
void addFeaturesRoutes(std::vector<Route>& routes, service::EocService& service);
void addGeoRoutes(std::vector<Route>& routes, service::EocService& service);
void addWarningsRoutes(std::vector<Route>& routes, service::EocService& service);
void addBroadcastRoutes(std::vector<Route>& routes, service::EocService& service);
void addAckLinkRoutes(std::vector<Route>& routes, service::EocService& service);
void addCapRoutes(std::vector<Route>& routes, service::EocService& service);
void addTeamsRoutes(std::vector<Route>& routes, service::EocService& service);
void addDrillsRoutes(std::vector<Route>& routes, service::EocService& service);
void addPlansRoutes(std::vector<Route>& routes, service::EocService& service);
void addStockRoutes(std::vector<Route>& routes, service::EocService& service);
void addDutyRoutes(std::vector<Route>& routes, service::EocService& service);
void addIncidentsRoutes(std::vector<Route>& routes, service::EocService& service);
// The dashboard's static files (config webDir, read at startup); wraps GET / so browsers get it.
void addWebRoutes(std::vector<Route>& routes, service::EocService& service);

}  // namespace eoc::http
