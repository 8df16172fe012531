// Siting on generated cities.
//
// Large: 1,000,000 demand points (weights 1–50) and 100,000 candidate sites scattered uniformly
// over 40 km × 40 km (the coverage benchmark's city), 1,000 m straight-line reach: about 196
// candidates within reach of every point, 196 million site–demand pairs. Greedy MCLP (lazy
// greedy + swaps) opens 50 sites; timed with and without building the Reach.
// Small: CBC on MCLP and p-median with 200 candidates (+ 20 existing sites) and 2,000 demand
// points over 10 km × 10 km at 1,000 m; exact p-center with 60 candidates and 400 demand points
// at 3,000 m.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "algorithms/coverage.hpp"
#include "algorithms/detail/pmedian_search.hpp"
#include "algorithms/detail/siting_local.hpp"
#include "algorithms/point_index.hpp"
#include "algorithms/siting.hpp"
#include "algorithms/spatial_order.hpp"

namespace {

struct Points {
  std::vector<double> x, y;
};

// Uniform points in [0, side_m)², stored in spatial (Morton) order.
Points uniform_points(std::size_t n, double side_m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, side_m);
  Points raw;
  for (std::size_t k = 0; k < n; ++k) {
    raw.x.push_back(u(rng));
    raw.y.push_back(u(rng));
  }
  const std::vector<lc::Id> order = lc::morton_order(raw.x, raw.y, lc::demand_order_cell_m);
  Points p;
  for (lc::Id k : order) {
    p.x.push_back(raw.x[k]);
    p.y.push_back(raw.y[k]);
  }
  return p;
}

std::vector<double> weights(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> people(1.0, 50.0);
  std::vector<double> w(n);
  for (double& x : w) x = people(rng);
  return w;
}

// The Reach of every site within radius_m in a straight line, by the library's distance_reach.
lc::Reach straight_reach(const Points& sites, const lc::Demand& demand, double radius_m) {
  return lc::distance_reach(sites.x, sites.y, demand, radius_m);
}

lc::Demand as_demand(const Points& p, const std::vector<double>& weight) {
  lc::Demand d;
  for (std::size_t i = 0; i < p.x.size(); ++i) d.push_back(p.x[i], p.y[i], weight[i], "");
  return d;
}

struct BigCity {
  Points sites, demand;
  std::vector<double> weight;
  lc::Demand demand_points;
  lc::SitingInput input;  // Reach built once
};

const BigCity& big_city() {
  static const BigCity c = [] {
    BigCity c;
    c.demand = uniform_points(1000000, 40000.0, 20261123);
    c.sites = uniform_points(100000, 40000.0, 77);
    c.weight = weights(c.demand.x.size(), 5);
    c.demand_points = as_demand(c.demand, c.weight);
    c.input.reach = straight_reach(c.sites, c.demand_points, 1000.0);
    c.input.weight = c.weight;
    return c;
  }();
  return c;
}

lc::SitingOptions mclp50() {
  lc::SitingOptions o;
  o.model = lc::SitingModel::mclp;
  o.add = 50;
  o.solver = lc::SitingSolver::automatic;  // 196 M pairs: the heuristic
  return o;
}

void report(benchmark::State& state, const lc::SitingResult& r) {
  state.counters["objective"] = r.objective;
  state.counters["before"] = r.objective_before;
  state.counters["bound"] = r.bound;
  state.counters["gap_pct"] = 100.0 * r.gap;
  state.counters["sites"] = static_cast<double>(r.selected.size());
  state.counters["pairs"] = static_cast<double>(r.model_pairs);
  state.counters["optimal"] = r.proven_optimal;
}

void BM_SitingMclp_1M_demand_100k_sites_BuildReachAndGreedy(benchmark::State& state) {
  const BigCity& c = big_city();
  lc::SitingResult r;
  for (auto _ : state) {
    lc::SitingInput in;
    in.reach = straight_reach(c.sites, c.demand_points, 1000.0);
    in.weight = c.weight;
    r = lc::solve_siting(in, mclp50());
    benchmark::DoNotOptimize(r.selected.data());
  }
  report(state, r);
}
BENCHMARK(BM_SitingMclp_1M_demand_100k_sites_BuildReachAndGreedy)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(3);

void BM_SitingMclp_1M_demand_100k_sites_GreedyOnly(benchmark::State& state) {
  const BigCity& c = big_city();
  lc::SitingResult r;
  for (auto _ : state) {
    r = lc::solve_siting(c.input, mclp50());
    benchmark::DoNotOptimize(r.selected.data());
  }
  report(state, r);
  state.counters["solve_s"] = r.seconds;
}
BENCHMARK(BM_SitingMclp_1M_demand_100k_sites_GreedyOnly)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(5);

void BM_Reach_1M_demand_100k_sites(benchmark::State& state) {
  const BigCity& c = big_city();
  for (auto _ : state) {
    lc::Reach reach = straight_reach(c.sites, c.demand_points, 1000.0);
    benchmark::DoNotOptimize(reach.demand.data());
    state.counters["pairs"] = static_cast<double>(reach.size());
  }
}
BENCHMARK(BM_Reach_1M_demand_100k_sites)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(3);

// ---- small instances for the exact solvers ----

struct SmallCity {
  lc::SitingInput input;
};

// `n_candidates` candidates plus `n_fixed` existing sites and `n_demand` points over side_m².
SmallCity small_city(std::size_t n_candidates, std::size_t n_fixed, std::size_t n_demand, double side_m,
                     double radius_m, std::uint64_t seed) {
  SmallCity c;
  const Points sites = uniform_points(n_candidates + n_fixed, side_m, seed);
  const Points demand = uniform_points(n_demand, side_m, seed + 1);
  c.input.weight = weights(n_demand, seed + 2);
  c.input.reach = straight_reach(sites, as_demand(demand, c.input.weight), radius_m);
  c.input.fixed.assign(sites.x.size(), 0);
  c.input.candidate.assign(sites.x.size(), 0);
  std::mt19937_64 rng(seed + 3);
  std::vector<std::size_t> order(sites.x.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t k = 0; k < order.size(); ++k) (k < n_fixed ? c.input.fixed : c.input.candidate)[order[k]] = 1;
  return c;
}

const SmallCity& city_200x2000() {
  static const SmallCity c = small_city(200, 20, 2000, 10000.0, 1000.0, 31);
  return c;
}

// exact_max_pairs = 0 with the heuristic leaves out the LP bound (combinatorial bounds only).
void run_small(benchmark::State& state, const SmallCity& c, lc::SitingModel model, std::uint32_t add,
               lc::SitingSolver solver, std::size_t exact_max_pairs = 200000) {
  lc::SitingOptions o;
  o.model = model;
  o.add = add;
  o.solver = solver;
  o.exact_max_pairs = exact_max_pairs;
  lc::SitingResult r;
  for (auto _ : state) {
    r = lc::solve_siting(c.input, o);
    benchmark::DoNotOptimize(r.selected.data());
  }
  report(state, r);
}

void BM_SitingMclp_Cbc_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::mclp, 10, lc::SitingSolver::exact);
}
BENCHMARK(BM_SitingMclp_Cbc_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingMclp_Greedy_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::mclp, 10, lc::SitingSolver::heuristic);
}
BENCHMARK(BM_SitingMclp_Greedy_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingMclp_GreedyNoLp_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::mclp, 10, lc::SitingSolver::heuristic, 0);
}
BENCHMARK(BM_SitingMclp_GreedyNoLp_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingPmedian_Cbc_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::pmedian, 10, lc::SitingSolver::exact);
}
BENCHMARK(BM_SitingPmedian_Cbc_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingPmedian_Heuristic_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::pmedian, 10, lc::SitingSolver::heuristic);
}
BENCHMARK(BM_SitingPmedian_Heuristic_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingPmedian_HeuristicNoLp_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::pmedian, 10, lc::SitingSolver::heuristic, 0);
}
BENCHMARK(BM_SitingPmedian_HeuristicNoLp_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

// Capacitated p-median on the same city: every site (the 20 existing too) serves 400 to 1,600
// people, where about 1,600 live within its 1,000 m; p 10.
SmallCity with_capacities(SmallCity c, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> cap(400.0, 1600.0);
  for (std::size_t j = 0; j < c.input.reach.n_sites; ++j) c.input.capacity.push_back(cap(rng));
  return c;
}

const SmallCity& city_200x2000_capacitated() {
  static const SmallCity c = with_capacities(city_200x2000(), 37);
  return c;
}

void BM_SitingPmedianCapacitated_Cbc_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000_capacitated(), lc::SitingModel::pmedian, 10, lc::SitingSolver::exact);
}
BENCHMARK(BM_SitingPmedianCapacitated_Cbc_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingPmedianCapacitated_Heuristic_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000_capacitated(), lc::SitingModel::pmedian, 10, lc::SitingSolver::heuristic);
}
BENCHMARK(BM_SitingPmedianCapacitated_Heuristic_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

// Ten times larger: 2,000 candidates (+100 existing) × 20,000 points over 30 km, p 50, the same
// capacities; the heuristic (its greedy evaluates an assignment LP per pick).
void BM_SitingPmedianCapacitated_Heuristic_2000_candidates_20000_demand(benchmark::State& state) {
  static const SmallCity c = with_capacities(small_city(2000, 100, 20000, 30000.0, 1000.0, 43), 47);
  run_small(state, c, lc::SitingModel::pmedian, 50, lc::SitingSolver::heuristic);
}
BENCHMARK(BM_SitingPmedianCapacitated_Heuristic_2000_candidates_20000_demand)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_SitingLscp_Cbc_200_candidates_2000_demand(benchmark::State& state) {
  run_small(state, city_200x2000(), lc::SitingModel::lscp, 0, lc::SitingSolver::exact);
}
BENCHMARK(BM_SitingLscp_Cbc_200_candidates_2000_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SitingPcenter_Exact_60_candidates_400_demand(benchmark::State& state) {
  static const SmallCity c = small_city(60, 0, 400, 10000.0, 3000.0, 41);
  run_small(state, c, lc::SitingModel::pcenter, 6, lc::SitingSolver::exact);
}
BENCHMARK(BM_SitingPcenter_Exact_60_candidates_400_demand)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---- the p-median search of algorithms/detail/pmedian_search.hpp against greedy + Teitz–Bart ----
// Both start from the same lazy greedy; the figures are the costs of evaluate_set and the wall
// times of the two steps after the greedy (greedy_s is the shared greedy).

void run_pmedian_search(benchmark::State& state, const lc::SitingInput& in, std::size_t k, int starts) {
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  lc::SitingOptions so;
  so.model = lc::SitingModel::pmedian;
  const lc::detail::SitingProblem p(in, so);
  const lc::detail::LocalSearch ls(p, lc::detail::GainKind::cost);
  double tb_cost = 0, tb_s = 0, greedy_s = 0, search_s = 0;
  lc::detail::PmedianSearchResult r;
  for (auto _ : state) {
    const auto t0 = clock::now();
    const lc::detail::GreedyRun g = ls.greedy(k, {}, p.candidates);
    const auto t1 = clock::now();
    std::vector<lc::Id> tb = g.order;
    ls.improve(tb, k, p.candidates);
    const auto t2 = clock::now();
    tb_cost = lc::detail::evaluate_set(p, tb).total_cost;
    lc::detail::PmedianSearchOptions o;
    o.starts = starts;
    o.time_budget_s = 60;
    const auto t3 = clock::now();
    r = lc::detail::pmedian_search(p, k, p.candidates, g.order, o);
    const auto t4 = clock::now();
    greedy_s = seconds(t0, t1);
    tb_s = seconds(t1, t2);
    search_s = seconds(t3, t4);
    benchmark::DoNotOptimize(r.selected.data());
  }
  state.counters["greedy_s"] = greedy_s;
  state.counters["teitz_bart_cost"] = tb_cost;
  state.counters["teitz_bart_s"] = tb_s;
  state.counters["search_cost"] = r.cost;
  state.counters["search_s"] = search_s;
  state.counters["search_vs_tb_pct"] = 100.0 * (r.cost - tb_cost) / tb_cost;
  state.counters["starts"] = r.starts_run;
  state.counters["swaps"] = r.swaps;
  state.counters["stopped_by_time"] = r.stopped_by_time;
  state.counters["pairs"] = static_cast<double>(in.reach.size());
}

// An instance of ../shared/bench/gen_instance.py (matrix.csv: demand_id,candidate_id,cost in
// demand-major order; demand.csv: demand_id,pop), from the directory LIFECIRCLE_BENCH_INSTANCE.
// Ids are numbered in file order. Every pair is present; the Reach's threshold is 0, so the
// unreached cost (2 × the largest cost) caps nothing: a plain p-median.
bool load_instance(const std::string& dir, lc::SitingInput& in) {
  std::ifstream demand(dir + "/demand.csv"), matrix(dir + "/matrix.csv");
  if (!demand || !matrix) return false;
  std::unordered_map<std::string, lc::Id> demand_of, site_of;
  std::string line;
  std::getline(demand, line);  // header
  while (std::getline(demand, line)) {
    const std::size_t comma = line.find(',');
    if (comma == std::string::npos) continue;
    demand_of.emplace(line.substr(0, comma), static_cast<lc::Id>(in.weight.size()));
    in.weight.push_back(std::stod(line.substr(comma + 1)));
  }
  std::vector<std::vector<std::pair<lc::Id, float>>> per_site;
  std::getline(matrix, line);
  while (std::getline(matrix, line)) {
    const std::size_t a = line.find(','), b = line.find(',', a + 1);
    if (b == std::string::npos) continue;
    const auto d = demand_of.find(line.substr(0, a));
    if (d == demand_of.end()) return false;
    const auto [s, fresh] = site_of.emplace(line.substr(a + 1, b - a - 1), static_cast<lc::Id>(per_site.size()));
    if (fresh) per_site.emplace_back();
    per_site[s->second].emplace_back(d->second, std::stof(line.substr(b + 1)));
  }
  for (auto& hits : per_site) std::sort(hits.begin(), hits.end());
  in.reach = lc::Reach::from_site_lists(per_site, static_cast<lc::Id>(in.weight.size()), 0.0, lc::CostUnit::matrix);
  return true;
}

void BM_PmedianSearch_Instance_p10(benchmark::State& state) {
  const char* dir = std::getenv("LIFECIRCLE_BENCH_INSTANCE");
  if (dir == nullptr || *dir == '\0') {
    state.SkipWithError("set LIFECIRCLE_BENCH_INSTANCE to a gen_instance.py directory (e.g. 2000 200 2)");
    return;
  }
  static lc::SitingInput in;
  static const bool loaded = load_instance(dir, in);
  if (!loaded) {
    state.SkipWithError("cannot read demand.csv / matrix.csv");
    return;
  }
  run_pmedian_search(state, in, 10, 0);
}
BENCHMARK(BM_PmedianSearch_Instance_p10)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// 100,000 demand points (weights 1–50) and 10,000 candidates uniform over 10 km × 10 km, Reach
// = straight-line distance within 800 m (about 200 candidates per point, 20 million pairs),
// p = 100; unreached cost 1,600 m. Argument: starts (0 = automatic, 1 = local search from the
// greedy only).
const lc::SitingInput& sparse_100k() {
  static const lc::SitingInput in = [] {
    lc::SitingInput in;
    const Points sites = uniform_points(10000, 10000.0, 91);
    const Points demand = uniform_points(100000, 10000.0, 92);
    in.weight = weights(demand.x.size(), 93);
    in.reach = straight_reach(sites, as_demand(demand, in.weight), 800.0);
    return in;
  }();
  return in;
}

void BM_PmedianSearch_100k_demand_10k_sites_p100(benchmark::State& state) {
  run_pmedian_search(state, sparse_100k(), 100, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_PmedianSearch_100k_demand_10k_sites_p100)
    ->Arg(0)
    ->Arg(1)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The whole p-median solve on the same case (solve_siting: greedy, Teitz–Bart, the swap search,
// the Lagrangian bound; exact: then the reductions and CBC). Argument 0: --heuristic; 1: --exact
// with a 600 s limit.
void BM_SitingPmedian_100k_demand_10k_sites_p100(benchmark::State& state) {
  const lc::SitingInput& in = sparse_100k();
  lc::SitingOptions o;
  o.model = lc::SitingModel::pmedian;
  o.add = 100;
  o.solver = state.range(0) ? lc::SitingSolver::exact : lc::SitingSolver::heuristic;
  o.time_limit_s = 600;
  lc::SitingResult r;
  for (auto _ : state) r = lc::solve_siting(in, o);
  report(state, r);
  state.SetLabel(r.solver + " " + r.bound_source);
}
BENCHMARK(BM_SitingPmedian_100k_demand_10k_sites_p100)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
