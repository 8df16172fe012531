#pragma once
// The complete result of a coverage run: per category, per demand point and per facility.

#include <limits>
#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

inline constexpr float unreachable_m = std::numeric_limits<float>::infinity();

struct CategoryCoverage {
  CategoryId category = 0;
  double within_m = 0.0;                // the threshold in metres (NaN for a time threshold)
  double within_s = std::numeric_limits<double>::quiet_NaN();  // in seconds (network time thresholds)
  std::vector<Id> facilities;           // facility ids of this category (ascending)

  // Per demand point (indexed like Demand):
  std::vector<float> nearest_m;         // distance to the nearest facility (straight, or along the
                                        // network); unreachable_m when none
  std::vector<float> nearest_s;         // network modes: travel time to it; empty in distance mode
  std::vector<Id> nearest_facility;     // its facility id; invalid_id when none
  std::vector<std::uint32_t> count_within;  // facilities within within_m

  // Per facility of this category (indexed like `facilities`):
  std::vector<double> population_in_reach;  // weight of all demand within within_m (catchments overlap)
  std::vector<double> population_nearest;   // weight within within_m for which it is the nearest facility

  double population_total = 0.0;
  double population_covered = 0.0;      // weight with count_within > 0
  double share() const { return population_total > 0.0 ? population_covered / population_total : 0.0; }
};

struct CoverageResult {
  std::vector<CategoryCoverage> categories;  // in the order asked for
  double population_total = 0.0;
  // Life-circle completeness: weight that reaches every chosen category within its threshold.
  double population_complete = 0.0;
  double complete_share() const { return population_total > 0.0 ? population_complete / population_total : 0.0; }
};

// Population beyond reach, summed over the cells of a square grid: what a map of a large city
// draws instead of a million points.
struct PopulationGrid {
  double cell_m = 0.0;
  std::vector<double> x_m, y_m;   // centres of the cells holding any such population
  std::vector<double> population;  // weight beyond reach of a category that has facilities
};

// Demand points by longitude and latitude (as a run's demand.geojson holds them), with their
// population and whether every category is within reach (life_circle_complete), or (an access
// run's map) a measure's value and the facilities within reach.
struct LonLatPoints {
  std::vector<double> lon, lat, population;
  std::vector<unsigned char> complete;  // 1: life circle complete; may be empty (none complete)
  std::vector<double> value;            // a measure per point, NaN: none; empty: no measure
  std::vector<double> sites;            // facilities within reach per point; may be empty
  std::size_t size() const { return lon.size(); }
};

// Demand summed over the square cells of a grid in Web Mercator (a web map's projection), each
// about cell_m on the ground at the points' mean latitude: what a web map draws of a large demand.
struct MercatorGrid {
  double cell_m = 0.0;
  std::vector<double> west, south, east, north;  // the cells holding any point, degrees
  std::vector<double> population, complete;      // complete: the population with every category in reach
  std::vector<std::size_t> points;
  // With the points' values: per cell the population-weighted mean of the values (NaN: no point
  // with a value; the plain mean where those points weigh nothing) and the most facilities within
  // reach of a point in it (NaN without sites). Empty without values.
  std::vector<double> value_mean, sites_max;
  std::size_t size() const { return west.size(); }
};

// The dissolved area within reach of one category's facilities.
struct ServiceArea {
  CategoryId category = 0;
  double radius_m = 0.0;
  std::uint32_t facility_count = 0;
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;  // a valid (Multi)Polygon in the metric CRS; empty when no facility
};

}  // namespace lc
