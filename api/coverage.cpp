#include "api/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "algorithms/coverage.hpp"
#include "algorithms/isochrone.hpp"
#include "algorithms/network_coverage.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/service_area.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/network.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "io/atomic_output.hpp"
#include "io/contour.hpp"

namespace lc::api {

namespace {

// The straight-line circle of the same size as each network threshold, for comparison: metres
// as they are, walking minutes at the walking speed, no circle for driving minutes.
void circle_comparison(const Inputs& in, const std::vector<Threshold>& thresholds, TravelMode mode, NetworkRunInfo& n) {
  CoverageOptions circles;
  std::vector<int> circle_of(in.categories.size(), -1);
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    double r = thresholds[c].metres();
    if (thresholds[c].by_time() && mode == TravelMode::walk) r = thresholds[c].value * in.walk_speed_mps;
    n.circle_within_m.push_back(r);
    if (std::isfinite(r)) {
      circle_of[c] = static_cast<int>(circles.categories.size());
      circles.categories.push_back({c, within_metres(r)});
    }
  }
  const CoverageResult circle = compute_coverage(in.demand, in.facilities, circles);
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    n.circle_share.push_back(circle_of[c] >= 0 ? circle.categories[circle_of[c]].share() : NAN);
  }
}

// A large demand is also summed on a grid of about 200 cells across (1, 2 or 5 x 10^k m, at least
// 100 m), for maps that cannot draw every point.
void summarise_on_grid(CoverageRun& run) {
  const Demand& d = run.inputs.demand;
  if (d.size() <= grid_above_points) return;
  const auto [x0, x1] = std::minmax_element(d.x_m.begin(), d.x_m.end());
  const auto [y0, y1] = std::minmax_element(d.y_m.begin(), d.y_m.end());
  const double want = std::max(*x1 - *x0, *y1 - *y0) / 200.0;
  double cell = 100.0;
  for (double p = 100.0; cell < want; p *= 10.0) {
    for (double f : {1.0, 2.0, 5.0}) {
      cell = f * p;
      if (cell >= want) break;
    }
  }
  run.out_of_reach = out_of_reach_grid(d, run.result, cell);
}

}  // namespace

CoverageRun coverage(const CoverageRequest& request) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  const TravelMode mode = request.sources.load.mode;
  const bool network = mode != TravelMode::distance;
  if (mode == TravelMode::cost_matrix) throw UsageError("coverage takes --mode distance, walk or drive");
  validate(request.network);
  if (request.surface_cell_m > 0 && !network) throw UsageError("--surface needs --mode walk or drive");
  if (request.network.polygons == PolygonMethod::fast && !network)
    throw UsageError("--polygons fast needs --mode walk or drive (distance service areas are circles)");
  for (const CategoryThreshold& t : request.within) {
    if (t.threshold.mode != mode) throw UsageError("--within '" + t.threshold.text + "' was resolved for another travel mode");
  }
  LoadOptions load = request.sources.load;
  if (network) load.walk_speed_mps = request.network.walk_speed_mps;

  CoverageRun run;
  StageClock clock;
  run.inputs = load_inputs(request.sources.facilities, request.sources.demand, load);
  run.info.timings.add("load", clock.lap());
  run.info.threads = parallel_threads();
  const Inputs& in = run.inputs;
  try {
    run.thresholds = thresholds_for(request.within, in.categories.names, mode, request.network.walk_speed_mps);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--within ") + e.what());
  }

  CoverageRunInfo& info = run.info;
  info.command_line = request.command_line;
  info.facility_sources = request.sources.facilities;
  info.demand_source = request.sources.demand;
  info.load_options = load;
  info.speed_mps = request.network.walk_speed_mps;
  info.mode = to_string(mode);
  for (const Threshold& t : run.thresholds) info.within_text.push_back(t.text);

  if (!network) {
    CoverageOptions options;
    for (CategoryId c = 0; c < in.categories.size(); ++c) options.categories.push_back({c, run.thresholds[c]});
    run.result = compute_coverage(in.demand, in.facilities, options);
    info.timings.add("coverage", clock.lap());
    for (const CategoryCoverage& c : run.result.categories) {
      run.areas.push_back(dissolve_circles(in.facilities, c.facilities, c.category, c.within_m));
    }
    info.timings.add("polygons", clock.lap());
    summarise_on_grid(run);
    info.timings.add("summary", clock.lap());
    return run;
  }

  const RoadGraph graph = build_road_graph(in.roads);
  info.timings.add("graph", clock.lap());
  if (std::string note = detail::web_coords_note(graph, in, request.sources.facilities); !note.empty()) {
    run.inputs.notes.push_back(std::move(note));
  }
  NetworkCoverageOptions nopt;
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    nopt.categories.push_back({c, run.thresholds[c]});
  }
  nopt.access_speed_mps = in.walk_speed_mps;
  nopt.max_snap_m = request.network.max_snap_m;
  nopt.buffer_m = request.network.buffer_m;
  nopt.polygons = request.network.polygons;
  nopt.polygon_cell_m = request.network.polygon_cell_m;
  NetworkCoverage nc = compute_network_coverage(graph, in.demand, in.facilities, nopt);
  clock.lap();
  info.timings.add(nc.timings);
  if (!nc.area_fields.empty()) {
    // Each category's edge (GDAL) made a polygon (GEOS), the categories side by side.
    tbb::parallel_for(std::size_t{0}, nc.area_fields.size(), [&](std::size_t k) {
      IsochronePolygon p;
      polygon_of_rings(io::contour_rings(nc.area_fields[k]), p);
      nc.areas[k].area_m2 = p.area_m2;
      nc.areas[k].wkb = std::move(p.wkb);
    });
    nc.area_fields.clear();
    info.timings.add("contour", clock.lap());
  }
  run.surfaces = detail::travel_time_surfaces(graph, in, nc.facility_snaps, request.surface_cell_m, request.network.max_snap_m);
  if (!run.surfaces.empty()) info.timings.add("surfaces", clock.lap());
  run.result = std::move(nc.coverage);
  run.areas = std::move(nc.areas);

  NetworkRunInfo& n = info.network;
  circle_comparison(in, run.thresholds, mode, n);
  info.timings.add("distance_comparison", clock.lap());
  n.used = true;
  n.roads_source = in.roads_source;
  n.road_profile = load.road_profile.empty() ? "data/road_speeds.yaml" : load.road_profile;
  n.walk_speed_mps = in.walk_speed_mps;
  n.max_snap_m = request.network.max_snap_m;
  n.polygon_method = request.network.polygons == PolygonMethod::fast ? "fast" : "exact";
  n.polygon_cell_m = request.network.polygon_cell_m > 0 ? request.network.polygon_cell_m : request.network.buffer_m / 2;
  n.nodes = graph.node_count();
  n.segments = graph.segment_count();
  n.components = graph.component_nodes.size();
  n.largest_component_nodes = graph.largest_component == invalid_id ? 0 : graph.component_nodes[graph.largest_component];
  n.demand_unsnapped = detail::ids_of(nc.demand_unsnapped, in.demand.source_id);
  n.demand_on_island = detail::ids_of(nc.demand_on_island, in.demand.source_id);
  n.facility_unsnapped = detail::ids_of(nc.facility_unsnapped, in.facilities.source_id);
  n.facility_on_island = detail::ids_of(nc.facility_on_island, in.facilities.source_id);
  summarise_on_grid(run);
  info.timings.add("summary", clock.lap());
  return run;
}

}  // namespace lc::api
