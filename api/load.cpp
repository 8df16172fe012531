#include "api/load.hpp"

#include <algorithm>
#include <cmath>

#include "algorithms/grid_fill.hpp"
#include "api/detail/census.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/read_inputs.hpp"

namespace lc::api {

void spread_demand(Inputs& in) {
  DemandPolygons& p = in.demand_polygons;
  // Sized before it is made: the cells of the polygons' envelopes bound the points they give.
  double cells = 0;
  for (Id i = 0; i < p.size(); ++i) {
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (const Ring& r : p.rings[i]) {
      for (std::size_t k = 0; k + 1 < r.size(); k += 2) {
        x0 = std::min(x0, r[k]), x1 = std::max(x1, r[k]), y0 = std::min(y0, r[k + 1]), y1 = std::max(y1, r[k + 1]);
      }
    }
    if (x0 <= x1) cells += (std::floor((x1 - x0) / in.cell_size_m) + 1) * (std::floor((y1 - y0) / in.cell_size_m) + 1);
  }
  if (cells > max_spread_points) {
    throw UsageError("--cell-size " + shortest(in.cell_size_m) + "m: the demand polygons would be spread over up to " +
                     thousands(cells) + " grid points, more than " + thousands(max_spread_points) +
                     "; choose a cell of at least " + thousands(std::ceil(in.cell_size_m * std::sqrt(cells / max_spread_points))) + " m");
  }
  for (Id i = 0; i < p.size(); ++i) {
    const std::vector<std::pair<double, double>> inside = cell_centres_inside(p.rings[i], in.cell_size_m);
    std::size_t parts = inside.size();
    if (inside.empty()) {
      if (!std::isfinite(p.surface_x_m[i])) throw InputError(p.where[i] + ": no point on the surface of the polygon");
      in.demand.push_back(p.surface_x_m[i], p.surface_y_m[i], p.weight[i], p.source_id[i]);
      parts = 1;
    } else {
      const double part = p.weight[i] / static_cast<double>(inside.size());
      for (const auto& [x, y] : inside) in.demand.push_back(x, y, part, p.source_id[i]);
    }
    // Each further weight is split in the same proportion as the population: value / parts.
    for (const auto& [name, values] : p.attributes) {
      std::vector<double>& column = in.demand.attributes[name];
      column.insert(column.end(), parts, values[i] / static_cast<double>(parts));
    }
  }
  p = DemandPolygons{};
  // Demand is stored in spatial order: every later pass (coverage, siting) then walks memory and
  // the facility trees in the order points lie on the ground.
  in.demand = permuted(in.demand, fixed_order(in.demand.x_m, in.demand.y_m, demand_order_cell_m));
  in.demand.validate();
}

Inputs stage_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options) {
  io::validate_sources(facilities, demand, options);
  Inputs in;
  io::StagedSources staged = io::read_sources(facilities, demand, options, in);
  io::choose_categories(staged, in);
  io::choose_crs(staged, in);
  io::stage_facilities(staged, in);
  io::stage_demand(staged, in);
  io::stage_areas(staged, in);
  io::stage_roads(staged, in);
  return in;
}

Inputs load_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options) {
  Inputs in = stage_inputs(facilities, demand, options);
  if (!demand.census.path.empty()) detail::spread_census(in, demand.census, options);
  spread_demand(in);
  return in;
}

RoadLines load_roads(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options,
                     const std::string& metric_crs) {
  LoadOptions again = options;
  again.metric_crs = metric_crs;
  io::validate_sources(facilities, demand, again);
  Inputs in;
  io::StagedSources staged = io::read_sources(facilities, demand, again, in);
  io::choose_crs(staged, in);
  io::stage_roads(staged, in);
  return std::move(in.roads);
}

bool is_osm_source(const std::string& path) { return io::is_osm_source(path); }

}  // namespace lc::api
