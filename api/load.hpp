#pragma once
// Loading as every command runs it: read and reproject every source (io/), then spread demand
// polygons over grid points and store the demand in spatial order (algorithms/).

#include <string>
#include <vector>

#include "core/inputs.hpp"

namespace lc::api {

// Reads everything into one metric CRS and stages the demand: each demand polygon's weight (and
// further attributes) spread evenly over the centres of the `cell_size_m` grid cells inside it,
// one point on its surface when none is (with a census, `demand.census`: the polygons are its
// units, and each joined unit's population goes to the points of the finer basis inside it;
// api/detail/census.hpp); then every demand point in Morton order. Throws InputError (bad data)
// or UsageError (bad request).
Inputs load_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options);

// Every stage of load_inputs but the last: the inputs in the metric CRS with the demand polygons
// not yet spread over points.
Inputs stage_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options);

// The last stage: spreads each polygon of `in.demand_polygons` over the points of the grid cells
// inside it, appended to `in.demand` (emptying the polygons), then reorders the demand spatially
// and validates it.
void spread_demand(Inputs& in);  // at most max_spread_points (core/demand.hpp), checked first

// The roads of one more travel mode (options.mode) from the same sources, in `metric_crs`: for
// a check whose rules use both walking and driving.
RoadLines load_roads(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options,
                     const std::string& metric_crs);

// Whether `path` names an OSM extract, whose facilities are mapped by their tags.
bool is_osm_source(const std::string& path);

}  // namespace lc::api
