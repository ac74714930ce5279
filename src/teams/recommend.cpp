#include "teams/recommend.hpp"

#include <algorithm>

namespace eoc::teams {

std::vector<Ranked> recommend(const std::vector<Candidate>& teams, const RecommendQuery& query,
                              const EtaModel& model) {
  std::vector<Ranked> pool;
  pool.reserve(teams.size());
  for (size_t i = 0; i < teams.size(); ++i) {
    const Candidate& c = teams[i];
    if (!c.available || (c.specialties & query.specialty) != query.specialty) continue;
    pool.push_back({i, estimateEta(c.position, query.target, model), 0});
  }
  auto faster = [](const Ranked& a, const Ranked& b) {
    return a.eta.seconds < b.eta.seconds || (a.eta.seconds == b.eta.seconds && a.index < b.index);
  };
  std::vector<Ranked> out;
  long long covered = 0;
  // Sort lazily in growing chunks: with `people` set only the first few teams are ever needed.
  size_t sorted = 0;
  size_t chunk = 16;
  for (size_t i = 0; i < pool.size(); ++i) {
    if (i == sorted) {
      size_t end = std::min(pool.size(), sorted + chunk);
      std::partial_sort(pool.begin() + long(sorted), pool.begin() + long(end), pool.end(), faster);
      sorted = end;
      chunk *= 2;
    }
    covered += teams[pool[i].index].headcount;
    pool[i].cumulativeHeadcount = covered;
    out.push_back(pool[i]);
    if (query.people > 0 && covered >= query.people) break;
  }
  return out;
}

}  // namespace eoc::teams
