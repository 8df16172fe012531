#pragma once
// Accessibility measures on a Reach (sites x demand points within a maximum cost): cumulative
// opportunities, gravity, the floating catchment family (2SFCA, E2SFCA, 3SFCA), proximity time and
// capacity-limited coverage. Costs, cut-offs and decay scales are in the Reach's unit (metres or
// seconds); demand weights are people (or a subgroup such as people aged 60+), NaN counting 0;
// supply is per site (beds, places), every site 1 when the vector is empty, NaN counting 0.
// Every measure is a linear pass over the Reach; the per-point sums run in parallel over ranges of
// demand ids, each point's terms added in site order, so results do not depend on the thread count.

#include <vector>

#include "core/access_result.hpp"
#include "core/ids.hpp"
#include "core/reach.hpp"

namespace lc {

// Distance decay f(c) for a cost c >= 0; every kind is 0 beyond its cut-off `d0`.
enum class DecayKind {
  step,         // 1 for c <= d0
  linear,       // 1 - c / d0 for c <= d0
  exponential,  // exp(-beta c) for c <= d0
  gaussian,     // (exp(-1/2 (c/d0)^2) - exp(-1/2)) / (1 - exp(-1/2)) for c <= d0 (Dai 2010; Wang 2012)
  power,        // max(c, min_cost)^(-beta) for c <= d0
  zones,        // zone_weight[z] for zone_upper[z-1] < c <= zone_upper[z] (Luo & Qi 2009)
};

struct Decay {
  DecayKind kind = DecayKind::step;
  // The catchment size (step, linear, gaussian) or the cut-off (exponential, power); 0 means the
  // Reach's threshold. Never above the Reach's threshold, which holds no pair beyond it.
  double d0 = 0.0;
  double beta = 0.0;      // exponential: per unit of cost, > 0; power: the exponent, > 0
  double min_cost = 1.0;  // power: costs below it count as min_cost (c^-beta has no value at 0), > 0
  // Exponential and power read the cost divided by this (beta and min_cost are then per that
  // unit: 60 for a Reach in seconds and parameters per minute), > 0.
  double cost_unit = 1.0;
  // zones: ascending upper bounds (the last is the cut-off) and their weights in (0, 1]; empty:
  // three equal sub-zones of d0 weighted 1.00, 0.68, 0.22 (Luo & Qi 2009, from a Gaussian).
  std::vector<double> zone_upper;
  std::vector<double> zone_weight;
};

// The decay with d0 and default zones resolved against a Reach's threshold. Throws
// std::invalid_argument with the offending value when a parameter is out of range (d0 not
// positive or above the threshold, beta or min_cost not positive, zones not ascending or their
// weights outside (0, 1] or of another count).
Decay resolve_decay(const Decay& decay, double reach_threshold);

// f(c) of a resolved decay.
double decay_weight(const Decay& decay, double cost);

enum class AccessMeasure {
  // A_i = sum_{j: c_ij <= d0} S_j, the decay taken as a step whatever its kind (Handy & Niemeier
  // 1997, "Measuring accessibility: an exploration of issues and alternatives", cumulative
  // opportunities).
  cumulative,
  // A_i = sum_j S_j f(c_ij) (Hansen 1959, "How accessibility shapes land use").
  gravity,
  // R_j = S_j / sum_{k: c_kj <= d0} P_k, A_i = sum_{j: c_ij <= d0} R_j (Luo & Wang 2003, "Measures
  // of spatial accessibility to health care in a GIS environment"); the decay taken as a step.
  two_step,
  // R_j = S_j / sum_k P_k W_kj, A_i = sum_j R_j W_ij, W = f(c) (Luo & Qi 2009, "An enhanced
  // two-step floating catchment area (E2SFCA) method"); zones by default, any decay.
  enhanced_two_step,
  // G_ij = W_ij / sum_{k in reach(i)} W_ik, R_j = S_j / sum_k G_kj P_k W_kj,
  // A_i = sum_j G_ij W_ij R_j (Wan, Zou & Sternberg 2012, "A three-step floating catchment area
  // method for analyzing spatial access to health services").
  three_step,
};

struct AccessOptions {
  AccessMeasure measure = AccessMeasure::two_step;
  Decay decay;                // for enhanced_two_step, kind zones with empty zones is the paper's
  std::vector<double> supply;  // per site; empty: 1 each
};

// Throws std::invalid_argument for a decay out of range (resolve_decay) or weights / supply of
// another length than the Reach's demand points / sites.
AccessResult compute_access(const Reach& reach, const std::vector<double>& weight, const AccessOptions& options);

struct ProximityOptions {
  // One Reach per category, all over the same demand points (the sites of each its facilities).
  std::vector<const Reach*> categories;
  Id k = 1;  // the nearest k facilities of each category, >= 1
  // The score's limit on the overall proximity time, in the Reaches' unit: 900 s (15 minutes).
  double target = 900.0;
};

// Throws std::invalid_argument for no category, k = 0, a target not positive, Reaches over other
// demand points than the weights, or Reaches in different units.
ProximityResult compute_proximity(const std::vector<double>& weight, const ProximityOptions& options);

// The rest of a proximity result from its per-category values (`by_category`, n_categories per
// point, as compute_proximity makes them): each point's mean, and the totals and the score at
// `target`. What compute_proximity does once it has them (a split run's merge, whose shards
// computed the values).
ProximityResult summarise_proximity(std::vector<double> by_category, Id n_categories, const std::vector<double>& weight,
                                    double target);

struct CapacityCoverageOptions {
  std::vector<double> capacity;  // per site, in places (beds, seats); NaN counts 0
  double places_per_person = 1.0;  // places one person needs (e.g. 0.04 beds per person aged 60+), > 0
  // The sites in priority order (each at most once; sites left out serve nobody); empty: by
  // capacity descending, ties by site id.
  std::vector<Id> order;
  double d0 = 0.0;  // only pairs with cost <= d0 serve; 0: the Reach's threshold
};

// Each site in turn serves the not-yet-served weight nearest to it first (by cost, ties by demand
// id), up to its capacity; a demand point may be split between sites. Throws std::invalid_argument
// for capacities of another length than the sites, a site out of range or twice in the order,
// places_per_person not positive, or d0 negative or above the Reach's threshold.
CapacityCoverageResult compute_capacity_coverage(const Reach& reach, const std::vector<double>& weight,
                                                 const CapacityCoverageOptions& options);

}  // namespace lc
