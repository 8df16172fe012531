#include "api/propose.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "algorithms/district_assign.hpp"
#include "algorithms/propose.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/shard_plan.hpp"
#include "algorithms/siting.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/read_tables.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api {

namespace {

const char* model_name(SitingModel m) {
  switch (m) {
    case SitingModel::mclp: return "mclp";
    case SitingModel::lscp: return "lscp";
    case SitingModel::pmedian: return "pmedian";
    case SitingModel::pcenter: return "pcenter";
  }
  return "mclp";
}

bool cost_model(SitingModel m) { return m == SitingModel::pmedian || m == SitingModel::pcenter; }

void check_siting(const SitingOptions& s) {
  if (s.model != SitingModel::lscp && s.add == 0) {
    throw UsageError(std::string("--add K: how many new sites (") + model_name(s.model) + ")");
  }
  if (!(s.target_share > 0 && s.target_share <= 1)) throw UsageError("--target-share must be in (0, 1]");
  if (!(s.time_limit_s > 0)) throw UsageError("--time-limit must be a positive number of seconds");
}

std::string examples(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& e : ids) out += (out.empty() ? "" : ", ") + e;
  return out;
}

// Siting with costs from any router: a (demand id, site id, cost) table; no geometry.
ProposeRun propose_from_matrix(const ProposeRequest& r) {
  const SitingModel model = r.siting.model;
  const double threshold = r.within ? r.within->value : NAN;
  if (r.within && r.within->mode != TravelMode::cost_matrix) {
    throw UsageError("--within with --cost-matrix is a number in the matrix's units, e.g. --within 5000");
  }
  if (!r.within && !cost_model(model)) {
    throw UsageError(std::string(model_name(model)) + " with --cost-matrix needs --within: the coverage threshold in the matrix's units");
  }
  const DemandSource& d = r.sources.demand;
  if (d.path.empty()) throw UsageError("--cost-matrix needs --demand: a table of demand ids (and weights)");
  if (r.demand_id_field.empty()) throw UsageError("--cost-matrix needs --demand-id-field: the id column of --demand");

  ProposeRun run;
  run.table = true;
  StageClock clock;
  StageTimings& timings = run.info.timings;
  run.info.threads = parallel_threads();
  const io::WeightedIds demand = io::read_weighted_ids(d.path, d.layer, r.demand_id_field, d.population_field);
  if (demand.id.empty()) throw InputError(d.path + ": the demand table holds no rows (a header line only)");
  const io::CostMatrix m = io::read_cost_matrix(r.cost_matrix, r.demand_id_field, r.site_id_field, r.cost_field, demand.id);
  if (m.cost.empty()) {
    throw InputError(r.cost_matrix + ": no row names a demand id of " + d.path + " (field '" + r.demand_id_field + "')" +
                     (m.unknown_demand_examples.empty() ? "" : "; the matrix names e.g. " + examples(m.unknown_demand_examples)));
  }

  // Existing sites: ids given, and the ids of the facility sources; they stay open.
  const std::vector<std::string> listed = io::read_id_list(r.existing_ids, r.site_id_field);
  std::unordered_set<std::string> existing(listed.begin(), listed.end());
  for (const FacilitySource& s : r.sources.facilities) {
    const std::string field = s.id_field.empty() ? r.site_id_field : s.id_field;
    for (std::string& id : io::read_weighted_ids(s.path, s.layer, field, "").id) existing.insert(std::move(id));
  }
  const Id n_sites = static_cast<Id>(m.site_ids.size());
  std::vector<std::uint8_t> fixed(n_sites, 0), candidate(n_sites, 1);
  std::size_t n_existing = 0;
  std::unordered_set<std::string> in_matrix;
  for (Id s = 0; s < n_sites; ++s) {
    in_matrix.insert(m.site_ids[s]);
    if (existing.count(m.site_ids[s])) {
      fixed[s] = 1, candidate[s] = 0;
      ++n_existing;
    }
  }
  std::vector<std::string> absent;
  for (const std::string& e : existing) {
    if (!in_matrix.count(e)) absent.push_back(e);
  }
  std::sort(absent.begin(), absent.end());

  const double largest = *std::max_element(m.cost.begin(), m.cost.end());
  const double horizon = cost_horizon(model, threshold, largest);
  timings.add("load", clock.lap());
  std::vector<double> exact;
  SitingInput in = siting_input(reach_from_pairs(n_sites, static_cast<Id>(demand.id.size()), m.site, m.demand, m.cost,
                                                 horizon, &exact),
                                demand.weight, std::move(fixed), std::move(candidate));
  SitingResult s = solve_siting(in, r.siting);
  exact_cost_objectives(in, [&](Id, Id k) { return exact[k]; }, model, s);
  if (cost_model(model) && r.within) covered_within_threshold(in, s, threshold);
  const double elapsed = clock.lap();
  timings.add("reach", std::max(0.0, elapsed - s.seconds));
  timings.add("solve", s.seconds);

  if (m.rows_unknown_demand > 0) {
    run.notes.push_back(std::to_string(m.rows_unknown_demand) + " matrix rows name demand ids not in " + d.path +
                        " and were left out (e.g. " + examples(m.unknown_demand_examples) + ")");
  }
  if (!absent.empty()) {
    if (absent.size() > 10) absent.resize(10);
    run.notes.push_back("existing sites that no matrix row names (they reach nobody): " + examples(absent));
  }
  if (cost_model(model)) {
    run.notes.push_back(r.within ? "costs are seen up to " + std::to_string(cost_horizon_factor).substr(0, 3) +
                                       " x --within; a pair beyond, or missing from the matrix, is unreachable"
                                 : "without --within every pair in the matrix counts; a pair missing from it is unreachable");
  }
  run.result.siting = std::move(s);
  run.site_ids = m.site_ids;
  run.demand_ids = demand.id;
  run.matrix_rows = m.rows;
  run.result.existing = n_existing;
  run.result.candidates = n_sites - n_existing;

  ProposeRunInfo& info = run.info;
  info.command_line = r.command_line;
  info.model = model_name(model);
  info.category = r.category;
  info.mode = "cost matrix " + r.cost_matrix;
  if (r.within) info.within = *r.within;
  info.has_within = r.within.has_value();
  info.horizon = horizon;
  info.candidates = std::to_string(n_sites) + " sites in the matrix, " + std::to_string(n_existing) + " of them existing";
  return run;
}

// The per-district minimums cannot be met: which districts lack candidates, or how far the
// needs exceed --add.
[[noreturn]] void throw_unmet_minimums(const ProposeResult& res, const Districts& d, const ProposeRequest& r) {
  std::vector<std::string> short_of;
  for (Id g = 0; g < d.size(); ++g) {
    const std::uint32_t need = res.group_min > res.group_existing[g] ? res.group_min - res.group_existing[g] : 0;
    if (need > res.group_candidates[g]) {
      short_of.push_back(d.name[g] + " (" + std::to_string(res.group_existing[g]) + " existing, " +
                         std::to_string(res.group_candidates[g]) + " candidate" + (res.group_candidates[g] == 1 ? "" : "s") + ")");
    }
  }
  const std::string what = "--min-per-district " + std::to_string(res.group_min) + ": ";
  if (!short_of.empty()) {
    const std::size_t n = short_of.size();
    if (short_of.size() > 10) short_of.resize(10);
    throw InputError(what + std::to_string(n) + " district" + (n == 1 ? "" : "s") + " of " + d.source +
                     " cannot have that many sites, too few candidates lie in them: " + examples(short_of) +
                     (n > 10 ? ", ..." : ""));
  }
  throw UsageError(what + "the districts need " + std::to_string(res.group_need) + " new sites, more than --add " +
                   std::to_string(r.siting.add) + "; add at least " + std::to_string(res.group_need) +
                   ", or ask for fewer per district");
}

// The checks of a run with geometry, before anything is read; its coverage threshold.
Threshold check_geometry(const ProposeRequest& r) {
  const TravelMode mode = r.sources.load.mode;
  validate(r.network);
  if (r.category.empty()) throw UsageError("--category names the category to site, e.g. --category fitness");
  if (r.sources.facilities.empty()) throw UsageError("propose needs --facilities (the existing sites) or --cost-matrix");
  if (r.candidates == CandidateKind::none) {
    throw UsageError("give candidate sites with --candidates SRC, --candidates roads or --candidate-grid 200m (one of them)");
  }
  if (r.candidates == CandidateKind::grid && !(r.candidate_grid_m > 0)) throw UsageError("--candidate-grid must be positive metres");
  if (!r.candidate_capacity_field.empty() && r.candidates != CandidateKind::source) {
    throw UsageError("--candidate-capacity-field reads a field of --candidates SRC; generated candidates (a grid, road "
                     "junctions) have none, and serve without limit");
  }
  const Threshold within = r.within ? *r.within : resolve_threshold("gb15", mode, r.network.walk_speed_mps);
  if (within.mode != mode) throw UsageError("--within '" + within.text + "' was resolved for another travel mode");
  return within;
}

// A run with geometry up to its model: the inputs loaded, the candidates made, the model's
// options. With `plan`: in the plan's CRS; a `shard` of it also with the plan's districts (which
// say what it owns) and the demand within `demand_bounds` (empty: all).
struct Prepared {
  ProposeRun run;
  ProposeOptions options;
  std::optional<RoadGraph> graph;
  bool network = false;
  Threshold within;
  std::string candidates_text;
};

Prepared prepare(const ProposeRequest& r, StageClock& clock, const ShardPlan* plan = nullptr, bool shard = false,
                 const std::vector<double>& demand_bounds = {}, const std::vector<double>& road_bounds = {},
                 const std::string& plan_dir = {}, Id shard_index = invalid_id) {
  Prepared p;
  const TravelMode mode = r.sources.load.mode;
  const bool network = mode == TravelMode::walk || mode == TravelMode::drive;
  p.network = network;
  const Threshold within = check_geometry(r);
  p.within = within;
  LoadOptions load = r.sources.load;
  if (network) load.walk_speed_mps = r.network.walk_speed_mps;
  if (r.candidates == CandidateKind::roads && !network) load.mode = TravelMode::walk;  // roads for their junctions only
  load.categories = {r.category};
  if (plan) {
    if (!load.metric_crs.empty() && load.metric_crs != plan->crs) {
      throw UsageError("--crs " + load.metric_crs + ": the shard plan computes in " + plan->crs);
    }
    load.metric_crs = plan->crs;
    if (shard) {  // the plan's districts, for what the shard owns; the demand within its bounds
      load.districts_path = plan->districts_path;
      load.districts_layer = plan->districts_layer;
      load.district_name_field = plan->district_name_field;
      load.demand_bounds = demand_bounds;
      load.road_bounds = road_bounds;
      // Its OSM files from their extracts, if cut: the facilities' always, the roads' and the
      // demand's where they are read within bounds (not for a grid of candidates or the roads'
      // junctions, which need them whole).
      std::vector<std::string> paths;
      for (const FacilitySource& f : r.sources.facilities) paths.push_back(f.path);
      if (network && !road_bounds.empty()) paths.push_back(load.roads.path);
      if (!demand_bounds.empty()) paths.push_back(r.sources.demand.path);
      auto whole = [&](const std::string& path) { paths.erase(std::remove(paths.begin(), paths.end(), path), paths.end()); };
      if (demand_bounds.empty()) whole(r.sources.demand.path);
      if (network && road_bounds.empty()) whole(load.roads.path);
      if (r.candidates == CandidateKind::roads) whole(load.roads.path);
      std::vector<double> boxes = demand_bounds;
      boxes.insert(boxes.end(), road_bounds.begin(), road_bounds.end());
      detail::use_osm_extracts(plan_dir, *plan, shard_index, paths, boxes, load);
    }
  }

  // Facility sources: the existing ones, competitors and candidates, all of the category.
  std::vector<FacilitySource> sources = r.sources.facilities;
  for (FacilitySource& s : sources) {
    if (!is_osm_source(s.path) && s.category_field.empty()) s.category = r.category;
    if (!r.capacity_field.empty()) {
      if (is_osm_source(s.path)) {
        throw UsageError("--capacity-field " + r.capacity_field + ": " + s.path +
                         " is OpenStreetMap data, which has no capacity field; give the existing facilities as a "
                         "table or layer with one (or leave their capacity unlimited)");
      }
      s.numeric_fields.push_back(r.capacity_field);
      s.nonnegative_fields.push_back(r.capacity_field);
    }
  }
  if (!r.competitors.path.empty()) {
    FacilitySource c = r.competitors;
    c.status = FacilityStatus::competitor;
    if (!is_osm_source(c.path)) c.category = r.category;
    sources.push_back(c);
  }
  if (r.candidates == CandidateKind::source) {
    FacilitySource c = r.candidate_source;
    c.category = r.category;
    c.category_field.clear(), c.category_map.clear();
    c.status = FacilityStatus::candidate;
    if (!r.candidate_cost_field.empty()) c.numeric_fields.push_back(r.candidate_cost_field);
    if (!r.candidate_capacity_field.empty()) {
      c.numeric_fields.push_back(r.candidate_capacity_field);
      c.nonnegative_fields.push_back(r.candidate_capacity_field);
    }
    sources.push_back(c);
  }

  ProposeRun& run = p.run;
  StageTimings& timings = run.info.timings;
  run.info.threads = parallel_threads();
  // With a census, the weight may be one of the weights it gives (elderly, aged65), not a field.
  DemandSource demand = r.sources.demand;
  std::string census_weight;
  if (!demand.census.path.empty() && (demand.population_field == "elderly" || demand.population_field == "aged65")) {
    census_weight = demand.population_field;
    demand.population_field.clear();
  }
  run.inputs = load_inputs(sources, demand, load);
  timings.add("load", clock.lap());
  Inputs& in = run.inputs;
  if (!census_weight.empty()) {
    const auto it = in.demand.attributes.find(census_weight);
    if (it == in.demand.attributes.end()) {
      throw InputError("--weight-field " + census_weight + ": the census " + demand.census.path + " has no column of residents aged " +
                       (census_weight == "elderly" ? "60+" : "65+") + " (name it with --census-aged" +
                       (census_weight == "elderly" ? "60" : "65") + "-field)");
    }
    for (double w : it->second) {
      if (std::isnan(w)) {
        throw InputError("--weight-field " + census_weight + ": some rows of the census " + demand.census.path +
                         " have no value for it");
      }
    }
    in.demand.weight = it->second;
    in.population_basis = census_weight + " (residents aged " + (census_weight == "elderly" ? "60+" : "65+") +
                          ") as the weight, from the " + in.population_basis;
    if (!in.population_basis_zh.empty()) {
      in.population_basis_zh = std::string(census_weight == "elderly" ? "60岁及以上" : "65岁及以上") + "人口为权重，来自" +
                               in.population_basis_zh;
    }
  }
  const CategoryId cat = in.categories.find(r.category);
  std::optional<RoadGraph>& graph = p.graph;
  if (network || r.candidates == CandidateKind::roads) {
    graph = build_road_graph(in.roads);
    timings.add("graph", clock.lap());
  }
  std::string& candidates_text = p.candidates_text;
  candidates_text = r.candidate_source.path;
  if (r.candidates == CandidateKind::grid) {
    // Sized before it is made: a grid of a metre over a city is a hundred million sites.
    const double cells = grid_candidate_count(in.demand, r.candidate_grid_m);
    if (cells > max_grid_candidates) {
      const double at_least = std::ceil(r.candidate_grid_m * std::sqrt(cells / max_grid_candidates));
      throw UsageError("--candidate-grid " + shortest(r.candidate_grid_m) + "m: " + thousands(cells) +
                       " cells over the demand's extent, more than " + thousands(max_grid_candidates) +
                       " candidate sites; choose a cell of at least " + thousands(at_least) + " m");
    }
    std::vector<double> x, y;
    grid_candidates(in.demand, r.candidate_grid_m, x, y);
    append_candidates(in.facilities, cat, x, y, "grid/");
    char cell[32];
    std::snprintf(cell, sizeof cell, "%gm", r.candidate_grid_m);
    candidates_text = std::string("a ") + cell + " grid over the demand's extent (" + std::to_string(x.size()) + " cells)";
  } else if (r.candidates == CandidateKind::roads) {
    std::vector<double> x, y;
    junction_candidates(*graph, x, y);
    append_candidates(in.facilities, cat, x, y, "junction/");
    candidates_text = "road junctions and dead ends of " + in.roads_source + " (" + std::to_string(x.size()) + ")";
  }

  ProposeOptions& o = p.options;
  o.category = cat;
  o.siting = r.siting;
  o.within = within;
  o.access_speed_mps = network ? in.walk_speed_mps : r.network.walk_speed_mps;
  o.max_snap_m = r.network.max_snap_m;
  o.capacity_attribute = r.candidate_capacity_field;
  o.existing_capacity_attribute = r.capacity_field;
  o.places_per_person = r.places_per_person;
  o.exclusions = in.exclusions;
  if (r.min_per_district > 0 && !shard) {  // (a shard computes Reach rows: the minimums are the solve's)
    if (in.districts.size() == 0) throw InputError(r.sources.load.districts_path + ": no district polygon");
    o.facility_group = assign_to_districts(in.districts, in.facilities.x_m, in.facilities.y_m);
    for (Id& g : o.facility_group)
      if (g == outside_districts) g = invalid_id;
    o.group_count = in.districts.size();
    o.group_min = r.min_per_district;
  }
  timings.add("candidates", clock.lap());  // generated candidates, districts
  return p;
}

// The run's record once the model ran (or the minimums were found unmet: refused here).
void finish(Prepared& p, const ProposeRequest& r) {
  ProposeRun& run = p.run;
  const Inputs& in = run.inputs;
  if (run.result.groups_unmet) throw_unmet_minimums(run.result, in.districts, r);
  for (Id f : run.result.site_facility) run.site_ids.push_back(in.facilities.source_id[f]);

  ProposeRunInfo& info = run.info;
  info.command_line = r.command_line;
  info.model = model_name(r.siting.model);
  info.category = r.category;
  info.mode = to_string(p.network ? r.sources.load.mode : TravelMode::distance);
  info.within = p.within;
  info.horizon = cost_horizon(r.siting.model, p.within.value, NAN);
  info.candidates = p.candidates_text;
  info.candidate_capacity_field = r.candidate_capacity_field;
  info.capacity_field = r.capacity_field;
  info.places_per_person = r.places_per_person;
}

// The checks of every request, before anything is read.
void check_request(const ProposeRequest& r) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  check_siting(r.siting);
  if (r.min_per_district > 0 && !r.cost_matrix.empty()) {
    throw UsageError("--min-per-district needs the sites' positions, which a --cost-matrix does not have");
  }
  if (r.min_per_district > 0 && r.sources.load.districts_path.empty()) {
    throw UsageError("--min-per-district needs --districts (the polygons of the districts each must have its sites)");
  }
  const bool capacitated = !r.candidate_capacity_field.empty() || !r.capacity_field.empty();
  if (capacitated && r.siting.model != SitingModel::mclp && r.siting.model != SitingModel::pmedian) {
    throw UsageError(std::string("capacities (--candidate-capacity-field, --capacity-field) apply to mclp and pmedian, not ") +
                     model_name(r.siting.model));
  }
  if (!(r.places_per_person > 0 && std::isfinite(r.places_per_person))) {
    throw UsageError("--places-per-person must be a positive number, e.g. 0.04 (beds per person aged 60+)");
  }
  if (r.places_per_person != 1.0 && !capacitated) {
    throw UsageError("--places-per-person converts capacities: give --candidate-capacity-field or --capacity-field");
  }
  if (capacitated && !r.cost_matrix.empty()) {
    throw UsageError("--candidate-capacity-field and --capacity-field read the sites' sources, which a --cost-matrix run "
                     "does not have");
  }
}

// The plan of a split run: with the sites' positions.
ShardPlan plan_for(const ProposeRequest& r, const std::string& plan_dir) {
  if (!r.cost_matrix.empty()) {
    throw UsageError("--shard: propose is split by district with the sites' positions, not from a --cost-matrix");
  }
  return io::read_shard_plan(plan_dir);
}

// The coverage threshold within the plan's halo, before any work; a time on the network at
// `top_speed_mps` (a shard's fastest road, once read; 0: not checked yet).
void check_halo(const Threshold& within, const ShardPlan& plan, const std::string& plan_dir, double top_speed_mps = 0) {
  const bool timed = within.mode != TravelMode::distance && within.by_time();
  if (timed && !(top_speed_mps > 0)) return;
  const double reach = timed ? within.value * top_speed_mps : within.value;
  if (reach > plan.halo.metres * (1 + (timed ? 1e-6 : 1e-12))) {  // a speed is a float
    throw UsageError("--within " + within.text + " reaches " + shortest(timed ? std::round(reach) : reach) + " m" +
                     (timed ? " at " + shortest(top_speed_mps) + " m/s" : std::string()) + ", beyond the halo of " +
                     shortest(plan.halo.metres) + " m of the shard plan " + plan_dir + ": plan again with a wider --halo");
  }
}

}  // namespace

ProposeRun propose(const ProposeRequest& r) {
  check_request(r);
  if (!r.cost_matrix.empty()) return propose_from_matrix(r);
  StageClock clock;
  Prepared p = prepare(r, clock);
  Inputs& in = p.run.inputs;
  StageTimings& timings = p.run.info.timings;
  ProposeRun& run = p.run;
  run.result = propose_sites(in.demand, in.facilities, p.network ? &*p.graph : nullptr, p.options);
  {
    const double elapsed = clock.lap();
    timings.add("reach", std::max(0.0, elapsed - run.result.siting.seconds));  // snapping and costs, then the model
    timings.add("solve", run.result.siting.seconds);
  }
  finish(p, r);
  return std::move(p.run);
}

ProposeShard propose_shard(const ProposeRequest& r, const std::string& plan_dir, Id shard) {
  check_request(r);
  const ShardPlan plan = plan_for(r, plan_dir);
  detail::check_shard_index(plan, plan_dir, shard);
  const Threshold within = check_geometry(r);
  check_halo(within, plan, plan_dir);
  const double reach_m = cost_horizon(r.siting.model, within.value, NAN);  // in the threshold's unit
  // How far that is in metres: a time at most the halo (checked once the roads are read) times
  // the horizon's factor.
  const bool timed = within.mode != TravelMode::distance && within.by_time();
  const double reach_box_m = timed ? plan.halo.metres * (reach_m / within.value) : reach_m;
  // The demand within reach of the sites the shard owns: read within the bounds of its districts
  // grown by the reach, and again within those of its sites when one lies outside them (a site in
  // no district belongs to the nearest district's shard). A grid of candidates spans the whole
  // demand's extent: with one, the demand is read whole, so that every shard makes the same grid.
  // In walk and drive the roads too, within the same bounds grown by the snap distance; with road
  // junctions as candidates, whole (every shard finds the same junctions).
  const bool whole = r.candidates == CandidateKind::grid;
  const bool network = within.mode != TravelMode::distance;
  const Shard& sh = plan.shards[shard];
  // Its districts' boxes grown by the reach (and the snap, for the roads), and a box round each
  // site it owns outside them (x, y pairs in `outside`).
  auto grown = [&](const std::vector<double>& outside, bool demand) {
    if (demand ? whole : (!network || r.candidates == CandidateKind::roads)) return std::vector<double>{};
    const double m = reach_box_m + (demand ? 0.0 : r.network.max_snap_m);
    std::vector<double> boxes = shard_read_boxes(sh, m);
    for (std::size_t k = 0; k + 1 < outside.size(); k += 2) {
      boxes.insert(boxes.end(), {outside[k] - m, outside[k + 1] - m, outside[k] + m, outside[k + 1] + m});
    }
    return boxes;
  };
  StageClock clock;
  Prepared p = prepare(r, clock, &plan, true, grown({}, true), grown({}, false), plan_dir, shard);
  if (p.run.inputs.districts.size() != plan.district_shard.size()) {
    throw InputError("the shard plan " + plan_dir + " has " + std::to_string(plan.district_shard.size()) + " districts, " +
                     plan.districts_path + " now holds " + std::to_string(p.run.inputs.districts.size()));
  }
  ProposalSites sites = proposal_sites(p.run.inputs.demand, p.run.inputs.facilities, p.options);
  const std::vector<Id> owner = owning_shards(p.run.inputs.districts, plan.district_shard, sites.x, sites.y);
  const std::vector<double> districts = shard_read_boxes(sh, 0);
  std::vector<double> outside;
  for (Id s = 0; s < sites.x.size(); ++s) {
    if (owner[s] == shard && !in_boxes(districts, sites.x[s], sites.y[s])) outside.insert(outside.end(), {sites.x[s], sites.y[s]});
  }
  if ((!whole || network) && !outside.empty()) {
    clock = StageClock{};
    // the same facilities, so the same sites
    p = prepare(r, clock, &plan, true, grown(outside, true), grown(outside, false), plan_dir, shard);
  }
  const Demand& demand = p.run.inputs.demand;
  if (timed) {
    double top = p.run.inputs.walk_speed_mps;
    for (float v : p.run.inputs.roads.speed_mps) top = std::max(top, static_cast<double>(v));
    check_halo(within, plan, plan_dir, top);
  }

  ProposeShard out;
  out.shard = shard;
  out.shards = static_cast<Id>(plan.shards.size());
  out.demand_points = demand.size();
  out.facility_count = p.run.inputs.facilities.size();
  out.site_count = static_cast<Id>(sites.x.size());
  out.reach_m = reach_m;
  out.osm_extracts = p.run.inputs.osm_extracts;
  std::vector<double> ox, oy;
  for (Id s = 0; s < sites.x.size(); ++s) {
    if (owner[s] != shard) continue;
    out.sites.push_back(s);
    ox.push_back(sites.x[s]), oy.push_back(sites.y[s]);
  }
  std::vector<Id> unsnapped;  // (the solve finds the candidates without a road)
  const Reach rows = proposal_reach(ox, oy, demand, p.graph ? &*p.graph : nullptr, p.options, {}, unsnapped);
  // The points the rows reach, numbered in the shard's demand order (the run's, a subset keeping it).
  std::vector<Id> index_of(demand.size(), invalid_id);
  for (Id k = 0; k < rows.size(); ++k) index_of[rows.demand[k]] = 0;
  for (Id d = 0; d < demand.size(); ++d) {
    if (index_of[d] == invalid_id) continue;
    index_of[d] = static_cast<Id>(out.x.size());
    out.x.push_back(demand.x_m[d]), out.y.push_back(demand.y_m[d]);
  }
  out.first = rows.first;
  out.point.reserve(rows.size());
  out.cost.reserve(rows.size());
  for (Id k = 0; k < rows.size(); ++k) {
    out.point.push_back(index_of[rows.demand[k]]);
    out.cost.push_back(rows.cost[k]);
  }
  return out;
}

ProposeRun solve_propose_shards(const ProposeRequest& r, const std::string& plan_dir, const std::vector<ProposeShard>& shards) {
  check_request(r);
  const ShardPlan plan = plan_for(r, plan_dir);
  check_halo(check_geometry(r), plan, plan_dir);
  StageClock clock;
  Prepared p = prepare(r, clock, &plan);
  const Inputs& in = p.run.inputs;
  const std::vector<const ProposeShard*> by_index = detail::shards_by_index(shards, plan, plan_dir);
  ProposalSites sites = proposal_sites(in.demand, in.facilities, p.options);
  if (sites.result.groups_unmet) {
    p.run.result = std::move(sites.result);
    finish(p, r);  // throws, naming the districts
  }
  const Id n = in.demand.size();
  const auto n_sites = static_cast<Id>(sites.x.size());
  const double reach_m = cost_horizon(r.siting.model, p.within.value, NAN);
  for (const ProposeShard* s : by_index) {
    if (s->facility_count != in.facilities.size() || s->site_count != n_sites || s->reach_m != reach_m) {
      throw InputError("shard " + std::to_string(s->shard) + " was run on other inputs: " + std::to_string(s->facility_count) +
                       " facilities, " + std::to_string(s->site_count) + " sites, rows to " + shortest(s->reach_m) +
                       " m; here " + std::to_string(in.facilities.size()) + ", " + std::to_string(n_sites) + " and " +
                       shortest(reach_m) + " m");
    }
  }
  // Each site's row from the shard that owns it; every site once.
  std::vector<const ProposeShard*> row_shard(n_sites, nullptr);
  std::vector<Id> row_of(n_sites, invalid_id);
  for (const ProposeShard* s : by_index) {
    for (Id k = 0; k < s->sites.size(); ++k) {
      const Id site = s->sites[k];
      if (site >= n_sites) throw InputError("shard " + std::to_string(s->shard) + ": site " + std::to_string(site) + " is not one of the run's");
      if (row_shard[site]) {
        throw InputError("site " + in.facilities.source_id[sites.result.site_facility[site]] + " is owned by two shards (" +
                         std::to_string(row_shard[site]->shard) + " and " + std::to_string(s->shard) + ")");
      }
      row_shard[site] = s, row_of[site] = k;
    }
  }
  for (Id site = 0; site < n_sites; ++site) {
    if (!row_shard[site]) {
      throw InputError("site " + in.facilities.source_id[sites.result.site_facility[site]] + " is owned by no shard");
    }
  }
  // Each shard's points among all of them: they come in the run's demand order (a subset keeps
  // it), so one walk along the run's points finds them by their coordinates.
  std::vector<std::vector<Id>> global(by_index.size());
  for (const ProposeShard* s : by_index) {
    std::vector<Id>& g = global[s->shard];
    Id at = 0;
    for (std::size_t k = 0; k < s->x.size(); ++k) {
      while (at < n && !(in.demand.x_m[at] == s->x[k] && in.demand.y_m[at] == s->y[k])) ++at;
      if (at == n) {
        throw InputError("shard " + std::to_string(s->shard) + ": its point at (" + shortest(s->x[k]) + ", " + shortest(s->y[k]) +
                         ") is not a demand point of this run (were the shards run on other inputs?)");
      }
      g.push_back(at++);
    }
  }
  Reach reach;
  reach.n_sites = n_sites;
  reach.n_demand = n;
  reach.threshold = reach_m;
  reach.unit = p.within.mode != TravelMode::distance && p.within.by_time() ? CostUnit::seconds : CostUnit::metres;
  reach.first.assign(std::size_t(n_sites) + 1, 0);
  for (Id site = 0; site < n_sites; ++site) {
    const ProposeShard& s = *row_shard[site];
    const Id k = row_of[site];
    reach.first[site + 1] = reach.first[site] + (s.first[k + 1] - s.first[k]);
  }
  reach.demand.reserve(reach.first.back());
  reach.cost.reserve(reach.first.back());
  for (Id site = 0; site < n_sites; ++site) {
    const ProposeShard& s = *row_shard[site];
    const std::vector<Id>& g = global[s.shard];
    for (Id j = s.first[row_of[site]]; j < s.first[row_of[site] + 1]; ++j) {
      reach.demand.push_back(g[s.point[j]]);
      reach.cost.push_back(s.cost[j]);
    }
  }
  sites.input.reach = std::move(reach);
  if (p.within.mode != TravelMode::distance) {  // the candidates without a road, on the whole network
    for (Id s : unsnapped_sites(sites.x, sites.y, *p.graph, p.options, sites.input.candidate)) {
      sites.result.candidates_unsnapped.push_back(sites.result.site_facility[s]);
    }
  }
  StageTimings& timings = p.run.info.timings;
  timings.add("merge", clock.lap());
  p.run.result = solve_proposal(std::move(sites), in.demand, p.options);
  timings.add("solve", clock.lap());
  finish(p, r);
  return std::move(p.run);
}

}  // namespace lc::api
