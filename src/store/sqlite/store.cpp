#include "store/sqlite/store.hpp"

#include "store/sqlite/repositories.hpp"

namespace eoc::store::sqlite {

namespace {

class SqliteStore final : public store::Store {
 public:
  SqliteStore(const std::filesystem::path& dataDir, const TimeSource& clock, DatabaseOptions options)
      : db_(dataDir, options),
        warnings_(db_),
        activations_(db_),
        deliveries_(db_),
        drills_(db_),
        teams_(db_),
        stock_(db_),
        incidents_(db_),
        duty_(db_),
        tokens_(db_, clock),
        audit_(db_) {}

  store::Database& database() override { return db_; }
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

 private:
  Database db_;
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
};

}  // namespace

std::unique_ptr<store::Store> open(const std::filesystem::path& dataDir, const TimeSource& clock,
                                   DatabaseOptions options) {
  return std::make_unique<SqliteStore>(dataDir, clock, options);
}

}  // namespace eoc::store::sqlite
