// lifecircle: one binary with subcommands. Parses options into a request, calls the library
// (api/) once, writes its result through io/, prints it and maps errors to the documented exit
// codes.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "api/access.hpp"
#include "api/check.hpp"
#include "api/coverage.hpp"
#include "api/isochrones.hpp"
#include "api/layers.hpp"
#include "api/map.hpp"
#include "api/load.hpp"
#include "api/propose.hpp"
#include "api/shard.hpp"
#include "cli/print.hpp"
#include "cli/run_control.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/interrupt.hpp"
#include "core/lang.hpp"
#include "core/option_values.hpp"
#include "core/threshold.hpp"
#include "io/coverage_total.hpp"
#include "io/write_access.hpp"
#include "io/write_check.hpp"
#include "io/write_coverage.hpp"
#include "io/write_isochrones.hpp"
#include "io/write_options.hpp"
#include "io/write_propose.hpp"
#include "io/write_shard_plan.hpp"
#include "io/write_shard_run.hpp"
#include "io/slurm.hpp"

int run_cli(int argc, char** argv);

namespace {

// Exit codes: documented in README.md; only ever appended to.
enum class ExitCode : int {
  ok = 0,
  check_failed = 1,  // `check`: a rule fails overall or in a district
  usage = 2,
  input_data = 3,
  internal = 4,
  interrupted_sigint = 130,   // SIGINT (Ctrl-C): 128 + 2; no output changed
  interrupted_sigterm = 143,  // SIGTERM: 128 + 15; no output changed
};

constexpr const char* POSTGRES_SHARD =
    "--shard: the shards and the merge share a folder (--out DIR); write the merged tables to PostgreSQL with "
    "ogr2ogr, or run the command whole";

// --shard PLAN:K (a shard's number) or PLAN:merge.
struct ShardArg {
  std::string plan;
  bool merge = false;
  lc::Id k = 0;
};

ShardArg parse_shard(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) throw lc::UsageError("--shard '" + text + "': give PLAN:K, e.g. plan:0");
  ShardArg a;
  a.plan = text.substr(0, colon);
  const std::string which = text.substr(colon + 1);
  a.merge = which == "merge";
  if (!a.merge) {
    char* end = nullptr;
    const unsigned long k = std::strtoul(which.c_str(), &end, 10);
    if (which.empty() || *end != '\0') throw lc::UsageError("--shard '" + text + "': K is a shard's number, or merge");
    a.k = static_cast<lc::Id>(k);
  }
  return a;
}

using lc::UsageError;
// Option values are parsed in core/option_values.hpp.
using lc::option::length_m;
using lc::option::parse_mode;
using lc::option::split_list;
using lc::option::threshold_list;

// The options every command that reads facilities and demand shares, as written.
struct CoverageArgs {
  lc::FacilitySource facilities;            // the layer and category options; path: the first source
  std::vector<std::string> facility_paths;  // --facilities, once or more
  std::vector<lc::WebCoords> facility_coords;  // per path: its --coords (SourceCoords)
  std::vector<std::string> coords;          // --coords as given; applied by SourceCoords
  lc::DemandSource demand;
  lc::LoadOptions load;
  std::string categories;
  std::string within = "gb15";
  double speed_mps = lc::default_walk_speed_mps;
  std::string mode = "distance";
  double max_snap_m = 250.0;
  double buffer_m = 40.0;
  std::string polygons = "exact";
  std::string polygon_cell;  // e.g. "20m"; empty: half the buffer
  std::string surface;  // cell size, e.g. "50m"; empty: no travel-time surface
  std::string out;
  std::string map;   // --map FILE: a print map of the outputs, drawn at the end of the run
  std::string html;  // --html FILE: the web map of the outputs, written at the end of the run
  std::string format = "geojson";  // --format (coverage, isochrones, propose)
  bool format_given = false;
  std::string output_coords = "wgs84";  // --output-coords
  lc::Lang lang = lc::Lang::en;         // --lang: what is printed, report.md and the maps
  std::string census_key = "auto";      // --census-key code|name|auto
  std::string shard;                    // --shard PLAN:K (one shard's results) or PLAN:merge
  std::vector<std::string> arguments;   // the command's arguments without --shard, for a shard's record
};

// One FacilitySource per --facilities path. OSM extracts are mapped by their tags; the layer and
// category options apply to the other sources.
std::vector<lc::FacilitySource> facility_sources(const CoverageArgs& a) {
  std::vector<lc::FacilitySource> out;
  for (std::size_t k = 0; k < a.facility_paths.size(); ++k) {
    const std::string& path = a.facility_paths[k];
    lc::FacilitySource s = a.facilities;
    s.path = path;
    s.coords = k < a.facility_coords.size() ? a.facility_coords[k] : lc::WebCoords::wgs84;
    if (lc::api::is_osm_source(path)) s.layer.clear(), s.category.clear(), s.category_field.clear(), s.category_map.clear();
    out.push_back(s);
  }
  return out;
}

lc::api::Sources sources_of(const CoverageArgs& a, lc::TravelMode mode) {
  lc::api::Sources s;
  s.facilities = facility_sources(a);
  s.demand = a.demand;
  if (a.census_key == "code") s.demand.census.key = lc::CensusKey::code;
  else if (a.census_key == "name") s.demand.census.key = lc::CensusKey::name;
  else if (a.census_key != "auto") throw UsageError("--census-key '" + a.census_key + "': use code, name or auto");
  s.load = a.load;
  s.load.categories = split_list(a.categories);
  s.load.mode = mode;
  return s;
}

lc::api::NetworkSettings network_of(const CoverageArgs& a) {
  lc::api::NetworkSettings n{a.speed_mps, a.max_snap_m, a.buffer_m};
  if (a.polygons != "exact" && a.polygons != "fast") throw UsageError("--polygons '" + a.polygons + "': use exact or fast");
  n.polygons = a.polygons == "fast" ? lc::PolygonMethod::fast : lc::PolygonMethod::exact;
  if (!a.polygon_cell.empty()) {
    if (a.polygons != "fast") throw UsageError("--polygon-cell goes with --polygons fast");
    n.polygon_cell_m = length_m(a.polygon_cell, "--polygon-cell");
  }
  return n;
}

// --format and --out: the vector format of an output folder, or tables in a PostgreSQL database.
lc::io::OutputOptions output_of(const CoverageArgs& a) {
  lc::io::OutputOptions o;
  if (!lc::io::parse_vector_format(a.format, o.format)) {
    throw UsageError("--format '" + a.format + "': use geojson, gpkg, fgb or shp");
  }
  if (!lc::parse_web_coords(a.output_coords, o.coords)) {
    throw UsageError("--output-coords '" + a.output_coords + "': use wgs84, gcj02 (Amap, Tencent) or bd09 (Baidu)");
  }
  if (o.coords != lc::WebCoords::wgs84) {
    if (lc::io::is_postgres_output(a.out)) {
      throw UsageError("--output-coords " + a.output_coords + ": PostGIS tables are EPSG:4326; write a folder");
    }
    if (!a.map.empty()) {
      throw UsageError("--output-coords " + a.output_coords + " with --map: the print map's OpenStreetMap basemap is " +
                       "WGS-84 and would not match; draw it from a run without --output-coords");
    }
  }
  if (lc::io::is_postgres_output(a.out)) {
    if (a.format_given) throw UsageError("--format " + a.format + ": with --out PG:... the outputs are tables; leave --format out");
    if (!a.surface.empty()) throw UsageError("--surface writes GeoTIFF files: give a folder as --out, not a PG: connection");
  }
  return o;
}

// --map FILE: the print map of what the run just wrote (GeoJSON outputs in a folder).
void draw_map(const CoverageArgs& a) {
  if (!a.map.empty()) {
    lc::api::MapRequest r;
    r.run_dir = a.out;
    r.print.out_path = a.map;
    r.print.lang = a.lang == lc::Lang::zh ? "zh" : "en";
    const lc::io::PrintMap m = lc::api::map(r);
    std::printf(a.lang == lc::Lang::zh ? "地图：%s（%d × %d）\n" : "Map: %s (%d x %d)\n", m.path.c_str(), m.width, m.height);
  }
  if (!a.html.empty()) {
    lc::api::HtmlMapRequest r;
    r.run_dir = a.out;
    r.html.out_path = a.html;
    r.html.lang = a.lang == lc::Lang::zh ? "zh" : "en";
    const lc::io::HtmlMap m = lc::api::html_map(r);
    std::printf(a.lang == lc::Lang::zh ? "网页地图：%s（%s 字节）\n" : "Web map: %s (%s bytes)\n", m.path.c_str(),
                lc::thousands(static_cast<double>(m.bytes)).c_str());
  }
}

// A map is drawn from GeoJSON outputs in a folder: refused before the run for anything else.
void check_map_option(const CoverageArgs& a) {
  if (a.map.empty() && a.html.empty()) return;
  if (lc::io::is_postgres_output(a.out) || (a.format_given && a.format != "geojson")) {
    throw UsageError("--map and --html draw from GeoJSON outputs in a folder: leave --format out and give a folder as --out");
  }
}

int run_coverage(const CoverageArgs& a, const std::string& command_line) {
  lc::api::CoverageRequest r;
  const lc::TravelMode mode = parse_mode(a.mode);
  r.sources = sources_of(a, mode);
  r.within = threshold_list(a.within, mode, a.speed_mps);
  r.network = network_of(a);
  if (!a.surface.empty() && mode == lc::TravelMode::distance) throw UsageError("--surface needs --mode walk or drive");
  r.surface_cell_m = length_m(a.surface, "--surface");
  r.command_line = command_line;
  const lc::io::OutputOptions output = output_of(a);
  check_map_option(a);
  if (!a.shard.empty()) {
    const ShardArg shard = parse_shard(a.shard);
    const std::string& plan = shard.plan;
    // A shard writes its results into a folder; --format, --map and --html are kept with its
    // arguments and apply to the merge, which writes the run's files.
    if (lc::io::is_postgres_output(a.out)) throw UsageError(POSTGRES_SHARD);
    if (!shard.merge) {
      lc::CoverageShard s = lc::api::coverage_shard(r, plan, shard.k);
      s.arguments = a.arguments;
      lc::io::write_coverage_shard(a.out, s);
      std::printf("Shard %u of %u: %s demand points owned; results in %s\n", s.shard, s.shards,
                  lc::thousands(static_cast<double>(s.points.size())).c_str(), lc::io::shard_folder(a.out, s.shard).c_str());
      return static_cast<int>(ExitCode::ok);
    }
    const lc::ShardPlan p = lc::io::read_shard_plan(plan);
    const std::vector<lc::CoverageShard> shards = lc::io::read_coverage_shards(a.out, static_cast<lc::Id>(p.shards.size()), true);
    for (const lc::CoverageShard& s : shards) {
      if (s.arguments != a.arguments) {
        throw lc::InputError(lc::io::shard_folder(a.out, s.shard) + ": shard " + std::to_string(s.shard) +
                             " was run with other arguments than the merge's; run every shard with the same command");
      }
    }
    const lc::CoverageRun run = lc::api::merge_coverage(r, plan, shards, a.out);
    lc::io::write_coverage_outputs(a.out, run.inputs, run.result, run.areas, run.info, run.surfaces, output, run.out_of_reach);
    lc::cli::print_coverage(run, lc::io::masked_connection(a.out),
                            lc::io::written_outputs("coverage", {"demand", "facilities", "service_areas"}, a.out, output), a.lang);
    if (!lc::io::is_postgres_output(a.out)) lc::io::write_beyond_halo(a.out, run.beyond_halo, run.inputs, run.halo_m);
    lc::cli::print_beyond_halo(run, a.out);
    draw_map(a);
    return static_cast<int>(ExitCode::ok);
  }
  const lc::CoverageRun run = lc::api::coverage(r);
  lc::io::write_coverage_outputs(a.out, run.inputs, run.result, run.areas, run.info, run.surfaces, output, run.out_of_reach);
  lc::cli::print_coverage(run, lc::io::masked_connection(a.out),
                          lc::io::written_outputs("coverage", {"demand", "facilities", "service_areas"}, a.out, output), a.lang);
  draw_map(a);
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
  lc::api::IsochroneRequest r;
  const lc::TravelMode mode = parse_mode(b.mode);
  if (mode == lc::TravelMode::distance) throw UsageError("isochrones need --mode walk or drive");
  if (a.merge != "dissolve" && a.merge != "split") throw UsageError("--merge '" + a.merge + "': use dissolve or split");
  if (a.shape != "disks" && a.shape != "rings") throw UsageError("--shape '" + a.shape + "': use disks or rings");
  r.sources = sources_of(b, mode);
  r.breaks = lc::option::breaks(a.breaks, mode, b.speed_mps);  // plain numbers are minutes
  r.split = a.merge == "split";
  r.shape = a.shape == "rings" ? lc::IsochroneShape::rings : lc::IsochroneShape::disks;
  r.network = network_of(b);
  r.surface_cell_m = length_m(b.surface, "--surface");
  r.command_line = command_line;
  const lc::io::OutputOptions output = output_of(b);
  check_map_option(b);
  lc::IsochroneRun run;
  if (!b.shard.empty()) {
    const ShardArg shard = parse_shard(b.shard);
    const std::string& plan = shard.plan;
    if (lc::io::is_postgres_output(b.out)) throw UsageError(POSTGRES_SHARD);
    if (!shard.merge) {
      lc::IsochroneShard s = lc::api::isochrones_shard(r, plan, shard.k);
      s.arguments = b.arguments;
      lc::io::write_isochrone_shard(b.out, s);
      std::printf("Shard %u of %u: %s facilities owned, %s polygons; results in %s\n", s.shard, s.shards,
                  lc::thousands(static_cast<double>(s.facility.size())).c_str(),
                  lc::thousands(static_cast<double>(s.polygons.size())).c_str(), lc::io::shard_folder(b.out, s.shard).c_str());
      return static_cast<int>(ExitCode::ok);
    }
    const lc::ShardPlan p = lc::io::read_shard_plan(plan);
    const std::vector<lc::IsochroneShard> shards = lc::io::read_isochrone_shards(b.out, static_cast<lc::Id>(p.shards.size()));
    for (const lc::IsochroneShard& s : shards) {
      if (s.arguments != b.arguments) {
        throw lc::InputError(lc::io::shard_folder(b.out, s.shard) + ": shard " + std::to_string(s.shard) +
                             " was run with other arguments than the merge's; run every shard with the same command");
      }
    }
    run = lc::api::merge_isochrones(r, plan, shards);
  } else {
    run = lc::api::isochrones(r);
  }
  lc::io::write_isochrone_outputs(b.out, run.inputs, run.features, run.surfaces, run.info, output);
  lc::cli::print_isochrones(run, lc::io::masked_connection(b.out),
                            lc::io::written_outputs("isochrones", {"isochrones", "facilities"}, b.out, output), b.lang);
  draw_map(b);
  return static_cast<int>(ExitCode::ok);
}

struct ProposeArgs {
  CoverageArgs base;  // sources, mode, roads, speed, snapping, --within, out
  std::string model = "mclp";
  std::string category;
  unsigned add = 0;
  double target_share = 1.0;
  std::string candidates;        // SRC, or "roads"
  std::string candidates_layer, candidate_id_field, candidate_cost_field, candidate_capacity_field, capacity_field;
  double places_per_person = 1.0;
  std::string candidate_grid;    // e.g. "200m"
  std::string exclude, exclude_layer;
  std::string competitors, competitors_layer;
  lc::WebCoords candidates_coords = lc::WebCoords::wgs84, competitors_coords = lc::WebCoords::wgs84;
  std::string weight_field;
  bool exact = false, heuristic = false;
  double time_limit_s = 60.0;
  std::string cost_matrix, demand_id_field, cost_field = "cost";  // site ids: candidate_id_field
  std::string existing_ids;      // FILE (one id a line, or a table with --candidate-id-field) or a,b,c
  std::string districts, districts_layer, district_name_field;
  unsigned min_per_district = 0;
  bool within_given = false;
};

lc::SitingModel parse_model(const std::string& m) {
  if (m == "mclp") return lc::SitingModel::mclp;
  if (m == "lscp") return lc::SitingModel::lscp;
  if (m == "pmedian") return lc::SitingModel::pmedian;
  if (m == "pcenter") return lc::SitingModel::pcenter;
  throw UsageError("--model '" + m + "': use mclp, lscp, pmedian or pcenter");
}

int run_propose(const ProposeArgs& a, const std::string& command_line) {
  const CoverageArgs& b = a.base;
  lc::api::ProposeRequest r;
  r.siting.model = parse_model(a.model);
  r.siting.add = a.add;
  r.siting.target_share = a.target_share;
  if (a.exact && a.heuristic) throw UsageError("--exact and --heuristic exclude each other");
  r.siting.solver = a.exact ? lc::SitingSolver::exact : a.heuristic ? lc::SitingSolver::heuristic : lc::SitingSolver::automatic;
  r.siting.time_limit_s = a.time_limit_s;
  r.category = a.category;
  r.command_line = command_line;
  r.network = network_of(b);
  const bool matrix = !a.cost_matrix.empty();
  const lc::TravelMode mode = matrix ? lc::TravelMode::cost_matrix : parse_mode(b.mode);
  r.sources = sources_of(b, matrix ? lc::TravelMode::distance : mode);
  if (!a.weight_field.empty()) r.sources.demand.population_field = a.weight_field;
  if (!a.exclude.empty()) r.sources.load.exclude.push_back({a.exclude, a.exclude_layer});
  r.sources.load.districts_path = a.districts;
  r.sources.load.districts_layer = a.districts_layer;
  r.sources.load.district_name_field = a.district_name_field;
  r.min_per_district = a.min_per_district;
  r.candidate_capacity_field = a.candidate_capacity_field;
  r.capacity_field = a.capacity_field;
  r.places_per_person = a.places_per_person;
  if (!a.districts.empty() && a.min_per_district == 0) {
    throw UsageError("propose --districts goes with --min-per-district N (at least N sites in every district)");
  }
  if (a.within_given) {
    r.within = matrix ? lc::option::matrix_threshold(b.within)
                      : lc::option::threshold_of(threshold_list(b.within, mode, b.speed_mps), a.category, mode, b.speed_mps);
  }
  if (matrix) {
    r.cost_matrix = a.cost_matrix;
    r.demand_id_field = a.demand_id_field;
    r.site_id_field = a.candidate_id_field;
    r.cost_field = a.cost_field;
    r.existing_ids = a.existing_ids;
  } else {
    const bool from_roads = a.candidates == "roads";
    const int given = (a.candidates.empty() ? 0 : 1) + (a.candidate_grid.empty() ? 0 : 1);
    if (given != 1) {
      throw UsageError(from_roads ? "--candidates roads and --candidate-grid exclude each other"
                                  : "give candidate sites with --candidates SRC, --candidates roads or --candidate-grid 200m (one of them)");
    }
    if (!a.existing_ids.empty()) throw UsageError("--existing-ids goes with --cost-matrix; with geometry, give --facilities");
    r.candidates = from_roads ? lc::api::CandidateKind::roads
                   : !a.candidate_grid.empty() ? lc::api::CandidateKind::grid
                                               : lc::api::CandidateKind::source;
    r.candidate_grid_m = length_m(a.candidate_grid, "--candidate-grid");
    r.candidate_source.path = from_roads ? "" : a.candidates;
    r.candidate_source.coords = a.candidates_coords;
    if (from_roads && a.candidates_coords != lc::WebCoords::wgs84) {
      throw UsageError(std::string("--coords ") + lc::to_string(a.candidates_coords) +
                       " after --candidates roads: the road junctions are in the roads' coordinates");
    }
    r.candidate_source.layer = a.candidates_layer;
    r.candidate_source.id_field = a.candidate_id_field;
    r.candidate_cost_field = a.candidate_cost_field;
    r.competitors.path = a.competitors;
    r.competitors.coords = a.competitors_coords;
    r.competitors.layer = a.competitors_layer;
  }
  const lc::io::OutputOptions output = output_of(b);
  check_map_option(b);
  if (matrix && (b.format_given || lc::io::is_postgres_output(b.out))) {
    throw UsageError("--cost-matrix: the sites have no geometry and are written to proposed_sites.csv in a folder; "
                     "give a folder as --out and leave --format out");
  }
  if (!b.shard.empty()) {
    const ShardArg shard = parse_shard(b.shard);
    const std::string& plan = shard.plan;
    if (lc::io::is_postgres_output(b.out)) throw UsageError(POSTGRES_SHARD);
    if (!shard.merge) {
      lc::ProposeShard s = lc::api::propose_shard(r, plan, shard.k);
      s.arguments = b.arguments;
      lc::io::write_propose_shard(b.out, s);
      std::printf("Shard %u of %u: %s sites owned, %s pairs within %s m; results in %s\n", s.shard, s.shards,
                  lc::thousands(static_cast<double>(s.sites.size())).c_str(), lc::thousands(static_cast<double>(s.point.size())).c_str(),
                  lc::shortest(s.reach_m).c_str(), lc::io::shard_folder(b.out, s.shard).c_str());
      return static_cast<int>(ExitCode::ok);
    }
  }
  const lc::ProposeRun run = [&] {
    if (b.shard.empty()) return lc::api::propose(r);
    const std::string plan = parse_shard(b.shard).plan;
    const lc::ShardPlan p = lc::io::read_shard_plan(plan);
    const std::vector<lc::ProposeShard> shards = lc::io::read_propose_shards(b.out, static_cast<lc::Id>(p.shards.size()));
    for (const lc::ProposeShard& s : shards) {
      if (s.arguments != b.arguments) {
        throw lc::InputError(lc::io::shard_folder(b.out, s.shard) + ": shard " + std::to_string(s.shard) +
                             " was run with other arguments than the solve's; run every shard with the same command");
      }
    }
    return lc::api::solve_propose_shards(r, plan, shards);
  }();
  if (run.table) {
    lc::io::write_propose_table_outputs(b.out, run.result.siting, run.info, run.site_ids, run.demand_ids, run.notes);
  } else {
    lc::io::write_propose_outputs(b.out, run.inputs, run.result, run.info, output);
  }
  lc::cli::print_propose(run, lc::io::masked_connection(b.out),
                         run.table ? std::string("proposed_sites.csv, summary.json")
                                   : lc::io::written_outputs("propose", {"proposed_sites", "facilities"}, b.out, output),
                         b.lang);
  if (!run.table) draw_map(b);
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

int run_check(const CheckArgs& a, const std::string& command_line) {
  if (!a.print_preset.empty()) {
    std::fputs(lc::api::preset_text(a.print_preset).c_str(), stdout);
    return static_cast<int>(ExitCode::ok);
  }
  const CoverageArgs& b = a.base;
  if (a.rules.empty() == a.preset.empty()) throw UsageError("give --rules FILE or --preset NAME (one of them)");
  if (b.facility_paths.empty() || b.demand.path.empty() || b.out.empty()) throw UsageError("check needs --facilities, --demand and --out");
  lc::api::CheckRequest r;
  r.rules_path = a.rules;
  r.preset = a.preset;
  r.sources = sources_of(b, lc::TravelMode::distance);
  r.sources.load.districts_path = a.districts;
  r.sources.load.districts_layer = a.districts_layer;
  r.sources.load.district_name_field = a.district_name_field;
  r.status_field = a.status_field;
  for (const std::string& f : a.demand_fields) r.demand_fields.push_back(lc::option::name_value(f, "--demand-field"));
  for (const std::string& text : a.basis_shares) r.basis_shares.push_back(lc::option::basis_share(text));
  if (!a.mode.empty()) r.mode = parse_mode(a.mode);
  r.strict = a.strict;
  r.network = network_of(b);
  r.command_line = command_line;
  if (!b.shard.empty()) {
    const ShardArg shard = parse_shard(b.shard);
    const std::string& plan = shard.plan;
    if (!shard.merge) {
      lc::CheckShard s = lc::api::check_shard(r, plan, shard.k);
      s.arguments = b.arguments;
      lc::io::write_check_shard(b.out, s);
      std::printf("Shard %u of %u: %s demand points owned; results in %s\n", s.shard, s.shards,
                  lc::thousands(static_cast<double>(s.points.size())).c_str(), lc::io::shard_folder(b.out, s.shard).c_str());
      return static_cast<int>(ExitCode::ok);
    }
  }
  const lc::CheckRun run = [&] {
    if (b.shard.empty()) return lc::api::check(r);
    const std::string plan = parse_shard(b.shard).plan;
    const lc::ShardPlan p = lc::io::read_shard_plan(plan);
    const std::vector<lc::CheckShard> shards = lc::io::read_check_shards(b.out, static_cast<lc::Id>(p.shards.size()));
    for (const lc::CheckShard& s : shards) {
      if (s.arguments != b.arguments) {
        throw lc::InputError(lc::io::shard_folder(b.out, s.shard) + ": shard " + std::to_string(s.shard) +
                             " was run with other arguments than the merge's; run every shard with the same command");
      }
    }
    return lc::api::merge_check(r, plan, shards);
  }();
  lc::io::write_check_reports(b.out, run.rules, run.result, run.inputs.districts, run.inputs.facilities,
                              run.inputs.categories, run.info, b.lang);
  lc::cli::print_check(run, b.out, b.lang);
  draw_map(b);
  return lc::io::check_exit_code(run.result);
}

struct AccessArgs {
  CoverageArgs base;  // sources, mode, roads, speed, snapping, --within, out
  std::string measure = "2sfca";
  std::string decay;
  std::string decay_params;  // comma-separated numbers
  double per = 0.0;
  unsigned k = 1;
  std::string target = "15min";
  std::string supply_field, weight_field, priority_field, rank_by;
  double places_per_person = 1.0;
  bool priority_ascending = false;
  std::string districts, districts_layer, district_name_field;
  bool within_given = false;
};

lc::AccessKind parse_measure(const std::string& m) {
  static const std::pair<const char*, lc::AccessKind> kinds[] = {
      {"cumulative", lc::AccessKind::cumulative}, {"gravity", lc::AccessKind::gravity},
      {"2sfca", lc::AccessKind::two_step},        {"e2sfca", lc::AccessKind::enhanced_two_step},
      {"3sfca", lc::AccessKind::three_step},      {"proximity", lc::AccessKind::proximity},
      {"capacity", lc::AccessKind::capacity}};
  for (const auto& [name, kind] : kinds) {
    if (m == name) return kind;
  }
  throw UsageError("--measure '" + m + "': use cumulative, gravity, 2sfca, e2sfca, 3sfca, proximity or capacity");
}

int run_access(const AccessArgs& a, const std::string& command_line) {
  const CoverageArgs& b = a.base;
  lc::api::AccessRequest r;
  const lc::TravelMode mode = parse_mode(b.mode);
  r.sources = sources_of(b, mode);
  r.sources.load.districts_path = a.districts;
  r.sources.load.districts_layer = a.districts_layer;
  r.sources.load.district_name_field = a.district_name_field;
  if (a.within_given) r.within = threshold_list(b.within, mode, b.speed_mps);
  r.network = network_of(b);
  r.measure = parse_measure(a.measure);
  r.decay = a.decay;
  for (const std::string& t : split_list(a.decay_params)) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end != '\0' || !std::isfinite(v)) throw UsageError("--decay-param '" + t + "': not a number");
    r.decay_params.push_back(v);
  }
  r.per = a.per;
  r.k = a.k;
  const lc::Threshold target = lc::option::threshold_list(a.target, lc::TravelMode::walk, b.speed_mps).at(0).threshold;
  if (!target.by_time()) throw UsageError("--target '" + a.target + "': give a time, e.g. 15min");
  r.target_min = target.value / 60.0;
  r.supply_field = a.supply_field;
  r.weight_field = a.weight_field;
  r.places_per_person = a.places_per_person;
  r.priority_field = a.priority_field;
  r.priority_ascending = a.priority_ascending;
  r.rank_by = a.rank_by;
  r.command_line = command_line;
  const lc::io::OutputOptions output = output_of(b);
  check_map_option(b);
  if (!b.shard.empty()) {
    const ShardArg shard = parse_shard(b.shard);
    const std::string& plan = shard.plan;
    if (!shard.merge) {
      if (lc::io::is_postgres_output(b.out)) throw UsageError(POSTGRES_SHARD);
      lc::AccessShard s = lc::api::access_shard(r, plan, shard.k);
      s.arguments = b.arguments;
      lc::io::write_access_shard(b.out, s);
      std::printf("Shard %u of %u: %s demand points owned; results in %s\n", s.shard, s.shards,
                  lc::thousands(static_cast<double>(s.points.size())).c_str(), lc::io::shard_folder(b.out, s.shard).c_str());
      return static_cast<int>(ExitCode::ok);
    }
  }
  const lc::AccessRun run = [&] {
    if (b.shard.empty()) return lc::api::access(r);
    const std::string plan = parse_shard(b.shard).plan;
    const lc::ShardPlan p = lc::io::read_shard_plan(plan);
    const std::vector<lc::AccessShard> shards = lc::io::read_access_shards(b.out, static_cast<lc::Id>(p.shards.size()));
    for (const lc::AccessShard& s : shards) {
      if (s.arguments != b.arguments) {
        throw lc::InputError(lc::io::shard_folder(b.out, s.shard) + ": shard " + std::to_string(s.shard) +
                             " was run with other arguments than the merge's; run every shard with the same command");
      }
    }
    return lc::api::merge_access(r, plan, shards);
  }();
  lc::io::write_access_outputs(b.out, run, output, b.lang);
  std::vector<std::string> layers = {"demand"};
  if (r.measure != lc::AccessKind::proximity) layers.push_back("facilities");
  if (run.inputs.districts.size() > 0) layers.push_back("districts");
  std::string written = lc::io::written_outputs("access", layers, b.out, output);
  if (!lc::io::is_postgres_output(b.out)) written += ", report.md, report.html";
  lc::cli::print_access(run, lc::io::masked_connection(b.out), written, b.lang);
  draw_map(b);
  return static_cast<int>(ExitCode::ok);
}

struct ShardPlanArgs {
  lc::api::ShardPlanRequest r;
  std::string mode = "distance";
  double top_speed_kmh = 0;
  std::string out;
  std::vector<std::string> coords;  // --coords as given; applied by SourceCoords
};

int run_shard_plan(ShardPlanArgs& a, lc::WebCoords districts_coords, lc::WebCoords demand_coords) {
  if (a.out.empty()) throw UsageError("shard plan needs --out PLAN (a folder)");
  a.r.mode = parse_mode(a.mode);
  a.r.top_speed_mps = a.top_speed_kmh / 3.6;
  a.r.districts_coords = districts_coords;
  a.r.demand.coords = demand_coords;
  const lc::ShardPlan plan = lc::api::shard_plan(a.r);
  lc::io::write_shard_plan(a.out, plan);
  lc::cli::print_shard_plan(plan, a.out);
  return static_cast<int>(ExitCode::ok);
}

// `shard merge PLAN --out OUT`: the command of the shards (recorded in OUT/shard-K/shard.json)
// run again with --shard PLAN:merge.
int merge_shards(const std::string& plan, const std::string& out, const char* argv0) {
  const lc::ShardPlan p = lc::io::read_shard_plan(plan);
  std::string first;  // the folder of the first shard with results
  for (lc::Id k = 0; k < p.shards.size() && first.empty(); ++k) {
    if (std::filesystem::exists(lc::io::shard_folder(out, k) + "/shard.json")) first = lc::io::shard_folder(out, k);
  }
  if (first.empty()) throw lc::InputError(out + ": no shard's results (shard-0, shard-1, ... with a shard.json)");
  const std::string command = lc::io::shard_command(first);
  const std::vector<std::string> arguments = lc::io::shard_arguments(first);
  std::vector<std::string> args = {argv0, command};
  args.insert(args.end(), arguments.begin(), arguments.end());
  args.insert(args.end(), {"--shard", plan + ":merge"});
  std::vector<char*> c_args;
  for (std::string& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  return run_cli(static_cast<int>(args.size()), c_args.data());
}

struct ShardSlurmArgs {
  std::string plan;
  std::vector<std::string> command;  // after --: coverage and its arguments
  std::string only;                  // --only 1,3
  bool submit = false;
  int cpus = 1;
  std::string mem = "auto", merge_mem = "auto";
  std::string time, partition;
};

int run_shard_slurm(const ShardSlurmArgs& a) {
  if (a.command.empty() || (a.command.front() != "coverage" && a.command.front() != "access" && a.command.front() != "check" &&
                            a.command.front() != "propose" && a.command.front() != "isochrones")) {
    throw UsageError("shard slurm PLAN -- coverage ARGS: the command to split goes after --: coverage, access, check, propose "
                     "or isochrones");
  }
  lc::io::SlurmJobs j;
  j.plan = std::filesystem::absolute(a.plan).string();
  j.binary = std::filesystem::read_symlink("/proc/self/exe").string();
  for (std::size_t i = 0; i < a.command.size(); ++i) {
    const std::string& t = a.command[i];
    if (t == "--shard" || t.rfind("--shard=", 0) == 0) throw UsageError("shard slurm: leave --shard out of the command; each task adds its own");
    if (t == "--out" && i + 1 < a.command.size()) j.out = a.command[i + 1];
    else if (t.rfind("--out=", 0) == 0) j.out = t.substr(6);
  }
  if (j.out.empty()) throw UsageError("shard slurm: the command needs --out (the run's folder, shared by the tasks and the merge)");
  j.out = std::filesystem::absolute(j.out).string();
  j.workdir = std::filesystem::current_path().string();
  j.command = a.command;
  const lc::ShardPlan plan = lc::io::read_shard_plan(a.plan);
  if (a.only.empty()) {
    for (lc::Id k = 0; k < plan.shards.size(); ++k) j.shards.push_back(k);
  } else {
    for (const std::string& t : split_list(a.only)) {
      char* end = nullptr;
      const unsigned long k = std::strtoul(t.c_str(), &end, 10);
      if (t.empty() || *end != '\0' || k >= plan.shards.size()) {
        throw UsageError("--only '" + a.only + "': shard numbers from 0 to " + std::to_string(plan.shards.size() - 1));
      }
      j.shards.push_back(static_cast<lc::Id>(k));
    }
  }
  if (a.cpus < 1) throw UsageError("--cpus must be at least 1");
  j.cpus = a.cpus;
  // Memory: as given, or from the plan's demand counts (a plan made with --demand), or 2 GiB.
  auto megabytes = [](const std::string& option, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    const std::string unit = end;
    const double mb = unit == "M" || unit == "MB" ? v : unit == "G" || unit == "GB" ? v * 1024 : -1;
    if (!(mb > 0)) throw UsageError(option + " '" + text + "': give megabytes or gigabytes, e.g. 2048M or 4G, or auto");
    return static_cast<long>(std::ceil(mb));
  };
  bool network = false;  // the command runs in walk or drive mode
  for (std::size_t i = 0; i < a.command.size(); ++i) {
    const std::string& t = a.command[i];
    const std::string mode = t == "--mode" && i + 1 < a.command.size() ? a.command[i + 1] : t.rfind("--mode=", 0) == 0 ? t.substr(7) : "";
    if (mode == "walk" || mode == "drive") network = true;
  }
  const lc::api::ShardMemory need = lc::api::shard_memory(plan, j.shards, a.command.front(), network);
  const std::string roads_read =
      need.roads_counted ? " and " + lc::thousands(static_cast<double>(need.most_segments)) + " road segments" : std::string();
  std::string sized;
  if (a.mem != "auto") {
    j.mem_mb = megabytes("--mem", a.mem);
  } else if (need.counted) {
    j.mem_mb = need.task_mb;
    sized = "tasks " + std::to_string(j.mem_mb) + " MiB, for " + (need.whole_demand ? "the run's " : "the largest shard's ") +
            lc::thousands(static_cast<double>(need.most_read)) + " demand points" + roads_read + " read";
  } else {
    j.mem_mb = 2048;
    sized = "tasks 2048 MiB (the plan has no demand counts: make it with --demand to size the requests, or give --mem)";
  }
  if (a.merge_mem != "auto") {
    j.merge_mem_mb = megabytes("--merge-mem", a.merge_mem);
  } else if (need.counted) {
    j.merge_mem_mb = need.merge_mb;
    sized += std::string(sized.empty() ? "" : "; ") + "merge " + std::to_string(j.merge_mem_mb) + " MiB, for " +
             lc::thousands(static_cast<double>(need.points)) + " demand points" +
             (need.roads_counted ? " and " + lc::thousands(static_cast<double>(need.segments)) + " road segments" : std::string());
    if (network && !need.roads_counted) sized += " (the roads not counted: plan with --roads to count them, or give --merge-mem)";
  } else {
    j.merge_mem_mb = j.mem_mb;
  }
  j.time = a.time;
  j.partition = a.partition;
  const lc::io::SlurmScripts s = lc::io::write_slurm_jobs(j, a.submit);
  std::printf("Wrote %s (an array of %zu tasks) and %s\n", s.shards_script.c_str(), j.shards.size(), s.merge_script.c_str());
  if (!sized.empty()) std::printf("Memory: %s\n", sized.c_str());
  if (a.submit) {
    std::printf("Submitted: shards job %s, merge job %s (after every task succeeded)\n", s.shards_job.c_str(), s.merge_job.c_str());
  } else {
    std::printf("Submit them with: sbatch %s, then sbatch --dependency=afterok:<its id> %s\n", s.shards_script.c_str(), s.merge_script.c_str());
  }
  return static_cast<int>(ExitCode::ok);
}

struct MapArgs {
  std::string run_dir, out, size = "297x210mm", title, lang = "en", basemap, bbox, districts, html, tiles;
  std::string category, by = "points";  // an access run's folder
  double dpi = 200.0;
};

lc::api::MeasureChoice measure_choice(const MapArgs& a) {
  if (a.by != "points" && a.by != "districts") throw UsageError("--by '" + a.by + "': use points or districts");
  return {a.category, a.by == "districts"};
}

// --html FILE: the web page of the folder (Leaflet and the data inlined).
void write_html(const MapArgs& a) {
  lc::api::HtmlMapRequest r;
  r.run_dir = a.run_dir;
  r.html.out_path = a.html;
  r.html.title = a.title;
  r.html.tiles = a.tiles;
  r.html.lang = a.lang;
  if (!a.bbox.empty()) r.html.bbox = lc::option::bbox(a.bbox);
  r.html.districts = split_list(a.districts);
  r.measure = measure_choice(a);
  const lc::io::HtmlMap m = lc::api::html_map(r);
  std::string layers;
  for (const auto& [name, n] : m.features) layers += (layers.empty() ? "" : ", ") + name + " " + lc::thousands(static_cast<double>(n));
  std::printf("HTML map of %s: %s, %s bytes, features: %s%s\n", a.run_dir.c_str(), m.path.c_str(),
              lc::thousands(static_cast<double>(m.bytes)).c_str(), layers.c_str(),
              m.demand_aggregated ? (" (" + lc::thousands(static_cast<double>(m.demand_points)) + " demand points as grid cells)").c_str() : "");
}

int run_map(const MapArgs& a) {
  if (a.out.empty() && a.html.empty()) throw UsageError("map: give --out FILE (a print map), --html FILE (a web page), or both");
  if (!a.tiles.empty() && a.html.empty()) throw UsageError("--tiles: only for --html");
  if (a.out.empty()) {
    write_html(a);
    return static_cast<int>(ExitCode::ok);
  }
  lc::api::MapRequest r;
  r.run_dir = a.run_dir;
  r.print.out_path = a.out;
  r.print.dpi = a.dpi;
  r.print.title = a.title;
  r.print.lang = a.lang;
  r.print.basemap = a.basemap;
  if (!a.bbox.empty()) r.print.bbox = lc::option::bbox(a.bbox);
  r.print.districts = split_list(a.districts);
  r.measure = measure_choice(a);
  const auto [width_mm, height_mm] = lc::option::page_size_mm(a.size);
  r.print.width_mm = width_mm;
  r.print.height_mm = height_mm;
  const lc::io::PrintMap m = lc::api::map(r);
  std::printf("Map of %s: %s, %d x %d %s, %zu layers (%s), CRS %s\n", a.run_dir.c_str(), m.path.c_str(), m.width, m.height,
              m.path.size() > 4 && m.path.compare(m.path.size() - 4, 4, ".png") == 0 ? "px" : "pt", m.layers.size(),
              [&] {
                std::string l;
                for (const std::string& n : m.layers) l += (l.empty() ? "" : ", ") + n;
                return l;
              }().c_str(),
              m.crs.c_str());
  if (!a.html.empty()) write_html(a);
  return static_cast<int>(ExitCode::ok);
}

int run_layers(const lc::api::LayersRequest& r, lc::Lang lang) {
  lc::cli::print_layers(lc::api::layers(r), lang);
  return static_cast<int>(ExitCode::ok);
}

// --coords C describes the source option just before it on the command line, with nothing
// between them (of a --facilities given several paths, the last). Read off the arguments in
// their order, as CLI11 keeps each option's values but not their order among other options.
struct SourceCoords {
  std::vector<lc::WebCoords> facilities;  // per --facilities path
  lc::WebCoords demand = lc::WebCoords::wgs84, roads = lc::WebCoords::wgs84, districts = lc::WebCoords::wgs84;
  lc::WebCoords candidates = lc::WebCoords::wgs84, competitors = lc::WebCoords::wgs84;
};

SourceCoords source_coords(int argc, char** argv) {
  SourceCoords out;
  // The source the next --coords describes: its option, and for --facilities which path (+1).
  std::string last;
  std::size_t facility = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string token = argv[i];
    if (token.rfind("--", 0) != 0) continue;
    const std::size_t eq = token.find('=');
    const std::string name = token.substr(0, eq);
    if (name == "--facilities") {
      int values = eq != std::string::npos ? 1 : 0;
      while (eq == std::string::npos && i + 1 + values < argc && argv[i + 1 + values][0] != '-') ++values;
      out.facilities.resize(out.facilities.size() + values, lc::WebCoords::wgs84);
      last = values > 0 ? name : "", facility = out.facilities.size();
    } else if (name == "--demand" || name == "--roads" || name == "--districts" || name == "--candidates" ||
               name == "--competitors") {
      last = name, facility = 0;
    } else if (name == "--coords") {
      const std::string value = eq != std::string::npos ? token.substr(eq + 1) : (i + 1 < argc ? argv[i + 1] : "");
      lc::WebCoords c;
      if (!lc::parse_web_coords(value, c)) {
        throw UsageError("--coords '" + value + "': use wgs84, gcj02 (Amap, Tencent) or bd09 (Baidu)");
      }
      if (last.empty()) {
        throw UsageError("--coords " + value + " describes the source option just before it: give it right after "
                         "--facilities, --demand, --roads, --districts, --candidates or --competitors and its value");
      }
      if (last == "--facilities") out.facilities[facility - 1] = c;
      else if (last == "--demand") out.demand = c;
      else if (last == "--roads") out.roads = c;
      else if (last == "--districts") out.districts = c;
      else if (last == "--candidates") out.candidates = c;
      else out.competitors = c;
      last.clear();
    } else {
      last.clear();  // another option between a source and --coords: the --coords describes none
    }
  }
  return out;
}

// Options shared by the commands that read facilities, demand and (network modes) roads.
void add_common_options(CLI::App* app, CoverageArgs& args) {
  app->add_option("--facilities", args.facility_paths,
                  "facility source (any GDAL source; .osm.pbf uses the tag mapping); may be given more than once")
      ->required();
  app->add_option("--facilities-layer", args.facilities.layer, "layer of the facility source");
  app->add_option("--category-field", args.facilities.category_field, "field whose values name the category");
  app->add_option("--category-map", args.facilities.category_map,
                  "YAML file: field value -> category, or an Amap/Baidu code table (default for Amap and Baidu "
                  "exports: data/amap_typecodes.yaml, data/baidu_categories.yaml)");
  app->add_option("--category", args.facilities.category, "every facility of the layer is this category");
  app->add_option("--tag-mapping", args.load.tag_mapping, "OSM tag -> category rules (default data/osm_categories.yaml)");
  app->add_option("--demand", args.demand.path, "demand source: points, polygons, population raster or .osm.pbf")->required();
  app->add_option("--demand-layer", args.demand.layer, "layer of the demand source");
  app->add_option("--population-field", args.demand.population_field, "population (or weight) field of the demand");
  lc::CensusSource& census = args.demand.census;
  app->add_option("--census", census.path,
                  "census table by sub-district (CSV, XLSX, ...): population joined to the --demand polygons by code or name");
  app->add_option("--census-layer", census.layer, "layer (sheet) of --census");
  app->add_option("--census-key", args.census_key, "join by code or name (default: code when both sides have one, else name)");
  app->add_option("--census-code-field", census.code_field, "code column of --census (default: 统计用区划代码, 代码, code, ...)");
  app->add_option("--census-name-field", census.name_field, "name column of --census (default: 名称, 街道, 乡镇, name, ...)");
  app->add_option("--census-population-field", census.population_field, "population column of --census (default: 常住人口, 人口, ...)");
  app->add_option("--census-aged60-field", census.aged60_field, "residents aged 60+ (default: 60岁及以上, ...): demand weight 'elderly'");
  app->add_option("--census-aged65-field", census.aged65_field, "residents aged 65+ (default: 65岁及以上, ...): demand weight 'aged65'");
  app->add_option("--unit-code-field", census.unit_code_field, "code field of the --demand units (default: 代码, code, adcode, ...)");
  app->add_option("--unit-name-field", census.unit_name_field, "name field of the --demand units (default: name, 名称, 街道, ...)");
  app->add_option("--spread-by", census.spread_by,
                  "spread each unit's census population in proportion to buildings (area x levels), an .osm.pbf's buildings, "
                  "or a population raster (default: evenly over the --cell-size grid)");
  app->add_option("--spread-by-layer", census.spread_layer, "layer of --spread-by");
  app->add_option("--spread-levels-field", census.levels_field, "levels field of --spread-by (default: building:levels, levels, 层数, ...)");
  for (const char* name : {"--census-layer", "--census-key", "--census-code-field", "--census-name-field", "--census-population-field",
                           "--census-aged60-field", "--census-aged65-field", "--unit-code-field", "--unit-name-field", "--spread-by"}) {
    app->get_option(name)->needs("--census");
  }
  app->get_option("--spread-by-layer")->needs("--spread-by");
  app->get_option("--spread-levels-field")->needs("--spread-by");
  app->add_option("--proxy-settings", args.load.proxy_settings, "OSM population proxy settings (default data/population_proxy.yaml)");
  app->add_option("--cell-size", args.load.cell_size_m, "grid cell in metres for splitting demand polygons")->capture_default_str();
  app->add_option("--encoding", args.load.encoding, "character set of Shapefile (.dbf) or MapInfo attributes, e.g. CP936 for a GBK .dbf without a .cpg");
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
  app->add_option("--polygons", args.polygons,
                  "network service areas and isochrones: exact (reached roads cut at the exact cost, buffered and "
                  "dissolved) or fast (contoured from a raster of the same bands; dissolved only)")
      ->capture_default_str();
  app->add_option("--polygon-cell", args.polygon_cell, "--polygons fast: the raster's cell (default half the --buffer)");
  app->add_option("--surface", args.surface, "also write travel_time_<category>.tif at this cell size (e.g. 50m)");
  app->add_option("--crs", args.load.metric_crs, "metric CRS for computing (default: the CGCS2000 3-degree Gauss-Kruger zone of the data inside China, else its UTM zone)");
  app->add_option("--source-crs", args.load.source_crs, "CRS of sources that state none");
  app->add_option("--coords", args.coords,
                  "after a source option: its longitude/latitude are wgs84 (default), gcj02 (Amap/Gaode, Tencent) or "
                  "bd09 (Baidu); converted to WGS-84 as read")
      ->allow_extra_args(false);
  app->add_option("--out", args.out, "output folder")->required();
  app->get_option("--category")->excludes("--category-field");
  app->get_option("--category")->excludes("--category-map");
  app->get_option("--category-field")->needs("--category-map");
}

// --format and a --out that may be a database, for the commands that write vector outputs.
void add_output_options(CLI::App* app, CoverageArgs& args) {
  app->add_option("--format", args.format, "vector outputs: geojson, gpkg (one GeoPackage), fgb or shp")->capture_default_str();
  app->get_option("--out")->description("output folder, or PG:dbname=... [schema=...] to write PostgreSQL tables");
  app->add_option("--map", args.map, "also draw a print map of the outputs: map.png, map.svg or map.pdf (A4, 200 dpi)");
  app->add_option("--html", args.html, "also write the outputs as a self-contained web map: map.html");
  app->add_option("--output-coords", args.output_coords,
                  "longitude/latitude of the vector outputs: wgs84 (EPSG:4326), or gcj02 / bd09 to lay them over Amap, "
                  "Tencent or Baidu basemaps (folders only; not with --map)")
      ->capture_default_str();
}


}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"lifecircle: coverage, siting and compliance for life-circle planning"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifecircle 0.1.0");

  CoverageArgs cov;
  CLI::App* coverage = app.add_subcommand("coverage", "population within reach of each facility category");
  add_common_options(coverage, cov);
  add_output_options(coverage, cov);
  coverage->add_option("--within", cov.within, "threshold: 15min, 800m, gb15|gb10|gb5, or fitness=10min,health=15min")->capture_default_str();
  coverage->add_option("--mode", cov.mode, "distance (straight line), walk or drive (along the road network)")->capture_default_str();
  coverage->add_option("--shard", cov.shard,
                       "PLAN:K: compute shard K of a `shard plan` into OUT/shard-K; PLAN:merge: the whole run from them "
                       "(what `shard merge` does)");

  IsochroneArgs iso;
  iso.base.mode = "walk";
  CLI::App* isochrones = app.add_subcommand("isochrones", "areas and population within travel-time bands of the facilities");
  add_common_options(isochrones, iso.base);
  add_output_options(isochrones, iso.base);
  isochrones->add_option("--breaks", iso.breaks, "bands: minutes (5,10,15) or metres (500m,1000m)")->capture_default_str();
  isochrones->add_option("--mode", iso.base.mode, "walk or drive")->capture_default_str();
  isochrones->add_option("--merge", iso.merge, "dissolve (one area per category) or split (each place to its nearest facility)")->capture_default_str();
  isochrones->add_option("--shape", iso.shape, "disks (everything within a break) or rings (between breaks)")->capture_default_str();
  isochrones->add_option("--shard", iso.base.shard,
                         "PLAN:K: draw the split areas of shard K's facilities (--merge split) into OUT/shard-K; PLAN:merge: the "
                         "whole run from them (what `shard merge` does)");

  ProposeArgs prop;
  CLI::App* propose = app.add_subcommand("propose", "where to put new facilities: mclp, lscp, pmedian, pcenter");
  add_common_options(propose, prop.base);
  add_output_options(propose, prop.base);
  propose->remove_option(propose->get_option("--category"));
  propose->remove_option(propose->get_option("--polygons"));
  propose->remove_option(propose->get_option("--polygon-cell"));
  propose->get_option("--facilities")->required(false);
  propose->add_option("--category", prop.category, "the category to site (existing facilities of it are kept); with --cost-matrix a label");
  propose->add_option("--existing-ids", prop.existing_ids, "with --cost-matrix: sites already open, as a,b,c or a file of ids");
  propose->add_option("--model", prop.model, "mclp, lscp, pmedian or pcenter")->capture_default_str();
  propose->add_option("--add", prop.add, "how many new sites (mclp, pmedian, pcenter)");
  propose->add_option("--target-share", prop.target_share, "lscp: share of the coverable weight to cover")->capture_default_str();
  propose->add_option("--within", prop.base.within, "coverage threshold: 15min, 800m, gb15 (default); with --cost-matrix a number in its units")->capture_default_str();
  propose->add_option("--mode", prop.base.mode, "distance, walk or drive")->capture_default_str();
  propose->add_option("--weight-field", prop.weight_field, "demand weight field (e.g. people aged 60+)");
  propose->add_option("--candidates", prop.candidates, "candidate sites: any GDAL source, or 'roads' for road junctions");
  propose->add_option("--candidates-layer", prop.candidates_layer, "layer of --candidates");
  propose->add_option("--candidate-id-field", prop.candidate_id_field, "id field of the candidates");
  propose->add_option("--candidate-cost-field", prop.candidate_cost_field, "a cost field carried to the output");
  propose->add_option("--candidate-capacity-field", prop.candidate_capacity_field,
                      "capacity (weight served) per candidate: capacitated mclp and pmedian (an empty value: no limit)");
  propose->add_option("--capacity-field", prop.capacity_field,
                      "capacity (weight served) of the existing facilities (--facilities tables or layers; an empty value: no limit)");
  propose->add_option("--places-per-person", prop.places_per_person,
                      "capacities are places (beds): the places one unit of weight needs, e.g. 0.04 beds per person aged 60+")
      ->capture_default_str();
  propose->add_option("--candidate-grid", prop.candidate_grid, "generate candidates on a grid, e.g. 200m");
  propose->add_option("--exclude", prop.exclude, "polygons closed to new sites (water, protected land)");
  propose->add_option("--exclude-layer", prop.exclude_layer, "layer of --exclude");
  propose->add_option("--competitors", prop.competitors, "facilities that cover but are not the user's");
  propose->add_option("--competitors-layer", prop.competitors_layer, "layer of --competitors");
  propose->add_option("--districts", prop.districts, "district polygons, each to have at least --min-per-district sites");
  propose->add_option("--districts-layer", prop.districts_layer, "layer of --districts");
  propose->add_option("--district-name-field", prop.district_name_field, "name field of --districts (default: name, NAME, 名称, ...)");
  propose->add_option("--min-per-district", prop.min_per_district, "at least this many sites of the category in every district, existing ones counted");
  propose->add_option("--cost-matrix", prop.cost_matrix, "CSV of (demand id, candidate id, cost) from any router");
  propose->add_option("--demand-id-field", prop.demand_id_field, "with --cost-matrix: the demand id column (and field of --demand)");
  propose->add_option("--cost-field", prop.cost_field, "with --cost-matrix: the cost column")->capture_default_str();
  propose->add_flag("--exact", prop.exact, "proven optimum from CBC (within --time-limit)");
  propose->add_flag("--heuristic", prop.heuristic, "the fast heuristic");
  propose->add_option("--time-limit", prop.time_limit_s, "seconds for the exact solver")->capture_default_str();
  propose->add_option("--shard", prop.base.shard,
                      "PLAN:K: shard K's Reach rows (its sites) into OUT/shard-K; PLAN:merge: the model on them all "
                      "(what `shard solve` does)");

  CheckArgs chk;
  CLI::App* check = app.add_subcommand("check", "check a plan against planning standards: exit 0 pass, 1 fail");
  add_common_options(check, chk.base);
  for (const char* name : {"--facilities", "--demand", "--out"}) check->get_option(name)->required(false);
  check->remove_option(check->get_option("--surface"));
  check->remove_option(check->get_option("--buffer"));
  check->remove_option(check->get_option("--polygons"));
  check->remove_option(check->get_option("--polygon-cell"));
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
  check->add_option("--map", chk.base.map, "also draw a print map of the districts' verdicts: map.png, .svg or .pdf");
  check->add_option("--html", chk.base.html, "also write the districts' verdicts as a self-contained web map: map.html");
  check->add_flag("--strict", chk.strict, "a preset rule whose field the data lacks is an error, not 'not evaluated'");
  check->add_option("--shard", chk.base.shard,
                    "PLAN:K: measure shard K of a `shard plan` into OUT/shard-K (with the plan's --districts); "
                    "PLAN:merge: the whole check from them (what `shard merge` does; its exit code is the check's)");

  AccessArgs acc;
  CLI::App* access = app.add_subcommand("access", "accessibility and its equity: gravity, 2SFCA/E2SFCA/3SFCA, proximity time, capacity");
  add_common_options(access, acc.base);
  add_output_options(access, acc.base);
  for (const char* name : {"--surface", "--buffer", "--polygons", "--polygon-cell"}) {
    access->remove_option(access->get_option(name));
  }
  access->add_option("--measure", acc.measure, "cumulative, gravity, 2sfca, e2sfca, 3sfca, proximity or capacity")->capture_default_str();
  access->add_option("--within", acc.base.within, "catchment: 15min, 800m, gb15 (default), or health=15min,fitness=10min; proximity: the search limit (default 30min)");
  access->add_option("--mode", acc.base.mode, "distance (straight line), walk or drive (along the road network)")->capture_default_str();
  access->add_option("--decay", acc.decay, "distance decay: step, linear, exponential, gaussian, power or zones (gravity, e2sfca, 3sfca)");
  access->add_option("--decay-param", acc.decay_params,
                     "exponential: beta per minute (per km for a length); power: the exponent; zones: weights of equal zones, e.g. 1,0.68,0.22");
  access->add_option("--per", acc.per, "FCA measures: supply per this many people (default 1000)");
  access->add_option("--k", acc.k, "proximity: the nearest k facilities of each category")->capture_default_str();
  access->add_option("--target", acc.target, "proximity: the score's limit")->capture_default_str();
  access->add_option("--supply-field", acc.supply_field, "facility supply (beds, places, doctors); capacity: required");
  access->add_option("--weight-field", acc.weight_field, "demand weight field (e.g. people aged 60+; with --census: elderly or aged65)");
  access->add_option("--places-per-person", acc.places_per_person, "capacity: places one person needs, e.g. 0.04 beds per person aged 60+")->capture_default_str();
  access->add_option("--priority-field", acc.priority_field, "capacity: facilities serve in this field's order, highest first (default: by capacity)");
  access->add_flag("--priority-ascending", acc.priority_ascending, "capacity: lowest --priority-field value first");
  access->add_option("--rank-by", acc.rank_by, "concentration index: rank people by this demand field, or FIELD/population (e.g. elderly/population)");
  access->add_option("--districts", acc.districts, "district polygons to report by");
  access->add_option("--districts-layer", acc.districts_layer, "layer of --districts");
  access->add_option("--district-name-field", acc.district_name_field, "name field of --districts (default: name, NAME, 名称, ...)");
  access->add_option("--shard", acc.base.shard, "PLAN:K: compute shard K of a `shard plan` into OUT/shard-K; PLAN:merge: the whole run from them");

  ShardPlanArgs shard_plan_args;
  CLI::App* shard = app.add_subcommand("shard", "split a run by district across machines or batch jobs");
  shard->require_subcommand(1);
  CLI::App* shard_plan = shard->add_subcommand("plan", "group districts into shards balanced by population and area, each with its halo");
  {
    lc::api::ShardPlanRequest& r = shard_plan_args.r;
    shard_plan->add_option("--districts", r.districts_path, "district polygons (sub-districts, townships, counties)")->required();
    shard_plan->add_option("--districts-layer", r.districts_layer, "layer of --districts");
    shard_plan->add_option("--district-name-field", r.district_name_field, "name field of --districts (default: name, NAME, 名称, ...)");
    shard_plan->add_option("--demand", r.demand.path, "the runs' demand: its population per district balances the shards");
    shard_plan->add_option("--demand-layer", r.demand.layer, "layer of --demand");
    shard_plan->add_option("--population-field", r.population_field,
                           "population field of --demand, or without --demand of --districts (neither: balanced by area)");
    shard_plan->add_option("--halo", r.halo, "the farthest any threshold of the runs reaches: 15min, 1500m")->required();
    shard_plan->add_option("--mode", shard_plan_args.mode, "distance, walk or drive: how the halo's time is travelled")->capture_default_str();
    shard_plan->add_option("--speed", r.walk_speed_mps, "walking speed in m/s")->capture_default_str();
    shard_plan->add_option("--top-speed", shard_plan_args.top_speed_kmh, "km/h: the fastest travel in --mode (default: the fastest line of --roads)");
    shard_plan->add_option("--roads", r.roads.path, "road centrelines (an .osm.pbf or a line layer): their fastest line bounds a time halo");
    shard_plan->add_option("--roads-layer", r.roads.layer, "line layer of --roads");
    shard_plan->add_option("--road-class-field", r.roads.class_field, "field with a highway-like road class");
    shard_plan->add_option("--road-speed-field", r.roads.speed_field, "field with the speed in km/h");
    shard_plan->add_option("--road-profile", r.road_profile, "walk/drive rules and speeds (default data/road_speeds.yaml)");
    shard_plan->add_option("--target-population", r.target_population, "people per shard (the count is the total over it, rounded up)")
        ->capture_default_str();
    shard_plan->add_option("--shards", r.shards, "this many shards instead");
    shard_plan->add_option("--crs", r.metric_crs, "metric CRS every shard computes in (default: as every command chooses it)");
    shard_plan->add_option("--source-crs", r.source_crs, "CRS of sources that state none");
    shard_plan->add_option("--cell-size", r.cell_size_m, "grid cell in metres for splitting demand polygons")->capture_default_str();
    shard_plan->add_option("--encoding", r.encoding, "character set of Shapefile (.dbf) attributes");
    shard_plan->add_option("--coords", shard_plan_args.coords,
                           "after --districts or --demand: its longitude/latitude are wgs84 (default), gcj02 or bd09")
        ->allow_extra_args(false);
    shard_plan->add_option("--out", shard_plan_args.out, "the plan's folder: plan.json and shards.gpkg")->required();
  }
  std::string merge_plan, merge_out;
  CLI::App* shard_merge = shard->add_subcommand("merge", "the whole run from its shards' results (the same files one machine writes)");
  shard_merge->add_option("plan", merge_plan, "the plan's folder")->required();
  shard_merge->add_option("--out", merge_out, "the run's folder, holding shard-0, shard-1, ...")->required();
  // The same entry point under the name a siting run's last step goes by.
  std::string solve_plan, solve_out;
  CLI::App* shard_solve = shard->add_subcommand("solve", "a split propose run's model on its shards' Reach rows (shard merge by another name)");
  shard_solve->add_option("plan", solve_plan, "the plan's folder")->required();
  shard_solve->add_option("--out", solve_out, "the run's folder, holding shard-0, shard-1, ...")->required();
  ShardSlurmArgs slurm_args;
  std::vector<std::string> total_runs;
  std::string total_out;
  CLI::App* shard_total = shard->add_subcommand(
      "total", "add up the figures of coverage runs over regions that do not overlap (a country's provinces): total.json");
  shard_total->add_option("runs", total_runs, "the runs' folders (each with a coverage summary.json)")->required();
  shard_total->add_option("--out", total_out, "the folder for total.json")->required();
  lc::api::ShardExtractRequest extract_req;
  CLI::App* shard_extract = shard->add_subcommand(
      "extract", "cut an .osm.pbf into one extract per shard, which the shards of coverage, check and access then read");
  shard_extract->add_option("plan", extract_req.plan_dir, "the plan's folder (the extracts go into PLAN/extracts)")->required();
  shard_extract->add_option("--source", extract_req.source, "the .osm.pbf (or .osm) the runs read")->required();
  shard_extract->add_option("--grow", extract_req.grow_m,
                            "metres each shard's districts are grown by (default: 4 halos + --max-snap, what check and access read)");
  shard_extract->add_option("--max-snap", extract_req.max_snap_m, "the runs' --max-snap in metres")->capture_default_str();
  shard_extract->add_option("--tag-mapping", extract_req.tag_mapping, "the runs' OSM tag -> category rules: their facilities are kept in every extract");
  CLI::App* shard_slurm = shard->add_subcommand("slurm", "run a split run as a Slurm job array and a merge job: shard slurm PLAN -- coverage ARGS");
  shard_slurm->add_option("plan", slurm_args.plan, "the plan's folder")->required();
  shard_slurm->add_option("command", slurm_args.command, "after --: the command to split, with its --out")->required();
  shard_slurm->add_flag("--submit", slurm_args.submit, "submit the jobs with sbatch (else only write the scripts)");
  shard_slurm->add_option("--only", slurm_args.only, "only these shards, e.g. 1,3 (to run failed ones again)");
  shard_slurm->add_option("--cpus", slurm_args.cpus, "CPUs per task")->capture_default_str();
  shard_slurm->add_option("--mem", slurm_args.mem,
                          "memory per task, e.g. 2048M or 4G; auto: from the plan's demand counts (a plan made with --demand), else 2048M")
      ->capture_default_str();
  shard_slurm->add_option("--merge-mem", slurm_args.merge_mem,
                          "memory of the merge job, which loads the whole run; auto: from the plan's demand counts, else --mem")
      ->capture_default_str();
  shard_slurm->add_option("--time", slurm_args.time, "time limit per task, e.g. 01:00:00");
  shard_slurm->add_option("--partition", slurm_args.partition, "the Slurm partition");

  lc::api::LayersRequest layers_req;
  lc::FacilitySource& layers_src = layers_req.source;
  std::string& layers_mapping = layers_req.tag_mapping;
  CLI::App* layers = app.add_subcommand("layers", "list the layers of a GDAL source and its facilities per category");
  layers->add_option("source", layers_src.path, "file or connection string")->required();
  layers->add_option("--layer", layers_src.layer, "layer whose facilities are counted");
  layers->add_option("--category-field", layers_src.category_field, "field whose values name the category");
  layers->add_option("--category-map", layers_src.category_map, "YAML file: field value -> category");
  layers->add_option("--category", layers_src.category, "every feature of the layer is this category");
  layers->add_option("--tag-mapping", layers_mapping, "OSM tag -> category rules");

  MapArgs map_args;
  CLI::App* map = app.add_subcommand(
      "map", "draw a print map (PNG, SVG, PDF) or a web page (HTML) of a coverage, isochrones, propose, check or access output folder");
  map->add_option("run_dir", map_args.run_dir, "the output folder of a run")->required();
  map->add_option("--out", map_args.out, "the print map file: .png, .svg or .pdf");
  map->add_option("--html", map_args.html, "a self-contained web page of the folder (Leaflet inlined, opens offline)");
  map->add_option("--tiles", map_args.tiles, "--html: a Leaflet tile URL template, e.g. https://tile.example/{z}/{x}/{y}.png (default: none)");
  map->add_option("--size", map_args.size, "page size, e.g. 297x210mm (A4 landscape)")->capture_default_str();
  map->add_option("--dpi", map_args.dpi, "PNG resolution")->capture_default_str();
  map->add_option("--title", map_args.title, "title (default: one made from the run)");
  map->add_option("--lang", map_args.lang, "en or zh: the language of the legend and frame (print), of the legend, layers and popups (--html)")->capture_default_str();
  map->add_option("--basemap", map_args.basemap, "basemap source (default: the run's OpenStreetMap extract)");
  map->add_option("--bbox", map_args.bbox, "zoom to min_lon,min_lat,max_lon,max_lat");
  map->add_option("--districts", map_args.districts, "zoom to these districts of a check's or access run's folder: NAME,NAME");
  map->add_option("--category", map_args.category,
                  "an access run's folder: the category whose measure is drawn (default: the first with facilities; "
                  "proximity: the mean over the categories)");
  map->add_option("--by", map_args.by, "an access run's folder: points (demand points by class) or districts (districts filled by the class of their mean)")
      ->capture_default_str();

  // --threads N on every command: TBB's thread limit for the run.
  int threads = 0;
  for (CLI::App* sub : {coverage, isochrones, propose, check, access, shard_plan, layers, map}) {
    sub->add_option("--threads", threads, "threads for the parallel stages (default: one per core; in a Slurm job, its --cpus-per-task)");
  }
  // --lang on every command (map has its own, above, with the same values).
  std::string lang_text = "en";
  for (CLI::App* sub : {coverage, isochrones, propose, check, access, layers}) {
    sub->add_option("--lang", lang_text, "en or zh: the language of what is printed, of report.md (check) and of --map / --html")
        ->capture_default_str();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(ExitCode::usage);
  }

  prop.within_given = propose->count("--within") > 0;
  cov.format_given = coverage->count("--format") > 0;
  iso.base.format_given = isochrones->count("--format") > 0;
  prop.base.format_given = propose->count("--format") > 0;
  acc.base.format_given = access->count("--format") > 0;
  acc.within_given = access->count("--within") > 0;
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  if (!cov.shard.empty() || !acc.base.shard.empty() || !chk.base.shard.empty() || !prop.base.shard.empty() ||
      !iso.base.shard.empty()) {
    // A shard, and the merge, record the command as the whole run would: without its --shard.
    CoverageArgs& split = !cov.shard.empty()        ? cov
                          : !acc.base.shard.empty() ? acc.base
                          : !chk.base.shard.empty() ? chk.base
                          : !iso.base.shard.empty() ? iso.base
                                                    : prop.base;
    command_line = argv[0];
    for (int i = 1; i < argc; ++i) {
      const std::string t = argv[i];
      if (t == "--shard") {
        ++i;
        continue;
      }
      if (t.rfind("--shard=", 0) == 0) continue;
      if (i > 1) split.arguments.push_back(t);
      command_line += " " + t;
    }
  }
  const auto interrupted = [](int signal, bool after_outputs) {
    std::fprintf(stderr, "lifecircle: %s: %s\n", lc::Interrupted(signal).what(),
                 after_outputs ? "stopped after the outputs were written"
                               : "stopped; no output was changed (temporary files removed)");
    return lc::cli::interrupted_exit_code(signal);
  };
  lc::cli::install_interrupt_handlers();
  try {
    const SourceCoords coords = source_coords(argc, argv);
    for (CoverageArgs* a : {&cov, &iso.base, &prop.base, &chk.base, &acc.base}) {
      a->facility_coords = coords.facilities;
      a->demand.coords = coords.demand;
      a->load.roads.coords = coords.roads;
      a->load.districts_coords = coords.districts;
    }
    lc::Lang lang = lc::Lang::en;
    if (!lc::parse_lang(lang_text, lang)) throw UsageError("--lang '" + lang_text + "': en or zh");
    for (CoverageArgs* a : {&cov, &iso.base, &prop.base, &chk.base, &acc.base}) a->lang = lang;
    prop.candidates_coords = coords.candidates;
    prop.competitors_coords = coords.competitors;
    bool threads_given = false;
    for (CLI::App* sub : {coverage, isochrones, propose, check, access, shard_plan, layers, map}) threads_given |= sub->count("--threads") > 0;
    if (threads_given && threads < 1) throw UsageError("--threads " + std::to_string(threads) + ": give 1 or more threads");
    // In a Slurm job, the CPUs it was given per task (--cpus-per-task), unless --threads says.
    const char* slurm_cpus = std::getenv("SLURM_CPUS_PER_TASK");
    if (!threads_given && slurm_cpus) threads = std::atoi(slurm_cpus);
    const std::shared_ptr<void> thread_limit = lc::cli::limit_threads(threads);
    const int code = [&] {
      if (coverage->parsed()) return run_coverage(cov, command_line);
      if (isochrones->parsed()) return run_isochrones(iso, command_line);
      if (propose->parsed()) return run_propose(prop, command_line);
      if (layers->parsed()) return run_layers(layers_req, lang);
      if (map->parsed()) return run_map(map_args);
      if (check->parsed()) return run_check(chk, command_line);
      if (access->parsed()) return run_access(acc, command_line);
      if (shard_plan->parsed()) return run_shard_plan(shard_plan_args, coords.districts, coords.demand);
      if (shard_merge->parsed()) return merge_shards(merge_plan, merge_out, argv[0]);
      if (shard_solve->parsed()) return merge_shards(solve_plan, solve_out, argv[0]);
      if (shard_slurm->parsed()) return run_shard_slurm(slurm_args);
      if (shard_extract->parsed()) {
        const lc::OsmExtractSet set = lc::api::shard_extract(extract_req);
        lc::cli::print_osm_extracts(set, extract_req.plan_dir);
        return 0;
      }
      if (shard_total->parsed()) {
        const lc::CoverageTotal t = lc::api::coverage_total(total_runs);
        lc::io::write_coverage_total(total_out, t);
        lc::cli::print_coverage_total(t, total_out);
        return 0;
      }
      return static_cast<int>(ExitCode::usage);
    }();
    if (const int s = lc::interrupt_requested()) return interrupted(s, true);
    return code;
  } catch (const lc::Interrupted& e) {
    return interrupted(e.signal(), false);
  } catch (const std::exception& e) {
    // A failure while an interrupt was pending (e.g. a GEOS call it stopped) is the interrupt.
    if (const int s = lc::interrupt_requested()) return interrupted(s, false);
    if (dynamic_cast<const lc::UsageError*>(&e)) {
      std::fprintf(stderr, "lifecircle: usage error: %s\n", e.what());
      return static_cast<int>(ExitCode::usage);
    }
    if (dynamic_cast<const lc::InputError*>(&e)) {
      std::fprintf(stderr, "lifecircle: input error: %s\n", e.what());
      return static_cast<int>(ExitCode::input_data);
    }
    std::fprintf(stderr, "lifecircle: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::internal);
  }
}

int main(int argc, char** argv) { return run_cli(argc, argv); }
