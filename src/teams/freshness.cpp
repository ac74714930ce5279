#include "teams/freshness.hpp"

namespace eoc::teams {

std::string_view freshnessName(Freshness f) {
  switch (f) {
    case Freshness::Fresh: return "fresh";
    case Freshness::Aging: return "aging";
    case Freshness::Stale: return "stale";
    case Freshness::Lost: return "lost";
    case Freshness::None: return "none";
  }
  return "none";
}

Freshness freshnessOf(std::optional<TimePoint> lastFix, TimePoint now, std::chrono::seconds interval,
                      const FreshnessRule& rule) {
  if (!lastFix) return Freshness::None;
  double age = double((now - *lastFix).count());
  double beat = double(interval.count());
  if (age <= rule.freshBeats * beat) return Freshness::Fresh;
  if (age <= rule.agingBeats * beat) return Freshness::Aging;
  if (age <= rule.staleBeats * beat) return Freshness::Stale;
  return Freshness::Lost;
}

}  // namespace eoc::teams
