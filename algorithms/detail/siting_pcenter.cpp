// p-center: minimise max_i min(unreached_cost, cheapest open site) over coverable demand
// (every coverable point counts, whatever its weight).
//
// The optimum is one of the distinct pair costs (capped at unreached_cost) between
//   lb0    = max_i (cost to i with every candidate open)   (no set does better) and
//   before = max_i (cost to i with the fixed sites only)   (no set does worse),
// and "radius r is achievable" is monotone in r, so both solvers bisect over those values. At r
// the points with fixed cost > r must be covered by at most `add` candidates within r:
//   1. greedy set cover (limited to `add` sites): if it completes, r is feasible;
//   2. if a proven lower bound on the cover size (Chvátal's H(Δ) or the subadditive bound,
//      siting_cover.hpp) exceeds `add`, r is infeasible;
//   3. otherwise the exact solver asks CBC for a cover with fewer than add + 0.5 sites (cutoff,
//      first solution ends it): found = feasible, proven infeasible = infeasible; the heuristic
//      solver (or CBC at its time limit) counts r as infeasible, unproven.
// The bound is the radius just above the largest radius proven infeasible (at least lb0), so
// the exact solver's bound equals its objective unless CBC ran out of time.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "algorithms/detail/siting_cover.hpp"
#include "algorithms/detail/siting_local.hpp"
#include "algorithms/detail/siting_models.hpp"
#include "core/interrupt.hpp"

namespace lc::detail {

namespace {

enum class Verdict : std::uint8_t { feasible, infeasible, unknown };

}  // namespace

SitingResult solve_pcenter(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const Reach& reach = p.reach;
  const Id n = reach.n_demand;
  const double P = p.unreached_cost;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());

  std::vector<double> b(n, 0.0), best_all(n, 0.0);
  double before = 0;
  for (Id i = 0; i < n; ++i)
    if (p.coverable[i]) {
      b[i] = best_all[i] = std::min(p.fixed_cost[i], P);
      before = std::max(before, b[i]);
    }
  for (Id j : p.candidates)
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = reach.demand[q];
      best_all[i] = std::min(best_all[i], std::min<double>(reach.cost[q], P));
    }
  double lb0 = 0;
  for (Id i = 0; i < n; ++i)
    if (p.coverable[i]) lb0 = std::max(lb0, best_all[i]);
  if (k == 0) lb0 = before;

  // The radii to bisect over, ascending: radius(0) = lb0, radius(top) = before. Up to
  // max_listed_pairs pairs, the distinct pair costs in between; beyond, every float in between
  // (by bit pattern, which orders non-negative floats), so that no list is built or sorted: the
  // smallest feasible float is still a pair cost, since feasibility only changes at pair costs
  // (all floats below unreached_cost), and unreached_cost itself comes last.
  constexpr std::size_t max_listed_pairs = 4000000;
  std::vector<double> radii;
  std::uint32_t bits_lo = 0;
  std::size_t top = 0;
  const bool listed = reach.size() <= max_listed_pairs;
  auto bits_of = [](float f) {
    std::uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return b;
  };
  if (listed) {
    radii = {lb0, before};
    for (Id j = 0; j < reach.n_sites; ++j) {
      if (!p.is_fixed[j] && !p.is_candidate[j]) continue;
      for (Id q = p.begin(j); q < p.end(j); ++q) {
        const double c = std::min<double>(reach.cost[q], P);
        if (c > lb0 && c < before) radii.push_back(c);
      }
    }
    std::sort(radii.begin(), radii.end());
    radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
    top = radii.size() - 1;
  } else if (lb0 < before) {
    // lb0 < before <= P: lb0 is a pair cost below P, so a float; so is before unless it is P.
    bits_lo = bits_of(static_cast<float>(lb0));
    const bool before_is_p = before >= P;
    float below_top = static_cast<float>(before_is_p ? P : before);
    if (before_is_p)  // the largest float below P
      while (static_cast<double>(below_top) >= P) below_top = std::nextafter(below_top, 0.0f);
    top = bits_of(below_top) - bits_lo + (before_is_p ? 1 : 0);
  }
  auto radius = [&](std::size_t at) -> double {
    if (listed) return radii[at];
    if (at == top) return before;
    const std::uint32_t b = bits_lo + static_cast<std::uint32_t>(at);
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
  };

  CoverInstance inst;
  inst.p = &p;
  inst.need.assign(n, 0);
  auto decide = [&](double r, std::vector<Id>& sites) {
    inst.radius = r;
    for (Id i = 0; i < n; ++i) inst.need[i] = p.coverable[i] && b[i] > r;
    const CoverRun g = greedy_cover(inst, p.candidates, k);
    if (g.complete) {
      sites = g.order;
      return Verdict::feasible;
    }
    if (g.lower_bound > k) return Verdict::infeasible;
    if (!ctx.exact || ctx.seconds_left() <= 0) return Verdict::unknown;
    const MipSolution s =
        solve_cover_mip(inst, p.candidates, nullptr, ctx.seconds_left(), static_cast<double>(k) + 0.5, sites);
    const bool found = s.status == MipStatus::optimal || s.status == MipStatus::feasible;
    if (found && sites.size() <= k) return Verdict::feasible;
    return s.status == MipStatus::infeasible ? Verdict::infeasible : Verdict::unknown;
  };

  // Bisection: radius(hi) is feasible (the last one needs no site); radii below radius(lo) are
  // infeasible (below lb0).
  std::size_t lo = 0, hi = top;
  std::ptrdiff_t proven_infeasible = -1;
  std::vector<Id> sel, sites;
  bool timed_out = false;
  while (lo < hi) {
    check_interrupt();
    const std::size_t mid = lo + (hi - lo) / 2;
    sites.clear();
    const Verdict v = decide(radius(mid), sites);
    if (v == Verdict::feasible) {
      hi = mid;
      sel = sites;
    } else {
      lo = mid + 1;
      if (v == Verdict::infeasible)
        proven_infeasible = std::max<std::ptrdiff_t>(proven_infeasible, mid);
      else if (ctx.exact)
        timed_out = true;
    }
  }
  const double bound = radius(static_cast<std::size_t>(proven_infeasible + 1));

  // Fill the slots left with the largest p-median gains (never raises the radius).
  const LocalSearch ls(p, GainKind::cost);
  std::sort(sel.begin(), sel.end());
  if (sel.size() < k) {
    std::vector<Id> allowed;
    std::set_difference(p.candidates.begin(), p.candidates.end(), sel.begin(), sel.end(), std::back_inserter(allowed));
    const GreedyRun fill = ls.greedy(k - sel.size(), sel, allowed);
    sel.insert(sel.end(), fill.order.begin(), fill.order.end());
    std::sort(sel.begin(), sel.end());
  }

  // Rank: p-median greedy order within the set, then sites with no p-median gain by id;
  // marginal = decrease of the largest cost along that order.
  SitingResult r;
  r.selected = ls.greedy(sel.size(), {}, sel).order;
  for (Id s : sel)
    if (std::find(r.selected.begin(), r.selected.end(), s) == r.selected.end()) r.selected.push_back(s);
  std::vector<double> d(b);
  double cur = before;
  for (Id s : r.selected) {
    for (Id q = p.begin(s); q < p.end(s); ++q) {
      const Id i = reach.demand[q];
      if (p.coverable[i]) d[i] = std::min(d[i], std::min<double>(reach.cost[q], P));
    }
    double now = 0;
    for (Id i = 0; i < n; ++i)
      if (p.coverable[i]) now = std::max(now, d[i]);
    r.marginal.push_back(cur - now);
    cur = now;
  }
  r.objective_before = before;
  r.objective = cur;
  r.bound = std::min(bound, r.objective);
  r.proven_optimal = r.objective <= r.bound;
  r.bound_source = ctx.exact ? "cbc set cover" : "set cover bounds";
  r.time_limit_reached = ctx.exact && timed_out && !r.proven_optimal;
  r.solver = ctx.exact ? (r.time_limit_reached ? "exact:bisection+cbc(time limit)" : "exact:bisection+cbc")
                       : "heuristic:bisection+greedy-cover";
  return r;
}

}  // namespace lc::detail
