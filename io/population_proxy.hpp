#pragma once
// The OSM building/land-use population proxy (see data/population_proxy.yaml). Internal to io/.

#include <memory>
#include <string>
#include <vector>

#include <ogr_geometry.h>

#include "io/category_rules.hpp"

namespace lc::io {

struct ProxySettings {
  double floor_area_per_person_m2 = 36.5;
  double default_levels = 6;
  double max_levels = 100;
  double residential_land_far = 2.0;
  std::vector<std::string> residential_building_types;
  std::vector<std::string> untyped_building_types;
  std::vector<std::string> non_residential_keys;
  std::vector<std::string> residential_landuse;
  std::vector<std::string> non_residential_landuse;

  static ProxySettings load(const std::string& path);
};

// What a multipolygon feature is to the proxy, decided from its tags before projection.
struct ProxyFeature {
  enum class Kind { housing, non_housing_building, residential_land, non_residential_land };
  Kind kind = Kind::housing;
  bool untyped = false;          // housing only because its building=* value is untyped
  double levels = 0.0;           // storeys used (default when missing)
  bool levels_defaulted = false;
  std::string id;
  std::unique_ptr<OGRGeometry> geom;  // in the metric CRS when estimate() runs
};

// Classifies a feature from its tags; returns false when it is neither a building nor land use
// the proxy reads. A building:levels value that is not a number from 1 to max_levels (common in
// OSM: "2;3", "abc", "500") is not used: the default applies and the feature counts among
// levels_defaulted.
bool classify_proxy_feature(const TagLookup& tags, const ProxySettings& s, ProxyFeature& out);

struct WeightedPolygon {
  std::string id;
  double weight = 0.0;
  const OGRGeometry* geom = nullptr;  // owned by the ProxyFeature it came from
};

struct ProxyEstimate {
  std::vector<WeightedPolygon> polygons;
  std::size_t housing_typed = 0, housing_untyped = 0, excluded_by_tags = 0, excluded_by_landuse = 0,
              levels_defaulted = 0, land_topped_up = 0, land_covered_by_buildings = 0;
  double population_buildings = 0.0, population_land = 0.0;
  std::string describe(const ProxySettings& s) const;
  std::string describe_zh(const ProxySettings& s) const;  // the same in Chinese
};

// Estimates population for features already projected to metres.
ProxyEstimate estimate_population(const std::vector<ProxyFeature>& features, const ProxySettings& s);

}  // namespace lc::io
