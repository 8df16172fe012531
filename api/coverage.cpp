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
#include "algorithms/shard_plan.hpp"
#include "algorithms/spatial_order.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/network.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/shard_plan.hpp"
#include "io/atomic_output.hpp"
#include "io/contour.hpp"
#include "io/write_shard_plan.hpp"
#include "io/write_shard_run.hpp"

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


CoverageOptions distance_options(const CoverageRun& run) {
  CoverageOptions options;
  for (CategoryId c = 0; c < run.inputs.categories.size(); ++c) options.categories.push_back({c, run.thresholds[c]});
  return options;
}

// The service areas (dissolved circles) and the grid of a distance run, once its result is known.
void finish_distance(CoverageRun& run, StageClock& clock) {
  for (const CategoryCoverage& c : run.result.categories) {
    run.areas.push_back(dissolve_circles(run.inputs.facilities, c.facilities, c.category, c.within_m));
  }
  run.info.timings.add("polygons", clock.lap());
  summarise_on_grid(run);
  run.info.timings.add("summary", clock.lap());
}

// The plan of a split run.
ShardPlan plan_for(const std::string& plan_dir) { return io::read_shard_plan(plan_dir); }

// The run against its plan: thresholds within the halo, the plan's districts. A time threshold
// reaches its time at the fastest speed of `roads` (and of the walk to and from them): a shard
// checks it against the roads it read, which are all its searches can use (a route that left them
// would have gone farther than the halo first); the merge, not searching catchments, does not.
void check_against_plan(const CoverageRun& run, const ShardPlan& plan, const std::string& plan_dir, const RoadLines* roads = nullptr) {
  double top = run.inputs.walk_speed_mps;
  if (roads) {
    for (float v : roads->speed_mps) top = std::max(top, static_cast<double>(v));
  }
  for (const Threshold& t : run.thresholds) {
    if (t.by_time() && !roads) continue;
    const double reach = t.by_time() ? t.value * top : t.value;
    if (reach > plan.halo.metres * (1 + (t.by_time() ? 1e-6 : 1e-12))) {  // a speed is a float
      const std::string how = t.by_time() ? " reaches " + shortest(std::round(reach)) + " m at " + shortest(top) + " m/s" :
                                            " reaches " + shortest(t.value) + " m";
      throw UsageError("--within " + t.text + how + ", beyond the halo of " + shortest(plan.halo.metres) +
                       " m of the shard plan " + plan_dir + ": plan again with a wider --halo");
    }
  }
  if (run.inputs.districts.size() != plan.district_shard.size()) {
    throw InputError("the shard plan " + plan_dir + " has " + std::to_string(plan.district_shard.size()) + " districts, " +
                     plan.districts_path + " now holds " + std::to_string(run.inputs.districts.size()));
  }
}

// Everything before the computation: validation, loading, the thresholds and the run's record.
// With a plan: in the plan's CRS, with the plan's districts (for the shards' ownership).
CoverageRun prepare(const CoverageRequest& request, StageClock& clock, const ShardPlan* plan = nullptr,
                    const std::vector<double>& demand_bounds = {}, const std::vector<double>& road_bounds = {},
                    const std::string& plan_dir = {}, Id shard = invalid_id) {
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
  const LoadOptions recorded = load;  // what the summary states: a shard computes as the whole run
  if (plan) {
    if (!load.metric_crs.empty() && load.metric_crs != plan->crs) {
      throw UsageError("--crs " + load.metric_crs + ": the shard plan computes in " + plan->crs);
    }
    load.metric_crs = plan->crs;
    load.districts_path = plan->districts_path;
    load.districts_layer = plan->districts_layer;
    load.district_name_field = plan->district_name_field;
    load.demand_bounds = demand_bounds;
    load.road_bounds = road_bounds;
    if (shard != invalid_id) {  // a shard: the OSM files it reads from their extracts, if cut
      std::vector<std::string> paths{request.sources.demand.path, load.roads.path};
      for (const FacilitySource& f : request.sources.facilities) paths.push_back(f.path);
      std::vector<double> boxes = demand_bounds;
      boxes.insert(boxes.end(), road_bounds.begin(), road_bounds.end());
      detail::use_osm_extracts(plan_dir, *plan, shard, paths, boxes, load);
    }
  }

  CoverageRun run;
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
  info.load_options = recorded;
  info.speed_mps = request.network.walk_speed_mps;
  info.mode = to_string(mode);
  for (const Threshold& t : run.thresholds) info.within_text.push_back(t.text);
  return run;
}

// The network half of a run (walk or drive), its inputs loaded: the graph, the searches, the
// areas, the surfaces and the record. `catchments` (a split run's merge): each category's
// count_within and population_in_reach as the shards searched them; the rest is searched here,
// over the whole network, as one machine does.
void run_network(const CoverageRequest& request, CoverageRun& run, StageClock& clock,
                 const std::vector<CategoryCoverage>* catchments = nullptr) {
  const TravelMode mode = request.sources.load.mode;
  const Inputs& in = run.inputs;
  CoverageRunInfo& info = run.info;
  const LoadOptions& load = info.load_options;
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
  nopt.catchments = catchments == nullptr;
  NetworkCoverage nc = compute_network_coverage(graph, in.demand, in.facilities, nopt);
  if (catchments) {
    for (std::size_t k = 0; k < nc.coverage.categories.size(); ++k) {
      nc.coverage.categories[k].count_within = (*catchments)[k].count_within;
      nc.coverage.categories[k].population_in_reach = (*catchments)[k].population_in_reach;
    }
    summarise_coverage(in.demand, in.facilities, nc.coverage);
  }
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
}

}  // namespace

CoverageRun coverage(const CoverageRequest& request) {
  StageClock clock;
  CoverageRun run = prepare(request, clock);
  if (request.sources.load.mode == TravelMode::distance) {
    run.result = compute_coverage(run.inputs.demand, run.inputs.facilities, distance_options(run));
    run.info.timings.add("coverage", clock.lap());
    finish_distance(run, clock);
    return run;
  }
  run_network(request, run, clock);
  return run;
}

CoverageShard coverage_shard(const CoverageRequest& request, const std::string& plan_dir, Id shard) {
  const ShardPlan plan = plan_for(plan_dir);
  detail::check_shard_index(plan, plan_dir, shard);
  StageClock clock;
  // The demand read only within the halo of the shard's districts, box by box (where its source
  // allows); read again within the halo of the facilities it owns outside them too (one in no
  // district belongs to the nearest district's shard).
  const Shard& planned = plan.shards[shard];
  const double hw = plan.halo.metres;
  std::vector<double> boxes = shard_read_boxes(planned, hw);
  // In walk and drive, the roads too, within the boxes grown by the farthest a point snaps: the
  // road a point at a box's edge snaps to.
  const bool network = request.sources.load.mode != TravelMode::distance;
  auto road_boxes = [&](std::vector<double> b) {
    if (!network) return std::vector<double>{};
    for (std::size_t k = 0; k + 3 < b.size(); k += 4) {
      b[k] -= request.network.max_snap_m, b[k + 1] -= request.network.max_snap_m;
      b[k + 2] += request.network.max_snap_m, b[k + 3] += request.network.max_snap_m;
    }
    return b;
  };
  CoverageRun run = prepare(request, clock, &plan, boxes, road_boxes(boxes), plan_dir, shard);
  check_against_plan(run, plan, plan_dir);
  {
    const Inputs& in = run.inputs;
    const std::vector<Id> fo = owning_shards(in.districts, plan.district_shard, in.facilities.x_m, in.facilities.y_m);
    const std::vector<double> districts = shard_read_boxes(planned, 0);
    bool outside = false;
    for (Id f = 0; f < in.facilities.size(); ++f) {
      const double x = in.facilities.x_m[f], y = in.facilities.y_m[f];
      if (fo[f] != shard || in_boxes(districts, x, y)) continue;
      boxes.insert(boxes.end(), {x - hw, y - hw, x + hw, y + hw});
      outside = true;
    }
    if (outside) {
      clock = StageClock{};
      run = prepare(request, clock, &plan, boxes, road_boxes(boxes), plan_dir, shard);
    }
  }
  const Inputs& in = run.inputs;
  const Id n = in.demand.size();

  // The demand within the halo of the shard's districts (every point a facility it owns can
  // reach), against every facility (so the nearest is the whole run's): its own points' results,
  // and its own facilities' population in reach, are then the whole run's.
  const std::vector<Id> owner = owning_shards(in.districts, plan.district_shard, in.demand.x_m, in.demand.y_m);
  const std::vector<Id> facility_owner = owning_shards(in.districts, plan.district_shard, in.facilities.x_m, in.facilities.y_m);
  // Those in the boxes read (its districts', and its facilities' outside them, grown by the halo),
  // whatever the source gave.
  std::vector<Id> near;
  for (Id i = 0; i < n; ++i) {
    if (owner[i] == shard || in_boxes(boxes, in.demand.x_m[i], in.demand.y_m[i])) near.push_back(i);
  }
  const Demand part = permuted(in.demand, near);
  CoverageResult r;
  if (!network) {
    r = compute_coverage(part, in.facilities, distance_options(run));
  } else {
    // Walk or drive: every route of a threshold's cost from an owned point or facility stays
    // within the halo, on the roads read; the merge searches the nearest facilities and draws
    // the areas over the whole network, so only the catchments are searched here.
    check_against_plan(run, plan, plan_dir, &in.roads);
    const RoadGraph graph = build_road_graph(in.roads);
    NetworkCoverageOptions nopt;
    for (CategoryId c = 0; c < in.categories.size(); ++c) nopt.categories.push_back({c, run.thresholds[c]});
    nopt.access_speed_mps = in.walk_speed_mps;
    nopt.max_snap_m = request.network.max_snap_m;
    nopt.service_areas = false;
    r = std::move(compute_network_coverage(graph, part, in.facilities, nopt).coverage);
  }

  CoverageShard out;
  out.shard = shard;
  out.shards = static_cast<Id>(plan.shards.size());
  out.demand_points = n;
  out.facility_count = in.facilities.size();
  out.categories_count = static_cast<Id>(r.categories.size());
  if (network) out.road_lines = static_cast<std::int64_t>(in.roads.line_count());
  out.osm_extracts = in.osm_extracts;
  std::vector<Id> local;  // index into `near` of each owned point
  for (Id k = 0; k < near.size(); ++k) {
    if (owner[near[k]] != shard) continue;
    out.points.push_back(near[k]), local.push_back(k);
    out.x.push_back(in.demand.x_m[near[k]]), out.y.push_back(in.demand.y_m[near[k]]);
  }
  for (const CategoryCoverage& c : r.categories) {
    CategoryShard cs;
    for (Id k : local) {
      cs.nearest_m.push_back(c.nearest_m[k]);
      cs.nearest_facility.push_back(c.nearest_facility[k]);
      cs.count_within.push_back(c.count_within[k]);
    }
    for (std::size_t j = 0; j < c.facilities.size(); ++j) {
      if (facility_owner[c.facilities[j]] != shard) continue;
      cs.facilities.push_back(c.facilities[j]);
      cs.population_in_reach.push_back(c.population_in_reach[j]);
    }
    out.categories.push_back(std::move(cs));
  }
  return out;
}

CoverageRun merge_coverage(const CoverageRequest& request, const std::string& plan_dir, const std::vector<CoverageShard>& heads,
                           const std::string& run_dir) {
  const ShardPlan plan = plan_for(plan_dir);
  const std::vector<const CoverageShard*> by_index = detail::shards_by_index(heads, plan, plan_dir);
  StageClock clock;
  CoverageRun run = prepare(request, clock, &plan);
  check_against_plan(run, plan, plan_dir);
  const Inputs& in = run.inputs;
  const Id n = in.demand.size();
  const CategoryId nc = static_cast<CategoryId>(in.categories.size());
  for (const CoverageShard* s : by_index) {
    if (s->facility_count != in.facilities.size() || s->categories_count != nc) {
      throw InputError("shard " + std::to_string(s->shard) + " was run on other inputs: " + std::to_string(s->facility_count) +
                       " facilities, here " + std::to_string(in.facilities.size()));
    }
  }

  run.result.categories.clear();
  std::vector<std::vector<Id>> local_of(nc);
  for (CategoryId c = 0; c < nc; ++c) {
    CategoryCoverage cc;
    cc.category = c;
    cc.within_m = run.thresholds[c].value;
    cc.facilities = in.facilities.of_category(c);
    cc.nearest_m.assign(n, unreachable_m);
    cc.nearest_facility.assign(n, invalid_id);
    cc.count_within.assign(n, 0);
    cc.population_in_reach.assign(cc.facilities.size(), 0.0);
    local_of[c].assign(in.facilities.size(), invalid_id);
    for (Id k = 0; k < cc.facilities.size(); ++k) local_of[c][cc.facilities[k]] = k;
    run.result.categories.push_back(std::move(cc));
  }
  // Every point's and facility's result from the shard that owns it, each point once; a shard's
  // results read, used and let go in turn. A shard's points come in the run's demand order (a
  // subset keeps it), so one walk along the run's points finds them by their coordinates.
  run.halo_m = plan.halo.metres;
  const bool network = request.sources.load.mode != TravelMode::distance;
  std::vector<Id> owned_by(n, invalid_id);
  for (const CoverageShard* head : by_index) {
    const CoverageShard s = io::read_coverage_shard(io::shard_folder(run_dir, head->shard));
    if (s.shard != head->shard || s.categories.size() != nc) {
      throw InputError(io::shard_folder(run_dir, head->shard) + ": changed while the merge read it");
    }
    std::vector<Id> global;
    global.reserve(s.x.size());
    Id at = 0;
    for (std::size_t k = 0; k < s.x.size(); ++k) {
      while (at < n && !(in.demand.x_m[at] == s.x[k] && in.demand.y_m[at] == s.y[k])) ++at;
      if (at == n) {
        throw InputError("shard " + std::to_string(s.shard) + ": its point at (" + shortest(s.x[k]) + ", " + shortest(s.y[k]) +
                         ") is not a demand point of this run (were the shards run on other inputs?)");
      }
      if (owned_by[at] != invalid_id) throw InputError("demand point " + in.demand.source_id[at] + " is owned by two shards");
      owned_by[at] = s.shard;
      global.push_back(at++);
    }
    for (CategoryId c = 0; c < nc; ++c) {
      CategoryCoverage& cc = run.result.categories[c];
      const CategoryShard& cs = s.categories[c];
      for (std::size_t k = 0; k < global.size(); ++k) {
        const Id d = global[k];
        cc.nearest_m[d] = cs.nearest_m[k];
        cc.nearest_facility[d] = cs.nearest_facility[k];
        cc.count_within[d] = cs.count_within[k];
        // Points whose nearest facility is farther than their shard's halo: found here only
        // because every shard reads every facility; the halo the plan promises does not hold.
        const double m = cc.nearest_m[d];
        if (!network && std::isfinite(m) && m > plan.halo.metres) run.beyond_halo.push_back({c, d, s.shard, m});
      }
      for (std::size_t k = 0; k < cs.facilities.size(); ++k) {
        if (cs.facilities[k] >= local_of[c].size() || local_of[c][cs.facilities[k]] == invalid_id) {
          throw InputError("shard " + std::to_string(s.shard) + ": facility " + std::to_string(cs.facilities[k]) + " is not a " +
                           in.categories.names[c] + " facility of the run");
        }
        cc.population_in_reach[local_of[c][cs.facilities[k]]] = cs.population_in_reach[k];
      }
    }
  }
  for (Id d = 0; d < n && nc > 0; ++d) {
    if (owned_by[d] == invalid_id) {
      throw InputError("demand point " + in.demand.source_id[d] + " is owned by no shard: a shard reads the demand within its " +
                       "halo, so a point in no district must lie within the halo of its nearest district's shard");
    }
  }
  if (network) {
    // The catchments as the shards searched them; the nearest facilities, the areas and the
    // rest over the whole network. Points whose route to their nearest facility is longer than
    // the halo: their shard could not have seen it (it read the roads within the halo).
    const std::vector<CategoryCoverage> catchments = std::move(run.result.categories);
    run.result.categories.clear();
    run.info.timings.add("merge", clock.lap());
    run_network(request, run, clock, &catchments);
    for (CategoryId c = 0; c < nc; ++c) {
      const CategoryCoverage& cc = run.result.categories[c];
      for (Id d = 0; d < n; ++d) {
        const double m = cc.nearest_m[d];
        if (std::isfinite(m) && m > plan.halo.metres) run.beyond_halo.push_back({c, d, owned_by[d], m});
      }
    }
    return run;
  }
  summarise_coverage(in.demand, in.facilities, run.result);
  std::sort(run.beyond_halo.begin(), run.beyond_halo.end(),
            [](const HaloMiss& a, const HaloMiss& b) { return a.category != b.category ? a.category < b.category : a.point < b.point; });
  run.info.timings.add("merge", clock.lap());
  finish_distance(run, clock);
  return run;
}

}  // namespace lc::api
