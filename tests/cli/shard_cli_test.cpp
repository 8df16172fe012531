// End-to-end tests of `lifecircle shard plan`: hand-made districts whose grouping, populations and
// halo are derived in the comments, the bundled grid with the Chengdu extract's population, and
// the errors.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gdal.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "core/errors.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliShardPlan : public CliTest {};

// summary.json without the fields of the run itself (its timings, threads and command line).
json without_run_fields(json s) {
  for (const char* k : {"timings_s", "threads", "command"}) s.erase(k);
  return s;
}

constexpr double X0 = kPlanX0, Y0 = kPlanY0;

std::string box(double x0, double y0, double x1, double y1) { return plan_box(x0, y0, x1, y1); }

// Six 1 km squares in a row, west to east, with populations (field pop) 50, 50, 100, 100, 20, 80
// thousand: 400,000 people.
void write_row(const fs::path& dir) {
  const double pop[] = {50000, 50000, 100000, 100000, 20000, 80000};
  std::vector<TestFeature> f;
  for (int k = 0; k < 6; ++k) {
    f.push_back({box(1000.0 * k, 0, 1000.0 * (k + 1), 1000), {{"name", "d" + std::to_string(k)}}, {{"pop", pop[k]}}});
  }
  write_geojson(dir / "row.geojson", 32650, f);
}

TEST_F(CliShardPlan, HandRowByPopulationAndArea) {
  write_row(tmp_.path());
  // --target-population 150000: 400,000 / 150,000 rounded up = 3 shards. Work per district: half
  // its population share, half its area share (each 1/6): d0 0.0625 + 0.0833 = 0.1458, d1 the
  // same, d2 and d3 0.125 + 0.0833 = 0.2083, d4 0.025 + 0.0833 = 0.1083, d5 0.1 + 0.0833 = 0.1833
  // (total 1). Middles of work: d0 0.073, d1 0.219, d2 0.396, d3 0.604, d4 0.750, d5 0.908;
  // times 3, rounded down: shards 0, 0, 1, 1, 2, 2.
  const RunResult r = run({"shard", "plan", "--districts", (tmp_ / "row.geojson").string(), "--population-field", "pop",
                           "--halo", "15min", "--speed", "1", "--target-population", "150000", "--crs", "EPSG:32650",
                           "--out", (tmp_ / "plan").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json p = read_json(tmp_ / "plan" / "plan.json");
  EXPECT_EQ(p["kind"], "shard_plan");
  EXPECT_EQ(p["crs"], "EPSG:32650");
  // 15 minutes at 1 m/s in a straight line: 900 m.
  EXPECT_DOUBLE_EQ(p["halo"]["metres"].get<double>(), 900.0);
  const json& s = p["shards"];
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0]["district_names"], json::array({"d0", "d1"}));
  EXPECT_EQ(s[1]["district_names"], json::array({"d2", "d3"}));
  EXPECT_EQ(s[2]["district_names"], json::array({"d4", "d5"}));
  EXPECT_DOUBLE_EQ(s[0]["population"].get<double>(), 100000);
  EXPECT_DOUBLE_EQ(s[1]["population"].get<double>(), 200000);
  EXPECT_DOUBLE_EQ(s[2]["population"].get<double>(), 100000);
  EXPECT_NEAR(s[1]["area_km2"].get<double>(), 2.0, 1e-9);
  // Shard 1 spans x 2,000..4,000 m; its halo bounds reach 900 m further.
  EXPECT_NEAR(s[1]["bounds_m"][0].get<double>(), X0 + 2000, 1e-6);
  EXPECT_NEAR(s[1]["halo_bounds_m"][0].get<double>(), X0 + 1100, 1e-6);
  EXPECT_NEAR(s[1]["halo_bounds_m"][3].get<double>(), Y0 + 1900, 1e-6);
  EXPECT_GT(fs::file_size(tmp_ / "plan" / "shards.gpkg"), 0u);
  EXPECT_NE(r.out.find("3 shards of 6 districts, 400,000 people"), std::string::npos) << r.out;

  // Read back as every shard run reads it.
  const ShardPlan back = io::read_shard_plan((tmp_ / "plan").string());
  EXPECT_EQ(back.crs, "EPSG:32650");
  EXPECT_EQ(back.district_shard, (std::vector<Id>{0, 0, 1, 1, 2, 2}));
  EXPECT_DOUBLE_EQ(back.halo.metres, 900.0);
  EXPECT_EQ(back.halo.mode, TravelMode::distance);
  ASSERT_EQ(back.shards.size(), 3u);
  EXPECT_DOUBLE_EQ(back.shards[1].population, 200000);
  EXPECT_NEAR(back.shards[1].min_x, X0 + 2000, 1e-6);
  EXPECT_EQ(back.districts_path, (tmp_ / "row.geojson").string());
  fs::create_directories(tmp_ / "notplan");
  write_text(tmp_ / "notplan" / "plan.json", "{\"kind\": \"coverage\"}");
  EXPECT_THROW(io::read_shard_plan((tmp_ / "notplan").string()), InputError);
  EXPECT_THROW(io::read_shard_plan((tmp_ / "nothing").string()), InputError);
}

TEST_F(CliShardPlan, DriveHaloFromTheTopSpeed) {
  write_row(tmp_.path());
  // 6 minutes by car at 36 km/h (10 m/s): 3,600 m; two shards of three districts by area alone.
  const RunResult r = run({"shard", "plan", "--districts", (tmp_ / "row.geojson").string(), "--halo", "6min", "--mode",
                           "drive", "--top-speed", "36", "--shards", "2", "--crs", "EPSG:32650", "--out",
                           (tmp_ / "plan").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json p = read_json(tmp_ / "plan" / "plan.json");
  EXPECT_DOUBLE_EQ(p["halo"]["metres"].get<double>(), 3600.0);
  ASSERT_EQ(p["shards"].size(), 2u);
  EXPECT_EQ(p["shards"][0]["district_names"], json::array({"d0", "d1", "d2"}));
  EXPECT_EQ(p["shards"][1]["district_names"], json::array({"d3", "d4", "d5"}));
}

TEST_F(CliShardPlan, BundledGridWithTheExtractsPopulation) {
  const std::string grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const RunResult r = run({"shard", "plan", "--districts", grid, "--demand", chengdu_pbf(), "--halo", "1000m",
                           "--target-population", "120000", "--out", (tmp_ / "plan").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json p = read_json(tmp_ / "plan" / "plan.json");
  // Every district in exactly one shard.
  std::set<long long> seen;
  double population = 0;
  for (const json& s : p["shards"]) {
    for (const json& d : s["districts"]) EXPECT_TRUE(seen.insert(d.get<long long>()).second) << d;
    population += s["population"].get<double>();
  }
  EXPECT_EQ(seen.size(), 9u);
  EXPECT_NEAR(population, p["population_total"].get<double>(), 1e-6);
  // Consistency with another command's reading of the same data: the districts of `access`
  // (whose hand tests fix its district sums) hold the same people.
  const RunResult a = run({"access", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--categories", "health",
                           "--districts", grid, "--out", (tmp_ / "acc").string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  double in_districts = 0;
  const json acc = read_json(tmp_ / "acc" / "summary.json");
  for (const json& d : acc["districts"]["list"]) in_districts += d["population"].get<double>();
  EXPECT_NEAR(population, in_districts, 1e-6 * in_districts);
  // 440,695 of the extract's people in 9 districts over a target of 120,000: 4 shards.
  EXPECT_EQ(p["shards"].size(), 4u);
}

TEST_F(CliShardPlan, Errors) {
  write_row(tmp_.path());
  const std::string row = (tmp_ / "row.geojson").string();
  auto code = [&](std::vector<std::string> more) {
    std::vector<std::string> args{"shard", "plan", "--districts", row, "--crs", "EPSG:32650", "--out", (tmp_ / "p").string()};
    args.insert(args.end(), more.begin(), more.end());
    return run(args);
  };
  EXPECT_EQ(code({}).exit_code, 2);                                           // no --halo
  EXPECT_EQ(code({"--halo", "15min", "--mode", "drive"}).exit_code, 2);       // a time by car needs a speed
  EXPECT_EQ(code({"--halo", "fast"}).exit_code, 2);
  const RunResult r = code({"--halo", "1000m", "--population-field", "name"});  // names are not populations
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("d0"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp_ / "p" / "plan.json"));
}

}  // namespace
}  // namespace lc::clitest

namespace lc::clitest {
namespace {

class CliShardRun : public CliTest {};

TEST_F(CliShardRun, FourShardsMergeToTheOneMachineRunByteForByte) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  // Both runs' folders are named "run" (a map's title names it); the maps go beside them.
  const std::string plan = (tmp_ / "plan").string(), run_dir = (tmp_ / "split" / "run").string();
  const fs::path one_dir = tmp_ / "one" / "run";
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "1000m", "--shards", "4", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"coverage", "--facilities", pbf, "--demand", pbf, "--within", "1000m", "--crs", "EPSG:4523"};
  const std::vector<std::string> split_maps = {"--map", (tmp_ / "split" / "map.png").string(), "--html",
                                               (tmp_ / "split" / "map.html").string()};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  // Each shard in turn, in this process's machine: every point owned once.
  long long owned = 0;
  for (int k = 0; k < 4; ++k) {
    std::vector<std::string> more = {"--out", run_dir, "--shard", plan + ":" + std::to_string(k)};
    more.insert(more.end(), split_maps.begin(), split_maps.end());
    const RunResult r = run(with(more));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json s = read_json(fs::path(run_dir) / ("shard-" + std::to_string(k)) / "shard.json");
    owned += s["demand_points_owned"].get<long long>();
    EXPECT_LT(s["demand_points_owned"].get<long long>(), 1190);
  }
  EXPECT_EQ(owned, 1190);
  EXPECT_FALSE(fs::exists(fs::path(run_dir) / "demand.geojson"));
  EXPECT_FALSE(fs::exists(tmp_ / "split" / "map.png"));  // a shard draws no map: the merge does
  const RunResult m = run({"shard", "merge", plan, "--out", run_dir});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const RunResult one = run(with({"--out", one_dir.string(), "--map", (tmp_ / "one" / "map.png").string(), "--html",
                                  (tmp_ / "one" / "map.html").string()}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  for (const char* f : {"demand.geojson", "facilities.geojson", "service_areas.geojson"}) {
    EXPECT_EQ(read_text(fs::path(run_dir) / f), read_text(one_dir / f)) << f << " differs from the one-machine run";
  }
  for (const char* f : {"map.png", "map.html"}) {
    ASSERT_TRUE(fs::exists(tmp_ / "split" / f)) << f;
    EXPECT_EQ(read_text(tmp_ / "split" / f), read_text(tmp_ / "one" / f)) << f << " differs from the one-machine run's";
  }
  EXPECT_EQ(without_run_fields(read_json(fs::path(run_dir) / "summary.json")), without_run_fields(read_json(one_dir / "summary.json")));
  // The merged summary records the command as the whole run's: without --shard.
  EXPECT_EQ(read_json(fs::path(run_dir) / "summary.json")["command"].get<std::string>().find("--shard"), std::string::npos);
}

// Walking: each shard reads the roads within its halo and searches its catchments there; the
// merge searches the nearest facilities and draws the areas over the whole network.
TEST_F(CliShardRun, WalkShardsMergeToTheOneMachineRunByteForByte) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string(), run_dir = (tmp_ / "split" / "run").string();
  const fs::path one_dir = tmp_ / "one" / "run";
  // 15 minutes at the fastest a walker goes on these roads, 4 km/h: 1,000 m.
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "15min", "--mode", "walk", "--roads", pbf,
                 "--shards", "4", "--crs", "EPSG:4523", "--out", plan}).exit_code, 0);
  EXPECT_NEAR(read_json(fs::path(plan) / "plan.json")["halo"]["metres"].get<double>(), 1000, 1e-3);
  const std::vector<std::string> args = {"coverage", "--facilities", pbf, "--demand", pbf, "--mode", "walk",
                                         "--crs", "EPSG:4523"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  const RunResult one = run(with({"--out", one_dir.string()}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const json one_summary = read_json(one_dir / "summary.json");
  const std::string roads = one_summary["network"]["roads"].get<std::string>();
  const long long lines = std::stoll(roads.substr(roads.find("): ") + 3));
  for (int k = 0; k < 4; ++k) {
    const RunResult r = run(with({"--out", run_dir, "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // A shard reads a part of the roads only.
    const long long read = read_json(fs::path(run_dir) / ("shard-" + std::to_string(k)) / "shard.json")["road_lines_read"];
    EXPECT_GT(read, 0);
    EXPECT_LT(read, lines);
  }
  const RunResult m = run({"shard", "merge", plan, "--out", run_dir});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (const char* f : {"demand.geojson", "facilities.geojson", "service_areas.geojson"}) {
    EXPECT_EQ(read_text(fs::path(run_dir) / f), read_text(one_dir / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_run_fields(read_json(fs::path(run_dir) / "summary.json")), without_run_fields(one_summary));
  // Many routes to a nearest facility are longer than the 1,000 m halo: named, and still exact.
  EXPECT_NE(m.err.find("beyond their shard's halo of 1,000 m (routes up to"), std::string::npos) << m.err;
}

// The highways of an OSM extract as the GeoPackage road layer `roads` in EPSG:4523 (what
// `ogr2ogr -f GPKG OUT PBF lines -where "highway IS NOT NULL" -nln roads -t_srs EPSG:4523` writes).
void write_roads_gpkg(const std::string& pbf, const std::string& out) {
  GDALAllRegister();
  GDALDatasetH src = GDALOpenEx(pbf.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(src, nullptr) << pbf;
  const char* argv[] = {"-f", "GPKG", "-where", "highway IS NOT NULL", "-nln", "roads", "-t_srs", "EPSG:4523", "lines", nullptr};
  GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
  int failed = 0;
  GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, options, &failed);
  GDALVectorTranslateOptionsFree(options);
  GDALClose(src);
  ASSERT_NE(dst, nullptr) << out;
  GDALClose(dst);
}

// Per-facility isochrones (--merge split) of the bundled city split four ways: each shard draws
// the split areas of the facilities it owns from the roads around its districts only, and the
// merge writes the one-machine run's files byte for byte. The breaks are short (1.5 and 3 minutes
// at 4 km/h, 100 m and 200 m; a 3-minute halo, 200 m) so that a shard's reading (its districts
// grown by 5 halos, 6 snaps of 100 m, 4 bands and a 500 m block: about 2.3 km) leaves part of the
// 8.5 km city out. Refused: dissolved areas, a surface, breaks beyond the halo, an incomplete set.
TEST_F(CliShardRun, IsochroneSplitShardsMergeToTheOneMachineRunByteForByte) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string(), run_dir = (tmp_ / "split" / "run").string();
  const fs::path one_dir = tmp_ / "one" / "run";
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "3min", "--mode", "walk", "--roads", pbf,
                 "--shards", "4", "--crs", "EPSG:4523", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"isochrones", "--facilities", pbf, "--demand", pbf, "--mode", "walk", "--merge", "split",
                                         "--shape", "rings", "--breaks", "1.5,3", "--max-snap", "100", "--crs", "EPSG:4523"};
  auto with = [&](std::vector<std::string> more, std::vector<std::string> a = {}) {
    if (a.empty()) a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  auto shard = [&](int k) { return run(with({"--out", run_dir, "--shard", plan + ":" + std::to_string(k)})); };
  const RunResult one = run(with({"--out", one_dir.string()}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const json one_summary = read_json(one_dir / "summary.json");
  const std::string roads = one_summary["roads"].get<std::string>();
  const long long lines = std::stoll(roads.substr(roads.find("): ") + 3));
  // Every health, fitness and scenic facility: two rings each.
  const json iso = read_json(one_dir / "isochrones.geojson");
  std::size_t drawn = 0;
  for (const json& f : iso["features"]) drawn += f["geometry"].is_object();
  EXPECT_GT(drawn, 100u);

  // Shards 0 and 2 only: the merge names the others and writes nothing.
  ASSERT_EQ(shard(0).exit_code, 0);
  ASSERT_EQ(shard(2).exit_code, 0);
  RunResult r = run({"shard", "merge", plan, "--out", run_dir});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no results for shard(s) 1,3 of the plan"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(run_dir) / "isochrones.geojson"));

  std::size_t owned = 0;
  for (int k = 0; k < 4; ++k) {
    if (k == 1 || k == 3) {
      ASSERT_EQ(shard(k).exit_code, 0);
    }
    const json meta = read_json(fs::path(run_dir) / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_EQ(meta["kind"], "isochrones_shard");
    EXPECT_GT(meta["road_lines_read"].get<long long>(), 0);
    EXPECT_LT(meta["road_lines_read"].get<long long>(), lines) << "shard " << k << " reads part of the roads";
    owned += meta["facilities_owned"].get<std::size_t>();
  }
  EXPECT_EQ(2 * owned, iso["features"].size()) << "each facility owned once";
  r = run({"shard", "merge", plan, "--out", run_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"isochrones.geojson", "facilities.geojson"}) {
    EXPECT_EQ(read_text(fs::path(run_dir) / f), read_text(one_dir / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_run_fields(read_json(fs::path(run_dir) / "summary.json")), without_run_fields(one_summary));

  // Refused before any work (exit 2): dissolved areas, a surface, a break beyond the halo.
  std::vector<std::string> dissolved = args;
  dissolved.erase(std::find(dissolved.begin(), dissolved.end(), "--merge"), std::find(dissolved.begin(), dissolved.end(), "--merge") + 2);
  r = run(with({"--out", run_dir, "--shard", plan + ":0"}, dissolved));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--merge split"), std::string::npos) << r.err;
  r = run(with({"--surface", "100m", "--out", run_dir, "--shard", plan + ":0"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--surface"), std::string::npos) << r.err;
  std::vector<std::string> longer = args;
  *(std::find(longer.begin(), longer.end(), "1.5,3")) = "3,4";
  r = run(with({"--out", run_dir, "--shard", plan + ":0"}, longer));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--breaks 4min reaches 267 m at 1.1111"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("beyond the halo of 200 m"), std::string::npos) << r.err;

  // The roads as a GeoPackage, which a shard reads through its spatial index (the lines come in
  // the index's order, not the file's): the same files as one machine's again.
  const std::string roads_gpkg = (tmp_ / "roads.gpkg").string(), gpkg_dir = (tmp_ / "split_gpkg" / "run").string();
  write_roads_gpkg(pbf, roads_gpkg);
  const std::vector<std::string> by_gpkg = {"--roads", roads_gpkg, "--road-class-field", "highway"};
  const RunResult one_gpkg = run(with(by_gpkg, with({"--out", (tmp_ / "one_gpkg").string()})));
  ASSERT_EQ(one_gpkg.exit_code, 0) << one_gpkg.err;
  const std::string gpkg_roads = read_json(tmp_ / "one_gpkg" / "summary.json")["roads"].get<std::string>();
  const long long gpkg_lines = std::stoll(gpkg_roads.substr(gpkg_roads.find("): ") + 3));
  for (int k = 0; k < 4; ++k) {
    r = run(with(by_gpkg, with({"--out", gpkg_dir, "--shard", plan + ":" + std::to_string(k)})));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(read_json(fs::path(gpkg_dir) / ("shard-" + std::to_string(k)) / "shard.json")["road_lines_read"].get<long long>(),
              gpkg_lines);
  }
  r = run({"shard", "merge", plan, "--out", gpkg_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_text(fs::path(gpkg_dir) / "isochrones.geojson"), read_text(tmp_ / "one_gpkg" / "isochrones.geojson"))
      << "isochrones.geojson from the GeoPackage roads differs from the one-machine run";

  // A Slurm array of the same command.
  r = run({"shard", "slurm", plan, "--", "isochrones", "--facilities", pbf, "--demand", pbf, "--merge", "split", "--mode", "walk",
           "--out", run_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string script = read_text(fs::path(run_dir) / "slurm" / "shards.sbatch");
  EXPECT_NE(script.find("#SBATCH --array=0,1,2,3\n"), std::string::npos) << script;
  EXPECT_NE(script.find("lifecircle' 'isochrones' "), std::string::npos) << script;
}

// The walk split above with the city's extract cut per shard: each shard reads its extract (part
// of the buildings, so fewer demand points than the whole run's), and the merge still equals the
// one-machine run. An extract cut too narrow, a source changed since and other tag rules are
// refused before any work.
TEST_F(CliShardRun, ShardsReadTheirOsmExtractsAndMergeToTheOneMachineRun) {
  const std::string pbf = (tmp_ / "city.osm.pbf").string(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  fs::copy_file(chengdu_pbf(), pbf);
  const std::string plan = (tmp_ / "plan").string(), run_dir = (tmp_ / "split" / "run").string();
  const fs::path one_dir = tmp_ / "one" / "run";
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "15min", "--mode", "walk", "--roads", pbf,
                 "--shards", "4", "--crs", "EPSG:4523", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"coverage", "--facilities", pbf, "--demand", pbf, "--mode", "walk", "--crs", "EPSG:4523"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  auto shard = [&](int k) { return run(with({"--out", run_dir, "--shard", plan + ":" + std::to_string(k)})); };

  // Cut too narrow for a walk coverage (the halo and the 250 m snap: 1,250 m beyond the districts).
  RunResult e = run({"shard", "extract", plan, "--source", pbf, "--grow", "500"});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  RunResult r = shard(0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("beyond its extract of " + pbf + " (its districts grown by 500 m)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--grow"), std::string::npos) << r.err;

  // The default: 4 halos and the snap, 4,250 m.
  e = run({"shard", "extract", plan, "--source", pbf});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json sets = read_json(fs::path(plan) / "extracts.json");
  ASSERT_EQ(sets["extracts"].size(), 1u) << "cut again, the file's entry is replaced";
  const json& set = sets["extracts"][0];
  EXPECT_NEAR(set["grow_m"].get<double>(), 4250, 1e-3);
  ASSERT_EQ(set["shards"].size(), 4u);
  for (int k = 0; k < 4; ++k) {
    const fs::path file = fs::path(plan) / set["shards"][k]["file"].get<std::string>();
    EXPECT_EQ(set["shards"][k]["file"], "extracts/city/" + std::to_string(k) + ".osm.pbf");
    EXPECT_EQ(fs::file_size(file), set["shards"][k]["bytes"].get<std::uintmax_t>());
    EXPECT_LT(fs::file_size(file), fs::file_size(pbf));
  }

  const RunResult one = run(with({"--out", one_dir.string()}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::size_t points = read_json(one_dir / "demand.geojson")["features"].size();
  std::size_t read = 0;
  for (int k = 0; k < 4; ++k) {
    r = shard(k);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json meta = read_json(fs::path(run_dir) / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_EQ(meta["osm_extracts_read"][pbf], plan + "/extracts/city/" + std::to_string(k) + ".osm.pbf");
    read += meta["demand_points_read"].get<std::size_t>();
  }
  // The whole file gives every shard all the city's points; its extract, those near it (the city is
  // 8.5 km across, an extract reaches 4,250 m beyond its districts: one shard still reads all).
  EXPECT_LT(read, 4 * points);
  const RunResult m = run({"shard", "merge", plan, "--out", run_dir});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (const char* f : {"demand.geojson", "facilities.geojson", "service_areas.geojson"}) {
    EXPECT_EQ(read_text(fs::path(run_dir) / f), read_text(one_dir / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_run_fields(read_json(fs::path(run_dir) / "summary.json")), without_run_fields(read_json(one_dir / "summary.json")));

  // Other tag rules than the extracts kept the facilities of.
  const std::string rules = (tmp_ / "rules.yaml").string();
  fs::copy_file(source_dir() + "/data/osm_categories.yaml", rules);
  std::ofstream(rules, std::ios::app) << "\n";
  r = run(with({"--out", run_dir, "--shard", plan + ":1", "--tag-mapping", rules}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("other rules"), std::string::npos) << r.err;
  // The file changed since it was cut.
  fs::last_write_time(pbf, fs::last_write_time(pbf) + std::chrono::hours(1));
  r = shard(1);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find(pbf + " changed since its extracts were cut"), std::string::npos) << r.err;
}

// Two 2 km districts, west [0, 2000] and east [2000, 4000], along one street (y = 500) drawn as
// eight 500 m lines; walking at 1 m/s, 10 minutes is 600 m. Fitness centres F at x = 1900 (west)
// and G at x = 3400 (east); homes a 1500 (1 person), b 2300 (2), c 2720 (4), d 3500 (8), e 100 (16).
// F reaches [1300, 2500]: a and b, across the border (3 people); G [2800, 4000]: d (8). c is 820 m
// from F and 680 m from G, e 1,800 m from F. With a 700 m halo and the 250 m snap, west reads the
// lines meeting x <= 2950 and east those meeting x >= 1050: six lines each. e's route, 1,800 m, is
// longer than the halo: reported.
TEST_F(CliShardRun, AWalkCatchmentAcrossAShardBorderByHand) {
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 2000, 1000), {{"name", "west"}}, {{"pop", 10}}},
                 {plan_box(2000, 0, 4000, 1000), {{"name", "east"}}, {{"pop", 10}}}});
  std::vector<TestFeature> lines;
  for (int k = 0; k < 8; ++k) {
    const std::string a = plan_point(500.0 * k, 500), b = plan_point(500.0 * (k + 1), 500);
    lines.push_back({"LINESTRING (" + a.substr(7, a.size() - 8) + "," + b.substr(7, b.size() - 8) + ")",
                     {{"id", "r" + std::to_string(k)}, {"class", "residential"}}, {}});
  }
  write_geojson(tmp_ / "roads.geojson", 32650, lines);
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(1900, 500), {{"id", "F"}}, {}}, {plan_point(3400, 500), {{"id", "G"}}, {}}});
  const std::vector<std::pair<double, double>> homes = {{1500, 1}, {2300, 2}, {2720, 4}, {3500, 8}, {100, 16}};
  std::vector<TestFeature> h;
  for (std::size_t k = 0; k < homes.size(); ++k) {
    h.push_back({plan_point(homes[k].first, 500), {{"id", std::string(1, static_cast<char>('a' + k))}}, {{"pop", homes[k].second}}});
  }
  write_geojson(tmp_ / "homes.geojson", 32650, h);
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "700m", "--mode", "walk", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  const int west = p["shards"][0]["district_names"] == json::array({"west"}) ? 0 : 1;
  ASSERT_EQ(p["shards"][west]["district_names"], json::array({"west"}));
  const std::vector<std::string> args = {"coverage", "--mode", "walk", "--speed", "1.0", "--facilities",
                                         (tmp_ / "fac.geojson").string(), "--category", "fitness", "--demand",
                                         (tmp_ / "homes.geojson").string(), "--population-field", "pop", "--roads",
                                         (tmp_ / "roads.geojson").string(), "--road-class-field", "class", "--within", "10min",
                                         "--crs", "EPSG:32650"};
  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--out", split, "--shard", plan + ":" + std::to_string(k)});
    const RunResult r = run(a);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_json(fs::path(split) / ("shard-" + std::to_string(k)) / "shard.json")["road_lines_read"], 6);
  }
  const RunResult m = run({"shard", "merge", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json d = read_json(fs::path(split) / "demand.geojson");
  std::map<std::string, std::pair<long long, double>> got;  // id: count, nearest
  for (const json& f : d["features"]) {
    got[f["properties"]["id"]] = {f["properties"]["fitness_count"].get<long long>(),
                                  f["properties"]["fitness_nearest_m"].get<double>()};
  }
  const std::map<std::string, std::pair<long long, double>> want = {
      {"a", {1, 400}}, {"b", {1, 400}}, {"c", {0, 680}}, {"d", {1, 100}}, {"e", {0, 1800}}};
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [id, v] : want) {
    EXPECT_EQ(got[id].first, v.first) << id;
    EXPECT_NEAR(got[id].second, v.second, 0.1) << id;
  }
  const json fac = read_json(fs::path(split) / "facilities.geojson");
  ASSERT_EQ(fac["features"].size(), 2u);
  for (const json& f : fac["features"]) {
    EXPECT_DOUBLE_EQ(f["properties"]["population_in_reach"].get<double>(), f["properties"]["id"] == "F" ? 3 : 8);
  }
  EXPECT_EQ(read_text(fs::path(split) / "beyond_halo.csv"),
            "category,demand_id,shard,nearest_m,halo_m,weight\nfitness,e," + std::to_string(west) + ",1800,700,16\n");
}

TEST_F(CliShardRun, AGeoPackageDemandIsReadOnlyWithinEachShardsHalo) {
  // The extract's demand points as a GeoPackage layer (an indexed source: GDAL's spatial filter
  // reads only what meets a shard's halo), from a run written in that format.
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  ASSERT_EQ(run({"coverage", "--facilities", pbf, "--demand", pbf, "--crs", "EPSG:4523", "--format", "gpkg", "--out",
                 (tmp_ / "src").string()}).exit_code, 0);
  const std::string gpkg = (tmp_ / "src" / "coverage.gpkg").string(), plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", gpkg, "--demand-layer", "demand", "--population-field",
                 "population", "--halo", "600m", "--shards", "9", "--crs", "EPSG:4523", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"coverage", "--facilities", pbf, "--demand", gpkg, "--demand-layer", "demand",
                                         "--population-field", "population", "--within", "600m", "--crs", "EPSG:4523",
                                         "--format", "fgb"};  // kept with each shard's arguments, written by the merge
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  const fs::path split = tmp_ / "split";
  long long read = 0;
  for (int k = 0; k < 9; ++k) {
    const RunResult r = run(with({"--out", split.string(), "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json s = read_json(split / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_LT(s["demand_points_read"].get<long long>(), 1190) << "shard " << k << " read every point";
    read += s["demand_points_read"].get<long long>();
  }
  // Each of the nine read a part: fewer than nine times the whole between them.
  EXPECT_LT(read, 9 * 1190);
  ASSERT_EQ(run({"shard", "merge", plan, "--out", split.string()}).exit_code, 0);
  ASSERT_EQ(run(with({"--out", (tmp_ / "one").string()})).exit_code, 0);
  for (const char* f : {"demand.fgb", "facilities.fgb", "service_areas.fgb"}) {
    ASSERT_TRUE(fs::exists(split / f)) << f;
    EXPECT_EQ(read_text(split / f), read_text(tmp_ / "one" / f)) << f << " differs from the one-machine run";
  }
  EXPECT_FALSE(fs::exists(split / "demand.geojson"));
  EXPECT_EQ(without_run_fields(read_json(split / "summary.json")), without_run_fields(read_json(tmp_ / "one" / "summary.json")));
}

TEST_F(CliShardRun, AMissingShardAndThresholdsBeyondTheHalo) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string(), run_dir = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "800m", "--shards", "3", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"coverage", "--facilities", pbf, "--demand", pbf, "--crs", "EPSG:4523", "--out", run_dir};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  // 1,000 m is beyond the plan's 800 m halo: refused before any work.
  RunResult r = run(with({"--within", "1000m", "--shard", plan + ":0"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("beyond the halo"), std::string::npos) << r.err;
  EXPECT_EQ(run(with({"--within", "800m", "--shard", plan + ":3"})).exit_code, 2);  // shards 0 to 2
  // 15 minutes' walk at the walking speed, 4 km/h (the roads' top speed on foot): 1,000 m.
  r = run(with({"--within", "15min", "--mode", "walk", "--shard", plan + ":0"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--within 15min reaches 1000 m at 1.1111"), std::string::npos) << r.err;
  // Shards 0 and 2 only: the merge names shard 1 and writes nothing.
  ASSERT_EQ(run(with({"--within", "800m", "--shard", plan + ":0"})).exit_code, 0);
  ASSERT_EQ(run(with({"--within", "800m", "--shard", plan + ":2"})).exit_code, 0);
  r = run({"shard", "merge", plan, "--out", run_dir});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no results for shard(s) 1 of the plan"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(run_dir) / "demand.geojson"));
  // Shard 1 run with another threshold: the merge refuses to mix them.
  ASSERT_EQ(run(with({"--within", "700m", "--shard", plan + ":1"})).exit_code, 0);
  r = run({"shard", "merge", plan, "--out", run_dir});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("other arguments"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(run_dir) / "demand.geojson"));
}

TEST_F(CliShardRun, SlurmMemoryFromThePlansDemandCounts) {
  // Two 1 km districts, a 500 m halo; homes w (300, 500) and m (1200, 500), e (1900, 500). Planned
  // with the homes as demand: west owns w and reads w and m (m lies within its halo's bounds, x up
  // to 1,500), east owns m and e and reads them. The requests: 1.5 x (100 MB + 210 B x 2) and
  // 1.5 x (100 MB + 280 B x 3) are 143 MiB, 256 MiB rounded up (algorithms/shard_plan.hpp).
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 10}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 10}}}});
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(300, 500), {{"id", "w"}}, {{"pop", 20}}},
                 {plan_point(1200, 500), {{"id", "m"}}, {{"pop", 5}}},
                 {plan_point(1900, 500), {{"id", "e"}}, {{"pop", 7}}}});
  const std::string plan = (tmp_ / "plan").string(), bare = (tmp_ / "bare").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--demand", (tmp_ / "homes.geojson").string(),
                 "--population-field", "pop", "--halo", "500m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  const int west = p["shards"][0]["district_names"] == json::array({"west"}) ? 0 : 1;
  EXPECT_EQ(p["shards"][west]["demand_points"], 1);
  EXPECT_EQ(p["shards"][west]["demand_points_read"], 2);
  EXPECT_EQ(p["shards"][1 - west]["demand_points"], 2);
  EXPECT_EQ(p["shards"][1 - west]["demand_points_read"], 2);
  const std::vector<std::string> cmd = {"--", "coverage", "--facilities", "f.geojson", "--demand", "h.geojson", "--out",
                                        (tmp_ / "split").string()};
  auto slurm = [&](const std::string& which, std::vector<std::string> more) {
    std::vector<std::string> a = {"shard", "slurm", which};
    a.insert(a.end(), more.begin(), more.end());
    a.insert(a.end(), cmd.begin(), cmd.end());
    return run(a);
  };
  const fs::path scripts = tmp_ / "split" / "slurm";
  const RunResult sized = slurm(plan, {});
  ASSERT_EQ(sized.exit_code, 0) << sized.err;
  EXPECT_NE(sized.out.find("Memory: tasks 256 MiB, for the largest shard's 2 demand points read; merge 256 MiB, for 3 demand points"),
            std::string::npos) << sized.out;
  EXPECT_NE(read_text(scripts / "shards.sbatch").find("#SBATCH --mem=256M\n"), std::string::npos);
  EXPECT_NE(read_text(scripts / "merge.sbatch").find("#SBATCH --mem=256M\n"), std::string::npos);
  // Given by hand: as given; the merge's apart.
  ASSERT_EQ(slurm(plan, {"--mem", "3G", "--merge-mem", "5000M"}).exit_code, 0);
  EXPECT_NE(read_text(scripts / "shards.sbatch").find("#SBATCH --mem=3072M\n"), std::string::npos);
  EXPECT_NE(read_text(scripts / "merge.sbatch").find("#SBATCH --mem=5000M\n"), std::string::npos);
  // A plan without demand counts: 2 GiB, and the merge as the tasks.
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--shards", "2", "--crs", "EPSG:32650", "--out", bare}).exit_code, 0);
  EXPECT_FALSE(read_json(fs::path(bare) / "plan.json")["shards"][0].contains("demand_points"));
  const RunResult unsized = slurm(bare, {});
  ASSERT_EQ(unsized.exit_code, 0) << unsized.err;
  EXPECT_NE(unsized.out.find("the plan has no demand counts"), std::string::npos) << unsized.out;
  EXPECT_NE(read_text(scripts / "shards.sbatch").find("#SBATCH --mem=2048M\n"), std::string::npos);
  EXPECT_NE(read_text(scripts / "merge.sbatch").find("#SBATCH --mem=2048M\n"), std::string::npos);
  EXPECT_EQ(slurm(bare, {"--merge-mem", "lots"}).exit_code, 2);

  // A walk run: its roads counted by a plan made with them. Streets along y = 500 from x = 0 to
  // 2000 in 20 segments, from 2000 to 3000 in 5 and at x = 9000 in 3: a coverage shard reads the
  // lines meeting its districts' boxes grown by the 500 m halo and the 250 m snap, x up to 1,750
  // (west: 20 segments) or from 250 to 2,750 (east: 25).
  std::vector<TestFeature> streets;
  auto street = [&](double x0, double x1, int segments) {
    std::string wkt = "LINESTRING (";
    for (int k = 0; k <= segments; ++k) {
      const std::string pt = plan_point(x0 + (x1 - x0) * k / segments, 500);
      wkt += (k ? "," : "") + pt.substr(7, pt.size() - 8);
    }
    streets.push_back({wkt + ")", {{"class", "residential"}}, {}});
  };
  street(0, 2000, 20);
  street(2000, 3000, 5);
  street(9000, 9300, 3);
  write_geojson(tmp_ / "streets.geojson", 32650, streets);
  const std::string walk_plan = (tmp_ / "walk_plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--demand", (tmp_ / "homes.geojson").string(),
                 "--population-field", "pop", "--halo", "500m", "--mode", "walk", "--roads", (tmp_ / "streets.geojson").string(),
                 "--road-class-field", "class", "--shards", "2", "--crs", "EPSG:32650", "--out", walk_plan}).exit_code, 0);
  const json wp = read_json(fs::path(walk_plan) / "plan.json");
  EXPECT_EQ(wp["road_segments"], 28);
  EXPECT_EQ(wp["shards"][west]["road_segments_read"], 20);
  EXPECT_EQ(wp["shards"][1 - west]["road_segments_read"], 25);
  auto walk_slurm = [&](const std::string& which) {
    return run({"shard", "slurm", which, "--", "coverage", "--facilities", "f.geojson", "--demand", "h.geojson", "--mode", "walk",
                "--out", (tmp_ / "split").string()});
  };
  const RunResult walk = walk_slurm(walk_plan);
  ASSERT_EQ(walk.exit_code, 0) << walk.err;
  EXPECT_NE(walk.out.find("Memory: tasks 256 MiB, for the largest shard's 2 demand points and 25 road segments read; merge 256 MiB, "
                          "for 3 demand points and 28 road segments\n"),
            std::string::npos) << walk.out;
  // The distance plan holds no road counts: said, for a walk run.
  const RunResult uncounted = walk_slurm(plan);
  ASSERT_EQ(uncounted.exit_code, 0) << uncounted.err;
  EXPECT_NE(uncounted.out.find("(the roads not counted: plan with --roads to count them, or give --merge-mem)"), std::string::npos)
      << uncounted.out;
}

TEST_F(CliShardRun, ARaggedShardReadsTheDemandWithinItsDistrictsBoxes) {
  // Four 1 km squares, planned into two shards along the Hilbert curve of their centres, SW, NW,
  // NE, SE: with populations 1, 1, 1 and 20 the cut falls after the third (work 0.147 each, half
  // population and half area, against SE's 0.560), so shard 0 is an L (SW, NW, NE) and shard 1 is
  // SE. A 100 m halo. Homes: a (300, 300) in SW, b (1050, 500) in SE 50 m from SW, c (1500, 500)
  // in SE, within shard 0's bounds but 400 m from its districts. Shard 0 reads a and b (not c, as
  // the bounds of all its districts would), shard 1 b and c. A fitness centre F at (1040, 500)
  // covers b alone within 100 m: 5 of 17 people.
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "SW"}}, {{"pop", 1}}},
                 {plan_box(0, 1000, 1000, 2000), {{"name", "NW"}}, {{"pop", 1}}},
                 {plan_box(1000, 1000, 2000, 2000), {{"name", "NE"}}, {{"pop", 1}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "SE"}}, {{"pop", 20}}}});
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(1040, 500), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(300, 300), {{"id", "a"}}, {{"pop", 4}}}, {plan_point(1050, 500), {{"id", "b"}}, {{"pop", 5}}},
                 {plan_point(1500, 500), {{"id", "c"}}, {{"pop", 8}}}});
  const std::string plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "100m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  ASSERT_EQ(p["shards"][0]["district_names"], json::array({"SW", "NW", "NE"}));
  ASSERT_EQ(p["shards"][1]["district_names"], json::array({"SE"}));
  const std::vector<std::string> args = {"coverage", "--facilities", (tmp_ / "fac.geojson").string(), "--category", "fitness",
                                         "--demand", (tmp_ / "homes.geojson").string(), "--population-field", "pop",
                                         "--within", "100m", "--crs", "EPSG:32650"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  const fs::path split = tmp_ / "split";
  for (int k = 0; k < 2; ++k) ASSERT_EQ(run(with({"--out", split.string(), "--shard", plan + ":" + std::to_string(k)})).exit_code, 0);
  EXPECT_EQ(read_json(split / "shard-0" / "shard.json")["demand_points_read"], 2);
  EXPECT_EQ(read_json(split / "shard-0" / "shard.json")["demand_points_owned"], 1);
  EXPECT_EQ(read_json(split / "shard-1" / "shard.json")["demand_points_read"], 2);
  ASSERT_EQ(run({"shard", "merge", plan, "--out", split.string()}).exit_code, 0);
  const json summary = read_json(split / "summary.json");
  EXPECT_DOUBLE_EQ(summary["categories"]["fitness"]["population_covered"].get<double>(), 5);
  EXPECT_DOUBLE_EQ(summary["categories"]["fitness"]["population_total"].get<double>(), 17);
  ASSERT_EQ(run(with({"--out", (tmp_ / "one").string()})).exit_code, 0);
  EXPECT_EQ(read_text(split / "demand.geojson"), read_text(tmp_ / "one" / "demand.geojson"));
}

TEST_F(CliShardRun, ASlurmTaskUsesTheCpusItWasGiven) {
  // Slurm sets SLURM_CPUS_PER_TASK from --cpus-per-task: the run's thread limit unless --threads says.
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(200, 500), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650, {{plan_point(300, 500), {{"id", "w"}}, {{"pop", 20}}}});
  const std::vector<std::string> args = {"coverage", "--facilities", (tmp_ / "fac.geojson").string(), "--category", "fitness",
                                         "--demand", (tmp_ / "homes.geojson").string(), "--within", "400m"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  ::setenv("SLURM_CPUS_PER_TASK", "1", 1);
  const RunResult given = run(with({"--out", (tmp_ / "a").string()}));
  const RunResult told = run(with({"--out", (tmp_ / "b").string(), "--threads", "3"}));
  ::unsetenv("SLURM_CPUS_PER_TASK");
  ASSERT_EQ(given.exit_code, 0) << given.err;
  ASSERT_EQ(told.exit_code, 0) << told.err;
  EXPECT_EQ(read_json(tmp_ / "a" / "summary.json")["threads"], 1);
  EXPECT_EQ(read_json(tmp_ / "b" / "summary.json")["threads"], 3);
}

TEST_F(CliShardRun, AHaloNarrowerThanANearestFacilityIsReported) {
  // Two 1 km districts side by side, one fitness centre F at (200, 500) in the west one; homes w
  // at (300, 500), 100 m from F, and e at (1900, 500) in the east one, 1,700 m from F. A 500 m
  // halo holds the 400 m threshold, but not e's nearest facility: the merge names e (1,700 m >
  // 500 m) and not w.
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 10}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 10}}}});
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(200, 500), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(300, 500), {{"id", "w"}}, {{"pop", 20}}}, {plan_point(1900, 500), {{"id", "e"}}, {{"pop", 7}}}});
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  const int east = p["shards"][0]["district_names"] == json::array({"east"}) ? 0 : 1;
  ASSERT_EQ(p["shards"][east]["district_names"], json::array({"east"}));
  const std::vector<std::string> args = {"coverage", "--facilities", (tmp_ / "fac.geojson").string(), "--category", "fitness",
                                         "--demand", (tmp_ / "homes.geojson").string(), "--population-field", "pop",
                                         "--within", "400m", "--crs", "EPSG:32650", "--out", split};
  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--shard", plan + ":" + std::to_string(k)});
    ASSERT_EQ(run(a).exit_code, 0);
  }
  const RunResult m = run({"shard", "merge", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.err.find("1 demand points (weight 7) have their nearest fitness facility beyond their shard's halo of 500 m"),
            std::string::npos) << m.err;
  EXPECT_EQ(read_text(fs::path(split) / "beyond_halo.csv"),
            "category,demand_id,shard,nearest_m,halo_m,weight\nfitness,e," + std::to_string(east) + ",1700,500,7\n");
  // The distances themselves are exact: e is 1,700 m from F in the merged demand too.
  const json d = read_json(fs::path(split) / "demand.geojson");
  bool found = false;
  for (const json& f : d["features"]) {
    if (f["properties"]["id"] != "e") continue;
    found = true;
    EXPECT_NEAR(f["properties"]["fitness_nearest_m"].get<double>(), 1700, 0.01);
  }
  EXPECT_TRUE(found);
  // A halo wide enough: no report, and the earlier one removed.
  const std::string plan2 = (tmp_ / "plan2").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "2000m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan2}).exit_code, 0);
  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--shard", plan2 + ":" + std::to_string(k)});
    ASSERT_EQ(run(a).exit_code, 0);
  }
  const RunResult m2 = run({"shard", "merge", plan2, "--out", split});
  ASSERT_EQ(m2.exit_code, 0) << m2.err;
  EXPECT_EQ(m2.err.find("beyond their shard's halo"), std::string::npos) << m2.err;
  EXPECT_FALSE(fs::exists(fs::path(split) / "beyond_halo.csv"));
}

}  // namespace
}  // namespace lc::clitest

namespace lc::clitest {
namespace {

// Two 1 km districts side by side, west [0, 1000] and east [1000, 2000] (x in metres), along a
// street at y = 500 (eight 250 m lines, class residential): home w1 (700, 530) 300 people and
// F1 (900, 500) with 2 beds in the west; home e1 (1200, 530) 100 people, F2 (1700, 500) with 1 bed
// and home e2 (1800, 530) 100 people in the east. Files districts, fac, homes and roads .geojson.
void write_border_case(const fs::path& tmp) {
  write_geojson(tmp / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 300}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 200}}}});
  write_geojson(tmp / "fac.geojson", 32650,
                {{plan_point(900, 500), {{"id", "F1"}}, {{"beds", 2}}}, {plan_point(1700, 500), {{"id", "F2"}}, {{"beds", 1}}}});
  write_geojson(tmp / "homes.geojson", 32650,
                {{plan_point(700, 530), {{"id", "w1"}}, {{"pop", 300}}},
                 {plan_point(1200, 530), {{"id", "e1"}}, {{"pop", 100}}},
                 {plan_point(1800, 530), {{"id", "e2"}}, {{"pop", 100}}}});
  std::vector<TestFeature> lines;
  for (int k = 0; k < 8; ++k) {
    const std::string a = plan_point(250.0 * k, 500), b = plan_point(250.0 * (k + 1), 500);
    lines.push_back({"LINESTRING (" + a.substr(7, a.size() - 8) + "," + b.substr(7, b.size() - 8) + ")",
                     {{"id", "r" + std::to_string(k)}, {"class", "residential"}}, {}});
  }
  write_geojson(tmp / "roads.geojson", 32650, lines);
}

class CliShardAccess : public CliTest {};

TEST_F(CliShardAccess, NineShardsOfFloatingCatchmentsMergeByteForByte) {
  // Nine shards of one district each with a 500 m halo: each keeps the sites within 1,500 m of
  // its district (3SFCA's selection weights reach that far), the demand whole.
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "500m", "--shards", "9", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  for (const std::string measure : {"3sfca", "e2sfca", "3sfca-walk", "proximity", "proximity-walk"}) {
    // (-walk: on foot, 500 m of network; each shard reads the roads within four halos. proximity:
    // the mean distance to the 2 nearest of each category within 500 m, and the share of people
    // within 5 minutes' walk of them all on average, overall and by district)
    std::vector<std::string> args = {"access", "--facilities", pbf, "--demand", pbf, "--within", "500m", "--crs",
                                     "EPSG:4523", "--measure", measure.substr(0, measure.find("-walk")), "--districts", grid};
    if (measure.find("-walk") != std::string::npos) args.insert(args.end(), {"--mode", "walk"});
    if (measure.rfind("proximity", 0) == 0) args.insert(args.end(), {"--k", "2", "--target", "5min"});
    auto with = [&](std::vector<std::string> more) {
      std::vector<std::string> a = args;
      a.insert(a.end(), more.begin(), more.end());
      return a;
    };
    const fs::path split = tmp_ / ("split-" + measure), one = tmp_ / ("one-" + measure);
    for (int k = 0; k < 9; ++k) {
      const RunResult r = run(with({"--out", split.string(), "--shard", plan + ":" + std::to_string(k)}));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const RunResult m = run({"shard", "merge", plan, "--out", split.string()});
    ASSERT_EQ(m.exit_code, 0) << m.err;
    ASSERT_EQ(run(with({"--out", one.string()})).exit_code, 0);
    for (const char* f : {"demand.geojson", "facilities.geojson", "districts.geojson", "report.md", "report.html"}) {
      EXPECT_EQ(read_text(split / f), read_text(one / f)) << measure << ": " << f << " differs from the one-machine run";
    }
    EXPECT_EQ(without_run_fields(read_json(split / "summary.json")), without_run_fields(read_json(one / "summary.json"))) << measure;
  }
  // A shard needs the plan's districts.
  const std::vector<std::string> base = {"access", "--facilities", pbf, "--demand", pbf, "--within", "500m", "--crs", "EPSG:4523",
                                         "--out", (tmp_ / "x").string(), "--shard", plan + ":0"};
  auto code = [&](std::vector<std::string> more) {
    std::vector<std::string> a = base;
    a.insert(a.end(), more.begin(), more.end());
    return run(a).exit_code;
  };
  EXPECT_EQ(code({"--measure", "2sfca"}), 2);  // no --districts
}

// The border case on foot (write_border_case): 2SFCA within 400 m of network, walking at 1 m/s.
// F1 reaches w1 (230 m) and e1 (330 m): 2 beds / 400 people = 5 per 1,000; F2 reaches e2 (130 m)
// only (e1 is 530 m away): 1 / 100 = 10 per 1,000. The east shard owns e1 and e2 and must count
// w1 (the west's) in F1's catchment: e1 sees 5, not 2 / 100 = 20.
TEST_F(CliShardAccess, AWalkCatchmentAcrossTheBorderByHand) {
  write_border_case(tmp_.path());
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--mode", "walk", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"access", "--measure", "2sfca", "--mode", "walk", "--speed", "1.0", "--within", "400m",
                                         "--facilities", (tmp_ / "fac.geojson").string(), "--category", "health",
                                         "--supply-field", "beds", "--demand", (tmp_ / "homes.geojson").string(),
                                         "--population-field", "pop", "--roads", (tmp_ / "roads.geojson").string(),
                                         "--road-class-field", "class", "--districts", (tmp_ / "districts.geojson").string(),
                                         "--crs", "EPSG:32650", "--out", split};
  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--shard", plan + ":" + std::to_string(k)});
    const RunResult r = run(a);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const RunResult m = run({"shard", "merge", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json d = read_json(fs::path(split) / "demand.geojson");
  std::map<std::string, double> got;
  for (const json& f : d["features"]) got[f["properties"]["id"]] = f["properties"]["health_2sfca"].get<double>();
  EXPECT_EQ(got, (std::map<std::string, double>{{"e1", 5}, {"e2", 10}, {"w1", 5}}));
  // 10 minutes at 1 m/s, the fastest line a shard reads: 600 m, beyond the 500 m halo.
  std::vector<std::string> a = args;
  a[std::find(a.begin(), a.end(), "400m") - a.begin()] = "10min";
  a.insert(a.end(), {"--shard", plan + ":0"});
  const RunResult r = run(a);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--within reaches 600 m at 1 m/s, beyond the halo of 500 m"), std::string::npos) << r.err;
}


// Capacity on the border case on foot, its homes 100 people each (w1, e1, e2), 0.015 beds a
// person: F1 (2 beds) serves 133.3 people, F2 (1 bed) 66.7. F1 comes first (more beds) and serves
// the nearest first: w1 (230 m) whole, then e1 (330 m, across the border, owned by the east) a
// third; F2 serves e2 (130 m) two thirds. The west shard holds F1's row, the east F2's; the merge
// runs the chain on both, as one machine does, and writes its files.
TEST_F(CliShardAccess, CapacityServedAcrossTheBorderByHand) {
  write_border_case(tmp_.path());
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(700, 530), {{"id", "w1"}}, {{"pop", 100}}},
                 {plan_point(1200, 530), {{"id", "e1"}}, {{"pop", 100}}},
                 {plan_point(1800, 530), {{"id", "e2"}}, {{"pop", 100}}}});
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string(), one = (tmp_ / "one").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--mode", "walk", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"access", "--measure", "capacity", "--places-per-person", "0.015", "--mode", "walk",
                                         "--speed", "1.0", "--within", "400m", "--facilities", (tmp_ / "fac.geojson").string(),
                                         "--category", "health", "--supply-field", "beds", "--demand",
                                         (tmp_ / "homes.geojson").string(), "--population-field", "pop", "--roads",
                                         (tmp_ / "roads.geojson").string(), "--road-class-field", "class", "--districts",
                                         (tmp_ / "districts.geojson").string(), "--crs", "EPSG:32650"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  for (int k = 0; k < 2; ++k) {
    const RunResult r = run(with({"--out", split, "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const RunResult m = run({"shard", "merge", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json d = read_json(fs::path(split) / "demand.geojson");
  std::map<std::string, double> got;
  for (const json& f : d["features"]) got[f["properties"]["id"]] = f["properties"]["health_capacity"].get<double>();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_NEAR(got["w1"], 1.0, 1e-6);  // (written to 6 decimals)
  EXPECT_NEAR(got["e1"], 1.0 / 3, 1e-6);
  EXPECT_NEAR(got["e2"], 2.0 / 3, 1e-6);
  ASSERT_EQ(run(with({"--out", one})).exit_code, 0);
  for (const char* f : {"demand.geojson", "facilities.geojson", "districts.geojson", "report.md"}) {
    EXPECT_EQ(read_text(fs::path(split) / f), read_text(fs::path(one) / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_run_fields(read_json(fs::path(split) / "summary.json")), without_run_fields(read_json(fs::path(one) / "summary.json")));
}

}  // namespace
}  // namespace lc::clitest

namespace lc::clitest {
namespace {

class CliShardCheck : public CliTest {
 protected:
  void border_case(const std::filesystem::path& tmp, const std::string& mode);
};

// The rule of a report.json for `rule` in `scope` ("overall", "district" with its name).
const json* check_result(const json& report, const std::string& rule, const std::string& scope, const std::string& district = "") {
  for (const json& r : report["results"]) {
    if (r["rule"] == rule && r["scope"] == scope && (scope != "district" || r["district"] == district)) return &r;
  }
  return nullptr;
}

// Rules whose values depend on catchments crossing district and shard borders, on the bundled
// city's categories: nearest-distance shares, floating catchments (2SFCA, E2SFCA, 3SFCA, gravity),
// equity of the nearest distance and of a catchment measure, presence within reach.
const char* const city_rules =
    "name: split-city\n"
    "rules:\n"
    "  - {id: health.800m, kind: access, category: health, mode: distance, within: 800m, min_share: 0.5}\n"
    "  - {id: health.fca, kind: accessibility, category: health, measure: 2sfca, mode: distance, within: 800m,\n"
    "     per: 1000, threshold: 0.05, min_share: 0.5}\n"
    "  - {id: fitness.e2sfca, kind: accessibility, category: fitness, measure: e2sfca, mode: distance, within: 900m,\n"
    "     per: 1000, threshold: 0.02, min_share: 0.3}\n"
    "  - {id: health.3sfca, kind: accessibility, category: health, measure: 3sfca, mode: distance, within: 1000m,\n"
    "     per: 1000, threshold: 0.01, min_share: 0.4}\n"
    "  - {id: health.gravity, kind: accessibility, category: health, measure: gravity, decay: linear, mode: distance,\n"
    "     within: 1000m, threshold: 0.5, min_share: 0.2}\n"
    "  - {id: health.gini, kind: equity, category: health, index: gini, of: nearest, mode: distance, threshold: 0.3}\n"
    "  - {id: fitness.theil, kind: equity, category: fitness, index: theil, of: 2sfca, mode: distance, within: 700m,\n"
    "     threshold: 0.5}\n"
    "  - {id: health.presence, kind: presence, category: health, mode: distance, within: 600m, min_population: 1000}\n";

TEST_F(CliShardCheck, TheCitySplitFourWaysMergesByteForByte) {
  // A consistency check, not a reference: the merged reports compared with the one-machine run's.
  // The one-machine run writes into the split run's folder first (so both record the same command
  // line in report.md), its files are moved aside, then the shards and the merge write there.
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "1000m", "--shards", "4", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  write_text(tmp_ / "city.yaml", city_rules);
  // The same rules on foot (800 m: 800 m of network; the plan's 1,000 m halo holds them all).
  std::string walk_rules = city_rules;
  for (std::size_t at; (at = walk_rules.find("mode: distance")) != std::string::npos;) walk_rules.replace(at, 14, "mode: walk");
  write_text(tmp_ / "city-walk.yaml", walk_rules);
  const std::vector<std::vector<std::string>> rule_sets = {{"--preset", "cn-health", "--mode", "distance"},
                                                          {"--rules", (tmp_ / "city.yaml").string()},
                                                          {"--rules", (tmp_ / "city-walk.yaml").string()},
                                                          {"--preset", "cn-health", "--mode", "walk"}};
  const char* const files[] = {"report.md", "junit.xml", "districts.geojson"};
  for (std::size_t k = 0; k < rule_sets.size(); ++k) {
    std::vector<std::string> args = {"check", "--facilities", pbf, "--demand", pbf, "--districts", grid, "--crs", "EPSG:4523"};
    args.insert(args.end(), rule_sets[k].begin(), rule_sets[k].end());
    const fs::path split = tmp_ / ("split-" + std::to_string(k)), one = tmp_ / ("one-" + std::to_string(k));
    args.insert(args.end(), {"--out", split.string()});
    auto with = [&](std::vector<std::string> more) {
      std::vector<std::string> a = args;
      a.insert(a.end(), more.begin(), more.end());
      return a;
    };
    const RunResult whole = run(args);
    ASSERT_TRUE(whole.exit_code == 0 || whole.exit_code == 1) << whole.err;
    fs::create_directories(one);
    for (const char* f : {"report.json", "junit.xml", "report.md", "districts.geojson"}) fs::rename(split / f, one / f);
    long long owned = 0;
    for (int s = 0; s < 4; ++s) {
      const RunResult r = run(with({"--shard", plan + ":" + std::to_string(s)}));
      ASSERT_EQ(r.exit_code, 0) << r.err;  // a shard judges nothing: its exit code is not the check's
      owned += read_json(split / ("shard-" + std::to_string(s)) / "shard.json")["demand_points_owned"].get<long long>();
    }
    EXPECT_EQ(owned, 1190);  // every point of the extract owned once
    EXPECT_FALSE(fs::exists(split / "report.json"));
    const RunResult m = run({"shard", "merge", plan, "--out", split.string()});
    EXPECT_EQ(m.exit_code, whole.exit_code) << m.err;  // the check's exit code, through the merge
    for (const char* f : files) {
      EXPECT_EQ(read_text(split / f), read_text(one / f)) << rule_sets[k][1] << ": " << f << " differs from the one-machine run";
    }
    EXPECT_EQ(without_run_fields(read_json(split / "report.json")), without_run_fields(read_json(one / "report.json")))
        << rule_sets[k][1];
    // Both rule sets fail somewhere on the 2018 extract (the life circles, the user targets).
    EXPECT_EQ(m.exit_code, 1);
  }
}

// The same case in distance mode and on foot, along a street at y = 500 (eight 250 m lines) with
// the homes 30 m off it: network lengths are 30 m longer than along the street (w1 230 m from F1,
// e1 330 m from F1 and 530 m from F2, e2 130 m from F2), the same catchments.
TEST_F(CliShardCheck, AFacilityNearTheBorderServesBothShards) {
  for (const std::string mode : {"distance", "walk"}) {
    SCOPED_TRACE(mode);
    const fs::path dir = tmp_ / mode;
    fs::create_directories(dir);
    border_case(dir, mode);
  }
}

void CliShardCheck::border_case(const fs::path& tmp, const std::string& mode) {
  // Two 1 km districts side by side, each its own shard (halo 500 m), x in metres:
  //   west [0, 1000]: home w1 (700, 530) 300 people; F1 (900, 500), 2 beds
  //   east [1000, 2000]: home e1 (1200, 530) 100 people; F2 (1700, 500), 1 bed; home e2 (1800, 530) 100 people
  // 2SFCA within 400 m: F1 reaches w1 (202 m straight, 230 m on foot) and e1 (302 m, 330 m): 2 beds /
  // 400 people = 5 per 1,000; F2 reaches e2 (104 m, 130 m) only (e1 is 501 m, 530 m away): 1 / 100 =
  // 10 per 1,000. So w1 and e1 see 5,
  // e2 sees 10. With 6 per 1,000 for half the people: west 0 / 300 = 0 (fails, 150 short);
  // east 100 / 200 = 0.5 (passes); overall 100 / 500 = 0.2 (fails, 0.5 x 500 - 100 = 150 short).
  // Had the east shard counted only its own people in F1's catchment (e1: 2 / 100 = 20 per
  // 1,000), e1 would pass and the east's share would be 1.
  write_border_case(tmp);
  write_text(tmp / "rules.yaml",
             "name: border\n"
             "rules:\n"
             "  - {id: beds.fca, kind: accessibility_2sfca, category: health, mode: " + mode + ", within: 400m,\n"
             "     supply_attribute: beds, per: 1000, threshold: 6, min_share: 0.5}\n");
  const std::string plan = (tmp / "plan").string(), split = (tmp / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  ASSERT_EQ(p["shards"].size(), 2u);
  ASSERT_EQ(p["shards"][0]["district_names"].size(), 1u);
  std::vector<std::string> args = {"check", "--rules", (tmp / "rules.yaml").string(), "--facilities",
                                   (tmp / "fac.geojson").string(), "--category", "health", "--demand",
                                   (tmp / "homes.geojson").string(), "--population-field", "pop", "--districts",
                                   (tmp / "districts.geojson").string(), "--crs", "EPSG:32650", "--out", split};
  if (mode == "walk") {
    args.insert(args.end(), {"--roads", (tmp / "roads.geojson").string(), "--road-class-field", "class", "--speed", "1.0"});
  }
  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--shard", plan + ":" + std::to_string(k)});
    const RunResult r = run(a);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Each shard owns the homes of its district: 1 in the west, 2 in the east.
    const bool east = p["shards"][k]["district_names"] == json::array({"east"});
    EXPECT_EQ(read_json(fs::path(split) / ("shard-" + std::to_string(k)) / "shard.json")["demand_points_owned"], east ? 2 : 1);
  }
  const RunResult m = run({"shard", "merge", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 1) << m.err;  // a verdict fails
  const json report = read_json(fs::path(split) / "report.json");
  const json* west = check_result(report, "beds.fca", "district", "west");
  const json* east = check_result(report, "beds.fca", "district", "east");
  const json* all = check_result(report, "beds.fca", "overall");
  ASSERT_TRUE(west && east && all) << report.dump(1);
  EXPECT_NEAR((*west)["value"].get<double>(), 0.0, 1e-12);
  EXPECT_EQ((*west)["pass"], false);
  EXPECT_EQ((*west)["shortfall"]["amount"].get<double>(), 150);
  EXPECT_NEAR((*east)["value"].get<double>(), 0.5, 1e-12);
  EXPECT_EQ((*east)["pass"], true);
  EXPECT_NEAR((*all)["value"].get<double>(), 0.2, 1e-12);
  EXPECT_EQ((*all)["shortfall"]["amount"].get<double>(), 150);
  // The east's verdict counts F1 (in the west shard) as well as F2: both weigh on its homes.
  EXPECT_EQ((*east)["facilities"]["ids"], json::array({"F1", "F2"}));
  EXPECT_EQ((*west)["facilities"]["ids"], json::array({"F1"}));
}

TEST_F(CliShardCheck, RefusedBeforeWorkAndAnIncompleteSet) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "800m", "--shards", "3", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"check", "--preset", "cn-health", "--facilities", pbf, "--demand", pbf,
                                         "--districts", grid, "--crs", "EPSG:4523", "--out", split};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = args;
    a.insert(a.end(), more.begin(), more.end());
    return run(a);
  };
  // The preset's 15-minute circles are 1,000 m in distance mode: beyond the 800 m halo.
  RunResult r = with({"--mode", "distance", "--shard", plan + ":0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("beyond the halo of 800 m"), std::string::npos) << r.err;
  // In its own modes, on foot: 1,000 m of network (gb15) is beyond the halo too.
  r = with({"--shard", plan + ":0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("rule 'gb50180.life_circle_15min' reaches 1000 m (gb15), beyond the halo of 800 m"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(fs::path(split) / "shard-0"));
  // Districts other than the plan's.
  write_text(tmp_ / "one.yaml", "name: one\nrules:\n  - {id: h, kind: access, category: health, mode: distance, within: 500m}\n");
  std::vector<std::string> own = {"check", "--rules", (tmp_ / "one.yaml").string(), "--facilities", pbf, "--demand", pbf,
                                  "--crs", "EPSG:4523", "--out", split};
  auto with_own = [&](std::vector<std::string> more) {
    std::vector<std::string> a = own;
    a.insert(a.end(), more.begin(), more.end());
    return run(a);
  };
  EXPECT_EQ(with_own({"--shard", plan + ":0"}).exit_code, 2);  // no --districts
  EXPECT_EQ(with_own({"--districts", grid, "--shard", plan + ":3"}).exit_code, 2);  // shards 0 to 2
  // Shards 0 and 2 only: the merge names shard 1 and writes nothing.
  ASSERT_EQ(with_own({"--districts", grid, "--shard", plan + ":0"}).exit_code, 0);
  ASSERT_EQ(with_own({"--districts", grid, "--shard", plan + ":2"}).exit_code, 0);
  r = run({"shard", "merge", plan, "--out", split});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no results for shard(s) 1 of the plan"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(split) / "report.json"));
}

}  // namespace
}  // namespace lc::clitest

namespace lc::clitest {
namespace {

class CliShardPropose : public CliTest {};

std::vector<std::string> plus_args(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A siting summary without the run's own fields: those, and `seconds`, the solver's time.
json without_solve_fields(json s) {
  s.erase("seconds");
  return without_run_fields(std::move(s));
}

std::vector<std::string> strings_of(const json& a) {
  std::vector<std::string> out;
  for (const json& v : a) out.push_back(v.get<std::string>());
  return out;
}

// Two 1 km districts side by side (metres from the plan origin), a 500 m halo, 400 m coverage:
//
//   y=1000 +------------------------+------------------------+
//          |                        |        e10             |
//          |                        |     E                  |
//          |   A a30     b20     Q  |  c25             D     | G
//          |                        |                  d40   |      (G: 2150,300, h5: 2100,200,
//          |      F                 |                        |       both in no district)
//   y=0    +------------------------+------------------------+
//          x=0        west        x=1000       east        x=2000
//
// Homes (weight): a (200, 500) 30, b (700, 500) 20, c (1300, 500) 25, d (1800, 500) 40,
// e (1100, 900) 10, h (2100, 200) 5; 130 in all. The existing fitness centre F (300, 200)
// reaches a (316 m) and no other home (b: 500 m): 30 covered before.
// Candidates, each with the homes within 400 m (the others are farther, the nearest of them
// given): A (250, 500): a (50 m; b 450 m); Q (950, 500), in the west district by the border: b
// (250 m) and c (350 m) (e 427 m); D (1750, 600): d (112 m; c 461 m); E (1200, 700): c and e
// (224 m each; b 539 m); G (2150, 300), outside both districts and so the east shard's (the
// nearest district's): h (112 m; d 403 m).
// New weight per candidate beyond a: A 0, Q 45, D 40, E 35, G 5. Over the ten pairs: Q+D 85,
// D+E 75, Q+E 55, Q+G 50, Q+A 45, D+G 45, D+A 40, E+G 40, E+A 35, G+A 5: the optimum of
// --add 2 is {Q, D}, unique, covering 30 + 85 = 115 of 130. In rank order Q first (45), then D
// (40). Q's row spans both shards: a split run that lost c would see Q at 20 and pick {D, E}.
TEST_F(CliShardPropose, HandBorderSiteServesBothShards) {
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 50}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 80}}}});
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(300, 200), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "cand.geojson", 32650,
                {{plan_point(250, 500), {{"id", "A"}}, {}}, {plan_point(950, 500), {{"id", "Q"}}, {}},
                 {plan_point(1750, 600), {{"id", "D"}}, {}}, {plan_point(1200, 700), {{"id", "E"}}, {}},
                 {plan_point(2150, 300), {{"id", "G"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(200, 500), {{"id", "a"}}, {{"pop", 30}}}, {plan_point(700, 500), {{"id", "b"}}, {{"pop", 20}}},
                 {plan_point(1300, 500), {{"id", "c"}}, {{"pop", 25}}}, {plan_point(1800, 500), {{"id", "d"}}, {{"pop", 40}}},
                 {plan_point(1100, 900), {{"id", "e"}}, {{"pop", 10}}}, {plan_point(2100, 200), {{"id", "h"}}, {{"pop", 5}}}});
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const json p = read_json(fs::path(plan) / "plan.json");
  const int west = p["shards"][0]["district_names"] == json::array({"west"}) ? 0 : 1;
  ASSERT_EQ(p["shards"][west]["district_names"], json::array({"west"}));
  const std::vector<std::string> args = {"propose", "--model", "mclp", "--add", "2", "--category", "fitness", "--facilities",
                                         (tmp_ / "fac.geojson").string(), "--candidates", (tmp_ / "cand.geojson").string(),
                                         "--candidate-id-field", "id", "--demand", (tmp_ / "homes.geojson").string(),
                                         "--population-field", "pop", "--within", "400m", "--crs", "EPSG:32650"};
  for (int k = 0; k < 2; ++k) {
    const RunResult r = run(plus_args(args, {"--out", split, "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The west shard owns F, A and Q; the east one D, E and G (G by the nearest district). Each
    // reads the homes within 400 m of the bounds of its sites and districts: the west x -400 to
    // 1,400 m, so a, b, c and e; the east (to G's 2,150 m) x 600 to 2,550 m, so b, c, d, e and h.
    const json s = read_json(fs::path(split) / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_EQ(s["kind"], "propose_shard");
    EXPECT_EQ(s["sites_owned"].get<int>(), 3) << "shard " << k;
    EXPECT_EQ(s["demand_points_read"].get<int>(), k == west ? 4 : 5) << "shard " << k;
  }
  EXPECT_FALSE(fs::exists(fs::path(split) / "summary.json"));
  const RunResult m = run({"shard", "solve", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json s = read_json(fs::path(split) / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"Q", "D"}));
  EXPECT_NEAR(s["covered_weight_before"].get<double>(), 30, 1e-9);
  EXPECT_NEAR(s["covered_weight"].get<double>(), 115, 1e-9);
  EXPECT_NEAR(s["total_weight"].get<double>(), 130, 1e-9);
  ASSERT_EQ(s["marginal"].size(), 2u);
  EXPECT_NEAR(s["marginal"][0].get<double>(), 45, 1e-9);
  EXPECT_NEAR(s["marginal"][1].get<double>(), 40, 1e-9);
  const json g = read_json(fs::path(split) / "proposed_sites.geojson");
  ASSERT_EQ(g["features"].size(), 2u);
  EXPECT_EQ(g["features"][0]["properties"]["id"], "Q");
  EXPECT_EQ(g["features"][1]["properties"]["id"], "D");
  EXPECT_EQ(s["command"].get<std::string>().find("--shard"), std::string::npos);
  // And as one machine: the same files.
  ASSERT_EQ(run(plus_args(args, {"--out", (tmp_ / "one").string()})).exit_code, 0);
  for (const char* f : {"proposed_sites.geojson", "facilities.geojson"}) {
    EXPECT_EQ(read_text(fs::path(split) / f), read_text(tmp_ / "one" / f)) << f;
  }
  EXPECT_EQ(without_solve_fields(s), without_solve_fields(read_json(tmp_ / "one" / "summary.json")));

  // p-median, --add 1: costs up to 3 x 400 = 1,200 m (so each shard reads the demand within
  // 1,200 m of its sites, beyond the 500 m halo), a point no open site reaches within them
  // charged 2 x 1,200 = 2,400. Straight-line distances (m):
  //          a       b       c        d        e        h
  //   F   316.23  500     1044.03  (1529.7) 1063.01  (1800)     (in brackets: beyond 1,200 m)
  //   D  (1553)  1054.75  460.98   111.80   715.89   531.51
  //   E  1019.8   538.52  223.61   632.46   223.61   1029.56
  //   Q   750     250     350      850      427.20   1188.49
  //   G  (1960)  (1464)   873.21   403.11  (1209.3) 111.80
  // Before (F alone): 30 x 316.23 + 20 x 500 + 25 x 1044.03 + 40 x 2400 + 10 x 1063.01
  // + 5 x 2400 = 164,217.75. What each candidate saves: D 40 x 2288.20 + 25 x 583.05
  // + 10 x 347.12 + 5 x 1868.49 = 118,917.9; E 70,701.6 + 20,510.5 + 8,394.0 + 6,852.2 =
  // 106,458.6; Q (b, c, e, d, h) 5,000 + 17,350.8 + 6,358.1 + 62,000 + 6,057.6 = 96,766.5;
  // G 4,270.5 + 79,875.6 + 11,441.0 = 95,587.1; A (a 50 m, b 450 m, e 939.41 m)
  // 7,986.8 + 1,000 + 1,236.0 = 10,222.8.
  // So D, and the objective 164,217.75 - 118,917.9: a 9,486.83 + b 10,000 + c 11,524.43
  // + d 4,472.14 + e 7,158.91 + h 2,657.54 = 45,299.85.
  std::vector<std::string> pm = args;
  pm[2] = "pmedian", pm[4] = "1";
  const fs::path pm_split = tmp_ / "split-pmedian";
  for (int k = 0; k < 2; ++k) {
    ASSERT_EQ(run(plus_args(pm, {"--out", pm_split.string(), "--shard", plan + ":" + std::to_string(k)})).exit_code, 0);
  }
  ASSERT_EQ(run({"shard", "solve", plan, "--out", pm_split.string()}).exit_code, 0);
  const json sp = read_json(pm_split / "summary.json");
  EXPECT_EQ(strings_of(sp["selected"]), std::vector<std::string>{"D"});
  EXPECT_NEAR(sp["objective_before"].get<double>(), 164217.75, 0.01);
  EXPECT_NEAR(sp["objective"].get<double>(), 45299.85, 0.01);
  EXPECT_NEAR(sp["unreached_cost"].get<double>(), 2400, 1e-9);

  // Minimums per district of the run's own (not the plan's): "main" (x 0 to 2,100 m, holding F)
  // and "far" (x 2,100 to 2,200 m, holding only G), at least one site each. main has F; far
  // needs G, leaving one more of the two: Q (45) beats D (40), so {Q, G}, covering 30 + 45 + 5 =
  // 80 (the free optimum {Q, D} has no site in far).
  write_geojson(tmp_ / "own.geojson", 32650,
                {{plan_box(0, 0, 2100, 1000), {{"name", "main"}}, {}}, {plan_box(2100, 0, 2200, 1000), {{"name", "far"}}, {}}});
  const std::vector<std::string> mins =
      plus_args(args, {"--districts", (tmp_ / "own.geojson").string(), "--min-per-district", "1"});
  const fs::path min_split = tmp_ / "split-min";
  for (int k = 0; k < 2; ++k) {
    ASSERT_EQ(run(plus_args(mins, {"--out", min_split.string(), "--shard", plan + ":" + std::to_string(k)})).exit_code, 0);
  }
  ASSERT_EQ(run({"shard", "solve", plan, "--out", min_split.string()}).exit_code, 0);
  const json sm = read_json(min_split / "summary.json");
  const std::vector<std::string> chosen = strings_of(sm["selected"]);
  EXPECT_EQ(std::set<std::string>(chosen.begin(), chosen.end()), (std::set<std::string>{"Q", "G"}));
  EXPECT_NEAR(sm["covered_weight"].get<double>(), 80, 1e-9);
  ASSERT_EQ(run(plus_args(mins, {"--out", (tmp_ / "one-min").string()})).exit_code, 0);
  EXPECT_EQ(without_solve_fields(sm), without_solve_fields(read_json(tmp_ / "one-min" / "summary.json")));
}

// On foot along a street at y = 500 from x = 0 to 2,000 (eight 250 m lines), walking at 1 m/s,
// 400 m of network; two 1 km districts, west and east, a 500 m halo. Existing F (300, 500);
// candidates Q (950, 500) in the west and D (1750, 500) in the east. Homes (weight): a (200, 530)
// 30, b (700, 530) 20 (west); c (1200, 530) 25, x (1300, 650) 30, d (1800, 530) 60 (east): 165.
// On foot a home walks straight to the street, then along it: F reaches a (100 + 30 = 130 m; b
// 430 m); Q reaches b (250 + 30) and c (250 + 30), not x (350 + 150 = 500 m, although only 381 m
// away in a straight line); D reaches d (50 + 30; c 580 m, x 600 m). So Q adds 45 and D 60: with
// --add 2, D first (60), then Q (45, of which c is the east shard's), covering 30 + 105 = 135. In
// a straight line Q would reach x too and come first (75).
TEST_F(CliShardPropose, AWalkRowAcrossTheBorderByHand) {
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 50}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 115}}}});
  std::vector<TestFeature> lines;
  for (int k = 0; k < 8; ++k) {
    const std::string a = plan_point(250.0 * k, 500), b = plan_point(250.0 * (k + 1), 500);
    lines.push_back({"LINESTRING (" + a.substr(7, a.size() - 8) + "," + b.substr(7, b.size() - 8) + ")",
                     {{"id", "r" + std::to_string(k)}, {"class", "residential"}}, {}});
  }
  write_geojson(tmp_ / "roads.geojson", 32650, lines);
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(300, 500), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "cand.geojson", 32650, {{plan_point(950, 500), {{"id", "Q"}}, {}}, {plan_point(1750, 500), {{"id", "D"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650,
                {{plan_point(200, 530), {{"id", "a"}}, {{"pop", 30}}}, {plan_point(700, 530), {{"id", "b"}}, {{"pop", 20}}},
                 {plan_point(1200, 530), {{"id", "c"}}, {{"pop", 25}}}, {plan_point(1300, 650), {{"id", "x"}}, {{"pop", 30}}},
                 {plan_point(1800, 530), {{"id", "d"}}, {{"pop", 60}}}});
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--population-field", "pop", "--halo",
                 "500m", "--mode", "walk", "--shards", "2", "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"propose", "--model", "mclp", "--add", "2", "--category", "fitness", "--facilities",
                                         (tmp_ / "fac.geojson").string(), "--candidates", (tmp_ / "cand.geojson").string(),
                                         "--candidate-id-field", "id", "--demand", (tmp_ / "homes.geojson").string(),
                                         "--population-field", "pop", "--mode", "walk", "--speed", "1.0", "--roads",
                                         (tmp_ / "roads.geojson").string(), "--road-class-field", "class", "--within", "400m",
                                         "--crs", "EPSG:32650"};
  for (int k = 0; k < 2; ++k) {
    const RunResult r = run(plus_args(args, {"--out", split, "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const RunResult m = run({"shard", "solve", plan, "--out", split});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json s = read_json(fs::path(split) / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"D", "Q"}));
  ASSERT_EQ(s["marginal"].size(), 2u);
  EXPECT_NEAR(s["marginal"][0].get<double>(), 60, 1e-9);
  EXPECT_NEAR(s["marginal"][1].get<double>(), 45, 1e-9);
  EXPECT_NEAR(s["covered_weight_before"].get<double>(), 30, 1e-9);
  EXPECT_NEAR(s["covered_weight"].get<double>(), 135, 1e-9);
  EXPECT_NEAR(s["total_weight"].get<double>(), 165, 1e-9);
  ASSERT_EQ(run(plus_args(args, {"--out", (tmp_ / "one").string()})).exit_code, 0);
  for (const char* f : {"proposed_sites.geojson", "facilities.geojson"}) {
    EXPECT_EQ(read_text(fs::path(split) / f), read_text(tmp_ / "one" / f)) << f;
  }
  EXPECT_EQ(without_solve_fields(s), without_solve_fields(read_json(tmp_ / "one" / "summary.json")));
}

TEST_F(CliShardPropose, RefusedBeforeAnyWorkAndAnIncompleteSet) {
  write_geojson(tmp_ / "districts.geojson", 32650,
                {{plan_box(0, 0, 1000, 1000), {{"name", "west"}}, {{"pop", 10}}},
                 {plan_box(1000, 0, 2000, 1000), {{"name", "east"}}, {{"pop", 10}}}});
  write_geojson(tmp_ / "fac.geojson", 32650, {{plan_point(300, 200), {{"id", "F"}}, {}}});
  write_geojson(tmp_ / "cand.geojson", 32650, {{plan_point(950, 500), {{"id", "Q"}}, {}}});
  write_geojson(tmp_ / "homes.geojson", 32650, {{plan_point(700, 500), {{"id", "b"}}, {{"pop", 20}}}});
  const std::string plan = (tmp_ / "plan").string(), split = (tmp_ / "split").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", (tmp_ / "districts.geojson").string(), "--halo", "500m", "--shards", "2",
                 "--crs", "EPSG:32650", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"propose", "--model", "mclp", "--add", "1", "--category", "fitness", "--facilities",
                                         (tmp_ / "fac.geojson").string(), "--candidates", (tmp_ / "cand.geojson").string(),
                                         "--demand", (tmp_ / "homes.geojson").string(), "--population-field", "pop",
                                         "--crs", "EPSG:32650", "--out", split};
  RunResult r = run(plus_args(args, {"--within", "600m", "--shard", plan + ":0"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("beyond the halo of 500 m"), std::string::npos) << r.err;
  // 10 minutes on foot at 1 m/s, the fastest line shard 0 reads: 600 m.
  write_geojson(tmp_ / "roads.geojson", 32650,
                {{"LINESTRING (" + std::to_string(kPlanX0) + " " + std::to_string(kPlanY0 + 500) + "," + std::to_string(kPlanX0 + 2000) +
                      " " + std::to_string(kPlanY0 + 500) + ")",
                  {{"id", "r"}, {"class", "residential"}}, {}}});
  r = run(plus_args(args, {"--within", "10min", "--mode", "walk", "--speed", "1.0", "--roads", (tmp_ / "roads.geojson").string(),
                           "--road-class-field", "class", "--shard", plan + ":0"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--within 10min reaches 600 m at 1 m/s, beyond the halo of 500 m"), std::string::npos) << r.err;
  EXPECT_EQ(run(plus_args(args, {"--within", "400m", "--shard", plan + ":2"})).exit_code, 2);  // shards 0 and 1
  EXPECT_FALSE(fs::exists(fs::path(split)));
  // Shard 1 alone: the solve names shard 0 and writes nothing.
  ASSERT_EQ(run(plus_args(args, {"--within", "400m", "--shard", plan + ":1"})).exit_code, 0);
  r = run({"shard", "solve", plan, "--out", split});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no results for shard(s) 0 of the plan"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(split) / "summary.json"));
}

// The bundled extract over the bundled grid of districts in four shards, a grid of candidates
// (the same in every shard: the demand is an OSM extract, read whole): mclp and p-median; and
// mclp with candidates at the road junctions. A
// consistency check against the one-machine run, file for file (the hand case above is the
// oracle of the values).
TEST_F(CliShardPropose, FourShardsSolveToTheOneMachineRunByteForByte) {
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const std::string plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "500m", "--shards", "4", "--crs", "EPSG:4523",
                 "--out", plan}).exit_code, 0);
  for (const std::string variant : {"mclp", "pmedian", "mclp-roads", "pmedian-walk"}) {
    const std::string model = variant.substr(0, variant.find('-'));
    std::vector<std::string> args = {"propose", "--model", model, "--add", "4", "--category", "health", "--facilities", pbf,
                                     "--demand", pbf, "--within", "500m", "--crs", "EPSG:4523"};
    // Candidates on a grid, or at the road network's junctions (the roads read whole by each);
    // on foot, 500 m of network (each shard reads the roads within 1,500 m of its sites).
    args = plus_args(args, variant == "mclp-roads" ? std::vector<std::string>{"--roads", pbf, "--candidates", "roads"}
                                                   : std::vector<std::string>{"--candidate-grid", "400m"});
    if (variant == "pmedian-walk") args = plus_args(args, {"--mode", "walk"});
    const fs::path split = tmp_ / ("split-" + variant), one = tmp_ / ("one-" + variant);
    long long sites = 0;
    for (int k = 0; k < 4; ++k) {
      const RunResult r = run(plus_args(args, {"--out", split.string(), "--shard", plan + ":" + std::to_string(k)}));
      ASSERT_EQ(r.exit_code, 0) << r.err;
      sites += read_json(split / ("shard-" + std::to_string(k)) / "shard.json")["sites_owned"].get<long long>();
    }
    const RunResult m = run({"shard", "merge", plan, "--out", split.string()});  // `shard solve` by its other name
    ASSERT_EQ(m.exit_code, 0) << m.err;
    ASSERT_EQ(run(plus_args(args, {"--out", one.string()})).exit_code, 0);
    const json s = read_json(one / "summary.json");
    // Every site owned once: the existing health facilities and the grid's cells.
    EXPECT_EQ(sites, s["sites"]["existing"].get<long long>() + s["sites"]["candidates"].get<long long>());
    EXPECT_EQ(s["selected"].size(), 4u) << variant;
    for (const char* f : {"proposed_sites.geojson", "facilities.geojson"}) {
      EXPECT_EQ(read_text(split / f), read_text(one / f)) << variant << ": " << f << " differs from the one-machine run";
    }
    EXPECT_EQ(without_solve_fields(read_json(split / "summary.json")), without_solve_fields(s)) << variant;
    std::set<std::string> written, want;
    for (const auto& e : fs::directory_iterator(one)) want.insert(e.path().filename().string());
    for (const auto& e : fs::directory_iterator(split)) {
      if (e.path().filename().string().rfind("shard-", 0) != 0) written.insert(e.path().filename().string());
    }
    EXPECT_EQ(written, want) << variant;
  }
}

// A walking MCLP split four ways with the city's extract cut per shard: each shard reads the
// facilities, the roads and the demand (the OSM population proxy) from its extract, and the
// solve still chooses and writes what one machine does. The candidates are the nine districts'
// centres; 500 m on foot, read within the shard's bounds grown by 500 m and the 250 m snap, inside
// the extracts' default 2,250 m (four halos and the snap).
TEST_F(CliShardPropose, ShardsReadTheirOsmExtractsAndSolveToTheOneMachineRun) {
  const std::string pbf = (tmp_ / "city.osm.pbf").string(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  fs::copy_file(chengdu_pbf(), pbf);
  const std::string plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", pbf, "--halo", "500m", "--mode", "walk", "--shards", "4", "--crs",
                 "EPSG:4523", "--out", plan}).exit_code, 0);
  const RunResult e = run({"shard", "extract", plan, "--source", pbf});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  std::vector<TestFeature> centres;
  const json planned = read_json(fs::path(plan) / "plan.json");
  for (const json& sh : planned["shards"]) {
    for (const json& b : sh["district_bounds_m"]) {
      const double x = 0.5 * (b[0].get<double>() + b[2].get<double>()), y = 0.5 * (b[1].get<double>() + b[3].get<double>());
      centres.push_back({"POINT (" + std::to_string(x) + " " + std::to_string(y) + ")", {{"id", "c" + std::to_string(centres.size())}}, {}});
    }
  }
  ASSERT_EQ(centres.size(), 9u);
  write_geojson(tmp_ / "centres.geojson", 4523, centres);
  const std::vector<std::string> args = {"propose", "--model", "mclp", "--add", "3", "--category", "health", "--facilities", pbf,
                                         "--demand", pbf, "--candidates", (tmp_ / "centres.geojson").string(), "--within", "500m",
                                         "--mode", "walk", "--roads", pbf, "--crs", "EPSG:4523"};
  const fs::path split = tmp_ / "split", one = tmp_ / "one";
  std::size_t read = 0;
  for (int k = 0; k < 4; ++k) {
    const RunResult r = run(plus_args(args, {"--out", split.string(), "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json meta = read_json(split / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_EQ(meta["osm_extracts_read"][pbf], plan + "/extracts/city/" + std::to_string(k) + ".osm.pbf");
    read += meta["demand_points_read"].get<std::size_t>();
  }
  ASSERT_EQ(run(plus_args(args, {"--out", one.string()})).exit_code, 0);
  const json s = read_json(one / "summary.json");
  EXPECT_EQ(s["selected"].size(), 3u);
  // Each shard reads a part of the city's points (from the whole file, all of them).
  std::size_t points = 0;
  for (const json& sh : planned["shards"]) points += sh["demand_points"].get<std::size_t>();
  EXPECT_LT(read, 4 * points);
  const RunResult m = run({"shard", "solve", plan, "--out", split.string()});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (const char* f : {"proposed_sites.geojson", "facilities.geojson"}) {
    EXPECT_EQ(read_text(split / f), read_text(one / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_solve_fields(read_json(split / "summary.json")), without_solve_fields(s));
}

TEST_F(CliShardPropose, AGeoPackageDemandIsReadOnlyWithinReachOfEachShardsSites) {
  // The extract's demand points as a GeoPackage layer (GDAL's spatial filter reads only what
  // meets a shard's bounds), the health facilities as candidate sites for fitness (a file), nine
  // shards, p-median: its rows reach 3 x 400 = 1,200 m. Again a consistency check against the
  // one-machine run.
  const std::string pbf = chengdu_pbf(), grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  ASSERT_EQ(run({"coverage", "--facilities", pbf, "--demand", pbf, "--crs", "EPSG:4523", "--format", "gpkg", "--out",
                 (tmp_ / "src").string()}).exit_code, 0);
  ASSERT_EQ(run({"coverage", "--facilities", pbf, "--demand", pbf, "--categories", "health", "--crs", "EPSG:4523", "--out",
                 (tmp_ / "health").string()}).exit_code, 0);
  const std::string gpkg = (tmp_ / "src" / "coverage.gpkg").string(), plan = (tmp_ / "plan").string();
  ASSERT_EQ(run({"shard", "plan", "--districts", grid, "--demand", gpkg, "--demand-layer", "demand", "--population-field",
                 "population", "--halo", "600m", "--shards", "9", "--crs", "EPSG:4523", "--out", plan}).exit_code, 0);
  const std::vector<std::string> args = {"propose", "--model", "pmedian", "--add", "3", "--category", "fitness", "--facilities",
                                         pbf, "--demand", gpkg, "--demand-layer", "demand", "--population-field", "population",
                                         "--candidates", (tmp_ / "health" / "facilities.geojson").string(),
                                         "--candidate-id-field", "id", "--within", "400m", "--crs", "EPSG:4523"};
  const fs::path split = tmp_ / "split";
  long long read = 0;
  for (int k = 0; k < 9; ++k) {
    const RunResult r = run(plus_args(args, {"--out", split.string(), "--shard", plan + ":" + std::to_string(k)}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json s = read_json(split / ("shard-" + std::to_string(k)) / "shard.json");
    EXPECT_LT(s["demand_points_read"].get<long long>(), 1190) << "shard " << k << " read every point";
    read += s["demand_points_read"].get<long long>();
  }
  EXPECT_LT(read, 9 * 1190);
  ASSERT_EQ(run({"shard", "solve", plan, "--out", split.string()}).exit_code, 0);
  ASSERT_EQ(run(plus_args(args, {"--out", (tmp_ / "one").string()})).exit_code, 0);
  for (const char* f : {"proposed_sites.geojson", "facilities.geojson"}) {
    EXPECT_EQ(read_text(split / f), read_text(tmp_ / "one" / f)) << f << " differs from the one-machine run";
  }
  EXPECT_EQ(without_solve_fields(read_json(split / "summary.json")), without_solve_fields(read_json(tmp_ / "one" / "summary.json")));
}

}  // namespace
}  // namespace lc::clitest

namespace lc::clitest {
namespace {

class CliShardTotal : public CliTest {};

// Two regions 100 km apart, each run on its own, then added up. West: fitness centre F (0, 0),
// homes a (300, 0) 20 people and b (2000, 0) 10; east: G (100000, 0), homes c (100500, 0) 5,
// d (100800, 0) 7 and e (103000, 0) 11. Within 1,000 m: a (west, 20 of 30), c and d (east, 12 of
// 23). So 5 points, 2 facilities, 53 people, 32 covered (60.4 %), the life circle (fitness alone)
// the same 32. A run of both regions at once gives the same figures.
TEST_F(CliShardTotal, TwoRegionsAddUpByHand) {
  const fs::path dir = tmp_.path();
  write_geojson(dir / "fw.geojson", 32650, {{plan_point(0, 0), {{"id", "F"}}, {}}});
  write_geojson(dir / "hw.geojson", 32650,
                {{plan_point(300, 0), {{"id", "a"}}, {{"pop", 20}}}, {plan_point(2000, 0), {{"id", "b"}}, {{"pop", 10}}}});
  write_geojson(dir / "fe.geojson", 32650, {{plan_point(100000, 0), {{"id", "G"}}, {}}});
  write_geojson(dir / "he.geojson", 32650,
                {{plan_point(100500, 0), {{"id", "c"}}, {{"pop", 5}}}, {plan_point(100800, 0), {{"id", "d"}}, {{"pop", 7}}},
                 {plan_point(103000, 0), {{"id", "e"}}, {{"pop", 11}}}});
  write_geojson(dir / "fall.geojson", 32650, {{plan_point(0, 0), {{"id", "F"}}, {}}, {plan_point(100000, 0), {{"id", "G"}}, {}}});
  write_geojson(dir / "hall.geojson", 32650,
                {{plan_point(300, 0), {{"id", "a"}}, {{"pop", 20}}}, {plan_point(2000, 0), {{"id", "b"}}, {{"pop", 10}}},
                 {plan_point(100500, 0), {{"id", "c"}}, {{"pop", 5}}}, {plan_point(100800, 0), {{"id", "d"}}, {{"pop", 7}}},
                 {plan_point(103000, 0), {{"id", "e"}}, {{"pop", 11}}}});
  auto cover = [&](const std::string& f, const std::string& h, const std::string& out, const std::string& within) {
    return run({"coverage", "--facilities", (dir / f).string(), "--category", "fitness", "--demand", (dir / h).string(),
                "--population-field", "pop", "--within", within, "--crs", "EPSG:32650", "--out", (dir / out).string()});
  };
  ASSERT_EQ(cover("fw.geojson", "hw.geojson", "west", "1000m").exit_code, 0);
  ASSERT_EQ(cover("fe.geojson", "he.geojson", "east", "1000m").exit_code, 0);
  ASSERT_EQ(cover("fall.geojson", "hall.geojson", "all", "1000m").exit_code, 0);
  const RunResult r = run({"shard", "total", (dir / "west").string(), (dir / "east").string(), "--out", (dir / "total").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 runs added up"), std::string::npos) << r.out;
  const json t = read_json(dir / "total" / "total.json");
  EXPECT_EQ(t["kind"], "coverage_total");
  EXPECT_EQ(t["demand_points"], 5);
  EXPECT_DOUBLE_EQ(t["population_total"].get<double>(), 53);
  const json& c = t["categories"]["fitness"];
  EXPECT_EQ(c["facility_count"], 2);
  EXPECT_EQ(c["within"], "1000m");
  EXPECT_DOUBLE_EQ(c["population_covered"].get<double>(), 32);
  EXPECT_DOUBLE_EQ(c["share"].get<double>(), 32.0 / 53.0);
  EXPECT_DOUBLE_EQ(t["life_circle"]["population_complete"].get<double>(), 32);
  // Two disjoint 1 km circles (64-gons: within 0.2 % of 2 pi km2), the sum of the runs' own.
  const double area = c["service_area_m2"].get<double>();
  EXPECT_NEAR(area, 2 * M_PI * 1e6, 2 * M_PI * 1e6 * 0.002);
  ASSERT_EQ(t["runs"].size(), 2u);
  EXPECT_DOUBLE_EQ(t["runs"][0]["categories"]["fitness"]["population_covered"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(t["runs"][1]["categories"]["fitness"]["population_covered"].get<double>(), 12);
  // The run of both regions at once: the same figures (a consistency check of the sums).
  const json all = read_json(dir / "all" / "summary.json");
  EXPECT_DOUBLE_EQ(all["categories"]["fitness"]["population_covered"].get<double>(), 32);
  EXPECT_NEAR(all["categories"]["fitness"]["service_area_m2"].get<double>(), area, 1e-6 * area);

  // Runs that do not add up: another threshold; a folder without a coverage summary. Exit 3,
  // the folders named, no total.json.
  ASSERT_EQ(cover("fe.geojson", "he.geojson", "east500", "500m").exit_code, 0);
  const RunResult bad = run({"shard", "total", (dir / "west").string(), (dir / "east500").string(), "--out", (dir / "t2").string()});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_NE(bad.err.find("east500 measured fitness within 500m"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("do not add up"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "t2" / "total.json"));
  const RunResult none = run({"shard", "total", (dir / "west").string(), (dir / "nothing").string(), "--out", (dir / "t3").string()});
  EXPECT_EQ(none.exit_code, 3) << none.err;
  EXPECT_NE(none.err.find("nothing/summary.json: cannot open"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace lc::clitest
