#include "store/sqlite/store.hpp"

#include "store/sqlite/repositories.hpp"

namespace eoc::store::sqlite {

namespace {

// One store over either backend: the repositories are the same code on both.
class SqlStore final : public store::Store {
 public:
  SqlStore(std::unique_ptr<Database> db, const TimeSource& clock)
      : db_(std::move(db)),
        warnings_(*db_),
        activations_(*db_),
        deliveries_(*db_),
        drills_(*db_),
        teams_(*db_),
        stock_(*db_),
        incidents_(*db_),
        duty_(*db_),
        tokens_(*db_, clock),
        audit_(*db_),
        events_(*db_),
        throttles_(*db_) {}

  store::Database& database() override { return *db_; }
  store::WarningRepository& warnings() override { return warnings_; }
  store::ActivationRepository& activations() override { return activations_; }
  store::DeliveryRepository& deliveries() override { return deliveries_; }
  store::DrillRepository& drills() override { return drills_; }
  store::TeamRepository& teams() override { return teams_; }
  store::StockRepository& stock() override { return stock_; }
  store::IncidentRepository& incidents() override { return incidents_; }
  store::DutyRepository& duty() override { return duty_; }
  store::TokenRepository& tokens() override { return tokens_; }
  store::AuditRepository& audit() override { return audit_; }
  bool shared() const override { return db_->isPostgres(); }
  store::EventRepository& events() override { return events_; }
  store::ThrottleRepository& throttles() override { return throttles_; }

 private:
  std::unique_ptr<Database> db_;
  WarningRepository warnings_;
  ActivationRepository activations_;
  DeliveryRepository deliveries_;
  DrillRepository drills_;
  TeamRepository teams_;
  StockRepository stock_;
  IncidentRepository incidents_;
  DutyRepository duty_;
  TokenRepository tokens_;
  AuditRepository audit_;
  EventRepository events_;
  ThrottleRepository throttles_;
};

}  // namespace

std::unique_ptr<store::Store> open(const std::filesystem::path& dataDir, const TimeSource& clock,
                                   DatabaseOptions options) {
  return openOn(std::make_unique<Database>(dataDir, options), clock);
}

std::unique_ptr<store::Store> openPostgres(const std::string& url, const TimeSource& clock,
                                           postgres::DatabaseOptions options) {
  return openOn(std::make_unique<Database>(url, options), clock);
}

std::unique_ptr<store::Store> openOn(std::unique_ptr<Database> db, const TimeSource& clock) {
  return std::make_unique<SqlStore>(std::move(db), clock);
}

}  // namespace eoc::store::sqlite
