#include "api/check.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "algorithms/compliance.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/shard_plan.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/rules.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api {

namespace {

// The travel modes the rules will be evaluated in that need roads, in rule order.
std::vector<TravelMode> network_modes(const RuleSet& rules, const std::optional<TravelMode>& override_mode) {
  std::vector<TravelMode> out;
  for (const Rule& r : rules.rules) {
    const TravelMode m = override_mode ? *override_mode : r.mode;
    if (uses_mode(r) && m != TravelMode::distance && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

std::string describe(const FacilitySource& s) { return s.path + (s.layer.empty() ? "" : " (" + s.layer + ")"); }

// A field a rule needs and the data lacks: an error for the user's own rules (and with --strict).
void refuse_missing_fields(const CheckRequest& request, const RuleSet& rules, const std::vector<FacilitySource>& sources,
                           const Inputs& in) {
  for (const MissingField& m : missing_fields(rules, in.categories, in.facilities, in.demand)) {
    const Rule& r = rules.rules[m.rule];
    if (r.preset && !request.strict) continue;
    std::string layers;
    for (const auto& s : sources) layers += (layers.empty() ? "" : ", ") + describe(s);
    const DemandSource& d = request.sources.demand;
    const std::string at = (request.preset.empty() ? rules.path + ", line " + std::to_string(r.line) + ", "
                                                   : "preset " + request.preset + ", ") +
                           "rule '" + r.id + "'";
    if (m.in == "demand") {
      throw InputError(at + ": demand basis '" + m.field + "' is not in " + d.path + (d.layer.empty() ? "" : " (" + d.layer + ")") +
                       ": give --demand-field " + m.field + "=FIELD or --basis-share " + m.field + "=SHARE");
    }
    if (m.in == "categories") {
      throw InputError(at + ": no facility source gives the category '" + m.field + "' (sources: " + layers + ")");
    }
    throw InputError(at + ": field '" + m.field + "' has no value for any " + r.category + " facility in " + layers);
  }
}

// A check split by a shard plan: a shard (its points' measures into `out`), or the merge (every
// point's measures from `merge`).
using Split = detail::Split<CheckShard>;

// Every point's measures from the shard that owns it; each point owned once.
std::vector<RulePoints> merged_points(const std::vector<CheckShard>& shards, const Inputs& in, std::size_t rules) {
  const Id n = in.demand.size();
  std::vector<RulePoints> out(rules);
  std::vector<std::uint8_t> seen(n, 0);
  for (const CheckShard& s : shards) {
    if (s.demand_points != n || s.facility_count != in.facilities.size() || s.rules.size() != rules) {
      throw InputError("shard " + std::to_string(s.shard) + " was run on other inputs: " + std::to_string(s.demand_points) +
                       " demand points, " + std::to_string(s.facility_count) + " facilities and " +
                       std::to_string(s.rules.size()) + " rules, here " + std::to_string(n) + ", " +
                       std::to_string(in.facilities.size()) + " and " + std::to_string(rules));
    }
    for (Id d : s.points) {
      if (d >= n || seen[d]) {
        throw InputError("shard " + std::to_string(s.shard) + ": demand point " + std::to_string(d) + " out of range or owned twice");
      }
      seen[d] = 1;
    }
    for (std::size_t ri = 0; ri < rules; ++ri) {
      const RulePoints& from = s.rules[ri];
      RulePoints& to = out[ri];
      if (!from.nearest_cost.empty()) {
        if (to.nearest_cost.empty()) {
          to.nearest_cost.assign(n, std::numeric_limits<float>::infinity());
          to.nearest_facility.assign(n, invalid_id);
        }
        for (std::size_t k = 0; k < s.points.size(); ++k) {
          to.nearest_cost[s.points[k]] = from.nearest_cost[k];
          to.nearest_facility[s.points[k]] = from.nearest_facility[k];
        }
      }
      if (!from.measure.empty()) {
        if (to.measure.empty()) to.measure.assign(n, 0.0);
        for (std::size_t k = 0; k < s.points.size(); ++k) to.measure[s.points[k]] = from.measure[k];
      }
      for (const auto& [d, f] : from.touching) {
        if (f >= in.facilities.size() || (d >= in.districts.size() && d != outside_districts)) {
          throw InputError("shard " + std::to_string(s.shard) + ": facility " + std::to_string(f) + " in district " +
                           std::to_string(d) + " is not of this run");
        }
      }
      to.touching.insert(to.touching.end(), from.touching.begin(), from.touching.end());
    }
  }
  for (Id d = 0; d < n; ++d) {
    if (!seen[d]) throw InputError("demand point " + in.demand.source_id[d] + " is owned by no shard");
  }
  for (RulePoints& p : out) {
    std::sort(p.touching.begin(), p.touching.end());
    p.touching.erase(std::unique(p.touching.begin(), p.touching.end()), p.touching.end());
  }
  return out;
}

// The sites within three halos of the points a shard owns and of its districts: every site that
// weighs on an owned point (within one), the people of those sites' catchments (within two) and
// 3SFCA's selection weights of those people (within three).
std::vector<std::uint8_t> sites_near(const ShardPlan& plan, Id shard, const Inputs& in, const std::vector<std::uint8_t>& owned) {
  const Shard& sh = plan.shards[shard];
  double x0 = sh.min_x, y0 = sh.min_y, x1 = sh.max_x, y1 = sh.max_y;
  for (Id i = 0; i < in.demand.size(); ++i) {
    if (!owned[i]) continue;
    x0 = std::min(x0, in.demand.x_m[i]), x1 = std::max(x1, in.demand.x_m[i]);
    y0 = std::min(y0, in.demand.y_m[i]), y1 = std::max(y1, in.demand.y_m[i]);
  }
  const double h = 3 * plan.halo.metres;
  std::vector<std::uint8_t> keep(in.facilities.size(), 0);
  for (Id f = 0; f < in.facilities.size(); ++f) {
    const double x = in.facilities.x_m[f], y = in.facilities.y_m[f];
    keep[f] = x >= x0 - h && x <= x1 + h && y >= y0 - h && y <= y1 + h;
  }
  return keep;
}

CheckRun run_check(const CheckRequest& request, const Split& split) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  const Sources& src = request.sources;
  if (request.rules_path.empty() == request.preset.empty()) throw UsageError("give --rules FILE or --preset NAME (one of them)");
  if (src.facilities.empty() || src.demand.path.empty()) throw UsageError("check needs --facilities, --demand and --out");
  if (request.mode == TravelMode::cost_matrix) throw UsageError("--mode: use distance, walk or drive");
  validate(request.network);

  CheckRun run;
  run.rules = request.preset.empty() ? io::load_rules(request.rules_path) : io::preset_rules(request.preset);
  const RuleSet& rules = run.rules;
  const std::vector<TravelMode> modes = network_modes(rules, request.mode);
  LoadOptions load = src.load;
  if (split.plan) {
    // Refused before any work: a reach beyond the halo, other districts or CRS. (A time on the
    // network is checked once the shard has read its roads.)
    const ShardPlan& plan = *split.plan;
    std::vector<Threshold> reach;
    try {
      reach = rule_thresholds(rules, request.mode, request.network.walk_speed_mps);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--speed ") + std::to_string(request.network.walk_speed_mps) + ": " + e.what());
    }
    for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
      const bool network_time = reach[ri].mode != TravelMode::distance && reach[ri].by_time();
      if (!travels(rules.rules[ri]) || network_time || !(reach[ri].value > plan.halo.metres * (1 + 1e-12))) continue;
      throw UsageError("rule '" + rules.rules[ri].id + "' reaches " + shortest(reach[ri].value) + " m (" +
                       rules.rules[ri].within.text + "), beyond the halo of " + shortest(plan.halo.metres) +
                       " m of the shard plan " + split.plan_dir + ": plan again with a wider --halo");
    }
    if (!load.metric_crs.empty() && load.metric_crs != plan.crs) {
      throw UsageError("--crs " + load.metric_crs + ": the shard plan computes in " + plan.crs);
    }
    if (load.districts_path != plan.districts_path || load.districts_layer != plan.districts_layer) {
      throw UsageError("--shard: give the plan's districts as --districts (" + plan.districts_path +
                       "): a shard finds the points it owns by them, and the check reports by them");
    }
    load.metric_crs = plan.crs;
    // A shard of a walk or drive check reads the roads within four halos of its districts (and
    // the snap distance): its points lie within one (checked below), the sites that weigh on them
    // within two, those sites' people within three, and the sites within reach of those people
    // (3SFCA's selection weights) within four; every route of a measure stays among them.
    if (split.out && !modes.empty()) {
      load.road_bounds = shard_read_boxes(plan.shards[split.shard], 4 * plan.halo.metres + request.network.max_snap_m);
    }
    // Its OSM files from their extracts, if cut, but for the demand: a check shard reads it whole.
    if (split.out) {
      std::vector<std::string> paths{load.roads.path};
      for (const FacilitySource& f : src.facilities) paths.push_back(f.path);
      paths.erase(std::remove(paths.begin(), paths.end(), src.demand.path), paths.end());
      detail::use_osm_extracts(split.plan_dir, plan, split.shard, paths, load.road_bounds, load);
    }
  }

  // Sources: the facility attributes the rules use are read where a layer has them.
  std::vector<FacilitySource> sources = src.facilities;
  std::vector<std::string> attributes;
  for (const Rule& r : rules.rules) {
    for (const std::string* f : {&r.supply_attribute, &r.base_attribute}) {
      if (!f->empty() && std::find(attributes.begin(), attributes.end(), *f) == attributes.end()) attributes.push_back(*f);
    }
  }
  for (FacilitySource& s : sources) {
    if (is_osm_source(s.path)) continue;
    s.optional_numeric_fields = attributes;
    s.status_field = request.status_field;
  }
  DemandSource demand = src.demand;
  demand.attribute_fields.insert(demand.attribute_fields.end(), request.demand_fields.begin(), request.demand_fields.end());
  load.mode = modes.empty() ? TravelMode::distance : modes[0];
  if (!modes.empty()) load.walk_speed_mps = request.network.walk_speed_mps;
  StageClock clock;
  StageTimings& timings = run.info.timings;
  run.info.threads = parallel_threads();
  run.inputs = load_inputs(sources, demand, load);
  Inputs& in = run.inputs;
  std::vector<std::string> notes = in.notes;
  for (const auto& [name, share] : request.basis_shares) {
    if (!(share >= 0 && share <= 1)) {
      throw UsageError("--basis-share '" + name + "': the share is a number from 0 to 1, e.g. elderly=0.187");
    }
    if (in.demand.attributes.count(name) || name == "residents") {
      throw UsageError("--basis-share: the demand already has '" + name + "'");
    }
    std::vector<double>& column = in.demand.attributes[name];
    column.reserve(in.demand.size());
    for (double w : in.demand.weight) column.push_back(w * share);
    char text[32];
    std::snprintf(text, sizeof text, "%g", share);
    notes.push_back("'" + name + "' estimated as " + text + " of the population weight at every point (--basis-share)");
  }

  // Roads for each network mode (a second mode reads its own roads from the same sources).
  std::optional<RoadGraph> walk_graph, drive_graph;
  double top_speed[2] = {in.walk_speed_mps, in.walk_speed_mps};  // walk, drive: the fastest line read
  for (std::size_t k = 0; k < modes.size(); ++k) {
    RoadLines roads;
    if (k == 0) {
      roads = std::move(in.roads);
    } else {
      LoadOptions again = load;
      again.mode = modes[k];
      roads = load_roads(sources, demand, again, in.crs);
    }
    for (float v : roads.speed_mps) {
      double& top = top_speed[modes[k] == TravelMode::walk ? 0 : 1];
      top = std::max(top, static_cast<double>(v));
    }
    timings.add("load", clock.lap());  // the inputs, and a second mode's roads
    (modes[k] == TravelMode::walk ? walk_graph : drive_graph).emplace(build_road_graph(roads));
    timings.add("graph", clock.lap());
  }
  if (modes.empty()) timings.add("load", clock.lap());
  refuse_missing_fields(request, rules, sources, in);
  for (const Rule& r : rules.rules) {  // a selection by a field the district layer does not have
    if (!r.applies_to || (r.preset && !request.strict) || in.districts.size() == 0) continue;
    if (in.districts.attributes.count(r.applies_to->field)) continue;
    std::string fields;
    for (const auto& [name, values] : in.districts.attributes) fields += (fields.empty() ? "" : ", ") + name;
    const std::string at = request.preset.empty() ? rules.path + ", line " + std::to_string(r.line) + ", "
                                                  : "preset " + request.preset + ", ";
    throw InputError(at + "rule '" + r.id + "': applies_to field '" + r.applies_to->field + "' is not a field of " +
                     in.districts.source + " (fields: " + (fields.empty() ? "none" : fields) + ")");
  }

  try {
    run.thresholds = rule_thresholds(rules, request.mode, request.network.walk_speed_mps);
  } catch (const std::invalid_argument& e) {  // a walking speed that is not positive, or too large
    throw UsageError(std::string("--speed ") + std::to_string(request.network.walk_speed_mps) + ": " + e.what());
  }
  CheckOptions options;
  options.thresholds = run.thresholds;
  options.mode_override = request.mode;
  options.walk_graph = walk_graph ? &*walk_graph : nullptr;
  options.drive_graph = drive_graph ? &*drive_graph : nullptr;
  options.max_snap_m = request.network.max_snap_m;
  options.access_speed_mps = in.walk_speed_mps > 0 ? in.walk_speed_mps : request.network.walk_speed_mps;
  if (!split.plan) {
    run.result = check_plan(rules, in.categories, in.facilities, in.demand, in.districts, options);
  } else {
    const ShardPlan& plan = *split.plan;
    if (in.districts.size() != plan.district_shard.size()) {
      throw InputError("the shard plan " + split.plan_dir + " has " + std::to_string(plan.district_shard.size()) +
                       " districts, " + plan.districts_path + " now holds " + std::to_string(in.districts.size()));
    }
    // In walk and drive mode the merge searches the nearest facilities over the whole network;
    // the shards measure the other rules (the catchments) on the roads they read.
    std::vector<std::uint8_t> nearest_rules(rules.rules.size(), 0), other_rules(rules.rules.size(), 1);
    if (!modes.empty()) {
      for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
        nearest_rules[ri] = measures_nearest(rules.rules[ri]) ? 1 : 0;
        other_rules[ri] = 1 - nearest_rules[ri];
      }
    }
    if (split.out) {
      // A shard: its points' measures, nothing judged.
      const std::vector<Id> owner = owning_shards(in.districts, plan.district_shard, in.demand.x_m, in.demand.y_m);
      std::vector<std::uint8_t> owned(in.demand.size(), 0);
      for (Id i = 0; i < in.demand.size(); ++i) owned[i] = owner[i] == split.shard ? 1 : 0;
      if (!modes.empty()) {
        // Its roads hold a route of a rule's time only at the fastest speed it read; and reach
        // four halos beyond its districts, so its points must lie within one.
        for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
          const Threshold& t = run.thresholds[ri];
          if (!travels(rules.rules[ri]) || t.mode == TravelMode::distance || !t.by_time()) continue;
          const double top = top_speed[t.mode == TravelMode::walk ? 0 : 1];
          if (t.value * top > plan.halo.metres * (1 + 1e-6)) {  // speeds are floats
            throw UsageError("rule '" + rules.rules[ri].id + "' (" + rules.rules[ri].within.text + ") reaches " +
                             shortest(std::round(t.value * top)) + " m at " + shortest(top) + " m/s, beyond the halo of " +
                             shortest(plan.halo.metres) + " m of the shard plan " + split.plan_dir + ": plan again with a wider --halo");
          }
        }
        const std::vector<double> near = shard_read_boxes(plan.shards[split.shard], plan.halo.metres);
        for (Id i = 0; i < in.demand.size(); ++i) {
          if (owned[i] && !in_boxes(near, in.demand.x_m[i], in.demand.y_m[i])) {
            throw InputError("demand point " + in.demand.source_id[i] + " lies in no district and farther than the halo from " +
                             "those of its shard " + std::to_string(split.shard) + ": plan with districts that hold it, or a wider --halo");
          }
        }
      }
      const std::vector<RulePoints> points = check_points(rules, in.categories, in.facilities, in.demand, in.districts, options,
                                                          owned, sites_near(plan, split.shard, in, owned), other_rules);
      CheckShard& o = *split.out;
      o.shard = split.shard;
      o.shards = static_cast<Id>(plan.shards.size());
      o.demand_points = in.demand.size();
      o.facility_count = in.facilities.size();
      o.osm_extracts = in.osm_extracts;
      for (Id i = 0; i < in.demand.size(); ++i) {
        if (owned[i]) o.points.push_back(i);
      }
      for (const RulePoints& p : points) {
        RulePoints kept;
        for (Id i : o.points) {
          if (!p.nearest_cost.empty()) kept.nearest_cost.push_back(p.nearest_cost[i]), kept.nearest_facility.push_back(p.nearest_facility[i]);
          if (!p.measure.empty()) kept.measure.push_back(p.measure[i]);
        }
        kept.touching = p.touching;  // of the owned points only
        o.rules.push_back(std::move(kept));
      }
      timings.add("evaluate", clock.lap());
      return run;
    }
    std::vector<RulePoints> points = merged_points(*split.merge, in, rules.rules.size());
    if (!modes.empty()) {
      std::vector<RulePoints> nearest = check_points(rules, in.categories, in.facilities, in.demand, in.districts, options, {}, {},
                                                     nearest_rules);
      for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
        if (!nearest_rules[ri]) continue;
        points[ri].nearest_cost = std::move(nearest[ri].nearest_cost);
        points[ri].nearest_facility = std::move(nearest[ri].nearest_facility);
      }
    }
    run.result = check_verdicts(rules, in.categories, in.facilities, in.demand, in.districts, options, points);
  }
  timings.add("evaluate", clock.lap());

  CheckRunInfo& info = run.info;
  info.command_line = request.command_line;
  info.rules_source = request.preset.empty() ? request.rules_path : "preset " + request.preset;
  info.crs = in.crs;
  info.population_basis = in.population_basis;
  info.population_basis_zh = in.population_basis_zh;
  for (const auto& s : sources) info.facility_sources.push_back(describe(s));
  info.demand_source = src.demand.path + (src.demand.layer.empty() ? "" : " (" + src.demand.layer + ")");
  info.mode_override = request.mode ? to_string(*request.mode) : "";
  info.strict = request.strict;
  info.input_notes = notes;
  info.skipped_features = in.skipped.size();
  info.census = in.census;
  return run;
}

}  // namespace

std::string preset_text(const std::string& name) { return io::preset_text(name); }

CheckRun check(const CheckRequest& request) { return run_check(request, {}); }

CheckShard check_shard(const CheckRequest& request, const std::string& plan_dir, Id shard) {
  return detail::run_shard<CheckShard>(plan_dir, shard, [&](const Split& split) { run_check(request, split); });
}

CheckRun merge_check(const CheckRequest& request, const std::string& plan_dir, const std::vector<CheckShard>& shards) {
  return detail::run_merge(plan_dir, shards, [&](const Split& split) { return run_check(request, split); });
}

}  // namespace lc::api
