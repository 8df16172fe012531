#include "algorithms/detail/siting_capacity.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

#include "core/interrupt.hpp"

namespace lc::detail {

CapacityModel build_capacity_model(const SitingProblem& p, const std::vector<double>& capacity, std::size_t k,
                                   const std::vector<Id>* open_candidates, const PairValue& value) {
  assert(capacity.size() == p.reach.n_sites);
  CapacityModel cm;
  MipModel& m = cm.m;
  const Reach& reach = p.reach;
  const bool with_x = open_candidates == nullptr;
  const int card = with_x ? m.add_row(-siting_inf, static_cast<double>(k)) : -1;
  cm.demand_row.assign(reach.n_demand, -1);
  std::vector<Id> sites = p.fixed_sites;
  if (with_x)
    sites.insert(sites.end(), p.candidates.begin(), p.candidates.end());
  else
    sites.insert(sites.end(), open_candidates->begin(), open_candidates->end());
  for (Id j : sites) {
    check_interrupt();
    const bool cand = p.is_candidate[j] && with_x;
    // A capacity no smaller than all the weight the site can serve limits nothing: no row (nor
    // a coefficient of 1e300 that the simplex would choke on).
    double reachable = 0;
    for (Id q = p.begin(j); q < p.end(j); ++q)
      if (p.weight[reach.demand[q]] > 0 && value(q) > 0) reachable += p.weight[reach.demand[q]];
    const double cap = capacity[j] < reachable ? capacity[j] : siting_inf;
    int x = -1, cap_row = -1;
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = reach.demand[q];
      const double w = p.weight[i];
      const double v = value(q);
      if (!(w > 0) || !(v > 0)) continue;
      if (cand && x < 0) {
        x = m.add_col(0, 1, 0, true);
        m.add(card, x, 1);
        cm.x_site.push_back(j);
        cm.x_col.push_back(x);
      }
      if (cap_row < 0 && std::isfinite(cap)) {
        cap_row = cand ? m.add_row(-siting_inf, 0) : m.add_row(-siting_inf, cap);
        if (cand) m.add(cap_row, x, -cap);
      }
      if (cm.demand_row[i] < 0) cm.demand_row[i] = m.add_row(-siting_inf, 1);
      const int z = m.add_col(0, 1, -w * v, false);
      cm.z_pair.push_back(q);
      cm.z_col.push_back(z);
      m.add(cm.demand_row[i], z, 1);
      if (cap_row >= 0) m.add(cap_row, z, w);
      if (cand) {
        const int link = m.add_row(-siting_inf, 0);
        m.add(link, z, 1);
        m.add(link, x, -1);
      }
    }
  }
  if (with_x) add_group_minimums(m, p, card, 0.0, cm.x_site, cm.x_col);
  return cm;
}

Assignment assign_capacitated(const SitingProblem& p, const std::vector<double>& capacity,
                              const std::vector<Id>& open_candidates, const PairValue& value, bool with_prices) {
  const CapacityModel cm = build_capacity_model(p, capacity, 0, &open_candidates, value);
  Assignment a;
  if (with_prices) a.price.assign(p.reach.n_demand, 0.0);
  if (cm.m.cols() == 0) return a;
  const LpSolution lp = solve_lp(cm.m);  // an interrupt throws from here
  if (!lp.optimal) throw std::runtime_error("the capacitated assignment LP found no optimum");
  // The figures from the assignment itself, its shares within the simplex's tolerances of 0 or 1
  // snapped to them (a whole point at a site reads as its weight, not 1e-12 off it).
  for (std::size_t t = 0; t < cm.z_pair.size(); ++t) {
    double z = lp.x[cm.z_col[t]];
    if (z < 1e-9) continue;
    if (z > 1 - 1e-9) z = 1;
    const Id q = cm.z_pair[t];
    const double w = p.weight[p.reach.demand[q]] * z;
    a.pair.push_back(q);
    a.assigned.push_back(w);
    a.served += w;
    a.value += w * value(q);
  }
  if (with_prices) {
    for (Id i = 0; i < p.reach.n_demand; ++i)
      if (cm.demand_row[i] >= 0) a.price[i] = std::max(0.0, -lp.row_dual[cm.demand_row[i]]) / p.weight[i];
  }
  return a;
}

std::vector<double> capacity_start(const SitingProblem& p, const CapacityModel& cm, const std::vector<Id>& open,
                                   const Assignment& a) {
  std::vector<double> start(cm.m.cols(), 0.0);
  std::vector<std::uint8_t> is_open(p.reach.n_sites, 0);
  for (Id s : open) is_open[s] = 1;
  for (std::size_t t = 0; t < cm.x_site.size(); ++t) start[cm.x_col[t]] = is_open[cm.x_site[t]];
  std::vector<double> z_of(p.reach.size(), 0.0);
  for (std::size_t t = 0; t < a.pair.size(); ++t) z_of[a.pair[t]] = a.assigned[t] / p.weight[p.reach.demand[a.pair[t]]];
  for (std::size_t t = 0; t < cm.z_pair.size(); ++t) start[cm.z_col[t]] = std::min(1.0, z_of[cm.z_pair[t]]);
  return start;
}

std::vector<Id> opened(const CapacityModel& cm, const std::vector<double>& x) {
  std::vector<Id> sel;
  for (std::size_t t = 0; t < cm.x_site.size(); ++t)
    if (x[cm.x_col[t]] > 0.5) sel.push_back(cm.x_site[t]);
  std::sort(sel.begin(), sel.end());
  return sel;
}

}  // namespace lc::detail
