#include "store/sql/database.hpp"

namespace eoc::store::sql {

Database::Database(const std::filesystem::path& dataDir, sqlite::engine::DatabaseOptions options)
    : sqlite_(std::make_unique<sqlite::engine::Database>(dataDir, options)) {}

Database::Database(const std::string& url, postgres::DatabaseOptions options)
    : postgres_(std::make_unique<postgres::Database>(url, options)) {}

Database::~Database() = default;

int Database::schemaVersion() { return postgres_ ? postgres_->schemaVersion() : sqlite_->schemaVersion(); }

void Database::runTransaction(bool claim, const std::function<void(Transaction&)>& body) {
  if (postgres_) {
    // Claims run at READ COMMITTED: SKIP LOCKED passes over rows other instances hold, where a
    // SERIALIZABLE snapshot would only turn their commits into serialization failures.
    postgres::TransactionMode mode;
    if (claim) mode.isolation = postgres::Isolation::ReadCommitted;
    postgres_->transact(mode, [&](postgres::Transaction& pg) {
      Transaction tx(pg);
      body(tx);
    });
    return;
  }
  sqlite_->write([&](sqlite::engine::Transaction& lite) {
    Transaction tx(lite);
    body(tx);
  });
}

void Database::runRead(const std::function<void(Connection&)>& body) {
  if (postgres_) {
    postgres_->read([&](postgres::Connection& pg) {
      Connection c(pg);
      body(c);
    });
    return;
  }
  sqlite_->read([&](sqlite::engine::Connection& lite) {
    Connection c(lite);
    body(c);
  });
}

}  // namespace eoc::store::sql
