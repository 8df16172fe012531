// lifecircle: one binary with subcommands. Parses options, calls the library, prints, and maps
// errors to the documented exit codes.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "algorithms/coverage.hpp"
#include "algorithms/network_coverage.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/service_area.hpp"
#include "core/within.hpp"
#include "io/error.hpp"
#include "io/layers.hpp"
#include "io/read_inputs.hpp"
#include "io/write_coverage.hpp"

namespace {

// Exit codes: documented in README.md; only ever appended to.
enum class ExitCode : int {
  ok = 0,
  check_failed = 1,  // reserved: a compliance check that fails
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

std::string thousands(double v) {
  long long n = static_cast<long long>(v + (v >= 0 ? 0.5 : -0.5));
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return (n < 0 ? "-" : "") + s;
}

struct CoverageArgs {
  lc::io::FacilitySource facilities;
  lc::io::DemandSource demand;
  lc::io::LoadOptions load;
  std::string categories;
  std::string within = "gb15";
  double speed_mps = lc::default_walk_speed_mps;
  std::string mode = "distance";
  double max_snap_m = 250.0;
  double buffer_m = 40.0;
  std::string out;
};

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
  for (const auto& w : within) {
    if (!w.category.empty() && !load.categories.empty() &&
        std::find(load.categories.begin(), load.categories.end(), w.category) == load.categories.end()) {
      throw lc::io::UsageError("--within names category '" + w.category + "', which --categories does not list");
    }
  }

  const lc::io::Inputs in = lc::io::load_inputs({a.facilities}, a.demand, load);

  lc::CoverageOptions options;
  lc::io::CoverageRunInfo info;
  info.command_line = command_line;
  info.facility_sources = {a.facilities};
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
  lc::io::write_coverage_outputs(a.out, in, result, areas, info);

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
  std::printf("\nWrote summary.json, demand.geojson, facilities.geojson, service_areas.geojson to %s\n", a.out.c_str());
  return static_cast<int>(ExitCode::ok);
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lifecircle: coverage, siting and compliance for life-circle planning"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifecircle 0.1.0");

  CoverageArgs cov;
  CLI::App* coverage = app.add_subcommand("coverage", "population within reach of each facility category");
  coverage->add_option("--facilities", cov.facilities.path, "facility source (any GDAL source; .osm.pbf uses the tag mapping)")->required();
  coverage->add_option("--facilities-layer", cov.facilities.layer, "layer of the facility source");
  coverage->add_option("--category-field", cov.facilities.category_field, "field whose values name the category");
  coverage->add_option("--category-map", cov.facilities.category_map, "YAML file: field value -> category");
  coverage->add_option("--category", cov.facilities.category, "every facility of the layer is this category");
  coverage->add_option("--tag-mapping", cov.load.tag_mapping, "OSM tag -> category rules (default data/osm_categories.yaml)");
  coverage->add_option("--demand", cov.demand.path, "demand source: points, polygons, population raster or .osm.pbf")->required();
  coverage->add_option("--demand-layer", cov.demand.layer, "layer of the demand source");
  coverage->add_option("--population-field", cov.demand.population_field, "population (or weight) field of the demand");
  coverage->add_option("--proxy-settings", cov.load.proxy_settings, "OSM population proxy settings (default data/population_proxy.yaml)");
  coverage->add_option("--cell-size", cov.load.cell_size_m, "grid cell in metres for splitting demand polygons")->capture_default_str();
  coverage->add_option("--categories", cov.categories, "comma-separated categories (default: every mapped category)");
  coverage->add_option("--within", cov.within, "threshold: 15min, 800m, gb15|gb10|gb5, or fitness=10min,health=15min")->capture_default_str();
  coverage->add_option("--speed", cov.speed_mps, "walking speed in m/s for minute thresholds")->capture_default_str();
  coverage->add_option("--mode", cov.mode, "distance (straight line), walk or drive (along the road network)")->capture_default_str();
  coverage->add_option("--roads", cov.load.roads.path, "road centrelines (default: the OSM facility source's roads)");
  coverage->add_option("--roads-layer", cov.load.roads.layer, "line layer of --roads");
  coverage->add_option("--road-class-field", cov.load.roads.class_field, "field with a highway-like road class");
  coverage->add_option("--road-speed-field", cov.load.roads.speed_field, "field with the speed in km/h");
  coverage->add_option("--road-oneway-field", cov.load.roads.oneway_field, "field with the one-way code (yes/-1/FT/TF/...)");
  coverage->add_option("--road-profile", cov.load.road_profile, "walk/drive rules and speeds (default data/road_speeds.yaml)");
  coverage->add_option("--max-snap", cov.max_snap_m, "metres: points farther from every road are unreachable")->capture_default_str();
  coverage->add_option("--buffer", cov.buffer_m, "metres: half-width of network service areas around reached roads")->capture_default_str();
  coverage->add_option("--crs", cov.load.metric_crs, "metric CRS for computing (default: UTM zone of the data)");
  coverage->add_option("--source-crs", cov.load.source_crs, "CRS of sources that state none");
  coverage->add_option("--out", cov.out, "output folder")->required();
  coverage->get_option("--category")->excludes("--category-field");
  coverage->get_option("--category-field")->needs("--category-map");
  coverage->get_option("--category-map")->needs("--category-field");

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
    if (layers->parsed()) return run_layers(layers_src, layers_mapping);
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
