#pragma once
// The one place that chooses the store backend, by the store URL (config `store`, env
// EOC_STORE, `--store`):
//   ""                 SQLite in <dataDir>/eoc.sqlite (the default)
//   a path, sqlite:DIR SQLite in <DIR>/eoc.sqlite
//   postgresql://...   PostgreSQL (also postgres://), shared by several eoc instances
// The services see only store::Store; the repositories are one portable-SQL implementation over
// either backend (docs/store-backends.md).
#include <filesystem>
#include <memory>
#include <string>

#include "core/time.hpp"
#include "store/store.hpp"

namespace eoc::store {

enum class Backend { Sqlite, Postgres };

struct StoreLocation {
  Backend backend = Backend::Sqlite;
  std::filesystem::path dataDir;  // SQLite
  std::string url;                // PostgreSQL
};

// Where `storeUrl` points; `dataDir` is the SQLite directory when the URL is empty. Throws
// EocError(InvalidParameter) for a URL of another scheme.
StoreLocation locateStore(const std::string& storeUrl, const std::filesystem::path& dataDir);

// Opens (creating and migrating when needed) the store at `storeUrl` (see above). `clock` stamps
// token creation and revocation and must outlive the store. Throws EocError(StorageError) when
// the store cannot be opened or was written by a newer eoc, StorageUnavailable when PostgreSQL
// cannot be reached.
std::unique_ptr<Store> openStore(const std::string& storeUrl, const std::filesystem::path& dataDir,
                                 const TimeSource& clock);

// SQLite in `dataDir`.
std::unique_ptr<Store> openStore(const std::filesystem::path& dataDir, const TimeSource& clock);

}  // namespace eoc::store
