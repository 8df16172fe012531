#include "api/map.hpp"

#include "algorithms/web_grid.hpp"
#include "core/errors.hpp"

namespace lc::api {

io::PrintMap map(const MapRequest& request) {
  if (request.print.out_path.empty()) throw UsageError("map: give --out map.png (or .svg, .pdf)");
  return io::write_print_map(request.run_dir, request.print);
}

io::HtmlMap html_map(const HtmlMapRequest& request) {
  if (request.html.out_path.empty()) throw UsageError("map: give --html map.html");
  if (!(request.grid_cell_m > 0)) throw UsageError("map: the grid's cell size must be above 0 m");
  io::HtmlMapOptions options = request.html;
  MercatorGrid grid;
  const LonLatPoints points = io::demand_to_grid(request.run_dir, request.demand_grid_above);
  if (points.size() > 0) {
    grid = mercator_grid(points, request.grid_cell_m);
    options.demand_grid = &grid;
  }
  return io::write_html_map(request.run_dir, options);
}

}  // namespace lc::api
