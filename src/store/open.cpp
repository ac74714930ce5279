#include "store/open.hpp"

#include "core/error.hpp"
#include "store/sqlite/store.hpp"

namespace eoc::store {

StoreLocation locateStore(const std::string& storeUrl, const std::filesystem::path& dataDir) {
  StoreLocation where;
  if (storeUrl.rfind("postgresql://", 0) == 0 || storeUrl.rfind("postgres://", 0) == 0) {
    where.backend = Backend::Postgres;
    where.url = storeUrl;
    return where;
  }
  if (storeUrl.find("://") != std::string::npos)
    throw EocError(ErrorCode::InvalidParameter,
                   "store: not a store URL; use a path, sqlite:PATH or postgresql://USER@HOST:PORT/DB");
  where.dataDir = storeUrl.empty()
                      ? dataDir
                      : std::filesystem::path(storeUrl.rfind("sqlite:", 0) == 0 ? storeUrl.substr(7) : storeUrl);
  if (where.dataDir.empty()) throw EocError(ErrorCode::InvalidParameter, "store: sqlite: needs a directory");
  return where;
}

std::unique_ptr<Store> openStore(const std::string& storeUrl, const std::filesystem::path& dataDir,
                                 const TimeSource& clock) {
  StoreLocation where = locateStore(storeUrl, dataDir);
  if (where.backend == Backend::Postgres) return sqlite::openPostgres(where.url, clock);
  return sqlite::open(where.dataDir, clock);
}

std::unique_ptr<Store> openStore(const std::filesystem::path& dataDir, const TimeSource& clock) {
  return sqlite::open(dataDir, clock);
}

}  // namespace eoc::store
