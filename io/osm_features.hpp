#pragma once
// Reading OSM extracts through GDAL's OSM driver, one pass over every layer. Internal to io/.

#include <functional>
#include <string>
#include <vector>

#include <gdal_priv.h>

#include "io/category_rules.hpp"

namespace lc::io {

struct OsmFeature {
  std::string layer;               // "points", "lines", "multipolygons", ...
  std::string id;                  // "node/1", "way/2", "relation/3"
  std::string name;
  TagLookup tags;                  // every tag of the feature (osmconf.ini: all_tags=yes)
  const OGRGeometry* geometry;     // in EPSG:4326; may be null
};

// Calls `fn` for every feature of the named layers, in file order (GDAL's interleaved reading).
void for_each_osm_feature(GDALDataset& ds, const std::vector<std::string>& layers,
                          const std::function<void(const OsmFeature&)>& fn);

}  // namespace lc::io
