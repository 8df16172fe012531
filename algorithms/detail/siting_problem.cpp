#include "algorithms/detail/siting_problem.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace lc::detail {

SitingProblem::SitingProblem(const SitingInput& in, const SitingOptions& options) : reach(in.reach), weight(in.weight) {
  const Id n_sites = reach.n_sites, n_demand = reach.n_demand;
  assert(reach.first.size() == std::size_t(n_sites) + 1);
  assert(weight.size() == n_demand);
  assert(in.fixed.empty() || in.fixed.size() == n_sites);
  assert(in.candidate.empty() || in.candidate.size() == n_sites);
  assert(in.capacity.empty() || in.capacity.size() == n_sites);

  is_fixed.assign(n_sites, 0);
  is_candidate.assign(n_sites, 0);
  for (Id j = 0; j < n_sites; ++j) {
    const bool f = !in.fixed.empty() && in.fixed[j];
    const bool c = in.candidate.empty() ? !f : in.candidate[j] != 0;
    assert(!(f && c) && "a site is either fixed or candidate");
    is_fixed[j] = f;
    is_candidate[j] = c && !f;
    if (is_fixed[j]) fixed_sites.push_back(j);
    if (is_candidate[j]) candidates.push_back(j);
  }

  // Per-group minimums: what the candidates must add to the fixed sites.
  assert(in.site_group.empty() || in.site_group.size() == n_sites);
  if (!in.site_group.empty() && !in.group_min.empty()) {
    group = in.site_group;
    need.assign(in.group_min.begin(), in.group_min.end());
    std::vector<std::uint32_t> cands(need.size(), 0);
    for (Id j = 0; j < n_sites; ++j) {
      const Id g = group[j];
      if (g == invalid_id) continue;
      assert(g < need.size());
      if (is_fixed[j] && need[g] > 0) --need[g];
      if (is_candidate[j]) ++cands[g];
    }
    for (std::size_t g = 0; g < need.size(); ++g) {
      assert(need[g] <= cands[g] && "a group needs more candidates than it has");
      total_need += need[g];
    }
  }

  // Cheapest and second cheapest fixed site per demand point.
  fixed_cost.assign(n_demand, siting_inf);
  fixed_cost2.assign(n_demand, siting_inf);
  float max_cost = 0;
  for (Id j : fixed_sites) {
    for (Id k = begin(j); k < end(j); ++k) {
      const Id i = reach.demand[k];
      const double c = reach.cost[k];
      if (c < fixed_cost[i]) {
        fixed_cost2[i] = fixed_cost[i];
        fixed_cost[i] = c;
      } else if (c < fixed_cost2[i]) {
        fixed_cost2[i] = c;
      }
    }
  }
  // Coverable: marked by candidates in parallel, one byte map per thread, then or-ed.
  tbb::enumerable_thread_specific<std::vector<std::uint8_t>> marks(
      [&] { return std::vector<std::uint8_t>(n_demand, 0); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, candidates.size(), 256),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      check_interrupt();
                      std::vector<std::uint8_t>& m = marks.local();
                      for (std::size_t x = r.begin(); x < r.end(); ++x)
                        for (Id k = begin(candidates[x]); k < end(candidates[x]); ++k) m[reach.demand[k]] = 1;
                    });
  coverable.assign(n_demand, 0);
  for (Id i = 0; i < n_demand; ++i) coverable[i] = fixed_cost[i] != siting_inf;
  for (const std::vector<std::uint8_t>& m : marks)
    for (Id i = 0; i < n_demand; ++i) coverable[i] |= m[i];

  for (Id i = 0; i < n_demand; ++i) {
    assert(weight[i] >= 0);
    total_weight += weight[i];
    if (!coverable[i]) {
      uncoverable.push_back(i);
      uncoverable_weight += weight[i];
    }
  }

  if (std::isnan(options.unreached_cost)) {
    if (reach.threshold <= 0)
      for (float c : reach.cost) max_cost = std::max(max_cost, c);
    unreached_cost = reach.threshold > 0 ? 2.0 * reach.threshold : 2.0 * max_cost;
  } else {
    unreached_cost = options.unreached_cost;
  }
  assert(unreached_cost >= 0);
}

SetValue evaluate_set(const SitingProblem& p, const std::vector<Id>& selected) {
  std::vector<double> best(p.fixed_cost);
  for (Id j : selected)
    for (Id k = p.begin(j); k < p.end(j); ++k) {
      const Id i = p.reach.demand[k];
      best[i] = std::min<double>(best[i], p.reach.cost[k]);
    }
  SetValue v;
  for (Id i = 0; i < p.reach.n_demand; ++i) {
    if (best[i] != siting_inf) v.covered_weight += p.weight[i];
    if (!p.coverable[i]) continue;
    const double c = std::min(best[i], p.unreached_cost);
    v.total_cost += p.weight[i] * c;
    v.max_cost = std::max(v.max_cost, c);
  }
  return v;
}

}  // namespace lc::detail
