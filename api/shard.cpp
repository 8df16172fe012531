#include "api/shard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "algorithms/coverage_total.hpp"
#include "algorithms/district_assign.hpp"
#include "algorithms/shard_plan.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/category_rules.hpp"
#include "io/coverage_total.hpp"
#include "io/osm_extract.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api {

namespace {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

ShardPlan shard_plan(const ShardPlanRequest& r) {
  io::clear_inputs();
  if (r.districts_path.empty()) throw UsageError("shard plan needs --districts (the polygons shards are made of)");
  if (r.halo.empty()) throw UsageError("shard plan needs --halo: the farthest any threshold of the runs reaches, e.g. 15min or 1500m");
  if (r.mode == TravelMode::cost_matrix) throw UsageError("shard plan: --mode distance, walk or drive");
  if (r.shards == 0 && !(r.target_population > 0)) throw UsageError("--target-population must be positive");
  if (!(r.top_speed_mps >= 0) || !std::isfinite(r.top_speed_mps)) throw UsageError("--top-speed must be a positive speed");
  Threshold halo;
  try {
    halo = resolve_threshold(r.halo, r.mode, r.walk_speed_mps);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--halo ") + e.what());
  }

  // The districts, and the demand whose population they hold (the districts themselves, by
  // their population field, when there is no demand source).
  LoadOptions load;
  load.districts_path = r.districts_path;
  load.districts_layer = r.districts_layer;
  load.district_name_field = r.district_name_field;
  load.districts_coords = r.districts_coords;
  load.metric_crs = r.metric_crs;
  load.source_crs = r.source_crs;
  load.encoding = r.encoding;
  load.cell_size_m = r.cell_size_m;
  load.tag_mapping = r.tag_mapping;
  load.proxy_settings = r.proxy_settings;
  DemandSource demand = r.demand;
  const bool from_demand = !demand.path.empty();
  if (!from_demand) {
    // Only the districts are needed: read them as the demand too, a point each (the loader wants
    // a demand), their population from their own field.
    demand = DemandSource{};
    demand.path = r.districts_path;
    demand.layer = r.districts_layer;
    demand.coords = r.districts_coords;
    load.cell_size_m = 1e9;
  } else if (!r.population_field.empty()) {
    demand.population_field = r.population_field;
  }
  Inputs in = load_inputs({}, demand, load);

  ShardPlan plan;
  plan.crs = in.crs;
  plan.crs_wkt = in.crs_wkt;
  plan.districts = in.districts;
  plan.districts_path = r.districts_path;
  plan.districts_layer = r.districts_layer;
  plan.district_name_field = r.district_name_field;
  plan.district_population.assign(plan.districts.size(), 0.0);
  if (from_demand) {
    std::vector<Id> where;
    try {
      where = assign_to_districts(in.districts, in.demand.x_m, in.demand.y_m);
    } catch (const std::invalid_argument& e) {
      throw InputError(in.districts.source + ": " + e.what());
    }
    double outside = 0;
    for (Id i = 0; i < in.demand.size(); ++i) {
      const double w = std::isfinite(in.demand.weight[i]) ? in.demand.weight[i] : 0.0;
      if (where[i] < plan.districts.size()) plan.district_population[where[i]] += w;
      else outside += w;
    }
    plan.population_basis = in.population_basis;
    if (outside > 0) plan.population_basis += "; " + thousands(outside) + " people lie in no district";
  } else if (!r.population_field.empty()) {
    const auto it = in.districts.attributes.find(r.population_field);
    if (it == in.districts.attributes.end()) {
      throw InputError(in.districts.source + ": no field '" + r.population_field + "' (--population-field)");
    }
    for (Id d = 0; d < plan.districts.size(); ++d) {
      const std::string& text = it->second[d];
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !(v >= 0) || !std::isfinite(v)) {
        throw InputError(in.districts.source + ", district " + plan.districts.name[d] + " (" + plan.districts.source_id[d] +
                         "): " + r.population_field + " '" + text + "' is not a population");
      }
      plan.district_population[d] = v;
    }
    plan.population_basis = "the districts' field " + r.population_field;
  } else {
    plan.population_basis = "none: the shards are balanced by area alone";
  }

  ShardHalo& h = plan.halo;
  h.text = r.halo;
  h.mode = r.mode;
  if (r.mode == TravelMode::distance) {
    h.metres = halo.value;
    h.basis = std::isfinite(halo.speed_mps) ? "minutes at the walking speed " + num(halo.speed_mps) + " m/s" : "the radius";
  } else if (!halo.by_time()) {
    h.metres = halo.value;  // a network length is at least the straight line
    h.basis = "the network length (a route is never shorter than the straight line)";
  }
  // The roads, when given in walk or drive mode: the fastest line bounds a time halo, and their
  // segments per shard size a batch engine's memory requests.
  RoadLines lines;
  const bool network_roads = r.mode != TravelMode::distance && !r.roads.path.empty();
  if (network_roads) {
    LoadOptions roads = load;
    roads.mode = r.mode;
    roads.roads = r.roads;
    roads.road_profile = r.road_profile;
    if (r.mode == TravelMode::walk) roads.walk_speed_mps = r.walk_speed_mps;
    lines = load_roads({}, demand, roads, in.crs);
  }
  if (r.mode != TravelMode::distance && halo.by_time()) {
    double top = r.top_speed_mps;
    if (top > 0) {
      h.basis = "the time at the given top speed " + num(top) + " m/s";
    } else {
      if (r.roads.path.empty()) {
        throw UsageError("--halo " + r.halo + " in " + to_string(r.mode) +
                         " mode is a time: give --roads (the fastest line sets the speed) or --top-speed");
      }
      for (float s : lines.speed_mps) top = std::max(top, static_cast<double>(s));
      if (!(top > 0)) throw InputError(r.roads.path + ": no line usable in " + std::string(to_string(r.mode)) + " mode");
      h.basis = "the time at the fastest line's speed, " + num(top) + " m/s, in " + r.roads.path;
    }
    // Points reach their roads on foot within the same time, never faster than the top speed.
    top = std::max(top, r.walk_speed_mps);
    h.metres = halo.value * top;
  }

  ShardPlanOptions o;
  o.target_population = r.target_population;
  o.shards = r.shards;
  if (!from_demand && r.population_field.empty()) o.population_weight = 0.0;
  try {
    plan_shards(plan, o);
    if (from_demand) count_shard_demand(plan, in.demand.x_m, in.demand.y_m);
    if (network_roads) count_shard_roads(plan, lines, 250.0);
  } catch (const std::invalid_argument& e) {
    throw InputError(r.districts_path + ": " + e.what());
  }
  return plan;
}

ShardMemory shard_memory(const ShardPlan& plan, const std::vector<Id>& shards, const std::string& command, bool network) {
  ShardMemory m;
  m.counted = !plan.shards.empty() && plan.shards[0].demand_points >= 0;
  if (!m.counted) return m;
  m.whole_demand = command == "access" || command == "check" || command == "isochrones";
  for (Id k : shards) m.most_read = std::max(m.most_read, plan.shards.at(k).demand_points_read);
  for (const Shard& s : plan.shards) m.points += s.demand_points;
  if (m.whole_demand) m.most_read = m.points;
  m.roads_counted = (network || command == "isochrones") && plan.road_segments >= 0;
  if (m.roads_counted) {
    m.segments = plan.road_segments;
    for (Id k : shards) m.most_segments = std::max(m.most_segments, plan.shards.at(k).road_segments_read);
    if (m.whole_demand) m.most_segments = m.segments;
  }
  m.task_mb = m.whole_demand ? merge_memory_mb(m.points, m.most_segments) : shard_memory_mb(m.most_read, m.most_segments);
  m.merge_mb = merge_memory_mb(m.points, m.segments);
  return m;
}

CoverageTotal coverage_total(const std::vector<std::string>& run_dirs) {
  if (run_dirs.empty()) throw UsageError("shard total needs the folders of the runs to add up");
  CoverageTotal out;
  for (const std::string& d : run_dirs) out.runs.push_back(io::read_coverage_figures(d));
  try {
    out.total = sum_coverage(out.runs);
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
  return out;
}

namespace {

std::string metres(double v) { return shortest(std::round(v)); }

std::string tag_mapping_path(const std::string& given) { return io::tag_mapping_file(given); }

// The extracts' folder name for `source`: its name without the OSM suffixes.
std::string extract_name(const std::string& source) {
  std::string name = source.substr(source.find_last_of('/') + 1);
  for (const char* suffix : {".osm.pbf", ".pbf", ".osm"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.resize(name.size() - s.size());
      break;
    }
  }
  return name;
}

}  // namespace

OsmExtractSet shard_extract(const ShardExtractRequest& r) {
  io::clear_inputs();
  if (r.source.empty()) throw UsageError("shard extract needs --source: the .osm.pbf to cut");
  if (!is_osm_source(r.source)) throw UsageError("--source " + r.source + ": shard extract cuts OpenStreetMap files (.osm.pbf, .osm)");
  if (!(r.max_snap_m > 0) || !std::isfinite(r.max_snap_m)) throw UsageError("--max-snap must be a positive distance");
  if (r.grow_m >= 0 && !std::isfinite(r.grow_m)) throw UsageError("--grow must be a distance");
  const ShardPlan plan = io::read_shard_plan(r.plan_dir);
  OsmExtractSet set;
  const io::FileStamp stamp = io::file_stamp(r.source);
  set.source = stamp.path;
  set.source_bytes = stamp.bytes;
  set.source_mtime = stamp.mtime;
  set.grow_m = r.grow_m >= 0 ? r.grow_m : 4 * plan.halo.metres + r.max_snap_m;
  set.tag_mapping = tag_mapping_path(r.tag_mapping);
  set.tag_mapping_digest = io::file_digest(set.tag_mapping);
  set.plan_digest = io::file_digest(r.plan_dir + "/plan.json");
  const io::TagMapping mapping = io::TagMapping::load(set.tag_mapping);

  std::vector<OsmExtractSet> sets = io::read_osm_extract_sets(r.plan_dir);
  std::string name = extract_name(set.source);
  for (const OsmExtractSet& s : sets) {  // another file of the same name: the next free one
    if (s.source != set.source && !s.shards.empty() && s.shards[0].file.rfind("extracts/" + name + "/", 0) == 0) name += "_";
  }
  std::vector<io::OsmExtractPart> parts;
  for (const Shard& sh : plan.shards) {
    const std::string file = "extracts/" + name + "/" + std::to_string(sh.index) + ".osm.pbf";
    set.shards.push_back({file, 0, 0, 0, 0});
    // a metre more than the grow: what a shard reads at exactly the grow is inside
    parts.push_back({shard_read_boxes(sh, set.grow_m + 1), r.plan_dir + "/" + file});
  }
  const std::vector<io::OsmExtractCounts> counts = io::write_osm_extracts(
      r.source, plan.crs, parts, [&](const io::TagLookup& tags) { return !mapping.match(tags).empty(); });
  for (std::size_t k = 0; k < counts.size(); ++k) {
    OsmExtractShard& s = set.shards[k];
    s.nodes = counts[k].nodes, s.ways = counts[k].ways, s.relations = counts[k].relations;
    s.bytes = io::file_stamp(parts[k].path).bytes;
  }
  sets.erase(std::remove_if(sets.begin(), sets.end(), [&](const OsmExtractSet& s) { return s.source == set.source; }), sets.end());
  sets.push_back(set);
  io::write_osm_extract_sets(r.plan_dir, sets);
  return set;
}

namespace detail {

void use_osm_extracts(const std::string& plan_dir, const ShardPlan& plan, Id shard, const std::vector<std::string>& paths,
                      const std::vector<double>& boxes, LoadOptions& load) {
  std::vector<OsmExtractSet> sets;
  for (const std::string& path : paths) {
    if (path.empty() || !is_osm_source(path)) continue;
    if (std::any_of(load.osm_extracts.begin(), load.osm_extracts.end(), [&](const auto& e) { return e.first == path; })) continue;
    if (sets.empty()) {
      sets = io::read_osm_extract_sets(plan_dir);
      if (sets.empty()) return;
    }
    const io::FileStamp stamp = io::file_stamp(path);
    const auto set = std::find_if(sets.begin(), sets.end(), [&](const OsmExtractSet& s) { return s.source == stamp.path; });
    if (set == sets.end()) continue;
    const std::string again = ": run `lifecircle shard extract " + plan_dir + " --source " + path + "` again";
    if (set->source_bytes != stamp.bytes || set->source_mtime != stamp.mtime) {
      throw InputError(path + " changed since its extracts were cut" + again);
    }
    if (set->plan_digest != io::file_digest(plan_dir + "/plan.json") || set->shards.size() != plan.shards.size()) {
      throw InputError(plan_dir + ": the plan was made again since the extracts of " + path + " were cut" + again);
    }
    const std::string mapping = tag_mapping_path(load.tag_mapping);
    if (io::file_digest(mapping) != set->tag_mapping_digest) {
      throw UsageError("--tag-mapping " + mapping + ": the extracts of " + path + " kept the facilities of " + set->tag_mapping +
                       ", other rules" + again + " with --tag-mapping " + mapping);
    }
    const std::vector<double> cut = shard_read_boxes(plan.shards[shard], set->grow_m);
    for (std::size_t b = 0; b + 3 < boxes.size(); b += 4) {
      bool inside = false;
      for (std::size_t c = 0; c + 3 < cut.size() && !inside; c += 4) {
        inside = boxes[b] >= cut[c] && boxes[b + 1] >= cut[c + 1] && boxes[b + 2] <= cut[c + 2] && boxes[b + 3] <= cut[c + 3];
      }
      if (!inside) {
        throw UsageError("shard " + std::to_string(shard) + " reads the box (" + metres(boxes[b]) + ", " + metres(boxes[b + 1]) + ", " +
                         metres(boxes[b + 2]) + ", " + metres(boxes[b + 3]) + ") m, beyond its extract of " + path + " (its districts grown by " +
                         metres(set->grow_m) + " m)" + again + " with a larger --grow");
      }
    }
    const std::string file = plan_dir + "/" + set->shards[shard].file;
    io::file_stamp(file);  // throws, naming it, when it is missing
    load.osm_extracts.emplace_back(path, file);
  }
}

}  // namespace detail

}  // namespace lc::api
