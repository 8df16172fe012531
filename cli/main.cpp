// lifecircle: one binary with subcommands. Parses options, calls the library, prints, and maps
// errors to the documented exit codes.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "algorithms/compliance.hpp"
#include "algorithms/coverage.hpp"
#include "algorithms/isochrone.hpp"
#include "algorithms/propose.hpp"
#include "algorithms/network_coverage.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/service_area.hpp"
#include "core/within.hpp"
#include "io/error.hpp"
#include "io/layers.hpp"
#include "io/read_inputs.hpp"
#include "io/read_tables.hpp"
#include "io/rules.hpp"
#include "io/write_check.hpp"
#include "io/write_coverage.hpp"
#include "io/write_isochrones.hpp"
#include "io/write_propose.hpp"

namespace {

// Exit codes: documented in README.md; only ever appended to.
enum class ExitCode : int {
  ok = 0,
  check_failed = 1,  // `check`: a rule fails overall or in a district
  usage = 2,
  input_data = 3,
  internal = 4,
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

using lc::thousands;

struct CoverageArgs {
  lc::io::FacilitySource facilities;      // the layer and category options; path: the first source
  std::vector<std::string> facility_paths;  // --facilities, once or more
  lc::io::DemandSource demand;
  lc::io::LoadOptions load;
  std::string categories;
  std::string within = "gb15";
  double speed_mps = lc::default_walk_speed_mps;
  std::string mode = "distance";
  double max_snap_m = 250.0;
  double buffer_m = 40.0;
  std::string surface;  // cell size, e.g. "50m"; empty: no travel-time surface
  std::string out;
};

// The --surface cell size in metres (0: none).
double surface_cell(const std::string& text, bool network) {
  if (text.empty()) return 0.0;
  if (!network) throw lc::io::UsageError("--surface needs --mode walk or drive");
  lc::Within w;
  try {
    w = lc::parse_within(text);
  } catch (const std::invalid_argument& e) {
    throw lc::io::UsageError(std::string("--surface: ") + e.what());
  }
  if (w.kind == lc::Within::Kind::minutes) throw lc::io::UsageError("--surface takes a cell size in metres, e.g. 50m");
  return w.value;
}

// Travel minutes to the nearest facility of each category over the demand's extent.
std::vector<lc::io::SurfaceOutput> travel_time_surfaces(const lc::RoadGraph& graph, const lc::io::Inputs& in,
                                                        const std::vector<lc::Snap>& facility_snaps, double cell_m,
                                                        double max_snap_m) {
  std::vector<lc::io::SurfaceOutput> out;
  if (cell_m <= 0) return out;
  const auto [min_x, max_x] = std::minmax_element(in.demand.x_m.begin(), in.demand.x_m.end());
  const auto [min_y, max_y] = std::minmax_element(in.demand.y_m.begin(), in.demand.y_m.end());
  const double cells = (*max_x - *min_x) / cell_m * ((*max_y - *min_y) / cell_m);
  if (cells > 5e7) throw lc::io::UsageError("--surface: " + std::to_string(static_cast<long long>(cells)) + " cells; choose a larger cell");
  for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
    std::vector<lc::Snap> sites;
    for (lc::Id f : in.facilities.of_category(c)) sites.push_back(facility_snaps[f]);
    out.push_back({in.categories.names[c], lc::travel_time_surface(graph, sites, *min_x, *min_y, *max_x, *max_y, cell_m,
                                                                   max_snap_m, in.walk_speed_mps)});
  }
  return out;
}

// One FacilitySource per --facilities path. OSM extracts are mapped by their tags; the layer and
// category options apply to the other sources.
std::vector<lc::io::FacilitySource> facility_sources(const CoverageArgs& a) {
  std::vector<lc::io::FacilitySource> out;
  for (const std::string& path : a.facility_paths) {
    lc::io::FacilitySource s = a.facilities;
    s.path = path;
    if (lc::io::is_osm_source(path)) s.layer.clear(), s.category.clear(), s.category_field.clear(), s.category_map.clear();
    out.push_back(s);
  }
  return out;
}

lc::TravelMode parse_mode(const std::string& text) {
  if (text == "distance") return lc::TravelMode::distance;
  if (text == "walk") return lc::TravelMode::walk;
  if (text == "drive") return lc::TravelMode::drive;
  throw lc::io::UsageError("--mode '" + text + "': use distance, walk or drive");
}

// Network limits for each category: minutes become a time limit, metres a distance limit.
lc::NetworkCategoryLimit network_limit(lc::CategoryId c, const lc::Within& w) {
  if (w.kind == lc::Within::Kind::minutes) return {c, lc::Weight::time, static_cast<float>(w.value * 60.0)};
  return {c, lc::Weight::length, static_cast<float>(w.value)};
}

int run_coverage(const CoverageArgs& a, const std::string& command_line) {
  std::vector<lc::CategoryWithin> within;
  try {
    within = lc::parse_within_list(a.within);
  } catch (const std::invalid_argument& e) {
    throw lc::io::UsageError(std::string("--within: ") + e.what());
  }
  if (!(a.speed_mps > 0)) throw lc::io::UsageError("--speed must be a positive number of metres per second");
  lc::io::LoadOptions load = a.load;
  load.categories = split_list(a.categories);
  load.mode = parse_mode(a.mode);
  const bool network = load.mode != lc::TravelMode::distance;
  if (network) load.walk_speed_mps = a.speed_mps;
  if (!(a.max_snap_m > 0)) throw lc::io::UsageError("--max-snap must be a positive number of metres");
  const double surface_cell_m = surface_cell(a.surface, network);
  for (const auto& w : within) {
    if (!w.category.empty() && !load.categories.empty() &&
        std::find(load.categories.begin(), load.categories.end(), w.category) == load.categories.end()) {
      throw lc::io::UsageError("--within names category '" + w.category + "', which --categories does not list");
    }
  }

  const std::vector<lc::io::FacilitySource> sources = facility_sources(a);
  const lc::io::Inputs in = lc::io::load_inputs(sources, a.demand, load);

  lc::CoverageOptions options;
  lc::io::CoverageRunInfo info;
  info.command_line = command_line;
  info.facility_sources = sources;
  info.demand_source = a.demand;
  info.load_options = load;
  info.speed_mps = a.speed_mps;
  info.mode = a.mode;
  const lc::Within fallback = lc::parse_within("gb15");
  std::vector<lc::Within> thresholds;
  for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
    const lc::Within w = lc::within_for(within, in.categories.names[c], fallback);
    thresholds.push_back(w);
    options.categories.push_back({c, w.radius_m(a.speed_mps)});
    info.within_text.push_back(w.text);
  }
  lc::CoverageResult result;
  std::vector<lc::ServiceArea> areas;
  std::vector<lc::io::SurfaceOutput> surfaces;
  if (!network) {
    result = lc::compute_coverage(in.demand, in.facilities, options);
    for (const auto& c : result.categories) {
      areas.push_back(lc::dissolve_circles(in.facilities, c.facilities, c.category, c.within_m));
    }
  } else {
    const lc::RoadGraph graph = lc::build_road_graph(in.roads);
    lc::NetworkCoverageOptions nopt;
    for (lc::CategoryId c = 0; c < in.categories.size(); ++c) nopt.categories.push_back(network_limit(c, thresholds[c]));
    nopt.access_speed_mps = in.walk_speed_mps;
    nopt.max_snap_m = a.max_snap_m;
    nopt.buffer_m = a.buffer_m;
    lc::NetworkCoverage nc = lc::compute_network_coverage(graph, in.demand, in.facilities, nopt);
    surfaces = travel_time_surfaces(graph, in, nc.facility_snaps, surface_cell_m, a.max_snap_m);
    result = std::move(nc.coverage);
    areas = std::move(nc.areas);

    // The straight-line circle of the same size, for comparison: metres as they are; walking
    // minutes at the walking speed; no circle for driving minutes.
    lc::CoverageOptions circles;
    std::vector<int> circle_of(in.categories.size(), -1);
    for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
      double r = NAN;
      if (thresholds[c].kind != lc::Within::Kind::minutes) r = thresholds[c].value;
      else if (load.mode == lc::TravelMode::walk) r = thresholds[c].value * 60.0 * in.walk_speed_mps;
      info.network.circle_within_m.push_back(r);
      if (std::isfinite(r)) {
        circle_of[c] = static_cast<int>(circles.categories.size());
        circles.categories.push_back({c, r});
      }
    }
    const lc::CoverageResult circle = lc::compute_coverage(in.demand, in.facilities, circles);
    for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
      info.network.circle_share.push_back(circle_of[c] >= 0 ? circle.categories[circle_of[c]].share() : NAN);
    }
    lc::io::NetworkRunInfo& n = info.network;
    n.used = true;
    n.roads_source = in.roads_source;
    n.road_profile = load.road_profile.empty() ? "data/road_speeds.yaml" : load.road_profile;
    n.walk_speed_mps = in.walk_speed_mps;
    n.max_snap_m = a.max_snap_m;
    n.nodes = graph.node_count();
    n.segments = graph.segment_count();
    n.components = graph.component_nodes.size();
    n.largest_component_nodes = graph.largest_component == lc::invalid_id ? 0 : graph.component_nodes[graph.largest_component];
    auto ids = [](const std::vector<lc::Id>& which, const std::vector<std::string>& source) {
      std::vector<std::string> out;
      for (lc::Id i : which) out.push_back(source[i]);
      return out;
    };
    n.demand_unsnapped = ids(nc.demand_unsnapped, in.demand.source_id);
    n.demand_on_island = ids(nc.demand_on_island, in.demand.source_id);
    n.facility_unsnapped = ids(nc.facility_unsnapped, in.facilities.source_id);
    n.facility_on_island = ids(nc.facility_on_island, in.facilities.source_id);
  }
  lc::io::write_coverage_outputs(a.out, in, result, areas, info, surfaces);

  if (network) {
    std::printf("Coverage by %s along the road network, CRS %s, %s demand points\n", a.mode.c_str(), in.crs.c_str(),
                thousands(in.demand.size()).c_str());
    std::printf("Roads: %s\n", in.roads_source.c_str());
  } else {
    std::printf("Coverage by straight-line distance, CRS %s, %s demand points\n", in.crs.c_str(),
                thousands(in.demand.size()).c_str());
  }
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  std::printf("%-14s %10s %10s %14s %14s %8s%s\n", "category", "facilities", "within", "covered", "population", "share",
              network ? "   circle" : "");
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const auto& c = result.categories[k];
    char within_text[32];
    if (std::isfinite(c.within_m)) std::snprintf(within_text, sizeof within_text, "%.0f m", c.within_m);
    else std::snprintf(within_text, sizeof within_text, "%.0f min", c.within_s / 60.0);
    char circle[32] = "";
    if (network) {
      const double cs = info.network.circle_share[k];
      if (std::isfinite(cs)) std::snprintf(circle, sizeof circle, "  %6.1f%%", 100.0 * cs);
      else std::snprintf(circle, sizeof circle, "  %7s", "-");
    }
    std::printf("%-14s %10zu %10s %14s %14s %7.1f%%%s%s\n", in.categories.names[c.category].c_str(), c.facilities.size(),
                within_text, thousands(c.population_covered).c_str(), thousands(c.population_total).c_str(),
                100.0 * c.share(), circle, c.facilities.empty() ? "  (no facilities in the data)" : "");
  }
  std::printf("%-14s %10s %10s %14s %14s %7.1f%%\n", "life circle", "", "all",
              thousands(result.population_complete).c_str(), thousands(result.population_total).c_str(),
              100.0 * result.complete_share());
  if (network) {
    const auto& n = info.network;
    std::printf("\nNetwork: %s nodes, %s segments, %zu connected parts (largest %s nodes)\n", thousands(n.nodes).c_str(),
                thousands(n.segments).c_str(), n.components, thousands(n.largest_component_nodes).c_str());
    if (!n.demand_unsnapped.empty() || !n.facility_unsnapped.empty()) {
      std::printf("Beyond %.0f m of any road (unreachable): %zu demand points, %zu facilities (ids in summary.json)\n",
                  a.max_snap_m, n.demand_unsnapped.size(), n.facility_unsnapped.size());
    }
    if (!n.demand_on_island.empty() || !n.facility_on_island.empty()) {
      std::printf("On roads cut off from the main network: %zu demand points, %zu facilities (ids in summary.json)\n",
                  n.demand_on_island.size(), n.facility_on_island.size());
    }
  }
  if (!in.skipped.empty()) {
    std::printf("\nSkipped %zu features (listed in summary.json), e.g.:\n", in.skipped.size());
    for (std::size_t i = 0; i < in.skipped.size() && i < 5; ++i) {
      std::printf("  %s: %s\n", in.skipped[i].where.c_str(), in.skipped[i].reason.c_str());
    }
  }
  if (!in.notes.empty()) std::printf("\n%zu notes on the inputs in summary.json\n", in.notes.size());
  std::printf("\nWrote summary.json, demand.geojson, facilities.geojson, service_areas.geojson%s to %s\n",
              surfaces.empty() ? "" : " and travel_time_<category>.tif", a.out.c_str());
  return static_cast<int>(ExitCode::ok);
}

struct IsochroneArgs {
  CoverageArgs base;  // sources, mode, roads, speed, snapping, buffer, surface, out
  std::string breaks = "5,10,15";
  std::string merge = "dissolve";
  std::string shape = "disks";
};

int run_isochrones(const IsochroneArgs& a, const std::string& command_line) {
  const CoverageArgs& b = a.base;
  lc::io::LoadOptions load = b.load;
  load.categories = split_list(b.categories);
  load.mode = parse_mode(b.mode);
  if (load.mode == lc::TravelMode::distance) throw lc::io::UsageError("isochrones need --mode walk or drive");
  load.walk_speed_mps = b.speed_mps;
  if (a.merge != "dissolve" && a.merge != "split") throw lc::io::UsageError("--merge '" + a.merge + "': use dissolve or split");
  if (a.shape != "disks" && a.shape != "rings") throw lc::io::UsageError("--shape '" + a.shape + "': use disks or rings");
  if (!(b.max_snap_m > 0) || !(b.buffer_m > 0)) throw lc::io::UsageError("--max-snap and --buffer must be positive metres");
  // Breaks: plain numbers are minutes; all in one unit.
  std::vector<lc::Within> breaks;
  for (const std::string& item : split_list(a.breaks)) {
    const bool bare = item.find_first_not_of("0123456789. ") == std::string::npos;
    try {
      breaks.push_back(lc::parse_within(bare ? item + "min" : item));
    } catch (const std::invalid_argument& e) {
      throw lc::io::UsageError(std::string("--breaks: ") + e.what());
    }
  }
  if (breaks.empty()) throw lc::io::UsageError("--breaks: give at least one break, e.g. 5,10,15");
  const bool minutes = breaks[0].kind == lc::Within::Kind::minutes;
  std::vector<float> limits;
  std::vector<double> shown;
  for (const lc::Within& w : breaks) {
    if ((w.kind == lc::Within::Kind::minutes) != minutes) throw lc::io::UsageError("--breaks: use one unit for every break");
    limits.push_back(static_cast<float>(minutes ? w.value * 60.0 : w.value));
    shown.push_back(w.value);
  }
  if (!std::is_sorted(limits.begin(), limits.end()) || std::adjacent_find(limits.begin(), limits.end()) != limits.end()) {
    throw lc::io::UsageError("--breaks must increase");
  }
  const double surface_cell_m = surface_cell(b.surface, true);

  const lc::io::Inputs in = lc::io::load_inputs(facility_sources(b), b.demand, load);
  const lc::RoadGraph graph = lc::build_road_graph(in.roads);
  const lc::SegmentIndex index(graph);
  const std::vector<lc::Snap> demand_snaps = lc::snap_points(index, in.demand.x_m, in.demand.y_m, b.max_snap_m);
  const std::vector<lc::Snap> facility_snaps = lc::snap_points(index, in.facilities.x_m, in.facilities.y_m, b.max_snap_m);

  lc::IsochroneOptions iso;
  iso.buffer_m = b.buffer_m;
  iso.split = a.merge == "split";
  iso.shape = a.shape == "rings" ? lc::IsochroneShape::rings : lc::IsochroneShape::disks;
  const lc::NetworkCostOptions cost{minutes ? lc::Weight::time : lc::Weight::length, in.walk_speed_mps};
  std::vector<lc::io::IsochroneFeature> features;
  std::printf("Isochrones by %s, breaks %s %s, %s %s, CRS %s\n", b.mode.c_str(), a.breaks.c_str(), minutes ? "min" : "",
              a.merge.c_str(), a.shape.c_str(), in.crs.c_str());
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  std::printf("%-14s %10s %8s %14s %14s\n", "category", "facilities", "break", "population", "area km2");
  for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
    const std::vector<lc::Id> ids = in.facilities.of_category(c);
    std::vector<lc::Snap> sites;
    for (lc::Id f : ids) sites.push_back(facility_snaps[f]);
    const lc::SiteIsochrones r = lc::site_isochrones(graph, in.demand, demand_snaps, sites, limits, cost, iso);
    for (std::size_t k = 0; k < r.polygons.size(); ++k) {
      const lc::IsochronePolygon& p = r.polygons[k];
      lc::io::IsochroneFeature f;
      f.category = in.categories.names[c];
      if (p.site != lc::invalid_id) {
        f.site_id = in.facilities.source_id[ids[p.site]];
        f.site_name = in.facilities.name[ids[p.site]];
      }
      f.upper = minutes ? p.upper / 60.0 : p.upper;
      f.lower = minutes ? p.lower / 60.0 : p.lower;
      f.population = r.population[k];
      f.area_m2 = p.area_m2;
      f.wkb = p.wkb;
      features.push_back(std::move(f));
    }
    for (std::size_t k = 0; k < limits.size(); ++k) {  // totals per break over all polygons of the category
      double pop = 0, area = 0;
      for (std::size_t i = k; i < r.polygons.size(); i += limits.size()) pop += r.population[i], area += r.polygons[i].area_m2;
      std::printf("%-14s %10zu %8g %14s %14.2f\n", in.categories.names[c].c_str(), ids.size(), shown[k],
                  thousands(pop).c_str(), area / 1e6);
    }
  }
  const std::vector<lc::io::SurfaceOutput> surfaces = travel_time_surfaces(graph, in, facility_snaps, surface_cell_m, b.max_snap_m);
  lc::io::IsochroneRunInfo info;
  info.command_line = command_line;
  info.mode = b.mode;
  info.unit = minutes ? "min" : "m";
  info.breaks = shown;
  info.merge = a.merge;
  info.shape = a.shape;
  info.buffer_m = b.buffer_m;
  info.roads_source = in.roads_source;
  info.walk_speed_mps = in.walk_speed_mps;
  info.categories = in.categories.names;
  lc::io::write_isochrone_outputs(b.out, in, features, surfaces, info);
  std::printf("\nWrote isochrones.geojson (%zu polygons), summary.json%s to %s\n", features.size(),
              surfaces.empty() ? "" : " and travel_time_<category>.tif", b.out.c_str());
  return static_cast<int>(ExitCode::ok);
}

struct ProposeArgs {
  CoverageArgs base;  // sources, mode, roads, speed, snapping, --within, out
  std::string model = "mclp";
  std::string category;
  unsigned add = 0;
  double target_share = 1.0;
  std::string candidates;        // SRC, or "roads"
  std::string candidates_layer, candidate_id_field, candidate_cost_field, candidate_capacity_field;
  std::string candidate_grid;    // e.g. "200m"
  std::string exclude, exclude_layer;
  std::string competitors, competitors_layer;
  std::string weight_field;
  bool exact = false, heuristic = false;
  double time_limit_s = 60.0;
  std::string cost_matrix, demand_id_field, cost_field = "cost";  // site ids: candidate_id_field
};

// Siting with costs from any router: a (demand id, site id, cost) table; no geometry needed.
int run_propose_matrix(const ProposeArgs& a, lc::SitingModel model, const lc::SitingOptions& options,
                       const std::string& command_line) {
  const CoverageArgs& b = a.base;
  if (a.demand_id_field.empty() || a.candidate_id_field.empty()) {
    throw lc::io::UsageError("--cost-matrix needs --demand-id-field and --candidate-id-field (its columns)");
  }
  char* end = nullptr;
  const double threshold = std::strtod(b.within.c_str(), &end);
  if (end == b.within.c_str() || *end || !(threshold > 0)) {
    throw lc::io::UsageError("--within with --cost-matrix is a number in the matrix's units, e.g. --within 5000");
  }
  const std::string weight_field = a.weight_field.empty() ? b.demand.population_field : a.weight_field;
  const lc::io::WeightedIds demand = lc::io::read_weighted_ids(b.demand.path, b.demand.layer, a.demand_id_field, weight_field);
  const lc::io::CostMatrix m = lc::io::read_cost_matrix(a.cost_matrix, a.demand_id_field, a.candidate_id_field,
                                                        a.cost_field, demand.id);
  // Sites that are existing facilities (their ids in --facilities, field --candidate-id-field) stay open.
  lc::io::WeightedIds existing;
  for (const std::string& path : b.facility_paths) {
    const lc::io::WeightedIds e = lc::io::read_weighted_ids(path, b.facilities.layer, a.candidate_id_field, "");
    existing.id.insert(existing.id.end(), e.id.begin(), e.id.end());
  }
  std::vector<std::uint8_t> fixed(m.site_ids.size(), 0), candidate(m.site_ids.size(), 1);
  std::size_t n_existing = 0;
  for (std::size_t s = 0; s < m.site_ids.size(); ++s) {
    if (std::find(existing.id.begin(), existing.id.end(), m.site_ids[s]) != existing.id.end()) {
      fixed[s] = 1, candidate[s] = 0;
      ++n_existing;
    }
  }
  if (m.cost.empty()) {
    throw lc::io::InputError(a.cost_matrix + ": no row names a demand id of " + b.demand.path + " (field '" +
                             a.demand_id_field + "')");
  }
  lc::SitingInput in;
  const bool costs = model == lc::SitingModel::pmedian || model == lc::SitingModel::pcenter;
  in.reach = lc::reach_from_pairs(static_cast<lc::Id>(m.site_ids.size()), static_cast<lc::Id>(demand.id.size()), m.site,
                                  m.demand, m.cost,
                                  costs ? *std::max_element(m.cost.begin(), m.cost.end()) : threshold);
  in.weight = demand.weight;
  in.fixed = fixed;
  in.candidate = candidate;
  lc::SitingResult r = lc::solve_siting(in, options);
  if (costs) lc::covered_within_threshold(in, r, threshold);

  std::vector<std::string> notes;
  if (m.rows_unknown_demand > 0) {
    std::string ex;
    for (const auto& e : m.unknown_demand_examples) ex += (ex.empty() ? "" : ", ") + e;
    notes.push_back(std::to_string(m.rows_unknown_demand) + " matrix rows name demand ids not in " + b.demand.path +
                    " and were left out (e.g. " + ex + ")");
  }
  lc::io::ProposeRunInfo info;
  info.command_line = command_line;
  info.model = a.model;
  info.category = a.category;
  info.mode = "cost matrix " + a.cost_matrix;
  info.within = b.within;
  info.limit = threshold;
  info.candidates = std::to_string(m.site_ids.size()) + " sites in the matrix, " + std::to_string(n_existing) + " of them existing";
  lc::io::write_propose_table_outputs(b.out, r, info, m.site_ids, demand.id, notes);
  std::printf("Siting %s with the cost matrix %s (%zu rows, %zu sites, %zu existing), within %g\n", a.model.c_str(),
              a.cost_matrix.c_str(), m.rows, m.site_ids.size(), n_existing, threshold);
  std::printf("Solver: %s%s; objective %.6g (before %.6g), %.2f s\n", r.solver.c_str(),
              r.proven_optimal ? " (proven optimal)" : "", r.objective, r.objective_before, r.seconds);
  for (std::size_t k = 0; k < r.selected.size(); ++k) {
    std::printf("%5zu  %-24s %14s\n", k + 1, m.site_ids[r.selected[k]].c_str(), thousands(r.marginal[k]).c_str());
  }
  for (const auto& n : notes) std::printf("Note: %s\n", n.c_str());
  std::printf("\nWrote proposed_sites.csv, summary.json to %s\n", b.out.c_str());
  return static_cast<int>(ExitCode::ok);
}

lc::SitingModel parse_model(const std::string& m) {
  if (m == "mclp") return lc::SitingModel::mclp;
  if (m == "lscp") return lc::SitingModel::lscp;
  if (m == "pmedian") return lc::SitingModel::pmedian;
  if (m == "pcenter") return lc::SitingModel::pcenter;
  throw lc::io::UsageError("--model '" + m + "': use mclp, lscp, pmedian or pcenter");
}

int run_propose(const ProposeArgs& a, const std::string& command_line) {
  const CoverageArgs& b = a.base;
  const lc::SitingModel model = parse_model(a.model);
  if (a.category.empty()) throw lc::io::UsageError("--category names the category to site, e.g. --category fitness");
  if (model != lc::SitingModel::lscp && a.add == 0) throw lc::io::UsageError("--add K: how many new sites (" + a.model + ")");
  if (!(a.target_share > 0 && a.target_share <= 1)) throw lc::io::UsageError("--target-share must be in (0, 1]");
  if (a.exact && a.heuristic) throw lc::io::UsageError("--exact and --heuristic exclude each other");
  lc::SitingOptions siting;
  siting.model = model;
  siting.add = a.add;
  siting.target_share = a.target_share;
  siting.solver = a.exact ? lc::SitingSolver::exact : a.heuristic ? lc::SitingSolver::heuristic : lc::SitingSolver::automatic;
  siting.time_limit_s = a.time_limit_s;
  if (!a.cost_matrix.empty()) return run_propose_matrix(a, model, siting, command_line);
  const bool from_roads = a.candidates == "roads";
  if (a.candidates.empty() == a.candidate_grid.empty() && !from_roads) {
    throw lc::io::UsageError("give candidate sites with --candidates SRC, --candidates roads or --candidate-grid 200m (one of them)");
  }
  if (from_roads && !a.candidate_grid.empty()) throw lc::io::UsageError("--candidates roads and --candidate-grid exclude each other");

  lc::io::LoadOptions load = b.load;
  load.mode = parse_mode(b.mode);
  const bool network = load.mode != lc::TravelMode::distance;
  if (network) load.walk_speed_mps = b.speed_mps;
  if (from_roads && !network) load.mode = lc::TravelMode::walk;  // read roads for their junctions only
  lc::io::DemandSource demand = b.demand;
  if (!a.weight_field.empty()) demand.population_field = a.weight_field;

  // Facility sources: the existing ones, competitors and candidates, all of the category.
  std::vector<lc::io::FacilitySource> sources = facility_sources(b);
  for (lc::io::FacilitySource& s : sources) {
    if (!lc::io::is_osm_source(s.path) && s.category_field.empty()) s.category = a.category;
  }
  if (!a.competitors.empty()) {
    lc::io::FacilitySource c{a.competitors, a.competitors_layer, "", "", "", lc::FacilityStatus::competitor};
    if (!lc::io::is_osm_source(c.path)) c.category = a.category;
    sources.push_back(c);
  }
  std::string capacity_attribute;
  if (!a.candidates.empty() && !from_roads) {
    lc::io::FacilitySource c{a.candidates, a.candidates_layer, "", "", a.category, lc::FacilityStatus::candidate};
    c.id_field = a.candidate_id_field;
    if (!a.candidate_cost_field.empty()) c.numeric_fields.push_back(a.candidate_cost_field);
    if (!a.candidate_capacity_field.empty()) {
      c.numeric_fields.push_back(a.candidate_capacity_field);
      capacity_attribute = a.candidate_capacity_field;
    }
    sources.push_back(c);
  }
  load.categories = {a.category};
  if (!a.exclude.empty()) load.exclude.push_back({a.exclude, a.exclude_layer});

  std::vector<lc::CategoryWithin> within;
  try {
    within = lc::parse_within_list(b.within);
  } catch (const std::invalid_argument& e) {
    throw lc::io::UsageError(std::string("--within: ") + e.what());
  }
  const lc::Within w = lc::within_for(within, a.category, lc::parse_within("gb15"));

  lc::io::Inputs in = lc::io::load_inputs(sources, demand, load);
  const lc::CategoryId cat = in.categories.find(a.category);
  std::optional<lc::RoadGraph> graph;
  if (network || from_roads) graph = lc::build_road_graph(in.roads);
  std::string candidates_text = a.candidates;
  if (!a.candidate_grid.empty()) {
    const double cell = surface_cell(a.candidate_grid, true);
    std::vector<double> x, y;
    lc::grid_candidates(in.demand, cell, x, y);
    lc::append_candidates(in.facilities, cat, x, y, "grid/");
    candidates_text = "a " + a.candidate_grid + " grid over the demand's extent (" + std::to_string(x.size()) + " cells)";
  } else if (from_roads) {
    std::vector<double> x, y;
    lc::junction_candidates(*graph, x, y);
    lc::append_candidates(in.facilities, cat, x, y, "junction/");
    candidates_text = "road junctions and dead ends of " + in.roads_source + " (" + std::to_string(x.size()) + ")";
  }

  lc::ProposeOptions o;
  o.category = cat;
  o.siting = siting;
  o.mode = network ? load.mode : lc::TravelMode::distance;
  o.by_time = network && w.kind == lc::Within::Kind::minutes;
  o.limit = o.by_time ? w.value * 60.0 : w.radius_m(b.speed_mps);
  o.access_speed_mps = network ? in.walk_speed_mps : b.speed_mps;
  o.max_snap_m = b.max_snap_m;
  o.capacity_attribute = capacity_attribute;
  o.exclusions = in.exclusions;
  const lc::ProposeResult r = lc::propose_sites(in.demand, in.facilities, network ? &*graph : nullptr, o);

  lc::io::ProposeRunInfo info;
  info.command_line = command_line;
  info.model = a.model;
  info.category = a.category;
  info.mode = network ? b.mode : "distance";
  info.within = w.text;
  info.limit = o.limit;
  info.by_time = o.by_time;
  info.candidates = candidates_text;
  lc::io::write_propose_outputs(b.out, in, r, info);

  const lc::SitingResult& s = r.siting;
  std::printf("Siting %s for %s by %s, within %s, CRS %s\n", a.model.c_str(), a.category.c_str(), info.mode.c_str(),
              w.text.c_str(), in.crs.c_str());
  std::printf("Population basis: %s\n", in.population_basis.c_str());
  std::printf("Sites: %zu existing, %zu competitors, %zu candidates (%zu excluded) from %s\n", r.existing, r.competitors,
              r.candidates, r.candidates_excluded, candidates_text.c_str());
  std::printf("Solver: %s%s; objective %.6g (before %.6g)", s.solver.c_str(), s.proven_optimal ? " (proven optimal)" : "",
              s.objective, s.objective_before);
  if (std::isfinite(s.bound)) std::printf(", bound %.6g (%s), gap %.3g%%", s.bound, s.bound_source.c_str(), 100.0 * s.gap);
  std::printf(", %.2f s\n\n", s.seconds);
  std::printf("%5s  %-24s %14s\n", "rank", "site", "marginal");
  for (std::size_t k = 0; k < r.selected_facility.size(); ++k) {
    std::printf("%5zu  %-24s %14s\n", k + 1, in.facilities.source_id[r.selected_facility[k]].c_str(),
                thousands(s.marginal[k]).c_str());
  }
  std::printf("\nCovered: %s of %s before (%.1f%%), %s after (%.1f%%)\n", thousands(s.covered_weight_before).c_str(),
              thousands(s.total_weight).c_str(), s.total_weight > 0 ? 100.0 * s.covered_weight_before / s.total_weight : 0.0,
              thousands(s.covered_weight).c_str(), s.total_weight > 0 ? 100.0 * s.covered_weight / s.total_weight : 0.0);
  if (!s.uncoverable.empty()) {
    std::printf("Unreachable by any site: %zu demand points, weight %s (ids in summary.json)\n", s.uncoverable.size(),
                thousands(s.uncoverable_weight).c_str());
  }
  std::printf("\nWrote proposed_sites.geojson, summary.json to %s\n", b.out.c_str());
  return static_cast<int>(ExitCode::ok);
}

struct CheckArgs {
  CoverageArgs base;  // sources, roads, speed, snapping, out
  std::string rules, preset, print_preset;
  std::string districts, districts_layer, district_name_field;
  std::string status_field;
  std::vector<std::string> demand_fields;  // NAME=FIELD or FIELD
  std::vector<std::string> basis_shares;   // NAME=SHARE of the population weight
  std::string mode;                        // "": each rule's own
  bool strict = false;
};

// "NAME=VALUE" split at the first '='; a bare "VALUE" gives NAME = VALUE.
std::pair<std::string, std::string> name_value(const std::string& text, const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    if (text.empty()) throw lc::io::UsageError(option + ": empty value");
    return {text, text};
  }
  if (eq == 0 || eq + 1 == text.size()) throw lc::io::UsageError(option + " '" + text + "': use NAME=VALUE");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

// The travel modes the rules will be evaluated in that need roads.
std::vector<std::string> network_modes(const lc::RuleSet& rules, const std::string& override_mode) {
  std::vector<std::string> out;
  for (const lc::Rule& r : rules.rules) {
    const bool travels = r.kind == lc::RuleKind::access || r.kind == lc::RuleKind::accessibility_2sfca ||
                         (r.kind == lc::RuleKind::presence && r.has_within);
    const std::string m = override_mode.empty() ? r.mode : override_mode;
    if (travels && m != "distance" && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

int run_check(const CheckArgs& a, const std::string& command_line) {
  if (!a.print_preset.empty()) {
    std::fputs(lc::io::preset_text(a.print_preset).c_str(), stdout);
    return static_cast<int>(ExitCode::ok);
  }
  const CoverageArgs& b = a.base;
  if (a.rules.empty() == a.preset.empty()) throw lc::io::UsageError("give --rules FILE or --preset NAME (one of them)");
  if (b.facility_paths.empty() || b.demand.path.empty() || b.out.empty()) {
    throw lc::io::UsageError("check needs --facilities, --demand and --out");
  }
  if (!a.mode.empty()) parse_mode(a.mode);
  if (!(b.speed_mps > 0)) throw lc::io::UsageError("--speed must be a positive number of metres per second");
  if (!(b.max_snap_m > 0)) throw lc::io::UsageError("--max-snap must be a positive number of metres");

  const lc::RuleSet rules = a.preset.empty() ? lc::io::load_rules(a.rules) : lc::io::preset_rules(a.preset);
  const std::vector<std::string> modes = network_modes(rules, a.mode);

  // Sources: the facility attributes the rules use are read where a layer has them.
  std::vector<lc::io::FacilitySource> sources = facility_sources(b);
  std::vector<std::string> attributes;
  for (const lc::Rule& r : rules.rules) {
    for (const std::string* f : {&r.supply_attribute, &r.base_attribute}) {
      if (!f->empty() && std::find(attributes.begin(), attributes.end(), *f) == attributes.end()) attributes.push_back(*f);
    }
  }
  for (lc::io::FacilitySource& s : sources) {
    if (lc::io::is_osm_source(s.path)) continue;
    s.optional_numeric_fields = attributes;
    s.status_field = a.status_field;
  }
  lc::io::DemandSource demand = b.demand;
  for (const std::string& f : a.demand_fields) demand.attribute_fields.push_back(name_value(f, "--demand-field"));
  lc::io::LoadOptions load = b.load;
  load.categories = split_list(b.categories);
  load.districts_path = a.districts;
  load.districts_layer = a.districts_layer;
  load.district_name_field = a.district_name_field;
  load.mode = modes.empty() ? lc::TravelMode::distance : parse_mode(modes[0]);
  if (!modes.empty()) load.walk_speed_mps = b.speed_mps;
  lc::io::Inputs in = lc::io::load_inputs(sources, demand, load);
  std::vector<std::string> notes = in.notes;
  for (const std::string& text : a.basis_shares) {
    const auto [name, value] = name_value(text, "--basis-share");
    char* end = nullptr;
    const double share = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end || !(share >= 0 && share <= 1)) {
      throw lc::io::UsageError("--basis-share '" + text + "': the share is a number from 0 to 1, e.g. elderly=0.187");
    }
    if (in.demand.attributes.count(name) || name == "residents") {
      throw lc::io::UsageError("--basis-share: the demand already has '" + name + "'");
    }
    std::vector<double>& column = in.demand.attributes[name];
    for (double w : in.demand.weight) column.push_back(w * share);
    notes.push_back("'" + name + "' estimated as " + value + " of the population weight at every point (--basis-share)");
  }

  // Roads for each network mode (a second mode reads the sources again for its own roads).
  std::optional<lc::RoadGraph> walk_graph, drive_graph;
  for (std::size_t k = 0; k < modes.size(); ++k) {
    lc::RoadLines roads;
    if (k == 0) {
      roads = std::move(in.roads);
    } else {
      lc::io::LoadOptions again = load;
      again.mode = parse_mode(modes[k]);
      again.metric_crs = in.crs;
      roads = std::move(lc::io::load_inputs(sources, demand, again).roads);
    }
    (modes[k] == "walk" ? walk_graph : drive_graph).emplace(lc::build_road_graph(roads));
  }

  // A field a rule needs and the data lacks: an error for the user's own rules (and with --strict).
  for (const lc::MissingField& m : lc::missing_fields(rules, in.categories, in.facilities, in.demand)) {
    const lc::Rule& r = rules.rules[m.rule];
    if (r.preset && !a.strict) continue;
    std::string layers;
    for (const auto& s : sources) layers += (layers.empty() ? "" : ", ") + s.path + (s.layer.empty() ? "" : " (" + s.layer + ")");
    const std::string at = (a.preset.empty() ? rules.path + ", line " + std::to_string(r.line) + ", " : "preset " + a.preset + ", ") +
                           "rule '" + r.id + "'";
    if (m.in == "demand") {
      throw lc::io::InputError(at + ": demand basis '" + m.field + "' is not in " + b.demand.path +
                               (b.demand.layer.empty() ? "" : " (" + b.demand.layer + ")") +
                               ": give --demand-field " + m.field + "=FIELD or --basis-share " + m.field + "=SHARE");
    }
    if (m.in == "categories") {
      throw lc::io::InputError(at + ": no facility source gives the category '" + m.field + "' (sources: " + layers + ")");
    }
    throw lc::io::InputError(at + ": field '" + m.field + "' has no value for any " + r.category + " facility in " + layers);
  }

  lc::CheckOptions options;
  options.mode_override = a.mode;
  options.walk_speed_mps = b.speed_mps;
  options.walk_graph = walk_graph ? &*walk_graph : nullptr;
  options.drive_graph = drive_graph ? &*drive_graph : nullptr;
  options.max_snap_m = b.max_snap_m;
  options.access_speed_mps = in.walk_speed_mps > 0 ? in.walk_speed_mps : b.speed_mps;
  const lc::CheckResult result = lc::check_plan(rules, in.categories, in.facilities, in.demand, in.districts, options);

  lc::io::CheckRunInfo info;
  info.command_line = command_line;
  info.rules_source = a.preset.empty() ? a.rules : "preset " + a.preset;
  info.crs = in.crs;
  info.population_basis = in.population_basis;
  for (const auto& s : sources) info.facility_sources.push_back(s.path + (s.layer.empty() ? "" : " (" + s.layer + ")"));
  info.demand_source = b.demand.path + (b.demand.layer.empty() ? "" : " (" + b.demand.layer + ")");
  info.mode_override = a.mode;
  info.strict = a.strict;
  info.input_notes = notes;
  info.skipped_features = in.skipped.size();
  lc::io::write_check_reports(b.out, rules, result, in.districts, in.facilities, in.categories, info);

  std::printf("Check %s (%s) on %s demand points, %s facilities, %s districts, CRS %s\n", rules.name.c_str(),
              info.rules_source.c_str(), thousands(in.demand.size()).c_str(), thousands(in.facilities.size()).c_str(),
              thousands(in.districts.size()).c_str(), in.crs.c_str());
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  std::fputs(lc::io::check_table(rules, result, in.districts).c_str(), stdout);
  std::printf("\nWrote report.json, junit.xml, report.md to %s\n", b.out.c_str());
  return lc::io::check_exit_code(result);
}

int run_layers(const lc::io::FacilitySource& src, const std::string& tag_mapping) {
  const lc::io::SourceInfo info = lc::io::describe_source(src, tag_mapping);
  std::printf("%s (%s)\n", info.path.c_str(), info.driver.c_str());
  if (info.is_raster) {
    std::printf("  raster %d x %d cells, %d band(s); band 1: %s cells > 0, sum %.1f\n", info.raster_width,
                info.raster_height, info.raster_bands, thousands(static_cast<double>(info.populated_cells)).c_str(),
                info.raster_sum);
  }
  for (const auto& l : info.layers) {
    std::printf("  layer %-18s %-18s %10s features  CRS %s\n", l.name.c_str(), l.geometry_type.c_str(),
                thousands(static_cast<double>(l.feature_count)).c_str(), l.crs.c_str());
    if (l.has_extent) std::printf("        extent %.6f, %.6f, %.6f, %.6f\n", l.min_x, l.min_y, l.max_x, l.max_y);
    if (!l.fields.empty()) {
      std::string f;
      for (const auto& n : l.fields) f += (f.empty() ? "" : ", ") + n;
      std::printf("        fields %s\n", f.c_str());
    }
  }
  if (!info.categories_basis.empty()) {
    std::printf("  facilities per category (%s):\n", info.categories_basis.c_str());
    for (const auto& [name, count] : info.categories) {
      std::printf("    %-20s %8s\n", name.c_str(), thousands(static_cast<double>(count)).c_str());
    }
  }
  return static_cast<int>(ExitCode::ok);
}

// Options shared by the commands that read facilities, demand and (network modes) roads.
void add_common_options(CLI::App* app, CoverageArgs& args) {
  app->add_option("--facilities", args.facility_paths,
                  "facility source (any GDAL source; .osm.pbf uses the tag mapping); may be given more than once")
      ->required();
  app->add_option("--facilities-layer", args.facilities.layer, "layer of the facility source");
  app->add_option("--category-field", args.facilities.category_field, "field whose values name the category");
  app->add_option("--category-map", args.facilities.category_map, "YAML file: field value -> category");
  app->add_option("--category", args.facilities.category, "every facility of the layer is this category");
  app->add_option("--tag-mapping", args.load.tag_mapping, "OSM tag -> category rules (default data/osm_categories.yaml)");
  app->add_option("--demand", args.demand.path, "demand source: points, polygons, population raster or .osm.pbf")->required();
  app->add_option("--demand-layer", args.demand.layer, "layer of the demand source");
  app->add_option("--population-field", args.demand.population_field, "population (or weight) field of the demand");
  app->add_option("--proxy-settings", args.load.proxy_settings, "OSM population proxy settings (default data/population_proxy.yaml)");
  app->add_option("--cell-size", args.load.cell_size_m, "grid cell in metres for splitting demand polygons")->capture_default_str();
  app->add_option("--categories", args.categories, "comma-separated categories (default: every mapped category)");
  app->add_option("--speed", args.speed_mps, "walking speed in m/s for minute thresholds")->capture_default_str();
  app->add_option("--roads", args.load.roads.path, "road centrelines (default: the OSM facility source's roads)");
  app->add_option("--roads-layer", args.load.roads.layer, "line layer of --roads");
  app->add_option("--road-class-field", args.load.roads.class_field, "field with a highway-like road class");
  app->add_option("--road-speed-field", args.load.roads.speed_field, "field with the speed in km/h");
  app->add_option("--road-oneway-field", args.load.roads.oneway_field, "field with the one-way code (yes/-1/FT/TF/...)");
  app->add_option("--road-profile", args.load.road_profile, "walk/drive rules and speeds (default data/road_speeds.yaml)");
  app->add_option("--max-snap", args.max_snap_m, "metres: points farther from every road are unreachable")->capture_default_str();
  app->add_option("--buffer", args.buffer_m, "metres: half-width of network service areas around reached roads")->capture_default_str();
  app->add_option("--surface", args.surface, "also write travel_time_<category>.tif at this cell size (e.g. 50m)");
  app->add_option("--crs", args.load.metric_crs, "metric CRS for computing (default: UTM zone of the data)");
  app->add_option("--source-crs", args.load.source_crs, "CRS of sources that state none");
  app->add_option("--out", args.out, "output folder")->required();
  app->get_option("--category")->excludes("--category-field");
  app->get_option("--category-field")->needs("--category-map");
  app->get_option("--category-map")->needs("--category-field");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lifecircle: coverage, siting and compliance for life-circle planning"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifecircle 0.1.0");

  CoverageArgs cov;
  CLI::App* coverage = app.add_subcommand("coverage", "population within reach of each facility category");
  add_common_options(coverage, cov);
  coverage->add_option("--within", cov.within, "threshold: 15min, 800m, gb15|gb10|gb5, or fitness=10min,health=15min")->capture_default_str();
  coverage->add_option("--mode", cov.mode, "distance (straight line), walk or drive (along the road network)")->capture_default_str();

  IsochroneArgs iso;
  iso.base.mode = "walk";
  CLI::App* isochrones = app.add_subcommand("isochrones", "areas and population within travel-time bands of the facilities");
  add_common_options(isochrones, iso.base);
  isochrones->add_option("--breaks", iso.breaks, "bands: minutes (5,10,15) or metres (500m,1000m)")->capture_default_str();
  isochrones->add_option("--mode", iso.base.mode, "walk or drive")->capture_default_str();
  isochrones->add_option("--merge", iso.merge, "dissolve (one area per category) or split (each place to its nearest facility)")->capture_default_str();
  isochrones->add_option("--shape", iso.shape, "disks (everything within a break) or rings (between breaks)")->capture_default_str();

  ProposeArgs prop;
  CLI::App* propose = app.add_subcommand("propose", "where to put new facilities: mclp, lscp, pmedian, pcenter");
  add_common_options(propose, prop.base);
  propose->remove_option(propose->get_option("--category"));
  propose->add_option("--category", prop.category, "the category to site (existing facilities of it are kept)")->required();
  propose->add_option("--model", prop.model, "mclp, lscp, pmedian or pcenter")->capture_default_str();
  propose->add_option("--add", prop.add, "how many new sites (mclp, pmedian, pcenter)");
  propose->add_option("--target-share", prop.target_share, "lscp: share of the coverable weight to cover")->capture_default_str();
  propose->add_option("--within", prop.base.within, "coverage threshold: 15min, 800m, gb15 (default)")->capture_default_str();
  propose->add_option("--mode", prop.base.mode, "distance, walk or drive")->capture_default_str();
  propose->add_option("--weight-field", prop.weight_field, "demand weight field (e.g. people aged 60+)");
  propose->add_option("--candidates", prop.candidates, "candidate sites: any GDAL source, or 'roads' for road junctions");
  propose->add_option("--candidates-layer", prop.candidates_layer, "layer of --candidates");
  propose->add_option("--candidate-id-field", prop.candidate_id_field, "id field of the candidates");
  propose->add_option("--candidate-cost-field", prop.candidate_cost_field, "a cost field carried to the output");
  propose->add_option("--candidate-capacity-field", prop.candidate_capacity_field, "capacity (weight served) per candidate: capacitated MCLP");
  propose->add_option("--candidate-grid", prop.candidate_grid, "generate candidates on a grid, e.g. 200m");
  propose->add_option("--exclude", prop.exclude, "polygons closed to new sites (water, protected land)");
  propose->add_option("--exclude-layer", prop.exclude_layer, "layer of --exclude");
  propose->add_option("--competitors", prop.competitors, "facilities that cover but are not the user's");
  propose->add_option("--competitors-layer", prop.competitors_layer, "layer of --competitors");
  propose->add_option("--cost-matrix", prop.cost_matrix, "CSV of (demand id, candidate id, cost) from any router");
  propose->add_option("--demand-id-field", prop.demand_id_field, "with --cost-matrix: the demand id column (and field of --demand)");
  propose->add_option("--cost-field", prop.cost_field, "with --cost-matrix: the cost column")->capture_default_str();
  propose->add_flag("--exact", prop.exact, "proven optimum from CBC (within --time-limit)");
  propose->add_flag("--heuristic", prop.heuristic, "the fast heuristic");
  propose->add_option("--time-limit", prop.time_limit_s, "seconds for the exact solver")->capture_default_str();

  CheckArgs chk;
  CLI::App* check = app.add_subcommand("check", "check a plan against planning standards: exit 0 pass, 1 fail");
  add_common_options(check, chk.base);
  for (const char* name : {"--facilities", "--demand", "--out"}) check->get_option(name)->required(false);
  check->remove_option(check->get_option("--surface"));
  check->remove_option(check->get_option("--buffer"));
  check->add_option("--rules", chk.rules, "rule file (YAML); see --print-preset for the format");
  check->add_option("--preset", chk.preset, "shipped rule set, e.g. cn-health");
  check->add_option("--print-preset", chk.print_preset, "print a shipped rule set (to edit and pass back with --rules)");
  check->add_option("--districts", chk.districts, "district polygons (sub-districts, townships, counties) to report by");
  check->add_option("--districts-layer", chk.districts_layer, "layer of --districts");
  check->add_option("--district-name-field", chk.district_name_field, "name field of --districts (default: name, NAME, 名称, ...)");
  check->add_option("--status-field", chk.status_field, "field with each facility's status: existing, planned, candidate, competitor (现状/规划)");
  check->add_option("--demand-field", chk.demand_fields, "demand weight field a rule's basis names: NAME=FIELD (e.g. elderly=pop60); repeatable");
  check->add_option("--basis-share", chk.basis_shares, "estimate a basis as a share of the population: NAME=SHARE (e.g. elderly=0.187); repeatable");
  check->add_option("--mode", chk.mode, "evaluate every rule in this mode (distance, walk, drive) instead of its own");
  check->add_flag("--strict", chk.strict, "a preset rule whose field the data lacks is an error, not 'not evaluated'");

  lc::io::FacilitySource layers_src;
  std::string layers_mapping;
  CLI::App* layers = app.add_subcommand("layers", "list the layers of a GDAL source and its facilities per category");
  layers->add_option("source", layers_src.path, "file or connection string")->required();
  layers->add_option("--layer", layers_src.layer, "layer whose facilities are counted");
  layers->add_option("--category-field", layers_src.category_field, "field whose values name the category");
  layers->add_option("--category-map", layers_src.category_map, "YAML file: field value -> category");
  layers->add_option("--category", layers_src.category, "every feature of the layer is this category");
  layers->add_option("--tag-mapping", layers_mapping, "OSM tag -> category rules");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(ExitCode::usage);
  }

  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  try {
    if (coverage->parsed()) return run_coverage(cov, command_line);
    if (isochrones->parsed()) return run_isochrones(iso, command_line);
    if (propose->parsed()) return run_propose(prop, command_line);
    if (layers->parsed()) return run_layers(layers_src, layers_mapping);
    if (check->parsed()) return run_check(chk, command_line);
  } catch (const lc::io::UsageError& e) {
    std::fprintf(stderr, "lifecircle: usage error: %s\n", e.what());
    return static_cast<int>(ExitCode::usage);
  } catch (const lc::io::InputError& e) {
    std::fprintf(stderr, "lifecircle: input error: %s\n", e.what());
    return static_cast<int>(ExitCode::input_data);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lifecircle: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::internal);
  }
  return static_cast<int>(ExitCode::usage);
}
