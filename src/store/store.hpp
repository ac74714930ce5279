#pragma once
// One store backend, as the services see it: its transactions and every repository over them.
// The services depend on these interfaces only (store/*.hpp); a backend (store/sqlite/, and any
// later one such as PostgreSQL in a folder of its own) implements them and is chosen once, where
// EocService opens the store. Backends are interchangeable because they keep the same contract:
//   - write(f) is all-or-nothing and durable when it returns (store/database.hpp);
//   - every repository write takes the caller's Transaction, so a state change, its outbox rows
//     and its audit entry commit together (docs/design.md, "The store");
//   - the rows hold the same columns and the same JSON documents.
#include "store/activation_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/database.hpp"
#include "store/delivery_repository.hpp"
#include "store/drill_repository.hpp"
#include "store/stock_repository.hpp"
#include "store/duty_repository.hpp"
#include "store/event_repository.hpp"
#include "store/incident_repository.hpp"
#include "store/team_repository.hpp"
#include "store/throttle_repository.hpp"
#include "store/token_repository.hpp"
#include "store/warning_repository.hpp"

namespace eoc::store {

class Store {
 public:
  virtual ~Store() = default;

  virtual Database& database() = 0;
  virtual WarningRepository& warnings() = 0;
  virtual ActivationRepository& activations() = 0;
  virtual DeliveryRepository& deliveries() = 0;
  virtual DrillRepository& drills() = 0;
  virtual TeamRepository& teams() = 0;
  virtual StockRepository& stock() = 0;
  virtual IncidentRepository& incidents() = 0;
  virtual DutyRepository& duty() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual AuditRepository& audit() = 0;
  virtual EventRepository& events() = 0;
  virtual ThrottleRepository& throttles() = 0;

  // True when several eoc instances may share this store (PostgreSQL): each then also sweeps the
  // store for timers another instance set (docs/store-backends.md §7). SQLite: one instance.
  virtual bool shared() const { return false; }
};

}  // namespace eoc::store
