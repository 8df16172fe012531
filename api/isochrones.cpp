#include "api/isochrones.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/parallel_for.h>

#include "algorithms/isochrone.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/shard_plan.hpp"
#include "algorithms/threads.hpp"
#include "api/detail/network.hpp"
#include "api/detail/shards.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/contour.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api {

namespace {

// A run split by a shard plan: a shard (the facilities it owns), or the merge (every polygon given).
using Split = detail::Split<IsochroneShard>;

// How far beyond its districts a shard of a split isochrones run reads roads and demand, so that
// every facility it owns is drawn as one machine draws it (algorithms/isochrone.hpp: a site's
// split area depends on the sites whose last-break areas' bounds come within split_context_m of
// its own). A facility it owns lies within a halo H of its districts; a last-break area within
// R = H + 2 snaps + the band of its facility (the road reached, the snap to it, and a demand
// point's link); the areas that weigh on it belong to facilities within 2R + the context; their
// pieces' costs come from routes within H of them, so from roads within R + H of those
// facilities: H + (2R + context) + (R + H) in all.
double split_read_m(double halo_m, double max_snap_m, const IsochroneOptions& o) {
  const double reach = halo_m + 2 * max_snap_m + o.buffer_m + 1.0;
  return 2 * halo_m + 3 * reach + split_context_m(o);
}

IsochroneRun run_isochrones(const IsochroneRequest& request, const Split& split) {
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
  IsochroneOptions iso;
  iso.buffer_m = request.network.buffer_m;
  iso.split = request.split;
  iso.shape = request.shape;
  iso.method = request.network.polygons;
  iso.cell_m = request.network.polygon_cell_m;
  if (request.network.polygons == PolygonMethod::fast && request.split)
    throw UsageError("--polygons fast draws dissolved areas only: use --polygons exact with --merge split");
  LoadOptions load = request.sources.load;
  load.walk_speed_mps = request.network.walk_speed_mps;
  const double snap_m = request.network.max_snap_m;
  if (split.plan) {
    const ShardPlan& plan = *split.plan;
    if (!request.split) {
      throw UsageError("--shard splits the per-facility areas (--merge split); a dissolved area is one polygon per break over "
                       "the whole region: run it on one machine");
    }
    if (request.surface_cell_m > 0) throw UsageError("--surface is one raster over the whole region: run it without --shard");
    if (!load.metric_crs.empty() && load.metric_crs != plan.crs) {
      throw UsageError("--crs " + load.metric_crs + ": the shard plan computes in " + plan.crs);
    }
    load.metric_crs = plan.crs;
    if (split.shard != invalid_id) {
      // A shard: the plan's districts (which facilities it owns), the demand and roads near them.
      load.districts_path = plan.districts_path;
      load.districts_layer = plan.districts_layer;
      load.district_name_field = plan.district_name_field;
      const double read_m = split_read_m(plan.halo.metres, snap_m, iso);
      load.demand_bounds = shard_read_boxes(plan.shards[split.shard], read_m);
      load.road_bounds = shard_read_boxes(plan.shards[split.shard], read_m + snap_m);
      std::vector<std::string> paths{request.sources.demand.path, load.roads.path};
      for (const FacilitySource& f : request.sources.facilities) paths.push_back(f.path);
      std::vector<double> all = load.demand_bounds;
      all.insert(all.end(), load.road_bounds.begin(), load.road_bounds.end());
      detail::use_osm_extracts(split.plan_dir, plan, split.shard, paths, all, load);
    }
  }

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

  // A shard: the breaks within the halo (a time at the fastest line read, or the walking speed),
  // and the facilities it owns, each within a halo of its districts.
  std::vector<std::uint8_t> owned;
  if (split.plan && split.shard != invalid_id) {
    const ShardPlan& plan = *split.plan;
    if (in.districts.size() != plan.district_shard.size()) {
      throw InputError("the shard plan " + split.plan_dir + " has " + std::to_string(plan.district_shard.size()) +
                       " districts, " + plan.districts_path + " now holds " + std::to_string(in.districts.size()));
    }
    double top = in.walk_speed_mps;
    for (float v : in.roads.speed_mps) top = std::max(top, static_cast<double>(v));
    const double reach = minutes ? limits.back() * top : limits.back();
    if (reach > plan.halo.metres * (1 + (minutes ? 1e-6 : 1e-12))) {  // a speed is a float
      throw UsageError("--breaks " + request.breaks.back().text + " reaches " + shortest(std::round(reach)) + " m" +
                       (minutes ? " at " + shortest(top) + " m/s" : std::string()) + ", beyond the halo of " +
                       shortest(std::round(plan.halo.metres)) + " m of the shard plan " + split.plan_dir +
                       ": plan again with a wider --halo");
    }
    const std::vector<Id> owner = owning_shards(in.districts, plan.district_shard, in.facilities.x_m, in.facilities.y_m);
    const std::vector<double> near = shard_read_boxes(plan.shards[split.shard], plan.halo.metres);
    owned.assign(in.facilities.size(), 0);
    for (Id f = 0; f < in.facilities.size(); ++f) {
      if (owner[f] != split.shard) continue;
      if (!in_boxes(near, in.facilities.x_m[f], in.facilities.y_m[f])) {
        throw InputError("facility " + in.facilities.source_id[f] + " lies in no district and farther than the halo from those of " +
                         "its shard " + std::to_string(split.shard) + ": plan with districts that hold it, or a wider --halo");
      }
      owned[f] = 1;
    }
  }

  const bool merge = split.merge != nullptr;
  std::vector<Snap> demand_snaps, facility_snaps;
  if (!merge) {
    const SegmentIndex index(graph);
    demand_snaps = snap_points(index, in.demand.x_m, in.demand.y_m, snap_m);
    facility_snaps = snap_points(index, in.facilities.x_m, in.facilities.y_m, snap_m);
    timings.add("snap", clock.lap());
  }
  iso.access_speed_mps = in.walk_speed_mps;
  // The merge: each facility's polygons from the shard that owns it, by category and facility.
  std::vector<std::vector<std::pair<const IsochroneShard*, std::size_t>>> given(in.categories.size());
  if (merge) {
    for (CategoryId c = 0; c < in.categories.size(); ++c) given[c].assign(in.facilities.size(), {nullptr, 0});
    for (const IsochroneShard& s : *split.merge) {
      if (s.facility_count != in.facilities.size() || s.categories_count != in.categories.size() || s.breaks != limits.size()) {
        throw InputError("shard " + std::to_string(s.shard) + " was run on other inputs (" + std::to_string(s.facility_count) +
                         " facilities, " + std::to_string(s.categories_count) + " categories, " + std::to_string(s.breaks) +
                         " breaks; the merge has " + std::to_string(in.facilities.size()) + ", " +
                         std::to_string(in.categories.size()) + " and " + std::to_string(limits.size()) + ")");
      }
      for (std::size_t k = 0; k < s.facility.size(); ++k) {
        const Id f = s.facility[k];
        const CategoryId c = s.category[k];
        const std::vector<Id> of = in.facilities.of_category(c);
        if (f >= in.facilities.size() || !std::binary_search(of.begin(), of.end(), f)) {
          throw InputError("shard " + std::to_string(s.shard) + ": facility " + std::to_string(f) + " is not a " +
                           in.categories.names[c] + " facility of the run");
        }
        if (given[c][f].first) {
          throw InputError("facility " + in.facilities.source_id[f] + " (" + in.categories.names[c] + ") is owned by shards " +
                           std::to_string(given[c][f].first->shard) + " and " + std::to_string(s.shard));
        }
        given[c][f] = {&s, k * s.breaks};
      }
    }
  }
  const NetworkCostOptions cost{minutes ? Weight::time : Weight::length, in.walk_speed_mps};
  const double shown = minutes ? 60.0 : 1.0;  // the breaks as the user gave them: minutes or metres
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    const std::vector<Id> ids = in.facilities.of_category(c);
    SiteIsochrones r;
    if (merge) {
      for (Id i = 0; i < ids.size(); ++i) {
        const Id f = ids[i];
        const auto [s, first] = given[c][f];
        if (!s) throw InputError("facility " + in.facilities.source_id[f] + " (" + in.categories.names[c] + ") is owned by no shard");
        for (std::size_t k = 0; k < limits.size(); ++k) {
          r.polygons.push_back(s->polygons[first + k]);
          r.polygons.back().site = i;
          r.population.push_back(s->population[first + k]);
        }
      }
    } else {
      std::vector<Snap> sites;
      for (Id f : ids) sites.push_back(facility_snaps[f]);
      if (!owned.empty()) {
        iso.draw_sites.clear();
        for (Id f : ids) iso.draw_sites.push_back(owned[f]);
      }
      r = site_isochrones(graph, in.demand, demand_snaps, sites, limits, cost, iso);
      clock.lap();
      timings.add(r.timings);
    }
    if (request.network.polygons == PolygonMethod::fast) {
      // Each break's edge (GDAL) made a polygon (GEOS), the breaks side by side.
      tbb::parallel_for(std::size_t{0}, r.polygons.size(),
                        [&](std::size_t k) { polygon_of_rings(io::contour_rings(r.fields[k]), r.polygons[k]); });
      r.fields.clear();
      timings.add("contour", clock.lap());
    }
    if (split.out) {  // a shard: the polygons of the facilities it owns
      IsochroneShard& o = *split.out;
      for (std::size_t k = 0; k < r.polygons.size(); ++k) {
        const Id f = ids[r.polygons[k].site];
        if (!owned[f]) continue;
        if (k % limits.size() == 0) o.category.push_back(c), o.facility.push_back(f);
        o.polygons.push_back(std::move(r.polygons[k]));
        o.population.push_back(r.population[k]);
      }
      continue;
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
  if (merge) timings.add("merge", clock.lap());
  if (split.out) {
    IsochroneShard& o = *split.out;
    o.shard = split.shard;
    o.shards = static_cast<Id>(split.plan->shards.size());
    o.demand_points = in.demand.size();
    o.facility_count = in.facilities.size();
    o.categories_count = static_cast<Id>(in.categories.size());
    o.breaks = static_cast<Id>(limits.size());
    o.road_lines = static_cast<std::int64_t>(in.roads.line_count());
    o.osm_extracts = in.osm_extracts;
    return run;
  }
  if (!merge) {
    run.surfaces = detail::travel_time_surfaces(graph, in, facility_snaps, request.surface_cell_m, snap_m);
    if (!run.surfaces.empty()) timings.add("surfaces", clock.lap());
  }

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

}  // namespace

IsochroneRun isochrones(const IsochroneRequest& request) { return run_isochrones(request, Split{}); }

IsochroneShard isochrones_shard(const IsochroneRequest& request, const std::string& plan_dir, Id shard) {
  return detail::run_shard<IsochroneShard>(plan_dir, shard, [&](const Split& split) { run_isochrones(request, split); });
}

IsochroneRun merge_isochrones(const IsochroneRequest& request, const std::string& plan_dir,
                              const std::vector<IsochroneShard>& shards) {
  return detail::run_merge(plan_dir, shards, [&](const Split& split) { return run_isochrones(request, split); });
}

}  // namespace lc::api
