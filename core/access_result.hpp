#pragma once
// Results of the accessibility measures (algorithms/access.hpp): per demand point, per site, and
// the totals a report states. Costs are in the Reach's unit (metres or seconds).

#include <cstdint>
#include <vector>

#include "core/ids.hpp"

namespace lc {

// Cumulative opportunities, gravity and the floating catchment family.
struct AccessResult {
  // Per demand point: the measure A_i (supply per person for the FCA family, supply within reach
  // for cumulative opportunities, decayed supply for gravity).
  std::vector<double> access;
  // Per demand point: the sites whose weight for it is above 0 (within the decay's cut-off).
  std::vector<std::uint32_t> sites_within;
  // Per site: the weighted demand of its catchment, D_j = sum_k P_k W_kj (3SFCA: sum_k G_kj P_k W_kj).
  std::vector<double> site_demand;
  // Per site: R_j = S_j / D_j, 0 when nobody is in its catchment (supply nobody reaches serves
  // nobody). The first step of the FCA family; for the other measures the same supply-to-demand
  // ratio of the catchment.
  std::vector<double> site_ratio;
  // Sites whose supply value was NaN, counted as 0.
  std::size_t supply_unknown = 0;
};

// Proximity time (Bruno et al. 2024): the mean cost to the k nearest facilities of each category.
struct ProximityResult {
  Id n_categories = 0;
  // Per demand point and category, at [i * n_categories + c]: the mean cost to the k nearest
  // facilities of category c; NaN ("not reached") when fewer than k are within the Reach.
  std::vector<double> by_category;
  // Per demand point: the mean of its per-category values; NaN when any category is not reached.
  std::vector<double> overall;
  double population = 0.0;              // total weight
  double population_within_target = 0;  // weight of the points whose overall value <= target
  double population_not_reached = 0;    // weight of the points with a category not reached
  // The city's score: population_within_target / population (0 when nobody lives there).
  double score = 0.0;
};

// Capacity-limited coverage (WHO AccessMod's geographic coverage analysis).
struct CapacityCoverageResult {
  std::vector<Id> order;             // the sites in the order they were processed
  std::vector<double> served;        // per demand point: its weight served (by any sites)
  std::vector<double> site_served;   // per site: the weight it serves
  std::vector<double> site_capacity_people;  // per site: its capacity in people (capacity / places per person)
  std::vector<double> site_capacity_used;    // per site: served / capacity in people, 0..1 (0 for no capacity)
  double population = 0.0;                   // total weight
  double population_covered = 0.0;           // served by some site
  // Within reach (cost <= the cut-off) of a site of the order but left for lack of capacity.
  double population_unserved_in_reach = 0.0;
  double population_out_of_reach = 0.0;  // within reach of no site of the order
  std::size_t capacity_unknown = 0;          // sites whose capacity was NaN, counted as 0
};

}  // namespace lc
