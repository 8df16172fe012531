#pragma once
// Distance coverage: who is within a radius of each category's facilities.

#include <vector>

#include "core/coverage_result.hpp"
#include "core/demand.hpp"
#include "core/facilities.hpp"
#include "core/reach.hpp"
#include "core/threshold.hpp"

namespace lc {

// One category and its threshold. Distance coverage takes a length (within.metres()); network
// coverage a length or a time, searching by the matching weight.
struct CategoryLimit {
  CategoryId category = 0;
  Threshold within;
};

struct CoverageOptions {
  std::vector<CategoryLimit> categories;  // which categories, in output order, each with its radius
};

// For every category: nearest facility (straight-line, metres) and count within the radius for
// every demand point; population in reach and population served as nearest for every facility;
// totals; and the life-circle completeness over all the categories asked for. Parallel over
// demand points; the in-reach sums are exact (core/exact_sum.hpp), every other figure is summed
// in demand order (summarise_coverage); none depends on the thread count.
CoverageResult compute_coverage(const Demand& demand, const Facilities& facilities,
                                const CoverageOptions& options);

// The figures of `result` that follow from its per-point arrays (count_within, nearest_facility)
// and the demand's weights, summed in demand order: each category's population_total,
// population_covered and population_nearest, and the result's population_total and
// population_complete. What compute_coverage and compute_network_coverage end with, and what a
// merge of shards computes again over all the points.
void summarise_coverage(const Demand& demand, const Facilities& facilities, CoverageResult& result);


// The weight of the demand points beyond reach of at least one category that has facilities,
// summed over the cells of a `cell_m` grid aligned on multiples of cell_m; cells in (row, column)
// order, empty cells left out.
PopulationGrid out_of_reach_grid(const Demand& demand, const CoverageResult& result, double cell_m);

// For every site (x, y), the demand points within `radius_m` in a straight line, with their
// distances (a Reach in metres, demand ascending within each site). Parallel over sites.
Reach distance_reach(const std::vector<double>& site_x, const std::vector<double>& site_y, const Demand& demand,
                     double radius_m);

}  // namespace lc
