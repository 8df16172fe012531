#include "io/population_proxy.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using Tags = std::map<std::string, std::string>;

TagLookup lookup(const Tags& tags) {
  return [&tags](const std::string& key) -> std::optional<std::string> {
    const auto it = tags.find(key);
    if (it == tags.end()) return std::nullopt;
    return it->second;
  };
}

std::unique_ptr<OGRGeometry> rect(double x0, double y0, double x1, double y1) {
  OGRLinearRing ring;
  ring.addPoint(x0, y0);
  ring.addPoint(x1, y0);
  ring.addPoint(x1, y1);
  ring.addPoint(x0, y1);
  ring.addPoint(x0, y0);
  auto poly = std::make_unique<OGRPolygon>();
  poly->addRing(&ring);
  return poly;
}

ProxySettings settings() {
  ProxySettings s;
  s.floor_area_per_person_m2 = 40;
  s.default_levels = 6;
  s.max_levels = 100;
  s.residential_land_far = 2;
  s.residential_building_types = {"residential", "apartments", "house"};
  s.untyped_building_types = {"yes"};
  s.non_residential_keys = {"shop", "amenity", "office"};
  s.residential_landuse = {"residential"};
  s.non_residential_landuse = {"industrial", "commercial"};
  return s;
}

ProxyFeature classify(const Tags& tags, const ProxySettings& s, bool expect_read = true) {
  ProxyFeature f;
  EXPECT_EQ(classify_proxy_feature(lookup(tags), s, f), expect_read);
  return f;
}

TEST(PopulationProxyClassify, BuildingsAndLandUse) {
  const ProxySettings s = settings();
  ProxyFeature f = classify({{"building", "apartments"}, {"building:levels", "5"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::housing);
  EXPECT_FALSE(f.untyped);
  EXPECT_DOUBLE_EQ(f.levels, 5.0);
  EXPECT_FALSE(f.levels_defaulted);

  f = classify({{"building", "yes"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::housing);  // untyped counts as housing ...
  EXPECT_TRUE(f.untyped);
  EXPECT_DOUBLE_EQ(f.levels, 6.0);  // default_levels
  EXPECT_TRUE(f.levels_defaulted);

  f = classify({{"building", "yes"}, {"shop", "supermarket"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::non_housing_building);  // ... unless it carries a use key

  f = classify({{"building", "yes"}, {"amenity", "school"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::non_housing_building);

  f = classify({{"building", "warehouse"}}, s);  // neither residential nor untyped
  EXPECT_EQ(f.kind, ProxyFeature::Kind::non_housing_building);

  f = classify({{"landuse", "residential"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::residential_land);
  f = classify({{"landuse", "industrial"}}, s);
  EXPECT_EQ(f.kind, ProxyFeature::Kind::non_residential_land);
  f = classify({{"building", "no"}, {"landuse", "residential"}}, s);  // building=no is not a building
  EXPECT_EQ(f.kind, ProxyFeature::Kind::residential_land);

  classify({{"landuse", "forest"}}, s, false);   // land use the proxy does not read
  classify({{"amenity", "hospital"}}, s, false);  // neither building nor land use
  classify({}, s, false);
}

TEST(PopulationProxyClassify, LevelsOutOfRangeAreNeverUsed) {
  // A building:levels value that is not a number from 1 to max_levels falls back to
  // default_levels and is counted as defaulted (io/population_proxy.hpp).
  const ProxySettings s = settings();  // default_levels 6, max_levels 100
  for (const char* bad : {"abc", "500", "-2"}) {
    const Tags t{{"building", "apartments"}, {"building:levels", bad}};
    ProxyFeature f;
    EXPECT_TRUE(classify_proxy_feature(lookup(t), s, f)) << bad;
    EXPECT_DOUBLE_EQ(f.levels, 6.0) << bad;  // default_levels, not the tag
    EXPECT_TRUE(f.levels_defaulted) << bad;
  }
  // In range: used as is (100 = max_levels is allowed).
  ProxyFeature f = classify({{"building", "apartments"}, {"building:levels", "100"}}, s);
  EXPECT_DOUBLE_EQ(f.levels, 100.0);
  EXPECT_FALSE(f.levels_defaulted);
}

TEST(PopulationProxySettings, ShippedFileLoads) {
  // Values as written in data/population_proxy.yaml.
  const ProxySettings s = ProxySettings::load(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/population_proxy.yaml");
  EXPECT_DOUBLE_EQ(s.floor_area_per_person_m2, 36.5);
  EXPECT_DOUBLE_EQ(s.default_levels, 6.0);
  EXPECT_DOUBLE_EQ(s.max_levels, 100.0);
  EXPECT_DOUBLE_EQ(s.residential_land_far, 2.0);
  EXPECT_EQ(s.untyped_building_types, std::vector<std::string>{"yes"});
  EXPECT_EQ(s.residential_landuse, std::vector<std::string>{"residential"});
}

TEST(PopulationProxySettings, NonPositiveValueIsAnError) {
  test::TempDir dir;
  const std::string path = dir.file("proxy.yaml");
  test::write_text(path,
                   "floor_area_per_person_m2: 0\ndefault_levels: 6\nmax_levels: 100\nresidential_land_far: 2\n"
                   "residential_building_types: [residential]\nuntyped_building_types: [\"yes\"]\n"
                   "non_residential_keys: [shop]\nresidential_landuse: [residential]\n"
                   "non_residential_landuse: [industrial]\n");
  try {
    ProxySettings::load(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), path)) << e.what();
    EXPECT_TRUE(test::contains(e.what(), "floor_area_per_person_m2")) << e.what();
  }
}

// Layout (metres):
//   L1 residential land 0..100 x 0..100 (10,000 m²)
//     B1 apartments 10..30 x 10..20 (200 m²), 5 levels
//   L2 industrial land 200..300 x 0..100
//     B2 building=yes 210..230 x 10..20              -> excluded (untyped on non-residential land)
//     B6 apartments 250..260 x 50..60 (100 m²), 4 levels -> typed housing still counts
//   B3 building=yes + shop 400..420 x 0..10           -> excluded by tags
//   B7 building=yes + amenity 430..440 x 0..10        -> excluded by tags
//   B4 building=yes 500..510 x 0..10 (100 m²), no levels, on no land use -> untyped housing
//   L3 residential land 600..620 x 0..20 (400 m²)
//     B9 residential 605..615 x 5..15 (100 m²), 10 levels
class PopulationProxyEstimate : public ::testing::Test {
 protected:
  void add(const std::string& id, const Tags& tags, std::unique_ptr<OGRGeometry> g) {
    ProxyFeature f = classify(tags, s_);
    f.id = id;
    f.geom = std::move(g);
    features_.push_back(std::move(f));
  }
  void SetUp() override {
    add("L1", {{"landuse", "residential"}}, rect(0, 0, 100, 100));
    add("B1", {{"building", "apartments"}, {"building:levels", "5"}}, rect(10, 10, 30, 20));
    add("L2", {{"landuse", "industrial"}}, rect(200, 0, 300, 100));
    add("B2", {{"building", "yes"}}, rect(210, 10, 230, 20));
    add("B6", {{"building", "apartments"}, {"building:levels", "4"}}, rect(250, 50, 260, 60));
    add("B3", {{"building", "yes"}, {"shop", "supermarket"}}, rect(400, 0, 420, 10));
    add("B7", {{"building", "yes"}, {"amenity", "kindergarten"}}, rect(430, 0, 440, 10));
    add("B4", {{"building", "yes"}}, rect(500, 0, 510, 10));
    add("L3", {{"landuse", "residential"}}, rect(600, 0, 620, 20));
    add("B9", {{"building", "residential"}, {"building:levels", "10"}}, rect(605, 5, 615, 15));
    est_ = estimate_population(features_, s_);
    for (const auto& p : est_.polygons) weight_[p.id] += p.weight;
  }
  ProxySettings s_ = settings();
  std::vector<ProxyFeature> features_;
  ProxyEstimate est_;
  std::map<std::string, double> weight_;
};

TEST_F(PopulationProxyEstimate, BuildingPeopleAreFloorAreaOverAreaPerPerson) {
  EXPECT_NEAR(weight_.at("B1"), 25.0, 1e-9);  // 20 m x 10 m = 200 m² x 5 levels / 40 m²
  EXPECT_NEAR(weight_.at("B6"), 10.0, 1e-9);  // 100 m² x 4 levels / 40 m²
  EXPECT_NEAR(weight_.at("B4"), 15.0, 1e-9);  // 100 m² x 6 default levels / 40 m²
  EXPECT_NEAR(weight_.at("B9"), 25.0, 1e-9);  // 100 m² x 10 levels / 40 m²
  EXPECT_NEAR(est_.population_buildings, 75.0, 1e-9);  // 25 + 10 + 15 + 25
}

TEST_F(PopulationProxyEstimate, ResidentialLandIsToppedUpToItsEstimate) {
  // L1: 10,000 m² x FAR 2 / 40 m² = 500 people; its building B1 holds 25: top-up 475.
  EXPECT_NEAR(weight_.at("L1"), 475.0, 1e-9);
  // L3: 400 m² x 2 / 40 = 20 people < the 25 of B9: no top-up, no polygon.
  EXPECT_EQ(weight_.count("L3"), 0u);
  EXPECT_NEAR(est_.population_land, 475.0, 1e-9);
  EXPECT_EQ(est_.land_topped_up, 1u);             // L1
  EXPECT_EQ(est_.land_covered_by_buildings, 1u);  // L3
}

TEST_F(PopulationProxyEstimate, ExclusionsAndCounters) {
  EXPECT_EQ(weight_.count("B2"), 0u);  // untyped on industrial land
  EXPECT_EQ(weight_.count("B3"), 0u);  // shop=*
  EXPECT_EQ(weight_.count("B7"), 0u);  // amenity=*
  EXPECT_EQ(weight_.count("L2"), 0u);  // non-residential land carries no people
  EXPECT_EQ(est_.polygons.size(), 5u);  // B1, B6, B4, B9, L1
  EXPECT_EQ(est_.housing_typed, 3u);    // B1, B6, B9
  EXPECT_EQ(est_.housing_untyped, 1u);  // B4
  EXPECT_EQ(est_.excluded_by_tags, 2u);     // B3, B7
  EXPECT_EQ(est_.excluded_by_landuse, 1u);  // B2
  EXPECT_EQ(est_.levels_defaulted, 1u);     // B4 (the excluded B2 is not counted)
  // Every weighted polygon points at its feature's own geometry.
  for (const auto& p : est_.polygons) {
    bool found = false;
    for (const auto& f : features_) found = found || (f.id == p.id && f.geom.get() == p.geom);
    EXPECT_TRUE(found) << p.id;
  }
}

TEST(PopulationProxyEstimateSimple, BriefExample) {
  // A 100 m x 100 m residential landuse holding one 20 m x 10 m building with 5 levels:
  // building 200 x 5 / 40 = 25; land 10,000 x 2 / 40 = 500; top-up 500 - 25 = 475; total 500.
  const ProxySettings s = settings();
  std::vector<ProxyFeature> fs;
  Tags land{{"landuse", "residential"}}, bldg{{"building", "apartments"}, {"building:levels", "5"}};
  fs.push_back(classify(land, s));
  fs.back().id = "land";
  fs.back().geom = rect(500000, 3000000, 500100, 3000100);  // UTM-sized coordinates
  fs.push_back(classify(bldg, s));
  fs.back().id = "bldg";
  fs.back().geom = rect(500040, 3000040, 500060, 3000050);
  const ProxyEstimate e = estimate_population(fs, s);
  EXPECT_NEAR(e.population_buildings, 25.0, 1e-6);
  EXPECT_NEAR(e.population_land, 475.0, 1e-6);
  double total = 0;
  for (const auto& p : e.polygons) total += p.weight;
  EXPECT_NEAR(total, 500.0, 1e-6);  // 25 + 475
}

// A building in two residential lands counts in the first of them in the file, whichever the
// spatial index returns first: A (0..100 m square, 500 people at FAR 2 and 40 m² a person) and B
// (40..80, 1,600 m², 80 people) both hold a building of 100 m² x 10 levels (25 people).
TEST(PopulationProxyEstimateSimple, OverlappingLandTakesTheBuildingInFileOrder) {
  const ProxySettings s = settings();
  auto run = [&](bool a_first) {
    std::vector<ProxyFeature> fs;
    auto add = [&](const std::string& id, const Tags& tags, std::unique_ptr<OGRGeometry> g) {
      fs.push_back(classify(tags, s));
      fs.back().id = id;
      fs.back().geom = std::move(g);
    };
    const Tags land{{"landuse", "residential"}};
    if (a_first) add("A", land, rect(0, 0, 100, 100));
    add("B", land, rect(40, 40, 80, 80));
    if (!a_first) add("A", land, rect(0, 0, 100, 100));
    add("bldg", {{"building", "apartments"}, {"building:levels", "10"}}, rect(50, 50, 60, 60));
    std::map<std::string, double> w;
    for (const auto& p : estimate_population(fs, s).polygons) w[p.id] += p.weight;
    return w;
  };
  std::map<std::string, double> w = run(true);
  EXPECT_NEAR(w["A"], 475.0, 1e-9);  // 500 - 25
  EXPECT_NEAR(w["B"], 80.0, 1e-9);
  w = run(false);
  EXPECT_NEAR(w["B"], 55.0, 1e-9);  // 80 - 25
  EXPECT_NEAR(w["A"], 500.0, 1e-9);
}

}  // namespace
}  // namespace lc::io
