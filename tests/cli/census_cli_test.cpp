// Census population by sub-district through the binary: the join to a boundary layer (the
// bundled district grid, and small layers written here), the spread in proportion to buildings
// or a raster, and the elderly weights. Expected values are the tables' own figures and hand
// proportions, summed here from the written demand points.

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string grid() { return source_dir() + "/data/chengdu_grid_districts.geojson"; }
std::string gym() { return source_dir() + "/tests/bad_input/gym.geojson"; }

struct UnitSums {
  double population = 0, elderly = 0, aged65 = 0;
  int points = 0;
};

// The written demand points summed per unit (their `id`), read with nlohmann::json.
std::map<std::string, UnitSums> sums_by_unit(const fs::path& demand) {
  std::map<std::string, UnitSums> out;
  const json fc = read_json(demand);
  for (const json& f : fc["features"]) {
    const json& p = f["properties"];
    UnitSums& s = out[p["id"].get<std::string>()];
    s.population += p["population"].get<double>();
    if (p.contains("elderly")) s.elderly += p["elderly"].get<double>();
    if (p.contains("aged65")) s.aged65 += p["aged65"].get<double>();
    ++s.points;
  }
  return out;
}

// A square of `side` metres with its lower left corner at (x, y), as WKT.
std::string square(double x, double y, double side, double height = 0) {
  const double h = height > 0 ? height : side;
  auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
  return "POLYGON ((" + p(x, y) + ", " + p(x + side, y) + ", " + p(x + side, y + h) + ", " + p(x, y + h) + ", " + p(x, y) + "))";
}

// Near Chengdu in UTM zone 48N (EPSG:32648): unit U1 is the square km with its corner here, U2
// the one east of it.
constexpr double kX = 400000, kY = 3390000;

void write_units(const fs::path& path) {
  write_geojson(path, 32648, {{square(kX, kY, 1000), {{"name", "草市街道"}}, {}},
                              {square(kX + 1000, kY, 1000), {{"name", "苏坡街道"}}, {}}});
}

void write_gym(const fs::path& path) { write_geojson(path, 32648, {{"POINT (400500 3390500)", {{"name", "gym"}}, {}}}); }

using CensusCli = CliTest;

// The bundled grid of nine units joined by name to a table of eight rows: one joined without its
// suffix (网格A1街道), one near miss (网格C3区), one deliberately unmatched (天府新区); 网格C2 has
// no row. Every joined unit's points add up to its row, to the person; the elderly to its 60+.
TEST_F(CensusCli, GridJoinedByNameEveryUnitToThePerson) {
  write_text(dir("census.csv"),
             "名称,常住人口,60岁及以上,65岁及以上\n"
             "网格A1街道,12345,2345,1600\n"
             "网格A2,23456,4000,3000\n"
             "网格A3,3456,600,400\n"
             "网格B1,45678,8000,6000\n"
             "网格B2,5678,1000,700\n"
             "网格B3,6789,1200,800\n"
             "网格C1,7891,1500,1000\n"
             "网格C3区,999,100,80\n"
             "天府新区,2024,300,200\n");
  const RunResult r = run({"coverage", "--facilities", gym(), "--category", "fitness", "--demand", grid(), "--census",
                           dir("census.csv").string(), "--cell-size", "500", "--out", dir("out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  // The grid's features have no id field: their ids are GDAL's FIDs, 0 (A1) to 8 (C3) in file order.
  const std::map<std::string, std::vector<double>> rows{{"0", {12345, 2345, 1600}}, {"1", {23456, 4000, 3000}},
                                                         {"2", {3456, 600, 400}},    {"3", {45678, 8000, 6000}},
                                                         {"4", {5678, 1000, 700}},   {"5", {6789, 1200, 800}},
                                                         {"6", {7891, 1500, 1000}}};
  const auto sums = sums_by_unit(dir("out") / "demand.geojson");
  ASSERT_EQ(sums.size(), rows.size());  // no point in C2 or C3
  for (const auto& [id, row] : rows) {
    ASSERT_TRUE(sums.count(id)) << id;
    const UnitSums& s = sums.at(id);
    EXPECT_EQ(s.population, row[0]) << "unit " << id;  // whole persons: exact
    // A 2.8 km cell over a 500 m grid holds about 30 points; each elderly figure is written to 3
    // decimals, so the sum is within 0.0005 a point.
    EXPECT_GT(s.points, 20) << id;
    EXPECT_NEAR(s.elderly, row[1], 0.0005 * s.points) << id;
    EXPECT_NEAR(s.aged65, row[2], 0.0005 * s.points) << id;
  }
  const json c = read_json(dir("out") / "summary.json")["census"];
  EXPECT_EQ(c["key"], "name");
  EXPECT_EQ(c["rows"], 9);
  EXPECT_EQ(c["units"], 9);
  EXPECT_EQ(c["matched"], 7);
  EXPECT_EQ(c["population_table"].get<double>(), 12345 + 23456 + 3456 + 45678 + 5678 + 6789 + 7891 + 999 + 2024);
  EXPECT_EQ(c["population_not_placed"].get<double>(), 999 + 2024);
  EXPECT_EQ(c["unmatched_rows"], json::parse(R"([{"row": "line 9", "key": "网格C3区", "population": 999.0},
                                                  {"row": "line 10", "key": "天府新区", "population": 2024.0}])"));
  EXPECT_EQ(c["units_without_row"], json::parse(R"([{"id": "7", "key": "网格C2"}, {"id": "8", "key": "网格C3"}])"));
  // 网格C3区 against 网格C2: 3 -> 2 and 区 deleted, 2 edits (below the 4 characters); against 网格C3: 1.
  // 天府新区 shares no character with either.
  EXPECT_EQ(c["near_misses"], json::parse(R"([
      {"row": "line 9", "row_key": "网格C3区", "unit_id": "7", "unit_key": "网格C2", "why": "edit distance 2"},
      {"row": "line 9", "row_key": "网格C3区", "unit_id": "8", "unit_key": "网格C3", "why": "edit distance 1"}])"));
  // On the terminal: the columns used and what was not placed.
  EXPECT_NE(r.out.find("population '常住人口'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("7 of 9 units joined by name"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3,023 residents not placed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("网格C3区"), std::string::npos) << r.out;
}

// Two buildings of 100 m² and 300 m² in a unit of 1,000: 250 and 750, each at its building; the
// elderly (200 aged 60+, 120 aged 65+) as the same shares: 50 and 150, 30 and 90.
TEST_F(CensusCli, SpreadByBuildingAreas) {
  write_units(dir("units.geojson"));
  write_gym(dir("gym.geojson"));
  // Neither holds a 100 m cell centre (x.50): each is one point on its surface.
  write_geojson(dir("buildings.geojson"), 32648,
                {{square(kX + 5, kY + 5, 10), {}, {{"height", 9}}}, {square(kX + 205, kY + 205, 10, 30), {}, {{"height", 3}}}});
  write_text(dir("census.csv"), "街道,常住人口,60岁及以上,65岁及以上\n草市街道,1000,200,120\n");
  const RunResult r = run({"coverage", "--facilities", dir("gym.geojson").string(), "--category", "fitness", "--demand",
                           dir("units.geojson").string(), "--census", dir("census.csv").string(), "--spread-by",
                           dir("buildings.geojson").string(), "--out", dir("out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const json fc = read_json(dir("out") / "demand.geojson");
  ASSERT_EQ(fc["features"].size(), 2u);
  for (const json& f : fc["features"]) {
    const json& p = f["properties"];
    double x = 0, y = 0;
    lonlat_to_metric(32648, f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1], x, y);
    const bool small = x < kX + 100;
    EXPECT_EQ(p["population"].get<double>(), small ? 250 : 750);
    EXPECT_NEAR(p["elderly"].get<double>(), small ? 50 : 150, 1e-9);
    EXPECT_NEAR(p["aged65"].get<double>(), small ? 30 : 90, 1e-9);
    // At its building.
    EXPECT_NEAR(x, small ? kX + 10 : kX + 210, 5.0 + 1e-6);
    EXPECT_NEAR(y, small ? kY + 10 : kY + 220, 15.0 + 1e-6);
  }
  const json c = read_json(dir("out") / "summary.json")["census"];
  EXPECT_EQ(c["matched"], 1);
  EXPECT_EQ(c["units_without_row"], json::parse(R"([{"id": "1", "key": "苏坡街道"}])"));
}

// The same buildings with levels 3 and 1: 100 × 3 = 300 m² of floor against 300 × 1, so 500 each.
TEST_F(CensusCli, SpreadByFloorAreaWhenLevelsAreGiven) {
  write_units(dir("units.geojson"));
  write_gym(dir("gym.geojson"));
  write_geojson(dir("buildings.geojson"), 32648,
                {{square(kX + 5, kY + 5, 10), {}, {{"levels", 3}}}, {square(kX + 205, kY + 205, 10, 30), {}, {{"levels", 1}}}});
  write_text(dir("census.csv"), "name,population\n草市街道,1000\n");
  const RunResult r = run({"coverage", "--facilities", dir("gym.geojson").string(), "--category", "fitness", "--demand",
                           dir("units.geojson").string(), "--census", dir("census.csv").string(), "--spread-by",
                           dir("buildings.geojson").string(), "--out", dir("out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const json fc = read_json(dir("out") / "demand.geojson");
  ASSERT_EQ(fc["features"].size(), 2u);
  for (const json& f : fc["features"]) {
    EXPECT_EQ(f["properties"]["population"].get<double>(), 500);
    EXPECT_FALSE(f["properties"].contains("elderly"));  // the table has no 60+ column
  }
  EXPECT_NE(read_json(dir("out") / "summary.json")["census"]["spread"].get<std::string>().find("levels (field 'levels')"),
            std::string::npos);
}

// A 2 × 2 raster of 100 m cells over U1's north-west corner, valued 1, 2 / 3, 0: U1's 600 people go
// 100, 200, 300 to the three populated cells' centres. U2 holds no cell: its 1,000 go evenly to
// the centres of its 100 cells of the 100 m grid (10 each), and a note names it.
TEST_F(CensusCli, SpreadByRasterCellsAndFallBackToTheGrid) {
  write_units(dir("units.geojson"));
  write_gym(dir("gym.geojson"));
  {
    GDALAllRegister();
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    ASSERT_NE(gtiff, nullptr);
    GDALDataset* ds = gtiff->Create(dir("pop.tif").string().c_str(), 2, 2, 1, GDT_Float32, nullptr);
    ASSERT_NE(ds, nullptr);
    double gt[6] = {kX, 100, 0, kY + 1000, 0, -100};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(32648);
    ds->SetSpatialRef(&srs);
    float values[4] = {1, 2, 3, 0};
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 2, 2, values, 2, 2, GDT_Float32, 0, 0), CE_None);
    GDALClose(ds);
  }
  write_text(dir("census.csv"), "名称,常住人口\n草市街道,600\n苏坡街道,1000\n");
  const RunResult r = run({"coverage", "--facilities", dir("gym.geojson").string(), "--category", "fitness", "--demand",
                           dir("units.geojson").string(), "--census", dir("census.csv").string(), "--spread-by",
                           dir("pop.tif").string(), "--out", dir("out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::map<std::pair<long, long>, double> u1;  // cell centre (x, y) rounded to the metre -> population
  int u2_points = 0;
  const json fc = read_json(dir("out") / "demand.geojson");
  for (const json& f : fc["features"]) {
    const json& p = f["properties"];
    double x = 0, y = 0;
    lonlat_to_metric(32648, f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1], x, y);
    if (p["id"] == "0") {
      u1[{std::lround(x - kX), std::lround(y - kY)}] = p["population"].get<double>();
    } else {
      EXPECT_EQ(p["population"].get<double>(), 10);
      ++u2_points;
    }
  }
  EXPECT_EQ(u1, (std::map<std::pair<long, long>, double>{{{50, 950}, 100}, {{150, 950}, 200}, {{50, 850}, 300}}));
  EXPECT_EQ(u2_points, 100);
  const json c = read_json(dir("out") / "summary.json")["census"];
  EXPECT_EQ(c["units_spread_evenly_without_basis"], json::parse(R"(["1 '苏坡街道'"])"));
  EXPECT_NE(r.out.find("no basis of --spread-by inside 1 units (1 '苏坡街道')"), std::string::npos) << r.out;
}

// Codes as text: a 9-digit code with a leading zero meets the units' 12-digit one; the other row's
// 12 digits meet as written. By code without being asked: both sides have a code.
TEST_F(CensusCli, JoinedByCodeLeadingZerosKept) {
  write_geojson(dir("units.geojson"), 32648,
                {{square(kX, kY, 1000), {{"代码", "010105001000"}, {"名称", "甲街道"}}, {}},
                 {square(kX + 1000, kY, 1000), {{"代码", "010105002000"}, {"名称", "乙镇"}}, {}}});
  write_gym(dir("gym.geojson"));
  write_text(dir("census.csv"), "统计用区划代码,名称,常住人口\n010105001,甲,777\n010105002000,乙,333\n");
  const RunResult r = run({"coverage", "--facilities", dir("gym.geojson").string(), "--category", "fitness", "--demand",
                           dir("units.geojson").string(), "--census", dir("census.csv").string(), "--out", dir("out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto sums = sums_by_unit(dir("out") / "demand.geojson");
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums.at("0").population, 777);
  EXPECT_EQ(sums.at("1").population, 333);
  EXPECT_EQ(sums.at("0").points, 100);  // the 100 m grid over a square km
  const json c = read_json(dir("out") / "summary.json")["census"];
  EXPECT_EQ(c["key"], "code");
  EXPECT_EQ(c["matched"], 2);
}

// check reads the census's elderly weight as a rule's `elderly` basis: 30 beds over the 250 + 500
// aged 60+ of the two units is 30 / 750 × 1,000 = 40 per 1,000.
TEST_F(CensusCli, CheckUsesTheElderlyWeight) {
  write_units(dir("units.geojson"));
  write_geojson(dir("care.geojson"), 32648, {{"POINT (400500 3390500)", {{"name", "care"}}, {{"beds", 30}}}});
  write_text(dir("census.csv"), "名称,常住人口,60岁及以上\n草市街道,1000,250\n苏坡街道,3000,500\n");
  write_text(dir("rules.yaml"),
             "name: beds\n"
             "rules:\n"
             "  - id: care.beds\n"
             "    kind: supply_ratio\n"
             "    category: elderly_care\n"
             "    supply_attribute: beds\n"
             "    demand_basis: elderly\n"
             "    per: 1000\n"
             "    threshold: 40\n"
             "    unit: beds per 1,000 people aged 60+\n"
             "    source: GB 50437-2007 3.2.1\n");
  const RunResult r = run({"check", "--rules", dir("rules.yaml").string(), "--facilities", dir("care.geojson").string(),
                           "--category", "elderly_care", "--demand", dir("units.geojson").string(), "--census",
                           dir("census.csv").string(), "--out", dir("out").string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err << r.out;  // 40 against 40: rounding decides
  const json report = read_json(dir("out") / "report.json");
  EXPECT_EQ(report["census"]["matched"], 2);
  ASSERT_EQ(report["results"].size(), 1u);
  const json& v = report["results"][0];
  EXPECT_EQ(v["scope"], "overall");
  EXPECT_NEAR(v["demand"].get<double>(), 750, 1e-6);
  EXPECT_NEAR(v["value"].get<double>(), 40, 1e-9);
}

}  // namespace
}  // namespace lc::clitest
