#include "api/shard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "algorithms/coverage_total.hpp"
#include "algorithms/district_assign.hpp"
#include "algorithms/shard_plan.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/coverage_total.hpp"

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
  } else {
    double top = r.top_speed_mps;
    if (top > 0) {
      h.basis = "the time at the given top speed " + num(top) + " m/s";
    } else {
      if (r.roads.path.empty()) {
        throw UsageError("--halo " + r.halo + " in " + to_string(r.mode) +
                         " mode is a time: give --roads (the fastest line sets the speed) or --top-speed");
      }
      LoadOptions roads = load;
      roads.mode = r.mode;
      roads.roads = r.roads;
      roads.road_profile = r.road_profile;
      if (r.mode == TravelMode::walk) roads.walk_speed_mps = r.walk_speed_mps;
      const RoadLines lines = load_roads({}, demand, roads, in.crs);
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
  } catch (const std::invalid_argument& e) {
    throw InputError(r.districts_path + ": " + e.what());
  }
  return plan;
}

ShardMemory shard_memory(const ShardPlan& plan, const std::vector<Id>& shards, const std::string& command) {
  ShardMemory m;
  m.counted = !plan.shards.empty() && plan.shards[0].demand_points >= 0;
  if (!m.counted) return m;
  m.whole_demand = command == "access" || command == "check";
  for (Id k : shards) m.most_read = std::max(m.most_read, plan.shards.at(k).demand_points_read);
  for (const Shard& s : plan.shards) m.points += s.demand_points;
  if (m.whole_demand) m.most_read = m.points;
  m.task_mb = m.whole_demand ? merge_memory_mb(m.points) : shard_memory_mb(m.most_read);
  m.merge_mb = merge_memory_mb(m.points);
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

}  // namespace lc::api
