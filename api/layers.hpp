#pragma once
// `layers`: what a source holds (layers, geometry types, feature counts, CRS, extent, fields),
// and its facilities per category as the other commands would classify them.

#include <string>

#include "core/inputs.hpp"
#include "core/runs.hpp"

namespace lc::api {

struct LayersRequest {
  FacilitySource source;    // path; layer, category field and map, or category, to count facilities
  std::string tag_mapping;  // OSM tag rules; empty: data/osm_categories.yaml
};

SourceInfo layers(const LayersRequest& request);

}  // namespace lc::api
