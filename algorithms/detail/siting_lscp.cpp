// Location set covering (LSCP), full or partial.
//
// Needed demand: coverable and not already within reach of a fixed site. Full cover
// (target_share >= 1): every needed point. Partial: the chosen sites must add
//   required = target_share × (total weight - uncoverable weight) - (weight the fixed sites cover)
// of needed weight (nothing when that is <= 0). Exact models (CBC):
//   full:    min sum x_j  s.t. sum_{j reaches i} x_j >= 1 for every needed i
//   partial: min sum x_j  s.t. y_i <= sum_{j reaches i} x_j, sum_i w_i y_i >= required, 0 <= y_i <= 1
// The full cover goes to CBC reduced (siting_cover.hpp: essential and dominated candidates,
// duplicate points). Heuristic: greedy set cover (siting_cover.hpp), then reverse delete (the chosen sites, last
// first, are dropped when the rest still meet the requirement). Bounds: CBC's; else the best of
// Chvátal's ceil(greedy / H(Δ)) (full cover), the subadditive bound and, when the model is within
// exact_max_pairs, the rounded-up LP relaxation.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "algorithms/detail/siting_cover.hpp"
#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_models.hpp"

namespace lc::detail {

namespace {

std::vector<Id> reverse_delete(const CoverInstance& inst, const std::vector<Id>& order) {
  const SitingProblem& p = *inst.p;
  const Reach& reach = p.reach;
  const double required = cover_requirement(inst);
  const double tol = inst.by_weight ? improvement_eps(p.total_weight) : 0.5;
  auto value = [&](Id i) { return inst.by_weight ? p.weight[i] : 1.0; };
  std::vector<std::uint32_t> cnt(reach.n_demand, 0);
  double done = 0;
  for (Id s : order)
    for (Id q = p.begin(s); q < p.end(s); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && reach.cost[q] <= inst.radius && cnt[i]++ == 0) done += value(i);
    }
  std::vector<std::uint8_t> keep(order.size(), 1);
  std::vector<std::uint32_t> in_group(p.need.size(), 0);  // per-group minimums stay met
  for (Id s : order)
    if (p.group_of(s) != invalid_id) ++in_group[p.group_of(s)];
  for (std::size_t t = order.size(); t-- > 0;) {
    const Id s = order[t];
    const Id g = p.group_of(s);
    if (g != invalid_id && in_group[g] <= p.need[g]) continue;
    double unique = 0;
    for (Id q = p.begin(s); q < p.end(s); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && reach.cost[q] <= inst.radius && cnt[i] == 1) unique += value(i);
    }
    const bool removable = inst.by_weight ? done - unique >= required - tol : unique == 0;
    if (!removable) continue;
    keep[t] = 0;
    if (g != invalid_id) --in_group[g];
    done -= unique;
    for (Id q = p.begin(s); q < p.end(s); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && reach.cost[q] <= inst.radius) --cnt[i];
    }
  }
  std::vector<Id> out;
  for (std::size_t t = 0; t < order.size(); ++t)
    if (keep[t]) out.push_back(order[t]);
  return out;
}

struct CoverMip {
  MipModel m;
  std::vector<Id> x_site;
  std::vector<int> x_col;
  std::vector<Id> y_demand;
  std::vector<int> y_col;
  // Full cover: the reductions applied (reduce_cover); the model holds what is left.
  std::vector<Id> forced;
  std::vector<std::pair<Id, Id>> replaced;
  bool infeasible = false;
};

// Set cover (full, reduced first) or partial cover model of `inst` over the candidates in
// `allowed`.
CoverMip build_cover_mip(const CoverInstance& inst, const std::vector<Id>& allowed) {
  const SitingProblem& p = *inst.p;
  const Reach& reach = p.reach;
  CoverMip cm;
  MipModel& m = cm.m;
  if (!inst.by_weight && !p.grouped()) {
    ReducedCover red = reduce_cover(inst, allowed);
    cm.infeasible = red.infeasible;
    cm.forced = std::move(red.forced);
    cm.replaced = std::move(red.replaced);
    cm.x_site = red.columns;
    for (std::size_t t = 0; t < red.columns.size(); ++t) cm.x_col.push_back(m.add_col(0, 1, 1, true));
    for (const std::vector<std::uint32_t>& row : red.rows) {
      const int r = m.add_row(1, siting_inf);
      for (std::uint32_t t : row) m.add(r, cm.x_col[t], 1.0);
    }
    return cm;
  }
  // Partial cover, or a full one with per-group minimums (whose reductions assume a free choice).
  std::vector<int> row_of(reach.n_demand, -1);
  const int target = inst.by_weight ? m.add_row(inst.required - improvement_eps(p.total_weight), siting_inf) : -1;
  for (Id j : allowed) {
    int x = -1;
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = reach.demand[q];
      if (!inst.need[i] || reach.cost[q] > inst.radius) continue;
      if (inst.by_weight && !(p.weight[i] > 0)) continue;
      if (x < 0) {
        x = m.add_col(0, 1, 1, true);
        cm.x_site.push_back(j);
        cm.x_col.push_back(x);
      }
      if (row_of[i] < 0) {
        if (inst.by_weight) {
          row_of[i] = m.add_row(-siting_inf, 0);
          const int y = m.add_col(0, 1, 0, false);
          m.add(row_of[i], y, 1);
          m.add(target, y, p.weight[i]);
          cm.y_demand.push_back(i);
          cm.y_col.push_back(y);
        } else {
          row_of[i] = m.add_row(1, siting_inf);
        }
      }
      m.add(row_of[i], x, inst.by_weight ? -1.0 : 1.0);
    }
  }
  add_group_minimums(m, p, -1, 1.0, cm.x_site, cm.x_col);
  return cm;
}

std::vector<double> cover_start(const CoverInstance& inst, const CoverMip& cm, const std::vector<Id>& sel) {
  const SitingProblem& p = *inst.p;
  std::vector<double> x(cm.m.cols(), 0.0);
  std::vector<std::uint8_t> open(p.reach.n_sites, 0), covered(p.reach.n_demand, 0);
  for (Id s : sel) {
    open[s] = 1;
    for (Id q = p.begin(s); q < p.end(s); ++q)
      if (p.reach.cost[q] <= inst.radius) covered[p.reach.demand[q]] = 1;
  }
  // A dropped (dominated) site's place is taken by the site that covers its points.
  for (const auto& [dropped, by] : cm.replaced)
    if (open[dropped]) open[by] = 1;
  for (std::size_t t = 0; t < cm.x_site.size(); ++t) x[cm.x_col[t]] = open[cm.x_site[t]];
  for (std::size_t t = 0; t < cm.y_demand.size(); ++t) x[cm.y_col[t]] = covered[cm.y_demand[t]];
  return x;
}

}  // namespace

// Shared with p-center: the fewest candidates covering `inst`, by CBC (see siting_models.hpp).
MipSolution solve_cover_mip(const CoverInstance& inst, const std::vector<Id>& allowed, const std::vector<Id>* start,
                            double time_limit_s, double cutoff, std::vector<Id>& sel) {
  const CoverMip cm = build_cover_mip(inst, allowed);
  MipSolution s;
  const double forced = static_cast<double>(cm.forced.size());
  if (cm.infeasible || forced >= cutoff) {
    s.status = MipStatus::infeasible;
    return s;
  }
  if (cm.m.rows() == 0) {  // the reductions decided it: the forced sites are the cover
    s.status = MipStatus::optimal;
    s.objective = s.bound = forced;
    sel = cm.forced;
    return s;
  }
  MipParams params;
  params.time_limit_s = time_limit_s;
  std::vector<double> x0;
  if (start) {
    x0 = cover_start(inst, cm, *start);
    params.start = &x0;
  }
  params.cutoff = cutoff - forced;
  params.stop_at_first_solution = cutoff < siting_inf;
  s = solve_mip(cm.m, params);
  s.objective += forced;
  s.bound += forced;
  if (!s.x.empty()) {
    sel = cm.forced;
    for (std::size_t t = 0; t < cm.x_site.size(); ++t)
      if (s.x[cm.x_col[t]] > 0.5) sel.push_back(cm.x_site[t]);
    std::sort(sel.begin(), sel.end());
  }
  return s;
}

SitingResult solve_lscp(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const Id n = p.reach.n_demand;
  const bool full = ctx.o.target_share >= 1.0;
  const double before = evaluate_set(p, {}).covered_weight;
  const double coverable_weight = p.total_weight - p.uncoverable_weight;

  CoverInstance inst;
  inst.p = &p;
  inst.need.assign(n, 0);
  for (Id i = 0; i < n; ++i) inst.need[i] = p.coverable[i] && !p.covered_by_fixed(i);
  inst.by_weight = !full;
  inst.required = full ? 0.0 : std::max(0.0, ctx.o.target_share * coverable_weight - before);

  SitingResult r;
  r.objective_before = 0;
  const CoverRun g = greedy_cover(inst, p.candidates, SIZE_MAX);
  std::vector<Id> sel = reverse_delete(inst, g.order);
  std::size_t lb = g.lower_bound;
  r.bound_source = full ? "greedy H(delta)/subadditive" : "subadditive";
  const bool trivial = sel.empty();  // the fixed sites already meet the requirement

  if (ctx.exact && !trivial) {
    r.solver = "exact:cbc";
    const MipSolution s = solve_cover_mip(inst, p.candidates, &sel, ctx.seconds_left(), siting_inf, sel);
    r.proven_optimal = s.status == MipStatus::optimal;
    if (!r.proven_optimal) r.solver = "exact:cbc(time limit)", r.time_limit_reached = true;
    const auto cbc_lb = static_cast<std::size_t>(std::max(0.0, std::ceil(s.bound - 1e-6)));
    if (cbc_lb >= lb) {
      lb = cbc_lb;
      r.bound_source = "cbc";
    }
  } else {
    r.solver = ctx.exact ? "exact:trivial" : "heuristic:greedy+reverse-delete";
    if (!ctx.exact && !trivial && ctx.pairs <= ctx.o.exact_max_pairs) {
      const CoverMip cm = build_cover_mip(inst, p.candidates);
      const LpSolution lp = solve_lp(cm.m);
      const double forced = static_cast<double>(cm.forced.size());  // the reductions' essential sites
      const auto lp_lb = static_cast<std::size_t>(std::max(0.0, std::ceil(forced + lp.objective - 1e-6)));
      if (lp.optimal && lp_lb > lb) {
        lb = lp_lb;
        r.bound_source = "lp";
      }
    }
  }

  // Rank: greedy cover order within the chosen set (a cover, so greedy completes with it).
  std::sort(sel.begin(), sel.end());
  const CoverRun rank = greedy_cover(inst, sel, SIZE_MAX);
  r.selected = rank.order;
  r.marginal = rank.covered_weight;
  r.objective = static_cast<double>(r.selected.size());
  r.bound = static_cast<double>(std::min(lb, r.selected.size()));
  if (trivial || r.bound >= r.objective) r.proven_optimal = true;
  return r;
}

}  // namespace lc::detail
