#pragma once
// Coverage along the road network: for each category, the nearest facility by travel time or
// network distance for every demand point (one multi-source search), and every facility's
// catchment (a Reach, one bounded search per facility).

#include <vector>

#include "algorithms/coverage.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/service_area.hpp"
#include "core/coverage_result.hpp"
#include "core/demand.hpp"
#include "core/isochrone_result.hpp"
#include "core/facilities.hpp"
#include "core/reach.hpp"
#include "core/road_network.hpp"
#include "core/threshold.hpp"
#include "core/timings.hpp"

namespace lc {

struct NetworkCoverageOptions {
  std::vector<CategoryLimit> categories;  // by time for a time threshold, else by network length
  double access_speed_mps = default_walk_speed_mps;  // walking between a point and the road
  double max_snap_m = 250.0;       // farther from every road: unreachable, and reported
  bool service_areas = true;       // draw each category's dissolved isochrone at its limit
  // Search each facility's catchment (count_within, population_in_reach, reach); false: those are
  // left zero and reach empty, for a caller that has them (a split run's merge, from its shards).
  bool catchments = true;
  double buffer_m = 40.0;          // half-width of the band around reached roads
  PolygonMethod polygons = PolygonMethod::exact;  // fast: `area_fields` instead of the areas' geometry
  double polygon_cell_m = 0.0;     // fast: the raster's cell; 0: half the buffer
};

struct NetworkCoverage {
  CoverageResult coverage;             // nearest_m is the network distance, nearest_s the time
  std::vector<Reach> reach;            // per category, sites indexed like coverage.categories[k].facilities
  std::vector<ServiceArea> areas;      // per category (when asked): the reached area, dissolved
                                       // (fast: no geometry yet; contour `area_fields`)
  std::vector<DistanceField> area_fields;  // fast: per area
  std::vector<Snap> demand_snaps;      // per demand point
  std::vector<Snap> facility_snaps;    // per facility
  // Points farther than max_snap_m from every road (ids), and points on a part of the network
  // not connected to its largest part.
  std::vector<Id> demand_unsnapped, facility_unsnapped, demand_on_island, facility_on_island;
  StageTimings timings;  // snap, search, polygons
};

NetworkCoverage compute_network_coverage(const RoadGraph& g, const Demand& demand, const Facilities& facilities,
                                         const NetworkCoverageOptions& options);

}  // namespace lc
