#include "algorithms/network_coverage.hpp"

#include <cmath>

#include "algorithms/coverage.hpp"
#include "algorithms/isochrone.hpp"
#include "algorithms/road_graph.hpp"
#include "core/interrupt.hpp"

namespace lc {

NetworkCoverage compute_network_coverage(const RoadGraph& g, const Demand& demand, const Facilities& facilities,
                                         const NetworkCoverageOptions& options) {
  NetworkCoverage out;
  StageClock clock;
  const SegmentIndex index(g);
  out.demand_snaps = snap_points(index, demand.x_m, demand.y_m, options.max_snap_m);
  out.facility_snaps = snap_points(index, facilities.x_m, facilities.y_m, options.max_snap_m);
  auto report = [&](const std::vector<Snap>& snaps, std::vector<Id>& unsnapped, std::vector<Id>& island) {
    for (Id i = 0; i < snaps.size(); ++i) {
      if (!snaps[i].ok()) unsnapped.push_back(i);
      else if (g.component[g.seg_a[snaps[i].segment]] != g.largest_component) island.push_back(i);
    }
  };
  report(out.demand_snaps, out.demand_unsnapped, out.demand_on_island);
  report(out.facility_snaps, out.facility_unsnapped, out.facility_on_island);
  const PointsOnSegments on_segments = PointsOnSegments::build(g, out.demand_snaps);
  out.timings.add("snap", clock.lap());

  const Id n = demand.size();
  CoverageResult& result = out.coverage;
  for (const CategoryLimit& cl : options.categories) {
    check_interrupt();
    const Weight weight = cl.within.by_time() ? Weight::time : Weight::length;
    const float limit = static_cast<float>(cl.within.value);
    CategoryCoverage c;
    c.category = cl.category;
    c.within_m = cl.within.metres();
    c.within_s = cl.within.seconds();
    c.facilities = facilities.of_category(cl.category);
    std::vector<Snap> site_snaps;
    for (Id f : c.facilities) site_snaps.push_back(out.facility_snaps[f]);

    const NetworkCostOptions cost{weight, options.access_speed_mps};
    Dijkstra search(g.node_count());
    const NearestResult nearest = nearest_sites(g, site_snaps, out.demand_snaps, cost, no_passage, &search);
    Reach reach;
    if (options.catchments) {
      reach = network_catchments(g, site_snaps, out.demand_snaps, on_segments, cost, limit);
    } else {
      reach.n_sites = static_cast<Id>(site_snaps.size());
      reach.n_demand = n;
      reach.first.assign(site_snaps.size() + 1, 0);
    }

    c.nearest_m.assign(n, unreachable_m);
    c.nearest_s.assign(n, unreachable_m);
    c.nearest_facility.assign(n, invalid_id);
    for (Id d = 0; d < n; ++d) {
      if (nearest.site[d] == invalid_id) continue;
      c.nearest_m[d] = nearest.length_m[d];
      c.nearest_s[d] = nearest.time_s[d];
      c.nearest_facility[d] = c.facilities[nearest.site[d]];
    }
    c.count_within = reach.count_by_demand();
    c.population_in_reach.assign(c.facilities.size(), 0.0);
    for (Id k = 0; k < reach.n_sites; ++k) {
      for (Id i = reach.first[k]; i < reach.first[k + 1]; ++i) c.population_in_reach[k] += demand.weight[reach.demand[i]];
    }
    out.timings.add("search", clock.lap());
    if (options.service_areas) {
      ServiceArea area;
      area.category = cl.category;
      area.radius_m = c.within_m;
      area.facility_count = static_cast<std::uint32_t>(c.facilities.size());
      std::vector<ReachedPoint> points;
      for (Id d = 0; d < n; ++d) {
        const float cost_d = weight == Weight::time ? nearest.time_s[d] : nearest.length_m[d];
        if (cost_d <= limit) points.push_back({demand.x_m[d], demand.y_m[d], out.demand_snaps[d], cost_d, nearest.site[d]});
      }
      IsochroneOptions io;
      io.buffer_m = options.buffer_m;
      io.access_speed_mps = options.access_speed_mps;
      io.method = options.polygons;
      io.cell_m = options.polygon_cell_m;
      if (options.polygons == PolygonMethod::fast) {
        out.area_fields.push_back(isochrone_fields(g, search, weight, site_snaps, {limit}, points, io)[0]);
      } else {
        const std::vector<IsochronePolygon> polys = isochrones(g, search, weight, site_snaps, {limit}, points, io);
        if (!polys.empty()) {
          area.area_m2 = polys[0].area_m2;
          area.wkb = polys[0].wkb;
        }
      }
      out.areas.push_back(std::move(area));
      out.timings.add("polygons", clock.lap());
    }
    result.categories.push_back(std::move(c));
    out.reach.push_back(std::move(reach));
  }
  summarise_coverage(demand, facilities, result);
  return out;
}

}  // namespace lc
