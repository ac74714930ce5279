#include "store/open.hpp"

#include "store/sqlite/store.hpp"

namespace eoc::store {

std::unique_ptr<Store> openStore(const std::filesystem::path& dataDir, const TimeSource& clock) {
  return sqlite::open(dataDir, clock);
}

}  // namespace eoc::store
