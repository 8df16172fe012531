// End-to-end tests of Chinese web-map coordinates (--coords): a facility list as Amap or Baidu
// would export it, made by shifting WGS-84 places with the published forward transforms (checked
// against published points in tests/io/china_coords_test.cpp).

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "io/china_coords.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kChengduEpsg = 4523;  // CGCS2000 3-degree Gauss-Krüger zone 35 (round(104.1 / 3))

class CliChinaCoords : public CliTest {
 protected:
  // 20 health facilities on a grid over the bundled Chengdu extract, in WGS-84, written as
  // GeoJSON in `coords` (shifted by the published transform).
  fs::path facilities(const std::string& name, WebCoords coords) {
    std::string text = R"({"type":"FeatureCollection","features":[)";
    int k = 0;
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 4; ++j, ++k) {
        double lon = 104.050 + 0.018 * i, lat = 30.660 + 0.018 * j;
        io::from_wgs84(coords, lon, lat);
        char f[256];
        std::snprintf(f, sizeof f, R"(%s{"type":"Feature","properties":{"id":"h%d"},"geometry":{"type":"Point","coordinates":[%.12f,%.12f]}})",
                      k ? "," : "", k, lon, lat);
        text += f;
      }
    text += "]}";
    const fs::path p = dir(name);
    write_text(p, text);
    return p;
  }
  // `coverage` by distance (500 m) of those facilities over the extract's homes.
  RunResult coverage(const fs::path& fac, const std::vector<std::string>& coords, const std::string& out) {
    std::vector<std::string> args = {"coverage", "--facilities", fac.string()};
    args.insert(args.end(), coords.begin(), coords.end());
    for (const std::string& a : std::vector<std::string>{"--category", "health", "--demand", chengdu_pbf(), "--within", "500m", "--out"})
      args.push_back(a);
    args.push_back(dir(out).string());
    return run(args);
  }
  double covered(const std::string& out) {
    return read_json(dir(out) / "summary.json")["categories"]["health"]["population_covered"].get<double>();
  }
};

// Read with --coords gcj02 (or bd09) the shifted list lands where the WGS-84 one is, within 1 m,
// and covers the same people; read as WGS-84 it sits 300-700 m off and covers others.
TEST_F(CliChinaCoords, ShiftedFacilitiesCoverAsTheirWgs84Originals) {
  const RunResult base = coverage(facilities("wgs.geojson", WebCoords::wgs84), {}, "wgs");
  ASSERT_EQ(base.exit_code, 0) << base.err;
  const std::vector<FacilityRow> want = read_facilities(dir("wgs") / "facilities.geojson", kChengduEpsg);
  ASSERT_EQ(want.size(), 20u);
  for (const auto& [coords, name] : {std::pair{WebCoords::gcj02, "gcj02"}, std::pair{WebCoords::bd09, "bd09"}}) {
    const fs::path fac = facilities(std::string(name) + ".geojson", coords);
    const RunResult r = coverage(fac, {"--coords", name}, name);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<FacilityRow> got = read_facilities(dir(name) / "facilities.geojson", kChengduEpsg);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].id, want[i].id);
      EXPECT_LT(std::hypot(got[i].x - want[i].x, got[i].y - want[i].y), 1.0) << name << " " << got[i].id;
    }
    EXPECT_EQ(covered(name), covered("wgs")) << name;
    // Without --coords the shift stays in.
    const RunResult raw = coverage(fac, {}, std::string(name) + "_raw");
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
    const std::vector<FacilityRow> off = read_facilities(dir(std::string(name) + "_raw") / "facilities.geojson", kChengduEpsg);
    for (std::size_t i = 0; i < off.size(); ++i) {
      const double d = std::hypot(off[i].x - want[i].x, off[i].y - want[i].y);
      EXPECT_GT(d, 300.0) << name;
      EXPECT_LT(d, coords == WebCoords::gcj02 ? 700.0 : 1500.0) << name;
    }
    EXPECT_NE(covered(std::string(name) + "_raw"), covered("wgs")) << name;
  }
}

// --output-coords gcj02 writes every layer's lon/lat as GCJ-02 (points by the fast GeoJSON
// writer, polygons through GDAL): each point and polygon vertex is the WGS-84 run's, shifted by
// the published transform (to the 7 decimals GeoJSON keeps). A print map refuses such a folder.
TEST_F(CliChinaCoords, OutputCoordsShiftEveryLayer) {
  const fs::path fac = facilities("wgs.geojson", WebCoords::wgs84);
  ASSERT_EQ(coverage(fac, {}, "wgs").exit_code, 0);
  const RunResult r = coverage(fac, {"--output-coords", "gcj02"}, "gcj");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_json(dir("gcj") / "summary.json")["output_coords"], "gcj02");
  for (const std::string layer : {"facilities.geojson", "demand.geojson", "service_areas.geojson"}) {
    const json a = read_json(dir("wgs") / layer), b = read_json(dir("gcj") / layer);
    ASSERT_EQ(a["features"].size(), b["features"].size()) << layer;
    ASSERT_GT(a["features"].size(), 0u) << layer;
    for (std::size_t i = 0; i < a["features"].size(); i += 7) {
      json pa = a["features"][i]["geometry"]["coordinates"], pb = b["features"][i]["geometry"]["coordinates"];
      while (pa[0].is_array()) pa = json(pa[0]), pb = json(pb[0]);  // a polygon's first vertex
      double lon = pa[0].get<double>(), lat = pa[1].get<double>();
      io::from_wgs84(WebCoords::gcj02, lon, lat);
      EXPECT_NEAR(pb[0].get<double>(), lon, 2e-7) << layer << " " << i;
      EXPECT_NEAR(pb[1].get<double>(), lat, 2e-7) << layer << " " << i;
    }
  }
  const RunResult m = run({"map", dir("gcj").string(), "--out", dir("gcj.png").string()});
  EXPECT_EQ(m.exit_code, 2) << m.err;
  EXPECT_NE(m.err.find("--output-coords"), std::string::npos) << m.err;
  EXPECT_FALSE(fs::exists(dir("gcj.png")));
  const RunResult both = coverage(fac, {"--output-coords", "gcj02", "--map", dir("both.png").string()}, "both");
  EXPECT_EQ(both.exit_code, 2) << both.err;
}

// Demand polygons given in GCJ-02 are taken back vertex by vertex: the same population inside
// each facility's reach as the WGS-84 polygons give.
TEST_F(CliChinaCoords, ShiftedDemandPolygonsCoverAsTheirOriginals) {
  const fs::path fac = facilities("wgs.geojson", WebCoords::wgs84);
  auto blocks = [&](const std::string& name, WebCoords coords) {
    std::string text = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < 6; ++i) {
      const double lon0 = 104.052 + 0.012 * i, lat0 = 30.662 + 0.009 * i, d = 0.004;
      std::string ring;
      for (const auto& [x, y] : {std::pair{lon0, lat0}, std::pair{lon0 + d, lat0}, std::pair{lon0 + d, lat0 + d},
                                 std::pair{lon0, lat0 + d}, std::pair{lon0, lat0}}) {
        double lon = x, lat = y;
        io::from_wgs84(coords, lon, lat);
        char v[64];
        std::snprintf(v, sizeof v, "%s[%.12f,%.12f]", ring.empty() ? "" : ",", lon, lat);
        ring += v;
      }
      text += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"id":"b)" + std::to_string(i) +
              R"(","pop":1000},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}";
    }
    write_text(dir(name), text + "]}");
  };
  blocks("blocks_wgs.geojson", WebCoords::wgs84);
  blocks("blocks_gcj.geojson", WebCoords::gcj02);
  auto covered_with = [&](const std::vector<std::string>& demand, const std::string& out) {
    std::vector<std::string> args = {"coverage", "--facilities", fac.string(), "--category", "health", "--demand"};
    args.insert(args.end(), demand.begin(), demand.end());
    for (const std::string& a : std::vector<std::string>{"--population-field", "pop", "--within", "800m", "--out", dir(out).string()})
      args.push_back(a);
    const RunResult r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return covered(out);
  };
  const double want = covered_with({dir("blocks_wgs.geojson").string()}, "wgs_blocks");
  EXPECT_GT(want, 0.0);
  EXPECT_LT(want, 6000.0);
  EXPECT_NEAR(covered_with({dir("blocks_gcj.geojson").string(), "--coords", "gcj02"}, "gcj_blocks"), want, 1e-6);
  EXPECT_NE(covered_with({dir("blocks_gcj.geojson").string()}, "raw_blocks"), want);
}

// A web map's export read as WGS-84 on a sparse road network: the facilities sit a few hundred
// metres off every road, and on them once read as GCJ-02; the run says so. Read with --coords, or
// given in WGS-84, there is nothing to say.
TEST_F(CliChinaCoords, FacilitiesOffTheRoadsAsGcj02AreNoted) {
  // Streets every 0.04 degrees (about 4 km) over 104.00-104.12 E, 30.60-30.72 N, and
  // facilities on the north-south ones.
  std::string roads = R"({"type":"FeatureCollection","features":[)";
  int k = 0;
  auto line = [&](double lon0, double lat0, double lon1, double lat1) {
    char f[256];
    std::snprintf(f, sizeof f, R"(%s{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[%.6f,%.6f],[%.6f,%.6f]]}})",
                  k++ ? "," : "", lon0, lat0, lon1, lat1);
    roads += f;
  };
  for (int i = 0; i < 4; ++i) {
    line(104.00 + 0.04 * i, 30.60, 104.00 + 0.04 * i, 30.72);
    line(104.00, 30.60 + 0.04 * i, 104.12, 30.60 + 0.04 * i);
  }
  roads += "]}";
  write_text(dir("roads.geojson"), roads);
  auto points = [&](const std::string& name, WebCoords coords) {
    std::string text = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < 12; ++i) {
      double lon = 104.00 + 0.04 * (i % 4), lat = 30.615 + 0.01 * (i / 4);  // on a north-south street
      io::from_wgs84(coords, lon, lat);
      char f[256];
      std::snprintf(f, sizeof f, R"(%s{"type":"Feature","properties":{"id":"p%d","pop":10},"geometry":{"type":"Point","coordinates":[%.12f,%.12f]}})",
                    i ? "," : "", i, lon, lat);
      text += f;
    }
    write_text(dir(name), text + "]}");
  };
  points("gcj.geojson", WebCoords::gcj02);
  points("wgs.geojson", WebCoords::wgs84);
  auto notes_of = [&](const std::vector<std::string>& fac, const std::string& out) {
    std::vector<std::string> args = {"coverage", "--mode", "walk", "--facilities"};
    args.insert(args.end(), fac.begin(), fac.end());
    for (const std::string& a : std::vector<std::string>{"--category", "health", "--roads", dir("roads.geojson").string(),
                                                         "--road-class-field", "highway", "--demand",
                                                         dir("wgs.geojson").string(), "--population-field", "pop",
                                                         "--within", "15min", "--out", dir(out).string()})
      args.push_back(a);
    const RunResult r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
    std::string all;
    const json summary = read_json(dir(out) / "summary.json");
    for (const auto& n : summary["notes"]) all += n.get<std::string>() + "\n";
    return all;
  };
  const std::string noted = notes_of({dir("gcj.geojson").string()}, "as_wgs");
  EXPECT_NE(noted.find("give --coords gcj02 after their --facilities"), std::string::npos) << noted;
  EXPECT_NE(noted.find("read as GCJ-02 (Amap, Tencent) coordinates they would lie 0 m"), std::string::npos) << noted;
  EXPECT_EQ(notes_of({dir("gcj.geojson").string(), "--coords", "gcj02"}, "as_gcj").find("--coords"), std::string::npos);
  EXPECT_EQ(notes_of({dir("wgs.geojson").string()}, "wgs").find("--coords"), std::string::npos);
}

// --coords describes the source just before it; it is for lon/lat sources that are not OSM.
TEST_F(CliChinaCoords, CoordsMisplacedOrMisappliedAreUsageErrors) {
  const fs::path fac = facilities("gcj.geojson", WebCoords::gcj02);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"coverage", "--coords", "gcj02", "--facilities", fac.string(), "--category", "health", "--demand", chengdu_pbf(),
        "--out", dir("a").string()},
       "describes the source option just before it"},
      {{"coverage", "--facilities", fac.string(), "--category", "health", "--coords", "gcj02", "--demand", chengdu_pbf(),
        "--out", dir("a2").string()},
       "describes the source option just before it"},
      {{"coverage", "--facilities", fac.string(), "--coords", "mars", "--category", "health", "--demand", chengdu_pbf(),
        "--out", dir("b").string()},
       "use wgs84, gcj02"},
      {{"coverage", "--facilities", fac.string(), "--category", "health", "--demand", chengdu_pbf(), "--coords", "gcj02",
        "--out", dir("c").string()},
       "OpenStreetMap coordinates are WGS-84"},
      {{"coverage", "--facilities", fac.string(), "--coords", "gcj02", "--coords", "bd09", "--category", "health",
        "--demand", chengdu_pbf(), "--out", dir("d").string()},
       "describes the source option just before it"},  // the second describes nothing
  };
  for (const Case& c : cases) {
    const RunResult r = run(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.command << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  // A projected source: its coordinates are metres, not degrees.
  write_text(dir("utm.csv"), "id,x,y\nh1,404000,3395000\n");
  const RunResult r = run({"coverage", "--facilities", dir("utm.csv").string(), "--coords", "gcj02", "--category", "health",
                           "--source-crs", "EPSG:32648", "--demand", chengdu_pbf(), "--out", dir("e").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("is for longitude/latitude sources"), std::string::npos) << r.err;
}


// The working CRS of a run without --crs: the CGCS2000 Gauss-Krüger zone of the data's centre
// inside China (Chengdu, 104.1E: round(104.1 / 3) = 35, EPSG:4513 + 10), the UTM zone outside it
// though inside the GCJ-02 box (Chiang Mai, 98.98E: floor(278.98 / 6) + 1 = 47, EPSG:32647);
// --crs EPSG:4547 (CM 114E, no zone prefix) accepted for data on 114.3E (Wuhan).
class CliWorkingCrs : public CliTest {
 protected:
  // One facility and two homes around (lon, lat), 0.002 degrees apart.
  RunResult around(double lon, double lat, const std::string& name, const std::vector<std::string>& extra) {
    char fac[256], homes[512];
    std::snprintf(fac, sizeof fac,
                  R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"f"},"geometry":{"type":"Point","coordinates":[%.6f,%.6f]}}]})",
                  lon, lat);
    std::snprintf(homes, sizeof homes,
                  R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"h1","pop":10},"geometry":{"type":"Point","coordinates":[%.6f,%.6f]}},)"
                  R"({"type":"Feature","properties":{"id":"h2","pop":5},"geometry":{"type":"Point","coordinates":[%.6f,%.6f]}}]})",
                  lon + 0.002, lat, lon, lat + 0.002);
    write_text(dir(name + "_fac.geojson"), fac);
    write_text(dir(name + "_homes.geojson"), homes);
    std::vector<std::string> args = {"coverage", "--facilities", dir(name + "_fac.geojson").string(), "--category", "health",
                                     "--demand", dir(name + "_homes.geojson").string(), "--population-field", "pop",
                                     "--within", "1000m", "--out", dir(name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
};

TEST_F(CliWorkingCrs, GaussKrugerInsideChinaUtmOutside) {
  const RunResult chengdu = run({"coverage", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--categories",
                                 "health", "--within", "500m", "--out", dir("chengdu").string()});
  ASSERT_EQ(chengdu.exit_code, 0) << chengdu.err;
  EXPECT_EQ(read_json(dir("chengdu") / "summary.json")["crs"], "EPSG:4523");
  EXPECT_NE(chengdu.out.find("CRS EPSG:4523"), std::string::npos) << chengdu.out;

  const RunResult chiang_mai = around(98.98, 18.79, "chiang_mai", {});
  ASSERT_EQ(chiang_mai.exit_code, 0) << chiang_mai.err;
  EXPECT_EQ(read_json(dir("chiang_mai") / "summary.json")["crs"], "EPSG:32647");

  const RunResult wuhan = around(114.30, 30.59, "wuhan", {"--crs", "EPSG:4547"});
  ASSERT_EQ(wuhan.exit_code, 0) << wuhan.err;
  const json summary = read_json(dir("wuhan") / "summary.json");
  EXPECT_EQ(summary["crs"], "EPSG:4547");
  // Both homes lie within 1000 m (about 191 m east and 222 m north of the facility).
  EXPECT_DOUBLE_EQ(summary["categories"]["health"]["population_covered"].get<double>(), 15.0);
  // Without --crs the same place takes its own zone, round(114.3 / 3) = 38: EPSG:4526.
  const RunResult auto_wuhan = around(114.30, 30.59, "wuhan_auto", {});
  ASSERT_EQ(auto_wuhan.exit_code, 0) << auto_wuhan.err;
  EXPECT_EQ(read_json(dir("wuhan_auto") / "summary.json")["crs"], "EPSG:4526");
}

}  // namespace
}  // namespace lc::clitest
