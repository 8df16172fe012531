#include "api/map.hpp"

#include <filesystem>

#include "algorithms/value_classes.hpp"
#include "algorithms/web_grid.hpp"
#include "core/errors.hpp"
#include "io/measure_map.hpp"

namespace lc::api {

namespace {

ClassScheme scheme_of(const MeasureMap& m) {
  ClassScheme s;
  if (m.measure == "proximity") {
    s.breaks = {5, 10, 15, 20, 30};  // minutes; not reached: no value
    s.zero_class = false;
  } else if (m.measure == "capacity") {
    s.breaks = {0.25, 0.5, 0.75};  // the share of a point's weight served, above 0
  }
  s.max_value = m.value_limit;
  return s;
}

// The access run's measure when the folder is one; a UsageError for --category or --by on any
// other folder.
bool access_folder(const std::string& run_dir, const MeasureChoice& choice) {
  if (io::is_access_folder(run_dir)) return true;
  if (!choice.category.empty() || choice.by_districts) {
    throw UsageError("--category and --by go with an access run's folder; " + run_dir + " holds another run's outputs");
  }
  return false;
}

}  // namespace

MeasureMap measure_map(const std::string& run_dir, const MeasureChoice& choice, std::size_t grid_above, double cell_m) {
  if (!(cell_m > 0)) throw UsageError("map: the grid's cell size must be above 0 m");
  if (choice.by_districts && !std::filesystem::exists(std::filesystem::path(run_dir) / "districts.geojson")) {
    throw UsageError("--by districts: " + run_dir + " has no districts.geojson (run access with --districts)");
  }
  MeasureMap m = io::read_measure_map(run_dir, choice.category);
  m.classes = value_classes(m.points.value, m.points.population, m.points.sites, scheme_of(m));
  m.by_districts = choice.by_districts;
  if (m.points.size() > grid_above) m.grid = mercator_grid(m.points, cell_m);
  return m;
}

io::PrintMap map(const MapRequest& request) {
  if (request.print.out_path.empty()) throw UsageError("map: give --out map.png (or .svg, .pdf)");
  if (!access_folder(request.run_dir, request.measure)) return io::write_print_map(request.run_dir, request.print);
  const MeasureMap m = measure_map(request.run_dir, request.measure, request.demand_grid_above, request.grid_cell_m);
  io::PrintMapOptions options = request.print;
  options.measure = &m;
  return io::write_print_map(request.run_dir, options);
}

io::HtmlMap html_map(const HtmlMapRequest& request) {
  if (request.html.out_path.empty()) throw UsageError("map: give --html map.html");
  if (!(request.grid_cell_m > 0)) throw UsageError("map: the grid's cell size must be above 0 m");
  io::HtmlMapOptions options = request.html;
  if (access_folder(request.run_dir, request.measure)) {
    const MeasureMap m = measure_map(request.run_dir, request.measure, request.demand_grid_above, request.grid_cell_m);
    options.measure = &m;
    return io::write_html_map(request.run_dir, options);
  }
  MercatorGrid grid;
  const LonLatPoints points = io::demand_to_grid(request.run_dir, request.demand_grid_above);
  if (points.size() > 0) {
    grid = mercator_grid(points, request.grid_cell_m);
    options.demand_grid = &grid;
  }
  return io::write_html_map(request.run_dir, options);
}

}  // namespace lc::api
