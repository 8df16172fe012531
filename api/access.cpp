#include "api/access.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "algorithms/access.hpp"
#include "algorithms/coverage.hpp"
#include "algorithms/district_assign.hpp"
#include "algorithms/equity.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/shard_plan.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/network.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/check_result.hpp"
#include "core/errors.hpp"
#include "io/atomic_output.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

bool is_fca(AccessKind k) {
  return k == AccessKind::two_step || k == AccessKind::enhanced_two_step || k == AccessKind::three_step;
}

// The measure's own decay when none is asked for.
std::string default_decay(AccessKind k) {
  switch (k) {
    case AccessKind::enhanced_two_step: return "zones";
    case AccessKind::gravity:
    case AccessKind::three_step: return "gaussian";
    default: return "step";
  }
}

bool parse_decay(const std::string& text, DecayKind& out) {
  static const std::pair<const char*, DecayKind> kinds[] = {
      {"step", DecayKind::step},         {"linear", DecayKind::linear}, {"exponential", DecayKind::exponential},
      {"gaussian", DecayKind::gaussian}, {"power", DecayKind::power},   {"zones", DecayKind::zones}};
  for (const auto& [name, kind] : kinds) {
    if (text == name) return out = kind, true;
  }
  return false;
}

// The unit the decay's parameters are given in, in the Reach's cost unit: a minute when the
// catchment is a time (seconds; or minutes turned into metres in distance mode), a kilometre
// when it is a length.
double parameter_unit(const Threshold& t) {
  if (t.by_time()) return 60.0;
  if (std::isfinite(t.speed_mps)) return 60.0 * t.speed_mps;
  return 1000.0;
}

const char* parameter_unit_name(const Threshold& t) { return t.by_time() || std::isfinite(t.speed_mps) ? "minute" : "km"; }

// The decay of the request for one category's catchment.
Decay decay_for(const AccessRequest& r, const std::string& kind_text, DecayKind kind, const Threshold& t) {
  Decay d;
  d.kind = kind;
  d.cost_unit = parameter_unit(t);
  const std::vector<double>& p = r.decay_params;
  switch (kind) {
    case DecayKind::exponential:
    case DecayKind::power:
      if (p.size() != 1) {
        throw UsageError("--decay " + kind_text + " takes one --decay-param (" +
                         (kind == DecayKind::power ? std::string("the exponent") : std::string("beta, per ") + parameter_unit_name(t)) +
                         "), got " + std::to_string(p.size()));
      }
      d.beta = p[0];
      // c^-beta has no value at 0: costs under a tenth of the unit (6 s, 100 m) count as that.
      d.min_cost = 0.1;
      break;
    case DecayKind::zones:
      if (!p.empty()) {
        for (std::size_t z = 0; z < p.size(); ++z) {
          d.zone_upper.push_back(t.value * static_cast<double>(z + 1) / static_cast<double>(p.size()));
        }
        d.zone_upper.back() = t.value;
        d.zone_weight = p;
      }
      break;
    default:
      if (!p.empty()) throw UsageError("--decay " + kind_text + " takes no --decay-param");
  }
  try {
    return resolve_decay(d, t.value);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--decay ") + kind_text + ": " + e.what());
  }
}

std::string decay_words(const Decay& d, const std::string& kind, const Threshold& t) {
  const std::string unit = parameter_unit_name(t);
  if (d.kind == DecayKind::exponential) return "exp(-" + num(d.beta) + " x cost), cost in " + unit + "s";
  if (d.kind == DecayKind::power) return "cost^-" + num(d.beta) + ", cost in " + unit + "s, at least 0.1";
  if (d.kind == DecayKind::zones) {
    const double shown = t.by_time() ? 60.0 : 1.0;  // seconds as minutes; metres as they are
    const char* u = t.by_time() ? " min" : " m";
    std::string s = "zones";
    for (std::size_t z = 0; z < d.zone_weight.size(); ++z) {
      const double lo = z == 0 ? 0.0 : d.zone_upper[z - 1], hi = d.zone_upper[z];
      char b[96];
      std::snprintf(b, sizeof b, "%s %.4g-%.4g%s: %.4g", z ? "," : "", lo / shown, hi / shown, u, d.zone_weight[z]);
      s += b;
    }
    return s;
  }
  return kind;
}

// A demand value per point: a field read as a demand attribute, or a census weight.
const std::vector<double>& demand_values(const Inputs& in, const std::string& field, const std::string& option) {
  const auto it = in.demand.attributes.find(field);
  if (it == in.demand.attributes.end()) {
    throw InputError(option + " " + field + ": the demand has no such weight" +
                     (in.census ? " (a census gives elderly and aged65 when its columns are named)" : ""));
  }
  return it->second;
}

bool is_census_weight(const DemandSource& d, const std::string& field) {
  return !d.census.path.empty() && (field == "elderly" || field == "aged65");
}

// The Reach of each category's facilities, straight-line or along the roads.
struct Reaches {
  std::optional<RoadGraph> graph;
  std::unique_ptr<SegmentIndex> index;
  std::vector<Snap> demand_snaps, facility_snaps;
  std::unique_ptr<PointsOnSegments> on_segments;

  Reach of(const Inputs& in, const std::vector<Id>& sites, const Threshold& t) const {
    if (!graph) {
      std::vector<double> sx, sy;
      for (Id f : sites) sx.push_back(in.facilities.x_m[f]), sy.push_back(in.facilities.y_m[f]);
      return distance_reach(sx, sy, in.demand, t.value);
    }
    std::vector<Snap> snaps;
    for (Id f : sites) snaps.push_back(facility_snaps[f]);
    const NetworkCostOptions cost{t.by_time() ? Weight::time : Weight::length, in.walk_speed_mps};
    return network_catchments(*graph, snaps, demand_snaps, *on_segments, cost, static_cast<float>(t.value));
  }
};

AccessEquity equity_of(const std::vector<double>& value, const std::vector<double>& weight, const std::string& weight_name,
                       const EquityOptions& options) {
  const EquityResult e = compute_equity(value, weight, options);
  AccessEquity out;
  out.weight = weight_name;
  out.overall = e.overall;
  out.lorenz = sample_lorenz(e.overall.lorenz, 100);
  out.overall.lorenz = {};
  out.districts = e.groups;
  for (EquityFigures& f : out.districts) f.lorenz = {};
  return out;
}

// A run split by a shard plan: a shard (only the sites near it), or the merge (every value given).
using Split = detail::Split<AccessShard>;

// The Reach of category `c`'s `sites` (the run's facility ids, in the run's order) from the rows
// of the capacity shards that own them, over the run's `n` demand points. Throws InputError for a
// site owned by no shard or by two, or rows of other inputs.
Reach merged_reach(const std::vector<AccessShard>& shards, CategoryId c, const std::vector<Id>& sites, Id n, const Inputs& in) {
  std::vector<Id> local(in.facilities.size(), invalid_id);
  for (Id k = 0; k < sites.size(); ++k) local[sites[k]] = k;
  std::vector<std::vector<std::pair<Id, float>>> per_site(sites.size());
  std::vector<const AccessShard*> from(sites.size(), nullptr);
  double threshold = 0;
  CostUnit unit = CostUnit::metres;
  for (const AccessShard& sh : shards) {
    const AccessCategoryShard& cs = sh.categories.at(c);
    if (cs.row_first.empty()) continue;
    if (sh.demand_points != n) throw InputError("shard " + std::to_string(sh.shard) + " was run on other demand");
    threshold = cs.reach_threshold, unit = static_cast<CostUnit>(cs.reach_unit);
    for (std::size_t k = 0; k < cs.facilities.size(); ++k) {
      const Id f = cs.facilities[k];
      const Id j = f < local.size() ? local[f] : invalid_id;
      if (j == invalid_id) throw InputError("shard " + std::to_string(sh.shard) + ": facility " + std::to_string(f) + " is not a " +
                                            in.categories.names[c] + " facility of the run");
      if (from[j]) {
        throw InputError("facility " + in.facilities.source_id[f] + " is owned by shards " + std::to_string(from[j]->shard) + " and " +
                         std::to_string(sh.shard));
      }
      from[j] = &sh;
      for (Id p = cs.row_first[k]; p < cs.row_first[k + 1]; ++p) per_site[j].emplace_back(cs.row_demand[p], cs.row_cost[p]);
    }
  }
  for (Id k = 0; k < sites.size(); ++k) {
    if (!from[k]) throw InputError("facility " + in.facilities.source_id[sites[k]] + " (" + in.categories.names[c] + ") is owned by no shard");
  }
  return Reach::from_site_lists(per_site, n, threshold, unit);
}

AccessRun run_access(const AccessRequest& request, const Split& split) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  const TravelMode mode = request.sources.load.mode;
  const bool network = mode != TravelMode::distance;
  const AccessKind measure = request.measure;
  if (mode == TravelMode::cost_matrix) throw UsageError("access takes --mode distance, walk or drive");
  validate(request.network);
  if (measure == AccessKind::capacity && request.supply_field.empty()) {
    throw UsageError("--measure capacity needs --supply-field: the field of each facility's capacity (beds, places)");
  }
  if (measure != AccessKind::capacity && (!request.priority_field.empty() || request.places_per_person != 1.0)) {
    throw UsageError("--priority-field and --places-per-person go with --measure capacity");
  }
  if (!(request.places_per_person > 0 && std::isfinite(request.places_per_person))) {
    throw UsageError("--places-per-person " + num(request.places_per_person) + ": give a positive number, e.g. 0.04");
  }
  if (measure != AccessKind::proximity && (request.k != 1 || request.target_min != 15.0)) {
    throw UsageError("--k and --target go with --measure proximity");
  }
  if (measure == AccessKind::proximity && request.k == 0) throw UsageError("--k must be at least 1");
  if (!(request.target_min > 0 && std::isfinite(request.target_min))) throw UsageError("--target must be a positive time");
  if (request.per < 0 || !std::isfinite(request.per)) throw UsageError("--per " + num(request.per) + ": give a positive number");
  if (request.per > 0 && !is_fca(measure)) throw UsageError("--per goes with --measure 2sfca, e2sfca or 3sfca");
  const std::string decay_text = request.decay.empty() ? default_decay(measure) : request.decay;
  DecayKind decay_kind = DecayKind::step;
  if (!parse_decay(decay_text, decay_kind)) {
    throw UsageError("--decay '" + decay_text + "': use step, linear, exponential, gaussian, power or zones");
  }
  if (!request.decay.empty() && (measure == AccessKind::cumulative || measure == AccessKind::two_step ||
                                 measure == AccessKind::proximity || measure == AccessKind::capacity)) {
    throw UsageError(std::string("--decay goes with --measure gravity, e2sfca or 3sfca (") + to_string(measure) +
                     " counts everything within the catchment alike)");
  }
  if (request.decay.empty() && !request.decay_params.empty() && decay_kind == DecayKind::step) {
    throw UsageError("--decay-param needs --decay");
  }

  // Sources: the supply and priority fields, where a layer has them; the weight and ranking fields.
  LoadOptions load = request.sources.load;
  if (network) load.walk_speed_mps = request.network.walk_speed_mps;
  const LoadOptions recorded = load;
  if (split.plan) {
    const ShardPlan& plan = *split.plan;
    if (!load.metric_crs.empty() && load.metric_crs != plan.crs) {
      throw UsageError("--crs " + load.metric_crs + ": the shard plan computes in " + plan.crs);
    }
    if (load.districts_path != plan.districts_path || load.districts_layer != plan.districts_layer) {
      throw UsageError("--shard: give the plan's districts as --districts (" + plan.districts_path +
                       "): a shard finds the points it owns by them");
    }
    load.metric_crs = plan.crs;
    // A shard of a walk or drive run reads the roads within four halos of its districts (and the
    // snap distance): its points and facilities lie within one (checked below), the sites that
    // weigh on them within two, those sites' people within three, and the sites within reach of
    // those people (3SFCA's selection weights) within four.
    if (network && split.shard != invalid_id) {
      load.road_bounds = shard_read_boxes(plan.shards[split.shard], 4 * plan.halo.metres + request.network.max_snap_m);
    }
    // Its OSM files from their extracts, if cut, but for the demand: an access shard reads it whole.
    if (split.shard != invalid_id) {
      std::vector<std::string> paths{load.roads.path};
      for (const FacilitySource& f : request.sources.facilities) paths.push_back(f.path);
      paths.erase(std::remove(paths.begin(), paths.end(), request.sources.demand.path), paths.end());
      detail::use_osm_extracts(split.plan_dir, plan, split.shard, paths, load.road_bounds, load);
    }
  }
  std::vector<FacilitySource> sources = request.sources.facilities;
  for (FacilitySource& s : sources) {
    if (is_osm_source(s.path)) continue;
    for (const std::string* f : {&request.supply_field, &request.priority_field}) {
      if (f->empty()) continue;
      s.optional_numeric_fields.push_back(*f);
    }
    if (!request.supply_field.empty()) s.nonnegative_fields.push_back(request.supply_field);
  }
  DemandSource demand = request.sources.demand;
  std::string rank_field = request.rank_by;
  bool rank_share = false;
  if (const std::size_t slash = rank_field.find('/'); slash != std::string::npos) {
    if (rank_field.substr(slash + 1) != "population") {
      throw UsageError("--rank-by '" + request.rank_by + "': give a demand field, or FIELD/population for its share of the residents");
    }
    rank_field = rank_field.substr(0, slash);
    rank_share = true;
  }
  for (const std::string* f : {&request.weight_field, static_cast<const std::string*>(&rank_field)}) {
    if (f->empty() || is_census_weight(demand, *f)) continue;
    if (!demand.census.path.empty()) {
      throw UsageError(*f + ": with --census the demand weights are the census's (elderly, aged65)");
    }
    const bool have = std::any_of(demand.attribute_fields.begin(), demand.attribute_fields.end(),
                                  [&](const auto& a) { return a.first == *f; });
    if (!have) demand.attribute_fields.emplace_back(*f, *f);
  }

  AccessRun run;
  StageClock clock;
  StageTimings& timings = run.info.timings;
  run.info.threads = parallel_threads();
  run.inputs = load_inputs(sources, demand, load);
  timings.add("load", clock.lap());
  Inputs& in = run.inputs;
  const Id n = in.demand.size();

  std::vector<Threshold> thresholds;
  try {
    std::vector<CategoryThreshold> within = request.within;
    if (within.empty() && measure == AccessKind::proximity) {
      within = resolve_threshold_list("30min", mode, request.network.walk_speed_mps);
    }
    thresholds = thresholds_for(within, in.categories.names, mode, request.network.walk_speed_mps);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--within ") + e.what());
  }
  if (measure == AccessKind::proximity && mode == TravelMode::drive) {
    for (const Threshold& t : thresholds) {
      if (!t.by_time()) throw UsageError("--measure proximity --mode drive: give --within as a time (e.g. 30min), not '" + t.text + "'");
    }
  }

  run.residents = in.demand.weight;
  if (request.weight_field.empty()) {
    run.weight = in.demand.weight;
  } else {
    run.weight = demand_values(in, request.weight_field, "--weight-field");
    for (double w : run.weight) {
      if (std::isnan(w)) throw InputError("--weight-field " + request.weight_field + ": some demand has no value of it (" + demand.path + ")");
    }
  }
  std::vector<double> rank_by;
  if (!rank_field.empty()) {
    rank_by = demand_values(in, rank_field, "--rank-by");
    for (Id i = 0; i < n; ++i) {
      if (rank_share) rank_by[i] = run.residents[i] > 0 ? rank_by[i] / run.residents[i] : 0.0;
      if (std::isnan(rank_by[i])) {
        if (run.weight[i] > 0) throw InputError("--rank-by " + request.rank_by + ": demand point " + in.demand.source_id[i] + " has no value of it");
        rank_by[i] = 0.0;
      }
    }
  }

  // Districts.
  EquityOptions eq;
  eq.rank_by = rank_by;
  if (in.districts.size() > 0) {
    try {
      run.demand_district = assign_to_districts(in.districts, in.demand.x_m, in.demand.y_m);
    } catch (const std::invalid_argument& e) {
      throw InputError(in.districts.source + ": " + e.what());
    }
    run.district_population.assign(in.districts.size(), 0.0);
    run.district_weight.assign(in.districts.size(), 0.0);
    for (Id i = 0; i < n; ++i) {
      const Id d = run.demand_district[i];
      if (d >= in.districts.size()) continue;
      if (std::isfinite(run.residents[i])) run.district_population[d] += run.residents[i];
      if (std::isfinite(run.weight[i])) run.district_weight[d] += run.weight[i];
    }
    eq.group = run.demand_district;
    eq.n_groups = in.districts.size();
    timings.add("districts", clock.lap());
  }

  // The network.
  Reaches reaches;
  if (network) {
    reaches.graph.emplace(build_road_graph(in.roads));
    timings.add("graph", clock.lap());
    if (std::string note = detail::web_coords_note(*reaches.graph, in, request.sources.facilities); !note.empty()) {
      in.notes.push_back(std::move(note));
    }
    reaches.index = std::make_unique<SegmentIndex>(*reaches.graph);
    reaches.demand_snaps = snap_points(*reaches.index, in.demand.x_m, in.demand.y_m, request.network.max_snap_m);
    reaches.facility_snaps = snap_points(*reaches.index, in.facilities.x_m, in.facilities.y_m, request.network.max_snap_m);
    reaches.on_segments = std::make_unique<PointsOnSegments>(PointsOnSegments::build(*reaches.graph, reaches.demand_snaps));
    timings.add("snap", clock.lap());
    NetworkRunInfo& ni = run.info.network;
    ni.used = true;
    ni.roads_source = in.roads_source;
    ni.road_profile = load.road_profile.empty() ? "data/road_speeds.yaml" : load.road_profile;
    ni.walk_speed_mps = in.walk_speed_mps;
    ni.max_snap_m = request.network.max_snap_m;
    ni.nodes = reaches.graph->node_count();
    ni.segments = reaches.graph->segment_count();
    ni.components = reaches.graph->component_nodes.size();
    for (Id i = 0; i < n; ++i) {
      if (!reaches.demand_snaps[i].ok()) ni.demand_unsnapped.push_back(in.demand.source_id[i]);
    }
    for (Id f = 0; f < in.facilities.size(); ++f) {
      if (!reaches.facility_snaps[f].ok()) ni.facility_unsnapped.push_back(in.facilities.source_id[f]);
    }
  }

  // A split run: which shard owns each point and facility, and (a shard) the sites it needs.
  std::vector<Id> point_owner, facility_owner;
  std::vector<std::uint8_t> keep_site;
  if (split.plan) {
    const ShardPlan& plan = *split.plan;
    if (in.districts.size() != plan.district_shard.size()) {
      throw InputError("the shard plan " + split.plan_dir + " has " + std::to_string(plan.district_shard.size()) +
                       " districts, " + plan.districts_path + " now holds " + std::to_string(in.districts.size()));
    }
    // A time on the network reaches its time at the fastest line a shard read (and the walking
    // speed): checked by the shards, which are all its searches use; the merge searches nothing.
    double top = in.walk_speed_mps;
    for (float v : in.roads.speed_mps) top = std::max(top, static_cast<double>(v));
    double reach_m = 0;
    bool timed = false;
    for (const Threshold& t : thresholds) {
      if (network && t.by_time()) {
        if (split.shard == invalid_id) continue;
        reach_m = std::max(reach_m, t.value * top), timed = true;
      } else {
        reach_m = std::max(reach_m, t.value);
      }
    }
    if (reach_m > plan.halo.metres * (1 + (timed ? 1e-6 : 1e-12))) {  // a speed is a float
      throw UsageError("--within reaches " + num(reach_m) + " m" + (timed ? " at " + num(top) + " m/s" : std::string()) +
                       ", beyond the halo of " + num(plan.halo.metres) + " m of the shard plan " + split.plan_dir +
                       ": plan again with a wider --halo");
    }
    point_owner = owning_shards(in.districts, plan.district_shard, in.demand.x_m, in.demand.y_m);
    facility_owner = owning_shards(in.districts, plan.district_shard, in.facilities.x_m, in.facilities.y_m);
    if (network && split.shard != invalid_id) {
      const std::vector<double> near = shard_read_boxes(plan.shards[split.shard], plan.halo.metres);
      auto check_near = [&](const std::vector<Id>& owner, const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<std::string>& ids, const char* what) {
        for (Id i = 0; i < owner.size(); ++i) {
          if (owner[i] == split.shard && !in_boxes(near, x[i], y[i])) {
            throw InputError(std::string(what) + " " + ids[i] + " lies in no district and farther than the halo from those of " +
                             "its shard " + std::to_string(split.shard) + ": plan with districts that hold it, or a wider --halo");
          }
        }
      };
      check_near(point_owner, in.demand.x_m, in.demand.y_m, in.demand.source_id, "demand point");
      check_near(facility_owner, in.facilities.x_m, in.facilities.y_m, in.facilities.source_id, "facility");
    }
    if (split.shard != invalid_id) {
      // Sites within three halos of the shard's districts and of the facilities it owns: a point it
      // owns weighs sites within one, their catchments' people within two, and 3SFCA's selection
      // weights of those people the sites within three.
      const Shard& sh = plan.shards[split.shard];
      double x0 = sh.min_x, y0 = sh.min_y, x1 = sh.max_x, y1 = sh.max_y;
      for (Id f = 0; f < in.facilities.size(); ++f) {
        if (facility_owner[f] != split.shard) continue;
        x0 = std::min(x0, in.facilities.x_m[f]), x1 = std::max(x1, in.facilities.x_m[f]);
        y0 = std::min(y0, in.facilities.y_m[f]), y1 = std::max(y1, in.facilities.y_m[f]);
      }
      const double h = 3 * plan.halo.metres;
      keep_site.assign(in.facilities.size(), 0);
      for (Id f = 0; f < in.facilities.size(); ++f) {
        const double x = in.facilities.x_m[f], y = in.facilities.y_m[f];
        keep_site[f] = x >= x0 - h && x <= x1 + h && y >= y0 - h && y <= y1 + h;
      }
    }
  }

  const double per = is_fca(measure) ? (request.per > 0 ? request.per : 1000.0) : 1.0;
  const bool subgroup = !request.weight_field.empty();
  std::vector<Reach> kept;  // proximity: every category's Reach
  std::vector<Reach> shard_rows(in.categories.size());  // a capacity shard's: its sites' rows
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    AccessCategory ac;
    ac.category = c;
    ac.within = thresholds[c];
    ac.facilities = in.facilities.of_category(c);
    const std::string& name = in.categories.names[c];
    if (ac.facilities.empty()) in.notes.push_back("no " + name + " facility in the data: nobody has access to one");
    if (!keep_site.empty()) {  // a shard: the sites near it; for capacity, its own (their Reach rows)
      std::vector<Id> near;
      for (Id f : ac.facilities) {
        if (measure == AccessKind::capacity ? facility_owner[f] == split.shard : keep_site[f] != 0) near.push_back(f);
      }
      ac.facilities = std::move(near);
    }
    if (!request.supply_field.empty()) {
      std::size_t known = 0;
      for (Id f : ac.facilities) {
        ac.supply.push_back(in.facilities.attribute(request.supply_field, f));
        if (std::isfinite(ac.supply.back())) ++known;
      }
      if (known == 0 && !ac.facilities.empty() && keep_site.empty()) {
        throw InputError("--supply-field " + request.supply_field + ": no " + name + " facility has a value of it (" +
                         std::to_string(ac.facilities.size()) + " facilities)");
      }
      ac.supply_unknown = ac.facilities.size() - known;
      if (ac.supply_unknown > 0) {
        in.notes.push_back(std::to_string(ac.supply_unknown) + " of " + std::to_string(ac.facilities.size()) + " " + name +
                           " facilities have no " + request.supply_field + " value: counted as 0");
      }
    }
    if (split.merge && measure != AccessKind::capacity) {
      // The merge: every value from the shard that owns it.
      AccessOptions o;
      o.decay = decay_for(request, decay_text, decay_kind, ac.within);
      if (c == 0) run.info.decay_params = decay_words(o.decay, decay_text, ac.within);
      ac.value.assign(n, 0.0);
      ac.sites_within.assign(n, 0);
      ac.site_demand.assign(ac.facilities.size(), 0.0);
      ac.site_ratio.assign(ac.facilities.size(), 0.0);
      std::vector<Id> local_of(in.facilities.size(), invalid_id);
      for (Id k = 0; k < ac.facilities.size(); ++k) local_of[ac.facilities[k]] = k;
      for (const AccessShard& sh : *split.merge) {
        const AccessCategoryShard& cs = sh.categories[c];
        for (std::size_t k = 0; k < sh.points.size(); ++k) {
          ac.value[sh.points[k]] = cs.value[k];
          ac.sites_within[sh.points[k]] = cs.sites_within[k];
        }
        for (std::size_t k = 0; k < cs.facilities.size(); ++k) {
          const Id j = cs.facilities[k] < local_of.size() ? local_of[cs.facilities[k]] : invalid_id;
          if (j == invalid_id) throw InputError("shard " + std::to_string(sh.shard) + ": facility " + std::to_string(cs.facilities[k]) + " is not a " + name + " facility of the run");
          ac.site_demand[j] = cs.site_demand[k];
          ac.site_ratio[j] = cs.site_ratio[k];
        }
      }
      if (measure == AccessKind::proximity) {  // the shards' values are its mean costs, summarised below
        ac.sites_within.clear(), ac.site_demand.clear(), ac.site_ratio.clear();
      } else {
        ac.equity = equity_of(ac.value, run.weight, subgroup ? request.weight_field : "population", eq);
        if (subgroup) ac.residents_equity = equity_of(ac.value, run.residents, "population", eq);
      }
      run.categories.push_back(std::move(ac));
      timings.add("merge", clock.lap());
      continue;
    }
    // The merge of a capacity run: the Reach from each site's row, as the shard that owns it
    // searched it (each facility in turn serves the people not yet served by those before it, a
    // chain across the whole region: the merge runs it, on the whole run's Reach).
    Reach reach = split.merge ? merged_reach(*split.merge, c, ac.facilities, n, in) : reaches.of(in, ac.facilities, ac.within);
    timings.add(split.merge ? "merge" : "reach", clock.lap());
    if (split.out && measure == AccessKind::capacity) shard_rows[c] = reach;

    if (measure == AccessKind::capacity) {
      CapacityCoverageOptions o;
      o.capacity = ac.supply;
      o.places_per_person = request.places_per_person;
      if (!request.priority_field.empty()) {
        o.order.resize(ac.facilities.size());
        std::iota(o.order.begin(), o.order.end(), Id{0});
        std::vector<double> key;
        for (Id f : ac.facilities) {
          const double v = in.facilities.attribute(request.priority_field, f);
          key.push_back(std::isnan(v) ? (request.priority_ascending ? INFINITY : -INFINITY) : v);
        }
        std::stable_sort(o.order.begin(), o.order.end(), [&](Id a, Id b) {
          if (key[a] != key[b]) return request.priority_ascending ? key[a] < key[b] : key[a] > key[b];
          const double ca = std::isfinite(ac.supply[a]) ? ac.supply[a] : 0.0, cb = std::isfinite(ac.supply[b]) ? ac.supply[b] : 0.0;
          return ca > cb;
        });
      }
      const CapacityCoverageResult r = compute_capacity_coverage(reach, run.weight, o);
      ac.served = r.served;
      ac.value.resize(n);
      for (Id i = 0; i < n; ++i) ac.value[i] = run.weight[i] > 0 ? r.served[i] / run.weight[i] : nan;
      ac.sites_within = reach.count_by_demand();
      ac.site_served = r.site_served;
      ac.site_capacity_people = r.site_capacity_people;
      ac.site_capacity_used = r.site_capacity_used;
      ac.site_priority.assign(ac.facilities.size(), invalid_id);
      for (std::size_t k = 0; k < r.order.size(); ++k) ac.site_priority[r.order[k]] = static_cast<Id>(k);
      ac.weight_total = r.population;
      ac.covered = r.population_covered;
      ac.unserved_in_reach = r.population_unserved_in_reach;
      ac.out_of_reach = r.population_out_of_reach;
    } else if (measure == AccessKind::proximity) {
      kept.push_back(std::move(reach));
    } else {
      AccessOptions o;
      o.measure = measure == AccessKind::cumulative  ? AccessMeasure::cumulative
                  : measure == AccessKind::gravity   ? AccessMeasure::gravity
                  : measure == AccessKind::two_step  ? AccessMeasure::two_step
                  : measure == AccessKind::three_step ? AccessMeasure::three_step
                                                      : AccessMeasure::enhanced_two_step;
      o.decay = decay_for(request, decay_text, decay_kind, ac.within);
      if (c == 0) run.info.decay_params = decay_words(o.decay, decay_text, ac.within);
      o.supply = ac.supply;
      const AccessResult r = compute_access(reach, run.weight, o);
      ac.value = r.access;
      for (double& v : ac.value) v *= per;
      ac.sites_within = r.sites_within;
      ac.site_demand = r.site_demand;
      ac.site_ratio = r.site_ratio;
      for (double& v : ac.site_ratio) v *= per;
    }
    if (measure != AccessKind::proximity) {
      ac.equity = equity_of(ac.value, run.weight, subgroup ? request.weight_field : "population", eq);
      if (subgroup) ac.residents_equity = equity_of(ac.value, run.residents, "population", eq);
    }
    run.categories.push_back(std::move(ac));
    timings.add("measure", clock.lap());
  }

  // Proximity: per category and point the mean cost to the k nearest (in the Reach's unit; a
  // shard's results, which its merge summarises as one machine does).
  std::vector<std::vector<double>> proximity_cost(run.categories.size());
  ProximityResult proximity;
  double proximity_to_min = 1.0;
  std::vector<int> proximity_column;
  if (measure == AccessKind::proximity && (!kept.empty() || split.merge)) {
    // Minutes: seconds over 60; metres (a distance, or a network length on foot) at the walking speed.
    const Threshold& t0 = thresholds[0];
    const double speed = std::isfinite(t0.speed_mps) ? t0.speed_mps
                        : in.walk_speed_mps > 0   ? in.walk_speed_mps
                                                  : request.network.walk_speed_mps;
    const double to_min = t0.by_time() ? 60.0 : 60.0 * speed;
    for (const Threshold& t : thresholds) {
      if (t.by_time() != t0.by_time()) throw UsageError("--measure proximity: give every category's --within as a time, or every one as a length");
    }
    // A category without facilities would leave everyone not reached: it is left out of the mean.
    ProximityOptions o;
    std::vector<int> column(run.categories.size(), -1);  // (the merge has no Reach: its shards had them)
    for (std::size_t c = 0; c < run.categories.size(); ++c) {
      if (run.categories[c].facilities.empty()) {
        in.notes.push_back("proximity time: " + in.categories.names[c] + " has no facility in the data and is left out of the mean over the categories");
        continue;
      }
      column[c] = static_cast<int>(o.categories.size());
      o.categories.push_back(kept.empty() ? nullptr : &kept[c]);
    }
    if (o.categories.empty() && !split.out) throw InputError("--measure proximity: no category has a facility in the data");
    o.k = request.k;
    o.target = request.target_min * to_min;
    ProximityResult& p = proximity;
    proximity_to_min = to_min;
    proximity_column = column;
    const Id nc = static_cast<Id>(o.categories.size());
    if (split.merge) {  // the shards' values, the categories with facilities
      std::vector<double> by_category(std::size_t(n) * nc, nan);
      for (CategoryId c = 0; c < run.categories.size(); ++c) {
        if (column[c] < 0) continue;
        for (Id i = 0; i < n; ++i) by_category[std::size_t(i) * nc + column[c]] = run.categories[c].value[i];
      }
      p = summarise_proximity(std::move(by_category), nc, run.weight, o.target);
    } else if (nc > 0) {
      p = compute_proximity(run.weight, o);
    } else {  // a shard near no facility
      p = summarise_proximity({}, 0, {}, o.target);
      p.by_category.clear();
    }
    for (CategoryId c = 0; c < run.categories.size(); ++c) {
      proximity_cost[c].assign(n, nan);
      if (column[c] < 0 || p.by_category.empty()) continue;
      for (Id i = 0; i < n; ++i) proximity_cost[c][i] = p.by_category[std::size_t(i) * nc + column[c]];
    }
  }
  if (measure == AccessKind::proximity && !split.out && (!kept.empty() || split.merge)) {  // the summary (not a shard's)
    const ProximityResult& p = proximity;
    const double to_min = proximity_to_min;
    for (CategoryId c = 0; c < run.categories.size(); ++c) {
      AccessCategory& ac = run.categories[c];
      const int col = proximity_column[c];
      ac.value.resize(n);
      for (Id i = 0; i < n; ++i) {
        ac.value[i] = col < 0 ? nan : p.by_category[std::size_t(i) * p.n_categories + col] / to_min;
      }
      ac.equity = equity_of(ac.value, run.weight, subgroup ? request.weight_field : "population", eq);
      if (subgroup) ac.residents_equity = equity_of(ac.value, run.residents, "population", eq);
    }
    AccessProximity& px = run.proximity;
    px.used = true;
    px.overall = p.overall;
    for (double& v : px.overall) v /= to_min;
    px.target_min = request.target_min;
    px.weight_total = p.population;
    px.weight_within_target = p.population_within_target;
    px.weight_not_reached = p.population_not_reached;
    px.score = p.score;
    if (!run.demand_district.empty()) {
      std::vector<double> within(in.districts.size(), 0.0);
      for (Id i = 0; i < n; ++i) {
        const Id d = run.demand_district[i];
        if (d < in.districts.size() && px.overall[i] <= px.target_min && std::isfinite(run.weight[i])) within[d] += run.weight[i];
      }
      for (Id d = 0; d < in.districts.size(); ++d) {
        px.district_score.push_back(run.district_weight[d] > 0 ? within[d] / run.district_weight[d] : nan);
      }
    }
    px.equity = equity_of(px.overall, run.weight, subgroup ? request.weight_field : "population", eq);
    if (subgroup) px.residents_equity = equity_of(px.overall, run.residents, "population", eq);
    timings.add("measure", clock.lap());
  }

  if (split.out) {
    AccessShard& o = *split.out;
    o.shard = split.shard;
    o.shards = static_cast<Id>(split.plan->shards.size());
    o.demand_points = n;
    o.facility_count = in.facilities.size();
    o.osm_extracts = in.osm_extracts;
    for (Id i = 0; i < n; ++i) {
      if (point_owner[i] == split.shard) o.points.push_back(i);
    }
    for (const AccessCategory& ac : run.categories) {
      AccessCategoryShard cs;
      const std::vector<double>& value = measure == AccessKind::proximity ? proximity_cost[&ac - run.categories.data()] : ac.value;
      for (Id i : o.points) {
        cs.value.push_back(value[i]);
        cs.sites_within.push_back(ac.sites_within.empty() ? 0 : ac.sites_within[i]);
      }
      if (measure == AccessKind::capacity) {  // its sites and their Reach rows
        const Reach& rows = shard_rows[&ac - run.categories.data()];
        cs.facilities = ac.facilities;
        cs.site_demand.assign(ac.facilities.size(), 0.0);
        cs.site_ratio.assign(ac.facilities.size(), 0.0);
        cs.row_first = rows.first;
        cs.row_demand.assign(rows.demand.begin(), rows.demand.end());
        cs.row_cost.assign(rows.cost.begin(), rows.cost.end());
        cs.reach_threshold = rows.threshold;
        cs.reach_unit = static_cast<std::uint32_t>(rows.unit);
        o.categories.push_back(std::move(cs));
        continue;
      }
      for (std::size_t k = 0; k < ac.facilities.size() && measure != AccessKind::proximity; ++k) {  // proximity: none
        if (facility_owner[ac.facilities[k]] != split.shard) continue;
        cs.facilities.push_back(ac.facilities[k]);
        cs.site_demand.push_back(ac.site_demand[k]);
        cs.site_ratio.push_back(ac.site_ratio[k]);
      }
      o.categories.push_back(std::move(cs));
    }
  }

  AccessRunInfo& info = run.info;
  info.command_line = request.command_line;
  info.facility_sources = request.sources.facilities;
  info.demand_source = request.sources.demand;
  info.load_options = recorded;
  info.mode = to_string(mode);
  info.measure = measure;
  info.decay = measure == AccessKind::cumulative || measure == AccessKind::two_step || measure == AccessKind::proximity ||
                       measure == AccessKind::capacity
                   ? "step"
                   : decay_text;
  if (info.decay_params.empty()) info.decay_params = info.decay;
  info.per = per;
  info.k = request.k;
  info.supply_field = request.supply_field;
  info.weight_field = request.weight_field;
  info.places_per_person = request.places_per_person;
  if (measure == AccessKind::capacity) {
    info.priority = request.priority_field.empty()
                        ? "by capacity, largest first"
                        : "by " + request.priority_field + (request.priority_ascending ? ", lowest first" : ", highest first") +
                              " (ties: larger capacity first; no value: last)";
  }
  info.rank_by = request.rank_by;
  const std::string supply = request.supply_field.empty() ? "facilities" : request.supply_field;
  const std::string people = subgroup ? request.weight_field : "people";
  switch (measure) {
    case AccessKind::cumulative: info.value_unit = supply + " within the catchment"; break;
    case AccessKind::gravity: info.value_unit = supply + " within the catchment, weighted by the decay"; break;
    case AccessKind::proximity:
      info.value_unit = request.k == 1 ? std::string("minutes to the nearest facility of the category")
                                       : "minutes to the nearest " + std::to_string(request.k) + " of the category";
      break;
    case AccessKind::capacity: info.value_unit = "share of the point's " + people + " served (0-1)"; break;
    default: info.value_unit = supply + " per " + num(per) + " " + people; break;
  }
  return run;
}

}  // namespace

AccessRun access(const AccessRequest& request) { return run_access(request, {}); }

AccessShard access_shard(const AccessRequest& request, const std::string& plan_dir, Id shard) {
  return detail::run_shard<AccessShard>(plan_dir, shard, [&](const Split& split) { run_access(request, split); });
}

AccessRun merge_access(const AccessRequest& request, const std::string& plan_dir, const std::vector<AccessShard>& shards) {
  // Checked against the loaded inputs inside: every point owned once, every shard of these inputs.
  AccessRun run = detail::run_merge(plan_dir, shards, [&](const Split& split) { return run_access(request, split); });
  std::vector<std::uint8_t> seen(run.inputs.demand.size(), 0);
  for (const AccessShard& s : shards) {
    if (s.demand_points != run.inputs.demand.size() || s.facility_count != run.inputs.facilities.size() ||
        s.categories.size() != run.categories.size()) {
      throw InputError("shard " + std::to_string(s.shard) + " was run on other inputs");
    }
    for (Id d : s.points) {
      if (d >= seen.size() || seen[d]) throw InputError("shard " + std::to_string(s.shard) + ": demand point " + std::to_string(d) + " out of range or owned twice");
      seen[d] = 1;
    }
  }
  for (std::size_t d = 0; d < seen.size(); ++d) {
    if (!seen[d]) throw InputError("demand point " + run.inputs.demand.source_id[d] + " is owned by no shard");
  }
  return run;
}

}  // namespace lc::api
