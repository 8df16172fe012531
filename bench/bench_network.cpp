// Road-network travel: graph build, snapping, multi-source nearest facility, per-facility
// catchments and isochrone polygons, on
//  - the largest real extract (Malta, ../shared/data/malta.osm.pbf or $LIFECIRCLE_BENCH_PBF),
//    loaded once with load_inputs in walk mode (its own case times that load), and
//  - the generated grid city of grid_city.hpp: 708 x 708 street crossings 100 m apart, 1,001,112
//    street segments, 1,000,000 demand points and 10,000 facilities.
// All inputs are built once (function-local statics) outside the timed loops. The CPU column is
// the process's CPU time (all threads): about twice the real time when both cores work.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/parallel_for.h>

#include "algorithms/dijkstra.hpp"
#include "algorithms/isochrone.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"
#include "api/load.hpp"
#include "bench/grid_city.hpp"
#include "io/contour.hpp"
#include "io/read_inputs.hpp"

namespace {

using lc::bench::kCatchmentS;
using lc::bench::kMaxSnapM;

// ---------------------------------------------------------------------------------------------
// Malta

std::string extract() {
  if (const char* p = std::getenv("LIFECIRCLE_BENCH_PBF")) return p;
  return LIFECIRCLE_SHARED_DATA "/malta.osm.pbf";
}

lc::io::Inputs load_walk(const std::string& path) {
  lc::io::LoadOptions options;
  options.mode = lc::TravelMode::walk;
  return lc::api::load_inputs({{path, "", "", "", "", lc::FacilityStatus::existing}}, {path, "", ""}, options);
}

struct Malta {
  std::string error;  // non-empty: the extract could not be loaded
  lc::io::Inputs in;
  lc::RoadGraph graph;
  std::unique_ptr<lc::SegmentIndex> index;  // refers to `graph`: Malta is never moved
  std::vector<lc::Snap> demand_snaps, facility_snaps;
  lc::PointsOnSegments on_segments;
  lc::NetworkCostOptions cost;

  std::vector<lc::Snap> sites_of(lc::CategoryId c) const {
    std::vector<lc::Snap> out;
    for (lc::Id f : in.facilities.of_category(c)) out.push_back(facility_snaps[f]);
    return out;
  }
};

const Malta& malta() {
  static const std::unique_ptr<Malta> m = [] {
    auto m = std::make_unique<Malta>();
    const std::string path = extract();
    if (!std::filesystem::exists(path)) {
      m->error = "no extract at " + path;
      return m;
    }
    try {
      m->in = load_walk(path);
    } catch (const std::exception& e) {
      m->error = path + ": " + e.what();
      return m;
    }
    m->graph = lc::build_road_graph(m->in.roads);
    m->index = std::make_unique<lc::SegmentIndex>(m->graph);
    m->demand_snaps = lc::snap_points(*m->index, m->in.demand.x_m, m->in.demand.y_m, kMaxSnapM);
    m->facility_snaps = lc::snap_points(*m->index, m->in.facilities.x_m, m->in.facilities.y_m, kMaxSnapM);
    m->on_segments = lc::PointsOnSegments::build(m->graph, m->demand_snaps);
    m->cost = {lc::Weight::time, m->in.walk_speed_mps};
    return m;
  }();
  return *m;
}

bool malta_ready(benchmark::State& state) {
  const Malta& m = malta();
  if (!m.error.empty()) state.SkipWithError(m.error.c_str());
  return m.error.empty();
}

void BM_Malta_Load_walk(benchmark::State& state) {
  const std::string path = extract();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no extract at " + path).c_str());
    return;
  }
  for (auto _ : state) {
    lc::io::Inputs in = load_walk(path);
    state.counters["road_lines"] = in.roads.line_count();
    state.counters["facilities"] = in.facilities.size();
    state.counters["demand_points"] = in.demand.size();
    benchmark::DoNotOptimize(in.roads.x_m.data());
  }
}
BENCHMARK(BM_Malta_Load_walk)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(3);

void BM_Malta_BuildGraph(benchmark::State& state) {
  if (!malta_ready(state)) return;
  const Malta& m = malta();
  for (auto _ : state) {
    lc::RoadGraph g = lc::build_road_graph(m.in.roads);
    benchmark::DoNotOptimize(g.search.head.data());
  }
  state.counters["road_lines"] = m.in.roads.line_count();
  state.counters["nodes"] = m.graph.node_count();
  state.counters["segments"] = m.graph.segment_count();
  state.counters["junctions"] = m.graph.search.junction_count();
  state.counters["arcs"] = m.graph.search.arc_count();
  state.counters["components"] = static_cast<double>(m.graph.component_nodes.size());
}
BENCHMARK(BM_Malta_BuildGraph)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Malta_SegmentIndex(benchmark::State& state) {
  if (!malta_ready(state)) return;
  const Malta& m = malta();
  for (auto _ : state) {
    lc::SegmentIndex index(m.graph);
    benchmark::ClobberMemory();
  }
  state.counters["segments"] = m.graph.segment_count();
}
BENCHMARK(BM_Malta_SegmentIndex)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Malta_SnapDemand(benchmark::State& state) {
  if (!malta_ready(state)) return;
  const Malta& m = malta();
  for (auto _ : state) {
    std::vector<lc::Snap> s = lc::snap_points(*m.index, m.in.demand.x_m, m.in.demand.y_m, kMaxSnapM);
    benchmark::DoNotOptimize(s.data());
  }
  std::size_t unsnapped = 0;
  for (const lc::Snap& s : m.demand_snaps) unsnapped += !s.ok();
  state.counters["demand_points"] = m.in.demand.size();
  state.counters["unsnapped"] = static_cast<double>(unsnapped);
}
BENCHMARK(BM_Malta_SnapDemand)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Malta_NearestSites_health(benchmark::State& state) {
  if (!malta_ready(state)) return;
  const Malta& m = malta();
  const lc::CategoryId health = m.in.categories.find("health");
  if (health == lc::Categories::invalid) {
    state.SkipWithError("no health category");
    return;
  }
  const std::vector<lc::Snap> sites = m.sites_of(health);
  lc::NearestResult r;
  for (auto _ : state) {
    r = lc::nearest_sites(m.graph, sites, m.demand_snaps, m.cost);
    benchmark::DoNotOptimize(r.site.data());
  }
  std::size_t reached = 0;
  for (lc::Id s : r.site) reached += s != lc::invalid_id;
  state.counters["sites"] = static_cast<double>(sites.size());
  state.counters["demand_points"] = m.in.demand.size();
  state.counters["reached"] = static_cast<double>(reached);
}
BENCHMARK(BM_Malta_NearestSites_health)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// One network_catchments call per category, as compute_network_coverage makes them.
void BM_Malta_Catchments900_all_categories(benchmark::State& state) {
  if (!malta_ready(state)) return;
  const Malta& m = malta();
  std::vector<std::vector<lc::Snap>> sites;
  for (lc::CategoryId c = 0; c < m.in.categories.size(); ++c) sites.push_back(m.sites_of(c));
  std::size_t pairs = 0, n_sites = 0;
  for (auto _ : state) {
    pairs = 0;
    n_sites = 0;
    for (const auto& s : sites) {
      lc::Reach r = lc::network_catchments(m.graph, s, m.demand_snaps, m.on_segments, m.cost, kCatchmentS);
      pairs += r.size();
      n_sites += r.n_sites;
    }
  }
  state.counters["categories"] = static_cast<double>(sites.size());
  state.counters["sites"] = static_cast<double>(n_sites);
  state.counters["reach_pairs"] = static_cast<double>(pairs);
}
BENCHMARK(BM_Malta_Catchments900_all_categories)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// ---------------------------------------------------------------------------------------------
// Generated grid city

using lc::bench::kWalkMps;
using Grid = lc::bench::GridCity;
constexpr lc::Id kIsoSites = 1000;

const Grid& grid() { return lc::bench::grid_city(); }

void BM_Grid_BuildGraph(benchmark::State& state) {
  const Grid& c = grid();
  for (auto _ : state) {
    lc::RoadGraph g = lc::build_road_graph(c.lines);
    benchmark::DoNotOptimize(g.search.head.data());
  }
  state.counters["road_lines"] = c.lines.line_count();
  state.counters["one_way_lines"] = c.one_way_lines;
  state.counters["nodes"] = c.graph.node_count();
  state.counters["segments"] = c.graph.segment_count();
  state.counters["junctions"] = c.graph.search.junction_count();
  state.counters["arcs"] = c.graph.search.arc_count();
}
BENCHMARK(BM_Grid_BuildGraph)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Grid_SegmentIndex(benchmark::State& state) {
  const Grid& c = grid();
  for (auto _ : state) {
    lc::SegmentIndex index(c.graph);
    benchmark::ClobberMemory();
  }
  state.counters["segments"] = c.graph.segment_count();
}
BENCHMARK(BM_Grid_SegmentIndex)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Grid_Snap_1M_demand(benchmark::State& state) {
  const Grid& c = grid();
  for (auto _ : state) {
    std::vector<lc::Snap> s = lc::snap_points(*c.index, c.demand.x_m, c.demand.y_m, kMaxSnapM);
    benchmark::DoNotOptimize(s.data());
  }
  std::size_t unsnapped = 0;
  for (const lc::Snap& s : c.demand_snaps) unsnapped += !s.ok();
  state.counters["demand_points"] = c.demand.size();
  state.counters["unsnapped"] = static_cast<double>(unsnapped);
}
BENCHMARK(BM_Grid_Snap_1M_demand)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Grid_NearestSites_1M_from_10k(benchmark::State& state) {
  const Grid& c = grid();
  lc::NearestResult r;
  for (auto _ : state) {
    r = lc::nearest_sites(c.graph, c.facility_snaps, c.demand_snaps, c.cost);
    benchmark::DoNotOptimize(r.site.data());
  }
  std::size_t reached = 0, within = 0;
  double sum = 0;
  for (lc::Id d = 0; d < r.site.size(); ++d) {
    if (r.site[d] == lc::invalid_id) continue;
    ++reached;
    sum += r.time_s[d];
    within += r.time_s[d] <= kCatchmentS;
  }
  state.counters["sites"] = c.facility_snaps.size();
  state.counters["demand_points"] = c.demand_snaps.size();
  state.counters["reached"] = static_cast<double>(reached);
  state.counters["mean_min"] = reached ? sum / reached / 60.0 : 0.0;
  state.counters["within_15min"] = static_cast<double>(within);
}
BENCHMARK(BM_Grid_NearestSites_1M_from_10k)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Grid_Catchments900_10k(benchmark::State& state) {
  const Grid& c = grid();
  lc::Reach r;
  for (auto _ : state) {
    r = lc::network_catchments(c.graph, c.facility_snaps, c.demand_snaps, c.on_segments, c.cost, kCatchmentS);
    benchmark::DoNotOptimize(r.demand.data());
  }
  // Cross-check (untimed): a point lies in some catchment exactly when its nearest site is
  // within the limit.
  const lc::NearestResult n = lc::nearest_sites(c.graph, c.facility_snaps, c.demand_snaps, c.cost);
  const std::vector<std::uint32_t> count = r.count_by_demand();
  std::size_t covered = 0, mismatched = 0;
  for (lc::Id d = 0; d < count.size(); ++d) {
    covered += count[d] > 0;
    mismatched += (count[d] > 0) != (n.time_s[d] <= kCatchmentS);
  }
  state.counters["sites"] = r.n_sites;
  state.counters["reach_pairs"] = static_cast<double>(r.size());
  state.counters["covered_points"] = static_cast<double>(covered);
  state.counters["mismatch_vs_nearest"] = static_cast<double>(mismatched);
}
BENCHMARK(BM_Grid_Catchments900_10k)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// Isochrones at 5, 10 and 15 minutes for the first N facilities (a uniform sample; N = 1,000 is
// the target, smaller N show the scaling): one multi-source search (nearest_sites with the
// largest break as its limit, left in a workspace), the demand points it reaches, then
// isochrones(), as site_isochrones() chains them. The whole chain is timed; search_ms is the part
// spent in the search and the reached-point list. area_15min_km2 sums the 15-minute polygons
// (split: over all sites; they partition the dissolved area, so the sums should agree).
void run_isochrones(benchmark::State& state, bool split, lc::Id n_sites, bool fast = false) {
  const Grid& c = grid();
  const std::vector<lc::Snap> sites(c.facility_snaps.begin(), c.facility_snaps.begin() + n_sites);
  const std::vector<float> breaks{300.0f, 600.0f, 900.0f};
  lc::IsochroneOptions o;
  o.split = split;
  o.access_speed_mps = kWalkMps;
  o.method = fast ? lc::PolygonMethod::fast : lc::PolygonMethod::exact;
  lc::Dijkstra search(c.graph.node_count());
  std::vector<lc::IsochronePolygon> polys;
  std::size_t reached_points = 0;
  double search_s = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const lc::NearestResult n = lc::nearest_sites(c.graph, sites, c.demand_snaps, c.cost, breaks.back(), &search);
    std::vector<lc::ReachedPoint> points;
    for (lc::Id d = 0; d < n.site.size(); ++d) {
      if (n.site[d] != lc::invalid_id) points.push_back({c.demand.x_m[d], c.demand.y_m[d], c.demand_snaps[d], n.time_s[d], n.site[d]});
    }
    search_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (fast) {
      // As `isochrones --polygons fast` does: the fields (algorithms), then the contours (io).
      const std::vector<lc::DistanceField> fields =
          lc::isochrone_fields(c.graph, search, lc::Weight::time, sites, breaks, points, o);
      polys.assign(breaks.size(), {});
      tbb::parallel_for(std::size_t{0}, breaks.size(), [&](std::size_t k) {
        polys[k].upper = breaks[k];
        lc::polygon_of_rings(lc::io::contour_rings(fields[k]), polys[k]);
      });
    } else {
      polys = lc::isochrones(c.graph, search, lc::Weight::time, sites, breaks, points, o);
    }
    reached_points = points.size();
    benchmark::DoNotOptimize(polys.data());
  }
  double area_15 = 0, wkb_bytes = 0;
  for (const lc::IsochronePolygon& p : polys) {
    if (p.upper == breaks.back()) area_15 += p.area_m2;
    wkb_bytes += static_cast<double>(p.wkb.size());
  }
  state.counters["sites"] = n_sites;
  state.counters["polygons"] = static_cast<double>(polys.size());
  state.counters["reached_points"] = static_cast<double>(reached_points);
  state.counters["area_15min_km2"] = area_15 / 1e6;
  state.counters["wkb_MB"] = wkb_bytes / 1e6;
  state.counters["search_ms"] = 1e3 * search_s / static_cast<double>(state.iterations());
}

void BM_Grid_Isochrones_dissolved(benchmark::State& state) { run_isochrones(state, false, static_cast<lc::Id>(state.range(0))); }
BENCHMARK(BM_Grid_Isochrones_dissolved)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(3);
BENCHMARK(BM_Grid_Isochrones_dissolved)->Arg(kIsoSites)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(1);

void BM_Grid_Isochrones_fast(benchmark::State& state) {
  run_isochrones(state, false, static_cast<lc::Id>(state.range(0)), true);
}
BENCHMARK(BM_Grid_Isochrones_fast)->Arg(100)->Arg(kIsoSites)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(3);

void BM_Grid_Isochrones_split(benchmark::State& state) { run_isochrones(state, true, static_cast<lc::Id>(state.range(0))); }
BENCHMARK(BM_Grid_Isochrones_split)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(3);
BENCHMARK(BM_Grid_Isochrones_split)->Arg(300)->Arg(kIsoSites)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1)->Repetitions(1);

}  // namespace

BENCHMARK_MAIN();
