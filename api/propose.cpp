#include "api/propose.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "algorithms/district_assign.hpp"
#include "algorithms/propose.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/siting.hpp"
#include "algorithms/threads.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/read_tables.hpp"

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

}  // namespace

ProposeRun propose(const ProposeRequest& r) {
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
  if (!r.cost_matrix.empty()) return propose_from_matrix(r);

  const TravelMode mode = r.sources.load.mode;
  const bool network = mode == TravelMode::walk || mode == TravelMode::drive;
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

  LoadOptions load = r.sources.load;
  if (network) load.walk_speed_mps = r.network.walk_speed_mps;
  if (r.candidates == CandidateKind::roads && !network) load.mode = TravelMode::walk;  // roads for their junctions only
  load.categories = {r.category};

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

  ProposeRun run;
  StageClock clock;
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
  std::optional<RoadGraph> graph;
  if (network || r.candidates == CandidateKind::roads) {
    graph = build_road_graph(in.roads);
    timings.add("graph", clock.lap());
  }
  std::string candidates_text = r.candidate_source.path;
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

  ProposeOptions o;
  o.category = cat;
  o.siting = r.siting;
  o.within = within;
  o.access_speed_mps = network ? in.walk_speed_mps : r.network.walk_speed_mps;
  o.max_snap_m = r.network.max_snap_m;
  o.capacity_attribute = r.candidate_capacity_field;
  o.existing_capacity_attribute = r.capacity_field;
  o.places_per_person = r.places_per_person;
  o.exclusions = in.exclusions;
  if (r.min_per_district > 0) {
    if (in.districts.size() == 0) throw InputError(r.sources.load.districts_path + ": no district polygon");
    o.facility_group = assign_to_districts(in.districts, in.facilities.x_m, in.facilities.y_m);
    for (Id& g : o.facility_group)
      if (g == outside_districts) g = invalid_id;
    o.group_count = in.districts.size();
    o.group_min = r.min_per_district;
  }
  timings.add("candidates", clock.lap());  // generated candidates, districts
  run.result = propose_sites(in.demand, in.facilities, network ? &*graph : nullptr, o);
  {
    const double elapsed = clock.lap();
    timings.add("reach", std::max(0.0, elapsed - run.result.siting.seconds));  // snapping and costs, then the model
    timings.add("solve", run.result.siting.seconds);
  }
  if (run.result.groups_unmet) throw_unmet_minimums(run.result, in.districts, r);
  for (Id f : run.result.site_facility) run.site_ids.push_back(in.facilities.source_id[f]);

  ProposeRunInfo& info = run.info;
  info.command_line = r.command_line;
  info.model = model_name(r.siting.model);
  info.category = r.category;
  info.mode = to_string(network ? mode : TravelMode::distance);
  info.within = within;
  info.horizon = cost_horizon(r.siting.model, within.value, NAN);
  info.candidates = candidates_text;
  info.candidate_capacity_field = r.candidate_capacity_field;
  info.capacity_field = r.capacity_field;
  info.places_per_person = r.places_per_person;
  return run;
}

}  // namespace lc::api
