// Accessibility and equity measures on 1,000,000 demand points and 10,000 facilities of one
// category (four categories of 10,000 for proximity time), two cities:
//  - distance: the generated city of bench_coverage.cpp, points and facilities uniform over
//    40 km x 40 km, a 1,000 m straight-line catchment (distance_reach);
//  - network: the generated grid city of grid_city.hpp (70.7 km x 70.7 km of streets 100 m
//    apart, 1,001,112 segments), walking at 1.11 m/s with a 900 s (15-minute) catchment
//    (network_catchments); demand weights 1-50 and supplies drawn here, the grid city's 10,000
//    facilities as the first category and three more of 10,000 drawn here for proximity.
// Each Reach is built once (its build is timed on its own case, as are the network case's
// snapping and points-on-segments steps); each measure is then a pass over it, the same code for
// both cities. The CPU column is the process's CPU time (all threads).

#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "algorithms/access.hpp"
#include "algorithms/coverage.hpp"
#include "algorithms/equity.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/spatial_order.hpp"
#include "bench/grid_city.hpp"

namespace {

// What the measures read: weights per demand point, supply per site of the first category, one
// Reach per category, and the parameters in the Reaches' unit.
struct Case {
  std::vector<double> weight;
  std::vector<double> supply;
  lc::Reach reach[4];
  double gravity_beta = 0.0;      // exp(-2) at the threshold
  double proximity_target = 0.0;  // proximity time's limit
};

// ---------------------------------------------------------------------------------------------
// Distance: 1,000 m straight-line catchments

constexpr double radius_m = 1000.0;

struct City {
  lc::Demand dem;  // in spatial order, as api::load_inputs stores demand
  std::vector<double> sx[4], sy[4];
  Case access;
};

const City& city() {
  static const City c = [] {
    City c;
    std::mt19937_64 rng(20261123);
    std::uniform_real_distribution<double> u(0.0, 40000.0);
    std::uniform_real_distribution<double> people(1.0, 50.0);
    std::uniform_real_distribution<double> beds(10.0, 300.0);
    for (int k = 0; k < 4; ++k) {
      for (int i = 0; i < 10000; ++i) c.sx[k].push_back(u(rng)), c.sy[k].push_back(u(rng));
    }
    for (int i = 0; i < 10000; ++i) c.access.supply.push_back(beds(rng));
    lc::Demand d;
    for (int i = 0; i < 1000000; ++i) d.push_back(u(rng), u(rng), people(rng), "");
    c.dem = lc::permuted(d, lc::morton_order(d.x_m, d.y_m, lc::demand_order_cell_m));
    for (int k = 0; k < 4; ++k) c.access.reach[k] = lc::distance_reach(c.sx[k], c.sy[k], c.dem, radius_m);
    c.access.weight = c.dem.weight;
    c.access.gravity_beta = 0.002;      // per metre
    c.access.proximity_target = 800.0;  // metres
    return c;
  }();
  return c;
}

const Case& distance_case() { return city().access; }

void BM_Reach_1M_x_10k(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    lc::Reach r = lc::distance_reach(c.sx[0], c.sy[0], c.dem, radius_m);
    benchmark::DoNotOptimize(r.demand.size());
  }
  state.counters["demand_points"] = static_cast<double>(c.dem.size());
  state.counters["pairs"] = static_cast<double>(c.access.reach[0].size());
}
BENCHMARK(BM_Reach_1M_x_10k)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---------------------------------------------------------------------------------------------
// Network: 900 s walking catchments on the grid city

using lc::bench::kCatchmentS;
using lc::bench::kMaxSnapM;

struct NetworkCity {
  std::vector<double> fx[4], fy[4];  // category 0: the grid city's facilities
  std::vector<lc::Snap> site_snaps[4];
  Case access;
};

const NetworkCity& network_city() {
  static const NetworkCity c = [] {
    const lc::bench::GridCity& g = lc::bench::grid_city();
    NetworkCity c;
    std::mt19937_64 rng(20261125);
    std::uniform_real_distribution<double> u(0.0, lc::bench::kSideM);
    std::uniform_real_distribution<double> people(1.0, 50.0);
    std::uniform_real_distribution<double> beds(10.0, 300.0);
    c.fx[0] = g.fx;
    c.fy[0] = g.fy;
    c.site_snaps[0] = g.facility_snaps;
    for (int k = 1; k < 4; ++k) {
      for (lc::Id i = 0; i < lc::bench::kFacilities; ++i) c.fx[k].push_back(u(rng)), c.fy[k].push_back(u(rng));
      c.site_snaps[k] = lc::snap_points(*g.index, c.fx[k], c.fy[k], kMaxSnapM);
    }
    for (lc::Id i = 0; i < lc::bench::kFacilities; ++i) c.access.supply.push_back(beds(rng));
    for (lc::Id i = 0; i < g.demand.size(); ++i) c.access.weight.push_back(people(rng));
    for (int k = 0; k < 4; ++k)
      c.access.reach[k] =
          lc::network_catchments(g.graph, c.site_snaps[k], g.demand_snaps, g.on_segments, g.cost, kCatchmentS);
    c.access.gravity_beta = 2.0 / kCatchmentS;  // per second
    c.access.proximity_target = kCatchmentS;    // seconds
    return c;
  }();
  return c;
}

const Case& network_case() { return network_city().access; }

void network_counters(benchmark::State& state) {
  const lc::bench::GridCity& g = lc::bench::grid_city();
  state.counters["demand_points"] = static_cast<double>(g.demand.size());
  state.counters["segments"] = static_cast<double>(g.graph.segment_count());
}

void BM_Network_Snap_1M_demand(benchmark::State& state) {
  const lc::bench::GridCity& g = lc::bench::grid_city();
  for (auto _ : state) {
    std::vector<lc::Snap> s = lc::snap_points(*g.index, g.demand.x_m, g.demand.y_m, kMaxSnapM);
    benchmark::DoNotOptimize(s.data());
  }
  std::size_t unsnapped = 0;
  for (const lc::Snap& s : g.demand_snaps) unsnapped += !s.ok();
  network_counters(state);
  state.counters["unsnapped"] = static_cast<double>(unsnapped);
}
BENCHMARK(BM_Network_Snap_1M_demand)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Network_Snap_4x10k_facilities(benchmark::State& state) {
  const lc::bench::GridCity& g = lc::bench::grid_city();
  const NetworkCity& c = network_city();
  for (auto _ : state) {
    for (int k = 0; k < 4; ++k) {
      std::vector<lc::Snap> s = lc::snap_points(*g.index, c.fx[k], c.fy[k], kMaxSnapM);
      benchmark::DoNotOptimize(s.data());
    }
  }
  network_counters(state);
}
BENCHMARK(BM_Network_Snap_4x10k_facilities)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_Network_PointsOnSegments(benchmark::State& state) {
  const lc::bench::GridCity& g = lc::bench::grid_city();
  for (auto _ : state) {
    lc::PointsOnSegments p = lc::PointsOnSegments::build(g.graph, g.demand_snaps);
    benchmark::DoNotOptimize(p.point.data());
  }
  network_counters(state);
}
BENCHMARK(BM_Network_PointsOnSegments)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// The Reach of the first category (`categories` 1), or of all four as proximity time needs them.
void BM_Network_Reach_900s(benchmark::State& state) {
  const lc::bench::GridCity& g = lc::bench::grid_city();
  const NetworkCity& c = network_city();
  const int categories = static_cast<int>(state.range(0));
  for (auto _ : state) {
    for (int k = 0; k < categories; ++k) {
      lc::Reach r =
          lc::network_catchments(g.graph, c.site_snaps[k], g.demand_snaps, g.on_segments, g.cost, kCatchmentS);
      benchmark::DoNotOptimize(r.demand.data());
    }
  }
  double pairs = 0;
  for (int k = 0; k < categories; ++k) pairs += static_cast<double>(c.access.reach[k].size());
  std::size_t covered = 0;
  for (std::uint32_t n : c.access.reach[0].count_by_demand()) covered += n > 0;
  network_counters(state);
  state.counters["sites"] = static_cast<double>(categories) * lc::bench::kFacilities;
  state.counters["pairs"] = pairs;
  state.counters["covered_points_cat0"] = static_cast<double>(covered);
}
BENCHMARK(BM_Network_Reach_900s)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// ---------------------------------------------------------------------------------------------
// The measures, on either city

using CaseOf = const Case& (*)();

void counters(benchmark::State& state, const Case& c) {
  state.counters["demand_points"] = static_cast<double>(c.weight.size());
  state.counters["pairs"] = static_cast<double>(c.reach[0].size());
}

void access(benchmark::State& state, CaseOf case_of, lc::AccessMeasure measure, lc::DecayKind decay) {
  const Case& c = case_of();
  lc::AccessOptions o;
  o.measure = measure;
  o.decay.kind = decay;
  o.decay.beta = decay == lc::DecayKind::exponential ? c.gravity_beta : 0.0;
  o.supply = c.supply;
  for (auto _ : state) {
    lc::AccessResult r = lc::compute_access(c.reach[0], c.weight, o);
    benchmark::DoNotOptimize(r.access.data());
  }
  counters(state, c);
}

void BM_Cumulative(benchmark::State& s, CaseOf c) { access(s, c, lc::AccessMeasure::cumulative, lc::DecayKind::step); }
void BM_Gravity_exponential(benchmark::State& s, CaseOf c) {
  access(s, c, lc::AccessMeasure::gravity, lc::DecayKind::exponential);
}
void BM_2SFCA(benchmark::State& s, CaseOf c) { access(s, c, lc::AccessMeasure::two_step, lc::DecayKind::step); }
void BM_E2SFCA_zones(benchmark::State& s, CaseOf c) {
  access(s, c, lc::AccessMeasure::enhanced_two_step, lc::DecayKind::zones);
}
void BM_E2SFCA_gaussian(benchmark::State& s, CaseOf c) {
  access(s, c, lc::AccessMeasure::enhanced_two_step, lc::DecayKind::gaussian);
}
void BM_3SFCA_gaussian(benchmark::State& s, CaseOf c) {
  access(s, c, lc::AccessMeasure::three_step, lc::DecayKind::gaussian);
}

void BM_Capacity(benchmark::State& state, CaseOf case_of) {
  const Case& c = case_of();
  lc::CapacityCoverageOptions o;
  o.capacity = c.supply;
  o.places_per_person = 0.04;  // 40 beds per 1,000
  for (auto _ : state) {
    lc::CapacityCoverageResult r = lc::compute_capacity_coverage(c.reach[0], c.weight, o);
    benchmark::DoNotOptimize(r.population_covered);
  }
  counters(state, c);
}

void BM_Proximity_4_categories_k1(benchmark::State& state, CaseOf case_of) {
  const Case& c = case_of();
  lc::ProximityOptions o;
  for (const lc::Reach& r : c.reach) o.categories.push_back(&r);
  o.target = c.proximity_target;
  for (auto _ : state) {
    lc::ProximityResult r = lc::compute_proximity(c.weight, o);
    benchmark::DoNotOptimize(r.score);
  }
  counters(state, c);
}

// Gini, Palma, Theil and the Lorenz curve of 2SFCA access over 1,000,000 people (a sort).
void BM_Equity_of_2SFCA(benchmark::State& state, CaseOf case_of) {
  const Case& c = case_of();
  lc::AccessOptions o;
  o.supply = c.supply;
  const lc::AccessResult a = lc::compute_access(c.reach[0], c.weight, o);
  for (auto _ : state) {
    lc::EquityResult r = lc::compute_equity(a.access, c.weight);
    benchmark::DoNotOptimize(r);
  }
  counters(state, c);
}

#define LC_ACCESS_CASES(fn)                                                                      \
  BENCHMARK_CAPTURE(fn, distance, &distance_case)->Unit(benchmark::kMillisecond)->UseRealTime(); \
  BENCHMARK_CAPTURE(fn, network, &network_case)->Unit(benchmark::kMillisecond)->UseRealTime()

LC_ACCESS_CASES(BM_Cumulative);
LC_ACCESS_CASES(BM_Gravity_exponential);
LC_ACCESS_CASES(BM_2SFCA);
LC_ACCESS_CASES(BM_E2SFCA_zones);
LC_ACCESS_CASES(BM_E2SFCA_gaussian);
LC_ACCESS_CASES(BM_3SFCA_gaussian);
LC_ACCESS_CASES(BM_Capacity);
LC_ACCESS_CASES(BM_Proximity_4_categories_k1);
LC_ACCESS_CASES(BM_Equity_of_2SFCA);

}  // namespace

BENCHMARK_MAIN();
