#pragma once
// Loading as every command runs it: read and reproject every source (io/), then spread demand
// polygons over grid points and store the demand in spatial order (algorithms/).

#include <vector>

#include "core/inputs.hpp"

namespace lc::api {

// Reads everything into one metric CRS and stages the demand: each demand polygon's weight (and
// further attributes) spread evenly over the centres of the `cell_size_m` grid cells inside it,
// one point on its surface when none is; then every demand point in Morton order. Throws
// InputError (bad data) or UsageError (bad request).
Inputs load_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options);

// The demand stage alone: appends the points of `in.demand_polygons` to `in.demand` (emptying
// the polygons), reorders the demand spatially and validates it.
void stage_demand(Inputs& in);

// Whether `path` names an OSM extract, whose facilities are mapped by their tags.
bool is_osm_source(const std::string& path);

}  // namespace lc::api
