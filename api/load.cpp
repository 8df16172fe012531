#include "api/load.hpp"

#include <cmath>

#include "algorithms/grid_fill.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/errors.hpp"
#include "io/read_inputs.hpp"

namespace lc::api {

void spread_demand(Inputs& in) {
  DemandPolygons& p = in.demand_polygons;
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
  in.demand = permuted(in.demand, morton_order(in.demand.x_m, in.demand.y_m, demand_order_cell_m));
  in.demand.validate();
}

Inputs load_inputs(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options) {
  io::validate_sources(facilities, demand, options);
  Inputs in;
  io::StagedSources staged = io::read_sources(facilities, demand, options, in);
  io::choose_categories(staged, in);
  io::choose_crs(staged, in);
  io::stage_facilities(staged, in);
  io::stage_demand(staged, in);
  io::stage_areas(staged, in);
  io::stage_roads(staged, in);
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
