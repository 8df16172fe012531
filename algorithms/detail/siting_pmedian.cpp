// p-median: minimise sum_i w_i min(unreached_cost, cheapest open site), over coverable demand.
//
// Heuristic: lazy greedy addition, Teitz–Bart vertex substitution (fast interchange), then from
// that set the fast swap search of Resende & Werneck with multi-start and path relinking
// (pmedian_search.hpp; with per-group minimums, greedy and Teitz–Bart alone). Its result always
// carries the Lagrangian bound (pmedian_exact.hpp), or the submodular one when that is higher.
//
// Exact, in three steps, each of which may end the solve:
// 1. The Lagrangian bound against the heuristic's cost: when they meet, the heuristic's set is
//    optimal (solver "exact:lagrangian").
// 2. Reductions: the candidates the bound proves open or closed in any better set are fixed, the
//    sites fixed open lower every point's base cost, and the bound is computed again on what is
//    left, while that fixes more (at most a few rounds).
// 3. CBC on the radius formulation (pmedian_exact.hpp) of what is left ("exact:cbc-radius"),
//    reduced pairs included. Only sets cheaper than the best known count (a cutoff): "none"
//    proves the best known set optimal.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <utility>

#include "algorithms/detail/pmedian_exact.hpp"
#include "algorithms/detail/pmedian_search.hpp"
#include "algorithms/detail/siting_local.hpp"
#include "algorithms/detail/siting_models.hpp"

namespace lc::detail {

SitingResult solve_pmedian(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());
  const LocalSearch ls(p, GainKind::cost);
  SitingResult r;
  const double base = ls.baseline_cost();
  const double eps = ls.eps();
  r.objective_before = base;

  const GreedyRun g = ls.greedy(k, {}, p.candidates);
  std::vector<Id> sel = g.order;
  const SwapRun sw = ls.improve(sel, k, p.candidates);
  std::sort(sel.begin(), sel.end());
  double lb = std::max(g.lower_bound, sw.lower_bound);
  r.bound_source = "submodular";
  double heuristic_cost = evaluate_set(p, sel).total_cost;
  bool search_stopped_by_time = false;
  if (k > 0 && !p.grouped()) {
    // The fast swap search with multi-start and path relinking (pmedian_search.hpp), from the
    // Teitz–Bart set (never worse than it), within min(6 s, the time limit).
    PmedianSearchOptions so;
    so.time_budget_s = std::min(6.0, std::max(0.0, ctx.o.time_limit_s));
    const PmedianSearchResult found = pmedian_search(p, k, p.candidates, sel, so);
    search_stopped_by_time = found.stopped_by_time;
    if (found.cost < heuristic_cost - eps) {
      sel = found.selected;
      heuristic_cost = evaluate_set(p, sel).total_cost;
    }
  }
  double best_cost = heuristic_cost;
  // A set from the Lagrangian heuristic (with `with` added), improved by swaps: kept when cheaper.
  auto try_set = [&](const LagrangeBound& b, const std::vector<Id>& with) {
    if (b.best_set.empty() || p.grouped()) return;  // the subproblem knows no per-group minimums
    std::vector<Id> t = b.best_set;
    t.insert(t.end(), with.begin(), with.end());
    std::sort(t.begin(), t.end());
    ls.improve(t, k, p.candidates);
    std::sort(t.begin(), t.end());
    const double c = evaluate_set(p, t).total_cost;
    if (c < best_cost - eps) {
      best_cost = heuristic_cost = c;
      sel = t;
    }
  };

  LagrangeOptions lo;
  lo.deadline = ctx.deadline;
  if (!ctx.exact) {  // a bound for the heuristic's gap: a fair one soon (14 s at most)
    lo.max_iterations = 1000;
    // Large models get few iterations in that time: a faster-shrinking step (on 100,000 x 10,000
    // sites, p 100, 18.8 M pairs: a 1.7 % gap in 14 s, where the usual step gave 2.7 % in 10 s;
    // on 400,000 pairs it would end at 0.24 % instead of 0.018 %).
    if (ctx.pairs > 4000000) lo.patience = 10;
    lo.deadline = std::min(ctx.deadline, std::chrono::steady_clock::now() + std::chrono::seconds(14));
  }
  MedianSavings s = MedianSavings::build(p, p.candidates);
  LagrangeBound lag;
  if (k > 0) {
    lag = lagrangian_bound(s, k, s.base_cost - heuristic_cost, savings_per_point(s, sel), lo);
    try_set(lag, {});
    if (lag.cost_bound > lb) {
      lb = lag.cost_bound;
      r.bound_source = "lagrangian";
    }
  }
  bool proven = k == 0 || best_cost - lb <= eps;
  r.solver = ctx.exact ? (k == 0 ? "exact:trivial" : "exact:lagrangian")
                       : p.grouped() ? "heuristic:greedy+teitz-bart"
                       : search_stopped_by_time ? "heuristic:swap-search(time budget)" : "heuristic:swap-search";

  if (ctx.exact && !proven) {
    // Reductions against the best known cost, while they take something out.
    std::vector<Id> fixed_open;
    // (Not with per-group minimums: the fixing assumes a free choice of k sites.)
    for (int round = 0; round < 6 && !proven && !p.grouped(); ++round) {
      const std::size_t k_now = k - fixed_open.size();
      MedianReduction red = reduce_by_bound(s, k_now, lag, s.base_cost - heuristic_cost, eps);
      const bool changed = !red.opened.empty() || red.closed > 0 || red.pairs_dropped > 0;
      if (!changed) break;
      fixed_open.insert(fixed_open.end(), red.opened.begin(), red.opened.end());
      std::sort(fixed_open.begin(), fixed_open.end());
      s = std::move(red.savings);
      const std::size_t k_left = k - fixed_open.size();
      if (k_left == 0 || s.site.empty()) {
        // A better set, if any, is the sites fixed open (more sites would save nothing).
        const double c = evaluate_set(p, fixed_open).total_cost;
        if (c < best_cost) best_cost = c, sel = fixed_open;
        proven = true;
        r.bound_source = "lagrangian";
        break;
      }
      lag = lagrangian_bound(s, k_left, s.base_cost - heuristic_cost, lag.lambda, lo);
      try_set(lag, fixed_open);
      if (s.base_cost - heuristic_cost >= lag.savings_bound - eps) {  // nothing left beats it
        proven = true;
        r.bound_source = "lagrangian";
      }
    }
    if (!proven) {
      r.solver = "exact:cbc-radius";
      const std::size_t k_left = k - fixed_open.size();
      // Only sets cheaper than the heuristic's count: CBC finds one (the optimum) or proves
      // there is none (the heuristic's set is optimal).
      const RadiusSolution m = solve_radius_mip(s, k_left, heuristic_cost, ctx.seconds_left(), &p);
      if (!m.open.empty()) {
        std::vector<Id> found = fixed_open;
        found.insert(found.end(), m.open.begin(), m.open.end());
        std::sort(found.begin(), found.end());
        const double c = evaluate_set(p, found).total_cost;
        if (c < best_cost) best_cost = c, sel = found;
      }
      if (m.status == MipStatus::optimal || m.status == MipStatus::infeasible) {
        proven = true;  // the best set found, or none below the heuristic's cost
        r.bound_source = "cbc";
        lb = best_cost;
      } else {
        r.solver = "exact:cbc-radius(time limit)";
        r.time_limit_reached = true;
        // CBC's bound holds for the sets that beat the heuristic; the heuristic's cost bounds
        // the others.
        const double cbc_bound = std::min(heuristic_cost, m.cost_bound);
        if (cbc_bound > lb) lb = cbc_bound, r.bound_source = "cbc";
      }
    }
  }

  const GreedyRun rank = ls.greedy(sel.size(), {}, sel);
  r.selected = rank.order;
  r.marginal = rank.gain;
  r.objective = evaluate_set(p, r.selected).total_cost;
  if (proven) lb = r.objective;  // by the bound, the reductions or CBC
  r.bound = std::min(lb, r.objective);
  r.proven_optimal = proven || r.objective - r.bound <= eps;
  return r;
}

}  // namespace lc::detail
