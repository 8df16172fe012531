#pragma once
// Demand summed on a square grid in Web Mercator, for web maps of large demand.

#include "core/coverage_result.hpp"

namespace lc {

// Sums `points` over the cells of a Web Mercator grid whose cells are `cell_m` on the ground at
// the points' mean latitude (cell_m / cos(mean latitude) in Mercator metres), cells ordered by
// column, then row. Cell corners are rounded to 1e-7 degrees. Points with a latitude beyond
// ±85.05° (outside Web Mercator) are left out. With points.value (one a point), each cell also
// gets the population-weighted mean of its points' values and, with points.sites, the most
// facilities within reach of one of them (MercatorGrid::value_mean, sites_max). Requires
// cell_m > 0.
MercatorGrid mercator_grid(const LonLatPoints& points, double cell_m);

}  // namespace lc
