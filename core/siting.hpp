#pragma once
// Siting models, their options and results as plain data (algorithms/siting.hpp documents the
// models and solvers; algorithms/propose.hpp builds their input from facilities and demand).

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

enum class SitingModel : std::uint8_t { mclp, lscp, pmedian, pcenter };
enum class SitingSolver : std::uint8_t { automatic, exact, heuristic };

struct SitingOptions {
  SitingModel model = SitingModel::mclp;
  std::uint32_t add = 0;  // at most this many new sites (mclp, pmedian, pcenter)
  // lscp: >= 1 covers every coverable point (whatever its weight); < 1 this share of the
  // coverable weight.
  double target_share = 1.0;
  SitingSolver solver = SitingSolver::automatic;
  double time_limit_s = 60.0;            // exact solver, wall clock (pcenter: for all its steps)
  std::size_t exact_max_pairs = 200000;  // automatic: exact when model_pairs <= this
  // pmedian, pcenter: cost of a point with no open site in reach; NaN = 2 × reach.threshold.
  double unreached_cost = std::numeric_limits<double>::quiet_NaN();
};

struct SitingResult {
  std::vector<Id> selected;      // candidate site ids, rank order
  std::vector<double> marginal;  // per selected: objective gain in rank order (see above)
  // Per selected: the model's figure with the sites up to it in rank order (mclp, lscp: covered
  // weight; pmedian: total cost; pcenter: largest cost), when computed exactly; empty: the
  // writers derive it from objective_before and the marginals.
  std::vector<double> objective_after;
  // mclp: covered (capacitated: served) weight, fixed sites included; lscp: number of new
  // sites; pmedian: total weighted cost; pcenter: largest cost.
  double objective = 0;
  double objective_before = 0;  // the same with the fixed sites only (lscp: 0)
  double bound = std::numeric_limits<double>::quiet_NaN();  // proven bound on the optimum
  double gap = std::numeric_limits<double>::quiet_NaN();    // |objective - bound| / |objective|
  std::string bound_source;  // how the bound was proven: "cbc", "lp", "submodular", ...
  std::string solver;        // "exact:..." or "heuristic:..."
  bool proven_optimal = false;
  bool time_limit_reached = false;  // the exact solver stopped at time_limit_s (never with proven_optimal)
  bool capacitated = false;         // mclp or pmedian with capacities: covered_weight is the weight served
  std::size_t model_pairs = 0;  // the size the automatic rule uses
  double unreached_cost = std::numeric_limits<double>::quiet_NaN();  // pmedian, pcenter: as used
  double covered_weight = 0;         // within reach of an open site (capacitated: served)
  double covered_weight_before = 0;  // the same with the fixed sites only
  double total_weight = 0;
  std::vector<Id> uncoverable;  // demand ids no fixed or candidate site reaches, ascending
  double uncoverable_weight = 0;
  double seconds = 0;  // wall clock
};

// A siting run over facilities: the result, and which facility each site is.
struct ProposeResult {
  SitingResult siting;
  std::vector<Id> site_facility;     // site index -> facility id
  std::vector<Id> selected_facility; // the chosen candidates' facility ids, rank order
  std::size_t existing = 0, competitors = 0, candidates = 0;
  std::vector<Id> candidates_unsnapped;  // network modes: candidate facility ids beyond max_snap_m
  std::size_t candidates_excluded = 0;   // candidates inside an exclusion polygon (dropped)
  // Per-district minimums (ProposeOptions::facility_group), per group: existing sites (the
  // user's; competitors do not count), candidates left after exclusions, sites chosen. When a
  // group has fewer candidates than it needs, or the needs add up to more than `add`, nothing is
  // solved and `groups_unmet` says so (the caller reports which).
  std::vector<std::uint32_t> group_existing, group_candidates, group_selected;
  std::uint32_t group_min = 0;
  std::size_t group_need = 0;  // candidates the minimums need in all
  bool groups_unmet = false;
};

}  // namespace lc
