// Maximal covering (MCLP), uncapacitated and capacitated.
//
// Uncapacitated exact model (CBC), over the demand not already covered by a fixed site:
//   max sum_i w_i y_i   s.t.  y_i <= sum_{j reaches i} x_j,  sum_j x_j <= add,
//   x_j binary, 0 <= y_i <= 1 (continuous: for binary x, y_i = 1 exactly when a chosen site
//   reaches i, so the optimum is integral).
// Capacitated exact model: assignment variables z_ij in [0, 1] for every pair of a
// positive-weight demand point with a fixed or candidate site (fractional: a point's weight may
// be split between sites), z_ij <= x_j, sum_j z_ij <= 1, sum_i w_i z_ij <= C_j x_j (C_j for a
// fixed site), sum_j x_j <= add; maximise the served weight sum w_i z_ij. The served weight of a
// given set of sites is the linear program with x fixed (solved with Clp).

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <numeric>

#include "algorithms/detail/siting_capacity.hpp"
#include "algorithms/detail/siting_local.hpp"
#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_models.hpp"
#include "core/interrupt.hpp"

namespace lc::detail {

namespace {

struct MclpMip {
  MipModel m;
  std::vector<Id> x_site;  // per x column (columns 0..x_site.size()-1 are not assumed contiguous)
  std::vector<int> x_col;
  std::vector<Id> y_demand;
  std::vector<int> y_col;
};

MclpMip build_mclp_mip(const SitingProblem& p, std::size_t k) {
  MclpMip mm;
  MipModel& m = mm.m;
  const int card = m.add_row(-siting_inf, static_cast<double>(k));
  std::vector<int> row_of(p.reach.n_demand, -1);
  for (Id j : p.candidates) {
    int col = -1;
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = p.reach.demand[q];
      if (!(p.weight[i] > 0) || p.covered_by_fixed(i)) continue;
      if (col < 0) {
        col = m.add_col(0, 1, 0, true);
        m.add(card, col, 1);
        mm.x_site.push_back(j);
        mm.x_col.push_back(col);
      }
      if (row_of[i] < 0) {
        row_of[i] = m.add_row(-siting_inf, 0);
        const int y = m.add_col(0, 1, -p.weight[i], false);
        m.add(row_of[i], y, 1);
        mm.y_demand.push_back(i);
        mm.y_col.push_back(y);
      }
      m.add(row_of[i], col, -1);
    }
  }
  add_group_minimums(m, p, card, 0.0, mm.x_site, mm.x_col);
  return mm;
}

std::vector<double> mclp_start(const SitingProblem& p, const MclpMip& mm, const std::vector<Id>& sel) {
  std::vector<double> x(mm.m.cols(), 0.0);
  std::vector<std::uint8_t> open(p.reach.n_sites, 0), covered(p.reach.n_demand, 0);
  for (Id s : sel) {
    open[s] = 1;
    for (Id q = p.begin(s); q < p.end(s); ++q) covered[p.reach.demand[q]] = 1;
  }
  for (std::size_t t = 0; t < mm.x_site.size(); ++t) x[mm.x_col[t]] = open[mm.x_site[t]];
  for (std::size_t t = 0; t < mm.y_demand.size(); ++t) x[mm.y_col[t]] = covered[mm.y_demand[t]];
  return x;
}

std::vector<Id> chosen(const MclpMip& mm, const std::vector<double>& x) {
  std::vector<Id> sel;
  for (std::size_t t = 0; t < mm.x_site.size(); ++t)
    if (x[mm.x_col[t]] > 0.5) sel.push_back(mm.x_site[t]);
  return sel;
}

// ---- capacitated ----

double capacity_of(const SitingInput& in, Id j) { return in.capacity[j]; }

struct CapGreedy {
  std::vector<Id> order;
  std::vector<double> gain;
  double before = 0;             // served by the fixed sites (greedy assignment)
  double served = 0;             // after
  std::vector<double> assigned;  // per Reach pair: weight assigned
};

// Fixed sites first (in id order), then up to k candidates from `allowed` by largest
// capacity-limited gain min(C_j, unserved weight in reach) (ties: lower id); each opened site
// takes unserved weight nearest first (cost, then demand id) up to its capacity.
CapGreedy capacity_greedy(const SitingProblem& p, const SitingInput& in, std::size_t k, const std::vector<Id>& allowed,
                          double eps) {
  const Reach& reach = p.reach;
  CapGreedy g;
  std::vector<double> rem(p.weight);
  g.assigned.assign(reach.size(), 0.0);
  std::vector<Id> qs;
  auto serve = [&](Id j) {
    qs.resize(p.end(j) - p.begin(j));
    std::iota(qs.begin(), qs.end(), p.begin(j));
    std::stable_sort(qs.begin(), qs.end(), [&](Id a, Id b) { return reach.cost[a] < reach.cost[b]; });
    double left = capacity_of(in, j), served = 0;
    for (Id q : qs) {
      if (!(left > 0)) break;
      const Id i = reach.demand[q];
      const double take = std::min(rem[i], left);
      if (!(take > 0)) continue;
      rem[i] -= take;
      left -= take;
      served += take;
      g.assigned[q] += take;
    }
    return served;
  };
  auto gain = [&](Id j) {
    double s = 0;
    for (Id q = p.begin(j); q < p.end(j); ++q) s += rem[reach.demand[q]];
    return std::min(s, capacity_of(in, j));
  };
  for (Id j : p.fixed_sites) g.before += serve(j);

  struct Entry {
    double gain;
    Id site;
    std::uint32_t round;
  };
  auto less = [](const Entry& a, const Entry& b) { return a.gain < b.gain || (a.gain == b.gain && a.site > b.site); };
  std::vector<Entry> heap;
  for (Id j : allowed) heap.push_back({gain(j), j, 0});
  std::make_heap(heap.begin(), heap.end(), less);
  std::uint32_t round = 0;
  GroupQuota quota(p, {});  // per-group minimums first (siting_problem.hpp)
  std::vector<Entry> aside;
  Entry top{};
  while (g.order.size() < k && pop_allowed(heap, aside, quota, less, top)) {
    check_interrupt();
    if (top.round != round) {
      top.gain = gain(top.site);
      top.round = round;
      heap.push_back(top);
      std::push_heap(heap.begin(), heap.end(), less);
      continue;
    }
    if (quota.active()) {
      if (quota.take(top.site)) return_aside(heap, aside, less);
    } else if (top.gain <= eps) {
      break;
    }
    g.order.push_back(top.site);
    g.gain.push_back(serve(top.site));
    ++round;
  }
  g.served = g.before;
  for (double x : g.gain) g.served += x;
  return g;
}

// Every pair serves: one unit of weight is one unit of the objective.
double serves(Id) { return 1.0; }

double served_lp(const SitingProblem& p, const SitingInput& in, const std::vector<Id>& open_candidates) {
  return assign_capacitated(p, in.capacity, open_candidates, serves, false).value;
}

}  // namespace

SitingResult solve_mclp(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());
  const LocalSearch ls(p, GainKind::cover);
  SitingResult r;
  const double before = evaluate_set(p, {}).covered_weight;
  r.objective_before = before;

  // Heuristic: lazy greedy, then swaps; also the exact solver's start.
  const GreedyRun g = ls.greedy(k, {}, p.candidates);
  std::vector<Id> sel = g.order;
  const SwapRun sw = ls.improve(sel, k, p.candidates);
  // Upper bound on the covered weight: the total minus a lower bound on the uncovered weight.
  double bound = p.total_weight - std::max(g.lower_bound, sw.lower_bound);
  r.bound_source = "submodular";

  if (ctx.exact && k > 0) {
    const MclpMip mm = build_mclp_mip(p, k);
    r.solver = "exact:cbc";
    if (!mm.x_site.empty()) {
      const std::vector<double> start = mclp_start(p, mm, sel);
      MipParams params;
      params.time_limit_s = ctx.seconds_left();
      params.start = &start;
      const MipSolution s = solve_mip(mm.m, params);
      if (!s.x.empty()) sel = chosen(mm, s.x);
      r.proven_optimal = s.status == MipStatus::optimal;
      if (!r.proven_optimal) r.solver = "exact:cbc(time limit)", r.time_limit_reached = true;
      if (before - s.bound <= bound) {
        bound = before - s.bound;
        r.bound_source = "cbc";
      }
    } else {
      r.proven_optimal = true;  // no candidate reaches uncovered positive weight
    }
  } else {
    r.solver = ctx.exact ? "exact:trivial" : "heuristic:greedy+swap";
    if (!ctx.exact && k > 0 && ctx.pairs <= ctx.o.exact_max_pairs) {
      const MclpMip mm = build_mclp_mip(p, k);
      if (!mm.x_site.empty()) {
        const LpSolution lp = solve_lp(mm.m);
        if (lp.optimal && before - lp.objective < bound) {
          bound = before - lp.objective;
          r.bound_source = "lp";
        }
      }
    }
  }

  // Rank: greedy addition within the chosen set; sites that add nothing are dropped.
  std::sort(sel.begin(), sel.end());
  const GreedyRun rank = ls.greedy(sel.size(), {}, sel);
  r.selected = rank.order;
  r.marginal = rank.gain;
  r.objective = evaluate_set(p, r.selected).covered_weight;
  r.bound = std::max(bound, r.objective);
  if (k == 0 || r.bound - r.objective <= ls.eps()) r.proven_optimal = true;
  return r;
}

SitingResult solve_mclp_capacitated(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const SitingInput& in = ctx.in;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());
  const double eps = improvement_eps(p.total_weight);
  for (double c : in.capacity) {
    (void)c;
    assert(c >= 0);
  }
  SitingResult r;
  const CapGreedy g = capacity_greedy(p, in, k, p.candidates, eps);

  if (!ctx.exact) {
    r.solver = "heuristic:capacity-greedy";
    r.selected = g.order;
    r.marginal = g.gain;
    r.objective_before = g.before;
    r.objective = g.served;
    // Combinatorial bound: no site serves more than min(capacity, weight in reach), nothing
    // serves more than the coverable weight.
    const Reach& reach = p.reach;
    auto reachable = [&](Id j) {
      double s = 0;
      for (Id q = p.begin(j); q < p.end(j); ++q) s += p.weight[reach.demand[q]];
      return std::min(s, capacity_of(in, j));
    };
    double ub = 0;
    for (Id j : p.fixed_sites) ub += reachable(j);
    std::vector<double> best;
    for (Id j : p.candidates) best.push_back(reachable(j));
    std::partial_sort(best.begin(), best.begin() + k, best.end(), std::greater<double>());
    for (std::size_t t = 0; t < k; ++t) ub += best[t];
    double bound = std::min(ub, p.total_weight - p.uncoverable_weight);
    r.bound_source = "capacity sum";
    if (ctx.pairs <= ctx.o.exact_max_pairs) {
      const CapacityModel cm = build_capacity_model(p, in.capacity, k, nullptr, serves);
      if (cm.m.cols() > 0) {
        const LpSolution lp = solve_lp(cm.m);
        if (lp.optimal && -lp.objective < bound) {
          bound = -lp.objective;
          r.bound_source = "lp";
        }
      }
    }
    r.bound = std::max(bound, r.objective);
    r.proven_optimal = r.bound - r.objective <= eps;
  } else {
    std::vector<Id> sel = g.order;
    const CapacityModel cm = build_capacity_model(p, in.capacity, k, nullptr, serves);
    r.solver = "exact:cbc";
    double mip_bound = siting_inf;
    if (k > 0 && !cm.x_site.empty()) {
      Assignment greedy;  // the greedy's assignment, as a start
      for (Id q = 0; q < g.assigned.size(); ++q)
        if (g.assigned[q] > 0) greedy.pair.push_back(q), greedy.assigned.push_back(g.assigned[q]);
      const std::vector<double> start = capacity_start(p, cm, sel, greedy);
      MipParams params;
      params.time_limit_s = ctx.seconds_left();
      params.start = &start;
      const MipSolution s = solve_mip(cm.m, params);
      if (!s.x.empty()) sel = opened(cm, s.x);
      r.proven_optimal = s.status == MipStatus::optimal;
      if (!r.proven_optimal) r.solver = "exact:cbc(time limit)", r.time_limit_reached = true;
      mip_bound = -s.bound;
    } else {
      r.proven_optimal = true;
    }
    // Rank: capacity-greedy order within the set (sites it leaves out follow by id), served
    // weight of each prefix from the assignment LP; trailing sites that add nothing are dropped.
    std::sort(sel.begin(), sel.end());
    std::vector<Id> order = capacity_greedy(p, in, sel.size(), sel, eps).order;
    for (Id s : sel)
      if (std::find(order.begin(), order.end(), s) == order.end()) order.push_back(s);
    std::vector<double> value{served_lp(p, in, {})};
    for (std::size_t t = 1; t <= order.size(); ++t)
      value.push_back(served_lp(p, in, std::vector<Id>(order.begin(), order.begin() + t)));
    // (A site a group's minimum needs stays, whatever it adds.)
    std::vector<std::uint32_t> in_group(p.need.size(), 0);
    for (Id s : order)
      if (p.group_of(s) != invalid_id) ++in_group[p.group_of(s)];
    std::size_t keep = order.size();
    while (keep > 0 && value[keep] - value[keep - 1] <= eps) {
      const Id g = p.group_of(order[keep - 1]);
      if (g != invalid_id && in_group[g] <= p.need[g]) break;
      if (g != invalid_id) --in_group[g];
      --keep;
    }
    r.selected.assign(order.begin(), order.begin() + keep);
    for (std::size_t t = 0; t < keep; ++t) r.marginal.push_back(value[t + 1] - value[t]);
    r.objective_before = value[0];
    r.objective = value[keep];
    r.bound = std::max(mip_bound == siting_inf ? r.objective : mip_bound, r.objective);
    r.bound_source = "cbc";
    if (r.bound - r.objective <= eps) r.proven_optimal = true;
  }
  r.covered_weight = r.objective;
  r.covered_weight_before = r.objective_before;
  return r;
}

}  // namespace lc::detail
