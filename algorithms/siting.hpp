#pragma once
// Facility siting on a Reach: where to open `add` new sites next to the ones already there.
//
//   mclp     maximal covering: open at most `add` candidates to maximise the weight of demand
//            within reach of at least one open site (fixed sites are open). With `capacity`, each
//            open site serves at most its capacity of weight (capacitated MCLP).
//   lscp     location set covering: the fewest candidates so that every coverable demand point
//            (or `target_share` of the coverable weight) is within reach of an open site.
//   pmedian  open at most `add` candidates to minimise the total weighted cost from each demand
//            point to its cheapest open site. With `capacity`, each open site serves at most its
//            capacity of weight, a point's weight may be split between sites, and weight no open
//            site takes costs unreached_cost (capacitated p-median).
//   pcenter  open at most `add` candidates to minimise the largest such cost.
//
// Exact solutions come from COIN-OR CBC (in process); the heuristics are greedy methods with
// local search and every one reports a proven bound. Pure computation: plain data in, one
// complete result out; no I/O.
//
// Rules shared by all models
// - Open sites are the fixed sites plus the selected candidates. A site that is neither fixed nor
//   candidate is ignored. Pairs outside the Reach (beyond its threshold) do not cover.
// - A demand point that no fixed and no candidate site reaches is "uncoverable": it is listed in
//   `uncoverable` with its weight in every result; lscp and pcenter exclude it, pmedian leaves
//   it out of the objective (it would add the constant unreached_cost × weight), mclp counts it
//   as uncovered (it stays in total_weight).
// - p-median and p-center charge `unreached_cost` for a coverable point with no open site within
//   the Reach (default 2 × reach.threshold; 2 × the largest Reach cost when the threshold is 0).
//   Costs above it are capped at it.
// - Sites that would not improve the objective are not opened: mclp, pmedian and pcenter return
//   at most `add` sites (fewer when the rest would add nothing). pcenter fills the slots left
//   after the smallest radius is reached with the sites that most reduce the total weighted
//   cost (p-median gain), which never raises the radius.
// - Weight counts in mclp, pmedian and partial lscp; full lscp and pcenter treat every coverable
//   point alike, whatever its weight (zero included).
// - Ties: among equal gains, the lower site id wins (greedy steps, swaps, ranking); results do
//   not depend on thread count. Improvements below 1e-9 of the model's scale (mclp, lscp: total
//   weight; pmedian: total weight × unreached_cost) count as none (rounding).
// - `selected` is in rank order: the order in which greedy addition picks the chosen sites from
//   the final set (for every solver), and `marginal[t]` is the gain of the t-th site given the
//   fixed ones and those before it, so marginals sum to the objective change from
//   objective_before (mclp: covered weight gained; lscp: covered weight gained, the objective
//   being the site count; pmedian: cost reduction; pcenter: reduction of the largest cost, the
//   order being p-median-greedy within the set).
//
// Solvers, guarantees and bounds (`bound` is always a proven bound on the optimum: an upper
// bound for mclp, a lower bound for the others; `proven_optimal` is set whenever the bound meets
// the objective, whichever solver ran):
//   mclp     exact: CBC MIP (x_j binary, y_i continuous in [0,1], y_i <= sum of reaching x_j,
//            sum x_j <= add, max sum w_i y_i), started from the heuristic's solution.
//            heuristic "greedy+swap": lazy greedy on marginal gain, then 1-for-1 swaps while one
//            improves. Guarantee: (covered - before) >= (1 - 1/e) × (optimum - before) (greedy
//            alone; swaps only improve); this is a ratio, not a bound. Bound: submodularity,
//            optimum <= f(S) + sum of the `add` largest gains with respect to S (at every greedy
//            step and after the swaps), or the LP relaxation when model_pairs <= exact_max_pairs.
//   mclp with capacity: a demand point's weight may be split between sites (fractional
//            assignment); served weight of a set = its assignment LP (Clp). exact: CBC MIP with
//            z_ij <= x_j, sum_j z_ij <= 1, sum_i w_i z_ij <= C_j x_j. heuristic
//            "capacity-greedy": fixed sites then candidates by min(C_j, unserved weight in
//            reach), each serving nearest first; its objective and objective_before are that
//            greedy assignment's (feasible, possibly below the set's LP value). Bound: LP
//            relaxation (within exact_max_pairs) or sum of min(C_j, weight in reach).
//   pmedian with capacity: the cost of a set is its assignment LP (Clp; detail/siting_capacity.hpp),
//            a submodular function of the set. exact: CBC MIP with z_ij <= x_j, sum_j z_ij <= 1,
//            sum_i w_i z_ij <= C_j x_j, minimising sum w_i (P - (P - c_ij) z_ij) ("exact:cbc"; or
//            "exact:bound" when the heuristic's bound already proves its set). heuristic
//            "capacity-greedy+swap": lazy greedy on exact LP gains, with the LP duals' knapsack
//            bound as each candidate's upper bound, then LP-evaluated 1-for-1 swaps within
//            min(6 s, time_limit_s). Bound: the largest of submodularity (cost minus the `add`
//            largest gain bounds), the LP relaxation (within exact_max_pairs) and, beyond it, the
//            uncapacitated Lagrangian bound. objective_after holds the exact cost after each site.
//   lscp     exact: CBC set cover (partial: y_i, sum w_i y_i >= required); the full cover is
//            reduced first (essential and dominated candidates, duplicate points). heuristic
//            "greedy+reverse-delete": greedy set cover, then redundant sites dropped, last
//            first. Guarantee (full cover): at most H(Δ) <= ln Δ + 1 times the optimum.
//            Bound: max of ceil(greedy / H(Δ)), the subadditive bound (fewest sites whose single
//            gains add up to the requirement) and the rounded-up LP (within exact_max_pairs).
//   pmedian  heuristic "swap-search": lazy greedy, vertex substitution (Whitaker's fast
//            interchange), then Resende & Werneck's fast swap search with multi-start and path
//            relinking from that set (detail/pmedian_search.hpp; within min(6 s,
//            time_limit_s)). Guarantee: cost reduction >= (1 - 1/e) × optimal reduction (the
//            greedy's; the rest only improves). Bound: the Lagrangian relaxation (within 14 s),
//            or the submodular one when higher. exact: the Lagrangian bound, reduced-cost fixing
//            of candidates and assignments, then CBC on the radius formulation of what is left
//            (detail/pmedian_exact.hpp: "exact:lagrangian" or "exact:cbc-radius").
//   pcenter  bisection over the distinct capped costs between the all-candidates radius and
//            the fixed-only radius (beyond 4 million Reach pairs, over every float between
//            them, which needs no sorted list and finds the same radius); at each radius, greedy set cover with at most
//            `add` sites decides "feasible", a set-cover lower bound above `add` decides "infeasible", else exact asks
//            CBC (cutoff add + 0.5) and the heuristic counts it infeasible. Bound: the radius just above the largest
//            one proven infeasible. No single MIP.
// Exact means CBC's default tolerances (it may stop within 1e-5 absolute of the optimum); at
// the time limit the best solution found is returned (for mclp, lscp and pmedian never worse
// than the heuristic's, which CBC starts from) with proven_optimal = false,
// time_limit_reached = true and solver "...(time limit)"; a result is never both proven optimal
// and at the time limit.
//
// Per-group minimums (site_group, group_min): group g needs need_g = max(0, group_min[g] - its
// fixed sites) of its candidates opened. Preconditions (asserted; the API checks them with a
// message): each group has at least need_g candidates, and for mclp, pmedian and pcenter the
// needs add up to at most `add`. Exact: one row sum_{j in g} x_j >= need_g per group in every
// model (and the reductions that assume free choice, p-median's Lagrangian fixing and the set-
// cover reductions, are not applied). Heuristics: greedy addition first opens, among the
// candidates of groups still short, the one that gains most (whatever its gain), then goes on
// as without groups; swaps never take a group below its minimum; LSCP's reverse delete keeps
// the minimums. Bounds: proven for the problem with the minimums; the combinatorial and
// Lagrangian ones are those of the problem without them (no lower: the minimums only constrain
// the problem), LP relaxations include the minimums' rows.
//
// Automatic solver rule: exact when model_pairs ≤ exact_max_pairs, else heuristic, where
// model_pairs counts the (demand, candidate) pairs the exact model carries after reduction:
//   mclp     candidate pairs of positive-weight demand not already covered by a fixed site;
//            capacitated: every pair of a positive-weight demand with a fixed or candidate site;
//   lscp     candidate pairs of coverable demand not already covered by a fixed site;
//   pmedian  candidate pairs of positive-weight demand cheaper than the demand's fixed/penalty cost;
//            capacitated: every pair of a positive-weight demand with a fixed or candidate site
//            cheaper than unreached_cost;
//   pcenter  candidate pairs of coverable demand.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/reach.hpp"
#include "core/siting.hpp"

namespace lc {

struct SitingInput {
  Reach reach;                          // every site -> demand within the threshold, with costs
  std::vector<double> weight;           // per demand point, >= 0
  std::vector<std::uint8_t> fixed;      // per site: 1 = open and kept (existing, competitor); empty = none
  std::vector<std::uint8_t> candidate;  // per site: 1 = may be chosen; empty = every non-fixed site
  // Per site: the weight it can serve (+inf = unlimited). Empty = uncapacitated. mclp and pmedian.
  std::vector<double> capacity;
  // Minimums per group of sites (districts): site_group[j] is site j's group (invalid_id: none),
  // and every solution opens at least group_min[g] sites of group g, fixed sites counted. Empty =
  // none. Every model honours them, exact and heuristic (see "Per-group minimums" above).
  std::vector<Id> site_group;
  std::vector<std::uint32_t> group_min;
};

// Capacitated p-median: the cost of the fixed sites with each prefix of `selected` (selected.size()
// + 1 values, the first for the fixed sites alone), with `cost(site, pair)` as the pairs' costs
// (e.g. in double precision where the Reach holds single), and the weight the whole set serves.
std::vector<double> capacitated_median_costs(const SitingInput& in, double unreached_cost, const std::vector<Id>& selected,
                                             const std::function<double(Id site, Id pair)>& cost, double& served);

// Solves `options.model` on `in`. Preconditions (asserted): weight has reach.n_demand entries,
// fixed / candidate / capacity are empty or have reach.n_sites entries, no site is both fixed
// and candidate, weights and capacities are >= 0.
SitingResult solve_siting(const SitingInput& in, const SitingOptions& options);

}  // namespace lc
