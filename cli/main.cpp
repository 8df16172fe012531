// lifecircle: one binary with subcommands. Parses options, calls the library, prints, and maps
// errors to the documented exit codes.

#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "algorithms/coverage.hpp"
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
  std::string out;
};

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
  const lc::Within fallback = lc::parse_within("gb15");
  for (lc::CategoryId c = 0; c < in.categories.size(); ++c) {
    const lc::Within w = lc::within_for(within, in.categories.names[c], fallback);
    options.categories.push_back({c, w.radius_m(a.speed_mps)});
    info.within_text.push_back(w.text);
  }
  const lc::CoverageResult result = lc::compute_coverage(in.demand, in.facilities, options);
  std::vector<lc::ServiceArea> areas;
  for (const auto& c : result.categories) {
    areas.push_back(lc::dissolve_circles(in.facilities, c.facilities, c.category, c.within_m));
  }
  lc::io::write_coverage_outputs(a.out, in, result, areas, info);

  std::printf("Coverage by straight-line distance, CRS %s, %s demand points\n", in.crs.c_str(),
              thousands(in.demand.size()).c_str());
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  std::printf("%-14s %10s %10s %14s %14s %8s\n", "category", "facilities", "within", "covered", "population", "share");
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const auto& c = result.categories[k];
    char within_text[32];
    std::snprintf(within_text, sizeof within_text, "%.0f m", c.within_m);
    std::printf("%-14s %10zu %10s %14s %14s %7.1f%%%s\n", in.categories.names[c.category].c_str(), c.facilities.size(),
                within_text, thousands(c.population_covered).c_str(), thousands(c.population_total).c_str(),
                100.0 * c.share(), c.facilities.empty() ? "  (no facilities in the data)" : "");
  }
  std::printf("%-14s %10s %10s %14s %14s %7.1f%%\n", "life circle", "", "all",
              thousands(result.population_complete).c_str(), thousands(result.population_total).c_str(),
              100.0 * result.complete_share());
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
