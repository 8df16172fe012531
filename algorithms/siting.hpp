#pragma once
// Facility siting on a Reach: where to open `add` new sites next to the ones already there.
//
//   mclp     maximal covering: open at most `add` candidates to maximise the weight of demand
//            within reach of at least one open site (fixed sites are open). With `capacity`, each
//            open site serves at most its capacity of weight (capacitated MCLP).
//   lscp     location set covering: the fewest candidates so that every coverable demand point
//            (or `target_share` of the coverable weight) is within reach of an open site.
//   pmedian  open at most `add` candidates to minimise the total weighted cost from each demand
//            point to its cheapest open site.
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
// - Ties: among equal gains, the lower site id wins (greedy steps, swaps, ranking); results do
//   not depend on thread count. Floating-point improvements below 1e-9 of the model's scale
//   (total weight × unreached cost) are treated as no improvement.
// - `selected` is in rank order: the order in which greedy addition picks the chosen sites from
//   the final set (for every solver), and `marginal[t]` is the gain of the t-th site given the
//   fixed ones and those before it, so marginals sum to the objective change from
//   objective_before (mclp: covered weight gained; lscp: covered weight gained, the objective
//   being the site count; pmedian: cost reduction; pcenter: reduction of the largest cost, the
//   order being p-median-greedy within the set).
//
// Automatic solver rule: exact when model_pairs ≤ exact_max_pairs, else heuristic, where
// model_pairs counts the (demand, candidate) pairs the exact model carries after reduction:
//   mclp     candidate pairs of positive-weight demand not already covered by a fixed site;
//            capacitated: every pair of a positive-weight demand with a fixed or candidate site;
//   lscp     candidate pairs of coverable demand not already covered by a fixed site;
//   pmedian  candidate pairs of positive-weight demand cheaper than the demand's fixed/penalty cost;
//   pcenter  candidate pairs of coverable demand.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/reach.hpp"

namespace lc {

enum class SitingModel : std::uint8_t { mclp, lscp, pmedian, pcenter };
enum class SitingSolver : std::uint8_t { automatic, exact, heuristic };

struct SitingInput {
  Reach reach;                           // every site -> demand within the threshold, with costs
  std::vector<double> weight;            // per demand point, >= 0
  std::vector<std::uint8_t> fixed;       // per site: 1 = open and kept (existing or competitor); empty = none
  std::vector<std::uint8_t> candidate;   // per site: 1 = may be chosen; empty = every non-fixed site
  std::vector<double> capacity;          // per site, weight a site can serve (+inf = unlimited); empty =
                                         // uncapacitated. Used by mclp only.
};

struct SitingOptions {
  SitingModel model = SitingModel::mclp;
  std::uint32_t add = 0;                 // at most this many new sites (mclp, pmedian, pcenter)
  double target_share = 1.0;             // lscp: >= 1 covers every coverable point (whatever its
                                         // weight); < 1 covers this share of the coverable weight
  SitingSolver solver = SitingSolver::automatic;
  double time_limit_s = 60.0;            // exact solver, wall clock (pcenter: for all its steps)
  std::size_t exact_max_pairs = 200000;  // automatic: exact when model_pairs <= this
  double unreached_cost = std::numeric_limits<double>::quiet_NaN();  // pmedian, pcenter; NaN = default
};

struct SitingResult {
  std::vector<Id> selected;              // candidate site ids, rank order
  std::vector<double> marginal;          // per selected: objective gain in rank order (see above)
  double objective = 0;                  // mclp: covered (capacitated: served) weight incl. fixed
                                         // sites; lscp: number of new sites; pmedian: total
                                         // weighted cost; pcenter: largest cost
  double objective_before = 0;           // the same with the fixed sites only (lscp: 0)
  double bound = std::numeric_limits<double>::quiet_NaN();  // proven bound on the optimum
  double gap = std::numeric_limits<double>::quiet_NaN();    // |objective - bound| / |objective|
  std::string bound_source;              // how the bound was proven, e.g. "cbc", "lp", "submodular"
  std::string solver;                    // "exact:..." or "heuristic:..."
  bool proven_optimal = false;
  std::size_t model_pairs = 0;           // size used by the automatic rule
  double unreached_cost = std::numeric_limits<double>::quiet_NaN();  // pmedian, pcenter: as used
  double covered_weight = 0;             // within reach of an open site (capacitated: served)
  double covered_weight_before = 0;      // the same with the fixed sites only
  double total_weight = 0;
  std::vector<Id> uncoverable;           // demand ids no fixed or candidate site reaches, ascending
  double uncoverable_weight = 0;
  double seconds = 0;                    // wall clock
};

// Solves `options.model` on `in`. Preconditions (asserted): weight has reach.n_demand entries,
// fixed / candidate / capacity are empty or have reach.n_sites entries, no site is both fixed
// and candidate, weights and capacities are >= 0.
SitingResult solve_siting(const SitingInput& in, const SitingOptions& options);

}  // namespace lc
