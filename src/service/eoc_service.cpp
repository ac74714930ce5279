#include "service/eoc_service.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "gis/layer_loader.hpp"
#include "gis/manifest.hpp"
#include "broadcast/event_hub.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"
#include "service/runtime.hpp"
#include "service/loaded_data.hpp"
#include "service/service_context.hpp"
#include "store/open.hpp"
#include "broadcast/recipients.hpp"
#include "service/broadcast_service.hpp"
#include "service/drills_service.hpp"
#include "drills/scenario.hpp"
#include "service/plans_service.hpp"
#include "service/stock_service.hpp"
#include "service/relay_fetcher.hpp"
#include "service/relay_service.hpp"
#include "net/http_client.hpp"
#include "service/teams_service.hpp"
#include "service/duty_service.hpp"
#include "service/incidents_service.hpp"
#include "service/warnings_service.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"

namespace eoc::service {

namespace {
// Layer ids are part of the data contract (geodata/layers.json), not district names.
constexpr const char* kCommittees = "committees";
constexpr const char* kCommunities = "communities";
constexpr const char* kShelters = "shelters";
}  // namespace

struct EocService::State {
  std::unique_ptr<const LoadedData> data;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Runtime> runtime;
  broadcast::EventHub events;
  std::unique_ptr<ServiceContext> context;  // shared infrastructure of the domain services
  std::unique_ptr<WarningsService> warnings;
  std::unique_ptr<TeamsService> teams;
  std::unique_ptr<PlansService> plans;
  std::unique_ptr<BroadcastService> broadcast;
  std::unique_ptr<DrillsService> drills;
  std::unique_ptr<StockService> stock;
  std::unique_ptr<DutyData> dutyData;
  std::unique_ptr<DutyService> duty;
  std::unique_ptr<IncidentsService> incidents;
  std::unique_ptr<RelayService> relay;
};

EocService::EocService(Config config, std::shared_ptr<const TimeSource> clock)
    : config_(std::move(config)),
      clock_(clock ? std::move(clock) : std::make_shared<SystemTimeSource>()),
      state_(std::make_unique<State>()) {}

EocService::~EocService() { stop(); }

void EocService::start() {
  auto& s = *state_;
  s.data = loadData(config_);
  const auto& data = *s.data;
  s.store = store::openStore(config_.store, config_.dataDir, *clock_);
  s.runtime = std::make_unique<Runtime>(config_.backgroundThreads, *clock_);
  if (store::locateStore(config_.store, config_.dataDir).backend == store::Backend::Postgres) {
    // Several instances share the store: events go through its journal, under its global
    // sequence (docs/store-backends.md §7). SQLite (one instance) keeps them in memory.
    s.events.useJournal(s.store->events());
    const auto keepMs = int64_t(config_.broadcast.eventRetainHours) * 3600 * 1000;
    const auto keepCount = config_.broadcast.eventRetainCount;
    s.runtime->scheduler().every("events.prune", std::chrono::minutes(10), [&s, keepMs, keepCount] {
      auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                       SystemTimeSource().now().time_since_epoch()).count();
      s.store->events().prune(nowMs - keepMs, keepCount);
    });
  }
  s.context = std::make_unique<ServiceContext>(config_, *clock_, data.layers, *s.store, s.runtime->io(),
                                               s.runtime->scheduler(), s.events);

  WarningActivation activate = [engine = data.engine.get()](const warnings::Warning& w) {
    plans::WarningInput input{w.type, w.level, w.area.committees, std::nullopt, w.onset, w.expires};
    if (w.area.polygon) input.polygon = gis::MultiPolygon{*w.area.polygon};
    return std::optional<plans::Activation>(engine->activate(input));
  };
  // CAP sender and identifier unit code derive from the district code of geodata/layers.json.
  WarningsSetup setup{"eoc." + data.districtCode, data.districtCode + "00000000", data.boundaryLayerId};
  s.warnings = std::make_unique<WarningsService>(*s.context, *data.signals, *data.texts, setup, activate);
  {
    // Broadcast to the committees layer's committees (and whoever recipients.json adds).
    // Location and area recipients are placed by the committees' polygons.
    std::vector<broadcast::CommitteeGeometry> committeeAreas;
    if (const auto* committees = data.layers.find(kCommittees))
      for (const auto& f : committees->features())
        committeeAreas.push_back({f.id, f.properties.value("name", ""), f.area});
    auto recipientsFile = config_.broadcast.recipientsFile.empty() ? config_.geodataDir / "recipients.json"
                                                                   : config_.broadcast.recipientsFile;
    s.broadcast = std::make_unique<BroadcastService>(*s.context, broadcast::loadRecipients(recipientsFile, committeeAreas));
    auto* b = s.broadcast.get();
    s.warnings->addDisseminationListener([b](store::Transaction& tx, const OutgoingMessage& m) { b->enqueue(tx, m); });
    s.warnings->addCommittedListener([b](const OutgoingMessage& m) { b->onCommitted(m); });
    s.warnings->setCapAckListener([b](const IncomingCapAck& ack) { return b->onCapAck(ack); });
    s.broadcast->start();
  }
  s.warnings->start();
  {
    // The relay's own client: its answers may be as large as a whole feed (relay.max_feed_bytes),
    // far above what a vendor answers the delivery client. System trust store, plus the extra CA
    // file of broadcast.extra_ca_file (an on-premises gateway or a provincial feed behind the
    // office's own CA is reached by the relay as by the channels).
    net::ClientOptions options;
    options.extraCaFile = config_.broadcast.extraCaFile;
    options.maxResponseBytes = std::max(config_.relay.maxFeedBytes, config_.relay.maxCapBytes);
    options.maxConnectionsPerOrigin = 2;
    options.userAgent = "eoc-relay";
    auto fetcher = std::make_shared<RelayFetcher>(net::HttpClient::create(s.runtime->io(), options));
    s.relay = std::make_unique<RelayService>(*s.context, *s.warnings, std::move(fetcher));
    s.relay->start();
  }
  TeamsOptions teamsOptions;
  teamsOptions.boundaryLayer = data.boundaryLayerId;
  s.teams = std::make_unique<TeamsService>(*s.context, *data.engine, teamsOptions);
  s.plans = std::make_unique<PlansService>(*s.context, *data.planBook, *data.engine);
  s.teams->start();
  s.stock = std::make_unique<StockService>(*s.context);
  s.stock->start();
  if (s.events.journaled())  // another instance's movement changes what this one holds in memory
    s.events.observeJournal([stock = s.stock.get()](const broadcast::StampedEvent& e) {
      if (e.event.type == "stock.movement") stock->movedElsewhere();
    });
  try {
    s.drills = std::make_unique<DrillsService>(*s.context, *data.engine, data.scenarios,
                                               LiveRunSeams{s.warnings.get(), data.signals.get()});
  } catch (const std::runtime_error& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  }
  s.drills->start();
  {
    // The duty desk's data: the roster's columns and shifts, the reporting deadlines (whose
    // incident types are the plan book's).
    std::set<std::string> types;
    std::map<std::string, std::string> names;
    for (const auto& [key, type] : data.planBook->hazards().incidents) {
      types.insert(key);
      names[key] = type.name;
    }
    s.dutyData = std::make_unique<DutyData>(DutyData{
        duty::RosterSettings::load(config_.plansDir / "duty-roster.json"),
        duty::ReportingRules::load(config_.plansDir / "reporting-rules.json", types), names});
    s.duty = std::make_unique<DutyService>(*s.context, *s.dutyData);
    s.duty->start();
    s.incidents = std::make_unique<IncidentsService>(*s.context, *data.engine, *s.teams);
    s.incidents->setRegisteredListener([d = s.duty.get()](const std::string& id) { d->incidentRegistered(id); });
  }
  ready_ = true;
}

void EocService::stop() {
  ready_ = false;
  if (!state_) return;
  state_->events.close();
  if (state_->relay) state_->relay->stop();
  if (state_->warnings) state_->warnings->stop();
  if (state_->broadcast) state_->broadcast->stop();
  if (state_->teams) state_->teams->stop();
  if (state_->drills) state_->drills->stop();
  if (state_->stock) state_->stock->stop();
  if (state_->duty) state_->duty->stop();
  if (state_->runtime) state_->runtime->stop();
}

broadcast::EventHub& EocService::events() { return state_->events; }

std::function<int64_t(const std::string&, double, double)> EocService::sharedWriteBudget() {
  if (!state_->store || !state_->events.journaled()) return {};
  return [&throttles = state_->store->throttles()](const std::string& key, double perSecond, double burst) {
    // Unix milliseconds: every instance reads the same epoch.
    auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
    return throttles.takeToken("write:" + key, perSecond, burst, nowMs);
  };
}

WarningsService& EocService::warnings() { return *state_->warnings; }

TeamsService& EocService::teams() { return *state_->teams; }
PlansService& EocService::plans() { return *state_->plans; }
DutyService& EocService::duty() { return *state_->duty; }
IncidentsService& EocService::incidents() { return *state_->incidents; }

void EocService::clockMoved() {
  if (state_->runtime) state_->runtime->scheduler().clockMoved();
}

BroadcastService& EocService::broadcast() { return *state_->broadcast; }

DrillsService& EocService::drills() { return *state_->drills; }

StockService& EocService::stock() { return *state_->stock; }
RelayService& EocService::relay() { return *state_->relay; }

std::shared_ptr<const gis::Layer> EocService::liveLayer(const std::string& id) const {
  if (state_->teams && id == state_->teams->layerId()) return state_->teams->liveLayer();
  if (state_->drills) return state_->drills->zoneLayer(id);
  return nullptr;
}

std::vector<std::shared_ptr<const gis::Layer>> EocService::extraLayers() const {
  if (!state_->drills) return {};
  return state_->drills->zoneLayers();
}

std::optional<Principal> EocService::authenticate(const std::string& token) const {
  return state_->store->tokens().authenticate(token);
}

const gis::LayerCatalog& EocService::layers() const {
  static const gis::LayerCatalog kNone;  // before start()
  return state_->data ? state_->data->layers : kNone;
}

LocateResult EocService::locate(GeoPoint point) const {
  const auto& layers = this->layers();
  LocateResult result;
  result.point = point;
  if (const auto* boundary = layers.find(state_->data->boundaryLayerId))
    result.insideDistrict = !boundary->containing(point).empty();
  if (const auto* committees = layers.find(kCommittees)) {
    auto inside = committees->containing(point);
    if (!inside.empty()) {
      result.committee = &committees->features()[inside.front()];
    } else if (auto near = committees->nearest(point, 1); !near.empty()) {
      result.committee = &committees->features()[near.front().index];
      result.committeeMeters = near.front().meters;
    }
  }
  if (const auto* communities = layers.find(kCommunities))
    if (auto near = communities->nearest(point, 1); !near.empty())
      result.nearestCommunity = NearestHit{&communities->features()[near.front().index], near.front().meters};
  if (const auto* shelters = layers.find(kShelters)) {
    const auto& features = shelters->features();
    auto open = [&features](size_t i) { return features[i].properties.value("status", "") == "open"; };
    if (auto near = shelters->nearest(point, 1, open); !near.empty())
      result.nearestOpenShelter = NearestHit{&features[near.front().index], near.front().meters};
  }
  return result;
}

std::vector<NearestHit> EocService::nearest(const std::string& layerId, GeoPoint from, size_t k) const {
  const auto& layer = layers().require(layerId);
  if (layer.spec().geometryType != gis::GeometryType::Point)
    throw EocError(ErrorCode::InvalidParameter, "layer: " + layerId + " is not a point layer");
  std::vector<NearestHit> hits;
  for (const auto& n : layer.nearest(from, k)) hits.push_back({&layer.features()[n.index], n.meters});
  return hits;
}

std::vector<store::AuditRecord> EocService::audit(const AuditQuery& query) const {
  store::AuditQuery q;
  q.since = query.since;
  if (!query.actor.empty()) q.actor = query.actor;
  if (!query.kind.empty()) q.kind = query.kind;
  q.limit = query.limit;
  return state_->store->audit().query(q);
}

std::string EocService::metricsText() const {
  std::ostringstream out;
  out << "# HELP eoc_layer_features Features loaded per layer.\n# TYPE eoc_layer_features gauge\n";
  for (const auto& layer : layers().layers())
    out << "eoc_layer_features{layer=\"" << layer.id() << "\"} " << layer.features().size() << "\n";
  out << "# HELP eoc_ready 1 when data and store are loaded.\n# TYPE eoc_ready gauge\neoc_ready " << (ready() ? 1 : 0)
      << "\n";
  return out.str();
}

std::vector<std::string> checkData(const Config& config) {
  std::vector<std::string> lines;
  try {
    auto catalog = gis::loadCatalog(config.geodataDir);
    for (const auto& layer : catalog.layers())
      lines.push_back("layer " + layer.id() + ": " + std::to_string(layer.features().size()) + " features (" +
                      layer.spec().file.string() + ")");
    auto signals = warnings::SignalCatalogue::load(config.plansDir / kSignalCatalogueFile);
    lines.push_back("signal catalogue: " + std::to_string(signals.types().size()) + " types, " +
                    std::to_string(signals.levels().size()) + " levels (" +
                    (config.plansDir / kSignalCatalogueFile).string() + ")");
    warnings::WarningTexts::load(config.plansDir / kWarningTextsFile);
    lines.push_back("warning texts: ok (" + (config.plansDir / kWarningTextsFile).string() + ")");
    auto book = plans::loadPlanBook(config.plansDir, knownNames(catalog, signals));
    for (const auto& plan : book.plans()) lines.push_back("plan " + plan.id + ": ok");
    lines.push_back("plans: " + std::to_string(book.plans().size()) + " loaded (" + config.plansDir.string() + ")");
    duty::RosterSettings::load(config.plansDir / "duty-roster.json");
    lines.push_back("duty roster settings: ok (" + (config.plansDir / "duty-roster.json").string() + ")");
    std::set<std::string> types;
    for (const auto& [key, type] : book.hazards().incidents) types.insert(key);
    auto rules = duty::ReportingRules::load(config.plansDir / "reporting-rules.json", types);
    lines.push_back("reporting rules: " + std::to_string(rules.rules().size()) + " rules (" +
                    (config.plansDir / "reporting-rules.json").string() + ")");
  } catch (const gis::GisError& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  } catch (const plans::PlanBookError& e) {
    throw EocError(ErrorCode::InvalidParameter, planBookProblems(e));
  }
  return lines;
}

std::string createToken(const Config& config, Role role, const std::string& subject, const std::string& name) {
  SystemTimeSource clock;
  auto store = store::openStore(config.store, config.dataDir, clock);
  return store->database().write([&](store::Transaction& tx) {
    auto created = store->tokens().create(tx, role, subject, name);
    Principal holder{role, subject, name, created.tokenId};
    store->audit().append(tx, store::AuditEntry{clock.now(), "cli", "token.create", created.tokenId, nullptr,
                                       {{"role", roleName(role)}, {"subject", subject}, {"name", name},
                                        {"label", holder.label()}},
                                       ""});
    return created.token;
  });
}

}  // namespace eoc::service
