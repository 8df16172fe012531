#include "io/population_proxy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <yaml-cpp/yaml.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/geometry.hpp"

namespace lc::io {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::vector<std::string> string_list(const YAML::Node& root, const char* key, const std::string& path) {
  const YAML::Node n = root[key];
  if (!n || !n.IsSequence()) throw InputError(path + ": '" + key + "' must be a list");
  std::vector<std::string> out;
  for (const auto& v : n) {
    if (!v.IsScalar() && !v.IsNull()) {
      throw InputError(path + ", line " + std::to_string(v.Mark().line + 1) + ": the entries of '" + key +
                       "' must be single values");
    }
    out.push_back(v.as<std::string>());
  }
  return out;
}

double positive(const YAML::Node& root, const char* key, const std::string& path) {
  const YAML::Node n = root[key];
  double v = 0;
  try {
    v = n ? n.as<double>() : -1;
  } catch (const YAML::Exception&) {
    v = -1;
  }
  if (!(v > 0) || !std::isfinite(v)) throw InputError(path + ": '" + key + "' must be a positive number");
  return v;
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, v == std::floor(v) || v >= 100 ? "%.0f" : "%.1f", v);
  return buf;
}

}  // namespace

ProxySettings ProxySettings::load(const std::string& path) {
  YAML::Node root;
  try {
    register_input(path);
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open the population proxy settings");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ", line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) throw InputError(path + ": expected a map of population proxy settings");
  ProxySettings s;
  s.floor_area_per_person_m2 = positive(root, "floor_area_per_person_m2", path);
  s.default_levels = positive(root, "default_levels", path);
  s.max_levels = positive(root, "max_levels", path);
  s.residential_land_far = positive(root, "residential_land_far", path);
  s.residential_building_types = string_list(root, "residential_building_types", path);
  s.untyped_building_types = string_list(root, "untyped_building_types", path);
  s.non_residential_keys = string_list(root, "non_residential_keys", path);
  s.residential_landuse = string_list(root, "residential_landuse", path);
  s.non_residential_landuse = string_list(root, "non_residential_landuse", path);
  return s;
}

bool classify_proxy_feature(const TagLookup& tags, const ProxySettings& s, ProxyFeature& out) {
  const auto building = tags("building");
  if (building && *building != "no") {
    const std::string& b = *building;
    if (contains(s.residential_building_types, b)) {
      out.kind = ProxyFeature::Kind::housing;
    } else if (contains(s.untyped_building_types, b)) {
      const bool tagged_use = std::any_of(s.non_residential_keys.begin(), s.non_residential_keys.end(),
                                          [&](const std::string& k) { return tags(k).has_value(); });
      out.kind = tagged_use ? ProxyFeature::Kind::non_housing_building : ProxyFeature::Kind::housing;
      out.untyped = !tagged_use;
    } else {
      out.kind = ProxyFeature::Kind::non_housing_building;
    }
    out.levels = s.default_levels;
    out.levels_defaulted = true;
    if (const auto lv = tags("building:levels")) {
      char* end = nullptr;
      const double v = std::strtod(lv->c_str(), &end);
      if (end == lv->c_str() || !std::isfinite(v) || v < 0 || v > s.max_levels) {
        // A malformed levels tag is common in OSM; it falls back to the default and is counted.
        out.levels_defaulted = true;
      } else if (v >= 1) {
        out.levels = v;
        out.levels_defaulted = false;
      }
    }
    return true;
  }
  if (const auto landuse = tags("landuse")) {
    if (contains(s.residential_landuse, *landuse)) {
      out.kind = ProxyFeature::Kind::residential_land;
      return true;
    }
    if (contains(s.non_residential_landuse, *landuse)) {
      out.kind = ProxyFeature::Kind::non_residential_land;
      return true;
    }
  }
  return false;
}

ProxyEstimate estimate_population(const std::vector<ProxyFeature>& features, const ProxySettings& s) {
  using Point = bg::model::point<double, 2, bg::cs::cartesian>;
  using Box = bg::model::box<Point>;
  using Entry = std::pair<Box, std::size_t>;

  std::vector<Entry> land_entries;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto k = features[i].kind;
    if (k != ProxyFeature::Kind::residential_land && k != ProxyFeature::Kind::non_residential_land) continue;
    OGREnvelope e;
    features[i].geom->getEnvelope(&e);
    land_entries.emplace_back(Box(Point(e.MinX, e.MinY), Point(e.MaxX, e.MaxY)), i);
  }
  const bgi::rtree<Entry, bgi::quadratic<16>> land(land_entries.begin(), land_entries.end());

  ProxyEstimate out;
  std::vector<double> in_land(features.size(), 0.0);
  std::vector<std::size_t> buildings_in_land(features.size(), 0);
  for (std::size_t i = 0; i < features.size(); ++i) {
    const ProxyFeature& f = features[i];
    if (f.kind != ProxyFeature::Kind::housing) {
      if (f.kind == ProxyFeature::Kind::non_housing_building) ++out.excluded_by_tags;
      continue;
    }
    double ix = 0, iy = 0;
    if (!representative_point(*f.geom, ix, iy)) continue;
    const OGRPoint inside(ix, iy);
    std::vector<Entry> hits;
    land.query(bgi::contains(Point(ix, iy)), std::back_inserter(hits));
    // In overlapping residential land, the first in the file's order: what holds the building
    // decides, not the order the tree returns them in (which changes with the other land read).
    std::size_t residential_land = features.size();
    bool non_residential = false;
    for (const Entry& h : hits) {
      if (!features[h.second].geom->Contains(&inside)) continue;
      if (features[h.second].kind == ProxyFeature::Kind::non_residential_land) non_residential = true;
      else residential_land = std::min(residential_land, h.second);
    }
    if (f.untyped && non_residential && residential_land == features.size()) {
      ++out.excluded_by_landuse;
      continue;
    }
    const double people = area_of(*f.geom) * f.levels / s.floor_area_per_person_m2;
    (f.untyped ? out.housing_untyped : out.housing_typed) += 1;
    if (f.levels_defaulted) ++out.levels_defaulted;
    out.population_buildings += people;
    if (residential_land < features.size()) {
      in_land[residential_land] += people;
      ++buildings_in_land[residential_land];
    }
    out.polygons.push_back({f.id, people, f.geom.get()});
  }
  for (std::size_t i = 0; i < features.size(); ++i) {
    const ProxyFeature& f = features[i];
    if (f.kind != ProxyFeature::Kind::residential_land) continue;
    const double estimate = area_of(*f.geom) * s.residential_land_far / s.floor_area_per_person_m2;
    const double top_up = estimate - in_land[i];
    if (top_up <= 0) {
      ++out.land_covered_by_buildings;
      continue;
    }
    ++out.land_topped_up;
    out.population_land += top_up;
    out.polygons.push_back({f.id, top_up, f.geom.get()});
  }
  return out;
}

std::string ProxyEstimate::describe(const ProxySettings& s) const {
  return "estimated from OpenStreetMap buildings and residential land (not a census): " +
         fmt(population_buildings) + " people in " + std::to_string(housing_typed + housing_untyped) +
         " housing buildings (" + std::to_string(housing_typed) + " typed residential, " +
         std::to_string(housing_untyped) + " untyped) at footprint x storeys (default " + fmt(s.default_levels) +
         ", used for " + std::to_string(levels_defaulted) + ") / " + fmt(s.floor_area_per_person_m2) +
         " m2 floor per person, plus " + fmt(population_land) + " people on " + std::to_string(land_topped_up) +
         " residential land-use areas at floor area ratio " + fmt(s.residential_land_far) +
         " less the people in their buildings; " + std::to_string(excluded_by_tags) +
         " buildings excluded by their tags, " + std::to_string(excluded_by_landuse) +
         " untyped buildings excluded as they stand on non-residential land";
}

std::string ProxyEstimate::describe_zh(const ProxySettings& s) const {
  return "按OpenStreetMap建筑和居住用地估算（非普查数据）：" + std::to_string(housing_typed + housing_untyped) +
         " 栋住宅建筑（" + std::to_string(housing_typed) + " 栋标注为居住，" + std::to_string(housing_untyped) +
         " 栋未标注）计 " + fmt(population_buildings) + " 人，按基底面积×层数（缺省 " + fmt(s.default_levels) + " 层，" +
         std::to_string(levels_defaulted) + " 栋采用缺省值）÷ 人均建筑面积 " + fmt(s.floor_area_per_person_m2) +
         " 平方米计；另有 " + std::to_string(land_topped_up) + " 处居住用地按容积率 " + fmt(s.residential_land_far) +
         " 扣除其中建筑人口后计 " + fmt(population_land) + " 人；" + std::to_string(excluded_by_tags) +
         " 栋建筑因标签排除，" + std::to_string(excluded_by_landuse) + " 栋未标注建筑因位于非居住用地排除";
}

}  // namespace lc::io
