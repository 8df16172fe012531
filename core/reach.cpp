#include "core/reach.hpp"

namespace lc {

Reach Reach::from_site_lists(std::vector<std::vector<std::pair<Id, float>>>& per_site, Id n_demand, double threshold,
                             CostUnit unit) {
  Reach reach;
  reach.n_sites = static_cast<Id>(per_site.size());
  reach.n_demand = n_demand;
  reach.threshold = threshold;
  reach.unit = unit;
  reach.first.assign(reach.n_sites + 1, 0);
  for (Id s = 0; s < reach.n_sites; ++s) reach.first[s + 1] = reach.first[s] + static_cast<Id>(per_site[s].size());
  reach.demand.reserve(reach.first.back());
  reach.cost.reserve(reach.first.back());
  for (auto& hits : per_site) {
    for (const auto& [d, c] : hits) {
      reach.demand.push_back(d);
      reach.cost.push_back(c);
    }
    std::vector<std::pair<Id, float>>().swap(hits);
  }
  return reach;
}

std::vector<std::uint32_t> Reach::count_by_demand() const {
  std::vector<std::uint32_t> count(n_demand, 0);
  for (Id d : demand) ++count[d];
  return count;
}

}  // namespace lc
