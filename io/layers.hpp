#pragma once
// What a GDAL source holds: layers, geometry types, feature counts, CRS, extent, categories.

#include <map>
#include <string>
#include <vector>

#include "core/runs.hpp"
#include "io/read_inputs.hpp"

namespace lc::io {

// Reads `source` once. When `facilities` names a category field and map (or the source is OSM),
// counts features per category as `coverage` would classify them.
SourceInfo describe_source(const FacilitySource& facilities, const std::string& tag_mapping);

}  // namespace lc::io
