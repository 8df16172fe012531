#include "api/isochrones.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

#include "algorithms/isochrone.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/network.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "io/atomic_output.hpp"
#include "io/contour.hpp"

namespace lc::api {

IsochroneRun isochrones(const IsochroneRequest& request) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  const TravelMode mode = request.sources.load.mode;
  if (mode != TravelMode::walk && mode != TravelMode::drive) throw UsageError("isochrones need --mode walk or drive");
  validate(request.network);
  if (request.breaks.empty()) throw UsageError("--breaks: give at least one break, e.g. 5,10,15");
  const CostUnit unit = request.breaks[0].unit;
  std::vector<float> limits;
  for (const Threshold& b : request.breaks) {
    if (b.unit != unit) throw UsageError("--breaks: use one unit for every break");
    limits.push_back(static_cast<float>(b.value));
  }
  if (!std::is_sorted(limits.begin(), limits.end()) || std::adjacent_find(limits.begin(), limits.end()) != limits.end()) {
    throw UsageError("--breaks must increase");
  }
  const bool minutes = unit == CostUnit::seconds;
  LoadOptions load = request.sources.load;
  load.walk_speed_mps = request.network.walk_speed_mps;

  IsochroneRun run;
  run.breaks = request.breaks;
  StageClock clock;
  run.inputs = load_inputs(request.sources.facilities, request.sources.demand, load);
  StageTimings& timings = run.info.timings;
  timings.add("load", clock.lap());
  run.info.threads = parallel_threads();
  for (CategoryId c = 0; c < run.inputs.categories.size(); ++c) {
    if (!run.inputs.facilities.of_category(c).empty()) continue;
    const std::string& name = run.inputs.categories.names[c];
    run.inputs.notes.push_back("no " + name + " facility in the data: " +
                               (request.split ? "no " + name + " isochrone is drawn" : "its " + name + " areas are empty, population 0"));
  }
  const Inputs& in = run.inputs;
  const RoadGraph graph = build_road_graph(in.roads);
  timings.add("graph", clock.lap());
  if (std::string note = detail::web_coords_note(graph, in, request.sources.facilities); !note.empty()) {
    run.inputs.notes.push_back(std::move(note));
  }
  const SegmentIndex index(graph);
  const double snap_m = request.network.max_snap_m;
  const std::vector<Snap> demand_snaps = snap_points(index, in.demand.x_m, in.demand.y_m, snap_m);
  const std::vector<Snap> facility_snaps = snap_points(index, in.facilities.x_m, in.facilities.y_m, snap_m);
  timings.add("snap", clock.lap());

  IsochroneOptions iso;
  iso.buffer_m = request.network.buffer_m;
  iso.split = request.split;
  iso.shape = request.shape;
  iso.method = request.network.polygons;
  iso.cell_m = request.network.polygon_cell_m;
  if (request.network.polygons == PolygonMethod::fast && request.split)
    throw UsageError("--polygons fast draws dissolved areas only: use --polygons exact with --merge split");
  iso.access_speed_mps = in.walk_speed_mps;
  const NetworkCostOptions cost{minutes ? Weight::time : Weight::length, in.walk_speed_mps};
  const double shown = minutes ? 60.0 : 1.0;  // the breaks as the user gave them: minutes or metres
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    const std::vector<Id> ids = in.facilities.of_category(c);
    std::vector<Snap> sites;
    for (Id f : ids) sites.push_back(facility_snaps[f]);
    SiteIsochrones r = site_isochrones(graph, in.demand, demand_snaps, sites, limits, cost, iso);
    clock.lap();
    timings.add(r.timings);
    if (request.network.polygons == PolygonMethod::fast) {
      // Each break's edge (GDAL) made a polygon (GEOS), the breaks side by side.
      tbb::parallel_for(std::size_t{0}, r.polygons.size(),
                        [&](std::size_t k) { polygon_of_rings(io::contour_rings(r.fields[k]), r.polygons[k]); });
      r.fields.clear();
      timings.add("contour", clock.lap());
    }
    for (std::size_t k = 0; k < r.polygons.size(); ++k) {
      const IsochronePolygon& p = r.polygons[k];
      IsochroneFeature f;
      f.category = in.categories.names[c];
      if (p.site != invalid_id) {
        f.site_id = in.facilities.source_id[ids[p.site]];
        f.site_name = in.facilities.name[ids[p.site]];
      }
      f.upper = p.upper / shown;
      f.lower = p.lower / shown;
      f.population = r.population[k];
      f.area_m2 = p.area_m2;
      f.wkb = p.wkb;
      run.features.push_back(std::move(f));
    }
    // Totals per break over all polygons of the category (polygons come break after break).
    for (std::size_t k = 0; k < limits.size(); ++k) {
      IsochroneTotal t{in.categories.names[c], ids.size(), limits[k] / shown, 0.0, 0.0};
      for (std::size_t i = k; i < r.polygons.size(); i += limits.size()) {
        t.population += r.population[i];
        t.area_m2 += r.polygons[i].area_m2;
      }
      run.totals.push_back(t);
    }
  }
  run.surfaces = detail::travel_time_surfaces(graph, in, facility_snaps, request.surface_cell_m, snap_m);
  if (!run.surfaces.empty()) timings.add("surfaces", clock.lap());

  IsochroneRunInfo& info = run.info;
  info.command_line = request.command_line;
  info.mode = to_string(mode);
  info.unit = minutes ? "min" : "m";
  for (const Threshold& b : request.breaks) info.breaks.push_back(b.value / shown);
  info.merge = request.split ? "split" : "dissolve";
  info.shape = request.shape == IsochroneShape::rings ? "rings" : "disks";
  info.polygon_method = request.network.polygons == PolygonMethod::fast ? "fast" : "exact";
  info.polygon_cell_m = request.network.polygon_cell_m > 0 ? request.network.polygon_cell_m : request.network.buffer_m / 2;
  info.buffer_m = request.network.buffer_m;
  info.roads_source = in.roads_source;
  info.walk_speed_mps = in.walk_speed_mps;
  info.categories = in.categories.names;
  return run;
}

}  // namespace lc::api
