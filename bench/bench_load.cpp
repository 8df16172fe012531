// Load time of the largest real extract (Malta, 3.9 MB .osm.pbf: 333,684 nodes, 56,021 ways):
// facilities by the OSM tag mapping and demand by the building population proxy, reprojected
// to UTM. The extract is read from ../shared/data (or $LIFECIRCLE_BENCH_PBF).

#include <cstdlib>
#include <filesystem>

#include <benchmark/benchmark.h>

#include "api/load.hpp"
#include "io/read_inputs.hpp"

namespace {

std::string extract() {
  if (const char* p = std::getenv("LIFECIRCLE_BENCH_PBF")) return p;
  return LIFECIRCLE_SHARED_DATA "/malta.osm.pbf";
}

void BM_Load_osm_extract(benchmark::State& state) {
  const std::string path = extract();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no extract at " + path).c_str());
    return;
  }
  for (auto _ : state) {
    lc::io::Inputs in = lc::api::load_inputs({{path, "", "", "", "", lc::FacilityStatus::existing}}, {path, "", ""}, {});
    state.counters["facilities"] = in.facilities.size();
    state.counters["demand_points"] = in.demand.size();
    benchmark::DoNotOptimize(in.demand.x_m.data());
  }
}
BENCHMARK(BM_Load_osm_extract)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
