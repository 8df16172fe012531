#pragma once
// Reading facilities and demand from any GDAL source into core data in one metric CRS.

#include <string>
#include <vector>

#include "core/inputs.hpp"

namespace lc::io {

using lc::DemandSource;
using lc::FacilitySource;
using lc::Inputs;
using lc::LoadOptions;
using lc::RoadSource;
using lc::Skipped;

// Whether `path` names an OSM extract (.osm, .pbf), whose facilities are mapped by their tags.
bool is_osm_source(const std::string& path);

// Reads and reprojects everything: facilities, demand points and demand polygons (in
// Inputs::demand_polygons, not yet spread over points: api::load_inputs does that), roads,
// exclusions and districts. Throws InputError (bad data) or UsageError (bad request).
Inputs read_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand,
                   const LoadOptions& options);

}  // namespace lc::io
