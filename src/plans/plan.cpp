#include "plans/plan.hpp"

#include <stdexcept>

namespace eoc::plans {

const ResponseLevel& Plan::at(Level level) const {
  for (const auto& l : levels)
    if (l.level == level) return l;
  throw std::logic_error("plan " + id + " has no level " + std::string(levelKey(level)));
}

}  // namespace eoc::plans
