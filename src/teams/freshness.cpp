#include "teams/freshness.hpp"

#include "core/enum_names.hpp"

namespace eoc::teams {

namespace {
constexpr EnumNames<Freshness, 5> kNames{{{{Freshness::Fresh, "fresh"},
                                           {Freshness::Aging, "aging"},
                                           {Freshness::Stale, "stale"},
                                           {Freshness::Lost, "lost"},
                                           {Freshness::None, "none"}}}};
}  // namespace

std::string_view freshnessName(Freshness f) { return kNames.name(f); }

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
