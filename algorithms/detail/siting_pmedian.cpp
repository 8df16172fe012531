// p-median: minimise sum_i w_i min(unreached_cost, cheapest open site), over coverable demand.
//
// Exact model (CBC), on savings against b_i = min(unreached_cost, cheapest fixed site), with
// only the pairs that save something (c_ij < b_i) and positive weight:
//   max sum w_i (b_i - c_ij) z_ij  s.t.  sum_j z_ij <= 1,  z_ij <= x_j,  sum_j x_j <= add,
//   x_j binary, z_ij in [0, 1]   (cost = sum_i w_i b_i - savings).
// Heuristic: lazy greedy addition, then Teitz–Bart vertex substitution (fast interchange), with
// the submodular bound; the LP relaxation of the model above is added as a bound when the model
// is within exact_max_pairs.

#include <algorithm>
#include <cstdint>

#include "algorithms/detail/siting_local.hpp"
#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_models.hpp"

namespace lc::detail {

namespace {

struct MedianMip {
  MipModel m;
  std::vector<Id> x_site;
  std::vector<int> x_col;
  std::vector<Id> z_pair;
  std::vector<int> z_col;
};

MedianMip build_pmedian_mip(const SitingProblem& p, std::size_t k) {
  MedianMip mm;
  MipModel& m = mm.m;
  const Reach& reach = p.reach;
  const double P = p.unreached_cost;
  const int card = m.add_row(-siting_inf, static_cast<double>(k));
  std::vector<int> row_of(reach.n_demand, -1);
  for (Id j : p.candidates) {
    int x = -1;
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = reach.demand[q];
      const double w = p.weight[i];
      const double b = std::min(p.fixed_cost[i], P), c = std::min<double>(reach.cost[q], P);
      if (!(w > 0) || !(c < b)) continue;
      if (x < 0) {
        x = m.add_col(0, 1, 0, true);
        m.add(card, x, 1);
        mm.x_site.push_back(j);
        mm.x_col.push_back(x);
      }
      if (row_of[i] < 0) row_of[i] = m.add_row(-siting_inf, 1);
      const int z = m.add_col(0, 1, -w * (b - c), false);
      m.add(row_of[i], z, 1);
      const int link = m.add_row(-siting_inf, 0);
      m.add(link, z, 1);
      m.add(link, x, -1);
      mm.z_pair.push_back(q);
      mm.z_col.push_back(z);
    }
  }
  return mm;
}

// Every demand point assigned to its cheapest chosen site (ties: lower id) when that saves.
std::vector<double> pmedian_start(const SitingProblem& p, const MedianMip& mm, const std::vector<Id>& sel) {
  std::vector<double> x(mm.m.cols(), 0.0);
  std::vector<std::uint8_t> open(p.reach.n_sites, 0);
  for (Id s : sel) open[s] = 1;
  for (std::size_t t = 0; t < mm.x_site.size(); ++t) x[mm.x_col[t]] = open[mm.x_site[t]];
  std::vector<std::size_t> best(p.reach.n_demand, SIZE_MAX);  // z index
  auto site_of = [&](Id q) {
    return Id(std::upper_bound(p.reach.first.begin(), p.reach.first.end(), q) - p.reach.first.begin() - 1);
  };
  for (std::size_t t = 0; t < mm.z_pair.size(); ++t) {
    const Id q = mm.z_pair[t], j = site_of(q), i = p.reach.demand[q];
    if (!open[j]) continue;
    std::size_t& b = best[i];
    if (b == SIZE_MAX) {
      b = t;
      continue;
    }
    const Id qb = mm.z_pair[b];
    if (p.reach.cost[q] < p.reach.cost[qb] || (p.reach.cost[q] == p.reach.cost[qb] && j < site_of(qb))) b = t;
  }
  for (std::size_t b : best)
    if (b != SIZE_MAX) x[mm.z_col[b]] = 1;
  return x;
}

}  // namespace

SitingResult solve_pmedian(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());
  const LocalSearch ls(p, GainKind::cost);
  SitingResult r;
  const double base = ls.baseline_cost();
  r.objective_before = base;

  const GreedyRun g = ls.greedy(k, {}, p.candidates);
  std::vector<Id> sel = g.order;
  const SwapRun sw = ls.improve(sel, k, p.candidates);
  double lb = std::max(g.lower_bound, sw.lower_bound);
  r.bound_source = "submodular";

  if (ctx.exact && k > 0) {
    r.solver = "exact:cbc";
    const MedianMip mm = build_pmedian_mip(p, k);
    if (!mm.x_site.empty()) {
      const std::vector<double> start = pmedian_start(p, mm, sel);
      MipParams params;
      params.time_limit_s = ctx.seconds_left();
      params.start = &start;
      const MipSolution s = solve_mip(mm.m, params);
      if (!s.x.empty()) {
        sel.clear();
        for (std::size_t t = 0; t < mm.x_site.size(); ++t)
          if (s.x[mm.x_col[t]] > 0.5) sel.push_back(mm.x_site[t]);
      }
      r.proven_optimal = s.status == MipStatus::optimal;
      if (!r.proven_optimal) r.solver = "exact:cbc(time limit)";
      if (base + s.bound >= lb) {
        lb = base + s.bound;
        r.bound_source = "cbc";
      }
    } else {
      r.proven_optimal = true;
    }
  } else {
    r.solver = ctx.exact ? "exact:trivial" : "heuristic:greedy+teitz-bart";
    if (!ctx.exact && k > 0 && ctx.pairs <= ctx.o.exact_max_pairs) {
      const MedianMip mm = build_pmedian_mip(p, k);
      if (!mm.x_site.empty()) {
        const LpSolution lp = solve_lp(mm.m);
        if (lp.optimal && base + lp.objective > lb) {
          lb = base + lp.objective;
          r.bound_source = "lp";
        }
      }
    }
  }

  std::sort(sel.begin(), sel.end());
  const GreedyRun rank = ls.greedy(sel.size(), {}, sel);
  r.selected = rank.order;
  r.marginal = rank.gain;
  r.objective = evaluate_set(p, r.selected).total_cost;
  r.bound = std::min(lb, r.objective);
  if (k == 0 || r.objective - r.bound <= ls.eps()) r.proven_optimal = true;
  return r;
}

}  // namespace lc::detail
