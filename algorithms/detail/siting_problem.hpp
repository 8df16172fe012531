#pragma once
// The siting input prepared once: normalised site roles, what the fixed sites already give every
// demand point, who is coverable at all, and evaluation of a chosen set.

#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/siting.hpp"

namespace lc::detail {

inline constexpr double siting_inf = std::numeric_limits<double>::infinity();

struct SitingProblem {
  const Reach& reach;
  const std::vector<double>& weight;
  std::vector<std::uint8_t> is_fixed;      // per site
  std::vector<std::uint8_t> is_candidate;  // per site
  std::vector<Id> candidates;              // ascending
  std::vector<Id> fixed_sites;             // ascending
  std::vector<std::uint8_t> coverable;     // per demand: a fixed or candidate site reaches it
  std::vector<double> fixed_cost;          // per demand: cheapest fixed site (inf when none)
  std::vector<double> fixed_cost2;         // per demand: second cheapest fixed site (inf when none)
  double unreached_cost = 0;               // pmedian / pcenter penalty
  double total_weight = 0;
  double uncoverable_weight = 0;
  std::vector<Id> uncoverable;

  SitingProblem(const SitingInput& in, const SitingOptions& options);

  bool covered_by_fixed(Id i) const { return fixed_cost[i] != siting_inf; }
  // Range of a site's pairs in the Reach.
  Id begin(Id site) const { return reach.first[site]; }
  Id end(Id site) const { return reach.first[site + 1]; }
};

// What a set of open sites (the fixed ones plus `selected`) gives.
struct SetValue {
  double covered_weight = 0;  // weight within reach of an open site
  double total_cost = 0;      // sum over coverable demand of weight × min(unreached_cost, cheapest open)
  double max_cost = 0;        // max over coverable demand of min(unreached_cost, cheapest open)
};
SetValue evaluate_set(const SitingProblem& p, const std::vector<Id>& selected);

// Tolerance below which an improvement is noise: 1e-9 of `scale` (at least 1e-300).
inline double improvement_eps(double scale) { return 1e-9 * (scale > 1e-300 ? scale : 1e-300); }

}  // namespace lc::detail
