#pragma once
// What a GDAL source holds: layers, geometry types, feature counts, CRS, extent, categories.

#include <map>
#include <string>
#include <vector>

#include "io/read_inputs.hpp"

namespace lc::io {

struct LayerInfo {
  std::string name;
  std::string geometry_type;
  std::string crs;
  long long feature_count = 0;
  bool has_extent = false;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // in the layer's CRS
  std::vector<std::string> fields;
};

struct SourceInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
  bool is_raster = false;
  int raster_width = 0, raster_height = 0, raster_bands = 0;
  long long populated_cells = 0;   // cells > 0 in band 1
  double raster_sum = 0.0;         // sum of band 1 over those cells
  // Facility categories: feature count per category (OSM tags, or --category-field/--category-map).
  std::map<std::string, long long> categories;
  std::string categories_basis;    // how they were counted; empty when not counted
};

// Reads `source` once. When `facilities` names a category field and map (or the source is OSM),
// counts features per category as `coverage` would classify them.
SourceInfo describe_source(const FacilitySource& facilities, const std::string& tag_mapping);

}  // namespace lc::io
