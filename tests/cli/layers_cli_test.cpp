// End-to-end tests of `lifecircle layers`.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;

struct LayersOutput {
  struct Layer {
    std::string geometry;
    long long features = -1;
    std::string crs;
  };
  std::map<std::string, Layer> layers;
  std::map<std::string, long long> categories;
  bool has_categories = false;
};

long long parse_count(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return std::stoll(s);
}

// Parses the printed report: "  layer NAME  GEOMETRY  N features  CRS X" and, after
// "facilities per category", lines "    NAME  N".
LayersOutput parse_layers(const std::string& text) {
  LayersOutput out;
  const std::regex layer_re(R"(^\s*layer\s+(\S+)\s+(.*\S)\s+([0-9,]+) features\s+CRS\s+(.+?)\s*$)");
  const std::regex cat_re(R"(^\s+(\S+)\s+([0-9,]+)\s*$)");
  std::istringstream in(text);
  std::string line;
  bool in_categories = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.find("facilities per category") != std::string::npos) {
      in_categories = true;
      out.has_categories = true;
      continue;
    }
    if (in_categories && std::regex_match(line, m, cat_re)) {
      out.categories[m[1]] = parse_count(m[2]);
    } else if (std::regex_match(line, m, layer_re)) {
      out.layers[m[1]] = {m[2], parse_count(m[3]), m[4]};
    }
  }
  return out;
}

class CliLayers : public ::testing::Test {
 protected:
  void TearDown() override {
    if (HasFailure()) tmp_.keep();
  }
  TempDir tmp_;
};

TEST_F(CliLayers, OsmExtractListsLayersAndIndependentCategoryCounts) {
  const RunResult r = run_lifecircle({"layers", chengdu_pbf()}, tmp_.path(), tmp_.path());
  ASSERT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
  const LayersOutput got = parse_layers(r.out);
  const OsmCounts osm = count_osm_default(chengdu_pbf());

  for (const char* name : {"points", "lines", "multipolygons"}) {
    ASSERT_TRUE(got.layers.count(name)) << name << " missing from:\n" << r.out;
  }
  // Layer feature counts equal those of GDAL's default configuration: data/osmconf.ini differs only
  // in closed ways with healthcare/social_facility tags, and the extract has none (checked here).
  ASSERT_TRUE(osm.closed_lines_with_health_or_social_tags.empty());
  for (const auto& [name, n] : osm.layer_features) {
    ASSERT_TRUE(got.layers.count(name)) << name;
    EXPECT_EQ(got.layers.at(name).features, n) << name;
    std::printf("[ info ] independent layer count %-17s %lld\n", name.c_str(), n);
  }
  // The OSM driver reports WGS 84 lon/lat.
  EXPECT_EQ(got.layers.at("points").crs, "EPSG:4326");

  ASSERT_TRUE(got.has_categories) << r.out;
  EXPECT_EQ(got.categories.size(), osm.categories.size()) << r.out;
  for (const auto& [cat, facilities] : osm.categories) {
    ASSERT_TRUE(got.categories.count(cat)) << cat << " missing from:\n" << r.out;
    EXPECT_EQ(got.categories.at(cat), static_cast<long long>(facilities.size())) << cat;
  }
}

TEST_F(CliLayers, SmallGeoJsonCountAndCrs) {
  // Three points, no "crs" member: RFC 7946 GeoJSON is WGS 84 lon/lat, EPSG:4326.
  write_text(tmp_ / "three.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[104.05,30.66]}},
{"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Point","coordinates":[104.06,30.67]}},
{"type":"Feature","properties":{"name":"c"},"geometry":{"type":"Point","coordinates":[104.07,30.68]}}
]}
)");
  const RunResult r = run_lifecircle({"layers", (tmp_ / "three.geojson").string()}, tmp_.path(), tmp_.path());
  ASSERT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
  const LayersOutput got = parse_layers(r.out);
  ASSERT_EQ(got.layers.size(), 1u) << r.out;
  const auto& layer = got.layers.begin()->second;
  EXPECT_EQ(layer.features, 3);  // written above
  EXPECT_EQ(layer.crs, "EPSG:4326");
  EXPECT_NE(r.out.find("EPSG:4326"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lc::clitest
