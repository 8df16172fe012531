// Accessibility measures on the generated city of bench_coverage.cpp: 1,000,000 demand points and
// 10,000 facilities of one category (four for proximity time), uniform over 40 km x 40 km, a
// 1,000 m catchment (distance). The Reach is built once (distance_reach, timed on its own); each
// measure is then a pass over it.

#include <random>

#include <benchmark/benchmark.h>

#include "algorithms/access.hpp"
#include "algorithms/coverage.hpp"
#include "algorithms/equity.hpp"
#include "algorithms/spatial_order.hpp"

namespace {

constexpr double radius_m = 1000.0;

struct City {
  lc::Demand dem;  // in spatial order, as api::load_inputs stores demand
  std::vector<double> sx[4], sy[4], supply;
  lc::Reach reach[4];
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
    for (int i = 0; i < 10000; ++i) c.supply.push_back(beds(rng));
    lc::Demand d;
    for (int i = 0; i < 1000000; ++i) d.push_back(u(rng), u(rng), people(rng), "");
    c.dem = lc::permuted(d, lc::morton_order(d.x_m, d.y_m, lc::demand_order_cell_m));
    for (int k = 0; k < 4; ++k) c.reach[k] = lc::distance_reach(c.sx[k], c.sy[k], c.dem, radius_m);
    return c;
  }();
  return c;
}

void counters(benchmark::State& state, const City& c) {
  state.counters["demand_points"] = static_cast<double>(c.dem.size());
  state.counters["pairs"] = static_cast<double>(c.reach[0].size());
}

void BM_Reach_1M_x_10k(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    lc::Reach r = lc::distance_reach(c.sx[0], c.sy[0], c.dem, radius_m);
    benchmark::DoNotOptimize(r.demand.size());
  }
  counters(state, c);
}
BENCHMARK(BM_Reach_1M_x_10k)->Unit(benchmark::kMillisecond)->UseRealTime();

void access(benchmark::State& state, lc::AccessMeasure measure, lc::DecayKind decay, double beta) {
  const City& c = city();
  lc::AccessOptions o;
  o.measure = measure;
  o.decay.kind = decay;
  o.decay.beta = beta;
  o.supply = c.supply;
  for (auto _ : state) {
    lc::AccessResult r = lc::compute_access(c.reach[0], c.dem.weight, o);
    benchmark::DoNotOptimize(r.access.data());
  }
  counters(state, c);
}

void BM_Cumulative(benchmark::State& s) { access(s, lc::AccessMeasure::cumulative, lc::DecayKind::step, 0); }
void BM_Gravity_exponential(benchmark::State& s) { access(s, lc::AccessMeasure::gravity, lc::DecayKind::exponential, 0.002); }
void BM_2SFCA(benchmark::State& s) { access(s, lc::AccessMeasure::two_step, lc::DecayKind::step, 0); }
void BM_E2SFCA_zones(benchmark::State& s) { access(s, lc::AccessMeasure::enhanced_two_step, lc::DecayKind::zones, 0); }
void BM_E2SFCA_gaussian(benchmark::State& s) { access(s, lc::AccessMeasure::enhanced_two_step, lc::DecayKind::gaussian, 0); }
void BM_3SFCA_gaussian(benchmark::State& s) { access(s, lc::AccessMeasure::three_step, lc::DecayKind::gaussian, 0); }
BENCHMARK(BM_Cumulative)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Gravity_exponential)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_2SFCA)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_E2SFCA_zones)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_E2SFCA_gaussian)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_3SFCA_gaussian)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Capacity(benchmark::State& state) {
  const City& c = city();
  lc::CapacityCoverageOptions o;
  o.capacity = c.supply;
  o.places_per_person = 0.04;  // 40 beds per 1,000
  for (auto _ : state) {
    lc::CapacityCoverageResult r = lc::compute_capacity_coverage(c.reach[0], c.dem.weight, o);
    benchmark::DoNotOptimize(r.population_covered);
  }
  counters(state, c);
}
BENCHMARK(BM_Capacity)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Proximity_4_categories_k1(benchmark::State& state) {
  const City& c = city();
  lc::ProximityOptions o;
  for (const lc::Reach& r : c.reach) o.categories.push_back(&r);
  o.target = 800.0;  // metres here
  for (auto _ : state) {
    lc::ProximityResult r = lc::compute_proximity(c.dem.weight, o);
    benchmark::DoNotOptimize(r.score);
  }
  counters(state, c);
}
BENCHMARK(BM_Proximity_4_categories_k1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Gini, Palma, Theil and the Lorenz curve of 2SFCA access over 1,000,000 people (a sort).
void BM_Equity_of_2SFCA(benchmark::State& state) {
  const City& c = city();
  lc::AccessOptions o;
  o.supply = c.supply;
  const lc::AccessResult a = lc::compute_access(c.reach[0], c.dem.weight, o);
  for (auto _ : state) {
    lc::EquityResult r = lc::compute_equity(a.access, c.dem.weight);
    benchmark::DoNotOptimize(r);
  }
  counters(state, c);
}
BENCHMARK(BM_Equity_of_2SFCA)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
