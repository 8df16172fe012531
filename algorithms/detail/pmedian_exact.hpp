#pragma once
// The p-median in its savings form, its Lagrangian lower bound and the reductions that bound
// proves.
//
// Savings form. With b_i = min(unreached_cost, cheapest fixed site) the cost of demand point i
// when no candidate is open, and w_i its weight (0 for uncoverable points), a candidate j saves
// s_ij = w_i (b_i - c_ij) on every pair cheaper than b_i. For a set S of at most k candidates,
//   cost(S) = sum_i w_i b_i - sum_i max(0, max_{j in S} s_ij).
//
// Lagrangian relaxation (Beasley 1993, "Lagrangean heuristics for location problems", EJOR 65).
// Relaxing "each point takes the saving of one site only" with multipliers lambda_i >= 0 leaves
//   L(lambda) = sum_i lambda_i + (sum of the k largest rho_j),  rho_j = sum_i max(0, s_ij - lambda_i),
// an upper bound on the savings of every set of at most k sites, so base - L(lambda) is a lower
// bound on the cost. L is minimised by subgradient optimisation with Polyak's step towards the
// savings of the best known set; the subproblem has the integrality property, so the best L
// equals the bound of the linear relaxation of the assignment formulation.
//
// Reductions (reduced-cost fixing on the Lagrangian). Requiring site j closed changes the bound
// to L - rho_j + rho_(k+1) when j is among the k chosen by the subproblem, and requiring it open
// to L + rho_j - rho_(k) when it is not. When that bound is no better than the best known set,
// no set that differs from it on j can do better than that set: j is fixed open (or closed) in
// the search for a better one, the best known set staying the answer if none is found.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

// The pairs of the savings form, by candidate.
struct MedianSavings {
  std::vector<Id> site;              // candidate site ids with at least one saving pair, ascending
  std::vector<std::size_t> first{0}; // CSR over `site`: pairs [first[t], first[t + 1])
  std::vector<Id> demand;            // per pair
  std::vector<double> cost;          // per pair: c_ij (below the point's base cost)
  std::vector<double> saving;        // per pair: s_ij > 0
  std::vector<double> base;          // per demand point: b_i
  std::vector<double> weight;        // per demand point: w_i (0 for uncoverable points)
  double base_cost = 0;              // sum_i w_i b_i: the cost with no candidate open

  // The candidates `allowed` (ascending), every demand point costing at most its `base` (b_i of
  // the problem when empty; otherwise its own cap, e.g. lowered by sites fixed open).
  static MedianSavings build(const SitingProblem& p, const std::vector<Id>& allowed,
                             const std::vector<double>& base = {});
  std::size_t pairs() const { return demand.size(); }
  // The savings of `open` (site ids; those not in `site` save nothing).
  double savings_of(const std::vector<Id>& open) const;
};

struct LagrangeOptions {
  int max_iterations = 3000;  // and it stops when 300 iterations in a row find no better bound
  int patience = 30;          // Polyak's factor, 2 at the start, halves after this many without one
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct LagrangeBound {
  double savings_bound = siting_inf;  // best (lowest) L(lambda): no set of k sites saves more
  double cost_bound = -siting_inf;    // base_cost - savings_bound
  std::vector<double> lambda;         // per demand point, at the best L
  std::vector<double> rho;            // per index of MedianSavings::site, at the best L
  // Lagrangian heuristic: the best of the subproblem's sets (its k chosen sites, each iteration)
  // by its true savings, when it beat `known_savings`; else empty.
  std::vector<Id> best_set;
  double best_set_savings = 0;
  int iterations = 0;
};

// Minimises L over lambda >= 0 from `start` (per demand point; empty: all 0), `known_savings`
// being the savings of the best known set of at most k sites (raised as the subproblem's sets
// beat it: the step aims at the best known).
LagrangeBound lagrangian_bound(const MedianSavings& s, std::size_t k, double known_savings,
                               const std::vector<double>& start, const LagrangeOptions& o);

// Each point's saving in the set `open` (its largest s_ij over open sites): the multipliers
// with which the subgradient search starts.
std::vector<double> savings_per_point(const MedianSavings& s, const std::vector<Id>& open);

struct MedianFixing {
  std::vector<Id> open;    // site ids every better set holds, ascending
  std::vector<Id> closed;  // site ids no better set holds, ascending
};

// The sites fixed by the bound `b` against `known_savings` (tolerance `eps`).
MedianFixing fix_by_bound(const MedianSavings& s, std::size_t k, const LagrangeBound& b, double known_savings,
                          double eps);

// The savings form of what is left for a better set than the known one: the sites of `fix`
// taken out (those fixed open lower each point's base cost to theirs, and drop the pairs no
// cheaper than it), and the pairs the bound proves unused dropped. Requiring point i to take
// its saving from site j changes the bound to at most
//   L - max(0, lambda_i - s_ij) - (rho_(k) - rho_j if j is not among the k chosen, else 0),
// so when that is no better than the known set, no better set serves i from j: i pays for j as
// if it were not there. Such a model costs every better set what it really costs, and any other
// set no less, so its optimum is the better set when there is one.
struct MedianReduction {
  MedianSavings savings;
  std::vector<Id> opened;  // site ids fixed open by this step, ascending
  std::size_t closed = 0;
  std::size_t pairs_dropped = 0;  // by the pair test (not counting those of closed or opened sites)
};
MedianReduction reduce_by_bound(const MedianSavings& s, std::size_t k, const LagrangeBound& b, double known_savings,
                                double eps);

// CBC on the radius formulation (Elloumi, "A tighter formulation of the p-median problem",
// J. Comb. Optim. 19, 2010; solved at scale by García, Labbé & Marín, "Solving large p-median
// problems with a radius formulation", INFORMS J. Comput. 23, 2011). Each point i gets one
// variable per distinct cost level of its pairs, D_1 < ... < D_L (below its base cost
// D_{L+1} = b_i), instead of one per pair:
//   cost_i = w_i (D_1 + sum_l (D_{l+1} - D_l) u_il),
//   u_i1 + sum_{j: c_ij = D_1} x_j >= 1,   u_il - u_i,l-1 + sum_{j: c_ij = D_l} x_j >= 0,
//   sum_j x_j <= k,  x binary,  u in [0, 1]:
// u_il = 1 when i's cheapest open site costs more than D_l. Each pair is one coefficient (the
// assignment formulation needs a row per pair), and the LP relaxation is as strong. With a
// finite `cutoff_cost`, only sets cheaper than it count: status infeasible then says none is.
// With `groups`, its per-group minimums (siting.hpp) are rows of the model.
struct RadiusSolution {
  MipStatus status = MipStatus::unknown;
  std::vector<Id> open;            // site ids, ascending (empty when none was found)
  double cost = siting_inf;        // the model's cost of `open`
  double cost_bound = -siting_inf; // proven lower bound on the model's optimum (-inf: none)
};
RadiusSolution solve_radius_mip(const MedianSavings& s, std::size_t k, double cutoff_cost, double time_limit_s,
                                const SitingProblem* groups = nullptr);

}  // namespace lc::detail
