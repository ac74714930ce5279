#pragma once
// EocService: the façade of eoc. One method per use case; HTTP handlers parse, call one method
// and render. Owns the loaded data, the store and the background runtime. Thread-safe: every
// method may be called from any HTTP worker thread.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/geo_point.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "gis/layer.hpp"
#include "store/audit_repository.hpp"

namespace eoc::broadcast {
class EventHub;
}

namespace eoc::service {

struct ServiceContext;
class WarningsService;
class TeamsService;
class BroadcastService;
class DrillsService;
class PlansService;
class StockService;
class DutyService;
class IncidentsService;
class RelayService;

struct NearestHit {
  const gis::Feature* feature;
  double meters;
};

struct LocateResult {
  GeoPoint point;
  bool insideDistrict = false;
  const gis::Feature* committee = nullptr;         // containing committee, or nearest when outside
  double committeeMeters = 0;                      // 0 when inside
  std::optional<NearestHit> nearestCommunity;
  std::optional<NearestHit> nearestOpenShelter;
};

struct AuditQuery {
  std::optional<TimePoint> since;
  std::string actor;
  std::string kind;
  size_t limit = 1000;
};

class EocService {
 public:
  explicit EocService(Config config, std::shared_ptr<const TimeSource> clock = nullptr);
  ~EocService();
  EocService(const EocService&) = delete;
  EocService& operator=(const EocService&) = delete;

  // Loads and validates every data file, builds indexes, opens the store and resumes timers.
  // Throws (one line naming file, pointer/feature and field) on any invalid input.
  void start();
  // Stops timers and background work, persisting what must survive; idempotent.
  void stop();
  bool ready() const { return ready_.load(); }

  const Config& config() const { return config_; }
  const TimeSource& clock() const { return *clock_; }

  // --- auth -------------------------------------------------------------------------------
  // Resolves "eoc_<id>_<secret>" to its principal; nullopt for unknown, malformed or revoked.
  std::optional<Principal> authenticate(const std::string& token) const;

  // --- layers and geo ---------------------------------------------------------------------
  const gis::LayerCatalog& layers() const;
  LocateResult locate(GeoPoint point) const;
  std::vector<NearestHit> nearest(const std::string& layerId, GeoPoint from, size_t k) const;

  // --- audit ------------------------------------------------------------------------------
  // Matching entries in seq order, rendered at the edge (http/operations_routes.cpp).
  std::vector<store::AuditRecord> audit(const AuditQuery& query) const;

  // --- live events --------------------------------------------------------------------------
  broadcast::EventHub& events();

  // --- several instances on one store ---------------------------------------------------------
  // The store's token bucket per key, shared by every instance on a PostgreSQL store (0 = taken,
  // else ms until a token), for the HTTP edge's per-token write limit; empty on SQLite (one
  // instance: the edge's in-memory limiter is the whole budget).
  std::function<int64_t(const std::string& key, double perSecond, double burst)> sharedWriteBudget();

  // --- domain services ----------------------------------------------------------------------
  // How to add a domain: write service/<domain>_service.{hpp,cpp} (a class taking a
  // ServiceContext& plus what else it needs), add a forward declaration and an accessor here,
  // a unique_ptr member to State in eoc_service.cpp, construct it in start() after the shared
  // infrastructure, and stop it in stop() before the runtime stops.

  WarningsService& warnings();
  TeamsService& teams();
  BroadcastService& broadcast();
  DrillsService& drills();
  PlansService& plans();
  StockService& stock();
  DutyService& duty();
  IncidentsService& incidents();
  // Upstream CAP feeds polled into ingest (config relay.feeds); idle without feeds.
  RelayService& relay();
  // A collection whose features change while eoc runs (the teams' live positions and status),
  // served by OGC API instead of the immutable loaded layer; null for every static layer.
  std::shared_ptr<const gis::Layer> liveLayer(const std::string& id) const;
  // Collections that exist only while eoc runs, beside the loaded layers (each drill's zones).
  std::vector<std::shared_ptr<const gis::Layer>> extraLayers() const;

  // The injected clock jumped (a test moved its ManualClock): re-times every timer so that what
  // is now due runs at once on the runtime threads (Scheduler::clockMoved).
  void clockMoved();

  // --- operations -------------------------------------------------------------------------
  // Lines of Prometheus text for gauges the service owns (layer sizes, ...).
  std::string metricsText() const;

 private:
  struct State;
  Config config_;
  std::shared_ptr<const TimeSource> clock_;
  std::unique_ptr<State> state_;
  std::atomic<bool> ready_{false};
};

// `eoc check`: validates plans and geodata without opening a store; returns summary lines.
// Throws with the one-line reason on the first invalid input.
std::vector<std::string> checkData(const Config& config);

// `eoc token create`: opens the store in config.dataDir and returns the new bearer token.
std::string createToken(const Config& config, Role role, const std::string& subject, const std::string& name);

}  // namespace eoc::service
