#pragma once
// Dispatch recommendation: which available teams reach a point first, ranked by ETA, with the
// running headcount so the desk sees when the people needed are covered.
#include <optional>
#include <vector>

#include "core/geo_point.hpp"
#include "teams/eta.hpp"
#include "teams/specialties.hpp"

namespace eoc::teams {

// What the recommender needs of each team; index = position in the caller's vector.
struct Candidate {
  GeoPoint position;  // last good fix, or home base
  int headcount = 0;
  SpecialtyMask specialties = 0;
  bool available = false;
};

struct Ranked {
  size_t index = 0;
  Eta eta;
  long long cumulativeHeadcount = 0;
};

struct RecommendQuery {
  GeoPoint target;
  SpecialtyMask specialty = 0;  // 0: any
  int people = 0;               // 0: rank every eligible team
};

// Available teams having the specialty, fastest first (ties by index), cut after the team whose
// cumulative headcount first reaches `people`. O(n) ETA evaluations plus a partial sort of the
// teams actually returned.
std::vector<Ranked> recommend(const std::vector<Candidate>& teams, const RecommendQuery& query,
                              const EtaModel& model);

}  // namespace eoc::teams
