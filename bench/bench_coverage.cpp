// Coverage on a generated city: 1,000,000 demand points and 10,000 facilities in each of four
// categories, scattered uniformly over a 40 km x 40 km square (1,600 km², the size of a large
// Chinese city's built-up area), every category at 1,000 m.

#include <random>

#include <benchmark/benchmark.h>

#include "algorithms/coverage.hpp"
#include "algorithms/service_area.hpp"
#include "algorithms/spatial_order.hpp"

namespace {

struct City {
  lc::Categories cats;
  lc::Facilities fac;
  lc::Demand dem;           // in spatial order, as api::load_inputs stores demand
  lc::Demand dem_shuffled;  // in random order: the worst case for memory access
  lc::CoverageOptions options;
};

const City& city() {
  static const City c = [] {
    City c;
    std::mt19937_64 rng(20261123);
    std::uniform_real_distribution<double> u(0.0, 40000.0);
    std::uniform_real_distribution<double> people(1.0, 50.0);
    for (const char* name : {"health", "elderly_care", "fitness", "scenic"}) {
      const lc::CategoryId id = c.cats.add(name);
      for (int i = 0; i < 10000; ++i) c.fac.push_back(u(rng), u(rng), id, "", "");
      c.options.categories.push_back({id, lc::within_metres(1000.0)});
    }
    for (int i = 0; i < 1000000; ++i) c.dem_shuffled.push_back(u(rng), u(rng), people(rng), "");
    c.dem = lc::permuted(c.dem_shuffled, lc::morton_order(c.dem_shuffled.x_m, c.dem_shuffled.y_m, lc::demand_order_cell_m));
    return c;
  }();
  return c;
}

void BM_Coverage_1M_demand_4x10k_facilities(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    lc::CoverageResult r = lc::compute_coverage(c.dem, c.fac, c.options);
    benchmark::DoNotOptimize(r.population_complete);
  }
  state.counters["demand_points"] = static_cast<double>(c.dem.size());
  state.counters["facilities"] = static_cast<double>(c.fac.size());
}
BENCHMARK(BM_Coverage_1M_demand_4x10k_facilities)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

void BM_Coverage_1M_demand_4x10k_facilities_unsorted(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    lc::CoverageResult r = lc::compute_coverage(c.dem_shuffled, c.fac, c.options);
    benchmark::DoNotOptimize(r.population_complete);
  }
}
BENCHMARK(BM_Coverage_1M_demand_4x10k_facilities_unsorted)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

void BM_SpatialOrder_1M_demand(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    lc::Demand d = lc::permuted(c.dem_shuffled, lc::morton_order(c.dem_shuffled.x_m, c.dem_shuffled.y_m, lc::demand_order_cell_m));
    benchmark::DoNotOptimize(d.x_m.data());
  }
}
BENCHMARK(BM_SpatialOrder_1M_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ServiceArea_10k_circles(benchmark::State& state) {
  const City& c = city();
  const std::vector<lc::Id> ids = c.fac.of_category(0);
  for (auto _ : state) {
    lc::ServiceArea a = lc::dissolve_circles(c.fac, ids, 0, 1000.0);
    benchmark::DoNotOptimize(a.area_m2);
  }
}
BENCHMARK(BM_ServiceArea_10k_circles)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
