#pragma once
// How fresh a team's last position is, judged against the team's own reporting interval: a
// tracker set to report every 60 s is stale much sooner than one set to 300 s.
#include <chrono>
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace eoc::teams {

// None: no position report ever (the team is shown at its home base).
enum class Freshness { Fresh, Aging, Stale, Lost, None };

std::string_view freshnessName(Freshness f);  // "fresh", "aging", "stale", "lost", "none"

// Age limits in multiples of the team's interval. A report is allowed one missed beat (fresh up
// to 2 intervals), aging up to 4, stale up to 10, lost beyond.
struct FreshnessRule {
  double freshBeats = 2;
  double agingBeats = 4;
  double staleBeats = 10;
};

// A fix "from the future" (clock skew, already bounded by position validation) counts as fresh.
Freshness freshnessOf(std::optional<TimePoint> lastFix, TimePoint now, std::chrono::seconds interval,
                      const FreshnessRule& rule = {});

// True for the tiers whose arrival must raise an event (stale, lost).
inline bool isAlarming(Freshness f) { return f == Freshness::Stale || f == Freshness::Lost; }

}  // namespace eoc::teams
