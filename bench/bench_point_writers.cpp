// Writing point layers: the fast hand-written GeoJSON writer (io/geojson_points.hpp) against the
// generic path through GDAL (io/gdal_writers.hpp) that writes every other format.
//
// 1,000,000 demand points (set LIFECIRCLE_BENCH_POINTS for another count) scattered over
// 40 km x 40 km of UTM 48N (central Chengdu), with the 15 columns of a coverage run's
// demand.geojson for four categories: id, population (3 decimals), per category nearest_m
// (1 decimal; every 20th point unreachable, null), covered (boolean) and count (integer), and
// life_circle_complete. Each iteration writes the whole file from the same columns, reprojection
// to EPSG:4326 included, into the system temp folder, and deletes it.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <ogr_spatialref.h>

#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/geojson_points.hpp"

namespace {

namespace fs = std::filesystem;
using namespace lc::io;

struct Points {
  std::vector<double> x, y, population;
  std::vector<std::string> ids;
  std::vector<float> nearest[4];
  std::vector<std::uint16_t> count[4];
  std::vector<PointColumn> columns;
  OGRSpatialReference crs;
  std::string crs_wkt;

  Points() {
    ensure_gdal();
    const char* env = std::getenv("LIFECIRCLE_BENCH_POINTS");
    const std::size_t n = env ? std::strtoull(env, nullptr, 10) : 1000000;
    crs.importFromEPSG(32648);
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char* wkt = nullptr;
    crs.exportToWkt(&wkt);
    crs_wkt = wkt;
    CPLFree(wkt);
    std::uint64_t state = 42;
    const auto next = [&] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    for (std::size_t i = 0; i < n; ++i) {
      x.push_back(384000 + 40000 * next());
      y.push_back(3374000 + 40000 * next());
      population.push_back(1 + 49 * next());
      ids.push_back("way/" + std::to_string(100000000 + i));
      for (int k = 0; k < 4; ++k) {
        nearest[k].push_back(i % 20 == 0 ? std::numeric_limits<float>::infinity() : static_cast<float>(3000 * next()));
        count[k].push_back(static_cast<std::uint16_t>(nearest[k].back() < 1000 ? 1 + 5 * next() : 0));
      }
    }
    const char* names[4] = {"health", "elderly_care", "fitness", "scenic"};
    columns.push_back(string_column("id", [this](std::size_t i) { return ids[i]; }));
    columns.push_back(number_column("population", [this](std::size_t i) { return population[i]; }, 3));
    for (int k = 0; k < 4; ++k) {
      const std::string c = names[k];
      columns.push_back(number_column(c + "_nearest_m", [this, k](std::size_t i) { return double(nearest[k][i]); }, 1));
      columns.push_back(boolean_column(c + "_covered", [this, k](std::size_t i) { return count[k][i] > 0; }));
      columns.push_back(integer_column(c + "_count", [this, k](std::size_t i) { return (long long)count[k][i]; }));
    }
    columns.push_back(boolean_column("life_circle_complete", [this](std::size_t i) {
      return count[0][i] > 0 && count[1][i] > 0 && count[2][i] > 0 && count[3][i] > 0;
    }));
  }
};

const Points& points() {
  static const Points p;
  return p;
}

void remove_set(const fs::path& path) {
  std::error_code ec;
  for (const char* ext : {"", ".shx", ".dbf", ".prj", ".cpg"}) {
    fs::path p = path;
    if (*ext) p.replace_extension(ext);
    fs::remove(p, ec);
  }
}

void BM_FastGeoJson(benchmark::State& state) {
  const Points& p = points();
  const fs::path path = fs::temp_directory_path() / "lifecircle-bench-fast.geojson";
  for (auto _ : state) {
    write_point_geojson(path, "demand.geojson", p.crs, p.x, p.y, p.columns);
    state.PauseTiming();
    state.counters["MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
    remove_set(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.x.size()));
}

void BM_Gdal(benchmark::State& state, VectorDriver driver, const char* file) {
  const Points& p = points();
  const fs::path path = fs::temp_directory_path() / file;
  GdalMessages messages;
  for (auto _ : state) {
    LayerWriter w(create_vector_file(driver, path, file), driver, "demand", file, LayerGeometry::points, p.crs_wkt);
    write_point_features(w, p.crs, p.x, p.y, p.columns);
    w.close();
    state.PauseTiming();
    state.counters["MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
    remove_set(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.x.size()));
}

BENCHMARK(BM_FastGeoJson)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_Gdal, GeoJson, VectorDriver::geojson, "lifecircle-bench-gdal.geojson")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_Gdal, GeoPackage, VectorDriver::gpkg, "lifecircle-bench.gpkg")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_Gdal, FlatGeobuf, VectorDriver::fgb, "lifecircle-bench.fgb")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_Gdal, Shapefile, VectorDriver::shp, "lifecircle-bench.shp")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
