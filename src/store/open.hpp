#pragma once
// The one place that chooses the store backend. Today there is one, SQLite in <dataDir>/eoc.sqlite
// (store/sqlite/); a second backend is added here (and chosen by a config setting) without any
// change to the services, which see only store::Store.
#include <filesystem>
#include <memory>

#include "core/time.hpp"
#include "store/store.hpp"

namespace eoc::store {

// Opens (creating and migrating when needed) the store in `dataDir`. `clock` stamps token
// creation and revocation and must outlive the store. Throws EocError(StorageError) when the
// store cannot be opened or was written by a newer eoc.
std::unique_ptr<Store> openStore(const std::filesystem::path& dataDir, const TimeSource& clock);

}  // namespace eoc::store
